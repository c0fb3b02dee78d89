"""The book's runs: declared in ``notebooks/runs.yml``, executed with papermill, cached by content.

``runs.yml`` declares each source notebook once (its path and the data resources it reads) and
each run of it: the run's title and parameters. One notebook may back several runs, each a chapter
of the book. A run's executed notebook is written to ``book/runs/<run>.ipynb``, which the book
reads with execution off::

    notebooks:
      network_mapping:
        path: notebooks/network_mapping.ipynb
        reads: [networks, organisations, ties]
    runs:
      wp1-inch:
        notebook: network_mapping
        title: "INCh: twenty local networks against child poverty compared"
        parameters: {study: inch}

A run is re-executed only when its content hash changed: the notebook's cells, its parameters, the
files of the data resources it reads (and the resources those reference through foreign keys) with
their schemas, or the source of the helper package. The hash is kept in the executed notebook's
metadata, so the executed notebooks are the whole cache.

Parameters are checked against the notebook's ``parameters`` cell before anything runs: an unknown
name or a value of the wrong type is refused (papermill itself only warns). While a run executes,
:func:`localwelfare.data.load` refuses resources the run did not declare, so the cache cannot miss
a change. A failing run keeps its executed notebook in ``_build/failed/`` for inspection and leaves
the previous output in place.

Examples
--------
>>> from localwelfare.pipeline import coerce_parameter
>>> coerce_parameter("run", "k_max", "int", "6")
6
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from localwelfare.errors import InputError

RUNS_FILE = Path("notebooks") / "runs.yml"
OUTPUT_DIR = Path("book") / "runs"
FAILED_DIR = Path("_build") / "failed"
PACKAGE_DIR = Path(__file__).resolve().parent
KERNEL = "python3"
#: Python types accepted for each type name papermill reads from the parameters cell.
TYPES = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


@dataclass
class Run:
    """One run of a notebook: a chapter of the book."""

    name: str
    notebook: Path
    title: str = ""
    parameters: dict = field(default_factory=dict)
    reads: list[str] = field(default_factory=list)

    def output(self, project: Path) -> Path:
        """The executed notebook the book reads."""
        return project / OUTPUT_DIR / f"{self.name}.ipynb"


# --- declaration and parameters ------------------------------------------------------------


def project_data_dir(project: Path) -> Path:
    """The data the book is made from: ``$LOCALWELFARE_DATA_DIR`` if set, else ``data/``."""
    from localwelfare import data

    return data.find_data_dir(os.environ.get(data.DATA_DIR_ENV) or project / "data")


def load_runs(project: str | os.PathLike = ".") -> dict[str, Run]:
    """Read ``notebooks/runs.yml`` of ``project`` and return its runs by name."""
    project = Path(project)
    path = project / RUNS_FILE
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"{path}: cannot read the runs declaration: {error}") from error
    notebooks = spec.get("notebooks") or {}
    runs = {}
    for name, run in (spec.get("runs") or {}).items():
        source = notebooks.get(run.get("notebook"))
        if source is None:
            raise InputError(
                f"{path}: run '{name}': field 'notebook': '{run.get('notebook')}' is not declared "
                f"under 'notebooks' (declared: {', '.join(notebooks) or 'none'})"
            )
        runs[name] = Run(
            name=name,
            notebook=project / source["path"],
            title=run.get("title", ""),
            parameters=dict(run.get("parameters") or {}),
            reads=list(source.get("reads") or []),
        )
    return runs


def notebook_parameters(notebook: str | os.PathLike) -> dict[str, dict]:
    """The parameters of a notebook's ``parameters`` cell: name -> type, default and help.

    The type is the annotation (``name: int = 3``) or, without one, the type of the default.
    """
    from papermill.inspection import inspect_notebook

    path = Path(notebook)
    if not path.is_file():
        raise InputError(f"{path}: notebook not found")
    inspected = inspect_notebook(str(path))
    unread = sorted(_assigned_names(path) - set(inspected))
    if unread:
        raise InputError(
            f"{path}: parameters cell: papermill cannot read the line(s) of {', '.join(unread)} "
            "(write `name: type = value  # help`, with no '=' or ';' in the help text)"
        )
    params = {}
    for name, info in inspected.items():
        kind = info["inferred_type_name"]
        if kind in ("None", None):
            try:
                kind = type(ast.literal_eval(info["default"])).__name__
            except (ValueError, SyntaxError):
                kind = "None"
        params[name] = {"type": kind, "default": info["default"], "help": info["help"]}
    return params


def _assigned_names(path: Path) -> set[str]:
    """Names assigned in the notebook's cell tagged ``parameters``."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    names: set[str] = set()
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse(cell.source).body:
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [getattr(node, "target", None)]
                )
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def coerce_parameter(run: str, name: str, kind: str, value):
    """Return ``value`` as parameter ``name`` of type ``kind``, or raise :class:`InputError`.

    Strings from the command line are read as YAML scalars first (``3`` -> 3, ``true`` -> True).
    """
    if isinstance(value, str) and kind != "str":
        try:
            value = yaml.safe_load(value)
        except yaml.YAMLError:
            pass
    accepted = TYPES.get(kind)
    if accepted is None:  # untyped or exotic annotation: papermill's own rules apply
        return value
    if kind in ("int", "float") and isinstance(value, bool):
        accepted = ()
    if not isinstance(value, accepted):
        raise InputError(
            f"run '{run}': parameter '{name}': expected {kind}, got {type(value).__name__} "
            f"{value!r}"
        )
    return float(value) if kind == "float" else value


