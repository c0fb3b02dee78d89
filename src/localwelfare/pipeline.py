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

``runs.yml`` is validated against the JSON Schema ``schemas/runs.schema.json`` of this package.
Parameters are checked against the notebook's ``parameters`` cell before anything runs: an unknown
name or a value of the wrong type is refused (papermill itself only warns); a command-line value is
read as papermill's ``-p`` reads it (:func:`papermill_value`). While a run executes,
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
import contextlib
import hashlib
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from localwelfare.errors import InputError

log = logging.getLogger(__name__)

RUNS_FILE = Path("notebooks") / "runs.yml"
#: The JSON Schema ``runs.yml`` is validated against (packaged with the helper package).
RUNS_SCHEMA = Path(__file__).resolve().parent / "schemas" / "runs.schema.json"
OUTPUT_DIR = Path("book") / "runs"
FAILED_DIR = Path("_build") / "failed"
PACKAGE_DIR = Path(__file__).resolve().parent
#: Every package of the environment pinned with its hashes (``make lock``).
LOCK_FILE = "requirements.lock"
KERNEL = "python3"
#: Seconds a single cell may run before the run fails (``timeout`` in runs.yml, per notebook).
DEFAULT_TIMEOUT = 600.0
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
    timeout: float = 0.0  # seconds a cell may run; 0: DEFAULT_TIMEOUT

    def output(self, project: Path) -> Path:
        """The executed notebook the book reads."""
        return project / OUTPUT_DIR / f"{self.name}.ipynb"


# --- declaration and parameters ------------------------------------------------------------


def project_data_dir(project: Path) -> Path:
    """The data the book is made from: ``$LOCALWELFARE_DATA_DIR`` if set, else ``data/``."""
    from localwelfare import data

    return data.find_data_dir(os.environ.get(data.DATA_DIR_ENV) or project / "data")


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


class _RunsLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2's numbers, as papermill's ``-p`` reads them: ``1e-3``
    is a float (YAML 1.1 reads it as text) and ``010`` is ten (YAML 1.1: octal eight)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _decimal_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    try:
        return int(text)  # decimal, also with leading zeros
    except ValueError:  # an explicit !!int in another base (0x1f, 0o17)
        return yaml.SafeLoader.construct_yaml_int(loader, node)


# int first: the float pattern matches integers too
_RunsLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_RunsLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_RunsLoader.add_constructor(_INT, _decimal_int)

#: How a schema error describes what was found and what was expected.
_JSON_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing (null)",
}


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _schema_problem(error) -> str:
    """One line for a :mod:`jsonschema` error: the key, what was expected, what was found."""
    path = list(error.absolute_path)
    key = ".".join(str(part) for part in path)
    what = error.schema.get("description")
    rule, instance = error.validator, error.instance
    if rule == "type":
        types = error.validator_value
        types = [types] if isinstance(types, str) else types
        expected = " or ".join(_JSON_TYPES[t] for t in types if t != "null")
        text = f"expected {expected}{f' ({what})' if what else ''}, got {_kind(instance)}"
        text += f" {instance!r}" if isinstance(instance, (str, int, float)) else ""
    elif rule == "required":
        missing = [name for name in error.validator_value if name not in instance]
        inner = error.schema["properties"].get(missing[0], {}).get("description")
        text = f"missing key '{missing[0]}'{f' ({inner})' if inner else ''}"
    elif rule == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = [name for name in instance if name not in allowed]
        text = f"unknown key(s) {', '.join(repr(str(n)) for n in unknown)} (expected: "
        text += f"{', '.join(allowed)})"
    elif rule == "propertyNames":
        text = "names are letters, digits, '_', '.' and '-'"
    elif rule == "pattern" and str(error.validator_value).endswith("ipynb$"):
        text = f"expected the path of a notebook (*.ipynb), got {instance!r}"
    elif rule == "minProperties":
        text = f"expected at least one entry ({what})" if what else "expected at least one entry"
    elif rule == "exclusiveMinimum":
        text = f"expected a number above {error.validator_value}, got {instance!r}"
    else:  # uniqueItems, minLength and any rule added later: jsonschema's own words
        text = error.message
    return f"key '{key}': {text}" if key else text


