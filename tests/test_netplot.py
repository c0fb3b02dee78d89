"""The network chapter's drawings (localwelfare.netplot): deterministic layouts, colour groups,
one panel per network, and alt texts that state what the figures show; and the typology
chapter's drawings (localwelfare.plots), whose alt texts are counted from the same data."""

from __future__ import annotations

import doctest

import matplotlib
import networkx as nx
import pandas as pd

matplotlib.use("Agg")

from localwelfare import display, netplot, plots  # noqa: E402
from localwelfare.plots import PALETTE  # noqa: E402


def _graph(sectors: dict, edges) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(sectors)
    g.add_edges_from(edges)
    nx.set_node_attributes(g, sectors, "sector")
    nx.set_node_attributes(g, {v: s != "volunteer_group" for v, s in sectors.items()}, "formal")
    return g


def test_the_docstring_examples_hold():
    assert doctest.testmod(netplot).failed == 0


def test_layout_is_seeded_and_puts_isolates_below_the_rest():
    g = _graph({"a": "pcsw", "b": "ngo", "c": "ngo", "d": "ngo"}, [("a", "b"), ("b", "c")])
    first, again = netplot.layout(g, seed=3), netplot.layout(g, seed=3)
    assert {v: tuple(xy) for v, xy in first.items()} == {v: tuple(xy) for v, xy in again.items()}
    assert first["d"][1] < min(first[v][1] for v in "abc")


def test_groups_are_the_attribute_values_or_roles_when_the_palette_runs_out():
    g = _graph({"a": "pcsw", "b": "volunteer_group"}, [("a", "b")])
    title, groups = netplot.node_groups({"n": g}, "formal", focal="pcsw")
    assert title == "formal"
    assert groups == {("n", "a"): "formal organisation", ("n", "b"): "informal actor"}
    many = {f"o{i}": f"sector_{i}" for i in range(len(PALETTE) + 1)} | {"p": "pcsw"}
    title, groups = netplot.node_groups({"n": _graph(many, [])}, "sector", focal="pcsw")
    assert title == "role"
    assert groups[("n", "p")] == "PCSW" and groups[("n", "o0")] == "other formal organisation"


def test_every_network_gets_a_panel_and_the_alt_text_counts_them():
    small = _graph({"a": "pcsw", "b": "ngo"}, [("a", "b")])
    large = _graph({"x": "pcsw", "y": "ngo", "z": "ngo", "w": "pcsw"}, [("x", "y")])
    fig, alt = netplot.networks_figure({"s": small, "l": large}, "sector", "pcsw", columns=5)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 2 and [ax.get_title() for ax in visible] == ["s", "l"]
    assert alt.startswith("Network drawings of 2 networks with 2 to 4 organisations each")
    assert "3 PCSWs drawn larger" in alt  # the data package's label, in the plural


def test_measures_by_mode_alt_text_gives_each_modes_median():
    table = pd.DataFrame(
        {
            "governance_mode": ["lead", "lead", "lead", "shared", "shared"],
            "region": ["a", "b", "a", "b", "a"],
            "density": [0.1, 0.2, 0.9, 0.4, 0.6],
        }
    )
    fig, alt = netplot.measures_by_mode_figure(table, {"density": "Density"})
    assert len(fig.axes) == 1
    assert "Median density: lead 0.20; shared 0.50." in alt  # medians counted by hand
    assert alt.startswith("Box and strip plots of density of 5 networks")


def test_measures_by_mode_names_modes_and_regions_by_their_labels():
    table = pd.DataFrame(
        {
            "governance_mode": ["shared_participant", "lead_organisation"],
            "region": ["flanders", "wallonia"],
            "density": [0.1, 0.2],
        }
    )
    fig, alt = netplot.measures_by_mode_figure(table, {"density": "Density"})
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_xticklabels()]
    legend = fig.axes[0].get_legend()
    assert ticks == ["lead organisation", "shared participant"]
    assert legend.get_title().get_text() == "Region"
    assert [t.get_text() for t in legend.get_texts()] == ["Flanders", "Wallonia"]
    assert "shared participant 0.10" in alt and "_" not in alt


def test_one_network_is_drawn_alone_with_labels():
    g = _graph({"a": "pcsw", "b": "ngo"}, [("a", "b")])
    nx.set_node_attributes(g, {"a": "PCSW 1", "b": "NGO 1"}, "label")
    fig, alt = netplot.networks_figure({"antwerp": g}, "sector", "pcsw")
    assert len(fig.axes) == 1
    assert {t.get_text() for t in fig.axes[0].texts} == {"PCSW 1", "NGO 1"}
    assert alt.startswith("Network drawing of antwerp with 2 organisations")


def test_mixing_figure_labels_the_groups_and_counts_density_within_and_between():
    from localwelfare import network

    # formal a, b and informal c, d: ties a-b (within) and a-c, b-c (between)
    g = nx.Graph([("a", "b"), ("a", "c"), ("b", "c")])
    g.add_node("d")
    nx.set_node_attributes(g, {"a": True, "b": True, "c": False, "d": False}, "formal")
    fig, alt = netplot.mixing_figure(network.group_mixing(g, "formal"), "formal", "net")
    # within: 2 arcs (a-b both ways) + 0 of 2 + 2 possible ordered pairs = 2 / 4;
    # between: 4 arcs (a-c, b-c both ways) of 8 possible ordered pairs = 0.50
    assert alt == (
        "Heatmap of tie density within and between the 2 groups of formal in network net: "
        "density within groups 0.50, between groups 0.50."
    )
    ax = fig.axes[0]
    assert {t.get_text() for t in ax.get_xticklabels()} == {"formal organisation", "informal actor"}
    assert ax.get_xlabel() == "formal of partner"


