"""WP1 network mapping: graphs from tie tables and whole-network, node and group measures.

The functions here take tie and organisation tables (as :func:`localwelfare.data.load` returns
them) or networkx graphs, and return graphs or tidy DataFrames. They never read files or plot.

Conventions
-----------
Whole-network measures follow UCINET 6 ("Network > Whole-network measures", the 33-measure
cohesion block) so that a result can be checked against UCINET:

* ties are **arcs**: a directed graph counts each arc, an undirected graph is treated as a
  symmetric matrix, so each edge counts twice (``n_ties``, ``avg_degree = n_ties / n``);
  valued ties are dichotomised at ``> 0`` and self-ties are ignored;
* ``density = n_ties / (n (n - 1))``;
* Freeman out- and in-degree centralisation divide ``sum(max - d_i)`` by ``(n - 1)^2``; the
  degree centralisation of the underlying undirected graph divides by ``(n - 1)(n - 2)``;
* ``strong_components`` is UCINET's "Components" (strongly connected components);
  ``component_ratio = (c - 1) / (n - 1)``;
* ``connectedness`` is the share of ordered pairs ``(i, j)`` such that ``j`` can be reached from
  ``i``; ``fragmentation = 1 - connectedness``;
* distance measures (average, SD, diameter, Wiener index, dependency sum) use the reachable
  ordered pairs only; ``compactness`` is the mean of ``1 / d_ij`` over all ordered pairs (0 when
  unreachable) and ``breadth = 1 - compactness``;
* ``transitivity`` (UCINET "Transitivity/Closure") is the share of two-paths ``i -> j -> k``
  (``i != k``) closed by an arc ``i -> k``; ``transitivity_index`` compares it with the density:
  ``(t - density) / (1 - density)``;
* ``arc_reciprocity`` is the share of arcs that are reciprocated, ``dyad_reciprocity`` the share of
  connected dyads that are mutual; ``reciprocity_index = (arc_reciprocity - density) / (1 -
  density)``;
* the k-core index and degree centralisation describe the underlying undirected graph;
* ``small_worldness`` is reported only for a strongly connected graph with average degree above
  1: ``(t / density) / (L / L_rand)`` with ``L_rand = (ln n - 0.5772) / ln k + 0.5`` (Fronczak,
  Fronczak & Holyst 2004).

Betweenness centralisation (not in UCINET's block) is Freeman's index over normalised
betweenness: ``sum(max - b_i) / (n - 1)``; core-periphery fit is Borgatti & Everett's (2000)
correlation between the data and the ideal core-periphery pattern (:func:`core_periphery`).

Examples
--------
>>> import networkx as nx
>>> from localwelfare import network
>>> g = nx.DiGraph([(0, 1), (1, 0), (1, 2)])
>>> m = network.whole_network_measures(g, core_periphery=False)
>>> m["n_ties"], round(m["density"], 4), round(m["arc_reciprocity"], 4)
(3, 0.5, 0.6667)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

from localwelfare.errors import InputError

#: Tie types asked in the whole-network survey (one multiplex layer each).
TIE_TYPES = ["information", "client_referral", "joint_activity", "resource_sharing"]
#: Items of the PARTNER trust score and value score (each rated 1-4 by the reporting partner).
TRUST_ITEMS = ["trust_openness", "trust_reliability", "trust_mission"]
VALUE_ITEMS = ["value_power", "value_resources", "value_involvement"]
#: Symmetrisation rules: ``union`` (a tie if either reports it; valued: the larger value),
#: ``reciprocated`` (a tie only if both report it; valued: the smaller value), and for valued ties
#: ``max``, ``min`` and ``mean`` (mean of the two values, an unreported arc counting 0).
SYMMETRISATION_RULES = ["union", "reciprocated", "max", "min", "mean"]
#: Non-response strategies: keep ties as ``observed``; ``reconstruct`` a non-respondent's ties from
#: its partners' reports (reciprocity imputation); ``drop`` non-respondents from the network.
NONRESPONSE_STRATEGIES = ["observed", "reconstruct", "drop"]

#: UCINET 6 headings of the whole-network measures (snake_case name -> UCINET row label).
UCINET_NAMES = {
    "n_nodes": "# of nodes",
    "n_ties": "# of ties",
    "avg_degree": "Avg Degree",
    "indegree_h_index": "Indeg H-Index",
    "kcore_index": "K-core index",
    "degree_centralization": "Deg Centralization",
    "out_centralization": "Out-Centralization",
    "in_centralization": "In-Centralization",
    "indegree_correlation": "Indeg Corr",
    "outdegree_correlation": "Outdeg Corr",
    "density": "Density",
    "strong_components": "Components",
    "largest_component": "Largest Component",
    "component_ratio": "Component Ratio",
    "connectedness": "Connectedness",
    "fragmentation": "Fragmentation",
    "transitivity": "Transitivity/Closure",
    "transitivity_index": "Transitivity Index",
    "avg_distance": "Avg Distance",
    "prop_within_3": "Prop within 3",
    "sd_distance": "SD Distance",
    "diameter": "Diameter",
    "wiener_index": "Wiener Index",
    "dependency_sum": "Dependency Sum",
    "breadth": "Breadth",
    "compactness": "Compactness",
    "small_worldness": "Small Worldness",
    "mutuals": "Mutuals",
    "asymmetrics": "Asymmetrics",
    "nulls": "Nulls",
    "arc_reciprocity": "Arc Reciprocity",
    "dyad_reciprocity": "Dyad Reciprocity",
    "reciprocity_index": "Reciprocity Index",
}


# --------------------------------------------------------------------------------------------
# Graphs from tie tables
# --------------------------------------------------------------------------------------------


def check_ties(ties: pd.DataFrame, file: str = "ties.csv") -> None:
    """Refuse self-ties: raise if an organisation names itself as a partner.

    The data package's schema cannot compare two fields of a row, so this rule is checked here,
    on the loaded table, with the same message shape as the package's validation: file, row
    (as frictionless counts it: the header is row 1, so a frame's index ``i`` is row ``i + 2``),
    field and rule. :func:`network_graph` calls it on the ties it uses.

    Raises
    ------
    localwelfare.data.DataValidationError
        Listing every self-tie.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"network_id": ["n"], "organisation_id": ["a"], "partner_id": ["a"]})
    >>> check_ties(ties)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    localwelfare.data.DataValidationError: 1 data problem(s):
      ties.csv, row 2, field 'partner_id': self-tie: ...
    """
    from localwelfare.data import DataValidationError, Problem

    same = ties["organisation_id"].astype(str) == ties["partner_id"].astype(str)
    if same.any():
        problems = [
            Problem(
                file=file,
                row=int(i) + 2,
                field="partner_id",
                rule="self-tie",
                message=f"organisation '{ties.at[i, 'organisation_id']}' of network "
                f"'{ties.at[i, 'network_id']}' names itself as partner (rule: partner_id must "
                "differ from organisation_id)",
            )
            for i in ties.index[same.to_numpy()]
        ]
        raise DataValidationError(problems)


def network_graph(
    ties: pd.DataFrame,
    organisations: pd.DataFrame,
    network_id: str,
    tie_type: str | None = None,
    nonresponse: str = "observed",
) -> nx.DiGraph:
    """Return one network's directed, valued graph of reported ties.

    Parameters
    ----------
    ties : DataFrame
        The ``ties`` resource: ``network_id, organisation_id, partner_id, tie_type, frequency``
        and the PARTNER ratings.
    organisations : DataFrame
        The ``organisations`` resource; every organisation of the network becomes a node (also
        those without ties), with its columns as node attributes.
    network_id : str
        The network to build.
    tie_type : str, optional
        One of :data:`TIE_TYPES` (one multiplex layer), or ``None`` (default) for the combined
        graph: an arc where any type is reported, weighted by the highest frequency, with
        ``multiplexity`` = the number of types reported.
    nonresponse : {"observed", "reconstruct", "drop"}
        ``observed`` (default) keeps the reports as they are (non-respondents send no ties);
        ``reconstruct`` adds, for each non-respondent ``j``, the arc ``j -> i`` for every
        ``i -> j`` reported (with the same values); ``drop`` removes non-respondents.

    Returns
    -------
    networkx.DiGraph
        Arcs carry ``weight`` (the frequency, 1-4), ``multiplexity``, ``reconstructed`` and the
        PARTNER ratings given by the reporting organisation.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"network_id": ["n"] * 3, "organisation_id": ["a", "b", "c"],
    ...                      "responded": [True, True, False]})
    >>> ties = pd.DataFrame({"network_id": ["n", "n"], "organisation_id": ["a", "b"],
    ...                      "partner_id": ["c", "a"], "tie_type": ["information"] * 2,
    ...                      "frequency": [2, 3]})
    >>> sorted(network_graph(ties, orgs, "n", nonresponse="reconstruct").edges())
    [('a', 'c'), ('b', 'a'), ('c', 'a')]
    """
    if nonresponse not in NONRESPONSE_STRATEGIES:
        raise InputError(
            f"nonresponse: unknown strategy '{nonresponse}' "
            f"(rule: one of {', '.join(NONRESPONSE_STRATEGIES)})"
        )
    if tie_type is not None and tie_type not in TIE_TYPES:
        raise InputError(
            f"tie_type: unknown tie type '{tie_type}' (rule: one of {', '.join(TIE_TYPES)})"
        )
    orgs = organisations[organisations["network_id"] == network_id]
    if orgs.empty:
        raise InputError(f"network_id: no organisations for network '{network_id}'")
    graph = nx.DiGraph(network_id=network_id, tie_type=tie_type or "combined")
    for row in orgs.to_dict("records"):
        node = row.pop("organisation_id")
        row.pop("network_id", None)
        graph.add_node(node, **{k: _plain(v) for k, v in row.items()})
    chosen = ties[ties["network_id"] == network_id]
    check_ties(chosen)
    if tie_type is not None:
        chosen = chosen[chosen["tie_type"].astype(str) == tie_type]
    ratings = [c for c in TRUST_ITEMS + VALUE_ITEMS if c in chosen.columns]
    if not chosen.empty:
        grouped = chosen.groupby(["organisation_id", "partner_id"], observed=True, sort=True)
        arcs = grouped.agg(
            weight=("frequency", "max"),
            multiplexity=("tie_type", "nunique"),
            **{c: (c, "mean") for c in ratings},
        ).reset_index()
        for row in arcs.to_dict("records"):
            u, v = row.pop("organisation_id"), row.pop("partner_id")
            attrs = {k: _plain(val) for k, val in row.items()}
            graph.add_edge(u, v, reconstructed=False, **attrs)
    responded = nx.get_node_attributes(graph, "responded")
    silent = [n for n, r in responded.items() if r is False]
    if nonresponse == "reconstruct":
        for j in silent:
            for i in list(graph.predecessors(j)):
                if not graph.has_edge(j, i):
                    attrs = {k: v for k, v in graph.edges[i, j].items() if k not in ratings}
                    attrs["reconstructed"] = True
                    graph.add_edge(j, i, **attrs)
    elif nonresponse == "drop":
        graph.remove_nodes_from(silent)
    return graph


def network_graphs(
    ties: pd.DataFrame,
    organisations: pd.DataFrame,
    network_ids: Iterable[str] | None = None,
    tie_type: str | None = None,
    nonresponse: str = "observed",
) -> dict[str, nx.DiGraph]:
    """Return :func:`network_graph` for each network (default: every network with organisations).

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"network_id": ["n", "n", "m", "m"], "organisation_id": list("abcd")})
    >>> ties = pd.DataFrame({"network_id": ["n"], "organisation_id": ["a"], "partner_id": ["b"],
    ...                      "tie_type": ["information"], "frequency": [1]})
    >>> {k: g.number_of_edges() for k, g in network_graphs(ties, orgs).items()}
    {'m': 0, 'n': 1}
    """
    ids = (
        sorted(organisations["network_id"].astype(str).unique())
        if network_ids is None
        else (list(network_ids))
    )
    return {i: network_graph(ties, organisations, i, tie_type, nonresponse) for i in ids}


def multiplex_layers(
    ties: pd.DataFrame, organisations: pd.DataFrame, network_id: str, nonresponse: str = "observed"
) -> dict[str, nx.DiGraph]:
    """Return one graph per tie type (:data:`TIE_TYPES`) and the ``combined`` graph.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"network_id": ["n", "n"], "organisation_id": ["a", "b"]})
    >>> ties = pd.DataFrame({"network_id": ["n"], "organisation_id": ["a"], "partner_id": ["b"],
    ...                      "tie_type": ["information"], "frequency": [1]})
    >>> {k: g.number_of_edges() for k, g in multiplex_layers(ties, orgs, "n").items()}
    {'information': 1, 'client_referral': 0, 'joint_activity': 0, 'resource_sharing': 0, \
'combined': 1}
    """
    layers = {t: network_graph(ties, organisations, network_id, t, nonresponse) for t in TIE_TYPES}
    layers["combined"] = network_graph(ties, organisations, network_id, None, nonresponse)
    return layers


def multiplexity(ties: pd.DataFrame) -> pd.DataFrame:
    """Return, per network, how many tie types link the connected ordered pairs.

    Columns: ``network_id``, ``n_pairs`` (ordered pairs with at least one tie), ``mean_types``
    (mean number of tie types per connected pair) and ``share_multiplex`` (share of connected
    pairs linked by two or more types).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"network_id": ["n"] * 3, "organisation_id": ["a", "a", "b"],
    ...                      "partner_id": ["b", "b", "a"],
    ...                      "tie_type": ["information", "joint_activity", "information"]})
    >>> multiplexity(ties).iloc[0].to_dict()
    {'network_id': 'n', 'n_pairs': 2, 'mean_types': 1.5, 'share_multiplex': 0.5}
    """
    per_pair = (
        ties.groupby(["network_id", "organisation_id", "partner_id"], observed=True)["tie_type"]
        .nunique()
        .rename("types")
        .reset_index()
    )
    out = per_pair.groupby("network_id", observed=True)["types"].agg(
        n_pairs="size", mean_types="mean", share_multiplex=lambda s: float((s > 1).mean())
    )
    return out.reset_index().astype({"network_id": str})


# --------------------------------------------------------------------------------------------
# Symmetrisation, dichotomisation, non-response
# --------------------------------------------------------------------------------------------


def symmetrise(graph: nx.DiGraph, rule: str = "union", weight: str = "weight") -> nx.Graph:
    """Return the undirected graph made from ``graph`` with a named symmetrisation rule.

    Parameters
    ----------
    graph : networkx.DiGraph
    rule : {"union", "reciprocated", "max", "min", "mean"}
        ``union`` and ``max`` keep a pair when either arc exists, valued ``max(w_ij, w_ji)``;
        ``reciprocated`` and ``min`` keep it only when both arcs exist, valued
        ``min(w_ij, w_ji)``; ``mean`` keeps it when either arc exists, valued
        ``(w_ij + w_ji) / 2`` with a missing arc counting 0. Default ``union`` (UCINET's
        "Symmetrize > Maximum").
    weight : str
        Arc attribute holding the value (missing = 1).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_weighted_edges_from([("a", "b", 4), ("b", "a", 2), ("b", "c", 3)])
    >>> sorted(symmetrise(g, "reciprocated").edges(data="weight"))
    [('a', 'b', 2)]
    >>> sorted(symmetrise(g, "mean").edges(data="weight"))
    [('a', 'b', 3.0), ('b', 'c', 1.5)]
    """
    if rule not in SYMMETRISATION_RULES:
        raise InputError(
            f"symmetrise: unknown rule '{rule}' (rule: one of {', '.join(SYMMETRISATION_RULES)})"
        )
    out = nx.Graph(**graph.graph)
    out.graph["symmetrisation"] = rule
    out.add_nodes_from(graph.nodes(data=True))
    if not graph.is_directed():
        out.add_edges_from(graph.edges(data=True))
        return out
    for u, v, data in graph.edges(data=True):
        if u == v or out.has_edge(u, v):
            continue
        w_uv = data.get(weight, 1)
        back = graph.get_edge_data(v, u)
        w_vu = back.get(weight, 1) if back is not None else None
        if rule in ("union", "max"):
            value = w_uv if w_vu is None else max(w_uv, w_vu)
        elif rule in ("reciprocated", "min"):
            if w_vu is None:
                continue
            value = min(w_uv, w_vu)
        else:
            value = (w_uv + (w_vu or 0)) / 2
        out.add_edge(u, v, **{weight: value})
    return out


def dichotomise(graph: nx.Graph, threshold: float = 1, weight: str = "weight") -> nx.Graph:
    """Return a copy of ``graph`` keeping only ties whose value is ``>= threshold`` (weight 1).

    With the ordinal frequency (1 = yearly or less ... 4 = weekly or more), the default threshold
    1 keeps every reported tie and 3 keeps ties at least monthly.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_weighted_edges_from([("a", "b", 1), ("b", "c", 3)])
    >>> list(dichotomise(g, 3).edges())
    [('b', 'c')]
    """
    out = graph.__class__(**graph.graph)
    out.graph["threshold"] = threshold
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if data.get(weight, 1) >= threshold:
            out.add_edge(u, v, **{**data, weight: 1})
    return out


def response_rates(organisations: pd.DataFrame) -> pd.DataFrame:
    """Return, per network, the number of organisations, of respondents and the response rate.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"network_id": ["n"] * 4, "responded": [True, True, True, False]})
    >>> response_rates(orgs).iloc[0].to_dict()
    {'network_id': 'n', 'n_organisations': 4, 'n_respondents': 3, 'response_rate': 0.75}
    """
    grouped = organisations.groupby("network_id", observed=True)["responded"]
    out = grouped.agg(n_organisations="size", n_respondents="sum").reset_index()
    out["n_respondents"] = out["n_respondents"].astype(int)
    out["response_rate"] = out["n_respondents"] / out["n_organisations"]
    return out.astype({"network_id": str})


def observed_density(graph: nx.DiGraph) -> float:
    """Return the density over the observed dyads: arcs sent by respondents divided by
    ``n_respondents * (n - 1)``.

    Non-respondents' rows of the matrix are unknown, not empty, so they are left out of the
    denominator. Nodes without a ``responded`` attribute count as respondents.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b")])
    >>> g.add_node("c", responded=False)
    >>> observed_density(g)
    0.25
    """
    n = graph.number_of_nodes()
    senders = [v for v, r in graph.nodes(data="responded") if r is not False]
    if n < 2 or not senders:
        return math.nan
    arcs = sum(graph.out_degree(v) for v in senders)
    return arcs / (len(senders) * (n - 1))


# --------------------------------------------------------------------------------------------
# Whole-network measures (UCINET conventions)
# --------------------------------------------------------------------------------------------


def adjacency(graph: nx.Graph) -> np.ndarray:
    """Return the binary adjacency matrix (arcs ``> 0``, no self-ties) in node order.

    An undirected graph gives a symmetric matrix.

    Examples
    --------
    >>> import networkx as nx
    >>> adjacency(nx.DiGraph([(0, 1), (1, 1)])).tolist()
    [[0.0, 1.0], [0.0, 0.0]]
    """
    a = nx.to_numpy_array(graph, weight=None, dtype=float)
    np.fill_diagonal(a, 0.0)
    return (a > 0).astype(float)


def geodesics(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the geodesic distances and the numbers of geodesics between every ordered pair.

    Breadth-first by matrix powers: a walk of length ``k`` between two nodes at distance ``k``
    is a geodesic, so ``sigma_ij = (A^k)_ij`` for ``k = d_ij``. Unreachable pairs have distance
    ``inf`` and 0 geodesics; the diagonal has distance 0 and 1 geodesic.

    Examples
    --------
    >>> import numpy as np
    >>> d, s = geodesics(np.array([[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0.]]))
    >>> d[0, 3], s[0, 3]
    (np.float64(2.0), np.float64(2.0))
    """
    n = a.shape[0]
    dist = np.full((n, n), np.inf)
    sigma = np.zeros((n, n))
    np.fill_diagonal(dist, 0.0)
    np.fill_diagonal(sigma, 1.0)
    walks = np.eye(n)
    for k in range(1, n):
        walks = walks @ a
        new = (walks > 0) & np.isinf(dist)
        if not new.any():
            break
        dist[new] = k
        sigma[new] = walks[new]
    return dist, sigma