def check_parameters(run: Run, overrides: dict | None = None) -> dict:
    """Return the run's parameters (runs.yml, then ``overrides``) checked against the notebook.

    Raises :class:`InputError` naming the run and the parameter for an unknown name or a value of
    the wrong type, before anything executes.
    """
    declared = notebook_parameters(run.notebook)
    given = {**run.parameters, **(overrides or {})}
    checked = {}
    for name, value in given.items():
        if name not in declared:
            raise InputError(
                f"run '{run.name}': unknown parameter '{name}' for {run.notebook.name} "
                f"(its parameters: {', '.join(declared) or 'none'})"
            )
        checked[name] = coerce_parameter(run.name, name, declared[name]["type"], value)
    return checked


# --- content hash --------------------------------------------------------------------------


def _sha(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _notebook_content(path: Path) -> bytes:
    """The cells' sources and tags, so that stray outputs or metadata do not count."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        (c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []))
        for c in nb["cells"]
    ]
    return json.dumps(cells).encode()


#: Parts of the package that cannot change what a notebook computes: the command line and the
#: publishing extension. Editing them re-executes no run.
NOT_IN_RUNS = ("cli.py", "__main__.py", "publish.py", "commands")


def package_hash() -> str:
    """Hash of the helper package's source (what the notebooks import)."""
    files = sorted(
        f
        for f in PACKAGE_DIR.rglob("*.py")
        if f.relative_to(PACKAGE_DIR).parts[0] not in NOT_IN_RUNS
    )
    return _sha(*(str(f.relative_to(PACKAGE_DIR)).encode() + f.read_bytes() for f in files))


def data_hash(data_dir: Path, resources: list[str]) -> str:
    """Hash of the files and schemas of ``resources`` and of the resources they reference."""
    from localwelfare import data

    desc = data.descriptor(data_dir)
    by_name = {r["name"]: r for r in desc["resources"]}
    todo, seen = list(resources), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in by_name:
            raise InputError(f"{data_dir / data.DESCRIPTOR}: a run reads unknown resource '{name}'")
        seen.add(name)
        schema = by_name[name].get("schema") or {}
        todo += [fk["reference"].get("resource") or name for fk in schema.get("foreignKeys", [])]
    parts = []
    for name in sorted(seen):
        res = by_name[name]
        parts.append(json.dumps(res, sort_keys=True).encode())
        parts.append((data_dir / res["path"]).read_bytes())
    return _sha(*parts)


def run_hash(run: Run, parameters: dict, data_dir: Path, package: str) -> str:
    """The content hash that decides whether ``run`` must execute again."""
    return _sha(
        _notebook_content(run.notebook),
        json.dumps(parameters, sort_keys=True).encode(),
        json.dumps(run.title).encode(),
        data_hash(data_dir, run.reads).encode(),
        package.encode(),
    )


def cached_hash(output: Path) -> str | None:
    """The content hash stored in an executed notebook, if any."""
    try:
        nb = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return nb.get("metadata", {}).get("localwelfare", {}).get("hash")


# --- execution -----------------------------------------------------------------------------


def _finish_notebook(path: Path, run: Run, parameters: dict, declared: dict, digest: str) -> None:
    """Hide the injected parameters, show the parameters the run used, set title and hash."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    index = None
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags or "parameters" in tags:
            cell.metadata["tags"] = sorted(set(tags) | {"remove-cell"})
            index = i
    if run.title:
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                lines = cell.source.splitlines()
                if lines and lines[0].startswith("# "):
                    cell.source = "\n".join([f"# {run.title}", *lines[1:]])
                break
    rows = ["| parameter | value | meaning |", "|---|---|---|"]
    for name, info in declared.items():
        value = parameters.get(name, ast.literal_eval(info["default"]) if info["default"] else "")
        shown = json.dumps(value, ensure_ascii=False).replace("|", "\\|")
        rows.append(f"| `{name}` | `{shown}` | {info['help'] or ''} |")
    table = nbformat.v4.new_markdown_cell(
        ":::{dropdown} Parameters of this run\n"
        f"This page is run `{run.name}` of `{run.notebook.name}`, executed with:\n\n"
        + "\n".join(rows)
        + "\n\nRe-run it with other values: `python -m localwelfare run "
        + f"{run.name} -p NAME VALUE`.\n:::"
    )
    table.metadata["tags"] = ["run-parameters"]
    nb.cells.insert((index if index is not None else 0) + 1, table)
    nb.metadata["localwelfare"] = {"run": run.name, "hash": digest, "parameters": parameters}
    nbformat.write(nb, path)


def _execute_here(job: dict) -> dict:
    """Execute one run in this process; return what happened (never raises)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            job["notebook"],
            job["output"],
            parameters=job["parameters"],
            kernel_name=KERNEL,
            cwd=job["cwd"],
            progress_bar=False,
        )
    except PapermillExecutionError as error:
        # Name the cell as the author knows it: its position in the source notebook (papermill
        # inserted the injected-parameters cell) and its first line.
        cells = [
            c
            for c in nbformat.read(job["output"], as_version=4).cells
            if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])
        ]
        injected = sum(
            "injected-parameters" in c.get("metadata", {}).get("tags", [])
            for c in cells[: error.cell_index]
        )
        lines = [line for line in cells[error.cell_index].source.splitlines() if line.strip()]
        return {
            "ok": False,
            "cell": f"cell {error.cell_index - injected + 1} ({lines[0].strip() if lines else ''})",
            "error": f"{error.ename}: {error.evalue}",
            "seconds": time.perf_counter() - start,
        }
    except Exception as error:  # kernel died, notebook unreadable, ...
        return {
            "ok": False,
            "cell": None,
            "error": repr(error),
            "seconds": time.perf_counter() - start,
        }
    return {"ok": True, "seconds": time.perf_counter() - start}


