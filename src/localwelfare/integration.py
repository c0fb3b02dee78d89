"""Mixed-methods integration: joint displays and meta-inferences that join the strands of a study.

The quantitative strand (network measures, the PCSW typology, the newcomers' scales) and the
qualitative strand (the coded interviews) of each study meet here on their shared keys: the case
network (``qualitative_cases.network_id``), the PCSW code (``newcomer_interviews.pcsw`` and
``pcsw_survey.nis_code``), and the actor group. Two kinds of result:

*Joint displays* (Fetters, Curry & Creswell 2013; Guetterman, Fetters & Creswell 2015): one row per
unit (a case network, a PCSW, an actor group), the quantitative result beside the qualitative one
and an exemplar quote. Keys that do not join are reported in the ``joined`` column (``both``,
``quantitative only``, ``qualitative only``), never silently dropped.

*Meta-inferences*: one per research question that both strands address, decided from the two
strands' claims (:mod:`localwelfare.findings`) by a stated rule (:func:`meta_inference`):

=================  ==========================================================================
``confirmation``   both strands have a supported claim on the question, and an aligned pair
                   of claims (:data:`ALIGNED`) points the same way
``discordance``    both strands have supported claims, and an aligned pair points different
                   ways; reported as such, never smoothed over
``expansion``      one strand has a supported claim and the other none, or both have supported
                   claims about different aspects (no aligned pair): one adds what the other
                   cannot show
``inconclusive``   neither strand has a supported claim on the question
=================  ==========================================================================

Each meta-inference becomes a claim of kind ``integration`` (:func:`integration_claims`).

References
----------
Fetters, M. D., Curry, L. A. & Creswell, J. W. (2013). Achieving integration in mixed methods
designs: principles and practices. *Health Services Research* 48(6), 2134-2156.
Guetterman, T. C., Fetters, M. D. & Creswell, J. W. (2015). Integrating quantitative and
qualitative results in health science mixed methods research through joint displays. *Annals of
Family Medicine* 13(6), 554-561.

Examples
--------
>>> import pandas as pd
>>> quant = pd.DataFrame({"supported": [True], "claim_id": ["a"], "direction": ["x"]})
>>> qual = pd.DataFrame({"supported": [False], "claim_id": ["b"], "direction": ["y"]})
>>> meta_inference(quant, qual)["meta_inference"]
'expansion'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from localwelfare import findings
from localwelfare.errors import InputError

META_INFERENCES = ("confirmation", "discordance", "expansion", "inconclusive")

#: Pairs of claims, one per strand, that state the same thing in the two kinds of data, so that
#: their directions can be compared: question -> list of (quantitative claim, qualitative claim,
#: the field of each whose values must agree). ``contrast`` is the group a claim puts lowest
#: (lowest score; least often mentioned), ``direction`` the group it puts highest.
ALIGNED: dict[str, list[tuple[str, str, str, str]]] = {
    # newcomers of the region where access is rated lowest speak of access thresholds most
    "bbox-access": [
        ("accessibility-by-region", "theme-access-and-thresholds", "contrast", "direction"),
    ],
}


def strand_of(claim_id: str, run: str = "") -> str:
    """The strand of a claim: ``qualitative`` for the coded interviews (every claim of a WP2 run,
    and the themes of other runs), else ``quantitative``."""
    qualitative = str(claim_id).startswith("theme-") or str(run).startswith("wp2-")
    return "qualitative" if qualitative else "quantitative"


def _supported(claims: pd.DataFrame) -> pd.DataFrame:
    if claims.empty:
        return claims
    return claims[claims["supported"].map(findings.is_supported)]


def meta_inference(
    quantitative: pd.DataFrame,
    qualitative: pd.DataFrame,
    aligned: list[tuple[str, str, str, str]] | None = None,
) -> dict:
    """Decide the meta-inference of one question from the claims of its two strands.

    Parameters
    ----------
    quantitative, qualitative : DataFrame
        The claims of each strand on the question (rows of the claims table; ``supported``,
        ``claim_id``, ``direction`` and, for aligned pairs, the compared fields).
    aligned : list of tuples, optional
        Pairs ``(quantitative claim id, qualitative claim id, field, field)`` whose values must
        agree for a confirmation (see :data:`ALIGNED`).

    Returns
    -------
    dict
        ``meta_inference`` (one of :data:`META_INFERENCES`) and ``rule`` (why, in words).

    Examples
    --------
    >>> q = pd.DataFrame({"supported": [True], "claim_id": ["a"], "direction": ["hi"],
    ...                   "contrast": ["lo"]})
    >>> l = pd.DataFrame({"supported": [True], "claim_id": ["b"], "direction": ["lo"],
    ...                   "contrast": ["hi"]})
    >>> meta_inference(q, l, [("a", "b", "contrast", "direction")])["meta_inference"]
    'confirmation'
    """
    sq, sl = _supported(quantitative), _supported(qualitative)
    if sq.empty and sl.empty:
        return {
            "meta_inference": "inconclusive",
            "rule": "neither strand has a supported claim on the question",
        }
    if sq.empty or sl.empty:
        strand = "quantitative" if sl.empty else "qualitative"
        other = "qualitative" if strand == "quantitative" else "quantitative"
        absent = (qualitative if strand == "quantitative" else quantitative).empty
        return {
            "meta_inference": "expansion",
            "rule": f"only the {strand} strand has a supported claim; the {other} strand "
            + ("makes no claim on the question" if absent else "supports none of its claims"),
        }
    for q_id, l_id, q_field, l_field in aligned or []:
        if q_id in set(sq["claim_id"]) and l_id in set(sl["claim_id"]):
            a = sq.set_index("claim_id").loc[q_id, q_field]
            b = sl.set_index("claim_id").loc[l_id, l_field]
            if str(a) == str(b):
                return {
                    "meta_inference": "confirmation",
                    "rule": f"both strands are supported and point the same way ({q_id}: "
                    f"{findings._words(a)}; {l_id}: {findings._words(b)})",
                }
            return {
                "meta_inference": "discordance",
                "rule": f"both strands are supported but point different ways ({q_id}: "
                f"{findings._words(a)}; {l_id}: {findings._words(b)})",
            }
    return {
        "meta_inference": "expansion",
        "rule": "both strands have supported claims, on different aspects of the question",
    }


def meta_inferences(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one meta-inference per research question in ``claims`` that both strands address
    or that one strand addresses with a supported claim: ``question, quantitative,
    qualitative, meta_inference, rule``, where the strand columns summarise the strand's
    claims ("2 of 3 supported")."""
    if claims.empty:
        return pd.DataFrame(
            columns=["question", "quantitative", "qualitative", "meta_inference", "rule"]
        )
    claims = claims[claims["kind"] != "integration"]
    runs = claims["run"] if "run" in claims else pd.Series("", index=claims.index)
    strand = pd.Series(
        [strand_of(c, r) for c, r in zip(claims["claim_id"], runs, strict=True)],
        index=claims.index,
    )
    rows = []
    for question in [q for q in findings.QUESTIONS if q in set(claims["question"])]:
        mine = claims["question"] == question
        quant, qual = (
            claims[mine & (strand == "quantitative")],
            claims[mine & (strand == "qualitative")],
        )
        if quant.empty and qual.empty:
            continue
        decided = meta_inference(quant, qual, ALIGNED.get(question))
        rows.append(
            {
                "question": question,
                "quantitative": _summary(quant),
                "qualitative": _summary(qual),
                **decided,
            }
        )
    return pd.DataFrame(rows)


