"""runs.yml is validated against its JSON Schema, and parameters are read as papermill reads them.

A malformed declaration gives one InputError that names the file, the key and what was expected
(never an AttributeError or KeyError); a value given on the command line (`-p NAME VALUE`) gets
the value `papermill -p NAME VALUE` would give the notebook.
"""

from __future__ import annotations

import fnmatch
import re
import textwrap
import tomllib
from pathlib import Path

import pytest
from papermill.cli import _resolve_type

from localwelfare import pipeline
from localwelfare.errors import InputError

REPO = Path(__file__).resolve().parents[1]

GOOD = """
notebooks:
  sums: {path: notebooks/sums.ipynb, reads: [alpha]}
runs:
  one: {notebook: sums, title: Run one, parameters: {scale: 1}}
"""

#: A malformed runs.yml -> the key and the words the error must contain.
MALFORMED = {
    "run: null": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\nruns:\n  one: null\n",
        "key 'runs.one': expected a mapping (a run), got null",
    ),
    "runs: null": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\nruns: null\n",
        "key 'runs': expected a mapping",
    ),
    "no runs": ("notebooks:\n  sums: {path: notebooks/sums.ipynb}\n", "missing key 'runs'"),
    "empty file": ("", "expected a mapping"),
    "a notebook without path": (
        "notebooks:\n  sums: {reads: [alpha]}\nruns:\n  one: {notebook: sums}\n",
        "key 'notebooks.sums': missing key 'path'",
    ),
    "a run without notebook": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\nruns:\n  one: {title: One}\n",
        "key 'runs.one': missing key 'notebook'",
    ),
    "an unknown notebook": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\nruns:\n  one: {notebook: sum}\n",
        "key 'runs.one.notebook': expected the name of a notebook declared under 'notebooks' "
        "(sums), got 'sum'",
    ),
    "reads as text": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb, reads: alpha}\n"
        "runs:\n  one: {notebook: sums}\n",
        "key 'notebooks.sums.reads': expected a list",
    ),
    "parameters as a list": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\n"
        "runs:\n  one: {notebook: sums, parameters: [scale, 1]}\n",
        "key 'runs.one.parameters': expected a mapping",
    ),
    "timeout as text": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb, timeout: soon}\n"
        "runs:\n  one: {notebook: sums}\n",
        "key 'notebooks.sums.timeout': expected a number",
    ),
    "a negative timeout": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb, timeout: -1}\n"
        "runs:\n  one: {notebook: sums}\n",
        "key 'notebooks.sums.timeout': expected a number above 0, got -1",
    ),
    "a title as a number": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\n"
        "runs:\n  one: {notebook: sums, title: 3}\n",
        "key 'runs.one.title': expected text",
    ),
    "a misspelt key": (
        "notebooks:\n  sums: {path: notebooks/sums.ipynb}\n"
        "runs:\n  one: {notebook: sums, paramters: {scale: 1}}\n",
        "key 'runs.one': unknown key(s) 'paramters' (expected: notebook, title, parameters)",
    ),
    "a path that is no notebook": (
        "notebooks:\n  sums: {path: notebooks/sums.py}\nruns:\n  one: {notebook: sums}\n",
        "key 'notebooks.sums.path': expected the path of a notebook (*.ipynb)",
    ),
}


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    (tmp_path / "notebooks" / "runs.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_declaration_names_the_file_the_key_and_what_was_expected(tmp_path, case):
    text, words = MALFORMED[case]
    project = _project(tmp_path, text)
    with pytest.raises(InputError) as raised:
        pipeline.load_runs(project)
    message = str(raised.value)
    assert message.startswith(f"{project / 'notebooks' / 'runs.yml'}: "), message
    assert words in message, message


def test_every_problem_is_listed_in_one_error(tmp_path):
    project = _project(
        tmp_path,
        "notebooks:\n  sums: {reads: alpha}\nruns:\n  one: null\n  two: {notebook: 2}\n",
    )
    with pytest.raises(InputError) as raised:
        pipeline.load_runs(project)
    lines = str(raised.value).splitlines()
    assert len(lines) == 4, lines
    assert all(line.startswith(str(project / "notebooks" / "runs.yml")) for line in lines)


def test_the_repository_declaration_and_a_good_one_are_valid(tmp_path):
    assert "wp1-inch" in pipeline.load_runs(REPO)
    runs = pipeline.load_runs(_project(tmp_path, GOOD))
    assert runs["one"].parameters == {"scale": 1} and runs["one"].reads == ["alpha"]


def test_numbers_in_runs_yml_are_read_as_yaml_1_2_reads_them(tmp_path):
    """YAML 1.1 (PyYAML) reads 1e-3 as text and 010 as octal 8; runs.yml gets 0.001 and 10."""
    text = GOOD.replace("{scale: 1}", "{scale: 010, alpha: 1e-3, big: 1.5E+3, when: 2024-06-01}")
    parameters = pipeline.load_runs(_project(tmp_path, text))["one"].parameters
    assert parameters["scale"] == 10 and isinstance(parameters["scale"], int)
    assert parameters["alpha"] == 0.001 and parameters["big"] == 1500.0
    assert type(parameters["when"]).__name__ == "date"  # refused later as not a plain literal


def test_the_schema_is_packaged_with_the_helper_package():
    assert pipeline.RUNS_SCHEMA.is_file()
    package = pipeline.RUNS_SCHEMA.parents[1]
    relative = pipeline.RUNS_SCHEMA.relative_to(package).as_posix()
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["localwelfare"]
    assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)


# --- parameters from the command line ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1e-3",
        "1E-3",
        "010",
        "-7",
        "1_000",
        "0.05",
        ".5",
        " 12 ",
        "True",
        "False",
        "None",
        "true",
        "inch",
        "nan",
        "inf",
        "0x10",
        "[1, 2]",
        "",
        "1e",
        "2024-06-01",
    ],
)
def test_command_line_values_are_read_as_papermill_reads_them(text):
    mine, theirs = pipeline.papermill_value(text), _resolve_type(text)
    assert type(mine) is type(theirs) and (mine == theirs or mine != mine)  # nan != nan


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("float", "1e-3", 0.001),
        ("float", "1", 1.0),
        ("int", "010", 10),  # ten, as for papermill (YAML 1.1 would say 8)
        ("int", "1_000", 1000),
        ("bool", "True", True),
        ("bool", "False", False),
        ("str", "010", "010"),  # text stays as typed
        ("str", "True", "True"),
        ("list", "[1, 2]", [1, 2]),
        ("dict", "{a: 1e-3}", {"a": 0.001}),
    ],
)
def test_a_command_line_value_becomes_the_declared_type(kind, text, value):
    coerced = pipeline.coerce_parameter("r", "p", kind, text)
    assert coerced == value and type(coerced) is type(value)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("int", "1e3", "expected int, got float 1000.0"),
        ("int", "1.5", "expected int, got float 1.5"),
        ("bool", "true", "expected bool, got str 'true' (write True or False"),
        ("bool", "1", "expected bool, got int 1"),
        ("float", "nan", "nan is not a plain literal"),
        ("float", "inf", "inf is not a plain literal"),
        ("float", "abc", "expected float, got str 'abc'"),
    ],
)
def test_a_command_line_value_of_another_type_is_refused(kind, text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        pipeline.coerce_parameter("r", "p", kind, text)
