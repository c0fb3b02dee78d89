"""``python -m localwelfare network ...``: network analyses of one's own files.

``network measures PATH`` prints whole-network measures, one CSV row per relation;
``network brokerage PATH --group ATTR`` prints Gould & Fernandez's brokerage roles, one CSV row
per node. Both read a Pajek file (``.net``, ``.paj``, ``.pajek``; several relations as several
``*Matrix``, ``*Arcs`` or ``*Edges`` sections, each optionally named ``:k "name"``), a GraphML
file (``.graphml``; an edge attribute ``relation`` splits it into relations) or an edge-list CSV
(``from,to[,weight][,relation]``), optionally with a node table (``--nodes NODES.csv``: a column
``id`` (or ``label``) and attribute columns); the readers are in :mod:`localwelfare.network_io`.

Examples
--------
::

    python -m localwelfare network measures knoke.pajek --relation "Information exchange" \\
        --nodes sectors.csv --group sector
    python -m localwelfare network brokerage knoke.pajek --relation "Information exchange" \\
        --nodes sectors.csv --group sector
"""

from __future__ import annotations

import argparse
import sys

import networkx as nx
import pandas as pd

from localwelfare import network
from localwelfare.errors import InputError
from localwelfare.network_io import read_network_file, read_node_csv

#: Columns printed by ``network measures`` (``--group`` adds :data:`GROUP_COLUMNS`).
COLUMNS = [
    "relation",
    "n_nodes",
    "n_ties",
    "density",
    "avg_degree",
    "out_centralization",
    "in_centralization",
    "degree_centralization",
    "betweenness_centralization",
    "arc_reciprocity",
    "dyad_reciprocity",
    "weak_components",
    "strong_components",
    "connectedness",
    "transitivity",
    "avg_distance",
    "diameter",
    "compactness",
]
GROUP_COLUMNS = ["ei_index", "ei_expected", "ei_p_value"]
#: Columns printed by ``network brokerage``: raw counts, then z-scores.
BROKERAGE_COLUMNS = (
    ["id", "group"]
    + network.BROKERAGE_ROLES
    + ["total"]
    + [f"z_{c}" for c in network.BROKERAGE_ROLES + ["total"]]
)


def register(subparsers) -> None:
    """Add the ``network`` command group."""
    group = subparsers.add_parser("network", help="network analyses (WP1) of one's own files")
    sub = group.add_subparsers(dest="network_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser(
        "measures",
        help="whole-network measures (UCINET conventions) of a Pajek, GraphML or CSV file",
        description="Print whole-network measures, one CSV row per relation, to stdout.",
    )
    p.add_argument("path", help="Pajek (.net/.paj/.pajek), GraphML (.graphml) or edge-list CSV")
    p.add_argument("--relation", action="append", help="only this relation (repeatable)")
    p.add_argument("--nodes", help="node table CSV: column id and attribute columns")
    p.add_argument("--group", help="node attribute for the E-I index (adds ei_* columns)")
    p.add_argument(
        "--symmetrise",
        choices=network.SYMMETRISATION_RULES,
        help="symmetrisation rule (default: keep the direction of ties)",
    )
    p.add_argument(
        "--threshold", type=float, default=None, help="keep ties with value >= THRESHOLD"
    )
    p.add_argument("--undirected", action="store_true", help="edge-list CSV: ties are undirected")
    p.add_argument("--permutations", type=int, default=5000, help="E-I permutations (5000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the E-I permutations (0)")
    p.set_defaults(handler=measures_command)

    b = sub.add_parser(
        "brokerage",
        help="Gould & Fernandez brokerage roles of each node of a Pajek, GraphML or CSV file",
        description=(
            "Print each node's brokerage roles (open two-paths i -> j -> k with no tie i -> k, "
            "by the groups of i, j and k), raw counts then z-scores, one CSV row per node, to "
            "stdout. Undirected ties count as arcs both ways."
        ),
    )
    b.add_argument("path", help="Pajek (.net/.paj/.pajek), GraphML (.graphml) or edge-list CSV")
    b.add_argument("--nodes", help="node table CSV: column id and attribute columns")
    b.add_argument("--group", required=True, help="node attribute giving each node's group")
    b.add_argument("--relation", help="the relation to use (needed when the file has several)")
    b.add_argument(
        "--null",
        choices=network.BROKERAGE_NULLS,
        default="density",
        help="model of the z-scores: density (sna::brokerage, default) or labels "
        "(random assignment of the other nodes' groups)",
    )
    b.add_argument(
        "--threshold", type=float, default=None, help="keep ties with value >= THRESHOLD"
    )
    b.add_argument("--undirected", action="store_true", help="edge-list CSV: ties are undirected")
    b.set_defaults(handler=brokerage_command)


