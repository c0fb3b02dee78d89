"""Load resources of the data package, only through validation.

The data package (``data/datapackage.json``, Frictionless) is the codebook: every resource's
fields, types, constraints and keys. :func:`load` validates a resource against it with frictionless
and returns a typed DataFrame (enum fields become ordered categoricals, so unused levels are kept);
an invalid file raises one :class:`DataValidationError` listing file, row, field and rule for each
problem.

Examples
--------
>>> from localwelfare import data
>>> frame = data.load("municipalities")  # doctest: +SKIP
>>> frame.columns[:3].tolist()  # doctest: +SKIP
['nis_code', 'name_nl', 'name_fr']
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from frictionless import Package

from localwelfare.errors import InputError

DESCRIPTOR = "datapackage.json"
#: Environment variable naming the data folder (the one holding ``datapackage.json``).
DATA_DIR_ENV = "LOCALWELFARE_DATA_DIR"
#: Set by the pipeline: the resources a run declared it reads. Loading another one is refused, so
#: the pipeline's cache can never miss a change in data a run actually used.
DECLARED_READS_ENV = "LOCALWELFARE_DECLARED_READS"


@dataclass(frozen=True)
class Problem:
    """One broken rule in one file."""

    file: str
    row: int | None
    field: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.rule}: {self.message}"


class DataValidationError(InputError):
    """A data file breaks the data package's rules; ``problems`` lists each broken rule."""

    def __init__(self, problems: list[Problem], limit: int = 50) -> None:
        self.problems = problems
        lines = [str(p) for p in problems[:limit]]
        if len(problems) > limit:
            lines.append(f"... and {len(problems) - limit} more problems")
        super().__init__(f"{len(problems)} data problem(s):\n  " + "\n  ".join(lines))


