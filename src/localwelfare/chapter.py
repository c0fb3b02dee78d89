"""What every chapter shows besides its analysis: the synthetic-data notice and glued values.

Notebooks call these so that the notice and the parameter table look the same on every page.

The executive summaries and the brochure are written in English, Dutch and French, and quote
words the analyses choose (a region, a scale, a verdict, a direction). :func:`glue_word` glues
such a word three times, ``key`` (English), ``key_nl`` and ``key_fr``: a code of the data from
the data package's labels, another word from the project's fixed vocabulary
(:data:`VOCABULARY`); a word missing from both is an error, so a new word can never slip into a
Dutch or French page in English.

Examples
--------
>>> from localwelfare.chapter import direction, translate
>>> direction(0.31, 0.12, "higher", "lower", "the same")
'higher'
>>> translate("wallonia", "nl"), translate("recognised_refugee", "fr")
('Wallonië', 'réfugié reconnu')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

from localwelfare import data, findings
from localwelfare.errors import InputError

#: The languages of the summaries and the brochure, in the order of :data:`VOCABULARY`'s entries.
LANGUAGES = ("en", "nl", "fr")

#: The words of the project's prose that are not codes of the data: word as an analysis produces
#: it -> (English, Dutch, French). Words are looked up with underscores read as spaces. The codes
#: of the data (regions, legal statuses, actor groups, governance modes...) take their labels from
#: the data package (``categories`` of their fields, :func:`localwelfare.display.code_label`),
#: not from here; a word that is both (``moderate``) reads the same in both. Each translation is
#: the form the summaries' sentences need.
VOCABULARY: dict[str, tuple[str, str, str]] = {
    # scales of the newcomers' questionnaire (newcomer_interviews: scale)
    "accessibility": ("accessibility", "toegankelijkheid", "accessibilité"),
    "responsiveness": ("responsiveness", "responsiviteit", "réactivité"),
    "trust": ("trust", "vertrouwen", "confiance"),
    "fairness": ("fairness", "billijkheid", "équité"),
    "none of the scales": ("none of the scales", "geen enkele schaal", "aucune échelle"),
    # meta-inferences of the integration chapters (localwelfare.integration)
    "confirmation": ("confirmation", "bevestiging", "confirmation"),
    "expansion": ("expansion", "aanvulling", "expansion"),
    "discordance": ("discordance", "tegenstrijdigheid", "discordance"),
    "inconclusive": ("inconclusive", "onbeslist", "non concluant"),
    # verdicts of the claims table (localwelfare.findings)
    "supported": ("supported", "ondersteund", "confirmé"),
    "not supported": ("not supported", "niet ondersteund", "non confirmé"),
    "not tested": ("not tested", "niet getoetst", "non testé"),
    # practice items of the PCSW survey (pcsw_survey: title), the parts of the types' names
    "flexible proof of address": (
        "flexible proof of address",
        "soepel adresbewijs",
        "preuve d'adresse souple",
    ),
    "paid interpreters": ("paid interpreters", "betaalde tolken", "interprètes rémunérés"),
    "language condition in the integration project": (
        "language condition in the integration project",
        "taalvoorwaarde in het integratietraject",
        "condition linguistique dans le projet d'intégration",
    ),
    "extra conditions on the integration income": (
        "extra conditions on the integration income",
        "extra voorwaarden voor het leefloon",
        "conditions supplémentaires au revenu d'intégration",
    ),
    "extra material aid": (
        "extra material aid",
        "extra materiële hulp",
        "aide matérielle supplémentaire",
    ),
    "housing support": ("housing support", "woonondersteuning", "aide au logement"),
    "dedicated newcomer worker or team": (
        "dedicated newcomer worker or team",
        "eigen medewerker of team voor nieuwkomers",
        "travailleur ou équipe dédiés aux primo-arrivants",
    ),
    "referral to integration agencies": (
        "referral to integration agencies",
        "doorverwijzing naar integratiediensten",
        "orientation vers les services d'intégration",
    ),
    "diversity training": (
        "diversity training",
        "diversiteitsopleiding",
        "formation à la diversité",
    ),
    "cooperation with NGOs": (
        "cooperation with NGOs",
        "samenwerking met ngo's",
        "coopération avec des ONG",
    ),
    "generous use of discretion": (
        "generous use of discretion",
        "ruim gebruik van de discretionaire ruimte",
        "usage généreux du pouvoir discrétionnaire",
    ),
    "outreach to newcomers": (
        "outreach to newcomers",
        "outreachend werken naar nieuwkomers",
        "démarche proactive vers les primo-arrivants",
    ),
    "translated information": (
        "translated information",
        "vertaalde informatie",
        "information traduite",
    ),
    "budget guidance": ("budget guidance", "budgetbegeleiding", "guidance budgétaire"),
    "childcare support": (
        "childcare support",
        "steun voor kinderopvang",
        "aide à la garde d'enfants",
    ),
    "social employment": ("social employment", "sociale tewerkstelling", "mise à l'emploi sociale"),
    "medical card": ("medical card", "medische kaart", "carte médicale"),
    "home visits": ("home visits", "huisbezoeken", "visites à domicile"),
    "sanctions": ("sanctions", "sancties", "sanctions"),
    "own language support": (
        "own language support",
        "ondersteuning in de eigen taal",
        "soutien dans la langue d'origine",
    ),
    "no practice": ("no practice", "geen enkele praktijk", "aucune pratique"),
    # themes of the interviews' codebook (data/raw/interviews.qdpx: the first-level codes); the
    # English form is the codebook's name
    "access and thresholds": ("access and thresholds", "toegang en drempels", "accès et seuils"),
    "advocacy": ("advocacy", "belangenbehartiging", "plaidoyer"),
    "co-production": ("co-production", "coproductie", "coproduction"),
    "discretion": ("discretion", "discretionaire ruimte", "pouvoir discrétionnaire"),
    "fragmentation": ("fragmentation", "versnippering", "fragmentation"),
    "inclusion and exclusion practices": (
        "inclusion and exclusion practices",
        "in- en uitsluitingspraktijken",
        "pratiques d'inclusion et d'exclusion",
    ),
    "life domains": ("life domains", "levensdomeinen", "domaines de vie"),
    "network organisation": (
        "network organisation",
        "organisatie van het netwerk",
        "organisation du réseau",
    ),
    "network response": ("network response", "antwoord van het netwerk", "réponse du réseau"),
    "rationales": ("rationales", "beweegredenen", "justifications"),
    "rules and policy": ("rules and policy", "regels en beleid", "règles et politique"),
    "working conditions": ("working conditions", "werkomstandigheden", "conditions de travail"),
    # verdicts of the E-I test (network.mixing_verdict)
    "co-existence": ("co-existence", "coëxistentie", "coexistence"),
    "hybridisation": ("hybridisation", "hybridisering", "hybridation"),
    "no clear preference": (
        "no clear preference",
        "geen duidelijke voorkeur",
        "pas de préférence nette",
    ),
    # direction words: brokerage, differences, weighting, agreement
    "stronger": ("stronger", "sterker", "plus forte"),
    "weaker": ("weaker", "zwakker", "plus faible"),
    "equally strong": ("equally strong", "even sterk", "équivalente"),
    "not demonstrably stronger or weaker": (
        "not demonstrably stronger or weaker",
        "niet aantoonbaar sterker of zwakker",
        "ni plus forte ni plus faible de façon démontrée",
    ),
    "differ": ("differ", "verschillen", "diffèrent"),
    "do not differ significantly": (
        "do not differ significantly",
        "verschillen niet significant",
        "ne diffèrent pas significativement",
    ),
    "larger": ("larger", "groter", "plus grand"),
    "smaller": ("smaller", "kleiner", "plus petit"),
    "about as large": ("about as large", "ongeveer even groot", "à peu près aussi grand"),
    "strong": ("strong", "sterk", "forte"),
    "moderate": ("moderate", "matig", "modérée"),
    "weak": ("weak", "zwak", "faible"),
    # the basis of the types' shares (WP3)
    "weighted to all PCSWs": (
        "weighted to all PCSWs",
        "aandeel gewogen naar alle OCMW's",
        "part pondérée sur l'ensemble des CPAS",
    ),
    "unweighted model estimate": (
        "unweighted model estimate",
        "ongewogen aandeel volgens het model",
        "part non pondérée estimée par le modèle",
    ),
}

#: Words that read the same in every language: numbers, ranges and size classes ("18-24", "55+",
#: "<10k") and two-letter language codes ("nl").
NEUTRAL = re.compile(r"[<>=]*\d[\d.,+\-k ]*|[a-z]{2}")

SYNTHETIC_NOTICE = """:::{{admonition}} Synthetic data
:class: warning
The data on this page are **synthetic**: generated by `localwelfare.synthetic` (seed
{seed}) to follow the studies' designs, with planted effects. They show how the analysis works;
they are not findings about real networks, PCSWs or people. Run the notebook on real data of the
same shape (see *Data and reproducibility*) to obtain findings.
:::
"""


#: The label of the full notice in the book (book/preface.md), which the chapters' banner links to.
SYNTHETIC_LABEL = "synthetic-data"

#: The one-line banner a chapter shows instead of the full notice.
SYNTHETIC_BANNER = f""":::{{container}} lw-synthetic-banner
**Synthetic data:** these results show how the analysis works, not findings about real networks,
PCSWs or people. {{ref}}`More about these data <{SYNTHETIC_LABEL}>`
:::
"""


def synthetic_notice(data_dir: str | os.PathLike | None = None, full: bool = False):
    """Return the synthetic-data notice (as Markdown) when the data are synthetic.

    A chapter of the book shows a one-line banner (:data:`SYNTHETIC_BANNER`) that links to the
    full notice on the preface (label :data:`SYNTHETIC_LABEL`); ``full=True`` returns the full
    admonition, with the generator's seed, for a document of its own (the short report), where
    there is no preface to link to. Returns ``None`` for a data package that does not declare
    ``"synthetic": true``, so a chapter re-run on real data shows no notice.
    """
    from IPython.display import Markdown

    from localwelfare.synthetic import DEFAULT_SEED

    if not data.is_synthetic(data_dir):
        return None
    if not full:
        return Markdown(SYNTHETIC_BANNER)
    seed = data.descriptor(data_dir).get("seed", DEFAULT_SEED)
    return Markdown(SYNTHETIC_NOTICE.format(seed=seed))


def direction(value: float, reference: float, above: str, below: str, equal: str, tol=0.0) -> str:
    """Return the word that states how ``value`` compares with ``reference``.

    Prose takes its direction words from the analysis, so a re-run on other data never leaves a
    false sentence.
    """
    if value > reference + tol:
        return above
    if value < reference - tol:
        return below
    return equal


def glue_all(values: dict) -> None:
    """Glue every ``key: value`` pair (not displayed), for ``{glue:text}`` in the prose."""
    from myst_nb import glue

    for key, value in values.items():
        glue(key, value, display=False)


def translate(word: str, language: str) -> str:
    """Return ``word`` in ``language`` (``en``, ``nl``, ``fr``): a word of the project's fixed
    vocabulary (:data:`VOCABULARY`), else a code of the data labelled by the data package.

    Raises :class:`~localwelfare.errors.InputError` for a word missing from both (add it, with
    its Dutch and French forms) or an unknown language.

    Examples
    --------
    >>> translate("co-existence", "fr")
    'coexistence'
    >>> translate("25-34", "nl")
    '25-34'
    """
    from localwelfare import display

    if language not in LANGUAGES:
        raise InputError(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
    text = str(word).replace("_", " ")
    if text in VOCABULARY:
        return VOCABULARY[text][LANGUAGES.index(language)]
    for code in dict.fromkeys([str(word), text.replace(" ", "_")]):
        label = display.code_label(code, language)
        if label is not None:
            return label
    if NEUTRAL.fullmatch(text):
        return text
    raise InputError(
        f"word {text!r} is not in localwelfare.chapter.VOCABULARY nor a code the data package "
        "labels: add it with its English, Dutch and French forms (a code of the data to the "
        "categories of its field), so that the summaries never show it untranslated"
    )


def glue_word(
    key: str, word: str | Sequence[str], empty: str | None = None, sep: str = ", "
) -> dict[str, str]:
    """Glue ``word`` under ``key`` (English), ``key_nl`` (Dutch) and ``key_fr`` (French).

    ``word`` is one word of :data:`VOCABULARY` or a sequence of them, joined with ``sep``; an
    empty sequence glues the vocabulary word ``empty`` instead (e.g. ``"none of the scales"``),
    which must then be given. Returns the glued values.

    Examples
    --------
    >>> glue_word("top_region", "wallonia")
    {'top_region': 'Wallonia', 'top_region_nl': 'Wallonië', 'top_region_fr': 'Wallonie'}
    """
    words = [word] if isinstance(word, str) else list(word)
    if not words and empty is None:
        raise InputError(f"glue_word({key!r}): no word to glue and no `empty` word given")
    glued = {}
    for language in LANGUAGES:
        text = sep.join(translate(w, language) for w in words) if words else None
        name = key if language == "en" else f"{key}_{language}"
        glued[name] = text if text is not None else translate(empty, language)
    glue_all(glued)
    return glued


def number_text(value: float, fmt: str, language: str = "en") -> str:
    """``value`` formatted with ``fmt`` (``".2f"``, ``".0%"``) as ``language`` writes numbers:
    a decimal comma in Dutch and French, and in French a (no-break) space before ``%``; a dash
    for a missing value.

    Examples
    --------
    >>> number_text(0.1, ".2f", "nl"), number_text(-0.49, ".2f", "fr")
    ('0,10', '-0,49')
    >>> number_text(0.485, ".0%", "nl"), number_text(0.485, ".0%", "fr").replace("\\xa0", " ")
    ('48%', '48 %')
    """
    if language not in LANGUAGES:
        raise InputError(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
    if value is None or value != value:  # missing or NaN
        return "—"
    text = format(value, fmt)
    if language == "en":
        return text
    text = text.replace(".", ",")
    if language == "fr" and text.endswith("%"):
        text = text[:-1] + "\xa0%"
    return text


def glue_localised(key: str, value: float, fmt: str) -> dict[str, str]:
    """Glue the number ``value`` as Dutch and French text (:func:`number_text` with ``fmt``)
    under ``key_nl`` and ``key_fr``, for the Dutch and French pages; the number itself is glued
    under ``key`` (:func:`glue_all`), where English pages give its format. Returns the glued
    texts.

    Examples
    --------
    >>> glue_localised("density_min", 0.0812, ".2f")
    {'density_min_nl': '0,08', 'density_min_fr': '0,08'}
    """
    glued = {f"{key}_{language}": number_text(value, fmt, language) for language in ("nl", "fr")}
    glue_all(glued)
    return glued


def claim_key(claim_id: str) -> str:
    """The glue key prefix of a claim: ``claim_`` and its id with dashes as underscores."""
    return "claim_" + claim_id.replace("-", "_")


def glue_findings(claims, notes: list[str] | None = None) -> None:
    """Glue a chapter's Findings and Limitations, and each claim's verdict and evidence.

    ``findings_md`` and ``limitations_md`` are Markdown (``{glue:md}``) drawn from the claims
    table only (:func:`localwelfare.findings.findings_markdown`); ``notes`` are the limitations
    the chapter computes from its data. For every claim, ``claim_<id>_verdict`` (supported, not
    supported, not tested) and ``claim_<id>_evidence`` are glued in English, Dutch and French
    (``_nl``, ``_fr``), for the summaries.
    """
    from IPython.display import Markdown
    from myst_nb import glue

    from localwelfare import findings

    glue("findings_md", Markdown(findings.findings_markdown(claims)), display=False)
    glue("limitations_md", Markdown(findings.limitations_markdown(claims, notes)), display=False)
    for row in claims.to_dict("records"):
        key = claim_key(row["claim_id"])
        verdict = (
            "not tested"
            if findings.pd.isna(row["supported"])
            else ("supported" if row["supported"] else "not supported")
        )
        glue_word(f"{key}_verdict", verdict)
        for language in LANGUAGES:
            suffix = "" if language == "en" else f"_{language}"
            glue(f"{key}_evidence{suffix}", findings.evidence_text(row, language), display=False)
    glue_recommendations(claims)


def claim_word(claims, claim_id: str, yes: str, no: str) -> str:
    """Return ``yes`` when the claim ``claim_id`` is supported, else ``no`` (also when it is
    missing or untested): the only way a chapter chooses a word that states a finding."""
    from localwelfare import findings

    row = claims.loc[claims["claim_id"] == claim_id, "supported"]
    return yes if len(row) and findings.is_supported(row.iloc[0]) else no


#: Sectors of the network data (organisations: sector) in the plural, as the summaries name them:
#: English, Dutch, French (the data package labels each sector in the singular).
SECTOR_NAMES: dict[str, tuple[str, str, str]] = {
    "pcsw": ("PCSWs", "OCMW's", "CPAS"),
    "local_social_centre": (
        "local social centres",
        "lokale sociale centra",
        "centres sociaux locaux",
    ),
    "network_administration": (
        "coordination offices",
        "coördinatiebureaus",
        "bureaux de coordination",
    ),
    "child_care": (
        "child-care services",
        "kinderopvangdiensten",
        "services d'accueil de l'enfance",
    ),
    "family_support": (
        "family-support services",
        "gezinsondersteunende diensten",
        "services d'aide aux familles",
    ),
    "education": ("schools", "scholen", "écoles"),
    "health": ("health services", "gezondheidsdiensten", "services de santé"),
    "housing": ("housing services", "huisvestingsdiensten", "services du logement"),
    "employment": ("employment services", "arbeidsbemiddelingsdiensten", "services de l'emploi"),
    "integration": ("integration services", "integratiediensten", "services d'intégration"),
    "ngo": ("NGOs", "ngo's", "ONG"),
    "neighbourhood_team": ("neighbourhood teams", "buurtteams", "équipes de quartier"),
    "volunteer_group": ("volunteer groups", "vrijwilligersgroepen", "groupes de bénévoles"),
    "residents_association": (
        "residents' associations",
        "bewonersverenigingen",
        "associations d'habitants",
    ),
    "social_enterprise": ("social enterprises", "sociale ondernemingen", "entreprises sociales"),
    "experts_by_experience": ("experts by experience", "ervaringsdeskundigen", "experts du vécu"),
}


def claims_text(claims, claim_ids: Iterable[str], otherwise: str = "") -> str:
    """Return the sentences (:func:`findings.claim_sentence`) of the listed claims that the
    table holds, in the order given, or ``otherwise`` when it holds none of them."""
    by_id = claims.set_index("claim_id")
    sentences = [
        findings.claim_sentence(by_id.loc[c].to_dict() | {"claim_id": c})
        for c in claim_ids
        if c in by_id.index
    ]
    return " ".join(sentences) if sentences else otherwise


def governance_reading(profile, reach=None) -> str:
    """Return the sentence that reads one network's declared governance mode against its
    structure (``profile``: a row of :func:`network.governance_profile`, ``top_node`` given
    by its label), and, where they disagree and ``reach`` (:func:`network.reach_by_group` of
    the most central organisation over ``formal``) shows it, why."""
    declared = str(profile["declared_mode"]).replace("_", " ")
    structural = str(profile["structural_mode"]).replace("_", " ")
    if profile["agrees"]:
        return f"Its structure reads as {structural}, as declared."
    text = (
        f"Its structure reads as {structural}, not as the declared {declared}: the most "
        f"central organisation, {profile['top_node']}, is tied to "
        f"{profile['top_share']:.0%} of the others."
    )
    if reach is not None and set(reach["group"]) == {"True", "False"}:
        share = reach.set_index("group")["share"]
        if share["True"] > share["False"]:
            text += (
                f" It reaches {share['True']:.0%} of the other professionals but "
                f"{share['False']:.0%} of the informal actors: it leads the formal side, while "
                "the informal actors work mostly among themselves, so the declared mode "
                "describes the professionals' network rather than the whole."
            )
    return text


def glue_sector(key: str, sector: str) -> dict[str, str]:
    """Glue the plural name of ``sector`` under ``key``, ``key_nl`` and ``key_fr``."""
    if sector not in SECTOR_NAMES:
        raise InputError(f"sector {sector!r} has no name in localwelfare.chapter.SECTOR_NAMES")
    glued = {
        (key if lang == "en" else f"{key}_{lang}"): SECTOR_NAMES[sector][i]
        for i, lang in enumerate(LANGUAGES)
    }
    glue_all(glued)
    return glued


def network_study_text(study: str, networks) -> str:
    """Return what a network chapter covers, counted from the ``networks`` table of the study."""
    nets = networks[networks["study"] == study]
    if study == "inch":
        by_region = nets["region"].astype(str).value_counts()
        parts = [
            f"{by_region.get(r, 0)} in {translate(r, 'en')}"
            for r in ("flanders", "wallonia", "brussels")
            if by_region.get(r, 0)
        ]
        return f"the {len(nets)} INCh networks against child poverty ({', '.join(parts)})"
    if study == "antwerp":
        return "the Antwerp neighbourhood network around its local social centres"
    if study == "zurich":
        return (
            "the Zurich neighbourhood network around the city's social centres, the comparison "
            "case of the Antwerp study"
        )
    if study == "oud-noord":
        return (
            "the Oud Noord (Amsterdam) network of neighbourhood-team professionals and informal "
            "actors"
        )
    return f"the networks of the study {study}"


#: The opening of each study's qualitative chapter: what its interviews are about and for.
QUALITATIVE_INTROS: dict[str, str] = {
    "inch": (
        "How do policy makers, social workers and families in poverty experience the local "
        "networks against child poverty? This chapter reads the INCh case-study interviews: what "
        "each group raises about how the network is organised, about access to help and the "
        "practices that include or exclude families, and about trust and being heard."
    ),
    "antwerp": (
        "What are the working conditions of the social workers of the Antwerp neighbourhood, how "
        "do they see the assistance they give and the network around them, and how do their "
        "clients perceive the local social centres? This chapter reads the interviews with both."
    ),
    "oud-noord": (
        "Do the neighbourhood-team professionals and the informal actors of Amsterdam's Oud "
        "Noord work as one (hybridisation) or side by side (co-existence)? This chapter reads "
        "their interviews: what each side says about the other, about residents' trust in the "
        "formal domain, and about the informal actors as residents' advocates."
    ),
    "bbox-pcsw": (
        "Which factors and rationales lie behind the choices social workers make about "
        "newcomers, and how does the management see them? This chapter reads the interviews with "
        "social workers and managers of the PCSW case studies, the PCSWs where newcomers were "
        "interviewed: discretion and room for manoeuvre, rules, deservingness, language, trust, "
        "and the rationales behind granting benefits and integration measures."
    ),
    "bbox": (
        "How do newly arrived migrants experience the PCSW? This chapter reads the BBOX "
        "interviews with newcomers: access, language, discretion and trust."
    ),
}
QUALITATIVE_METHOD = (
    "The interviews are read from a REFI-QDA project, the exchange format of NVivo, ATLAS.ti, "
    "MAXQDA and QualCoder, so the same chapter runs on a project exported from any of these "
    "tools: which themes each group raises (code matrices), which themes go together "
    "(co-occurrence), what the cells of the framework matrix say in the interviewees' own words "
    "(de-identified quotes), and how consistently two coders applied the codebook."
)


def qualitative_intro(study: str) -> str:
    """Return the opening paragraphs of a qualitative chapter for ``study`` (Markdown)."""
    return f"{QUALITATIVE_INTROS.get(study, '')}\n\n{QUALITATIVE_METHOD}".strip()


def counted(n, singular: str, plural: str | None = None) -> str:
    """Return ``n`` with the noun that agrees with it: ``"1 interview"``, ``"3 interviews"``; a
    published small count such as ``"<5"`` takes the plural.

    Examples
    --------
    >>> counted(1, "interview"), counted(0, "interview"), counted("<5", "family", "families")
    ('1 interview', '0 interviews', '<5 families')
    """
    plural = plural or f"{singular}s"
    return f"{n} {singular if str(n) == '1' else plural}"


def as_sentences(texts: Iterable[str]) -> str:
    """Join ``texts`` as sentences, each ending with a full stop."""
    return " ".join(f"{str(t).rstrip('.')}." for t in texts)


#: How a theme comparison's statement begins (:func:`localwelfare.findings.theme_claims`).
THEME_STATEMENT = "How often interviews speak of "


def claim_subject(row) -> str:
    """Return what a comparison claim is about: the theme or code of a theme comparison
    (``How often interviews speak of <theme> differs by ...``), the scale of a scale comparison
    (claim id ``<scale>-by-<group>``).

    Examples
    --------
    >>> claim_subject({"claim_id": "trust-by-region", "statement": "Trust differs by region"})
    'trust'
    >>> claim_subject({"claim_id": "theme-trust",
    ...                "statement": "How often interviews speak of trust differs by actor group"})
    'trust'
    """
    statement = str(row["statement"])
    if statement.startswith(THEME_STATEMENT):
        return statement.removeprefix(THEME_STATEMENT).split(" differs")[0]
    return str(row["claim_id"]).split("-by-")[0]


def supported_subjects(claims) -> list[str]:
    """Return :func:`claim_subject` of each supported claim of ``claims``, in their order."""
    return [
        claim_subject(row)
        for row in claims.to_dict("records")
        if findings.is_supported(row["supported"])
    ]


def theme_test_sentence(measure: str, permutations: int | None = None) -> str:
    """Return how a qualitative chapter compares the groups on a theme, for the study's
    ``measure`` (:data:`localwelfare.findings.MEASURES`; :func:`localwelfare.findings.theme_claims`
    computes both): presence per interview with a chi-square or exact test and Cramér's V, or
    each interview's share of segments with a permutation test and the difference of mean shares.

    Examples
    --------
    >>> "shuffled 9,999 times" in theme_test_sentence("share", 9999)
    True
    >>> "Cramér's V" in theme_test_sentence("presence")
    True
    """
    from localwelfare import stats

    if measure == "share":
        n = permutations or stats.N_RESAMPLES
        return (
            "For each theme, the share of each interview's coded segments that concern it is "
            "compared across the groups, with interviews as units: a permutation test (the "
            f"interviews' group labels shuffled {n:,} times), with the difference between the "
            "groups' mean shares and its bootstrap interval as effect size (with more than two "
            "groups, Kruskal-Wallis H and its eta squared). With so few interviews per group, "
            "whether an interview mentions a theme at all says little, since most interviews "
            "touch most themes; the share keeps how much of what each interviewee says concerns "
            "the theme."
        )
    return (
        "For each theme, the share of interviews mentioning it is compared across the groups, "
        "with interviews as units: Pearson's chi-square test where the expected counts meet "
        f"Cochran's rule (none below 1, at most {stats.MAX_SMALL_SHARE:.0%} below "
        f"{stats.MIN_EXPECTED:g}), Fisher's exact test or a Monte Carlo exact test where they do "
        "not. Cramér's V measures the strength of the association, with a bootstrap interval."
    )


def theme_differences_sentence(claims) -> str:
    """Return the sentence on which themes' mention differs between the groups, from the theme
    claims of a qualitative chapter: each supported theme with the group that mentions it most
    and its adjusted p, or the sentence that none differs (or that nothing could be tested)."""
    tested = claims[claims["supported"].notna()]
    if tested.empty:
        return "The counts allow no test of a difference between the groups."
    parts = []
    for row in tested.to_dict("records"):
        if not findings.is_supported(row["supported"]):
            continue
        detail = str(row["claim"])[len(str(row["statement"])) :].strip(" ()")
        p = row["p_adjusted"]
        p_part = "adjusted p < 0.001" if p < 0.001 else f"adjusted p = {p:.3f}"
        parts.append(f"{claim_subject(row)} ({', '.join(x for x in (detail, p_part) if x)})")
    if not parts:
        return "After adjustment, the data show no theme whose mention differs between the groups."
    return f"After adjustment, the groups differ on {'; '.join(parts)}."


def coder_name(coder: str) -> str:
    """Return a coder's user name (REFI-QDA) as a sentence names a person: words for
    underscores, a closing single letter in capitals.

    >>> coder_name("coder_a"), coder_name("mvdb")
    ('coder A', 'mvdb')
    """
    words = str(coder).replace("_", " ").split(" ")
    if len(words) > 1 and len(words[-1]) == 1:
        words[-1] = words[-1].upper()
    return " ".join(words)


def agreement_sentence(
    summary: dict | None, n_double: int, coder: str, second_coder: str, small_cell: int = 5
) -> str:
    """Return the paragraph on inter-coder agreement of a qualitative chapter: how many
    interviews both coders coded (a published count, see
    :func:`localwelfare.privacy.small_count`), the pooled agreement on characters against the
    common benchmark of 0.8, and the code where Cohen's kappa is lowest read on Landis and Koch's
    (1977) scale. ``summary`` is :func:`localwelfare.qualitative.agreement_summary` (None when no
    interview was coded twice)."""
    from localwelfare import privacy

    if not n_double or summary is None:
        return (
            f"No interview of this selection was coded by both {coder_name(coder)} and "
            f"{coder_name(second_coder)}: "
            "agreement cannot be computed."
        )
    n = counted(privacy.small_count(n_double, small_cell), "interview")
    benchmark = direction(summary["kappa"], 0.8, "above", "below", "at")
    lowest = summary["lowest_kappa"]
    if lowest < 0.6:  # Landis & Koch (1977): 0.41-0.60 moderate, below that fair or worse
        reading = ": a code whose definition the team may need to sharpen"
    elif lowest <= 0.8:
        reading = ", still in the range Landis and Koch call substantial"
    else:
        reading = ", still in the range Landis and Koch call almost perfect"
    return (
        f"Both {coder_name(coder)} and {coder_name(second_coder)} coded {n} of this selection. "
        "On characters (as NVivo's "
        f"coding comparison), pooled over themes, they agree on "
        f"{summary['percent_agreement']:.1f} % of the characters, Cohen's kappa "
        f"{summary['kappa']:.2f} and Krippendorff's alpha {summary['alpha']:.2f}, {benchmark} the "
        f"common benchmark of 0.8. Agreement is lowest for {summary['lowest_code']} (Cohen's "
        f"kappa {lowest:.2f}){reading}. The table also gives agreement on segments (units: "
        "stretches coded by either coder)."
    )


def quotes_markdown(quotes, by: str) -> str:
    """Return quotes (:func:`localwelfare.qualitative.leading_quotes`) as Markdown: per code and
    group a bold heading, then each quote as a block quote with its speaker's pseudonym."""
    from localwelfare import display

    lines = []
    for (code, group), frame in quotes.groupby(["code", by]):
        lines.append(f"**{display.value_label(str(group))}: {code}**\n")
        lines.extend(f"> {row.quote} ({row.speaker})\n" for row in frame.itertuples())
    return "\n".join(lines)


