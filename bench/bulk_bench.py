"""Benchmark of the bulk command line (not a test): articles/s, CPU and peak memory of
``python -m service extract --no-progress --workers N`` for each N of ``--workers``.

Input: a JSONL file written to a temporary folder from the seed article and, when present,
the dev articles of ``../shared/dev/gold-*.jsonl`` (their ``id``, ``text``, ``title``,
``published_at`` and ``source`` only, read at run time: measurement only, nothing is copied
into the project), repeated to ``--articles`` lines. Each repeat has its own ``id`` and a
counter in ``source``, so every line is a distinct document.

Per N the table shows:
  wall s, art/s             the whole run, start-up included, as a user sees it
  CPU s, ms/art             user + system time of the whole process tree (``os.wait4`` on the
                            command: the kernel adds in the pool workers it reaped)
  start-up s                wall time of the same command on a one-article file (imports, pool
                            start, gazetteer and lexicons loaded in every process)
  steady art/s              (articles - 1) / (wall - start-up): the rate once running
  per core                  steady articles per CPU second, (articles - 1) / (CPU - start-up
                            CPU): what one core delivers, less affected by other load than wall time
  parent MB, worker MB      peak resident memory (VmHWM) of the command's own process and of its
                            largest pool worker, read from /proc every 20 ms over the process
                            tree (with one worker the parent extracts and there is no pool)
  tree MB                   the largest sum of VmRSS over the tree at one sample (parent, pool
                            workers, multiprocessing's resource tracker)
The kernel's own figure for the largest process in the tree (``ru_maxrss`` from ``wait4``)
is printed below the table as a check on the /proc sampling.

Then the rate of ``extract()`` alone on the same requests, one pass in this process (CPU
time), so that the command line's own cost shows against "per core" (``extraction_bench.py``
reports the best of several rounds per article, a little higher). With
``--profile``, a one-worker run of ``service.jsonl.run`` in this process: first timed
without a profiler (time inside ``service.extraction.extract`` against the rest), then
under cProfile for what the rest is made of.

    .venv/bin/python bench/bulk_bench.py [--articles 3000] [--workers 1 2] [--rounds 1] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt"
DEV_DIR = REPO_ROOT.parent / "shared" / "dev"
sys.path.insert(0, str(REPO_ROOT))

FIELDS = ("id", "text", "title", "published_at", "source")
POLL_SECONDS = 0.02
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- input ------------------------------------------------------------------------------------


def corpus() -> list[dict[str, str | None]]:
    """The seed article, then every dev article whose text differs from the ones before it."""
    rows: list[dict[str, str | None]] = [
        {"id": "sy24-russia-deir-ez-zor", "text": SEED_PATH.read_text(encoding="utf-8"), "source": "SY24"}
    ]
    seen = {rows[0]["text"]}
    for path in sorted(DEV_DIR.glob("gold-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["text"] in seen:
                continue
            seen.add(row["text"])
            rows.append({name: row.get(name) for name in FIELDS})
    return rows


def write_requests(path: Path, rows: list[dict[str, str | None]], count: int) -> None:
    """``count`` request lines cycling through ``rows``, each a distinct document."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            row = rows[i % len(rows)]
            request = {name: row.get(name) for name in FIELDS if row.get(name) is not None}
            request["id"] = f"{row['id']}~{i}"
            request["source"] = f"{row.get('source') or 'bench'} #{i}"
            out.write(json.dumps(request, ensure_ascii=False) + "\n")


# -- one run of the command, watched --------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    lines: int
    problems: int
    parent_kb: int
    worker_kb: int  # 0 when there is no pool
    tree_kb: int
    kernel_maxrss_kb: int
    worker_cpu: float  # pool workers' CPU seconds, as last seen in /proc (approximate)


@dataclass
class _Proc:
    hwm_kb: int = 0
    rss_kb: int = 0
    cpu: float = 0.0
    kind: str | None = None  # "worker", "tracker" or "other", from its command line


@dataclass
class TreeWatcher:
    """Samples /proc for a process and its descendants: peak RSS per process, sum of RSS."""

    root: int
    procs: dict[int, _Proc] = field(default_factory=dict)
    tree_kb: int = 0

    def sample(self) -> None:
        total = 0
        for pid in self._tree():
            proc = self.procs.setdefault(pid, _Proc())
            status = _read(f"/proc/{pid}/status")
            stat = _read(f"/proc/{pid}/stat")
            if status is None or stat is None:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    proc.hwm_kb = max(proc.hwm_kb, int(line.split()[1]))
                elif line.startswith("VmRSS:"):
                    proc.rss_kb = int(line.split()[1])
            ticks = stat.rsplit(")", 1)[1].split()
            proc.cpu = (int(ticks[11]) + int(ticks[12])) / CLOCK_TICKS  # utime, stime
            if proc.kind is None:
                proc.kind = "other" if pid == self.root else _kind(_read(f"/proc/{pid}/cmdline") or "")
            total += proc.rss_kb
        self.tree_kb = max(self.tree_kb, total)

    def _tree(self) -> list[int]:
        pids, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in _listdir(f"/proc/{pid}/task"):
                todo += [int(child) for child in (_read(f"/proc/{pid}/task/{task}/children") or "").split()]
        return pids

    def largest(self, kind: str) -> _Proc:
        return max((p for p in self.procs.values() if p.kind == kind), default=_Proc(), key=lambda p: p.hwm_kb)


