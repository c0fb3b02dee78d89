"""Shared fixtures: where the reference data and the repository are."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE_DATA = Path(
    os.environ.get("LOCALWELFARE_REFERENCE_DATA", REPO.parent / "shared" / "reference-data")
)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The folder of published reference data (``../shared/reference-data``).

    Tests that need it are skipped, with the reason, when it is absent; ``.ci/run`` refuses to run
    without it, so in CI they always run.
    """
    if not REFERENCE_DATA.is_dir():
        pytest.skip(
            f"reference data not found at {REFERENCE_DATA} "
            "(set LOCALWELFARE_REFERENCE_DATA to its folder)"
        )
    return REFERENCE_DATA


def write_notebook(path: Path, code: str, params: str) -> None:
    """Write a notebook: a title, the `parameters` cell `params` and one code cell `code`."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code),
    ]
    nbformat.write(nb, path)


def data_resource(name: str) -> dict:
    """A tabular resource `name` (id, value >= 0) of the small test project."""
    return {
        "name": name,
        "path": f"raw/{name}.csv",
        "format": "csv",
        "schema": {
            "fields": [
                {"name": "id", "type": "integer", "constraints": {"required": True}},
                {"name": "value", "type": "number", "constraints": {"minimum": 0}},
            ],
            "primaryKey": ["id"],
        },
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project: two notebooks, three runs and two data resources (tests of the pipeline)."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "book").mkdir()
    desc = {"name": "test", "resources": [data_resource("alpha"), data_resource("beta")]}
    (tmp_path / "data" / "datapackage.json").write_text(json.dumps(desc))
    (tmp_path / "data" / "raw" / "alpha.csv").write_text("id,value\n1,0.5\n2,1.5\n")
    (tmp_path / "data" / "raw" / "beta.csv").write_text("id,value\n1,3\n")
    params = 'scale: int = 1  # multiplier\nlabel: str = "x"  # a label\n'
    write_notebook(
        tmp_path / "notebooks" / "sums.ipynb",
        'from localwelfare import data\nprint(label, data.load("alpha")["value"].sum() * scale)',
        params,
    )
    write_notebook(
        tmp_path / "notebooks" / "other.ipynb",
        'from localwelfare import data\nprint(data.load("beta")["value"].sum())',
        params,
    )
    (tmp_path / "notebooks" / "runs.yml").write_text(
        textwrap.dedent(
            """
            notebooks:
              sums: {path: notebooks/sums.ipynb, reads: [alpha]}
              other: {path: notebooks/other.ipynb, reads: [beta]}
            runs:
              one: {notebook: sums, title: Run one, parameters: {scale: 1}}
              two: {notebook: sums, parameters: {scale: 2, label: y}}
              three: {notebook: other}
            """
        )
    )
    return tmp_path


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched by Playwright (never a downloaded browser); one for
    the whole session, shared by the book's and the publications' browser tests. Skipped with the
    reason when Chromium is missing, except in CI (``CI=true``), where that fails."""
    from localwelfare.errors import InputError
    from localwelfare.publishing import printing

    try:
        executable = printing.find_chromium()
    except InputError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{error}; in CI the browser tests must run")
        pytest.skip(str(error))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        yield browser
        browser.close()
