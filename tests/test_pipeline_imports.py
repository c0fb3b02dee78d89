"""The pipeline's processes skip jsonschema's optional IRI checker, and nothing needs it.

``rfc3987_syntax`` costs about a second per process at import (see
``localwelfare/pipeline/skipped_imports/rfc3987_syntax.py``). The pipeline puts a stand-in that
fails to import first on the path of the command line, its workers, its kernels and Jupyter Book.
These tests check that the stand-in is what those processes see, and that skipping it changes no
validation: jsonschema uses it only for the ``iri`` and ``iri-reference`` formats, and no schema
the pipeline validates against has either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from localwelfare import pipeline
from localwelfare.pipeline import execute, runs

IRI_FORMATS = {"iri", "iri-reference"}
CHECK = "import sys, jsonschema, nbformat; print('rfc3987_syntax' in sys.modules)"


def _imports_iri_checker(code: str, environment: dict) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip() == "True"


def test_a_run_s_kernel_does_not_import_the_iri_checker(tmp_path):
    job = {"data_dir": str(tmp_path), "reads": []}
    environment = {**os.environ, **execute._run_environment(job)}
    assert not _imports_iri_checker(CHECK, environment)


def test_jupyter_book_and_the_command_line_do_not_import_the_iri_checker():
    assert not _imports_iri_checker(CHECK, {**os.environ, "PYTHONPATH": runs.lean_pythonpath()})
    # the command line (and the workers it spawns, which inherit its path)
    code = "from localwelfare.pipeline.runs import skip_slow_imports; skip_slow_imports(); " + CHECK
    assert not _imports_iri_checker(code, dict(os.environ))


def test_lean_pythonpath_keeps_the_callers_path_after_the_stand_ins():
    path = runs.lean_pythonpath({"PYTHONPATH": os.pathsep.join(["/a", "/b"])})
    assert path.split(os.pathsep) == [str(pipeline.runs.SKIPPED_IMPORTS), "/a", "/b"]
    assert runs.lean_pythonpath({}) == str(runs.SKIPPED_IMPORTS)


def _formats(node) -> set[str]:
    """Every value of a ``format`` keyword in a JSON Schema (any depth)."""
    found = set()
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            found.add(node["format"])
        for value in node.values():
            found |= _formats(value)
    elif isinstance(node, list):
        for value in node:
            found |= _formats(value)
    return found


def _schemas(package: str, pattern: str) -> list[Path]:
    module = pytest.importorskip(package)
    return sorted(Path(module.__file__).parent.glob(pattern))


def test_no_schema_the_pipeline_validates_against_uses_an_iri_format():
    schemas = [
        *_schemas("nbformat", "v*/*.json"),  # papermill and myst-nb read notebooks with nbformat
        *_schemas("frictionless", "assets/**/*.json"),  # the data package
        *sorted(runs.RUNS_SCHEMA.parent.glob("*.json")),  # runs.yml and this package's own
    ]
    assert len(schemas) > 10  # the folders were found
    used = {path.name: _formats(json.loads(path.read_text(encoding="utf-8"))) for path in schemas}
    assert not {name: f & IRI_FORMATS for name, f in used.items() if f & IRI_FORMATS}
    assert any(used.values())  # formats are read (some schemas use "uri", "date-time", ...)


def test_a_jupyter_book_process_that_is_not_told_to_build_builds_nothing(tmp_path):
    # the book command starts it when runs execute; if the build then is not needed (or a run
    # failed), it is ended without having written anything
    with pipeline.JupyterBook(tmp_path) as jupyter_book:
        jupyter_book.start()
    assert jupyter_book.process.returncode is not None
    assert not (tmp_path / "_build").exists()