def _betweenness(graph: nx.Graph) -> np.ndarray:
    """Normalised betweenness (Freeman) of every node, in node order:
    :func:`networkx.betweenness_centrality` (Brandes 2001), which divides by ``(n - 1)(n - 2)``
    for directed and undirected graphs alike."""
    values = nx.betweenness_centrality(graph)
    return np.array([values[v] for v in graph], dtype=float)


def freeman_centralization(scores: np.ndarray, denominator: float) -> float:
    """Return Freeman's centralisation ``sum(max - c_i) / denominator`` (nan when undefined).

    Examples
    --------
    >>> import numpy as np
    >>> freeman_centralization(np.array([3.0, 1.0, 1.0, 1.0]), 3 * 2)  # star of 4, degree
    1.0
    """
    if len(scores) == 0 or denominator <= 0:
        return math.nan
    return float((scores.max() - scores).sum() / denominator)


def _h_index(values: np.ndarray) -> int:
    ranked = np.sort(values)[::-1]
    hits = np.nonzero(ranked >= np.arange(1, len(ranked) + 1))[0]
    return int(hits.max() + 1) if len(hits) else 0


def _degree_correlation(a: np.ndarray, deg: np.ndarray) -> float:
    """UCINET's degree correlation: Pearson correlation, over ordered pairs of distinct nodes,
    of the tie indicator with the absolute difference of the two nodes' degrees."""
    off = ~np.eye(len(deg), dtype=bool)
    x = a[off]
    y = np.abs(deg[:, None] - deg[None, :])[off]
    if x.std() == 0 or y.std() == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def _closure(a: np.ndarray) -> float:
    two = a @ a
    np.fill_diagonal(two, 0.0)
    total = two.sum()
    return float((two * a).sum() / total) if total > 0 else math.nan


