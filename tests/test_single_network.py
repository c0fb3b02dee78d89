"""The single-network chapters (Antwerp and its Zurich comparison case, Oud Noord): brokerage
roles by organisation and by side, the welfare meetings' participants, and the chapters' prose.
Every expected value is counted by hand in the test's docstring."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from localwelfare import chapter, findings


def _path():
    """a - b - c - d, with a and b in group A and c and d in group B.

    Open two-paths (an undirected tie is two arcs, so each counts both ways): a->b->c and
    c->b->a through b, b->c->d and d->c->b through c; a and d broker nothing. Through b,
    a->b->c is A->A->B (representative) and c->b->a is B->A->A (gatekeeper); through c,
    b->c->d is A->B->B (gatekeeper) and d->c->b is B->B->A (representative).
    """
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    nx.set_node_attributes(g, {"a": "A", "b": "A", "c": "B", "d": "B"}, "side")
    nx.set_node_attributes(g, {v: v.upper() + "1" for v in g}, "label")
    return g


def test_broker_roles_count_each_organisations_roles_and_put_boundary_brokers_first():
    roles = findings.broker_roles(_path(), "side", {"A": "side A", "B": "side B"})
    assert roles["label"].tolist() == ["B1", "C1", "A1", "D1"]
    assert roles["group"].tolist() == ["side A", "side B", "side A", "side B"]
    by = roles.set_index("label")
    for broker in ("B1", "C1"):
        assert by.loc[broker, ["representative", "gatekeeper", "total"]].tolist() == [1, 1, 2]
        assert by.loc[broker, ["coordinator", "itinerant", "liaison"]].tolist() == [0, 0, 0]
    assert by.loc[["A1", "D1"], "total"].tolist() == [0, 0]


def test_broker_roles_keep_only_the_members_asked_for():
    roles = findings.broker_roles(_path(), "side", members=["c"])
    assert roles["label"].tolist() == ["C1"]
    assert roles["group"].tolist() == ["B"]


def test_boundary_table_sets_each_sides_brokerage_against_chance():
    """Four open two-paths (P = 4) in n = 4 nodes; a side of k = 2 holds a boundary role on a
    random labelling with probability 2 k (k - 1) (n - k) / (n (n - 1) (n - 2)) = 8 / 24, so
    expected = 4 / 3. Side A's members broker across the line twice (b), side B's twice (c):
    excess per member (2 - 4/3) / 2 = 1/3."""
    table = findings.boundary_table(_path(), "side", {"A": "side A"})
    assert table.index.tolist() == ["side A", "B"]
    assert table["members"].tolist() == [2, 2]
    assert table["boundary_two_paths"].tolist() == [2, 2]
    assert table["expected"].tolist() == pytest.approx([4 / 3, 4 / 3])
    assert table["excess_per_member"].tolist() == pytest.approx([1 / 3, 1 / 3])


def test_meetings_table_sets_attendees_beside_those_that_stay_away():
    """The host h holds the meetings; p1 (2 meetings) and p4 (1) attend; p2 (0) stays away; p3
    has no record and is left out, as the claim leaves it out. Means: attendees degree
    (3 + 1) / 2 = 2, betweenness 0.05, meetings 1.5; p2 degree 1, betweenness 0, meetings 0."""
    nodes = pd.DataFrame(
        {
            "network_id": "n",
            "node": ["h", "p1", "p2", "p3", "p4"],
            "sector": ["centre", "ngo", "ngo", "health", "health"],
            "degree": [4, 3, 1, 2, 1],
            "betweenness": [0.5, 0.1, 0.0, 0.2, 0.0],
        }
    )
    meetings = pd.DataFrame(
        {
            "network_id": "n",
            "organisation_id": ["h", "p1", "p2", "p4"],
            "meetings_attended": [10, 2, 0, 1],
        }
    )
    table = findings.meetings_table(nodes, meetings, "centre")
    assert table.index.tolist() == [
        "centres (hold the meetings)",
        "partners that attend",
        "partners that stay away",
    ]
    assert table["organisations"].tolist() == [1, 2, 1]
    assert table["meetings_attended"].tolist() == pytest.approx([10, 1.5, 0])
    assert table["degree"].tolist() == pytest.approx([4, 2, 1])
    assert table["betweenness"].tolist() == pytest.approx([0.5, 0.05, 0.0])
    # a sector of the data is named by its label, in the plural
    nodes["sector"] = nodes["sector"].replace({"centre": "pcsw"})
    table = findings.meetings_table(nodes, meetings, "pcsw")
    assert table.index[0] == "PCSWs (hold the meetings)"


def _claims(*rows):
    base = {"question": "antwerp-governance", "kind": "difference", "estimate": 1.5,
            "ci_low": 0.6, "ci_high": 2.4, "p_value": 0.001, "p_adjusted": 0.004,
            "supported": True, "effect_size_name": "mean_difference", "robust_in": 6,
            "specifications": 8, "reason": "", "statement": "Attendees have more partners",
            "claim": "Attendees have more partners", "direction": "more"}  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


def test_meetings_text_counts_the_partners_and_states_the_claim():
    text = chapter.meetings_text(_claims({"claim_id": "meetings-degree"}), 15, 1)
    assert text.startswith(
        "Of the partners other than the centres, 15 organisations attended at least one "
        "meeting and 1 organisation none."
    )
    assert "Attendees have more partners" in text
    assert "not which comes first" in text


def test_meetings_text_says_when_a_network_has_no_attendance_record():
    text = chapter.meetings_text(_claims({"claim_id": "other"}), 0, 0)
    assert "no record of welfare-meeting attendance" in text
    assert "Attendees" not in text


def test_the_comparison_case_and_the_antwerp_network_ask_different_questions():
    antwerp = chapter.neighbourhood_role_text(
        "antwerp", "shared_participant", "zurich", "lead_organisation"
    )
    assert antwerp.startswith(
        "Its members declare the network governed by its members together, in "
        "shared-participant governance."
    )
    assert "as far as one network allows" in antwerp
    assert antwerp.endswith("beside the Zurich network, governed by a lead organisation, "
                            "measured the same way.")  # fmt: skip
    alone = chapter.neighbourhood_role_text("antwerp", "shared_participant")
    assert "Zurich" not in alone
    zurich = chapter.neighbourhood_role_text("zurich", "lead_organisation")
    assert "comparison case" in zurich and "welfare meetings" not in zurich