def qualitative_limitations(sizes, n_double: int, small_cell: int = 5) -> list[str]:
    """Return the limitations a qualitative chapter computes from its selection: the smallest
    group (``sizes``: interviews per group, a Series) and, with fewer than 5 double-coded
    interviews, the imprecision of the agreement."""
    from localwelfare import display, privacy

    notes = [
        f"The smallest group ({display.value_label(str(sizes.idxmin()))}) has "
        f"{counted(privacy.small_count(int(sizes.min()), small_cell), 'interview')}; a theme's "
        "comparison can only detect large differences in how often it is mentioned."
    ]
    if n_double < 5:
        n = counted(privacy.small_count(n_double, small_cell), "double-coded interview")
        notes.append(
            f"Inter-coder agreement rests on {n} of this selection, too few for a precise estimate."
        )
    return notes


#: How a reliability analysis treats missing and "don't know" answers, in words.
NAN_POLICIES = {
    "pairwise": "pairwise (each covariance from every respondent who answered both items)",
    "listwise": "listwise (only respondents who answered every item of the scale)",
}


def hidden_groups_note(n_hidden: int, group_label: str, small_cell: int = 5) -> str:
    """Return the note under a chart by group: how many groups were left out as too small, or
    that every group is shown."""
    if n_hidden:
        return (
            f"Groups with fewer than {small_cell} respondents are not shown ({n_hidden} left out)."
        )
    return f"Every {group_label} has at least {small_cell} respondents."


