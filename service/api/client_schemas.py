"""Component schemas that generate clean clients: what Litestar's generator leaves them to guess.

Litestar writes each ``Literal`` field as an inline enum (a nullable one as ``type: [null,
string]`` with ``null`` among the values), marks a field with a default as optional, and
writes a tagged union as a bare ``oneOf``. Generators then make one class per field that uses
an enum (six for ``ActorType``), type every always-sent field as maybe-absent, and try each
member of a union in turn. Here, in place, on the app's document:

- every ``Literal`` alias of two or more values in the given modules (``IncidentType``,
  ``ActorType`` ...) becomes a named component, referenced where used; a nullable use is
  ``oneOf: [$ref, null]``, which generators read as one optional type; an enum of one value
  is a ``const`` (a literal type rather than a one-member enum class);
- a struct that answers carry, and whose encoder writes every field (msgspec's
  ``omit_defaults=False``), lists every property as required (where a request carries such
  structs back, as ``POST /aggregate`` takes Extractions, the server requires them whole too:
  ``service.api.completeness``);
- a ``oneOf`` of structs that each fix a required property to a constant (``kind``) gets a
  discriminator mapping each constant to its schema.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any, Literal, get_args, get_origin

import msgspec
from litestar.openapi.spec import Discriminator, OpenAPI, OpenAPIType, Reference, Schema

SchemaNode = Schema | Reference
COMPONENT_PREFIX = "#/components/schemas/"
# The Schema fields that hold other schemas.
_NESTED = ("properties", "items", "one_of", "any_of", "all_of", "prefix_items", "additional_properties")


def literal_aliases(*modules: ModuleType) -> dict[str, tuple[str, ...]]:
    """The module-level ``Literal`` aliases of two or more values, by name, in definition order."""
    aliases: dict[str, tuple[str, ...]] = {}
    for module in modules:
        for name, value in vars(module).items():
            if get_origin(value) is Literal and len(get_args(value)) > 1:
                aliases[name] = get_args(value)
    return aliases


def name_enums(document: OpenAPI, enums: dict[str, tuple[str, ...]]) -> None:
    """Each enum a component of its own, every inline use of it a reference; a one-value enum a const."""
    by_values = {frozenset(values): name for name, values in enums.items()}

    def named(schema: Schema) -> SchemaNode:
        values = [value for value in schema.enum or () if value is not None]
        if len(values) == 1 and not _nullable(schema):
            schema.const, schema.enum = values[0], None
            return schema
        name = by_values.get(frozenset(values))
        if name is None or len(values) < 2:
            return schema
        reference = Reference(ref=COMPONENT_PREFIX + name, description=schema.description)
        if not _nullable(schema):
            return reference
        return Schema(
            one_of=[Reference(ref=COMPONENT_PREFIX + name), Schema(type=OpenAPIType.NULL)],
            description=schema.description,
        )

    _transform_document(document, named)
    components = _components(document)
    for name, values in enums.items():
        components[name] = Schema(type=OpenAPIType.STRING, enum=list(values), title=name)


def require_sent_fields(document: OpenAPI, response_types: Iterable[Any]) -> None:
    """Every property required in the schemas of the structs answers carry, when msgspec writes all
    their fields (no ``omit_defaults``)."""
    components = _components(document)
    for cls in _structs(response_types):
        schema = components.get(cls.__name__)
        if schema is None or cls.__struct_config__.omit_defaults:
            continue
        schema.required = sorted(schema.properties or {})
        for field in (schema.properties or {}).values():
            if isinstance(field, Schema):
                field.default = None  # always sent: a default would only suggest it may be absent


def add_discriminators(document: OpenAPI) -> None:
    """A discriminator on every ``oneOf`` of references that one required constant property tells apart."""
    components = _components(document)

    def discriminated(schema: Schema) -> SchemaNode:
        members = schema.one_of or ()
        if schema.discriminator is None and members and all(isinstance(m, Reference) for m in members):
            schema.discriminator = _discriminator([m.ref for m in members], components)  # type: ignore[union-attr]
        return schema

    _transform_document(document, discriminated)


def _discriminator(refs: list[str], components: dict[str, Schema]) -> Discriminator | None:
    targets = [components[name] for ref in refs if (name := ref.removeprefix(COMPONENT_PREFIX)) in components]
    if len(targets) != len(refs):
        return None
    for name in targets[0].properties or {}:
        constants = [_constant(target, name) for target in targets]
        if all(constants) and len(set(constants)) == len(constants):
            return Discriminator(property_name=name, mapping=dict(zip(constants, refs, strict=True)))  # type: ignore[arg-type]
    return None


def _constant(schema: Schema, name: str) -> str | None:
    field = (schema.properties or {}).get(name)
    if isinstance(field, Schema) and isinstance(field.const, str) and name in (schema.required or ()):
        return field.const
    return None


def _nullable(schema: Schema) -> bool:
    kinds = schema.type if isinstance(schema.type, list | tuple) else [schema.type]
    return None in (schema.enum or ()) or OpenAPIType.NULL in kinds


def _components(document: OpenAPI) -> dict[str, Schema]:
    assert document.components is not None and not isinstance(document.components, list)
    return document.components.schemas


def _transform_document(document: OpenAPI, change: Callable[[Schema], SchemaNode]) -> None:
    """Apply ``change`` to every schema of the document, innermost first, replacing each by the result."""
    components = _components(document)
    for name, schema in list(components.items()):
        components[name] = _transform(schema, change)  # type: ignore[assignment]
    for holder in _schema_holders(document):
        if isinstance(getattr(holder, "schema", None), Schema):  # a Reference holds none
            holder.schema = _transform(holder.schema, change)


def _transform(node: Any, change: Callable[[Schema], SchemaNode]) -> Any:
    if isinstance(node, Schema):
        for name in _NESTED:
            value = getattr(node, name)
            if value is not None:
                setattr(node, name, _transform(value, change))
        return change(node)
    if isinstance(node, list | tuple):
        return [_transform(item, change) for item in node]
    if isinstance(node, dict):
        return {key: _transform(value, change) for key, value in node.items()}
    return node


def _schema_holders(document: OpenAPI) -> Iterator[Any]:
    """Everything outside the components that holds a schema: parameters, bodies, responses, headers."""
    for path in (document.paths or {}).values():
        for field in dataclasses.fields(path):
            operation = getattr(path, field.name)
            if operation is None or not hasattr(operation, "responses"):
                continue
            yield from operation.parameters or ()
            if operation.request_body is not None:
                yield from operation.request_body.content.values()
            for response in (operation.responses or {}).values():
                yield from (response.content or {}).values()
                yield from (response.headers or {}).values()


def _structs(types: Iterable[Any]) -> list[type[msgspec.Struct]]:
    """Every msgspec Struct class that ``types`` contain, nested ones included."""
    found: dict[type, None] = {}

    def visit(info: Any) -> None:
        if isinstance(info, msgspec.inspect.StructType):
            if info.cls in found:
                return
            found[info.cls] = None
        if isinstance(info, msgspec.Struct):  # the inspect types are structs: walk their fields
            for name in info.__struct_fields__:
                value = getattr(info, name)
                for item in value if isinstance(value, tuple) else (value,):
                    visit(item)

    for root in types:
        visit(msgspec.inspect.type_info(root))
    return list(found)
