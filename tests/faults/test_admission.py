"""Issue 16, points 5 and 6 against the real server: a 43 MB batch body took a worker from
126 MB to 1.14 GB before its 413; 200 concurrent 10k-character requests all queued (waits up
to 11 s) and none was shed."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ..conftest import SEED_PATH
from .conftest import Served, parse_response, post_request, read_response

SEED = SEED_PATH.read_text(encoding="utf-8")
MIB = 1024 * 1024


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_the_43_mb_body_of_empty_documents_costs_the_worker_nothing(serve: Callable[..., Served]) -> None:
    body = b'{"documents":[' + b",".join([b'{"text":""}'] * 3_500_000) + b"]}"
    default = serve()
    before = peak_rss(default.process.pid)
    status, _, answer = default.post_expecting("/extract/batch", body)
    assert status == 413, answer[:200]  # by its size: the limit follows HADATH_MAX_BATCH_CHARS
    assert peak_rss(default.process.pid) - before < 16 * MIB
    # With a batch limit that lets 43 MB in, the count refuses it while the body is read.
    roomy = serve(HADATH_MAX_BATCH_CHARS="7000000")
    before = peak_rss(roomy.process.pid)
    started = time.perf_counter()
    status, _, answer = roomy.post_expecting("/extract/batch", body)
    assert status == 413 and json.loads(answer)["type"] == "urn:hadath:problem:too-many-documents"
    assert time.perf_counter() - started < 5
    grown = peak_rss(roomy.process.pid) - before
    assert grown < 200 * MIB, f"{grown / MIB:.0f} MiB (before: 1,000 MiB and more)"


def test_concurrent_work_beyond_the_queue_is_shed_at_once(serve: Callable[..., Served]) -> None:
    """200 concurrent requests of 10,000 distinct characters: the queue holds 1,000,000
    characters (100 of them); the rest are answered 503 at once instead of waiting."""
    server = serve()
    count = 200
    outcomes: Counter[int] = Counter()
    waits: dict[int, list[float]] = {200: [], 503: []}
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def send(index: int) -> None:
        text = (f"{index} " + (SEED + "\n") * 3)[:10_000]
        request = post_request("/extract", json.dumps({"text": text}, ensure_ascii=False).encode())
        barrier.wait()
        started = time.perf_counter()
        with server.connect(timeout=60) as sock:
            sock.sendall(request)
            status = parse_response(read_response(sock))[0]
        with lock:
            outcomes[status] += 1
            waits.setdefault(status, []).append(time.perf_counter() - started)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(outcomes) <= {200, 503} and sum(outcomes.values()) == count, outcomes
    assert outcomes[503] > 0, outcomes  # before: none shed
    assert outcomes[200] >= 90, outcomes
    assert max(waits[503]) < max(waits[200]), "a refusal should not wait behind the admitted work"
