"""Benchmark of the result cache through the real app (not a test): prints req/s and p50/p99.

Scenarios, in one run, on the seed article:
  ceiling      GET /healthz of the same app (the most a request can cost nothing)
  hit-redis    POST /extract answered from Redis
  hit-memory   POST /extract answered from the in-process LRU
  miss         POST /extract of a document never seen (a fresh ``source`` each time), Redis on

Each app is the real server, ``python -m service serve`` with one worker (``bench/servers.py``),
its access log off; the load comes from this process through a minimal keep-alive HTTP/1.1
client, so no load generator needs installing. ``bench/http_bench.py`` measures the same
scenarios with ``wrk``, for 1 and 2 workers, with p95 and misses at fixed concurrency.

    .venv/bin/python bench/cache_bench.py [--seconds 6] [--rounds 3] [--concurrency 4] [--redis-url URL]

Without ``--redis-url`` a throwaway ``redis-server`` is started (``--save "" --appendonly no``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import SEED_PATH, redis_server, service_server

# The app's access log is one JSON line per request at info: off here, as it was when this
# benchmark assembled its own app; bench/http_bench.py measures the server with it on.
QUIET = {"HADATH_LOG_LEVEL": "warning"}


# -- load -------------------------------------------------------------------------------------


def get_request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()


def post_request(path: str, payload: dict[str, str]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


@dataclass
class Result:
    name: str
    latencies: list[float]
    seconds: float
    statuses: Counter[str]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> str:
    """Send one request on a kept-alive connection; return its X-Cache header (or the status)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ", 2)[1]
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    headers = {key.lower(): value for key, value in headers.items()}
    if "content-length" not in headers:
        raise RuntimeError(f"unsupported response framing: {headers}")
    await reader.readexactly(int(headers["content-length"]))
    if status != "200":
        raise RuntimeError(f"HTTP {status}")
    return headers.get("x-cache", "-")


async def load(name: str, port: int, make_request: Callable[[], bytes], seconds: float, concurrency: int) -> Result:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    stop_at = 0.0

    async def connection(record: bool) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop_at:
                request = make_request()
                started = time.perf_counter()
                status = await _exchange(reader, writer, request)
                if record:
                    latencies.append(time.perf_counter() - started)
                    statuses[status] += 1
        finally:
            writer.close()

    stop_at = time.perf_counter() + min(0.5, seconds / 5)  # warm-up, not recorded
    await asyncio.gather(*(connection(False) for _ in range(concurrency)))
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(connection(True) for _ in range(concurrency)))
    return Result(name, latencies, time.perf_counter() - started, statuses)


# -- main -------------------------------------------------------------------------------------


async def run(args: argparse.Namespace, redis_url: str) -> list[Result]:
    """Both apps up at once; scenarios interleaved over rounds so drift on a shared machine
    (other processes, CPU frequency) touches every scenario alike."""
    text = SEED_PATH.read_text(encoding="utf-8")
    seed = post_request("/extract", {"text": text})
    healthz = get_request("/healthz")
    sources = iter(range(10**9))

    def unseen() -> bytes:  # same text, new ``source``: a new key, the same extraction work
        return post_request("/extract", {"text": text, "source": f"bench-{next(sources)}"})

    with (
        service_server(workers=1, redis_url=redis_url, env=QUIET) as redis_app,
        service_server(workers=1, env=QUIET) as memory_app,
    ):
        redis_port, memory_port = redis_app.port, memory_app.port
        scenarios = [
            ("ceiling (/healthz)", redis_port, lambda: healthz),
            ("hit, Redis", redis_port, lambda: seed),
            ("miss, Redis", redis_port, unseen),
            ("hit, memory", memory_port, lambda: seed),
            ("ceiling, memory app", memory_port, lambda: healthz),
        ]
        totals = {name: Result(name, [], 0.0, Counter()) for name, _, _ in scenarios}
        for _ in range(args.rounds):
            for name, port, make_request in scenarios:
                part = await load(name, port, make_request, args.seconds / args.rounds, args.concurrency)
                total = totals[name]
                total.latencies += part.latencies
                total.seconds += part.seconds
                total.statuses += part.statuses
    return list(totals.values())


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(
        f"\nseed article {SEED_PATH.name} ({len(SEED_PATH.read_text(encoding='utf-8'))} chars); "
        f"{args.concurrency} connections, {args.seconds:g} s per scenario in {args.rounds} interleaved rounds, "
        "one uvicorn worker per app\n"
    )
    print(f"{'scenario':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}  X-Cache")
    for result in results:
        cache = ", ".join(f"{status}={count}" for status, count in sorted(result.statuses.items()))
        p50, p99 = result.percentile(0.5), result.percentile(0.99)
        print(f"{result.name:<22}{result.rate:>9.0f}{p50:>9.2f}{p99:>9.2f}  {cache}")
    by_name = {result.name: result for result in results}
    print()
    for hit, ceiling in (("hit, Redis", "ceiling (/healthz)"), ("hit, memory", "ceiling, memory app")):
        cost = by_name[ceiling].rate / by_name[hit].rate
        p50 = by_name[hit].percentile(0.5) / by_name[ceiling].percentile(0.5)
        verdict = "within" if cost <= 1.5 else "OVER"
        print(f"{hit}: {cost:.2f}x the trivial endpoint's cost by throughput, {p50:.2f}x by p50 ({verdict} 1.5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="measured seconds per scenario")
    parser.add_argument("--concurrency", type=int, default=4, help="kept-alive connections")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds the seconds are split over")
    parser.add_argument("--redis-url", help="use this Redis instead of starting one")
    args = parser.parse_args()
    if args.redis_url:
        results = asyncio.run(run(args, args.redis_url))
    else:
        with redis_server() as url:
            results = asyncio.run(run(args, url))
    report(results, args)


if __name__ == "__main__":
    main()
