"""What every chapter shows besides its analysis: the synthetic-data notice and glued values.

Notebooks call these so that the notice and the parameter table look the same on every page.

The executive summaries and the brochure are written in English, Dutch and French, and quote
words the analyses choose (a region, a scale, a verdict, a direction). :func:`glue_word` glues
such a word three times, ``key`` (English), ``key_nl`` and ``key_fr``, from one table of the
project's fixed vocabulary (:data:`VOCABULARY`); a word missing from the table is an error, so a
new word can never slip into a Dutch or French page in English.

Examples
--------
>>> from localwelfare.book import direction, translate
>>> direction(0.31, 0.12, "higher", "lower", "the same")
'higher'
>>> translate("wallonia", "nl"), translate("recognised_refugee", "fr")
('Wallonië', 'réfugié reconnu')
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from localwelfare import data
from localwelfare.errors import InputError

#: The languages of the summaries and the brochure, in the order of :data:`VOCABULARY`'s entries.
LANGUAGES = ("en", "nl", "fr")

#: The project's fixed vocabulary: word as an analysis produces it -> (English, Dutch, French).
#: Words are looked up with underscores read as spaces (``recognised_refugee`` is found as
#: ``recognised refugee``). Each translation is the form the summaries' sentences need.
VOCABULARY: dict[str, tuple[str, str, str]] = {
    # regions (data/schemas: region)
    "flanders": ("Flanders", "Vlaanderen", "Flandre"),
    "wallonia": ("Wallonia", "Wallonië", "Wallonie"),
    "brussels": ("Brussels", "Brussel", "Bruxelles"),
    "amsterdam": ("Amsterdam", "Amsterdam", "Amsterdam"),
    # newcomers' legal status, gender and region of origin (newcomer_interviews)
    "recognised refugee": ("recognised refugee", "erkend vluchteling", "réfugié reconnu"),
    "subsidiary protection": (
        "subsidiary protection",
        "subsidiaire bescherming",
        "protection subsidiaire",
    ),
    "other": ("other", "andere", "autre"),
    "woman": ("woman", "vrouw", "femme"),
    "man": ("man", "man", "homme"),
    "middle east north africa": (
        "Middle East and North Africa",
        "Midden-Oosten en Noord-Afrika",
        "Moyen-Orient et Afrique du Nord",
    ),
    "sub saharan africa": (
        "sub-Saharan Africa",
        "Afrika ten zuiden van de Sahara",
        "Afrique subsaharienne",
    ),
    "south central asia": (
        "South and Central Asia",
        "Zuid- en Centraal-Azië",
        "Asie du Sud et centrale",
    ),
    "europe non eu": ("Europe outside the EU", "Europa buiten de EU", "Europe hors UE"),
    # actor groups of the interviews (interview_plan)
    "policy maker": ("policy maker", "beleidsmaker", "décideur politique"),
    "social worker": ("social worker", "maatschappelijk werker", "travailleur social"),
    "family in poverty": (
        "family in poverty",
        "gezin in armoede",
        "famille en situation de pauvreté",
    ),
    "client": ("client", "cliënt", "usager"),
    "professional": ("professional", "professional", "professionnel"),
    "informal actor": ("informal actor", "informele actor", "acteur informel"),
    "newcomer": ("newcomer", "nieuwkomer", "primo-arrivant"),
    # governance modes of the networks (networks)
    "shared participant": ("shared participant", "gedeeld bestuur", "gouvernance partagée"),
    "lead organisation": ("lead organisation", "leidende organisatie", "organisation pilote"),
    "network administrative organisation": (
        "network administrative organisation",
        "netwerkadministratieve organisatie",
        "organisation administrative du réseau",
    ),
    # scales of the newcomers' questionnaire (newcomer_interviews: scale)
    "accessibility": ("accessibility", "toegankelijkheid", "accessibilité"),
    "responsiveness": ("responsiveness", "responsiviteit", "réactivité"),
    "trust": ("trust", "vertrouwen", "confiance"),
    "fairness": ("fairness", "billijkheid", "équité"),
    "none of the scales": ("none of the scales", "geen enkele schaal", "aucune échelle"),
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
    # verdicts of the E-I test (network.mixing_verdict)
    "co-existence": ("co-existence", "co-existentie", "coexistence"),
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


def synthetic_notice(data_dir: str | os.PathLike | None = None):
    """Return the shared synthetic-data admonition (as Markdown) when the data are synthetic.

    Returns ``None`` for a data package that does not declare ``"synthetic": true``, so a chapter
    re-run on real data shows no notice.
    """
    from IPython.display import Markdown

    from localwelfare.synthetic import DEFAULT_SEED

    if not data.is_synthetic(data_dir):
        return None
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
    """Return ``word`` of the project's fixed vocabulary in ``language`` (``en``, ``nl``, ``fr``).

    Raises :class:`~localwelfare.errors.InputError` for a word missing from :data:`VOCABULARY`
    (add it there, with its Dutch and French forms) or an unknown language.

    Examples
    --------
    >>> translate("co-existence", "fr")
    'coexistence'
    >>> translate("25-34", "nl")
    '25-34'
    """
    if language not in LANGUAGES:
        raise InputError(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
    text = str(word).replace("_", " ")
    if text in VOCABULARY:
        return VOCABULARY[text][LANGUAGES.index(language)]
    if NEUTRAL.fullmatch(text):
        return text
    raise InputError(
        f"word {text!r} is not in localwelfare.book.VOCABULARY: add it with its English, Dutch "
        "and French forms, so that the summaries never show it untranslated"
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
