"""Synthetic coded interviews of the qualitative strands and of the newcomer study.

Built on the ``interview_plan`` and ``qualitative_cases`` tables of :mod:`.design`: every planned
interview (INCh 60, Antwerp 20, Oud Noord 16, BBOX newcomers 90, BBOX PCSW case studies 60) gets a
short synthetic transcript of respondent turns (``R:``) between interviewer questions (``I:``), in
the interview's language (Dutch, French; English for the newcomer interviews held in other
languages, as a translation), with some code-switching in Brussels. Each respondent turn is one
coded segment.

A coherent corpus: a turn's code is drawn from the codes of the study's interview guide
(:data:`.utterances.GUIDES`), and its sentence is what the speaker's *role* says about that code
(:func:`.utterances.sentence`): clients, families and newcomers speak of their own experience,
social workers of their work, PCSW managers of the centre's policy, policy makers of the network,
Oud Noord's professionals and informal actors of Amsterdam's neighbourhood (wijkteam, Samen Doen)
and never of Belgian institutions. :data:`.utterances.RULES` lists the phrases only some roles,
studies or places can say; the tests check every segment against it.

Resources
---------
``interviews.qdpx``
    The corpus as a REFI-QDA project (written by :func:`localwelfare.refiqda.project_bytes`): the
    codebook (:data:`CODEBOOK`, two levels, with descriptions), one text source per interview
    named by its ``interview_id`` with document variables (study, case, region, actor group,
    language, PCSW, centre), cases (see below), two coders.
``coded_segments``
    The same codings as a tidy table, one row per coding (the shape of ``qda convert``).

Both hold only de-identified text: the generator plants identifiers in the transcripts as real
ones would hold them, then applies the ingestion step of real interviews
(:func:`localwelfare.privacy.deidentify_project`: names and places of :func:`private_register`,
e-mail addresses, phone numbers, national register numbers and IBANs become placeholders such as
``[name]`` and ``[phone]``, and the coded selections' offsets are remapped). The register itself is
not part of the data package: ``python -m localwelfare synthesize --private private/`` writes it,
with a synthetic participant register (:func:`participant_register`), to the git-ignored
``private/`` folder.

Planted effects (weights multiply the chance that a respondent turn is about a code)
-----------------------------------------------------------------------------------------
With ``null=True`` every code of a study's guide is equally likely for every actor group, region
and centre: the guides (which codes each study asks about) stay, the effects below go.

* INCh: policy makers talk about network organisation (x4) and advocacy (x1.5), less about
  access (x0.5), in- and exclusion practices (x0.4), fragmentation and working conditions (x0.5);
  social workers about fragmentation (x5), discretion (x4), outreach (x3), working conditions
  (x3) and coordination (x2); families in poverty about access and thresholds (x3), stigma (x3),
  trust (x3), being heard and integrated help (x2), hardly about network organisation (x0.2),
  working conditions (x0.3) or fragmentation (x0.5). Wallonia: conditionality x2; Brussels:
  language x3 and fragmentation x2; Flanders: governance and coordination x1.5.
* Antwerp: social workers about caseload (x5), emotional burden and time pressure (x4), the
  welfare meetings (coordination x3) and fragmentation (x2), less about access (x0.3), trust and
  responsiveness (x0.5); clients about being heard, opening hours and distance, waiting times
  and trust (x3 each), hardly about working conditions (x0.1); the clients of ``centre-4`` about
  waiting times a further x2 and trust x0.5 (too few clients per centre to detect).
* Oud Noord: access and thresholds less than elsewhere (x0.3); both sides stress their difference
  from the other (x3 for both: the same weight, yet a smaller share of informal actors' turns,
  since their trust and advocacy weigh more, as for every code a group's plants leave alone);
  professionals about informal actors (x3), governance (x2) and discretion (x2), less about
  advocacy and trust (x0.25); informal actors
  about participation (x4), advocacy (speaking for residents, the link to formal services,
  signalling to policy: x4 each), distrust, low trust in the formal domain and trust in informal
  actors (x6 each: professionals reach trust through the codes that go with their own themes, see
  co-occurrence below, so a weaker plant leaves the trust theme's difference too small to find
  with 8 interviews per group). Found at the theme level (each interview's share of turns on
  advocacy, on trust); one second-level code's share alone is too small to find reliably, and
  so are professionals' discretion and informal actors' rarer talk of working conditions.
* BBOX newcomers: language (x3), administrative burden (x3), discretion, trust and
  responsiveness (x2 each); their guide has no network organisation, working conditions,
  co-production, advocacy, rules or rationales codes. Flanders: language a further x3 and
  conditionality x2 (the Dutch-language requirement); Wallonia: discretion a further x2;
  Brussels: waiting times x3.
* BBOX PCSW case studies: managers about rules and policy (x4), less about discretion (x0.5) and
  rationales (x0.5; deservingness a further x0.3); social workers about discretion (x3) and
  deservingness (x4), less about rules and policy (x0.5). Flanders: language and integration
  measures x2; Wallonia: room for manoeuvre x1.5.
* INCh families' module (after the guide; in no guide, so no group comparison): each family names
  1 to 5 life domains of its needs (income, housing, school, health, work; uniformly many, then
  which at random) and for each whether help came (``network response/answered`` or
  ``/not answered``, one turn per domain, coded alike by both coders). Help comes for 85 % of the
  domains of families whose needs span fewer than 3 domains and for 30 % of those of families
  whose needs span 3 or more (60 % for all under ``null``): the broader the needs, the less the
  network answers them (client-level integration). Drawn from a stream of its own, so the
  rest of the corpus is the same with or without it.
* Co-occurrence: 30 % of turns get a second code, and its sentence, from a partner of the
  first (language with
  administrative burden, distrust with stigma, discretion with conditionality, caseload with
  emotional burden, referrals with coordination, informal actors with trust in professionals,
  waiting times with being heard, and the reverse).
* Identifiers, de-identified before the data are written: 10 % of turns of families, clients,
  newcomers and informal actors carry a first name or place from the register, 3 % a phone
  number, 2 % an e-mail address, 1 % a (valid) national register number and 1 % a (valid) IBAN;
  in ``data/raw`` they appear as placeholders (``[name]``, ``[place]``, ``[phone]``, ...).
* Agreement: ``coder_a`` codes every interview; ``coder_b`` double-codes
  :data:`DOUBLE_CODED_SHARE` (30 %, rounded up) of the interviews of every study and actor group.
  Coder B keeps A's code with probability 0.85 (0.55 for discretion, the hardest code to apply
  consistently), takes a sibling code of the study's guide with 0.07, skips the coding
  otherwise, adds an extra code to 5 % of turns, and moves the segment boundaries by a few
  characters in 30 % of them.
* Cases of the REFI-QDA project: the qualitative case; ``bbox-<region>`` for newcomers,
  ``pcsw-<nis code>`` for the PCSW case studies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from localwelfare import privacy, refiqda
from localwelfare.synthetic import DEFAULT_SEED, rng_for, utterances

#: The codebook: code path -> description (:data:`.utterances.CODES`).
CODEBOOK: dict[str, str] = dict(utterances.CODES)

LEAVES = [p for p in CODEBOOK if refiqda.PATH_SEP in p]
#: A turn's second code, in 30 % of turns, when the study's guide has it.
PARTNERS = {
    "access and thresholds/language": "access and thresholds/administrative burden",
    "access and thresholds/administrative burden": "access and thresholds/language",
    "trust/distrust": "inclusion and exclusion practices/stigma",
    "inclusion and exclusion practices/stigma": "trust/distrust",
    "discretion/rules and exceptions": "inclusion and exclusion practices/conditionality",
    "discretion/depends on the social worker": "inclusion and exclusion practices/conditionality",
    "inclusion and exclusion practices/conditionality": "discretion/rules and exceptions",
    "working conditions/caseload": "working conditions/emotional burden",
    "working conditions/emotional burden": "working conditions/caseload",
    "working conditions/time pressure": "working conditions/caseload",
    "fragmentation/referrals": "network organisation/coordination",
    "network organisation/coordination": "fragmentation/referrals",
    "co-production/informal actors": "trust/trust in professionals",
    "access and thresholds/waiting times": "responsiveness/being heard",
    "responsiveness/being heard": "access and thresholds/waiting times",
    "advocacy/speaking for residents": "advocacy/link to formal services",
    "advocacy/link to formal services": "trust/trust in informal actors",
    "trust/low trust in the formal domain": "trust/trust in informal actors",
    "co-production/stressing the difference": "trust/distrust",
    "rationales/deservingness": "discretion/room for manoeuvre",
    "rationales/integration measures": "inclusion and exclusion practices/conditionality",
    "rules and policy/local guidelines": "discretion/room for manoeuvre",
    "rules and policy/steering social workers": "discretion/depends on the social worker",
}
QUESTIONS = {
    "nl": ["Kunt u daar meer over vertellen?", "Hoe ervaart u dat?", "Wat bedoelt u precies?"],
    "fr": ["Pouvez-vous m'en dire plus ?", "Comment vivez-vous cela ?", "C'est-à-dire ?"],
    "en": ["Can you tell me more about that?", "How do you experience that?", "What happened?"],
}
FIRST_NAMES = [
    "Fatima",
    "Youssef",
    "Lieselot",
    "Mehmet",
    "Nadia",
    "Kevin",
    "Aïcha",
    "Olena",
    "Samir",
    "Griet",
    "Dawit",
    "Maryam",
]
PLACES = [
    "Seefhoek",
    "Luchtbal",
    "Marcinelle",
    "Heyvaert",
    "Banne Buiksloot",
    "Van der Pekbuurt",
    "Droixhe",
    "Rabot",
]
#: The places of the register an interview can name: Amsterdam's in Oud Noord, Belgium's elsewhere.
PLACES_BY_COUNTRY = {
    "nl": ["Banne Buiksloot", "Van der Pekbuurt"],
    "be": ["Seefhoek", "Luchtbal", "Marcinelle", "Heyvaert", "Droixhe", "Rabot"],
}
OPENERS = {
    "nl": ["", "", "Ja, ", "Eerlijk gezegd: ", "Tja, ", "Kijk, "],
    "fr": ["", "", "Oui, ", "Franchement, ", "Bon, ", "Vous savez, "],
    "en": ["", "", "Yes, ", "Honestly, ", "Well, ", "You know, "],
}
#: Surnames of the synthetic participant register (they occur in no transcript).
SURNAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "Dubois",
    "Dupont",
    "Benali",
    "Yilmaz",
    "Kowalska",
    "Tesfaye",
    "Haddad",
]
VULNERABLE = {"family_in_poverty", "client", "newcomer", "informal_actor"}


def _weights(
    study: str, group: str, region: str, null: bool = False, centre: str | None = None
) -> np.ndarray:
    """The chance of each leaf code in a respondent turn (zero outside the study's guide)."""
    guide = set(utterances.GUIDES[study])
    w = {leaf: 1.0 if leaf in guide else 0.0 for leaf in LEAVES}

    def mult(prefix: str, factor: float) -> None:
        for leaf in LEAVES:
            if leaf == prefix or leaf.startswith(prefix + refiqda.PATH_SEP):
                w[leaf] *= factor

    if null:  # no group, region or centre effect: every code of the study's guide alike
        values = np.array([w[leaf] for leaf in LEAVES])
        return values / values.sum()

    if study == "inch":
        if group == "policy_maker":
            mult("network organisation", 4), mult("advocacy", 1.5)
            mult("access and thresholds", 0.5), mult("inclusion and exclusion practices", 0.4)
            mult("fragmentation", 0.5), mult("working conditions", 0.5)
        elif group == "social_worker":
            mult("fragmentation", 5), mult("discretion", 4)
            mult("network organisation/coordination", 2), mult("working conditions", 3)
            mult("inclusion and exclusion practices/outreach", 3)
        else:
            mult("access and thresholds", 3), mult("inclusion and exclusion practices/stigma", 3)
            mult("trust", 3), mult("responsiveness/being heard", 2)
            mult("responsiveness/integrated help", 2), mult("fragmentation", 0.5)
            mult("network organisation", 0.2), mult("working conditions", 0.3)
        if region == "wallonia":
            mult("inclusion and exclusion practices/conditionality", 2)
        elif region == "brussels":
            mult("access and thresholds/language", 3), mult("fragmentation", 2)
        else:
            mult("network organisation/governance", 1.5)
            mult("network organisation/coordination", 1.5)
    elif study == "antwerp":
        if group == "social_worker":
            mult("access and thresholds", 0.3), mult("trust", 0.5), mult("responsiveness", 0.5)
            mult("working conditions/caseload", 5), mult("working conditions/emotional burden", 4)
            mult("working conditions/time pressure", 4)
            mult("network organisation/coordination", 3), mult("fragmentation", 2)
        else:
            mult("responsiveness/being heard", 3)
            mult("access and thresholds/distance and opening hours", 3)
            mult("access and thresholds/waiting times", 3), mult("trust", 3)
            mult("working conditions", 0.1)
            if centre == "centre-4":  # the busiest centre: longer waits, less trust
                mult("access and thresholds/waiting times", 2), mult("trust", 0.5)
    elif study == "oud-noord":
        mult("access and thresholds", 0.3)
        mult("co-production/stressing the difference", 3)  # both sides alike
        if group == "professional":
            mult("co-production/informal actors", 3), mult("network organisation/governance", 2)
            mult("discretion", 2), mult("advocacy", 0.25), mult("trust", 0.25)
        else:
            mult("co-production/participation", 4), mult("trust/distrust", 6)
            mult("trust/low trust in the formal domain", 6)
            mult("trust/trust in informal actors", 6)
            mult("advocacy", 4), mult("working conditions", 0.2)
    elif study == "bbox-pcsw":
        if group == "pcsw_manager":
            mult("rules and policy", 4), mult("discretion", 0.5)
            mult("rationales", 0.5), mult("rationales/deservingness", 0.3)
        else:
            mult("discretion", 3), mult("rationales/deservingness", 4)
            mult("rules and policy", 0.5)
        if region == "flanders":
            mult("access and thresholds/language", 2)
            mult("rationales/integration measures", 2)
        elif region == "wallonia":
            mult("discretion/room for manoeuvre", 1.5)
    else:  # bbox newcomers
        (
            mult("access and thresholds/language", 3),
            mult("access and thresholds/administrative burden", 3),
        )
        mult("discretion", 2), mult("trust", 2), mult("responsiveness", 2)
        if region == "flanders":
            mult("access and thresholds/language", 3)
            mult("inclusion and exclusion practices/conditionality", 2)
        elif region == "wallonia":
            mult("discretion", 2)
        else:
            mult("access and thresholds/waiting times", 3)
    values = np.array([w[leaf] for leaf in LEAVES])
    return values / values.sum()


def _nrn(rng) -> str:
    year, month, day = (
        int(rng.integers(60, 100)),
        int(rng.integers(1, 13)),
        int(rng.integers(1, 29)),
    )
    serial = int(rng.integers(1, 998))
    body = f"{year:02d}{month:02d}{day:02d}{serial:03d}"
    check = 97 - int(body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:9]}.{check:02d}"


