"""Browser checks of an HTML file, for the tests: headless Chromium, network cut off.

``check_page(path)`` runs ``check_page.mjs`` on the file and returns its JSON report
(see that script for the fields). The first call of a session runs
``setup_browser.sh``, which installs Debian's Chromium and, in a cache folder outside
the checkout, playwright-core and axe-core. When that set-up fails the tests fail,
unless ``SURVEY_BROWSER_OPTIONAL=1`` is set, in which case they are skipped.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SETUP_SCRIPT = HERE / "setup_browser.sh"
CHECK_SCRIPT = HERE / "check_page.mjs"

SETUP_TIMEOUT = 900  # seconds: apt-get install of Chromium on a fresh machine
CHECK_TIMEOUT = 120  # seconds for one page


class BrowserCheckError(RuntimeError):
    """check_page.mjs failed, timed out or printed no JSON."""


@dataclass(frozen=True)
class SetupResult:
    cache_dir: str | None
    error: str | None = None


def _run(cmd: list[str], *, timeout: float, env: dict[str, str] | None = None):
    """Run ``cmd`` in a session of its own; on timeout kill the whole group.

    Returns ``(returncode, stdout, stderr)``; ``returncode`` is None on timeout.
    Chromium runs as a grandchild of node: killing node alone would leave it behind.
    """
    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return None, out, err
    return proc.returncode, out, err


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@functools.cache
def setup() -> SetupResult:
    """Run setup_browser.sh once per session; remember its success or its failure."""
    try:
        code, out, err = _run(["bash", str(SETUP_SCRIPT)], timeout=SETUP_TIMEOUT)
    except OSError as exc:
        return SetupResult(None, f"cannot run {SETUP_SCRIPT.name}: {exc}")
    sys.stderr.write(err)
    if code is None:
        return SetupResult(None, f"{SETUP_SCRIPT.name} timed out after {SETUP_TIMEOUT} s")
    if code != 0:
        return SetupResult(None, f"{SETUP_SCRIPT.name} failed (exit {code}):\n{_tail(err)}")
    lines = out.strip().splitlines()
    if not lines:
        return SetupResult(None, f"{SETUP_SCRIPT.name} printed no cache folder")
    return SetupResult(lines[-1])


def require_ready(result: SetupResult) -> str:
    """The cache folder of a successful set-up; else skip (if optional) or fail."""
    if result.error is None and result.cache_dir:
        return result.cache_dir
    message = f"browser checks unavailable: {result.error}"
    if os.environ.get("SURVEY_BROWSER_OPTIONAL") == "1":
        pytest.skip(message)
    pytest.fail(
        message + "\n(set SURVEY_BROWSER_OPTIONAL=1 to skip the browser tests instead)",
        pytrace=False,
    )


def check_page(
    path: str | os.PathLike[str],
    *,
    screenshot: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    timeout: float = CHECK_TIMEOUT,
) -> dict[str, Any]:
    """Open ``path`` in headless Chromium and return check_page.mjs's JSON report."""
    cache_dir = require_ready(setup())
    cmd = ["node", str(CHECK_SCRIPT), str(path)]
    if screenshot is not None:
        cmd += ["--screenshot", str(screenshot)]
    if pdf is not None:
        cmd += ["--pdf", str(pdf)]
    env = {**os.environ, "SURVEY_BROWSER_DIR": cache_dir}
    code, out, err = _run(cmd, timeout=timeout, env=env)
    if code is None:
        raise BrowserCheckError(f"check of {path} timed out after {timeout} s\n{_tail(err)}")
    if code != 0:
        raise BrowserCheckError(f"check of {path} failed (exit {code}):\n{_tail(err)}")
    try:
        return json.loads(out)
    except json.JSONDecodeError as exc:
        raise BrowserCheckError(
            f"check of {path} printed no JSON ({exc}):\n{out[:500]}\n{_tail(err)}"
        ) from exc
