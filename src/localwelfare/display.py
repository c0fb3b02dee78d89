"""Tables as a reader sees them: human labels for columns and codes, one number format per kind
of column, ids that do not wrap, padded cells, and a dash for what was not computed.

Chapters pass analysis results (tidy frames with the analysis modules' column names and the data
package's codes) to :func:`table`; it chooses nothing about the content, only how it reads:

- a column is labelled from :data:`COLUMNS`, else by the title its field has in the data package
  (a questionnaire item by its statement), else by its name with underscores read as spaces and
  the first letter capitalised;
- a code in a text column is labelled from the data package (the ``categories`` of its fields,
  :func:`localwelfare.data.category_labels`): in the column's own field when the column is one,
  else in any field that gives the code one label; a word of the chapters' prose (a verdict, a
  direction) from :data:`localwelfare.chapter.VOCABULARY`; otherwise underscores become spaces;
- p-values print as ``0.012`` or ``< 0.001``; shares and rates as percentages; counts as
  integers; other numbers with two decimals; a missing value as an em dash.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"region": ["brussels"], "n": [30], "p_adjusted": [0.0004]})
>>> labelled(frame).to_dict("records")
[{'Region': 'Brussels', 'n': '30', 'p (Holm)': '< 0.001'}]
>>> value_label("shared_participant", "nl")
'gedeeld bestuur'
>>> p_text(0.0123), p_text(float("nan"))
('0.012', '—')
"""

from __future__ import annotations

import base64
import functools
import html
import itertools
import math
import os
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from localwelfare import data
from localwelfare.chapter import LANGUAGES, VOCABULARY
from localwelfare.errors import InputError

__all__ = [
    "COLUMNS",
    "LONG_ROWS",
    "WIDE_COLUMNS",
    "Table",
    "MISSING",
    "code_label",
    "code_labels",
    "coefficient_table",
    "column_label",
    "field_title",
    "specification_table",
    "term_label",
    "interval_cells",
    "labelled",
    "p_text",
    "table",
    "table_anchor",
    "value_label",
]

#: What a cell shows when a value was not computed (a test not run, a cell too small).
MISSING = "—"