def _iban(rng) -> str:
    account = f"{int(rng.integers(0, 10**10)):010d}"
    national = account + f"{int(account) % 97 or 97:02d}"
    digits = "".join(str(int(c, 36)) for c in national + "BE00")
    check = 98 - int(digits) % 97
    iban = f"BE{check:02d}{national}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _identifier(rng, language: str, country: str = "be") -> str:
    u = rng.random()
    if u < 0.10 / 0.17:
        if rng.random() < 0.5:
            name = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
            return {
                "nl": f"Ik ben {name}.",
                "fr": f"Je m'appelle {name}.",
                "en": f"My name is {name}.",
            }[language]
        places = PLACES_BY_COUNTRY[country]
        place = places[int(rng.integers(len(places)))]
        return {
            "nl": f"Hier in {place} is dat zo.",
            "fr": f"Ici à {place} c'est comme ça.",
            "en": f"Here in {place} it is like that.",
        }[language]
    if u < 0.13 / 0.17:
        phone = (
            f"04{int(rng.integers(70, 100))} {int(rng.integers(10, 100))} "
            f"{int(rng.integers(10, 100))} {int(rng.integers(10, 100))}"
        )
        return {
            "nl": f"Bel me op {phone}.",
            "fr": f"Appelez-moi au {phone}.",
            "en": f"Call me on {phone}.",
        }[language]
    if u < 0.15 / 0.17:
        name = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))].lower().replace("ï", "i")
        return f"({name}{int(rng.integers(10, 99))}@example.org)"
    if u < 0.16 / 0.17:
        return {
            "nl": f"Mijn rijksregisternummer is {_nrn(rng)}.",
            "fr": f"Mon numéro national est {_nrn(rng)}.",
            "en": f"My national number is {_nrn(rng)}.",
        }[language]
    return {
        "nl": f"Het geld komt op {_iban(rng)}.",
        "fr": f"L'argent arrive sur {_iban(rng)}.",
        "en": f"The money goes to {_iban(rng)}.",
    }[language]