def _kind(cmdline: str) -> str:
    """A multiprocessing pool worker (spawned), its resource tracker, or something else."""
    if "spawn_main" in cmdline:
        return "worker"
    return "tracker" if "resource_tracker" in cmdline else "other"


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:  # the process has just exited
        return None


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def run_command(source: Path, workers: int) -> Run:
    """``python -m service extract SOURCE --no-progress --workers N`` from the repository root."""
    command = [sys.executable, "-m", "service", "extract", str(source), "--no-progress", "--workers", str(workers)]
    with tempfile.TemporaryDirectory(prefix="hadath-bulk-out-") as folder:
        target = Path(folder) / "out.jsonl"
        env = {k: v for k, v in os.environ.items() if not k.startswith("HADATH_")} | {"HADATH_LOG_LEVEL": "warning"}
        start = time.perf_counter()
        process = subprocess.Popen([*command, "--output", str(target)], cwd=REPO_ROOT, env=env)
        watcher = TreeWatcher(process.pid)
        while True:
            # wait4, not Popen.poll: its rusage covers the command and the workers it reaped.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            watcher.sample()
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
        lines = problems = 0
        with target.open("rb") as answers:
            for line in answers:
                lines += 1
                problems += line.startswith(b'{"type":')
    worker = watcher.largest("worker")
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        lines=lines,
        problems=problems,
        parent_kb=watcher.procs[process.pid].hwm_kb,
        worker_kb=worker.hwm_kb,
        tree_kb=watcher.tree_kb,
        kernel_maxrss_kb=usage.ru_maxrss,
        worker_cpu=sum(p.cpu for p in watcher.procs.values() if p.kind == "worker"),
    )


def best(runs: Iterable[Run]) -> Run:
    return min(runs, key=lambda run: run.wall)


# -- extract() alone, and the command line's own cost ---------------------------------------


def extract_rate(source: Path) -> float:
    """Articles per CPU second of ``extract()`` alone over the very requests of ``source``, one pass
    in this process (decoding and checks done beforehand, outside the timing)."""
    from service.api.models import ExtractRequest, to_document
    from service.extraction import extract, load_knowledge
    from service.settings import DEFAULT_MAX_TEXT_CHARS

    knowledge = load_knowledge()
    decode = msgspec.json.Decoder(ExtractRequest).decode
    with source.open("rb") as lines:
        docs = [to_document(decode(line), max_text_chars=DEFAULT_MAX_TEXT_CHARS) for line in lines]
    start = time.process_time()
    for document in docs:
        extract(document, knowledge)
    return len(docs) / (time.process_time() - start)


