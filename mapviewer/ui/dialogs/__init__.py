"""Dialogs: file errors, shortcuts, export, kinds and map properties."""
