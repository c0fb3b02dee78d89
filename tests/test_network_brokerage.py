"""Tests of :func:`localwelfare.network.brokerage` (Gould & Fernandez 1989, as sna::brokerage
counts them): a network counted by hand, the z-score formulae computed by hand, the exact
label-permutation moments against a full enumeration, and a plain-Python count of the roles."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from localwelfare import network
from localwelfare.errors import InputError
from localwelfare.network_io import read_network_file

ROLES = network.BROKERAGE_ROLES
COUNT_COLUMNS = ROLES + ["total"]

#: The hand-counted network (see test_roles_counted_by_hand).
ARCS = [
    ("a1", "a2"),
    ("a2", "a1"),
    ("a2", "b1"),
    ("a1", "b1"),
    ("b1", "b2"),
    ("b1", "c1"),
    ("c1", "b2"),
    ("b2", "a1"),
    ("a2", "a3"),
]
GROUPS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}


def hand_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(GROUPS)
    g.add_edges_from(ARCS)
    nx.set_node_attributes(g, GROUPS, "side")
    return g


def plain_count(graph: nx.DiGraph, groups: dict) -> dict:
    """Gould & Fernandez's roles by looping over every triple (the definition, no matrices)."""
    out = {v: dict.fromkeys(COUNT_COLUMNS, 0) for v in graph}
    for j in graph:
        for i in graph.predecessors(j):
            for k in graph.successors(j):
                if len({i, j, k}) < 3 or graph.has_edge(i, k):
                    continue
                gi, gj, gk = groups[i], groups[j], groups[k]
                if gi == gj == gk:
                    role = "coordinator"
                elif gi == gk:
                    role = "itinerant"
                elif gi == gj:
                    role = "representative"
                elif gj == gk:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                out[j][role] += 1
                out[j]["total"] += 1
    return out


def test_roles_counted_by_hand():
    """Six organisations in three groups, A = {a1, a2, a3}, B = {b1, b2}, C = {c1}, and nine arcs
    a1->a2, a2->a1, a2->b1, a1->b1, b1->b2, b1->c1, c1->b2, b2->a1, a2->a3.

    Every two-path i -> j -> k with i != k, by broker j (in-neighbours x out-neighbours):

    * a1 (in: a2, b2; out: a2, b1): a2->a1->b1 closed (a2->b1); b2->a1->a2 open, B A A:
      gatekeeper; b2->a1->b1 open, B A B: itinerant.  (a2->a1->a2 has i = k.)
    * a2 (in: a1; out: a1, b1, a3): a1->a2->b1 closed (a1->b1); a1->a2->a3 open, A A A:
      coordinator.
    * a3 (no out-arcs): none.
    * b1 (in: a1, a2; out: b2, c1): a1->b1->b2 and a2->b1->b2 open, A B B: 2 gatekeeper;
      a1->b1->c1 and a2->b1->c1 open, A B C: 2 liaison.
    * b2 (in: b1, c1; out: a1): b1->b2->a1 open, B B A: representative; c1->b2->a1 open,
      C B A: liaison.
    * c1 (in: b1; out: b2): b1->c1->b2 closed (b1->b2).

    Nine open two-paths: 1 coordinator, 1 itinerant, 1 representative, 3 gatekeeper, 3 liaison.
    """
    b = network.brokerage(hand_graph(), "side").set_index("id")
    expected = {
        "a1": [0, 1, 0, 1, 0, 2],
        "a2": [1, 0, 0, 0, 0, 1],
        "a3": [0, 0, 0, 0, 0, 0],
        "b1": [0, 0, 0, 2, 2, 4],
        "b2": [0, 0, 1, 0, 1, 2],
        "c1": [0, 0, 0, 0, 0, 0],
    }
    for node, counts in expected.items():
        assert b.loc[node, COUNT_COLUMNS].tolist() == counts, node
    assert b["group"].to_dict() == GROUPS
    assert b[COUNT_COLUMNS].sum().tolist() == [1, 1, 1, 3, 3, 9]
    columns = ["id", "group"] + COUNT_COLUMNS
    columns += [f"{p}_{c}" for p in ("expected", "sd", "z") for c in COUNT_COLUMNS]
    assert network.brokerage(hand_graph(), "side").columns.tolist() == columns


