"""Tests of localwelfare.network against published references (UCINET 6.849, networkx's
Florentine check, a hand count of Knoke's information network) and against networkx."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from localwelfare import network
from localwelfare.errors import InputError
from localwelfare.network_io import read_network_file

UCINET_COLUMNS = {
    "gives_advice_to": "Advice",
    "is_friend_of": "Friendship",
    "reports_to": "ReportTo",
}


@pytest.fixture(scope="module")
def krackhardt(reference_dir):
    return read_network_file(reference_dir / "networks" / "krackhardt_hightech_managers.paj")


@pytest.fixture(scope="module")
def ucinet(reference_dir):
    path = reference_dir / "networks" / "krackhardt_hightech_ucinet6849_measures.csv"
    return pd.read_csv(path).set_index("measure")


@pytest.mark.parametrize("relation", list(UCINET_COLUMNS))
def test_whole_network_measures_match_ucinet_6849(krackhardt, ucinet, relation):
    """All 33 UCINET 6.849 whole-network values of each Krackhardt relation, to 1e-6; where
    UCINET reports nothing (Small Worldness of a network that is not strongly connected), the
    package reports nan."""
    assert len(ucinet) == 33
    measures = network.whole_network_measures(krackhardt[relation], core_periphery=False)
    column = UCINET_COLUMNS[relation]
    wrong = []
    for key, heading in network.UCINET_NAMES.items():
        expected, got = ucinet.loc[heading, column], measures[key]
        if pd.isna(expected):
            if not (isinstance(got, float) and math.isnan(got)):
                wrong.append((heading, "blank in UCINET", got))
        elif not abs(float(expected) - float(got)) <= 1e-6:
            wrong.append((heading, expected, got))
    assert not wrong, wrong
    assert set(ucinet.index) == set(network.UCINET_NAMES.values())


def test_ucinet_table_keeps_ucinet_order(krackhardt, ucinet):
    table = network.ucinet_table(
        network.whole_network_measures(krackhardt["reports_to"], core_periphery=False)
    )
    assert table["ucinet_name"].tolist() == ucinet.index.tolist()


def test_florentine_medici_betweenness_and_closeness(reference_dir):
    """networkx's published check: marriage network without the isolate (Pucci), 15 families."""
    rels = read_network_file(reference_dir / "networks" / "padgett_florentine_families.paj")
    marital = nx.Graph(rels["Marital"])
    marital.remove_nodes_from(list(nx.isolates(marital)))
    assert marital.number_of_nodes() == 15
    medici = network.node_measures(marital).set_index("node").loc["Medici"]
    assert medici["betweenness"] == pytest.approx(0.522, abs=5e-4)
    assert medici["closeness"] == pytest.approx(0.560, abs=5e-4)
    eigen = nx.eigenvector_centrality_numpy(marital)
    assert medici["eigenvector"] == pytest.approx(eigen["Medici"], abs=1e-9)


def test_ei_index_knoke_information_by_sector_hand_count(reference_dir, tmp_path):
    """Knoke's information network (49 arcs) by sector, counted by hand row by row:

    GOV = COUN, EDUC, MAYR, WELF; VOL = COMM, WRO, UWAY, WEST; PVT = INDU, NEWS.
    internal arcs per sender: COUN 2 (MAYR, WELF), COMM 1 (UWAY), EDUC 1 (MAYR), INDU 1 (NEWS),
    MAYR 3 (COUN, EDUC, WELF), WRO 0, NEWS 1 (INDU), UWAY 1 (COMM), WELF 1 (MAYR), WEST 1 (COMM)
    -> I = 12, E = 49 - 12 = 37, E-I = 25/49.
    Expected under group sizes 4/4/2: within 4*3 + 4*3 + 2*1 = 26 ordered pairs, between
    90 - 26 = 64, expected E-I = 38/90.
    """
    sectors = pd.read_csv(reference_dir / "networks" / "knoke_bureaucracies_sectors.csv")
    nodes = tmp_path / "nodes.csv"
    sectors.rename(columns={"label": "id"}).to_csv(nodes, index=False)
    rels = read_network_file(reference_dir / "networks" / "knoke_bureaucracies.pajek", nodes=nodes)
    info = rels["Information exchange"]
    assert info.number_of_edges() == 49
    result = network.ei_index(info, "sector", permutations=2000, seed=1).iloc[0]
    assert result["n_internal"] == 12
    assert result["n_external"] == 37
    assert result["ei_index"] == pytest.approx(25 / 49)
    assert result["ei_expected"] == pytest.approx(38 / 90)
    # E-I is close to its expectation: the permutation test finds no preference
    assert 0.05 < result["ei_p_value"] <= 1


