"""Drawing of Likert item distributions: diverging stacked bar charts.

The geometry (where each segment starts and ends, the order of items, "don't know" apart) is
computed by :func:`localwelfare.perceptions.diverging_bar_data`; this module only draws it, in the
report's style (:mod:`localwelfare.plots`), and writes the alt text that says what the chart
shows.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from localwelfare import perceptions, likertplot
>>> answers = pd.DataFrame({"q1": [1, 2, 4, 5, 8], "q2": [4, 4, 5, 3, 2]})
>>> bars = perceptions.diverging_bar_data(perceptions.item_distribution(answers, ["q1", "q2"]))
>>> fig = likertplot.diverging_bars(bars)
>>> len(fig.axes)
2
>>> likertplot.diverging_alt_text(bars)[:60]
'Diverging stacked bars of the answers to 2 items; items sort'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch

from localwelfare import plots
from localwelfare.perceptions import LEVEL_LABELS, LEVELS

NEUTRAL_COLOUR = "#BDBDBD"
DONT_KNOW_COLOUR = "#8C8C8C"


def level_colours(levels: Sequence) -> list:
    """Colours of the levels: the report's diverging palette, the neutral middle in grey."""
    colours = list(sns.color_palette(plots.DIVERGING, len(levels)))
    if len(levels) % 2:
        colours[len(levels) // 2] = NEUTRAL_COLOUR
    return colours


def diverging_bars(
    bars: pd.DataFrame,
    levels: Sequence = LEVELS,
    level_labels: Mapping | None = None,
    item_labels: Mapping[str, str] | None = None,
    group_title: str = "",
    width: float | None = None,
    language: str = "en",
):
    """Draw a diverging stacked bar chart, one panel per group, "don't know" in a side panel.

    Parameters
    ----------
    bars : DataFrame
        Output of :func:`localwelfare.perceptions.diverging_bar_data`.
    levels : sequence, default :data:`localwelfare.perceptions.LEVELS`
        The substantive levels in scale order (every one is in the legend, used or not).
    level_labels : mapping, optional
        Legend label of each level (default :data:`localwelfare.perceptions.LEVEL_LABELS` for
        the default levels, else the level itself).
    item_labels : mapping, optional
        Axis label of each item (default: the item name).
    group_title : str, default ""
        Prefix of each panel's title (e.g. "region: ").
    width : float, optional
        Figure width in inches (default the report's "wide" width).
    language : str, default "en"
        Language of the axes, the legend and the groups' names ("en", "nl" or "fr"); the levels
        are named by the data package's labels of the first item's answers in that language.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from localwelfare.display import code_label, value_label

    keys = [str(v) for v in levels]
    item_labels = dict(item_labels or {})
    groups = list(dict.fromkeys(bars["group"]))
    items = bars.drop_duplicates("item").sort_values("item_order")["item"].tolist()
    if level_labels is None:
        level_labels = LEVEL_LABELS if tuple(levels) == LEVELS else {}
        if language != "en":
            level_labels = {
                k: code_label(k, language, items[0]) or v for k, v in level_labels.items()
            }
    labels = {str(k): str(v) for k, v in level_labels.items()}
    has_dk = (bars["part"] == "dont_know").any()
    colours = dict(zip(keys, level_colours(keys), strict=True))

    width = width or plots.SIZES["wide"][0]
    lines = max((str(item_labels.get(i, i)).count("\n") + 1 for i in items), default=1)
    height = 1.4 + len(items) * max(0.32, 0.1 + 0.17 * lines)  # room for wrapped statements
    ratios = [4, 1] * len(groups) if has_dk else [1] * len(groups)
    fig, axes = plt.subplots(
        1,
        len(ratios),
        figsize=(width, height),
        sharey=True,
        gridspec_kw={"width_ratios": ratios, "wspace": 0.12},
        squeeze=False,
    )
    axes = axes[0]
    positions = {item: i for i, item in enumerate(items)}
    for g, group in enumerate(groups):
        ax = axes[2 * g if has_dk else g]
        sub = bars[(bars["group"] == group) & (bars["part"] == "scale")]
        for row in sub.itertuples():
            ax.barh(
                positions[row.item],
                row.end - row.start,
                left=row.start,
                height=0.7,
                color=colours[str(row.level)],
                edgecolor="white",
                linewidth=0.4,
            )
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlim(-100, 100)
        ax.set_xticks([-50, 0, 50], ["50", "0", "50"])
        ax.set_xlabel(plots.word("% of answers", language))
        ax.set_title(f"{group_title}{value_label(str(group), language)}", fontsize="medium")
        ax.grid(axis="y", visible=False)
        if has_dk:
            side = axes[2 * g + 1]
            dk = bars[(bars["group"] == group) & (bars["part"] == "dont_know")]
            side.barh(
                [positions[i] for i in dk["item"]],
                dk["percent"],
                height=0.7,
                color=DONT_KNOW_COLOUR,
            )
            top = max(10.0, float(bars.loc[bars["part"] == "dont_know", "percent"].max()))
            side.set_xlim(0, top * 1.1)
            side.set_xticks([0, 10 * round(top / 10)] if top >= 10 else [0])
            side.set_title(plots.word("don't\nknow", language), fontsize="small")
            side.set_xlabel("%")
            side.grid(axis="y", visible=False)
    first = axes[0]
    first.set_yticks(range(len(items)), [item_labels.get(i, i) for i in items], fontsize="small")
    first.invert_yaxis()
    handles = [Patch(color=colours[k], label=labels.get(k, k)) for k in keys]
    if has_dk:
        dont_know = plots.word("don't\nknow", language).replace("\n", " ")
        handles.append(Patch(color=DONT_KNOW_COLOUR, label=dont_know))
    fig.legend(
        handles=handles,
        loc="upper center",
        ncol=min(len(handles), 6),
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
        fontsize="small",
    )
    return fig


def diverging_alt_text(
    bars: pd.DataFrame,
    item_labels: Mapping[str, str] | None = None,
    group_name: str = "group",
    language: str = "en",
) -> str:
    """Return alt text saying what a :func:`diverging_bars` chart shows, from its data, in
    ``language``; items are named by their statements in the data package where it has them,
    groups by their labels, the grouping (``group_name``, English) by :func:`plots.word`."""
    from localwelfare.display import field_title, value_label

    given = dict(item_labels or {})
    item_labels = {  # a statement's full stop would run into the parenthesis after it
        i: (field_title(i, language=language) or given.get(i, i)).removesuffix(".")
        for i in bars["item"].unique()
    }
    scale = bars[bars["part"] == "scale"]
    groups = list(dict.fromkeys(scale["group"]))
    order = scale.drop_duplicates("item").sort_values("item_order")["item"].tolist()
    net = scale.groupby("item")["net_agreement"].mean()
    high, low = order[0], order[-1]
    high_text, low_text = item_labels.get(high, high), item_labels.get(low, low)
    names = ", ".join(value_label(str(g), language) for g in groups)
    grouping = plots.word(group_name, language)
    dk = bars[bars["part"] == "dont_know"]
    top = dk.loc[dk["percent"].idxmax()] if len(dk) else None
    if language == "nl":
        text = (
            f"Divergerende gestapelde staven van de antwoorden op {len(order)} uitspraken, "
            f"gerangschikt naar netto-instemming. Hoogste: {high_text} (gemiddelde "
            f"netto-instemming {net[high]:+.0f} punten); laagste: {low_text} "
            f"({net[low]:+.0f} punten)."
        )
        if len(groups) > 1:
            text += f" Eén paneel per {grouping}: {names}."
        if top is not None:
            where = f", {grouping} {value_label(str(top['group']), language)}"
            text += (
                f" 'Weet niet' staat apart; dat antwoord komt het vaakst voor bij "
                f"{item_labels.get(top['item'], top['item'])} ({top['percent']:.0f}% van de "
                f"antwoorden{where if len(groups) > 1 else ''})."
            )
        return text
    if language == "fr":
        text = (
            f"Barres empilées divergentes des réponses à {len(order)} énoncés, classés selon "
            f"l'accord net. Le plus élevé : {high_text} (accord net moyen de {net[high]:+.0f} "
            f"points) ; le plus bas : {low_text} ({net[low]:+.0f} points)."
        )
        if len(groups) > 1:
            text += f" Un panneau par {grouping} : {names}."
        if top is not None:
            where = f", {grouping} {value_label(str(top['group']), language)}"
            text += (
                f" « Ne sait pas » est présenté à part ; cette réponse est la plus fréquente pour "
                f"{item_labels.get(top['item'], top['item'])} ({top['percent']:.0f} % des "
                f"réponses{where if len(groups) > 1 else ''})."
            )
        return text
    text = (
        f"Diverging stacked bars of the answers to {len(order)} items; items sorted by net "
        f"agreement. Highest: {high_text} (mean net agreement "
        f"{net[high]:+.0f} points); lowest: {low_text} "
        f"({net[low]:+.0f} points)."
    )
    if len(groups) > 1:
        text += f" One panel per {group_name}: {names}."
    if top is not None:
        text += (
            f" Don't know is shown apart; it is most frequent for "
            f"{item_labels.get(top['item'], top['item'])} ({top['percent']:.0f} % of answers"
            + (f", {group_name} {value_label(str(top['group']))})." if len(groups) > 1 else ").")
        )
    return text


def group_means(
    means: pd.DataFrame,
    low: float = 1,
    high: float = 5,
    scale_labels: Mapping[str, str] | None = None,
    group_title: str = "",
):
    """Draw each group's mean scale score with its confidence interval, one row per scale.

    Parameters
    ----------
    means : DataFrame
        Output of :func:`localwelfare.perceptions.group_mean_intervals`.
    low, high : float, default 1 and 5
        The score range (the axis shows all of it, so differences are not exaggerated).
    scale_labels : mapping, optional
        Axis label of each scale.
    group_title : str, default ""
        Title of the legend (the grouping variable).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from localwelfare.display import value_label

    scale_labels = dict(scale_labels or {})
    scales = list(dict.fromkeys(means["scale"]))
    groups = list(dict.fromkeys(means["group"]))
    fig, ax = plt.subplots(figsize=(plots.SIZES["wide"][0], 1.2 + 0.7 * len(scales)))
    step = 0.7 / max(len(groups), 1)
    for g, group in enumerate(groups):
        sub = means[means["group"] == group]
        y = [scales.index(s) + (g - (len(groups) - 1) / 2) * step for s in sub["scale"]]
        ax.errorbar(
            sub["mean"],
            y,
            xerr=[sub["mean"] - sub["ci_low"], sub["ci_high"] - sub["mean"]],
            fmt="o",
            color=plots.PALETTE[g % len(plots.PALETTE)],
            capsize=3,
            label=value_label(str(group)),
        )
    ax.set_yticks(range(len(scales)), [scale_labels.get(s, s) for s in scales])
    ax.invert_yaxis()
    ax.set_xlim(low, high)
    ax.set_xlabel("mean score (bars: bootstrap confidence interval)")
    ax.legend(title=group_title or None, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def group_means_alt_text(means: pd.DataFrame, group_name: str = "group") -> str:
    """Return alt text saying what a :func:`group_means` chart shows, from its data (groups by
    their labels)."""
    from localwelfare.display import value_label

    parts = []
    for scale, sub in means.groupby("scale", sort=False):
        top = sub.loc[sub["mean"].idxmax()]
        bottom = sub.loc[sub["mean"].idxmin()]
        parts.append(
            f"{scale}: highest {value_label(str(top['group']))} ({top['mean']:.2f}), lowest "
            f"{value_label(str(bottom['group']))} "
            f"({bottom['mean']:.2f})"
        )
    return (
        f"Mean scale scores by {group_name} with bootstrap confidence intervals. "
        + "; ".join(parts)
        + "."
    )


def statement_labels(
    items: Sequence[str], reverse: Sequence[str] = (), language: str = "en", width: int = 45
) -> dict[str, str]:
    """Return each item's label on a chart: its statement in the data package in ``language``
    (else the item's name), wrapped at ``width`` characters, and marked as reverse-keyed when it
    is one of ``reverse``.

    Examples
    --------
    >>> statement_labels(["q1", "q2"], ["q2"])
    {'q1': 'q1', 'q2': 'q2 (reverse-keyed)'}
    >>> print(statement_labels(["trust_interest"], language="nl")["trust_interest"])
    Het OCMW handelt in mijn belang.
    """
    import textwrap

    from localwelfare.display import field_title

    labels = {}
    for item in items:
        text = field_title(item, language=language) or item
        if item in reverse:
            text += f" ({plots.word('reverse-keyed', language)})"
        labels[item] = textwrap.fill(text, width)
    return labels


def diverging_figure(
    bars: pd.DataFrame,
    item_labels: Mapping[str, str] | None = None,
    group_name: str = "group",
    language: str = "en",
):
    """Draw :func:`diverging_bars` and return ``(fig, alt)`` with :func:`diverging_alt_text`, in
    ``language``, for :func:`localwelfare.plots.show` (or :func:`localwelfare.plots.glue_figure`).
    """
    fig = diverging_bars(bars, item_labels=item_labels, language=language)
    return fig, diverging_alt_text(bars, item_labels, group_name=group_name, language=language)


def group_means_figure(means: pd.DataFrame, group_name: str = "group"):
    """Draw :func:`group_means` (legend titled ``group_name``) and return ``(fig, alt)`` with
    :func:`group_means_alt_text`, for :func:`localwelfare.plots.show`."""
    fig = group_means(means, group_title=group_name)
    return fig, group_means_alt_text(means, group_name)


__all__ = [
    "diverging_alt_text",
    "diverging_bars",
    "diverging_figure",
    "group_means",
    "group_means_alt_text",
    "group_means_figure",
    "level_colours",
    "statement_labels",
]
