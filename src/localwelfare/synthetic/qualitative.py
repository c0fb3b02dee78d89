"""Synthetic coded interviews of the qualitative strands and of the newcomer study.

Built on the ``interview_plan`` and ``qualitative_cases`` tables of :mod:`.design`: every planned
interview (INCh 60, Antwerp 20, Oud Noord 16, BBOX newcomers 90) gets a short synthetic transcript
of respondent turns (``R:``) between interviewer questions (``I:``), in the interview's language
(Dutch, French; English for the newcomer interviews held in other languages, as a translation),
with some code-switching in Brussels. Each respondent turn is one coded segment.

Resources
---------
``interviews.qdpx``
    The corpus as a REFI-QDA project (written by :func:`localwelfare.refiqda.project_bytes`): the
    codebook (:data:`CODEBOOK`, two levels, with descriptions), one text source per interview
    named by its ``interview_id`` with document variables (study, case, region, actor group,
    language, PCSW), cases (the qualitative case; ``bbox-<region>`` for newcomers), two coders.
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
* INCh: policy makers talk about network organisation (x4) and advocacy (x1.5); social workers
  about fragmentation (x3), discretion (x2.5), coordination (x2) and working conditions (x2);
  families in poverty about access and thresholds (x3), stigma (x3), trust (x2) and being heard
  (x2), hardly about network organisation (x0.2). Wallonia: conditionality x2; Brussels:
  language x3 and fragmentation x2; Flanders: governance and coordination x1.5.
* Antwerp: social workers about caseload (x5), emotional burden (x4), the welfare meetings
  (coordination x3) and fragmentation (x2), less about access (x0.5); clients about being heard,
  opening hours and distance, waiting times (x3 each) and trust (x2).
* Oud Noord: access and thresholds less than elsewhere (x0.3); professionals about informal
  actors (x3), governance (x2) and discretion (x2); informal actors about participation (x4),
  distrust (x3) and advocacy (x3).
* BBOX newcomers: language (x3), administrative burden (x3), discretion, trust and
  responsiveness (x2 each); no network organisation, working conditions or co-production codes.
  Flanders: language a further x3 and conditionality x2 (the Dutch-language requirement);
  Wallonia: discretion a further x2; Brussels: waiting times x3.
* Co-occurrence: 30 % of turns get a second code, and its sentence, from a partner of the
  first (language with
  administrative burden, distrust with stigma, discretion with conditionality, caseload with
  emotional burden, referrals with coordination, informal actors with trust in professionals,
  waiting times with being heard, and the reverse).
* Identifiers, de-identified before the data are written: 10 % of turns of families, clients,
  newcomers and informal actors carry a first name or place from the register, 3 % a phone
  number, 2 % an e-mail address, 1 % a (valid) national register number and 1 % a (valid) IBAN;
  in ``data/raw`` they appear as placeholders (``[name]``, ``[place]``, ``[phone]``, ...).
* Agreement: ``coder_a`` codes every interview; ``coder_b`` double-codes 32 interviews (one per
  INCh case and actor group, 4 Antwerp, 4 Oud Noord, 9 newcomers). Coder B keeps A's code with
  probability 0.85 (0.55 for discretion, the hardest code to apply consistently), takes a sibling
  code with 0.07, skips the coding otherwise, adds an extra code to 5 % of turns, and moves the
  segment boundaries by a few characters in 30 % of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from localwelfare import privacy, refiqda
from localwelfare.synthetic import DEFAULT_SEED, rng_for

#: The codebook: code path -> (description, Dutch, French, English turn).
CODEBOOK: dict[str, tuple[str, str, str, str]] = {
    "network organisation": ("How the local network is organised and steered.", "", "", ""),
    "network organisation/coordination": (
        "Coordination between member organisations: meetings, a coordinator, case consultation.",
        "Op het welzijnsoverleg stemmen we af wie welk gezin opvolgt, dat werkt goed.",
        "La coordinatrice du réseau organise une concertation chaque mois entre les services.",
        "Every month the coordinator brings the partners together to discuss the families.",
    ),
    "network organisation/governance": (
        "Who steers the network: lead organisation, the PCSW, a network administrative body.",
        "Het OCMW trekt het netwerk, maar de partners willen meer zeggenschap.",
        "Le CPAS pilote le réseau, les associations se sentent parfois mises de côté.",
        "The municipality decides the agenda; the smaller partners follow.",
    ),
    "network organisation/information sharing": (
        "Sharing information about families between organisations, and its limits.",
        "We mogen niet alles doorgeven door het beroepsgeheim, dat remt de samenwerking.",
        "Le secret professionnel limite ce qu'on peut partager avec les autres partenaires.",
        "We cannot share everything because of professional secrecy.",
    ),
    "access and thresholds": ("Thresholds that keep people from help.", "", "", ""),
    "access and thresholds/administrative burden": (
        "Forms, documents and procedures people must go through.",
        "Al die formulieren en attesten, ik verdrink erin en begrijp niet wat ze vragen.",
        "Tous ces papiers et attestations, je ne comprends pas ce qu'on me demande.",
        "So many forms and certificates, I do not understand what they ask for.",
    ),
    "access and thresholds/language": (
        "Language as a threshold: understanding, interpreters, language requirements.",
        "Ze spreken alleen Nederlands aan het loket en er is geen tolk.",
        "Au guichet on parle trop vite, sans interprète je ne comprends rien.",
        "At the desk they only speak the local language and there is no interpreter.",
    ),
    "access and thresholds/costs": (
        "Costs of services, advances and fees.",
        "De opvang kost te veel, zelfs met het sociaal tarief.",
        "Même avec le tarif social, la crèche reste trop chère pour nous.",
        "Even with the social rate, childcare is too expensive for us.",
    ),
    "access and thresholds/distance and opening hours": (
        "Physical distance, transport and opening hours.",
        "Het kantoor is alleen in de voormiddag open en de bus rijdt maar om het uur.",
        "Le bureau n'ouvre que le matin et il faut deux bus pour y aller.",
        "The office only opens in the morning and I need two buses to get there.",
    ),
    "access and thresholds/waiting times": (
        "Waiting for an appointment, a decision or a payment.",
        "Ik wacht al zes weken op een beslissing over mijn leefloon.",
        "J'attends depuis des semaines une réponse pour mon revenu d'intégration.",
        "I have been waiting for weeks for a decision about my income support.",
    ),
    "inclusion and exclusion practices": ("Practices that include or exclude people.", "", "", ""),
    "inclusion and exclusion practices/conditionality": (
        "Help made conditional on effort: contracts, availability for work, language courses.",
        "Je moet bewijzen dat je werk zoekt en Nederlandse les volgt, anders geen steun.",
        "Il faut signer le projet individualisé, sinon l'aide est suspendue.",
        "They said I must follow the integration course or the support stops.",
    ),
    "inclusion and exclusion practices/outreach": (
        "Reaching out to families who do not come by themselves.",
        "We gaan op huisbezoek bij gezinnen die zelf de weg niet vinden.",
        "On va à la rencontre des familles dans le quartier, à l'école, au parc.",
        "We go to the schools and the park to meet families who never come to us.",
    ),
    "inclusion and exclusion practices/stigma": (
        "Shame and being looked down on when asking for help.",
        "Ik schaam me om naar het OCMW te gaan, iedereen kent je daar.",
        "J'ai honte d'aller au CPAS, on se sent regardé de haut.",
        "I feel ashamed to ask; they look at you as if you are a profiteer.",
    ),
    "responsiveness": ("Whether services respond to people's needs.", "", "", ""),
    "responsiveness/being heard": (
        "Being listened to and taken seriously.",
        "Eindelijk iemand die echt luistert naar wat wij nodig hebben.",
        "Enfin quelqu'un qui écoute vraiment ce dont on a besoin.",
        "For the first time someone really listened to what my family needs.",
    ),
    "responsiveness/tailored help": (
        "Help fitted to the situation rather than standard procedures.",
        "Ze zochten samen met mij een oplossing op maat voor de huur.",
        "L'assistante a trouvé une solution adaptée pour le loyer.",
        "The social worker found a solution that fitted our situation.",
    ),
    "trust": ("Trust between people and services, and among professionals.", "", "", ""),
    "trust/trust in professionals": (
        "Trust in a social worker or service.",
        "Mijn maatschappelijk werker vertrouw ik, ik kan haar alles vertellen.",
        "J'ai confiance en mon assistante sociale, je peux tout lui dire.",
        "I trust my social worker, I can tell her everything.",
    ),
    "trust/distrust": (
        "Distrust of services or of the other side (formal/informal).",
        "Ze doen alsof ze helpen, maar uiteindelijk controleren ze je.",
        "Ils disent qu'ils aident, mais en fait ils contrôlent.",
        "They say they help, but in the end they check on you.",
    ),
    "fragmentation": ("A landscape of services that does not hang together.", "", "", ""),
    "fragmentation/referrals": (
        "Being sent from one service to the next.",
        "Van het ene loket word je naar het andere gestuurd, niemand is bevoegd.",
        "On nous renvoie d'un service à l'autre, personne n'est compétent.",
        "Every office sends you to another office; nobody is responsible.",
    ),
    "fragmentation/overlapping services": (
        "Services doing the same thing next to each other.",
        "Drie organisaties doen hetzelfde huiswerkaanbod zonder het van elkaar te weten.",
        "Trois associations font la même chose sans se parler.",
        "Three projects offer the same thing and do not know about each other.",
    ),
    "co-production": ("Professionals and informal actors working together.", "", "", ""),
    "co-production/informal actors": (
        "Volunteers, residents, associations and experts by experience in the network.",
        "De vrijwilligers van de buurtkeuken zien problemen veel sneller dan wij.",
        "Les bénévoles voient les problèmes bien avant nous.",
        "The volunteers see problems long before the professionals do.",
    ),
    "co-production/participation": (
        "Families and residents taking part in decisions.",
        "Ouders zitten mee aan tafel bij het netwerkoverleg, dat verandert de toon.",
        "Les parents participent aux réunions du réseau, ça change tout.",
        "We residents are invited, but the decisions are already made.",
    ),
    "advocacy": ("Speaking up for residents and families towards policy.", "", "", ""),
    "advocacy/signalling to policy": (
        "Raising structural problems with the municipality or higher levels.",
        "We signaleren de woonproblemen aan de gemeenteraad, maar er verandert weinig.",
        "Nous signalons les problèmes de logement à la commune, sans grand résultat.",
        "We keep telling the council about housing, but nothing changes.",
    ),
    "discretion": ("Room for judgement of social workers in applying rules.", "", "", ""),
    "discretion/rules and exceptions": (
        "Bending or applying rules strictly; exceptions made or refused.",
        "Volgens de regels kan het niet, maar ik maak soms een uitzondering.",
        "Selon le règlement c'est impossible, mais parfois on fait une exception.",
        "One social worker said yes, the next one said the rules do not allow it.",
    ),
    "discretion/depends on the social worker": (
        "Outcomes that depend on which social worker one meets.",
        "Het hangt ervan af bij wie je terechtkomt, de ene helpt wel, de andere niet.",
        "Ça dépend de l'assistante sociale sur qui on tombe.",
        "It depends on which social worker you get; it is luck.",
    ),
    "working conditions": ("Social workers' working conditions.", "", "", ""),
    "working conditions/caseload": (
        "Number of files, time per client, staff shortages.",
        "Ik heb tachtig dossiers, er is geen tijd meer voor echte begeleiding.",
        "J'ai quatre-vingts dossiers, il n'y a plus de temps pour accompagner.",
        "I have eighty files; there is no time left for real support.",
    ),
    "working conditions/emotional burden": (
        "Stress, moral distress and burnout.",
        "Ik neem de verhalen mee naar huis, veel collega's vallen uit.",
        "On ramène les histoires à la maison, beaucoup de collègues craquent.",
        "I take the stories home; many colleagues burn out.",
    ),
}

LEAVES = [p for p in CODEBOOK if refiqda.PATH_SEP in p]
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
    "fragmentation/referrals": "network organisation/coordination",
    "network organisation/coordination": "fragmentation/referrals",
    "co-production/informal actors": "trust/trust in professionals",
    "access and thresholds/waiting times": "responsiveness/being heard",
    "responsiveness/being heard": "access and thresholds/waiting times",
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


def _weights(study: str, group: str, region: str, null: bool = False) -> np.ndarray:
    w = {leaf: 1.0 for leaf in LEAVES}

    def mult(prefix: str, factor: float) -> None:
        for leaf in LEAVES:
            if leaf == prefix or leaf.startswith(prefix + refiqda.PATH_SEP):
                w[leaf] *= factor

    if null:  # no group or region effect; newcomers are still not asked about networks
        if study == "bbox":
            for theme in ("network organisation", "working conditions", "co-production"):
                mult(theme, 0.0)
        values = np.array([w[leaf] for leaf in LEAVES])
        return values / values.sum()

    if study == "inch":
        if group == "policy_maker":
            mult("network organisation", 4), mult("advocacy", 1.5)
        elif group == "social_worker":
            mult("fragmentation", 3), mult("discretion", 2.5)
            mult("network organisation/coordination", 2), mult("working conditions", 2)
        else:
            mult("access and thresholds", 3), mult("inclusion and exclusion practices/stigma", 3)
            mult("trust", 2), mult("responsiveness/being heard", 2)
            mult("network organisation", 0.2)
        if region == "wallonia":
            mult("inclusion and exclusion practices/conditionality", 2)
        elif region == "brussels":
            mult("access and thresholds/language", 3), mult("fragmentation", 2)
        else:
            mult("network organisation/governance", 1.5)
            mult("network organisation/coordination", 1.5)
    elif study == "antwerp":
        if group == "social_worker":
            mult("access and thresholds", 0.5)
            mult("working conditions/caseload", 5), mult("working conditions/emotional burden", 4)
            mult("network organisation/coordination", 3), mult("fragmentation", 2)
        else:
            mult("responsiveness/being heard", 3)
            mult("access and thresholds/distance and opening hours", 3)
            mult("access and thresholds/waiting times", 3), mult("trust", 2)
            mult("working conditions", 0.1)
    elif study == "oud-noord":
        mult("access and thresholds", 0.3)
        if group == "professional":
            mult("co-production/informal actors", 3), mult("network organisation/governance", 2)
            mult("discretion", 2)
        else:
            mult("co-production/participation", 4), mult("trust/distrust", 3)
            mult("advocacy", 3), mult("working conditions", 0.2)
    else:  # bbox newcomers
        for theme in ("network organisation", "working conditions", "co-production"):
            mult(theme, 0.0)
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


def _identifier(rng, language: str) -> str:
    u = rng.random()
    if u < 0.10 / 0.17:
        if rng.random() < 0.5:
            name = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
            return {
                "nl": f"Ik ben {name}.",
                "fr": f"Je m'appelle {name}.",
                "en": f"My name is {name}.",
            }[language]
        place = PLACES[int(rng.integers(len(PLACES)))]
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


def _interview(row, rng, null: bool = False) -> tuple[str, list[dict]]:
    """The transcript of one interview and coder A's codings."""
    weights = _weights(row.study, row.actor_group, row.region, null)
    column = {"nl": 1, "fr": 2, "en": 3}
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
        sentence = CODEBOOK[leaf][column[lang]]
        if opener:
            sentence = opener + sentence[0].lower() + sentence[1:]
        codes = [leaf]
        if rng.random() < 0.3 and leaf in PARTNERS:
            codes.append(PARTNERS[leaf])
            sentence = f"{sentence} {CODEBOOK[PARTNERS[leaf]][column[lang]]}"
        if row.actor_group in VULNERABLE and rng.random() < 0.17:
            sentence = f"{sentence} {_identifier(rng, lang)}"
        answer = f"R: {sentence}\n"
        start, end = pos + 3, pos + len(answer) - 1
        for code in codes:
            codings.append({"turn": turn, "code_path": code, "start": start, "end": end})
        parts.append(answer)
        pos += len(answer)
    return "".join(parts), codings


