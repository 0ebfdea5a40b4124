"""hadath extract | openapi: as evaluation tools run them (python -m service, from the repository
root), as the console script, and what each exit status says."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from service import jsonl as cli
from service.extraction import Extraction

from .conftest import REPO_ROOT, SEED_PATH, venv_env
from .exports.conftest import REPORTS

SENTENCES = [
    "قصفت طائرات حربية قرية في ريف حلب الشمالي.",
    "اندلعت اشتباكات بين فصائل مسلحة في ريف إدلب.",
    "اعتقلت قوات الأمن عشرة أشخاص في مدينة درعا.",
]


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=REPO_ROOT,
        env=venv_env(),
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )


def jsonl(*objects: object) -> bytes:
    return b"".join(json.dumps(obj, ensure_ascii=False).encode() + b"\n" for obj in objects)


def answers(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines()]


def test_extract_round_trip_through_files(tmp_path: Path) -> None:
    requests = [
        {
            "id": "seed",
            "text": SEED_PATH.read_text(encoding="utf-8"),
            "source": "SY24",
            "url": "https://sy24.example/1",
        },
        {"id": "b", "text": SENTENCES[0], "title": "عنوان", "published_at": "2021-11-10"},
        {"id": "c", "text": SENTENCES[1], "published_at": "2021-11-10T08:00:00+03:00"},
    ]
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(jsonl(*requests))
    result = run_cli("extract", str(source), "--output", str(target))
    assert result.returncode == 0, result.stderr.decode()
    lines = target.read_bytes().splitlines()
    assert len(lines) == 3
    extractions = [msgspec.json.decode(line, type=Extraction) for line in lines]
    assert [e.id for e in extractions] == ["seed", "b", "c"]
    assert extractions[0].url == "https://sy24.example/1"
    assert all(e.meta.elapsed_ms > 0 for e in extractions)
    assert b"3/3" in result.stderr  # the progress bar


def test_bad_lines_become_problems_in_place(tmp_path: Path) -> None:
    content = b"\n".join(
        [
            json.dumps({"id": "good", "text": SENTENCES[0]}).encode(),
            b"{not json",
            json.dumps({"id": "no-text", "title": "x"}).encode(),
            json.dumps({"id": "wrong-type", "text": 42}).encode(),
            json.dumps({"id": "english", "text": "English only"}).encode(),
            b"",
            json.dumps({"id": "bad-date", "text": SENTENCES[1], "published_at": "soon"}).encode(),
            b"\xff\xfe not utf-8",
            json.dumps([1, 2]).encode(),
            json.dumps({"id": "last", "text": SENTENCES[2]}).encode(),
        ]
    )
    source = tmp_path / "in.jsonl"
    source.write_bytes(content)
    result = run_cli("extract", str(source), "--output", "-", "--no-progress")
    assert result.returncode == 1, result.stderr.decode()
    out = answers(result.stdout)
    assert [o.get("id") for o in out] == [
        "good",
        None,
        "no-text",
        "wrong-type",
        "english",
        "bad-date",
        None,
        None,
        "last",
    ]
    assert [o.get("status") for o in out] == [None, 400, 400, 400, 422, 400, 400, 400, None]
    assert all(o["type"].startswith("urn:hadath:problem:") for o in out if "status" in o)
    *logs, verdict = result.stderr.decode().splitlines()
    [summary] = [json.loads(line) for line in logs]
    assert (summary["msg"], summary["documents"], summary["problems"]) == ("extract finished", 9, 7)
    assert verdict == "hadath: 7 of 9 lines failed (a problem object in each one's place)"


def test_stdin_to_stdout(tmp_path: Path) -> None:
    result = run_cli("extract", "-", stdin=jsonl({"id": "x", "text": SENTENCES[2]}))
    assert result.returncode == 0, result.stderr.decode()
    [out] = answers(result.stdout)
    assert out["id"] == "x" and out["language"] == "ar"


def test_several_workers_keep_the_input_order(tmp_path: Path) -> None:
    # More lines than one chunk holds (service.jsonl._CHUNK_LINES), so both workers get some.
    requests = [{"id": f"doc-{i}", "text": f"{SENTENCES[i % 3]} {i}"} for i in range(3 * cli._CHUNK_LINES + 5)]
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(*requests))
    serial = run_cli("extract", str(source), "--no-progress")
    parallel = run_cli("extract", str(source), "--workers", "2", "--no-progress")
    assert parallel.returncode == 0, parallel.stderr.decode()
    serial_out, parallel_out = answers(serial.stdout), answers(parallel.stdout)
    assert [o["id"] for o in parallel_out] == [r["id"] for r in requests]
    for one, other in zip(serial_out, parallel_out, strict=True):
        assert (one["id"], one["incidents"], one["entities"]) == (other["id"], other["incidents"], other["entities"])
        assert one["meta"]["input_sha256"] == other["meta"]["input_sha256"]


def test_text_longer_than_the_configured_limit_is_a_422_problem(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service", "extract", "-", "--no-progress"],
        cwd=REPO_ROOT,
        env=venv_env(HADATH_MAX_TEXT_CHARS="10"),
        input=jsonl({"id": "long", "text": "ب" * 11}),
        capture_output=True,
        timeout=60,
    )
    [out] = answers(result.stdout)
    assert (out["id"], out["status"]) == ("long", 422)
    assert result.returncode == 1 and result.stderr.decode().endswith(
        "hadath: 1 of 1 lines failed (a problem object in each one's place)\n"
    )


def test_openapi_command_writes_the_committed_document(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    result = run_cli("openapi", "--output", str(target))
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_text(encoding="utf-8") == (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")


def test_chunks_close_at_a_line_count_or_a_byte_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_CHUNK_LINES", 3)
    monkeypatch.setattr(cli, "_CHUNK_BYTES", 10)
    lines = [b"a", b"b", b"c", b"d", b"0123456789", b"e" * 6, b"f" * 6, b"g"]
    assert list(cli._chunks(lines)) == [[b"a", b"b", b"c"], [b"d", b"0123456789"], [b"e" * 6, b"f" * 6], [b"g"]]
    assert list(cli._chunks([])) == []


@pytest.mark.parametrize("args", [["extract"], ["nonsense"], []])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run_cli(*args).returncode == 2


def test_extract_writes_acled_csv_and_geojson_and_sends_problems_to_stderr(tmp_path: Path) -> None:
    requests = [{"id": key, "source": s, "published_at": d, "text": t} for key, (s, d, t) in REPORTS.items()]
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(requests[0], {"id": "english", "text": "no Arabic"}, *requests[1:]))
    table = run_cli("extract", str(source), "--format", "acled-csv", "--no-progress")
    assert table.returncode == 1, table.stderr.decode()  # the problem line
    rows = table.stdout.decode().splitlines()
    assert rows[0].startswith("event_id_cnty,event_date,year,") and len(rows) == 1 + len(requests)
    problem = json.loads(table.stderr.decode().splitlines()[0])
    assert (problem["id"], problem["status"]) == ("english", 422)
    geo = run_cli("extract", str(source), "-f", "geojson", "--workers", "2", "--no-progress")
    document = json.loads(geo.stdout)
    assert [feature["properties"]["document_id"] for feature in document["features"]] == list(REPORTS)


def test_aggregate_merges_an_extract_output(tmp_path: Path) -> None:
    requests = [{"id": key, "source": s, "published_at": d, "text": t} for key, (s, d, t) in REPORTS.items()]
    source, extracted = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(jsonl(*requests, {"id": "english", "text": "no Arabic"}))
    assert run_cli("extract", str(source), "--output", str(extracted), "--no-progress").returncode == 1  # english
    extracted.write_bytes(extracted.read_bytes() + b"not json\n")
    events = tmp_path / "events.jsonl"
    result = run_cli("aggregate", str(extracted), "--output", str(events))
    assert result.returncode == 0, result.stderr.decode()
    assert [[r["document_id"] for r in event["reports"]] for event in answers(events.read_bytes())] == [
        ["a", "b"],
        ["d"],
        ["c"],
    ]
    assert "line 6 is not an Extraction" in result.stderr.decode()
    assert "4 incidents of 4 articles -> 3 events" in result.stderr.decode()
    table = run_cli("aggregate", "-", "--format", "acled-csv", stdin=extracted.read_bytes())
    assert table.stdout.decode().splitlines()[1].split(",")[25] == "Outlet A; Outlet B"


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """stderr of a command that could not start: exactly one line, no traceback."""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hadath: "), result.stderr.decode()
    return lines[0]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    source = tmp_path / "articles.jsonl"
    source.write_bytes(jsonl({"id": "a", "text": SENTENCES[0]}, {"id": "b", "text": SENTENCES[1]}))
    return source


def output_names_of(source: Path) -> dict[str, str]:
    """Other names of ``source``: a symlink, a hard link and a path through ``..``."""
    (source.parent / "link.jsonl").symlink_to(source.name)
    (source.parent / "hard.jsonl").hardlink_to(source)
    (source.parent / "sub").mkdir()
    return {
        "same path": str(source),
        "symlink": str(source.parent / "link.jsonl"),
        "hard link": str(source.parent / "hard.jsonl"),
        "through ..": str(source.parent / "sub" / ".." / source.name),
    }


def test_an_output_that_is_the_input_is_refused_and_the_input_kept(articles: Path) -> None:
    content = articles.read_bytes()
    for name, output in output_names_of(articles).items():
        for command in (["extract", "--no-progress"], ["aggregate"]):
            result = run_cli(*command, str(articles), "--output", output)
            assert result.returncode == 2, (command, name)
            assert "is the input" in one_line_error(result) and result.stdout == b"", (command, name)
            assert articles.read_bytes() == content, (command, name)


def test_stdin_redirected_from_the_output_file_is_refused(articles: Path) -> None:
    content = articles.read_bytes()
    with articles.open("rb") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "service", "extract", "-", "-o", str(articles), "--no-progress"],
            cwd=REPO_ROOT,
            env=venv_env(),
            stdin=stdin,
            capture_output=True,
            timeout=60,
        )
    assert result.returncode == 2 and "is the input" in one_line_error(result)
    assert articles.read_bytes() == content


def test_a_missing_or_unreadable_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    missing = run_cli("extract", str(tmp_path / "nowhere.jsonl"), "-o", str(target))
    assert missing.returncode == 2
    assert one_line_error(missing) == f"hadath: cannot read {tmp_path / 'nowhere.jsonl'}: No such file or directory"
    folder = run_cli("extract", str(tmp_path), "-o", str(target))
    assert folder.returncode == 2 and one_line_error(folder).endswith("Is a directory")
    assert not target.exists()  # nothing was opened for writing


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(articles: Path, tmp_path: Path) -> None:
    content = articles.read_bytes()
    in_missing_folder = tmp_path / "no-such-folder" / "out.jsonl"
    result = run_cli("extract", str(articles), "-o", str(in_missing_folder))
    assert result.returncode == 2
    assert one_line_error(result) == f"hadath: cannot write {in_missing_folder}: No such file or directory"
    assert articles.read_bytes() == content
    openapi = run_cli("openapi", "-o", str(in_missing_folder))
    assert openapi.returncode == 2 and one_line_error(openapi).startswith("hadath: cannot write")


def test_a_run_where_every_line_failed_exits_1_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b"{not json\n" + jsonl({"id": "english", "text": "English only"}))
    result = run_cli("extract", str(source), "--no-progress")
    assert result.returncode == 1
    assert [o["status"] for o in answers(result.stdout)] == [400, 422]
    assert (
        result.stderr.decode().splitlines()[-1] == "hadath: 2 of 2 lines failed (a problem object in each one's place)"
    )


def test_the_readme_bulk_example_runs_as_written(tmp_path: Path) -> None:
    """The README's command, word for word, on examples/articles.jsonl, with the console script."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    [command] = [line.split() for line in readme.splitlines() if " extract examples/articles.jsonl" in line]
    assert command[0] == ".venv/bin/hadath"
    (tmp_path / "examples").symlink_to(REPO_ROOT / "examples")  # run elsewhere: write nothing into the checkout
    executable = str(Path(sys.executable).parent / "hadath")
    result = subprocess.run([executable, *command[1:]], cwd=tmp_path, env=venv_env(), capture_output=True, timeout=180)
    assert result.returncode == 0, result.stderr.decode()
    output = tmp_path / command[command.index("--output") + 1]
    extractions = [msgspec.json.decode(line, type=Extraction) for line in output.read_bytes().splitlines()]
    requests = [json.loads(line) for line in (REPO_ROOT / "examples" / "articles.jsonl").read_text().splitlines()]
    assert [e.id for e in extractions] == [r["id"] for r in requests]
    assert all(e.incidents for e in extractions)  # each example reports at least one incident


