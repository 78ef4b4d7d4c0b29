"""One process's wall time and its own peak memory, measured from a small launcher.

On Linux a child's `ru_maxrss` starts from the RSS of the process it was forked (or vforked)
from: exec records the old address space's high-water mark. A benchmark that holds its synthetic
data and spawns `python -c "import yaml"` directly would see that process at 50+ MiB. So each
command runs under a launcher (a bare `python -I -S`, about 6.5 MiB of its own heap that a forked
child starts from) that forks, execs the command and reports the grandchild's wall time (fork to
exit) and `ru_maxrss`. Memory figures below the launcher's baseline (see `baseline()`) are not
resolved; every figure in our tables is above it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = """
import os, sys, time
began = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - began
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


@dataclass
class Measured:
    seconds: float
    mib: float
    returncode: int
    stderr: str
    stdout: str


def measured(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, keep_stdout: bool = False) -> Measured:
    """Run `cmd` once: its seconds, its own peak RSS in MiB, its exit code and its stderr (stdout if asked)."""
    with tempfile.NamedTemporaryFile(prefix="measure-", suffix=".txt", delete=False) as handle:
        result = Path(handle.name)
    try:
        proc = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(result), *cmd],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        text = result.read_text(encoding="utf-8").split()
    finally:
        result.unlink(missing_ok=True)
    seconds, kib, code = float(text[0]), int(text[1]), int(text[2])
    return Measured(
        seconds,
        kib / 1024,
        code,
        proc.stderr.decode(errors="replace"),
        proc.stdout.decode(errors="replace") if keep_stdout else "",
    )


def baseline() -> float:
    """The peak memory the launcher reports for `true`: what a figure cannot go below."""
    return measured(["true"], Path.cwd()).mib
