"""Executing runs: papermill in worker processes, each executed notebook finished and kept whole.

There is one way to execute a run. A job (:func:`_job`) goes to a worker process
(:class:`Workers`), which sets the run's environment (its data folder, the resources it declared,
a fixed hash seed; :func:`_run_environment`) and has papermill execute the notebook in a fresh
kernel (:func:`_execute_job`). An executed notebook is then finished (:func:`_finish_notebook`):
the injected parameters hidden, a table of the parameters the run used shown, the chapter's title
set, styled tables given stable ids, and its content hash and manifest stored in its metadata.

:func:`execute_runs` executes the book's runs whose content hash changed, in parallel, each
finished in a staging folder and moved into ``book/runs`` in one rename; :func:`execute_one`
executes one run with other parameters, outside the book and its cache. This room also owns what
a build needs around that: the build lock, turning SIGTERM into Ctrl-C (:func:`interruptible`),
the progress display and the errors :class:`RunFailed` and :class:`BuildInterrupted`.

It calls the ``runs``, ``cache`` and ``manifest`` rooms.
"""

from __future__ import annotations

import ast
import collections
import concurrent.futures as cf
import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import queue
import re
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from localwelfare.errors import InputError
from localwelfare.pipeline.cache import cached_hash, lock_hash, package_hash, run_hash
from localwelfare.pipeline.manifest import notebook_text, run_manifest, write_manifest
from localwelfare.pipeline.runs import (
    OUTPUT_DIR,
    Run,
    check_parameters,
    lean_pythonpath,
    load_runs,
    notebook_parameters,
    project_data_dir,
)

log = logging.getLogger(__name__)

#: Where a failed run's executed notebook is kept for inspection.
FAILED_DIR = Path("_build") / "failed"
KERNEL = "python3"
#: Random suffixes pandas gives a styled table's HTML ids (``T_1a2b3``): made deterministic.
_STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?=[_\"\s])")


class RunFailed(InputError):
    """A run failed: the message names the run, the cell and the error."""


class BuildInterrupted(KeyboardInterrupt):
    """The build was interrupted (Ctrl-C, SIGTERM): nothing it had not finished was kept."""


# --- one run in a worker process ----------------------------------------------------------


def _job(
    project: Path,
    run: Run,
    parameters: dict,
    data_dir: Path,
    output: Path,
    progress: bool = False,
    validated: bool = False,
    more: bool = False,
) -> dict:
    """What a worker needs to execute ``run`` with ``parameters`` into ``output`` (plain data,
    sent to the worker process); with ``progress``, papermill shows a progress bar per cell;
    ``validated``: the whole data package was validated, loads need not validate again;
    ``more``: other runs wait for a worker (it then starts a kernel for the next one)."""
    return {
        "run": run.name,
        "notebook": str(run.notebook),
        "output": str(output),
        "parameters": parameters,
        "reads": run.reads,
        "data_dir": str(data_dir),
        "cwd": str(project),
        "timeout": run.timeout,
        "progress": progress,
        "validated": validated,
        "more": more,
    }


#: One thread per kernel for the numerical libraries (OpenBLAS, MKL, OpenMP): the build runs a
#: kernel per core already, and threads that each kernel would start per core only compete with
#: the other kernels; a run's numbers then do not depend on the machine's number of cores either.
SINGLE_THREADED = {
    name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
}


