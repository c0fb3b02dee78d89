"""``python -m localwelfare network measures``: reads Pajek (multi-relation), GraphML and edge-list
CSV files, prints UCINET's values, and refuses unreadable files with exit status 2."""

from __future__ import annotations

import io

import networkx as nx
import pandas as pd
import pytest

from localwelfare import cli
from localwelfare.commands.network import COLUMNS
from localwelfare.errors import InputError
from localwelfare.network_io import parse_pajek

#: CLI column -> UCINET 6.849 heading (reference CSV).
UCINET_OF_COLUMN = {
    "n_nodes": "# of nodes",
    "n_ties": "# of ties",
    "density": "Density",
    "avg_degree": "Avg Degree",
    "out_centralization": "Out-Centralization",
    "in_centralization": "In-Centralization",
    "degree_centralization": "Deg Centralization",
    "arc_reciprocity": "Arc Reciprocity",
    "dyad_reciprocity": "Dyad Reciprocity",
    "strong_components": "Components",
    "connectedness": "Connectedness",
    "transitivity": "Transitivity/Closure",
    "avg_distance": "Avg Distance",
    "diameter": "Diameter",
    "compactness": "Compactness",
}


def run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main(["network", "measures", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_on_krackhardt_pajek_matches_ucinet(capsys, reference_dir):
    status, out, _ = run(capsys, reference_dir / "networks" / "krackhardt_hightech_managers.paj")
    assert status == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.columns.tolist() == COLUMNS
    assert table["relation"].tolist() == ["gives_advice_to", "is_friend_of", "reports_to"]
    ref = pd.read_csv(reference_dir / "networks" / "krackhardt_hightech_ucinet6849_measures.csv")
    ref = ref.set_index("measure")
    for row, column in zip(table.itertuples(), ["Advice", "Friendship", "ReportTo"], strict=True):
        for col, heading in UCINET_OF_COLUMN.items():
            assert getattr(row, col) == pytest.approx(float(ref.loc[heading, column]), abs=1e-6)
    # weak components: all three relations hang together once direction is ignored
    assert table["weak_components"].tolist() == [1, 1, 1]


def test_cli_relation_and_group_on_knoke(capsys, reference_dir):
    status, out, _ = run(
        capsys,
        reference_dir / "networks" / "knoke_bureaucracies.pajek",
        "--relation",
        "Information exchange",
        "--nodes",
        reference_dir / "networks" / "knoke_bureaucracies_sectors.csv",
        "--group",
        "sector",
        "--permutations",
        "200",
    )
    assert status == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.columns.tolist() == COLUMNS + ["ei_index", "ei_expected", "ei_p_value"]
    (row,) = table.itertuples()
    assert row.relation == "Information exchange" and row.n_ties == 49
    assert row.ei_index == pytest.approx(25 / 49)  # hand count, see test_network.py
    assert row.ei_expected == pytest.approx(38 / 90)


def test_cli_unknown_relation_and_unreadable_files_exit_2(capsys, reference_dir, tmp_path):
    status, _, err = run(
        capsys, reference_dir / "networks" / "knoke_bureaucracies.pajek", "--relation", "Gossip"
    )
    assert status == 2 and "no relation named 'Gossip'" in err
    bad = tmp_path / "broken.net"
    bad.write_text("*Vertices 3\n1 a\n2 b\n3 c\n*Arcs\n1 7\n")
    status, out, err = run(capsys, bad)
    assert status == 2 and out == ""
    assert "broken.net, line 6" in err and "1..3" in err
    notxml = tmp_path / "x.graphml"
    notxml.write_text("not xml at all")
    status, _, err = run(capsys, notxml)
    assert status == 2 and "x.graphml" in err
    status, _, err = run(capsys, tmp_path / "missing.csv")
    assert status == 2 and "no such file" in err


def test_edge_csv_and_graphml_give_the_pajek_values(capsys, reference_dir, tmp_path):
    paj = reference_dir / "networks" / "knoke_bureaucracies.pajek"
    _, out_paj, _ = run(capsys, paj, "--relation", "Money exchange")
    from localwelfare.network_io import read_network_file

    money = read_network_file(paj)["Money exchange"]
    edges = tmp_path / "money.csv"
    pd.DataFrame(list(money.edges()), columns=["from", "to"]).to_csv(edges, index=False)
    nodes = tmp_path / "nodes.csv"
    pd.DataFrame({"id": list(money.nodes())}).to_csv(nodes, index=False)
    _, out_csv, _ = run(capsys, edges, "--nodes", nodes)
    graphml = tmp_path / "money.graphml"
    nx.write_graphml(money, graphml)
    _, out_graphml, _ = run(capsys, graphml)
    tables = [pd.read_csv(io.StringIO(o)).drop(columns="relation") for o in (out_paj, out_csv)]
    tables.append(pd.read_csv(io.StringIO(out_graphml)).drop(columns="relation"))
    assert tables[0]["n_nodes"].item() == 10  # the isolate (WRO) comes from the node table
    for other in tables[1:]:
        pd.testing.assert_frame_equal(tables[0], other, check_exact=False, rtol=1e-12)


def test_edge_csv_without_nodes_misses_isolates_and_node_table_must_cover(tmp_path, capsys):
    edges = tmp_path / "e.csv"
    edges.write_text("from,to,weight\na,b,2\nb,c,x\n")
    status, _, err = run(capsys, edges)
    assert status == 2 and "row 3, field 'weight'" in err
    edges.write_text("from,to\na,b\nb,c\n")
    nodes = tmp_path / "n.csv"
    nodes.write_text("id,sector\na,x\nb,y\n")
    status, _, err = run(capsys, edges, "--nodes", nodes)
    assert status == 2 and "node 'c'" in err


def test_parse_pajek_edges_lists_and_multi_relation():
    text = (
        '*Network test\n*Vertices 4\n1 "A"\n2 "B"\n3 "C"\n4 "D"\n'
        '*Edges :1 "talks"\n1 2\n2 3 2.5\n'
        '*Arcslist :2 "helps"\n1 2 3 4\n'
        "*Partition sector\n*Vertices 4\n1\n1\n2\n2\n"
    )
    rels = parse_pajek(text)
    assert list(rels) == ["talks", "helps"]
    assert not rels["talks"].is_directed() and rels["talks"]["B"]["C"]["weight"] == 2.5
    assert sorted(rels["helps"].edges()) == [("A", "B"), ("A", "C"), ("A", "D")]
    with pytest.raises(InputError, match="line 7"):
        parse_pajek('*Vertices 2\n1 "a"\n2 "b"\n*Matrix\n0 1\n1 0\n0 0\n')
    with pytest.raises(InputError, match="needs a \\*Vertices line"):
        parse_pajek("hello\n")
