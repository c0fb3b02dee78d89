"""Every run's findings as one tidy claims table: what the data support, and how robustly.

A *claim* is one sentence a chapter may state about a research question ("density differs
between governance modes"), decided by a test of :mod:`localwelfare.stats`. This module computes
the claims of every run from the data with package functions only (notebooks show them; they
never compute them), adjusts the p-values within each *family* (all tested claims of one run on
one question; Holm by default) and re-evaluates every claim under every combination of the
run's defensible method choices (:data:`SPECIFICATIONS`), so that each claim says in how many of
them it holds.

The claims table has one row per claim and these columns:

========================  ==========================================================================
``run``                   the run of ``notebooks/runs.yml`` (or ``custom``)
``claim_id``              stable id within the run, e.g. ``density-by-mode``
``question``              the research question's id (:data:`QUESTIONS`)
``claim``                 the sentence, with the direction the data show (e.g. "... highest in X")
``kind``                  ``difference``, ``association``, ``model``, ``description`` or
                          ``integration``
``estimate``              the effect size (``effect_size_name`` says which)
``ci_low``, ``ci_high``   its 95 % interval
``p_value``               unadjusted p-value
``p_adjusted``            adjusted within the family (``method``)
``family``                ``run/question``
``supported``             ``True``/``False`` for a tested claim, empty (``<NA>``) when untestable
``reason``                the test used, or why there is none
``robust_in``             in how many specifications the claim is supported
``specifications``        how many specifications were evaluated
========================  ==========================================================================

Examples
--------
>>> from localwelfare import findings
>>> sorted(findings.QUESTIONS)[:3]
['antwerp-clients', 'antwerp-conditions', 'antwerp-governance']
>>> table = findings.run_claims("wp1-oud-noord", robustness=False)  # doctest: +SKIP
>>> table.loc[0, ["claim_id", "supported"]].tolist()  # doctest: +SKIP
['mixing', True]
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from localwelfare import stats
from localwelfare.errors import InputError

#: The research questions of the studies, by id (the preface's question table uses them too).
QUESTIONS: dict[str, str] = {
    "inch-rq1": "How are the local networks against child poverty organised?",
    "inch-rq2": "Which practices of in- and exclusion do the networks show?",
    "inch-rq3": "How do policy makers and social workers perceive the networks?",
    "inch-rq4": "How do families in poverty experience the networks?",
    "antwerp-conditions": "What are the social workers' working conditions?",
    "antwerp-views": "How do social workers perceive social assistance and their networks?",
    "antwerp-governance": "Does network governance positively influence collaboration?",
    "antwerp-clients": "How do clients perceive the local social centres?",
    "bbox-typology": "Which practices do PCSWs have towards newcomers?",
    "bbox-factors": "Which factors shape social workers' choices and decisions on newcomers?",
    "bbox-access": "How accessible are PCSWs for newcomers?",
    "bbox-perception": "How do newcomers perceive the PCSWs' service delivery?",
    "oudnoord-hybrid": "Do professionals and informal actors hybridise or co-exist?",
    "oudnoord-advocacy": "Do informal actors act as residents' advocates and link to services?",
    "oudnoord-trust": "Do residents have low trust in the formal domain?",
}

COLUMNS = [
    "run",
    "claim_id",
    "question",
    "claim",
    "kind",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "family",
    "supported",
    "reason",
    "robust_in",
    "specifications",
]
#: Further columns of the table, for readers of the evidence.
EXTRA_COLUMNS = [
    "statement",
    "effect_size_name",
    "test",
    "n",
    "direction",
    "contrast",
    "method",
    "alpha",
]

#: Defensible alternatives of each notebook's method parameters: the multiverse of a run is the
#: product of these lists (the run's own value is always one of the specifications).
SPECIFICATIONS: dict[str, dict[str, list]] = {
    "network_mapping": {
        "symmetrise": ["union", "reciprocated"],
        "threshold": [1, 2],
        "nonresponse": ["reconstruct", "observed"],
    },
    "qualitative_synthesis": {"min_segments": [1, 2]},
    "pcsw_typology": {
        "weighting": [True, False],
        "missing": ["fiml", "listwise"],
        "criterion": ["bic", "aic"],
    },
    "newcomer_perceptions": {"min_answered": [0.5, 1.0], "adjust": [True, False]},
    "vignettes": {"covariates": [True, False], "cluster": ["pcsw", "worker_id"]},
    "study_design": {},
    "integration": {},
}
#: The single-network chapters (Antwerp and its Zurich comparison case, Oud Noord) vary the
#: same method choices as the INCh chapter.
SINGLE_NETWORK_NOTEBOOKS = ("neighbourhood_network", "informal_network")
SPECIFICATIONS |= dict.fromkeys(SINGLE_NETWORK_NOTEBOOKS, SPECIFICATIONS["network_mapping"])

#: The parameters of each notebook that its claims read (the rest only change what is shown).
PARAMETERS: dict[str, list[str]] = {
    "network_mapping": [
        "study", "tie_type", "symmetrise", "threshold", "nonresponse", "group_attribute",
        "focal_sector", "permutations", "alpha", "seed", "data_dir",
    ],
    **dict.fromkeys(SINGLE_NETWORK_NOTEBOOKS, [
        "study", "tie_type", "symmetrise", "threshold", "nonresponse", "group_attribute",
        "focal_sector", "permutations", "alpha", "seed", "data_dir", "compare_with",
    ]),
    "qualitative_synthesis": [
        "data_dir", "source_file", "study", "cases", "actor_groups", "compare_by", "coder",
        "quote_seed", "alpha", "min_segments",
    ],
    "pcsw_typology": [
        "data_dir", "k_max", "starts", "missing", "weighting", "criterion", "alpha", "seed",
    ],
    "newcomer_perceptions": [
        "data_dir", "scales", "group", "group2", "min_answered", "small_cell", "alpha", "seed",
        "coder", "adjust",
    ],
    "vignettes": ["data_dir", "covariates", "by_type", "cluster", "alpha"],
    "study_design": ["data_dir"],
    "integration": ["data_dir", "study", "alpha", "seed"],
}  # fmt: skip

#: The sector whose positions a network study highlights (its anchor organisations).
ANCHORS = {
    "inch": "pcsw",
    "antwerp": "local_social_centre",
    "zurich": "local_social_centre",
    "oud-noord": "neighbourhood_team",
}


def _words(code) -> str:
    """A program's name read as words (``actor_group`` as ``actor group``): for field names and
    words of the analysis, not for codes of the data (see :func:`_label`)."""
    return str(code).replace("_", " ")


def _label(code, field: str | None = None, language: str = "en") -> str:
    """A code of the data as a reader reads it in a claim: its label in the data package (in
    ``field``, :func:`localwelfare.data.code_label`), else its words.

    Examples
    --------
    >>> _label("wallonia", "region"), _label("wallonia", "region", "nl"), _label("type 2")
    ('Wallonia', 'Wallonië', 'type 2')
    """
    from localwelfare import data

    label = data.code_label(str(code), language, field)
    return label if label is not None else _words(code)


def _plural(code, field: str = "sector") -> str:
    """The plural of a code's label, for the organisations of a sector (``PCSWs``, ``local
    social centres``)."""
    label = _label(code, field)
    return label if label.endswith("s") else f"{label}s"


def is_supported(value) -> bool:
    """Whether a ``supported`` cell says True (it may be True, False or missing)."""
    return bool(pd.notna(value) and value)


def is_rejected(value) -> bool:
    """Whether a ``supported`` cell says False (tested, not supported)."""
    return bool(pd.notna(value) and not value)


def claim_row(
    claim_id: str,
    question: str,
    claim: str,
    kind: str,
    result: Mapping | None = None,
    direction: str = "",
    detail: str = "",
    contrast: str = "",
) -> dict:
    """Return one claim (a row of the claims table before adjustment) from a test result.

    ``claim`` is the statement tested ("density differs between the governance modes");
    ``detail`` the direction the data show, appended to the claim in brackets ("highest in shared
    participant networks") but left out when the claim is negated; ``direction`` the word that
    must agree across specifications for the claim to hold in them; ``contrast`` the other end
    (the group lowest or least often), which :mod:`localwelfare.integration` compares.
    """
    if question not in QUESTIONS:
        raise ValueError(f"claim {claim_id}: unknown question id '{question}'")
    result = dict(result or stats.untested("a description: nothing to test"))
    return {
        "claim_id": claim_id,
        "question": question,
        "claim": f"{claim} ({detail})" if detail else claim,
        "statement": claim,
        "kind": kind,
        "estimate": result.get("effect_size", np.nan),
        "ci_low": result.get("ci_low", np.nan),
        "ci_high": result.get("ci_high", np.nan),
        "p_value": result.get("p_value", np.nan),
        "reason": result.get("reason", ""),
        "effect_size_name": result.get("effect_size_name", ""),
        "test": result.get("test", "none"),
        "n": result.get("n", 0),
        "testable": bool(result.get("testable", False)),
        "direction": direction,
        "contrast": contrast,
    }


def adjust_claims(rows: list[dict], run: str, alpha: float, method: str = "holm") -> pd.DataFrame:
    """Return the claims of one run as a table, p-values adjusted within each question's family.

    A tested claim is supported when its adjusted p-value is below ``alpha``; an untested one has
    ``supported`` empty (pandas' ``<NA>``) and its ``reason``.
    """
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=COLUMNS + EXTRA_COLUMNS)
    table.insert(0, "run", run)
    table["family"] = run + "/" + table["question"]
    table["p_adjusted"] = np.nan
    for _, index in table.groupby("family").groups.items():
        table.loc[index, "p_adjusted"] = stats.adjust(table.loc[index, "p_value"], method)
    supported = table["p_adjusted"] < alpha
    table["supported"] = pd.array(
        [bool(s) if t else pd.NA for s, t in zip(supported, table["testable"], strict=True)],
        dtype="boolean",
    )
    table["method"] = method
    table["alpha"] = alpha
    table["robust_in"] = pd.NA
    table["specifications"] = pd.NA
    return table[COLUMNS + EXTRA_COLUMNS]


# --- WP1: network mapping --------------------------------------------------------------------


def load_network_data(data_dir=None) -> dict:
    """The resources WP1's claims read."""
    from localwelfare import data

    names = ("networks", "organisations", "ties", "welfare_meetings")
    return {name: data.load(name, data_dir) for name in names}


def study_networks(tables: Mapping, params: Mapping) -> dict:
    """Return a WP1 study's networks as the chapter and its claims analyse them.

    ``params`` gives the ``study`` and the method choices (``tie_type``, ``nonresponse``,
    ``threshold``, ``symmetrise``, ``focal_sector``). The result holds ``networks`` (the study's
    rows of the networks table, indexed by ``network_id``), ``directed`` (each network's
    directed, valued graph with non-response treated), ``graphs`` (dichotomised at the threshold
    and symmetrised), ``focal`` (the sector whose positions are highlighted: ``focal_sector`` or
    the study's anchor of :data:`ANCHORS`), ``rates`` (:func:`network.response_rates`, indexed
    by ``network_id``) and ``main_id`` (the network with the most organisations).
    """
    from localwelfare import network

    study = params["study"]
    if study not in ANCHORS:
        raise InputError(f"parameter study: unknown study '{study}' (one of {', '.join(ANCHORS)})")
    nets = tables["networks"]
    nets = nets[nets["study"] == study].set_index("network_id")
    tie_type = None if params.get("tie_type", "combined") == "combined" else params["tie_type"]
    directed = network.network_graphs(
        tables["ties"], tables["organisations"], nets.index, tie_type, params["nonresponse"]
    )
    graphs = {
        k: network.symmetrise(network.dichotomise(g, params["threshold"]), params["symmetrise"])
        for k, g in directed.items()
    }
    rates = network.response_rates(tables["organisations"]).set_index("network_id")
    return {
        "networks": nets,
        "directed": directed,
        "graphs": graphs,
        "focal": params.get("focal_sector") or ANCHORS[study],
        "rates": rates.loc[nets.index],
        "main_id": max(graphs, key=lambda k: graphs[k].number_of_nodes()),
    }


def response_table(rates: pd.DataFrame, directed: Mapping) -> pd.DataFrame:
    """The response ``rates`` of each network (:func:`network.response_rates`, indexed by
    ``network_id``) with the density over the dyads whose sender answered
    (``observed_density``, :func:`network.observed_density` of its ``directed`` graph)."""
    from localwelfare import network

    return rates.assign(
        observed_density=[network.observed_density(directed[k]) for k in rates.index]
    )


def focal_means(nodes: pd.DataFrame, focal: str) -> dict:
    """The number of organisations of sector ``focal`` in ``nodes`` (:func:`network.node_table`)
    and the mean betweenness, PARTNER trust and value of them (``focal_*``) and of the other
    organisations (``other_*``)."""
    is_focal = nodes["sector"] == focal
    out = {"n_focal": int(is_focal.sum())}
    for column in ("betweenness", "trust", "value"):
        out[f"focal_{column}"] = float(nodes.loc[is_focal, column].mean())
        out[f"other_{column}"] = float(nodes.loc[~is_focal, column].mean())
    return out


def _ei_claim(graph, attribute: str, permutations: int, seed: int, n_boot: int = 999) -> dict:
    """E-I index against its expectation: permutation p, effect = E-I - expected, node bootstrap
    interval (Snijders & Borgatti 1999: nodes resampled, ties among the sampled nodes kept)."""
    from localwelfare import network

    ei = network.ei_index(graph, attribute, permutations, seed=seed).iloc[0]
    a = (network.adjacency(graph) > 0).astype(float)
    labels = np.array([str(graph.nodes[v].get(attribute)) for v in graph])
    codes = np.unique(labels, return_inverse=True)[1]
    same = codes[:, None] == codes[None, :]
    rng = np.random.default_rng(seed)
    n = len(labels)
    boot = []
    for _ in range(n_boot):
        idx = rng.integers(0, n, n)
        sub = a[np.ix_(idx, idx)]
        distinct = idx[:, None] != idx[None, :]
        s = same[np.ix_(idx, idx)]
        internal, external = (sub * s * distinct).sum(), (sub * ~s * distinct).sum()
        within, between = (s & distinct).sum(), (~s & distinct).sum()
        if internal + external == 0 or within + between == 0:
            continue
        boot.append(
            (external - internal) / (external + internal) - (between - within) / (between + within)
        )
    lo, hi = np.quantile(boot, [0.025, 0.975]) if boot else (np.nan, np.nan)
    tested = permutations > 0 and np.isfinite(ei["ei_p_value"])
    return {
        "test": "permutation" if tested else "none",
        "statistic": float(ei["ei_index"]),
        "p_value": float(ei["ei_p_value"]) if tested else np.nan,
        "effect_size": float(ei["ei_index"] - ei["ei_expected"]),
        "effect_size_name": "ei_minus_expected",
        "ci_low": float(lo),
        "ci_high": float(hi),
        "n": n,
        "testable": bool(tested),
        "reason": (
            f"{permutations} permutations of the {attribute} labels; interval: node bootstrap"
            if tested
            else "no ties or no permutations: no test"
        ),
    }


def network_claims(tables: Mapping, params: Mapping) -> list[dict]:
    """Return WP1's claims for one study under one specification of ``params``.

    * INCh (several networks): density, degree centralisation, partner trust and perceived value
      compared across the *declared* governance modes (``networks.governance_mode``, never the
      structural reading) with a permutation test of the mode labels over the networks; the
      anchor sector's betweenness against the other members', labels permuted within each network.
    * Antwerp (one network): the local social centres' betweenness and the trust partners place in
      them against the other members' (permutation of the sector labels in the network).
    * Oud Noord (one network): the E-I index of the formal/informal line against the value its
      group sizes give (co-existence below, hybridisation above).
    """
    from localwelfare import network

    study = params["study"]
    nets, directed, graphs, focal = (
        study_networks(tables, params)[k] for k in ("networks", "directed", "graphs", "focal")
    )
    seed, permutations = int(params["seed"]), int(params.get("permutations", 9999))
    nodes = network.node_table(graphs, directed)
    is_focal = np.where(nodes["sector"] == focal, focal, "other")
    rows = []
    if study == "inch":
        measures = pd.DataFrame(
            {k: network.whole_network_measures(g, core_periphery=False) for k, g in graphs.items()}
        ).T
        partner = pd.DataFrame(
            {k: network.partner_network_scores(directed[k]) for k in graphs}
        ).T.astype(float)
        multiplex = network.multiplexity(
            tables["ties"][tables["ties"]["network_id"].isin(nets.index)]
        ).set_index("network_id")["share_multiplex"]
        integration = network.integration_table(graphs, multiplex.to_dict()).set_index(
            "network_id"
        )[["integration"]]
        table = (
            nets[["governance_mode"]].join(measures).join(partner).join(multiplex).join(integration)
        )
        mode = table["governance_mode"].astype(str)
        for claim_id, column, what in [
            ("density-by-mode", "density", "density"),
            ("centralization-by-mode", "degree_centralization", "degree centralisation"),
            ("trust-by-mode", "trust", "the trust partners place in one another"),
            ("value-by-mode", "value", "the value partners see in one another"),
            ("multiplex-by-mode", "share_multiplex", "the share of multiplex ties"),
            ("integration-by-mode", "integration", "system-level integration"),
        ]:
            res = stats.permutation_test(
                table[column].astype(float), mode, n_resamples=permutations, seed=seed
            )
            high = _words(res.get("highest", ""))
            highest = _label(res.get("highest", ""), "governance_mode")
            rows.append(
                claim_row(
                    claim_id,
                    "inch-rq1",
                    f"{what.capitalize()} differs between the declared governance modes",
                    "difference",
                    res,
                    direction=high,
                    detail=f"highest in {highest} networks",
                )
            )
        res = stats.permutation_test(
            nodes["betweenness"],
            is_focal,
            strata=nodes["network_id"],
            focal=focal,
            n_resamples=permutations,
            seed=seed,
        )
        word = "higher" if res["effect_size"] > 0 else "lower"
        rows.append(
            claim_row(
                "focal-betweenness",
                "inch-rq1",
                f"The {_plural(focal)} broker {word} than the other members "
                "(betweenness, compared within each network)",
                "difference",
                res,
                direction=word,
            )
        )
        rows += margin_claims(directed, graphs, permutations, seed)
    elif study in ("antwerp", "zurich"):
        meetings = tables["welfare_meetings"]
        if meetings["network_id"].isin(nets.index).any():
            rows.append(meetings_claim(nodes, meetings, permutations, seed))
        if params.get("compare_with"):
            rows += comparison_claims(tables, params, graphs, params["compare_with"])
        for claim_id, question, column, what in [
            ("focal-betweenness", "antwerp-governance", "betweenness", "broker"),
            ("focal-trust", "antwerp-views", "trust", "are trusted"),
        ]:
            res = stats.permutation_test(
                nodes[column], is_focal, focal=focal, n_resamples=permutations, seed=seed
            )
            word = "more" if res["effect_size"] > 0 else "less"
            rows.append(
                claim_row(
                    claim_id,
                    question,
                    f"The {_plural(focal)} {what} {word} than their partner organisations",
                    "difference",
                    res,
                    direction=word,
                )
            )
    else:
        attribute = params.get("group_attribute", "formal")
        (graph,) = graphs.values()
        res = _ei_claim(graph, attribute, permutations, seed)
        word = "co-existence" if res["effect_size"] < 0 else "hybridisation"
        rows.append(
            claim_row(
                "mixing",
                "oudnoord-hybrid",
                f"Professionals and informal actors show {word}: "
                f"{'fewer' if res['effect_size'] < 0 else 'more'} ties across the "
                f"{_words(attribute)} line than group sizes alone give",
                "association",
                res,
                direction=word,
            )
        )
        if attribute == "formal":
            rows.append(boundary_claim(graph, permutations, seed))
    return rows


#: The node measures two single networks are compared on: (column, what a larger value means).
COMPARISON_MEASURES = {
    "degree": ("normalised_degree", "are tied to a larger share of the other members"),
    "clustering": ("clustering", "have partners that are more often tied to one another"),
}


def comparison_table(graphs: Mapping) -> pd.DataFrame:
    """Each node's normalised degree (its partners over the ``n - 1`` others) and local
    clustering coefficient (the share of its partners' pairs that are tied; networkx), with its
    network, for the symmetrised ``graphs``."""
    import networkx as nx

    frames = []
    for k, g in graphs.items():
        n = g.number_of_nodes()
        clustering = nx.clustering(g)
        frames.append(
            pd.DataFrame(
                {
                    "network_id": k,
                    "node": list(g),
                    "normalised_degree": [g.degree(v) / (n - 1) for v in g],
                    "clustering": [clustering[v] for v in g],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def comparison_summary(graphs: Mapping) -> pd.DataFrame:
    """One row per network of ``graphs`` (the chapter's network and the case set beside it):
    its size, density, degree centralisation and transitivity, and its members' mean normalised
    degree and mean local clustering (:func:`comparison_table`). Indexed by ``network_id``."""
    from localwelfare import network

    whole = network.whole_network_table(graphs, core_periphery=False).set_index("network_id")
    members = comparison_table(graphs).groupby("network_id", sort=False)
    means = members[["normalised_degree", "clustering"]].mean()
    columns = ["n_nodes", "density", "degree_centralization", "transitivity"]
    return whole[columns].join(means)


#: Labels of :func:`comparison_summary`'s member columns.
COMPARISON_LABELS = {
    "normalised_degree": "Normalised degree (mean)",
    "clustering": "Local clustering (mean)",
}


def comparison_graphs(tables: Mapping, params: Mapping, other: str) -> dict:
    """The comparison network ``other`` as a one-graph mapping, built with the method choices
    of ``params`` (tie type, non-response, threshold, symmetrisation)."""
    from localwelfare import network

    if other not in set(tables["networks"]["network_id"]):
        raise InputError(
            f"parameter compare_with: unknown network '{other}' (rule: a network_id of networks)"
        )
    tie_type = None if params.get("tie_type", "combined") == "combined" else params["tie_type"]
    directed = network.network_graphs(
        tables["ties"], tables["organisations"], [other], tie_type, params["nonresponse"]
    )
    graph = network.dichotomise(directed[other], params["threshold"])
    return {other: network.symmetrise(graph, params["symmetrise"])}


def comparison_claims(tables: Mapping, params: Mapping, graphs: Mapping, other: str) -> list:
    """A single network against a comparison case (the Antwerp study's Zurich network): the
    members' normalised degree and local clustering, compared with a permutation test of the
    network labels over the members of both networks (members treated as exchangeable, which a
    design of two networks cannot check: a difference describes the two networks, it does not
    show what governance does)."""
    both = dict(graphs) | comparison_graphs(tables, params, other)
    (own,) = graphs
    table = comparison_table(both)
    rows = []
    for key, (column, larger) in COMPARISON_MEASURES.items():
        res = stats.permutation_test(
            table[column],
            table["network_id"],
            focal=own,
            n_resamples=int(params.get("permutations", 9999)),
            seed=int(params["seed"]),
        )
        word = "more" if res.get("effect_size", 0) > 0 else "less"
        verb = (
            larger
            if word == "more"
            else larger.replace("larger", "smaller").replace("more often", "less often")
        )
        rows.append(
            claim_row(
                f"compare-{key}",
                "antwerp-governance",
                f"Members of the {own.capitalize()} network {verb} than those of the "
                f"{other.capitalize()} network",
                "difference",
                res,
                direction=word,
            )
        )
    return rows


def boundary_claim(graph, permutations: int, seed: int) -> dict:
    """Oud Noord: do the informal actors link their side to the formal services more often than
    chance gives? Their representative and gatekeeper roles across the formal/informal line
    against random assignment of the labels (:func:`network.boundary_brokerage_test`)."""
    from localwelfare import network

    res = network.boundary_brokerage_test(
        graph, "formal", False, permutations=permutations, seed=seed
    ).iloc[0]
    tested = permutations > 0 and int(res["n_group"]) >= 2
    word = "more" if res["excess_per_member"] > 0 else "less"
    result = {
        "test": "permutation" if tested else "none",
        "statistic": float(res["observed"]),
        "p_value": float(res["p_value"]) if tested else np.nan,
        "effect_size": float(res["excess_per_member"]),
        "effect_size_name": "excess_boundary_brokerage",
        "ci_low": float(res["ci_low"]),
        "ci_high": float(res["ci_high"]),
        "n": int(res["n_nodes"]),
        "testable": bool(tested),
        "reason": (
            f"{permutations} random assignments of the formal/informal labels; interval: node "
            "bootstrap"
            if tested
            else "fewer than two informal actors or no permutations: no test"
        ),
    }
    return claim_row(
        "informal-brokerage",
        "oudnoord-advocacy",
        f"Informal actors broker between their side and the formal services {word} often than "
        "chance gives (representative and gatekeeper roles across the formal/informal line)",
        "association",
        result,
        direction=word,
    )


#: INCh RQ2: the kinds of member that may sit at the margin of a network, by sector.
MARGIN_GROUPS = {
    "informal": (
        "informal and volunteer organisations (among them those of families in poverty)",
        ["volunteer_group", "residents_association", "social_enterprise", "experts_by_experience"],
    ),
    "basic-services": (
        "health, housing and employment (income) services",
        ["health", "housing", "employment"],
    ),
}
#: The readings of the margin (:func:`localwelfare.network.margin_measures`).
MARGIN_MEASURES = {
    "indegree": ("in_degree", "are named by fewer partners", "are named by more partners"),
    "reach": ("reach", "reach fewer members in two steps", "reach more members in two steps"),
    "core": ("core", "sit in the core less often", "sit in the core more often"),
}


def margin_table(directed: Mapping, graphs: Mapping, seed: int = 0) -> pd.DataFrame:
    """Every member's margin measures (:func:`network.margin_measures`) with its network and
    its margin group (a key of :data:`MARGIN_GROUPS`, or ``other``)."""
    from localwelfare import network

    frames = [
        network.margin_measures(directed[k], graphs[k], seed=seed).assign(network_id=k)
        for k in graphs
    ]
    table = pd.concat(frames, ignore_index=True)
    group = pd.Series("other", index=table.index)
    for name, (_, sectors) in MARGIN_GROUPS.items():
        group[table["sector"].isin(sectors)] = name
    return table.assign(margin_group=group)


def margin_summary(margins: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`margin_table` by margin group: the number of organisations (``n``), their
    mean in-degree and reach, and the share of them in the core (``core_share``). Indexed by
    ``margin_group``, the groups of :data:`MARGIN_GROUPS` first, ``other`` last."""
    grouped = margins.groupby("margin_group")
    table = pd.DataFrame(
        {
            "n": grouped.size(),
            "in_degree": grouped["in_degree"].mean(),
            "reach": grouped["reach"].mean(),
            "core_share": grouped["core"].mean(),
        }
    )
    order = [g for g in [*MARGIN_GROUPS, "other"] if g in table.index]
    return table.loc[order]


#: Labels of :func:`margin_summary`: its columns, and its margin groups as a reader names them.
MARGIN_LABELS = {
    "margin_group": "Kind of member",
    "n": "Organisations",
    "in_degree": "In-degree (mean)",
    "reach": "Reach (mean)",
    "core_share": "Share in the core",
}
MARGIN_GROUP_NAMES = {
    "informal": "Informal and volunteer organisations",
    "basic-services": "Health, housing and employment services",
    "other": "Other members",
}


def margin_claims(directed: Mapping, graphs: Mapping, permutations: int, seed: int) -> list[dict]:
    """INCh RQ2: does each margin group sit further out than the other members of its network?

    For each group of :data:`MARGIN_GROUPS` and each reading of :data:`MARGIN_MEASURES`, the
    mean difference between the group and the other members, pooled over the networks as the
    mean of the within-network differences; the labels are permuted within each network
    (:func:`stats.permutation_test`), so that differences between networks play no part.
    """
    table = margin_table(directed, graphs, seed)
    rows = []
    for group, (what, sectors) in MARGIN_GROUPS.items():
        focal = np.where(table["sector"].isin(sectors), group, "other")
        for key, (column, lower, higher) in MARGIN_MEASURES.items():
            res = stats.permutation_test(
                table[column].astype(float),
                focal,
                strata=table["network_id"],
                focal=group,
                n_resamples=permutations,
                seed=seed,
            )
            word = "lower" if res.get("effect_size", 0) < 0 else "higher"
            rows.append(
                claim_row(
                    f"margin-{group}-{key}",
                    "inch-rq2",
                    f"{what.capitalize()} {lower if word == 'lower' else higher} than the "
                    "other members of their network",
                    "difference",
                    res,
                    direction=word,
                )
            )
    return rows


def _attendance(nodes: pd.DataFrame, meetings: pd.DataFrame) -> pd.Series:
    """The welfare meetings each member of ``nodes`` attended (``meetings``: ``network_id``,
    ``organisation_id``, ``meetings_attended``), aligned with ``nodes``; missing where the
    member has no attendance record."""
    attended = meetings.set_index(["network_id", "organisation_id"])["meetings_attended"]
    key = pd.MultiIndex.from_arrays([nodes["network_id"], nodes["node"]])
    return pd.Series(attended.reindex(key).to_numpy(), index=nodes.index, dtype=float)


def meetings_claim(
    nodes: pd.DataFrame, meetings: pd.DataFrame, permutations: int, seed: int
) -> dict:
    """Antwerp governance: are the partners that attend the welfare meetings better connected?

    Among the members other than the local social centres (which hold the meetings), the mean
    degree of the attendees (at least one meeting) minus that of the others, with a permutation
    test of attendance over the partners of the one network. A single network shows whether
    taking part goes with being connected, not which comes first.
    """
    times = _attendance(nodes, meetings).to_numpy()
    partner = (nodes["sector"] != "local_social_centre").to_numpy() & ~pd.isna(times)
    label = np.where(np.nan_to_num(times.astype(float)) > 0, "attendee", "absent")
    res = stats.permutation_test(
        nodes.loc[partner, "degree"].astype(float),
        label[partner],
        focal="attendee",
        n_resamples=permutations,
        seed=seed,
    )
    word = "more" if res.get("effect_size", 0) > 0 else "fewer"
    return claim_row(
        "meetings-degree",
        "antwerp-governance",
        f"Partners that attend the welfare meetings have {word} partners in the network than "
        "those that stay away",
        "difference",
        res,
        direction=word,
    )


#: Gould & Fernandez's five brokerage roles, in the order of :func:`network.brokerage`.
BROKER_ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


def broker_roles(graph, attribute: str, group_names: Mapping | None = None, members=None):
    """Each organisation's brokerage roles (Gould & Fernandez 1989; :func:`network.brokerage`,
    groups from node ``attribute``): its ``label``, its group (named by ``group_names`` where
    given), the five role counts, the ``total`` of open two-paths through it and ``z_total``
    (sna's density null). Only the nodes of ``members`` when given. Sorted with the
    organisations that most often broke across a group line (``representative`` plus
    ``gatekeeper``) first, then by ``total``."""
    from localwelfare import network

    roles = network.brokerage(graph, attribute)
    if members is not None:
        roles = roles[roles["id"].isin(list(members))]
    boundary = roles["representative"] + roles["gatekeeper"]
    order = roles.assign(_b=boundary).sort_values(["_b", "total"], ascending=False, kind="stable")
    group = order["group"].astype(str)
    return pd.DataFrame(
        {
            "label": [graph.nodes[v].get("label", v) for v in order["id"]],
            "group": group.map(dict(group_names)).fillna(group) if group_names else group,
            **{role: order[role].astype(int) for role in [*BROKER_ROLES, "total"]},
            "z_total": order["z_total"],
        }
    ).reset_index(drop=True)


def boundary_table(graph, attribute: str, group_names: Mapping | None = None) -> pd.DataFrame:
    """For each group of node ``attribute``: its members, how often they broker across its
    boundary (representative and gatekeeper two-paths, :func:`network.boundary_brokerage`), the
    count random labels give, and the excess per member. One row per group, indexed by its name
    (``group_names`` where given)."""
    from localwelfare import network

    values = sorted({v for _, v in graph.nodes(data=attribute)}, key=str)
    rows = []
    for value in values:
        res = network.boundary_brokerage(graph, attribute, value).iloc[0]
        name = str(value)
        rows.append(
            {
                "side": dict(group_names or {}).get(name, name),
                "members": int(res["n_group"]),
                "boundary_two_paths": res["observed"],
                "expected": res["expected"],
                "excess_per_member": res["excess_per_member"],
            }
        )
    return pd.DataFrame(rows).set_index("side")


#: Labels of :func:`boundary_table`'s and :func:`broker_roles`' columns.
BROKER_LABELS = {
    "group": "Group",
    "total": "Open two-paths",
    "z_total": "z (open two-paths)",
    "boundary_two_paths": "Two-paths across the line",
    "expected": "Expected by chance",
    "excess_per_member": "Excess per member",
}


def meetings_table(nodes: pd.DataFrame, meetings: pd.DataFrame, host: str) -> pd.DataFrame:
    """The welfare meetings' participants beside the other members, in the networks of
    ``nodes`` (:func:`network.node_table`) with attendance in ``meetings`` (``network_id``,
    ``organisation_id``, ``meetings_attended``).

    Three rows: the organisations of sector ``host`` (which hold the meetings), the other
    members that attended at least one meeting, and those that attended none. Columns:
    ``organisations``, the mean ``meetings_attended``, ``degree`` and ``betweenness``. A member
    with no attendance record is left out, as in :func:`meetings_claim`.
    """
    times = _attendance(nodes, meetings)
    nodes = nodes[times.notna() | (nodes["sector"] == host)]
    times = times.loc[nodes.index]
    group = np.where(
        nodes["sector"] == host,
        f"{_plural(host)} (hold the meetings)",
        np.where(times > 0, "partners that attend", "partners that stay away"),
    )
    table = nodes.assign(meetings_attended=times, group=group).groupby("group", sort=False)
    out = table.agg(
        organisations=("node", "size"),
        meetings_attended=("meetings_attended", "mean"),
        degree=("degree", "mean"),
        betweenness=("betweenness", "mean"),
    )
    order = [g for g in dict.fromkeys(group) if g.endswith("(hold the meetings)")]
    order += [g for g in ("partners that attend", "partners that stay away") if g in out.index]
    return out.loc[order].rename_axis("")


# --- WP2: qualitative synthesis --------------------------------------------------------------

#: The question a theme's comparison between actor groups answers, per study.
THEME_QUESTIONS = {
    "inch": {
        "network organisation": "inch-rq3",
        "fragmentation": "inch-rq3",
        "working conditions": "inch-rq3",
        "discretion": "inch-rq3",
        "advocacy": "inch-rq3",
        "inclusion and exclusion practices": "inch-rq2",
        "": "inch-rq4",
    },
    "antwerp": {
        "working conditions": "antwerp-conditions",
        "network organisation": "antwerp-views",
        "fragmentation": "antwerp-views",
        "discretion": "antwerp-views",
        "": "antwerp-clients",
    },
    "oud-noord": {
        "trust": "oudnoord-trust",
        "advocacy": "oudnoord-advocacy",
        "": "oudnoord-hybrid",
    },
    "bbox": {"access and thresholds": "bbox-access", "": "bbox-perception"},
    # the social workers and managers of the PCSW case studies
    "bbox-pcsw": {"": "bbox-factors"},
}


def theme_question(study: str, theme: str) -> str:
    """Return the question id a theme's group comparison answers in ``study``."""
    table = THEME_QUESTIONS[study]
    return table.get(theme, table[""])


def load_qualitative_data(data_dir=None, source_file: str = "") -> dict:
    """The coded interviews WP2's claims read: segments and interview variables."""
    from localwelfare import data, refiqda

    path = source_file or data.resource_path("interviews_qdpx", data_dir)
    project = refiqda.read_project(path)
    return {"segments": refiqda.segments_table(project), "interviews": project.source_variables()}


def _slug(text: str) -> str:
    return "-".join(str(text).lower().replace("/", " ").split())


#: Themes only one actor group is asked about (the INCh families' module on the life domains of
#: their needs and the network's response): described (:func:`client_integration_claims`), never
#: compared between groups, since the other groups are silent on them by design.
ONE_GROUP_THEMES = {"life domains", "network response"}

#: Further comparisons of codes, per study: ``(claim id prefix, codes, interview variable
#: compared, actor groups kept (empty: all), question)``; ``codes`` is a theme (its second-level
#: codes are compared), a tuple of themes (compared at level 1) or ``""`` (every theme).
CODE_COMPARISONS: dict[str, list[tuple[str, str | tuple[str, ...], str, tuple[str, ...], str]]] = {
    "inch": [
        ("practices", "inclusion and exclusion practices", "actor_group", (), "inch-rq2"),
        ("practices-by-case", "inclusion and exclusion practices", "case_id", (), "inch-rq2"),
        ("experience", "responsiveness", "actor_group", (), "inch-rq4"),
    ],
    "antwerp": [
        ("conditions", "working conditions", "actor_group", (), "antwerp-conditions"),
        ("conditions-by-centre", "working conditions", "centre", ("social_worker",),
         "antwerp-conditions"),
        ("clients-by-centre", "", "centre", ("client",), "antwerp-clients"),
    ],
    "oud-noord": [
        ("advocacy", "advocacy", "actor_group", (), "oudnoord-advocacy"),
        ("trust", "trust", "actor_group", (), "oudnoord-trust"),
        ("co-production", "co-production", "actor_group", (), "oudnoord-hybrid"),
    ],
}  # fmt: skip

#: How a study's themes and codes are compared between groups (:func:`theme_claims`): Oud Noord
#: has 16 interviews (8 per group), too few for presence per interview to find what the groups
#: weigh differently, so it compares each interview's share of segments; the others compare
#: presence.
MEASURES = {"oud-noord": "share"}

#: The question a group's saturation answers where it is not the study's default question.
SATURATION_QUESTIONS = {
    ("inch", "policy_maker"): "inch-rq3",
    ("inch", "social_worker"): "inch-rq3",
    ("antwerp", "social_worker"): "antwerp-conditions",
}


def theme_claims(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    study: str,
    by: str,
    coder: str = "coder_a",
    min_segments: int = 1,
    seed: int = 0,
    parent: str | tuple[str, ...] = "",
    prefix: str = "theme",
    question: str | None = None,
    measure: str = "presence",
    permutations: int = stats.N_RESAMPLES,
) -> list[dict]:
    """Return one claim per theme: does how often interviews speak of it differ by ``by``?

    Interviews are the units (segments of one interview are not independent). With ``measure``
    ``"presence"`` (the default), an interview mentions a theme when at least ``min_segments`` of
    its segments by ``coder`` carry it or one of its codes, and the share of interviews mentioning
    it is compared with :func:`localwelfare.stats.contingency_test` (chi-square under Cochran's
    rule, exact otherwise; a theme every interview or none mentions is reported as untestable,
    with that reason). With ``"share"``, each interview's share of segments carrying the theme
    (``share_segments`` of :func:`localwelfare.qualitative.code_matrix`, one interview at a time)
    is compared with :func:`localwelfare.stats.permutation_test` (``permutations`` shuffles of the
    interviews' labels): between two groups, the difference of the group with the higher mean
    share minus the other, with a bootstrap interval; between more, Kruskal-Wallis H and
    ``eta2_h``. Presence saturates in long interviews and has little power with few interviews
    per group; the share keeps how much of what an interview says concerns the theme.

    With ``parent`` (a theme), the claims are about its second-level codes instead
    (``parent/child``); a tuple of themes keeps those themes only. ``prefix`` starts the claim
    ids (``<prefix>-<code>``) and ``question``, when given, replaces the study's theme question
    (:func:`theme_question`). Themes of :data:`ONE_GROUP_THEMES` are never compared.
    """
    coded = segments[segments["coder"] == coder]
    coded = coded[coded["source"].isin(interviews["source"])]
    units = interviews[["source", by]].drop_duplicates("source")
    parts = coded["code_path"].str.split("/")
    coded = coded[~parts.str[0].isin(ONE_GROUP_THEMES)]
    parts = parts.loc[coded.index]
    if isinstance(parent, tuple):
        inside = parts.str[0].isin(parent)
        coded, theme = coded[inside], parts[inside].str[0]
    elif parent:
        inside = (parts.str[0] == parent) & (parts.str.len() > 1)
        coded, theme = coded[inside], parts[inside].str[:2].str.join("/")
    else:
        theme = parts.str[0]
    counts = coded.assign(theme=theme).groupby(["theme", "source"]).size()
    if measure not in ("presence", "share"):
        raise ValueError(f"measure must be 'presence' or 'share', not '{measure}'")
    if measure == "share" and len(coded):
        shares = _interview_shares(segments, units, coder, coded.assign(code=theme))
    rows = []
    for name in sorted(theme.unique()):
        if measure == "share":
            res, top, bottom = _share_test(shares[name], units[by], seed, permutations)
            rows.append(_theme_row(name, study, by, prefix, question, res, top, bottom))
            continue
        per = counts.loc[name] if name in counts.index.get_level_values(0) else pd.Series()
        mentioned = units["source"].map(per).fillna(0) >= min_segments
        if mentioned.nunique() < 2:
            res = stats.untested("mentioned in every interview or in none: no test", len(units))
            top = bottom = ""
        else:
            res = stats.contingency_test(units[by].astype(str), mentioned, seed=seed)
            share = mentioned.groupby(units[by].astype(str).to_numpy()).mean()
            top, bottom = str(share.idxmax()), str(share.idxmin())
        rows.append(_theme_row(name, study, by, prefix, question, res, top, bottom))
    return rows


def _theme_row(name, study, by, prefix, question, res, top, bottom) -> dict:
    label = name.split("/")[-1]
    return claim_row(
        f"{prefix}-{_slug(label)}",
        question or theme_question(study, name),
        f"How often interviews speak of {label} differs by {_words(by)}",
        "association",
        res,
        direction=top,
        detail=f"most often: {_label(top, by)}" if top else "",
        contrast=bottom,
    )


def _interview_shares(segments, units, coder, coded) -> pd.DataFrame:
    """Interview x code: the share of each interview's segments (by ``coder``, whatever their
    code) that carry the code; ``coded`` holds the codings compared, their code in ``code``."""
    every = segments[(segments["coder"] == coder) & segments["source"].isin(units["source"])]
    totals = every.groupby("source")["segment_id"].nunique()
    n = coded.drop_duplicates(["segment_id", "code"]).groupby(["source", "code"]).size()
    table = n.unstack("code").div(totals, axis=0)
    return table.reindex(units["source"].to_numpy()).fillna(0.0)


def _share_test(share: pd.Series, groups: pd.Series, seed: int, permutations: int):
    """The permutation test of per-interview shares across groups (see :func:`theme_claims`):
    ``(result, group with the highest mean share, group with the lowest)``."""
    labels = groups.astype(str).to_numpy()
    values = share.to_numpy(float)
    means = pd.Series(values).groupby(labels).mean()
    if np.ptp(values) == 0:
        return stats.untested("the same share in every interview: no test", len(values)), "", ""
    top, bottom = str(means.idxmax()), str(means.idxmin())
    focal = top if len(means) == 2 else None
    res = stats.permutation_test(values, labels, focal=focal, n_resamples=permutations, seed=seed)
    return res, top, bottom


def code_claims(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    study: str,
    coder: str = "coder_a",
    min_segments: int = 1,
    seed: int = 0,
    measure: str = "presence",
) -> list[dict]:
    """Return the claims of the study's :data:`CODE_COMPARISONS`: each second-level code (or
    theme) compared across an interview variable, within the actor groups the comparison keeps
    (``measure``: see :func:`theme_claims`).

    A comparison whose variable has fewer than two values in the selection is left out."""
    rows = []
    for prefix, parent, by, groups, question in CODE_COMPARISONS.get(study, []):
        selected = interviews[interviews["actor_group"].isin(groups)] if groups else interviews
        if by not in selected or selected[by].dropna().nunique() < 2:
            continue
        selected = selected.dropna(subset=[by])
        rows += theme_claims(
            segments,
            selected,
            study,
            by,
            coder,
            min_segments,
            seed,
            parent,
            prefix,
            question,
            measure,
        )
    return rows


def family_domains(
    segments: pd.DataFrame, interviews: pd.DataFrame, coder: str = "coder_a"
) -> pd.DataFrame:
    """Return, per family interview, the life domains its needs span and those the network
    responds to: ``source, case_id, n_domains, n_answered, share_answered, domains``.

    A family's needs span a domain when a segment carries ``life domains/<domain>``; the network
    responds to it when such a segment also carries ``network response/answered`` (the INCh
    families' module: for each domain of need, whether help came). Families without any
    life-domain coding are left out.

    Examples
    --------
    >>> seg = pd.DataFrame({"coder": "a", "source": ["f1", "f1", "f1", "f2"],
    ...     "segment_id": ["s1", "s1", "s2", "s3"],
    ...     "code_path": ["life domains/housing", "network response/answered",
    ...                   "life domains/income", "life domains/health"]})
    >>> ivs = pd.DataFrame({"source": ["f1", "f2"], "case_id": "c",
    ...                     "actor_group": "family_in_poverty"})
    >>> family_domains(seg, ivs, "a")[["source", "n_domains", "n_answered"]].values.tolist()
    [['f1', 2, 1], ['f2', 1, 0]]
    """
    families = interviews[interviews["actor_group"] == "family_in_poverty"]
    coded = segments[(segments["coder"] == coder) & segments["source"].isin(families["source"])]
    domains = coded[coded["code_path"].str.startswith("life domains/")]
    answered = set(coded.loc[coded["code_path"] == "network response/answered", "segment_id"])
    domains = domains.assign(
        domain=domains["code_path"].str.split("/").str[1],
        answered=domains["segment_id"].isin(answered),
    )
    per = domains.groupby(["source", "domain"])["answered"].any().reset_index()
    out = per.groupby("source").agg(
        n_domains=("domain", "size"),
        n_answered=("answered", "sum"),
        domains=("domain", lambda d: ", ".join(sorted(d))),
    )
    out["n_answered"] = out["n_answered"].astype(int)
    out["share_answered"] = out["n_answered"] / out["n_domains"]
    out = out.reset_index().merge(families[["source", "case_id"]], on="source", how="left")
    return out[["source", "case_id", "n_domains", "n_answered", "share_answered", "domains"]]


def domains_by_span(table: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`family_domains` per number of domains spanned: ``n_domains, families,
    domains_of_need, answered, share_answered``.

    Examples
    --------
    >>> t = pd.DataFrame({"n_domains": [1, 1, 3], "n_answered": [1, 0, 1]})
    >>> domains_by_span(t).round(2)
       n_domains  families  domains_of_need  answered  share_answered
    0          1         2                2         1            0.50
    1          3         1                3         1            0.33
    """
    out = table.groupby("n_domains").agg(
        families=("n_domains", "size"),
        domains_of_need=("n_domains", "sum"),
        answered=("n_answered", "sum"),
    )
    out["share_answered"] = out["answered"] / out["domains_of_need"]
    return out.reset_index()


def client_integration_claims(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    coder: str = "coder_a",
    many: int = 3,
    seed: int = 0,
) -> list[dict]:
    """Return the INCh families' client-level integration (question ``inch-rq4``): a description
    (the life domains families' needs span, and the share of them the network responds to) and a
    test: does the network respond to a domain of need as often when the family's needs span
    ``many`` or more domains as when they span fewer
    (:func:`localwelfare.stats.contingency_test`, the domains of need as units)?

    The domains are the units because a family's share of answered domains has a spread that
    depends on how many domains it has (a family with one domain has 0 % or 100 %), which makes a
    rank test of the shares reject a true null too often; the domains of one family are taken as
    independent, which the chapter's limitations say."""
    table = family_domains(segments, interviews, coder)
    statement = (
        "Whether the network responds to a family's need in a life domain differs by how many "
        f"domains its needs span (fewer than {many}, or {many} or more)"
    )
    if table.empty:
        res = stats.untested("no family interview has life-domain codings")
        return [claim_row("client-integration", "inch-rq4", statement, "association", res)]
    described = claim_row(
        "client-integration-span",
        "inch-rq4",
        f"The needs of the {len(table)} families span {table['n_domains'].mean():.1f} life "
        f"domains on average (from {table['n_domains'].min()} to {table['n_domains'].max()}); "
        f"the network responds to {table['n_answered'].sum() / table['n_domains'].sum():.0%} of "
        "the domains of need",
        "description",
    )
    label = np.where(table["n_domains"] >= many, f"{many} or more domains", f"fewer than {many}")
    span = np.repeat(label, table["n_domains"].to_numpy())
    answered = np.concatenate(
        [
            [True] * a + [False] * (n - a)
            for a, n in zip(table["n_answered"], table["n_domains"], strict=True)
        ]
    )
    res = stats.contingency_test(span, answered, seed=seed)
    top = bottom = ""
    if res.get("testable"):
        share = pd.Series(answered).groupby(span).mean()
        top, bottom = str(share.idxmax()), str(share.idxmin())
    tested = claim_row(
        "client-integration",
        "inch-rq4",
        statement,
        "association",
        res,
        direction=top,
        detail=f"answered most often: {top}" if top else "",
        contrast=bottom,
    )
    return [described, tested]


def saturation_claims(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    study: str,
    coder: str = "coder_a",
    window: int = 3,
    threshold: int = 0,
) -> list[dict]:
    """Return one description per actor group: whether, and after how many interviews, the codes
    reach saturation (:func:`localwelfare.qualitative.saturation_point` on the new codes per
    additional interview, Guest, Bunce & Johnson 2006; the stopping rule of Francis et al. 2010:
    ``window`` further interviews bring at most ``threshold`` new codes)."""
    from localwelfare import qualitative

    coded = segments[(segments["coder"] == coder) & segments["source"].isin(interviews["source"])]
    table = qualitative.saturation(coded, interviews, by="actor_group")
    points = qualitative.saturation_point(table, window=window, threshold=threshold)
    rows = []
    for point in points.to_dict("records"):
        group = str(point["actor_group"])
        question = SATURATION_QUESTIONS.get((study, group), theme_question(study, ""))
        rows.append(
            claim_row(
                f"saturation-{_slug(_words(group))}",
                question,
                f"In the {_label(group, 'actor_group')} interviews, {point['statement']}",
                "description",
                direction="reached" if point["reached"] else "not reached",
            )
        )
    return rows


def qualitative_claims(tables: Mapping, params: Mapping) -> list[dict]:
    """Return WP2's claims for one study: every theme compared across ``compare_by``, the
    second-level comparisons of :data:`CODE_COMPARISONS`, the INCh families' client-level
    integration and the saturation of every actor group."""
    interviews = tables["interviews"]
    interviews = interviews[interviews["study"] == params["study"]]
    for column, name in (("case_id", "cases"), ("actor_group", "actor_groups")):
        wanted = [v.strip() for v in str(params.get(name, "")).split(",") if v.strip()]
        if wanted:
            interviews = interviews[interviews[column].isin(wanted)]
    if interviews[params.get("compare_by", "actor_group")].nunique() < 2:
        return []
    study, coder = params["study"], params.get("coder", "coder_a")
    min_segments, seed = int(params.get("min_segments", 1)), int(params.get("quote_seed", 0))
    segments, measure = tables["segments"], MEASURES.get(study, "presence")
    by = params.get("compare_by", "actor_group")
    rows = theme_claims(segments, interviews, study, by, coder, min_segments, seed, measure=measure)
    rows += code_claims(segments, interviews, study, coder, min_segments, seed, measure)
    if study == "inch":
        rows += client_integration_claims(segments, interviews, coder, seed=seed)
    rows += saturation_claims(segments, interviews, study, coder)
    return rows


# --- WP3: PCSW typology -----------------------------------------------------------------------


def load_typology_data(data_dir=None) -> dict:
    """The PCSW survey and the practice items WP3's claims read: ``survey`` and ``frame`` (the
    Belgian municipalities) indexed by NIS code, the practice ``items`` and the codebook's
    ``labels`` of the survey's fields (their titles), the post-stratification ``weights``."""
    from localwelfare import data
    from localwelfare.weights import poststratification_weights

    survey = data.load("pcsw_survey", data_dir).set_index("nis_code")
    frame = data.load("municipalities", data_dir)
    frame = frame[frame["country"] == "BE"].set_index("nis_code")
    fields = next(r for r in data.descriptor(data_dir)["resources"] if r["name"] == "pcsw_survey")
    items = [
        f["name"]
        for f in fields["schema"]["fields"]
        if f.get("description", "").startswith("Practice item.")
    ]
    labels = {f["name"]: f.get("title", f["name"]) for f in fields["schema"]["fields"]}
    weights = poststratification_weights(survey, frame)["weight"]
    return {
        "survey": survey,
        "items": items,
        "labels": labels,
        "frame": frame,
        "weights": weights,
        "models": {},
    }


def typology_models(tables: Mapping, params: Mapping) -> dict:
    """The latent class models of 1..``k_max`` types for ``params`` (weighted to the frame when
    ``weighting``), fitted once per specification of the fit and kept in ``tables["models"]``
    (the chapter puts its own fit there, so that the claims use the models it shows)."""
    from localwelfare import typology

    key = model_key(params)
    cache = tables.setdefault("models", {})
    if key not in cache:
        cache[key] = typology.fit_models(
            tables["survey"][tables["items"]],
            range(1, key[2] + 1),
            starts=key[3],
            missing=key[0],
            seed=key[4],
            weights=tables.get("weights") if key[1] else None,
        )
    return cache[key]


def _prefit_typology(tables: dict, specs: list[dict], n_jobs: int) -> None:
    """Fit the latent class models of every distinct fit among ``specs`` (specifications that
    differ only in the criterion share one) in ``n_jobs`` processes, into ``tables["models"]``."""
    from joblib import Parallel, delayed

    cache = tables.setdefault("models", {})
    todo = {model_key(s): s for s in specs if model_key(s) not in cache}
    fitted = Parallel(n_jobs=n_jobs)(
        delayed(typology_models)({**tables, "models": {}}, s) for s in todo.values()
    )
    cache.update(zip(todo, fitted, strict=True))


def model_key(params: Mapping) -> tuple:
    """The parameters a latent class fit depends on, as the key of :func:`typology_models`."""
    return (
        params["missing"],
        bool(params.get("weighting", False)),
        int(params["k_max"]),
        int(params["starts"]),
        int(params["seed"]),
    )


def typology_claims(tables: Mapping, params: Mapping) -> list[dict]:
    """Return WP3's claims: the types (modal assignment of the chosen model) by region and size.

    Contingency tests of :mod:`localwelfare.stats` (exact when the expected counts are small).
    """
    from localwelfare import typology

    survey = tables["survey"]
    models = typology_models(tables, params)
    k = typology.select_k(typology.selection_table(models), params["criterion"])
    rows = []
    if k < 2:
        for claim_id, var in (("types-by-region", "region"), ("types-by-size", "size_class")):
            rows.append(
                claim_row(
                    claim_id,
                    "bbox-typology",
                    f"The practice types differ by {_words(var)}",
                    "association",
                    stats.untested(f"the criterion chooses {k} type: nothing to compare"),
                )
            )
        return rows
    classes = typology.memberships(models[k])["latent_class"]
    for claim_id, var in (("types-by-region", "region"), ("types-by-size", "size_class")):
        groups = survey.loc[classes.index, var].astype(str)
        res = stats.contingency_test(classes.astype(str), groups, seed=int(params["seed"]))
        rows.append(
            claim_row(
                claim_id,
                "bbox-typology",
                f"The practice types differ by {_words(var)}",
                "association",
                res,
                detail=f"{k} types",
            )
        )
    return rows


#: The typology each PCSW's practice type is taken from when other runs use it (the vignettes,
#: WP4): the parameters of the wp3-typology run (a test checks they are the notebook's defaults).
TYPOLOGY = {
    "missing": "fiml",
    "weighting": True,
    "k_max": 6,
    "starts": 20,
    "seed": 1,
    "criterion": "bic",
}
_TYPES_CACHE: dict[tuple, pd.Series] = {}


def pcsw_types(data_dir=None, params: Mapping | None = None) -> pd.Series:
    """Return each surveyed PCSW's practice type (``"type k"``: the modal class of the model
    :data:`TYPOLOGY`'s criterion chooses), indexed by NIS code; fitted once per content of the
    survey and the frame."""
    import hashlib

    from localwelfare import data, typology

    params = {**TYPOLOGY, **(params or {})}
    digest = hashlib.sha256()
    for name in ("pcsw_survey", "municipalities"):
        digest.update(data.resource_path(name, data_dir).read_bytes())
    key = (digest.hexdigest(), model_key(params), params["criterion"])
    if key not in _TYPES_CACHE:
        tables = load_typology_data(data_dir)
        models = typology_models(tables, params)
        k = typology.select_k(typology.selection_table(models), params["criterion"])
        classes = typology.memberships(models[k])["latent_class"]
        _TYPES_CACHE[key] = ("type " + classes.astype(str)).rename("practice_type")
    return _TYPES_CACHE[key].copy()


# --- WP3: the vignettes (factorial survey) of the PCSW case studies ---------------------------

#: The vignettes' attributes (columns of ``vignette_ratings``), in the order of their claims.
VIGNETTE_ATTRIBUTES = [
    "legal_status",
    "language",
    "household",
    "years_in_belgium",
    "employment_history",
    "cooperation",
]
#: How the prose names the attributes (the others: the name with spaces).
VIGNETTE_LABELS = {"years_in_belgium": "time in Belgium"}
#: Worker and PCSW characteristics the vignette models adjust for (with ``covariates``).
VIGNETTE_COVARIATES = ["experience_years", "caseload", "training", "region"]


def load_vignette_data(data_dir=None) -> dict:
    """The ratings, the workers and their PCSWs (region, practice type) the vignette claims
    read."""
    from localwelfare import data

    frame = data.load("municipalities", data_dir).set_index("nis_code")
    pcsws = pd.DataFrame({"region": frame["region"].astype(str)})
    pcsws["practice_type"] = pcsw_types(data_dir)
    pcsws.index = pcsws.index.astype(str)
    ratings = data.load("vignette_ratings", data_dir)
    return {
        "ratings": ratings,
        "workers": data.load("vignette_workers", data_dir),
        "pcsws": pcsws,
        "levels": {a: [str(v) for v in ratings[a].cat.categories] for a in VIGNETTE_ATTRIBUTES},
    }


def vignette_fits(tables: Mapping, params: Mapping) -> dict:
    """The vignette models for ``params``: ``frame`` (one row per rating), ``aid`` (multilevel
    model of the aid rating: each attribute's effect averaged over the practice types),
    ``aid_by_type`` (the same with the ``by_type`` attributes' interactions with the practice
    type; None without them) and ``refer`` (logit of the referral, cluster-robust within
    ``cluster``)."""
    from localwelfare import vignettes

    frame = vignettes.vignette_frame(tables["ratings"], tables["workers"], tables["pcsws"])
    for attribute in VIGNETTE_ATTRIBUTES:
        frame[attribute] = frame[attribute].astype(str)
    frame["training"] = frame["training"].astype(bool)
    frame["refer_integration"] = frame["refer_integration"].astype(bool)
    frame["aid_likelihood"] = frame["aid_likelihood"].astype(float)
    covariates = (VIGNETTE_COVARIATES if params.get("covariates", True) else []) + ["practice_type"]
    by_type = [a.strip() for a in str(params.get("by_type", "")).split(",") if a.strip()]
    unknown = [a for a in by_type if a not in VIGNETTE_ATTRIBUTES]
    if unknown:
        raise InputError(f"parameter by_type: unknown attribute(s) {unknown}")
    if frame["practice_type"].nunique() < 2:
        by_type = []
    levels = tables["levels"]
    aid = vignettes.aid_model(frame, VIGNETTE_ATTRIBUTES, covariates, levels=levels)
    aid_by_type = (
        vignettes.aid_model(frame, VIGNETTE_ATTRIBUTES, covariates, by_type, levels=levels)
        if by_type
        else None
    )
    refer = vignettes.cluster_logit(
        frame,
        "refer_integration",
        VIGNETTE_ATTRIBUTES + covariates,
        params.get("cluster", "pcsw"),
        levels=levels,
    )
    return {
        "frame": frame,
        "aid": aid,
        "aid_by_type": aid_by_type,
        "refer": refer,
        "by_type": by_type,
    }


def _model_result(row: Mapping, name: str, test: str) -> dict:
    if not row.get("testable", False):
        return stats.untested("no level of the attribute could be estimated")
    return {
        "test": test,
        "statistic": row["statistic"],
        "p_value": row["p_value"],
        "effect_size": row["estimate"],
        "effect_size_name": name,
        "ci_low": row["ci_low"],
        "ci_high": row["ci_high"],
        "n": row["n"],
        "testable": True,
        "reason": f"{test}: joint Wald test of the attribute's levels ({int(row['df'])} df)",
    }


#: Each vignette decision: its effect size and test (:func:`_model_result`).
VIGNETTE_DECISIONS = {
    "aid": ("points_difference", "multilevel_wald"),
    "refer": ("log_odds_difference", "cluster_robust_wald"),
}


def _attribute_claims(effects: pd.DataFrame, decision: str, what_moves: str, how: str) -> list:
    """One claim per attribute of :func:`vignettes.attribute_effects` on one decision."""
    effect_name, test = VIGNETTE_DECISIONS[decision]
    rows = []
    for row in effects.to_dict("records"):
        what = VIGNETTE_LABELS.get(row["attribute"], _words(row["attribute"]))
        high = _words(row.get("highest", ""))
        shown = {k: _label(row.get(k, ""), row["attribute"]) for k in ("highest", "lowest")}
        rows.append(
            claim_row(
                f"{decision}-{row['attribute']}",
                "bbox-factors",
                f"The case's {what} moves social workers' {what_moves}",
                "model",
                _model_result(row, effect_name, test),
                direction=high,
                detail=f"most {how}: {shown['highest']}; least {how}: {shown['lowest']}",
                contrast=_words(row.get("lowest", "")),
            )
        )
    return rows


def vignette_claims(tables: Mapping, params: Mapping) -> list[dict]:
    """Return the vignette claims (question ``bbox-factors``).

    * ``aid-<attribute>``: does the attribute move the likelihood of granting additional aid?
      Multilevel model (:func:`localwelfare.vignettes.aid_model`), joint Wald test of its
      levels; effect: points between its most and least favoured level.
    * ``aid-<attribute>-by-type``: does the attribute's weight differ by the PCSW's practice
      type (discretion)? Joint Wald test of its interactions with the surveyed types; effect:
      the largest difference of one level's effect between two types.
    * ``refer-<attribute>``: does it move the referral to an integration trajectory? Logit with
      cluster-robust errors (:func:`localwelfare.vignettes.cluster_logit`); effect in log-odds.
    * ``aid-weights``: a description ranking the attributes by their effect on aid.
    """
    from localwelfare import models, vignettes

    fits = vignette_fits(tables, params)
    levels = tables["levels"]
    rows = []
    aid = vignettes.attribute_effects(fits["aid"], VIGNETTE_ATTRIBUTES, levels)
    rows += _attribute_claims(aid, "aid", "likelihood of granting additional aid", "likely")
    types = vignettes.type_levels(fits["frame"]["practice_type"])
    surveyed = [t for t in types if t != vignettes.NOT_SURVEYED]
    for attribute in fits["by_type"]:
        best, tested = None, []
        for level in levels[attribute][1:]:
            prefix = f"{attribute}[{level}]:"
            effect = vignettes.attribute_effects(
                fits["aid_by_type"],
                ["practice_type"],
                {"practice_type": types},
                prefix=prefix,
                among=surveyed,
            ).iloc[0]
            if effect["testable"]:
                tested += [f"{prefix}practice_type[{t}]" for t in surveyed[1:]]
                if best is None or effect["estimate"] > best["estimate"]:
                    best = effect.to_dict() | {"level": level}
        what = VIGNETTE_LABELS.get(attribute, _words(attribute))
        statement = (
            f"The weight of the case's {what} in the aid decision differs by the PCSW's "
            "practice type"
        )
        if best is None:
            res = stats.untested("fewer than two practice types among the case-study PCSWs")
            rows.append(
                claim_row(f"aid-{attribute}-by-type", "bbox-factors", statement, "model", res)
            )
            continue
        test = models.joint_test(fits["aid_by_type"], tested)
        best |= {"p_value": test["p_value"], "statistic": test["statistic"], "df": test["df"]}
        level, high, low = _label(best["level"], attribute), best["highest"], best["lowest"]
        rows.append(
            claim_row(
                f"aid-{attribute}-by-type",
                "bbox-factors",
                statement,
                "model",
                _model_result(best, "points_difference", "multilevel_wald"),
                direction=f"{high} vs {low}",
                detail=f"{what} = {level}: most favourable in {high}, least in {low}",
                contrast=low,
            )
        )
    refer = vignettes.attribute_effects(fits["refer"], VIGNETTE_ATTRIBUTES, levels)
    rows += _attribute_claims(refer, "refer", "referral to an integration trajectory", "often")
    ranked = aid[aid["testable"]].sort_values("estimate", ascending=False)
    order = "; ".join(
        f"{VIGNETTE_LABELS.get(r.attribute, _words(r.attribute))} ({r.estimate:.1f} points)"
        for r in ranked.itertuples()
    )
    rows.append(
        claim_row(
            "aid-weights",
            "bbox-factors",
            "Ranked by the difference between their most and least favoured level on the 0-10 "
            f"aid rating, the attributes weigh: {order}",
            "description",
            direction=str(ranked["attribute"].iloc[0]) if len(ranked) else "",
        )
    )
    return rows


# --- WP4: newcomer perceptions ----------------------------------------------------------------


def load_perception_data(data_dir=None) -> dict:
    """The newcomers' questionnaire, the scale definitions WP4's claims read (and the items'
    statements, ``titles``), the coded interviews and the PCSWs' practice types."""
    from localwelfare import data, perceptions

    answers = data.load("newcomer_interviews", data_dir)
    schema = next(
        r["schema"]
        for r in data.descriptor(data_dir)["resources"]
        if r["name"] == "newcomer_interviews"
    )
    scales, reverse = perceptions.scale_definitions(schema)
    segments = data.load("coded_segments", data_dir)
    return {
        "answers": answers,
        "scales": scales,
        "reverse": reverse,
        "titles": {f["name"]: f.get("title", f["name"]) for f in schema["fields"]},
        "segments": segments,
        "types": pcsw_types(data_dir),
    }


def _levels(values: pd.Series, present) -> list:
    """The levels of a grouping column in the codebook's order, those in ``present`` only."""
    order = (
        list(values.cat.categories)
        if isinstance(values.dtype, pd.CategoricalDtype)
        else sorted(values.dropna().unique())
    )
    return [v for v in order if v in set(present)]


def adjusted_group_claims(
    scores: pd.DataFrame,
    answers: pd.DataFrame,
    names: list[str],
    small_cell: int = 5,
    adjust: bool = True,
) -> list[dict]:
    """Return, per scale of ``scores`` and per grouping column of ``names``, the claim that the
    scale differs by that column, the other columns held constant.

    One linear model per scale with all ``names`` together (``adjust``; else one column at a
    time), least squares with HC3 standard errors (:func:`localwelfare.models.robust_linear_model`):
    a scale score is a mean of several five-point items, close enough to interval-scaled, and
    HC3 keeps the test valid when the groups' variances differ, with the small groups of this
    design. The test is the Wald F test of all the column's coefficients
    (:func:`localwelfare.models.joint_test`); the effect the difference between the adjusted
    means of the highest and the lowest group (on the scale of 1 to 5). Groups with fewer than
    ``small_cell`` scored respondents are left out. Accessibility answers ``bbox-access``, the
    other scales ``bbox-perception``.
    """
    from localwelfare import models, vignettes

    names = list(dict.fromkeys(names))
    rows = []
    for scale in scores.columns:
        data = answers[names].assign(score=scores[scale]).dropna()
        for name in names:
            counts = data[name].astype(str).value_counts()
            data = data[data[name].astype(str).isin(counts[counts >= small_cell].index)]
        for name in names:
            predictors = names if adjust else [name]
            levels = {n: _levels(answers[n], data[n].unique()) for n in predictors}
            statement = f"Perceived {scale} differs by {_words(name)}"
            question = "bbox-access" if scale == "accessibility" else "bbox-perception"
            claim_id = f"{scale}-by-{name}"
            if len(levels[name]) < 2:
                res = stats.untested(
                    f"fewer than two groups of at least {small_cell} respondents", len(data)
                )
                rows.append(claim_row(claim_id, question, statement, "difference", res))
                continue
            fit = models.robust_linear_model(data, "score", predictors, "HC3", levels=levels)
            effect = vignettes.attribute_effects(fit, [name], levels, distribution="F").iloc[0]
            res = {
                "test": "robust_linear_wald",
                "statistic": effect["statistic"],
                "p_value": effect["p_value"],
                "effect_size": effect["estimate"],
                "effect_size_name": "adjusted_mean_difference" if adjust else "mean_difference",
                "ci_low": effect["ci_low"],
                "ci_high": effect["ci_high"],
                "n": int(fit.fit["n_obs"]),
                "testable": True,
                "reason": "Wald F test in a linear model with HC3 errors"
                + (f", adjusted for {', '.join(_words(n) for n in names if n != name)}"
                   if adjust and len(names) > 1 else ""),
            }  # fmt: skip
            high, low = _label(effect["highest"], name), _label(effect["lowest"], name)
            rows.append(
                claim_row(
                    claim_id,
                    question,
                    statement,
                    "difference",
                    res,
                    direction=_words(effect["highest"]),
                    detail=f"highest: {high}; lowest: {low}",
                    contrast=str(effect["lowest"]),
                )
            )
    return rows


#: Newcomer characteristics the link to the PCSW's practice type adjusts for.
TYPE_LINK_COVARIATES = ["region", "legal_status"]


def practice_type_claims(
    scores: pd.DataFrame, answers: pd.DataFrame, types: pd.Series
) -> list[dict]:
    """Return, per scale, the claim that newcomers' perceptions differ by the practice type of
    their PCSW (``types``: the type of each surveyed PCSW, by NIS code).

    Newcomers are nested in PCSWs: a multilevel model with a random intercept per PCSW
    (:func:`localwelfare.models.multilevel_model`), the PCSW's practice type and
    :data:`TYPE_LINK_COVARIATES` as fixed effects; newcomers of PCSWs that did not answer the
    survey form one group (not surveyed), left out of the comparison. Where the PCSW variance is
    estimated at zero (or the fit fails), the model is the linear one with HC3 errors
    (:func:`localwelfare.models.robust_linear_model`), which is then the same. The test is the joint
    Wald F test of the surveyed types with the between-PCSW degrees of freedom (PCSWs minus the
    coefficients that vary between PCSWs only: the "between-within" rule of SAS's PROC MIXED),
    since the type varies between a few PCSWs only and a chi-square reference would reject a true
    null too often; the effect is the difference between the highest and lowest type's adjusted
    mean (scale of 1 to 5), its interval on the same t distribution.
    """
    import dataclasses
    import warnings

    from localwelfare import models, vignettes

    frame = answers[["pcsw", *TYPE_LINK_COVARIATES]].copy()
    frame["pcsw"] = frame["pcsw"].astype(str)
    mapped = frame["pcsw"].map(types.rename(index=str).astype(str))
    frame["practice_type"] = mapped.fillna(vignettes.NOT_SURVEYED)
    levels = {"practice_type": vignettes.type_levels(frame["practice_type"])}
    surveyed = [t for t in levels["practice_type"] if t != vignettes.NOT_SURVEYED]
    rows = []
    for scale in scores.columns:
        question = "bbox-access" if scale == "accessibility" else "bbox-perception"
        statement = f"Perceived {scale} differs by the practice type of the newcomer's PCSW"
        if len(surveyed) < 2:
            res = stats.untested("fewer than two practice types among the newcomers' PCSWs")
            rows.append(claim_row(f"{scale}-by-practice-type", question, statement, "model", res))
            continue
        data = frame.assign(score=scores[scale]).dropna()
        predictors = ["practice_type", *TYPE_LINK_COVARIATES]
        with warnings.catch_warnings():  # a variance at zero: caught below
            warnings.simplefilter("ignore", RuntimeWarning)
            fit = models.multilevel_model(data, "score", predictors, groups="pcsw", levels=levels)
        model = "multilevel model (random intercept per PCSW)"
        if fit.fit["boundary"] or not fit.fit["converged"] or fit.coefficients["se"].isna().any():
            # the PCSW variance is estimated at zero: the model is the linear one
            fit = models.robust_linear_model(data, "score", predictors, "HC3", levels=levels)
            fit.fit["n_groups"] = data["pcsw"].nunique()
            model = "linear model with HC3 errors (the PCSW variance is estimated at zero)"
        between = [
            c
            for term, columns in fit.term_columns.items()
            if term == "practice_type" or data.groupby("pcsw")[term].nunique().max() == 1
            for c in columns
        ]
        df_between = fit.fit["n_groups"] - 1 - len(between)
        if df_between < 1:
            res = stats.untested("too few PCSWs for the PCSW-level coefficients", len(data))
            rows.append(claim_row(f"{scale}-by-practice-type", question, statement, "model", res))
            continue
        fit = dataclasses.replace(fit, fit={**fit.fit, "df_resid": df_between})
        effect = vignettes.attribute_effects(
            fit, ["practice_type"], levels, among=surveyed, distribution="F"
        ).iloc[0]
        res = {
            "test": "multilevel_wald_f",
            "statistic": effect["statistic"],
            "p_value": effect["p_value"],
            "effect_size": effect["estimate"],
            "effect_size_name": "adjusted_mean_difference",
            "ci_low": effect["ci_low"],
            "ci_high": effect["ci_high"],
            "n": int(fit.fit["n_obs"]),
            "testable": True,
            "reason": f"joint Wald F test of the surveyed types in a {model} with "
            f"{df_between} between-PCSW degrees of freedom, adjusted for "
            f"{' and '.join(map(_words, TYPE_LINK_COVARIATES))}",
        }
        high, low = effect["highest"], effect["lowest"]
        rows.append(
            claim_row(
                f"{scale}-by-practice-type",
                question,
                statement,
                "model",
                res,
                direction=high,
                detail=f"highest: {high}; lowest: {low}",
                contrast=low,
            )
        )
    return rows


def perception_claims(tables: Mapping, params: Mapping) -> list[dict]:
    """Return WP4's claims: every scale compared across ``group`` and ``group2`` together
    (:func:`adjusted_group_claims`; one at a time without ``adjust``), by the practice type of
    the newcomer's PCSW (:func:`practice_type_claims`, when ``tables`` has the ``types``), and
    the themes of the coded interviews (by ``coder``) across ``group`` (:func:`theme_claims`).

    Scale scores need at least ``min_answered`` of their items answered; groups smaller than
    ``small_cell`` are left out.
    """
    from localwelfare import perceptions

    wanted = [s.strip() for s in params["scales"].split(",") if s.strip()]
    unknown = [s for s in wanted if s not in tables["scales"]]
    if unknown:
        raise InputError(f"parameter scales: unknown scale(s) {unknown}")
    chosen = {s: tables["scales"][s] for s in wanted}
    answers = tables["answers"]
    scores = perceptions.scale_scores(
        answers, chosen, tables["reverse"], min_answered=float(params["min_answered"])
    )
    rows = adjusted_group_claims(
        scores,
        answers,
        [params["group"], params["group2"]],
        int(params["small_cell"]),
        bool(params.get("adjust", True)),
    )
    if tables.get("types") is not None:
        rows += practice_type_claims(scores, answers, tables["types"])
    people = answers[["interview_id", params["group"]]].rename(columns={"interview_id": "source"})
    rows += theme_claims(
        tables["segments"],
        people,
        "bbox",
        params["group"],
        params.get("coder", "coder_a"),
        seed=int(params["seed"]),
    )
    return rows


# --- runs -------------------------------------------------------------------------------------

#: notebook -> (loader(data_dir, params), evaluator(tables, params))
EVALUATORS: dict[str, tuple[Callable, Callable]] = {
    "network_mapping": (lambda d, p: load_network_data(d), network_claims),
    **dict.fromkeys(SINGLE_NETWORK_NOTEBOOKS, (lambda d, p: load_network_data(d), network_claims)),
    "qualitative_synthesis": (
        lambda d, p: load_qualitative_data(d, p.get("source_file", "")),
        qualitative_claims,
    ),
    "pcsw_typology": (lambda d, p: load_typology_data(d), typology_claims),
    "vignettes": (lambda d, p: load_vignette_data(d), vignette_claims),
    "newcomer_perceptions": (lambda d, p: load_perception_data(d), perception_claims),
    "study_design": (lambda d, p: {}, lambda t, p: []),
    "integration": (lambda d, p: {}, lambda t, p: _integration_rows(t, p)),
}


def _integration_rows(tables, params):
    from localwelfare import integration

    return integration.integration_rows(tables, params)


#: Parameters of the claims that a notebook does not declare (their defaults).
EXTRA_DEFAULTS = {
    "qualitative_synthesis": {"min_segments": 1},
    "newcomer_perceptions": {"adjust": True},
}


def run_parameters(run: str, project: str | os.PathLike = ".", overrides: Mapping | None = None):
    """Return ``(notebook name, parameters)`` of a run: the notebook's defaults, the run's values
    in ``runs.yml``, then ``overrides``."""
    from localwelfare import pipeline

    runs = pipeline.load_runs(project)
    if run not in runs:
        raise InputError(f"run '{run}': not in {pipeline.RUNS_FILE} (runs: {', '.join(runs)})")
    spec = runs[run]
    notebook = Path(spec.notebook).stem
    import ast

    params = {
        k: ast.literal_eval(v["default"])
        for k, v in pipeline.notebook_parameters(spec.notebook).items()
    }
    params = {**EXTRA_DEFAULTS.get(notebook, {}), **params, **spec.parameters, **(overrides or {})}
    return notebook, params


def run_for(notebook: str, params: Mapping, project: str | os.PathLike = ".") -> str:
    """Return the run of ``runs.yml`` a notebook executed with ``params`` is (else ``custom``)."""
    from localwelfare import pipeline

    for name, spec in pipeline.load_runs(project).items():
        if Path(spec.notebook).stem == notebook and all(
            params.get(k) == v for k, v in spec.parameters.items()
        ):
            return name
    return "custom"


def specifications(notebook: str, params: Mapping) -> list[dict]:
    """Return every specification of the multiverse: ``params`` with each combination of the
    notebook's alternatives (:data:`SPECIFICATIONS`); the first is ``params`` itself."""
    alternatives = SPECIFICATIONS.get(notebook, {})
    combos = [
        dict(zip(alternatives, values, strict=True))
        for values in itertools.product(*alternatives.values())
    ]
    own = {k: params.get(k) for k in alternatives}
    specs = [dict(params)] + [{**params, **combo} for combo in combos if combo != own]
    return specs


def _evaluate(notebook: str, tables, params, run: str, alpha: float, method: str) -> pd.DataFrame:
    rows = EVALUATORS[notebook][1](tables, params)
    return adjust_claims(rows, run, alpha, method)


def notebook_claims(
    notebook: str,
    params: Mapping,
    data_dir: str | os.PathLike | None = None,
    run: str | None = None,
    robustness: bool = True,
    method: str = "holm",
    n_jobs: int = 1,
    tables: Mapping | None = None,
) -> pd.DataFrame:
    """Return the claims table of a notebook executed with ``params``.

    Parameters
    ----------
    notebook : str
        The notebook's name (``network_mapping``, ``neighbourhood_network``,
        ``informal_network``, ``qualitative_synthesis``, ``pcsw_typology``,
        ``newcomer_perceptions``, ``study_design``).
    params : mapping
        Its parameters (every one its evaluator needs; :func:`run_parameters` gives them).
    data_dir : path, optional
        The data folder (default: the repository's ``data/``).
    run : str, optional
        The run label of the table (default: found in ``runs.yml`` by :func:`run_for`).
    robustness : bool, default True
        Re-evaluate every claim under every specification of :data:`SPECIFICATIONS`; without it
        ``robust_in`` and ``specifications`` stay empty.
    method : {"holm", "fdr_bh"}
        The adjustment within families.
    n_jobs : int, default 1
        Processes evaluating the specifications (joblib); the result does not depend on it.
    """
    if notebook not in EVALUATORS:
        raise InputError(f"findings: no claims are defined for notebook '{notebook}'")
    run = run or run_for(notebook, params)
    wanted = PARAMETERS[notebook]
    params = {**EXTRA_DEFAULTS.get(notebook, {}), **{k: params[k] for k in wanted if k in params}}
    data_dir = data_dir or params.get("data_dir") or None
    alpha = float(params.get("alpha", 0.05))
    tables = tables if tables is not None else EVALUATORS[notebook][0](data_dir, params)
    table = _evaluate(notebook, tables, params, run, alpha, method)
    if not robustness or table.empty:
        return table
    specs = specifications(notebook, params)
    if n_jobs > 1 and notebook == "pcsw_typology":
        # the fits are the cost: fit each distinct model once, in parallel, then test cheaply
        _prefit_typology(tables, specs[1:], n_jobs)
        others = [_evaluate(notebook, tables, s, run, alpha, method) for s in specs[1:]]
    elif n_jobs > 1 and len(specs) > 2:
        from joblib import Parallel, delayed

        others = Parallel(n_jobs=n_jobs)(
            delayed(_evaluate)(notebook, tables, s, run, alpha, method) for s in specs[1:]
        )
    else:
        others = [_evaluate(notebook, tables, s, run, alpha, method) for s in specs[1:]]
    table = with_robustness(table, others)
    table.attrs["by_specification"] = specification_matrix(notebook, specs, [table, *others])
    return table


def specification_matrix(notebook: str, specs: list[dict], tables: list[pd.DataFrame]):
    """Return a specification x claim table: ``yes`` where the claim is supported (with the same
    direction as under the run's own specification), ``no`` where not, ``—`` where untested.

    Rows are labelled by the values of the varied parameters (the index name lists them); the
    first row is the run's own specification; one column per claim."""
    varied = list(SPECIFICATIONS.get(notebook, {}))
    labels = [" / ".join(str(spec.get(k)) for k in varied) or "as run" for spec in specs]
    own = tables[0].set_index("claim_id")
    rows = {}
    for label, table in zip(labels, tables, strict=True):
        t = table.set_index("claim_id").reindex(own.index)
        rows[label] = [
            "—" if pd.isna(v) else ("yes" if v and d == own.loc[c, "direction"] else "no")
            for c, v, d in zip(t.index, t["supported"], t["direction"], strict=True)
        ]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=list(own.index))
    out.index.name = " / ".join(varied) or "specification"
    return out


def with_robustness(table: pd.DataFrame, others: list[pd.DataFrame]) -> pd.DataFrame:
    """Fill ``robust_in`` and ``specifications`` of ``table`` (the run's own specification) from
    the same claims evaluated under the other specifications: a claim holds in a specification
    when it is supported there with the same direction."""
    table = table.copy()
    held = np.array(table["supported"].fillna(False).astype(int))
    for other in others:
        other = other.set_index("claim_id")
        for i, row in enumerate(table.itertuples()):
            if row.claim_id in other.index:
                o = other.loc[row.claim_id]
                held[i] += bool(is_supported(o["supported"]) and o["direction"] == row.direction)
    table["robust_in"] = held
    table["specifications"] = 1 + len(others)
    return table


def run_claims(
    run: str,
    data_dir: str | os.PathLike | None = None,
    project: str | os.PathLike = ".",
    robustness: bool = True,
    n_jobs: int = 1,
    overrides: Mapping | None = None,
) -> pd.DataFrame:
    """Return the claims table of one run of ``runs.yml`` (see :func:`notebook_claims`)."""
    notebook, params = run_parameters(run, project, overrides)
    if data_dir:
        params["data_dir"] = str(data_dir)
    return notebook_claims(
        notebook, params, data_dir or None, run=run, robustness=robustness, n_jobs=n_jobs
    )


def all_claims(
    data_dir: str | os.PathLike | None = None,
    project: str | os.PathLike = ".",
    runs: list[str] | None = None,
    robustness: bool = True,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Return the claims table of every run (or of ``runs``), one row per claim."""
    from localwelfare import data, pipeline

    problems = data.validate(data.find_data_dir(data_dir))
    if problems:
        raise data.DataValidationError(problems)
    declared = pipeline.load_runs(project)
    # a run whose notebook makes no claim of its own (the short report: it reports the claims of
    # the runs it joins) has no rows
    names = [
        r
        for r in runs or list(declared)
        if r not in declared or Path(declared[r].notebook).stem in EVALUATORS
    ]
    done: dict[str, pd.DataFrame] = {}
    later = [r for r in names if r in declared and Path(declared[r].notebook).stem == "integration"]
    for run in [r for r in names if r not in later]:
        done[run] = run_claims(run, data_dir, project, robustness, n_jobs)
    for run in later:  # from the claims of the joined runs, computed once
        from localwelfare import integration

        notebook, params = run_parameters(run, project)
        joined = [
            done[r].copy() if r in done else run_claims(r, data_dir, project, robustness=False)
            for r in integration.STUDY_RUNS[params["study"]]
        ]
        for frame in joined:  # the specification matrices cannot be joined (pandas compares them)
            frame.attrs = {}
        done[run] = notebook_claims(
            notebook,
            params,
            data_dir,
            run=run,
            robustness=False,
            tables={"claims": pd.concat(joined, ignore_index=True)},
        )
    frames = [done[r].copy() for r in names if r in done and not done[r].empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS + EXTRA_COLUMNS)
    for frame in frames:  # each run's specification matrix stays with its run
        frame.attrs = {}
    return pd.concat(frames, ignore_index=True)


# --- prose -----------------------------------------------------------------------------------

#: Names of the effect sizes in prose, per language (English, Dutch, French).
EFFECT_NAMES = {
    "eta2_h": ("eta-squared (ranks)", "eta-kwadraat (rangen)", "êta carré (rangs)"),
    "eta2": ("eta-squared", "eta-kwadraat", "êta carré"),
    "cramers_v": ("Cramer's V", "Cramérs V", "V de Cramér"),
    "mean_difference": ("difference in means", "verschil in gemiddelden", "différence de moyennes"),
    "points_difference": (
        "difference in points (0-10)",
        "verschil in punten (0-10)",
        "différence en points (0-10)",
    ),
    "adjusted_mean_difference": (
        "difference in adjusted means",
        "verschil in gecorrigeerde gemiddelden",
        "différence de moyennes ajustées",
    ),
    "log_odds_difference": (
        "difference in log-odds",
        "verschil in log-odds",
        "différence de log-odds",
    ),
    "ei_minus_expected": (
        "E-I index minus its expected value",
        "E-I-index min de verwachte waarde",
        "indice E-I moins sa valeur attendue",
    ),
    "excess_boundary_brokerage": (
        "boundary brokerage per informal actor above chance",
        "grensoverschrijdende makelaarsrollen per informele actor boven het toevalsniveau",
        "courtage à la frontière par acteur informel au-delà du hasard",
    ),
}
#: The fixed words of the evidence, per language: the interval reads "95 % CI 0.52 to 0.80",
#: "95%-BI van 0,52 tot 0,80", "IC à 95 % de 0,52 à 0,80".
EVIDENCE_WORDS = {
    "en": ("95 % CI", "to", "adjusted p", "supported in {n} of {m} specifications", "not tested"),
    "nl": ("95%-BI van", "tot", "gecorrigeerde p", "ondersteund in {n} van {m} specificaties",
           "niet getoetst"),
    "fr": ("IC à 95 % de", "à", "p ajustée", "confirmée dans {n} des {m} spécifications",
           "non testée"),
}  # fmt: skip
LANGUAGES = ("en", "nl", "fr")


def _number(value: float, language: str, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    return text if language == "en" else text.replace(".", ",")


def evidence_text(row: Mapping, language: str = "en") -> str:
    """Return the evidence of one claim in words: effect, interval, adjusted p, robustness.

    Dutch and French use their decimal comma and words.

    Examples
    --------
    >>> row = {"supported": True, "estimate": 0.64, "ci_low": 0.52, "ci_high": 0.8,
    ...        "effect_size_name": "eta2_h", "p_adjusted": 0.0004, "robust_in": 7,
    ...        "specifications": 8, "reason": ""}
    >>> evidence_text(row)
    'eta-squared (ranks) = 0.64 (95 % CI 0.52 to 0.80); adjusted p < 0.001; supported in 7 of 8 specifications'
    >>> evidence_text(row, "fr")
    'êta carré (rangs) = 0,64 (IC à 95 % de 0,52 à 0,80) ; p ajustée < 0,001 ; confirmée dans 7 des 8 spécifications'
    """  # noqa: E501
    ci, to, p_word, robust, not_tested = EVIDENCE_WORDS[language]
    if pd.isna(row["supported"]):
        return f"{not_tested}: {row['reason']}" if language == "en" else not_tested
    sep = " ; " if language == "fr" else "; "
    names = EFFECT_NAMES.get(row["effect_size_name"])
    name = names[LANGUAGES.index(language)] if names else str(row["effect_size_name"])
    effect = f"{name} = {_number(row['estimate'], language)}"
    if pd.notna(row["ci_low"]) and pd.notna(row["ci_high"]):
        effect += (
            f" ({ci} {_number(row['ci_low'], language)} {to} {_number(row['ci_high'], language)})"
        )
    p = row["p_adjusted"]
    p_part = (
        f"{p_word} < {_number(0.001, language, 3)}"
        if p < 0.001
        else f"{p_word} = {_number(p, language, 3)}"
    )
    parts = [effect, p_part]
    if pd.notna(row.get("specifications")):
        parts.append(robust.format(n=int(row["robust_in"]), m=int(row["specifications"])))
    return sep.join(parts)


def claim_sentence(row: Mapping) -> str:
    """Return the sentence a chapter may print for one claim: the claim when supported, its
    negation when not, and what could not be tested; a meta-inference with its rule."""
    if row.get("kind") == "integration":
        return f"{row['claim']} ({row['reason'].removeprefix('rule: ')})."
    if row.get("kind") == "description":
        return f"{row['claim']} (a description, not a test)."
    if is_supported(row["supported"]):
        return f"{row['claim']} ({evidence_text(row)})."
    if is_rejected(row["supported"]):
        return (
            f"The data do not support the claim that {_lower(row['statement'])} "
            f"({evidence_text(row)})."
        )
    return f"Not tested: {_lower(row['statement'])} ({row['reason']})."


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def reader_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the claims as a reader sees them: question, claim, verdict, evidence (the verdict
    before the evidence, so that on a narrow page it is read before the table scrolls)."""
    verdict = {True: "supported", False: "not supported"}
    return pd.DataFrame(
        {
            "Question": claims["question"],
            "Claim": claims["claim"],
            "Verdict": [
                "not tested" if pd.isna(v) else verdict[bool(v)] for v in claims["supported"]
            ],
            "Evidence": [evidence_text(r) for r in claims.to_dict("records")],
        }
    )


def findings_markdown(claims: pd.DataFrame) -> str:
    """Return the chapter's Findings: one paragraph per question, every word from the claims."""
    if claims.empty:
        return "This chapter makes no tested claim: it describes the data only."
    out = []
    order = {q: i for i, q in enumerate(QUESTIONS)}
    claims = claims.sort_values("question", key=lambda q: q.map(order), kind="stable")
    for question, part in claims.groupby("question", sort=False):
        tested = part[~part["kind"].isin(["integration", "description"])]
        supported = tested["supported"].fillna(False).astype(bool)
        if tested.empty:
            count = ""
        elif len(tested) == 1:
            count = "Its one claim is " + ("supported." if supported.any() else "not supported.")
        elif supported.all():
            count = f"All {len(tested)} of its claims are supported."
        elif supported.any():
            verb = "is" if supported.sum() == 1 else "are"
            count = f"{int(supported.sum())} of its {len(tested)} claims {verb} supported."
        else:
            count = f"None of its {len(tested)} claims is supported."
        head = f"**{QUESTIONS[question]}** ({question}) {count}".rstrip()
        body = " ".join(claim_sentence(r) for r in part.to_dict("records"))
        out.append(f"{head} {body}")
    return "\n\n".join(out)


def limitations_markdown(claims: pd.DataFrame, notes: list[str] | None = None) -> str:
    """Return the chapter's Limitations from the claims (untestable claims, fragile claims) and
    the ``notes`` the chapter computes from its data (response rates, small groups)."""
    items = list(notes or [])
    untested = (
        claims[claims["supported"].isna() & ~claims["kind"].isin(["integration", "description"])]
        if len(claims)
        else claims
    )
    for row in untested.to_dict("records"):
        items.append(f"Not tested: {_lower(row['statement'])} ({row['reason']}).")
    if len(claims) and claims["specifications"].notna().any():
        fragile = claims[
            claims["supported"].fillna(False).astype(bool)
            & (claims["robust_in"] < claims["specifications"])
        ]
        for row in fragile.to_dict("records"):
            items.append(
                f"The claim that {_lower(row['statement'])} holds in "
                f"{int(row['robust_in'])} of {int(row['specifications'])} specifications only."
            )
    if not items:
        return "The claims above hold in every specification, and every claim could be tested."
    return "\n".join(f"- {item}" for item in items)
