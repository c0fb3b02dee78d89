"""Tests of :func:`localwelfare.network.integration_measures` (system-level integration after
Provan & Milward 1995 and Provan, Fish & Sydow 2007) on a network computed by hand."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from localwelfare import integration, network
from localwelfare.errors import InputError


def hand_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from("abcde")
    for u, v, types in [
        ("a", "b", 2),
        ("b", "a", 1),
        ("b", "c", 3),
        ("c", "a", 1),
        ("c", "d", 1),
        ("d", "e", 1),
    ]:
        g.add_edge(u, v, multiplexity=types)
    return g


def test_integration_computed_by_hand():
    """Five organisations a..e, six arcs a->b (2 tie types), b->a, b->c (3 types), c->a, c->d,
    d->e (one type each).

    * density = 6 / (5 * 4) = 0.3.
    * Underlying undirected graph: a-b, b-c, a-c, c-d, d-e; degrees a 2, b 2, c 3, d 2, e 1;
      degree centralisation = (1 + 1 + 0 + 1 + 2) / ((5 - 1)(5 - 2)) = 5 / 12.
    * Cohesion: one clique of three, {a, b, c}: 3 / 5 = 0.6.
    * Multiplexity: 2 of the 6 arcs carry two or more types: 1 / 3.
    * Reach (undirected): within two steps a reaches b, c, d but not e (a-c-d-e);
      b reaches a, c, d, not e; c reaches a, b, d (one step) and e (c-d-e); d reaches c, e and
      a, b (via c); e reaches d, c, not a or b. Only c and d reach all: 2 / 5 = 0.4.
      Mean share reached: (3/4 + 3/4 + 4/4 + 4/4 + 2/4) / 5 = 0.8.
    * Reach along the arcs: a -> b -> {a, c}: not d; b -> {a, c} -> {b, d}: not e;
      c -> {a, d} -> {b, e}: all; d -> e -> nothing; e: none. 1 / 5 = 0.2.
    * integration = (0.3 + 5/12 + 0.6 + 1/3 + 0.4) / 5 = 2.05 / 5 = 0.41; with reach along the
      arcs (0.3 + 5/12 + 0.6 + 1/3 + 0.2) / 5 = 0.37.
    """
    m = network.integration_measures(hand_graph()).iloc[0]
    assert m["n_nodes"] == 5
    assert m["density"] == pytest.approx(0.3)
    assert m["degree_centralization"] == pytest.approx(5 / 12)
    assert m["cohesion"] == pytest.approx(0.6)
    assert m["multiplexity"] == pytest.approx(1 / 3)
    assert m["reach"] == pytest.approx(0.4)
    assert m["reach_mean"] == pytest.approx(0.8)
    assert m["integration"] == pytest.approx(0.41)
    assert m["n_components"] == 5
    out = network.integration_measures(hand_graph(), reach="out").iloc[0]
    assert out["reach"] == pytest.approx(0.2)
    assert out["integration"] == pytest.approx(0.37)
    columns = ["n_nodes", *network.INTEGRATION_COMPONENTS, "reach_mean", "integration"]
    assert network.integration_measures(hand_graph()).columns.tolist() == columns + ["n_components"]


def test_extreme_structures():
    """A complete graph is dense, uncentralised, cohesive and reaches everyone; a star is fully
    centralised, without cliques, and reaches everyone in two steps."""
    complete = network.integration_measures(nx.complete_graph(5), multiplex_share=1.0).iloc[0]
    assert complete[network.INTEGRATION_COMPONENTS].tolist() == [1.0, 0.0, 1.0, 1.0, 1.0]
    assert complete["integration"] == pytest.approx(0.8)
    star = network.integration_measures(nx.star_graph(4), multiplex_share=0.0).iloc[0]
    assert star[network.INTEGRATION_COMPONENTS].tolist() == [0.4, 1.0, 0.0, 0.0, 1.0]
    # a directed star with arcs out of the hub: only the hub reaches the others along arcs
    out_star = nx.DiGraph([(0, i) for i in range(1, 5)])
    row = network.integration_measures(out_star, multiplex_share=0.0, reach="out").iloc[0]
    assert row["reach"] == pytest.approx(1 / 5)


def test_multiplexity_sources_and_components():
    plain = nx.DiGraph([("a", "b"), ("b", "c")])
    m = network.integration_measures(plain).iloc[0]
    assert math.isnan(m["multiplexity"]) and math.isnan(m["integration"])
    without = network.integration_measures(
        plain, components=["density", "degree_centralization", "cohesion", "reach"]
    ).iloc[0]
    # density 2/6, centralisation (1 + 0 + 1) / (2 * 1) = 1, cohesion 0, and on the path
    # a - b - c everyone is within two steps: reach 1
    assert without["integration"] == pytest.approx((1 / 3 + 1 + 0 + 1) / 4)
    assert without["n_components"] == 4
    given = network.integration_measures(hand_graph(), multiplex_share=0.5).iloc[0]
    assert given["multiplexity"] == 0.5  # the given share wins over the arcs
    partly = hand_graph()
    del partly.edges["a", "b"]["multiplexity"]  # an arc without the attribute is one type
    assert network.integration_measures(partly).iloc[0]["multiplexity"] == pytest.approx(1 / 6)


def test_integration_table_and_network_graph_layers():
    """The combined graph of network_graph carries the number of tie types per arc."""
    orgs = pd.DataFrame({"network_id": ["n"] * 3, "organisation_id": list("xyz")})
    ties = pd.DataFrame(
        {
            "network_id": ["n"] * 4,
            "organisation_id": ["x", "x", "y", "z"],
            "partner_id": ["y", "y", "z", "x"],
            "tie_type": ["information", "joint_activity", "information", "client_referral"],
            "frequency": [1, 2, 3, 4],
        }
    )
    g = network.network_graph(ties, orgs, "n")
    table = network.integration_table({"n": g})
    assert table.columns[0] == "network_id"
    row = table.iloc[0]
    assert row["multiplexity"] == pytest.approx(1 / 3)  # x->y has two types, y->z and z->x one
    assert row["multiplexity"] == network.multiplexity(ties).iloc[0]["share_multiplex"]
    assert row["cohesion"] == 1.0 and row["reach"] == 1.0


def test_bad_parameters():
    g = hand_graph()
    with pytest.raises(InputError, match="unknown component 'trust'"):
        network.integration_measures(g, components=["density", "trust"])
    with pytest.raises(InputError, match="unknown reach 'in'"):
        network.integration_measures(g, reach="in")
    with pytest.raises(InputError, match="multiplex_share 1.5"):
        network.integration_measures(g, multiplex_share=1.5)
    with pytest.raises(InputError, match="at least 2 nodes"):
        network.integration_measures(nx.DiGraph([("a", "a")]))


def test_reach_by_group_counts_the_ties_to_each_group_by_hand():
    """A lead tied to both professionals and one of three informal actors: 2/2 and 1/3."""
    g = nx.Graph([("lead", "p1"), ("lead", "p2"), ("lead", "i1"), ("i1", "i2"), ("i2", "i3")])
    formal = {"lead": True, "p1": True, "p2": True, "i1": False, "i2": False, "i3": False}
    nx.set_node_attributes(g, formal, "formal")
    reach = network.reach_by_group(g, "lead", "formal").set_index("group")
    assert reach.loc["True", ["n", "tied"]].tolist() == [2, 2]
    assert reach.loc["False", ["n", "tied"]].tolist() == [3, 1]
    assert reach.loc["False", "share"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "function",
    [
        network.margin_measures,
        network.ego_table,
        network.boundary_brokerage,
        network.reach_by_group,
        integration.meeting_partner_share,
    ],
)
def test_hand_counted_docstring_examples_hold(function):
    """The examples in these docstrings are counted by hand (the values are the reference)."""
    import doctest

    runner = doctest.DocTestRunner()
    tests = doctest.DocTestFinder().find(
        function, function.__name__, globs=dict(function.__globals__)
    )
    assert tests and tests[0].examples
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