def withheld_cross_table(row_label: str, column_label: str, small_cell: int = 5) -> str:
    """Return the note that stands in for a cross-table withheld by the small-cell rule."""
    return (
        f"(The cross-table of {row_label} and {column_label} is not shown: some cells hold fewer "
        f"than {small_cell} respondents.)"
    )


def glue_scale_differences(key: str, claims, means) -> None:
    """Glue ``<key>_differ`` (the scales whose claims are supported, in three languages, see
    :func:`glue_word`) and ``<key>_top_sentence`` (:func:`glue_top_difference`: the supported
    difference with the largest estimate, with the group means of its scale). ``claims`` are the
    scale comparisons of one grouping variable (ids ``<scale>-by-<group>``); ``means`` its
    :func:`localwelfare.perceptions.group_mean_intervals`."""
    supported = claims[claims["supported"].fillna(False).astype(bool)]
    glue_word(f"{key}_differ", supported_subjects(claims), empty="none of the scales")
    if supported.empty:
        glue_top_difference(f"{key}_top_sentence", None)
        return
    top = supported.loc[supported["estimate"].idxmax()]
    by_group = means[means["scale"] == claim_subject(top)].set_index("group")["mean"]
    glue_top_difference(f"{key}_top_sentence", top.to_dict(), by_group)


