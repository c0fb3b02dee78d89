"""``python -m localwelfare network brokerage``: the same network as Pajek, GraphML and edge-list
CSV gives the same table (the hand count of test_network_brokerage.py), and bad input exits 2
with a message naming the file and the field."""

from __future__ import annotations

import io

import networkx as nx
import pandas as pd
import pytest

from localwelfare import cli
from localwelfare.commands.network import BROKERAGE_COLUMNS

#: The hand-counted network of test_network_brokerage.py (its docstring lists every two-path).
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
#: Its hand count (test_network_brokerage.test_roles_counted_by_hand).
HAND = {
    "a1": [0, 1, 0, 1, 0, 2],
    "a2": [1, 0, 0, 0, 0, 1],
    "a3": [0, 0, 0, 0, 0, 0],
    "b1": [0, 0, 0, 2, 2, 4],
    "b2": [0, 0, 1, 0, 1, 2],
    "c1": [0, 0, 0, 0, 0, 0],
}


def run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main(["network", "brokerage", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def files(tmp_path):
    """The hand network as Pajek (+ node table), GraphML (groups inside) and edge-list CSV."""
    nodes = list(GROUPS)
    number = {v: i for i, v in enumerate(nodes, start=1)}
    pajek = tmp_path / "hand.net"
    pajek.write_text(
        f"*Vertices {len(nodes)}\n"
        + "".join(f'{number[v]} "{v}"\n' for v in nodes)
        + "*Arcs\n"
        + "".join(f"{number[u]} {number[v]}\n" for u, v in ARCS)
    )
    table = tmp_path / "nodes.csv"
    pd.DataFrame({"id": nodes, "side": [GROUPS[v] for v in nodes]}).to_csv(table, index=False)
    graphml = tmp_path / "hand.graphml"
    g = nx.DiGraph()
    g.add_nodes_from((v, {"side": GROUPS[v]}) for v in nodes)
    g.add_edges_from(ARCS)
    nx.write_graphml(g, graphml)
    edges = tmp_path / "hand.csv"
    pd.DataFrame(ARCS, columns=["from", "to"]).to_csv(edges, index=False)
    return {"pajek": pajek, "graphml": graphml, "csv": edges, "nodes": table}


def test_same_table_from_pajek_graphml_and_csv(capsys, files):
    outputs = {}
    for kind in ("pajek", "graphml", "csv"):
        extra = [] if kind == "graphml" else ["--nodes", files["nodes"]]
        status, out, err = run(capsys, files[kind], *extra, "--group", "side")
        assert status == 0, err
        table = pd.read_csv(io.StringIO(out), dtype={"id": str})
        assert table.columns.tolist() == BROKERAGE_COLUMNS
        outputs[kind] = table.sort_values("id").reset_index(drop=True)
    for kind in ("graphml", "csv"):
        pd.testing.assert_frame_equal(outputs["pajek"], outputs[kind])
    table = outputs["pajek"].set_index("id")
    for node, counts in HAND.items():
        assert table.loc[node, BROKERAGE_COLUMNS[2:8]].tolist() == counts
    assert table.loc["b1", "z_total"] == pytest.approx(1.809876, abs=1e-6)
    assert pd.isna(table.loc["b1", "z_coordinator"])


def test_labels_null_and_relation_choice(capsys, files, tmp_path):
    status, out, _ = run(
        capsys, files["pajek"], "--nodes", files["nodes"], "--group", "side", "--null", "labels"
    )
    assert status == 0
    table = pd.read_csv(io.StringIO(out)).set_index("id")
    assert table.loc["a2", "z_coordinator"] == pytest.approx(3.0)
    multi = tmp_path / "multi.csv"
    frame = pd.DataFrame(ARCS, columns=["from", "to"]).assign(relation="talks")
    extra = pd.DataFrame([("c1", "a3", "helps")], columns=["from", "to", "relation"])
    pd.concat([frame, extra]).to_csv(multi, index=False)
    status, _, err = run(capsys, multi, "--nodes", files["nodes"], "--group", "side")
    assert status == 2 and "multi.csv: 2 relations, choose one with --relation" in err
    status, out, _ = run(
        capsys, multi, "--nodes", files["nodes"], "--group", "side", "--relation", "talks"
    )
    assert status == 0
    table = pd.read_csv(io.StringIO(out)).set_index("id")
    assert table.loc["b1", BROKERAGE_COLUMNS[2:8]].tolist() == HAND["b1"]
    status, _, err = run(capsys, multi, "--group", "side", "--relation", "gossip")
    assert status == 2 and "no relation named 'gossip'" in err


def test_missing_group_attribute_exits_2_naming_file_and_field(capsys, files, tmp_path):
    # no node table: the Pajek file has no groups
    status, out, err = run(capsys, files["pajek"], "--group", "side")
    assert status == 2 and out == ""
    assert "hand.net: node 'a1', field 'side': no value for the group attribute" in err
    # a node table without that column
    status, _, err = run(capsys, files["pajek"], "--nodes", files["nodes"], "--group", "sector")
    assert status == 2
    assert "nodes.csv: field 'sector': no such column in the node table" in err
    assert "columns: side" in err
    # an empty cell
    holes = tmp_path / "holes.csv"
    holes.write_text("id,side\na1,A\na2,A\na3,A\nb1,\nb2,B\nc1,C\n")
    status, _, err = run(capsys, files["csv"], "--nodes", holes, "--group", "side")
    assert status == 2 and "holes.csv, row 5, field 'side': empty" in err
    # GraphML whose nodes lack the attribute
    status, _, err = run(capsys, files["graphml"], "--group", "sector")
    assert status == 2 and "hand.graphml: node 'a1', field 'sector'" in err


def test_group_option_is_required(capsys, files):
    with pytest.raises(SystemExit) as stop:
        cli.main(["network", "brokerage", str(files["pajek"])])
    assert stop.value.code == 2
    assert "--group" in capsys.readouterr().err