def whole_network_measures(
    graph: nx.Graph,
    core_periphery: bool = True,
    cp_between: str = "ignore",
    cp_starts: int = 10,
    seed: int = 0,
) -> dict[str, float]:
    """Return the whole-network measures of ``graph`` under UCINET's conventions.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph
        Valued ties are dichotomised at ``> 0``; self-ties are ignored. An undirected graph is
        treated as a symmetric matrix (each edge is two arcs).
    core_periphery : bool
        Also fit the discrete core-periphery model (:func:`core_periphery`); default ``True``.
    cp_between, cp_starts, seed
        Passed to :func:`core_periphery` (``between``, ``n_starts``, ``seed``).

    Returns
    -------
    dict
        The 33 measures named in :data:`UCINET_NAMES` (snake_case keys), plus ``weak_components``,
        ``betweenness_centralization`` and (optionally) ``core_periphery_fit`` and ``core_size``.
        Measures UCINET leaves undefined are ``nan`` (e.g. small-worldness of a graph that is not
        strongly connected). See the module docstring for each formula.

    Examples
    --------
    >>> import networkx as nx
    >>> m = whole_network_measures(nx.star_graph(4), core_periphery=False)
    >>> m["degree_centralization"], m["betweenness_centralization"], m["compactness"]
    (1.0, 1.0, 0.7)
    """
    a = adjacency(graph)
    n = a.shape[0]
    if n < 2:
        raise InputError(
            f"graph '{graph.graph.get('network_id', '')}': whole-network measures need at least "
            f"2 nodes (rule: n_nodes >= 2), got {n}"
        )
    outdeg, indeg = a.sum(axis=1), a.sum(axis=0)
    ties = float(a.sum())
    m: dict[str, float] = {"n_nodes": n, "n_ties": int(ties), "avg_degree": ties / n}
    m["indegree_h_index"] = _h_index(indeg)
    m["out_centralization"] = freeman_centralization(outdeg, (n - 1) ** 2)
    m["in_centralization"] = freeman_centralization(indeg, (n - 1) ** 2)
    m["indegree_correlation"] = _degree_correlation(a, indeg)
    m["outdegree_correlation"] = _degree_correlation(a, outdeg)

    sparse = csr_array(a)
    n_strong, labels = connected_components(sparse, directed=True, connection="strong")
    m["strong_components"] = int(n_strong)
    m["weak_components"] = int(connected_components(sparse, directed=True, connection="weak")[0])
    m["largest_component"] = int(np.bincount(labels).max())
    m["component_ratio"] = (n_strong - 1) / (n - 1)

    density = ties / (n * (n - 1))
    m["density"] = density
    dist, _ = geodesics(a)
    off = ~np.eye(n, dtype=bool)
    d = dist[off]
    s = d[np.isfinite(d)]
    pairs = n * (n - 1)
    m["connectedness"] = len(s) / pairs
    m["fragmentation"] = 1 - len(s) / pairs
    undefined = math.nan
    has_ties = ties > 0
    transitivity = _closure(a) if has_ties else undefined
    m["transitivity"] = transitivity
    m["transitivity_index"] = (
        (transitivity - density) / (1 - density) if has_ties and density < 1 else undefined
    )
    m["avg_distance"] = float(s.mean()) if len(s) else undefined
    m["prop_within_3"] = float((s <= 3).sum() / pairs)
    m["sd_distance"] = float(s.std()) if len(s) else undefined
    m["diameter"] = int(s.max()) if len(s) else undefined
    m["wiener_index"] = int(s.sum())
    m["dependency_sum"] = int(s.sum() - len(s))
    m["compactness"] = float((1.0 / s).sum() / pairs) if len(s) else 0.0
    m["breadth"] = 1 - m["compactness"]
    m["small_worldness"] = _small_worldness(transitivity, density, m["avg_distance"], n, n_strong)

    mutual = int(np.triu(a * a.T, 1).sum())
    asym = int(np.triu(np.abs(a - a.T), 1).sum())
    dyads = n * (n - 1) // 2
    m["mutuals"] = mutual / dyads if has_ties else undefined
    m["asymmetrics"] = asym / dyads if has_ties else undefined
    m["nulls"] = (dyads - mutual - asym) / dyads if has_ties else undefined
    m["arc_reciprocity"] = 2 * mutual / ties if has_ties else undefined
    m["dyad_reciprocity"] = mutual / (mutual + asym) if has_ties else undefined
    m["reciprocity_index"] = (
        (m["arc_reciprocity"] - density) / (1 - density) if has_ties and density < 1 else undefined
    )

    sym = np.maximum(a, a.T)
    m["kcore_index"] = max(nx.core_number(nx.from_numpy_array(sym)).values(), default=0)
    m["degree_centralization"] = freeman_centralization(sym.sum(axis=1), (n - 1) * (n - 2))
    m["betweenness_centralization"] = freeman_centralization(_betweenness(graph), n - 1)
    if core_periphery:
        cp = core_periphery_fit(a, between=cp_between, n_starts=cp_starts, seed=seed)
        m["core_periphery_fit"] = cp[0]
        m["core_size"] = int(cp[1].sum())
    return m


def _small_worldness(t: float, density: float, apl: float, n: int, n_strong: int) -> float:
    k = density * (n - 1)
    if n_strong != 1 or k <= 1 or density <= 0 or not np.isfinite(apl) or not np.isfinite(t):
        return math.nan
    apl_random = (math.log(n) - np.euler_gamma) / math.log(k) + 0.5
    return (t * apl_random) / (density * apl)


def whole_network_table(graphs: Mapping[Hashable, nx.Graph], key: str = "network_id", **kwargs):
    """Return :func:`whole_network_measures` of each graph: one row per graph, keyed by ``key``.

    Examples
    --------
    >>> import networkx as nx
    >>> t = whole_network_table({"a": nx.path_graph(3), "b": nx.complete_graph(3)},
    ...                         core_periphery=False)
    >>> t[["network_id", "density"]].values.tolist()
    [['a', 0.6666666666666666], ['b', 1.0]]
    """
    rows = [{key: name, **whole_network_measures(g, **kwargs)} for name, g in graphs.items()]
    return pd.DataFrame(rows)


def ucinet_table(measures: Mapping[str, float]) -> pd.DataFrame:
    """Return the 33 UCINET measures of :func:`whole_network_measures` as UCINET prints them:
    one row per measure with its UCINET heading, in UCINET's order, for setting the package's
    results beside UCINET's (Network > Cohesion > Whole network measures).

    Examples
    --------
    >>> import networkx as nx
    >>> table = ucinet_table(whole_network_measures(nx.star_graph(4), core_periphery=False))
    >>> table.iloc[0].to_dict(), len(table)
    ({'measure': 'n_nodes', 'ucinet_name': '# of nodes', 'value': 5.0}, 33)
    """
    return pd.DataFrame(
        {
            "measure": list(UCINET_NAMES),
            "ucinet_name": list(UCINET_NAMES.values()),
            "value": [measures[k] for k in UCINET_NAMES],
        }
    )


# --------------------------------------------------------------------------------------------
# Core-periphery (Borgatti & Everett 2000)
# --------------------------------------------------------------------------------------------


def _cp_correlation(n, k, cc, pp, total, between):
    """Correlation of the data with the ideal pattern from block sums (binary or valued data).

    ``cc``, ``pp`` and ``total`` are the data sums in the core-core block, the periphery-periphery
    block and all off-diagonal cells; with values 0/1 the sums of squares equal the sums.
    """
    n_cc = k * (k - 1)
    n_pp = (n - k) * (n - k - 1)
    if between == "ignore":
        cells, ones, sum_x, sum_xy = n_cc + n_pp, n_cc, cc + pp, cc
    else:
        cells = n * (n - 1)
        ones, sum_x, sum_xy = cells - n_pp, total, total - pp
    sum_x2 = sum_x  # binary data
    num = cells * sum_xy - sum_x * ones
    den_sq = (cells * sum_x2 - sum_x**2) * (cells * ones - ones**2)
    defined = den_sq > 0
    return np.where(defined, num / np.sqrt(np.where(defined, den_sq, 1.0)), -np.inf)


