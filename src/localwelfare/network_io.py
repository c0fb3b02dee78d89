"""Reading network files: Pajek, GraphML and edge-list CSV, with node tables.

The readers return ``{relation name: graph}`` (one graph per relation of a multi-relational
file), in the way of :mod:`networkx.readwrite`: a Pajek file (``.net``, ``.paj``, ``.pajek``;
several relations as several ``*Matrix``, ``*Arcs`` or ``*Edges`` sections, each optionally named
``:k "name"``), a GraphML file (``.graphml``; an edge attribute ``relation`` splits it into
relations) or an edge-list CSV (``from,to[,weight][,relation]``), optionally with a node table (a
column ``id`` (or ``label``, or ``name``) and attribute columns). Anything unreadable raises
:class:`~localwelfare.errors.InputError` naming the file (and the line, row or field).

Examples
--------
>>> rels = parse_pajek('*Vertices 2\\n1 "a"\\n2 "b"\\n*Arcs\\n1 2\\n')
>>> {k: sorted(g.edges()) for k, g in rels.items()}
{'relation 1': [('a', 'b')]}
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx
import pandas as pd

from localwelfare.errors import InputError

PAJEK_SUFFIXES = {".net", ".paj", ".pajek"}
#: A Pajek token: a double-quoted string or a run of non-blank characters.
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def read_network_file(
    path: str | Path, nodes: str | Path | None = None, undirected: bool = False
) -> dict[str, nx.Graph]:
    """Read a network file into ``{relation name: graph}``; ``nodes`` adds node attributes.

    Raises :class:`InputError` naming the file (and line or row) for anything unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in PAJEK_SUFFIXES:
        relations = parse_pajek(_read_text(path), source=str(path))
    elif suffix in {".graphml", ".xml"}:
        relations = read_graphml(path)
    elif suffix in {".csv", ".tsv", ".txt"}:
        relations = read_edge_csv(path, undirected=undirected)
    else:
        raise InputError(
            f"{path}: unknown network file type '{suffix}' "
            "(rule: .net/.paj/.pajek, .graphml or .csv)"
        )
    if nodes is not None:
        table = read_node_csv(nodes)
        edge_list = suffix not in PAJEK_SUFFIXES | {".graphml", ".xml"}
        for graph in relations.values():
            add_node_attributes(graph, table, source=str(nodes), add_missing=edge_list)
    return relations


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return path.read_bytes().decode("latin-1")