def find_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the data folder: ``data_dir`` if given, else ``$LOCALWELFARE_DATA_DIR``, else the
    first ``data/`` holding a ``datapackage.json`` in the working folder or one of its parents."""
    if data_dir:
        path = Path(data_dir)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        here = Path.cwd().resolve()
        candidates = [d / "data" for d in (here, *here.parents)]
        path = next((c for c in candidates if (c / DESCRIPTOR).is_file()), here / "data")
    if not (path / DESCRIPTOR).is_file():
        raise InputError(f"{path / DESCRIPTOR}: no data package descriptor found")
    return path.resolve()


def descriptor(data_dir: str | os.PathLike | None = None) -> dict:
    """Return the data package descriptor as a dict, with each resource's schema inlined."""
    base = find_data_dir(data_dir)
    desc = json.loads((base / DESCRIPTOR).read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if isinstance(res.get("schema"), str):
            res["schema"] = json.loads((base / res["schema"]).read_text(encoding="utf-8"))
    return desc


def is_synthetic(data_dir: str | os.PathLike | None = None) -> bool:
    """Whether the data package declares its data synthetic (``"synthetic": true``)."""
    return bool(descriptor(data_dir).get("synthetic", False))


def _check_declared(name: str) -> None:
    """Inside a pipeline run, refuse a resource the run did not declare in runs.yml."""
    declared = os.environ.get(DECLARED_READS_ENV)
    if declared is not None and name not in declared.split(","):
        raise InputError(
            f"resource '{name}' is read but not declared in this run's 'reads' (runs.yml); "
            "declare it so that the pipeline re-executes the run when it changes"
        )


def resource_path(name: str, data_dir: str | os.PathLike | None = None) -> Path:
    """Return the file of resource ``name`` (for non-tabular resources, read by their own
    readers; tabular ones are read with :func:`load`)."""
    _check_declared(name)
    base = find_data_dir(data_dir)
    return base / _resource(descriptor(base), name)["path"]


def _resource(desc: dict, name: str) -> dict:
    for res in desc["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in desc["resources"])
    raise InputError(f"{DESCRIPTOR}: no resource named '{name}' (known: {known})")


def _problems(report, base: Path) -> list[Problem]:
    problems = []
    for task in report.tasks:
        file = str(Path(task.place).name) if task.place else task.name
        for error in task.errors:
            problems.append(
                Problem(
                    file=file,
                    row=getattr(error, "row_number", None),
                    field=getattr(error, "field_name", None)
                    or ", ".join(getattr(error, "field_names", None) or [])
                    or None,
                    rule=error.type,
                    message=error.note or error.message,
                )
            )
    for error in report.errors:
        problems.append(Problem(DESCRIPTOR, None, None, error.type, error.note or error.message))
    return problems


def validate(
    data_dir: str | os.PathLike | None = None, resources: list[str] | None = None
) -> list[Problem]:
    """Validate the data package (or only ``resources``) and return every problem found.

    Checks types, constraints (required, unique, enum, minimum/maximum, pattern), primary keys and
    foreign keys across resources. An empty list means the data are valid.
    """
    base = find_data_dir(data_dir)
    package = Package(str(base / DESCRIPTOR))
    if resources is not None:
        keep = _with_references(package, resources)
        for name in list(package.resource_names):
            if name not in keep:
                package.remove_resource(name)
    problems = _problems(package.validate(), base)
    for res in descriptor(base)["resources"]:
        if res["name"] in package.resource_names and res.get("rowRules"):
            problems += _row_rule_problems(package.get_resource(res["name"]), res)
    return problems


def _row_rule_problems(resource, res: dict) -> list[Problem]:
    """Check the resource's ``rowRules``: rules that compare fields of one row, which a Table
    Schema cannot express (e.g. no self-ties: ``organisation_id != partner_id``)."""
    from frictionless import Checklist, checks

    problems = []
    for rule in res["rowRules"]:
        checklist = Checklist(checks=[checks.row_constraint(formula=rule["formula"])])
        report = resource.validate(checklist=checklist)
        for task in report.tasks:
            for error in task.errors:
                if error.type != "row-constraint":
                    continue  # schema errors are reported by the package validation
                problems.append(
                    Problem(
                        file=Path(res["path"]).name,
                        row=error.row_number,
                        field=rule.get("field"),
                        rule=rule["rule"],
                        message=f"{rule['message']} ({rule['formula']})",
                    )
                )
    return problems


def _with_references(package: Package, names: list[str]) -> set[str]:
    """``names`` and every resource their foreign keys reach, directly or through others."""
    keep, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        if name not in package.resource_names:
            raise InputError(f"{DESCRIPTOR}: no resource named '{name}'")
        keep.add(name)
        schema = package.get_resource(name).schema
        for fk in schema.foreign_keys if schema else []:
            todo.append(fk["reference"].get("resource") or name)
    return keep


def _dtypes(schema: dict) -> tuple[dict, list[str]]:
    dtypes, dates = {}, []
    for field in schema["fields"]:
        kind, name = field.get("type", "string"), field["name"]
        enum = field.get("constraints", {}).get("enum")
        if enum is not None and kind in ("string", "integer"):
            dtypes[name] = pd.CategoricalDtype(enum, ordered=True)
        elif kind == "integer":
            dtypes[name] = "Int64"
        elif kind == "number":
            dtypes[name] = "float64"
        elif kind == "boolean":
            dtypes[name] = "boolean"
        elif kind in ("date", "datetime"):
            dates.append(name)
        else:
            dtypes[name] = "string"
    return dtypes, dates


def load(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Validate resource ``name`` and return it as a typed DataFrame.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json`` (e.g. ``"municipalities"``).
    data_dir : path, optional
        The data folder; see :func:`find_data_dir`.

    Raises
    ------
    DataValidationError
        If the file breaks a rule of the codebook; nothing is loaded then.
    """
    _check_declared(name)
    base = find_data_dir(data_dir)
    desc = descriptor(base)
    res = _resource(desc, name)
    problems = validate(base, [name])
    if problems:
        raise DataValidationError(problems)
    dtypes, dates = _dtypes(res["schema"])
    frame = pd.read_csv(
        base / res["path"],
        dtype={k: v for k, v in dtypes.items() if v != "boolean"},
        parse_dates=dates,
        keep_default_na=False,
        na_values=res["schema"].get("missingValues", [""]),
    )
    for col, kind in dtypes.items():
        if kind == "boolean":
            frame[col] = frame[col].map({"true": True, "false": False, True: True, False: False})
            frame[col] = frame[col].astype("boolean")
    return frame


def codebook_markdown(data_dir: str | os.PathLike | None = None) -> str:
    """Return the human codebook (``data/README.md``) written from the data package descriptor.

    ``python -m localwelfare codebook`` prints it; a test checks that the committed README is
    exactly this text, so the codebook never drifts from the descriptor.
    """
    desc = descriptor(data_dir)
    out = [
        f"# {desc.get('title', 'Data package')}",
        "",
        "<!-- Written by `python -m localwelfare codebook > data/README.md` from datapackage.json;"
        " edit the descriptor and schemas, not this file. -->",
        "",
        desc.get("description", ""),
        "",
        "Licence: " + ", ".join(lic["name"] for lic in desc.get("licenses", [])) + ".",
        "",
    ]
    for res in desc["resources"]:
        out += [f"## `{res['name']}`: {res.get('title', '')}", "", res.get("description", ""), ""]
        out += [f"File: `{res['path']}`.", ""]
        schema = res.get("schema")
        if not schema:
            continue
        keys = ", ".join(f"`{k}`" for k in _as_list(schema.get("primaryKey")))
        if keys:
            out += [f"Primary key: {keys}.", ""]
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            out += [
                f"Foreign key: {', '.join(f'`{f}`' for f in _as_list(fk['fields']))} -> "
                f"`{ref.get('resource') or res['name']}`"
                f"({', '.join(_as_list(ref['fields']))}).",
                "",
            ]
        for rule in res.get("rowRules", []):
            out += [f"Row rule `{rule['rule']}`: {rule['message']} (`{rule['formula']}`).", ""]
        out += ["| field | type | rules | description |", "|---|---|---|---|"]
        for field in schema["fields"]:
            rules = []
            for rule, value in field.get("constraints", {}).items():
                if value is True:
                    rules.append(rule)
                elif rule == "enum":
                    rules.append("one of " + ", ".join(f"`{v}`" for v in value))
                else:
                    rules.append(f"{rule} `{value}`")
            text = field.get("description", "").replace("|", "\\|").replace("\n", " ")
            rules_text = "; ".join(rules).replace("|", "\\|")
            out.append(
                f"| `{field['name']}` | {field.get('type', 'string')} | {rules_text} | {text} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
