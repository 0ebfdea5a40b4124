"""Issue 16, points 7 and 9: abandoned work runs on; client aborts and uvicorn's own 400s were
counted as status 500."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from ..conftest import SEED_PATH
from .conftest import Served, parse_response, post_request, read_response

SEED = SEED_PATH.read_text(encoding="utf-8")


def batch_of(count: int, repeat: int) -> bytes:
    documents = [{"id": str(index), "text": f"{index} " + SEED * repeat} for index in range(count)]
    return json.dumps({"documents": documents}, ensure_ascii=False).encode()


def test_a_batch_whose_client_left_stops_between_documents(serve: Callable[..., Served]) -> None:
    """Before: a batch whose client left after 1 s ran on for 12 s, was logged 200, and the next
    small request waited 11 s behind it. Now the documents not yet started are dropped."""
    server = serve()
    body = batch_of(50, 4)  # 50 distinct documents of ~19k characters: several seconds of work
    extracted_before = server.metric("hadath_documents_extracted_total")
    sock = server.connect()
    sock.sendall(post_request("/extract/batch", body))
    time.sleep(0.4)
    sock.close()  # the client leaves
    time.sleep(0.2)
    started = time.perf_counter()
    status, _, _ = server.post("/extract", json.dumps({"text": "قصف على حلب"}).encode())
    waited = time.perf_counter() - started
    assert status == 200
    assert waited < 1.0, f"the next request waited {waited:.2f} s behind abandoned work"
    time.sleep(1.0)
    extracted = server.metric("hadath_documents_extracted_total") - extracted_before
    assert extracted < 40, f"{extracted} of 50 documents extracted for a client that had left"
    assert server.metric("hadath_http_requests_total", route="/extract/batch", status="499") == 1
    assert server.metric("hadath_http_requests_total", status="500") == 0
    [logged] = [line for line in server.log() if line.get("path") == "/extract/batch"]
    assert logged["status"] == 499


def test_a_request_whose_client_left_before_its_turn_is_not_started(serve: Callable[..., Served]) -> None:
    server = serve()
    # A long batch occupies the extraction thread; single requests queue behind it, then leave.
    busy = server.connect()
    body = batch_of(30, 4)
    busy.sendall(post_request("/extract/batch", body))
    time.sleep(0.2)
    extracted_before = server.metric("hadath_documents_extracted_total")
    leavers = []
    for index in range(5):
        sock = server.connect()
        one = json.dumps({"text": f"{index} {SEED}"}, ensure_ascii=False).encode()
        sock.sendall(post_request("/extract", one))
        leavers.append(sock)
    time.sleep(0.2)
    for sock in leavers:
        sock.close()
    busy.settimeout(60)
    status, _, answer = parse_response(read_response(busy))
    busy.close()
    assert status == 200 and len(json.loads(answer)["results"]) == 30
    time.sleep(0.5)
    extracted = server.metric("hadath_documents_extracted_total") - extracted_before
    assert extracted <= 30, f"{extracted}: the requests whose clients left were extracted anyway"
    assert server.metric("hadath_http_requests_total", route="/extract", status="499") == 5


def test_uvicorns_own_400_is_not_counted_as_a_server_error(serve: Callable[..., Served]) -> None:
    """A chunked body that breaks the HTTP framing mid-way: uvicorn answers 400 itself and the app
    sees the connection end. That was counted as a 500; it is a client's failure (499)."""
    server = serve()
    answer = server.raw(
        b"POST /extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"tex\r\nZZZ\r\n'
    )
    assert answer.startswith(b"HTTP/1.1 400")
    time.sleep(0.3)
    assert server.metric("hadath_http_requests_total", status="500") == 0
    assert (
        server.metric("hadath_http_requests_total", route="unmatched", status="499")
        + server.metric("hadath_http_requests_total", route="/extract", status="499")
        == 1
    )
