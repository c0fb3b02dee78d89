"""The privacy scan of published outputs: what a reader of the book or of an export can see.

:func:`scan` reads the text of every published file (the built book's HTML pages and the copies
of their sources, the executed notebooks, the PDFs, the brochure and the training package, and
the CSV, JSON, text, Markdown and TeX files exported with them) and reports every finding:

``register_<kind>`` / ``participant_<column>``
    a term of the de-identification register (names, places) or an id or identifying value of
    the participant register (:func:`load_register`), as a whole word in any case;
``email``, ``phone``, ``national_register_number``, ``iban``
    the text rules of :func:`localwelfare.privacy.identifier_spans`, without its catch-all for
    long digit runs: a published output is full of long numbers that identify nobody (content
    hashes, commits, timestamps, counts); the rules that stay have a structure (phone) or check
    digits confirmed by python-stdnum (national register and BIS numbers, every country's IBAN)
    and the quotes had every long number masked before they reached a notebook;
``local_path``
    an absolute path of the machine that built the outputs (the project's folder, the user's
    home, ``/home/...``, ``/root/...``, ``/Users/...``, ``/tmp/...``, ``C:\\Users\\...``, a
    ``file://`` address); only paths that start a word, so ``https://host/home/`` is no finding;
``private_path``
    a path into the project's ``private/`` folder, by its absolute path anywhere;
``private_parameter``
    a notebook parameter (papermill's recorded and injected parameters, a parameters cell, the
    run-parameters table) whose value points into a ``private/`` folder.

What is not read: scripts, style sheets, fonts and translation catalogues of the theme (the
search index ``searchindex.js`` is made from the pages' text, which is read), and raster images
(text drawn into a PNG needs a person to check).

Examples
--------
>>> from localwelfare.privacy.scan import text_findings
>>> found = text_findings("Bel Els op 0470 12 34 56.", register={"Els": "name"})
>>> [(f.kind, f.match) for f in found]
[('register_name', 'Els'), ('phone', '0470 12 34 56')]
>>> [f.match for f in text_findings("see /home/els/notes.txt or https://example.org/home/")]
['/home/els/notes.txt']
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from localwelfare.errors import InputError
from localwelfare.privacy.deidentify import identifier_spans

#: The published outputs, relative to the project's root, scanned when no path is given: folders
#: (walked) and patterns of files (the ``work/`` folders beside the PDFs are scratch copies of the
#: sources the publications were made from, not published).
DEFAULT_TARGETS = (
    "_build/html",
    "book/runs/*.ipynb",
    "_build/pdf/*",
    "_build/brochure/*",
    "_build/brochure/html",
    "_build/training/html",
    "_build/briefs/*",
    "_build/briefs/html",
    "_build/slides/*",
    "_build/report-short/*",
)
#: Files whose text is read; every other file is counted as skipped.
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".svg"}
TEXT_SUFFIXES = {".csv", ".tsv", ".json", ".txt", ".md", ".tex", ".bib", ".yml", ".yaml", ".xml"}
#: HTML attributes whose values a reader sees or follows (links, image sources, alt text, tooltips).
HTML_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "poster", "cite", "data", "longdesc",
    "{http://www.w3.org/1999/xlink}href", "alt", "title", "aria-label", "placeholder", "content",
    "label", "value", "summary", "data-bs-title",
}  # fmt: skip
#: Elements whose text nobody sees as text.
_INVISIBLE = {"script", "style"}
#: Elements whose whitespace is shown as it is.
_PREFORMATTED = {"pre", "textarea", "code"}
#: Notebook cells whose text holds the run's parameters.
PARAMETER_TAGS = {"parameters", "injected-parameters", "run-parameters"}
#: Columns of ``private/participants.csv`` that identify a person (besides ``participant_id``).
IDENTIFYING_COLUMNS = {
    "name", "first_name", "last_name", "given_name", "family_name", "surname", "full_name",
    "nickname", "email", "phone", "address", "street",
}  # fmt: skip

_DOI = re.compile(r"(?:^|doi:|doi\.org/)10\.\d{4,9}/\S*$", re.IGNORECASE)
_SEPARATOR = "\n\n"  # between pieces of text: no rule matches across two line breaks
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PATH_TAIL = r"[^\s\"'<>`|,;()\[\]{}]*"
_PRIVATE_VALUE = re.compile(r"[^\s\"'`=,()\[\]{}|]*(?<![\w-])private[/\\][^\s\"'`,()\[\]{}|]*")


@dataclass(frozen=True, order=True)
class Finding:
    """One identifier, path or parameter found in a published file."""

    file: str
    location: str
    kind: str
    match: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.location}" if self.location else self.file
        match = self.match.replace("\n", "\\n").replace("\r", "\\r")
        return f"{where}: {self.kind}: {match}"


@dataclass
class ScanResult:
    """What :func:`scan` found and what it read."""

    findings: list[Finding] = field(default_factory=list)
    scanned: Counter = field(default_factory=Counter)
    skipped: int = 0

    def counts(self) -> Counter:
        """Number of findings per kind."""
        return Counter(f.kind for f in self.findings)

    def summary(self) -> str:
        """One line: what was read."""
        s = self.scanned
        return (
            f"scanned {s['files']} files: {s['htmls']} HTML pages, {s['notebooks']} notebooks "
            f"({s['cells']} cells), {s['pdfs']} PDFs ({s['pages']} pages), {s['texts']} text files"
            f"; skipped {self.skipped} scripts, styles, images and fonts"
        )


# --- the text of each kind of file: (location, text, is_parameter) pieces ----------------------

Piece = tuple[str, str, bool]


def html_pieces(markup: str | bytes, prefix: str = "line ") -> Iterator[Piece]:
    """Yield the visible text, comments and the :data:`HTML_ATTRIBUTES` values of an HTML (or
    SVG) document, each with ``prefix`` and its source line; text outside ``<pre>``/``<code>``
    with its white space collapsed, as a browser shows it.

    Examples
    --------
    >>> list(html_pieces('<p>Hi <b>Els</b></p>\\n<script>x = "/tmp/a"</script><img alt="map">'))
    [('line 1', 'Hi', False), ('line 1', 'Els', False), ('line 2', 'map', False)]
    """
    import lxml.etree
    import lxml.html

    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", errors="replace")
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)  # lxml refuses a str with a declaration
    if not markup.strip():
        return
    for element in lxml.html.document_fromstring(markup).iter():
        where = f"{prefix}{element.sourceline or 0}"
        if isinstance(element, lxml.etree._Comment):
            texts = [(element.text, True)]
        elif not isinstance(element.tag, str):  # processing instructions, entities
            continue
        elif lxml.etree.QName(element).localname.lower() in _INVISIBLE:
            texts = []
        else:
            texts = [(element.text, _preformatted(element))]
            texts += [(v, True) for k, v in element.attrib.items() if k.lower() in HTML_ATTRIBUTES]
        texts.append((element.tail, _preformatted(element.getparent())))
        for text, keep in texts:
            if text and text.strip():
                yield where, text if keep else " ".join(text.split()), False


def _preformatted(element) -> bool:
    """Whether ``element`` is, or is inside, a ``<pre>``, ``<code>`` or ``<textarea>``."""
    while element is not None:
        if isinstance(element.tag, str) and element.tag.lower() in _PREFORMATTED:
            return True
        element = element.getparent()
    return False


def _leaves(value, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    elif isinstance(value, list):
        yield path, "".join(value)
    elif value is not None:
        yield path, str(value)


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def notebook_pieces(notebook: dict) -> Iterator[Piece]:
    """Yield the text of a notebook: its metadata (papermill's recorded parameters among them),
    every cell's source and metadata and every output (streams, tracebacks, ``text/*`` and JSON
    data, HTML and SVG read as by :func:`html_pieces`). Cells count from 1.

    Examples
    --------
    >>> out = {"output_type": "stream", "text": "ok"}
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["injected-parameters"]},
    ...         "source": 'f = "private/a.csv"', "outputs": [out]}
    >>> nb = {"metadata": {"papermill": {"parameters": {"f": "private/a.csv"}}}, "cells": [cell]}
    >>> for piece in notebook_pieces(nb): print(piece)
    ('metadata.papermill.parameters.f', 'private/a.csv', True)
    ('cell 1', 'f = "private/a.csv"', True)
    ('cell 1 metadata', 'injected-parameters', False)
    ('cell 1 output 1', 'ok', False)
    """
    for path, text in _leaves(notebook.get("metadata", {}), "metadata"):
        yield path, text, ".parameters." in path
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        where = f"cell {number}"
        tags = set(cell.get("metadata", {}).get("tags", []))
        yield where, _join(cell.get("source", "")), bool(tags & PARAMETER_TAGS)
        for _path, text in _leaves(cell.get("metadata", {}), "metadata"):
            yield f"{where} metadata", text, False
        for k, output in enumerate(cell.get("outputs", []), start=1):
            yield from _output_pieces(output, f"{where} output {k}")


def _output_pieces(output: dict, where: str) -> Iterator[Piece]:
    if "text" in output:
        yield where, _join(output["text"]), False
    if "traceback" in output:
        yield where, _ANSI.sub("", "\n".join(output["traceback"])), False
    if output.get("ename"):
        yield where, f"{output['ename']}: {output.get('evalue', '')}", False
    for mime, value in output.get("data", {}).items():
        if mime in ("text/html", "image/svg+xml"):
            for line, text, _ in html_pieces(_join(value), prefix=f"{where} {mime} line "):
                yield line, text, False
        elif mime.startswith("text/"):
            yield where, _join(value), False
        elif mime.endswith("json"):
            for _path, text in _leaves(value, ""):
                yield where, text, False
        # other data (PNG, JPEG, widgets' binary state) are not text


def pdf_pieces(path: str | os.PathLike) -> Iterator[Piece]:
    """Yield the text of each page of a PDF, its document information and its links' targets."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        for key, value in (reader.metadata or {}).items():
            yield f"metadata {key}", str(value), False
        for number, page in enumerate(reader.pages, start=1):
            # layout mode keeps the gaps between a table's columns: no number runs across cells
            yield f"page {number}", page.extract_text(extraction_mode="layout") or "", False
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                for key in ("/URI", "/F"):
                    if key in action:
                        yield f"page {number} link", str(action[key]), False
    except (PdfReadError, ValueError, KeyError) as error:
        raise InputError(f"{path}: not a readable PDF ({error})") from None


