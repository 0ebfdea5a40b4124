"""Admission bounded by work: the extraction queue by characters as well as by count, and a
batch body refused by its document count and size while it is read, before it is decoded."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest
from litestar.testing import TestClient

from service.runner import ExtractionPool, Overloaded

from .conftest import ClientFactory


async def test_the_queue_is_bounded_by_characters() -> None:
    pool = ExtractionPool(threads=1, queue_limit=100, queue_chars=100)
    pool.start()
    release = threading.Event()
    try:
        first = asyncio.create_task(pool._run(release.wait, 5, chars=80))
        await asyncio.sleep(0.05)
        with pytest.raises(Overloaded):  # 80 + 30 > 100: shed at once, not queued
            await pool._run(lambda: None, chars=30)
        second = asyncio.create_task(pool._run(lambda: "fits", chars=20))  # 80 + 20 fits
        await asyncio.sleep(0.05)
        assert pool.pending_chars == 100 and pool.pending == 2
        release.set()
        assert await first is True and await second == "fits"
        assert pool.pending_chars == 0
        # an idle pool takes any one document, however long
        assert await pool._run(lambda: "long", chars=10_000) == "long"
    finally:
        release.set()
        pool.close()


def test_a_batch_of_millions_of_empty_documents_is_refused_while_read(make_client: ClientFactory) -> None:
    """The 43 MB body of 3.5 million empty documents: 413 after scanning its first 65 documents,
    not after decoding millions of objects (which took a worker from 126 MB to 1.14 GB)."""
    body = b'{"documents":[' + b",".join([b'{"text":""}'] * 3_500_000) + b"]}"
    assert len(body) > 42_000_000
    # By default the body alone is too large (6.7 MB); with a batch limit that lets 42 MB in, the
    # document count refuses it while the body is scanned.
    default: TestClient = make_client()
    assert default.post("/extract/batch", content=body, headers={"content-type": "application/json"}).status_code == 413
    client: TestClient = make_client(max_batch_chars=7_000_000)
    started = time.perf_counter()
    answer = client.post("/extract/batch", content=body, headers={"content-type": "application/json"})
    elapsed = time.perf_counter() - started
    assert answer.status_code == 413, answer.text[:300]
    assert answer.json()["type"] == "urn:hadath:problem:too-many-documents"
    assert elapsed < 5, elapsed


def test_a_batch_at_the_limit_is_read_and_one_more_is_refused(make_client: ClientFactory) -> None:
    client = make_client(max_batch=3)
    document = '{"text":"قصف على حلب"}'
    for count, status in ((3, 200), (4, 413)):
        body = '{"documents":[' + ",".join([document] * count) + "]}"
        answer = client.post("/extract/batch", content=body.encode(), headers={"content-type": "application/json"})
        assert answer.status_code == status, answer.text[:300]
    empty = client.post("/extract/batch", json={"documents": []})
    assert empty.status_code == 400  # min_length 1: counted as none, refused by validation


def test_values_hidden_beside_the_documents_are_bounded_too(make_client: ClientFactory) -> None:
    """Millions of values under another key (or inside a document) would cost as much to decode."""
    client = make_client()
    junk = b"[" + b",".join([b"{}"] * 1_000_000) + b"]"  # 3 MB, within the body limit
    for body in (
        b'{"documents":[{"text":"\xd8\xa8"}],"junk":' + junk + b"}",
        b'{"documents":[{"text":"\xd8\xa8","junk":' + junk + b"}]}",
    ):
        answer = client.post("/extract/batch", content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 413, answer.text[:300]
        assert answer.json()["type"] == "urn:hadath:problem:too-many-values"


async def test_a_batch_is_admitted_as_a_whole_by_its_characters() -> None:
    pool = ExtractionPool(threads=1, queue_limit=100, queue_chars=100)
    pool.start()
    release = threading.Event()
    try:
        with pool.admitted(500):  # idle: any one request is admitted, however long
            assert pool.pending_chars == 500
            # its documents are not counted again, so they all queue behind one another
            jobs = [asyncio.create_task(pool._run(release.wait, 5, chars=100)) for _ in range(3)]
            await asyncio.sleep(0.05)
            assert pool.pending == 3 and pool.pending_chars == 500
            other = asyncio.create_task(pool._run(lambda: None, chars=1), context=contextvars.Context())
            with pytest.raises(Overloaded):  # another request (its own context) finds the queue full of work
                await other
            release.set()
            assert await asyncio.gather(*jobs) == [True] * 3
        assert pool.pending_chars == 0
    finally:
        release.set()
        pool.close()


def test_a_batch_is_bounded_by_its_characters(make_client: ClientFactory) -> None:
    client = make_client(max_batch_chars=100)
    documents = [{"text": "قصف على حلب " * 3}, {"text": "قصف على حلب " * 3, "title": "عنوان"}]  # 36 + 41
    assert client.post("/extract/batch", json={"documents": documents}).status_code == 200
    answer = client.post("/extract/batch", json={"documents": [*documents, {"text": "قصف على حلب " * 2}]})
    assert answer.status_code == 413
    assert answer.json()["type"] == "urn:hadath:problem:batch-too-long"