def _double_coded(plan: pd.DataFrame, rng) -> set[str]:
    chosen = []
    inch = plan[plan["study"] == "inch"]
    for _, frame in inch.groupby(["case_id", "actor_group"], sort=True):
        chosen.append(frame["interview_id"].iloc[int(rng.integers(len(frame)))])
    for study, n in [("antwerp", 4), ("oud-noord", 4)]:
        ids = plan.loc[plan["study"] == study, "interview_id"].to_numpy()
        chosen.extend(rng.choice(ids, size=n, replace=False).tolist())
    for region in ("flanders", "wallonia", "brussels"):
        ids = plan.loc[(plan["study"] == "bbox") & (plan["region"] == region), "interview_id"]
        chosen.extend(rng.choice(ids.to_numpy(), size=3, replace=False).tolist())
    return set(chosen)


def _second_coder(codings: list[dict], text: str, rng) -> list[dict]:
    out = []
    for c in codings:
        keep = 0.55 if c["code_path"].startswith("discretion") else 0.85
        u = rng.random()
        if u < keep:
            code = c["code_path"]
        elif u < keep + 0.07:
            parent = c["code_path"].split(refiqda.PATH_SEP)[0]
            siblings = [x for x in LEAVES if x.startswith(parent + refiqda.PATH_SEP)]
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
            extra = LEAVES[int(rng.integers(len(LEAVES)))]
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


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame | bytes]:
    """Generate the coded interview corpus (see the module docstring)."""
    plan = tables["interview_plan"]
    rng = rng_for(seed, "qualitative")
    double = _double_coded(plan, rng)
    texts, rows = {}, []
    for row in plan.itertuples(index=False):
        text, codings = _interview(row, rng, null)
        texts[row.interview_id] = text
        case = row.case_id if isinstance(row.case_id, str) and row.case_id else f"bbox-{row.region}"
        per_coder = {"coder_a": codings}
        if row.interview_id in double:
            per_coder["coder_b"] = _second_coder(codings, text, rng)
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
    codes = refiqda.codes_from_paths(
        list(CODEBOOK), descriptions={path: v[0] for path, v in CODEBOOK.items()}
    )
    variables = plan[
        ["interview_id", "study", "case_id", "region", "actor_group", "language", "pcsw"]
    ].rename(columns={"interview_id": "source"})
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
