"""HTTP under load against the real server (not a test): req/s and p50/p95/p99 per scenario.

The server runs as the Dockerfile runs it, ``python -m service serve`` configured by
``HADATH_HOST``/``HADATH_PORT``/``HADATH_WORKERS`` (and ``HADATH_REDIS_URL`` for a throwaway
``redis-server`` this script starts and stops). The load comes from ``wrk``, a separate process
on loopback (``apt-get install wrk``). For each worker count, two servers in turn, on the seed
article (under numbered ``source`` values: new cache keys, the same extraction work):

  memory  /healthz      GET, the ceiling: the most a request can cost nothing
  memory  hit           POST /extract of one article, answered from the in-process LRU (the
                        LRU never awaits, so concurrent requests never share a lookup)
  Redis   /healthz      the ceiling again, on this server, just before its hits
  Redis   hit           POST /extract answered from Redis, cycling over --pool cached articles,
                        as a deployment sees different articles. With Redis configured, Redis is
                        the only tier (``service.cache.build_cache``), checked by flushing it
  Redis   hit, 1 art.   always one article: concurrent identical requests in a worker share one
                        Redis read (single flight), so this costs less than a deployment's hits
  Redis   miss          a new article every request (as ``compose.yaml`` deploys: with Redis);
                        at --connections, then at 1 and 2 connections per worker, where the
                        throughput is one busy core's per worker and p99 is what the target is about

Before each scenario a urllib request checks that ``X-Cache`` says what the scenario claims,
and wrk counts ``X-Cache`` over every response of the run (the last column).

    .venv/bin/python bench/http_bench.py [--seconds 10] [--connections 16] [--workers 1,2] [--threads 1]

On a 2-core machine, wrk shares the cores with the server: with 2 workers the client takes
part of their CPU, so compare worker counts with that in mind.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import (
    SEED_PATH,
    Server,
    post_json,
    redis_calls,
    redis_command,
    redis_server,
    seed_text,
    service_server,
)

# Loaded by wrk in every thread. response() counts X-Cache values and non-2xx statuses (wrk
# itself counts only >= 400); done() prints one JSON line, latencies in microseconds.
LUA_COMMON = r"""
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

counts = {}
non2xx = 0
function response(status, headers, body)
  local value = headers["x-cache"] or headers["X-Cache"] or "none"
  counts[value] = (counts[value] or 0) + 1
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local cache, bad = {}, 0
  for _, thread in ipairs(threads) do
    for value, n in pairs(thread:get("counts")) do cache[value] = (cache[value] or 0) + n end
    bad = bad + thread:get("non2xx")
  end
  local parts = {}
  for value, n in pairs(cache) do table.insert(parts, string.format('"%s": %d', value, n)) end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "cache": {%s}}\n',
    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), table.concat(parts, ", ")))
end
"""

# POST scenarios. Arguments after "--": body_file [pool]. The body file is JSON whose "@N@"
# becomes, in each request, "<thread>-<counter>" (a new article every time) or, with a pool
# size, a number below it (requests cycle over that many articles). Every POST scenario builds
# its requests this way, in Lua, so they differ only in what the server does.
LUA_POST = r"""
function init(args)
  local file = assert(io.open(args[1], "rb"))
  local body = file:read("*a")
  file:close()
  pool = tonumber(args[2])
  local first, last = body:find("@N@", 1, true)
  prefix, suffix = body:sub(1, first - 1), body:sub(last + 1)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local counter = 0
function request()
  counter = counter + 1
  -- in a pool, each thread starts elsewhere, so threads do not ask for the same article at once
  local n = pool and ((counter + thread_id * 97) % pool) or (thread_id .. "-" .. counter)
  return wrk.format(nil, nil, nil, prefix .. n .. suffix)
