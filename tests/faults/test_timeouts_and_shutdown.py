"""Issue 16, points 8 and 10: no read timeouts (partial headers or bodies held connections open
indefinitely); a shutdown under load answered 500 to the requests still queued at its deadline."""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable

from ..conftest import SEED_PATH
from .conftest import Served, parse_response, post_request, read_response

SEED = SEED_PATH.read_text(encoding="utf-8")


def test_partial_headers_are_cut_off_with_a_408(serve: Callable[..., Served]) -> None:
    server = serve(HADATH_HEADER_TIMEOUT="1", HADATH_BODY_TIMEOUT="1")
    sockets = [server.connect() for _ in range(50)]
    started = time.perf_counter()
    for sock in sockets:
        sock.sendall(b"POST /extract HTTP/1.1\r\nHost: x\r\nContent-Ty")  # and nothing more
    answers = [read_response(sock) for sock in sockets]
    elapsed = time.perf_counter() - started
    assert all(answer.startswith(b"HTTP/1.1 408") for answer in answers), answers[0]
    assert elapsed < 5, elapsed  # before: held for as long as the client liked (75 s and more)
    _, headers, body = parse_response(answers[0])
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["type"] == "urn:hadath:problem:request-timeout"
    assert server.metric("hadath_http_read_timeouts_total", phase="headers") == 50


def test_a_body_sent_too_slowly_is_cut_off_with_a_408(serve: Callable[..., Served]) -> None:
    server = serve(HADATH_BODY_TIMEOUT="1")
    with server.connect() as sock:
        sock.sendall(
            b"POST /extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        started = time.perf_counter()
        answer = read_response(sock)
        elapsed = time.perf_counter() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert 0.9 < elapsed < 4, elapsed
    time.sleep(0.3)
    assert server.metric("hadath_http_read_timeouts_total", phase="body") == 1
    assert server.metric("hadath_http_requests_total", route="/extract", status="408") == 1
    assert server.metric("hadath_http_requests_total", status="500") == 0


def test_a_shutdown_under_load_answers_every_request_never_500(serve: Callable[..., Served]) -> None:
    """Before: 100 requests in flight, 37 (67 with heavier articles) got 500 at the deadline.
    Now what finishes in the grace period is 200, the rest 503 shutting-down; none is lost."""
    inflight = 40
    server = serve(HADATH_SHUTDOWN_GRACE="3", HADATH_EXTRACT_QUEUE_CHARS=str(inflight * 100_000))
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(inflight + 1)

    def send(index: int) -> None:
        text = (f"{index} " + (SEED + "\n") * 40)[:100_000]
        body = json.dumps({"text": text}, ensure_ascii=False).encode()
        barrier.wait()
        with server.connect(timeout=60) as sock:
            sock.sendall(post_request("/extract", body))
            answer = read_response(sock)
        with lock:
            if not answer:
                outcomes["no answer"] += 1
                return
            status, _, payload = parse_response(answer)
            outcomes[str(status)] += 1
            if status != 200:
                kinds[json.loads(payload)["type"]] += 1

    threads = [threading.Thread(target=send, args=(index,)) for index in range(inflight)]
    for thread in threads:
        thread.start()
    barrier.wait()
    deadline = time.monotonic() + 10
    # Until every request is held by the worker (read, queued or running) or already answered: a
    # connection whose request the server has not read yet when it stops is closed unanswered by
    # uvicorn, as any server stopping would; what this test holds the service to is the requests
    # it took in. (A fixed allowance for those already answered let an unread one through when
    # fewer were done: one run in five on a loaded machine.)
    while time.monotonic() < deadline:
        with urllib.request.urlopen(server.url + "/readyz", timeout=5) as response:
            pending = json.loads(response.read())["queue"]["pending"]
        with lock:
            answered = sum(outcomes.values())
        if pending + answered >= inflight:
            break
        time.sleep(0.05)
    server.process.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join(timeout=60)
    server.process.wait(timeout=30)
    assert set(outcomes) <= {"200", "503"}, outcomes
    assert outcomes["503"] > 0 and sum(outcomes.values()) == inflight, outcomes
    assert set(kinds) == {"urn:hadath:problem:shutting-down"}, kinds
