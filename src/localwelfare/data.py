"""Load resources of the data package, only through validation.

The data package (``data/datapackage.json``, Frictionless) is the codebook: every resource's
fields, types, constraints and keys. :func:`load` validates a resource against it with frictionless
and returns a typed DataFrame (enum fields become ordered categoricals, so unused levels are kept);
an invalid file raises one :class:`DataValidationError` listing file, row, field and rule for each
problem.

Before its rows are read, each file is checked as a whole: it exists and is not empty, decodes in
the declared encoding (UTF-8; ``encoding-error`` names the row and field of the first byte that does
not), its header has exactly the schema's columns in the schema's order (``missing-label``,
``extra-label``, ``incorrect-label``), it has at least one data row (``no-rows``: every resource of
the package feeds an analysis, and an empty table is an export accident far more often than data)
and it ends with a line break (``truncated-last-line``: a last line cut in the middle of a value can
otherwise look valid). A ``.qdpx`` resource must be a readable REFI-QDA project (``not-a-zip``,
``no-project-file``, ``not-well-formed-xml``, ``not-refi-qda``). Rows of files with such problems,
and of the files whose foreign keys reach them, are not checked further.

Three variants of the canonical CSV (comma-separated, decimal point, UTF-8, LF line ends) are
legitimate exports, and :func:`validate` and :func:`load` read them alike, giving the same result as
the canonical file, with the same row numbers:

- a UTF-8 byte-order mark (Excel's "CSV UTF-8") is ignored;
- CRLF line ends (Windows) are read as LF;
- a file whose header line holds a semicolon and no comma is a semicolon-separated export of a
  spreadsheet in a Belgian (or other continental) locale: its delimiter is ``;`` and its
  ``number`` fields have a decimal comma (``3,5``).

A boolean field also accepts ``True``/``TRUE``/``1`` and ``False``/``FALSE``/``0``, as frictionless
does. Nothing else is normalised: a category with a trailing space or another case is refused, with
a hint naming the allowed value it matches (``'Flanders' is not one of ...; did you mean
'flanders'?``).

Examples
--------
>>> from localwelfare import data
>>> frame = data.load("municipalities")  # doctest: +SKIP
>>> frame.columns[:3].tolist()  # doctest: +SKIP
['nis_code', 'name_nl', 'name_fr']
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from localwelfare.errors import InputError

if TYPE_CHECKING:  # pandas and frictionless are imported where they are used: hashing the data
    import pandas as pd  # and checking a run's reads need neither

DESCRIPTOR = "datapackage.json"
#: Environment variable naming the data folder (the one holding ``datapackage.json``).
DATA_DIR_ENV = "LOCALWELFARE_DATA_DIR"
#: Set by the pipeline: the resources a run declared it reads. Loading another one is refused, so
#: the pipeline's cache can never miss a change in data a run actually used.
DECLARED_READS_ENV = "LOCALWELFARE_DECLARED_READS"
#: Set by the pipeline to the data folder it validated whole before a run: :func:`load` does not
#: validate a resource of that folder again.
VALIDATED_ENV = "LOCALWELFARE_DATA_VALIDATED"
#: The spellings of a boolean that frictionless accepts when a field declares none.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]


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


def category_labels(data_dir: str | os.PathLike | None = None) -> dict[str, dict]:
    """Return the labels the data package gives its codes: field name -> code -> ``{"en": ...,
    "nl": ..., "fr": ...}``.

    A field lists its codes with their labels as a Frictionless categorical field does, a
    ``categories`` list of ``{"value": code, "label": English, "labels": {"nl": Dutch, "fr":
    French}}`` beside its ``enum`` constraint. A label reads as it does within a sentence
    (``recognised refugee``, ``Flanders``). Fields of the same name in several resources share
    their labels (the first resource's label of a code is kept); a field without categories has
    none.

    Examples
    --------
    >>> category_labels()["legal_status"]["recognised_refugee"]  # doctest: +SKIP
    {'en': 'recognised refugee', 'nl': 'erkend vluchteling', 'fr': 'réfugié reconnu'}
    """
    labels: dict[str, dict] = {}
    for res in descriptor(data_dir)["resources"]:
        for field in (res.get("schema") or {}).get("fields", []):
            for category in field.get("categories", []):
                if isinstance(category, dict) and "label" in category:
                    forms = {"en": category["label"], **category.get("labels", {})}
                    labels.setdefault(field["name"], {}).setdefault(category["value"], forms)
    return labels


@functools.lru_cache(maxsize=8)
def _labels_of(folder: str) -> dict[str, dict]:
    return category_labels(folder)


def code_label(value, language: str = "en", field: str | None = None, data_dir=None) -> str | None:
    """Return the data package's label of the code ``value`` in ``language``, or ``None`` (also
    when no data package is found, see :func:`find_data_dir`).

    The code is looked up in ``field`` when the data package has such a field, else in every
    field; a code that two fields label differently in ``language`` has no label then. The
    labels are read once per folder.

    Examples
    --------
    >>> code_label("wallonia"), code_label("wallonia", "nl", "region")
    ('Wallonia', 'Wallonië')
    """
    try:
        folder = find_data_dir(data_dir)
    except InputError:
        return None
    labels = _labels_of(str(folder))
    if field in labels:
        forms = labels[field].get(value)
        return None if forms is None else forms.get(language)
    found = {
        forms.get(language) for codes in labels.values() for c, forms in codes.items() if c == value
    }
    return found.pop() if len(found) == 1 else None


def write_file_facts(data_dir: str | os.PathLike) -> list[str]:
    """Set each resource's ``bytes`` and ``hash`` (``sha256:...``) in ``datapackage.json`` from
    its file, so that the package's files can be checked against it (stock ``frictionless
    validate`` does); return the names of the resources whose facts changed.

    ``python -m localwelfare synthesize --out DIR`` calls it after writing the files.
    """
    path = Path(data_dir) / DESCRIPTOR
    desc = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for res in desc["resources"]:
        file = Path(data_dir) / res["path"]
        if not file.is_file():
            raise InputError(f"{path}: resource '{res['name']}' has no file at {res['path']}")
        content = file.read_bytes()
        facts = {"bytes": len(content), "hash": f"sha256:{hashlib.sha256(content).hexdigest()}"}
        if {k: res.get(k) for k in facts} != facts:
            res.update(facts)
            changed.append(res["name"])
    if changed:
        path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def is_synthetic(data_dir: str | os.PathLike | None = None) -> bool:
    """Whether the data package declares its data synthetic (``"synthetic": true``)."""
    return bool(descriptor(data_dir).get("synthetic", False))


def has_planted_effects(data_dir: str | os.PathLike | None = None) -> bool:
    """Whether the data are synthetic with the generator's planted effects on (not ``--null``)."""
    meta = descriptor(data_dir)
    return bool(meta.get("synthetic", False)) and not meta.get("null", False)


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