def _execute(job: dict) -> dict:
    """Execute one run in a child process with the run's environment (data folder, reads)."""
    import subprocess

    env = dict(os.environ)
    env["LOCALWELFARE_DATA_DIR"] = job["data_dir"]
    env["LOCALWELFARE_DECLARED_READS"] = ",".join(job["reads"])
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    result = subprocess.run(
        [sys.executable, "-m", "localwelfare.pipeline", json.dumps(job)],
        env=env,
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {
            "ok": False,
            "cell": None,
            "seconds": 0.0,
            "error": f"the executing process failed: {result.stderr.strip()[-2000:]}",
        }


def _execute_in_worker(job: dict) -> dict:
    """Execute one run in a long-lived worker process of :func:`execute_runs`.

    The worker imports papermill once for all the runs it executes; the run's environment (data
    folder, declared reads) is set before each execution and passed on to the kernel it starts.
    """
    os.environ["LOCALWELFARE_DATA_DIR"] = job["data_dir"]
    os.environ["LOCALWELFARE_DECLARED_READS"] = ",".join(job["reads"])
    return _execute_here(job)


class RunFailed(InputError):
    """A run failed: the message names the run, the cell and the error."""


class Progress:
    """A line per event and a running count: executing, cached, done, left."""

    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.stream = total, stream
        self.executing: set[str] = set()
        self.cached = self.done = self.failed = 0

    def event(self, run: str, what: str) -> None:
        if what == "executing":
            self.executing.add(run)
        else:
            self.executing.discard(run)
            if what.startswith("cached"):
                self.cached += 1
            elif what.startswith("done"):
                self.done += 1
            elif what.startswith("FAILED"):
                self.failed += 1
        left = self.total - self.cached - self.done - self.failed
        running = ", ".join(sorted(self.executing)) or "-"
        print(
            f"[{self.total - left}/{self.total}] {run}: {what}  "
            f"(cached {self.cached}, done {self.done}, left {left}; executing: {running})",
            file=self.stream,
            flush=True,
        )


def execute_runs(
    project: str | os.PathLike = ".",
    names: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    stream=sys.stderr,
) -> dict[str, str]:
    """Execute the runs of ``project`` whose content changed; return run -> status.

    Status is ``"cached"`` or ``"executed"``. All parameters are checked before anything runs. A
    failure stops the build: runs not started are cancelled, the failed notebook is kept in
    ``_build/failed/<run>.ipynb``, the previous output stays, and :class:`RunFailed` is raised.
    """

    project = Path(project).resolve()
    runs = load_runs(project)
    if names:
        unknown = [n for n in names if n not in runs]
        if unknown:
            raise InputError(f"unknown run(s): {', '.join(unknown)} (known: {', '.join(runs)})")
        runs = {n: runs[n] for n in names}
    data_dir = project_data_dir(project)
    package = package_hash()
    # A run whose hash (notebook, parameters as declared, data, package) matches its executed
    # notebook was checked when it executed; every other run is checked before any executes.
    plan = {}
    for run in runs.values():
        plan[run.name] = (run, run.parameters, run_hash(run, run.parameters, data_dir, package))
    progress = Progress(len(plan), stream)
    status = {}
    todo = []
    for name, (run, _, digest) in plan.items():
        if not force and cached_hash(run.output(project)) == digest:
            status[name] = "cached"
            progress.event(name, "cached")
        else:
            todo.append(name)
    for name in todo:
        run, _, digest = plan[name]
        plan[name] = (run, check_parameters(run), digest)
    if not todo:
        return status

    (project / "_build").mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="runs-", dir=project / "_build"))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    lock = threading.Lock()
    stop = threading.Event()
    failures: list[str] = []

    def work(name: str) -> None:
        if stop.is_set():
            return
        run, parameters, digest = plan[name]
        executed = staging / f"{name}.ipynb"
        with lock:
            progress.event(name, "executing")
        job = {
            "notebook": str(run.notebook),
            "output": str(executed),
            "parameters": parameters,
            "reads": run.reads,
            "data_dir": str(data_dir),
            "cwd": str(project),
        }
        try:
            result = workers.submit(_execute_in_worker, job).result()
        except BrokenProcessPool as error:
            result = {"ok": False, "cell": None, "error": f"the worker process died: {error}"}
        with lock:
            if result["ok"]:
                _finish_notebook(executed, run, parameters, declared[run.notebook], digest)
                output = run.output(project)
                output.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(executed, output)
                status[name] = "executed"
                progress.event(name, f"done in {result['seconds']:.1f} s")
                return
            stop.set()
            kept = project / FAILED_DIR / f"{name}.ipynb"
            kept.parent.mkdir(parents=True, exist_ok=True)
            if executed.exists():
                shutil.move(executed, kept)
            where = result["cell"] or "before any cell ran"
            failures.append(
                f"run '{name}' ({run.notebook.name}) failed in {where}: {result['error']}\n"
                f"The executed notebook is kept in {kept}."
            )
            progress.event(name, "FAILED")

    declared = {run.notebook: notebook_parameters(run.notebook) for run, _, _ in plan.values()}
    # One thread per slot hands its runs, one at a time, to the pool of `jobs` worker processes,
    # so "executing" in the progress display is exactly what the workers are doing.
    context = multiprocessing.get_context("spawn")
    with (
        cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as workers,
        cf.ThreadPoolExecutor(max_workers=jobs) as pool,
    ):
        list(pool.map(work, todo))
    failure = "\n".join(failures)
    shutil.rmtree(staging, ignore_errors=True)
    if failure:
        raise RunFailed(failure)
    return status


