"""One figure style for the whole report, and figures that always carry alt text.

Every figure of the book is drawn with :func:`use_style` in force and shown with :func:`show`,
which embeds the PNG in an ``<img>`` element with the alt text given, so that screen readers (and
the book's accessibility test) get a description of what the figure shows. The palette is Okabe &
Ito's colour-blind-safe palette.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from localwelfare import plots
>>> plots.use_style()
>>> fig, ax = plots.figure("wide")
>>> _ = ax.bar(["a", "b"], [1, 2], color=plots.PALETTE[:2])
>>> html = plots.figure_html(fig, alt="Two bars: a is 1, b is 2.")
>>> 'alt="Two bars: a is 1, b is 2."' in html
True

In a chapter, :func:`show` puts the image in a ``<figure>`` with a numbered caption
(``Figure 1.``, ``Figure 2.``, ... in the order the page shows them: each run executes in its
own kernel, so the numbers count within the page) and an ``id`` the text can link to.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import re

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
#: Diverging palette for Likert scales and heatmaps (colour-blind-safe).
DIVERGING = "RdBu"
#: Sequential colour map for counts and probabilities.
SEQUENTIAL = "viridis"
#: Figure sizes in inches; "wide" fills the book's text column.
SIZES = {"wide": (8.0, 4.5), "tall": (8.0, 7.0), "square": (6.0, 6.0), "small": (5.0, 3.5)}
DPI = 110


#: The words of the figures the summaries show, in Dutch and French (:func:`word`): axis and
#: panel titles, legends and the parts of their alt text. Codes of the data (regions, size
#: classes, answer levels) and questionnaire statements take their labels from the data package.
WORDS: dict[str, dict[str, str]] = {
    # the study frame (study-design)
    "PCSWs in the frame": {
        "nl": "OCMW's in het steekproefkader",
        "fr": "CPAS de la base de sondage",
    },
    "INCh networks": {"nl": "INCh-netwerken", "fr": "Réseaux INCh"},
    "Newcomer interviews": {
        "nl": "Interviews met nieuwkomers",
        "fr": "Entretiens avec des primo-arrivants",
    },
    "count": {"nl": "aantal", "fr": "nombre"},
    "{n} bar charts by region": {
        "nl": "{n} staafdiagrammen per gewest",
        "fr": "{n} diagrammes en barres par région",
    },
    # types by region and size (wp3-typology)
    "Region": {"nl": "Gewest", "fr": "Région"},
    "Size class": {"nl": "Gemeentegrootte", "fr": "Taille de la commune"},
    "Share of PCSWs": {"nl": "Aandeel van de OCMW's", "fr": "Part des CPAS"},
    "Type {}": {"nl": "Type {}", "fr": "Type {}"},
    # the item chart (wp4-newcomers)
    "region": {"nl": "gewest", "fr": "région"},
    "legal status": {"nl": "verblijfsstatuut", "fr": "statut de séjour"},
    "gender": {"nl": "gender", "fr": "genre"},
    "age band": {"nl": "leeftijdsgroep", "fr": "tranche d'âge"},
    "region of origin": {"nl": "herkomstregio", "fr": "région d'origine"},
    "years in Belgium": {"nl": "jaren in België", "fr": "années en Belgique"},
    "interview language": {"nl": "taal van het interview", "fr": "langue de l'entretien"},
    "% of answers": {"nl": "% van de antwoorden", "fr": "% des réponses"},
    "don't\nknow": {"nl": "weet\nniet", "fr": "ne sait\npas"},
    "reverse-keyed": {"nl": "omgekeerd geformuleerd", "fr": "formulé à l'inverse"},
}


def word(text: str, language: str = "en") -> str:
    """Return a word of a figure in ``language`` (:data:`WORDS`; English is the word itself).

    Examples
    --------
    >>> word("Share of PCSWs", "nl"), word("Share of PCSWs", "en")
    ("Aandeel van de OCMW's", 'Share of PCSWs')
    """
    if language == "en":
        return text
    try:
        return WORDS[text][language]
    except KeyError:
        raise KeyError(f"plots.WORDS has no {language!r} form of {text!r}") from None


def use_style() -> None:
    """Set the report's seaborn style and colour-blind-safe palette."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font_scale=0.95)
    plt.rcParams.update({"figure.dpi": DPI, "savefig.dpi": DPI, "savefig.bbox": "tight"})