def test_density_z_scores_by_hand():
    """sna::brokerage's moments for broker b1 of the hand network (group B, n = 2, N = 6).

    d = 9 / (6 * 5) = 0.3, q = d^2 (1 - d) = 0.063, r = d^3 (1 - d)^3 = 0.027 * 0.343 = 0.009261.

    * total: E = q * 5 * 4 = 1.26; V = 1.26 * 0.937 + 2 * 5 * 4 * 3 * r = 1.18062 + 1.11132
      = 2.29194; z = (4 - 1.26) / sqrt(2.29194) = 2.74 / 1.513915 = 1.809876.
    * gatekeeper: E = q (N - n)(n - 1) = 0.063 * 4 * 1 = 0.252;
      V = 0.252 * 0.937 + 2 [(n - 1) C(N - n, 2) + (N - n) C(n - 1, 2)] r
      = 0.236124 + 2 * (6 + 0) * 0.009261 = 0.347256; z = (2 - 0.252) / 0.589284 = 2.966310.
    * liaison: other groups A (3) and C (1): E = q [(3 + 1)^2 - (9 + 1)] = 0.063 * 6 = 0.378;
      V = 0.378 * 0.937 + 4 [3 C(6 - 3 - 2, 2) + 1 C(6 - 1 - 2, 2)] r = 0.354186 + 4 * 3 * r
      = 0.465318; z = (2 - 0.378) / 0.682142 = 2.377803.
    * coordinator: (n - 1)(n - 2) = 0, so E = V = 0 and z is nan (sna's 0 / 0).
    * representative = gatekeeper moments: z = (0 - 0.252) / 0.589284 = -0.427638.
    """
    b = network.brokerage(hand_graph(), "side").set_index("id").loc["b1"]
    assert b["expected_total"] == pytest.approx(1.26)
    assert b["sd_total"] ** 2 == pytest.approx(2.29194)
    assert b["z_total"] == pytest.approx(1.809876, abs=1e-6)
    assert b["expected_gatekeeper"] == pytest.approx(0.252)
    assert b["sd_gatekeeper"] ** 2 == pytest.approx(0.347256)
    assert b["z_gatekeeper"] == pytest.approx(2.966310, abs=1e-6)
    assert b["expected_liaison"] == pytest.approx(0.378)
    assert b["sd_liaison"] ** 2 == pytest.approx(0.465318)
    assert b["z_liaison"] == pytest.approx(2.377803, abs=1e-6)
    assert b["expected_coordinator"] == 0 and math.isnan(b["z_coordinator"])
    assert b["z_representative"] == pytest.approx(-0.427638, abs=1e-6)
    # the moments depend on the broker's group only: b2 shares them
    b2 = network.brokerage(hand_graph(), "side").set_index("id").loc["b2"]
    assert b2["expected_total"] == pytest.approx(1.26)
    assert b2["sd_liaison"] == pytest.approx(b["sd_liaison"])


def test_labels_null_by_hand():
    """Under ``null="labels"`` broker a2 brokers one pair (a1, a3). The other five nodes carry
    labels A, A, B, B, C; both ends are A with probability (2 / 5)(1 / 4) = 0.1, so the
    coordinator count has E = 0.1, V = 0.1 * 0.9 = 0.09 and z = (1 - 0.1) / 0.3 = 3. The total
    (one pair) is fixed: sd 0, z nan."""
    b = network.brokerage(hand_graph(), "side", null="labels").set_index("id").loc["a2"]
    assert b["expected_coordinator"] == pytest.approx(0.1)
    assert b["sd_coordinator"] == pytest.approx(0.3)
    assert b["z_coordinator"] == pytest.approx(3.0)
    assert b["expected_total"] == 1 and b["sd_total"] == 0 and math.isnan(b["z_total"])


def random_graph(n: int, p: float, seed: int, n_groups: int) -> tuple[nx.DiGraph, dict]:
    g = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    groups = {v: "g" + str(int(rng.integers(n_groups))) for v in g}
    nx.set_node_attributes(g, groups, "group")
    return g, groups


@pytest.mark.parametrize("seed", [1, 2])
def test_labels_null_matches_full_enumeration(seed):
    """The exact moments of ``null="labels"`` equal the mean and variance over every distinct
    assignment of the other nodes' labels (7 nodes, 3 groups: up to 6! assignments per broker),
    counted with the plain-Python definition."""
    g, groups = random_graph(7, 0.45, seed, 3)
    b = network.brokerage(g, "group", null="labels").set_index("id")
    for j in g:
        others = [v for v in g if v != j]
        draws = []
        for labels in set(itertools.permutations([groups[v] for v in others])):
            assignment = dict(zip(others, labels, strict=True)) | {j: groups[j]}
            counts = plain_count(g, assignment)[j]
            draws.append([counts[r] for r in ROLES])
        draws = np.array(draws, dtype=float)
        row = b.loc[j]
        np.testing.assert_allclose(
            row[[f"expected_{r}" for r in ROLES]].astype(float), draws.mean(0), atol=1e-9
        )
        np.testing.assert_allclose(
            row[[f"sd_{r}" for r in ROLES]].astype(float), draws.std(0), atol=1e-9
        )


@pytest.mark.parametrize(
    ("n", "p", "seed", "k"), [(12, 0.3, 3, 3), (20, 0.15, 4, 4), (9, 0.6, 5, 2)]
)
def test_matrix_count_equals_plain_count(n, p, seed, k):
    """The matrix products count what the definition counts, triple by triple."""
    g, groups = random_graph(n, p, seed, k)
    plain = plain_count(g, groups)
    b = network.brokerage(g, "group").set_index("id")
    for v in g:
        assert b.loc[v, COUNT_COLUMNS].tolist() == [plain[v][c] for c in COUNT_COLUMNS]