def execute_one(
    project: str | os.PathLike,
    name: str,
    overrides: dict,
    output: str | os.PathLike,
) -> Path:
    """Execute run ``name`` with ``overrides`` to ``output``, outside the book and its cache."""

    project = Path(project).resolve()
    runs = load_runs(project)
    if name not in runs:
        raise InputError(f"unknown run '{name}' (known: {', '.join(runs)})")
    run = runs[name]
    parameters = check_parameters(run, overrides)
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    job = {
        "notebook": str(run.notebook),
        "output": str(output),
        "parameters": parameters,
        "reads": run.reads,
        "data_dir": str(project_data_dir(project)),
        "cwd": str(project),
    }
    result = _execute(job)
    if not result["ok"]:
        raise RunFailed(
            f"run '{name}' failed in {result['cell']}: {result['error']}\n"
            f"The executed notebook is kept in {output}."
        )
    _finish_notebook(output, run, parameters, notebook_parameters(run.notebook), "")
    return output


# --- the data ------------------------------------------------------------------------------

DATA_STAMP = Path("_build") / "data-valid.sha256"


def validate_data(project: str | os.PathLike = ".", force: bool = False, stream=sys.stderr) -> None:
    """Validate the whole data package, or skip it when nothing in it changed since the last
    successful validation (the stamp holds a hash of every file of the package)."""
    import frictionless

    from localwelfare import data

    project = Path(project).resolve()
    data_dir = project_data_dir(project)
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    digest = _sha(
        frictionless.__version__.encode(),
        *(str(f.relative_to(data_dir)).encode() + f.read_bytes() for f in files),
    )
    stamp = project / DATA_STAMP
    if not force and stamp.is_file() and stamp.read_text() == digest:
        print("data: unchanged since the last validation", file=stream, flush=True)
        return
    problems = data.validate(data_dir)
    if problems:
        raise data.DataValidationError(problems)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    print(f"data: {data_dir / data.DESCRIPTOR} is valid", file=stream, flush=True)