def _kernel_environment() -> dict:
    """The environment every kernel starts with: a fixed hash seed (so that the iteration order
    of sets of strings is the same in every build), one thread for the numerical libraries
    (:data:`SINGLE_THREADED`) and the pipeline's path
    (:func:`~localwelfare.pipeline.runs.lean_pythonpath`)."""
    return {
        **SINGLE_THREADED,
        "PYTHONPATH": lean_pythonpath(),
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


#: The variables :func:`_job_environment` sets.
JOB_VARIABLES = (
    "LOCALWELFARE_DATA_VALIDATED",
    "LOCALWELFARE_DATA_DIR",
    "LOCALWELFARE_DECLARED_READS",
)


def _job_environment(job: dict) -> dict:
    """What a run adds to the kernel's environment: the data folder, the declared reads (if
    ``job`` has them), and the data folder when the build validated it whole
    (:data:`localwelfare.data.VALIDATED_ENV`)."""
    environment = {
        "LOCALWELFARE_DATA_VALIDATED": job["data_dir"] if job.get("validated") else "",
        "LOCALWELFARE_DATA_DIR": job["data_dir"],
    }
    if "reads" in job:
        environment["LOCALWELFARE_DECLARED_READS"] = ",".join(job["reads"])
    return environment


def _waiting_environment(build: dict) -> dict:
    """The environment a kernel waiting for one of ``build``'s runs starts with: this process's
    (without the variables of its last run), :func:`_kernel_environment`, and the build's data
    folder; the run's declared reads are set when it arrives (:meth:`_WaitingKernel.take`)."""
    own = {k: v for k, v in os.environ.items() if k not in JOB_VARIABLES}
    return {**own, **_kernel_environment(), **_job_environment(build)}


def _build_of(project: Path, data_dir: Path, validated: bool = False) -> dict:
    """What the runs of one build share (the part of :func:`_job` that is not the run's): a
    worker starts its waiting kernels with it."""
    return {"cwd": str(project), "data_dir": str(data_dir), "validated": validated}


def _run_environment(job: dict) -> dict:
    """The environment a run's kernel works in (:func:`_kernel_environment` and
    :func:`_job_environment`)."""
    return {**_kernel_environment(), **_job_environment(job)}


#: What a kernel started ahead of its run imports while it waits: the modules every notebook
#: imports in its first cells. Importing them changes nothing the run computes or shows; it only
#: moves their import time out of the run's way.
PRELOAD = (
    "import myst_nb, localwelfare.chapter, localwelfare.display, localwelfare.findings, "
    "localwelfare.plots"
)


class _WaitingKernel:
    """A fresh kernel started before its run is known, importing :data:`PRELOAD` meanwhile.

    It is started with :func:`_waiting_environment` in the project's folder (where papermill
    would start it); :meth:`take` gives it the run's :func:`_job_environment` and hands its
    manager to papermill. Each run still gets a kernel of its own, used once and shut down: a
    waiting kernel has run nothing but its imports.
    """

    def __init__(self, build: dict) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        # the kind of manager nbclient makes for papermill, so that it watches the kernel (a
        # kernel that dies fails its run) exactly as when it starts the kernel itself
        self.manager = AsyncKernelManager(kernel_name=KERNEL)
        run_sync(self.manager.start_kernel)(
            cwd=build["cwd"],
            env=_waiting_environment(build),
            # as nbclient starts a kernel: no IPython history written to disk
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
        )
        self.client = self.manager.blocking_client()
        self.client.start_channels()
        try:
            self.client.wait_for_ready(timeout=60)
            self.client.execute(PRELOAD, silent=True, store_history=False)
        except RuntimeError:  # the kernel did not start: papermill will say why
            self.shutdown()
            raise

    def _reply(self, msg_id: str, timeout: float) -> dict:
        while True:
            message = self.client.get_shell_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") == msg_id:
                return message["content"]

    def take(self, job: dict, timeout: float = 600):
        """Set the run's environment in the kernel (after its imports) and return its manager
        for papermill. A failed import is left for the notebook's own cell to report."""
        code = f"import os; os.environ.update({_job_environment(job)!r})"
        reply = self._reply(self.client.execute(code, silent=True, store_history=False), timeout)
        if reply["status"] != "ok":
            raise RuntimeError(f"could not set the run's environment: {reply.get('evalue')}")
        self.client.stop_channels()
        return self.manager

    def shutdown(self) -> None:
        """Stop the kernel at once (and our channels to it, if still open)."""
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            self.client.stop_channels()
        with contextlib.suppress(Exception):
            run_sync(self.manager.shutdown_kernel)(now=True)


def _waiting_kernel(build: dict) -> _WaitingKernel | None:
    """A :class:`_WaitingKernel`, or None when it would not start (papermill then starts the
    run's kernel itself and reports what went wrong)."""
    try:
        return _WaitingKernel(build)
    except Exception as error:
        log.debug(f"no kernel started ahead of the run: {error!r}")
        return None


def _failed_cell(output: str) -> str | None:
    """``cell N (first line)`` of the cell papermill marked as failed, numbered as in the source
    notebook (without the injected-parameters cell)."""
    import nbformat

    try:
        cells = nbformat.read(output, as_version=4).cells
    except (OSError, ValueError):
        return None
    cells = [
        c
        for c in cells
        if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])
        and "injected-parameters" not in c.get("metadata", {}).get("tags", [])
    ]

    def where(number: int) -> str:
        lines = [line for line in cells[number - 1].source.splitlines() if line.strip()]
        return f"cell {number} ({lines[0].strip() if lines else ''})"

    status = [c.get("metadata", {}).get("papermill", {}) for c in cells]
    for number, cell_status in enumerate(status, start=1):
        if cell_status.get("exception"):  # the cell raised
            return where(number)
    # The kernel died or the cell was stopped: papermill marks a cell as started before it runs
    # and as complete after it, even when it was cut short, and leaves the later cells pending;
    # so the failed cell is the last one that started. (Timing metadata would race the kernel's
    # messages on a busy machine.)
    started = [n for n, s in enumerate(status, start=1) if s.get("status", "pending") != "pending"]
    return where(started[-1]) if started else None