def test_ei_permutation_test_detects_planted_homophily():
    """Two cliques joined by one tie: strongly negative E-I, small p-value (one-sided)."""
    g = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    g.add_edge(0, 6)
    nx.set_node_attributes(g, {v: "a" if v < 6 else "b" for v in g}, "group")
    res = network.ei_index(g, "group", permutations=999, seed=3, alternative="less").iloc[0]
    assert res["ei_index"] == pytest.approx((1 - 30) / 31)
    assert res["ei_p_value"] < 0.01
    greater = network.ei_index(g, "group", permutations=999, seed=3, alternative="greater")
    assert greater.iloc[0]["ei_p_value"] > 0.9


def test_mixing_verdict_follows_the_test():
    g = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    g.add_edge(0, 6)
    nx.set_node_attributes(g, {v: "a" if v < 6 else "b" for v in g}, "group")
    assert network.mixing_verdict(network.ei_index(g, "group", 499, seed=1)) == "co-existence"
    bipartite = nx.complete_bipartite_graph(6, 6)
    nx.set_node_attributes(bipartite, {v: "a" if v < 6 else "b" for v in bipartite}, "group")
    res = network.ei_index(bipartite, "group", 499, seed=1)
    assert res.iloc[0]["ei_index"] == 1.0
    assert network.mixing_verdict(res) == "hybridisation"
    assert network.mixing_verdict(res, alpha=0.001) == "no clear preference"


def test_homophily_and_mixing_matrix_by_hand():
    # x = {0, 1, 2}, y = {3}; arcs 0->1, 1->0, 0->3, 3->2
    g = nx.DiGraph([(0, 1), (1, 0), (0, 3), (3, 2)])
    nx.set_node_attributes(g, {0: "x", 1: "x", 2: "x", 3: "y"}, "group")
    mix = network.group_mixing(g, "group").set_index(["from_group", "to_group"])
    assert mix.loc[("x", "x"), "ties"] == 2 and mix.loc[("x", "x"), "possible"] == 6
    assert mix.loc[("x", "y"), "density"] == pytest.approx(1 / 3)
    assert mix.loc[("y", "x"), "density"] == pytest.approx(1 / 3)
    assert math.isnan(mix.loc[("y", "y"), "density"])
    h = network.homophily(g, "group").set_index("group")
    assert h.loc["x", "H"] == pytest.approx(2 / 3)
    assert h.loc["x", "h_star"] == pytest.approx((2 / 3 - 0.75) / 0.25)
    assert h.loc["y", "H"] == 0


def test_missing_group_attribute_is_named():
    g = nx.path_graph(3)
    nx.set_node_attributes(g, {0: "a", 1: "b"}, "sector")
    with pytest.raises(InputError, match="sector.*node '2'"):
        network.ei_index(g, "sector")


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_measures_agree_with_networkx(directed, seed):
    g = nx.gnp_random_graph(18, 0.15, seed=seed, directed=directed)
    m = network.whole_network_measures(g, core_periphery=False)
    assert m["density"] == pytest.approx(nx.density(g))
    assert m["kcore_index"] == max(nx.core_number(nx.Graph(g)).values())
    assert m["betweenness_centralization"] == pytest.approx(
        network.freeman_centralization(np.array(list(nx.betweenness_centrality(g).values())), 17)
    )
    if directed:
        assert m["arc_reciprocity"] == pytest.approx(nx.overall_reciprocity(g))
        assert m["strong_components"] == nx.number_strongly_connected_components(g)
        assert m["weak_components"] == nx.number_weakly_connected_components(g)
    else:
        assert m["transitivity"] == pytest.approx(nx.transitivity(g))
        assert m["strong_components"] == nx.number_connected_components(g)
        if nx.is_connected(g):
            assert m["avg_distance"] == pytest.approx(nx.average_shortest_path_length(g))
            assert m["diameter"] == nx.diameter(g)


