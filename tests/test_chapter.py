"""Words glued for the Dutch and French summaries: every word the notebooks can glue through
``chapter.glue_word`` has a Dutch and a French form, and ``glue_word`` glues all three languages.

The words come from where the analyses take them: the enumerations and titles of the data
package's schemas, the scales the questionnaire declares, the verdicts of the E-I test, and the
literal words of every ``chapter.glue_word`` call in the notebooks.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from localwelfare import chapter, network, perceptions
from localwelfare.errors import InputError

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "data" / "schemas"
#: Data fields whose values the notebooks glue as words (group names, regions, modes).
GLUED_FIELDS = {
    "newcomer_interviews": ["region", "legal_status", "gender", "age_band", "origin_region"],
    "interview_plan": ["actor_group"],
    "networks": ["governance_mode"],
    "pcsw_survey": ["region"],
}


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def _data_words() -> set[str]:
    words = set()
    for resource, fields in GLUED_FIELDS.items():
        by_name = {f["name"]: f for f in _schema(resource)["fields"]}
        for field in fields:
            words |= {str(v) for v in by_name[field]["constraints"]["enum"]}
    survey = _schema("pcsw_survey")["fields"]  # practice items' titles name the types
    words |= {f["title"] for f in survey if f.get("description", "").startswith("Practice item.")}
    scales, _ = perceptions.scale_definitions(_schema("newcomer_interviews"))
    words |= set(scales)
    rows = [(-0.5, 0.0, 0.01), (0.5, 0.0, 0.01), (0.1, 0.0, 0.5)]
    words |= {
        network.mixing_verdict(
            pd.DataFrame([{"ei_index": e, "ei_expected": x, "ei_p_value": p}]), 0.05
        )
        for e, x, p in rows
    }
    return words


def _glue_word_calls() -> list[tuple[str, ast.Call]]:
    """Every ``chapter.glue_word`` call of the notebooks, with a name used in its arguments replaced
    by the literal assigned to that name in the same cell (``word = {True: "differ", ...}``)."""
    calls = []
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or "glue_word" not in cell.source:
                continue
            tree = ast.parse(cell.source)
            assigned = {
                t.id: node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict | ast.List)
                for t in node.targets
                if isinstance(t, ast.Name)
            }
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "glue_word":
                    names = [
                        n.id for a in node.args[1:] for n in ast.walk(a) if isinstance(n, ast.Name)
                    ]
                    node.args.extend(assigned[n] for n in names if n in assigned)
                    calls.append((path.name, node))
    return calls


def _literal_words(call: ast.Call) -> set[str]:
    """String constants among a call's arguments other than the key (words, and ``empty``),
    leaving out subscripts (column names such as ``nodes["betweenness"]``)."""
    nodes = [*call.args[1:], *(k.value for k in call.keywords if k.arg != "sep")]
    within = [n for node in nodes for n in ast.walk(node)]
    indices = {id(c) for n in within if isinstance(n, ast.Subscript) for c in ast.walk(n.slice)}
    # the claim a word is chosen by (chapter.claim_word(claims, "claim-id", yes, no), and
    # chapter.claim_direction) is an id
    indices |= {
        id(n.args[1])
        for n in within
        if isinstance(n, ast.Call)
        and getattr(n.func, "attr", "") in ("claim_word", "claim_direction")
        and len(n.args) > 1
    }
    return {
        n.value
        for n in within
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in indices
    }


def test_every_word_the_data_can_give_has_dutch_and_french():
    missing = []
    for word in sorted(_data_words()):
        try:
            forms = [chapter.translate(word, lang) for lang in chapter.LANGUAGES]
        except InputError:
            missing.append(word)
            continue
        assert all(f.strip() for f in forms), (word, forms)
    assert missing == []
    assert {"Vlaanderen", "Wallonië", "Brussel"} <= {
        chapter.translate(r, "nl") for r in ("flanders", "wallonia", "brussels")
    }


def test_notebooks_glue_their_words_through_the_table():
    calls = _glue_word_calls()
    # the words the summaries quote: WP1 broker and verdict, WP3 region and type, WP4 scales
    keys = {ast.literal_eval(c.args[0]) for _, c in calls if isinstance(c.args[0], ast.Constant)}
    assert {"focal_broker_word", "main_verdict", "region_word", "largest_high"} <= keys
    for notebook, call in calls:
        for word in _literal_words(call):
            for lang in chapter.LANGUAGES:
                assert chapter.translate(word, lang).strip(), (notebook, word, lang)


def test_every_entry_has_three_non_empty_forms():
    for word, forms in chapter.VOCABULARY.items():
        assert len(forms) == len(chapter.LANGUAGES) and all(f.strip() for f in forms), word
        assert "_" not in word, f"{word}: write vocabulary words with spaces"


def test_glue_word_glues_english_dutch_and_french(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=True: glued.update({key: value}))
    chapter.glue_word("top_low", "recognised_refugee")
    chapter.glue_word("differ", ["accessibility", "trust"])
    chapter.glue_word("none", [], empty="none of the scales")
    assert glued == {
        "top_low": "recognised refugee",
        "top_low_nl": "erkend vluchteling",
        "top_low_fr": "réfugié reconnu",
        "differ": "accessibility, trust",
        "differ_nl": "toegankelijkheid, vertrouwen",
        "differ_fr": "accessibilité, confiance",
        "none": "none of the scales",
        "none_nl": "geen enkele schaal",
        "none_fr": "aucune échelle",
    }


def test_the_meta_summary_is_punctuated_as_each_language_writes(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=True: glued.update({key: value}))
    metas = pd.DataFrame(
        {
            "question": ["bbox-access", "bbox-typology"],
            "meta_inference": ["expansion", "discordance"],
        }
    )
    chapter.glue_meta_summary(metas)
    assert glued["meta_summary"] == "accessibility: expansion; PCSW practices: discordance"
    assert glued["meta_summary_nl"] == (
        "toegankelijkheid: aanvulling; praktijken van de OCMW's: tegenstrijdigheid"
    )
    assert glued["meta_summary_fr"] == (
        "accessibilité : expansion ; pratiques des CPAS : discordance"
    )


def test_every_research_question_has_a_topic_in_every_language():
    """The summaries name each question in a few words, never by its id."""
    from localwelfare import findings

    assert set(chapter.QUESTION_TOPICS) == set(findings.QUESTIONS)
    for question, topics in chapter.QUESTION_TOPICS.items():
        assert len(topics) == len(chapter.LANGUAGES) and all(topics), question
        assert question not in topics


def test_an_empty_list_needs_its_empty_word():
    with pytest.raises(InputError, match="no word to glue and no `empty` word"):
        chapter.glue_word("differ", [])


@pytest.mark.parametrize("word", ["mixing", "Wallonia", "hybridization"])
def test_a_word_missing_from_the_table_is_refused(word):
    with pytest.raises(InputError, match=rf"'{word}' is not in localwelfare.chapter.VOCABULARY"):
        chapter.glue_word("key", word)


def test_numbers_and_language_codes_read_the_same():
    assert [chapter.translate(w, "fr") for w in ("18-24", "55+", "<5", "3", "nl")] == [
        "18-24",
        "55+",
        "<5",
        "3",
        "nl",
    ]
    with pytest.raises(InputError, match="language 'de'"):
        chapter.translate("trust", "de")


def test_a_recommendation_is_glued_in_three_languages_only_with_its_claim(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=True: glued.update({key: value}))
    claims = pd.DataFrame(
        {
            "run": "wp4-newcomers",
            "claim_id": ["accessibility-by-region", "trust-by-legal_status"],
            "supported": [True, False],
            "estimate": [0.2, 0.1],
            "ci_low": [0.1, 0.0],
            "ci_high": [0.3, 0.2],
            "p_adjusted": [0.001, 0.4],
            "effect_size_name": "eta2",
            "direction": "",
            "robust_in": [4, 1],
            "specifications": [4, 4],
        }
    )
    chapter.glue_recommendations(claims)
    texts = dict((key, t) for key, _, _, t in chapter.RECOMMENDATIONS["wp4-newcomers"])
    # supported: the recommendation itself, in each language
    assert glued["recommend_monitoring"] == texts["recommend_monitoring"]["en"]
    assert glued["recommend_monitoring_nl"] == texts["recommend_monitoring"]["nl"]
    assert glued["recommend_monitoring_fr"] == texts["recommend_monitoring"]["fr"]
    # not supported: the page says so, in its own language
    assert glued["recommend_status"].startswith("No recommendation follows here")
    assert glued["recommend_status_nl"].startswith("Hier volgt geen aanbeveling")
    assert glued["recommend_status_fr"].startswith("Aucune recommandation ne suit ici")


def test_every_recommendation_has_english_dutch_and_french():
    for run, entries in chapter.RECOMMENDATIONS.items():
        for key, _, _, texts in entries:
            assert set(texts) == {"en", "nl", "fr"}, f"{run} {key}"
            assert all(t.strip() for t in texts.values()), f"{run} {key}"


def test_governance_reading_says_why_only_where_the_data_show_it():
    import pandas as pd

    from localwelfare import chapter

    profile = {
        "declared_mode": "lead_organisation",
        "structural_mode": "shared_participant",
        "agrees": False,
        "top_node": "Team 1",
        "top_share": 0.5,
    }
    lead_formal = pd.DataFrame({"group": ["False", "True"], "share": [0.2, 1.0]})
    text = chapter.governance_reading(profile, lead_formal)
    assert "not as the declared lead organisation" in text and "leads the formal side" in text
    even = pd.DataFrame({"group": ["False", "True"], "share": [0.6, 0.5]})
    assert "leads the formal side" not in chapter.governance_reading(profile, even)
    agreed = profile | {"structural_mode": "lead_organisation", "agrees": True}
    assert (
        chapter.governance_reading(agreed)
        == "Its structure reads as lead organisation, as declared."
    )


# --- sentences the chapters print ----------------------------------------------------------------


def _theme_claims(supported, p_adjusted):
    themes = ["access and thresholds", "trust", "rules and policy"]
    return pd.DataFrame(
        {
            "claim_id": [f"theme-{t.replace(' ', '-')}" for t in themes],
            "statement": [
                f"How often interviews speak of {t} differs by actor group" for t in themes
            ],
            "claim": [
                f"How often interviews speak of {t} differs by actor group (most often: {g})"
                for t, g in zip(
                    themes, ["family in poverty", "social worker", "policy maker"], strict=True
                )
            ],
            "supported": pd.array(supported, dtype="boolean"),
            "p_adjusted": p_adjusted,
        }
    )


def test_theme_differences_sentence_names_each_supported_theme_with_its_evidence():
    claims = _theme_claims([True, False, True], [0.0004, 0.2, 0.0312])
    assert chapter.theme_differences_sentence(claims) == (
        "After adjustment, the groups differ on access and thresholds (most often: family in "
        "poverty, adjusted p < 0.001); rules and policy (most often: policy maker, adjusted p = "
        "0.031)."
    )
    assert chapter.supported_subjects(claims) == ["access and thresholds", "rules and policy"]
    none = _theme_claims([False, False, pd.NA], [0.3, 0.2, float("nan")])
    assert chapter.theme_differences_sentence(none).startswith("After adjustment, the data show no")
    untested = _theme_claims([pd.NA] * 3, [float("nan")] * 3)
    assert chapter.theme_differences_sentence(untested) == (
        "The counts allow no test of a difference between the groups."
    )


def test_agreement_sentence_reads_kappa_on_landis_and_kochs_scale():
    summary = {
        "percent_agreement": 93.04,
        "kappa": 0.853,
        "alpha": 0.851,
        "lowest_code": "trust",
        "lowest_kappa": 0.55,
    }
    text = chapter.agreement_sentence(summary, 3, "coder_a", "coder_b", small_cell=5)
    assert text.startswith("Both coder A and coder B coded <5 interviews of this selection.")
    assert (
        "93.0 % of the characters, Cohen's kappa 0.85 and Krippendorff's alpha 0.85, above" in text
    )
    assert "lowest for trust (Cohen's kappa 0.55): a code whose definition" in text
    high = chapter.agreement_sentence(summary | {"lowest_kappa": 0.85}, 12, "a", "b")
    assert "sharpen" not in high and "almost perfect" in high
    assert "coded 12 interviews" in high
    assert "substantial" in chapter.agreement_sentence(
        summary | {"lowest_kappa": 0.7}, 12, "a", "b"
    )
    assert chapter.agreement_sentence(None, 0, "a", "b").startswith(
        "No interview of this selection was coded by both a and b"
    )


def test_counts_and_nouns_agree():
    assert chapter.counted(1, "interview") == "1 interview"
    assert chapter.counted(2, "family", "families") == "2 families"
    notes = chapter.qualitative_limitations(
        pd.Series({"family_in_poverty": 1, "social_worker": 8}), n_double=6, small_cell=1
    )
    assert notes == [
        "The smallest group (family in poverty) has 1 interview; a theme's comparison can only "
        "detect large differences in how often it is mentioned."
    ]
    few = chapter.qualitative_limitations(pd.Series({"a": 9, "b": 8}), n_double=1, small_cell=5)
    assert few[1] == (
        "Inter-coder agreement rests on <5 double-coded interviews of this selection, too few "
        "for a precise estimate."
    )
    assert chapter.hidden_groups_note(0, "region", 5) == "Every region has at least 5 respondents."
    assert "(2 left out)" in chapter.hidden_groups_note(2, "region", 5)


def test_quotes_markdown_heads_each_group_and_quotes_its_speakers():
    quotes = pd.DataFrame(
        {
            "code": ["trust", "trust"],
            "actor_group": ["family_in_poverty", "family_in_poverty"],
            "speaker": ["family in poverty 01", "family in poverty 02"],
            "quote": ["We were heard.", "Nobody called back."],
        }
    )
    assert chapter.quotes_markdown(quotes, "actor_group") == (
        "**family in poverty: trust**\n\n"
        "> We were heard. (family in poverty 01)\n\n"
        "> Nobody called back. (family in poverty 02)\n"
    )


def test_perception_limitations_name_the_smallest_groups_and_the_typed_pcsws():
    detectable = pd.DataFrame(
        {
            "variable": ["region"],
            "n_groups": [3],
            "n_smallest": [12],
            "standardised_difference": [1.234],
        }
    )
    labels = {"region": "region", "legal_status": "legal status"}
    notes = chapter.perception_limitations(detectable, labels, ["region", "legal_status"], 7, 9)
    assert notes[0].startswith("By region, the smallest group has 12 scored respondents: with 3")
    assert "a difference of 1.23 standard deviations" in notes[0]
    assert notes[1].startswith("Region and legal status are adjusted for each other")
    assert notes[2].startswith("7 of the 9 PCSWs of the newcomers answered the survey")


def test_scale_differences_are_glued_with_the_largest_supported_one(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=True: glued.update({key: value}))
    claims = pd.DataFrame(
        {
            "claim_id": ["accessibility-by-region", "trust-by-region", "fairness-by-region"],
            "statement": ["Accessibility differs", "Trust differs", "Fairness differs"],
            "supported": pd.array([True, True, False], dtype="boolean"),
            "estimate": [0.4, 0.6, 0.9],
            "ci_low": [0.1, 0.2, -0.1],
            "ci_high": [0.7, 1.0, 1.2],
            "p_adjusted": [0.01, 0.002, 0.3],
            "effect_size_name": "adjusted_mean_difference",
            "reason": "",
            "robust_in": [4, 4, 0],
            "specifications": [4, 4, 4],
        }
    )
    means = pd.DataFrame(
        {
            "scale": ["trust", "trust", "accessibility", "accessibility"],
            "group": ["flanders", "brussels", "flanders", "brussels"],
            "mean": [3.9, 3.3, 3.0, 3.5],
        }
    )
    chapter.glue_scale_differences("group1", claims, means)
    assert glued["group1_differ"] == "accessibility, trust"
    assert glued["group1_differ_nl"] == "toegankelijkheid, vertrouwen"
    # the largest supported estimate is trust's (0.6; fairness's 0.9 is not supported)
    assert glued["group1_top_sentence"].startswith("The largest of these differences is on trust")
    assert (
        "highest for Flanders (3.90) and lowest for Brussels (3.30)" in glued["group1_top_sentence"]
    )
    # Dutch and French name the scale with its article and list the groups after a colon
    assert glued["group1_top_sentence_nl"].startswith(
        "Het grootste verschil betreft het vertrouwen"
    )
    assert glued["group1_top_sentence_nl"].endswith(
        "Gemiddelde score op een schaal van 1 tot 5: hoogste Vlaanderen (3,90), laagste Brussel "
        "(3,30)."
    )
    assert glued["group1_top_sentence_fr"].startswith(
        "La plus grande de ces différences porte sur la confiance ("
    )
    assert glued["group1_top_sentence_fr"].endswith(
        "Score moyen sur une échelle de 1 à 5 : le plus élevé, Flandre (3,90) ; le plus bas, "
        "Bruxelles (3,30)."
    )
    chapter.glue_scale_differences("group2", claims.assign(supported=False), means)
    assert glued["group2_differ"] == "none of the scales"
    assert glued["group2_top_sentence"] == "The data show no difference on any scale at this level."


def test_perception_limitations_state_the_planted_power_only_when_given():
    detectable = pd.DataFrame(
        {
            "variable": ["region"],
            "n_groups": [3],
            "n_smallest": [30],
            "standardised_difference": [0.9],
        }
    )
    plain = chapter.perception_limitations(detectable, {}, ["region", "legal_status"], 12, 20)
    assert not any("planted" in note for note in plain)
    power = detectable[["n_groups", "n_smallest"]].assign(
        scale="fairness", group="region", d=0.3, power=0.15
    )
    notes = chapter.perception_limitations(
        detectable, {"region": "region"}, ["region", "legal_status"], 12, 20, power
    )
    assert "fairness by region, 0.30 standard deviations: power 15%" in notes[-1]


# --- the sentences of the network and typology chapters ----------------------------------------


def _claims(*rows):
    """A claims table with the columns the sentence helpers read."""
    import pandas as pd

    base = {"question": "inch-rq1", "kind": "difference", "estimate": 0.2, "ci_low": 0.1,
            "ci_high": 0.3, "p_value": 0.01, "p_adjusted": 0.02, "supported": True,
            "effect_size_name": "mean_difference", "robust_in": 8, "specifications": 8,
            "reason": "", "statement": "Claim", "claim": "Claim", "direction": ""}  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


def test_words_agree_with_their_counts():
    assert chapter.count_text(1, "network") == "1 network"
    assert chapter.count_text(0, "network") == "0 networks"
    assert chapter.count_text(2, "class", "classes") == "2 classes"


def test_one_network_has_values_not_ranges():
    import pandas as pd

    names = {"density": "density", "degree_centralization": "degree centralisation"}
    one = pd.DataFrame({"density": [0.149], "degree_centralization": [0.283]})
    assert chapter.measure_range_text(one, names) == (
        "The network's density is 0.15 and its degree centralisation 0.28."
    )
    two = pd.DataFrame({"density": [0.3, 0.084], "degree_centralization": [0.17, 0.871]})
    assert chapter.measure_range_text(two, names) == (
        "Across the networks density ranges from 0.08 to 0.30 and degree centralisation from "
        "0.17 to 0.87."
    )
    rates = pd.DataFrame({"response_rate": [0.8333]})
    assert chapter.response_text(rates) == "83% of the organisations answered the survey."
    rates = pd.DataFrame({"response_rate": [0.75, 0.8333]})
    assert chapter.response_text(rates) == (
        "Between 75% and 83% of the organisations of a network answered the survey."
    )


def test_agreement_of_structure_and_declared_mode_is_counted_or_stated():
    assert chapter.agreement_text([True]) == (
        "The structural reading agrees with the declared mode."
    )
    assert chapter.agreement_text([False]) == (
        "The structural reading does not agree with the declared mode."
    )
    assert chapter.agreement_text([True, True, False]).endswith("in 2 of the 3 networks.")


def test_mixing_verdicts_are_counted_over_several_networks_only():
    text = chapter.verdict_counts_text(["no clear preference"] * 3 + ["co-existence"])
    assert text == (
        "Over all 4 networks: no clear preference in 3 networks; co-existence in 1 network."
    )
    assert chapter.verdict_counts_text(["co-existence"]) == ""


def test_governance_text_compares_modes_only_with_several_networks():
    import pandas as pd

    several = _claims({"claim_id": "density-by-mode"}, {"claim_id": "trust-by-mode"})
    text = chapter.governance_comparison_text(several, profiles=None)
    assert text.startswith("Structure: ") and "Outcomes of collaboration: " in text
    profile = pd.DataFrame(
        [{"declared_mode": "lead_organisation", "structural_mode": "shared_participant",
          "agrees": False, "top_node": "Team 1", "top_share": 0.54}]
    )  # fmt: skip
    reach = pd.DataFrame({"group": ["False", "True"], "share": [0.2, 1.0]})
    text = chapter.governance_comparison_text(_claims({"claim_id": "mixing"}), profile, reach)
    assert text.startswith("A comparison between governance modes needs several networks")
    assert "not as the declared lead organisation" in text
    assert "It reaches 100% of the other professionals but 20% of the informal actors" in text
    assert not text.endswith(" ")


def test_a_comparison_case_is_described_only_when_there_is_one():
    claims = _claims({"claim_id": "compare-degree"})
    assert "no second network" in chapter.comparison_case_text(claims, "")
    text = chapter.comparison_case_text(claims, "zurich")
    assert text.startswith("The Zurich network is set beside this one")
    assert "Claim (" in text  # the claim's sentence


def test_claim_direction_follows_the_sign_of_a_supported_claim():
    claims = _claims(
        {"claim_id": "up", "estimate": 0.4},
        {"claim_id": "down", "estimate": -0.4},
        {"claim_id": "weak", "estimate": 0.4, "supported": False},
    )
    words = ("stronger", "weaker", "not demonstrably stronger or weaker")
    assert chapter.claim_direction(claims, "up", *words) == "stronger"
    assert chapter.claim_direction(claims, "down", *words) == "weaker"
    assert chapter.claim_direction(claims, "weak", *words) == words[2]
    assert chapter.claim_direction(claims, "missing", *words) == words[2]


def test_margin_text_falls_back_to_a_description():
    assert chapter.margin_text(_claims({"claim_id": "x"})).startswith("The table describes")
    claims = _claims({"claim_id": "margin-informal-reach", "claim": "Informal sit out"})
    assert chapter.margin_text(claims).startswith("Informal sit out")


def test_network_limitations_come_from_the_data():
    import pandas as pd

    notes = chapter.network_notes(pd.DataFrame({"response_rate": [0.78]}), "neighbourhood_team", 6)
    assert notes[0].startswith("78% of the organisations answered")
    assert notes[1].startswith("One network cannot compare governance modes")
    assert notes[2] == (
        "The comparisons of neighbourhood team organisations with the others rest on 6 of them, "
        "so only large differences can be detected."
    )
    notes = chapter.network_notes(pd.DataFrame({"response_rate": [0.7, 0.9]}), "pcsw", 20)
    assert len(notes) == 1 and notes[0].startswith("Between 70% and 90%")
    assert set(chapter.NONRESPONSE_TEXT) == set(__import__("localwelfare.network").network
                                               .NONRESPONSE_STRATEGIES)  # fmt: skip


def test_typology_sentences():
    import pandas as pd

    differs = {"p_value": 0.001, "effect_size": 0.3, "ci_low": 0.2, "ci_high": 0.4}
    assert chapter.response_sentence(differs, 0.05).startswith("Response differs between the")
    same = {"p_value": 0.4, "effect_size": 0.1, "ci_low": 0.0, "ci_high": 0.2}
    assert chapter.response_sentence(same, 0.05) == (
        "The data do not show that response differs between the strata (p = 0.400); the "
        "weights correct what differences there are."
    )
    assert chapter.missing_text("listwise", 3) == (
        "listwise deletion (3 PCSWs with a missing answer left out)"
    )
    assert chapter.missing_text("fiml", 0).startswith("full-information maximum likelihood")
    selection = pd.DataFrame({"k": [1, 2], "blrt_p": [float("nan"), 0.03]})
    assert chapter.blrt_text(selection, 0) == "not run in this version (parameter blrt_draws)."
    assert chapter.blrt_text(selection, 19) == (
        "p = 0.03 for 2 against 1 types (19 draws: the smallest attainable p is 0.05)."
    )
    # the widest on the log scale: 0.5 to 8 (a factor 16) beats 1 to 10 (a factor 10)
    odds = pd.DataFrame(
        {
            "class": [2, 3],
            "term": ["region: wallonia", "region: brussels"],
            "ci_low": [1.0, 0.5],
            "ci_high": [10.0, 8.0],
        }
    )
    assert chapter.widest_interval_text(odds) == (
        "The widest interval, for Region: Brussels in type 3, runs from 0.50 to 8.00: few PCSWs "
        "carry that effect."
    )
    assert [chapter.agreement_word(a) for a in (0.7, 0.65, 0.3, 0.29)] == [
        "strong",
        "strong",
        "moderate",
        "weak",
    ]
    notes = chapter.typology_notes(150, 300, 0.81, 19)
    assert notes[0].startswith("150 of the 300 PCSWs answered (50%)")
    assert "relative entropy of 0.81" in notes[1] and "19 draws" in notes[2]
    assert len(chapter.typology_notes(150, 300, 0.81, 99)) == 2
    assert set(chapter.CRITERION_NAMES) == {"bic", "aic", "sabic", "caic"}
    assert set(chapter.WEIGHTING_TEXT) == {True, False}


# --- the synthetic-data notice: in full on the preface and the summaries, a banner elsewhere --


def _package(tmp_path, synthetic: bool) -> Path:
    folder = tmp_path / ("synthetic" if synthetic else "real")
    folder.mkdir()
    descriptor = {"name": "x", "synthetic": synthetic, "seed": 424242, "resources": []}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def test_a_chapter_shows_a_one_line_banner_that_links_to_the_full_notice(tmp_path):
    banner = chapter.synthetic_notice(_package(tmp_path, True)).data
    text = " ".join(line for line in banner.splitlines() if not line.startswith(":::"))
    assert text.startswith("**Synthetic data:**")
    assert "424242" not in banner and "localwelfare.synthetic" not in banner  # no seed, no module
    assert len(text) < 200  # one line on a desktop screen, two or three on a phone
    target = text.split("{ref}`")[1].split("`")[0]
    label = target.split("<")[1].rstrip(">")
    preface = (REPO / "book" / "preface.md").read_text(encoding="utf-8")
    after = preface.split(f"({label})=\n", 1)  # the label stands right before the full notice
    assert len(after) == 2 and after[1].startswith("```{include} _snippets/synthetic.md")


def test_the_full_notice_is_for_documents_without_a_preface(tmp_path):
    full = chapter.synthetic_notice(_package(tmp_path, True), full=True).data
    assert full.startswith(":::{admonition} Synthetic data") and "424242" in full
    assert chapter.synthetic_notice(_package(tmp_path, False)) is None
    calls = {}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        calls[path.stem] = [
            line.strip()
            for cell in cells
            if cell.cell_type == "code"
            for line in cell.source.splitlines()
            if "synthetic_notice(" in line
        ]
    # the short report is a document of its own; every other notebook is a chapter of the book
    assert calls.pop("short_report") == ["chapter.synthetic_notice(data_dir or None, full=True)"]
    assert all(lines == ["chapter.synthetic_notice(data_dir or None)"] for lines in calls.values())


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("preface.md", "Synthetic data"),
        ("summary-en.md", "Synthetic data"),
        ("summary-nl.md", "Synthetische gegevens"),
        ("summary-fr.md", "Données synthétiques"),
    ],
)
def test_the_preface_and_the_summaries_show_the_full_notice(page, title):
    text = (REPO / "book" / page).read_text(encoding="utf-8")
    if "```{include} _snippets/synthetic.md" in text:
        text = (REPO / "book" / "_snippets" / "synthetic.md").read_text(encoding="utf-8")
    assert f":::{{admonition}} {title}\n:class: warning\n" in text
    body = text.split(f":::{{admonition}} {title}", 1)[1].split(":::", 1)[0]
    assert len(body.split()) > 30  # the notice itself, not a pointer to it


# --- Dutch and French pages: local number formats and the codebook's themes in their language --

#: The pages written in Dutch or French that glue values from the runs.
LOCAL_PAGES = sorted(
    [
        *(REPO / "book").glob("summary-[nf][lr].md"),
        *(REPO / "briefs").glob("*-nl.md"),
        *(REPO / "briefs").glob("*-fr.md"),
        REPO / "brochure" / "nl.md",
        REPO / "brochure" / "fr.md",
    ]
)
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`(?:[^`]*::)?([A-Za-z0-9_]+)(?::([^`]*))?`")


def _translated_keys() -> set[str]:
    """The keys the notebooks glue in three languages (``key``, ``key_nl``, ``key_fr``)."""
    keys = set()
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "attr", "")
                    in ("glue_word", "glue_localised", "glue_sector")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    keys.add(node.args[0].value)
    return keys


def test_numbers_read_as_each_language_writes_them():
    assert chapter.number_text(0.1, ".2f", "en") == "0.10"
    assert chapter.number_text(0.1, ".2f", "nl") == "0,10"
    assert chapter.number_text(-0.494, ".2f", "fr") == "-0,49"
    assert chapter.number_text(0.0002, ".4f", "fr") == "0,0002"
    assert chapter.number_text(0.485, ".0%", "nl") == "48%"
    assert chapter.number_text(0.485, ".0%", "fr") == "48\u00a0%"  # a space that does not break
    assert chapter.number_text(float("nan"), ".2f", "nl") == "—"
    with pytest.raises(InputError, match="language"):
        chapter.number_text(0.1, ".2f", "de")


def test_glue_localised_glues_the_dutch_and_french_texts(monkeypatch):
    glued = {}
    monkeypatch.setattr(chapter, "glue_all", glued.update)
    chapter.glue_localised("density_max", 0.3349, ".2f")
    assert glued == {"density_max_nl": "0,33", "density_max_fr": "0,33"}


def test_the_local_pages_glue_numbers_and_words_in_their_language():
    """A Dutch or French page never formats a glued number itself (that gives a decimal point)
    and never glues the English form of a value the runs glue in its language."""
    translated = _translated_keys()
    assert {"density_min", "main_ei_p", "top_share", "top_code", "focal_name"} <= translated
    assert len(LOCAL_PAGES) == 2 + 8 + 2
    wrong = []
    for page in LOCAL_PAGES:
        for key, spec in GLUE_ROLE.findall(page.read_text(encoding="utf-8")):
            if key in translated or re.search(r"[efg%]$", spec or ""):
                wrong.append(f"{page.relative_to(REPO)}: {key}:{spec}")
    assert wrong == []


def test_every_theme_of_the_codebook_has_dutch_and_french_names():
    from localwelfare import refiqda

    codebook = refiqda.read_codebook(REPO / "data" / "raw" / "interviews.qdpx")
    themes = codebook.loc[codebook["level"] == 1, "code_path"]
    assert len(themes) >= 10
    for theme in themes:
        english, dutch, french = (chapter.translate(theme, lang) for lang in chapter.LANGUAGES)
        assert english == theme and dutch.strip() and french.strip()
        assert dutch != english, theme  # every theme has its own Dutch name