#: Human labels of the analysis modules' result columns, shared by every chapter.
COLUMNS: dict[str, str] = {
    # identifiers and groups
    "network_id": "Network",
    "study": "Study",
    "region": "Region",
    "governance_mode": "Declared mode",
    "sector": "Sector",
    "formal": "Formal organisation",
    "actor_group": "Actor group",
    "pcsw": "PCSW",
    "legal_status": "Legal status",
    "scale": "Scale",
    "item": "Item",
    "theme": "Theme",
    "code": "Code",
    "label": "Organisation",
    # counts
    "n": "n",
    "n_nodes": "Organisations",
    "n_ties": "Ties (arcs)",
    "n_organisations": "Organisations",
    "n_respondents": "Respondents",
    "n_interviews": "Interviews",
    "n_segments": "Coded segments",
    # network measures
    "density": "Density",
    "degree_centralization": "Degree centralisation",
    "betweenness_centralization": "Betweenness centralisation",
    "transitivity": "Transitivity",
    "avg_distance": "Average distance",
    "compactness": "Compactness",
    "strong_components": "Components",
    "core_periphery_fit": "Core-periphery fit",
    "share_multiplex": "Multiplex share",
    "degree": "Degree",
    "betweenness": "Betweenness",
    "closeness": "Closeness",
    "eigenvector": "Eigenvector",
    "relative_connectivity": "Relative connectivity",
    "trust": "Trust (1-4)",
    "value": "Value (1-4)",
    # tests and effects
    "statistic": "Statistic",
    "se": "SE",
    "term": "Term",
    "df": "df",
    "p_value": "p",
    "p_unc": "p (unadjusted)",
    "p_adjusted": "p (Holm)",
    "p_holm": "p (Holm)",
    "estimate": "Estimate",
    "ci_low": "95% CI, lower",
    "ci_high": "95% CI, upper",
    "effect_size": "Effect size",
    "cramers_v": "Cramér's V",
    "eta2_h": "η² (H)",
    "CLES": "Common-language effect size",
    "odds_ratio": "Odds ratio",
    "kappa": "Cohen's κ",
    "alpha": "Krippendorff's α",
    "response_rate": "Response rate",
    "share": "Share",
    "weight": "Weight",
    # WP2 qualitative synthesis and WP4 newcomer perceptions
    "case_id": "Case",
    "code_path": "Code",
    "description": "Description",
    "statement": "Statement",
    "quote": "Quote",
    "speaker": "Speaker",
    "code_a": "Theme",
    "code_b": "Co-occurring theme",
    "jaccard": "Jaccard",
    "n_units": "Segment units",
    "percent_agreement": "Agreement (%)",
    "percent_agreement_characters": "Agreement on characters (%)",
    "kappa_characters": "Cohen's κ (characters)",
    "alpha_characters": "Krippendorff's α (characters)",
    "percent_agreement_segments": "Agreement on segments (%)",
    "kappa_segments": "Cohen's κ (segments)",
    "alpha_segments": "Krippendorff's α (segments)",
    "n_domains": "Life domains of need",
    "families": "Families",
    "domains_of_need": "Domains of need",
    "answered": "Domains answered",
    "share_answered": "Share answered",
    "attribute": "Characteristic",
    "level": "Category",
    "respondents": "Respondents",
    "reverse_keyed": "Reverse-keyed",
    "n_items": "Items",
    "mean": "Mean",
    "sd": "SD",
    "item_rest_r": "Corrected item-total r",
    "alpha_if_deleted": "α if deleted",
    "group": "Group",
    "group_a": "Group A",
    "group_b": "Group B",
    "practice_type": "Practice type",
    # the vignette study's attributes and the workers' covariates
    "language": "Language",
    "household": "Household",
    "years_in_belgium": "Years in Belgium",
    "employment_history": "Employment history",
    "cooperation": "Cooperation",
    "experience_years": "Years of experience",
    "caseload": "Caseload",
    "training": "Training",
    "workers": "Social workers",
    "pcsws": "PCSWs",
    "newcomers": "Newcomers",
    # network mapping and PCSW typology
    "observed_density": "Density over observed dyads",
    "declared_mode": "Declared mode",
    "structural_mode": "Structural reading",
    "top_node": "Most central organisation",
    "alters": "Partners",
    "alter_ties": "Ties among partners",
    "ego_density": "Ego-network density",
    "effective_size": "Effective size",
    "normalised_degree": "Normalised degree",
    "clustering": "Local clustering",
    "in_degree": "In-degree",
    "reach": "Reach",
    "ei_index": "E-I index",
    "ties": "Ties",
    "h_star": "h*",
    "size_class": "Size class",
    "latent_class": "Type",
    "loglik": "Log-likelihood",
    "n_params": "Parameters",
    "aic": "AIC",
    "bic": "BIC",
    "sabic": "SABIC",
    "caic": "CAIC",
    "entropy": "Relative entropy",
}

#: Columns read as p-values, shares (percentages) and counts (integers), beyond the name rules
#: of :func:`_kind` (``p_*``, ``*_p``, ``*_p_value``, ``*_share``/``*share_*``/``*_rate``, ``n_*``).
P_COLUMNS = {"p_value", "p_unc", "p_adjusted", "p_holm", "pval"}
SHARE_COLUMNS = {"share", "response_rate", "percent"}


def column_label(name: str, labels: Mapping[str, str] | None = None) -> str:
    """Return the human label of a result column: ``labels`` first, then :data:`COLUMNS`, then
    the title of the data package's field of that name (:func:`field_title`)."""
    name = str(name)
    if labels and name in labels:
        return labels[name]
    if name in COLUMNS:
        return COLUMNS[name]
    text = field_title(name) or name.replace("_", " ")
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=8)
def _titles_of(folder: str) -> dict[str, dict[str, str]]:
    titles: dict[str, dict[str, str]] = {}
    for res in data.descriptor(folder)["resources"]:
        for field in (res.get("schema") or {}).get("fields", []):
            if field.get("title"):
                forms = {"en": field["title"], **field.get("titles", {})}
                titles.setdefault(field["name"], forms)
    return titles


