"""Disclosure control for published tables, figures and quotes.

One small-cell rule holds for every published table: a count of people (or of interviews) below
the threshold is shown as ``<N``. The default threshold is :data:`SMALL_CELL`.

Quotes are published under pseudonyms (:func:`pseudonym_map`) and after de-identification
(:func:`deidentify_text`): names and places from the project's register, e-mail addresses, phone
numbers, Belgian national register numbers and IBANs (both recognised by their check digits) are
replaced by placeholders; :func:`scan_identifiers` is the output scan that finds what remains.

Examples
--------
>>> import pandas as pd
>>> from localwelfare.privacy import suppress_small_counts
>>> suppress_small_counts(pd.DataFrame({"n": [12, 3, 0]}), threshold=5)["n"].tolist()
['12', '<5', '0']
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

#: Counts of people below this are never published.
SMALL_CELL = 5


def suppress_small_counts(
    table: pd.DataFrame, threshold: int = SMALL_CELL, columns: list[str] | None = None
) -> pd.DataFrame:
    """Return ``table`` with every count in ``columns`` (default: all integer columns) that is
    below ``threshold`` and above zero shown as ``"<threshold"``.

    Zero stays zero: an empty cell discloses nobody. The result's count columns are strings, for
    display only; never compute on them.
    """
    out = table.copy()
    if columns is None:
        columns = [c for c in out.columns if pd.api.types.is_integer_dtype(out[c])]
    for col in columns:
        values = out[col]
        small = values.notna() & (values > 0) & (values < threshold)
        out[col] = values.astype("string").where(~small, f"<{threshold}")
    return out


# --- pseudonyms --------------------------------------------------------------------------------


def pseudonym_map(ids, prefix: str = "P", salt: str = "", width: int = 2) -> dict[str, str]:
    """Return a map from each identifier to a pseudonym ``"<prefix> <k>"``.

    Pseudonyms are numbered in the order of a keyed hash (BLAKE2b of ``salt`` and the identifier),
    not in the order of the identifiers, so a pseudonym reveals nothing about interview order or
    recruitment; the same identifiers and salt always give the same map. Keep a project-specific
    ``salt`` secret when identifiers are themselves revealing.

    Parameters
    ----------
    ids : iterable of str
        Identifiers (duplicates and missing values are ignored).
    prefix : str, default ``"P"``
        Text before the number, e.g. an actor group (``"social worker"``).
    salt : str, default ``""``
        Key of the hash.
    width : int, default 2
        Minimum number of digits.

    Examples
    --------
    >>> m = pseudonym_map(["inch-001", "inch-002", "inch-003"], prefix="family", salt="s")
    >>> sorted(m.values())
    ['family 01', 'family 02', 'family 03']
    >>> m == pseudonym_map(["inch-003", "inch-002", "inch-001"], prefix="family", salt="s")
    True
    """
    unique = sorted({str(i) for i in ids if i is not None and not pd.isna(i)})
    keyed = sorted(
        unique,
        key=lambda i: hashlib.blake2b(i.encode(), key=salt.encode()[:64], digest_size=16).digest(),
    )
    return {ident: f"{prefix} {k:0{width}d}" for k, ident in enumerate(keyed, start=1)}


# --- identifiers in text -----------------------------------------------------------------------

#: What each kind of identifier is replaced with.
PLACEHOLDERS = {
    "email": "[e-mail]",
    "iban": "[IBAN]",
    "national_register_number": "[national register number]",
    "phone": "[phone]",
    "number": "[number]",
}
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}(?![A-Za-z0-9])")
#: Lengths of IBANs (ISO 13616 registry) of the countries the studies meet most.
IBAN_LENGTHS = {"BE": 16, "NL": 18, "LU": 20, "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27}
_NRN = re.compile(r"(?<![\d.])(\d{2})[. ]?(\d{2})[. ]?(\d{2})[- ]?(\d{3})[. ]?(\d{2})(?![\d])")
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[\s./-])(?:(?:\+|00)\d{2,3}[\s./-]?(?:\(0\)[\s./-]?)?\d(?:[\s./-]?\d){6,11}"
    r"|\(?0\d{1,3}\)?(?:[\s./-]?\d){6,9})(?![\w])"
)
_LONG_NUMBER = re.compile(r"(?<![\w])(?<!\d[\s./-])\d(?:[\s./-]?\d){8,}(?![\w])")


def national_register_number_valid(number: str) -> bool:
    """Whether ``number`` is a Belgian national register number with valid check digits.

    The number is ``YY.MM.DD-SSS.CC``: birth date, a serial number and two check digits
    ``CC = 97 - (YYMMDDSSS mod 97)``; for people born from 2000 on, ``2`` is put before the nine
    digits. Either form is accepted (BIS numbers follow the same rule).

    Examples
    --------
    >>> national_register_number_valid("85.07.30-033.28")
    True
    >>> national_register_number_valid("85.07.30-033.29")
    False
    """
    digits = re.sub(r"\D", "", number)
    if len(digits) != 11:
        return False
    body, check = int(digits[:9]), int(digits[9:])
    return check in (97 - body % 97, 97 - (2_000_000_000 + body) % 97)


def iban_valid(iban: str) -> bool:
    """Whether ``iban`` passes the ISO 13616 check (mod 97 of the rearranged number is 1).

    Examples
    --------
    >>> iban_valid("BE68 5390 0754 7034")
    True
    >>> iban_valid("BE68 5390 0754 7035")
    False
    """
    compact = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _iban_spans(text: str):
    for match in _IBAN.finditer(text):
        candidate = match.group(0)
        length = IBAN_LENGTHS.get(candidate[:2])
        if length:
            # position after the country's number of alphanumeric characters
            alnum = [i for i, ch in enumerate(candidate, start=1) if ch.isalnum()]
            if len(alnum) >= length and iban_valid(candidate[: alnum[length - 1]]):
                yield match.start(), match.start() + alnum[length - 1], "iban"
        elif iban_valid(candidate):
            yield match.start(), match.end(), "iban"


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
    ``iban`` (ISO 13616 check), ``national_register_number`` (Belgian, check digits valid),
    ``phone`` (international ``+``/``00`` numbers and national numbers starting with 0, with
    spaces, dots, slashes or dashes), ``number`` (any other run of nine or more digits, when
    ``mask_long_numbers``), and the terms of ``register`` (names, places: whole words, any case).

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


def rare_combinations(
    frame: pd.DataFrame, columns: list[str], threshold: int = SMALL_CELL
) -> pd.DataFrame:
    """Return every combination of the attributes ``columns`` shared by fewer than ``threshold``
    people (one row per person in ``frame``); an empty result means the combination rule holds.

    The rule: no published combination of attributes (e.g. region x legal status x origin x
    gender) may narrow to fewer than ``threshold`` people, or a reader who knows someone with
    those attributes would recognise them. A missing attribute counts as a value of its own.

    Returns
    -------
    DataFrame
        One row per rare combination: the ``columns`` and ``n`` (1 to ``threshold - 1``), smallest
        first.

    Examples
    --------
    >>> people = pd.DataFrame({"region": ["a"] * 6 + ["b"] * 6, "gender": ["w"] * 11 + ["m"]})
    >>> rare_combinations(people, ["region"], threshold=5).empty
    True
    >>> rare_combinations(people, ["region", "gender"], threshold=5).values.tolist()
    [['b', 'm', 1]]
    """
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        from localwelfare.errors import InputError

        raise InputError(f"attribute column(s) {absent} not in the data")
    if not columns:
        return pd.DataFrame({"n": pd.Series([], dtype="int64")})
    keys = frame[columns].astype("object")
    counts = keys.groupby(columns, dropna=False, observed=True).size().rename("n").reset_index()
    rare = counts[(counts["n"] > 0) & (counts["n"] < threshold)]
    return rare.sort_values("n", kind="stable").reset_index(drop=True).astype({"n": "int64"})
