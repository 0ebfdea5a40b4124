"""How full the ACLED CSV of a set of articles is: the share of rows that fill each column.

Runs ``python -m service extract --format acled-csv`` on a JSONL of requests (the articles stay
where they are; nothing is copied) and prints, per column, how many rows have a value.

usage: .venv/bin/python scripts/acled_coverage.py ARTICLES.jsonl [MORE.jsonl ...]
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def acled_table(path: str) -> csv.DictReader:
    command = [sys.executable, "-m", "service", "extract", path, "--format", "acled-csv", "--no-progress"]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, check=True)
    return csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline=""))


def main(paths: list[str]) -> int:
    tables = [acled_table(path) for path in paths]
    rows = [row for table in tables for row in table]
    print(f"{len(rows)} rows from {', '.join(paths)}")
    print(f"{'column':<20} {'filled':>7} {'share':>6}")
    for column in tables[0].fieldnames or []:
        filled = sum(1 for row in rows if row[column])
        print(f"{column:<20} {filled:>7} {filled / len(rows) if rows else 0:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) if len(sys.argv) > 1 else print(__doc__) or 2)