def _text_language(language: str, region: str, rng) -> str:
    lang = language if language in ("nl", "fr", "en") else "en"
    if region == "brussels" and lang in ("nl", "fr") and rng.random() < 0.15:
        return "fr" if lang == "nl" else "nl"
    return lang


def _centre(row) -> str | None:
    centre = getattr(row, "centre", None)
    return centre if isinstance(centre, str) and centre else None


def _interview(row, rng, null: bool = False) -> tuple[str, list[dict]]:
    """The transcript of one interview and coder A's codings: each turn's sentence is what the
    speaker's role says about the turn's code (:func:`.utterances.sentence`)."""
    weights = _weights(row.study, row.actor_group, row.region, null, _centre(row))
    role = utterances.role_of(row.actor_group)
    guide = set(utterances.GUIDES[row.study])
    country = utterances.PLACES[row.study]
    parts, codings = [], []
    if row.language not in ("nl", "fr", "en"):
        parts.append(f"[Translated into English from '{row.language}'.]\n")
    pos = sum(len(p) for p in parts)
    for turn in range(int(rng.integers(8, 15))):
        lang = _text_language(row.language, row.region, rng)
        qtext = QUESTIONS[lang][int(rng.integers(3))]
        question = f"I: {qtext}\n"
        parts.append(question)
        pos += len(question)
        leaf = LEAVES[int(rng.choice(len(LEAVES), p=weights))]
        opener = OPENERS[lang][int(rng.integers(len(OPENERS[lang])))]
        sentence = utterances.sentence(leaf, role, lang)
        if opener:
            sentence = opener + sentence[0].lower() + sentence[1:]
        codes = [leaf]
        if rng.random() < 0.3 and PARTNERS.get(leaf) in guide:
            codes.append(PARTNERS[leaf])
            sentence = f"{sentence} {utterances.sentence(PARTNERS[leaf], role, lang)}"
        if row.actor_group in VULNERABLE and rng.random() < 0.17:
            sentence = f"{sentence} {_identifier(rng, lang, country)}"
        answer = f"R: {sentence}\n"
        start, end = pos + 3, pos + len(answer) - 1
        for code in codes:
            codings.append({"turn": turn, "code_path": code, "start": start, "end": end})
        parts.append(answer)
        pos += len(answer)
    return "".join(parts), codings


