"""De-identification of interview texts: identifiers found, replaced and their offsets remapped.

Interviews are de-identified when they enter ``data/raw`` (:func:`deidentify_project`, the
ingestion step): names and places from the project's private register, e-mail addresses, phone
numbers, Belgian national register and BIS numbers and IBANs (found by a pattern, confirmed by
python-stdnum: check digits and each country's IBAN format) are replaced by placeholders
(:func:`deidentify_text`) and the coded selections' offsets remapped (:func:`remap_offset`).
Published quotes go through the patterns once more as a safety net; :func:`scan_identifiers`
finds what remains.

Examples
--------
>>> from localwelfare.privacy import deidentify_text
>>> deidentify_text("Mail els@ocmw.be", register={"Els": "name"})
'Mail [e-mail]'
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = [
    "IBAN_MAX_LENGTH",
    "PLACEHOLDERS",
    "deidentify_project",
    "deidentify_text",
    "deidentify_with_edits",
    "iban_valid",
    "identifier_spans",
    "national_register_number_valid",
    "remap_offset",
    "scan_identifiers",
]

#: What each kind of identifier is replaced with.
PLACEHOLDERS = {
    "email": "[e-mail]",
    "iban": "[IBAN]",
    "national_register_number": "[national register number]",
    "phone": "[phone]",
    "number": "[number]",
}
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
#: Where an IBAN may start: a country code and two check digits at the start of a word. The tokens
#: that follow (capitals and digits, single spaces between) are cut where python-stdnum confirms an
#: IBAN, so a following word ("... 2874 BIC WBKPPLPP") is never part of it.
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}")
_WORD = re.compile(r"[A-Za-z0-9]+")
_IBAN_TOKEN = re.compile(r"[A-Z0-9]+")
#: The longest IBAN (ISO 13616): 34 characters.
IBAN_MAX_LENGTH = 34
_NRN = re.compile(r"(?<![\d.])(\d{2})[. ]?(\d{2})[. ]?(\d{2})[- ]?(\d{3})[. ]?(\d{2})(?![\d])")
#: A phone number never continues a number or a clock time (``17:41:08.393192`` is no phone).
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[\s./:-])(?:(?:\+|00)\d{2,3}[\s./-]?(?:\(0\)[\s./-]?)?\d(?:[\s./-]?\d){6,11}"
    r"|\(?0\d{1,3}\)?(?:[\s./-]?\d){6,9})(?![\w])"
)
#: GUIDs (e.g. of codings): generated keys, never personal, though their digits look like numbers.
_GUID = re.compile(
    r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
    r"(?![0-9A-Fa-f-])"
)
_LONG_NUMBER = re.compile(r"(?<![\w])(?<!\d[\s./-])\d(?:[\s./-]?\d){8,}(?![\w])")


def national_register_number_valid(number: str) -> bool:
    """Whether ``number`` is a Belgian national register number or BIS number.

    The number is ``YY.MM.DD-SSS.CC``: birth date, a serial number and two check digits
    ``CC = 97 - (YYMMDDSSS mod 97)``; for people born from 2000 on, ``2`` is put before the nine
    digits. BIS numbers (people not in the national register) add 20 or 40 to the month. The check
    digits and the date are checked by python-stdnum (:mod:`stdnum.be.nn`, :mod:`stdnum.be.bis`);
    this function only takes away the separators first.

    Examples
    --------
    >>> national_register_number_valid("85.07.30-033.28")
    True
    >>> national_register_number_valid("85.07.30-033.29")
    False
    """
    from stdnum.be import bis, nn

    digits = re.sub(r"[\s.\-/]", "", number)
    if not re.fullmatch(r"\d{11}", digits):
        return False
    return nn.is_valid(digits) or bis.is_valid(digits)


def iban_valid(iban: str) -> bool:
    """Whether ``iban`` is an IBAN: its country's length and format (the ISO 13616 registry) and
    the mod-97 check, as python-stdnum checks them (:func:`stdnum.iban.is_valid`).

    stdnum's national checks (``check_country``) are left out on purpose: some look the bank up in
    a list of banks (Belgium's does, and does not know the registry's own example, bank 539), and
    for a privacy check a real account at a bank missing from that list must still count.

    Examples
    --------
    >>> iban_valid("BE68 5390 0754 7034")
    True
    >>> iban_valid("BE68 5390 0754 7035")
    False
    >>> iban_valid("PL61 1090 1014 0000 0712 1981 2874")
    True
    """
    from stdnum import iban as stdnum_iban

    compact = re.sub(r"\s", "", iban)
    if not re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z0-9]{10,30}", compact):
        return False
    return stdnum_iban.is_valid(compact, check_country=False)


def _iban_spans(text: str):
    """IBANs in ``text``: from each candidate start, the longest run of whole tokens that
    :func:`iban_valid` confirms."""
    taken = 0
    for start_match in _IBAN_START.finditer(text):
        start = start_match.start()
        if start < taken:
            continue
        ends, position, length = [], start, 0
        while (word := _WORD.match(text, position)) is not None:
            length += len(word.group())
            if length > IBAN_MAX_LENGTH or not _IBAN_TOKEN.fullmatch(word.group()):
                break
            ends.append(word.end())
            if text[word.end() : word.end() + 1] not in (" ", "\u00a0"):
                break
            position = word.end() + 1
        for end in reversed(ends):
            if iban_valid(text[start:end]):
                yield start, end, "iban"
                taken = end
                break


def _register_pattern(register) -> tuple[re.Pattern | None, dict[str, str]]:
    if register is None or len(register) == 0:
        return None, {}
    if isinstance(register, dict):
        frame = pd.DataFrame({"term": list(register), "kind": list(register.values())})
    else:
        frame = pd.DataFrame(register)
    replacement = {}
    for row in frame.to_dict("records"):
        term = str(row["term"]).strip()
        if not term:
            continue
        label = row.get("replacement")
        if label is None or (isinstance(label, float) and pd.isna(label)) or label == "":
            label = f"[{row.get('kind') or 'name'}]"
        replacement[term.casefold()] = str(label)
    terms = sorted(replacement, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE
    )
    return pattern, replacement


def identifier_spans(
    text: str, register=None, mask_long_numbers: bool = True
) -> list[tuple[int, int, str, str]]:
    """Return the identifiers found in ``text`` as ``(start, end, kind, replacement)``.

    Kinds, in order of precedence (an earlier kind wins where matches overlap): ``email``,
    ``iban`` (any country's, confirmed by :func:`iban_valid`), ``national_register_number``
    (Belgian national register or BIS number, confirmed by :func:`national_register_number_valid`),
    ``phone`` (international ``+``/``00`` numbers and national numbers starting with 0, with
    spaces, dots, slashes or dashes), ``number`` (any other run of nine or more digits, when
    ``mask_long_numbers``), and the terms of ``register`` (names, places: whole words, any case).
    Digits inside a GUID (``8-4-4-4-12`` hexadecimal, e.g. a coding's id) are not identifiers.

    Parameters
    ----------
    text : str
    register : DataFrame or dict, optional
        Columns ``term``, ``kind`` (``"name"``, ``"place"``, ...) and optionally ``replacement``;
        or a dict term -> kind. Default replacement: ``"[kind]"``.
    mask_long_numbers : bool, default True
        Also mask digit runs that match no other rule (e.g. a national register number with a
        typing error).
    """
    found: list[tuple[int, int, str]] = []
    found += [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += list(_iban_spans(text))
    found += [
        (m.start(), m.end(), "national_register_number")
        for m in _NRN.finditer(text)
        if national_register_number_valid(m.group(0))
    ]
    found += [(m.start(), m.end(), "phone") for m in _PHONE.finditer(text)]
    if mask_long_numbers:
        found += [(m.start(), m.end(), "number") for m in _LONG_NUMBER.finditer(text)]
    pattern, replacement = _register_pattern(register)
    if pattern is not None:
        found += [(m.start(), m.end(), "register") for m in pattern.finditer(text)]
    rank = {k: i for i, k in enumerate([*PLACEHOLDERS, "register"])}
    chosen: list[tuple[int, int, str, str]] = []
    guids = [(m.start(), m.end()) for m in _GUID.finditer(text)]
    found = [f for f in found if not any(f[0] < e and s < f[1] for s, e in guids)]
    for start, end, kind in sorted(found, key=lambda s: (rank[s[2]], s[0])):
        if any(start < e and s < end for s, e, _, _ in chosen):
            continue
        label = (
            replacement[text[start:end].casefold()] if kind == "register" else PLACEHOLDERS[kind]
        )
        chosen.append((start, end, kind, label))
    return sorted(chosen)


def deidentify_text(text: str, register=None, mask_long_numbers: bool = True) -> str:
    """Return ``text`` with every identifier replaced by its placeholder.

    See :func:`identifier_spans` for what is found. This is a safety net, not a substitute for
    reading the quotes: indirect identifiers (a rare job, a unique life event) need a person.

    Examples
    --------
    >>> deidentify_text("Bel Els op 0470 12 34 56 of els@ocmw.be, rekening BE68 5390 0754 7034.",
    ...                 register={"Els": "name"})
    'Bel [name] op [phone] of [e-mail], rekening [IBAN].'
    >>> deidentify_text("Mon numéro national: 85.07.30-033.28")
    'Mon numéro national: [national register number]'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return text
    out, last = [], 0
    for start, end, _kind, label in identifier_spans(text, register, mask_long_numbers):
        out.append(text[last:start])
        out.append(label)
        last = end
    out.append(text[last:])
    return "".join(out)


def scan_identifiers(texts, register=None, mask_long_numbers: bool = True) -> pd.DataFrame:
    """Return one row per identifier found in ``texts`` (a Series or list): the output scan.

    Columns: ``index`` (of the text), ``kind``, ``start``, ``end``, ``match``. An empty result
    means no identifier of a known kind remains, e.g. in the quotes of a chapter.
    """
    series = pd.Series(texts)
    rows = []
    for index, text in series.items():
        if not isinstance(text, str):
            continue
        for start, end, kind, _label in identifier_spans(text, register, mask_long_numbers):
            rows.append(
                {"index": index, "kind": kind, "start": start, "end": end, "match": text[start:end]}
            )
    return pd.DataFrame(rows, columns=["index", "kind", "start", "end", "match"])


def deidentify_with_edits(
    text: str, register=None, mask_long_numbers: bool = True
) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Return :func:`deidentify_text` of ``text`` and its edits ``(old_start, old_end, new_start,
    new_end)``, one per replaced identifier, for :func:`remap_offset`.

    Examples
    --------
    >>> deidentify_with_edits("Ik ben Els.", {"Els": "name"})
    ('Ik ben [name].', [(7, 10, 7, 13)])
    """
    out, edits, last, shift = [], [], 0, 0
    for start, end, _kind, label in identifier_spans(text, register, mask_long_numbers):
        out += [text[last:start], label]
        edits.append((start, end, start + shift, start + shift + len(label)))
        shift += len(label) - (end - start)
        last = end
    out.append(text[last:])
    return "".join(out), edits


def remap_offset(offset: int, edits: list[tuple[int, int, int, int]], side: str = "start") -> int:
    """Return where character offset ``offset`` of the old text lies in the de-identified text.

    Offsets before an edit keep their place, offsets after it move by the change of length. An
    offset strictly inside a replaced identifier moves to the placeholder's start when it is the
    ``side="start"`` of a selection and to its end when ``side="end"``, so that a selection that
    held part of an identifier holds the whole placeholder.

    Examples
    --------
    >>> edits = [(7, 10, 7, 13)]  # "Els" -> "[name]"
    >>> [remap_offset(p, edits) for p in (3, 7, 8, 10, 11)]
    [3, 7, 7, 13, 14]
    >>> remap_offset(8, edits, side="end")
    13
    """
    if side not in ("start", "end"):
        raise ValueError(f"side must be 'start' or 'end', not {side!r}")
    delta = 0
    for old_start, old_end, new_start, new_end in edits:
        if offset <= old_start:
            break
        if offset >= old_end:
            delta = new_end - old_end
            continue
        return new_start if side == "start" else new_end
    return offset + delta


def deidentify_project(project, register=None, pseudonyms: dict | None = None):
    """Return a copy of a REFI-QDA :class:`~localwelfare.refiqda.Project` fit for ``data/raw``:
    the ingestion step of interviews.

    Every text source goes through :func:`deidentify_with_edits` (``register`` and the patterns of
    :func:`identifier_spans`) and the character offsets of its coded selections are remapped with
    :func:`remap_offset`; the ``text`` of each coding is cut again from the new text. Source and
    case names and variable values that are participant ids become their ``pseudonyms``
    (id -> pseudonym); other names and descriptions are de-identified.
    """
    import copy

    pseudonyms = pseudonyms or {}

    def rename(value):
        if not isinstance(value, str):
            return value
        return pseudonyms.get(value) or deidentify_text(value, register)

    out = copy.deepcopy(project)
    edits_of = {}
    for guid, text in project.texts.items():
        out.texts[guid], edits_of[guid] = deidentify_with_edits(text, register)
    sources = out.sources.copy()
    sources["name"] = sources["name"].map(rename)
    sources["description"] = sources["description"].map(rename)
    sources["n_chars"] = [
        len(out.texts[g]) if g in out.texts else n
        for g, n in zip(sources["source_guid"], sources["n_chars"], strict=True)
    ]
    out.sources = sources.astype({"n_chars": "Int64"}) if len(sources) else sources
    out.cases = out.cases.assign(
        name=out.cases["name"].map(rename), description=out.cases["description"].map(rename)
    )
    out.variables = out.variables.assign(value=out.variables["value"].map(rename))
    seg = out.segments.copy()
    if len(seg):
        starts, ends, texts = [], [], []
        for row in seg.itertuples(index=False):
            start, end, text = row.start, row.end, row.text
            if row.kind == "text" and row.source_guid in edits_of:
                edits = edits_of[row.source_guid]
                lo, hi = sorted((int(start), int(end)))
                start, end = remap_offset(lo, edits, "start"), remap_offset(hi, edits, "end")
                text = out.texts[row.source_guid][start:end]
            elif isinstance(text, str):
                text = deidentify_text(text, register)
            starts.append(start)
            ends.append(end)
            texts.append(text)
        seg["start"], seg["end"], seg["text"] = starts, ends, texts
        seg["source"] = seg["source"].map(rename)
        seg["case"] = seg["case"].map(
            lambda c: ";".join(rename(x) for x in c.split(";")) if isinstance(c, str) else c
        )
        seg = seg.astype({"start": "Int64", "end": "Int64"})
    out.segments = seg
    return out
