"""Run teikit the way a shell user does: `python -m teikit` in a fresh process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import teikit

PACKAGE_ROOT = str(Path(teikit.__file__).resolve().parents[1])


def teikit_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a teikit subprocess: the same teikit the tests import."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_ROOT, env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def teikit_command(*args: Any) -> list[str]:
    return [sys.executable, "-m", "teikit", *map(str, args)]


def run_teikit(
    *args: Any,
    input: bytes | None = None,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **popen: Any,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m teikit ARGS` to the end and capture what it printed."""
    return subprocess.run(
        teikit_command(*args),
        input=input,
        capture_output=True,
        cwd=cwd,
        env=teikit_env(env),
        timeout=300,
        **popen,
    )


def start_teikit(
    *args: Any, env: Mapping[str, str] | None = None, **popen: Any
) -> subprocess.Popen[bytes]:
    """Start `python -m teikit ARGS` and return at once (to signal or kill it).

    Ctrl-C is given its default action in the child: a shell that starts the suite in
    the background (`pytest &`) has it ignored, and Python keeps an ignored SIGINT
    ignored, so a test sending SIGINT would otherwise depend on how pytest was started.
    """
    popen.setdefault("preexec_fn", _default_sigint)
    return subprocess.Popen(teikit_command(*args), env=teikit_env(env), **popen)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