def field_title(
    name: str, data_dir: str | os.PathLike | None = None, language: str = "en"
) -> str | None:
    """Return the title the data package gives the field ``name`` (a questionnaire item's
    statement, a practice item's name) in ``language``, or ``None``.

    A field's ``title`` is English; its ``titles`` give the Dutch and French forms, as the
    ``labels`` of a code do (a field without a title in ``language`` has none).

    Examples
    --------
    >>> field_title("quality_referral")
    'The PCSW referred me to other services when I needed them.'
    >>> field_title("quality_referral", language="fr")
    "Le CPAS m'a orienté vers d'autres services quand j'en avais besoin."
    """
    try:
        folder = data.find_data_dir(data_dir)
    except InputError:
        return None
    return _titles_of(str(folder)).get(str(name), {}).get(language)


def term_label(term: str) -> str:
    """Return a model term as a reader reads it: ``legal_status[subsidiary_protection]`` (a
    formula's term) or ``region: brussels`` (:func:`localwelfare.typology.covariate_design`'s) as
    ``Legal status: subsidiary protection``, ``Region: Brussels``; an interaction ``a[x]:b[y]``
    joined with ``×``; a numeric covariate by its column label.

    Examples
    --------
    >>> term_label("language[needs_interpreter]:practice_type[type 2]")
    'Language: needs an interpreter × Practice type: type 2'
    >>> term_label("region: brussels"), term_label("newcomer_share")
    ('Region: Brussels', 'Newcomer share')
    """
    parts = []
    for part in re.split(r":(?! )", str(term)):
        name, _, level = part.partition("[") if "[" in part else part.partition(": ")
        label = column_label(name)
        if level:
            code = level.removesuffix("]")
            label += f": {value_label(code, field=name)}"
        parts.append(label)
    return " × ".join(parts)


@functools.lru_cache(maxsize=8)
def _labels_of(folder: str) -> dict[str, dict]:
    return data.category_labels(folder)


def code_labels(data_dir: str | os.PathLike | None = None) -> dict[str, dict]:
    """Return the data package's labels of its codes (field -> code -> ``{"en", "nl", "fr"}``,
    :func:`localwelfare.data.category_labels`), read once per folder; empty when no data package
    is found (``data_dir``, see :func:`localwelfare.data.find_data_dir`)."""
    try:
        folder = data.find_data_dir(data_dir)
    except InputError:
        return {}
    return _labels_of(str(folder))


def code_label(value, language: str = "en", field: str | None = None) -> str | None:
    """Return the data package's label of the code ``value`` in ``language``, or ``None``.

    The code is looked up in ``field`` when the data package has such a field, else in every
    field; a code that two fields label differently in ``language`` has no label then.

    Examples
    --------
    >>> code_label("family_in_poverty", "fr"), code_label("none", "fr", "interpreters")
    ('famille en situation de pauvreté', 'aucun')
    >>> code_label("none", "fr") is None  # aucun (interpreters), aucune (language condition)
    True
    """
    return data.code_label(value, language, field)


def value_label(value, language: str = "en", field: str | None = None) -> str:
    """Return a value as a reader reads it in ``language``: a code's label from the data package
    (:func:`code_label`, in ``field`` if given), a word of the project's prose from
    :data:`localwelfare.chapter.VOCABULARY`, else the text with underscores read as spaces;
    values that are not text are returned unchanged."""
    if not isinstance(value, str):
        return value
    label = code_label(value, language, field)
    if label is not None:
        return label
    text = value.replace("_", " ")
    if text in VOCABULARY:
        return VOCABULARY[text][LANGUAGES.index(language)]
    return text


