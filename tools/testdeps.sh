#!/bin/sh
# Install what the test suite needs beyond Python packages: headless Chromium, for the tests of
# the HTML export (tests/io/test_html_export.py; they skip, saying why, where it is missing).
# Never fails the run: without root, sudo or apt-get it says what to install and goes on.
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
echo "Installing chromium (headless browser for the HTML export tests)"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "Not root and no password-less sudo: install it with: sudo apt-get install chromium" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "No apt-get here: install Chromium with your package manager to run the browser tests" >&2
    exit 0
fi
$SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium ||
    echo "Could not install chromium; the HTML export's browser tests will be skipped" >&2
exit 0