def figure(size: str = "wide", **kwargs):
    """Return ``(fig, ax)`` of one of the report's :data:`SIZES`."""
    return plt.subplots(figsize=SIZES[size], **kwargs)


def figure_html(fig, alt: str) -> str:
    """Return the figure as an ``<img>`` element (PNG, embedded) with alt text ``alt``."""
    if not alt or not alt.strip():
        raise ValueError("every figure needs alt text that says what it shows")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt.strip(), quote=True)}" '
        'style="max-width:100%;height:auto" />'
    )


def captioned_html(image: str, caption: str, number: int, name: str) -> str:
    """Return the ``<img>`` element ``image`` in a ``<figure>`` with the caption ``Figure
    number. caption`` and the id ``fig-name`` (lower case, other characters than letters and
    digits as dashes), so that the text can link to it with ``#fig-name``.

    Examples
    --------
    >>> print(captioned_html('<img alt="x" />', "Response by region.", 2, "response_rates"))
    <figure class="lw-figure" id="fig-response-rates"><img alt="x" />
    <figcaption><span class="lw-figure-number">Figure 2.</span> Response by region.</figcaption>
    </figure>
    """
    if not caption or not caption.strip():
        raise ValueError("every figure needs a caption that says what it shows")
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    anchor = slug if slug.startswith("fig-") else f"fig-{slug}"
    return (
        f'<figure class="lw-figure" id="{anchor}">{image}\n'
        f'<figcaption><span class="lw-figure-number">Figure {number}.</span> '
        f"{html.escape(caption.strip(), quote=False)}</figcaption>\n</figure>"
    )


#: The numbers of the figures :func:`show` displays, counted within the kernel (one page).
_numbers = itertools.count(1)


def show(fig, alt: str, caption: str, glue: str | None = None, name: str | None = None) -> None:
    """Display ``fig`` with alt text and a numbered caption in the notebook (and the book), and
    close it (it returns nothing, so that a cell ending with it shows no value).

    The figure gets the id ``fig-<name>`` (by default its ``glue`` key, else its number), so that
    the text can link to it: ``[the figure](#fig-type-profiles)``. With ``glue``, the image is
    also glued under that key without the chapter's caption and number, so that other pages
    (summaries, the brochure) can show it with ``{glue:}`` `run.ipynb::key` and their own words.
    """
    from IPython.display import HTML, display

    number = next(_numbers)
    image = figure_html(fig, alt)
    element = HTML(captioned_html(image, caption, number, name or glue or str(number)))
    plt.close(fig)
    if glue:
        from myst_nb import glue as nb_glue

        nb_glue(glue, HTML(image), display=False)
    display(element)
    return None


def glue_figure(fig, alt: str, glue: str) -> None:
    """Glue ``fig`` (with alt text ``alt``) under the key ``glue`` without showing it, and close
    it: the Dutch and French forms of a chapter's figure, for the summaries, which :func:`show`
    has already shown in English on the chapter's page."""
    from IPython.display import HTML
    from myst_nb import glue as nb_glue

    image = figure_html(fig, alt)
    plt.close(fig)
    nb_glue(glue, HTML(image), display=False)


