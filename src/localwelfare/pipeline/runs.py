"""The runs of the book: ``notebooks/runs.yml``, its schema, and the parameters of each run.

This room owns the declaration: reading and validating ``runs.yml`` (:func:`load_runs`, against
:data:`RUNS_SCHEMA`), the :class:`Run` it yields with every default resolved once, here (a
notebook without ``timeout`` gets :data:`DEFAULT_TIMEOUT`), and the parameters: what a notebook's
``parameters`` cell declares (:func:`notebook_parameters`: type, default, help, the rule its help
states and whether it is a seed) and how a value is checked against it (:func:`coerce_parameter`,
:func:`check_parameters`).

It calls no other room of the pipeline (only :mod:`localwelfare.data`, for the data folder).
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from localwelfare.errors import InputError

RUNS_FILE = Path("notebooks") / "runs.yml"
#: The JSON Schema ``runs.yml`` is validated against (packaged with the helper package).
RUNS_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "runs.schema.json"
#: Where a run's executed notebook is written: the folder the book reads its runs from.
OUTPUT_DIR = Path("book") / "runs"
#: The hash of ``runs.yml``, its schema and this module when the declaration last passed them.
RUNS_STAMP = Path("_build") / "declaration-valid.sha256"
#: Seconds a single cell may run before the run fails (``timeout`` in runs.yml, per notebook).
DEFAULT_TIMEOUT = 600.0
#: A folder of stand-ins for modules that are slow to import and that no step of the pipeline
#: uses, each raising ImportError (see its modules' docstrings). It comes first on the path of
#: every process the pipeline starts: the command line (:func:`skip_slow_imports`), its workers,
#: the kernels and Jupyter Book (:func:`lean_pythonpath`).
SKIPPED_IMPORTS = Path(__file__).resolve().with_name("skipped_imports")
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
    timeout: float = DEFAULT_TIMEOUT  # seconds a cell may run

    def output(self, project: Path) -> Path:
        """The executed notebook the book reads."""
        return project / OUTPUT_DIR / f"{self.name}.ipynb"


def skip_slow_imports() -> None:
    """Put :data:`SKIPPED_IMPORTS` first on this process's module path (once); the workers
    started from it inherit the path."""
    import sys

    if str(SKIPPED_IMPORTS) not in sys.path:
        sys.path.insert(0, str(SKIPPED_IMPORTS))


def lean_pythonpath(environ: dict | None = None) -> str:
    """``PYTHONPATH`` for a process the pipeline starts: :data:`SKIPPED_IMPORTS` first, then the
    ``PYTHONPATH`` of ``environ`` (default: this process's environment)."""
    current = (os.environ if environ is None else environ).get("PYTHONPATH", "")
    return os.pathsep.join([str(SKIPPED_IMPORTS), *[p for p in current.split(os.pathsep) if p]])


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
        text = path.read_text(encoding="utf-8")
        spec = yaml.load(text, Loader=_RunsLoader)
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"{path}: cannot read the runs declaration: {error}") from error
    # Validating takes a second (jsonschema's import): a built project keeps a stamp of the last
    # text found valid, so that an unchanged declaration is not validated again.
    stamp = project / RUNS_STAMP
    digest = hashlib.sha256(
        text.encode() + RUNS_SCHEMA.read_bytes() + Path(__file__).read_bytes()
    ).hexdigest()
    if not (stamp.is_file() and stamp.read_text() == digest):
        problems = runs_problems(spec)
        if problems:
            raise InputError("\n".join(f"{path}: {problem}" for problem in problems))
        if stamp.parent.is_dir():
            stamp.with_name(f".{stamp.name}.tmp").write_text(digest)
            os.replace(stamp.with_name(f".{stamp.name}.tmp"), stamp)
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
            timeout=float(source.get("timeout", DEFAULT_TIMEOUT)),
        )
    return runs


def notebook_parameters(notebook: str | os.PathLike) -> dict[str, dict]:
    """The parameters of a notebook's ``parameters`` cell: name -> type, default, help, the rule
    the help states (:func:`parameter_rule`) and whether the parameter is a seed.

    The type is the annotation (``name: int = 3``) or, without one, the type of the default. A
    seed is an integer whose help comment calls it one (``seed: int = 1  # seed of the
    bootstrap``); each run's manifest records the seeds apart from the other parameters.
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
            "seed": kind == "int" and _SEED.search(info["help"] or "") is not None,
        }
    return params


#: The word of a parameter's help comment that declares it a seed of random draws.
_SEED = re.compile(r"\bseed\b", re.IGNORECASE)

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