def test_star_is_maximally_centralised():
    m = network.whole_network_measures(nx.star_graph(6), core_periphery=False)
    assert m["degree_centralization"] == pytest.approx(1.0)
    assert m["betweenness_centralization"] == pytest.approx(1.0)
    ring = network.whole_network_measures(nx.cycle_graph(7), core_periphery=False)
    assert ring["degree_centralization"] == 0 and ring["betweenness_centralization"] == 0


def _perfect_core_periphery(core: int, periphery: int, seed: int = 0) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.complete_graph(core)
    for p in range(core, core + periphery):
        g.add_edge(p, int(rng.integers(core)))
    return g


def test_core_periphery_perfect_pattern_has_fit_one_and_is_recovered():
    g = _perfect_core_periphery(5, 9)
    cp = network.core_periphery(g, seed=2)
    assert cp["fit"].iloc[0] == pytest.approx(1.0)
    assert sorted(cp.loc[cp["core"], "node"]) == [0, 1, 2, 3, 4]
    # with ties expected between core and periphery too, the same graph fits less than perfectly
    ones = network.core_periphery(g, between="ones").iloc[0]["fit"]
    assert ones < 0.99


def test_core_periphery_fit_is_the_correlation_with_the_ideal_pattern():
    """Fit of the found partition equals the Pearson correlation computed directly."""
    g = nx.gnp_random_graph(14, 0.3, seed=5, directed=True)
    a = network.adjacency(g)
    fit, core = network.core_periphery_fit(a)
    off = ~np.eye(len(a), dtype=bool)
    kept = off & (core[:, None] == core[None, :])  # core-core and periphery-periphery blocks
    ideal = (core[:, None] & core[None, :]).astype(float)
    assert fit == pytest.approx(np.corrcoef(a[kept], ideal[kept])[0, 1])


@pytest.mark.parametrize("between", ["ignore", "ones"])
@pytest.mark.parametrize("seed", range(3))
def test_core_periphery_search_finds_the_global_optimum(between, seed):
    """Against exhaustive enumeration of every partition of a small random graph."""
    g = nx.gnp_random_graph(10, 0.35, seed=seed, directed=True)
    a = network.adjacency(g)
    off = ~np.eye(10, dtype=bool)
    best = -np.inf
    for bits in itertools.product([False, True], repeat=10):
        core = np.array(bits)
        ideal = (
            (core[:, None] | core[None, :]) if between == "ones" else core[:, None] & core[None, :]
        )
        kept = off if between == "ones" else off & (core[:, None] == core[None, :])
        x, y = a[kept], ideal[kept].astype(float)
        if x.std() > 0 and y.std() > 0:
            best = max(best, np.corrcoef(x, y)[0, 1])
    fit, _ = network.core_periphery_fit(a, between=between, seed=seed)
    assert fit == pytest.approx(best)


def test_symmetrisation_rules():
    g = nx.DiGraph()
    g.add_weighted_edges_from([("a", "b", 4), ("b", "a", 2), ("b", "c", 3)])
    assert network.symmetrise(g, "union").number_of_edges() == 2
    assert network.symmetrise(g, "max").edges["a", "b"]["weight"] == 4
    assert network.symmetrise(g, "min").edges["a", "b"]["weight"] == 2
    assert list(network.symmetrise(g, "reciprocated").edges()) == [("a", "b")]
    assert network.symmetrise(g, "mean").edges["b", "c"]["weight"] == 1.5
    with pytest.raises(InputError, match="unknown rule 'sum'"):
        network.symmetrise(g, "sum")
    assert list(network.dichotomise(g, 3).edges()) == [("a", "b"), ("b", "c")]