def with_references(desc: dict, names: list[str]) -> dict[str, dict]:
    """The resources ``names`` and every resource their foreign keys reach, directly or through
    others: name -> resource of the descriptor ``desc`` (see :func:`descriptor`), sorted by name.

    What a resource's rows mean depends on the rows they reference, so :func:`validate` checks
    these together and the pipeline hashes them together. An unknown name raises
    :class:`InputError`.

    Examples
    --------
    >>> desc = {"resources": [
    ...     {"name": "ties", "schema": {"foreignKeys": [
    ...         {"fields": "source", "reference": {"resource": "organisations", "fields": "id"}}]}},
    ...     {"name": "organisations"},
    ...     {"name": "networks"},
    ... ]}
    >>> list(with_references(desc, ["ties"]))
    ['organisations', 'ties']
    """
    found, todo = {}, list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found[name] = _resource(desc, name)
        schema = found[name].get("schema") or {}
        todo += [fk["reference"].get("resource") or name for fk in schema.get("foreignKeys", [])]
    return dict(sorted(found.items()))


def _hint(value: str, allowed: list) -> str:
    """``"; did you mean 'x'?"`` when ``value`` is an allowed value but for spaces or case."""
    match = [a for a in allowed if str(a).casefold() == value.strip().casefold()]
    return f"; did you mean {str(match[0])!r}?" if match else ""


