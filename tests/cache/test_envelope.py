from service.cache.envelope import HEADER_SIZE, seal, unseal

BODY = '{"text":"قصف مدفعي على بلدة في ريف إدلب"}'.encode() + bytes(range(256))


def test_round_trip_is_byte_identical() -> None:
    assert unseal(seal(BODY)) == BODY
    assert unseal(seal(b"")) == b""


def test_garbage_is_rejected() -> None:
    assert unseal(b"garbage") is None
    assert unseal(b"") is None
    assert unseal(BODY) is None


def test_a_flipped_byte_is_rejected() -> None:
    sealed = bytearray(seal(BODY))
    sealed[HEADER_SIZE + 10] ^= 0x01
    assert unseal(bytes(sealed)) is None


def test_a_truncated_or_extended_value_is_rejected() -> None:
    sealed = seal(BODY)
    assert unseal(sealed[:-1]) is None
    assert unseal(sealed + b"x") is None
