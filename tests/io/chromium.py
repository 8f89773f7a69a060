"""Drive headless Chromium over the DevTools protocol on a pipe (no websocket, no extra package).

``--remote-debugging-pipe`` makes Chromium read commands from fd 3 and write replies and events
to fd 4, each message JSON ended by a NUL byte. That is all a test needs to load a page, click
at a point, type, turn the wheel, evaluate JavaScript and see every request the page made.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

BINARY = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--window-size=1280,800",
)
TYPED = {"Enter": "\r", " ": " "}  # the keys press() sends with the character they type
MISSING = (
    "chromium is not installed: run `sh tools/testdeps.sh` (Debian package `chromium`) "
    "to test the HTML export in a real browser"
)


def dump_dom(url: str, profile: Path, budget_ms: int = 3000) -> str:
    """The page's DOM after its scripts ran: the simplest possible real-browser check."""
    assert BINARY is not None, MISSING
    done = subprocess.run(
        [
            BINARY,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout


def _high(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium with one page, attached over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        assert BINARY is not None, MISSING
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Move the child's ends above 9 so redirecting them onto 3 and 4 cannot clobber one
        # with the other (under pytest, os.pipe() may well hand out 3 and 4 themselves).
        to_chrome_r, from_chrome_w = (_high(to_chrome_r), _high(from_chrome_w))
        script = f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        self.process = subprocess.Popen(
            [
                "bash",  # not sh: dash cannot redirect from a descriptor above 9
                "-c",
                script,
                BINARY,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(to_chrome_r, from_chrome_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
            self.session = attached["sessionId"]
            for domain in ("Page", "Network", "Runtime"):
                self.call(f"{domain}.enable", session=True)
        except BaseException:
            self.close()
            raise

    # --- protocol -------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_chrome, data) :]

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                return None
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(
        self, method: str, params: dict | None = None, session: bool = False, timeout: float = 20
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._receive(deadline - time.monotonic())
            if reply is None:
                break
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
        raise TimeoutError(f"no answer to {method} within {timeout} s")

    # --- what a test does -----------------------------------------------------------------------

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screen(self, width: int, height: int) -> None:
        """Show pages on a desktop screen of this size (CSS pixels, no scaling, not mobile)."""
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self.call("Emulation.setDeviceMetricsOverride", metrics, session=True)

    def open(self, url: str, ready: str = "document.body && document.body.dataset.ready") -> None:
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_for(ready)

    def wait_for(self, expression: str, timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"{expression} stayed false for {timeout} s")

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            event = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            self.call("Input.dispatchMouseEvent", event, session=True)

    def click_selector(self, selector: str) -> None:
        box = self.evaluate(
            f"(function () {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        self.click(*box)

    def wheel(self, x: float, y: float, delta_y: float) -> None:
        event = {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": delta_y}
        self.call("Input.dispatchMouseEvent", event, session=True)

    def type_text(self, text: str) -> None:
        self.call("Input.insertText", {"text": text}, session=True)

    def press(self, key: str, code: int, shift: bool = False) -> None:
        """A key pressed and let go (``key`` as the DOM names it, ``code`` its key code), with
        Shift held down if ``shift``."""
        for kind in ("keyDown", "keyUp"):
            event = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}
            if kind == "keyDown" and key in TYPED:
                # What the key types, as a real one does: Enter and Space press a button only
                # with it (a bare keyDown fires the page's handlers and nothing else).
                event["text"] = TYPED[key]
            if shift:
                event["modifiers"] = 8
            self.call("Input.dispatchKeyEvent", event, session=True)

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for, from the Network domain's events."""
        self.evaluate("1")  # flush events that arrived meanwhile
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
