"""mapviewer: an interactive concept map that quotes its sources word for word."""

import importlib
import os
import sys
import types

# pydantic scans every installed package's entry points for plugins when the first model is
# built; mapviewer uses none, and skipping the scan shortens start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _Deferred(types.ModuleType):
    """Stands in for a module that a dependency imports at start-up but mapviewer never uses
    there; the first real use of any name loads the real module, which replaces the stand-in.

    - ``secrets``: pydantic imports it for its Secret types, which maps do not use. Through
      hmac it loads OpenSSL's libcrypto: 3.3 MB of memory and 4 ms of start-up.
    - ``importlib.metadata``: pydantic runs ``from importlib.metadata import entry_points`` at
      import time, only to look for plugins, which the line above turns off. Loading that module
      (and the email, zipfile and csv modules it pulls in) cost 19 ms of the first frame. So
      ``entry_points`` is handed out as a function that loads the real module when called.
    """

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # the import system probes __path__ and such: not a package
            raise AttributeError(name)
        if name == "entry_points" and self.__name__ == "importlib.metadata":

            def entry_points(*args: object, **kwargs: object) -> object:
                return _real(self.__name__).entry_points(*args, **kwargs)

            return entry_points
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]
    return importlib.import_module(name)


for _name in ("importlib.metadata", "secrets"):
    if _name not in sys.modules:
        sys.modules[_name] = _Deferred(_name)

__version__ = "0.1.0"
APP_NAME = "mapviewer"
