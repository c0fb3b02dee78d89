"""The chapters' drawings: each returns a figure and alt text that says what it shows."""

from __future__ import annotations

import matplotlib
import networkx as nx
import pandas as pd
import pytest

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
    labels = likertplot.statement_labels(["q1", "q2"], ["q2"])
    assert labels == {"q1": "q1", "q2": "q2 (reverse-keyed)"}  # no statement in the package
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


def test_forest_plot_draws_each_interval_where_its_row_says():
    rows = pd.DataFrame(
        {
            "class": [2, 2, 3, 3],
            "term": ["region: wallonia", "newcomer_share", "region: wallonia", "newcomer_share"],
            "odds_ratio": [0.18, 0.98, 24.4, 0.83],
            "ci_low": [0.07, 0.92, 0.52, 0.73],
            "ci_high": [0.48, 1.05, 1148.8, 0.94],
        }
    )
    fig, alt = plots.forest_figure(rows, panel="class", panel_title="Type {} vs type 1")
    left, right = fig.axes
    assert [ax.get_title() for ax in (left, right)] == ["Type 2 vs type 1", "Type 3 vs type 1"]
    assert left.get_xscale() == "log" and right.get_xscale() == "log"
    labels = {t.get_text(): t.get_position()[1] for t in left.get_yticklabels()}
    assert labels == {"Region: Wallonia": 1.0, "Newcomer share": 0.0}  # first row on top
    for ax, cls in ((left, 2), (right, 3)):
        part = rows[rows["class"] == cls]
        drawn = sorted(
            (seg[0][1], seg[0][0], seg[1][0]) for seg in ax.collections[0].get_segments()
        )
        tick = {"region: wallonia": 1.0, "newcomer_share": 0.0}
        expected = sorted((tick[r.term], r.ci_low, r.ci_high) for r in part.itertuples())
        for (y, lo, hi), (ey, elo, ehi) in zip(drawn, expected, strict=True):
            assert (y, lo, hi) == pytest.approx((ey, elo, ehi))  # at its row, from low to high
        points = ax.lines[0]
        assert sorted(points.get_xdata()) == pytest.approx(sorted(part["odds_ratio"]))
        reference = [line for line in ax.lines[1:] if list(line.get_xdata()) == [1, 1]]
        assert len(reference) == 1  # the line of no effect
        low, high = ax.get_xlim()
        assert low <= rows["ci_low"].min() and high >= rows["ci_high"].max()  # nothing cut off
    assert "the interval excludes 1 for 2 of the 4 rows" in alt
    assert "widest runs from 0.52 to 1148.80 (Region: Wallonia, Type 3 vs type 1)" in alt


def test_a_shown_figure_has_a_numbered_caption_and_an_id(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda element: shown.append(element.data))
    monkeypatch.setattr(plots, "_numbers", __import__("itertools").count(1))
    for caption in ["Response by region.", "Types <by> size."]:
        fig, ax = plots.figure("small")
        ax.plot([0, 1], [0, 1])
        plots.show(fig, alt="A rising line.", caption=caption, name="Types by size")
    assert (
        '<figcaption><span class="lw-figure-number">Figure 1.</span> Response by region.'
        in shown[0]
    )
    assert "Figure 2.</span> Types &lt;by&gt; size.</figcaption>" in shown[1]
    assert shown[1].startswith('<figure class="lw-figure" id="fig-types-by-size"><img ')
    fig, _ = plots.figure("small")
    with pytest.raises(ValueError, match="caption"):
        plots.show(fig, alt="A rising line.", caption=" ")


# --- the summaries' figures in Dutch and French -----------------------------------------------

ENGLISH_REGIONS = ("Flanders", "Wallonia", "Brussels")


def _ticks(ax, axis="x"):
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


def _frame_counts():
    return pd.DataFrame(
        {
            "unit": ["pcsws"] * 3 + ["newcomer_interviews"] * 3,
            "region": ["flanders", "wallonia", "brussels"] * 2,
            "height": [300, 262, 19, 30, 30, 0],
            "shown": [300, 262, 19, 30, 30, "<5"],
        }
    )


def test_the_frame_figure_names_regions_and_units_in_the_language_asked():
    fig, alt = plots.frame_figure(_frame_counts(), "nl")
    assert [ax.get_title() for ax in fig.axes] == [
        "OCMW's in het steekproefkader",
        "Interviews met nieuwkomers",
    ]
    assert _ticks(fig.axes[0]) == ["Vlaanderen", "Wallonië", "Brussel"]
    assert fig.axes[0].get_ylabel() == "aantal"
    assert alt == (
        "2 staafdiagrammen per gewest. OCMW's in het steekproefkader: Vlaanderen 300, "
        "Wallonië 262, Brussel 19; Interviews met nieuwkomers: Vlaanderen 30, Wallonië 30, "
        "Brussel <5."
    )
    fig, alt = plots.frame_figure(_frame_counts(), "fr")
    assert _ticks(fig.axes[1]) == ["Flandre", "Wallonie", "Bruxelles"]
    assert not any(region in alt for region in ENGLISH_REGIONS)
    fig, alt = plots.frame_figure(_frame_counts())
    assert _ticks(fig.axes[0]) == list(ENGLISH_REGIONS)
    assert alt.startswith("2 bar charts by region. PCSWs in the frame: Flanders 300,")


