"""The chapters' drawings: each returns a figure and alt text that says what it shows."""

from __future__ import annotations

import matplotlib
import networkx as nx
import pandas as pd

from localwelfare import plots

matplotlib.use("Agg")


def test_theme_share_heatmap_fits_its_colour_scale_to_the_data():
    share = pd.DataFrame(
        {"family_in_poverty": [0.42, 0.10, 0.05], "social_worker": [0.20, 0.31, 0.0]},
        index=pd.Index(["access", "trust", "rules"], name="code"),
    )
    fig, alt = plots.theme_share_figure(share, "actor_group")
    mesh = fig.axes[0].collections[0]
    assert mesh.get_clim() == (0.0, 0.5)  # 42 % rounded up to the next 10 %
    assert alt == (
        "Heatmap of the share of each group's coded segments that concern each of 3 themes, for "
        "2 groups (actor group); the largest share is 42%, access among family in poverty."
    )
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [
        "family in poverty",
        "social worker",
    ]


def test_cooccurrence_network_colours_communities_and_says_so():
    graph = nx.Graph()
    for code, n in [("access", 5), ("trust", 3), ("rules", 2), ("housing", 1)]:
        graph.add_node(code, n=n)
    graph.add_edge("access", "trust", n=3)
    graph.add_edge("rules", "housing", n=1)
    communities = pd.DataFrame(
        {"code": ["access", "trust", "rules", "housing"], "community": [0, 0, 1, 1]}
    )
    fig, alt = plots.cooccurrence_figure(graph, communities)
    ax = fig.axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["access", "housing", "rules", "trust"]
    assert alt == (
        "Network of 4 themes on a circle, linked by 2 co-occurrences (thicker: more frequent) and "
        "coloured by community: access, trust; rules, housing."
    )
    html = plots.figure_html(fig, alt)
    assert 'alt="Network of 4 themes' in html


def test_likert_figures_come_with_their_alt_text():
    from localwelfare import likertplot, perceptions

    answers = pd.DataFrame({"q1": [1, 2, 4, 5, 8], "q2": [4, 4, 5, 3, 2]})
    bars = perceptions.diverging_bar_data(perceptions.item_distribution(answers, ["q1", "q2"]))
    labels = likertplot.reverse_marked(["q1", "q2"], ["q2"])
    assert labels == {"q1": "q1", "q2": "q2 (R)"}
    fig, alt = likertplot.diverging_figure(bars, labels, "region")
    assert alt == likertplot.diverging_alt_text(bars, labels, group_name="region")
    means = pd.DataFrame(
        {
            "scale": ["trust", "trust"],
            "group": ["a", "b"],
            "mean": [3.0, 4.0],
            "ci_low": [2.5, 3.5],
            "ci_high": [3.5, 4.5],
        }
    )
    fig, alt = likertplot.group_means_figure(means, "region")
    assert alt == (
        "Mean scale scores by region with bootstrap confidence intervals. trust: highest b "
        "(4.00), lowest a (3.00)."
    )
    assert fig.axes[0].get_legend().get_title().get_text() == "region"
