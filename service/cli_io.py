"""The files a command reads and writes, opened before any work starts.

A mistake in a path costs nothing: a missing or unreadable input, or an output that cannot be
created, is reported in one line (``CommandError``, exit status 2) before anything is read or
written. An output that is one of the command's inputs is refused before it is opened, since
opening it for writing would empty the input (whatever path names it: symlinks, hard links
and stdin redirected from that file included). ``-`` means stdin or stdout.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import IO

STDIO = "-"


class CommandError(Exception):
    """A problem with how a command was called, said in one line (exit status 2)."""


def open_input(path: str) -> IO[bytes]:
    if path == STDIO:
        return open(sys.stdin.fileno(), "rb", closefd=False)
    try:
        return open(path, "rb")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None


def open_output(path: str, inputs: Sequence[IO[bytes]] = ()) -> IO[bytes]:
    """``path`` opened for writing (truncated), unless it is the file behind one of ``inputs``."""
    if path == STDIO:
        return open(sys.stdout.fileno(), "wb", closefd=False)
    if any(_same_file(path, source) for source in inputs):
        raise CommandError(f"the output {path} is the input: nothing written (choose another --output)")
    try:
        return open(path, "wb")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def _same_file(path: str, source: IO[bytes]) -> bool:
    try:
        target, opened = os.stat(path), os.fstat(source.fileno())
    except OSError:  # the output does not exist yet: it cannot be the input
        return False
    return (target.st_dev, target.st_ino) == (opened.st_dev, opened.st_ino)


@contextlib.contextmanager
def stopped_between_lines() -> Iterator[None]:
    """SIGTERM ends the command between two writes, not in one: with the default action the kernel
    cuts a write short when the fatal signal arrives in it (a bulk run's last line half written).
    A handler runs between bytecodes, where an answer is written whole or waits whole in the
    buffer that closing the output flushes; the exit status stays 128 + SIGTERM."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