end
"""


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    connections: int
    payload: dict[str, str] | None = None  # POST this, "@N@" in its source numbered per request; None: GET
    pool: int | None = None  # cycle over this many articles (cached beforehand); None: a new one each time
    expect: str | None = None  # the X-Cache value every response should carry


@dataclass
class Result:
    workers: int
    server: str  # "memory" or "Redis": the server's cache
    scenario: Scenario
    requests: int
    seconds: float
    non2xx: int
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    cache: dict[str, int] = field(default_factory=dict)
    redis_reads: int | None = None  # MGETs Redis ran during the run (one per lookup)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


# -- wrk ----------------------------------------------------------------------------------------


def run_wrk(server: Server, scenario: Scenario, seconds: int, threads: int, workdir: Path) -> dict[str, Any]:
    script = workdir / "bench.lua"
    script.write_text(LUA_COMMON + (LUA_POST if scenario.payload else ""))
    extra: list[str] = []
    if scenario.payload is not None:
        payload = dict(scenario.payload)
        if scenario.pool is None:  # a fresh token per run: never an earlier run's keys
            payload["source"] = payload["source"].replace("@N@", f"{secrets.token_hex(4)}-@N@")
        body = workdir / "body.json"
        body.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        extra = ["--", str(body)] + ([str(scenario.pool)] if scenario.pool else [])
    command = ["wrk", "-t", str(min(threads, scenario.connections)), "-c", str(scenario.connections)]
    command += ["-d", f"{seconds}s", "--timeout", "10s", "-s", str(script), server.url + scenario.path, *extra]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("WRK-RESULT ")]
    if completed.returncode != 0 or not lines:
        sys.exit(f"wrk failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    return json.loads(lines[-1].removeprefix("WRK-RESULT "))


def measure(
    server: Server, label: str, workers: int, scenario: Scenario, args: argparse.Namespace, redis_url: str | None
) -> Result:
    if args.warmup > 0:  # not recorded: connections opened, first requests of each worker served
        run_wrk(server, scenario, args.warmup, args.threads, args.workdir)
    if redis_url:
        redis_command(redis_url, "CONFIG", "RESETSTAT")
    raw = run_wrk(server, scenario, args.seconds, args.threads, args.workdir)
    result = Result(
        workers=workers,
        server=label,
        scenario=scenario,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        non2xx=raw["non2xx"],
        socket_errors=raw["socket_errors"],
        p50_ms=raw["p50"] / 1000,
        p95_ms=raw["p95"] / 1000,
        p99_ms=raw["p99"] / 1000,
        cache=raw["cache"],
        redis_reads=redis_calls(redis_url, "MGET") if redis_url else None,
    )
    where = f"{workers} worker(s), {label:<6}"
    print(f"  {where} {scenario.name:<12} c={scenario.connections:<3} {result.rate:8.0f} req/s", flush=True)
    return result


# -- checks: does X-Cache say what the scenario claims? --------------------------------------


def expect_cache(server: Server, payload: dict[str, str], expected: str) -> None:
    reply = post_json(server.url + "/extract", payload)
    if reply.status != 200 or reply.x_cache != expected:
        sys.exit(f"check failed: expected 200 with X-Cache {expected}, got {reply.status} {reply.x_cache}")


def warm_every_worker(server: Server, payload: dict[str, str], workers: int) -> None:
    """Each worker has its own LRU and the kernel picks which one accepts a connection: repeat
    the article on fresh connections until hits come back many times in a row."""
    in_a_row, attempts = 0, 0
    while in_a_row < 10 * workers:
        attempts += 1
        if attempts > 200:
            sys.exit("check failed: the article is not answered from the cache")
        reply = post_json(server.url + "/extract", payload)
        in_a_row = in_a_row + 1 if reply.x_cache == "hit" else 0


def check_redis_is_the_tier(server: Server, redis_url: str, payload: dict[str, str]) -> None:
    """A hit, then FLUSHDB, then a miss: had an in-process tier sat in front of Redis, the
    request after the flush would still be a hit. Leaves Redis holding ``payload`` alone."""
    post_json(server.url + "/extract", payload)
    expect_cache(server, payload, "hit")
    if redis_command(redis_url, "FLUSHDB") != b"+OK":
        sys.exit("check failed: FLUSHDB on the benchmark's Redis")
    after_flush = post_json(server.url + "/extract", payload)
    if after_flush.x_cache != "miss":
        sys.exit(
            f"check failed: after FLUSHDB the article came back {after_flush.status} X-Cache {after_flush.x_cache}, "
            "not a miss: something in the process answers in front of Redis, so Redis hits would not measure Redis"
        )
    expect_cache(server, payload, "hit")
    keys = redis_command(redis_url, "DBSIZE")
    if keys != b":1":
        sys.exit(f"check failed: Redis should hold the article's one entry, DBSIZE says {keys!r}")


def warm_pool(server: Server, redis_url: str, payload: dict[str, str], size: int, workers: int) -> None:
    """Compute and store articles 1 to ``size - 1`` of the pool (article 0 is stored already),
    a few at a time, and check that each was a miss and is now one entry in Redis."""
    documents = [article(payload, number) for number in range(1, size)]
    before = int(redis_command(redis_url, "DBSIZE").lstrip(b":"))
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        replies = list(pool.map(lambda document: post_json(server.url + "/extract", document), documents))
    if any(reply.status != 200 or reply.x_cache != "miss" for reply in replies):
        sys.exit("check failed: the pool's articles should each be computed once (X-Cache miss)")
    added = int(redis_command(redis_url, "DBSIZE").lstrip(b":")) - before
    if added != len(documents):
        sys.exit(f"check failed: warming the pool should add {len(documents)} Redis entries, it added {added}")


# -- scenarios --------------------------------------------------------------------------------


def numbered() -> dict[str, str]:
    """The seed article under numbered sources ("@N@"), under a token of its own."""
    return {"text": seed_text(), "source": f"bench-{secrets.token_hex(4)}-@N@"}


def article(payload: dict[str, str], number: int) -> dict[str, str]:
    return {**payload, "source": payload["source"].replace("@N@", str(number))}


def memory_scenarios(server: Server, workers: int, args: argparse.Namespace) -> list[Result]:
    run = _runner(server, "memory", workers, args, None)
    results = [run(Scenario("/healthz", "/healthz", args.connections))]
    pool = numbered()
    warm_every_worker(server, article(pool, 0), workers)
    results.append(run(Scenario("hit", "/extract", args.connections, pool, pool=1, expect="hit")))
    return results


def redis_scenarios(server: Server, redis_url: str, workers: int, args: argparse.Namespace) -> list[Result]:
    run = _runner(server, "Redis", workers, args, redis_url)
    results = [run(Scenario("/healthz", "/healthz", args.connections))]
    pool = numbered()
    check_redis_is_the_tier(server, redis_url, article(pool, 0))
    warm_pool(server, redis_url, pool, args.pool, workers)
    results.append(run(Scenario("hit", "/extract", args.connections, pool, pool=args.pool, expect="hit")))
    results.append(run(Scenario("hit, 1 art.", "/extract", args.connections, pool, pool=1, expect="hit")))
    fresh = numbered()
    expect_cache(server, article(fresh, 0), "miss")
    for connections in (args.connections, workers, 2 * workers):
        redis_command(redis_url, "FLUSHDB")  # misses leave ~30 KB each behind: keep the throwaway Redis small
        results.append(run(Scenario("miss", "/extract", connections, fresh, expect="miss")))
    return results


def _runner(
    server: Server, label: str, workers: int, args: argparse.Namespace, redis_url: str | None
) -> Callable[[Scenario], Result]:
    def run(scenario: Scenario) -> Result:
        return measure(server, label, workers, scenario, args, redis_url)

    return run


def run_all(args: argparse.Namespace) -> list[Result]:
    results: list[Result] = []
    env = {"HADATH_LOG_LEVEL": args.log_level}
    with tempfile.TemporaryDirectory(prefix="hadath-http-bench-") as directory, redis_server() as redis_url:
        args.workdir = Path(directory)
        for workers in args.workers:
            with service_server(workers=workers, env=env) as server:
                results += memory_scenarios(server, workers, args)
            with service_server(workers=workers, redis_url=redis_url, env=env) as server:
                results += redis_scenarios(server, redis_url, workers, args)
    return results


# -- report -----------------------------------------------------------------------------------


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(
        f"\nseed {SEED_PATH.name} ({len(seed_text())} chars); wrk {args.threads} thread(s), "
        f"{args.seconds} s per scenario after {args.warmup} s unrecorded; Redis hits over {args.pool} articles; "
        f"HADATH_LOG_LEVEL={args.log_level}; {os.cpu_count()} CPUs, Python {platform.python_version()}\n"
    )
    header = f"{'workers':>7}  {'cache':<7}{'scenario':<13}{'conns':>5}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
    print(header + f"{'p99 ms':>8}{'non-2xx':>8}{'sock err':>9}{'/ceiling':>9}  X-Cache (every response)")
    ceilings = {(r.workers, r.server): r.rate for r in results if r.scenario.path == "/healthz"}
    for r in results:
        ratio = f"{r.rate / ceilings[r.workers, r.server]:.2f}" if r.scenario.expect == "hit" else ""
        cache = ", ".join(f"{value}={count}" for value, count in sorted(r.cache.items()))
        if r.redis_reads is not None and r.scenario.payload is not None:
            cache += f"; Redis reads {r.redis_reads / max(r.requests, 1):.2f}/request"
        flag = "" if r.scenario.expect is None or set(r.cache) == {r.scenario.expect} else "  <- not all as expected"
        print(
            f"{r.workers:>7}  {r.server:<7}{r.scenario.name:<13}{r.scenario.connections:>5}{r.rate:>8.0f}"
            f"{r.p50_ms:>8.2f}{r.p95_ms:>8.2f}{r.p99_ms:>8.2f}{r.non2xx:>8}{r.socket_errors:>9}{ratio:>9}"
            f"  {cache}{flag}"
        )
    print("\n/ceiling: the hit's req/s over /healthz's on the same server. Redis reads: MGETs Redis ran per request")
    print("(under 1 for hits: concurrent identical requests shared a lookup; misses read again under the lock)")
    for r in results:
        if r.scenario.name == "miss" and r.scenario.connections == r.workers:
            verdict = "within" if r.p99_ms < 25 else "OVER"
            print(
                f"{r.workers} worker(s), misses at 1 connection per worker: p99 {r.p99_ms:.1f} ms at "
                f"{r.rate:.0f} req/s ({verdict} the 25 ms target)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per scenario (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections under load (default 16)")
    parser.add_argument("--workers", type=_counts, default=[1, 2], help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1: cores left to the server)")
    parser.add_argument("--warmup", type=int, default=1, help="unrecorded seconds before each scenario (default 1)")
    parser.add_argument("--pool", type=int, default=256, help="distinct articles the Redis hits cycle over (256)")
    parser.add_argument("--log-level", default="info", help="the server's HADATH_LOG_LEVEL (default info, as deployed)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: it generates the load (apt-get install wrk)")
    if args.pool < 2 or args.connections < 1 or args.seconds < 1:
        parser.error("--pool must be at least 2, --connections and --seconds at least 1")
    report(run_all(args), args)


def _counts(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.strip()]


if __name__ == "__main__":
    main()
