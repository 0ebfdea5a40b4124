from service.cache import MemoryStore
from service.cache.store import Write


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_evicts_least_recently_used_by_bytes() -> None:
    store = MemoryStore(max_bytes=3 * (1 + 100))  # three 1-byte keys with 100-byte values
    await store.write([Write(name, name.encode() * 100, 60_000) for name in "abc"])
    assert await store.get_many(["a"]) == [b"a" * 100]  # a is now the most recent
    await store.write([Write("d", b"d" * 100, 60_000)])
    assert await store.get_many(["a", "b", "c", "d"]) == [b"a" * 100, None, b"c" * 100, b"d" * 100]
    assert store.size_bytes <= store.max_bytes


async def test_a_large_entry_evicts_as_many_as_it_needs() -> None:
    store = MemoryStore(max_bytes=1000)
    await store.write([Write(f"k{i}", b"x" * 98, 60_000) for i in range(10)])  # 100 bytes each
    assert len(store) == 10
    await store.write([Write("big", b"y" * 497, 60_000)])
    assert len(store) == 6 and store.size_bytes == 500 + 500
    assert await store.get_many(["k0", "k4", "k5"]) == [None, None, b"x" * 98]


async def test_an_entry_larger_than_the_whole_cache_is_not_stored() -> None:
    store = MemoryStore(max_bytes=50)
    await store.write([Write("small", b"s", 60_000)])
    await store.write([Write("huge", b"h" * 60, 60_000)])
    assert await store.get_many(["small", "huge"]) == [b"s", None]


async def test_entries_expire() -> None:
    clock = Clock()
    store = MemoryStore(max_bytes=1000, clock=clock)
    await store.write([Write("k", b"v", 2_000)])
    clock.now = 1.9
    assert await store.get_many(["k"]) == [b"v"]
    clock.now = 2.0
    assert await store.get_many(["k"]) == [None]
    assert store.size_bytes == 0


async def test_overwrite_and_delete_keep_the_byte_count() -> None:
    store = MemoryStore(max_bytes=1000)
    await store.write([Write("k", b"v" * 10, 60_000)])
    await store.write([Write("k", b"w" * 20, 60_000)])
    assert store.size_bytes == 1 + 20
    await store.write([], deletes=["k"])
    assert store.size_bytes == 0 and await store.get_many(["k"]) == [None]