#: The life domains of the INCh families' module (:data:`.utterances.FAMILY_MODULE`).
DOMAINS = ["income", "housing", "school", "health", "work"]
#: The module's question, per language.
DOMAIN_QUESTION = {
    "nl": "Waarvoor had u nog hulp nodig, en kwam die er?",
    "fr": "Pour quoi d'autre aviez-vous besoin d'aide, et l'avez-vous reçue ?",
    "en": "What else did you need help with, and did it come?",
}
#: The chance that the network responds to a domain of need: planted, by how many domains the
#: family's needs span (fewer than 3, or 3 or more); the same for all under ``null``.
ANSWERED = {"few": 0.85, "many": 0.3, "null": 0.6}


def _family_module(row, pos: int, first_turn: int, rng, null: bool = False):
    """The INCh families' module, appended to a family's transcript: the family names 1 to 5
    life domains of its needs, and for each whether help came (one turn each, coded with the
    domain and ``network response/answered`` or ``/not answered``)."""
    span = int(rng.integers(1, len(DOMAINS) + 1))
    chosen = sorted(int(i) for i in rng.choice(len(DOMAINS), size=span, replace=False))
    chance = ANSWERED["null"] if null else ANSWERED["few" if span < 3 else "many"]
    parts, codings = [], []
    for k, index in enumerate(chosen):
        lang = _text_language(row.language, row.region, rng)
        answered = bool(rng.random() < chance)
        domain = f"life domains/{DOMAINS[index]}"
        response = "network response/" + ("answered" if answered else "not answered")
        question = f"I: {DOMAIN_QUESTION[lang]}\n"
        text = " ".join(utterances.sentence(c, "client", lang) for c in (domain, response))
        answer = f"R: {text}\n"
        start = pos + len(question) + 3
        end = start + len(answer) - 4
        for code in (domain, response):
            codings.append({"turn": first_turn + k, "code_path": code, "start": start, "end": end})
        parts += [question, answer]
        pos += len(question) + len(answer)
    return "".join(parts), codings


