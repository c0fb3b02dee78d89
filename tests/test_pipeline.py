"""The pipeline on a small temporary project: cache, parameters, failures, the book swap."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import write_notebook as _notebook

from localwelfare import pipeline
from localwelfare.errors import InputError


def _stdout(output: Path) -> str:
    nb = nbformat.read(output, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_runs_execute_then_are_cached(project):
    first = pipeline.execute_runs(project, jobs=2)
    assert first == {"one": "executed", "two": "executed", "three": "executed"}
    out = project / "book" / "runs"
    assert _stdout(out / "one.ipynb").strip() == "x 2.0"
    assert _stdout(out / "two.ipynb").strip() == "y 4.0"
    nb = nbformat.read(out / "one.ipynb", as_version=4)
    assert nb.cells[0].source.startswith("# Run one")
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]
    shown = [c for c in nb.cells if "run-parameters" in c.metadata.get("tags", [])]
    assert "| `scale` | `1` | multiplier |" in shown[0].source

    assert set(pipeline.execute_runs(project).values()) == {"cached"}


def test_parameter_change_re_executes_only_that_run(project):
    pipeline.execute_runs(project)
    runs_yml = project / "notebooks" / "runs.yml"
    runs_yml.write_text(runs_yml.read_text().replace("scale: 2", "scale: 3"))
    status = pipeline.execute_runs(project)
    assert status == {"one": "cached", "two": "executed", "three": "cached"}
    assert _stdout(project / "book" / "runs" / "two.ipynb").strip() == "y 6.0"


def test_data_change_re_executes_the_runs_that_read_it(project):
    pipeline.execute_runs(project)
    (project / "data" / "raw" / "beta.csv").write_text("id,value\n1,3\n2,4\n")
    status = pipeline.execute_runs(project)
    assert status == {"one": "cached", "two": "cached", "three": "executed"}
    assert _stdout(project / "book" / "runs" / "three.ipynb").strip() == "7.0"


def test_unknown_or_mistyped_parameters_are_refused_before_execution(project):
    runs_yml = project / "notebooks" / "runs.yml"
    original = runs_yml.read_text()
    runs_yml.write_text(original.replace("scale: 2", "scael: 2"))
    with pytest.raises(InputError, match="run 'two': unknown parameter 'scael'.*scale, label"):
        pipeline.execute_runs(project)
    runs_yml.write_text(original.replace("scale: 2", "scale: two"))
    with pytest.raises(InputError, match="run 'two': parameter 'scale': expected int, got str"):
        pipeline.execute_runs(project)
    assert not (project / "book" / "runs").exists()  # nothing ran


def test_reading_an_undeclared_resource_fails_the_run(project):
    runs_yml = project / "notebooks" / "runs.yml"
    runs_yml.write_text(runs_yml.read_text().replace("reads: [beta]", "reads: [alpha]"))
    with pytest.raises(pipeline.RunFailed, match="resource 'beta' is read but not declared"):
        pipeline.execute_runs(project, ["three"])


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "localwelfare", *args, "--project", str(project)],
        capture_output=True,
        text=True,
    )


@pytest.mark.book
def test_failing_run_stops_the_build_and_keeps_the_old_book(project):
    (project / "_config.yml").write_text(
        'title: Test\nexecute:\n  execute_notebooks: "off"\nonly_build_toc_files: true\n'
        "exclude_patterns: [notebooks/*, data/*]\n"
    )
    (project / "_toc.yml").write_text(
        "format: jb-book\nroot: book/index\nchapters:\n  - file: book/runs/one\n"
    )
    (project / "book" / "index.md").write_text("# Test book\n")
    built = _cli(project, "book", "-j", "1")
    assert built.returncode == 0, built.stderr
    page = project / "_build" / "html" / "book" / "runs" / "one.html"
    before = page.read_text()
    assert "x 2.0" in before

    _notebook(
        project / "notebooks" / "sums.ipynb",
        "raise ValueError('broken input')",
        'scale: int = 1  # multiplier\nlabel: str = "x"  # a label\n',
    )
    failed = _cli(project, "book", "-j", "1")
    assert failed.returncode != 0
    assert "run 'one'" in failed.stderr or "run 'two'" in failed.stderr
    assert "in cell 3 (raise ValueError" in failed.stderr, failed.stderr
    assert "ValueError: broken input" in failed.stderr
    assert page.read_text() == before  # the previous book is untouched
    kept = list((project / "_build" / "failed").glob("*.ipynb"))
    assert kept and "broken input" in kept[0].read_text()
    assert _stdout(project / "book" / "runs" / "one.ipynb").strip() == "x 2.0"


def test_cli_run_with_other_parameters(project, tmp_path):
    out = tmp_path / "custom.ipynb"
    # read as papermill's -p reads it: 010 is ten (not octal eight, as YAML 1.1 would have it)
    result = _cli(project, "run", "one", "-p", "scale", "010", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert _stdout(out).strip() == "x 20.0"
    refused = _cli(project, "run", "one", "-p", "scale", "1.5")
    assert refused.returncode == 2
    assert "parameter 'scale': expected int, got float" in refused.stderr


def test_parameter_lines_papermill_cannot_read_are_refused(project):
    _notebook(
        project / "notebooks" / "sums.ipynb",
        "print(scale)",
        "scale: int = 1  # factor; default = 1\n",
    )
    with pytest.raises(InputError, match="papermill cannot read the line.* of scale"):
        pipeline.execute_runs(project, ["one"])


def test_the_book_can_be_made_from_other_data(project, tmp_path, monkeypatch):
    """LOCALWELFARE_DATA_DIR points every run at another data package (one's own data)."""
    pipeline.execute_runs(project, ["one"])
    other = tmp_path / "other-data"
    shutil.copytree(project / "data", other)
    (other / "raw" / "alpha.csv").write_text("id,value\n1,10\n")
    monkeypatch.setenv("LOCALWELFARE_DATA_DIR", str(other))
    assert pipeline.execute_runs(project, ["one"]) == {"one": "executed"}
    assert _stdout(project / "book" / "runs" / "one.ipynb").strip() == "x 10.0"


def test_parameters_are_plain_literals_within_the_declared_rules(project):
    """The help comment may end with a rule (`in [a, b]`, `at least a`, `one of {...}`)."""
    _notebook(
        project / "notebooks" / "sums.ipynb",
        "print(scale, label)",
        'scale: int = 1  # multiplier, in [1, 10]\nlabel: str = "x"  # a label, one of {x, y}\n',
    )
    runs_yml = project / "notebooks" / "runs.yml"
    original = runs_yml.read_text()
    refused = {
        "scale: 11": "parameter 'scale': 11 is out of range: must be in \\[1, 10\\]",
        "scale: 0": "parameter 'scale': 0 is out of range",
        "label: z": "parameter 'label': 'z' is not one of x, y",
        "label: 2024-06-01": "parameter 'label': datetime.date.* is not a plain literal",
        "label: .nan": "parameter 'label': nan is not a plain literal",
        "label: !!set {x}": "parameter 'label': {'x'} is not a plain literal",
    }
    for value, message in refused.items():
        old = "scale: 2" if value.startswith("scale") else "label: y"
        runs_yml.write_text(original.replace(old, value))
        with pytest.raises(InputError, match=message):
            pipeline.execute_runs(project, ["two"])
    assert not (project / "book" / "runs").exists()  # nothing ran
    cli = _cli(project, "run", "one", "-p", "scale", "12")
    assert cli.returncode == 2 and "out of range: must be in [1, 10]" in cli.stderr
    cli = _cli(project, "run", "one", "-p", "label", "__import__('os').getcwd()")
    assert cli.returncode == 2 and "is not one of x, y" in cli.stderr