def perception_limitations(
    detectable,
    labels: dict,
    groups: Sequence[str],
    n_typed: int,
    n_pcsws: int,
    planted_power=None,
) -> list[str]:
    """Return the limitations the newcomers' chapter computes from its data: per grouping
    variable the difference its smallest group can detect (``detectable``:
    :func:`localwelfare.perceptions.detectable_differences`), what the adjustment of the two
    ``groups`` for each other leaves out, how few PCSWs carry the comparison by type and, on
    synthetic data with planted effects, the power to find each planted difference
    (``planted_power``: :func:`localwelfare.perceptions.planted_power`)."""
    notes = [
        f"By {labels.get(row['variable'], row['variable'])}, the smallest group has "
        f"{counted(row['n_smallest'], 'scored respondent')}: with {row['n_groups']} groups of "
        f"that size a difference of {row['standardised_difference']:.2f} standard deviations "
        "between the most different groups is the smallest a test detects with 80 % power."
        for row in detectable.to_dict("records")
    ]
    first, second = (labels.get(g, g) for g in groups)
    notes.append(
        f"{first.capitalize()} and {second} are adjusted for each other, not for other "
        "differences between the respondents; with small groups the adjusted differences are "
        "uncertain, as their intervals show."
    )
    notes.append(
        f"{n_typed} of the {n_pcsws} PCSWs of the newcomers answered the survey and have a "
        "practice type; the newcomers of the others are left out of the comparison by type, and "
        "each type rests on a few PCSWs."
    )
    if planted_power is not None and len(planted_power):
        powers = "; ".join(
            f"{row['scale']} by {labels.get(row['group'], row['group'])}, "
            f"{row['d']:.2f} standard deviations: power {row['power']:.0%}"
            for row in planted_power.to_dict("records")
        )
        notes.append(
            "These synthetic data carry planted differences between the most different groups. "
            "With the design's smallest groups, a test detects them with the following power: "
            f"{powers}. These are upper bounds: the answers are cut into five categories before "
            "they are scored, and Holm's adjustment over the scales lowers the power further. A "
            "planted difference with low power may well go unfound."
        )
    return notes