def _execute_job(job: dict, kernel: _WaitingKernel | None = None) -> dict:
    """Execute one run in this (worker) process, in ``kernel`` if given (else papermill starts
    one); return what happened, never raising.

    The run's environment is set here and passed on to the kernel papermill starts. With
    ``progress``, papermill's progress bar goes to this process's stderr, the terminal's (a
    worker inherits it); without, the book logs a line per run instead.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    os.environ.update(_run_environment(job))
    progress_bar = job["progress"] and {"desc": f"run {job['run']}", "unit": "cell"}
    start = time.perf_counter()
    failed = {"ok": False, "cell": None}
    try:
        papermill.execute_notebook(
            job["notebook"],
            job["output"],
            parameters=job["parameters"],
            kernel_name=KERNEL,
            cwd=job["cwd"],
            progress_bar=progress_bar,
            execution_timeout=job["timeout"],
            km=kernel.take(job) if kernel else None,
        )
    except Exception as error:
        failed["cell"] = _failed_cell(job["output"])
        if isinstance(error, CellTimeoutError):
            failed["error"] = (
                f"the cell ran longer than the per-cell timeout of {job['timeout']:g} s "
                "(`timeout` in runs.yml)"
            )
        elif isinstance(error, DeadKernelError):
            failed["error"] = f"the kernel died (DeadKernelError: {error})"
        elif hasattr(error, "ename"):  # PapermillExecutionError: the cell raised
            failed["error"] = f"{error.ename}: {error.evalue}"
        else:  # notebook unreadable, kernel would not start, ...
            failed["error"] = repr(error)
        return {**failed, "seconds": time.perf_counter() - start}
    return {"ok": True, "seconds": time.perf_counter() - start}


def _serve(connection, build: dict) -> None:
    """A worker's life: execute the jobs that arrive on ``connection`` until told to stop (None)
    or until the build is gone. Ctrl-C is left to the build, which stops its workers itself.

    While it waits for a job, a kernel for it is already starting (:class:`_WaitingKernel`):
    when the worker starts, and after a job that says more jobs are waiting (``more``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    kernel = _waiting_kernel(build)
    try:
        while (job := connection.recv()) is not None:
            result = _execute_job(job, kernel)
            connection.send(result)
            if kernel is not None:
                kernel.shutdown()
            kernel = _waiting_kernel(build) if job.get("more") else None
    except EOFError:  # the build ended without saying so
        return
    finally:
        if kernel is not None:
            kernel.shutdown()


class Workers:
    """Long-lived worker processes that execute the runs of one ``build`` (:func:`_build_of`),
    one run at a time each.

    A worker imports papermill once for all the runs it executes, and starts each run's kernel
    while it waits for the run (see :func:`_serve`). Workers are started with
    ``spawn``, so that none inherits the build's threads and locks. :meth:`kill` stops them at
    once (an interrupted build); each kernel then notices its parent is gone and exits.
    """

    def __init__(self, count: int, build: dict) -> None:
        context = multiprocessing.get_context("spawn")
        self._idle: queue.SimpleQueue = queue.SimpleQueue()
        self._connections, self._processes = [], []
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_serve, args=(theirs, build), name="localwelfare-worker"
            )
            process.start()
            theirs.close()
            self._connections.append(ours)
            self._processes.append(process)
            self._idle.put(ours)

    def execute(self, job: dict) -> dict:
        """Execute ``job`` in the next idle worker; return what happened."""
        connection = self._idle.get()
        try:
            connection.send(job)
            return connection.recv()
        except (EOFError, OSError) as error:
            died = f"the worker process died ({type(error).__name__})"
            return {"ok": False, "cell": None, "seconds": 0.0, "error": died}
        finally:
            self._idle.put(connection)

    def kill(self) -> None:
        """Kill the workers now."""
        for process in self._processes:
            process.kill()
        for process in self._processes:
            process.join(10)

    def close(self) -> None:
        """Let the workers finish and exit (killing those that do not within a minute)."""
        for connection in self._connections:
            with contextlib.suppress(OSError):
                connection.send(None)
        for process in self._processes:
            process.join(60)
        self.kill()
        for connection in self._connections:
            connection.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if error is not None:
            self.kill()
        self.close()