def _summary(claims: pd.DataFrame) -> str:
    if claims.empty:
        return "no claim"
    tested = claims["supported"].notna()
    supported = claims["supported"].map(findings.is_supported)
    return f"{int(supported.sum())} of {int(tested.sum())} tested claims supported"


def meta_rows(claims: pd.DataFrame) -> list[dict]:
    """Return the meta-inferences of ``claims`` as claim rows of kind ``integration`` (one per
    question; :func:`localwelfare.findings.claim_row`): no test decides a meta-inference, the
    rule does, so ``supported`` stays empty and ``direction`` holds the meta-inference."""
    return [
        findings.claim_row(
            f"meta-{m['question']}",
            m["question"],
            f"The strands' meta-inference is {m['meta_inference']}",
            "integration",
            {"test": "none", "testable": False, "reason": f"rule: {m['rule']}"},
            direction=m["meta_inference"],
        )
        for m in meta_inferences(claims).to_dict("records")
    ]


def integration_claims(claims: pd.DataFrame, run: str, alpha: float = 0.05) -> pd.DataFrame:
    """Return the meta-inferences of ``claims`` as rows of the claims table of ``run``."""
    return findings.adjust_claims(meta_rows(claims), run, alpha)


# --- joint displays --------------------------------------------------------------------------


