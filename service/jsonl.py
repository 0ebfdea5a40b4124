"""``python -m service extract``: one request object per input line, one answer per output line.

Each non-blank input line gives exactly one output line, in the same order: the line's
``Extraction`` (with ``meta.elapsed_ms`` filled in), or a problem object carrying the line's
``id`` when it could be read. A bad line never stops the run. Blank lines are skipped.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import msgspec
from tqdm import tqdm

from service.api.body import BodyError, read_json
from service.api.models import ExtractRequest, InvalidField, UnusableText, to_document
from service.api.problem_details import ApiProblem, internal_error, invalid, log_unexpected, unusable
from service.exports.writers import AnswerWriter, JsonLinesWriter, is_problem
from service.extraction import Knowledge
from service.logging import configure_logging
from service.runner import KnowledgeLoader, timed_extract

log = logging.getLogger("service.jsonl")

_encoder = msgspec.json.Encoder()
# With several workers, lines travel to them in chunks: one task, one message each way. A
# chunk closes at _CHUNK_LINES lines or once it holds _CHUNK_BYTES of input (extraction time
# grows about linearly with text length), so a few long articles still spread over the
# workers. Per task the parent pays for pickling, the pipe and its threads' hand-offs: with
# 4 lines a task it spent 0.3-0.45 ms of CPU per line of news (2 workers, 2 cores, where the
# workers lose that CPU), with 32 lines 0.1-0.2 ms; 32 news articles are about 0.1 s of work.
_CHUNK_LINES = 32
_CHUNK_BYTES = 64 * 1024


def answer_line(line: bytes, knowledge: Knowledge, *, max_text_chars: int) -> bytes:
    """The JSON answer to one input line (raw bytes): an Extraction or a problem object, whatever
    the line holds (invalid UTF-8, nesting thousands deep, numbers out of range): never an exception."""
    try:
        return _answer_line(line, knowledge, max_text_chars=max_text_chars)
    except Exception as exc:  # a failure of the service's own: this line's problem, the run goes on
        log_unexpected(exc)
        return _encoder.encode(internal_error().to_problem(_id_of(line)))


def _answer_line(line: bytes, knowledge: Knowledge, *, max_text_chars: int) -> bytes:
    try:
        # The HTTP routes' reader and conversion: a line gets the answer its body would get there.
        request = msgspec.convert(read_json(line), ExtractRequest, strict=False)
    except BodyError as exc:
        problem = ApiProblem(exc.status, exc.kind, f"line is not a valid request: {exc.detail}")
        return _encoder.encode(problem.to_problem(_id_of(line)))
    except msgspec.ValidationError as exc:
        problem = ApiProblem(400, "invalid-request", f"line is not a valid request: {exc}")
        return _encoder.encode(problem.to_problem(_id_of(line)))
    try:
        document = to_document(request, max_text_chars=max_text_chars)
    except UnusableText as exc:
        return _encoder.encode(unusable(exc).to_problem(request.id))
    except InvalidField as exc:
        return _encoder.encode(invalid(exc).to_problem(request.id))
    try:
        return _encoder.encode(timed_extract(document, knowledge, doc_id=request.id, url=request.url))
    except Exception as exc:
        log_unexpected(exc, doc_id=request.id)
        return _encoder.encode(internal_error().to_problem(request.id))


# A worker process's knowledge, loaded once by the pool's initializer (``_start_worker``).
_worker_knowledge = KnowledgeLoader()


def answer_lines(lines: list[bytes], *, max_text_chars: int) -> list[bytes]:
    """The answers to a chunk of lines, in order (one pool task, in a worker process)."""
    knowledge = _worker_knowledge.get()
    return [answer_line(line, knowledge, max_text_chars=max_text_chars) for line in lines]


def _id_of(line: bytes) -> str | None:
    """The ``id`` of a line that is JSON but not a valid request, when it has a string one."""
    try:
        value = read_json(line)
    except BodyError:
        return None
    doc_id = value.get("id") if isinstance(value, dict) else None
    return doc_id if isinstance(doc_id, str) else None


def _requests(lines: Iterable[bytes]) -> Iterator[bytes]:
    for line in lines:
        if line.strip():
            yield line


def _chunks(lines: Iterable[bytes]) -> Iterator[list[bytes]]:
    """Consecutive lines grouped up to ``_CHUNK_LINES`` lines or ``_CHUNK_BYTES`` bytes."""
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if len(chunk) >= _CHUNK_LINES or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def run(
    source: IO[bytes],
    sink: IO[bytes],
    *,
    max_text_chars: int,
    workers: int = 1,
    progress: bool = True,
    total: int | None = None,
    log_level: str = "info",
    knowledge_pack: Path | None = None,
    writer: AnswerWriter | None = None,
) -> tuple[int, int]:
    """Answer every request line of ``source`` into ``sink`` (JSON Lines unless ``writer`` renders
    another format); returns (lines answered, problems)."""
    writer = writer or JsonLinesWriter()
    answered = problems = 0
    bar = tqdm(total=total, unit="doc", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    answers_of = _answers(_requests(source), workers, max_text_chars, log_level, KnowledgeLoader(knowledge_pack))
    sink.write(writer.start())
    with bar, answers_of as answers:
        for body in answers:
            sink.write(writer.answer(body))
            # Each answer leaves the process as it comes (in input order): a run stopped by a
            # signal, a kill or a full disk loses only the lines still being worked on.
            sink.flush()
            answered += 1
            problems += is_problem(body)
            bar.update()
    sink.write(writer.end())
    sink.flush()
    log.info("extract finished", extra={"fields": {"documents": answered, "problems": problems, "workers": workers}})
    return answered, problems


@contextlib.contextmanager
def _answers(
    lines: Iterator[bytes], workers: int, max_text_chars: int, log_level: str, knowledge: KnowledgeLoader
) -> Iterator[Iterator[bytes]]:
    """Answers in input order, from this process or a pool of ``workers`` processes."""
    if workers <= 1:
        yield map(functools.partial(answer_line, knowledge=knowledge.get(), max_text_chars=max_text_chars), lines)
        return
    answer = functools.partial(answer_lines, max_text_chars=max_text_chars)
    # spawn: no inherited locks or threads; each worker loads the extraction data once.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(log_level, knowledge.path)) as pool:
        yield itertools.chain.from_iterable(pool.imap(answer, _chunks(lines)))


def _start_worker(log_level: str, knowledge_pack: Path) -> None:
    global _worker_knowledge
    configure_logging(log_level)
    _worker_knowledge = KnowledgeLoader(knowledge_pack)
    _worker_knowledge.get()


def count_lines(path: str) -> int | None:
    """Non-blank lines of a regular file, for the progress bar's total (None for stdin)."""
    if path == "-":
        return None
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())