# --- the executed notebook ----------------------------------------------------------------


def _stable_styler_ids(nb, run: str) -> None:
    """Replace the random ids of styled tables by ids derived from the run and the position."""
    for i, cell in enumerate(nb.cells):
        for j, output in enumerate(cell.get("outputs", [])):
            for mime, value in output.get("data", {}).items():
                if not mime.endswith("text/html"):
                    continue
                text = notebook_text(value)
                ids = dict.fromkeys(_STYLER_ID.findall(text))
                for k, old in enumerate(ids):
                    new = hashlib.sha256(f"{run}/{i}/{j}/{k}".encode()).hexdigest()[:5]
                    text = re.sub(rf"\bT_{old}(?=[_\"\s])", f"T_{new}", text)
                output["data"][mime] = text


def _finish_notebook(
    path: Path,
    run: Run,
    parameters: dict,
    declared: dict,
    digest: str,
    data_dir: Path,
    project: Path,
) -> None:
    """Hide the injected parameters, show the parameters the run used, set title, hash and
    manifest, make styled tables' ids deterministic and papermill's paths relative.

    The parameters are a Markdown table in a dropdown of class ``lw-run-parameters``, left out
    of the chapter's numbered tables on purpose: it records how the page was made (the program's
    names, set as code), it says nothing about the findings, and it stays folded; the chapter's
    own tables (:func:`localwelfare.display.table`) are numbered 1, 2, ... after it."""
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
    # every parameter's value: the run's, else the notebook's default
    values = {n: ast.literal_eval(i["default"]) for n, i in declared.items() if i["default"]}
    values.update(parameters)
    rows = ["| parameter | value | meaning |", "|---|---|---|"]
    for name, info in declared.items():
        shown = json.dumps(values.get(name, ""), ensure_ascii=False).replace("|", "\\|")
        meaning = (info["help"] or "").replace("|", "\\|")
        if "`" not in meaning:  # the program's names (actor_group, k_max) set as code
            meaning = re.sub(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", r"`\g<0>`", meaning)
        rows.append(f"| `{name}` | `{shown}` | {meaning} |")
    table = nbformat.v4.new_markdown_cell(
        ":::{dropdown} Parameters of this run\n:class-container: lw-run-parameters\n\n"
        f"This page is run `{run.name}` of `{run.notebook.name}`, executed with:\n\n"
        + "\n".join(rows)
        + "\n\nRe-run it with other values: `python -m localwelfare run "
        + f"{run.name} -p NAME VALUE`.\n:::"
    )
    table.metadata["tags"] = ["run-parameters"]
    nb.cells.insert((index if index is not None else 0) + 1, table)
    _stable_styler_ids(nb, run.name)
    # papermill records where it read and wrote the notebook: absolute local paths, which a
    # published notebook must not show.
    recorded = nb.metadata.get("papermill", {})
    recorded["input_path"] = f"notebooks/{run.notebook.name}"
    recorded["output_path"] = f"{OUTPUT_DIR.as_posix()}/{run.name}.ipynb"
    nb.metadata["localwelfare"] = {
        "run": run.name,
        "hash": digest,
        "parameters": parameters,
        "manifest": run_manifest(nb, run, values, declared, data_dir, project),
    }
    nbformat.write(nb, path)


def _failure(run: Run, result: dict, kept: Path) -> str:
    """What went wrong in a failed run, and where its executed notebook is kept."""
    where = f"in {result['cell']}" if result["cell"] else "before any cell ran"
    return (
        f"run '{run.name}' ({run.notebook.name}) failed {where}: {result['error']}\n"
        f"The executed notebook is kept in {kept}."
    )


# --- interruptions, the lock, progress ----------------------------------------------------


@contextlib.contextmanager
def interruptible():
    """Turn SIGTERM into :class:`KeyboardInterrupt` (as Ctrl-C) in the main thread, so that an
    interrupted build unwinds through its clean-up code either way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def build_lock(project: Path):
    """Hold ``_build/build.lock`` while building: a second build of the same project waits for
    nothing and is refused, so that it cannot clean what the first is writing."""
    import fcntl

    path = project / "_build" / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{path}: another build of this project is running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def say(text: str, stream=None) -> None:
    """A progress message: to ``stream`` if given, else to the log (INFO, see :mod:`logging`;
    the command line shows it on stderr unless run with ``-q``)."""
    if stream is None:
        log.info(text)
    else:
        print(text, file=stream, flush=True)


class Progress:
    """The status of each run of a build (``cached``, ``executing``, ``executed``, ``failed``)
    and a line per change, with the running count: cached, done, left and executing."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.stream = total, stream
        self.status: dict[str, str] = {}

    def set(self, run: str, status: str, what: str | None = None) -> None:
        """Set the status of ``run`` and say so (``what``: the words shown, default the status)."""
        self.status[run] = status
        count = collections.Counter(self.status.values())
        finished = count["cached"] + count["executed"] + count["failed"]
        running = ", ".join(sorted(n for n, s in self.status.items() if s == "executing")) or "-"
        say(
            f"[{finished}/{self.total}] {run}: {what or status}  "
            f"(cached {count['cached']}, done {count['executed']}, "
            f"left {self.total - finished}; executing: {running})",
            self.stream,
        )


# --- the book's runs, and one run with other parameters -----------------------------------


def execute_runs(
    project: str | os.PathLike = ".",
    names: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    stream=None,
    output_dir: str | os.PathLike | None = None,
    validated: bool = False,
    starting=None,
) -> dict[str, str]:
    """Execute the runs of ``project`` whose content changed; return run -> status.

    ``validated``: the caller has just validated the whole data package
    (:func:`~localwelfare.pipeline.build.validate_data`), so the runs' loads skip validating
    each resource again. ``starting``: called (without arguments) once runs are about to
    execute, if any are (the ``book`` command then starts Jupyter Book's imports).

    Status is ``"cached"`` or ``"executed"``. All parameters are checked before anything runs. A
    failure stops the build: runs not started are cancelled, the failed notebook is kept in
    ``_build/failed/<run>.ipynb``, the previous output stays, and :class:`RunFailed` is raised.
    An interruption (Ctrl-C, SIGTERM) stops the workers and their kernels and raises
    :class:`BuildInterrupted`. Either way only whole executed notebooks reach the output folder
    (``output_dir``, default ``book/runs``): each is finished in a staging folder and moved in
    one rename, so no half-written cache entry can exist. ``runs/manifest.json`` (see
    :func:`~localwelfare.pipeline.manifest.write_manifest`) is written after every build.
    """

    project = Path(project).resolve()
    out_dir = Path(output_dir).resolve() if output_dir else project / OUTPUT_DIR
    runs = load_runs(project)
    if names:
        unknown = [n for n in names if n not in runs]
        if unknown:
            raise InputError(f"unknown run(s): {', '.join(unknown)} (known: {', '.join(runs)})")
        runs = {n: runs[n] for n in names}
    data_dir = project_data_dir(project)
    # a changed lock is another environment: every run executes again
    package = package_hash() + str(lock_hash(project))
    # A run whose hash (notebook, parameters as declared, data, package, lock) matches its executed
    # notebook was checked when it executed; every other run is checked before any executes.
    digests = {name: run_hash(run, run.parameters, data_dir, package) for name, run in runs.items()}
    progress = Progress(len(runs), stream)
    todo = {}
    for name, run in runs.items():
        if not force and cached_hash(out_dir / f"{name}.ipynb") == digests[name]:
            progress.set(name, "cached")
        else:
            todo[name] = run
    checked = {name: check_parameters(run) for name, run in todo.items()}
    if todo:
        if starting is not None:
            starting()
        with build_lock(project), interruptible():
            _execute_planned(
                project, out_dir, todo, checked, digests, data_dir, jobs, progress, validated
            )
    write_manifest(out_dir, list(load_runs(project)))  # not the notebooks of removed runs
    return progress.status


def _previous_seconds(output: Path) -> float:
    """How long the run last took to execute (papermill's record in its executed notebook
    ``output``); infinity when it has no executed notebook."""
    try:
        nb = json.loads(output.read_text(encoding="utf-8"))
        return float(nb["metadata"]["papermill"]["duration"])
    except (OSError, ValueError, KeyError, TypeError):
        return float("inf")


def _execute_planned(
    project, out_dir, todo, checked, digests, data_dir, jobs, progress, validated
) -> None:
    """Execute the runs ``todo`` (name -> run) with their ``checked`` parameters; see
    :func:`execute_runs`."""
    # Staging folders of builds that were killed (SIGKILL, power cut) are removed here; the lock
    # guarantees that no running build owns them.
    for stale in (project / "_build").glob("runs-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix="runs-", dir=project / "_build"))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    lock = threading.Lock()
    stop = threading.Event()
    failures: list[str] = []
    declared = {run.notebook: notebook_parameters(run.notebook) for run in todo.values()}

    waiting = [len(todo)]  # runs not yet handed to a worker

    def work(name: str) -> None:
        if stop.is_set():
            return
        run, executed = todo[name], staging / f"{name}.ipynb"
        with lock:
            progress.set(name, "executing")
            waiting[0] -= 1
            more = waiting[0] > 0
        job = _job(project, run, checked[name], data_dir, executed, validated=validated, more=more)
        result = workers.execute(job)
        with lock:
            if stop.is_set() and not failures:  # interrupted: the result does not count
                return
            if result["ok"]:
                _finish_notebook(
                    executed,
                    run,
                    checked[name],
                    declared[run.notebook],
                    digests[name],
                    data_dir,
                    project,
                )
                out_dir.mkdir(parents=True, exist_ok=True)
                os.replace(executed, out_dir / f"{name}.ipynb")
                progress.set(name, "executed", f"done in {result['seconds']:.1f} s")
                return
            stop.set()
            kept = project / FAILED_DIR / f"{name}.ipynb"
            kept.parent.mkdir(parents=True, exist_ok=True)
            if executed.exists():
                shutil.move(executed, kept)
            failures.append(_failure(run, result, kept))
            progress.set(name, "failed", "FAILED")

    # One thread per slot hands its runs, one at a time, to the `jobs` worker processes, so
    # "executing" in the progress display is exactly what the workers are doing. The runs that
    # took longest last time start first, so that no long run is left for the end while the
    # other workers idle; runs never executed start first, in the order of runs.yml.
    order = sorted(todo, key=lambda name: -_previous_seconds(out_dir / f"{name}.ipynb"))
    workers = Workers(jobs, _build_of(project, data_dir, validated))
    pool = cf.ThreadPoolExecutor(max_workers=jobs)
    try:
        for future in cf.as_completed([pool.submit(work, name) for name in order]):
            future.result()
    except KeyboardInterrupt as interrupt:
        stop.set()
        workers.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        done = [n for n, s in progress.status.items() if s == "executed"]
        raise BuildInterrupted(
            f"the build was interrupted ({interrupt or 'Ctrl-C'}); runs not finished were "
            f"discarded, the book is unchanged (finished and kept: {', '.join(done) or 'none'}). "
            "Run it again to go on."
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        workers.close()
        shutil.rmtree(staging, ignore_errors=True)
    if failures:
        raise RunFailed("\n".join(failures))


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
    data_dir = project_data_dir(project)
    progress = log.isEnabledFor(logging.INFO)  # papermill's bar, not with -q
    with interruptible(), Workers(1, _build_of(project, data_dir)) as workers:
        result = workers.execute(_job(project, run, parameters, data_dir, output, progress))
    if not result["ok"]:
        raise RunFailed(_failure(run, result, output))
    declared = notebook_parameters(run.notebook)
    _finish_notebook(output, run, parameters, declared, "", data_dir, project)
    return output