def _tables():
    orgs = pd.DataFrame(
        {
            "network_id": ["n"] * 4,
            "organisation_id": ["a", "b", "c", "d"],
            "sector": ["pcsw", "ngo", "ngo", "health"],
            "responded": [True, True, True, False],
        }
    )
    items = {c: [4, 2, 3, 3] for c in network.TRUST_ITEMS} | {
        c: [1, 1, 2, 4] for c in network.VALUE_ITEMS
    }
    ties = pd.DataFrame(
        {
            "network_id": ["n"] * 4,
            "organisation_id": ["a", "a", "b", "c"],
            "partner_id": ["b", "b", "d", "b"],
            "tie_type": ["information", "joint_activity", "information", "client_referral"],
            "frequency": [2, 4, 1, 3],
            **items,
        }
    )
    return orgs, ties


def test_graph_from_tables_nonresponse_and_layers():
    orgs, ties = _tables()
    combined = network.network_graph(ties, orgs, "n")
    assert combined.edges["a", "b"]["weight"] == 4  # highest frequency over types
    assert combined.edges["a", "b"]["multiplexity"] == 2
    assert combined.number_of_nodes() == 4
    rebuilt = network.network_graph(ties, orgs, "n", nonresponse="reconstruct")
    assert rebuilt.has_edge("d", "b") and rebuilt.edges["d", "b"]["reconstructed"]
    dropped = network.network_graph(ties, orgs, "n", nonresponse="drop")
    assert "d" not in dropped
    layers = network.multiplex_layers(ties, orgs, "n")
    assert layers["information"].number_of_edges() == 2
    assert layers["resource_sharing"].number_of_edges() == 0
    # density over observed dyads: 3 arcs from 3 respondents, 3 * 3 possible
    assert network.observed_density(combined) == pytest.approx(3 / 9)
    rates = network.response_rates(orgs).iloc[0]
    assert rates["response_rate"] == 0.75
    mult = network.multiplexity(ties).iloc[0]
    assert mult["n_pairs"] == 3 and mult["share_multiplex"] == pytest.approx(1 / 3)
    with pytest.raises(InputError, match="nonresponse"):
        network.network_graph(ties, orgs, "n", nonresponse="impute")


def test_partner_scores_by_hand():
    orgs, ties = _tables()
    g = network.network_graph(ties, orgs, "n")
    scores = network.partner_scores(g).set_index("node")
    # b is rated by a (trust 4 on the information row, 2 on the joint-activity row: mean 3) and
    # by c (trust 3): trust = mean(3, 3) = 3
    assert scores.loc["b", "trust"] == pytest.approx(3.0)
    assert scores.loc["b", "value"] == pytest.approx((1 + 4) / 2)
    assert scores.loc["b", "n_ratings"] == 2
    assert scores.loc["b", "relative_connectivity"] == 1.0
    assert scores.loc["a", "relative_connectivity"] == pytest.approx(1 / 3)
    assert math.isnan(scores.loc["a", "trust"])


def test_governance_profile_reads_structure():
    star = nx.star_graph(8)
    lead = network.governance_profile(star, "lead_organisation").iloc[0]
    assert lead["structural_mode"] == "lead_organisation" and lead["agrees"]
    nao = nx.star_graph(8)
    nx.set_node_attributes(nao, {0: "network_administration"}, "sector")
    assert network.governance_profile(nao).iloc[0]["structural_mode"] == (
        "network_administrative_organisation"
    )
    dense = network.governance_profile(nx.complete_graph(8), "lead_organisation").iloc[0]
    assert dense["structural_mode"] == "shared_participant" and not dense["agrees"]