def frame_figure(counts: pd.DataFrame, language: str = "en"):
    """Bar charts of the studies' frame by region, one panel per unit counted; return ``(fig,
    alt)`` in ``language``.

    ``counts`` has one row per unit and region, in the order to draw them: ``unit``
    (``pcsws``, ``inch_networks`` or ``newcomer_interviews``), ``region`` (a code of the data
    package), ``height`` (the bar's height) and ``shown`` (what is written over the bar: the
    count, or ``"<5"`` for a count the small-cell rule withholds, drawn at zero). Regions are
    named by their labels in the data package.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> counts = pd.DataFrame({"unit": ["pcsws", "pcsws", "newcomer_interviews"],
    ...     "region": ["flanders", "brussels", "brussels"], "height": [300, 19, 0],
    ...     "shown": [300, 19, "<5"]})
    >>> frame_figure(counts, "fr")[1].split(" ; ")
    ['2 diagrammes en barres par région. CPAS de la base de sondage : Flandre 300, Bruxelles 19', 'Entretiens avec des primo-arrivants : Bruxelles <5.']
    """  # noqa: E501
    from localwelfare.display import value_label

    units = list(dict.fromkeys(counts["unit"]))
    titles = {
        "pcsws": "PCSWs in the frame",
        "inch_networks": "INCh networks",
        "newcomer_interviews": "Newcomer interviews",
    }
    fig, axes = plt.subplots(1, len(units), figsize=SIZES["wide"], squeeze=False)
    parts = []
    for ax, unit in zip(axes[0], units, strict=True):
        rows = counts[counts["unit"] == unit]
        names = [value_label(r, language, field="region") for r in rows["region"]]
        ax.bar(names, rows["height"], color=PALETTE[: len(rows)])
        ax.set_title(word(titles[unit], language))
        ax.set_ylabel(word("count", language))
        ax.tick_params(axis="x", rotation=20)
        for x, (y, shown) in enumerate(zip(rows["height"], rows["shown"], strict=True)):
            ax.annotate(str(shown), (x, y), ha="center", va="bottom")
        counted = ", ".join(f"{n} {v}" for n, v in zip(names, rows["shown"], strict=True))
        colon = " : " if language == "fr" else ": "
        parts.append(f"{word(titles[unit], language)}{colon}{counted}")
    fig.tight_layout()
    alt = word("{n} bar charts by region", language).format(n=len(units))
    return fig, f"{alt}. " + (" ; " if language == "fr" else "; ").join(parts) + "."


def saturation_figure(table, points, by: str = "actor_group"):
    """Draw the saturation curves of a WP2 selection; return ``(fig, alt)``.

    ``table`` is :func:`localwelfare.qualitative.saturation` (one row per interview, grouped by
    ``by``) and ``points`` its :func:`localwelfare.qualitative.saturation_point`. The upper panel
    shows the codes seen so far after each additional interview, one line per group, with a
    marker where saturation is reached; the lower panel the new codes each interview brings
    (Guest, Bunce & Johnson 2006, figure 1). ``alt`` says, per group, whether and when
    saturation is reached.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from localwelfare import qualitative as q
    >>> seg = pd.DataFrame({"segment_id": list("abcd"), "source": ["i1", "i1", "i2", "i3"],
    ...                     "code_path": ["x", "y", "x", "x"]})
    >>> ivs = pd.DataFrame({"source": ["i1", "i2", "i3", "i4"], "actor_group": "sw"})
    >>> table = q.saturation(seg, ivs, by="actor_group")
    >>> fig, alt = saturation_figure(table, q.saturation_point(table))
    >>> alt.split("saturation: ")[1]
    'sw, saturation reached after 1 interviews (no new code in the next 3).'
    """
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=SIZES["tall"], sharex=True, gridspec_kw={"height_ratios": [2, 1]}
    )
    groups = sorted(table[by].astype(str).unique())
    width = 0.8 / max(len(groups), 1)
    marks = points.assign(**{by: points[by].astype(str)}).set_index(by)
    for i, group in enumerate(groups):
        part = table[table[by].astype(str) == group].sort_values("position")
        colour = PALETTE[i % len(PALETTE)]
        label = group.replace("_", " ")
        top.plot(
            part["position"], part["n_cumulative"], marker="o", ms=3, color=colour, label=label
        )
        reached_at = marks["saturation_after"].get(group)
        if reached_at is not None and not pd.isna(reached_at):
            reached = part[part["position"] == int(reached_at)]
            top.plot(
                reached["position"], reached["n_cumulative"], marker="*", ms=14, color=colour,
                linestyle="none",
            )  # fmt: skip
        bottom.bar(part["position"] + (i - (len(groups) - 1) / 2) * width, part["n_new"],
                   width=width, color=colour)  # fmt: skip
    top.set_ylabel("codes seen so far")
    top.legend(title=by.replace("_", " "), loc="lower right")
    bottom.set_ylabel("new codes")
    bottom.set_xlabel("interviews, in the order held")
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    sentences = "; ".join(
        f"{str(row[by]).replace('_', ' ')}, {row['statement']}"
        for row in points.sort_values(by).to_dict("records")
    )
    alt = (
        f"Saturation curves of {len(groups)} groups ({by.replace('_', ' ')}): codes seen so far "
        f"and new codes per additional interview; a star marks saturation: {sentences}."
    )
    return fig, alt


