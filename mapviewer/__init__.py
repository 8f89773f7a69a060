"""mapviewer: an interactive concept map that quotes its sources word for word."""

import importlib
import os
import sys
import types

# pydantic scans every installed package's entry points for plugins when the first model is
# built; mapviewer uses none, and skipping the scan shortens start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _DeferredMetadata(types.ModuleType):
    """Stands in for importlib.metadata until something really uses it.

    pydantic runs ``from importlib.metadata import entry_points`` at import time, only to look
    for plugins, which the line above turns off. Loading that module (and the email, zipfile
    and csv modules it pulls in) cost 19 ms of the first frame. This stand-in hands out a
    function that loads the real module when called, and for any other name loads it at once;
    either way the real module then replaces the stand-in.
    """

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # the import system probes __path__ and such: not a package
            raise AttributeError(name)
        if name == "entry_points":

            def entry_points(*args: object, **kwargs: object) -> object:
                return _real_metadata().entry_points(*args, **kwargs)

            return entry_points
        return getattr(_real_metadata(), name)


def _real_metadata() -> types.ModuleType:
    if isinstance(sys.modules.get("importlib.metadata"), _DeferredMetadata):
        del sys.modules["importlib.metadata"]
    return importlib.import_module("importlib.metadata")


if "importlib.metadata" not in sys.modules:
    sys.modules["importlib.metadata"] = _DeferredMetadata("importlib.metadata")

__version__ = "0.1.0"
APP_NAME = "mapviewer"
