"""WP1 whole-network survey: the member organisations of every network and the ties they report.

Built on the ``networks`` table of :mod:`.design` (``n_organisations``, ``governance_mode``,
``study`` per network). All values are synthetic.

``organisations``
    One row per member organisation: sector, formal or informal, whether it answered the survey.
    Every INCh network has one PCSW; networks governed by a network administrative organisation
    (NAO) also have a coordination office (sector ``network_administration``). The Antwerp
    network holds 4 local social centres (sector ``local_social_centre``) with their partners;
    Oud Noord holds neighbourhood-team professionals (formal) and informal actors (volunteer
    groups, residents' associations, social enterprises, experts by experience).
``ties``
    One row per reported tie: reporting organisation, partner, tie type (information, client
    referral, joint activity, resource sharing), frequency (1 = once a year or less, 2 = several
    times a year, 3 = monthly, 4 = weekly or more: higher is more frequent) and the PARTNER
    ratings of the partner (trust: openness, reliability, shared mission; value: power/influence,
    resource contribution, involvement; each 1-4). A reporter rates a partner once, so the ratings
    repeat on the rows of the different tie types of one pair.

Planted effects (what the analyses should find):

* **Governance mode matters** (INCh). Shared-participant networks are the densest and least
  centralised (every pair collaborates with the same probability, 0.3); in
  lead-organisation networks the PCSW is tied to about 90 % of the members and the others are
  sparsely tied (0.06), so degree and betweenness centralisation are highest; in NAO networks the
  coordination office is tied to about 85 % of the members (the others: 0.07) and is the top
  broker.
* **Antwerp**: the 4 local social centres are all tied to one another (the welfare meetings:
  shared-participant governance) and each anchors its own cluster of neighbourhood partners;
  partners of different centres rarely collaborate directly, so the centres hold the highest
  betweenness. Centres receive higher trust ratings (+0.6 on average).
* **Zurich** (the Antwerp study's comparison case): 2 local social centres (the city's
  social centres, which lead the network), each working mostly with the partners of its half
  of the neighbourhood (0.7, the other half 0.3); partners collaborate with one another across
  the neighbourhood almost as often as within their half (0.2 and 0.22, against 0.03 and 0.35
  in Antwerp), so the network is less clustered and its members are tied to a larger share of
  the others.
* **Oud Noord**: professionals and informal actors collaborate within their own group more than
  across it: a tie across the formal/informal line is :data:`OUD_NOORD_MIXING` times as likely as
  one within a group (0.3: co-existence rather than hybridisation; 1 would be indifference).
  :func:`organisations_and_ties` takes ``mixing`` to generate other scenarios.
* **Reports**: a collaboration is reported by each respondent side with probability 0.85, so
  about 28 % of reported arcs are unreciprocated; partners with more resources (PCSW, local
  social centres, coordination office) get higher value ratings; tie frequencies are higher on
  the ties of the lead organisation / coordination office.
* **In- and exclusion at the margin** (INCh RQ2): of the collaborations that involve an informal
  member (volunteer groups, residents' associations, social enterprises, organisations of
  experts by experience, i.e. of families in poverty), only :data:`INFORMAL_KEEP` survive, so
  informal members are named by fewer partners, reach fewer members in two steps and rarely
  sit in the core. Drawn from a stream of its own after every other draw, so the other ties
  are those of the unplanted generator.
* **Welfare meetings** (Antwerp, ``welfare_meetings``): the 4 local social centres attend all
  :data:`MEETINGS` meetings of the year (they hold them); a partner attends with a probability
  that rises with the number of its partners (logistic, slope :data:`ATTENDANCE_SLOPE` per
  partner above the mean), so attendees are better connected. Under null data every partner
  attends with probability one half, whatever its ties.
* **Null data** (``null=True``): every pair of organisations of a network collaborates with the
  same probability (:data:`NULL_DENSITY`) whatever the governance mode, sector or formality; no
  sector is rated higher on trust or value and no organisation's ties are more frequent. The
  sectors, sizes, response and reporting stay as above.
* **Non-response**: 15-25 % of the organisations of every network (drawn per network) did not
  answer; they report no ties but are named by others. The lead organisation, the coordination
  office and the local social centres always answered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from localwelfare.synthetic import rng_for

#: Sectors of formal service organisations (INCh and Antwerp partners).
SERVICE_SECTORS = [
    "child_care",
    "family_support",
    "education",
    "health",
    "housing",
    "employment",
    "integration",
    "ngo",
]
SERVICE_WEIGHTS = [0.16, 0.16, 0.16, 0.12, 0.1, 0.08, 0.08, 0.14]
#: Sectors of informal actors (Oud Noord; a few in INCh networks).
INFORMAL_SECTORS = [
    "volunteer_group",
    "residents_association",
    "social_enterprise",
    "experts_by_experience",
]
#: Oud Noord professionals' sectors.
PROFESSIONAL_SECTORS = ["neighbourhood_team", "health", "housing", "employment", "ngo"]
#: Short labels for drawings.
ABBREVIATIONS = {
    "pcsw": "PCSW",
    "local_social_centre": "LSC",
    "network_administration": "NAO",
    "child_care": "Care",
    "family_support": "Fam",
    "education": "Edu",
    "health": "Hlth",
    "housing": "Hous",
    "employment": "Empl",
    "integration": "Intg",
    "ngo": "NGO",
    "neighbourhood_team": "Team",
    "volunteer_group": "Vol",
    "residents_association": "Res",
    "social_enterprise": "SocE",
    "experts_by_experience": "Exp",
}
TIE_TYPES = ["information", "client_referral", "joint_activity", "resource_sharing"]
#: Probability that a collaborating pair exchanges each tie type (at least one is kept).
TYPE_PROBABILITIES = [0.9, 0.5, 0.4, 0.25]
#: Oud Noord: odds of a tie across the formal/informal line relative to a tie within a group.
OUD_NOORD_MIXING = 0.3
#: Probability that a respondent reports an existing collaboration.
REPORT_PROBABILITY = 0.85
#: Tie probability of every pair in null data (about the mean density of the planted networks).
NULL_DENSITY = 0.15
NONRESPONSE_RANGE = (0.15, 0.25)
#: INCh: the share of the collaborations involving an informal member that exist (planted margin).
INFORMAL_KEEP = 0.35
#: Antwerp: welfare meetings held in the year of the survey.
MEETINGS = 10
#: Antwerp: log-odds of a partner attending the welfare meetings per partner above the mean.
ATTENDANCE_SLOPE = 1.2


def _organisations_inch(net, rng) -> tuple[pd.DataFrame, np.ndarray]:
    n = int(net.n_organisations)
    sectors = ["pcsw"]
    if net.governance_mode == "network_administrative_organisation":
        sectors.append("network_administration")
    n_informal = int(rng.binomial(n - len(sectors), 0.08))
    n_service = n - len(sectors) - n_informal
    sectors += list(rng.choice(SERVICE_SECTORS, size=n_service, p=SERVICE_WEIGHTS))
    sectors += list(rng.choice(INFORMAL_SECTORS, size=n_informal))
    formal = np.array([s not in INFORMAL_SECTORS for s in sectors])
    # collaboration probabilities by governance mode
    p = np.full((n, n), 0.3)
    if net.governance_mode == "lead_organisation":
        p[:] = 0.06
        p[0, :] = p[:, 0] = 0.9
    elif net.governance_mode == "network_administrative_organisation":
        p[:] = 0.07
        p[1, :] = p[:, 1] = 0.85
        p[0, :] = p[:, 0] = 0.3
    return _frame(net, sectors, formal), p


#: The neighbourhood networks around local social centres: number of centres, tie probability
#: of partners in the same cluster and in different ones, of a centre with the partners of its
#: own cluster and of the others' (centres are all tied to one another).
CENTRE_NETWORKS = {
    "antwerp": {"centres": 4, "within": 0.35, "between": 0.03, "own": 0.9, "other": 0.08},
    "zurich": {"centres": 2, "within": 0.22, "between": 0.2, "own": 0.7, "other": 0.3},
}


def _organisations_centres(net, rng, centres, within, between, own, other):
    n = int(net.n_organisations)
    sectors = ["local_social_centre"] * centres
    sectors += list(rng.choice(SERVICE_SECTORS, size=n - centres, p=SERVICE_WEIGHTS))
    formal = np.ones(n, dtype=bool)
    cluster = np.concatenate([np.arange(centres), rng.integers(0, centres, size=n - centres)])
    same = cluster[:, None] == cluster[None, :]
    p = np.where(same, within, between)
    centre = np.arange(n) < centres
    p[np.ix_(centre, centre)] = 1.0  # Antwerp's welfare meetings: every centre works with all
    p[np.ix_(centre, ~centre)] = np.where(same[np.ix_(centre, ~centre)], own, other)
    p[np.ix_(~centre, centre)] = p[np.ix_(centre, ~centre)].T
    return _frame(net, sectors, formal), p


def _organisations_oud_noord(net, rng, mixing: float) -> tuple[pd.DataFrame, np.ndarray]:
    n = int(net.n_organisations)
    n_prof = n * 4 // 9
    sectors = ["neighbourhood_team"] + list(rng.choice(PROFESSIONAL_SECTORS, size=n_prof - 1))
    sectors += list(rng.choice(INFORMAL_SECTORS, size=n - n_prof))
    formal = np.arange(n) < n_prof
    same = formal[:, None] == formal[None, :]
    within = 0.28
    p = np.where(same, within, within * mixing)
    p[0, : formal.sum()] = p[: formal.sum(), 0] = 0.9  # the neighbourhood team leads
    return _frame(net, sectors, formal), p


def _frame(net, sectors, formal) -> pd.DataFrame:
    counts: dict[str, int] = {}
    labels = []
    for s in sectors:
        counts[s] = counts.get(s, 0) + 1
        labels.append(f"{ABBREVIATIONS[s]} {counts[s]}")
    n = len(sectors)
    return pd.DataFrame(
        {
            "network_id": net.network_id,
            "organisation_id": [f"o{i:02d}" for i in range(1, n + 1)],
            "label": labels,
            "sector": [str(s) for s in sectors],
            "formal": formal.astype(bool),
        }
    )


def organisations_and_ties(
    seed: int, networks: pd.DataFrame, mixing: float = OUD_NOORD_MIXING, null: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate the organisations and ties of every network in ``networks``.

    ``mixing`` is the Oud Noord cross-group tie odds (see :data:`OUD_NOORD_MIXING`); ``null``
    switches every planted effect off (see the module docstring).
    """
    rng = rng_for(seed, "wp1-networks")
    org_frames, tie_rows = [], []
    for net in networks.itertuples(index=False):
        if net.study in CENTRE_NETWORKS:
            shape = CENTRE_NETWORKS[net.study]
            orgs, p = _organisations_centres(net, rng, **shape)
            anchors = np.arange(shape["centres"])
        elif net.study == "oud-noord":
            orgs, p = _organisations_oud_noord(net, rng, mixing)
            anchors = np.array([0])
        else:
            orgs, p = _organisations_inch(net, rng)
            anchors = np.array([1 if net.governance_mode.startswith("network_adm") else 0])
        n = len(orgs)
        if null:
            p = np.full((n, n), NULL_DENSITY)
        np.fill_diagonal(p, 0.0)
        upper = np.triu(rng.random((n, n)) < p, 1)
        collaborate = upper | upper.T
        rate = rng.uniform(*NONRESPONSE_RANGE)
        silent = np.zeros(n, dtype=bool)
        pool = np.setdiff1d(np.arange(n), anchors)
        low, high = NONRESPONSE_RANGE
        n_silent = min(max(round(rate * n), int(np.ceil(low * n))), int(np.floor(high * n)))
        silent[rng.choice(pool, size=n_silent, replace=False)] = True
        orgs["responded"] = ~silent
        org_frames.append(orgs)
        # partner qualities behind the ratings
        sector = orgs["sector"].to_numpy()
        strong = np.isin(sector, ["pcsw", "local_social_centre", "network_administration"])
        effect = 0.0 if null else 1.0
        centre = sector == "local_social_centre"
        trust_level = 2.7 + effect * 0.6 * centre + rng.normal(0, 0.35, n)
        value_level = 2.3 + effect * 0.9 * strong + rng.normal(0, 0.35, n)
        hub = np.zeros(n, dtype=bool)
        hub[anchors] = not null
        reported = collaborate & ~silent[:, None] & (rng.random((n, n)) < REPORT_PROBABILITY)
        ids = orgs["organisation_id"].to_numpy()
        for i, j in zip(*np.nonzero(reported), strict=True):
            types = rng.random(4) < TYPE_PROBABILITIES
            if not types.any():
                types[0] = True
            base = 2.2 + 0.9 * (hub[i] or hub[j])
            trust = np.clip(np.rint(trust_level[j] + rng.normal(0, 0.5, 3)), 1, 4).astype(int)
            value = np.clip(np.rint(value_level[j] + rng.normal(0, 0.5, 3)), 1, 4).astype(int)
            for t in np.nonzero(types)[0]:
                tie_rows.append(
                    {
                        "network_id": net.network_id,
                        "organisation_id": ids[i],
                        "partner_id": ids[j],
                        "tie_type": TIE_TYPES[t],
                        "frequency": int(np.clip(np.rint(base + rng.normal(0, 0.8)), 1, 4)),
                        "trust_openness": int(trust[0]),
                        "trust_reliability": int(trust[1]),
                        "trust_mission": int(trust[2]),
                        "value_power": int(value[0]),
                        "value_resources": int(value[1]),
                        "value_involvement": int(value[2]),
                    }
                )
    organisations = pd.concat(org_frames, ignore_index=True)
    organisations["responded"] = organisations["responded"].astype(bool)
    return organisations, pd.DataFrame(tie_rows)


