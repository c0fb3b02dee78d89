"""The network chapter's drawings: the networks themselves and their measures by governance mode.

Each function returns ``(fig, alt)``: the matplotlib figure and an alt text that states what it
shows, computed from the same data, for :func:`localwelfare.plots.show`. Colours come from the
report's colour-blind-safe palette (:data:`localwelfare.plots.PALETTE`).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import networkx as nx
>>> from localwelfare import netplot
>>> g = nx.Graph([("a", "b"), ("b", "c")])
>>> nx.set_node_attributes(g, {"a": "pcsw", "b": "ngo", "c": "ngo"}, "sector")
>>> fig, alt = netplot.networks_figure({"net": g}, "sector", focal="pcsw")
>>> alt.split("; ")
['Network drawing of net with 3 organisations, coloured by sector (2 groups)', \
'1 PCSW drawn larger.']
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd

from localwelfare import display
from localwelfare.plots import PALETTE, SIZES

__all__ = [
    "FORMAL_NAMES",
    "layout",
    "node_groups",
    "networks_figure",
    "measures_by_mode_figure",
    "measures_dot_figure",
    "mode_titles",
    "mixing_figure",
]

#: Sectors drawn larger besides the focal one: a network's coordination office.
LARGE = ("network_administration",)


def layout(graph: nx.Graph, seed: int = 0) -> dict:
    """Return node positions: a seeded force-directed layout of the nodes with ties, and the
    isolates in a row below it, so that they do not stretch the drawing."""
    linked = [v for v in graph if graph.degree(v) > 0]
    k = 1.5 / np.sqrt(max(len(linked), 1))
    pos = nx.spring_layout(graph.subgraph(linked), seed=seed, k=k) if linked else {}
    isolates = [v for v in graph if graph.degree(v) == 0]
    bottom = min((y for _, y in pos.values()), default=0.0) - 0.25
    xs = np.linspace(-0.8, 0.8, len(isolates) + 2)[1:-1]
    pos.update({v: (float(x), bottom) for v, x in zip(isolates, xs, strict=True)})
    return pos


def node_groups(
    graphs: Mapping[str, nx.Graph], attribute: str, focal: str
) -> tuple[str, dict[tuple[str, object], str]]:
    """Return the legend title and each node's colour group, keyed ``(network, node)``.

    The groups are the values of ``attribute`` when the palette can tell them apart; otherwise
    the nodes' roles: the ``focal`` sector, a coordination office, other formal organisations
    and informal actors. ``formal`` values read as "formal organisation" / "informal actor".
    """
    values = {str(v) for g in graphs.values() for _, v in g.nodes(data=attribute)}
    if len(values) <= len(PALETTE):
        names = {"True": "formal organisation", "False": "informal actor"}
        rename = names if attribute == "formal" else {}
        groups = {
            (k, v): rename.get(
                str(d.get(attribute)), display.value_label(d.get(attribute), field=attribute)
            )
            for k, g in graphs.items()
            for v, d in g.nodes(data=True)
        }
        return attribute.replace("_", " "), groups

    def role(d):
        if d.get("sector") in (focal, *LARGE):
            return display.value_label(d["sector"], field="sector")
        return "other formal organisation" if d.get("formal") else "informal actor"

    groups = {(k, v): role(d) for k, g in graphs.items() for v, d in g.nodes(data=True)}
    return "role", groups


def _draw(ax, graph, pos, colour, large, labels: bool, node_size: float) -> None:
    nx.draw_networkx_edges(graph, pos, ax=ax, alpha=0.25, width=0.6, edge_color="#555555")
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        node_size=[node_size * (3 if v in large else 1) for v in graph],
        linewidths=0.5,
        edgecolors="white",
        node_color=[colour[v] for v in graph],
    )
    if labels:
        for v, (x, y) in pos.items():
            ax.annotate(
                graph.nodes[v].get("label", v),
                (x, y),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
            )
    ax.set_axis_off()


def networks_figure(
    graphs: Mapping[str, nx.Graph],
    attribute: str,
    focal: str,
    titles: Mapping[str, str] | None = None,
    seed: int = 0,
    columns: int = 5,
):
    """Draw every network, nodes coloured by :func:`node_groups`, the ``focal`` sector and any
    coordination office larger; one network is drawn large with labels, several as small
    multiples titled by ``titles`` (default: the network's key). Returns ``(fig, alt)``."""
    legend_title, groups = node_groups(graphs, attribute, focal)
    values = sorted(set(groups.values()))
    colours = dict(zip(values, PALETTE, strict=False))
    single = len(graphs) == 1
    if single:
        fig, ax = plt.subplots(figsize=SIZES["square"])
        axes = [ax]
    else:
        rows = int(np.ceil(len(graphs) / columns))
        fig, grid = plt.subplots(rows, columns, figsize=(10, 2.3 * rows))
        axes = list(np.ravel(grid))
    for ax, (name, g) in zip(axes, graphs.items(), strict=False):
        colour = {v: colours[groups[(name, v)]] for v in g}
        large = {v for v, s in g.nodes(data="sector") if s in (focal, *LARGE)}
        pos = layout(g, seed)
        _draw(ax, g, pos, colour, large, labels=single, node_size=90 if single else 18)
        if not single:
            ax.set_title((titles or {}).get(name, name), fontsize=8)
    for ax in axes[len(graphs) :]:
        ax.set_visible(False)
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=c, label=v) for v, c in colours.items()
    ]
    # The legend sits right above the drawings, where a reader looks first, not below a grid.
    # (above the small multiples' titles; the saved image is cropped to what is drawn)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99, wspace=0.05, hspace=0.3)
    above = (0.05 if single else 0.3) / fig.get_figheight()
    fig.legend(
        handles=handles,
        title=legend_title.capitalize(),
        loc="lower center",
        ncol=min(6, len(handles)),
        fontsize=8,
        title_fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, 0.99 + above),
    )
    sizes = [g.number_of_nodes() for g in graphs.values()]
    n_focal = sum(1 for g in graphs.values() for _, s in g.nodes(data="sector") if s == focal)
    drawn = (
        f"Network drawing of {next(iter(graphs))} with {sizes[0]} organisations"
        if single
        else f"Network drawings of {len(graphs)} networks with {min(sizes)} to {max(sizes)} "
        "organisations each"
    )
    label = display.value_label(focal, field="sector")
    alt = (
        f"{drawn}, coloured by {legend_title} ({len(values)} groups); {n_focal} {label}"
        f"{'' if n_focal == 1 else 's'} drawn larger."
    )
    return fig, alt