def core_periphery_fit(
    a: np.ndarray, between: str = "ignore", n_starts: int = 10, seed: int = 0
) -> tuple[float, np.ndarray]:
    """Return the best fit of the discrete core-periphery model and the core indicator.

    Borgatti & Everett's (2000) discrete model: the ideal pattern has a tie between every two
    core members and none between periphery members; the fit is the Pearson correlation between
    the data (off-diagonal cells of the 0/1 adjacency matrix ``a``) and the ideal pattern. With
    ``between="ignore"`` (default, B&E's basic model) the core-periphery blocks are left out of
    the correlation; with ``between="ones"`` they are ideal ties too.

    The partition is found by a seeded iterated local search. The first start is the best split
    of the nodes ordered by degree (the ``k`` highest-degree nodes as core, best ``k``); from a
    start, the single move of a node between core and periphery that most improves the fit is
    made until none improves it (steepest ascent). Each of the ``n_starts`` further starts moves
    a random fifth of the nodes (at least two) of the best partition found so far and climbs
    again. Block sums are updated for all candidate moves at once, so a climb costs a few
    matrix-vector products per move.

    Returns ``(nan, zeros)`` when no partition gives a defined correlation (e.g. an empty or a
    complete graph).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.complete_graph(3)
    >>> g.add_edges_from([(0, 3), (1, 4), (2, 5)])
    >>> fit, core = core_periphery_fit(adjacency(g))
    >>> round(fit, 3), core.tolist()
    (1.0, [True, True, True, False, False, False])
    """
    if between not in ("ignore", "ones"):
        raise InputError(f"core-periphery: unknown between='{between}' (rule: ignore or ones)")
    a = np.asarray(a, dtype=float)
    a = (a > 0).astype(float)
    np.fill_diagonal(a, 0.0)
    n = a.shape[0]
    total = a.sum()
    if n < 3:
        return math.nan, np.zeros(n, dtype=bool)
    rng = np.random.default_rng(seed)
    sym = a + a.T
    best_fit, best_core = _steepest_ascent(a, sym, total, _degree_start(a, between), between)
    kick = max(2, n // 5)
    for _ in range(n_starts):
        start = best_core.copy()
        moved = rng.choice(n, size=kick, replace=False)
        start[moved] = ~start[moved]
        fit, core = _steepest_ascent(a, sym, total, start, between)
        if fit > best_fit + 1e-12:
            best_fit, best_core = fit, core
    if not np.isfinite(best_fit):
        return math.nan, np.zeros(n, dtype=bool)
    return float(best_fit), best_core


def _degree_start(a: np.ndarray, between: str) -> np.ndarray:
    n = a.shape[0]
    order = np.argsort(-(a.sum(axis=0) + a.sum(axis=1)), kind="stable")
    p = a[np.ix_(order, order)]
    cum = p.cumsum(axis=0).cumsum(axis=1)
    ks = np.arange(n + 1)
    cc = np.concatenate([[0.0], np.diagonal(cum)])  # sum of the leading k x k block
    total = a.sum()
    row_k = np.concatenate([[0.0], cum[:, -1]])  # sum of the first k rows
    col_k = np.concatenate([[0.0], cum[-1, :]])  # sum of the first k columns
    pp = total - row_k - col_k + cc
    fits = _cp_correlation(n, ks, cc, pp, total, between)
    k = int(np.argmax(fits))
    core = np.zeros(n, dtype=bool)
    core[order[:k]] = True
    return core


def _steepest_ascent(a, sym, total, core, between):
    n = a.shape[0]
    c = core.astype(float)
    k = c.sum()
    cc, pp = c @ a @ c, (1 - c) @ a @ (1 - c)
    fit = float(_cp_correlation(n, k, cc, pp, total, between))
    to_core = sym @ c  # ties between each node and the core (both directions)
    to_all = sym.sum(axis=1)
    sign = np.where(core, -1.0, 1.0)
    while True:
        # moving v into the core adds its ties with the core to cc and removes its ties with the
        # periphery from pp; moving v out does the reverse.
        new_cc = cc + sign * to_core
        new_pp = pp - sign * (to_all - to_core)
        fits = _cp_correlation(n, k + sign, new_cc, new_pp, total, between)
        v = int(np.argmax(fits))
        if not fits[v] > fit + 1e-12:
            return fit, core
        fit, cc, pp, k = float(fits[v]), new_cc[v], new_pp[v], k + sign[v]
        to_core += sign[v] * sym[:, v]
        core[v] = ~core[v]
        sign[v] = -sign[v]


def core_periphery(
    graph: nx.Graph, between: str = "ignore", n_starts: int = 10, seed: int = 0
) -> pd.DataFrame:
    """Return each node's class in the best-fitting discrete core-periphery partition.

    Columns: ``node``, ``core`` (bool), ``fit`` (the correlation, the same on every row). See
    :func:`core_periphery_fit` for the model and the search.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.complete_graph(4)  # the core, each member with one peripheral partner
    >>> g.add_edges_from([(0, 4), (1, 5), (2, 6), (3, 7)])
    >>> cp = core_periphery(g)
    >>> sorted(cp.loc[cp["core"], "node"]), float(cp["fit"].iloc[0])
    ([0, 1, 2, 3], 1.0)
    """
    fit, core = core_periphery_fit(adjacency(graph), between, n_starts, seed)
    return pd.DataFrame({"node": list(graph.nodes()), "core": core, "fit": fit})


# --------------------------------------------------------------------------------------------
# Node measures and PARTNER scores
# --------------------------------------------------------------------------------------------


def node_measures(graph: nx.Graph) -> pd.DataFrame:
    """Return node-level centralities: one row per node.

    Columns: ``node``, ``in_degree``, ``out_degree``, ``degree`` (neighbours in the underlying
    undirected graph), ``betweenness`` and ``closeness`` (networkx, normalised; closeness of a
    directed graph uses incoming distances, with Wasserman & Faust's correction for unreachable
    nodes) and ``eigenvector`` (of the underlying undirected graph, as UCINET symmetrises; 0 for
    isolates; the leading eigenvector of the symmetric adjacency matrix, of unit length: for a
    connected graph the values of :func:`networkx.eigenvector_centrality_numpy`, for a
    disconnected one concentrated on the component with the largest eigenvalue, as in UCINET).
    Node attributes are kept as further columns.

    Examples
    --------
    >>> import networkx as nx
    >>> nm = node_measures(nx.star_graph(3))
    >>> nm.loc[0, ["degree", "betweenness", "closeness"]].tolist()
    [3.0, 1.0, 1.0]
    """
    und = graph.to_undirected(as_view=False) if graph.is_directed() else graph
    und = nx.Graph(und)
    und.remove_edges_from(nx.selfloop_edges(und))
    eig = dict(
        zip(graph.nodes(), _eigenvector(adjacency(und.subgraph(graph.nodes()))), strict=True)
    )
    directed = graph.is_directed()
    frame = pd.DataFrame(
        {
            "node": list(graph.nodes()),
            "in_degree": [graph.in_degree(v) if directed else graph.degree(v) for v in graph],
            "out_degree": [graph.out_degree(v) if directed else graph.degree(v) for v in graph],
            "degree": [und.degree(v) for v in graph],
            "betweenness": _betweenness(graph),
            "closeness": pd.Series(nx.closeness_centrality(graph)).reindex(list(graph)).values,
            "eigenvector": [abs(eig[v]) for v in graph],
        }
    )
    attrs = pd.DataFrame([dict(d) for _, d in graph.nodes(data=True)], index=frame.index)
    return pd.concat([frame, attrs], axis=1)


def _eigenvector(sym: np.ndarray) -> np.ndarray:
    if len(sym) == 0 or not sym.any():
        return np.zeros(len(sym))
    values, vectors = np.linalg.eigh(sym)
    vector = np.abs(vectors[:, np.argmax(values)])
    return vector / np.linalg.norm(vector)


def partner_scores(graph: nx.DiGraph) -> pd.DataFrame:
    """Return the PARTNER trust and value scores of each organisation and its relative
    connectivity.

    ``trust`` is the mean, over the partners that rated the organisation, of the three trust
    items (openness, reliability, shared mission; each 1-4) and ``value`` the mean of the three
    value items (power/influence, resource contribution, involvement), as in the PARTNER tool
    (Varda et al. 2008). ``n_ratings`` is the number of partners rating it (reconstructed arcs
    carry no ratings). ``relative_connectivity`` is its number of partners (undirected degree)
    divided by the largest number in the network (1 = the best-connected organisation).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> items = dict.fromkeys(TRUST_ITEMS, 4) | dict.fromkeys(VALUE_ITEMS, 2)
    >>> g.add_edge("a", "b", **items)
    >>> partner_scores(g).set_index("node").loc["b", ["trust", "value", "n_ratings"]].tolist()
    [4.0, 2.0, 1.0]
    """
    rows = []
    und = nx.Graph(graph)
    und.remove_edges_from(nx.selfloop_edges(und))
    max_degree = max((d for _, d in und.degree()), default=0)
    for v in graph:
        rated = [graph.edges[u, v] for u in graph.predecessors(v)] if graph.is_directed() else []
        rated = [r for r in rated if all(k in r for k in TRUST_ITEMS + VALUE_ITEMS)]
        trust = np.mean([[r[k] for k in TRUST_ITEMS] for r in rated]) if rated else math.nan
        value = np.mean([[r[k] for k in VALUE_ITEMS] for r in rated]) if rated else math.nan
        rows.append(
            {
                "node": v,
                "trust": float(trust),
                "value": float(value),
                "n_ratings": len(rated),
                "relative_connectivity": und.degree(v) / max_degree if max_degree else 0.0,
            }
        )
    return pd.DataFrame(rows)


def partner_network_scores(graph: nx.DiGraph) -> dict[str, float]:
    """Return the network's PARTNER trust and value scores: the mean of every rating given.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", **dict.fromkeys(TRUST_ITEMS, 3), **dict.fromkeys(VALUE_ITEMS, 1))
    >>> partner_network_scores(g)
    {'trust': 3.0, 'value': 1.0, 'n_ratings': 1}
    """
    rated = [d for _, _, d in graph.edges(data=True) if all(k in d for k in TRUST_ITEMS)]
    trust = np.mean([[d[k] for k in TRUST_ITEMS] for d in rated]) if rated else math.nan
    value = np.mean([[d[k] for k in VALUE_ITEMS] for d in rated]) if rated else math.nan
    return {"trust": float(trust), "value": float(value), "n_ratings": len(rated)}


# --------------------------------------------------------------------------------------------
# Group mixing: E-I index, homophily, mixing matrix
# --------------------------------------------------------------------------------------------


def _group_labels(graph: nx.Graph, attribute: str) -> np.ndarray:
    values = dict(graph.nodes(data=attribute))
    missing = [v for v, g in values.items() if g is None or (isinstance(g, float) and g != g)]
    if missing:
        raise InputError(
            f"group attribute '{attribute}': node '{missing[0]}' has no value "
            f"(rule: every node needs a value; {len(missing)} missing)"
        )
    return np.array([str(values[v]) for v in graph], dtype=object)


def ei_index(
    graph: nx.Graph,
    attribute: str,
    permutations: int = 0,
    seed: int = 0,
    alternative: str = "two-sided",
) -> pd.DataFrame:
    """Return Krackhardt & Stern's (1988) E-I index of the groups defined by a node attribute.

    ``E-I = (E - I) / (E + I)``, where ``E`` counts ties between groups and ``I`` within groups
    (arcs of a directed graph, edges of an undirected one; valued ties dichotomised at ``> 0``).
    ``ei_expected`` is the index of the complete graph with the same group sizes, the value
    expected when ties ignore the groups. With ``permutations > 0`` a permutation test (the node
    labels reshuffled, the ties kept) gives ``ei_p_value``: ``alternative="two-sided"`` (default)
    counts permutations at least as far from ``ei_expected`` as observed; ``"less"`` counts those
    at or below the observed index (homophily), ``"greater"`` at or above. The p-value is
    ``(count + 1) / (permutations + 1)`` (Phipson & Smyth 2010), so it is never 0.

    Returns
    -------
    DataFrame
        One row: ``ei_index, ei_expected, ei_p_value, n_internal, n_external, n_groups,
        permutations``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (2, 3)])
    >>> nx.set_node_attributes(g, {0: "x", 1: "x", 2: "y", 3: "y"}, "group")
    >>> ei_index(g, "group")[["ei_index", "n_internal", "n_external"]].iloc[0].tolist()
    [-0.3333333333333333, 2.0, 1.0]
    """
    if alternative not in ("two-sided", "less", "greater"):
        raise InputError(f"ei_index: unknown alternative '{alternative}'")
    labels = _group_labels(graph, attribute)
    a = adjacency(graph)
    groups, codes = np.unique(labels, return_inverse=True)
    onehot = np.eye(len(groups))[codes]
    half = 1.0 if graph.is_directed() else 0.5
    total = a.sum() * half
    internal = float((onehot.T @ a @ onehot).trace() * half)
    external = total - internal
    observed = (external - internal) / total if total else math.nan
    sizes = onehot.sum(axis=0)
    n = len(labels)
    within = float((sizes * (sizes - 1)).sum())
    between = float(n * (n - 1) - within)
    expected = (between - within) / (between + within) if n > 1 else math.nan
    p_value = math.nan
    if permutations > 0 and total:
        rng = np.random.default_rng(seed)
        perm = np.array([rng.permutation(codes) for _ in range(permutations)])
        same = np.zeros(permutations)
        for start in range(0, permutations, 1000):
            block = np.eye(len(groups))[perm[start : start + 1000]]  # (p, n, g)
            same[start : start + 1000] = np.einsum("pig,ij,pjg->p", block, a, block) * half
        null = (total - 2 * same) / total
        eps = 1e-12
        if alternative == "less":
            count = (null <= observed + eps).sum()
        elif alternative == "greater":
            count = (null >= observed - eps).sum()
        else:
            count = (np.abs(null - expected) >= abs(observed - expected) - eps).sum()
        p_value = float((count + 1) / (permutations + 1))
    return pd.DataFrame(
        [
            {
                "ei_index": observed,
                "ei_expected": expected,
                "ei_p_value": p_value,
                "n_internal": internal,
                "n_external": external,
                "n_groups": len(groups),
                "permutations": permutations,
            }
        ]
    )


def mixing_verdict(ei: pd.DataFrame, alpha: float = 0.05) -> str:
    """Return what the E-I test says about collaboration across groups, in words.

    ``co-existence`` when the E-I index lies below its expected value and the permutation test
    rejects chance (``ei_p_value < alpha``): the groups keep to themselves;
    ``hybridisation`` when it lies above and the test rejects chance: more ties across groups
    than group sizes alone give; otherwise ``no clear preference``. ``ei`` is the one-row result
    of :func:`ei_index` with ``permutations > 0`` (two-sided test, default ``alpha`` 0.05).

    Examples
    --------
    >>> import pandas as pd
    >>> mixing_verdict(pd.DataFrame([{"ei_index": -0.5, "ei_expected": 0.0, "ei_p_value": 0.01}]))
    'co-existence'
    """
    row = ei.iloc[0]
    if not row["ei_p_value"] < alpha:
        return "no clear preference"
    return "co-existence" if row["ei_index"] < row["ei_expected"] else "hybridisation"


def group_mixing(graph: nx.Graph, attribute: str) -> pd.DataFrame:
    """Return the mixing matrix in long form, with the density of each block.

    One row per ordered pair of groups: ``from_group``, ``to_group``, ``ties`` (arcs from the
    first group to the second; an undirected edge counts in both directions), ``possible``
    (ordered pairs of distinct nodes in the block) and ``density = ties / possible``. Rows with
    ``from_group == to_group`` give the density within each group, the others between groups.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([(0, 1), (0, 2)])
    >>> nx.set_node_attributes(g, {0: "x", 1: "x", 2: "y"}, "group")
    >>> group_mixing(g, "group")[["from_group", "to_group", "ties", "density"]].values.tolist()
    [['x', 'x', 1.0, 0.5], ['x', 'y', 1.0, 0.5], ['y', 'x', 0.0, 0.0], ['y', 'y', 0.0, nan]]
    """
    labels = _group_labels(graph, attribute)
    a = adjacency(graph)
    groups, codes = np.unique(labels, return_inverse=True)
    onehot = np.eye(len(groups))[codes]
    ties = onehot.T @ a @ onehot
    sizes = onehot.sum(axis=0)
    possible = np.outer(sizes, sizes) - np.diag(sizes)
    rows = []
    for i, gi in enumerate(groups):
        for j, gj in enumerate(groups):
            rows.append(
                {
                    "from_group": gi,
                    "to_group": gj,
                    "ties": float(ties[i, j]),
                    "possible": int(possible[i, j]),
                    "density": float(ties[i, j] / possible[i, j]) if possible[i, j] else math.nan,
                }
            )
    return pd.DataFrame(rows)


def homophily(graph: nx.Graph, attribute: str) -> pd.DataFrame:
    """Return each group's homophily index ``H`` and inbreeding homophily ``h*``.

    For group ``g`` with relative size ``w``, ``H = I_g / (I_g + E_g)`` is the share of its
    members' ties (sent, for directed graphs) that stay within the group, and Coleman's
    inbreeding homophily ``h* = (H - w) / (1 - w)`` compares it with what group size alone
    gives (Currarini, Jackson & Pin 2009): 0 = no preference, 1 = only within-group ties,
    negative = heterophily.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (2, 3)])
    >>> nx.set_node_attributes(g, {0: "x", 1: "x", 2: "y", 3: "y"}, "group")
    >>> homophily(g, "group")[["group", "H", "h_star"]].values.tolist()
    [['x', 0.6666666666666666, 0.33333333333333326], ['y', 0.6666666666666666, 0.33333333333333326]]
    """
    mix = group_mixing(graph, attribute)
    labels = _group_labels(graph, attribute)
    n = len(labels)
    rows = []
    for group, block in mix.groupby("from_group", sort=True):
        size = int((labels == group).sum())
        w = size / n
        inside = float(block.loc[block["to_group"] == group, "ties"].sum())
        sent = float(block["ties"].sum())
        h = inside / sent if sent else math.nan
        rows.append(
            {
                "group": group,
                "n_nodes": size,
                "share": w,
                "ties": sent,
                "H": h,
                "h_star": (h - w) / (1 - w) if w < 1 else math.nan,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Governance profile and comparison across networks
# --------------------------------------------------------------------------------------------


def governance_profile(
    graph: nx.Graph,
    declared_mode: str | None = None,
    administrative_sector: str = "network_administration",
    lead_centralization: float = 0.5,
    lead_dominance: float = 1.5,
) -> pd.DataFrame:
    """Return the structural evidence for Provan & Kenis's (2008) governance modes.

    Computed on the underlying undirected graph: ``degree_centralization`` and
    ``betweenness_centralization`` (Freeman), the most central organisation (``top_node``, by
    degree, ties broken by betweenness) with its ``top_share`` of the possible partners and its
    ``dominance`` (its degree over the second-highest degree), and whether an organisation of
    ``administrative_sector`` (node attribute ``sector``) exists and is the top broker
    (``administrative_broker``). The ``structural_mode`` is read from these with documented
    thresholds: ``network_administrative_organisation`` when the administrative organisation is
    the top broker; else ``lead_organisation`` when degree centralisation is at least
    ``lead_centralization`` (default 0.5) and dominance at least ``lead_dominance`` (1.5); else
    ``shared_participant``. ``agrees`` compares it with ``declared_mode``.

    Examples
    --------
    >>> import networkx as nx
    >>> row = governance_profile(nx.star_graph(5), "lead_organisation").iloc[0]
    >>> row["structural_mode"], bool(row["agrees"])
    ('lead_organisation', True)
    """
    und = nx.Graph(graph)
    und.remove_edges_from(nx.selfloop_edges(und))
    n = und.number_of_nodes()
    a = adjacency(und)
    deg = a.sum(axis=1)
    btw = _betweenness(und)
    nodes = list(und.nodes())
    order = np.lexsort((-btw, -deg))
    top = order[0] if n else None
    second = deg[order[1]] if n > 1 else 0.0
    dominance = float(deg[top] / second) if n > 1 and second > 0 else math.inf
    sectors = dict(und.nodes(data="sector"))
    admin = [i for i, v in enumerate(nodes) if str(sectors.get(v)) == administrative_sector]
    admin_broker = bool(admin) and int(np.argmax(btw)) in admin
    deg_c = freeman_centralization(deg, (n - 1) * (n - 2)) if n > 2 else math.nan
    if admin_broker:
        mode = "network_administrative_organisation"
    elif deg_c >= lead_centralization and dominance >= lead_dominance:
        mode = "lead_organisation"
    else:
        mode = "shared_participant"
    return pd.DataFrame(
        [
            {
                "degree_centralization": deg_c,
                "betweenness_centralization": freeman_centralization(btw, n - 1),
                "top_node": nodes[top] if n else None,
                "top_share": float(deg[top] / (n - 1)) if n > 1 else math.nan,
                "dominance": dominance,
                "administrative_node": bool(admin),
                "administrative_broker": admin_broker,
                "structural_mode": mode,
                "declared_mode": declared_mode,
                "agrees": None if declared_mode is None else mode == declared_mode,
            }
        ]
    )


def reach_by_group(graph: nx.Graph, node, attribute: str) -> pd.DataFrame:
    """Return the share of each group's other members that ``node`` is tied to.

    One row per value of the node ``attribute``: ``group``, ``n`` (members other than ``node``),
    ``tied`` (those among them tied to ``node`` in either direction) and ``share``. Used to read
    whom an organisation that leads a network actually reaches.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (0, 2), (3, 4)])
    >>> nx.set_node_attributes(g, {0: "a", 1: "a", 2: "b", 3: "b", 4: "b"}, "kind")
    >>> reach_by_group(g, 0, "kind")[["group", "n", "tied"]].values.tolist()
    [['a', 1, 1], ['b', 3, 1]]
    """
    und = nx.Graph(graph.to_undirected() if graph.is_directed() else graph)
    groups = {v: str(d.get(attribute)) for v, d in und.nodes(data=True) if v != node}
    rows = []
    for group in sorted(set(groups.values())):
        members = [v for v, g in groups.items() if g == group]
        tied = sum(1 for v in members if und.has_edge(node, v))
        rows.append({"group": group, "n": len(members), "tied": tied, "share": tied / len(members)})
    return pd.DataFrame(rows)


def compare_groups(
    table: pd.DataFrame, measures: Iterable[str], between: str, method: str = "kruskal"
) -> pd.DataFrame:
    """Test whether network measures differ between groups of networks (pingouin).

    ``method="kruskal"`` (default; rank-based, suits the small number of networks) reports
    Kruskal-Wallis ``H``, its p-value and the effect size epsilon-squared ``H / (n - 1)``;
    ``method="welch"`` reports Welch's ANOVA ``F``, its p-value and partial eta-squared. One row
    per measure, with ``n_networks`` and the smallest group size (``min_group_n``), so that a
    reader sees how few networks the test rests on.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"mode": list("aaabbb"), "density": [.1, .2, .15, .4, .5, .45]})
    >>> r = compare_groups(t, ["density"], "mode").iloc[0]
    >>> r["measure"], round(float(r["statistic"]), 3), round(float(r["p_value"]), 4)
    ('density', 3.857, 0.0495)
    """
    import pingouin as pg

    if method not in ("kruskal", "welch"):
        raise InputError(f"compare_groups: unknown method '{method}' (rule: kruskal or welch)")
    rows = []
    for measure in measures:
        data = table[[measure, between]].dropna()
        data = data.assign(**{between: data[between].astype(str)})
        sizes = data.groupby(between).size()
        if method == "kruskal":
            res = pg.kruskal(data=data, dv=measure, between=between).iloc[0]
            stat, p = float(res["H"]), float(res["p_unc"])
            effect = stat / (len(data) - 1)
            name = "epsilon_squared"
        else:
            res = pg.welch_anova(data=data, dv=measure, between=between).iloc[0]
            stat, p = float(res["F"]), float(res["p_unc"])
            effect, name = float(res["np2"]), "eta_squared_partial"
        rows.append(
            {
                "measure": measure,
                "between": between,
                "method": method,
                "statistic": stat,
                "p_value": p,
                "effect_size": effect,
                "effect_size_name": name,
                "n_networks": len(data),
                "n_groups": len(sizes),
                "min_group_n": int(sizes.min()),
            }
        )
    return pd.DataFrame(rows)


def _plain(value):
    """numpy / pandas scalars -> plain Python values (for graph attributes)."""
    if value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


# --------------------------------------------------------------------------------------------
# Brokerage roles (Gould & Fernandez 1989)
# --------------------------------------------------------------------------------------------

#: Gould & Fernandez's five brokerage roles, in the order ``sna::brokerage`` reports them
#: (``w_I, w_O, b_IO, b_OI, b_O``).
BROKERAGE_ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]
#: Null models of :func:`brokerage`: ``density`` (``sna::brokerage``'s moments, a random graph
#: of the observed density) and ``labels`` (random assignment of the group labels, the broker's
#: own open two-paths fixed).
BROKERAGE_NULLS = ["density", "labels"]


def _role_indicators(n_groups: int) -> np.ndarray:
    """``F[g, r, h1, h2] = 1`` when a broker of group ``g`` between a source of group ``h1`` and
    a target of group ``h2`` plays role ``r`` (:data:`BROKERAGE_ROLES` order)."""
    eye = np.eye(n_groups, dtype=bool)
    f = np.zeros((n_groups, 5, n_groups, n_groups))
    for g in range(n_groups):
        source_in = (np.arange(n_groups) == g)[:, None]  # h1 == g
        target_in = (np.arange(n_groups) == g)[None, :]  # h2 == g
        same = eye
        f[g, 0] = source_in & target_in  # A -> A -> A
        f[g, 1] = same & ~source_in  # A -> B -> A
        f[g, 2] = source_in & ~target_in  # A -> A -> B
        f[g, 3] = ~source_in & target_in  # A -> B -> B
        f[g, 4] = ~same & ~source_in & ~target_in  # A -> B -> C
    return f


def _brokerage_counts(a: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Role counts ``(n, 6)`` and the pair-overlap counts ``(n, 6)`` of every broker.

    With ``S`` the same-group indicator, ``O`` the open pairs (no arc, ``i != k``),
    ``P = A * S`` (arcs within a group) and ``Q = A * (1 - S)`` (arcs between groups), the
    open two-paths ``i -> j -> k`` with both arcs of given kinds number
    ``sum_i X_ij (O Y^T)_ij`` for ``X, Y`` in ``{P, Q}`` (column sums of ``X * (O Y^T)``): all
    five roles in a few matrix products, no loop over brokers or triples.

    The overlap counts, for the ``t_j`` pairs ``(i, k)`` broker ``j`` brokers, are ``t_j``,
    the pairs whose reverse is also brokered, and the ordered pairs of brokered pairs sharing
    their source, their target, or the source of one and the target of the other, and
    disjoint ones (used by ``null="labels"``).
    """
    same = (codes[:, None] == codes[None, :]).astype(float)
    open_ = 1.0 - a
    np.fill_diagonal(open_, 0.0)
    within, between = a * same, a * (1.0 - same)
    to_within = open_ @ within.T  # [i, j] = open pairs (i, k) with j -> k within j's group
    to_between = open_ @ between.T
    coordinator = (within * to_within).sum(axis=0)
    representative = (within * to_between).sum(axis=0)
    gatekeeper = (between * to_within).sum(axis=0)
    itinerant = (between * ((open_ * same) @ between.T)).sum(axis=0)
    outside = (between * to_between).sum(axis=0)  # itinerant + liaison
    sources = a * (open_ @ a.T)  # [i, j]: pairs j brokers with source i
    total = sources.sum(axis=0)
    counts = np.column_stack(
        [coordinator, itinerant, representative, gatekeeper, outside - itinerant, total]
    )
    targets = a * (a.T @ open_)  # [j, k]: pairs j brokers with target k
    mutual = a * a.T
    reverse = (mutual * ((open_ * open_.T) @ mutual.T)).sum(axis=0)
    same_source = (sources * (sources - 1)).sum(axis=0)
    same_target = (targets * (targets - 1)).sum(axis=1)
    chained = (sources * targets.T).sum(axis=0) - reverse
    disjoint = total**2 - total - reverse - same_source - same_target - 2 * chained
    patterns = np.column_stack([total, reverse, same_source, same_target, chained, disjoint])
    return counts, patterns


def _label_moments(sizes: np.ndarray, g: int, f: np.ndarray) -> np.ndarray:
    """Moments of the role indicators when the other ``N - 1`` nodes' labels are permuted.

    Returns ``E[6, 5]``: for each role, ``E[f(a, b)]`` over two distinct nodes, then
    ``E[f(a, b) f(b, a)]``, ``E[f(a, b) f(a, c)]``, ``E[f(a, b) f(c, b)]``,
    ``E[f(a, b) f(c, a)]`` (three distinct nodes) and ``E[f(a, b) f(c, d)]`` (four), labels
    drawn without replacement from the group sizes less the broker.
    """
    m = sizes.astype(float).copy()
    m[g] -= 1
    big_m = m.sum()
    k = len(m)
    eye = np.eye(k)

    def step(prev: np.ndarray, taken: np.ndarray, drawn: int) -> np.ndarray:
        left = big_m - drawn
        if left <= 0:
            return np.zeros(prev.shape + (k,))
        return prev[..., None] * np.clip(m - taken, 0.0, None) / left

    p1 = m / big_m if big_m > 0 else np.zeros(k)
    p2 = step(p1, eye, 1)
    p3 = step(p2, eye[:, None, :] + eye[None, :, :], 2)
    p4 = step(p3, eye[:, None, None, :] + eye[None, :, None, :] + eye[None, None, :, :], 3)
    ind = f[g]
    return np.array(
        [
            np.einsum("ab,rab->r", p2, ind),
            np.einsum("ab,rab,rba->r", p2, ind, ind),
            np.einsum("abc,rab,rac->r", p3, ind, ind),
            np.einsum("abc,rab,rcb->r", p3, ind, ind),
            np.einsum("abc,rab,rca->r", p3, ind, ind),
            np.einsum("abcd,rab,rcd->r", p4, ind, ind),
        ]
    )


def _density_moments(sizes: np.ndarray, d: float) -> tuple[np.ndarray, np.ndarray]:
    """``sna::brokerage``'s expected counts and variances by broker group: ``(G, 6)`` each."""
    n = sizes.astype(float)
    big_n = n.sum()
    q = d**2 * (1 - d)  # P(i -> j -> k open): two arcs present, one absent
    r = d**3 * (1 - d) ** 3
    others = big_n - n  # nodes outside the broker's group

    def over_other_groups(v: np.ndarray) -> np.ndarray:
        return v.sum() - v

    pairs_other = over_other_groups(n * (n - 1))
    triples_other = over_other_groups(n * (n - 1) * (n - 2))
    liaison_pairs = others**2 - over_other_groups(n**2)
    liaison_var = np.array(
        [
            sum(n[h] * _choose2(big_n - n[h] - n[g]) for h in range(len(n)) if h != g)
            for g in range(len(n))
        ]
    )
    mixed_var = 2 * ((n - 1) * _choose2(others) + others * _choose2(n - 1)) * r
    expected = np.column_stack(
        [
            q * (n - 1) * (n - 2),
            q * pairs_other,
            q * others * (n - 1),
            q * others * (n - 1),
            q * liaison_pairs,
            np.full(len(n), q * (big_n - 1) * (big_n - 2)),
        ]
    )
    extra = np.column_stack(
        [
            2 * (n - 1) * (n - 2) * (n - 3) * r,
            2 * triples_other * r,
            mixed_var,
            mixed_var,
            4 * liaison_var * r,
            np.full(len(n), 2 * (big_n - 1) * (big_n - 2) * (big_n - 3) * r),
        ]
    )
    return expected, expected * (1 - q) + extra


def _choose2(x):
    return x * (x - 1) / 2


def brokerage(graph: nx.Graph, attribute: str, null: str = "density") -> pd.DataFrame:
    r"""Return Gould & Fernandez's (1989) brokerage roles of every node, with z-scores.

    Node ``j`` brokers the ordered pair ``(i, k)`` when ``i -> j -> k`` is an *open two-path*:
    ``i != k``, arcs ``i -> j`` and ``j -> k``, and no arc ``i -> k``. Each open two-path gives
    its broker one role, by the groups ``g`` of the three nodes (node ``attribute``):

    ==============  =========  ==============================  ================
    role            G & F      groups                          two-path
    ==============  =========  ==============================  ================
    coordinator     ``w_I``    ``g(i) = g(j) = g(k)``          ``A -> A -> A``
    itinerant       ``w_O``    ``g(i) = g(k) != g(j)``         ``A -> B -> A``
    representative  ``b_IO``   ``g(i) = g(j) != g(k)``         ``A -> A -> B``
    gatekeeper      ``b_OI``   ``g(j) = g(k) != g(i)``         ``A -> B -> B``
    liaison         ``b_O``    all three different             ``A -> B -> C``
    ==============  =========  ==============================  ================

    ``total`` is the number of open two-paths through ``j``. The counts follow
    ``sna::brokerage`` (Butts, R package sna 2.7-2: ordered pairs, one count per open two-path,
    unweighted; the same rules were checked against its source). An
    undirected graph is treated as a symmetric matrix, each edge two arcs, so every open
    two-path ``i - j - k`` counts in both directions (``(i, k)`` and ``(k, i)``: a
    representative one way is a gatekeeper the other way). Valued ties are dichotomised at
    ``> 0``; self-ties are ignored.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.Graph
    attribute : str
        Node attribute holding the group; every node needs a value (compared as text).
    null : {"density", "labels"}
        The model of the expected counts and z-scores ``z = (count - expected) / sd``.

        ``density`` (default) gives the moments ``sna::brokerage`` reports, after Gould &
        Fernandez: each ordered triple is an open two-path with probability
        ``q = d^2 (1 - d)`` in a random graph of density ``d = L / (N (N - 1))`` (``L`` arcs),
        so for a broker of group size ``n`` (``N`` nodes, ``n_h`` the other groups' sizes,
        ``r = d^3 (1 - d)^3``, ``C(x) = x (x - 1) / 2``):

        * coordinator: ``E = q (n-1)(n-2)``, ``V = E (1-q) + 2 (n-1)(n-2)(n-3) r``;
        * itinerant: ``E = q sum_h n_h (n_h-1)``, ``V = E (1-q) + 2 sum_h n_h (n_h-1)(n_h-2) r``;
        * representative and gatekeeper: ``E = q (N-n)(n-1)``,
          ``V = E (1-q) + 2 [(n-1) C(N-n) + (N-n) C(n-1)] r``;
        * liaison: ``E = q [(sum_h n_h)^2 - sum_h n_h^2]``,
          ``V = E (1-q) + 4 sum_h n_h C(N - n_h - n) r``;
        * total: ``E = q (N-1)(N-2)``, ``V = E (1-q) + 2 (N-1)(N-2)(N-3) r``.

        These depend on the broker's group only, not on its own two-paths.

        ``labels`` keeps the graph and the broker's label and permutes the labels of the other
        ``N - 1`` nodes: given the ``t_j`` pairs ``j`` brokers, the count of a role is a sum of
        indicators over those pairs, with expectation ``t_j P(role)`` and the exact variance of
        that sum under sampling the labels without replacement (covariances from the pairs that
        share a node). Here ``total`` is fixed (``sd = 0``).

        Where ``sd = 0`` (a role no node can play, such as coordinator in a group of two, or the
        total under ``labels``) the z-score is ``nan``.

    Returns
    -------
    DataFrame
        One row per node, in node order: ``id``, ``group``, the counts ``coordinator,
        itinerant, representative, gatekeeper, liaison, total``, then ``expected_*``,
        ``sd_*`` and ``z_*`` for each of the six.

    References
    ----------
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology*, 19, 89-126.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "side")
    >>> b = brokerage(g, "side")
    >>> b[["id", "representative", "gatekeeper", "total"]].values.tolist()
    [['a', 0, 0, 0], ['b', 1, 0, 1], ['c', 0, 1, 1], ['d', 0, 0, 0]]
    >>> round(float(b.loc[1, "expected_total"]), 4)  # q (N-1)(N-2), d = 3/12
    0.2812
    """
    if null not in BROKERAGE_NULLS:
        raise InputError(
            f"brokerage: unknown null model '{null}' (rule: one of {', '.join(BROKERAGE_NULLS)})"
        )
    labels = _group_labels(graph, attribute)
    a = adjacency(graph)
    n = a.shape[0]
    groups, codes = np.unique(labels, return_inverse=True)
    n_groups = len(groups)
    sizes = np.bincount(codes, minlength=n_groups)
    counts, patterns = _brokerage_counts(a, codes)
    if null == "density":
        d = a.sum() / (n * (n - 1)) if n > 1 else 0.0
        exp_g, var_g = _density_moments(sizes, d)
        expected, variance = exp_g[codes], var_g[codes]
    else:
        f = _role_indicators(n_groups)
        moments = np.array([_label_moments(sizes, g, f) for g in range(n_groups)])  # (G, 6, 5)
        mom = moments[codes]  # (n, 6, 5)
        t = patterns[:, [0]]
        mean = t * mom[:, 0]
        second = (
            t * mom[:, 0]
            + patterns[:, [1]] * mom[:, 1]
            + patterns[:, [2]] * mom[:, 2]
            + patterns[:, [3]] * mom[:, 3]
            + 2 * patterns[:, [4]] * mom[:, 4]
            + patterns[:, [5]] * mom[:, 5]
        )
        var = np.clip(second - mean**2, 0.0, None)
        var[var < 1e-9 * np.maximum(1.0, second)] = 0.0
        expected = np.column_stack([mean, patterns[:, 0]])
        variance = np.column_stack([var, np.zeros(n)])
    sd = np.sqrt(variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (counts - expected) / np.where(sd > 0, sd, 1.0), math.nan)
    names = BROKERAGE_ROLES + ["total"]
    columns = {"id": list(graph.nodes()), "group": labels}
    columns |= {name: counts[:, i].round().astype(int) for i, name in enumerate(names)}
    for prefix, values in (("expected_", expected), ("sd_", sd), ("z_", z)):
        columns |= {prefix + name: values[:, i] for i, name in enumerate(names)}
    return pd.DataFrame(columns)


# --------------------------------------------------------------------------------------------
# System-level integration (Provan & Milward 1995; Provan, Fish & Sydow 2007)
# --------------------------------------------------------------------------------------------

#: Components of the integration index, in the order :func:`integration_measures` reports them.
INTEGRATION_COMPONENTS = ["density", "degree_centralization", "cohesion", "multiplexity", "reach"]
#: How reach is measured: over the underlying ``undirected`` graph, or along the arcs (``out``).
REACH_MODES = ["undirected", "out"]


def integration_measures(
    graph: nx.Graph,
    multiplex_share: float | None = None,
    reach: str = "undirected",
    components: Iterable[str] = tuple(INTEGRATION_COMPONENTS),
    multiplexity_attribute: str = "multiplexity",
) -> pd.DataFrame:
    r"""Return the system-level integration of a network and the measures it is built from.

    Provan & Milward (1995) call a network of service providers integrated when its
    organisations are linked into a unity of effort with access to the network's resources and
    information; Provan, Fish & Sydow (2007) list the whole-network properties that describe it.
    Here each is a proportion in ``[0, 1]`` (``n`` organisations; ties dichotomised at ``> 0``,
    self-ties ignored):

    * ``density = L / (n (n - 1))``, ``L`` the arcs (an undirected edge is two arcs), as UCINET;
    * ``degree_centralization = sum_i (d_max - d_i) / ((n - 1)(n - 2))``, Freeman's index of the
      degrees ``d_i`` in the underlying undirected graph (1 for a star, 0 when all degrees are
      equal); it enters the index as it is, since Provan & Milward found integration
      coordinated through a central core agency the more effective;
    * ``cohesion``, the cohesive subgroups: the share of organisations that belong to a clique
      of three or more in the underlying undirected graph (equivalently, lie on a triangle:
      ``(S^2 * S) 1 > 0`` with ``S`` the symmetric 0/1 matrix);
    * ``multiplexity``: the share of connected ordered pairs (arcs; edges of an undirected
      graph) linked by two or more tie types, read from the arc attribute
      ``multiplexity_attribute`` (the number of types, as :func:`network_graph` writes it; an
      arc without it counts as one type), or ``multiplex_share`` when given (e.g. the
      ``share_multiplex`` of :func:`multiplexity`); ``nan`` when no arc carries the attribute
      and no share is given;
    * ``reach``: the share of organisations that reach every other organisation in at most two
      steps, ``(1 / n) sum_i [d_ij <= 2 for all j != i]``, with ``d_ij`` the distance in the
      underlying undirected graph (``reach="undirected"``, default: a tie in either direction
      lets information pass, and a non-respondent's unreported arcs do not cut it off) or along
      the arcs from ``i`` (``reach="out"``: ``A + A^2`` has no zero off the diagonal in row
      ``i``). ``reach_mean`` (not in the index) is the mean share of the others reached in two
      steps.

    The index is their mean, ``integration = (1 / |C|) sum_{c in C} x_c`` over the chosen
    ``components`` ``C`` (default all five). Every component already lies in ``[0, 1]``, so
    rescaling to ``[0, 1]`` leaves it unchanged; the index is ``nan`` when a chosen component
    is (e.g. multiplexity unknown, or centralisation of fewer than 3 nodes).

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.Graph
    multiplex_share : float, optional
        The multiplex share, in ``[0, 1]``, instead of reading it from the arcs.
    reach : {"undirected", "out"}
        Distances of the reach component (see above).
    components : iterable of str
        Components of :data:`INTEGRATION_COMPONENTS` averaged into ``integration``.
    multiplexity_attribute : str
        Arc attribute holding the number of tie types.

    Returns
    -------
    DataFrame
        One row: ``n_nodes``, the five components, ``reach_mean``, ``integration`` and
        ``n_components``.

    References
    ----------
    Provan, K. G. & Milward, H. B. (1995). A preliminary theory of interorganizational network
    effectiveness: a comparative study of four community mental health systems.
    *Administrative Science Quarterly*, 40(1), 1-33.

    Provan, K. G., Fish, A. & Sydow, J. (2007). Interorganizational networks at the network
    level: a review of the empirical literature on whole networks. *Journal of Management*,
    33(3), 479-516.

    Examples
    --------
    >>> import networkx as nx
    >>> m = integration_measures(nx.complete_graph(4), multiplex_share=0.5).iloc[0]
    >>> m[["density", "degree_centralization", "cohesion", "reach", "integration"]].tolist()
    [1.0, 0.0, 1.0, 1.0, 0.7]
    """
    return pd.DataFrame(
        [_integration_row(graph, multiplex_share, reach, components, multiplexity_attribute)]
    )


def _integration_row(
    graph: nx.Graph,
    multiplex_share: float | None,
    reach: str,
    components: Iterable[str],
    multiplexity_attribute: str,
) -> dict[str, float]:
    chosen = list(components)
    unknown = [c for c in chosen if c not in INTEGRATION_COMPONENTS]
    if unknown or not chosen:
        raise InputError(
            f"integration: unknown component '{unknown[0] if unknown else ''}' "
            f"(rule: one or more of {', '.join(INTEGRATION_COMPONENTS)})"
        )
    if reach not in REACH_MODES:
        raise InputError(f"integration: unknown reach '{reach}' (rule: one of undirected, out)")
    if multiplex_share is not None and not 0 <= multiplex_share <= 1:
        raise InputError(
            f"integration: multiplex_share {multiplex_share} (rule: a share between 0 and 1)"
        )
    a = adjacency(graph)
    n = a.shape[0]
    if n < 2:
        raise InputError(
            f"graph '{graph.graph.get('network_id', '')}': integration needs at least 2 nodes "
            f"(rule: n_nodes >= 2), got {n}"
        )
    sym = np.maximum(a, a.T)
    degree = sym.sum(axis=1)
    on_triangle = ((sym @ sym) * sym).sum(axis=1) > 0
    steps = a if reach == "out" else sym
    within_two = (steps + steps @ steps) > 0
    np.fill_diagonal(within_two, True)
    reached = (within_two.sum(axis=1) - 1) / (n - 1)
    if multiplex_share is None:
        types = [d.get(multiplexity_attribute) for u, v, d in graph.edges(data=True) if u != v]
        known = [t for t in types if t is not None]
        multiplex = float(np.mean([t is not None and t >= 2 for t in types])) if known else math.nan
    else:
        multiplex = float(multiplex_share)
    row = {
        "n_nodes": n,
        "density": float(a.sum() / (n * (n - 1))),
        "degree_centralization": freeman_centralization(degree, (n - 1) * (n - 2))
        if n > 2
        else math.nan,
        "cohesion": float(on_triangle.mean()),
        "multiplexity": multiplex,
        "reach": float((reached == 1).mean()),
        "reach_mean": float(reached.mean()),
    }
    values = [row[c] for c in chosen]
    row["integration"] = float(np.mean(values)) if not any(map(math.isnan, values)) else math.nan
    row["n_components"] = len(chosen)
    return row


def margin_measures(
    directed: nx.DiGraph, graph: nx.Graph, n_starts: int = 10, seed: int = 0
) -> pd.DataFrame:
    r"""Return where each organisation stands between the core and the margin of its network.

    Three readings of the margin, one row per node:

    * ``in_degree``: the partners that name the organisation in ``directed`` (the reported
      arcs), which a non-respondent's silence does not lower;
    * ``reach``: the share of the other ``n - 1`` organisations it reaches in at most two steps
      in ``graph`` (the symmetrised network), ``|{j != i : d_ij <= 2}| / (n - 1)``: access to
      the network's information and resources (Provan & Milward 1995);
    * ``core``: 1 when it belongs to the core of the best-fitting discrete core-periphery
      partition of ``graph`` (:func:`core_periphery`, Borgatti & Everett 2000), else 0.

    Node attributes of ``graph`` are kept as further columns.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (0, 2), (0, 3), (1, 4), (2, 5)])
    >>> m = margin_measures(g.to_directed(), g).set_index("node")
    >>> m.loc[[0, 3], ["in_degree", "reach", "core"]].values.tolist()
    [[3.0, 1.0, 1.0], [1.0, 0.6, 0.0]]
    """
    nodes = list(graph.nodes())
    sym = adjacency(graph) > 0
    sym = sym | sym.T
    n = len(nodes)
    within_two = (sym.astype(int) + sym.astype(int) @ sym.astype(int)) > 0
    np.fill_diagonal(within_two, False)
    reach = within_two.sum(axis=1) / (n - 1) if n > 1 else np.zeros(n)
    core = core_periphery(graph, n_starts=n_starts, seed=seed).set_index("node")["core"]
    frame = pd.DataFrame(
        {
            "node": nodes,
            "in_degree": [directed.in_degree(v) if v in directed else 0 for v in nodes],
            "reach": reach.astype(float),
            "core": [int(core[v]) for v in nodes],
        }
    )
    attrs = pd.DataFrame([dict(d) for _, d in graph.nodes(data=True)], index=frame.index)
    return pd.concat([frame, attrs], axis=1)


def ego_table(graph: nx.Graph, egos: Iterable[Hashable]) -> pd.DataFrame:
    """Return the ego network of each node of ``egos`` in the symmetrised ``graph``.

    One row per ego: ``node``, ``alters`` (its neighbours), ``alter_ties`` (ties among them),
    ``ego_density`` (``alter_ties`` over the ``alters (alters - 1) / 2`` possible), and Burt's
    (1992) ``effective_size`` (the alters minus their redundancy, ``n - 2t/n`` for ``t`` alter
    ties) and ``constraint`` (how much the ego's ties lead to one another), computed by networkx.
    A broker between otherwise separate partners has a sparse ego network, a large effective
    size and a low constraint.

    Examples
    --------
    >>> import networkx as nx
    >>> t = ego_table(nx.Graph([(0, 1), (0, 2), (0, 3), (1, 2)]), [0])
    >>> t[["alters", "alter_ties", "effective_size"]].values.tolist()
    [[3.0, 1.0, 2.3333333333333335]]
    """
    und = nx.Graph(graph.to_undirected() if graph.is_directed() else graph)
    und.remove_edges_from(nx.selfloop_edges(und))
    nodes = list(egos)
    size = nx.effective_size(und, nodes)
    constraint = nx.constraint(und, nodes)
    rows = []
    for v in nodes:
        alters = list(und[v])
        k = len(alters)
        ties = und.subgraph(alters).number_of_edges()
        rows.append(
            {
                "node": v,
                "alters": k,
                "alter_ties": ties,
                "ego_density": ties / (k * (k - 1) / 2) if k > 1 else math.nan,
                "effective_size": float(size[v]),
                "constraint": float(constraint[v]),
            }
        )
    return pd.DataFrame(rows)


def _boundary_count(a: np.ndarray, open_: np.ndarray, member: np.ndarray) -> float:
    """Representative and gatekeeper roles held by the members (see :func:`boundary_brokerage`)."""
    m = member.astype(float)
    representative = ((a * m[:, None]) * (open_ @ (a.T * (1 - m)[:, None]))).sum(axis=0)
    gatekeeper = ((a * (1 - m)[:, None]) * (open_ @ (a.T * m[:, None]))).sum(axis=0)
    return float(m @ (representative + gatekeeper))


def _open_pairs(a: np.ndarray) -> np.ndarray:
    open_ = 1.0 - a
    np.fill_diagonal(open_, 0.0)
    return open_


def boundary_brokerage(graph: nx.Graph, attribute: str, group) -> pd.DataFrame:
    r"""Return how often the members of one group broker across its boundary, against chance.

    Gould & Fernandez's (1989) boundary-spanning roles of a group ``G`` (the nodes whose
    ``attribute`` equals ``group``): a member ``j`` on an open two-path ``i -> j -> k`` (no arc
    ``i -> k``, ``i != k``) is a *representative* when ``i`` is in ``G`` and ``k`` is not, and a
    *gatekeeper* when ``k`` is in ``G`` and ``i`` is not (the counts of :func:`brokerage`).
    ``observed`` is the number of such two-paths through members of ``G``. Under random
    assignment of the labels to the nodes (group sizes fixed), each of the ``P`` open two-paths
    gives its broker one of the two roles with probability
    ``2 n_G (n_G - 1) (n - n_G) / (n (n - 1) (n - 2))``, so

    ``expected = 2 P n_G (n_G - 1) (n - n_G) / (n (n - 1) (n - 2))``

    and ``excess_per_member = (observed - expected) / n_G``: positive when the group's members
    link its side to the other side more often than randomly labelled nodes of the same
    network would. An undirected graph counts each path in both directions.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (2, 3)])  # 0 - 1 - 2 - 3: 1 brokers 0->2 and 2->0
    >>> nx.set_node_attributes(g, {0: "a", 1: "a", 2: "b", 3: "b"}, "side")
    >>> b = boundary_brokerage(g, "side", "a").iloc[0]
    >>> b["open_two_paths"], b["observed"], round(b["expected"], 4)
    (np.float64(4.0), np.float64(2.0), np.float64(1.3333))
    """
    nodes = list(graph.nodes())
    a = (adjacency(graph) > 0).astype(float)
    np.fill_diagonal(a, 0.0)
    open_ = _open_pairs(a)
    member = np.array([graph.nodes[v].get(attribute) == group for v in nodes])
    n, k = len(nodes), int(member.sum())
    paths = float((a * (open_ @ a.T)).sum())
    chance = 2 * k * (k - 1) * (n - k) / (n * (n - 1) * (n - 2)) if n > 2 else math.nan
    observed = _boundary_count(a, open_, member)
    return pd.DataFrame(
        [
            {
                "n_nodes": n,
                "n_group": k,
                "open_two_paths": paths,
                "observed": observed,
                "expected": paths * chance,
                "excess_per_member": (observed - paths * chance) / k if k else math.nan,
            }
        ]
    )


def boundary_brokerage_test(
    graph: nx.Graph,
    attribute: str,
    group,
    permutations: int = 9999,
    n_boot: int = 999,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Test :func:`boundary_brokerage` against random assignment of the labels.

    ``p_value`` is two-sided, ``(b + 1) / (R + 1)`` with ``b`` the ``R = permutations``
    relabellings (group sizes fixed) whose count departs from ``expected`` at least as far as the
    observed one. The interval of ``excess_per_member`` is a percentile node bootstrap
    (Snijders & Borgatti 1999: nodes resampled with their labels, ties among the sampled nodes
    kept, a node never tied to its own copy). Resampling nodes breaks up the structure the
    roles depend on, so the interval is wide, and it can include zero when the permutation test
    rejects: read it as a conservative range, the test as the verdict.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (2, 3)])
    >>> nx.set_node_attributes(g, {0: "a", 1: "a", 2: "b", 3: "b"}, "side")
    >>> r = boundary_brokerage_test(g, "side", "a", permutations=99, n_boot=99).iloc[0]
    >>> bool(r["p_value"] > 0.05)
    True
    """
    base = boundary_brokerage(graph, attribute, group).iloc[0].to_dict()
    nodes = list(graph.nodes())
    a = (adjacency(graph) > 0).astype(float)
    np.fill_diagonal(a, 0.0)
    open_ = _open_pairs(a)
    member = np.array([graph.nodes[v].get(attribute) == group for v in nodes])
    rng = np.random.default_rng(seed)
    draws = np.array(
        [_boundary_count(a, open_, rng.permutation(member)) for _ in range(permutations)]
    )
    gap = abs(base["observed"] - base["expected"])
    p_value = (int((np.abs(draws - base["expected"]) >= gap - 1e-9).sum()) + 1) / (permutations + 1)
    n, boot = len(nodes), []
    for _ in range(n_boot):
        idx = rng.integers(0, n, n)
        distinct = idx[:, None] != idx[None, :]
        sub = a[np.ix_(idx, idx)] * distinct
        m = member[idx]
        k = int(m.sum())
        if k < 2 or k == n:
            continue
        sub_open = (1.0 - sub) * distinct
        paths = (sub * (sub_open @ sub.T)).sum()
        chance = 2 * k * (k - 1) * (n - k) / (n * (n - 1) * (n - 2))
        boot.append((_boundary_count(sub, sub_open, m) - paths * chance) / k)
    tail = (1 - confidence) / 2
    low, high = np.quantile(boot, [tail, 1 - tail]) if boot else (math.nan, math.nan)
    return pd.DataFrame(
        [base | {"ci_low": float(low), "ci_high": float(high), "p_value": p_value,
                 "permutations": permutations}]
    )  # fmt: skip


def integration_table(
    graphs: Mapping[Hashable, nx.Graph],
    multiplex_shares: Mapping[Hashable, float] | None = None,
    key: str = "network_id",
    **kwargs,
) -> pd.DataFrame:
    """Return :func:`integration_measures` of each graph: one row per graph, keyed by ``key``.

    ``multiplex_shares`` maps a graph's key to its multiplex share (else it is read from the
    arcs); further keyword arguments go to :func:`integration_measures`.

    Examples
    --------
    >>> import networkx as nx
    >>> t = integration_table({"a": nx.path_graph(3), "b": nx.complete_graph(3)},
    ...                       multiplex_shares={"a": 0.0, "b": 1.0})
    >>> t[["network_id", "cohesion", "integration"]].values.tolist()
    [['a', 0.0, 0.5333333333333333], ['b', 1.0, 0.8]]
    """
    shares = multiplex_shares or {}
    options = {
        "reach": "undirected",
        "components": tuple(INTEGRATION_COMPONENTS),
        "multiplexity_attribute": "multiplexity",
    }
    unknown = set(kwargs) - set(options)
    if unknown:
        raise TypeError(f"integration_table: unexpected argument {sorted(unknown)[0]!r}")
    options |= kwargs
    rows = [
        {key: name, **_integration_row(g, shares.get(name), **options)}
        for name, g in graphs.items()
    ]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Tables over several networks: what a chapter shows, one row per network or per organisation
# --------------------------------------------------------------------------------------------


def node_table(graphs: Mapping[Hashable, nx.Graph], directed: Mapping[Hashable, nx.DiGraph]):
    """Return every organisation of every network with its centralities (:func:`node_measures`
    of the symmetrised ``graphs``) and its PARTNER scores (:func:`partner_scores` of the
    ``directed`` graphs, whose arcs carry the ratings), with its ``network_id``.

    Examples
    --------
    >>> import networkx as nx
    >>> d = nx.DiGraph()
    >>> d.add_edge("a", "b", **dict.fromkeys(TRUST_ITEMS, 4), **dict.fromkeys(VALUE_ITEMS, 2))
    >>> t = node_table({"n": d.to_undirected()}, {"n": d})
    >>> t[["network_id", "node", "degree", "trust"]].values.tolist()[1]
    ['n', 'b', 1, 4.0]
    """
    frames = [
        node_measures(graphs[k]).merge(partner_scores(directed[k]), on="node").assign(network_id=k)
        for k in graphs
    ]
    return pd.concat(frames, ignore_index=True)


#: The whole-network measures the network chapter shows, in its order.
SHOWN_MEASURES = [
    "governance_mode",
    "n_nodes",
    "n_ties",
    "density",
    "degree_centralization",
    "betweenness_centralization",
    "transitivity",
    "avg_distance",
    "compactness",
    "strong_components",
    "core_periphery_fit",
    "share_multiplex",
    "trust",
    "value",
]


def network_measures_table(
    networks: pd.DataFrame,
    graphs: Mapping[Hashable, nx.Graph],
    directed: Mapping[Hashable, nx.DiGraph],
    ties: pd.DataFrame,
    seed: int = 0,
) -> pd.DataFrame:
    """Return one row per network: its ``region`` and declared ``governance_mode`` (from
    ``networks``, indexed by ``network_id``), :func:`whole_network_measures` of the symmetrised
    ``graphs``, the ``share_multiplex`` of its ``ties`` (:func:`multiplexity`) and the mean
    PARTNER ``trust`` and ``value`` of the ratings on its ``directed`` arcs
    (:func:`partner_network_scores`). Indexed by ``network_id``, in the order of ``graphs``.
    """
    measures = whole_network_table(graphs, seed=seed).set_index("network_id")
    multiplex = multiplexity(ties[ties["network_id"].isin(list(graphs))]).set_index("network_id")
    partner = pd.DataFrame({k: partner_network_scores(directed[k]) for k in graphs}).T
    partner = partner[["trust", "value"]].astype(float)
    table = networks.loc[list(graphs), ["region", "governance_mode"]].join(measures)
    return table.join(multiplex).join(partner).rename_axis("network_id")


def governance_table(
    graphs: Mapping[Hashable, nx.Graph], declared: Mapping[Hashable, str]
) -> pd.DataFrame:
    """Return :func:`governance_profile` of each network against its ``declared`` mode, one row
    per network (indexed by ``network_id``; the declared and the structural mode first), the
    most central organisation (``top_node``) given by its ``label`` attribute where it has one."""
    rows = []
    for k, g in graphs.items():
        row = governance_profile(g, declared[k]).iloc[0].to_dict()
        row["top_node"] = g.nodes[row["top_node"]].get("label", row["top_node"])
        rows.append({"network_id": k, **row})
    first = ["declared_mode", "structural_mode"]
    table = pd.DataFrame(rows).set_index("network_id")
    return table[first + [c for c in table.columns if c not in first]]


#: Labels of :func:`governance_table`'s columns as the governance section shows them.
GOVERNANCE_LABELS = {
    "top_share": "Its share of partners",
    "administrative_broker": "Coordination office is main broker",
}


def top_node_reach(graph: nx.Graph, attribute: str = "formal") -> pd.DataFrame:
    """Return :func:`reach_by_group` of the network's most central organisation (the
    ``top_node`` of :func:`governance_profile`) over the groups of ``attribute``."""
    return reach_by_group(graph, governance_profile(graph).iloc[0]["top_node"], attribute)


def labelled_egos(graph: nx.Graph, sector: str) -> pd.DataFrame:
    """Return :func:`ego_table` of the organisations of ``sector`` (node attribute ``sector``),
    each named by its ``label`` attribute (its node id where it has none) in a ``label`` column
    that replaces ``node``."""
    egos = ego_table(graph, [v for v, s in graph.nodes(data="sector") if s == sector])
    labels = [graph.nodes[v].get("label", v) for v in egos["node"]]
    return egos.drop(columns="node").assign(label=labels)[["label", *egos.columns.drop("node")]]


#: Labels of :func:`mixing_table`'s columns as the mixing section shows them.
MIXING_LABELS = {
    "ei_expected": "Expected",
    "ei_p_value": "p (permutation)",
    "p_adjusted": "p (Holm over networks)",
    "n_internal": "Ties within",
    "n_external": "Ties between",
    "verdict": "Reading",
}


def mixing_table(
    graphs: Mapping[Hashable, nx.Graph],
    attribute: str,
    permutations: int,
    seed: int = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Return the E-I index of every network (:func:`ei_index` over the groups of
    ``attribute``, with its permutation p-value), the p-value adjusted with Holm's method over
    the networks (``p_adjusted``) and the reading of :func:`mixing_verdict` at ``alpha`` from the
    adjusted p-value (``verdict``). Indexed by ``network_id``."""
    from localwelfare import stats

    ei = pd.concat(
        [ei_index(graphs[k], attribute, permutations, seed=seed) for k in graphs],
        keys=list(graphs),
    ).droplevel(1)
    ei["p_adjusted"] = stats.adjust(ei["ei_p_value"])
    ei["verdict"] = [
        mixing_verdict(ei.loc[[k]].assign(ei_p_value=ei.loc[k, "p_adjusted"]), alpha)
        for k in ei.index
    ]
    return ei.rename_axis("network_id")


