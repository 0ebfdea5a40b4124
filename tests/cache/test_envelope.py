import pytest

from service.cache.envelope import HEADER_SIZE, Sealer

BODY = '{"text":"قصف مدفعي على بلدة في ريف إدلب"}'.encode() + bytes(range(256))
KEY = "hadath:v1:e1:k1:" + "a" * 64
OTHER_KEY = "hadath:v1:e1:k1:" + "b" * 64
SECRET = b"0123456789abcdef-secret"


@pytest.fixture(params=[None, SECRET], ids=["checksum", "hmac"])
def sealer(request: pytest.FixtureRequest) -> Sealer:
    return Sealer(request.param)


def test_round_trip_is_byte_identical(sealer: Sealer) -> None:
    assert sealer.open(KEY, sealer.seal(KEY, BODY)) == (BODY, None)
    assert sealer.open(KEY, sealer.seal(KEY, b"")) == (b"", None)


def test_garbage_is_rejected(sealer: Sealer) -> None:
    assert sealer.open(KEY, b"garbage") == (None, "damaged")
    assert sealer.open(KEY, b"") == (None, "damaged")
    assert sealer.open(KEY, BODY) == (None, "damaged")


def test_a_flipped_byte_is_rejected(sealer: Sealer) -> None:
    sealed = sealer.seal(KEY, BODY)
    for index in (4, HEADER_SIZE + 1, len(sealed) - len(BODY) - 3, len(sealed) - 10):
        flipped = bytearray(sealed)
        flipped[index] ^= 0x01
        body, rejection = sealer.open(KEY, bytes(flipped))
        assert body is None and rejection is not None, index


def test_a_truncated_or_extended_value_is_rejected(sealer: Sealer) -> None:
    sealed = sealer.seal(KEY, BODY)
    assert sealer.open(KEY, sealed[:-1]) == (None, "damaged")
    assert sealer.open(KEY, sealed + b"x") == (None, "damaged")


def test_an_entry_sealed_for_another_key_does_not_open(sealer: Sealer) -> None:
    """Another document's answer (or another version's) copied under this key is a miss."""
    assert sealer.open(KEY, sealer.seal(OTHER_KEY, BODY)) == (None, "misplaced")


def test_without_the_secret_no_entry_opens_under_a_signing_reader() -> None:
    """Whoever can write to Redis but lacks HADATH_CACHE_SECRET cannot make an entry that opens:
    not with a checksum, not with another secret, not by re-tagging a real entry for another key."""
    reader = Sealer(SECRET)
    assert reader.open(KEY, Sealer().seal(KEY, BODY)) == (None, "unsigned")
    assert reader.open(KEY, Sealer(b"another secret, guessed").seal(KEY, BODY)) == (None, "unsigned")
    genuine = reader.seal(OTHER_KEY, BODY)
    forged = genuine.replace(OTHER_KEY.encode(), KEY.encode())  # same lengths: only the tag can tell
    assert reader.open(KEY, forged) == (None, "unsigned")
    # and a reader without the secret does not take signed entries it cannot check
    assert Sealer().open(KEY, reader.seal(KEY, BODY)) == (None, "unsigned")