def test_the_types_by_region_figure_speaks_dutch_and_french():
    by = pd.DataFrame(
        {
            "variable": ["Region"] * 4 + ["Size class"] * 2,
            "group": ["flanders", "flanders", "brussels", "brussels", "<10k", "<10k"],
            "latent_class": [1, 2, 1, 2, 1, 2],
            "n": [3, 1, 1, 3, 2, 2],
            "share": [0.75, 0.25, 0.25, 0.75, 0.5, 0.5],
        }
    )
    fig, alt = plots.types_by_figure(by, 2, "nl")
    assert [ax.get_xlabel() for ax in fig.axes] == ["Gewest", "Gemeentegrootte"]
    assert _ticks(fig.axes[0]) == ["Vlaanderen", "Brussel"]
    assert _ticks(fig.axes[1]) == ["minder dan 10.000"]
    assert fig.axes[0].get_ylabel() == "Aandeel van de OCMW's"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Type 1", "Type 2"]
    assert alt == (
        "2 gestapelde staafdiagrammen van het aandeel van elk van de 2 types, per gewest en per "
        "gemeentegrootte. Het grootste aandeel in het eerste diagram (gewest) is dat van type 1: "
        "Vlaanderen, 75%."
    )
    fig, alt = plots.types_by_figure(by, 2, "fr")
    assert _ticks(fig.axes[0]) == ["Flandre", "Bruxelles"]
    assert fig.axes[0].yaxis.get_major_formatter()(0.5, 0) == "50\u00a0%"  # French spacing
    assert "type 1 : Flandre, 75\u00a0%." in alt
    assert not any(region in alt for region in ENGLISH_REGIONS)


def test_the_item_chart_shows_statements_and_answers_in_the_language_asked():
    from localwelfare import likertplot, perceptions

    answers = pd.DataFrame(
        {
            "region": ["flanders"] * 3 + ["wallonia"] * 3,
            "trust_interest": [5, 4, 8, 1, 2, 4],
            "access_waiting_r": [1, 2, 4, 5, 8, 8],
        }
    )
    items = ["trust_interest", "access_waiting_r"]
    bars = perceptions.diverging_bar_data(
        perceptions.item_distribution(answers, items, group="region")
    )
    labels = likertplot.statement_labels(items, ["access_waiting_r"], "nl")
    assert labels == {
        "trust_interest": "Het OCMW handelt in mijn belang.",
        # wrapped at 45 characters: the first line's 44 and a space are all that fit
        "access_waiting_r": "Ik moest te lang wachten voordat het OCMW me\n"
        "hielp. (omgekeerd geformuleerd)",
    }
    fig, alt = likertplot.diverging_figure(bars, labels, "region", "nl")
    # items sorted by net agreement: trust (+1 of 5 answers) above waiting (-1 of 4)
    assert _ticks(fig.axes[0], "y") == [labels["trust_interest"], labels["access_waiting_r"]]
    assert [fig.axes[0].get_title(), fig.axes[2].get_title()] == ["Vlaanderen", "Wallonië"]
    assert fig.axes[0].get_xlabel() == "% van de antwoorden"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "helemaal niet akkoord",
        "niet akkoord",
        "noch akkoord, noch niet akkoord",
        "akkoord",
        "helemaal akkoord",
        "weet niet",
    ]
    assert alt.startswith(
        "Divergerende gestapelde staven van de antwoorden op 2 uitspraken, gerangschikt naar "
        "netto-instemming. Hoogste: Het OCMW handelt in mijn belang (gemiddelde netto-instemming "
    )
    assert "Eén paneel per gewest: Vlaanderen, Wallonië." in alt
    english = ("The PCSW acts in my interest.", "I had to wait too long", "Don't know")
    assert not any(text in alt for text in english + ENGLISH_REGIONS)
    fig, alt = likertplot.diverging_figure(
        bars, likertplot.statement_labels(items, (), "fr"), "region", "fr"
    )
    assert _ticks(fig.axes[0], "y")[0] == "Le CPAS agit dans mon intérêt."
    assert "Un panneau par région : Flandre, Wallonie." in alt
    assert not any(text in alt for text in english + ENGLISH_REGIONS)


def test_a_glued_figure_is_glued_and_not_shown(monkeypatch):
    import IPython.display
    import matplotlib.pyplot as plt
    import myst_nb

    shown, glued = [], {}
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(
        myst_nb, "glue", lambda key, value, display=True: glued.update({key: (value, display)})
    )
    fig, ax = plt.subplots()
    plots.glue_figure(fig, "Een stijgende lijn.", glue="line_nl")
    value, displayed = glued["line_nl"]
    assert displayed is False and shown == []
    assert 'alt="Een stijgende lijn."' in value.data and "<figcaption" not in value.data
    assert not plt.fignum_exists(fig.number)  # closed