def text_pieces(text: str) -> Iterator[Piece]:
    """Yield the lines of a text file (CSV, JSON, Markdown, ...), numbered from 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield f"line {number}", line, False


def file_pieces(path: Path) -> tuple[str, Iterator[Piece]] | None:
    """The kind of ``path`` (``html``, ``notebook``, ``pdf``, ``text``) and its pieces of text,
    or None for a file that is not read (scripts, styles, images, fonts)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf", pdf_pieces(path)
    if suffix == ".ipynb":
        try:
            notebook = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: not a notebook (JSON error: {error})") from None
        return "notebook", notebook_pieces(notebook)
    if suffix in HTML_SUFFIXES:
        return "html", html_pieces(path.read_bytes())
    if suffix in TEXT_SUFFIXES:
        return "text", text_pieces(path.read_text(encoding="utf-8", errors="replace"))
    return None


# --- the rules ---------------------------------------------------------------------------------


def local_path_pattern(
    project: str | os.PathLike | None = None, home: str | os.PathLike | None = None
) -> re.Pattern:
    """The pattern of an absolute local path: ``project`` or ``home`` (unless one is the file
    system's root), ``/home/``, ``/root/``, ``/Users/``, ``/tmp/``, ``/var/folders/``,
    ``C:\\Users\\`` and ``file://`` addresses; a path must start a word, not continue an address.

    Examples
    --------
    >>> pattern = local_path_pattern("/srv/study")
    >>> [m.group(0) for m in pattern.finditer("in /srv/study/data, /srv/other, https://x.org/tmp/a")]
    ['/srv/study/data']
    >>> pattern.findall(r'open("C:\\Users\\els\\a.csv") or file:///srv/x.html')
    ['C:\\\\Users\\\\els\\\\a.csv', 'file:///srv/x.html']
    """
    own = []
    for folder in (project, home):
        if folder is not None and len(Path(folder).parts) > 1:  # not the file system's root
            own += [re.escape(str(folder)), re.escape(Path(folder).as_posix())]
    starts = [
        *[f"{p}(?![\\w.-])" for p in sorted(set(own), key=len, reverse=True)],
        r"/(?:home|root|Users|tmp|var/folders)/(?=[^\s/])",
        r"[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+(?=\w)",
    ]
    return re.compile(
        r"file://" + _PATH_TAIL + r"[^\s\"'<>`|,;()\[\]{}.:]"
        r"|(?<![\w/\\.:~%@+$-])(?:" + "|".join(starts) + ")" + _PATH_TAIL + r"(?<![.:])"
    )