def parse_pajek(text: str, source: str = "<pajek>") -> dict[str, nx.DiGraph]:
    """Parse Pajek text into one graph per relation.

    Understands ``*Vertices n``, ``*Arcs``/``*Edges`` (lines ``i j [value]``),
    ``*Arcslist``/``*Edgeslist`` and ``*Matrix`` sections, each optionally tagged with a relation
    ``:k "name"`` (Pajek's multi-relational format); ``*Network``, ``*Partition``, ``*Vector``
    and ``%`` comment lines are skipped. Nodes are named by their labels (by number when labels
    repeat). Undirected ``*Edges`` become arcs both ways, so that a relation mixing arcs and
    edges is one directed graph.

    Examples
    --------
    >>> text = '*Vertices 3\\n1 "a"\\n2 "b"\\n3 "c"\\n*Matrix :1 "knows"\\n0 1 0\\n0 0 1\\n0 0 0\\n'
    >>> {k: sorted(g.edges()) for k, g in parse_pajek(text).items()}
    {'knows': [('a', 'b'), ('b', 'c')]}
    """
    lines = text.splitlines()
    n = None
    labels: dict[int, str] = {}
    relations: dict[str, list] = {}
    order: list[str] = []
    section, relation, matrix_row = None, None, 0
    undirected_only: dict[str, bool] = {}

    def fail(lineno: int, rule: str) -> InputError:
        return InputError(f"{source}, line {lineno}: {rule}")

    def tokens(line: str) -> list[str]:
        return [quoted if quoted or not bare else bare for quoted, bare in _TOKEN.findall(line)]

    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("*"):
            parts = tokens(line)
            head = parts[0].lower()
            if head == "*vertices" and section == "values":
                continue  # the values of a *Partition or *Vector
            if head == "*vertices":
                if len(parts) < 2 or not parts[1].isdigit():
                    raise fail(lineno, "*Vertices needs the number of vertices")
                n, section = int(parts[1]), "vertices"
                continue
            if head in ("*arcs", "*edges", "*arcslist", "*edgeslist", "*matrix"):
                if n is None:
                    raise fail(lineno, f"{parts[0]} before *Vertices")
                section = head[1:]
                rest = parts[1:]
                if rest and rest[0].startswith(":"):
                    number = rest[0][1:]
                    relation = " ".join(rest[1:]).strip() or f"relation {number}"
                else:
                    relation = " ".join(rest).strip() or "relation 1"
                if relation not in relations:
                    relations[relation] = []
                    order.append(relation)
                undirected_only[relation] = undirected_only.get(relation, True) and (
                    section in ("edges", "edgeslist")
                )
                matrix_row = 0
                continue
            # *Partition, *Vector, ... carry values per vertex (after their own *Vertices line);
            # *Network and other headers are skipped too
            values = ("*partition", "*vector", "*permutation", "*cluster", "*hierarchy")
            section = "values" if head in values else "skip"
            continue
        if section == "vertices":
            parts = tokens(line)
            if not parts[0].isdigit() or not 1 <= int(parts[0]) <= n:
                raise fail(lineno, f"vertex number must be 1..{n}, got '{parts[0]}'")
            labels[int(parts[0])] = parts[1].strip() if len(parts) > 1 else parts[0]
        elif section in ("arcs", "edges"):
            parts = line.split()
            try:
                i, j = int(parts[0]), int(parts[1])
                w = float(parts[2]) if len(parts) > 2 else 1.0
            except (ValueError, IndexError) as exc:
                raise fail(lineno, "an arc line needs 'from to [value]' as numbers") from exc
            _check_vertex(i, j, n, fail, lineno)
            relations[relation].append((i, j, w))
            if section == "edges":
                relations[relation].append((j, i, w))
        elif section in ("arcslist", "edgeslist"):
            try:
                ids = [int(x) for x in line.split()]
            except ValueError as exc:
                raise fail(lineno, "a list line needs vertex numbers") from exc
            for j in ids[1:]:
                _check_vertex(ids[0], j, n, fail, lineno)
                relations[relation].append((ids[0], j, 1.0))
                if section == "edgeslist":
                    relations[relation].append((j, ids[0], 1.0))
        elif section == "matrix":
            try:
                values = [float(x) for x in line.split()]
            except ValueError as exc:
                raise fail(lineno, "a matrix row needs numbers") from exc
            matrix_row += 1
            if matrix_row > n or len(values) != n:
                raise fail(lineno, f"the matrix must be {n} x {n} (rule: one row of {n} values)")
            for j, w in enumerate(values, start=1):
                if w != 0:
                    relations[relation].append((matrix_row, j, w))
    if n is None:
        raise InputError(f"{source}: not a Pajek network (rule: needs a *Vertices line)")
    if not relations:
        raise InputError(f"{source}: no *Arcs, *Edges or *Matrix section")
    names = [labels.get(i, str(i)) for i in range(1, n + 1)]
    if len(set(names)) < n:
        names = [str(i) for i in range(1, n + 1)]
    out = {}
    for rel in order:
        graph = nx.DiGraph(relation=rel)
        graph.add_nodes_from(names)
        for i, j, w in relations[rel]:
            graph.add_edge(names[i - 1], names[j - 1], weight=w)
        out[rel] = graph.to_undirected() if undirected_only[rel] else graph
    return out


def _check_vertex(i: int, j: int, n: int, fail, lineno: int) -> None:
    if not (1 <= i <= n and 1 <= j <= n):
        raise fail(lineno, f"vertex numbers must be 1..{n}, got {i} {j}")


def read_graphml(path: Path) -> dict[str, nx.Graph]:
    """Read a GraphML file; an edge attribute ``relation`` splits it into relations."""
    try:
        graph = nx.read_graphml(path)
    except Exception as exc:  # networkx raises several kinds for bad XML
        raise InputError(f"{path}: not a readable GraphML file ({exc})") from exc
    for node, data in graph.nodes(data=True):
        data.setdefault("label", node)
    if isinstance(graph, nx.MultiGraph | nx.MultiDiGraph):
        graph = nx.DiGraph(graph) if graph.is_directed() else nx.Graph(graph)
    rels = sorted({d["relation"] for _, _, d in graph.edges(data=True) if "relation" in d})
    if not rels:
        return {path.stem: graph}
    out = {}
    for rel in rels:
        g = graph.__class__(relation=rel)
        g.add_nodes_from(graph.nodes(data=True))
        g.add_edges_from(
            (u, v, d) for u, v, d in graph.edges(data=True) if d.get("relation") == rel
        )
        out[str(rel)] = g
    return out