def _mark_join(left: pd.DataFrame, right: pd.DataFrame, key: str) -> pd.DataFrame:
    out = left.merge(right, on=key, how="outer", indicator="joined")
    out["joined"] = out["joined"].map(
        {"both": "both", "left_only": "quantitative only", "right_only": "qualitative only"}
    )
    return out


def theme_presence(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    by: str,
    themes: list[str],
    coder: str = "coder_a",
) -> pd.DataFrame:
    """Return, per unit of ``by`` (a case, a PCSW, an actor group), the number of interviews and
    the share of them that mention each theme (level 1 of the code path): ``by, n_interviews,
    share_<theme>`` (theme with spaces as underscores)."""
    if by not in interviews:
        raise InputError(f"joint display: the interviews have no variable '{by}'")
    coded = segments[(segments["coder"] == coder) & segments["source"].isin(interviews["source"])]
    theme = coded["code_path"].str.split("/").str[0]
    units = interviews[["source", by]].drop_duplicates("source")
    out = units.groupby(by).size().rename("n_interviews").reset_index()
    for name in themes:
        mentioned = set(coded.loc[theme == name, "source"])
        share = units.assign(m=units["source"].isin(mentioned)).groupby(by)["m"].mean()
        out[f"share_{name.replace(' ', '_')}"] = out[by].map(share).astype(float)
    return out


def exemplar_quotes(
    segments: pd.DataFrame, interviews: pd.DataFrame, by: str, theme: str, seed: int = 0
) -> pd.DataFrame:
    """Return one de-identified quote on ``theme`` per unit of ``by``: ``by, quote, speaker``."""
    from localwelfare import privacy, qualitative

    coded = segments.merge(interviews[["source", by]], on="source")
    coded = coded[coded["code_path"].str.split("/").str[0] == theme]
    if coded.empty:
        return pd.DataFrame(columns=[by, "quote", "speaker"])
    pseudonyms = privacy.pseudonym_map(interviews["source"], prefix="interviewee", salt=theme)
    quotes = qualitative.select_quotes(coded, by=[by], n=1, seed=seed, pseudonyms=pseudonyms)
    return quotes[[by, "quote", "speaker"]]


def inch_joint_display(
    network_table: pd.DataFrame,
    cases: pd.DataFrame,
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    themes: list[str],
    quote_theme: str,
    seed: int = 0,
) -> pd.DataFrame:
    """INCh: one row per case network, its network measures (``network_table``: one row per
    ``network_id``) beside what its interviewees say (share of interviews mentioning each of
    ``themes``) and one quote on ``quote_theme``. Networks without a case and cases without
    interviews show in ``joined``."""
    quant = cases[["case_id", "network_id"]].merge(
        network_table.assign(_measured=True), on="network_id", how="left"
    )
    qual = theme_presence(segments, interviews, "case_id", themes)
    qual = qual.merge(
        exemplar_quotes(segments, interviews, "case_id", quote_theme, seed),
        on="case_id",
        how="left",
    ).assign(_interviewed=True)
    out = quant.merge(qual, on="case_id", how="outer")
    measured = out["_measured"].eq(True)
    interviewed = out["_interviewed"].eq(True)
    out["joined"] = np.select(
        [measured & interviewed, measured, interviewed],
        ["both", "quantitative only", "qualitative only"],
        "neither strand",
    )
    return out.drop(columns=["_measured", "_interviewed"])