def share_range_text(low: float, high: float, what: str) -> str:
    """``"Between 60% and 85% of <what>"``, or ``"83% of <what>"`` when the two are equal."""
    if f"{low:.0%}" == f"{high:.0%}":
        return f"{low:.0%} of {what}"
    return f"Between {low:.0%} and {high:.0%} of {what}"


#: The sentence on the largest supported difference between groups on a scale, per language. In
#: Dutch and French the groups are listed after a colon, so that a label reads without the
#: article a sentence would need ("la Wallonie", "les réfugiés reconnus").
TOP_DIFFERENCE = {
    "en": (
        "The largest of these differences is on {scale} ({evidence}): the mean score is highest "
        "for {high} ({high_mean}) and lowest for {low} ({low_mean}) on the scale of 1 to 5.",
        "The data show no difference on any scale at this level.",
    ),
    "nl": (
        "Het grootste verschil betreft {scale} ({evidence}). Gemiddelde score op een schaal van 1 "
        "tot 5: hoogste {high} ({high_mean}), laagste {low} ({low_mean}).",
        "De gegevens tonen op dit significantieniveau op geen enkele schaal een verschil.",
    ),
    "fr": (
        "La plus grande de ces différences porte sur {scale} ({evidence}). Score moyen sur une "
        "échelle de 1 à 5 : le plus élevé, {high} ({high_mean}) ; le plus bas, {low} ({low_mean}).",
        "Les données ne montrent de différence sur aucune échelle à ce seuil de signification.",
    ),
}
#: The scales of the newcomers' questionnaire with their article, as :data:`TOP_DIFFERENCE`'s
#: sentences name them (English needs none).
SCALES_WITH_ARTICLE = {
    "accessibility": ("accessibility", "de toegankelijkheid", "l'accessibilité"),
    "responsiveness": ("responsiveness", "de responsiviteit", "la réactivité"),
    "trust": ("trust", "het vertrouwen", "la confiance"),
    "fairness": ("fairness", "de billijkheid", "l'équité"),
}


def glue_top_difference(key: str, claim: dict | None, means=None) -> None:
    """Glue ``key`` (and ``key_nl``, ``key_fr``): the sentence on the largest supported difference
    (``claim``: a row of the claims table; ``means``: the group means of its scale, a Series), or
    the sentence that there is none when ``claim`` is None."""
    from localwelfare import findings

    for language in LANGUAGES:
        name = key if language == "en" else f"{key}_{language}"
        found, none = TOP_DIFFERENCE[language]
        if claim is None:
            glue_all({name: none})
            continue
        scale = claim["claim_id"].split("-by-")[0]

        def num(value, language=language):
            text = f"{value:.2f}"
            return text if language == "en" else text.replace(".", ",")

        glue_all(
            {
                name: found.format(
                    scale=SCALES_WITH_ARTICLE[scale][LANGUAGES.index(language)]
                    if scale in SCALES_WITH_ARTICLE
                    else translate(scale, language),
                    evidence=findings.evidence_text(claim, language),
                    high=translate(means.idxmax(), language),
                    high_mean=num(means.max()),
                    low=translate(means.idxmin(), language),
                    low_mean=num(means.min()),
                )
            }
        )


#: The discussion's and the policy briefs' recommendations, each with the claim it rests on:
#: run -> list of (glue key, claim id, the direction the claim must show or None, the
#: recommendation in English, Dutch and French). A recommendation is printed only when its claim
#: is supported (with that direction); otherwise the page says that the data of this edition give
#: it no ground.
RECOMMENDATIONS: dict[str, list[tuple[str, str, str | None, dict[str, str]]]] = {
    "wp1-inch": [
        (
            "recommend_brokers",
            "focal-betweenness",
            "higher",
            {
                "en": "Where one type of organisation holds the network together, its "
                "coordinating work should be recognised in its mandate and funding, and networks "
                "should plan for what happens when that organisation withdraws.",
                "nl": "Waar één soort organisatie het netwerk bijeenhoudt, verdient haar "
                "coördinerende werk een plaats in haar opdracht en financiering, en plant het "
                "netwerk wat er gebeurt als die organisatie wegvalt.",
                "fr": "Là où un type d'organisation tient le réseau ensemble, son travail de "
                "coordination doit être reconnu dans sa mission et son financement, et le réseau "
                "doit prévoir ce qui se passe si cette organisation se retire.",
            },
        ),
    ],
    "wp2-inch": [
        (
            "recommend_thresholds",
            "theme-access-and-thresholds",
            "family_in_poverty",
            {
                "en": "Networks should review their intake routes with the families who use "
                "them, since families speak of access and thresholds more often than the "
                "professionals do.",
                "nl": "Netwerken herbekijken hun toegangswegen best samen met de gezinnen die ze "
                "gebruiken, want gezinnen spreken vaker over toegang en drempels dan de "
                "professionals.",
                "fr": "Les réseaux devraient revoir leurs voies d'accès avec les familles qui les "
                "empruntent, car les familles parlent plus souvent d'accès et de seuils que les "
                "professionnels.",
            },
        ),
    ],
    "wp1-antwerp": [
        (
            "recommend_centres",
            "focal-betweenness",
            "more",
            {
                "en": "The local social centres hold the neighbourhood's network together: the "
                "welfare meetings that link them deserve time and staff, and a partner of one "
                "centre should be introduced to the others.",
                "nl": "De lokale sociale centra houden het netwerk van de wijk bijeen: het "
                "welzijnsoverleg dat hen verbindt, verdient tijd en personeel, en een partner van "
                "één centrum wordt best ook aan de andere voorgesteld.",
                "fr": "Les centres sociaux locaux tiennent ensemble le réseau du quartier : la "
                "concertation sociale qui les relie mérite du temps et du personnel, et un "
                "partenaire d'un centre devrait être présenté aux autres.",
            },
        ),
    ],
    "wp2-antwerp": [
        (
            "recommend_workload",
            "theme-working-conditions",
            "social_worker",
            {
                "en": "Social workers speak of their working conditions more often than anyone "
                "else: the centres' management should measure caseloads and time pressure and "
                "act on them, not only hear of them.",
                "nl": "Maatschappelijk werkers spreken vaker dan wie ook over hun "
                "werkomstandigheden: het management van de centra meet best de caseload en de "
                "tijdsdruk en treedt ertegen op, in plaats van er alleen over te horen.",
                "fr": "Les travailleurs sociaux parlent de leurs conditions de travail plus "
                "souvent que quiconque : la direction des centres devrait mesurer la charge de "
                "dossiers et la pression du temps et agir, pas seulement en entendre parler.",
            },
        ),
    ],
    "wp1-oud-noord": [
        (
            "recommend_mixing",
            "mixing",
            "co-existence",
            {
                "en": "Where the two worlds co-exist rather than mix, neighbourhood teams can "
                "create shared occasions (joint case discussions, shared premises) and name "
                "contact persons on both sides.",
                "nl": "Waar de twee werelden naast elkaar bestaan in plaats van zich te mengen, "
                "kunnen wijkteams gedeelde gelegenheden scheppen (gezamenlijke casusbesprekingen, "
                "gedeelde ruimtes) en aan beide kanten contactpersonen aanwijzen.",
                "fr": "Là où les deux mondes coexistent sans se mêler, les équipes de quartier "
                "peuvent créer des occasions communes (discussions de cas conjointes, locaux "
                "partagés) et désigner des personnes de contact des deux côtés.",
            },
        ),
    ],
    "wp3-typology": [
        (
            "recommend_standards",
            "types-by-region",
            None,
            {
                "en": "Since the practice types differ by region, federal and regional "
                "governments should agree on common minimum standards (interpreting, translated "
                "information, proof of address, the conditions attached to the integration "
                "income), and the regional integration policies are the first place to look.",
                "nl": "Omdat de praktijktypes per gewest verschillen, spreken de federale en "
                "regionale overheden best gemeenschappelijke minimumnormen af (tolken, vertaalde "
                "informatie, bewijs van verblijfplaats, de voorwaarden bij het leefloon), en is "
                "het regionale integratiebeleid de eerste plaats om te kijken.",
                "fr": "Puisque les types de pratique diffèrent selon la région, les autorités "
                "fédérales et régionales devraient convenir de normes minimales communes "
                "(interprétariat, information traduite, preuve d'adresse, conditions liées au "
                "revenu d'intégration), et les politiques régionales d'intégration sont le "
                "premier endroit où regarder.",
            },
        ),
    ],
    "wp4-newcomers": [
        (
            "recommend_monitoring",
            "accessibility-by-region",
            None,
            {
                "en": "PCSWs should monitor how newcomers in different regions experience access "
                "to the PCSW, and the regions where access is rated lowest should learn from "
                "those where it is rated highest.",
                "nl": "OCMW's volgen best op hoe nieuwkomers in de verschillende gewesten de "
                "toegang tot het OCMW ervaren, en de gewesten waar de toegang het laagst wordt "
                "beoordeeld, leren van die waar ze het hoogst wordt beoordeeld.",
                "fr": "Les CPAS devraient suivre la manière dont les primo-arrivants des "
                "différentes régions vivent l'accès au CPAS, et les régions où l'accès est le "
                "moins bien noté devraient s'inspirer de celles où il l'est le mieux.",
            },
        ),
        (
            "recommend_status",
            "trust-by-legal_status",
            None,
            {
                "en": "PCSWs should look at why trust differs between newcomers of different "
                "legal status, and explain rights and obligations in ways that do not depend on "
                "it.",
                "nl": "OCMW's gaan best na waarom het vertrouwen verschilt tussen nieuwkomers met "
                "een verschillend verblijfsstatuut, en leggen rechten en plichten uit op een "
                "manier die daar niet van afhangt.",
                "fr": "Les CPAS devraient examiner pourquoi la confiance diffère entre "
                "primo-arrivants de statuts de séjour différents, et expliquer droits et "
                "obligations d'une manière qui n'en dépend pas.",
            },
        ),
    ],
}
NO_GROUND = {
    "en": "No recommendation follows here: the finding it would rest on is not supported by the "
    "data of this edition ({evidence}).",
    "nl": "Hier volgt geen aanbeveling: de bevinding waarop ze zou steunen, wordt door de "
    "gegevens van deze editie niet ondersteund ({evidence}).",
    "fr": "Aucune recommandation ne suit ici : le constat sur lequel elle reposerait n'est pas "
    "étayé par les données de cette édition ({evidence}).",
}
NOT_EVALUATED = {
    "en": "the claim was not evaluated",
    "nl": "de bewering werd niet geëvalueerd",
    "fr": "l'affirmation n'a pas été évaluée",
}