def coefficient_figure(coefficients: pd.DataFrame, xlabel: str, title: str = ""):
    """Draw model coefficients with their intervals, one row each; return ``(fig, alt)``.

    ``coefficients`` has ``term, estimate, ci_low, ci_high`` (a table of
    :mod:`localwelfare.models`), in the order to draw them from the top; a vertical line marks
    zero (no effect against the reference level). ``alt`` names the largest effect in each
    direction.
    """
    fig, ax = figure("tall" if len(coefficients) > 10 else "wide")
    y = list(range(len(coefficients)))[::-1]
    est = coefficients["estimate"].to_numpy(dtype=float)
    low, high = coefficients["ci_low"].to_numpy(dtype=float), coefficients["ci_high"].to_numpy()
    ax.errorbar(est, y, xerr=[est - low, high - est], fmt="o", color=PALETTE[0], capsize=3)
    ax.axvline(0.0, color=PALETTE[7], linewidth=0.8)
    from localwelfare.display import term_label

    terms = coefficients["term"].map(term_label)
    ax.set_yticks(y, terms.tolist())
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    top = coefficients.loc[coefficients["estimate"].idxmax()]
    bottom = coefficients.loc[coefficients["estimate"].idxmin()]
    alt = (
        f"Dot plot of {len(coefficients)} coefficients with 95 % intervals ({xlabel}); the largest "
        f"is {terms[top.name]} ({top['estimate']:.2f}), the smallest {terms[bottom.name]} "
        f"({bottom['estimate']:.2f})."
    )
    return fig, alt


def theme_share_figure(share: pd.DataFrame, by: str):
    """Draw the share of each group's coded segments that concern each theme as a heat map;
    return ``(fig, alt)``.

    ``share`` has one row per theme and one column per group of ``by`` (a pivot of
    :func:`localwelfare.qualitative.code_matrix`'s ``share_segments``). The colour scale runs
    from 0 to the largest share (rounded up to the next 10 %), so that the cells that matter are
    told apart; ``alt`` names the largest share, its theme and group.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> share = pd.DataFrame({"family_in_poverty": [0.4, 0.1], "social_worker": [0.2, 0.3]},
    ...                      index=pd.Index(["access", "trust"], name="code"))
    >>> fig, alt = theme_share_figure(share, "actor_group")
    >>> alt.split("; ")[1]
    'the largest share is 40%, access among family in poverty.'
    """
    import math

    fig, ax = figure("tall")
    values = share.to_numpy(dtype=float)
    largest = float(pd.Series(values.ravel()).max()) if values.size else 0.0
    top = share.stack().idxmax() if values.size else ("", "")
    words = by.replace("_", " ")
    sns.heatmap(
        share.rename(columns=lambda c: str(c).replace("_", " ")),
        annot=True,
        fmt=".0%",
        cmap=SEQUENTIAL,
        vmin=0,
        vmax=max(math.ceil(largest * 10) / 10, 0.1),
        ax=ax,
        cbar_kws={"label": "share of the group's coded segments"},
    )
    ax.set_xlabel(words)
    ax.set_ylabel("theme")
    alt = (
        f"Heatmap of the share of each group's coded segments that concern each of {len(share)} "
        f"themes, for {share.shape[1]} groups ({words}); the largest share is {largest:.0%}, "
        f"{top[0]} among {str(top[1]).replace('_', ' ')}."
    )
    return fig, alt


