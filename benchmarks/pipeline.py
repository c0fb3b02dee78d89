"""Time `make book`: a clean build, a no-op rebuild, and a rebuild after one parameter changed.

Run with the environment installed (`make book` once), from the repository root:

    .venv/bin/python benchmarks/pipeline.py [--repeats 3] [--run RUN --parameter NAME]

It works on a copy of the repository in a temporary folder, so the working tree is untouched, and
prints the median of the repeats for each case against the targets for a 2-core machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"clean build": 60.0, "no-op rebuild": 5.0, "one parameter changed": 15.0}
IGNORE = shutil.ignore_patterns(
    ".venv", "_build", "runs", ".git", "*.pyc", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def book(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "localwelfare", "book", "--project", str(project)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--run", default="study-design", help="run whose parameter changes")
    parser.add_argument("--parameter", default="small_cell", help="integer parameter to change")
    args = parser.parse_args()

    times: dict[str, list[float]] = {case: [] for case in TARGETS}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "compendium"
        shutil.copytree(REPO, project, ignore=IGNORE)
        runs_yml = project / "notebooks" / "runs.yml"
        for i in range(args.repeats):
            shutil.rmtree(project / "_build", ignore_errors=True)
            shutil.rmtree(project / "book" / "runs", ignore_errors=True)
            times["clean build"].append(book(project))
            times["no-op rebuild"].append(book(project))
            spec = yaml.safe_load(runs_yml.read_text())
            spec["runs"][args.run].setdefault("parameters", {})[args.parameter] = 10 + i
            runs_yml.write_text(yaml.safe_dump(spec, sort_keys=False))
            times["one parameter changed"].append(book(project))
    print(f"{'case':<24}{'median s':>10}{'target s':>10}  repeats")
    for case, values in times.items():
        median = statistics.median(values)
        verdict = "ok" if median <= TARGETS[case] else "OVER TARGET"
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(f"{case:<24}{median:>10.1f}{TARGETS[case]:>10.1f}  [{shown}] {verdict}")


if __name__ == "__main__":
    main()
