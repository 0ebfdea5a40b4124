"""Resident memory of the server under a stream of articles (not a test): RSS at checkpoints.

Starts ``python -m service serve`` as the Dockerfile does (in-process cache, no Redis) and,
once ``/readyz`` is 200, sends ``--requests`` POST /extract over a few kept-alive connections:
mostly distinct articles (the seed with a numbered line appended, so every one is a miss and
the bounded result cache fills up and then evicts) mixed with repeats of recent ones (hits).
Every ``--every`` requests it prints the worker's VmRSS next to an estimate of what the
result cache holds: once the cache is full, RSS should level off; growth beyond that is memory
the bounds do not cover.

    .venv/bin/python bench/memory_soak.py [--requests 10000] [--every 1000] [--repeats 0.3] [--connections 4]

With one worker uvicorn runs the app in its main process; with ``--workers 2`` the app runs in
two spawned children and each is measured (each has its own cache of the configured bound).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import random
import secrets
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from servers import HOST, Server, proc_status_kib, seed_text, service_server

from service.settings import Settings

KEY_BYTES = 100  # about the length of a cache key ("hadath:v1.0:<version>:<sha256>"), counted by the LRU


@dataclass
class Tally:
    """What the load has done so far; shared by the sending threads."""

    misses: int = 0
    hits: int = 0
    other: collections.Counter[str] = field(default_factory=collections.Counter)
    miss_bytes: int = 0  # keys and bodies of distinct results, as the LRU counts them
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, x_cache: str | None, body_size: int) -> None:
        with self.lock:
            if status == 200 and x_cache == "hit":
                self.hits += 1
            elif status == 200 and x_cache == "miss":
                self.misses += 1
                self.miss_bytes += KEY_BYTES + body_size
            else:
                self.other[f"{status} {x_cache}"] += 1


class Articles:
    """New articles (a numbered line appended to the seed) and repeats of recently answered ones."""

    def __init__(self, repeats: float, seed: int) -> None:
        self.text = seed_text()
        self.token = secrets.token_hex(4)  # keeps this run's articles apart from any earlier run's
        self.repeats = repeats
        self.random = random.Random(seed)
        self.recent: collections.deque[bytes] = collections.deque(maxlen=64)  # answered: surely cached
        self.count = 0
        self.lock = threading.Lock()

    def next(self) -> tuple[bytes, bool]:
        """A request body, and whether it is new (to remember once answered)."""
        with self.lock:
            if self.recent and self.random.random() < self.repeats:
                return self.random.choice(self.recent), False
            self.count += 1
            number = self.count
        text = f"{self.text}\n\nsoak {self.token} {number}"
        return json.dumps({"text": text, "source": f"soak-{number}"}, ensure_ascii=False).encode(), True

    def answered(self, body: bytes) -> None:
        with self.lock:
            self.recent.append(body)


def send(port: int, articles: Articles, tally: Tally, count: int) -> None:
    """``count`` requests on one kept-alive connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        for _ in range(count):
            body, new = articles.next()
            connection.request("POST", "/extract", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
            tally.record(response.status, response.getheader("X-Cache"), len(answer))
            if new and response.status == 200:
                articles.answered(body)
    finally:
        connection.close()


def load(server: Server, articles: Articles, tally: Tally, total: int, connections: int) -> None:
    shares = [total // connections + (1 if index < total % connections else 0) for index in range(connections)]
    with ThreadPoolExecutor(max_workers=connections) as pool:
        for future in [pool.submit(send, server.port, articles, tally, share) for share in shares if share]:
            future.result()


def rss_mib(server: Server) -> list[float]:
    return [proc_status_kib(pid, "VmRSS") / 1024 for pid in server.worker_pids()]


def soak(args: argparse.Namespace, settings: Settings) -> None:
    env = {"HADATH_CACHE_MEMORY_BYTES": str(settings.cache_memory_bytes)}
    with service_server(workers=args.workers, env=env) as server:
        pids = server.worker_pids()
        bound_mib = settings.cache_memory_bytes / 2**20
        print(
            f"server pid {server.process.pid}, app in pid(s) {', '.join(map(str, pids))}; "
            f"result cache bound HADATH_CACHE_MEMORY_BYTES={settings.cache_memory_bytes} "
            f"({bound_mib:.0f} MiB) per worker"
        )
        articles, tally = Articles(args.repeats, args.seed), Tally()
        start = rss_mib(server)
        print(
            f"\n{'requests':>8}{'misses':>8}{'hits':>7}{'req/s':>7}{'cache est. MiB':>16}  RSS MiB (growth) per worker"
        )
        print(row(0, tally, 0.0, settings, args.workers, start, start))
        done = 0
        while done < args.requests:
            batch = min(args.every, args.requests - done)
            started = time.perf_counter()
            load(server, articles, tally, batch, args.connections)
            done += batch
            print(
                row(
                    done, tally, batch / (time.perf_counter() - started), settings, args.workers, rss_mib(server), start
                )
            )
        peaks = [proc_status_kib(pid, "VmHWM") / 1024 for pid in server.worker_pids()]
        print(f"\npeak RSS (VmHWM) per worker: {', '.join(f'{peak:.1f}' for peak in peaks)} MiB")
        if tally.other:
            print(f"other answers: {dict(tally.other)}")


def row(
    done: int, tally: Tally, rate: float, settings: Settings, workers: int, rss: list[float], start: list[float]
) -> str:
    cached = min(tally.miss_bytes, settings.cache_memory_bytes * workers) / 2**20
    memory = "  ".join(f"{now:7.1f} ({now - then:+6.1f})" for now, then in zip(rss, start, strict=True))
    return f"{done:>8}{tally.misses:>8}{tally.hits:>7}{rate:>7.0f}{cached:>16.1f}  {memory}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000, help="requests in all (default 10000)")
    parser.add_argument("--every", type=int, default=1_000, help="requests between RSS checkpoints (default 1000)")
    parser.add_argument("--repeats", type=float, default=0.3, help="share of requests that repeat an article (0.3)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent kept-alive connections (default 4)")
    parser.add_argument("--workers", type=int, default=1, help="HADATH_WORKERS (default 1)")
    parser.add_argument("--cache-memory-bytes", type=int, help="HADATH_CACHE_MEMORY_BYTES (default: the service's)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the mix")
    args = parser.parse_args()
    overrides = {"HADATH_CACHE_MEMORY_BYTES": str(args.cache_memory_bytes)} if args.cache_memory_bytes else {}
    soak(args, Settings.from_env(overrides))


if __name__ == "__main__":
    main()