DEEP = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_line_is_answered_whatever_it_holds(tmp_path: Path, workers: str) -> None:
    """Invalid UTF-8 (in the text or in a field the schema does not name), nesting thousands deep
    and numbers out of range are each one line's 400 problem; the lines around them are answered."""
    good = [json.dumps({"id": f"good-{i}", "text": SENTENCES[i % 3]}, ensure_ascii=False).encode() for i in range(5)]
    bad = [
        b'{"id":"bad-utf8","text":"\xd8\xa8\xff"}',
        b'{"id":"bad-utf8-elsewhere","text":"\xd8\xa8","x":"\xff"}',
        b'{"id":"deep","text":"\xd8\xa8","x":' + DEEP + b"}",
        DEEP,
        b'{"id":"huge-number","text":"\xd8\xa8","x":1e999}',
    ]
    lines = [line for pair in zip(good, bad, strict=True) for line in pair]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    result = run_cli("extract", str(source), "--workers", workers, "--no-progress")
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    assert b"Traceback" not in result.stderr
    out = answers(result.stdout)
    assert len(out) == len(lines)
    assert [o.get("id") for o in out[0::2]] == [f"good-{i}" for i in range(5)]
    assert all("incidents" in o for o in out[0::2])
    assert [o["status"] for o in out[1::2]] == [400] * 5
    assert all(o["type"] == "urn:hadath:problem:invalid-request" for o in out[1::2])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_interrupted_run_keeps_every_answer_it_finished(tmp_path: Path, workers: str) -> None:
    """Answers are written as they complete, in input order: a run stopped by SIGTERM (no clean-up
    in the process) leaves whole lines for a prefix of the input, none lost or cut."""
    text = " ".join(SENTENCES * 40)
    requests = [{"id": f"doc-{i}", "text": f"{text} {i}"} for i in range(2000)]
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(jsonl(*requests))
    command = [sys.executable, "-m", "service", "extract", str(source), "-o", str(output), "--workers", workers]
    process = subprocess.Popen([*command, "--no-progress"], cwd=REPO_ROOT, env=venv_env(), stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (output.exists() and output.stat().st_size >= 200_000):  # some answers are out
            assert process.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline, "no answer within 60 s"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM  # stopped between two lines, as a shell reports a SIGTERM
    data = output.read_bytes()
    assert data.endswith(b"\n")
    out = answers(data)
    assert 0 < len(out) < len(requests)
    assert [o["id"] for o in out] == [r["id"] for r in requests[: len(out)]]


def test_each_answer_is_on_disk_before_the_next_line_is_read(tmp_path: Path) -> None:
    """Precisely (one worker, in process): when the run reads line n + 1, the file on disk already
    holds the answers to lines 1..n, whole, so a kill at any moment loses only the line in work."""
    output = tmp_path / "out.jsonl"
    requests = [{"id": f"doc-{i}", "text": SENTENCES[i % 3]} for i in range(12)]
    on_disk: list[int] = []

    def source() -> Iterator[bytes]:
        for request in requests:
            on_disk.append(len(answers(output.read_bytes())))  # parses only if every line is whole
            yield json.dumps(request, ensure_ascii=False).encode() + b"\n"

    with output.open("wb") as sink:
        cli.run(source(), sink, max_text_chars=100_000, progress=False)  # type: ignore[arg-type]
    assert on_disk == list(range(len(requests)))
