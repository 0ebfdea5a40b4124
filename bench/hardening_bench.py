"""What hostile or heavy requests cost one worker, and what a shutdown under load loses (not a test).

Starts ``python -m service serve`` with one worker (the app runs in the server's own process,
in-process cache) and measures its resident memory (VmRSS, and VmHWM, the peak, reset before
each case through /proc/<pid>/clear_refs) around:

- ``empty-43mb``: the 43 MB batch body of 3.5 million empty documents (``{"text":""}``);
- the largest batches the defaults accept (1,000,000 code points: 10 documents of 100,000, or
  64 of 15,625; the seed article repeated, distinct), sent as \\uXXXX escapes (the most bytes
  per character), every one a cache miss, and the largest single document;

then, with ``--shutdown``, sends ``--inflight`` concurrent /extract requests of distinct
articles, SIGTERMs the server while they are in flight, and counts the answers by status
(a request lost is one answered 500 or with no answer at all).

    .venv/bin/python bench/hardening_bench.py [--skip-largest] [--skip-memory] [--shutdown]
        [--inflight 100] [--chars 100000] [--schemathesis N]

``--schemathesis N`` also runs schemathesis (every check) with N examples per operation against a
two-worker server and counts the 5xx the server answered (its own metrics).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import HOST, REPO_ROOT, clean_env, proc_status_kib, seed_text, service_server

sys.path.insert(0, str(REPO_ROOT))
from tests.contract.schemathesis_hooks import cli_command

MIB = 1024 * 1024


def reset_peak(pid: int) -> None:
    """Make VmHWM start again from the current RSS (Linux: write 5 to clear_refs)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def memory_mib(pid: int) -> tuple[float, float]:
    return proc_status_kib(pid, "VmRSS") / 1024, proc_status_kib(pid, "VmHWM") / 1024


