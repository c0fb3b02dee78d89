"""Time `make book`: a clean build, a no-op rebuild, and a rebuild after one parameter changed.

Run with the environment installed (`make book` once), from the repository root:

    .venv/bin/python benchmarks/pipeline.py [--repeats 3] [--run RUN --parameter NAME]
    .venv/bin/python benchmarks/pipeline.py --compare-jb1 [--repeats 3]

It works on a copy of the repository in a temporary folder, so the working tree is untouched, and
prints the median of the repeats for each case against the targets for a 2-core machine. Each
build is ``python -m localwelfare book --project COPY`` with the copy's ``src`` first on
``PYTHONPATH``, so the copy's package is the one imported (and hashed).

The three cases, in each repeat: *clean build* (``_build`` and ``book/runs`` removed), *no-op
rebuild* (the same command again, nothing changed) and *one parameter changed* (``--parameter`` of
``--run`` set to ``10 + repeat`` in ``notebooks/runs.yml``).

With ``--compare-jb1`` the same three cases are timed against Jupyter Book 1's own cached
execution, on a second copy of the repository set up as Jupyter Book 1 documents it. Both copies
keep only the runs that are pages of the book (``_toc.yml``): Jupyter Book executes nothing else,
while ``book`` also executes runs made for other publications (the short report's).

- every run of ``notebooks/runs.yml`` is prepared with ``papermill --prepare-only -y PARAMETERS
  notebooks/NOTEBOOK.ipynb book/runs/RUN.ipynb``: the source notebook with the run's parameters
  injected, unexecuted, where ``_toc.yml`` expects the run's page;
- ``_config.yml`` says ``execute: {execute_notebooks: cache, timeout: 600}`` (600 s per cell,
  the pipeline's default ``timeout``); Jupyter Book then executes each notebook in its own folder
  with jupyter-cache (``_build/.jupyter_cache``) and re-executes a notebook only when its code
  cells changed. Nothing else in the configuration changes (the same extensions and theme);
- Jupyter Book executes a notebook in the notebook's folder (``book/runs``), while the notebooks
  read the runs' declaration ``notebooks/runs.yml`` (the claims cells: ``findings`` looks up the
  run's specification) relative to the repository root, where the pipeline executes them. So
  ``book/runs/notebooks`` is a link to ``notebooks/`` (not a page: ``only_build_toc_files``);
  without it every run but study-design stops at its claims cell, an error Jupyter Book only
  warns about, and its clean build skips most of the work. The benchmark stops if Jupyter Book
  reports a notebook whose execution failed;
- ``book/runs/manifest.json``, a page input the pipeline writes (the manifest appendix), is
  copied from the compendium's first build, so both books have the same pages;
- each build is ``jupyter-book build COPY --builder html --keep-going`` with the same
  environment (the copy's ``src`` on ``PYTHONPATH``). It is not given ``--warningiserror``
  (the pipeline's build is): Jupyter Book's pages differ slightly (the injected-parameters cell
  is shown, the four runs of a notebook share its title), and warnings do not stop a build.

Only ``jupyter-book build`` is timed: preparing the notebooks (for the clean build, and again for
the run whose parameter changed) happens before the clock starts, which favours Jupyter Book.
The clean build removes ``_build`` (the jupyter-cache included). The two are timed alternately,
compendium then Jupyter Book for each case of each repeat, so that drift of the machine hits both;
the table shows the medians and ``ratio`` = compendium / Jupyter Book.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"clean build": 40.0, "no-op rebuild": 1.0, "one parameter changed": 6.0}
IGNORE = shutil.ignore_patterns(
    ".venv", "_build", "runs", ".git", "*.pyc", "__pycache__", ".pytest_cache", ".ruff_cache"
)
BIN = Path(sys.executable).parent


def _timed(command: list[str], project: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(project / "src")},
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def book(project: Path) -> float:
    """Seconds of ``python -m localwelfare book`` on ``project``."""
    return _timed(
        [sys.executable, "-m", "localwelfare", "book", "--project", str(project)], project
    )


def jb1_book(project: Path) -> float:
    """Seconds of ``jupyter-book build`` (execution: cache) on the Jupyter Book copy; stops when
    a notebook's execution failed (Jupyter Book only warns)."""
    command = [str(BIN / "jupyter-book"), "build", str(project), "--builder", "html"]
    seconds = _timed([*command, "--keep-going"], project)
    reports = project / "_build" / "html" / "reports"
    failed = sorted(p.name for p in reports.rglob("*.err.log")) if reports.is_dir() else []
    if failed:
        sys.exit(f"Jupyter Book failed to execute {', '.join(failed)} (see {reports})")
    return seconds