def pcsw_joint_display(
    types: pd.Series,
    scores: pd.DataFrame,
    pcsw_of: pd.Series,
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    themes: list[str],
    small_cell: int = 5,
) -> pd.DataFrame:
    """BBOX: one row per PCSW of the newcomer interviews: its practice type (``types``, indexed by
    NIS code; missing when the PCSW did not answer the survey), the number of its newcomers and
    their mean score on each scale of ``scores`` (indexed like ``pcsw_of``, the PCSW of each
    respondent), and the share of its newcomers' interviews mentioning each theme. Means of
    fewer than ``small_cell`` newcomers are not shown."""
    data = scores.assign(pcsw=pcsw_of.astype(str))
    means = data.groupby("pcsw").mean(numeric_only=True).add_prefix("mean_")
    counts = data.groupby("pcsw").size().rename("n_newcomers")
    quant = pd.concat([counts, means], axis=1)
    quant.loc[quant["n_newcomers"] < small_cell, means.columns] = np.nan
    quant = quant.reset_index().rename(columns={"index": "pcsw"})
    quant["practice_type"] = quant["pcsw"].map(types.astype(str).to_dict())
    quant["surveyed"] = quant["practice_type"].notna()
    qual = theme_presence(segments, interviews, "pcsw", themes)
    qual["pcsw"] = qual["pcsw"].astype(str)
    qual = qual.drop(columns="n_interviews")
    return _mark_join(quant, qual, "pcsw")


def vignette_decisions(
    workers: pd.DataFrame, ratings: pd.DataFrame, small_cell: int = 5
) -> pd.DataFrame:
    """BBOX: per PCSW of the vignette study, what its social workers decided on the same
    fictitious cases: ``pcsw, vignette_workers`` (workers who rated), ``vignette_aid`` (the mean
    over workers of each worker's mean likelihood of granting aid, 0-10) and ``vignette_referral``
    (the mean over workers of each worker's share of cases referred to an integration agency).
    Workers are the units, so a worker who rated more cases does not weigh more. Values over
    fewer than ``small_cell`` workers are not shown."""
    rated = ratings.merge(workers[["worker_id", "pcsw"]], on="worker_id", how="left")
    if rated["pcsw"].isna().any():
        unknown = sorted(rated.loc[rated["pcsw"].isna(), "worker_id"].astype(str).unique())
        raise InputError(f"vignette ratings: worker(s) {', '.join(unknown)} not in the workers")
    per_worker = (
        rated.assign(referred=rated["refer_integration"].astype(float))
        .groupby(["pcsw", "worker_id"])[["aid_likelihood", "referred"]]
        .mean()
    )
    out = per_worker.groupby("pcsw").agg(
        vignette_workers=("aid_likelihood", "size"),
        vignette_aid=("aid_likelihood", "mean"),
        vignette_referral=("referred", "mean"),
    )
    out.loc[out["vignette_workers"] < small_cell, ["vignette_aid", "vignette_referral"]] = np.nan
    out = out.reset_index()
    out["pcsw"] = out["pcsw"].astype(str)
    return out


def group_joint_display(
    group_values: Mapping[str, Mapping[str, float]],
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    by: str,
    themes: list[str],
) -> pd.DataFrame:
    """One row per actor group (Oud Noord's professionals and informal actors, Antwerp's groups):
    the group's quantitative values (``group_values``: group -> name -> value) beside the share
    of its interviews mentioning each theme."""
    quant = pd.DataFrame.from_dict(group_values, orient="index").rename_axis(by).reset_index()
    qual = theme_presence(segments, interviews, by, themes)
    return _mark_join(quant, qual, by)


def centre_organisations(nodes: pd.DataFrame, centres) -> dict[str, str]:
    """Map Antwerp's centre codes (``interview_plan.centre``: ``centre-1`` ...) to the network's
    local social centres (``organisations``, sector ``local_social_centre``).

    The study numbers its four centres in the order of their organisation ids in the network
    survey, and the interview plan names them ``centre-1`` to ``centre-4`` in that order; the map
    pairs the two sorted lists. A number of centres that differs between the two is an error, not
    a partial join."""
    organisations = sorted(nodes.loc[nodes["sector"] == "local_social_centre", "node"].astype(str))
    codes = sorted({str(c) for c in centres if isinstance(c, str) and c})
    if len(organisations) != len(codes):
        raise InputError(
            f"joint display: the network has {len(organisations)} local social centres but the "
            f"interview plan names {len(codes)} centres ({', '.join(codes) or 'none'})"
        )
    return dict(zip(codes, organisations, strict=True))