def post(port: int, path: str, body: bytes, timeout: float = 600) -> tuple[int, bytes, float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read(), time.perf_counter() - started
    finally:
        connection.close()


def measure(port: int, pid: int, name: str, path: str, body: bytes) -> None:
    before, _ = memory_mib(pid)
    reset_peak(pid)
    status, answer, seconds = post(port, path, body)
    after, peak = memory_mib(pid)
    kind = ""
    if status != 200:
        kind = json.loads(answer).get("type", "")
    print(
        f"| {name} | {len(body) / 1e6:.1f} MB | {status} {kind} | {seconds:.2f} s "
        f"| {before:.0f} | {peak:.0f} | {after:.0f} |"
    )


def article(size: int, index: int) -> str:
    text = seed_text()
    head = f"{index} "
    return (head + (text + "\n") * (size // len(text) + 1))[:size]


def memory_cases(skip_largest: bool) -> None:
    with service_server(workers=1) as server:
        pid = server.worker_pids()[0]
        print("| case | body | status | time | RSS before (MiB) | peak (MiB) | RSS after (MiB) |")
        print("|---|---|---|---|---|---|---|")
        empty = b'{"documents":[' + b",".join([b'{"text":""}'] * 3_500_000) + b"]}"
        measure(server.port, pid, "3.5M empty documents", "/extract/batch", empty)
        del empty
        if not skip_largest:
            # The largest batches the defaults accept (HADATH_MAX_BATCH_CHARS, 1,000,000 code points
            # together): ten documents of the largest size, or 64 of 15,625.
            for count, size in ((10, 100_000), (64, 15_625)):
                documents = [{"id": f"{size}-{index}", "text": article(size, index)} for index in range(count)]
                body = json.dumps({"documents": documents}, ensure_ascii=True).encode()
                measure(server.port, pid, f"{count} x {size:,} chars (escaped)", "/extract/batch", body)
            # The largest single document, likewise
            body = json.dumps({"text": article(100_000, 999)}, ensure_ascii=True).encode()
            measure(server.port, pid, "1 x 100,000 chars (escaped)", "/extract", body)


def wait_for_queue(url: str, wanted: int, timeout: float = 10) -> int:
    """The worker's queue length once it holds ``wanted`` requests (or after ``timeout``)."""
    deadline = time.monotonic() + timeout
    pending = 0
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url + "/readyz", timeout=5) as response:
            pending = json.loads(response.read())["queue"]["pending"]
        if pending >= wanted:
            break
        time.sleep(0.05)
    return pending


def shutdown_case(inflight: int, chars: int) -> None:
    """``inflight`` requests in flight (each a distinct article of ``chars`` characters, a miss: more
    work than the grace period holds), then SIGTERM."""
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    # A queue that admits them all, as before the character bound.
    with service_server(workers=1, env={"HADATH_EXTRACT_QUEUE_CHARS": str(inflight * chars)}) as server:
        port = server.port
        started = threading.Barrier(inflight + 1)

        def send(index: int) -> None:
            body = json.dumps({"text": article(chars, index)}, ensure_ascii=False).encode()
            started.wait()
            try:
                status, _, _ = post(port, "/extract", body, timeout=60)
                outcome = str(status)
            except (OSError, http.client.HTTPException) as exc:
                outcome = f"no answer ({type(exc).__name__})"
            with lock:
                statuses[outcome] += 1

        threads = [threading.Thread(target=send, args=(index,)) for index in range(inflight)]
        for thread in threads:
            thread.start()
        started.wait()
        # received and waiting for the extraction thread
        queued = wait_for_queue(server.url, inflight * 9 // 10, timeout=5)
        stopped_at = time.perf_counter()
        os.kill(server.process.pid, signal.SIGTERM)
        for thread in threads:
            thread.join()
        server.process.wait(timeout=30)
        stopped_in = time.perf_counter() - stopped_at
    lost = sum(count for outcome, count in statuses.items() if outcome == "500" or outcome.startswith("no answer"))
    print(f"{inflight} requests sent, {queued} of them in the worker's queue at SIGTERM", end="")
    print(f"; the server exited {stopped_in:.1f} s later")
    for outcome, count in sorted(statuses.items()):
        print(f"  {outcome}: {count}")
    print(f"lost (500 or no answer): {lost}")


def request_counts(url: str) -> dict[str, float]:
    """hadath_http_requests_total by its labels, from /metrics (every worker's)."""
    with urllib.request.urlopen(url + "/metrics", timeout=10) as response:
        metrics = response.read().decode()
    return {
        line.split("{", 1)[1].rsplit("}", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("hadath_http_requests_total{")
    }


def schemathesis_case(examples: int) -> None:
    """schemathesis (every check, tests/contract/schemathesis.toml) against a two-worker server,
    ``examples`` per operation; the 5xx answers are counted from the server's own metrics."""
    with service_server(workers=2) as server:
        command = cli_command(server.url, examples)
        env = clean_env() | {"SCHEMATHESIS_HOOKS": "tests.contract.schemathesis_hooks", "PYTHONPATH": str(REPO_ROOT)}
        before = request_counts(server.url)  # the readiness probes' 503s while the workers loaded
        result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=3600)
        after = request_counts(server.url)
    during = {labels: count - before.get(labels, 0) for labels, count in after.items()}
    server_errors = sum(count for labels, count in during.items() if re.search(r'status="5\d\d"', labels))
    for labels, count in during.items():
        if re.search(r'status="5\d\d"', labels) and count:
            print(f"  5xx: {labels}: {count:.0f}")
    summary = [line for line in result.stdout.splitlines() if re.search(r"test cases|passed|failed|Seed", line)]
    print(f"schemathesis, {examples} examples per operation (exit {result.returncode}):")
    for line in summary[-6:]:
        print(f"  {line.strip()}")
    print(f"5xx answered by the server during the run: {server_errors:.0f} of {sum(during.values()):.0f} requests")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-largest", action="store_true", help="skip the 64 x 100k batch (a minute of work)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--shutdown", action="store_true", help="also measure a shutdown under load")
    parser.add_argument("--schemathesis", type=int, default=0, metavar="N", help="also run schemathesis, N examples")
    parser.add_argument("--inflight", type=int, default=100)
    parser.add_argument("--chars", type=int, default=100_000, help="characters of each in-flight article")
    args = parser.parse_args()
    if not args.skip_memory:
        memory_cases(args.skip_largest)
    if args.shutdown:
        shutdown_case(args.inflight, args.chars)
    if args.schemathesis:
        schemathesis_case(args.schemathesis)


if __name__ == "__main__":
    main()