def cooccurrence_figure(graph, communities: pd.DataFrame):
    """Draw themes linked by their co-occurrences on a circle; return ``(fig, alt)``.

    ``graph`` is :func:`localwelfare.qualitative.cooccurrence_graph` (node and edge attribute
    ``n``), ``communities`` its :func:`localwelfare.qualitative.code_communities` (``code``,
    ``community``). Themes of one community sit together and share a colour; an edge is thicker,
    and a node larger, the more segments it counts. ``alt`` lists the communities.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", n=3); g.add_node("b", n=2); g.add_node("c", n=1)
    >>> g.add_edge("a", "b", n=2)
    >>> com = pd.DataFrame({"code": ["a", "b", "c"], "community": [0, 0, 1]})
    >>> cooccurrence_figure(g, com)[1]
    'Network of 3 themes on a circle, linked by 1 co-occurrence (thicker: more frequent) and coloured by community: a, b; c.'
    """  # noqa: E501
    import networkx as nx

    fig, ax = figure("square")
    order = communities.sort_values(["community", "code"])["code"].tolist()
    layout = dict(zip(order, nx.circular_layout(nx.path_graph(len(order))).values(), strict=True))
    colour = dict(zip(communities["code"], communities["community"], strict=True))
    heaviest = max((graph.edges[e]["n"] for e in graph.edges), default=1)
    largest = max((graph.nodes[n]["n"] for n in graph.nodes), default=1)
    nx.draw_networkx_edges(
        graph,
        layout,
        width=[1 + 5 * graph.edges[e]["n"] / heaviest for e in graph.edges],
        alpha=0.5,
        ax=ax,
    )
    nx.draw_networkx_nodes(
        graph,
        layout,
        ax=ax,
        node_color=[PALETTE[colour[n] % len(PALETTE)] for n in graph.nodes],
        node_size=[80 + 500 * graph.nodes[n]["n"] / largest for n in graph.nodes],
    )
    for code, (x, y) in layout.items():
        ax.annotate(
            code,
            (x, y),
            xytext=(8 * x, 8 * y),
            textcoords="offset points",
            fontsize=8,
            ha="left" if x >= 0 else "right",
            va="center",
        )
    ax.margins(0.35)
    ax.set_axis_off()
    groups = "; ".join(", ".join(part["code"]) for _, part in communities.groupby("community"))
    edges = graph.number_of_edges()
    alt = (
        f"Network of {graph.number_of_nodes()} themes on a circle, linked by {edges} "
        f"{'co-occurrence' if edges == 1 else 'co-occurrences'} (thicker: more frequent) and "
        f"coloured by community: {groups}."
    )
    return fig, alt


def _percent_axis(ax) -> None:
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0))


def response_figure(rates: pd.DataFrame):
    """Bar chart of the response rate by size class (x) and region (colour); ``rates`` is
    :func:`localwelfare.weights.response_rates`. Returns ``(fig, alt)``; the alt text names the
    strata with the lowest and the highest rate."""
    fig, ax = figure("wide")
    sns.barplot(data=rates, x="size_class", y="response_rate", hue="region", ax=ax)
    ax.set(xlabel="Municipality size class", ylabel="Share of PCSWs that answered", ylim=(0, 1))
    _percent_axis(ax)
    lo = rates.loc[rates["response_rate"].idxmin()]
    hi = rates.loc[rates["response_rate"].idxmax()]
    alt = (
        "Bar chart of the response rate of PCSWs by municipality size class and region. "
        f"Lowest: {lo['region']} {lo['size_class']} ({lo['response_rate']:.0%}); "
        f"highest: {hi['region']} {hi['size_class']} ({hi['response_rate']:.0%})."
    )
    return fig, alt


def criteria_figure(selection: pd.DataFrame, k: int, criterion: str):
    """Line chart of AIC, BIC, SABIC and CAIC by number of classes (``selection``:
    :func:`localwelfare.typology.selection_table`), the chosen ``k`` marked by a dotted line.
    Returns ``(fig, alt)``."""
    fig, ax = figure("wide")
    for i, crit in enumerate(["aic", "bic", "sabic", "caic"]):
        ax.plot(selection["k"], selection[crit], marker="o", label=crit.upper(), color=PALETTE[i])
    ax.axvline(k, color="grey", linestyle=":")
    ax.set(xlabel="Number of latent classes", ylabel="Information criterion (lower is better)")
    ax.legend()
    value = selection.set_index("k").loc[k, criterion]
    alt = (
        "Line chart of AIC, BIC, sample-size adjusted BIC and CAIC for "
        f"{selection['k'].min()} to {selection['k'].max()} latent classes; the "
        f"{criterion.upper()} is lowest at {k} classes ({value:.0f}), marked by a dotted line."
    )
    return fig, alt