def meeting_partner_share(graph, meetings: pd.DataFrame) -> list[float]:
    """For each node of ``graph`` (in its order), the share of its partners other than the
    local social centres that attended at least one welfare meeting (``meetings``: the
    ``welfare_meetings`` resource); ``nan`` for a node without such partners.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("c", "a"), ("c", "b")])
    >>> nx.set_node_attributes(g, {"c": "local_social_centre", "a": "ngo", "b": "ngo"}, "sector")
    >>> m = pd.DataFrame({"organisation_id": ["c", "a", "b"], "meetings_attended": [10, 2, 0]})
    >>> meeting_partner_share(g, m)[0]
    0.5
    """
    attended = meetings.set_index("organisation_id")["meetings_attended"].astype(float)
    shares = []
    for v in graph:
        partners = [u for u in graph[v] if graph.nodes[u].get("sector") != "local_social_centre"]
        went = [attended.get(u, 0) > 0 for u in partners]
        shares.append(float(np.mean(went)) if went else float("nan"))
    return shares


def antwerp_joint_display(
    nodes: pd.DataFrame,
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    themes: list[str],
    quote_theme: str,
    seed: int = 0,
) -> pd.DataFrame:
    """Antwerp: one row per local social centre, its position in the network (``nodes``: the
    node measures and partner scores of :mod:`localwelfare.network`, one row per organisation,
    with ``partners_at_meetings`` from :func:`meeting_partner_share` where known)
    beside what its social workers and its clients say (share of each group's interviews that
    mention each theme, from the interview plan's ``centre``) and one client quote on
    ``quote_theme``. Centres without interviews and interviews without a centre are reported in
    ``joined``."""
    interviews = interviews[interviews["centre"].notna() & (interviews["centre"] != "")]
    organisation_of = centre_organisations(nodes, interviews["centre"])
    centre_of = {v: k for k, v in organisation_of.items()}
    measures = ("degree", "betweenness", "trust", "partners_at_meetings")
    columns = [c for c in measures if c in nodes]
    quant = nodes.loc[nodes["sector"] == "local_social_centre", ["node", *columns]].copy()
    quant["centre"] = quant["node"].astype(str).map(centre_of)
    quant = quant.rename(columns={"node": "organisation_id"})
    parts = []
    for group, prefix in (("client", "clients_"), ("social_worker", "workers_")):
        mine = interviews[interviews["actor_group"].astype(str) == group]
        table = theme_presence(segments, mine, "centre", themes)
        parts.append(table.set_index("centre").add_prefix(prefix))
    qual = pd.concat(parts, axis=1).rename_axis("centre").reset_index()
    clients = interviews[interviews["actor_group"].astype(str) == "client"]
    qual = qual.merge(
        exemplar_quotes(segments, clients, "centre", quote_theme, seed), on="centre", how="left"
    )
    return _mark_join(quant, qual, "centre")


# --- the studies ------------------------------------------------------------------------------

#: The runs whose claims each study's integration joins.
STUDY_RUNS: dict[str, list[str]] = {
    "inch": ["wp1-inch", "wp2-inch"],
    "antwerp": ["wp1-antwerp", "wp2-antwerp"],
    "bbox": ["wp3-typology", "wp3-vignettes", "wp4-newcomers", "wp2-bbox"],
    "oud-noord": ["wp1-oud-noord", "wp2-oud-noord"],
}


def study_claims(
    study: str, data_dir=None, project=".", robustness: bool = False, alpha: float | None = None
) -> pd.DataFrame:
    """The claims of the runs :data:`STUDY_RUNS` joins for ``study``, each run under its own
    specification (the meta-inference reads only whether a claim is supported); with
    ``robustness``, each claim also says in how many of its run's specifications it holds; with
    ``alpha``, every run uses that significance level instead of its own."""
    if study not in STUDY_RUNS:
        raise InputError(
            f"parameter study: unknown study '{study}' (one of {', '.join(STUDY_RUNS)})"
        )
    overrides = {"alpha": alpha} if alpha else None
    frames = [
        findings.run_claims(r, data_dir, project, robustness=robustness, overrides=overrides)
        for r in STUDY_RUNS[study]
    ]
    # each run's specification matrix (attrs) stays with its run: pandas cannot compare them
    frames = [f.copy() for f in frames if not f.empty]
    for frame in frames:
        frame.attrs = {}
    return pd.concat(frames, ignore_index=True)