def informal_margin(
    seed: int, networks: pd.DataFrame, organisations: pd.DataFrame, ties: pd.DataFrame
) -> pd.DataFrame:
    """Keep each INCh collaboration involving an informal member with probability
    :data:`INFORMAL_KEEP` (both directions of a pair together); other ties are untouched."""
    rng = rng_for(seed, "wp1-margin")
    inch = networks.loc[networks["study"] == "inch", "network_id"]
    informal = organisations.loc[
        organisations["network_id"].isin(inch) & ~organisations["formal"].astype(bool),
        ["network_id", "organisation_id"],
    ]
    keys = set(zip(informal["network_id"], informal["organisation_id"], strict=True))
    net, a, b = (ties[c].to_numpy() for c in ("network_id", "organisation_id", "partner_id"))
    touches = [(n, x) in keys or (n, y) in keys for n, x, y in zip(net, a, b, strict=True)]
    pair = [(n, min(x, y), max(x, y)) for n, x, y in zip(net, a, b, strict=True)]
    candidates = sorted({p for p, t in zip(pair, touches, strict=True) if t})
    dropped = {p for p, u in zip(candidates, rng.random(len(candidates)), strict=True)
               if u >= INFORMAL_KEEP}  # fmt: skip
    keep = [p not in dropped for p in pair]
    return ties[keep].reset_index(drop=True)