def recommendation_texts(claims) -> dict[str, str]:
    """The recommendations of the runs of ``claims`` (see :data:`RECOMMENDATIONS`): glue key
    (English), ``_nl`` and ``_fr`` -> the recommendation when its claim is supported, otherwise
    the sentence that says it has no ground."""
    from localwelfare import findings

    texts = {}
    for run, part in claims.groupby("run", sort=False) if len(claims) else []:
        by_id = part.set_index("claim_id")
        for key, claim_id, direction, words in RECOMMENDATIONS.get(str(run), []):
            row = by_id.loc[claim_id] if claim_id in by_id.index else None
            holds = (
                row is not None
                and findings.is_supported(row["supported"])
                and (direction is None or _direction_matches(row, direction))
            )
            for language in LANGUAGES:
                name = key if language == "en" else f"{key}_{language}"
                if holds:
                    texts[name] = words[language]
                else:
                    evidence = (
                        NOT_EVALUATED[language]
                        if row is None
                        else findings.evidence_text(row.to_dict(), language)
                    )
                    texts[name] = NO_GROUND[language].format(evidence=evidence)
    return texts


def glue_recommendations(claims) -> dict[str, str]:
    """Glue the recommendations of the run of ``claims`` (:func:`recommendation_texts`) under
    their key (English), ``_nl`` and ``_fr``."""
    glued = recommendation_texts(claims)
    glue_all(glued)
    return glued


def recommendations_markdown(claims, language: str = "en") -> str:
    """The recommendations of the runs of ``claims`` as a Markdown list in ``language``, each the
    recommendation when its claim is supported and otherwise the sentence that says so."""
    texts = recommendation_texts(claims)
    runs = claims["run"].astype(str).unique() if len(claims) else []
    keys = [key for run in runs for key, *_ in RECOMMENDATIONS.get(run, [])]
    items = [texts[key if language == "en" else f"{key}_{language}"] for key in keys]
    return "\n".join(f"- {text}" for text in items)


def _direction_matches(row, direction: str) -> bool:
    if direction == "higher":
        return bool(row["estimate"] > 0)
    return str(row["direction"]) == direction


#: The opening of each study's integration chapter.
INTEGRATION_INTROS: dict[str, str] = {
    "inch": (
        "INCh is a mixed-methods study: a whole-network survey of its networks and case "
        "studies of a few of them. This chapter sets each case network's structure and "
        "integration beside what its policy makers, social workers and families say."
    ),
    "antwerp": (
        "The Antwerp case joins a network of local social centres and their partners with "
        "interviews with social workers and clients. This chapter sets the centres' network "
        "positions beside what the interviewees say."
    ),
    "bbox": (
        "BBOX surveyed every PCSW, interviewed newcomers who deal with some of them, and in "
        "those PCSWs interviewed social workers and managers and asked social workers to "
        "decide on the same fictitious cases (vignettes). This chapter sets each PCSW's practice "
        "type beside what its newcomers report, what its social workers decided on the vignettes "
        "and the themes its staff spoke of."
    ),
    "oud-noord": (
        "Oud Noord joins the network of professionals and informal actors with interviews with "
        "both. This chapter sets the E-I index and brokerage beside what each side says."
    ),
}


def integration_intro(study: str) -> str:
    """Return the opening paragraph of the integration chapter for ``study``."""
    return INTEGRATION_INTROS.get(study, "")


#: Each research question (:data:`localwelfare.findings.QUESTIONS`) in a few words, in English,
#: Dutch and French, for lines that name a question beside its answer.
QUESTION_TOPICS: dict[str, tuple[str, str, str]] = {
    "inch-rq1": (
        "organisation of the networks",
        "organisatie van de netwerken",
        "organisation des réseaux",
    ),
    "inch-rq2": ("in- and exclusion", "in- en uitsluiting", "inclusion et exclusion"),
    "inch-rq3": (
        "views of policy makers and social workers",
        "visie van beleidsmakers en maatschappelijk werkers",
        "regard des décideurs et des travailleurs sociaux",
    ),
    "inch-rq4": (
        "experience of families in poverty",
        "ervaring van gezinnen in armoede",
        "vécu des familles en situation de pauvreté",
    ),
    "antwerp-conditions": ("working conditions", "arbeidsomstandigheden", "conditions de travail"),
    "antwerp-views": (
        "social workers' views",
        "visie van maatschappelijk werkers",
        "regard des travailleurs sociaux",
    ),
    "antwerp-governance": (
        "governance and collaboration",
        "netwerksturing en samenwerking",
        "gouvernance et collaboration",
    ),
    "antwerp-clients": (
        "clients' views of the centres",
        "visie van cliënten op de centra",
        "regard des usagers sur les centres",
    ),
    "bbox-typology": ("PCSW practices", "praktijken van de OCMW's", "pratiques des CPAS"),
    "bbox-factors": (
        "factors in social workers' decisions",
        "factoren in de beslissingen van maatschappelijk werkers",
        "facteurs des décisions des travailleurs sociaux",
    ),
    "bbox-access": ("accessibility", "toegankelijkheid", "accessibilité"),
    "bbox-perception": (
        "newcomers' perception",
        "beleving van nieuwkomers",
        "perception des nouveaux arrivants",
    ),
    "oudnoord-hybrid": (
        "hybridisation or co-existence",
        "hybridisering of coëxistentie",
        "hybridation ou coexistence",
    ),
    "oudnoord-advocacy": (
        "informal actors as advocates",
        "informele actoren als pleitbezorgers",
        "acteurs informels comme porte-parole",
    ),
    "oudnoord-trust": (
        "trust in the formal domain",
        "vertrouwen in het formele domein",
        "confiance dans le domaine formel",
    ),
}


def question_topic(question: str, language: str = "en") -> str:
    """Return research question ``question`` (an id) in a few words in ``language``.

    >>> question_topic("bbox-access", "nl")
    'toegankelijkheid'
    """
    if question not in QUESTION_TOPICS:
        raise InputError(f"research question {question!r}: no topic in chapter.QUESTION_TOPICS")
    return QUESTION_TOPICS[question][LANGUAGES.index(language)]


def glue_meta_summary(metas) -> None:
    """Glue ``meta_summary`` (and ``_nl``, ``_fr``): each research question, in a few words, with
    its meta-inference, for the summaries, which lead with them."""
    for language in LANGUAGES:
        name = "meta_summary" if language == "en" else f"meta_summary_{language}"
        colon, semicolon = (" : ", " ; ") if language == "fr" else (": ", "; ")  # French spacing
        text = semicolon.join(
            f"{question_topic(m['question'], language)}{colon}"
            f"{translate(m['meta_inference'], language)}"
            for m in metas.to_dict("records")
        )
        glue_all({name: text or translate("inconclusive", language)})


# --- the short research report -----------------------------------------------------------------