def profile_figure(profiles: pd.DataFrame, labels: dict[str, str]):
    """Heat map of the probability of each answer (rows: ``item label: category``) in each type
    (columns), from :func:`localwelfare.typology.profiles`; each item's first answer category
    (code 0) is left out, as it is one minus the others for binary items. Returns ``(fig, alt)``;
    the alt text names the answer that separates the types most."""
    from localwelfare.display import value_label

    shown = profiles[profiles["code"] > 0]
    answers = [
        value_label(c, field=i) for i, c in zip(shown["item"], shown["category"], strict=True)
    ]
    rows = shown["item"].map(lambda i: labels.get(i, i)) + ": " + answers
    heat = shown.assign(row=rows).pivot_table(
        index="row", columns="latent_class", values="probability", sort=False
    )
    heat.columns = [f"Type {c}" for c in heat.columns]
    fig, ax = plt.subplots(figsize=(8.0, 0.28 * len(heat) + 1.5))
    sns.heatmap(
        heat,
        vmin=0,
        vmax=1,
        cmap=SEQUENTIAL,
        annot=True,
        fmt=".2f",
        ax=ax,
        cbar_kws={"label": "Probability of the answer"},
        annot_kws={"size": 7},
    )
    ax.set(xlabel="", ylabel="")
    top = (heat.max(axis=1) - heat.min(axis=1)).idxmax()
    alt = (
        f"Heatmap of answer probabilities for {len(heat)} answers to "
        f"{shown['item'].nunique()} practice items (rows) in {heat.shape[1]} types (columns). "
        f"The answer that separates the types most is '{top}', from "
        f"{heat.loc[top].min():.2f} in {heat.loc[top].idxmin()} to {heat.loc[top].max():.2f} "
        f"in {heat.loc[top].idxmax()}."
    )
    return fig, alt


def types_by_figure(by: pd.DataFrame, k: int, language: str = "en"):
    """Stacked bars of the share of each of the ``k`` types within each group, one panel per
    ``variable`` of ``by`` (:func:`localwelfare.typology.types_by_groups`; groups without units
    are left out). Returns ``(fig, alt)`` in ``language``; the alt text gives the largest share
    of a type in a group of the first panel; groups are named by their labels in the data
    package, panels by :func:`word`."""
    from matplotlib.ticker import FuncFormatter

    from localwelfare.chapter import number_text
    from localwelfare.display import value_label

    panels = list(by.groupby("variable", sort=False))
    fig, axes = plt.subplots(1, len(panels), figsize=SIZES["wide"], sharey=True, squeeze=False)
    for ax, (label, part) in zip(axes[0], panels, strict=True):
        wide = part.pivot_table(
            index="group", columns="latent_class", values="share", observed=True
        )
        wide = wide.reindex(part["group"].drop_duplicates())  # the frame's order
        wide = wide.loc[part.groupby("group", observed=True)["n"].sum() > 0]
        wide.index = [str(value_label(g, language)) for g in wide.index]  # codes read as labels
        wide.plot.bar(stacked=True, ax=ax, color=PALETTE[: wide.shape[1]], legend=False, rot=0)
        if max(len(g) for g in wide.index) > 10:  # long labels (size classes) slant, not overlap
            plt.setp(ax.get_xticklabels(), rotation=25, ha="right", rotation_mode="anchor")
        ax.set(xlabel=word(label, language), ylabel=word("Share of PCSWs", language))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number_text(v, ".0%", language)))
    handles, _ = axes[0][0].get_legend_handles_labels()
    names = [word("Type {}", language).format(c) for c in range(1, k + 1)]
    fig.legend(handles, names, loc="upper center", ncol=k, bbox_to_anchor=(0.5, 1.05))
    first_label, first = panels[0]
    peak = first.loc[first["share"].idxmax()]
    group, share = value_label(peak["group"], language), number_text(peak["share"], ".0%", language)
    by_words = {"en": " and by ", "nl": " en per ", "fr": " et par "}[language]
    panel_words = by_words.join(word(str(label), language).lower() for label, _ in panels)
    first_words = word(str(first_label), language).lower()
    alt = {
        "en": f"{len(panels)} stacked bar charts of the share of each of the {k} types, by "
        f"{panel_words}. The largest share in any {first_words} is type "
        f"{peak['latent_class']} in {group} ({share}).",
        "nl": f"{len(panels)} gestapelde staafdiagrammen van het aandeel van elk van de {k} types, "
        f"per {panel_words}. Het grootste aandeel in het eerste diagram ({first_words}) is dat "
        f"van type {peak['latent_class']}: {group}, {share}.",
        "fr": f"{len(panels)} diagrammes en barres empilées de la part de chacun des {k} types, "
        f"par {panel_words}. La plus grande part du premier diagramme ({first_words}) est celle "
        f"du type {peak['latent_class']} : {group}, {share}.",
    }[language]
    return fig, alt


