"""Fixtures for the file-format tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .chromium import BINARY, MISSING, Browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """A headless Chromium with a 1280x800 screen, shared by one module's page tests."""
    if BINARY is None:
        pytest.skip(MISSING)
    opened = Browser(tmp_path_factory.mktemp("profile"))
    try:
        opened.screen(1280, 800)
        yield opened
    finally:
        opened.close()