def prepare(project: Path, run: str, spec: dict) -> None:
    """``papermill --prepare-only``: run ``run``'s notebook with its parameters injected."""
    notebook = spec["notebooks"][spec["runs"][run]["notebook"]]["path"]
    parameters = json.dumps(spec["runs"][run].get("parameters") or {})
    output = project / "book" / "runs" / f"{run}.ipynb"
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "papermill"), "--prepare-only", "-y", parameters, notebook, str(output)]
    subprocess.run(command, cwd=project, check=True, capture_output=True)


def jb1_project(tmp: Path) -> Path:
    """A copy of the repository set up for Jupyter Book 1's cached execution (see above)."""
    project = tmp / "jb1"
    shutil.copytree(REPO, project, ignore=IGNORE)
    book_runs_only(project)
    config = yaml.safe_load((project / "_config.yml").read_text())
    config["execute"] = {"execute_notebooks": "cache", "timeout": 600}
    (project / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    spec = yaml.safe_load((project / "notebooks" / "runs.yml").read_text())
    for run in spec["runs"]:
        prepare(project, run, spec)
    (project / "book" / "runs" / "notebooks").symlink_to(Path("..", "..", "notebooks"))
    return project


def book_runs_only(project: Path) -> None:
    """Keep in ``runs.yml`` only the runs that are pages of the book (``_toc.yml``)."""
    pages = {Path(p).name for p in (project / "_toc.yml").read_text().split() if "runs/" in p}
    runs_yml = project / "notebooks" / "runs.yml"
    spec = yaml.safe_load(runs_yml.read_text())
    spec["runs"] = {name: run for name, run in spec["runs"].items() if name in pages}
    runs_yml.write_text(yaml.safe_dump(spec, sort_keys=False))


def set_parameter(runs_yml: Path, run: str, parameter: str, value) -> dict:
    spec = yaml.safe_load(runs_yml.read_text())
    spec["runs"][run].setdefault("parameters", {})[parameter] = value
    runs_yml.write_text(yaml.safe_dump(spec, sort_keys=False))
    return spec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--run", default="study-design", help="run whose parameter changes")
    parser.add_argument("--parameter", default="small_cell", help="integer parameter to change")
    parser.add_argument(
        "--compare-jb1",
        action="store_true",
        help="time Jupyter Book 1's execute_notebooks: cache on the same runs, alternately",
    )
    args = parser.parse_args()

    times: dict[str, list[float]] = {case: [] for case in TARGETS}
    jb1: dict[str, list[float]] = {case: [] for case in TARGETS}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "compendium"
        shutil.copytree(REPO, project, ignore=IGNORE)
        if args.compare_jb1:
            book_runs_only(project)
        other = jb1_project(Path(tmp)) if args.compare_jb1 else None
        for i in range(args.repeats):
            shutil.rmtree(project / "_build", ignore_errors=True)
            shutil.rmtree(project / "book" / "runs", ignore_errors=True)
            times["clean build"].append(book(project))
            if other:
                shutil.copy(project / "book/runs/manifest.json", other / "book/runs")
                shutil.rmtree(other / "_build", ignore_errors=True)
                jb1["clean build"].append(jb1_book(other))
            times["no-op rebuild"].append(book(project))
            if other:
                jb1["no-op rebuild"].append(jb1_book(other))
            set_parameter(project / "notebooks" / "runs.yml", args.run, args.parameter, 10 + i)
            times["one parameter changed"].append(book(project))
            if other:
                runs_yml = other / "notebooks" / "runs.yml"
                spec = set_parameter(runs_yml, args.run, args.parameter, 10 + i)
                prepare(other, args.run, spec)
                jb1["one parameter changed"].append(jb1_book(other))
            print(f"repeat {i + 1}: compendium {times}, jb1 {jb1}", file=sys.stderr, flush=True)
    if other:
        print("case, compendium_s, jb1_cache_s, ratio")
        for case, values in times.items():
            ours, theirs = statistics.median(values), statistics.median(jb1[case])
            print(f"{case}, {ours:.1f}, {theirs:.1f}, {ours / theirs:.2f}")
        print(
            f"(medians of {args.repeats}; targets: "
            + ", ".join(
                f"{case} <= {target:g} s and <= 1/3 of jb1" for case, target in TARGETS.items()
            )
            + ")"
        )
        return
    print(f"{'case':<24}{'median s':>10}{'target s':>10}  repeats")
    for case, values in times.items():
        median = statistics.median(values)
        verdict = "ok" if median <= TARGETS[case] else "OVER TARGET"
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(f"{case:<24}{median:>10.1f}{TARGETS[case]:>10.1f}  [{shown}] {verdict}")


if __name__ == "__main__":
    main()
