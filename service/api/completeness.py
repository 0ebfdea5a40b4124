"""Contract structs that decode only when whole: every field present, as the service writes them.

msgspec fills a missing field from its default when it decodes, but the contract's structs are
always encoded whole (no ``omit_defaults``), and the OpenAPI document lists all their fields as
required. Where the service takes such structs back as input (``POST /aggregate`` takes
Extractions), a value that lacks one did not come from the service: ``whole(cls)`` is a twin of
``cls`` whose fields, nested structs' included, have no defaults, so decoding into it refuses
the value with msgspec's own message ("Object missing required field `killed` - at
`$.extractions[0].incidents[1].casualties`"), at msgspec's speed.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec


@cache
def whole(cls: type) -> Any:
    """``cls`` with every field required, recursively (structs that omit defaults keep theirs)."""
    if not (isinstance(cls, type) and issubclass(cls, msgspec.Struct)):
        return cls
    config = cls.__struct_config__
    fields = [
        (field.name, _whole_type(field.type), _default(field))
        if config.omit_defaults
        else (field.name, _whole_type(field.type))
        for field in msgspec.structs.fields(cls)
    ]
    return msgspec.defstruct(
        cls.__name__,
        fields,  # type: ignore[arg-type]
        kw_only=True,
        tag_field=config.tag_field,
        tag=config.tag,
        forbid_unknown_fields=config.forbid_unknown_fields,
        rename={field.name: field.encode_name for field in msgspec.structs.fields(cls)},
    )


def _whole_type(annotation: Any) -> Any:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return Annotated[(_whole_type(args[0]), *annotation.__metadata__)]  # type: ignore[misc]
    if origin is list:
        return list[_whole_type(args[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_whole_type(arg) for arg in args)]  # noqa: UP007 (built from a tuple)
    return whole(annotation) if isinstance(annotation, type) else annotation


def _default(field: msgspec.structs.FieldInfo) -> Any:
    if field.default_factory is not msgspec.NODEFAULT:
        return msgspec.field(default_factory=field.default_factory)
    return field.default