def text_findings(
    text: str,
    register=None,
    project: str | os.PathLike | None = None,
    parameter: bool = False,
) -> list[Finding]:
    """Return the findings in one piece of ``text`` (file and location left empty).

    Parameters
    ----------
    text : str
    register : DataFrame or dict, optional
        Terms to find: columns ``term``, ``kind`` and optionally ``scan_kind`` (the kind
        reported; default ``register_<kind>``), or a dict term -> kind.
    project : path, optional
        The project folder, whose absolute path and ``private/`` folder are looked for.
    parameter : bool, default False
        Whether ``text`` holds a notebook's parameters (then ``private_parameter`` is checked).
    """
    rules = _Rules(register, project)
    return [Finding("", "", kind, match) for _, kind, match in rules.spans(text, parameter)]


class _Rules:
    """Every rule, prepared once for many texts."""

    def __init__(self, register=None, project: str | os.PathLike | None = None):
        project = Path(project).resolve() if project is not None else None
        self.register = _scan_register(register)
        self.paths = local_path_pattern(project, Path.home())
        self.private = (project / "private").as_posix() if project is not None else None

    def spans(self, text: str, parameter: bool = False) -> list[tuple[int, str, str]]:
        """``(start, kind, match)`` of every finding in ``text``."""
        found = [
            (start, label if kind == "register" else kind, text[start:end])
            for start, end, kind, label in identifier_spans(
                text, self.register, mask_long_numbers=False
            )
            if not _not_personal(text, start, kind)
        ]
        for match in self.paths.finditer(text):
            path = match.group(0).replace("\\", "/")
            inside = self.private is not None and self.private in path
            found.append((match.start(), "private_path" if inside else "local_path", match[0]))
        if parameter:
            found += [(m.start(), "private_parameter", m[0]) for m in _PRIVATE_VALUE.finditer(text)]
        return found