def profile_cli(source: Path, top: int = 14) -> None:
    """``service.jsonl.run`` with one worker in this process: the share outside ``extract()``."""
    from service import jsonl, runner
    from service.settings import DEFAULT_MAX_TEXT_CHARS

    real_extract = runner.extract
    inside = 0.0

    def timed(*args: object, **kwargs: object) -> object:
        nonlocal inside
        start = time.perf_counter()
        try:
            return real_extract(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            inside += time.perf_counter() - start

    def one_run() -> tuple[int, float, float]:
        with source.open("rb") as requests, open(os.devnull, "wb") as sink:
            start, cpu = time.perf_counter(), time.process_time()
            answered, _ = jsonl.run(requests, sink, max_text_chars=DEFAULT_MAX_TEXT_CHARS, progress=False)
            return answered, time.perf_counter() - start, time.process_time() - cpu

    runner.extract = timed  # type: ignore[assignment]
    try:
        answered, wall, cpu = one_run()
    finally:
        runner.extract = real_extract  # type: ignore[assignment]
    outside = wall - inside
    print(
        f"\njsonl.run in this process, 1 worker, {answered} articles, no profiler: {wall:.2f} s wall, {cpu:.2f} s CPU"
    )
    print(f"  inside extract() {inside:.2f} s, outside {outside:.3f} s = {outside / wall:.1%} of the time,")
    print(f"  {outside / answered * 1e6:.0f} us per article (decode, checks, timing, encode, write, loop)")

    profiler = cProfile.Profile()
    profiler.enable()
    one_run()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
    code = real_extract.__code__
    extract_key = (code.co_filename, code.co_firstlineno, code.co_name)
    in_extract = stats.stats[extract_key][3]  # type: ignore[attr-defined]
    print(f"under cProfile (which slows the many small calls inside extract() most): {total:.2f} s,")
    print(f"  extract() {in_extract:.2f} s, outside {total - in_extract:.3f} s = {(total - in_extract) / total:.1%}")
    print(f"  outside extract(), by own time (cumulative in brackets), top {top}:")
    below = _called_under(stats, extract_key)
    rows = sorted(
        ((key, row) for key, row in stats.stats.items() if key not in below),  # type: ignore[attr-defined]
        key=lambda item: item[1][2],
        reverse=True,
    )
    for (filename, line, name), (_, calls, own, cumulative, _) in rows[:top]:
        where = f"{Path(filename).name}:{line}" if line else ""
        print(f"    {own * 1000:8.1f} ms  ({cumulative * 1000:8.1f})  {calls:>7}  {name} {where}")


def _called_under(stats: pstats.Stats, root: tuple[str, int, str]) -> set[tuple[str, int, str]]:
    """``root`` and every function called (transitively) from it."""
    callees: dict[tuple[str, int, str], set[tuple[str, int, str]]] = {}
    for key, (*_, callers) in stats.stats.items():  # type: ignore[attr-defined]
        for caller in callers:
            callees.setdefault(caller, set()).add(key)
    seen, todo = {root}, [root]
    while todo:
        for callee in callees.get(todo.pop(), ()):
            if callee not in seen:
                seen.add(callee)
                todo.append(callee)
    return seen


# -- the table --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000, help="request lines in the input (default 3000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="values of --workers (default 1 2)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per configuration; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="also profile a one-worker run in this process")
    args = parser.parse_args()
    if args.articles < 2:
        parser.error("--articles must be at least 2")

    rows = corpus()
    sizes = [len(row["text"] or "") for row in rows]
    with tempfile.TemporaryDirectory(prefix="hadath-bulk-in-") as folder:
        source, single = Path(folder) / "requests.jsonl", Path(folder) / "one.jsonl"
        write_requests(source, rows, args.articles)
        write_requests(single, rows, 1)
        print(f"input: {args.articles} requests cycling through {len(rows)} distinct articles "
              f"(median {statistics.median(sizes):.0f} characters), {source.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        print(f"command: python -m service extract REQUESTS --no-progress --workers N --output OUT  "
              f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start)")  # fmt: skip

        header = (
            f"{'N':>2}{'wall s':>8}{'art/s':>7}{'CPU s':>7}{'ms/art':>7}{'start-up s':>11}{'steady art/s':>13}"
            f"{'per core':>9}{'parent MB':>10}{'worker MB':>10}{'tree MB':>8}"
        )
        print(f"\n{header}\n{'-' * len(header)}")
        checks = []
        for workers in args.workers:
            startup = best(run_command(single, workers) for _ in range(args.rounds))
            full = best(run_command(source, workers) for _ in range(args.rounds))
            if full.lines != args.articles or full.problems:
                raise SystemExit(
                    f"expected {args.articles} answers and no problems, got {full.lines} / {full.problems}"
                )
            steady = (args.articles - 1) / max(full.wall - startup.wall, 1e-9)
            per_core = (args.articles - 1) / max(full.cpu - startup.cpu, 1e-9)
            worker_mb = f"{full.worker_kb / 1024:.0f}" if full.worker_kb else "-"
            print(
                f"{workers:>2}{full.wall:>8.2f}{args.articles / full.wall:>7.0f}{full.cpu:>7.2f}"
                f"{full.cpu / args.articles * 1000:>7.2f}{startup.wall:>11.2f}{steady:>13.0f}{per_core:>9.0f}"
                f"{full.parent_kb / 1024:>10.0f}{worker_mb:>10}{full.tree_kb / 1024:>8.0f}"
            )
            parent_cpu = full.cpu - full.worker_cpu
            checks.append(
                f"N={workers}: start-up CPU {startup.cpu:.2f} s; kernel ru_maxrss of the tree "
                f"{full.kernel_maxrss_kb / 1024:.0f} MB"
                + (f"; CPU parent {parent_cpu:.2f} s, pool workers {full.worker_cpu:.2f} s" if full.worker_cpu else "")
            )
        print("\n".join(checks))

        rate = extract_rate(source)
        print(f"\nextract() alone on the same {args.articles} requests, in this process: {rate:.0f} articles per CPU")
        print("  second; 'per core' above against it: the command line's own cost per article once running")
        if args.profile:
            profile_cli(source)


if __name__ == "__main__":
    main()
