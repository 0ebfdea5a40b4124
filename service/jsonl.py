"""``python -m service extract``: one request object per input line, one answer per output line.

Each non-blank input line gives exactly one output line, in the same order: the line's
``Extraction`` (with ``meta.elapsed_ms`` filled in), or a problem object carrying the line's
``id`` when it could be read. A bad line never stops the run. Blank lines are skipped.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from typing import IO

import msgspec
from tqdm import tqdm

from service.api.models import ExtractRequest, InvalidField, UnusableText, to_document
from service.api.problems import ApiProblem, internal_error, invalid, log_unexpected, unusable
from service.logging import configure_logging
from service.runner import timed_extract, warm_up

log = logging.getLogger("service.jsonl")

_encoder = msgspec.json.Encoder()
_request_decoder = msgspec.json.Decoder(ExtractRequest)
_CHUNK_SIZE = 4


def answer_line(line: bytes, *, max_text_chars: int) -> bytes:
    """The JSON answer to one input line (raw bytes: bad UTF-8 is one bad line, not a crash)."""
    try:
        request = _request_decoder.decode(line)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        problem = ApiProblem(400, "invalid-request", f"line is not a valid request: {exc}")
        return _encoder.encode(problem.to_problem(_id_of(line)))
    try:
        document = to_document(request, max_text_chars=max_text_chars)
    except UnusableText as exc:
        return _encoder.encode(unusable(exc).to_problem(request.id))
    except InvalidField as exc:
        return _encoder.encode(invalid(exc).to_problem(request.id))
    try:
        return _encoder.encode(timed_extract(document, doc_id=request.id, url=request.url))
    except Exception as exc:
        log_unexpected(exc, doc_id=request.id)
        return _encoder.encode(internal_error().to_problem(request.id))


def _id_of(line: bytes) -> str | None:
    """The ``id`` of a line that is JSON but not a valid request, when it has a string one."""
    try:
        value = msgspec.json.decode(line)
    except msgspec.DecodeError:
        return None
    doc_id = value.get("id") if isinstance(value, dict) else None
    return doc_id if isinstance(doc_id, str) else None


def _requests(lines: Iterable[bytes]) -> Iterator[bytes]:
    for line in lines:
        if line.strip():
            yield line


def run(
    source: IO[bytes],
    sink: IO[bytes],
    *,
    max_text_chars: int,
    workers: int = 1,
    progress: bool = True,
    total: int | None = None,
    log_level: str = "info",
) -> tuple[int, int]:
    """Answer every request line of ``source`` into ``sink``; returns (lines answered, problems)."""
    answer = functools.partial(answer_line, max_text_chars=max_text_chars)
    answered = problems = 0
    bar = tqdm(total=total, unit="doc", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    with bar, _answers(answer, _requests(source), workers, log_level) as answers:
        for body in answers:
            sink.write(body + b"\n")
            answered += 1
            problems += body.startswith(b'{"type":')
            bar.update()
    sink.flush()
    log.info("extract finished", extra={"fields": {"documents": answered, "problems": problems, "workers": workers}})
    return answered, problems


@contextlib.contextmanager
def _answers(
    answer: functools.partial[bytes], lines: Iterator[bytes], workers: int, log_level: str
) -> Iterator[Iterator[bytes]]:
    """Answers in input order, from this process or a pool of ``workers`` processes."""
    if workers <= 1:
        warm_up()
        yield map(answer, lines)
        return
    # spawn: no inherited locks or threads; each worker loads the extraction data once.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(log_level,)) as pool:
        yield pool.imap(answer, lines, chunksize=_CHUNK_SIZE)


def _start_worker(log_level: str) -> None:
    configure_logging(log_level)
    warm_up()


def count_lines(path: str) -> int | None:
    """Non-blank lines of a regular file, for the progress bar's total (None for stdin)."""
    if path == "-":
        return None
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())