def _not_personal(text: str, start: int, kind: str) -> bool:
    """Whether a number found at ``start`` is the suffix of a DOI
    (``10.1097/01.PHH.0000333889.60517.46``), which is never personal."""
    if kind not in ("phone", "national_register_number"):
        return False
    token = re.split(r"[\s\"'<>()\[\]]", text[max(0, start - 200) : start])[-1]
    return bool(_DOI.search(token))


def _scan_register(register) -> pd.DataFrame | None:
    """``register`` as identifier_spans takes it, with the kind to report as the replacement."""
    if register is None or len(register) == 0:
        return None
    if isinstance(register, dict):
        register = pd.DataFrame({"term": list(register), "kind": list(register.values())})
    kinds = register["kind"] if "kind" in register.columns else pd.Series("name", register.index)
    kinds = kinds.fillna("name").astype(str)
    scan_kind = register["scan_kind"] if "scan_kind" in register.columns else "register_" + kinds
    return pd.DataFrame(
        {"term": register["term"].astype(str), "kind": kinds, "replacement": scan_kind}
    ).assign(scan_kind=scan_kind)


# --- the register --------------------------------------------------------------------------------


def load_register(project: str | os.PathLike = ".") -> tuple[pd.DataFrame | None, str]:
    """Return the terms the scan looks for (``term``, ``kind``, ``scan_kind``) and where they come
    from.

    Read ``private/register.csv`` (``term``, ``kind``) and ``private/participants.csv``
    (``participant_id`` and the :data:`IDENTIFYING_COLUMNS` it has) of ``project``. With neither
    and a data package that declares ``"synthetic": true``, the synthetic register
    ``localwelfare.synthetic.private_register()`` (when the package has one). Otherwise None.
    """
    private = Path(project) / "private"
    frames, sources = [], []
    register_csv = private / "register.csv"
    if register_csv.is_file():
        table = _read_private_csv(register_csv, required="term")
        kinds = table["kind"] if "kind" in table.columns else pd.Series("name", table.index)
        frames.append(
            pd.DataFrame({"term": table["term"], "kind": kinds.fillna("name")}).assign(
                scan_kind=lambda f: "register_" + f["kind"]
            )
        )
        sources.append(str(register_csv))
    participants_csv = private / "participants.csv"
    if participants_csv.is_file():
        table = _read_private_csv(participants_csv, required="participant_id")
        for column in ["participant_id", *sorted(IDENTIFYING_COLUMNS & set(table.columns))]:
            kind = column if column == "participant_id" else f"participant_{column}"
            frames.append(pd.DataFrame({"term": table[column], "kind": kind, "scan_kind": kind}))
        sources.append(str(participants_csv))
    if frames:
        frame = pd.concat(frames, ignore_index=True).dropna(subset=["term"])
        frame = frame[frame["term"].str.strip() != ""].reset_index(drop=True)
        return frame, f"register: {', '.join(sources)} ({len(frame)} terms)"
    if _declared_synthetic(project):
        try:
            from localwelfare.synthetic import DEFAULT_SEED, private_register
        except ImportError:
            pass
        else:
            frame = private_register(DEFAULT_SEED)[["term", "kind"]].copy()
            frame["scan_kind"] = "register_" + frame["kind"].fillna("name").astype(str)
            return frame, (
                f"register: the synthetic data's register, localwelfare.synthetic."
                f"private_register({DEFAULT_SEED}) ({len(frame)} terms)"
            )
    return None, f"register: none in {private}: names and ids were NOT checked"


