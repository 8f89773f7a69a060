"""Presenting in a hall: the full-screen presentation and the presenter's view."""
