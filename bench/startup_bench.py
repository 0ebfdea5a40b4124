"""Start-up of the server, as the Dockerfile starts it (not a test): how long until it answers.

For each of --runs fresh starts of ``python -m service serve`` (one worker, settings from
``HADATH_*`` only, tracing off unless the environment's ``OTEL_*`` variables say otherwise):

  import      ``python -c "import service.app"`` alone, in its own fresh process
  /healthz    from the process's start to the first 200 of ``/healthz`` (the server listens)
  /readyz     from the process's start to the first 200 of ``/readyz`` (the knowledge pack loaded)

Prints the median and the spread (min-max) of each, in seconds: wall-clock time, and the CPU
time the process had used by then (user + system), which other work on the machine inflates
far less than the wall clock. The probes poll every 10 ms.

    .venv/bin/python bench/startup_bench.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import HOST, REPO_ROOT, Server, clean_env, free_port, stop


def import_seconds() -> tuple[float, float]:
    """Wall-clock and CPU seconds of a fresh ``import service.app``."""
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-c", "import service.app"], cwd=REPO_ROOT, env=clean_env(), check=True)
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_200(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> float:
    """perf_counter() when ``url`` first answers 200."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.01)
    sys.exit(f"{url} did not answer 200 within {timeout} s")


def serve_seconds(log: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) seconds to the first /healthz and to the first /readyz."""
    port = free_port()
    env = clean_env() | {"HADATH_HOST": HOST, "HADATH_PORT": str(port), "HADATH_WORKERS": "1"}
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"], cwd=REPO_ROOT, env=env, stdout=output, stderr=output
        )
    server = Server(process, port, log)
    try:
        healthy = first_200(f"{server.url}/healthz", process) - started, process_cpu(process.pid)
        ready = first_200(f"{server.url}/readyz", process) - started, process_cpu(process.pid)
    finally:
        stop(server)
    return healthy, ready


def summary(pairs: list[tuple[float, float]]) -> str:
    wall, cpu = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    return f"{_spread(wall)}   CPU {_spread(cpu)}"


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="fresh starts of each kind (default 10)")
    args = parser.parse_args()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"hadath-startup-{os.getpid()}.log"
    imports, healthz, readyz = [], [], []
    for _ in range(args.runs):
        imports.append(import_seconds())
        healthy, ready = serve_seconds(log)
        healthz.append(healthy)
        readyz.append(ready)
    log.unlink(missing_ok=True)
    tracing = ", ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("OTEL_")) or "off"
    print(f"{args.runs} runs; tracing {tracing}; {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"import service.app  {summary(imports)}")
    print(f"serve -> /healthz   {summary(healthz)}")
    print(f"serve -> /readyz    {summary(readyz)}")


if __name__ == "__main__":
    main()