def _read_private_csv(path: Path, required: str) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not a readable CSV file ({error})") from None
    if required not in table.columns:
        raise InputError(f"{path}: no column '{required}' (columns: {', '.join(table.columns)})")
    return table


def _declared_synthetic(project: str | os.PathLike) -> bool:
    descriptor = Path(project) / "data" / "datapackage.json"
    try:
        return json.loads(descriptor.read_text(encoding="utf-8")).get("synthetic") is True
    except (OSError, json.JSONDecodeError):
        return False


# --- the scan ----------------------------------------------------------------------------------


def default_targets(project: str | os.PathLike = ".") -> list[Path]:
    """The files and folders of :data:`DEFAULT_TARGETS` that exist in ``project``."""
    project = Path(project)
    targets = []
    for name in DEFAULT_TARGETS:
        if "*" in name:
            targets += sorted(p for p in project.glob(name) if p.is_file())
        elif (project / name).is_dir():
            targets.append(project / name)
    return targets


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file of ``paths`` (folders walked, sorted), each once."""
    seen = set()
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                yield file


def scan_file(path: Path, rules: _Rules) -> tuple[str, list[Finding], Counter] | None:
    """Scan one file: its kind, its findings and what was read (pages, cells), or None when the
    file is not read (see :func:`file_pieces`)."""
    read = file_pieces(path)
    if read is None:
        return None
    kind, pieces = read
    # all pieces in one text, so that the rules run once per file; no rule spans the separator
    starts, locations, texts, findings, offset = [], [], [], set(), 0
    for location, text, parameter in pieces:
        starts.append(offset)
        locations.append(location)
        texts.append(text)
        offset += len(text) + len(_SEPARATOR)
        if parameter:
            for _, found, match in rules.spans(text, parameter=True):
                if found == "private_parameter":
                    findings.add(Finding(str(path), location, found, match))
    whole = _SEPARATOR.join(texts)
    for start, found, match in rules.spans(whole):
        location = locations[bisect.bisect_right(starts, start) - 1]
        findings.add(Finding(str(path), location, found, match))
    counts = Counter({"files": 1, kind + "s": 1})
    if kind == "notebook":
        counts["cells"] = len({loc.split()[1] for loc in locations if loc.startswith("cell ")})
    if kind == "pdf":
        counts["pages"] = sum(1 for loc in locations if re.fullmatch(r"page \d+", loc))
    return kind, sorted(findings, key=_finding_order), counts


def _finding_order(finding: Finding):
    numbers = [int(n) for n in re.findall(r"\d+", finding.location)]
    return numbers, finding.location, finding.kind, finding.match


def scan(
    paths: Iterable[str | os.PathLike] | None = None,
    project: str | os.PathLike = ".",
    register=None,
) -> ScanResult:
    """Scan ``paths`` (files or folders; default: :func:`default_targets` of ``project``).

    ``project`` is the folder whose absolute path, and whose ``private/`` folder, must not
    appear in the outputs. ``register``: see :func:`text_findings` (None: no names checked).
    """
    if paths is None:
        paths = default_targets(project)
        if not paths:
            raise InputError(
                f"{Path(project).resolve()}: nothing to scan: none of {', '.join(DEFAULT_TARGETS)}"
                " exists (build the book first)"
            )
    result = ScanResult()
    rules = _Rules(register, project)
    for path in iter_files(paths):
        scanned = scan_file(path, rules)
        if scanned is None:
            result.skipped += 1
            continue
        _kind, findings, counts = scanned
        result.findings += findings
        result.scanned.update(counts)
    return result