def welfare_meetings(
    seed: int,
    networks: pd.DataFrame,
    organisations: pd.DataFrame,
    ties: pd.DataFrame,
    null: bool = False,
) -> pd.DataFrame:
    """Return the welfare-meeting attendance of every organisation of the Antwerp network.

    One row per organisation: ``network_id``, ``organisation_id`` and ``meetings_attended`` (of
    :data:`MEETINGS`). See the module docstring for what is planted.
    """
    rng = rng_for(seed, "antwerp-meetings")
    antwerp = networks.loc[networks["study"] == "antwerp", "network_id"]
    orgs = organisations[organisations["network_id"].isin(antwerp)]
    ids = orgs["organisation_id"].to_numpy()
    partners = {i: set() for i in ids}
    mine = ties[ties["network_id"].isin(antwerp)]
    for x, y in zip(mine["organisation_id"], mine["partner_id"], strict=True):
        partners[x].add(y)
        partners[y].add(x)
    degree = np.array([len(partners[i]) for i in ids], dtype=float)
    centre = orgs["sector"].to_numpy() == "local_social_centre"
    slope = 0.0 if null else ATTENDANCE_SLOPE
    mean = degree[~centre].mean() if (~centre).any() else 0.0
    attend = rng.random(len(ids)) < 1 / (1 + np.exp(-slope * (degree - mean)))
    times = 1 + rng.binomial(MEETINGS - 1, 0.5, len(ids))
    attended = np.where(centre, MEETINGS, np.where(attend, times, 0))
    return pd.DataFrame(
        {
            "network_id": orgs["network_id"].to_numpy(),
            "organisation_id": ids,
            "meetings_attended": attended.astype(int),
        }
    )


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame]:
    """Generate the ``organisations``, ``ties`` and ``welfare_meetings`` resources from the
    ``networks`` table."""
    networks = tables["networks"]
    organisations, ties = organisations_and_ties(seed, networks, null=null)
    if not null:
        ties = informal_margin(seed, networks, organisations, ties)
    meetings = welfare_meetings(seed, networks, organisations, ties, null=null)
    return {"organisations": organisations, "ties": ties, "welfare_meetings": meetings}


__all__ = [
    "generate",
    "organisations_and_ties",
    "informal_margin",
    "welfare_meetings",
    "OUD_NOORD_MIXING",
]