def forest_figure(
    rows: pd.DataFrame,
    label: str = "term",
    estimate: str = "odds_ratio",
    low: str = "ci_low",
    high: str = "ci_high",
    panel: str | None = None,
    panel_title: str = "{}",
    what: str = "odds ratios",
    log: bool = True,
    reference: float = 1.0,
):
    """Draw a forest plot: each row of ``rows`` as a point (``estimate``) on its interval
    (``low`` to ``high``), labelled by ``label`` (through :func:`display.term_label`), from the
    top in the order of the rows; return ``(fig, alt)``.

    With ``panel``, one panel per value of that column (titled ``panel_title`` with the value),
    side by side on one shared axis, so that the panels can be compared. Odds ratios are drawn on
    a log scale (``log``), where an interval is symmetric around its estimate and a ratio of 2
    lies as far from 1 as one of 0.5; a vertical line marks ``reference`` (no effect). ``alt``
    counts the intervals that exclude the reference and names the widest.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> rows = pd.DataFrame({"term": ["region: wallonia", "newcomer_share"],
    ...     "odds_ratio": [0.2, 0.9], "ci_low": [0.07, 0.8], "ci_high": [0.5, 1.1]})
    >>> fig, alt = forest_figure(rows)
    >>> alt.split("; ")[1]
    'the interval excludes 1 for 1 of the 2 rows, and the widest runs from 0.07 to 0.50 (Region: Wallonia).'
    """  # noqa: E501
    from matplotlib.ticker import FuncFormatter, NullFormatter

    from localwelfare.display import term_label

    rows = rows.reset_index(drop=True)
    panels = list(rows.groupby(panel, sort=False)) if panel else [(None, rows)]
    terms = list(dict.fromkeys(rows[label]))
    fig, axes = plt.subplots(
        1,
        len(panels),
        figsize=(SIZES["wide"][0], 0.45 * len(terms) + 1.6),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    position = {term: len(terms) - 1 - i for i, term in enumerate(terms)}  # first row on top
    for ax, (value, part) in zip(axes[0], panels, strict=True):
        y = part[label].map(position).to_numpy(dtype=float)
        ax.hlines(y, part[low], part[high], color=PALETTE[0], linewidth=1.6)
        ax.plot(part[estimate], y, "o", color=PALETTE[0], markersize=6)
        ax.axvline(reference, color=PALETTE[7], linewidth=0.8, linestyle="--")
        if log:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        if value is not None:
            ax.set_title(panel_title.format(value), fontsize=10)
        ax.grid(axis="y", visible=False)
    axes[0][0].set_yticks(list(position.values()), [term_label(t) for t in position])
    axes[0][0].set_ylim(-0.6, len(terms) - 0.4)
    scale = " (log scale)" if log else ""
    fig.supxlabel(f"{what[:1].upper() + what[1:]} with 95 % intervals{scale}", fontsize=10)
    fig.tight_layout()
    excludes = ((rows[low] > reference) | (rows[high] < reference)).sum()
    spread = rows[high] / rows[low] if log else rows[high] - rows[low]
    widest = rows.loc[spread.idxmax()]
    where = term_label(widest[label])
    if panel:
        where += ", " + panel_title.format(widest[panel])
    alt = (
        f"Forest plot of {len(rows)} {what} with 95 % intervals{scale}"
        + (
            f" in {len(panels)} panels ({', '.join(panel_title.format(v) for v, _ in panels)})"
            if panel
            else ""
        )  # fmt: skip
        + f", a dashed line at {reference:g} (no effect); the interval excludes {reference:g} "
        f"for {excludes} of the {len(rows)} rows, and the widest runs from {widest[low]:.2f} to "
        f"{widest[high]:.2f} ({where})."
    )
    return fig, alt