#: The share of each study's interviews, per actor group, that a second coder codes too.
DOUBLE_CODED_SHARE = 0.3


def _double_coded(plan: pd.DataFrame, rng) -> set[str]:
    """At least :data:`DOUBLE_CODED_SHARE` of the interviews of every study and actor group
    (rounded up), drawn at random."""
    chosen = []
    for _, frame in plan.groupby(["study", "actor_group"], sort=True):
        ids = frame["interview_id"].to_numpy()
        n = int(np.ceil(DOUBLE_CODED_SHARE * len(ids)))
        chosen.extend(rng.choice(ids, size=n, replace=False).tolist())
    return set(chosen)


def _second_coder(
    codings: list[dict], text: str, rng, guide: list[str] | None = None
) -> list[dict]:
    leaves = [x for x in LEAVES if guide is None or x in guide]
    out = []
    for c in codings:
        keep = 0.55 if c["code_path"].startswith("discretion") else 0.85
        u = rng.random()
        if u < keep:
            code = c["code_path"]
        elif u < keep + 0.07:
            parent = c["code_path"].split(refiqda.PATH_SEP)[0]
            siblings = [x for x in leaves if x.startswith(parent + refiqda.PATH_SEP)]
            code = siblings[int(rng.integers(len(siblings)))]
        else:
            continue
        start, end = c["start"], c["end"]
        if rng.random() < 0.3:
            start = min(start + int(rng.integers(0, 6)), end - 1)
            end = max(end - int(rng.integers(0, 6)), start + 1)
        out.append({**c, "code_path": code, "start": start, "end": end})
    turns = {c["turn"]: (c["start"], c["end"]) for c in codings}
    for turn, (start, end) in sorted(turns.items()):
        if rng.random() < 0.05:
            extra = leaves[int(rng.integers(len(leaves)))]
            out.append({"turn": turn, "code_path": extra, "start": start, "end": end})
    # one selection per turn for coder B: the boundaries of the turn's first coding
    first = {}
    for c in out:
        first.setdefault(c["turn"], (c["start"], c["end"]))
    unique = {
        (c["turn"], c["code_path"]): {**c, "start": first[c["turn"]][0], "end": first[c["turn"]][1]}
        for c in out
    }
    return list(unique.values())


