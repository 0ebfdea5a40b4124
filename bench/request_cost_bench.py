"""Server CPU per request on each request path (not a test): what a request costs the worker.

Throughput and latency move by 2-5x when other work shares the cores (``bench/README.md``);
the CPU time the worker itself spends per request moves much less, so this is the figure to
compare two versions with. One worker (``python -m service serve``, in-process cache, as the
Dockerfile runs it, tracing off unless the environment's ``OTEL_*`` variables say otherwise)
answers wrk for --seconds per scenario, at 4 connections; the worker's user+system time from
``/proc`` before and after, over the requests answered:

  /healthz       GET through the framework: routing, handler, response
  hit            POST /extract of the seed, cached: answered by the fast path
  batch hit      POST /extract/batch of the cached seed: the framework's validation and handler
  404            GET of an unknown path: the framework's refusal, a problem body

    .venv/bin/python bench/request_cost_bench.py [--seconds 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import Scenario, run_wrk
from servers import Server, post_json, seed_text, service_server

CONNECTIONS = 4


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scenarios() -> list[Scenario]:
    article = {"text": seed_text(), "source": "request-cost-@N@"}  # "@N@" -> 0: the one cached article
    return [
        Scenario("/healthz", "/healthz", CONNECTIONS),
        Scenario("hit", "/extract", CONNECTIONS, article, pool=1, expect="hit"),
        Scenario("batch hit", "/extract/batch", CONNECTIONS, {"documents": [article]}, pool=1),  # type: ignore[dict-item]
        Scenario("404", "/no-such-path", CONNECTIONS),
    ]


def measure(server: Server, scenario: Scenario, seconds: int, workdir: Path) -> float:
    """Microseconds of worker CPU per request."""
    [worker] = server.worker_pids()
    run_wrk(server, scenario, 1, 1, workdir)  # warm: connections, first requests
    before = cpu_seconds(worker)
    result = run_wrk(server, scenario, seconds, 1, workdir)
    return (cpu_seconds(worker) - before) / max(result["requests"], 1) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5, help="measured seconds per scenario (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each on a fresh server (default 3)")
    args = parser.parse_args()
    costs: dict[str, list[float]] = {scenario.name: [] for scenario in scenarios()}
    with tempfile.TemporaryDirectory(prefix="hadath-request-cost-") as directory:
        for _ in range(args.rounds):
            with service_server(workers=1) as server:
                post_json(server.url + "/extract", {"text": seed_text(), "source": "request-cost-0"})  # cache it
                for scenario in scenarios():
                    costs[scenario.name].append(measure(server, scenario, args.seconds, Path(directory)))
    tracing = ", ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("OTEL_")) or "off"
    print(
        f"1 worker, {CONNECTIONS} connections, {args.seconds} s x {args.rounds} rounds; tracing {tracing}; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"{'scenario':<12}{'median us':>10}  rounds")
    for name, values in costs.items():
        print(f"{name:<12}{statistics.median(values):>10.0f}  {', '.join(f'{value:.0f}' for value in values)}")


if __name__ == "__main__":
    main()