def measures_by_mode_figure(
    table: pd.DataFrame,
    measures: Mapping[str, str],
    mode: str = "governance_mode",
    hue: str = "region",
):
    """Box and strip plots of network measures by declared governance mode, one panel per
    measure (``measures`` maps a column to its title), dots coloured by ``hue``. Returns
    ``(fig, alt)``; the alt text gives each mode's median of each measure."""
    import seaborn as sns

    # modes and groups by the data package's labels, as a reader reads them
    data = table.assign(
        **{c: [display.value_label(v, field=c) for v in table[c]] for c in (mode, hue)}
    )
    order = sorted(data[mode].unique())
    fig, axes = plt.subplots(1, len(measures), figsize=SIZES["wide"], squeeze=False)
    axes = axes[0]
    for i, (ax, (column, title)) in enumerate(zip(axes, measures.items(), strict=True)):
        common = {"data": data, "x": mode, "y": column, "order": order, "ax": ax}
        sns.boxplot(**common, color="white", width=0.5, fliersize=0)
        sns.stripplot(**common, hue=hue, size=6, jitter=0.15)
        ax.set_xticks(range(len(order)), [textwrap.fill(o, 14) for o in order], fontsize=8)
        ax.set(xlabel="", ylabel="", title=title)
        legend = ax.get_legend()
        if legend is not None:
            legend.set_title(display.column_label(hue)) if i == 0 else legend.remove()
    medians = data.groupby(mode)[list(measures)].median()
    parts = [
        f"Median {title.lower()}: " + "; ".join(f"{m} {v:.2f}" for m, v in medians[column].items())
        for column, title in measures.items()
    ]
    alt = (
        f"Box and strip plots of {' and '.join(t.lower() for t in measures.values())} of "
        f"{len(data)} networks by declared governance mode, dots coloured by "
        f"{display.column_label(hue).lower()}. " + ". ".join(parts) + "."
    )
    return fig, alt


