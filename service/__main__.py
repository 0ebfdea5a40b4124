"""Command line: ``hadath serve | extract | aggregate | openapi`` (also ``python -m service ...``).

Exit status: 0 done; 1 some input lines failed (each answered by a problem object, and
counted on stderr); 2 the command could not start (usage, configuration, or a file that
cannot be read or written, said in one line).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence

from service import tracing, version
from service.cli_io import CommandError, open_input, open_output, stopped_between_lines
from service.settings import DEFAULT_SHUTDOWN_GRACE, Settings, SettingsError

# Below Docker's default 10 s stop timeout, so in-flight requests finish before a SIGKILL
# (HADATH_SHUTDOWN_GRACE, this by default).
GRACEFUL_SHUTDOWN_SECONDS = DEFAULT_SHUTDOWN_GRACE


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except SettingsError as exc:
        print(f"hadath: configuration error: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"hadath: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hadath", description="Hadath: incidents from Arabic news.")
    parser.add_argument("--version", action="version", version=f"hadath {version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the HTTP server (flags override HADATH_* variables)")
    serve.add_argument("--host", help="address to listen on (HADATH_HOST, default 127.0.0.1)")
    serve.add_argument("--port", help="port (HADATH_PORT, default 8000)")
    serve.add_argument("--workers", help="worker processes (HADATH_WORKERS, default 1)")
    serve.set_defaults(command=serve_command)

    extract = commands.add_parser("extract", help="analyse a JSONL file of requests, one answer per line")
    extract.add_argument("input", help="JSONL requests (id, text, title, published_at, source, url); - for stdin")
    extract.add_argument("--output", "-o", default="-", help="where to write the answers; - for stdout (default)")
    extract.add_argument("--workers", type=int, default=1, help="worker processes (default 1); order is kept")
    extract.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _add_format_option(extract, "one Extraction a line (problems too), ACLED CSV or GeoJSON (problems to stderr)")
    extract.set_defaults(command=extract_command)

    aggregate = commands.add_parser(
        "aggregate", help="merge the incidents of an extract output that tell the same event, across articles"
    )
    aggregate.add_argument("input", help="JSONL of Extractions (the output of extract); - for stdin")
    aggregate.add_argument("--output", "-o", default="-", help="where to write the events; - for stdout (default)")
    _add_format_option(aggregate, "one Event a line, ACLED CSV or GeoJSON")
    aggregate.set_defaults(command=aggregate_command)

    openapi = commands.add_parser("openapi", help="write the OpenAPI document (regenerates openapi/openapi.json)")
    openapi.add_argument("--output", "-o", default="-", help="file to write; - for stdout (default)")
    openapi.set_defaults(command=openapi_command)
    return parser


FORMATS = ("jsonl", "acled-csv", "geojson")


def _add_format_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--format", "-f", choices=FORMATS, default="jsonl", help=f"{what} (default jsonl)")


def serve_command(args: argparse.Namespace) -> int:
    # Flags go through the environment so every worker process reads the same settings.
    for flag, variable in (("host", "HADATH_HOST"), ("port", "HADATH_PORT"), ("workers", "HADATH_WORKERS")):
        if getattr(args, flag) is not None:
            os.environ[variable] = str(getattr(args, flag))
    settings = Settings.from_env()
    tracing.exporters_requested(os.environ)  # a tracing setting the service cannot honour stops it here
    if settings.workers > 1:
        _use_shared_metrics_dir()
        from service.metrics import register_process  # after the folder is set: its samples go there

        register_process("supervisor")

    import uvicorn

    from service.logging import configure_logging, logging_config

    configure_logging(settings.log_level)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=logging_config(settings.log_level),
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=settings.shutdown_grace,
        # Read timeouts for headers and bodies, and the start of the drain on shutdown.
        http="service.http_protocol:TimedHttpToolsProtocol",
    )
    return 0


def _use_shared_metrics_dir() -> None:
    """Prometheus multiprocess mode: a fresh folder that every worker writes its samples to."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    path = tempfile.mkdtemp(prefix="hadath-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    atexit.register(shutil.rmtree, path, ignore_errors=True)


def extract_command(args: argparse.Namespace) -> int:
    settings = Settings.from_env()

    from service import jsonl
    from service.logging import configure_logging

    configure_logging(settings.log_level)
    if args.workers < 1:
        print("hadath: --workers must be at least 1", file=sys.stderr)
        return 2
    from service.exports import Format
    from service.exports.writers import answer_writer

    with (
        stopped_between_lines(),
        open_input(args.input) as source,
        open_output(args.output, [source]) as sink,
        _stderr() as problem_sink,
    ):
        total = jsonl.count_lines(args.input) if not args.no_progress else None
        answered, problems = jsonl.run(
            source,
            sink,
            max_text_chars=settings.max_text_chars,
            workers=args.workers,
            progress=not args.no_progress,
            total=total,
            log_level=settings.log_level,
            knowledge_pack=settings.knowledge_pack,
            writer=answer_writer(Format(args.format), problem_sink),
        )
    return failed_lines_status(answered, problems)


def failed_lines_status(answered: int, problems: int) -> int:
    """1, said on stderr, when any of the ``answered`` lines got a problem object; else 0."""
    if not problems:
        return 0
    print(f"hadath: {problems} of {answered} lines failed (a problem object in each one's place)", file=sys.stderr)
    return 1


def aggregate_command(args: argparse.Namespace) -> int:
    from service.exports import Format, aggregate
    from service.exports.reading import read_extractions
    from service.exports.writers import render_events

    with open_input(args.input) as source, open_output(args.output, [source]) as sink, _stderr() as problems:
        extractions = read_extractions(source, problems)
        events = aggregate(extractions)
        sink.write(render_events(events, Format(args.format)))
    reports = sum(len(event.reports) for event in events)
    print(f"hadath: {reports} incidents of {len(extractions)} articles -> {len(events)} events", file=sys.stderr)
    return 0


def _stderr():  # type: ignore[no-untyped-def]
    return open(sys.stderr.fileno(), "wb", closefd=False)


def openapi_command(args: argparse.Namespace) -> int:
    text = openapi_document().encode()
    with open_output(args.output) as sink:
        sink.write(text)
    return 0


def openapi_document() -> str:
    """The app's OpenAPI document as committed: default settings, readable Arabic, stable layout."""
    from service.app import create_app

    schema = create_app(Settings()).openapi_schema.to_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.exit(main())
