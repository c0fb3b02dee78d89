"""``python -m localwelfare network measures PATH``: whole-network measures of one's own files.

Reads a Pajek file (``.net``, ``.paj``, ``.pajek``; several relations as several ``*Matrix``,
``*Arcs`` or ``*Edges`` sections, each optionally named ``:k "name"``), a GraphML file
(``.graphml``; an edge attribute ``relation`` splits it into relations) or an edge-list CSV
(``from,to[,weight][,relation]``), optionally with a node table (``--nodes NODES.csv``: a column
``id`` (or ``label``) and attribute columns), and prints one CSV row per relation to stdout.

Examples
--------
::

    python -m localwelfare network measures knoke.pajek --relation "Information exchange" \\
        --nodes sectors.csv --group sector
"""

from __future__ import annotations

import argparse
import sys

import networkx as nx
import pandas as pd

from localwelfare import network
from localwelfare.errors import InputError
from localwelfare.network_io import (  # noqa: F401  (re-exported: the readers lived here)
    NODE_ID_COLUMNS,
    PAJEK_SUFFIXES,
    add_node_attributes,
    parse_pajek,
    read_edge_csv,
    read_graphml,
    read_network_file,
    read_node_csv,
)

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


def measures_command(args: argparse.Namespace) -> int:
    """Handler of ``network measures``."""
    relations = read_network_file(args.path, nodes=args.nodes, undirected=args.undirected)
    if args.relation:
        unknown = [r for r in args.relation if r not in relations]
        if unknown:
            raise InputError(
                f"{args.path}: no relation named '{unknown[0]}' "
                f"(relations: {', '.join(repr(r) for r in relations)})"
            )
        relations = {r: relations[r] for r in args.relation}
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