def measures_dot_figure(
    table: pd.DataFrame, measures: Mapping[str, str], mode: str = "governance_mode"
):
    """A dot plot of network measures by network: one panel per measure (``measures`` maps a
    column of ``table``, indexed by network id, to its title), one row per network, sorted by
    the first measure, each dot coloured by the network's declared ``mode``. Returns
    ``(fig, alt)``; the alt text gives each measure's lowest and highest network."""
    data = table.sort_values(next(iter(measures)), kind="stable")
    modes = data[mode].astype(str)
    colours = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(sorted(modes.unique()))}
    height = max(3.0, 0.28 * len(data) + 1.2)
    fig, axes = plt.subplots(
        1, len(measures), figsize=(SIZES["wide"][0], height), sharey=True, squeeze=False
    )
    y = np.arange(len(data))
    for ax, (column, title) in zip(axes[0], measures.items(), strict=True):
        for m, colour in colours.items():
            rows = (modes == m).to_numpy()
            ax.scatter(data[column][rows], y[rows], color=colour, s=30, zorder=3,
                       label=display.value_label(m, field=mode))  # fmt: skip
        ax.set_title(title, fontsize=10)
        ax.set_yticks(y, [str(k) for k in data.index], fontsize=8)
        ax.grid(axis="y", linewidth=0.4)
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, names, title="declared mode", loc="upper center", ncol=len(names),
               bbox_to_anchor=(0.5, 1.0), frameon=False)  # fmt: skip
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / height))
    parts = []
    for column, title in measures.items():
        values = data[column]
        parts.append(
            f"{title}: lowest {values.min():.2f} ({values.idxmin()}), highest "
            f"{values.max():.2f} ({values.idxmax()})"
        )
    alt = (
        f"Dot plot of {len(data)} networks, one row each, sorted by "
        f"{next(iter(measures.values())).lower()}, dots coloured by declared governance mode. "
        + "; ".join(parts)
        + "."
    )
    return fig, alt


def mode_titles(modes: Mapping[str, str]) -> dict[str, str]:
    """Panel titles of the small multiples: each network's id over its declared governance mode
    (``modes``: network id -> mode code)."""
    return {k: f"{k}\n{str(m).replace('_', ' ')}" for k, m in modes.items()}


#: How the groups of the ``formal`` attribute read on a figure.
FORMAL_NAMES = {"True": "formal organisation", "False": "informal actor"}


def mixing_figure(mix: pd.DataFrame, attribute: str, network_id: str):
    """Heat map of the tie density within and between the groups of ``attribute`` in one network
    (``mix``: :func:`localwelfare.network.group_mixing`, with ``from_group``, ``to_group``,
    ``ties``, ``possible`` and ``density``). Returns ``(fig, alt)``; the alt text gives the density
    within groups and between them (ties over possible ties of the diagonal and the other blocks).
    """
    import seaborn as sns

    from localwelfare.plots import SEQUENTIAL

    names = FORMAL_NAMES if attribute == "formal" else {}

    def name(group) -> str:
        return names.get(str(group), str(group).replace("_", " "))

    matrix = mix.pivot(index="from_group", columns="to_group", values="density")
    matrix = matrix.rename(index=name, columns=name)
    fig, ax = plt.subplots(figsize=SIZES["square" if len(matrix) > 3 else "small"])
    sns.heatmap(
        matrix,
        annot=True,
        fmt=".2f",
        cmap=SEQUENTIAL,
        ax=ax,
        vmin=0,
        cbar_kws={"label": "density"},
        annot_kws={"fontsize": 7},
    )
    what = attribute.replace("_", " ")
    ax.set_xlabel(f"{what} of partner")
    ax.set_ylabel(f"{what} of organisation")
    same = mix["from_group"] == mix["to_group"]
    within = mix.loc[same, "ties"].sum() / mix.loc[same, "possible"].sum()
    between = mix.loc[~same, "ties"].sum() / mix.loc[~same, "possible"].sum()
    alt = (
        f"Heatmap of tie density within and between the {len(matrix)} groups of {what} in "
        f"network {network_id}: density within groups {within:.2f}, between groups "
        f"{between:.2f}."
    )
    return fig, alt