def test_undirected_edges_count_both_ways():
    """An undirected path x1 - y1 - y2 is the arcs both ways: y1 brokers (x1, y2) as gatekeeper
    and (y2, x1) as representative; the counts equal those of the symmetric digraph."""
    g = nx.Graph([("x1", "y1"), ("y1", "y2")])
    nx.set_node_attributes(g, {"x1": "X", "y1": "Y", "y2": "Y"}, "side")
    b = network.brokerage(g, "side").set_index("id")
    assert b.loc["y1", COUNT_COLUMNS].tolist() == [0, 0, 1, 1, 0, 2]
    d = network.brokerage(nx.DiGraph(g), "side").set_index("id")
    assert b[COUNT_COLUMNS].equals(d[COUNT_COLUMNS])
    assert np.allclose(b["z_total"], d["z_total"])


def test_knoke_information_network_roles(reference_dir):
    """Knoke's information network with its sectors (GOV / VOL / PVT): the matrix count equals
    the plain count, and the total equals the open two-paths (two-paths less closed ones)."""
    net = reference_dir / "networks"
    g = read_network_file(
        net / "knoke_bureaucracies.pajek", nodes=net / "knoke_bureaucracies_sectors.csv"
    )["Information exchange"]
    assert set(nx.get_node_attributes(g, "sector").values()) == {"GOV", "VOL", "PVT"}
    b = network.brokerage(g, "sector").set_index("id")
    plain = plain_count(g, nx.get_node_attributes(g, "sector"))
    for v in g:
        assert b.loc[v, COUNT_COLUMNS].tolist() == [plain[v][c] for c in COUNT_COLUMNS]
    a = network.adjacency(g)
    two = a @ a
    np.fill_diagonal(two, 0)
    assert b["total"].sum() == int(two.sum() - (two * a).sum())


def test_bad_attribute_and_null():
    g = hand_graph()
    g.nodes["c1"].pop("side")
    with pytest.raises(InputError, match="node 'c1' has no value"):
        network.brokerage(g, "side")
    with pytest.raises(InputError, match="unknown null model 'poisson'"):
        network.brokerage(hand_graph(), "side", null="poisson")


# --- Boundary brokerage of one group (Oud Noord: informal actors as the link) ----------------


def _labelled(graph, members):
    nx.set_node_attributes(graph, {v: v in members for v in graph}, "inside")
    return graph


@pytest.mark.parametrize("seed", [0, 1])
def test_boundary_brokerage_is_the_groups_representative_and_gatekeeper_roles(seed):
    """The observed count is the members' representative plus gatekeeper counts of
    :func:`network.brokerage` (checked against sna above), in a directed random graph."""
    g = nx.gnp_random_graph(9, 0.35, seed=seed, directed=True)
    members = {0, 2, 3, 7}
    _labelled(g, members)
    roles = network.brokerage(g, "inside").set_index("id")
    inside = roles.loc[sorted(members)]
    observed = network.boundary_brokerage(g, "inside", True).iloc[0]["observed"]
    assert observed == (inside["representative"] + inside["gatekeeper"]).sum()


@pytest.mark.parametrize("seed", [3, 4])
def test_boundary_brokerage_expectation_equals_the_mean_over_every_labelling(seed):
    """The formula of the expected count against a full enumeration of the C(7, 3) = 35 ways to
    give three of seven nodes the label."""
    g = nx.gnp_random_graph(7, 0.4, seed=seed, directed=True)
    counts = [
        network.boundary_brokerage(_labelled(g.copy(), set(c)), "inside", True).iloc[0]
        for c in itertools.combinations(range(7), 3)
    ]
    assert len(counts) == 35
    assert np.mean([c["observed"] for c in counts]) == pytest.approx(counts[0]["expected"])


def test_boundary_brokerage_test_holds_its_level_on_random_labels():
    """Random graphs with randomly placed members: the two-sided permutation test rejects at
    the 5 % level in at most 9 % of 150 networks (the binomial 95 % bound for a true rate of
    5 % is about 8.7 %), and a group that is the only link between two cliques is found."""
    rng = np.random.default_rng(5)
    rejected = 0
    for _ in range(150):
        g = nx.gnp_random_graph(16, 0.25, seed=int(rng.integers(1 << 30)))
        _labelled(g, set(rng.choice(16, 6, replace=False).tolist()))
        res = network.boundary_brokerage_test(g, "inside", True, permutations=199, n_boot=0)
        rejected += res.iloc[0]["p_value"] <= 0.05
    assert rejected / 150 <= 0.09
    # two cliques of six joined only through two members
    bridge = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    bridge.add_edges_from([(12, u) for u in range(12)] + [(13, u) for u in range(12)])
    res = network.boundary_brokerage_test(
        _labelled(bridge, {0, 1, 2, 12, 13}), "inside", True, permutations=499, n_boot=99
    ).iloc[0]
    assert res["p_value"] < 0.05 and res["excess_per_member"] > 0
    assert np.isfinite([res["ci_low"], res["ci_high"]]).all()
