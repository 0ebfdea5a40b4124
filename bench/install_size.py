"""What each way of installing Hadath puts on disk (not a test): virtualenv size and package count.

Each target runs the repository's own uv command, found where it is written, in a fresh
copy of the repository's files (tracked and new, not ignored), so a checkout of any commit
is measured the way it installs itself:

  make run        the ``uv sync`` line that ``make -n run`` prints
  image           the Dockerfile's ``RUN uv sync ...`` line, with its ``UV_*`` settings (bytecode
                  compiled), default build arguments; and again with ``HADATH_EXTRAS=tracing``
  make test       the ``uv sync`` line that ``make -n setup`` prints

Size is what ``du`` reports for ``.venv`` (each file once); packages are the
``*.dist-info`` folders in site-packages (the project itself included where it is installed).
Packages come from uv's cache when it has them.

    .venv/bin/python bench/install_size.py [--repo PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Target:
    name: str
    command: str  # a shell command run in the copy
    env: dict[str, str]


def make_sync_line(repo: Path, goal: str) -> str:
    """The ``uv sync`` command that ``make <goal>`` would run."""
    printed = subprocess.run(["make", "-n", "-C", str(repo), goal], capture_output=True, text=True, check=True)
    lines = [line.strip() for line in printed.stdout.splitlines() if re.search(r"\buv sync\b", line)]
    if not lines:
        sys.exit(f"make -n {goal} runs no uv sync")
    return lines[-1]


def dockerfile_target(repo: Path, name: str, extras: str) -> Target:
    text = (repo / "Dockerfile").read_text(encoding="utf-8")
    found = re.search(r"^RUN (uv sync .*)$", text, flags=re.MULTILINE)
    if not found:
        sys.exit("the Dockerfile has no RUN uv sync line")
    settings = dict(re.findall(r"\b(UV_[A-Z_]+)=(\S+)", text))
    command = found.group(1)
    if extras and "HADATH_EXTRAS" not in command:
        command += f" --extra {extras}"  # a Dockerfile from before the build argument
    return Target(name, command, settings | {"HADATH_EXTRAS": extras})


def copy_repository(repo: Path, target: Path) -> None:
    listed = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = repo / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def measure(repo: Path, target: Target) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="hadath-install-") as directory:
        folder = Path(directory)
        copy_repository(repo, folder)
        env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
        result = subprocess.run(
            ["sh", "-c", target.command + " --quiet"], cwd=folder, env=env | target.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            sys.exit(f"{target.name}: {target.command} failed:\n{result.stderr[-2000:]}")
        venv = folder / ".venv"
        size = subprocess.run(["du", "-sk", str(venv)], capture_output=True, text=True, check=True).stdout.split()[0]
        packages = len(list(venv.glob("lib/python3*/site-packages/*.dist-info")))
        return int(size) / 1024, packages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="the checkout to measure (default: this one)")
    args = parser.parse_args()
    repo = args.repo.resolve()
    extras = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    targets = [
        Target("make run", make_sync_line(repo, "run"), {}),
        dockerfile_target(repo, "image", ""),
        Target("make test", make_sync_line(repo, "setup"), {}),
    ]
    if "tracing" in extras.get("optional-dependencies", {}):
        targets.insert(2, dockerfile_target(repo, "image, tracing extra", "tracing"))
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    print(f"{repo} (commit {commit.stdout.strip()}, uncommitted changes included)")
    print(f"{'install':<24}{'venv MB':>9}{'packages':>10}  command")
    for target in targets:
        size, packages = measure(repo, target)
        shown = " ".join(f"{key}={value}" for key, value in target.env.items() if value) + " " + target.command
        print(f"{target.name:<24}{size:>9.0f}{packages:>10}  {shown.strip()}")


if __name__ == "__main__":
    main()
