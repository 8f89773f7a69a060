"""mapviewer: an interactive concept map that quotes its sources word for word."""

import os

# pydantic scans every installed package's entry points for plugins when the first model is
# built; mapviewer uses none, and skipping the scan shortens start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__version__ = "0.1.0"
APP_NAME = "mapviewer"
