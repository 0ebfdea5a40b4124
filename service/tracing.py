"""OpenTelemetry tracing, configured by the standard ``OTEL_*`` variables; off unless asked for.

Tracing is on when ``OTEL_TRACES_EXPORTER`` names an exporter (``otlp``, ``console``) or an
OTLP endpoint is set (``OTEL_EXPORTER_OTLP_ENDPOINT``, ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``),
and ``OTEL_SDK_DISABLED`` is not ``true``. (The specification's default exporter is ``otlp``;
a service that nobody pointed at a collector should not try to send to one.) OTLP goes over
HTTP/protobuf. Everything else the SDK reads itself: ``OTEL_SERVICE_NAME`` and
``OTEL_RESOURCE_ATTRIBUTES``, ``OTEL_TRACES_SAMPLER`` and its argument, ``OTEL_BSP_*``,
``OTEL_EXPORTER_OTLP_*`` (headers, timeout, compression, certificates), ``OTEL_PROPAGATORS``.

Off, nothing here imports OpenTelemetry (the ``tracing`` extra need not even be installed)
and the request paths take no tracing branch beyond one ``is None``. On, each HTTP request
is a server span (continuing the caller's ``traceparent``) whichever path serves it, with a
child span for each document the extractor runs on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from service.settings import SettingsError

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer

SUPPORTED_EXPORTERS = ("otlp", "console")
_ENDPOINTS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
_PROTOCOLS = ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")


def exporters_requested(environ: Mapping[str, str]) -> list[str]:
    """The exporters the environment asks for; empty when tracing is off. A value the service
    cannot honour is a ``SettingsError`` (raised at start-up, naming the variable)."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    listed = [name.strip().lower() for name in environ.get("OTEL_TRACES_EXPORTER", "").split(",") if name.strip()]
    if not listed:
        listed = ["otlp"] if any(environ.get(name, "").strip() for name in _ENDPOINTS) else []
    exporters = [name for name in listed if name != "none"]
    for name in exporters:
        if name not in SUPPORTED_EXPORTERS:
            raise SettingsError(f"OTEL_TRACES_EXPORTER={name!r} is not supported: use {', '.join(SUPPORTED_EXPORTERS)}")
    for variable in _PROTOCOLS:
        protocol = environ.get(variable, "").strip()
        if "otlp" in exporters and protocol and protocol != "http/protobuf":
            raise SettingsError(f"{variable}={protocol!r} is not supported: OTLP is sent as http/protobuf")
    if exporters:
        _require_sdk()
    return exporters


def _require_sdk() -> None:
    try:
        import opentelemetry.sdk.trace  # noqa: F401
    except ImportError:
        raise SettingsError(
            "OTEL_* variables ask for tracing but OpenTelemetry is not installed: "
            "install the tracing extra (hadath[tracing], or uv sync --extra tracing)"
        ) from None


@dataclass(frozen=True)
class Tracing:
    """The process's tracer, and how to continue a caller's trace."""

    tracer: Tracer
    provider: TracerProvider

    def server_span(self, name: str, headers: Iterable[tuple[bytes, bytes]], attributes: dict[str, Any]) -> Any:
        """A current server span continuing the trace the request's headers carry (``traceparent``)."""
        from opentelemetry.propagate import extract
        from opentelemetry.trace import SpanKind

        carrier = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in headers}
        context: Context = extract(carrier)
        return self.tracer.start_as_current_span(name, context=context, kind=SpanKind.SERVER, attributes=attributes)

    def shutdown(self) -> None:
        """Send the spans still buffered (the batch processor's queue) before the process ends."""
        self.provider.shutdown()


def from_env() -> Tracing | None:
    """The tracer the ``OTEL_*`` variables ask for, or None when tracing is off."""
    exporters = exporters_requested(os.environ)
    if not exporters:
        return None
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create()  # OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES
    if str(resource.attributes.get("service.name", "")).startswith("unknown_service"):
        resource = resource.merge(Resource({"service.name": "hadath"}))
    provider = TracerProvider(resource=resource)
    for name in exporters:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    trace.set_tracer_provider(provider)
    return Tracing(tracer=provider.get_tracer("hadath"), provider=provider)


def _exporter(name: str) -> Any:
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()
