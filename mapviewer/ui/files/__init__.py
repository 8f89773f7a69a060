"""Files: new, open, save, export, and the crash journal that keeps unsaved work."""