def p_text(p) -> str:
    """Format a p-value as a reader expects: three decimals, ``< 0.001``, or a dash if missing."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return MISSING
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _kind(name: str, values: pd.Series, shares=()) -> str:
    name = str(name)
    if name in shares:
        return "share"
    if (
        name in P_COLUMNS
        or name == "p"
        or name.startswith("p_")
        or name.endswith(("_p", "_p_value"))
    ):
        return "p"
    if name in SHARE_COLUMNS or name.endswith(("_share", "_rate")) or "share_" in name:
        return "share"
    if pd.api.types.is_bool_dtype(values):
        return "bool"
    if pd.api.types.is_integer_dtype(values) or name == "n" or name.startswith("n_"):
        return "count"
    if pd.api.types.is_float_dtype(values):
        return "number"
    return "text"


def _cell(value, kind: str, decimals: int, field: str | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING
    if kind in ("count", "number") and isinstance(value, str):
        return value  # a count published as "<5" (localwelfare.privacy.suppress_small_counts)
    if kind == "p":
        return p_text(float(value))
    if kind == "share":
        return f"{float(value):.0%}"
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "count":
        return f"{int(round(float(value))):,d}"
    if kind == "number":
        return f"{float(value):.{decimals}f}"
    return str(value_label(value, field=field))


def labelled(
    frame: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    decimals: int | Mapping[str, int] = 2,
    shares: Iterable[str] = (),
) -> pd.DataFrame:
    """Return ``frame`` as text cells with human column labels, code labels and number formats.

    ``labels`` overrides :data:`COLUMNS` for this table; ``decimals`` is the number of decimals of
    plain numbers, one for all or per column; ``shares`` names further columns to print as
    percentages. The index is kept, its codes labelled too.
    """
    out = {}
    for name in frame.columns:
        places = decimals.get(name, 2) if isinstance(decimals, Mapping) else decimals
        kind = _kind(name, frame[name], set(shares))
        label = column_label(name, labels)
        if label in out:
            raise InputError(f"table: two columns are labelled {label!r}; pass labels= for one")
        out[label] = [_cell(v, kind, places, str(name)) for v in frame[name]]
    field = None if frame.index.name is None else str(frame.index.name)
    result = pd.DataFrame(out, index=frame.index.map(lambda v: value_label(v, field=field)))
    if frame.index.name is not None:
        result.index.name = column_label(frame.index.name, labels)
    return result


#: Cell padding; the caption above the table.
STYLES = [
    {"selector": "th, td", "props": "padding: 0.25em 0.75em; vertical-align: top;"},
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold;"},
]

#: Cells at most this long never wrap (ids, numbers, short codes); longer text wraps.
NOWRAP_CHARS = 24
#: Cells longer than this many characters are prose (a quote, a claim, a description): their
#: column wraps and reads from the left, so that the table stays within the page.
LONG_TEXT = 40
PROSE = "white-space: normal; text-align: left; min-width: 12em;"


#: A table with more columns than this shows a note that it scrolls sideways, and a link to the
#: whole table as CSV beside it.
WIDE_COLUMNS = 6
#: A table with more rows than this is folded behind a "show" line (printed in full on paper).
LONG_ROWS = 12


#: The numbers of the tables a page shows, counted within the kernel (one run, one page), as
#: :mod:`localwelfare.plots` counts figures; and the ids given out so far, kept unique.
_numbers = itertools.count(1)
_ids: set[str] = set()


def table_anchor(name: str) -> str:
    """Return the id ``tbl-<name>`` of a table (lower case, other characters than letters and
    digits as dashes; the first eight words of a caption), unique within the page: a second
    table of that name gets ``-2``.

    Examples
    --------
    >>> table_anchor("Response by network")
    'tbl-response-by-network'
    >>> table_anchor("Response by network")
    'tbl-response-by-network-2'
    """
    words = re.sub(r"[^a-z0-9]+", " ", str(name).lower()).split()[:8]
    slug = "-".join(words).removeprefix("tbl-") or "table"
    anchor, i = f"tbl-{slug}", 1
    while anchor in _ids:
        i += 1
        anchor = f"tbl-{slug}-{i}"
    _ids.add(anchor)
    return anchor


class Table(Styler):
    """A chapter's table: a pandas Styler whose page form (``_repr_html_``) is a ``<figure>``
    with the numbered caption ``Table N. <caption>`` above the table and the id ``tbl-<name>``,
    so that the text can link to it (``[Table](#tbl-response-by-network)``). Tables are numbered
    1, 2, ... in the order the page shows them (the number is given when the table is first
    shown, and kept). A table of more than :data:`WIDE_COLUMNS` columns gets a note that it
    scrolls sideways and a link to download it whole as CSV (its labelled cells); one of more
    than :data:`LONG_ROWS` rows (or any, with ``fold``) is folded behind a line that shows it,
    in a ``<details>`` element under the caption (the PDF printer opens it). A table that shows
    a dash says under it what the dash means. :meth:`to_html` is the bare table, without caption
    or number (for a table glued into another page, which names it in its own words)."""

    caption_text: str = ""
    table_name: str | None = None
    missing_note: str = "no value"
    fold: bool | None = None
    number: int | None = None
    anchor: str | None = None

    def __repr__(self) -> str:
        # The plain-text form an executed notebook keeps beside the HTML: the caption, not the
        # object's memory address, which differed in every build.
        return f"Table: {self.caption_text}"

    def _repr_html_(self) -> str:
        if self.number is None:
            if not self.caption_text.strip():
                raise InputError("every table needs a caption that says what it shows")
            self.number = next(_numbers)
            self.anchor = table_anchor(self.table_name or self.caption_text)
        rows, columns = self.data.shape
        body = self.to_html()
        if (self.data == MISSING).any(axis=None):
            body += (
                f'<p class="lw-table-footnote">{MISSING} '
                f"{html.escape(self.missing_note, quote=False)}</p>"
            )
        notes = []
        if columns > WIDE_COLUMNS:
            csv = self.data.to_csv(index=not self.hidden_index).encode()
            href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv).decode()
            name = self.anchor.removeprefix("tbl-")[:40]
            notes.append(
                f"{columns} columns: scroll sideways to see them all, or "
                f'<a download="{name}.csv" href="{href}">download the table (CSV)</a>.'
            )
        note = f'<p class="lw-table-note">{" ".join(notes)}</p>' if notes else ""
        if self.fold or (self.fold is None and rows > LONG_ROWS):
            row_word = "row" if rows == 1 else "rows"
            body = (
                f'<details class="lw-long-table"><summary>Show the table ({rows} {row_word})'
                f"</summary>{note}{body}</details>"
            )
        else:
            body = note + body
        caption = html.escape(self.caption_text.strip(), quote=False)
        return (
            f'<figure class="lw-table" id="{self.anchor}">'
            f'<figcaption><span class="lw-table-number">Table {self.number}.</span> {caption}'
            f"</figcaption>\n{body}</figure>"
        )

    @property
    def hidden_index(self) -> bool:
        """Whether the row labels are hidden (:meth:`hide` with ``axis="index"``)."""
        return bool(self.hide_index_[0]) if self.hide_index_ else False


def table(
    frame: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    decimals: int | Mapping[str, int] = 2,
    index: bool = True,
    *,
    caption: str,
    shares: Iterable[str] = (),
    name: str | None = None,
    missing: str = "no value",
    fold: bool | None = None,
):
    """Return ``frame`` as a labelled, formatted :class:`Table` (a pandas Styler) for a
    chapter's page.

    ``caption`` says in plain words what the table shows; the page prints it above the table as
    ``Table N. caption`` (a table without one is refused). ``name`` gives the table its id
    ``tbl-<name>`` (by default the caption's first words). ``missing`` says what a dash in a
    cell means (``"not tested"``, ``"no value"``...): a table that shows one says so under it.
    ``fold`` folds the table behind a line that shows it (by default when it is long).

    Numbers are right-aligned; a short cell (an id, a number) never wraps, a long text does.
    ``index=False`` hides the row labels (use it when the first column names the rows). Columns
    of long text (quotes, claims) wrap. Cells are escaped, so ``< 0.001`` or a label with ``<``
    reads as text.
    """
    if not isinstance(caption, str) or not caption.strip():
        raise InputError("every table needs a caption that says what it shows")
    shown = labelled(frame, labels, decimals, shares)
    numeric = [
        label
        for name_, label in zip(frame.columns, shown.columns, strict=True)
        if _kind(name_, frame[name_], set(shares)) in ("p", "share", "count", "number")
    ]
    styler = (
        Table(shown)
        .set_table_styles(STYLES)
        .format(escape="html")
        .format_index(escape="html")
        .map(lambda v: "white-space: nowrap;" if len(str(v)) <= NOWRAP_CHARS else "")
        .map_index(lambda v: "white-space: nowrap;" if len(str(v)) <= NOWRAP_CHARS else "")
        .set_properties(subset=numeric, **{"text-align": "right"})
    )
    widths = [shown.iloc[:, i].str.len().max() for i in range(shown.shape[1])]
    prose = [c for c, w in zip(shown.columns, widths, strict=True) if w > LONG_TEXT]
    if prose:  # column selectors (td.colN) outweigh the table's own td rule
        styler = styler.set_table_styles(
            {c: [{"selector": "td", "props": PROSE}] for c in prose}, overwrite=False
        )
    if not index:
        styler = styler.hide(axis="index")
    styler.caption_text = caption.strip()
    styler.table_name = name
    styler.missing_note = missing
    styler.fold = fold
    return styler


def coefficient_table(
    coefficients: pd.DataFrame, decimals: int = 2, *, caption: str, name: str | None = None
):
    """Return a model's coefficients (:mod:`localwelfare.models`: ``term, estimate, se, ci_low,
    ci_high, p_value``) as a table with ``caption``, each term named by :func:`term_label`; a
    dash marks a value the model does not give."""
    shown = coefficients.assign(term=coefficients["term"].map(term_label))
    return table(shown, decimals=decimals, index=False, caption=caption, name=name)


def specification_table(claims: pd.DataFrame):
    """Return the claims against the specifications they were evaluated under as a table: one
    row per claim, named by its statement, one column per specification (the values of the
    varied parameters, named in the caption; the first column is the run's own), ``yes`` where
    the claim holds, ``no`` where not, a dash where it was not tested.

    ``claims`` is a run's claims table carrying the matrix in ``attrs["by_specification"]``
    (:func:`localwelfare.findings.notebook_claims`). It is a numbered table like any other (id
    ``tbl-specifications``), the last of a chapter.
    """
    matrix = claims.attrs["by_specification"]
    statements = claims.drop_duplicates("claim_id").set_index("claim_id")["statement"]
    names = str(matrix.index.name).split(" / ")
    shown = matrix.T
    shown.columns = [_specification_label(str(c), names) for c in shown.columns]
    shown.insert(0, "Claim", [statements.get(c, c) for c in shown.index])
    varied = " / ".join(column_label(n).lower() for n in str(matrix.index.name).split(" / "))
    caption = (
        f"Whether each claim holds when the analysis is run with other values of {varied}; the "
        "first column is this page's own."
    )
    return table(
        shown,
        labels={"Claim": "Claim"},
        index=False,
        caption=caption,
        name="specifications",
        missing="not tested",
    )


def _specification_label(values: str, names: list[str]) -> str:
    """A specification's column heading: its parameter values as a reader reads them (``yes``,
    ``no``, a code's label), in the order of ``names``.

    Examples
    --------
    >>> _specification_label("True / worker_id", ["covariates", "cluster"])
    'yes / worker id'
    """
    parts = values.split(" / ")
    if len(parts) != len(names):
        return values
    words = {"True": "yes", "False": "no"}
    return " / ".join(
        words.get(v) or str(value_label(v, field=n)) for v, n in zip(parts, names, strict=True)
    )


def interval_cells(estimate, low, high, decimals: int = 2) -> list[str]:
    """Format estimates with their intervals as cells, ``1.25 [0.80, 1.95]`` (a dash when the
    estimate is missing).

    Examples
    --------
    >>> interval_cells([1.25, float("nan")], [0.8, 0.1], [1.951, 0.2])
    ['1.25 [0.80, 1.95]', '—']
    """
    cells = []
    for e, lo, hi in zip(estimate, low, high, strict=True):
        if e is None or (isinstance(e, float) and math.isnan(e)):
            cells.append(MISSING)
        else:
            cells.append(f"{e:.{decimals}f} [{lo:.{decimals}f}, {hi:.{decimals}f}]")
    return cells