def _case(row) -> str:
    """The REFI-QDA case of an interview: its qualitative case; for the BBOX newcomers their
    region (``bbox-<region>``), for the PCSW case studies their PCSW (``pcsw-<nis code>``)."""
    if isinstance(row.case_id, str) and row.case_id:
        return row.case_id
    if row.study == "bbox-pcsw":
        return f"pcsw-{row.pcsw}"
    return f"bbox-{row.region}"


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame | bytes]:
    """Generate the coded interview corpus (see the module docstring)."""
    plan = tables["interview_plan"]
    rng = rng_for(seed, "qualitative")
    double = _double_coded(plan, rng)
    texts, rows = {}, []
    family_rng = rng_for(seed, "family-module")
    for row in plan.itertuples(index=False):
        text, codings = _interview(row, rng, null)
        case = _case(row)
        per_coder = {"coder_a": codings}
        if row.interview_id in double:
            guide = utterances.GUIDES[row.study]
            per_coder["coder_b"] = _second_coder(codings, text, rng, guide)
        if row.study == "inch" and row.actor_group == "family_in_poverty":
            first_turn = max(c["turn"] for c in codings) + 1
            more, extra = _family_module(row, len(text), first_turn, family_rng, null)
            text += more
            per_coder = {coder: items + extra for coder, items in per_coder.items()}
        texts[row.interview_id] = text
        for coder, items in per_coder.items():
            for c in items:
                segment_id = refiqda.derived_guid("selection", row.interview_id, coder, c["turn"])
                rows.append(
                    {
                        "coding_id": refiqda.derived_guid("coding", segment_id, c["code_path"]),
                        "segment_id": segment_id,
                        "source": row.interview_id,
                        "case": case,
                        "coder": coder,
                        "code_path": c["code_path"],
                        "kind": "text",
                        "start": c["start"],
                        "end": c["end"],
                        "text": text[c["start"] : c["end"]],
                    }
                )
    planted = pd.DataFrame(rows, columns=refiqda.SEGMENT_COLUMNS)
    codes = refiqda.codes_from_paths(list(CODEBOOK), descriptions=CODEBOOK)
    columns = ["interview_id", "study", "case_id", "region", "actor_group", "language", "pcsw"]
    columns += ["centre"] if "centre" in plan else []
    variables = plan[columns].rename(columns={"interview_id": "source"})
    project = refiqda.build_project(
        planted, texts, codes, variables, name="Local welfare interviews (synthetic)"
    )
    # the ingestion step of real interviews: only de-identified text enters data/raw
    project = privacy.deidentify_project(project, private_register(seed))
    segments = refiqda.segments_table(project).astype({"start": "int64", "end": "int64"})
    return {
        "interviews.qdpx": refiqda.project_bytes(project),
        "coded_segments": segments,
    }