def test_mode_titles_put_the_declared_mode_under_the_network():
    assert netplot.mode_titles({"inch-fl-01": "shared_participant"}) == {
        "inch-fl-01": "inch-fl-01\nshared participant"
    }


# --- the typology chapter's drawings (localwelfare.plots) ---


def test_response_figure_names_the_lowest_and_highest_stratum():
    rates = pd.DataFrame(
        {
            "region": ["flanders", "flanders", "wallonia"],
            "size_class": ["<10k", "10k+", "<10k"],
            "response_rate": [0.5, 0.9, 0.25],
        }
    )
    fig, alt = plots.response_figure(rates)
    assert alt.endswith("Lowest: wallonia <10k (25%); highest: flanders 10k+ (90%).")
    assert fig.axes[0].get_ylim() == (0.0, 1.0)


def test_criteria_figure_marks_the_chosen_number_of_classes():
    selection = pd.DataFrame(
        {"k": [1, 2, 3], "aic": [30.0, 20, 25], "bic": [31.0, 21.4, 27], "sabic": [30.0, 20, 26],
         "caic": [32.0, 22, 28]}
    )  # fmt: skip
    fig, alt = plots.criteria_figure(selection, 2, "bic")
    assert len(fig.axes[0].lines) == 5  # four criteria and the marker line
    assert "for 1 to 3 latent classes; the BIC is lowest at 2 classes (21)" in alt


def test_profile_figure_leaves_out_the_first_category_and_names_the_sharpest_answer():
    profiles = pd.DataFrame(
        {
            "latent_class": [1, 1, 1, 1, 2, 2, 2, 2],
            "item": ["x", "x", "y", "y"] * 2,
            "code": [0, 1, 0, 1] * 2,
            "category": ["no", "yes", "no", "yes"] * 2,
            "probability": [0.9, 0.1, 0.5, 0.5, 0.2, 0.8, 0.4, 0.6],
        }
    )
    fig, alt = plots.profile_figure(profiles, {"x": "Interpreter"})
    # rows "Interpreter: yes" (0.10 vs 0.80) and "y: yes" (0.50 vs 0.60)
    assert alt == (
        "Heatmap of answer probabilities for 2 answers to 2 practice items (rows) in 2 types "
        "(columns). The answer that separates the types most is 'Interpreter: yes', from 0.10 "
        "in Type 1 to 0.80 in Type 2."
    )


def test_types_by_figure_draws_a_panel_per_variable():
    by = pd.DataFrame(
        {
            "variable": ["Region"] * 4 + ["Size class"] * 2,
            "group": ["a", "a", "b", "b", "s", "s"],
            "latent_class": [1, 2, 1, 2, 1, 2],
            "n": [3, 1, 0, 2, 2, 2],
            "share": [0.75, 0.25, 0.0, 1.0, 0.5, 0.5],
        }
    )
    fig, alt = plots.types_by_figure(by, 2)
    assert [ax.get_xlabel() for ax in fig.axes] == ["Region", "Size class"]
    assert alt == (
        "2 stacked bar charts of the share of each of the 2 types, by region and by size class. "
        "The largest share in any region is type 2 in b (100%)."
    )


def test_measures_dot_figure_draws_one_dot_per_network_sorted_and_names_the_extremes():
    table = pd.DataFrame(
        {
            "governance_mode": ["lead", "shared", "lead"],
            "density": [0.30, 0.10, 0.20],
            "trust": [3.0, 2.5, 3.5],
        },
        index=["n1", "n2", "n3"],
    )
    fig, alt = netplot.measures_dot_figure(table, {"density": "Density", "trust": "Trust"})
    assert len(fig.axes) == 2
    # sorted by density: n2 (0.10), n3 (0.20), n1 (0.30) from the bottom up
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["n2", "n3", "n1"]
    dots = {}
    for collection in fig.axes[1].collections:
        for x, y in collection.get_offsets():
            dots[int(y)] = float(x)
    assert dots == {0: 2.5, 1: 3.5, 2: 3.0}  # trust of n2, n3, n1
    assert "Density: lowest 0.10 (n2), highest 0.30 (n1)" in alt
    assert "Trust: lowest 2.50 (n2), highest 3.50 (n3)" in alt
    assert alt.startswith("Dot plot of 3 networks")


def test_types_by_figure_names_the_groups_by_their_labels():
    by = pd.DataFrame(
        {
            "variable": ["Region"] * 2,
            "group": ["flanders", "brussels"],
            "latent_class": [1, 1],
            "n": [3, 2],
            "share": [1.0, 1.0],
        }
    )
    fig, alt = plots.types_by_figure(by, 1)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == [display.value_label("flanders"), display.value_label("brussels")]
    assert ticks != ["flanders", "brussels"]  # the data package labels its region codes
    assert alt.endswith(f"type 1 in {display.value_label('flanders')} (100%).")