def runs_problems(spec) -> list[str]:
    """What is wrong with a parsed ``runs.yml`` (empty if nothing): one line per problem, each
    naming the key and what was expected, from :data:`RUNS_SCHEMA` and the notebook references.

    Examples
    --------
    >>> runs_problems({"notebooks": {"a": {"path": "a.ipynb"}}, "runs": {"r": None}})
    ["key 'runs.r': expected a mapping (a run), got null"]
    """
    import jsonschema

    schema = json.loads(RUNS_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(spec), key=lambda e: [str(p) for p in e.absolute_path])
    problems = [_schema_problem(error) for error in errors]
    if problems:
        return problems
    notebooks = spec["notebooks"]
    for name, run in spec["runs"].items():
        if run["notebook"] not in notebooks:
            problems.append(
                f"key 'runs.{name}.notebook': expected the name of a notebook declared under "
                f"'notebooks' ({', '.join(notebooks)}), got {run['notebook']!r}"
            )
    return problems


def load_runs(project: str | os.PathLike = ".") -> dict[str, Run]:
    """Read ``notebooks/runs.yml`` of ``project`` and return its runs by name.

    The file is validated against :data:`RUNS_SCHEMA`; a malformed one raises one
    :class:`InputError` naming the file and, for each problem, the key and what was expected.
    Numbers are read as YAML 1.2 reads them (``1e-3`` a float, ``010`` ten).
    """
    project = Path(project)
    path = project / RUNS_FILE
    try:
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=_RunsLoader)
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"{path}: cannot read the runs declaration: {error}") from error
    problems = runs_problems(spec)
    if problems:
        raise InputError("\n".join(f"{path}: {problem}" for problem in problems))
    notebooks = spec["notebooks"]
    runs = {}
    for name, run in spec["runs"].items():
        source = notebooks[run["notebook"]]
        runs[name] = Run(
            name=name,
            notebook=project / source["path"],
            title=run.get("title", ""),
            parameters=dict(run.get("parameters") or {}),
            reads=list(source.get("reads") or []),
            timeout=float(source.get("timeout") or 0.0),
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
        params[name] = {
            "type": kind,
            "default": info["default"],
            "help": info["help"],
            "rule": parameter_rule(info["help"] or ""),
        }
    return params


#: The rule a parameter's help comment may end with: ``in [1, 12]`` (a closed range), ``at least
#: 0`` or ``one of {inch, antwerp, oud-noord}`` (the allowed values).
_RULE = re.compile(
    r"(?:\bin \[(?P<lo>[^,\]]+),\s*(?P<hi>[^\]]+)\]"
    r"|\bat least (?P<min>[-+]?\d+(?:\.\d+)?)"
    r"|\bone of \{(?P<choices>[^}]*)\})\W*$"
)


def parameter_rule(help_text: str) -> dict | None:
    """The range or the allowed values stated at the end of a parameter's help comment.

    Examples
    --------
    >>> parameter_rule("largest number of latent classes, in [1, 12]")
    {'min': 1.0, 'max': 12.0}
    >>> parameter_rule("permutations of the test, at least 0")
    {'min': 0.0}
    >>> parameter_rule("the study, one of {inch, antwerp, oud-noord}")
    {'choices': ['inch', 'antwerp', 'oud-noord']}
    >>> parameter_rule("a label") is None
    True
    """
    match = _RULE.search(help_text)
    if match is None:
        return None
    if match["choices"] is not None:
        return {"choices": [c.strip() for c in match["choices"].split(",")]}
    if match["min"] is not None:
        return {"min": float(match["min"])}
    return {"min": float(match["lo"]), "max": float(match["hi"])}


def _is_plain(value) -> bool:
    """Whether ``value`` is a plain literal: text, a finite number, true/false, or a list or
    mapping (with text keys) of plain literals."""
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


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


def papermill_value(text: str):
    """A command-line value read as papermill's ``-p NAME VALUE`` reads it.

    ``True``, ``False`` and ``None`` (capitalised, as in Python) are those values; text that
    Python's ``int()`` reads is an integer (``010`` is ten, ``1_000`` a thousand); else text that
    ``float()`` reads is a float (``1e-3``, ``0.05``); anything else stays text. This is
    ``papermill.cli._resolve_type`` (papermill 2.x), so ``localwelfare run`` and ``papermill -p``
    give a notebook the same value.

    Examples
    --------
    >>> [papermill_value(v) for v in ["1e-3", "010", "True", "true", "inch"]]
    [0.001, 10, True, 'true', 'inch']
    """
    if text in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[text]
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            continue
    return text


def coerce_parameter(run: str, name: str, kind: str, value, rule: dict | None = None):
    """Return ``value`` as parameter ``name`` of type ``kind``, or raise :class:`InputError`.

    Text given for a parameter that is not text (a ``-p NAME VALUE`` of the command line) is read
    as papermill's ``-p`` reads it (:func:`papermill_value`: ``1e-3`` -> 0.001, ``010`` -> 10,
    ``True`` -> True); for a list or mapping parameter, as YAML (``[1, 2]``). Text for a text
    parameter stays text. The value must then be a plain literal (see :func:`_is_plain`: never an
    object, a date or a non-finite number) of the declared type, and obey ``rule`` (see
    :func:`parameter_rule`).
    """
    where = f"run '{run}': parameter '{name}'"
    if isinstance(value, str) and kind in ("list", "dict"):
        try:
            value = yaml.load(value, Loader=_RunsLoader)
        except yaml.YAMLError:
            pass
    elif isinstance(value, str) and kind != "str":
        value = papermill_value(value)
    if not _is_plain(value):
        raise InputError(
            f"{where}: {value!r} is not a plain literal (text, a finite number, true/false, "
            "or a list or mapping of them)"
        )
    accepted = TYPES.get(kind, (object,))  # untyped or exotic annotation: any plain literal
    if kind in ("int", "float") and isinstance(value, bool):
        accepted = ()
    if not isinstance(value, accepted):
        hint = " (write True or False, as for papermill's -p)" if kind == "bool" else ""
        raise InputError(f"{where}: expected {kind}, got {type(value).__name__} {value!r}{hint}")
    value = float(value) if kind == "float" else value
    rule = rule or {}
    if "choices" in rule and value not in rule["choices"]:
        raise InputError(f"{where}: {value!r} is not one of {', '.join(rule['choices'])}")
    if isinstance(value, (int, float)) and not (
        rule.get("min", -math.inf) <= value <= rule.get("max", math.inf)
    ):
        bounds = (
            f"in [{rule['min']:g}, {rule['max']:g}]"
            if "max" in rule
            else (f"at least {rule['min']:g}")
        )
        raise InputError(f"{where}: {value!r} is out of range: must be {bounds}")
    return value


def check_parameters(run: Run, overrides: dict | None = None) -> dict:
    """Return the run's parameters (runs.yml, then ``overrides``) checked against the notebook.

    Raises :class:`InputError` naming the run and the parameter for an unknown name, a value that
    is not a plain literal, of the wrong type or outside the declared range, before anything
    executes.
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
        info = declared[name]
        checked[name] = coerce_parameter(run.name, name, info["type"], value, info["rule"])
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


def lock_hash(project: Path) -> str | None:
    """SHA-256 of the project's :data:`LOCK_FILE` (None without one): the environment the runs
    execute in, recorded in each run's manifest and part of its content hash."""
    path = Path(project) / LOCK_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _resources_read(data_dir: Path, resources: list[str]) -> dict[str, dict]:
    """``resources`` and every resource their foreign keys reach, by name (sorted)."""
    from localwelfare import data

    return data.with_references(data.descriptor(data_dir), resources)


def data_hash(data_dir: Path, resources: list[str]) -> str:
    """Hash of the files and schemas of ``resources`` and of the resources they reference."""
    parts = []
    for res in _resources_read(data_dir, resources).values():
        parts.append(json.dumps(res, sort_keys=True).encode())
        parts.append((data_dir / res["path"]).read_bytes())
    return _sha(*parts)


def run_hash(run: Run, parameters: dict, data_dir: Path, package: str) -> str:
    """The content hash that decides whether ``run`` must execute again."""
    return _sha(
        _notebook_content(run.notebook),
        json.dumps(parameters, sort_keys=True, default=repr).encode(),
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


def input_files(data_dir: Path, resources: list[str]) -> dict[str, str]:
    """SHA-256 of the file of each resource in ``resources`` and in those they reference."""
    return {
        res["path"]: hashlib.sha256((data_dir / res["path"]).read_bytes()).hexdigest()
        for res in _resources_read(data_dir, resources).values()
    }


# --- execution -----------------------------------------------------------------------------

#: Packages whose versions a run's manifest records (those that compute the book's numbers).
MANIFEST_PACKAGES = (
    "localwelfare",
    "numpy",
    "scipy",
    "pandas",
    "networkx",
    "scikit-learn",
    "stepmix",
    "pingouin",
    "krippendorff",
    "frictionless",
    "matplotlib",
    "seaborn",
    "papermill",
    "ipykernel",
)
#: Random suffixes pandas gives a styled table's HTML ids (``T_1a2b3``): made deterministic.
_STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?=[_\"\s])")


def package_versions() -> dict[str, str]:
    """Python's version and those of :data:`MANIFEST_PACKAGES`."""
    from importlib import metadata

    versions = {"python": sys.version.split()[0]}
    for name in MANIFEST_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_record(nb) -> dict:
    """What a run computed, for comparing two executions: every glued value (its text) and a
    SHA-256 of every table the chapter shows (its HTML)."""
    glue, tables = {}, []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {})
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                prefix = output["metadata"]["scrapbook"].get("mime_prefix", "")
                text = bundle.get(prefix + "text/plain")
                glue[name] = _text(text) if text is not None else "(figure)"
            elif "<table" in _text(bundle.get("text/html", "")):
                tables.append(hashlib.sha256(_text(bundle["text/html"]).encode()).hexdigest())
    return {"glue": glue, "tables": tables}


def _stable_styler_ids(nb, run: str) -> None:
    """Replace the random ids of styled tables by ids derived from the run and the position."""
    for i, cell in enumerate(nb.cells):
        for j, output in enumerate(cell.get("outputs", [])):
            for mime, value in output.get("data", {}).items():
                if not mime.endswith("text/html"):
                    continue
                text = _text(value)
                ids = dict.fromkeys(_STYLER_ID.findall(text))
                for k, old in enumerate(ids):
                    new = hashlib.sha256(f"{run}/{i}/{j}/{k}".encode()).hexdigest()[:5]
                    text = re.sub(rf"\bT_{old}(?=[_\"\s])", f"T_{new}", text)
                output["data"][mime] = text


def _finish_notebook(
    path: Path, run: Run, parameters: dict, declared: dict, digest: str, manifest: dict
) -> None:
    """Hide the injected parameters, show the parameters the run used, set title, hash and
    manifest, make styled tables' ids deterministic and papermill's paths relative."""
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
    _stable_styler_ids(nb, run.name)
    # papermill records where it read and wrote the notebook: absolute local paths, which a
    # published notebook must not show.
    recorded = nb.metadata.get("papermill", {})
    recorded["input_path"] = f"notebooks/{run.notebook.name}"
    recorded["output_path"] = f"{OUTPUT_DIR.as_posix()}/{run.name}.ipynb"
    values = {n: ast.literal_eval(i["default"]) for n, i in declared.items() if i["default"]}
    values.update(parameters)
    nb.metadata["localwelfare"] = {
        "run": run.name,
        "hash": digest,
        "parameters": parameters,
        "manifest": {
            **manifest,
            "notebook": f"notebooks/{run.notebook.name}",
            "cells": hashlib.sha256(_notebook_content(run.notebook)).hexdigest(),
            "parameters": values,
            "seed": {n: v for n, v in values.items() if "seed" in n},
            "outputs": output_record(nb),
        },
    }
    nbformat.write(nb, path)


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

    def unfinished(cell) -> bool:  # started, never answered: the kernel died or was stopped
        execution = cell.get("metadata", {}).get("execution", {})
        return bool(execution) and "shell.execute_reply" not in execution

    for rule in (lambda c: c.get("metadata", {}).get("papermill", {}).get("exception"), unfinished):
        for number, cell in enumerate(cells, start=1):
            if rule(cell):
                lines = [line for line in cell.source.splitlines() if line.strip()]
                return f"cell {number} ({lines[0].strip() if lines else ''})"
    return None


def _progress_bar(job: dict) -> dict | bool:
    """papermill's progress bar, a step per cell, on the file descriptor the job names (the
    terminal's stderr, for ``localwelfare run``); none for the book, which logs a line per run."""
    if job.get("progress_fd") is None:
        return False
    stream = os.fdopen(job["progress_fd"], "w", closefd=False)
    return {"desc": f"run {job['run']}", "unit": "cell", "file": stream}


def _execute_here(job: dict) -> dict:
    """Execute one run in this process; return what happened (never raises an Exception)."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    start = time.perf_counter()
    failed = {"ok": False, "cell": None}
    try:
        papermill.execute_notebook(
            job["notebook"],
            job["output"],
            parameters=job["parameters"],
            kernel_name=KERNEL,
            cwd=job["cwd"],
            progress_bar=_progress_bar(job),
            execution_timeout=job.get("timeout") or DEFAULT_TIMEOUT,
        )
    except Exception as error:
        failed["cell"] = _failed_cell(job["output"])
        if isinstance(error, CellTimeoutError):
            failed["error"] = (
                f"the cell ran longer than the per-cell timeout of "
                f"{job.get('timeout') or DEFAULT_TIMEOUT:g} s (`timeout` in runs.yml)"
            )
        elif isinstance(error, DeadKernelError):
            failed["error"] = f"the kernel died (DeadKernelError: {error})"
        elif hasattr(error, "ename"):  # PapermillExecutionError: the cell raised
            failed["error"] = f"{error.ename}: {error.evalue}"
        else:  # notebook unreadable, kernel would not start, ...
            failed["error"] = repr(error)
        return {**failed, "seconds": time.perf_counter() - start}
    return {"ok": True, "seconds": time.perf_counter() - start}


def _run_environment(job: dict) -> dict:
    """The environment a run's kernel gets: the data folder, the declared reads and a fixed hash
    seed (so that the iteration order of sets of strings is the same in every build)."""
    return {
        "LOCALWELFARE_DATA_DIR": job["data_dir"],
        "LOCALWELFARE_DECLARED_READS": ",".join(job["reads"]),
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def _execute(job: dict) -> dict:
    """Execute one run in a child process with the run's environment (data folder, reads); with
    ``progress``, papermill's progress bar goes to this process's stderr."""
    import subprocess

    progress_fd = None
    if job.get("progress"):
        try:
            progress_fd = os.dup(sys.stderr.fileno())  # the child writes its bar there
        except (AttributeError, OSError, ValueError):  # stderr is no file (captured)
            progress_fd = None
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "localwelfare.pipeline",
                json.dumps({**job, "progress_fd": progress_fd}),
            ],
            env={**os.environ, **_run_environment(job)},
            capture_output=True,
            text=True,
            pass_fds=() if progress_fd is None else (progress_fd,),
        )
    finally:
        if progress_fd is not None:
            os.close(progress_fd)
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {
            "ok": False,
            "cell": None,
            "seconds": 0.0,
            "error": f"the executing process failed: {result.stderr.strip()[-2000:]}",
        }


def _worker_init() -> None:
    """A worker leaves Ctrl-C to the build, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _execute_in_worker(job: dict) -> dict:
    """Execute one run in a long-lived worker process of :func:`execute_runs`.

    The worker imports papermill once for all the runs it executes; the run's environment (data
    folder, declared reads) is set before each execution and passed on to the kernel it starts.
    """
    os.environ.update(_run_environment(job))
    return _execute_here(job)


class RunFailed(InputError):
    """A run failed: the message names the run, the cell and the error."""


class BuildInterrupted(KeyboardInterrupt):
    """The build was interrupted (Ctrl-C, SIGTERM): nothing it had not finished was kept."""


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


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader (or an interrupted build) never sees half."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _say(text: str, stream=None) -> None:
    """A progress message: to ``stream`` if given, else to the log (INFO, see :mod:`logging`;
    the command line shows it on stderr unless run with ``-q``)."""
    if stream is None:
        log.info(text)
    else:
        print(text, file=stream, flush=True)


class Progress:
    """A line per event and a running count: executing, cached, done, left."""

    def __init__(self, total: int, stream=None) -> None:
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
        _say(
            f"[{self.total - left}/{self.total}] {run}: {what}  "
            f"(cached {self.cached}, done {self.done}, left {left}; executing: {running})",
            self.stream,
        )


def _stop_workers(workers: cf.ProcessPoolExecutor) -> None:
    """Kill the worker processes; each kernel notices its parent is gone and exits."""
    processes = list((getattr(workers, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    for process in processes:
        process.join(10)


def execute_runs(
    project: str | os.PathLike = ".",
    names: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    stream=None,
    output_dir: str | os.PathLike | None = None,
) -> dict[str, str]:
    """Execute the runs of ``project`` whose content changed; return run -> status.

    Status is ``"cached"`` or ``"executed"``. All parameters are checked before anything runs. A
    failure stops the build: runs not started are cancelled, the failed notebook is kept in
    ``_build/failed/<run>.ipynb``, the previous output stays, and :class:`RunFailed` is raised.
    An interruption (Ctrl-C, SIGTERM) stops the workers and their kernels and raises
    :class:`BuildInterrupted`. Either way only whole executed notebooks reach the output folder
    (``output_dir``, default ``book/runs``): each is finished in a staging folder and moved in
    one rename, so no half-written cache entry can exist. ``runs/manifest.json`` (see
    :func:`write_manifest`) is written after every build.
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
    plan = {}
    for run in runs.values():
        plan[run.name] = (run, run.parameters, run_hash(run, run.parameters, data_dir, package))
    progress = Progress(len(plan), stream)
    status = {}
    todo = []
    for name, (_run, _, digest) in plan.items():
        if not force and cached_hash(out_dir / f"{name}.ipynb") == digest:
            status[name] = "cached"
            progress.event(name, "cached")
        else:
            todo.append(name)
    for name in todo:
        run, _, digest = plan[name]
        plan[name] = (run, check_parameters(run), digest)
    if todo:
        with build_lock(project), interruptible():
            _execute_planned(project, out_dir, plan, todo, data_dir, jobs, progress, status)
    write_manifest(out_dir, list(load_runs(project)))  # not the notebooks of removed runs
    return status


def _execute_planned(project, out_dir, plan, todo, data_dir, jobs, progress, status) -> None:
    # Staging folders of builds that were killed (SIGKILL, power cut) are removed here; the lock
    # guarantees that no running build owns them.
    for stale in (project / "_build").glob("runs-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix="runs-", dir=project / "_build"))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    lock = threading.Lock()
    stop = threading.Event()
    failures: list[str] = []
    declared = {run.notebook: notebook_parameters(run.notebook) for run, _, _ in plan.values()}
    versions, environment = package_versions(), lock_hash(project)

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
            "timeout": run.timeout,
        }
        try:
            result = workers.submit(_execute_in_worker, job).result()
        except BrokenProcessPool as error:
            result = {"ok": False, "cell": None, "error": f"the worker process died: {error}"}
        with lock:
            if stop.is_set() and not failures:  # interrupted: the result does not count
                return
            if result["ok"]:
                manifest = {
                    "inputs": input_files(data_dir, run.reads),
                    "versions": versions,
                    "lock": environment,
                }
                _finish_notebook(
                    executed, run, parameters, declared[run.notebook], digest, manifest
                )
                out_dir.mkdir(parents=True, exist_ok=True)
                os.replace(executed, out_dir / f"{name}.ipynb")
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

    # One thread per slot hands its runs, one at a time, to the pool of `jobs` worker processes,
    # so "executing" in the progress display is exactly what the workers are doing.
    context = multiprocessing.get_context("spawn")
    workers = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)
    pool = cf.ThreadPoolExecutor(max_workers=jobs)
    try:
        for future in cf.as_completed([pool.submit(work, name) for name in todo]):
            future.result()
    except KeyboardInterrupt as interrupt:
        stop.set()
        _stop_workers(workers)
        pool.shutdown(wait=True, cancel_futures=True)
        done = [n for n, s in status.items() if s == "executed"]
        raise BuildInterrupted(
            f"the build was interrupted ({interrupt or 'Ctrl-C'}); runs not finished were "
            f"discarded, the book is unchanged (finished and kept: {', '.join(done) or 'none'}). "
            "Run it again to go on."
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        workers.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(staging, ignore_errors=True)
    if failures:
        raise RunFailed("\n".join(failures))


MANIFEST = "manifest.json"


def collect_manifest(out_dir: str | os.PathLike, names: list[str] | None = None) -> dict:
    """The manifest of the executed runs in ``out_dir`` (only ``names``, if given): per run its
    notebook's cells hash, inputs' hashes, parameters, seeds, package versions and outputs (glued
    values, table hashes), as recorded when it ran."""
    runs = {}
    for path in sorted(Path(out_dir).glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        record = meta.get("localwelfare", {})
        if "manifest" in record and (names is None or record["run"] in names):
            runs[record["run"]] = record["manifest"]
    return {"runs": runs}


def write_manifest(out_dir: str | os.PathLike, names: list[str] | None = None) -> Path | None:
    """Write ``out_dir/manifest.json`` from the executed runs ``names`` (default: all there);
    nothing when there are none."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    path = out_dir / MANIFEST
    manifest = collect_manifest(out_dir, names)
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text + "\n":
        _write_atomically(path, text + "\n")
    return path


def compare_manifests(published: dict, fresh: dict) -> list[str]:
    """Every difference between two manifests that matters for the results: inputs, parameters,
    seeds, glued values and tables, per run. Package versions and the lock's hash are compared
    only to explain a difference."""
    problems = []
    for run in sorted(set(published["runs"]) | set(fresh["runs"])):
        old, new = published["runs"].get(run), fresh["runs"].get(run)
        if old is None or new is None:
            problems.append(f"{run}: only in the {'fresh' if old is None else 'published'} build")
            continue
        for part in ("notebook", "cells", "inputs", "parameters", "seed"):
            if old.get(part) != new.get(part):
                problems.append(f"{run}: {part} differ: {old.get(part)} != {new.get(part)}")
        old_glue, new_glue = old["outputs"]["glue"], new["outputs"]["glue"]
        for key in sorted(set(old_glue) | set(new_glue)):
            if old_glue.get(key) != new_glue.get(key):
                problems.append(
                    f"{run}: glued value '{key}': published {old_glue.get(key)!r}, "
                    f"now {new_glue.get(key)!r}"
                )
        old_tables, new_tables = old["outputs"]["tables"], new["outputs"]["tables"]
        changed = [
            i + 1
            for i in range(max(len(old_tables), len(new_tables)))
            if old_tables[i : i + 1] != new_tables[i : i + 1]
        ]
        if changed:
            problems.append(f"{run}: table(s) {', '.join(map(str, changed))} differ")
        if problems and problems[-1].startswith(run) and old["versions"] != new["versions"]:
            diff = {
                k: (old["versions"].get(k), v)
                for k, v in new["versions"].items()
                if old["versions"].get(k) != v
            }
            problems.append(f"{run}: package versions differ (published, now): {diff}")
        if problems and problems[-1].startswith(run) and old.get("lock") != new.get("lock"):
            problems.append(
                f"{run}: {LOCK_FILE} differs (published {old.get('lock')}, now {new.get('lock')})"
            )
    return problems


def verify(
    project: str | os.PathLike = ".",
    published: str | os.PathLike | None = None,
    jobs: int | None = None,
    stream=None,
) -> list[str]:
    """Re-execute every run from scratch in a temporary folder and compare what it computes with
    the published manifest (default: the built book's ``_build/html/manifest.json``).

    Returns the differences (empty: the book reproduces). The book and its runs are not touched.
    """
    project = Path(project).resolve()
    published = Path(published) if published else project / HTML_DIR / MANIFEST
    if not published.is_file():
        raise InputError(f"{published}: no published manifest (build the book first)")
    expected = json.loads(published.read_text(encoding="utf-8"))
    (project / "_build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="verify-", dir=project / "_build") as tmp:
        execute_runs(project, jobs=jobs, force=True, stream=stream, output_dir=tmp)
        fresh = collect_manifest(tmp)
    return compare_manifests(expected, fresh)


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
    job = {
        "notebook": str(run.notebook),
        "output": str(output),
        "parameters": parameters,
        "reads": run.reads,
        "data_dir": str(data_dir),
        "cwd": str(project),
        "timeout": run.timeout,
        "run": name,
        "progress": log.isEnabledFor(logging.INFO),  # papermill's bar, not with -q
    }
    with interruptible():
        result = _execute(job)
    if not result["ok"]:
        raise RunFailed(
            f"run '{name}' failed in {result['cell'] or 'before any cell ran'}: "
            f"{result['error']}\nThe executed notebook is kept in {output}."
        )
    manifest = {
        "inputs": input_files(data_dir, run.reads),
        "versions": package_versions(),
        "lock": lock_hash(project),
    }
    _finish_notebook(output, run, parameters, notebook_parameters(run.notebook), "", manifest)
    return output


# --- the data ------------------------------------------------------------------------------

DATA_STAMP = Path("_build") / "data-valid.sha256"


def validate_data(project: str | os.PathLike = ".", force: bool = False, stream=None) -> None:
    """Validate the whole data package, or skip it when nothing in it changed since the last
    successful validation (the stamp holds a hash of every file of the package)."""
    import frictionless

    from localwelfare import data

    project = Path(project).resolve()
    data_dir = project_data_dir(project)
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    digest = _sha(
        frictionless.__version__.encode(),
        (PACKAGE_DIR / "data.py").read_bytes(),  # the rules beyond the descriptor
        (PACKAGE_DIR / "refiqda.py").read_bytes(),
        *(str(f.relative_to(data_dir)).encode() + f.read_bytes() for f in files),
    )
    stamp = project / DATA_STAMP
    if not force and stamp.is_file() and stamp.read_text() == digest:
        _say("data: unchanged since the last validation", stream)
        return
    problems = data.validate(data_dir)
    if problems:
        raise data.DataValidationError(problems)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(stamp, digest)
    _say(f"data: {data_dir / data.DESCRIPTOR} is valid", stream)


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
    project: str | os.PathLike = ".", builder: str = "html", force: bool = False, stream=None
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
        _say("book: up to date, nothing to build", stream)
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
    _say("book: building with Jupyter Book (warnings are errors)", stream)
    # Sphinx never deletes the pages of documents that left the book: when the table of contents
    # or the configuration changed, start from an empty output folder (the parsed documents in
    # .doctrees are kept, so unchanged pages are still not read again).
    layout = _sha(*((project / name).read_bytes() for name in ("_toc.yml", "_config.yml")))
    layout_stamp = work / f"layout-{builder}.sha256"
    if not layout_stamp.is_file() or layout_stamp.read_text() != layout:
        shutil.rmtree(work / "_build" / builder, ignore_errors=True)
    try:
        with interruptible():
            result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    except KeyboardInterrupt as interrupt:  # subprocess.run has killed Jupyter Book
        shutil.rmtree(work / "_build" / ".doctrees", ignore_errors=True)
        raise BuildInterrupted(
            f"the book build was interrupted ({interrupt or 'Ctrl-C'}); the previous book is "
            "untouched. Run it again to go on."
        ) from None
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
        # Copy next to the published book, then swap with two renames: an interruption leaves
        # either the old or the new book in _build/html, never a half-copied one.
        new, old = html.with_name("html.new"), html.with_name("html.old")
        for leftover in (new, old):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(built, new)
        if html.exists():
            html.rename(old)
        new.rename(html)
        shutil.rmtree(old, ignore_errors=True)
        _write_atomically(stamp, digest)
        _say(f"book: built {html}", stream)
        return html
    return built


if __name__ == "__main__":  # the child process of one run, started by _execute
    print(json.dumps(_execute_here(json.loads(sys.argv[1]))))