#: Each study's name and the methods of its strands in brief, for the short research report.
SHORT_REPORT_STUDIES: dict[str, tuple[str, str]] = {
    "inch": (
        "INCh",
        "A whole-network survey of the member organisations of the local networks against child "
        "poverty (who works with whom, how often, with how much trust), analysed with network "
        "measures that match UCINET; qualitative case studies of some of the networks, with "
        "policy makers, social workers and families in poverty, coded in a shared codebook and "
        "partly double-coded.",
    ),
    "antwerp": (
        "the Antwerp neighbourhood study",
        "A survey of the neighbourhood network around the four local social centres, analysed "
        "as one network (permutation tests within it); interviews with the centres' social "
        "workers and clients, coded in a shared codebook and partly double-coded.",
    ),
    "bbox": (
        "BBOX",
        "A web survey of all PCSWs on their practices towards newly arrived migrants, turned into "
        "a typology by latent class analysis with post-stratification weights (the number of "
        "types chosen by information criteria and a bootstrap likelihood-ratio test, the factors "
        "of type membership by the bias-adjusted three-step method); a survey of newcomers, "
        "clients of the PCSWs, on the accessibility, responsiveness, trust and fairness of the "
        "service (Likert scales); interviews with social workers and managers of the PCSW case "
        "studies, coded in a shared codebook and partly double-coded.",
    ),
    "oud-noord": (
        "the Oud Noord study",
        "A survey of the network of professionals and informal actors in the neighbourhood "
        "(mixing across the formal/informal line by the E-I index, brokerage roles after Gould "
        "and Fernandez); interviews with professionals and informal actors, coded in a shared "
        "codebook and partly double-coded.",
    ),
}


def short_report_intro(study: str, claims) -> str:
    """The opening of the short research report of ``study``."""
    if study not in SHORT_REPORT_STUDIES:
        raise InputError(f"parameter study: no short report for '{study}'")
    name = SHORT_REPORT_STUDIES[study][0]
    return (
        f"This is the shorter research report of {name}, for policy makers: the research "
        "questions, the methods in brief, the findings with their evidence, what the "
        "quantitative and qualitative strands say together, the limitations and the "
        "recommendations. The chapters of the full report give the tables and figures behind "
        "each finding."
    )


def short_report_methods(study: str, claims) -> str:
    """The methods of ``study`` in brief, with the counts of its claims."""
    methods = SHORT_REPORT_STUDIES[study][1]
    tested = claims[claims["kind"] != "integration"] if len(claims) else claims
    tested = tested[tested["supported"].notna()] if len(tested) else tested
    families = tested[["run", "question"]].drop_duplicates() if len(tested) else tested
    n_runs = claims["run"].nunique() if len(claims) else 0
    counts = (
        f"The report rests on {len(tested)} tested {'claim' if len(tested) == 1 else 'claims'} "
        f"from {n_runs} {'chapter' if n_runs == 1 else 'chapters'} of the full report, in "
        f"{len(families)} {'family' if len(families) == 1 else 'families'} (a run's claims on "
        "one question), each adjusted by Holm's method within its family"
    )
    spec = claims["specifications"].dropna() if len(claims) else []
    if len(spec):
        counts += (
            "; every claim is also evaluated under each defensible alternative of its run's "
            f"method choices (up to {int(max(spec))} specifications)"
        )
    return f"{methods}\n\n{counts}."


def question_table(claims):
    """The study's questions as a table: id, question, claims made and claims supported."""
    import pandas as pd

    from localwelfare import findings

    tested = claims[claims["kind"] != "integration"]
    rows = []
    for question, part in tested.groupby("question", sort=False):
        rows.append(
            {
                "Question id": question,
                "Research question": findings.QUESTIONS.get(question, question),
                "Claims": len(part),
                "Supported": int(part["supported"].fillna(False).astype(bool).sum()),
            }
        )
    return pd.DataFrame(rows).style.hide(axis="index")


# --- the sentences of the network chapter (WP1) -----------------------------------------------

#: How the network chapter names each treatment of non-respondents (parameter ``nonresponse``).
NONRESPONSE_TEXT = {
    "observed": "keeping the reports as observed",
    "reconstruct": "reconstructing a non-respondent's ties from its partners' reports",
    "drop": "dropping non-respondents",
}