def measures_command(args: argparse.Namespace) -> int:
    """Handler of ``network measures``."""
    relations = read_network_file(args.path, nodes=args.nodes, undirected=args.undirected)
    if args.relation:
        relations = _select(relations, args.relation, args.path)
    table = measures_table(
        relations,
        group=args.group,
        symmetrise=args.symmetrise,
        threshold=args.threshold,
        permutations=args.permutations,
        seed=args.seed,
        source=args.path,
    )
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _select(relations: dict[str, nx.Graph], names: list[str], path) -> dict[str, nx.Graph]:
    unknown = [r for r in names if r not in relations]
    if unknown:
        raise InputError(
            f"{path}: no relation named '{unknown[0]}' "
            f"(relations: {', '.join(repr(r) for r in relations)})"
        )
    return {r: relations[r] for r in names}


def brokerage_command(args: argparse.Namespace) -> int:
    """Handler of ``network brokerage``."""
    relations = read_network_file(args.path, nodes=args.nodes, undirected=args.undirected)
    if args.relation:
        relations = _select(relations, [args.relation], args.path)
    elif len(relations) > 1:
        raise InputError(
            f"{args.path}: {len(relations)} relations, choose one with --relation "
            f"(relations: {', '.join(repr(r) for r in relations)})"
        )
    (graph,) = relations.values()
    if args.threshold is not None:
        graph = network.dichotomise(graph, args.threshold)
    check_group(graph, args.group, args.path, args.nodes)
    table = network.brokerage(graph, args.group, null=args.null)
    table[BROKERAGE_COLUMNS].to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def check_group(graph: nx.Graph, group: str, path, nodes=None) -> None:
    """Refuse a group attribute that some node lacks, naming the file, row and field.

    With a node table the message names the table (and the row of an empty value); otherwise
    the network file and the node.
    """
    missing = [
        v
        for v, val in graph.nodes(data=group)
        if val is None or (isinstance(val, float) and val != val)
    ]
    if not missing:
        return
    if nodes is not None:
        table = read_node_csv(nodes)
        if group not in table.columns:
            columns = ", ".join(c for c in table.columns if c != "id")
            raise InputError(
                f"{nodes}: field '{group}': no such column in the node table "
                f"(rule: --group names a node attribute; columns: {columns or 'none'})"
            )
        empty = table[group].isna() | (table[group].astype(str).str.strip() == "")
        if empty.any():
            row = int(empty.idxmax()) + 2
            raise InputError(
                f"{nodes}, row {row}, field '{group}': empty (rule: every node needs a group; "
                f"{int(empty.sum())} empty)"
            )
    raise InputError(
        f"{path}: node '{missing[0]}', field '{group}': no value for the group attribute "
        f"(rule: every node needs one, in the file or with --nodes; {len(missing)} missing)"
    )


def measures_table(
    relations: dict[str, nx.Graph],
    group: str | None = None,
    symmetrise: str | None = None,
    threshold: float | None = None,
    permutations: int = 5000,
    seed: int = 0,
    source: str = "",
) -> pd.DataFrame:
    """Return the command's table: one row per relation with :data:`COLUMNS` (and E-I)."""
    rows = []
    for name, graph in relations.items():
        g = graph
        if threshold is not None:
            g = network.dichotomise(g, threshold)
        if symmetrise is not None:
            g = network.symmetrise(g, symmetrise)
        if g.number_of_nodes() < 2:
            raise InputError(f"{source}: relation '{name}' has fewer than 2 nodes")
        m = network.whole_network_measures(g, core_periphery=False)
        row = {"relation": name, **{c: m[c] for c in COLUMNS[1:]}}
        if group:
            missing = [v for v, val in g.nodes(data=group) if val is None]
            if missing:
                raise InputError(
                    f"{source}: node '{missing[0]}', field '{group}': no value for the group "
                    "attribute (rule: every node needs one; give it with --nodes)"
                )
            ei = network.ei_index(g, group, permutations=permutations, seed=seed).iloc[0]
            row.update({c: ei[c] for c in GROUP_COLUMNS})
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS + (GROUP_COLUMNS if group else []))
