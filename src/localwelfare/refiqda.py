"""Read and write REFI-QDA projects (``.qdpx``/``.qde``) and codebooks (``.qdc``).

REFI-QDA ("QDA-XML 1.0", https://www.qdasoftware.org) is the interchange standard of NVivo,
ATLAS.ti, MAXQDA, QualCoder, Taguette and others. :func:`read_project` turns a project into tidy
tables (codes, sources, cases, variables, users and one row per coding); :func:`read_codebook` does
the same for a codebook. :func:`project_bytes` and :func:`codebook_bytes` write them back, so that
researchers can take the synthesis into their own tool.

Real exports differ from the schema in ways the reader absorbs:

* the XML namespace varies (``urn:QDA-XML:project:1.0``, codebook ``1:0`` or ``0:4``), so elements
  are matched by their local name only;
* the project file inside a ``.qdpx`` is ``project.qde`` or ``Project.qde``; sources are
  ``internal://GUID.txt`` in ``Sources/`` or ``sources/`` (any case);
* ATLAS.ti writes a flat code list with ``Parent::child`` names instead of nesting (split on
  ``flat_separator``; a missing parent becomes a non-codable code);
* ATLAS.ti writes a codebook's ``MemberCode`` with ``guid`` instead of ``targetGUID``;
* MAXQDA writes document variables as nameless cases with a single ``SourceRef``: these become
  variables of that source, not cases;
* ``PlainTextSelection`` positions are character offsets into the plain text exactly as stored,
  so a ``\\r\\n`` line ending counts as two characters (``crlf_as_one=True`` counts it as one, for
  tools that do so).

Codes are identified by their path from the top of the hierarchy, names joined with
:data:`PATH_SEP` (``"access/language"``).

Examples
--------
>>> import pandas as pd
>>> from localwelfare import refiqda
>>> codes = refiqda.codes_from_paths(["access", "access/language"])
>>> codes[["code_path", "level"]].values.tolist()
[['access', 1], ['access/language', 2]]
>>> refiqda.read_codebook(refiqda.codebook_bytes(codes))["code_path"].tolist()
['access', 'access/language']
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd
from lxml import etree

from localwelfare.errors import InputError

#: Separator of code names in a code path.
PATH_SEP = "/"
#: Namespace of the files this module writes.
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: Namespace of the GUIDs this module derives (uuid5), so that written files are deterministic.
GUID_NAMESPACE = uuid.UUID("6f1c1f8e-3f0a-5b8e-9d43-6c6f63616c77")

#: Kind of selection for each REFI-QDA element holding a ``Coding``.
SELECTION_KINDS = {
    "PlainTextSelection": "text",
    "PDFSelection": "pdf",
    "PictureSelection": "picture",
    "AudioSelection": "audio",
    "VideoSelection": "video",
    "TranscriptSelection": "transcript",
}
SOURCE_KINDS = {
    "TextSource": "text",
    "PDFSource": "pdf",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
#: Columns of the tidy coded-segments table (one row per coding).
SEGMENT_COLUMNS = [
    "coding_id",
    "segment_id",
    "source",
    "case",
    "coder",
    "code_path",
    "kind",
    "start",
    "end",
    "text",
]
CODE_COLUMNS = [
    "code_guid",
    "name",
    "code_path",
    "parent_guid",
    "level",
    "description",
    "color",
    "is_codable",
]


@dataclass
class Project:
    """A REFI-QDA project as tidy tables.

    Attributes
    ----------
    codes : DataFrame
        One row per code: ``code_guid, name, code_path, parent_guid, level, description, color,
        is_codable`` (level 1 is the top of the hierarchy).
    sources : DataFrame
        One row per source: ``source_guid, name, kind, n_chars, description``.
    texts : dict
        Plain text of each text source, by source GUID.
    cases : DataFrame
        ``case_guid, name, description`` (MAXQDA's nameless variable-carrier cases excluded).
    case_sources : DataFrame
        ``case_guid, source_guid``.
    variables : DataFrame
        ``owner, owner_guid, variable, value``: owner is ``"case"`` or ``"source"``.
    users : DataFrame
        ``user_guid, name``.
    segments : DataFrame
        One row per coding, see :data:`SEGMENT_COLUMNS` (``code_guid``, ``source_guid`` added).
    """

    name: str = "project"
    origin: str = ""
    codes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CODE_COLUMNS))
    sources: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["source_guid", "name", "kind", "n_chars", "description"]
        )
    )
    texts: dict = field(default_factory=dict)
    cases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["case_guid", "name", "description"])
    )
    case_sources: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["case_guid", "source_guid"])
    )
    variables: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["owner", "owner_guid", "variable", "value"])
    )
    users: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["user_guid", "name"]))
    segments: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=[*SEGMENT_COLUMNS, "code_guid", "source_guid"])
    )

    def source_variables(self) -> pd.DataFrame:
        """Variables of sources as a wide table, one row per source (``source`` = its name)."""
        var = self.variables[self.variables["owner"] == "source"]
        wide = var.pivot_table(
            index="owner_guid", columns="variable", values="value", aggfunc="first"
        )
        names = self.sources.set_index("source_guid")["name"]
        wide.insert(0, "source", names.reindex(wide.index).to_numpy())
        return wide.reset_index(drop=True).rename_axis(columns=None)


def derived_guid(*parts: object) -> str:
    """Return a deterministic GUID (uuid5, upper case) for the given parts."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(map(str, parts)))).upper()


# --- reading ---------------------------------------------------------------------------------


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [c for c in element if _local(c) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _child_text(element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "") if found is not None else ""


class UnreadableProject(InputError):
    """The file is not a REFI-QDA project at all; ``rule`` says why: ``cannot-read``,
    ``not-a-zip``, ``no-project-file``, ``not-well-formed-xml`` or ``not-refi-qda``."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


def _parse_xml(data: bytes, where: str):
    try:
        return etree.fromstring(data, parser=etree.XMLParser(huge_tree=True, remove_comments=True))
    except etree.XMLSyntaxError as error:
        message = f"{where}: not well-formed XML: {error}"
        raise UnreadableProject(message, "not-well-formed-xml") from error


def _int_attr(element, attr: str, where: str) -> int:
    value = element.get(attr)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError(
            f"{where}: line {element.sourceline}, element {_local(element)}, attribute "
            f"'{attr}': must be an integer, found {value!r}"
        ) from None


def _require(element, attr: str, where: str) -> str:
    value = element.get(attr)
    if value is None or value == "":
        raise InputError(
            f"{where}: line {element.sourceline}, element {_local(element)}: "
            f"required attribute '{attr}' is missing"
        )
    return value


def _open_project(path) -> tuple[bytes, dict[str, bytes], str]:
    """Return the project XML, the zip's other members (lower-cased names) and a display name."""
    if isinstance(path, bytes | bytearray):
        raw, where = bytes(path), "<bytes>"
    else:
        where = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            message = f"{where}: cannot read file: {error.strerror}"
            raise UnreadableProject(message, "cannot-read") from error
    if raw[:4] != b"PK\x03\x04":
        return raw, {}, where
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = {}
        project_name = None
        for info in archive.infolist():
            if info.is_dir():
                continue
            lower = info.filename.lower()
            members[lower] = info.filename
            if PurePosixPath(lower).name == "project.qde" and project_name is None:
                project_name = info.filename
        if project_name is None:
            message = f"{where}: the archive holds no project.qde (REFI-QDA project file)"
            raise UnreadableProject(message, "no-project-file")
        files = {lower: archive.read(name) for lower, name in members.items()}
        return archive.read(project_name), files, where
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        message = f"{where}: not a readable .qdpx (zip) archive: {error}"
        raise UnreadableProject(message, "not-a-zip") from error


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _plain_text(element, files: dict[str, bytes], base_path: str, where: str) -> str | None:
    """The plain text of a TextSourceType element, or None when it is not available."""
    content = _child(element, "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath")
    if not path:
        return None
    if path.lower().startswith("internal://"):
        name = path[len("internal://") :].lower()
        for key in (f"sources/{name}", name):
            if key in files:
                return _decode_text(files[key])
        matches = [k for k in files if PurePosixPath(k).name == PurePosixPath(name).name]
        if matches:
            return _decode_text(files[matches[0]])
        return None
    if path.lower().startswith("relative://") and base_path:
        path = os.path.join(base_path, path[len("relative://") :])
    elif path.lower().startswith("file://"):
        path = path[len("file://") :]
    try:
        return _decode_text(Path(path).read_bytes())
    except OSError:
        return None


def _codes_from_element(codes_element, flat_separator: str) -> pd.DataFrame:
    rows: list[dict] = []

    def walk(element, parent_guid, parent_path, level):
        for code in _children(element, "Code"):
            name = code.get("name", "")
            path = f"{parent_path}{PATH_SEP}{name}" if parent_path else name
            rows.append(
                {
                    "code_guid": code.get("guid", "").upper().strip("{}"),
                    "name": name,
                    "code_path": path,
                    "parent_guid": parent_guid,
                    "level": level,
                    "description": _child_text(code, "Description"),
                    "color": code.get("color", ""),
                    "is_codable": code.get("isCodable", "true").lower() in ("true", "1"),
                }
            )
            walk(code, rows[-1]["code_guid"], path, level + 1)

    if codes_element is not None:
        walk(codes_element, None, "", 1)
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    nested = codes["parent_guid"].notna().any()
    if flat_separator and not nested and codes["name"].str.contains(flat_separator).any():
        codes = _unflatten(codes, flat_separator)
    return codes


def _unflatten(codes: pd.DataFrame, sep: str) -> pd.DataFrame:
    """Turn ATLAS.ti's flat ``Parent::child`` names into a hierarchy."""
    by_path = {}
    for row in codes.to_dict("records"):
        parts = [p.strip() for p in row["name"].split(sep)]
        by_path[PATH_SEP.join(parts)] = row
    out = []
    for path in sorted(by_path, key=lambda p: (p.count(PATH_SEP), p)):
        row = dict(by_path[path])
        parts = path.split(PATH_SEP)
        for depth in range(1, len(parts)):  # missing ancestors become non-codable codes
            ancestor = PATH_SEP.join(parts[:depth])
            if ancestor not in by_path:
                by_path[ancestor] = {
                    "code_guid": derived_guid("code", ancestor),
                    "name": parts[depth - 1],
                    "description": "",
                    "color": "",
                    "is_codable": False,
                }
                out.append({**by_path[ancestor], "code_path": ancestor})
        row["code_path"] = path
        row["name"] = parts[-1]
        out.append(row)
    for row in out:
        parts = row["code_path"].split(PATH_SEP)
        row["level"] = len(parts)
        parent = PATH_SEP.join(parts[:-1])
        row["parent_guid"] = by_path[parent]["code_guid"] if parent else None
    order = {row["code_path"]: i for i, row in enumerate(codes.to_dict("records"))}
    frame = pd.DataFrame(out, columns=CODE_COLUMNS).drop_duplicates("code_path")
    return frame.sort_values("code_path", key=lambda s: s.map(order).fillna(-1)).reset_index(
        drop=True
    )


def _variable_value(value_element) -> tuple[str, str]:
    ref = _child(value_element, "VariableRef")
    guid = ref.get("targetGUID", "").upper().strip("{}") if ref is not None else ""
    for child in value_element:
        if _local(child).endswith("Value") and _local(child) != "VariableValue":
            return guid, (child.text or "").strip()
    return guid, ""


def read_project(
    path: str | os.PathLike | bytes,
    flat_separator: str = "::",
    crlf_as_one: bool = False,
) -> Project:
    """Read a REFI-QDA project (``.qdpx`` archive or bare ``.qde``) into tidy tables.

    Parameters
    ----------
    path : path or bytes
        The ``.qdpx`` (zip) or ``.qde`` (XML) file, or its content.
    flat_separator : str, default ``"::"``
        Separator of ATLAS.ti's flat ``Parent::child`` code names; used only when the codebook
        has no nesting. Empty: never split names.
    crlf_as_one : bool, default False
        Count ``\\r\\n`` as one character when cutting the text of selections (the standard counts
        characters as stored, i.e. two).

    Returns
    -------
    Project
        See :class:`Project`. ``segments`` holds one row per coding in every kind of selection
        (text, PDF, picture, audio, video, transcript) and codings of whole sources (kind
        ``"source"``); ``start``/``end`` are character offsets for text, milliseconds for audio
        and video, empty otherwise; ``text`` is the coded text where the plain text is available.

    Raises
    ------
    InputError
        If the file cannot be read, is not a REFI-QDA project, or breaks a rule of the schema the
        reader relies on (named with line, element and attribute).

    Examples
    --------
    >>> from localwelfare import refiqda
    >>> project = refiqda.read_project(b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>')
    >>> len(project.codes), len(project.segments)
    (0, 0)
    """
    xml, files, where = _open_project(path)
    root = _parse_xml(xml, where)
    if _local(root) != "Project":
        message = f"{where}: root element is {_local(root)!r}, not a REFI-QDA 'Project'"
        raise UnreadableProject(message, "not-refi-qda")
    base_path = root.get("basePath", "")
    project = Project(name=root.get("name", ""), origin=root.get("origin", ""))

    users_el = _child(root, "Users")
    users = [
        {"user_guid": u.get("guid", "").upper().strip("{}"), "name": u.get("name") or u.get("id")}
        for u in (_children(users_el, "User") if users_el is not None else [])
    ]
    project.users = pd.DataFrame(users, columns=["user_guid", "name"])
    user_names = {u["user_guid"]: u["name"] or u["user_guid"] for u in users}

    codebook = _child(root, "CodeBook")
    project.codes = _codes_from_element(
        _child(codebook, "Codes") if codebook is not None else None, flat_separator
    )
    code_paths = dict(zip(project.codes["code_guid"], project.codes["code_path"], strict=True))

    variables_el = _child(root, "Variables")
    variable_names = {
        v.get("guid", "").upper().strip("{}"): v.get("name", "")
        for v in (_children(variables_el, "Variable") if variables_el is not None else [])
    }
    var_rows: list[dict] = []

    def add_values(element, owner, owner_guid):
        for value_el in _children(element, "VariableValue"):
            guid, value = _variable_value(value_el)
            var_rows.append(
                {
                    "owner": owner,
                    "owner_guid": owner_guid,
                    "variable": variable_names.get(guid, guid),
                    "value": value,
                }
            )

    source_rows, segment_rows, case_rows, case_source_rows = [], [], [], []
    sources_el = _child(root, "Sources")
    for source in sources_el if sources_el is not None else []:
        kind = SOURCE_KINDS.get(_local(source))
        if kind is None:
            continue
        source_guid = _require(source, "guid", where).upper().strip("{}")
        name = source.get("name") or source_guid
        text = _plain_text(source, files, base_path, where) if kind == "text" else None
        if text is not None and crlf_as_one:
            text = text.replace("\r\n", "\n")
        if text is not None:
            project.texts[source_guid] = text
        source_rows.append(
            {
                "source_guid": source_guid,
                "name": name,
                "kind": kind,
                "n_chars": len(text) if text is not None else None,
                "description": _child_text(source, "Description"),
            }
        )
        add_values(source, "source", source_guid)
        for coding in source.iter("{*}Coding", "Coding"):
            holder = coding.getparent()
            sel_kind = SELECTION_KINDS.get(_local(holder))
            start = end = None
            snippet = None
            if sel_kind is None:  # a coding of a whole source (or of a representation)
                sel_kind = "source"
                holder_text = text
                if holder is not source:
                    holder_text = _plain_text(holder, files, base_path, where)
                if holder_text is not None:
                    start, end, snippet = 0, len(holder_text), holder_text
            elif sel_kind == "text":
                start = _int_attr(holder, "startPosition", where)
                end = _int_attr(holder, "endPosition", where)
                container = holder.getparent()
                container_text = (
                    text if container is source else _plain_text(container, files, base_path, where)
                )
                if container_text is not None:
                    snippet = container_text[min(start, end) : max(start, end)]
            elif sel_kind in ("audio", "video"):
                start = _int_attr(holder, "begin", where)
                end = _int_attr(holder, "end", where)
            ref = _child(coding, "CodeRef")
            if ref is None:
                raise InputError(
                    f"{where}: line {coding.sourceline}, element Coding: required child "
                    "'CodeRef' is missing"
                )
            code_guid = _require(ref, "targetGUID", where).upper().strip("{}")
            if code_guid not in code_paths:
                raise InputError(
                    f"{where}: line {ref.sourceline}, element CodeRef, attribute 'targetGUID': "
                    f"refers to code {code_guid}, which the codebook does not define"
                )
            user = coding.get("creatingUser") or holder.get("creatingUser") or ""
            user = user.upper().strip("{}")
            segment_rows.append(
                {
                    "coding_id": (coding.get("guid") or "").upper().strip("{}"),
                    "segment_id": (
                        (holder.get("guid") or "").upper().strip("{}")
                        if sel_kind != "source"
                        else source_guid
                    ),
                    "source": name,
                    "case": None,
                    "coder": user_names.get(user, user) or None,
                    "code_path": code_paths[code_guid],
                    "kind": sel_kind,
                    "start": start,
                    "end": end,
                    "text": snippet,
                    "code_guid": code_guid,
                    "source_guid": source_guid,
                }
            )
    project.sources = pd.DataFrame(
        source_rows, columns=["source_guid", "name", "kind", "n_chars", "description"]
    ).astype({"n_chars": "Int64"})

    cases_el = _child(root, "Cases")
    for case in _children(cases_el, "Case") if cases_el is not None else []:
        case_guid = _require(case, "guid", where).upper().strip("{}")
        refs = [r.get("targetGUID", "").upper().strip("{}") for r in _children(case, "SourceRef")]
        if not case.get("name") and len(refs) == 1:  # MAXQDA: document variables
            add_values(case, "source", refs[0])
            continue
        case_rows.append(
            {
                "case_guid": case_guid,
                "name": case.get("name") or case_guid,
                "description": _child_text(case, "Description"),
            }
        )
        add_values(case, "case", case_guid)
        case_source_rows.extend({"case_guid": case_guid, "source_guid": r} for r in refs)
    project.cases = pd.DataFrame(case_rows, columns=["case_guid", "name", "description"])
    project.case_sources = pd.DataFrame(case_source_rows, columns=["case_guid", "source_guid"])
    project.variables = pd.DataFrame(var_rows, columns=["owner", "owner_guid", "variable", "value"])

    segments = pd.DataFrame(segment_rows, columns=[*SEGMENT_COLUMNS, "code_guid", "source_guid"])
    if len(project.case_sources) and len(segments):
        names = project.cases.set_index("case_guid")["name"]
        per_source = (
            project.case_sources.assign(name=lambda d: d["case_guid"].map(names))
            .groupby("source_guid")["name"]
            .agg(lambda s: ";".join(sorted(s)))
        )
        segments["case"] = segments["source_guid"].map(per_source)
    project.segments = segments.astype({"start": "Int64", "end": "Int64"})
    return project


def read_codebook(path: str | os.PathLike | bytes, flat_separator: str = "::") -> pd.DataFrame:
    """Read a REFI-QDA codebook (``.qdc``), or the codebook of a project, into a codes table.

    Parameters
    ----------
    path : path or bytes
        A ``.qdc`` file (root ``CodeBook``), or a ``.qde``/``.qdpx`` project.
    flat_separator : str, default ``"::"``
        See :func:`read_project`.

    Returns
    -------
    DataFrame
        One row per code, columns :data:`CODE_COLUMNS`, plus ``sets`` (names of the code sets the
        code belongs to, ``";"``-joined).

    Examples
    --------
    >>> xml = (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    ...        b'<Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="trust" isCodable="true">'
    ...        b'<Description>Trust in services</Description></Code></Codes></CodeBook>')
    >>> read_codebook(xml)[["code_path", "description"]].values.tolist()
    [['trust', 'Trust in services']]
    """
    xml, _files, where = _open_project(path)
    root = _parse_xml(xml, where)
    if _local(root) == "Project":
        codebook = _child(root, "CodeBook")
    elif _local(root) == "CodeBook":
        codebook = root
    else:
        raise InputError(f"{where}: root element is {_local(root)!r}, not 'CodeBook' or 'Project'")
    codes = _codes_from_element(
        _child(codebook, "Codes") if codebook is not None else None, flat_separator
    )
    sets: dict[str, list[str]] = {}
    sets_el = _child(root, "Sets")
    for set_el in _children(sets_el, "Set") if sets_el is not None else []:
        for member in _children(set_el, "MemberCode"):
            guid = (member.get("targetGUID") or member.get("guid") or "").upper().strip("{}")
            sets.setdefault(guid, []).append(set_el.get("name", ""))
    codes["sets"] = codes["code_guid"].map(lambda g: ";".join(sets.get(g, [])))
    return codes


# --- building and writing --------------------------------------------------------------------


def codes_from_paths(
    paths, descriptions: dict[str, str] | None = None, colors: dict[str, str] | None = None
) -> pd.DataFrame:
    """Return a codes table (:data:`CODE_COLUMNS`) for code paths, adding missing parents.

    GUIDs are derived from the paths (:func:`derived_guid`), so the same codebook always gets the
    same GUIDs.
    """
    descriptions = descriptions or {}
    colors = colors or {}
    all_paths: list[str] = []
    for path in paths:
        parts = str(path).split(PATH_SEP)
        for depth in range(1, len(parts) + 1):
            sub = PATH_SEP.join(parts[:depth])
            if sub not in all_paths:
                all_paths.append(sub)
    rows = []
    for path in all_paths:
        parts = path.split(PATH_SEP)
        parent = PATH_SEP.join(parts[:-1])
        rows.append(
            {
                "code_guid": derived_guid("code", path),
                "name": parts[-1],
                "code_path": path,
                "parent_guid": derived_guid("code", parent) if parent else None,
                "level": len(parts),
                "description": descriptions.get(path, ""),
                "color": colors.get(path, ""),
                "is_codable": True,
            }
        )
    return pd.DataFrame(rows, columns=CODE_COLUMNS)


def _code_elements(parent_el, codes: pd.DataFrame, ns: str) -> None:
    children: dict = {}
    for row in codes.to_dict("records"):
        parent = row["parent_guid"] if isinstance(row["parent_guid"], str) else None
        children.setdefault(parent, []).append(row)

    def add(container, parent_guid):
        for row in children.get(parent_guid, []):
            attrs = {
                "guid": row["code_guid"],
                "name": row["name"],
                "isCodable": "true" if bool(row.get("is_codable", True)) else "false",
            }
            if isinstance(row.get("color"), str) and row["color"]:
                attrs["color"] = row["color"]
            el = etree.SubElement(container, f"{{{ns}}}Code", attrs)
            if isinstance(row.get("description"), str) and row["description"]:
                etree.SubElement(el, f"{{{ns}}}Description").text = row["description"]
            add(el, row["code_guid"])

    add(parent_el, None)


def codebook_bytes(codes: pd.DataFrame, origin: str = "localwelfare") -> bytes:
    """Return a REFI-QDA codebook (``.qdc``) for a codes table (:data:`CODE_COLUMNS`)."""
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin}, nsmap={None: CODEBOOK_NS}
    )
    _code_elements(etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes"), codes, CODEBOOK_NS)
    etree.SubElement(root, f"{{{CODEBOOK_NS}}}Sets")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def project_xml(project: Project) -> bytes:
    """Return the ``project.qde`` XML of ``project``; text sources refer to
    ``internal://GUID.txt`` files (see :func:`project_bytes`)."""
    ns = PROJECT_NS

    def sub(parent, tag, attrs=None):
        return etree.SubElement(parent, f"{{{ns}}}{tag}", attrs or {})

    root = etree.Element(
        f"{{{ns}}}Project",
        {"name": project.name or "project", "origin": project.origin or "localwelfare"},
        nsmap={None: ns},
    )
    user_guids = {}
    if len(project.users):
        users_el = sub(root, "Users")
        for row in project.users.to_dict("records"):
            sub(users_el, "User", {"guid": row["user_guid"], "name": row["name"]})
            user_guids[row["name"]] = row["user_guid"]
    if len(project.codes):
        _code_elements(sub(sub(root, "CodeBook"), "Codes"), project.codes, ns)
    variables = project.variables
    variable_guids = {
        name: derived_guid("variable", name) for name in variables["variable"].unique()
    }
    if variable_guids:
        vars_el = sub(root, "Variables")
        for name, guid in variable_guids.items():
            sub(vars_el, "Variable", {"guid": guid, "name": name, "typeOfVariable": "Text"})

    def add_values(parent, owner, guid):
        rows = variables[(variables["owner"] == owner) & (variables["owner_guid"] == guid)]
        for row in rows.to_dict("records"):
            value_el = sub(parent, "VariableValue")
            sub(value_el, "VariableRef", {"targetGUID": variable_guids[row["variable"]]})
            sub(value_el, "TextValue").text = str(row["value"])

    if len(project.cases):
        cases_el = sub(root, "Cases")
        for row in project.cases.to_dict("records"):
            case_el = sub(cases_el, "Case", {"guid": row["case_guid"], "name": row["name"]})
            if isinstance(row.get("description"), str) and row["description"]:
                sub(case_el, "Description").text = row["description"]
            add_values(case_el, "case", row["case_guid"])
            members = project.case_sources.loc[
                project.case_sources["case_guid"] == row["case_guid"], "source_guid"
            ]
            for guid in members:
                sub(case_el, "SourceRef", {"targetGUID": guid})
    code_guids = dict(zip(project.codes["code_path"], project.codes["code_guid"], strict=True))
    segments = project.segments
    if len(segments) and "source_guid" not in segments:
        names = project.sources.set_index("name")["source_guid"]
        segments = segments.assign(source_guid=segments["source"].map(names))
    by_source = {guid: frame for guid, frame in segments.groupby("source_guid", sort=False)}
    if len(project.sources):
        sources_el = sub(root, "Sources")
        for row in project.sources.to_dict("records"):
            if row["kind"] != "text":
                raise InputError(
                    f"source '{row['name']}': only text sources can be written "
                    f"(kind is '{row['kind']}')"
                )
            guid = row["source_guid"]
            src_el = sub(
                sources_el,
                "TextSource",
                {"guid": guid, "name": row["name"], "plainTextPath": f"internal://{guid}.txt"},
            )
            if isinstance(row.get("description"), str) and row["description"]:
                sub(src_el, "Description").text = row["description"]
            frame = by_source.get(guid)
            if frame is not None:
                for seg_id, sel in frame.groupby("segment_id", sort=False):
                    first = sel.iloc[0]
                    sel_el = sub(
                        src_el,
                        "PlainTextSelection",
                        {
                            "guid": seg_id,
                            "startPosition": str(int(first["start"])),
                            "endPosition": str(int(first["end"])),
                        },
                    )
                    for coding in sel.to_dict("records"):
                        attrs = {"guid": coding["coding_id"]}
                        if coding["coder"] in user_guids:
                            attrs["creatingUser"] = user_guids[coding["coder"]]
                        coding_el = sub(sel_el, "Coding", attrs)
                        sub(coding_el, "CodeRef", {"targetGUID": code_guids[coding["code_path"]]})
            add_values(src_el, "source", guid)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def project_bytes(project: Project) -> bytes:
    """Return ``project`` as a ``.qdpx`` archive (``project.qde`` and ``sources/GUID.txt``).

    The archive is byte-for-byte deterministic: fixed member order and timestamps.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name, data):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        put("project.qde", project_xml(project))
        for guid in project.sources["source_guid"]:
            put(f"sources/{guid}.txt", project.texts.get(guid, "").encode("utf-8"))
    return buffer.getvalue()


def build_project(
    segments: pd.DataFrame,
    texts: dict[str, str],
    codes: pd.DataFrame | None = None,
    source_variables: pd.DataFrame | None = None,
    name: str = "project",
) -> Project:
    """Build a :class:`Project` from a tidy coded-segments table and the texts of its sources.

    Parameters
    ----------
    segments : DataFrame
        Columns ``source, coder, code_path, start, end`` (``segment_id``, ``coding_id`` and
        ``case`` optional; codings of one coder with equal source/start/end share a selection).
    texts : dict
        Plain text of each source, by source name; sources without codings are kept.
    codes : DataFrame, optional
        Codes table (:data:`CODE_COLUMNS`); default: built from the segments' code paths.
    source_variables : DataFrame, optional
        One row per source: column ``source`` and one column per variable.
    """
    seg = segments.copy()
    codes = codes if codes is not None else codes_from_paths(sorted(seg["code_path"].unique()))
    unknown = sorted(set(seg["code_path"]) - set(codes["code_path"]))
    if unknown:
        raise InputError(f"segments: field 'code_path': codes not in the codebook: {unknown[:5]}")
    source_guid = {name: derived_guid("source", name) for name in texts}
    missing = sorted(set(seg["source"]) - set(source_guid))
    if missing:
        raise InputError(f"segments: field 'source': sources without text: {missing[:5]}")
    seg["source_guid"] = seg["source"].map(source_guid)
    if "segment_id" not in seg:
        seg["segment_id"] = [
            derived_guid("selection", *k)
            for k in zip(seg["source"], seg["coder"], seg["start"], seg["end"], strict=True)
        ]
    if "coding_id" not in seg:
        seg["coding_id"] = [
            derived_guid("coding", s, c)
            for s, c in zip(seg["segment_id"], seg["code_path"], strict=True)
        ]
    coders = sorted(seg["coder"].dropna().unique())
    users = pd.DataFrame({"user_guid": [derived_guid("user", c) for c in coders], "name": coders})
    sources = pd.DataFrame(
        {
            "source_guid": list(source_guid.values()),
            "name": list(source_guid),
            "kind": "text",
            "n_chars": [len(t) for t in texts.values()],
            "description": "",
        }
    )
    variables = pd.DataFrame(columns=["owner", "owner_guid", "variable", "value"])
    if source_variables is not None:
        long = source_variables.melt(id_vars="source", var_name="variable", value_name="value")
        long = long.dropna(subset=["value"])
        variables = pd.DataFrame(
            {
                "owner": "source",
                "owner_guid": long["source"].map(source_guid).to_numpy(),
                "variable": long["variable"].to_numpy(),
                "value": long["value"].astype(str).to_numpy(),
            }
        )
    cases = pd.DataFrame(columns=["case_guid", "name", "description"])
    case_sources = pd.DataFrame(columns=["case_guid", "source_guid"])
    if "case" in seg and seg["case"].notna().any():
        pairs = seg[["case", "source_guid"]].dropna().drop_duplicates()
        names = sorted(pairs["case"].unique())
        cases = pd.DataFrame(
            {
                "case_guid": [derived_guid("case", c) for c in names],
                "name": names,
                "description": "",
            }
        )
        case_sources = pd.DataFrame(
            {
                "case_guid": pairs["case"].map(dict(zip(names, cases["case_guid"], strict=True))),
                "source_guid": pairs["source_guid"],
            }
        ).sort_values(["case_guid", "source_guid"])
    seg["code_guid"] = seg["code_path"].map(
        dict(zip(codes["code_path"], codes["code_guid"], strict=True))
    )
    texts_by_guid = {source_guid[n]: t for n, t in texts.items()}
    for col in SEGMENT_COLUMNS:
        if col not in seg:
            seg[col] = None
    seg["kind"] = seg["kind"].fillna("text")
    return Project(
        name=name,
        origin="localwelfare",
        codes=codes,
        sources=sources,
        texts=texts_by_guid,
        cases=cases,
        case_sources=case_sources,
        variables=variables,
        users=users,
        segments=seg[[*SEGMENT_COLUMNS, "code_guid", "source_guid"]],
    )


def code_summary(project: Project) -> pd.DataFrame:
    """Return one row per code: ``code_path, n_codings, n_sources, n_coders``, by code path.

    ``n_codings`` counts the code's codings in every kind of selection (text, PDF, picture, audio,
    video, transcript, whole source); codes never used appear with 0. ``n_coders`` counts distinct
    coders among codings that name one.
    """
    seg = project.segments
    counts = seg.groupby("code_path").agg(
        n_codings=("code_path", "size"),
        n_sources=("source_guid", "nunique"),
        n_coders=("coder", "nunique"),
    )
    out = pd.DataFrame({"code_path": sorted(project.codes["code_path"].unique())})
    out = out.merge(counts, left_on="code_path", right_index=True, how="left")
    cols = ["n_codings", "n_sources", "n_coders"]
    out[cols] = out[cols].fillna(0).astype(int)
    return out.reset_index(drop=True)


def segments_table(project: Project) -> pd.DataFrame:
    """Return the tidy coded-segments table (:data:`SEGMENT_COLUMNS`), one row per coding."""
    return project.segments[SEGMENT_COLUMNS].reset_index(drop=True)


__all__ = [
    "PATH_SEP",
    "Project",
    "SEGMENT_COLUMNS",
    "CODE_COLUMNS",
    "read_project",
    "read_codebook",
    "codes_from_paths",
    "codebook_bytes",
    "project_xml",
    "project_bytes",
    "build_project",
    "code_summary",
    "segments_table",
    "derived_guid",
]