def integration_rows(tables: Mapping, params: Mapping) -> list[dict]:
    """The evaluator of the integration runs for :mod:`localwelfare.findings`: the claim rows of
    the meta-inferences of ``params["study"]`` (from ``tables["claims"]`` when given)."""
    claims = tables.get("claims")
    if claims is None:
        claims = study_claims(params["study"], params.get("data_dir") or None)
    return meta_rows(claims)


#: The themes each study's joint display sets beside the quantitative results, and the theme of
#: its exemplar quote.
DISPLAY_THEMES: dict[str, tuple[list[str], str]] = {
    "inch": (
        ["network organisation", "inclusion and exclusion practices", "access and thresholds"],
        "network organisation",
    ),
    "antwerp": (["network organisation", "trust", "access and thresholds"], "network organisation"),
    "bbox": (["access and thresholds", "trust", "discretion"], "access and thresholds"),
    "oud-noord": (["co-production", "trust", "advocacy"], "co-production"),
}


def _case_networks(study: str, data_dir, seed: int) -> pd.DataFrame:
    """Network measures of every network of ``study``: one row per ``network_id``, with
    ``informal_reach_gap``, the informal members' mean two-step reach minus the other members'
    (:func:`network.margin_measures`; empty without informal members)."""
    from localwelfare import network

    tables = findings.load_network_data(data_dir)
    nets = tables["networks"]
    nets = nets[nets["study"] == study].set_index("network_id")
    directed = network.network_graphs(
        tables["ties"], tables["organisations"], nets.index, None, "reconstruct"
    )
    multiplex = network.multiplexity(
        tables["ties"][tables["ties"]["network_id"].isin(nets.index)]
    ).set_index("network_id")["share_multiplex"]
    rows = []
    for k, g in directed.items():
        sym = network.symmetrise(network.dichotomise(g, 1), "union")
        integ = network.integration_measures(sym, multiplex_share=float(multiplex.get(k, np.nan)))
        partner = network.partner_network_scores(g)
        margin = network.margin_measures(g, sym, seed=seed)
        informal = ~margin["formal"].astype(bool)
        gap = (
            float(margin.loc[informal, "reach"].mean() - margin.loc[~informal, "reach"].mean())
            if informal.any() and (~informal).any()
            else np.nan
        )
        rows.append(
            {
                "network_id": k,
                "governance_mode": str(nets.loc[k, "governance_mode"]),
                "density": float(integ["density"].iloc[0]),
                "integration": float(integ["integration"].iloc[0]),
                "reach": float(integ["reach"].iloc[0]),
                "trust": float(partner["trust"]),
                # who sits at the margin: informal members' two-step reach minus the others'
                "informal_reach_gap": gap,
            }
        )
    return pd.DataFrame(rows)


#: The figure of each study's joint display: the unit's column, the measure drawn beside the
#: themes and its name.
#: Labels of the joint displays' own columns (the display layer labels the rest).
DISPLAY_LABELS = {
    "n_newcomers": "Newcomers",
    "practice_type": "Practice type",
    "surveyed": "PCSW answered the survey",
    "joined": "Found in",
    "vignette_workers": "Workers who rated vignettes",
    "vignette_aid": "Vignettes: mean aid likelihood (0-10)",
    "vignette_referral": "Vignettes: share referred",
    "staff_interviews": "Staff interviews",
    "informal_reach_gap": "Informal members' reach gap",
    "partners_at_meetings": "Partners at welfare meetings",
}

#: The themes of the PCSW case studies (``wp2-bbox``: social workers and managers) that BBOX's
#: joint display sets beside each PCSW: the room for manoeuvre, the rules, and the rationales
#: behind granting benefits and integration measures.
STAFF_THEMES = ["discretion", "rules and policy", "rationales"]

DISPLAY_FIGURES: dict[str, tuple[str, str, str]] = {
    "inch": ("case_id", "integration", "system-level integration of the case network"),
    "antwerp": ("centre", "betweenness", "the centre's betweenness in the network"),
    "bbox": ("pcsw", "mean_accessibility", "newcomers' mean accessibility score"),
    "oud-noord": ("actor_group", "brokerage", "mean brokerage roles per organisation"),
}