def private_register(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Return the synthetic de-identification register: ``term, kind, replacement``.

    The first names and places planted in the transcripts (removed again before the data reach
    ``data/raw``) and the surnames of :func:`participant_register`: what a project keeps in
    ``private/register.csv``. The terms are the same for every seed.

    Examples
    --------
    >>> register = private_register()
    >>> register.columns.tolist(), sorted(register["kind"].unique())
    (['term', 'kind', 'replacement'], ['name', 'place'])
    """
    names = FIRST_NAMES + SURNAMES
    return pd.DataFrame(
        {
            "term": names + PLACES,
            "kind": ["name"] * len(names) + ["place"] * len(PLACES),
            "replacement": ["[name]"] * len(names) + ["[place]"] * len(PLACES),
        }
    )


def participant_register(plan: pd.DataFrame, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Return a synthetic participant register: ``participant_id`` (the interview id) and
    ``name``, the kind of table that ``python -m localwelfare pseudonymise`` reads."""
    rng = rng_for(seed, "participants")
    ids = plan["interview_id"].tolist()
    first = rng.choice(FIRST_NAMES, size=len(ids))
    last = rng.choice(SURNAMES, size=len(ids))
    names = [f"{a} {b}" for a, b in zip(first, last, strict=True)]
    return pd.DataFrame({"participant_id": ids, "name": names})


__all__ = ["generate", "private_register", "participant_register", "CODEBOOK", "LEAVES"]
