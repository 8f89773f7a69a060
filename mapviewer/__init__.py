"""mapviewer: an interactive concept map that quotes its sources word for word."""

__version__ = "0.1.0"
APP_NAME = "mapviewer"