__all__ = [
    "BROKERAGE_NULLS",
    "BROKERAGE_ROLES",
    "GOVERNANCE_LABELS",
    "INTEGRATION_COMPONENTS",
    "MIXING_LABELS",
    "NONRESPONSE_STRATEGIES",
    "REACH_MODES",
    "SHOWN_MEASURES",
    "SYMMETRISATION_RULES",
    "TIE_TYPES",
    "TRUST_ITEMS",
    "UCINET_NAMES",
    "VALUE_ITEMS",
    "adjacency",
    "boundary_brokerage",
    "boundary_brokerage_test",
    "brokerage",
    "check_ties",
    "compare_groups",
    "core_periphery",
    "core_periphery_fit",
    "dichotomise",
    "ego_table",
    "ei_index",
    "freeman_centralization",
    "geodesics",
    "governance_profile",
    "governance_table",
    "group_mixing",
    "homophily",
    "integration_measures",
    "integration_table",
    "labelled_egos",
    "margin_measures",
    "mixing_table",
    "mixing_verdict",
    "multiplex_layers",
    "multiplexity",
    "network_graph",
    "network_graphs",
    "network_measures_table",
    "node_measures",
    "node_table",
    "observed_density",
    "partner_network_scores",
    "partner_scores",
    "reach_by_group",
    "response_rates",
    "symmetrise",
    "top_node_reach",
    "ucinet_table",
    "whole_network_measures",
    "whole_network_table",
]
