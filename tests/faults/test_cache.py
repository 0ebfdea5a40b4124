"""Issue 16, points 3 and 11 (Redis) against the real server and real Redis: the cache trusted
what Redis held; a Redis refusing writes (maxmemory, noeviction) stopped reads too."""

from __future__ import annotations

import json
from collections.abc import Callable

import redis as redis_client

from ..cache.support import RedisServer
from .conftest import Served

PASSWORD = "a-redis-password-for-the-tests"
SECRET = "a-cache-secret-for-the-tests-0123"
FIRST = {"text": "قتل ثلاثة مدنيين في قصف على ريف إدلب"}
SECOND = {"text": "اعتقلت قوات الأمن عشرة أشخاص في مدينة درعا"}


def extract(server: Served, document: dict[str, str]) -> tuple[int, str, dict]:
    status, headers, body = server.post("/extract", json.dumps(document, ensure_ascii=False).encode())
    return status, headers.get("x-cache", ""), json.loads(body)


def result_key(client: redis_client.Redis, answer: dict) -> bytes:
    [key] = [key for key in client.keys("hadath:*") if key.endswith(answer["meta"]["input_sha256"].encode())]
    return key


def protected(redis: RedisServer, serve: Callable[..., Served], **variables: str) -> tuple[Served, redis_client.Redis]:
    redis.client().config_set("requirepass", PASSWORD)
    client = redis_client.Redis(host="127.0.0.1", port=redis.port, password=PASSWORD, socket_timeout=2)
    server = serve(HADATH_REDIS_URL=redis.url, HADATH_REDIS_PASSWORD=PASSWORD, **variables)
    return server, client


def test_another_documents_answer_copied_under_a_key_is_not_served(
    redis: RedisServer, serve: Callable[..., Served]
) -> None:
    """Before: a valid envelope under a document's key was served as its answer, whatever it held."""
    server, client = protected(redis, serve, HADATH_CACHE_SECRET=SECRET)
    _, cache, first = extract(server, FIRST)
    _, _, second = extract(server, SECOND)
    assert cache == "miss" and extract(server, FIRST)[1] == "hit"
    client.set(result_key(client, first), client.get(result_key(client, second)))  # copied over
    status, cache, answer = extract(server, FIRST)
    assert status == 200 and cache == "miss"  # refused, recomputed
    assert answer["meta"]["input_sha256"] == first["meta"]["input_sha256"]
    assert answer["incidents"] == first["incidents"]
    assert server.metric("hadath_cache_rejected_entries_total", reason="misplaced") == 1
    assert extract(server, FIRST)[1] == "hit"  # and repaired


def test_an_entry_forged_without_the_secret_is_not_served(redis: RedisServer, serve: Callable[..., Served]) -> None:
    """A writer with Redis access but not HADATH_CACHE_SECRET seals an answer of its choosing
    (here another document's, with a valid checksum for the right key): it is a miss."""
    from service.cache.envelope import Sealer

    server, client = protected(redis, serve, HADATH_CACHE_SECRET=SECRET)
    _, _, first = extract(server, FIRST)
    _, _, second = extract(server, SECOND)
    key = result_key(client, first)
    forged = json.dumps({**second, "meta": first["meta"]}, ensure_ascii=False).encode()
    client.set(key, Sealer().seal(key.decode(), forged))
    client.set(key.replace(b"hadath:", b"hadath:"), Sealer(b"a guessed secret, not ours").seal(key.decode(), forged))
    status, cache, answer = extract(server, FIRST)
    assert status == 200 and cache == "miss"
    assert answer["incidents"] == first["incidents"]
    assert server.metric("hadath_cache_rejected_entries_total", reason="unsigned") == 1


def test_redis_without_the_password_refuses_everyone(redis: RedisServer, serve: Callable[..., Served]) -> None:
    server, _ = protected(redis, serve)
    assert extract(server, FIRST)[1] == "miss"
    assert extract(server, FIRST)[1] == "hit"
    stranger = redis_client.Redis(host="127.0.0.1", port=redis.port, socket_timeout=2)
    try:
        stranger.keys("*")
    except redis_client.AuthenticationError:
        pass
    else:
        raise AssertionError("Redis answered a client without the password")


def test_a_full_redis_refusing_writes_still_serves_its_hits(redis: RedisServer, serve: Callable[..., Served]) -> None:
    """Before: maxmemory with noeviction failed every write, opened the one breaker, and reads
    stopped too (97% bypass). Now the write breaker opens and the hits go on."""
    server, client = protected(redis, serve)
    assert extract(server, FIRST)[1] == "miss"
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", str(int(client.info("memory")["used_memory"])))
    fresh = [extract(server, {"text": f"{SECOND['text']} {index}"}) for index in range(10)]
    assert all(status == 200 and cache == "bypass" for status, cache, _ in fresh)
    hits = [extract(server, FIRST)[1] for _ in range(30)]
    assert hits == ["hit"] * 30
    assert server.metric("hadath_cache_breaker_state", operation="writes") == 2
    assert server.metric("hadath_cache_breaker_state", operation="reads") == 0
