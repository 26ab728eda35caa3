"""Time and peak memory of a child process, the common yardstick of the benchmarks."""

from __future__ import annotations

import re
import resource
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def timed_child(
    command: Sequence[str], *, env: Mapping[str, str], what: str, cwd: Path | None = None
) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of a child process; raises when it fails.

    Peak RSS comes from `/usr/bin/time -v` when present; `ru_maxrss` (kB on Linux) is a
    running maximum over all children, so it is only a fallback.
    """
    wrapped = list(command)
    if Path("/usr/bin/time").exists():
        wrapped = ["/usr/bin/time", "-v", *wrapped]
    started = time.perf_counter()
    result = subprocess.run(
        wrapped, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    peak_kb = int(match.group(1)) if match else resource.getrusage(resource.RUSAGE_CHILDREN)[2]
    return seconds, peak_kb / 1024, result.stdout