def display_notes(joint: pd.DataFrame) -> list[str]:
    """The limitations a joint display states from its own rows: the rule's reach, and how many
    units are found in one strand only."""
    notes = [
        "A meta-inference rests on the claims of both strands as they are: a strand without a "
        "supported claim adds no evidence either way, and the rule cannot weigh how strong each "
        "strand's evidence is."
    ]
    alone = int((joint["joined"] != "both").sum())
    if alone:
        notes.append(
            f"{alone} of the {len(joint)} units of the joint display "
            f"{'is' if alone == 1 else 'are'} found in one strand only (column joined): the "
            "strands do not describe the same units there."
        )
    return notes


def study_display(study: str, data_dir=None, seed: int = 0, small_cell: int = 5) -> pd.DataFrame:
    """Return the joint display of ``study`` (see the module docstring), built from the data."""
    from localwelfare import data, refiqda

    themes, quote_theme = DISPLAY_THEMES[study]
    if study == "bbox":
        return _bbox_display(data_dir, themes, small_cell)
    project = refiqda.read_project(data.resource_path("interviews_qdpx", data_dir))
    segments = refiqda.segments_table(project)
    interviews = project.source_variables()
    interviews = interviews[interviews["study"] == study]
    if study == "inch":
        cases = data.load("qualitative_cases", data_dir)
        cases = cases[cases["study"] == study]
        return inch_joint_display(
            _case_networks(study, data_dir, seed),
            cases,
            segments,
            interviews,
            themes,
            quote_theme,
            seed,
        )
    from localwelfare import network

    tables = findings.load_network_data(data_dir)
    nets = tables["networks"]
    ids = nets.loc[nets["study"] == study, "network_id"]
    directed = network.network_graphs(
        tables["ties"], tables["organisations"], ids, None, "reconstruct"
    )
    (graph,) = directed.values()
    sym = network.symmetrise(network.dichotomise(graph, 1), "union")
    nodes = network.node_measures(sym).merge(network.partner_scores(graph), on="node")
    if study == "oud-noord":
        nodes["actor_group"] = np.where(
            nodes["formal"].astype(bool), "professional", "informal_actor"
        )
        roles = network.brokerage(graph, "formal").set_index("id")
        nodes["brokerage"] = nodes["node"].map(roles["total"])
        nodes["gatekeeper_or_representative"] = nodes["node"].map(
            roles["gatekeeper"] + roles["representative"]
        )
    else:
        nodes["partners_at_meetings"] = meeting_partner_share(sym, tables["welfare_meetings"])
        return antwerp_joint_display(nodes, segments, interviews, themes, quote_theme, seed)
    values = (
        nodes.groupby("actor_group")[
            [
                c
                for c in (
                    "degree",
                    "betweenness",
                    "trust",
                    "brokerage",
                    "gatekeeper_or_representative",
                )
                if c in nodes
            ]
        ]
        .mean()
        .to_dict("index")
    )
    return group_joint_display(values, segments, interviews, "actor_group", themes)


def _bbox_display(data_dir, themes, small_cell) -> pd.DataFrame:
    from localwelfare import data, perceptions

    types = findings.pcsw_types(data_dir)  # the wp3-typology run's fit, made once per process
    wp4 = findings.load_perception_data(data_dir)
    answers = wp4["answers"]
    scores = perceptions.scale_scores(answers, wp4["scales"], wp4["reverse"], min_answered=0.5)
    interviews = answers[["interview_id", "pcsw"]].rename(columns={"interview_id": "source"})
    segments = data.load("coded_segments", data_dir)
    joint = pcsw_joint_display(
        types, scores, answers["pcsw"], segments, interviews, themes, small_cell
    )
    decisions = vignette_decisions(
        data.load("vignette_workers", data_dir), data.load("vignette_ratings", data_dir), small_cell
    )
    qdpx = findings.load_qualitative_data(data_dir)
    staff = qdpx["interviews"][qdpx["interviews"]["study"] == "bbox-pcsw"]
    staff_themes = theme_presence(qdpx["segments"], staff, "pcsw", STAFF_THEMES)
    staff_themes["pcsw"] = staff_themes["pcsw"].astype(str)
    staff_themes = staff_themes.rename(columns={"n_interviews": "staff_interviews"}).rename(
        columns=lambda c: f"staff_{c}" if c.startswith("share_") else c
    )
    return joint.merge(decisions, on="pcsw", how="left").merge(staff_themes, on="pcsw", how="left")