# --- the book ------------------------------------------------------------------------------

BOOK_INPUTS = ["_config.yml", "_toc.yml", "book"]
HTML_DIR = Path("_build") / "html"
WORK_DIR = Path("_build") / "work"
STAMP = Path("_build") / "book-inputs.sha256"


def book_hash(project: Path) -> str:
    """Hash of everything the book is built from (pages, executed runs, configuration)."""
    from localwelfare.publish import git_commit

    files = []
    for entry in BOOK_INPUTS:
        path = project / entry
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    files = [f for f in files if ".ipynb_checkpoints" not in f.parts]
    return _sha(
        str(git_commit(project)).encode(),  # every page's footer shows the commit
        (PACKAGE_DIR / "publish.py").read_bytes(),
        package_hash().encode(),
        *(str(f.relative_to(project)).encode() + f.read_bytes() for f in files),
    )


def build_book(
    project: str | os.PathLike = ".", builder: str = "html", force: bool = False, stream=sys.stderr
) -> Path:
    """Build the book with Jupyter Book (execution off, warnings as errors) and return its folder.

    The build happens in ``_build/work``; only a build without warnings replaces ``_build/html``,
    so a failed build leaves the previous book untouched. Nothing is built when no input changed.
    """
    import subprocess

    project = Path(project).resolve()
    html, work, stamp = project / HTML_DIR, project / WORK_DIR, project / STAMP
    digest = book_hash(project)
    if not force and html.is_dir() and stamp.is_file() and stamp.read_text() == digest:
        print("book: up to date, nothing to build", file=stream, flush=True)
        return html
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(project),
        "--path-output",
        str(work),
        "--builder",
        builder,
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]
    print("book: building with Jupyter Book (warnings are errors)", file=stream, flush=True)
    # Sphinx never deletes the pages of documents that left the book: when the table of contents
    # or the configuration changed, start from an empty output folder (the parsed documents in
    # .doctrees are kept, so unchanged pages are still not read again).
    layout = _sha(*((project / name).read_bytes() for name in ("_toc.yml", "_config.yml")))
    layout_stamp = work / f"layout-{builder}.sha256"
    if not layout_stamp.is_file() or layout_stamp.read_text() != layout:
        shutil.rmtree(work / "_build" / builder, ignore_errors=True)
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    if result.returncode != 0:
        # Sphinx pickles its environment even after warnings: forget it so that the next build
        # reads every page again and reports the same warnings.
        shutil.rmtree(work / "_build" / ".doctrees", ignore_errors=True)
        log = (result.stdout + result.stderr).strip().splitlines()
        shown = [line for line in log if "WARNING" in line or "ERROR" in line] or log[-30:]
        raise InputError(
            "the book build failed; the previous book is untouched:\n  " + "\n  ".join(shown[:60])
        )
    built = work / "_build" / builder
    layout_stamp.write_text(layout)
    if builder == "html":
        old = html.with_name("html.old")
        shutil.rmtree(old, ignore_errors=True)
        if html.exists():
            html.rename(old)
        shutil.copytree(built, html)
        shutil.rmtree(old, ignore_errors=True)
        stamp.write_text(digest)
        print(f"book: built {html}", file=stream, flush=True)
        return html
    return built


if __name__ == "__main__":  # the child process of one run, started by _execute
    print(json.dumps(_execute_here(json.loads(sys.argv[1]))))