def _message(error, enums: dict) -> str:
    enum = enums.get(getattr(error, "field_name", None))
    if (
        error.type == "constraint-error"
        and enum is not None
        and error.note.startswith('constraint "enum"')
    ):
        allowed = ", ".join(repr(str(v)) for v in enum)
        return f"{error.cell!r} is not one of {allowed}{_hint(error.cell, enum)}"
    if error.type == "type-error":
        return f"{error.cell!r}: {error.note}"
    return error.note or error.message


def _problems(report, desc: dict) -> list[Problem]:
    schemas = {r["name"]: r.get("schema") or {} for r in desc["resources"]}
    problems = []
    for task in report.tasks:
        file = str(Path(task.place).name) if task.place else task.name
        enums = {
            f["name"]: f["constraints"]["enum"]
            for f in schemas.get(task.name, {}).get("fields", [])
            if "enum" in f.get("constraints", {})
        }
        for error in task.errors:
            problems.append(
                Problem(
                    file=file,
                    row=getattr(error, "row_number", None),
                    field=getattr(error, "field_name", None)
                    or ", ".join(getattr(error, "field_names", None) or [])
                    or None,
                    rule=error.type,
                    message=_message(error, enums),
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
    from frictionless import Checklist, Package

    base = find_data_dir(data_dir)
    desc = descriptor(base)
    package = Package(str(base / DESCRIPTOR))
    if resources is not None:
        keep = with_references(desc, resources)
        for name in list(package.resource_names):
            if name not in keep:
                package.remove_resource(name)
    problems, broken = [], set()
    for res in desc["resources"]:
        if res["name"] not in package.resource_names:
            continue
        path = base / res["path"]
        if res.get("format") == "qdpx":
            found = _project_problems(path)
        elif res.get("schema"):
            found, delimiter = _file_problems(path, res)
            if delimiter == ";":
                _read_semicolons(package.get_resource(res["name"]))
        else:
            found = []
        problems += found
        if found:
            broken.add(res["name"])
    for name in list(package.resource_names):  # their rows cannot be checked (yet)
        if with_references(desc, [name]).keys() & broken:
            package.remove_resource(name)
    if not package.resource_names:
        return problems
    # A resource's declared bytes and hash describe the committed files (write_file_facts); a
    # folder of one's own data need not carry them, so they are no rule of the data here.
    checklist = Checklist(skip_errors=["hash-count", "byte-count"])
    problems += _problems(package.validate(checklist=checklist), desc)
    for res in desc["resources"]:
        if res["name"] in package.resource_names and res.get("rowRules"):
            problems += _row_rule_problems(package.get_resource(res["name"]), res)
    return problems


def _delimiter(header_line: str) -> str:
    """``";"`` for a semicolon-separated export (a ``;`` and no ``,`` in the header line)."""
    return ";" if ";" in header_line and "," not in header_line else ","


def _read_semicolons(resource) -> None:
    """Make frictionless read ``resource`` as a semicolon export with decimal commas."""
    from frictionless import Dialect, formats

    resource.dialect = Dialect(controls=[formats.CsvControl(delimiter=";")])
    for field in resource.schema.fields:
        if field.type == "number":
            field.decimal_char = ","


def _file_problems(path: Path, res: dict) -> tuple[list[Problem], str]:
    """Check what must hold before the rows of a CSV resource can be read (see the module's
    docstring); return the problems and the file's delimiter."""
    file, encoding = path.name, res.get("encoding", "utf-8")
    if not path.is_file():
        return [Problem(file, None, None, "missing-file", f"no file at {res['path']}")], ","
    raw = path.read_bytes()
    if not raw:
        message = "the file is empty (0 bytes); a header and data rows are expected"
        return [Problem(file, None, None, "empty-file", message)], ","
    try:
        text = raw.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return [_encoding_problem(file, raw, error)], ","
    delimiter = _delimiter(text.partition("\n")[0])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, names = rows[0], [f["name"] for f in res["schema"]["fields"]]
    problems = []
    for name in names:
        if name not in header:
            problems.append(Problem(file, 1, name, "missing-label", f"no column '{name}'"))
    for label in header:
        if label not in names:
            message = f"column {label!r} is not in the schema{_hint(label, names)}"
            problems.append(Problem(file, 1, label or None, "extra-label", message))
    if not problems and header != names:
        message = f"the columns are not in the schema's order ({', '.join(names)})"
        problems.append(Problem(file, 1, None, "incorrect-label", message))
    if len(rows) < 2:
        problems.append(Problem(file, None, None, "no-rows", "the file has a header but no rows"))
    if not text.endswith(("\n", "\r")):
        message = (
            "the file does not end with a line break, so its last line may be cut short; "
            "if that line is complete, end it with a line break"
        )
        problems.append(Problem(file, len(rows), None, "truncated-last-line", message))
    return problems, delimiter


def _encoding_problem(file: str, raw: bytes, error: UnicodeDecodeError) -> Problem:
    """Name the row and field of the first byte that is not valid in the declared encoding."""
    before = raw[: error.start].decode(error.encoding, errors="replace").removeprefix("\ufeff")
    delimiter = _delimiter(before.partition("\n")[0])
    # "x" stands for the bad byte, so that the row and cell it starts are counted
    rows = list(csv.reader(io.StringIO(before + "x", newline=""), delimiter=delimiter))
    header = rows[0] if len(rows) > 1 else []
    column = len(rows[-1]) - 1
    message = (
        f"byte 0x{raw[error.start]:02x} is not valid {error.encoding}, the encoding the data "
        f"package declares (a Latin-1 or Windows-1252 export?): save the file as {error.encoding}"
    )
    field = header[column] if column < len(header) else None
    return Problem(file, len(rows), field, "encoding-error", message)


def _project_problems(path: Path) -> list[Problem]:
    """Check that a ``qdpx`` resource is a REFI-QDA project that localwelfare.refiqda reads."""
    from localwelfare import refiqda

    if not zipfile.is_zipfile(path):
        message = "a .qdpx project is a zip archive (REFI-QDA); this file is not one"
        return [Problem(path.name, None, None, "not-a-zip", message)]
    try:
        refiqda.read_project(path)
    except InputError as error:
        rule = getattr(error, "rule", "refi-qda-schema")  # refiqda.UnreadableProject names it
        return [Problem(path.name, None, None, rule, str(error).removeprefix(f"{path}: "))]
    return []


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


def _dtypes(schema: dict) -> tuple[dict, list[str]]:
    import pandas as pd

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

    Inside a pipeline run that validated the whole data package first (``book``), the resource is
    not validated again (:data:`VALIDATED_ENV` names the folder validated).

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
    import pandas as pd

    _check_declared(name)
    base = find_data_dir(data_dir)
    desc = descriptor(base)
    res = _resource(desc, name)
    if os.environ.get(VALIDATED_ENV) != str(base):
        problems = validate(base, [name])
        if problems:
            raise DataValidationError(problems)
    dtypes, dates = _dtypes(res["schema"])
    path, encoding = base / res["path"], res.get("encoding", "utf-8")
    with path.open(encoding=encoding) as file:
        delimiter = _delimiter(file.readline())
    frame = pd.read_csv(
        path,
        sep=delimiter,
        decimal="," if delimiter == ";" else ".",
        encoding=encoding,
        dtype={k: "string" if v == "boolean" else v for k, v in dtypes.items()},
        parse_dates=dates,
        keep_default_na=False,
        na_values=res["schema"].get("missingValues", [""]),
    )
    for field in res["schema"]["fields"]:
        if dtypes.get(field["name"]) == "boolean":
            values = {v: True for v in field.get("trueValues", TRUE_VALUES)}
            values |= {v: False for v in field.get("falseValues", FALSE_VALUES)}
            frame[field["name"]] = frame[field["name"]].map(values).astype("boolean")
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
                    named = {c["value"]: c.get("label") for c in field.get("categories", [])}
                    rules.append(
                        "one of "
                        + ", ".join(
                            f"`{v}` ({named[v]})" if named.get(v) else f"`{v}`" for v in value
                        )
                    )
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