def count_text(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun`` agreeing with it: ``"1 network"``, ``"20 networks"``.

    Examples
    --------
    >>> count_text(1, "network"), count_text(3, "PCSW"), count_text(2, "class", "classes")
    ('1 network', '3 PCSWs', '2 classes')
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def response_text(rates) -> str:
    """The sentence on how many organisations answered the survey: the range over the networks
    of ``rates`` (one row per network, ``response_rate``), or the one network's rate."""
    what = "the organisations of a network" if len(rates) > 1 else "the organisations"
    low, high = rates["response_rate"].min(), rates["response_rate"].max()
    return share_range_text(low, high, what) + " answered the survey."


def agreement_text(agrees) -> str:
    """How often the structural reading of governance agrees with the declared mode, over the
    networks' ``agrees`` (true or false per network).

    Examples
    --------
    >>> agreement_text([True, False, True])
    'The structural reading agrees with the declared mode in 2 of the 3 networks.'
    >>> agreement_text([False])
    'The structural reading does not agree with the declared mode.'
    """
    agrees = [bool(a) for a in agrees]
    if len(agrees) == 1:
        verb = "agrees" if agrees[0] else "does not agree"
        return f"The structural reading {verb} with the declared mode."
    return (
        f"The structural reading agrees with the declared mode in {sum(agrees)} of the "
        f"{count_text(len(agrees), 'network')}."
    )


def measure_range_text(table, measures: dict[str, str]) -> str:
    """The sentence that gives the range of network ``measures`` (column -> name) over the rows
    of ``table``, or their values when it has one network (no range of one value).

    Examples
    --------
    >>> import pandas as pd
    >>> names = {"density": "density", "degree_centralization": "degree centralisation"}
    >>> measure_range_text(pd.DataFrame({"density": [0.1, 0.3],
    ...     "degree_centralization": [0.2, 0.5]}), names).split(" and ")
    ['Across the networks density ranges from 0.10 to 0.30', \
'degree centralisation from 0.20 to 0.50.']
    >>> measure_range_text(pd.DataFrame({"density": [0.15], "degree_centralization": [0.4]}), names)
    "The network's density is 0.15 and its degree centralisation 0.40."
    """
    if len(table) == 1:
        row = table.iloc[0]
        parts = [
            f"{name} {'is ' if i == 0 else ''}{row[c]:.2f}"
            for i, (c, name) in enumerate(measures.items())
        ]
        return "The network's " + " and its ".join(parts) + "."
    parts = [
        f"{name} {'ranges ' if i == 0 else ''}from {table[c].min():.2f} to {table[c].max():.2f}"
        for i, (c, name) in enumerate(measures.items())
    ]
    return "Across the networks " + " and ".join(parts) + "."


def governance_comparison_text(claims, profiles, reach=None) -> str:
    """The governance section's reading: with several networks (the claims hold the comparison
    across declared modes, ``density-by-mode``), the claims on structure and on the outcomes of
    collaboration; with one, why no comparison is made, how its structure reads against its
    declared mode (:func:`governance_reading` of ``profiles``' one row, with ``reach``) and the
    claim on the welfare meetings' participants where there is one."""
    if "density-by-mode" in set(claims["claim_id"]):
        return (
            "Structure: "
            + claims_text(claims, ["density-by-mode", "centralization-by-mode"])
            + " Outcomes of collaboration: "
            + claims_text(
                claims,
                ["trust-by-mode", "value-by-mode", "multiplex-by-mode", "integration-by-mode"],
            )
            + " Each test permutes the declared modes over the networks; the p-values are "
            "adjusted with Holm's method over the claims of this question. The structural "
            "reading is a description only: it is never tested against the modes it is derived "
            "from."
        )
    return " ".join(
        part
        for part in (
            single_governance_text(profiles, reach),
            claims_text(claims, ["meetings-degree"]),
        )
        if part
    )


def single_governance_text(profiles, reach=None) -> str:
    """Why one network compares no governance modes, and how its structure reads against its
    declared mode (:func:`governance_reading` of ``profiles``' one row, with ``reach``)."""
    return (
        "A comparison between governance modes needs several networks per mode; this chapter "
        "has one network, so its structure is read against its declared mode only. "
        + governance_reading(profiles.iloc[0], reach)
    )


def neighbourhood_role_text(study: str, declared: str, compare_with: str = "", other="") -> str:
    """What a single neighbourhood network's chapter asks, given the ``study``, its network's
    ``declared`` governance mode, and the network set beside it (``compare_with``, whose
    declared mode is ``other``).

    Examples
    --------
    >>> neighbourhood_role_text("zurich", "lead_organisation")[:60]
    'Its members declare the network governed by a lead organisat'
    """
    text = f"Its members declare the network governed by {_mode_phrase(declared)}. "
    if study == "zurich":
        return text + (
            "This network is the Antwerp study's comparison case. This chapter reads it on its "
            "own, with the same measures as the Antwerp network; the Antwerp chapter sets the "
            "two side by side and tests their differences."
        )
    text += (
        "One network cannot show what a mode of governance does: that needs several networks "
        "per mode, as the INCh chapter has. This chapter answers the question as far as one "
        "network allows: do the local social centres hold the network together, and are the "
        "organisations that take part in the welfare meetings better connected than those "
        "that stay away?"
    )
    if compare_with:
        text += (
            f" It then sets the network beside the {compare_with.capitalize()} network, governed "
            f"by {_mode_phrase(other)}, measured the same way."
        )
    return text


def _mode_phrase(mode) -> str:
    """A declared governance mode as a noun phrase: 'a lead organisation'."""
    return {
        "shared_participant": "its members together, in shared-participant governance",
        "lead_organisation": "a lead organisation",
        "network_administrative_organisation": "a network administrative organisation",
    }.get(str(mode), str(mode).replace("_", " "))


def meetings_text(claims, attended: int, absent: int) -> str:
    """The welfare-meetings section's reading: how many partners attend (``attended``) and stay
    away (``absent``), and the claim that attendees are better connected; or that the data hold
    no attendance for this network (both zero)."""
    if attended + absent == 0:
        return (
            "The data package holds no record of welfare-meeting attendance for this network, "
            "so this section has nothing to read."
        )
    return (
        f"Of the partners other than the centres, {count_text(attended, 'organisation')} "
        f"attended at least one meeting and {count_text(absent, 'organisation')} none. "
        + claims_text(claims, ["meetings-degree"])
        + " A single network shows whether taking part goes with being connected, not which "
        "comes first: an organisation may attend because it is well connected, or become "
        "connected by attending."
    )


def comparison_case_text(claims, compare_with: str) -> str:
    """The section on a second network set beside the chapter's own (parameter
    ``compare_with``): how the two are compared and the claims of the comparison, or that the
    chapter sets none beside it."""
    if not compare_with:
        return (
            "This chapter sets no second network beside its own; a re-run can name one as its "
            "comparison case in the parameters of the run."
        )
    return (
        f"The {compare_with.capitalize()} network is set beside this one with the same method "
        "choices. Its members are compared with this network's on their normalised degree (the "
        "share of the other members they are tied to) and their local clustering (the share of "
        "their partners' pairs that are tied), with a permutation test of the network labels "
        "over the members of both networks. "
        + claims_text(claims, ["compare-degree", "compare-clustering"])
        + " Two networks differ in more than their governance, so a difference describes the "
        "two neighbourhoods; it does not show what governance does."
    )


def claim_direction(claims, claim_id: str, above: str, below: str, otherwise: str) -> str:
    """``above`` or ``below`` by the sign of the claim's estimate when the claim is supported,
    else ``otherwise`` (also when it is missing or untested)."""
    row = claims.loc[claims["claim_id"] == claim_id]
    if not len(row):
        return otherwise
    word = above if row["estimate"].iloc[0] > 0 else below
    return claim_word(claims, claim_id, word, otherwise)


def margin_text(claims) -> str:
    """The margin section's claims (every group of :data:`findings.MARGIN_GROUPS` on every
    reading of :data:`findings.MARGIN_MEASURES`), or why a chapter without them only
    describes."""
    ids = [f"margin-{g}-{m}" for g in findings.MARGIN_GROUPS for m in findings.MARGIN_MEASURES]
    return claims_text(
        claims,
        ids,
        otherwise="The table describes this network; the margin is tested across the INCh "
        "networks, where each comparison has several networks behind it.",
    )


def verdict_counts_text(verdicts) -> str:
    """How many networks each mixing reading has, most frequent first, or nothing for a single
    network (its reading is the chapter's main one).

    Examples
    --------
    >>> verdict_counts_text(["co-existence", "no clear preference", "co-existence"])
    'Over all 3 networks: co-existence in 2 networks; no clear preference in 1 network.'
    >>> verdict_counts_text(["hybridisation"])
    ''
    """
    import pandas as pd

    counts = pd.Series(list(verdicts), dtype=object).value_counts()
    if counts.sum() < 2:
        return ""
    parts = [f"{v} in {count_text(int(n), 'network')}" for v, n in counts.items()]
    return f"Over all {count_text(int(counts.sum()), 'network')}: " + "; ".join(parts) + "."


def network_notes(rates, focal: str, n_focal: int) -> list[str]:
    """The network chapter's limitations from its data: the response ``rates`` (one row per
    network, ``response_rate``), that one network cannot compare governance modes, and how many
    organisations of the ``focal`` sector the comparisons rest on when they are few (< 10)."""
    notes = [
        share_range_text(
            rates["response_rate"].min(), rates["response_rate"].max(), "the organisations"
        )
        + " answered the survey; the claims were re-evaluated with non-respondents' ties "
        "reconstructed and as observed (the specifications above)."
    ]
    if len(rates) == 1:
        notes.append(
            "One network cannot compare governance modes: its structure is read against its "
            "declared mode, and differences between its organisations are tested within the "
            "network only."
        )
    if n_focal < 10:
        notes.append(
            f"The comparisons of {focal.replace('_', ' ')} organisations with the others rest on "
            f"{n_focal} of them, so only large differences can be detected."
        )
    return notes


# --- the sentences of the typology chapter (WP3) ----------------------------------------------

#: Whether the typology is weighted (parameter ``weighting``): (word, what it means).
WEIGHTING_TEXT = {
    True: (
        "used",
        "the latent class models are estimated with them (a weighted likelihood), so the types "
        "and their shares describe all PCSWs",
    ),
    False: (
        "not used (parameter weighting)",
        "the models describe the responding PCSWs as they are",
    ),
}

#: The information criteria by the names the typology chapter gives them (parameter criterion).
CRITERION_NAMES = {"bic": "BIC", "aic": "AIC", "sabic": "sample-size adjusted BIC", "caic": "CAIC"}


def response_sentence(test, alpha: float) -> str:
    """Whether response differs between the strata of the frame (``test``: a row of
    :func:`localwelfare.stats.contingency_test` of response by stratum) at ``alpha``."""
    from localwelfare import stats

    p = stats.p_text(test["p_value"])
    if test["p_value"] < alpha:
        effect = stats.interval_text(
            test["effect_size"], test["ci_low"], test["ci_high"], "Cramér V"
        )
        return (
            f"Response differs between the strata ({effect}, {p}), so the respondents are not a "
            "miniature of the population of PCSWs."
        )
    return (
        f"The data do not show that response differs between the strata ({p}); the weights "
        "correct what differences there are."
    )


def missing_text(missing: str, n_dropped: int) -> str:
    """How the latent class models handle missing answers (parameter ``missing``).

    Examples
    --------
    >>> missing_text("listwise", 1)
    'listwise deletion (1 PCSW with a missing answer left out)'
    """
    if missing == "fiml":
        return "full-information maximum likelihood (each PCSW counts with the items it answered)"
    return f"listwise deletion ({count_text(n_dropped, 'PCSW')} with a missing answer left out)"


def blrt_text(selection, draws: int) -> str:
    """The bootstrap likelihood-ratio tests of the ``selection`` table (``k``, ``blrt_p``) with
    ``draws`` bootstrap draws, or that the test was not run.

    Examples
    --------
    >>> import pandas as pd
    >>> blrt_text(pd.DataFrame({"k": [1, 2, 3], "blrt_p": [None, 0.01, 0.4]}), 99).split("; ")
    ['p = 0.01 for 2 against 1 types', \
'p = 0.40 for 3 against 2 types (99 draws: the smallest attainable p is 0.01).']
    """
    blrt = selection.set_index("k")["blrt_p"].dropna()
    if draws < 1 or blrt.empty:
        return "not run in this version (parameter blrt_draws)."
    tests = "; ".join(f"p = {p:.2f} for {j} against {j - 1} types" for j, p in blrt.items())
    return f"{tests} ({draws} draws: the smallest attainable p is {1 / (draws + 1):.2f})."


def widest_interval_text(odds) -> str:
    """The sentence on the widest odds-ratio interval of ``odds`` (one row per type and term:
    ``class``, ``term``, ``odds_ratio``, ``ci_low``, ``ci_high``; odds-ratio scale), widest on
    the log-odds scale where the interval is symmetric, or nothing when there is no interval."""
    from localwelfare.display import term_label

    if odds.empty:
        return ""
    widest = odds.loc[(odds["ci_high"] / odds["ci_low"]).idxmax()]
    return (
        f"The widest interval, for {term_label(widest['term'])} in type {int(widest['class'])}, "
        "runs from "
        f"{widest['ci_low']:.2f} to {widest['ci_high']:.2f}: few PCSWs carry that effect."
    )


def agreement_word(ari: float) -> str:
    """The word for an adjusted Rand index: strong (0.65 or more), moderate (0.3 or more), weak."""
    return "strong" if ari >= 0.65 else ("moderate" if ari >= 0.3 else "weak")


def typology_notes(n_resp: int, n_frame: int, entropy: float, blrt_draws: int) -> list[str]:
    """The typology chapter's limitations from its data: response, the modal assignment the
    tests rest on (with the model's relative ``entropy``), and a bootstrap with few draws."""
    notes = [
        f"{n_resp} of the {n_frame} PCSWs answered ({n_resp / n_frame:.0%}); the weights correct "
        "for region and size class only, not for other reasons to answer.",
        "The tests of types against region and size treat each PCSW's most likely type as known; "
        f"the relative entropy of {entropy:.2f} says how close that is to the truth.",
    ]
    if blrt_draws < 99:
        notes.append(
            f"The bootstrap likelihood-ratio test used {blrt_draws} draws, too few for a precise "
            "p-value."
        )
    return notes
