"""open_map in a worker process, so a file that hangs or kills its reader fails one test, or is
counted by the fuzzer, instead of stopping the whole run.

A billion-laughs expansion or a runaway recursion inside a C parser cannot be interrupted from
Python; the worker gives each file HUNG_AFTER seconds, far more than any refusal takes, and is
killed and replaced when it gives no answer. Used by tests/io/test_hostile.py and tests/fuzz.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

REPO = Path(__file__).resolve().parent.parent

HUNG_AFTER = 60.0  # seconds for one file; a refusal takes milliseconds even on a busy machine

WORKER = textwrap.dedent(
    """
    import json, socket, sys
    from pathlib import Path

    def refuse(*args, **kwargs):
        raise AssertionError("an import tried to open a network socket")

    socket.socket = socket.create_connection = socket.getaddrinfo = refuse
    from mapviewer.io import jsonsafe
    from mapviewer.io.registry import ReaderBugError, open_map
    from mapviewer.problems import MapFileError

    defaults = {"MAX_BYTES": jsonsafe.MAX_BYTES}
    for line in sys.stdin:
        request = json.loads(line)
        for name, value in {**defaults, **request["limits"]}.items():
            setattr(jsonsafe, name, value)
        try:
            open_map(Path(request["path"]))
            answer = {"outcome": "opened"}
        except ReaderBugError as error:  # a refusal, but for a reason the reader did not expect
            answer = {"outcome": "crashed", "message": str(error)}
        except MapFileError as error:
            lines = [problem.line for problem in error.problems]
            answer = {"outcome": "refused", "message": str(error), "lines": lines}
        except BaseException as error:  # anything else is a bug the test reports
            answer = {"outcome": "crashed", "message": f"{type(error).__name__}: {error}"}
        print("ANSWER " + json.dumps(answer), flush=True)
    """
)


@dataclass(frozen=True)
class Outcome:
    """What opening one file came to in the worker: "opened", "refused", "crashed",
    "hung" or "died"."""

    outcome: str
    message: str = ""
    lines: tuple[int | None, ...] = ()


class Opener:
    """open_map in a worker process, so a file that hangs fails its test as hung."""

    def __init__(
        self, errors: IO[bytes], code: str = WORKER, hung_after: float = HUNG_AFTER
    ) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.errors = errors  # the worker's stderr, shown when it dies
        self.code = code
        self.hung_after = hung_after
        self.pending = b""

    def open(self, path: Path, limits: dict[str, int] | None = None) -> Outcome:
        """The outcome of opening ``path``; a hang or a dead worker fails the test."""
        result = self.attempt(path, limits)
        if result.outcome in ("hung", "died"):
            pytest.fail(result.message)
        return result

    def attempt(self, path: Path, limits: dict[str, int] | None = None) -> Outcome:
        """Like ``open``, but a hang or a dead worker comes back as an outcome ("hung",
        "died"), so a fuzz run can count it and go on with a fresh worker."""
        process = self.process or self._start()
        request = json.dumps({"path": str(path), "limits": limits or {}}) + "\n"
        assert process.stdin is not None
        try:
            process.stdin.write(request.encode("utf-8"))
            process.stdin.flush()
        except BrokenPipeError:
            pass  # the worker is gone: _answer reads its end and reports it
        answer = self._answer(process, path)
        lines = tuple(answer.get("lines", ()))
        return Outcome(answer["outcome"], answer.get("message", ""), lines)

    def _start(self) -> subprocess.Popen[bytes]:
        self.errors.seek(0)
        self.errors.truncate()
        self.pending = b""
        # -W error, as pytest's filterwarnings does here; the cwd puts this checkout first.
        self.process = subprocess.Popen(
            [sys.executable, "-W", "error", "-c", self.code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            cwd=REPO,
        )
        return self.process

    def _answer(self, process: subprocess.Popen[bytes], path: Path) -> dict:
        """The worker's answer line, read straight from the pipe so a wait can time out."""
        assert process.stdout is not None
        fd = process.stdout.fileno()
        while True:
            line, newline, rest = self.pending.partition(b"\n")
            if newline:
                self.pending = rest
                if line.startswith(b"ANSWER "):
                    return json.loads(line[len(b"ANSWER ") :])
                continue  # something open_map printed: not an answer
            ready, _, _ = select.select([fd], [], [], self.hung_after)
            if not ready:
                self.stop()
                message = f"{path.name}: hung (no answer within {self.hung_after:g} s)"
                return {"outcome": "hung", "message": message}
            chunk = os.read(fd, 65536)
            if not chunk:
                code = self.stop()
                self.errors.seek(0)
                stderr = self.errors.read().decode("utf-8", "replace")[-3000:]
                message = f"{path.name}: the opening process died (exit {code})\n{stderr}"
                return {"outcome": "died", "message": message}
            self.pending += chunk

    def stop(self) -> int | None:
        """End the worker (a hung one is killed) and return its exit status."""
        process, self.process = self.process, None
        if process is None:
            return None
        process.kill()
        code = process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
        return code