def read_edge_csv(path: Path, undirected: bool = False) -> dict[str, nx.Graph]:
    """Read an edge list CSV with columns ``from,to[,weight][,relation]``."""
    frame = _read_csv(path)
    for col in ("from", "to"):
        if col not in frame.columns:
            raise InputError(f"{path}: field '{col}': required column missing (rule: from,to)")
    if "weight" in frame.columns:
        weights = pd.to_numeric(frame["weight"], errors="coerce")
        bad = weights.isna() & frame["weight"].notna()
        if bad.any():
            row = int(bad.idxmax()) + 2
            raise InputError(f"{path}, row {row}, field 'weight': not a number")
        frame["weight"] = weights.fillna(1.0)
    else:
        frame["weight"] = 1.0
    for col in ("from", "to"):
        empty = frame[col].isna() | (frame[col].astype(str).str.strip() == "")
        if empty.any():
            raise InputError(f"{path}, row {int(empty.idxmax()) + 2}, field '{col}': empty")
    frame["relation"] = frame["relation"].astype(str) if "relation" in frame else path.stem
    nodes = sorted(set(frame["from"].astype(str)) | set(frame["to"].astype(str)))
    out = {}
    for rel, block in frame.groupby("relation", sort=False):
        graph = nx.Graph(relation=rel) if undirected else nx.DiGraph(relation=rel)
        graph.add_nodes_from(nodes)
        for u, v, w in block[["from", "to", "weight"]].itertuples(index=False):
            graph.add_edge(str(u), str(v), weight=float(w))
        out[str(rel)] = graph
    return out


#: Columns accepted as the node identifier of a node table, in order of preference.
NODE_ID_COLUMNS = ["id", "label", "name"]


def read_node_csv(path: str | Path) -> pd.DataFrame:
    """Read a node table whose ``id`` column (else ``label``, else ``name``) matches the node
    names of the network (Pajek labels, GraphML ids, edge-list names)."""
    frame = _read_csv(Path(path))
    key = next((c for c in NODE_ID_COLUMNS if c in frame.columns), None)
    if key is None:
        raise InputError(f"{path}: field 'id': required column missing (rule: id,attributes)")
    frame = frame.rename(columns={key: "id"})
    frame["id"] = frame["id"].astype(str).str.strip()
    dup = frame["id"].duplicated()
    if dup.any():
        raise InputError(f"{path}, row {int(dup.idxmax()) + 2}, field 'id': duplicate id")
    return frame


def add_node_attributes(
    graph: nx.Graph, table: pd.DataFrame, source: str, add_missing: bool = False
) -> None:
    """Set the node attributes of ``table`` (its ``id`` column names the nodes) on ``graph``.

    Every node of the graph needs a row. With ``add_missing`` (edge lists, which cannot list
    isolates) rows naming no node of the graph add isolated nodes; otherwise they are refused.
    """
    known = set(table["id"])
    extra = [i for i in table["id"] if i not in {str(v) for v in graph}]
    if extra and not add_missing:
        raise InputError(
            f"{source}: field 'id': '{extra[0]}' is not a node of the network "
            f"(rule: node table ids must match the network's node names)"
        )
    graph.add_nodes_from(extra)
    unknown = [v for v in graph if str(v) not in known]
    if unknown:
        raise InputError(
            f"{source}: field 'id': node '{unknown[0]}' of the network is not in the node table "
            f"(rule: every node needs a row; {len(unknown)} missing)"
        )
    records = table.set_index("id").to_dict("index")
    for v in graph:
        graph.nodes[v].update(
            {
                k: val
                for k, val in records[str(v)].items()
                if not (isinstance(val, float) and val != val)
            }
        )


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(4096)
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:  # e.g. a single column
            delimiter = ","
        return pd.read_csv(path, sep=delimiter, dtype=str, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
