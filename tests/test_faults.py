"""Faults during a build: a kernel that dies, a cell that hangs, an interrupted build.

Each must fail the build with a message that says what happened, keep the previous executed
notebooks (the cache) and book intact, leave no half-written cache entry or staging folder, and
let the next build recover without any manual cleaning. (A notebook that raises is in
test_pipeline.py: test_failing_run_stops_the_build_and_keeps_the_old_book.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_notebook

from localwelfare import pipeline

PARAMS = 'scale: int = 1  # multiplier\nlabel: str = "x"  # a label\n'
GOOD = 'from localwelfare import data\nprint(label, data.load("alpha")["value"].sum() * scale)'


def _snapshot(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "book" / "runs").glob("*.ipynb"))}


def _assert_clean(project: Path, before: dict[str, bytes]) -> None:
    """The executed notebooks are those of the last good build, whole, with no staging left."""
    assert _snapshot(project) == before
    for content in before.values():
        assert json.loads(content)["metadata"]["localwelfare"]["hash"]
    assert not list((project / "_build").glob("runs-*")), "a staging folder survived"


def _break(project: Path, code: str) -> None:
    write_notebook(project / "notebooks" / "sums.ipynb", code, PARAMS)


def _recover(project: Path) -> None:
    _break(project, GOOD + "\nprint('again')")
    status = pipeline.execute_runs(project, jobs=2)
    assert status == {"one": "executed", "two": "executed", "three": "cached"}


def test_a_kernel_that_dies_fails_the_run_and_the_next_build_recovers(project):
    pipeline.execute_runs(project, jobs=2)
    before = _snapshot(project)
    _break(project, "import os\nos._exit(1)")
    with pytest.raises(pipeline.RunFailed) as failed:
        pipeline.execute_runs(project, jobs=2)
    message = str(failed.value)
    assert "in cell 3 (import os)" in message
    assert "the kernel died" in message
    _assert_clean(project, before)
    _recover(project)


def test_a_cell_past_the_timeout_fails_the_run(project):
    """The short timeout holds for the step under test only: the recovery runs with the default
    (600 s per cell), so a slow import on a busy machine cannot fail it. 10 s leaves the cells
    before the sleeping one (parameters) a wide margin on a busy machine."""
    pipeline.execute_runs(project, jobs=2)
    before = _snapshot(project)
    runs_yml = project / "notebooks" / "runs.yml"
    declared = runs_yml.read_text()
    runs_yml.write_text(declared.replace("reads: [alpha]}", "reads: [alpha], timeout: 10}"))
    _break(project, "import time\ntime.sleep(900)")
    start = time.monotonic()
    with pytest.raises(pipeline.RunFailed) as failed:
        pipeline.execute_runs(project, ["one"], jobs=1)
    # the cell was stopped, not waited for: far less than its 900 s, however busy the machine
    assert time.monotonic() - start < 450
    message = str(failed.value)
    assert "run 'one'" in message and "in cell 3 (import time)" in message
    assert "longer than the per-cell timeout of 10 s" in message
    _assert_clean(project, before)
    runs_yml.write_text(declared)
    _recover(project)


def _processes_of(project: Path) -> list[int]:
    """Processes (workers, kernels) whose environment points at this project's data."""
    marker = f"LOCALWELFARE_DATA_DIR={project / 'data'}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _kernels_of(project: Path) -> list[int]:
    pids = []
    for pid in _processes_of(project):
        try:
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                pids.append(pid)
        except OSError:
            continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_keeps_the_previous_runs_and_recovers(project, sig):
    pipeline.execute_runs(project, jobs=2)
    before = _snapshot(project)
    _break(project, "import time\ntime.sleep(300)")
    build = subprocess.Popen(
        [sys.executable, "-m", "localwelfare", "execute", "-j", "2", "--project", str(project)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    # deadlines of minutes: they only stop a test that would hang, they never judge speed
    deadline = time.monotonic() + 300
    while len(_kernels_of(project)) < 2:  # both runs of sums.ipynb are executing
        assert build.poll() is None, build.stderr.read()
        assert time.monotonic() < deadline, "the kernels did not start"
        time.sleep(0.5)
    if sig == signal.SIGINT:
        os.killpg(build.pid, sig)  # Ctrl-C reaches the whole foreground process group
    else:
        os.kill(build.pid, sig)  # a service manager or CI stops the build's main process
    try:
        _, stderr = build.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        # the build itself, or a process that inherited its stderr (a kernel), is still there
        exited, left = build.poll(), _processes_of(project)
        os.killpg(build.pid, signal.SIGKILL)
        pytest.fail(
            f"the build did not stop after the signal (build exit status: {exited}; "
            f"processes of the project still running: {left})"
        )
    assert build.returncode == 130, stderr
    assert "the build was interrupted" in stderr
    assert "the book is unchanged" in stderr
    _assert_clean(project, before)
    deadline = time.monotonic() + 120
    while _processes_of(project):
        assert time.monotonic() < deadline, f"left running: {_processes_of(project)}"
        time.sleep(0.5)
    _recover(project)


def test_the_failed_cell_is_the_last_one_papermill_started(tmp_path):
    """However the kernel's last messages raced its death: papermill marks each cell as started
    before running it and as complete after it, even when cut short, and leaves the later cells
    pending. Here cell 3 was cut short; the parameters cell papermill injected is not counted."""
    import nbformat

    from localwelfare.pipeline import execute

    nb = nbformat.v4.new_notebook()
    sources = ["x = 1", "y = 2", "import os\nos._exit(1)", "print(x)"]
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    injected = nbformat.v4.new_code_cell("x = 3")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(1, injected)
    for cell, status in zip(nb.cells, ["completed"] * 4 + ["pending"], strict=True):
        cell.metadata["papermill"] = {"status": status, "exception": False}
    path = tmp_path / "out.ipynb"
    nbformat.write(nb, path)
    assert execute._failed_cell(str(path)) == "cell 3 (import os)"
    for cell in nb.cells:
        cell.metadata["papermill"]["status"] = "pending"
    nbformat.write(nb, path)
    assert execute._failed_cell(str(path)) is None  # the kernel never started