def test_compare_groups_matches_scipy():
    from scipy import stats

    t = pd.DataFrame({"mode": list("aaabbbccc"), "x": [1, 2, 3, 4, 5, 6, 7, 8, 10.0]})
    res = network.compare_groups(t, ["x"], "mode").iloc[0]
    h, p = stats.kruskal([1, 2, 3], [4, 5, 6], [7, 8, 10])
    assert res["statistic"] == pytest.approx(h) and res["p_value"] == pytest.approx(p)
    assert res["effect_size"] == pytest.approx(h / 8)
    welch = network.compare_groups(t, ["x"], "mode", method="welch").iloc[0]
    # Welch's F by its formula (Welch 1951)
    groups = [np.array([1, 2, 3.0]), np.array([4, 5, 6.0]), np.array([7, 8, 10.0])]
    w = np.array([len(x) / x.var(ddof=1) for x in groups])
    means = np.array([x.mean() for x in groups])
    grand = (w * means).sum() / w.sum()
    k = len(groups)
    a = (w * (means - grand) ** 2).sum() / (k - 1)
    lam = sum((1 - wi / w.sum()) ** 2 / (len(x) - 1) for wi, x in zip(w, groups, strict=True))
    assert welch["statistic"] == pytest.approx(a / (1 + 2 * (k - 2) / (k**2 - 1) * lam))
    assert welch["effect_size_name"] == "eta_squared_partial"


# --- tables over several networks (what the network chapter shows) -----------------------------


def _rated(edges, trust: dict, value: dict | None = None) -> nx.DiGraph:
    """A directed network whose arc u -> v rates v: every trust item at ``trust[(u, v)]`` and
    every value item at ``value[(u, v)]`` (default 2)."""
    g = nx.DiGraph()
    for u, v in edges:
        score = (value or {}).get((u, v), 2)
        g.add_edge(u, v, **dict.fromkeys(network.TRUST_ITEMS, trust.get((u, v), 3)),
                   **dict.fromkeys(network.VALUE_ITEMS, score))  # fmt: skip
    return g


def test_node_table_puts_every_organisation_of_every_network_in_one_table():
    # network x: a -> b (trust 4), c -> b (trust 2), b -> a (trust 3); network y: p -> q
    x = _rated([("a", "b"), ("c", "b"), ("b", "a")], {("a", "b"): 4, ("c", "b"): 2})
    y = _rated([("p", "q")], {})
    graphs = {"x": x.to_undirected(), "y": y.to_undirected()}
    table = network.node_table(graphs, {"x": x, "y": y}).set_index(["network_id", "node"])
    assert len(table) == 5
    # b has partners a and c; it is rated by a (4) and c (2): trust 3, the best-connected node
    assert table.loc[("x", "b"), "degree"] == 2
    assert table.loc[("x", "b"), "trust"] == 3.0
    assert table.loc[("x", "b"), "n_ratings"] == 2
    assert table.loc[("x", "c"), "relative_connectivity"] == 0.5  # 1 partner of at most 2
    assert math.isnan(table.loc[("x", "c"), "trust"])  # nobody rated c
    assert table.loc[("y", "q"), "trust"] == 3.0


def test_network_measures_table_joins_measures_multiplexity_and_partner_scores():
    x = _rated([("a", "b"), ("b", "c")], {("a", "b"): 4, ("b", "c"): 2})
    y = _rated([("p", "q")], {})
    nets = pd.DataFrame(
        {"region": ["flanders", "wallonia"], "governance_mode": ["lead", "shared"]},
        index=pd.Index(["x", "y"], name="network_id"),
    )
    ties = pd.DataFrame(
        {
            "network_id": ["x", "x", "x", "y", "z"],
            "organisation_id": ["a", "a", "b", "p", "s"],
            "partner_id": ["b", "b", "c", "q", "t"],
            "tie_type": ["information", "joint_activity", "information", "information", "x"],
        }
    )
    graphs = {"x": x.to_undirected(), "y": y.to_undirected()}
    table = network.network_measures_table(nets, graphs, {"x": x, "y": y}, ties)
    assert table.index.tolist() == ["x", "y"] and table.index.name == "network_id"
    # x: a path of 3 nodes, 4 arcs of 6 possible; y: one edge, 2 arcs of 2
    assert table.loc["x", "density"] == pytest.approx(4 / 6)
    assert table.loc["y", "density"] == 1.0
    # x: pairs a-b (2 types) and b-c (1 type): half are multiplex; y: none
    assert table["share_multiplex"].tolist() == [0.5, 0.0]
    # x: the mean of all trust ratings given, (4 + 2) / 2
    assert table.loc["x", "trust"] == 3.0 and table.loc["x", "value"] == 2.0
    assert table.loc["x", "governance_mode"] == "lead"
    assert set(network.SHOWN_MEASURES) <= set(table.columns)


def test_governance_table_names_the_most_central_organisation_by_its_label():
    star = nx.star_graph(4)  # node 0 tied to 1..4
    nx.set_node_attributes(star, {0: "Hub"}, "label")
    pair = nx.Graph([("u", "v")])
    table = network.governance_table({"s": star, "p": pair}, {"s": "lead_organisation", "p": "x"})
    assert table.columns[:2].tolist() == ["declared_mode", "structural_mode"]
    assert table.loc["s", "top_node"] == "Hub"  # by its label
    assert table.loc["s", "top_share"] == 1.0  # tied to all 4 others
    assert table.loc["s", "structural_mode"] == "lead_organisation"
    assert bool(table.loc["s", "agrees"]) and not bool(table.loc["p", "agrees"])
    assert table.loc["p", "top_node"] == "u"  # no label: its node id


def test_top_node_reach_counts_whom_the_central_organisation_reaches():
    # 0 is tied to 1, 2 (formal) and 3 (informal); 4 and 5 (informal) are tied to each other
    g = nx.Graph([(0, 1), (0, 2), (0, 3), (4, 5)])
    nx.set_node_attributes(g, {0: True, 1: True, 2: True, 3: False, 4: False, 5: False}, "formal")
    reach = network.top_node_reach(g).set_index("group")
    assert reach.loc["True", ["n", "tied"]].tolist() == [2, 2]
    assert reach.loc["False", ["n", "tied"]].tolist() == [3, 1]


def test_labelled_egos_lists_the_sectors_organisations_by_label():
    # centre c1 is tied to a, b (tied to each other) and d; centre c2 only to d
    g = nx.Graph([("c1", "a"), ("c1", "b"), ("a", "b"), ("c1", "d"), ("c2", "d")])
    nx.set_node_attributes(g, {"c1": "centre", "c2": "centre"}, "sector")
    nx.set_node_attributes(g, {"c1": "Centre 1"}, "label")
    egos = network.labelled_egos(g, "centre")
    assert egos.columns[0] == "label" and "node" not in egos.columns
    assert egos["label"].tolist() == ["Centre 1", "c2"]
    assert egos[["alters", "alter_ties"]].values.tolist() == [[3, 1], [1, 0]]
    assert egos["ego_density"].iloc[0] == pytest.approx(1 / 3)  # 1 of the 3 pairs of alters


def test_mixing_table_adjusts_over_the_networks_and_reads_each_one():
    # x: groups {a, b} and {c, d}; ties a-b (within), a-c, b-d (between): E = 4 arcs, I = 2
    x = nx.Graph([("a", "b"), ("a", "c"), ("b", "d")])
    nx.set_node_attributes(x, {"a": "g", "b": "g", "c": "h", "d": "h"}, "kind")
    y = nx.Graph([("p", "q")])
    nx.set_node_attributes(y, {"p": "g", "q": "g"}, "kind")
    table = network.mixing_table({"x": x, "y": y}, "kind", permutations=0)
    assert table.index.tolist() == ["x", "y"]
    assert table.loc["x", "ei_index"] == pytest.approx((4 - 2) / 6)
    assert table.loc["y", "ei_index"] == -1.0  # one tie, within its group
    # no permutations: no p-value, so no reading departs from chance
    assert table["p_adjusted"].isna().all()
    assert table["verdict"].tolist() == ["no clear preference"] * 2
