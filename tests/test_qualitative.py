"""WP2 analyses: agreement against NVivo's and Krippendorff's published examples, chi-square and
Cramer's V against pingouin's and scipy's documented results, matrices, co-occurrence, quotes."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from localwelfare import qualitative as q
from localwelfare import stats
from localwelfare.errors import InputError

# --- inter-coder agreement -----------------------------------------------------------------------


def test_nvivo_coding_comparison_example_from_counts():
    # 1000 characters: 50 coded by both, 100 by A only, 50 by B only, 800 by neither
    r = q.agreement_from_counts(50, 100, 50, 800)
    assert r["percent_agreement"] == pytest.approx(85.0)
    assert r["kappa"] == pytest.approx(0.3182, abs=5e-5)
    assert r["alpha"] == pytest.approx(0.3146, abs=5e-5)


def test_nvivo_example_on_characters_of_a_source():
    # the same example as codings: A codes characters 0-149, B codes 100-199 of a 1000-char text
    seg = pd.DataFrame(
        {
            "segment_id": ["a1", "b1"],
            "source": "doc",
            "coder": ["A", "B"],
            "code_path": "theme",
            "start": [0, 100],
            "end": [150, 200],
        }
    )
    out = q.agreement_characters(seg, {"doc": 1000}, "A", "B").set_index("code")
    row = out.loc["theme"]
    assert (row["both"], row["a_only"], row["b_only"], row["neither"]) == (50, 100, 50, 800)
    assert row["percent_agreement"] == pytest.approx(85.0)
    assert row["kappa"] == pytest.approx(0.3182, abs=5e-5)
    assert row["alpha"] == pytest.approx(0.3146, abs=5e-5)
    assert out.loc["(pooled)", "kappa"] == pytest.approx(0.3182, abs=5e-5)


def test_character_agreement_pools_tables_over_codes_and_ignores_single_coded_sources():
    seg = pd.DataFrame(
        {
            "segment_id": list("abcdef"),
            "source": ["d1", "d1", "d1", "d1", "d2", "d2"],
            "coder": ["A", "B", "A", "B", "A", "A"],
            "code_path": ["x", "x", "y", "y", "x", "y"],
            "start": [0, 0, 10, 15, 0, 0],
            "end": [10, 10, 20, 20, 5, 5],
        }
    )
    out = q.agreement_characters(seg, {"d1": 20, "d2": 5}, "A", "B").set_index("code")
    assert out.loc["x", ["both", "a_only", "b_only", "neither"]].tolist() == [10, 0, 0, 10]
    assert out.loc["y", ["both", "a_only", "b_only", "neither"]].tolist() == [5, 5, 0, 10]
    assert out.loc["(pooled)", ["both", "a_only", "b_only", "neither"]].tolist() == [15, 5, 0, 20]
    assert out.loc["x", "kappa"] == pytest.approx(1.0)


def test_krippendorff_2011_four_coders_twelve_units():
    nan = np.nan
    data = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        "C": [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    }
    ratings = pd.DataFrame(
        [(u, c, v) for c, vs in data.items() for u, v in enumerate(vs) if not np.isnan(v)],
        columns=["unit", "coder", "value"],
    )
    expected = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for level, alpha in expected.items():
        assert q.krippendorff_alpha(ratings, level) == pytest.approx(alpha, abs=5e-4), level


def test_segment_agreement_on_merged_units():
    # d1: units [0,12) (A and B overlap), [20,30) (A only); x agreed on unit 1, y only by A
    seg = pd.DataFrame(
        {
            "segment_id": list("abcd"),
            "source": "d1",
            "coder": ["A", "B", "A", "A"],
            "code_path": ["x", "x", "y", "x"],
            "start": [0, 2, 20, 20],
            "end": [10, 12, 30, 30],
        }
    )
    units = q.segment_units(seg)
    assert units[["start", "end"]].values.tolist() == [[0, 12], [20, 30]]
    out = q.agreement_segments(seg, "A", "B").set_index("code")
    assert out.loc["x", ["both", "a_only", "b_only", "neither"]].tolist() == [1, 1, 0, 0]
    assert out.loc["y", ["both", "a_only", "b_only", "neither"]].tolist() == [0, 1, 0, 1]
    assert out.loc["x", "percent_agreement"] == pytest.approx(50.0)


def test_agreement_needs_both_coders():
    seg = pd.DataFrame(
        {
            "segment_id": ["a"],
            "source": "d",
            "coder": "A",
            "code_path": "x",
            "start": [0],
            "end": [5],
        }
    )
    with pytest.raises(InputError, match="coder 'B'"):
        q.agreement_segments(seg, "A", "B")


# --- chi-square and Cramer's V -------------------------------------------------------------------


def test_contingency_test_matches_scipy_documented_example():
    # scipy.stats.chi2_contingency docs: [[10, 10, 20], [20, 20, 20]] -> 2.7778, p 0.2494, dof 2
    table = pd.DataFrame([[10, 10, 20], [20, 20, 20]])
    cells = table.stack()
    x = cells.index.get_level_values(0).repeat(cells.to_numpy())
    y = cells.index.get_level_values(1).repeat(cells.to_numpy())
    out = stats.contingency_test(x, y, n_boot=99)
    assert out["test"] == "chi_square"
    assert out["statistic"] == pytest.approx(2.7778, abs=1e-4)
    assert out["p_value"] == pytest.approx(0.2494, abs=1e-4)


def test_code_group_tests_use_interviews_as_units():
    # the same heart data as interviews: "mentions the code" = target 1, groups = sex
    data = pg.read_dataset("chi2_independence")
    interviews = pd.DataFrame(
        {"source": [f"i{i}" for i in range(len(data))], "group": data["sex"].astype(str)}
    )
    mentioned = interviews[data["target"].to_numpy() == 1]
    seg = pd.DataFrame(
        {
            "segment_id": mentioned["source"],
            "source": mentioned["source"],
            "code_path": "heart/yes",
            "coder": "a",
        }
    )
    out = q.code_group_tests(seg, interviews, by="group").set_index("code")
    assert out.loc["heart", "chi2"] == pytest.approx(22.717, abs=5e-4)
    assert out.loc["heart", "cramers_v"] == pytest.approx(0.274, abs=5e-4)


# --- matrices ----------------------------------------------------------------------------------


@pytest.fixture
def segments():
    return pd.DataFrame(
        {
            "segment_id": ["s1", "s1", "s2", "s3", "s4", "s5"],
            "source": ["i1", "i1", "i1", "i2", "i3", "i3"],
            "coder": "a",
            "code_path": [
                "access/language",
                "access/cost",
                "trust",
                "access/cost",
                "trust",
                "trust/distrust",
            ],
            "start": [0, 0, 50, 0, 0, 100],
            "end": [40, 40, 90, 30, 60, 150],
            "text": ["x" * 40, "x" * 40, "y" * 40, "z" * 30, "w" * 60, "v" * 50],
            "group": ["fam", "fam", "fam", "fam", "sw", "sw"],
        }
    )


def test_code_matrix_rolls_up_counts_segments_once_and_presence(segments):
    interviews = pd.DataFrame(
        {"source": ["i1", "i2", "i3", "i4"], "group": ["fam", "fam", "sw", "sw"]}
    )
    out = q.code_matrix(segments, "group", level=1, interviews=interviews).set_index(
        ["code", "group"]
    )
    # s1 has two access children: one access segment
    assert out.loc[("access", "fam"), ["n_segments", "n_interviews"]].tolist() == [2, 2]
    assert out.loc[("access", "sw"), ["n_segments", "n_interviews"]].tolist() == [0, 0]
    assert out.loc[("trust", "sw"), ["n_segments", "n_interviews"]].tolist() == [2, 1]
    # i4 has no codings but counts in its group
    assert out.loc[("trust", "sw"), "n_interviews_group"] == 2
    assert out.loc[("trust", "sw"), "share_interviews"] == pytest.approx(0.5)
    leaf = q.code_matrix(segments, "group", level=None)
    assert set(leaf["code"]) == {"access/language", "access/cost", "trust", "trust/distrust"}


# --- co-occurrence ------------------------------------------------------------------------------


def test_cooccurrence_same_segment_overlap_and_interview(segments):
    seg = q.cooccurrence(segments, level=None, scope="segment").set_index(["code_a", "code_b"])
    # s1: access/cost with access/language; s5 [100,150) does not overlap s4 [0,60)
    assert seg.index.tolist() == [("access/cost", "access/language")]
    assert seg.iloc[0][["n", "n_a", "n_b"]].tolist() == [1, 2, 1]
    assert seg.iloc[0]["jaccard"] == pytest.approx(0.5)
    inter = q.cooccurrence(segments, level=1, scope="interview").set_index(["code_a", "code_b"])
    assert inter.loc[("access", "trust"), ["n", "n_a", "n_b"]].tolist() == [1, 2, 2]


def test_cooccurrence_matches_brute_force_on_random_codings():
    rng = np.random.default_rng(7)
    n = 400
    start = rng.integers(0, 500, n)
    seg = pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(n)],
            "source": rng.choice(["d1", "d2", "d3"], n),
            "coder": rng.choice(["a", "b"], n),
            "code_path": rng.choice(["p/x", "p/y", "q/z", "r"], n),
            "start": start,
            "end": start + rng.integers(1, 40, n),
        }
    )
    got = q.cooccurrence(seg, level=None).set_index(["code_a", "code_b"])["n"].to_dict()
    want: dict = {}
    rows = seg.to_dict("records")
    for r1, r2 in itertools.combinations(rows, 2):
        same = r1["source"] == r2["source"] and r1["coder"] == r2["coder"]
        overlap = r1["start"] < r2["end"] and r2["start"] < r1["end"]
        if same and overlap and r1["code_path"] != r2["code_path"]:
            key = tuple(sorted([r1["code_path"], r2["code_path"]]))
            want[key] = want.get(key, 0) + 1
    assert got == want


def test_communities_split_two_groups_of_codes():
    table = pd.DataFrame(
        [
            ("a", "b", 10),
            ("a", "c", 10),
            ("b", "c", 10),
            ("d", "e", 10),
            ("d", "f", 10),
            ("e", "f", 10),
            ("c", "d", 1),
        ],
        columns=["code_a", "code_b", "n"],
    ).assign(n_a=30, n_b=30, jaccard=0.2)
    graph = q.cooccurrence_graph(table)
    parts = q.code_communities(graph)
    groups = parts.groupby("community")["code"].apply(sorted).tolist()
    assert sorted(groups) == [["a", "b", "c"], ["d", "e", "f"]]
    assert parts["modularity"].iloc[0] > 0.3


# --- quotes and framework matrix ----------------------------------------------------------------


def test_quotes_reproducible_independent_of_row_order_and_deidentified():
    seg = pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(20)],
            "source": [f"i{i % 4}" for i in range(20)],
            "coder": "a",
            "code_path": "access/language",
            "group": ["fam"] * 20,
            "text": [
                f"Quote number {i} from Fatima, call 0470 12 34 56 please." for i in range(20)
            ],
        }
    )
    pseud = {"i0": "family 03", "i1": "family 01", "i2": "family 04", "i3": "family 02"}
    one = q.select_quotes(
        seg, by=["code", "group"], n=3, seed=11, register={"Fatima": "name"}, pseudonyms=pseud
    )
    two = q.select_quotes(
        seg.sample(frac=1, random_state=1),
        by=["code", "group"],
        n=3,
        seed=11,
        register={"Fatima": "name"},
        pseudonyms=pseud,
    )
    assert one.equals(two)
    assert len(one) == 3
    assert all("Fatima" not in t and "0470" not in t for t in one["quote"])
    assert all("[name]" in t and "[phone]" in t for t in one["quote"])
    assert set(one["speaker"]) <= set(pseud.values())
    others = [q.select_quotes(seg, by="code", n=3, seed=s)["segment_id"].tolist() for s in range(5)]
    assert len({tuple(o) for o in others}) > 1  # the seed matters


def test_framework_matrix_counts_and_one_quote_per_filled_cell(segments):
    out = q.framework_matrix(segments, row="group", level=1, min_chars=10).set_index(
        ["group", "theme"]
    )
    assert out.loc[("fam", "access"), "n_segments"] == 2
    assert isinstance(out.loc[("fam", "access"), "quote"], str)
    assert out.loc[("sw", "access"), "n_segments"] == 0
    assert pd.isna(out.loc[("sw", "access"), "quote"])


# --- the synthetic corpus, read through the real import path -----------------------------------


@pytest.fixture(scope="module")
def corpus(repo):
    from localwelfare import data, refiqda

    project = refiqda.read_project(data.resource_path("interviews_qdpx", repo / "data"))
    plan = data.load("interview_plan", repo / "data")
    seg = refiqda.segments_table(project).merge(
        plan.rename(columns={"interview_id": "source"}), on="source", how="left"
    )
    return project, seg, plan.rename(columns={"interview_id": "source"}), data


def test_qdpx_and_coded_segments_resource_hold_the_same_codings(corpus, repo):
    project, seg, _plan, data = corpus
    table = data.load("coded_segments", repo / "data").set_index("coding_id").sort_index()
    qdpx = seg.set_index("coding_id").sort_index()
    assert table.index.equals(qdpx.index)
    assert (table["text"] == qdpx["text"]).all()
    assert (table["code_path"] == qdpx["code_path"]).all()
    assert (project.codes["description"].str.len() > 0).all()


def test_planted_effects_are_found(corpus):
    _project, seg, plan, _data = corpus
    first = seg[seg["coder"] == "coder_a"]
    newcomers = first[first["study"] == "bbox"]
    m = q.code_matrix(
        newcomers, "region", level=None, interviews=plan[plan["study"] == "bbox"]
    ).set_index(["code", "region"])
    lang = "access and thresholds/language"
    assert (
        m.loc[(lang, "flanders"), "share_interviews"]
        > m.loc[(lang, "wallonia"), "share_interviews"]
    )
    inch = first[first["study"] == "inch"]
    groups = q.code_matrix(inch, "actor_group", level=1).set_index(["code", "actor_group"])
    assert (
        groups.loc[("access and thresholds", "family_in_poverty"), "n_segments"]
        > 2 * groups.loc[("access and thresholds", "policy_maker"), "n_segments"]
    )
    pairs = q.cooccurrence(first, level=None).head(5)
    assert {"access and thresholds/administrative burden", lang} in [
        {a, b} for a, b in zip(pairs["code_a"], pairs["code_b"], strict=True)
    ]


def test_agreement_on_the_double_coded_subset_is_lowest_for_discretion(corpus):
    project, seg, _plan, _data = corpus
    lengths = project.sources.set_index("name")["n_chars"]
    out = q.agreement_characters(seg, lengths, "coder_a", "coder_b", level=1).set_index("code")
    assert 0.5 < out.loc["(pooled)", "kappa"] < 0.95
    themes = out.drop("(pooled)")
    assert themes["kappa"].idxmin() == "discretion"


def test_published_quotes_of_the_corpus_carry_no_identifier(corpus):
    from localwelfare import privacy, synthetic

    _project, seg, _plan, _data = corpus
    register = synthetic.private_register()
    assert privacy.scan_identifiers(seg["text"], register).empty  # de-identified at ingestion
    assert seg["text"].str.contains(r"\[(?:name|place|phone)\]").any()  # planted, then replaced
    quotes = q.select_quotes(seg, by=["code", "actor_group"], n=3, seed=1)
    assert privacy.scan_identifiers(quotes["quote"], register).empty


def test_broken_coded_segments_file_names_file_row_field_and_rule(repo, tmp_path):
    import shutil

    from localwelfare import data

    shutil.copytree(repo / "data", tmp_path / "data")
    path = tmp_path / "data" / "raw" / "coded_segments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",text,", ",sound,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as error:
        data.load("coded_segments", tmp_path / "data")
    message = str(error.value)
    assert "coded_segments.csv" in message and "row 4" in message
    assert "field 'kind'" in message and "constraint-error" in message


# --- a coherent corpus: every sentence fits its speaker, study and place -----------------------


def test_rules_catch_the_contradictions_the_corpus_once_had():
    from localwelfare.synthetic import utterances as u

    said = [
        ("We gaan op huisbezoek bij gezinnen die zelf de weg niet vinden.", "client", "antwerp"),
        ("Ik schaam me om naar het OCMW te gaan, iedereen kent je daar.", "worker", "antwerp"),
        ("Volgens de regels kan het niet, maar ik maak soms een uitzondering.", "newcomer", "bbox"),
        ("J'ai quatre-vingts dossiers, il n'y a plus de temps.", "policy", "inch"),
        ("Ik wacht al zes weken op een beslissing over mijn leefloon.", "informal", "oud-noord"),
        (
            "Op het welzijnsoverleg stemmen we af wie welk gezin opvolgt.",
            "professional",
            "oud-noord",
        ),
        ("Het wijkteam zegt dat het helpt.", "client", "inch"),
    ]
    for text, role, study in said:
        assert u.violations(text, role, study), (text, role, study)
    assert u.violations("Ik wacht al zes weken op mijn leefloon.", "client", "antwerp") == []


def test_sentence_table_covers_every_study_role_and_language():
    """Every code of a study's interview guide has a sentence for each of the study's roles in
    each language its interviews are held in (English standing for a translation)."""
    from localwelfare.synthetic import utterances as u

    languages = {
        ("inch", "policy_maker"): ["nl", "fr"],
        ("inch", "social_worker"): ["nl", "fr"],
        ("inch", "family_in_poverty"): ["nl", "fr"],
        ("antwerp", "social_worker"): ["nl"],
        ("antwerp", "client"): ["nl", "fr", "en"],
        ("oud-noord", "professional"): ["nl"],
        ("oud-noord", "informal_actor"): ["nl"],
        ("bbox", "newcomer"): ["nl", "fr", "en"],
        ("bbox-pcsw", "pcsw_manager"): ["nl", "fr"],
        ("bbox-pcsw", "pcsw_social_worker"): ["nl", "fr"],
    }
    for (study, group), langs in languages.items():
        role = u.role_of(group)
        for code in u.GUIDES[study]:
            assert code in u.CODES
            for lang in langs:
                text = u.sentence(code, role, lang)
                assert u.violations(text, role, study) == [], (study, group, code, lang, text)


def test_every_segment_of_the_corpus_fits_its_speaker_study_and_place(corpus):
    from localwelfare.synthetic import utterances as u

    _project, seg, _plan, _data = corpus
    assert seg["study"].notna().all()
    broken = [
        (row.source, row.actor_group, rule, row.text)
        for row in seg.drop_duplicates(["source", "segment_id"]).itertuples()
        for rule in u.violations(row.text, u.role_of(row.actor_group), row.study)
    ]
    assert broken == []
    texts = seg.groupby("study")["text"].agg(" ".join)
    assert "leefloon" not in texts["oud-noord"] and "welzijnsoverleg" not in texts["oud-noord"]
    assert all("wijkteam" not in texts[s] for s in ("inch", "antwerp", "bbox", "bbox-pcsw"))
    assert "wijkteam" in texts["oud-noord"] and "OCMW" in texts["antwerp"]


def test_corpus_languages_follow_the_studies(corpus):
    _project, _seg, plan, _data = corpus
    lang = plan.groupby(["study", "region"])["language"].agg(lambda x: set(x))
    assert lang[("oud-noord", "amsterdam")] == {"nl"}
    for study in ("inch", "bbox-pcsw"):
        assert lang[(study, "flanders")] == {"nl"} and lang[(study, "wallonia")] == {"fr"}
        assert lang[(study, "brussels")] == {"nl", "fr"}
    # newcomers: the region's language or their own (transcribed as an English translation)
    assert "fr" not in lang[("bbox", "flanders")] and "nl" not in lang[("bbox", "wallonia")]
    assert len(lang[("bbox", "brussels")] - {"nl", "fr"}) >= 3


def test_codes_of_the_studies_questions_are_used(corpus):
    _project, seg, _plan, _data = corpus
    first = seg[seg["coder"] == "coder_a"]
    used = first.groupby("study")["code_path"].agg(set)
    assert {
        "working conditions/caseload",
        "working conditions/emotional burden",
        "working conditions/time pressure",
    } <= used["antwerp"]
    assert {
        "co-production/stressing the difference",
        "advocacy/speaking for residents",
        "advocacy/link to formal services",
        "trust/low trust in the formal domain",
    } <= used["oud-noord"]
    assert {"rules and policy/local guidelines", "rationales/deservingness"} <= used["bbox-pcsw"]
    assert all(code == code.lower() for code in set().union(*used))


def test_at_least_a_fifth_of_every_studys_interviews_is_double_coded(corpus):
    _project, seg, plan, _data = corpus
    double = set(seg.loc[seg["coder"] == "coder_b", "source"])
    share = plan.assign(double=plan["source"].isin(double)).groupby("study")["double"].mean()
    assert set(share.index) == {"inch", "antwerp", "oud-noord", "bbox", "bbox-pcsw"}
    assert (share >= 0.2).all(), share.to_dict()


def test_null_switches_off_every_group_region_and_centre_effect():
    from localwelfare.synthetic import qualitative as sq

    cells = {
        "inch": [("policy_maker", "flanders"), ("family_in_poverty", "brussels")],
        "antwerp": [("social_worker", "flanders"), ("client", "flanders")],
        "oud-noord": [("professional", "amsterdam"), ("informal_actor", "amsterdam")],
        "bbox": [("newcomer", "flanders"), ("newcomer", "brussels")],
        "bbox-pcsw": [("pcsw_manager", "flanders"), ("pcsw_social_worker", "wallonia")],
    }
    for study, pairs in cells.items():
        null = [sq._weights(study, g, r, null=True, centre="centre-4") for g, r in pairs]
        null.append(sq._weights(study, pairs[0][0], pairs[0][1], null=True, centre="centre-1"))
        assert all(np.allclose(null[0], w) for w in null)
        planted = [sq._weights(study, g, r) for g, r in pairs]
        assert not np.allclose(planted[0], planted[1]), study
    centres = [
        sq._weights("antwerp", "client", "flanders", centre=c) for c in ("centre-1", "centre-4")
    ]
    assert not np.allclose(*centres)


# --- the interview plan: Antwerp's centres, BBOX's PCSW case studies ---------------------------


def test_plan_has_antwerp_centres_and_the_twenty_pcsw_case_studies(corpus, repo):
    from localwelfare import data

    _project, _seg, plan, _data = corpus
    antwerp = plan[plan["study"] == "antwerp"]
    per = antwerp.groupby(["centre", "actor_group"]).size().unstack()
    assert per.to_dict() == {
        "client": {f"centre-{i}": 2 for i in range(1, 5)},
        "social_worker": {f"centre-{i}": 3 for i in range(1, 5)},
    }
    assert plan.loc[plan["study"] != "antwerp", "centre"].isna().all()
    newcomers = plan[plan["study"] == "bbox"]
    assert len(newcomers) == 90 and set(newcomers["actor_group"]) == {"newcomer"}
    cases = plan[plan["study"] == "bbox-pcsw"]
    assert set(cases["pcsw"]) == set(newcomers["pcsw"]) and cases["pcsw"].nunique() == 20
    per_pcsw = cases.groupby(["pcsw", "actor_group"]).size().unstack()
    assert (per_pcsw["pcsw_manager"] == 1).all() and (per_pcsw["pcsw_social_worker"] == 2).all()
    regions = newcomers.drop_duplicates("pcsw").set_index("pcsw")["region"]
    assert (cases.set_index("pcsw")["region"] == regions.reindex(cases["pcsw"])).all()
    frame = data.load("municipalities", repo / "data")
    assert set(cases["pcsw"]) <= set(frame["nis_code"])  # the key of the PCSW survey too
    assert len(data.load("newcomer_interviews", repo / "data")) == 90


# --- agreement with bootstrap intervals ---------------------------------------------------------


def test_closed_form_kappa_and_alpha_match_sklearn_and_krippendorff():
    rng = np.random.default_rng(3)
    for _ in range(20):
        counts = rng.integers(0, 50, 4)
        counts[0] += 1
        counts[3] += 1
        ref = q.agreement_from_counts(*counts)
        percent, kappa, alpha = q._kappa_alpha(counts)
        assert percent[0] == pytest.approx(ref["percent_agreement"])
        assert kappa[0] == pytest.approx(ref["kappa"])
        assert alpha[0] == pytest.approx(ref["alpha"])


def test_agreement_interval_point_is_the_pooled_agreement_and_the_interval_brackets_it(corpus):
    project, seg, _plan, _data = corpus
    lengths = project.sources.set_index("name")["n_chars"]
    out = q.agreement_interval(
        seg, "coder_a", "coder_b", lengths, by="study", level=1, n_boot=200, seed=1
    ).set_index("study")
    assert set(out.index) == {"inch", "antwerp", "oud-noord", "bbox", "bbox-pcsw"}
    antwerp = seg[seg["study"] == "antwerp"]
    pooled = q.agreement_characters(antwerp, lengths, "coder_a", "coder_b", level=1)
    pooled = pooled.set_index("code").loc["(pooled)"]
    assert out.loc["antwerp", "kappa"] == pytest.approx(pooled["kappa"], abs=1e-4)
    assert out.loc["antwerp", "alpha"] == pytest.approx(pooled["alpha"], abs=1e-4)
    assert (out["n_interviews"] >= 6).all()
    assert (out["kappa_low"] <= out["kappa"]).all() and (out["kappa"] <= out["kappa_high"]).all()
    assert (out["alpha_low"] <= out["alpha"]).all() and (out["alpha"] <= out["alpha_high"]).all()
    assert (out["kappa_high"] - out["kappa_low"] > 0).all()
    again = q.agreement_interval(
        seg, "coder_a", "coder_b", lengths, by="study", level=1, n_boot=200, seed=1
    ).set_index("study")
    pd.testing.assert_frame_equal(out, again)
    units = q.agreement_interval(seg, "coder_a", "coder_b", unit="segments", n_boot=50)
    whole = q.agreement_segments(seg, "coder_a", "coder_b").set_index("code").loc["(pooled)"]
    assert units.loc[0, "kappa"] == pytest.approx(whole["kappa"], abs=1e-4)
    assert units.loc[0, "n_units"] == whole["n_units"]


def test_agreement_interval_of_one_identical_interview_has_no_width():
    seg = pd.DataFrame(
        {
            "source": ["i1"] * 4,
            "segment_id": ["a1", "a2", "b1", "b2"],
            "coder": ["a", "a", "b", "b"],
            "code_path": ["x", "y", "x", "y"],
            "start": [0, 10, 0, 10],
            "end": [10, 20, 10, 20],
        }
    )
    out = q.agreement_interval(seg, "a", "b", {"i1": 30}, n_boot=20).iloc[0]
    assert out["kappa"] == out["kappa_low"] == out["kappa_high"] == 1.0
    with pytest.raises(InputError, match="lengths"):
        q.agreement_interval(seg, "a", "b")
    with pytest.raises(InputError, match="unit"):
        q.agreement_interval(seg, "a", "b", {"i1": 30}, unit="words")


# --- saturation ---------------------------------------------------------------------------------


def test_saturation_hand_counted():
    """Two groups, interviews in the order of their ids.

    Group ``sw`` (6 interviews; i5 has no codings at all):
      i1: a, b      -> new a, b   (2), seen {a, b}
      i2: a, c      -> new c      (1), seen {a, b, c}
      i3: b         -> new none   (0)
      i4: c, a      -> new none   (0)
      i5: -         -> new none   (0)
      i6: d         -> new d      (1), seen {a, b, c, d}
    Curve of new codes: 2, 1, 0, 0, 0, 1; cumulative 2, 3, 3, 3, 3, 4 of 4 codes.
    window 3, threshold 0: interviews 3-5 add nothing, so saturation after 2 interviews, with 1
    code (d) coming later. window 4: no run of four without new codes: not reached.

    Group ``fam`` (2 interviews): j1: a; j2: a, b -> new 1, 1: too few interviews for a window
    of 3, not reached. At level 1 ``a/x`` and ``a/y`` are one code ``a``.
    """
    seg = pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(11)],
            "source": ["i1", "i1", "i2", "i2", "i3", "i4", "i4", "i6", "j1", "j2", "j2"],
            "code_path": ["a", "b", "a", "c", "b", "c", "a", "d", "a/x", "a/y", "b"],
        }
    )
    ivs = pd.DataFrame(
        {
            "source": ["i6", "i5", "i4", "i3", "i2", "i1", "j2", "j1"],
            "group": ["sw"] * 6 + ["fam"] * 2,
        }
    )
    table = q.saturation(seg, ivs, by="group").set_index(["group", "position"])
    sw = table.loc["sw"]
    assert sw["source"].tolist() == ["i1", "i2", "i3", "i4", "i5", "i6"]
    assert sw["n_new"].tolist() == [2, 1, 0, 0, 0, 1]
    assert sw["n_cumulative"].tolist() == [2, 3, 3, 3, 3, 4]
    assert sw["n_codes"].tolist() == [2, 2, 1, 2, 0, 1]
    assert sw["share_cumulative"].tolist() == [0.5, 0.75, 0.75, 0.75, 0.75, 1.0]
    point = q.saturation_point(q.saturation(seg, ivs, by="group")).set_index("group")
    assert point.loc["sw", "reached"] and point.loc["sw", "saturation_after"] == 2
    assert point.loc["sw", "new_after"] == 1
    assert point.loc["sw", "statement"].startswith("saturation reached after 2 interviews")
    assert not point.loc["fam", "reached"] and pd.isna(point.loc["fam", "saturation_after"])
    assert "not reached in 2 interviews" in point.loc["fam", "statement"]
    wide = q.saturation_point(q.saturation(seg, ivs, by="group"), window=4).set_index("group")
    assert not wide.loc["sw", "reached"]
    lenient = q.saturation_point(q.saturation(seg, ivs, by="group"), window=2, threshold=1)
    assert not lenient.set_index("group").loc["fam", "reached"]
    level1 = q.saturation(seg, ivs, by="group", level=1).set_index(["group", "position"])
    assert level1.loc["fam", "n_new"].tolist() == [1, 1]
    ordered = q.saturation(seg, ivs.assign(when=[1, 2, 3, 4, 5, 6, 1, 2]), by="group", order="when")
    assert ordered.set_index("group").loc["sw", "source"].tolist()[0] == "i6"


def test_saturation_of_the_corpus_per_study_and_actor_group(corpus):
    _project, seg, plan, _data = corpus
    first = seg[seg["coder"] == "coder_a"]
    table = q.saturation(first, plan, by=["study", "actor_group"])
    assert len(table) == len(plan)
    point = q.saturation_point(table)
    assert len(point) == plan.groupby(["study", "actor_group"]).ngroups
    assert point["statement"].str.startswith("saturation").all()
    assert (table.groupby(["study", "actor_group"])["n_new"].sum() > 0).all()


# --- quotes come from a speaker of the cell's group ---------------------------------------------


def test_framework_matrix_quotes_come_from_a_speaker_of_the_cells_group(corpus):
    from localwelfare.synthetic import utterances as u

    _project, seg, plan, _data = corpus
    first = seg[seg["coder"] == "coder_a"]
    group_of = plan.set_index("source")
    for study, row in [
        ("inch", "case_id"),
        ("inch", "actor_group"),
        ("antwerp", "actor_group"),
        ("antwerp", "centre"),
        ("oud-noord", "actor_group"),
        ("bbox", "region"),
        ("bbox-pcsw", "actor_group"),
        ("bbox-pcsw", "pcsw"),
    ]:
        part = first[first["study"] == study]
        out = q.framework_matrix(part, row=row, level=1, seed=1, ids=True)
        quoted = out.dropna(subset=["quote"])
        assert len(quoted) > 0
        assert (quoted["source"].map(group_of[row]) == quoted[row]).all(), (study, row)
        texts = part.drop_duplicates("segment_id").set_index("segment_id")["text"]
        for cell in quoted.itertuples():
            group = group_of.loc[cell.source, "actor_group"]
            assert u.violations(texts[cell.segment_id], u.role_of(group), study) == []
    quotes = q.select_quotes(first, by=["code", "actor_group"], n=3, seed=2, ids=True)
    assert (quotes["source"].map(group_of["actor_group"]) == quotes["actor_group"]).all()


def test_quote_from_a_segment_joined_to_two_groups_is_refused(segments):
    broken = pd.concat([segments, segments.iloc[[0]].assign(group="other")], ignore_index=True)
    with pytest.raises(InputError, match="several values of 'group'"):
        q.select_quotes(broken, by=["code", "group"], min_chars=1)


def test_saturation_figure_draws_one_curve_per_group_and_marks_saturation():
    """Hand-counted: group sw reaches saturation after 1 interview (i2-i4 add nothing), fam
    does not (its second interview brings a new code, and there is no third)."""
    import matplotlib

    matplotlib.use("Agg")
    from localwelfare import plots

    seg = pd.DataFrame(
        {
            "segment_id": list("abcdef"),
            "source": ["i1", "i1", "i2", "i3", "f1", "f2"],
            "code_path": ["x", "y", "x", "y", "x", "z"],
        }
    )
    ivs = pd.DataFrame(
        {
            "source": ["i1", "i2", "i3", "i4", "f1", "f2"],
            "actor_group": ["sw"] * 4 + ["fam"] * 2,
        }
    )
    table = q.saturation(seg, ivs, by="actor_group")
    fig, alt = plots.saturation_figure(table, q.saturation_point(table))
    top, bottom = fig.axes
    curves = [line for line in top.lines if line.get_linestyle() != "None"]
    stars = [line for line in top.lines if line.get_marker() == "*"]
    assert sorted(line.get_label() for line in curves) == ["fam", "sw"]
    assert len(stars) == 1 and stars[0].get_xdata().tolist() == [1]
    assert stars[0].get_ydata().tolist() == [2]
    assert [p.get_height() for p in bottom.patches] == [1, 1, 2, 0, 0, 0]  # fam, then sw
    assert "sw, saturation reached after 1 interviews" in alt
    assert "fam, saturation not reached in 2 interviews" in alt
    matplotlib.pyplot.close(fig)


def test_the_family_module_is_asked_of_inch_families_only(corpus):
    """Every INCh family, and no one else, names the life domains of its needs; each such turn
    says whether help came (one response code per domain turn)."""
    _project, seg, plan, _data = corpus
    first = seg[seg["coder"] == "coder_a"]
    module = first[first["code_path"].str.startswith(("life domains/", "network response/"))]
    families = plan[(plan["study"] == "inch") & (plan["actor_group"] == "family_in_poverty")]
    assert set(module["source"]) == set(families["source"])
    per_turn = module.groupby("segment_id")["code_path"].agg(list)
    assert per_turn.map(len).eq(2).all()
    assert per_turn.map(lambda c: c[0].startswith("life domains/")).all()
    assert per_turn.map(lambda c: c[1].startswith("network response/")).all()


def test_the_family_modules_planted_effect_goes_under_null():
    """400 simulated families: with the effect, help comes for most domains of families with
    fewer than 3 and for few of those with 3 or more; under null the two shares are alike."""
    from types import SimpleNamespace

    from localwelfare.synthetic import qualitative as sq

    row = SimpleNamespace(language="nl", region="flanders")

    def shares(null):
        rng = np.random.default_rng(7)
        few, many = [], []
        for _ in range(400):
            _text, codings = sq._family_module(row, 0, 0, rng, null)
            answered = [c["code_path"].endswith("/answered") for c in codings[1::2]]
            (few if len(answered) < 3 else many).extend(answered)
        return np.mean(few), np.mean(many)

    few, many = shares(null=False)
    assert few > 0.75 and many < 0.4
    few, many = shares(null=True)
    assert abs(few - many) < 0.08


# --- what the chapter shows: tables assembled for readers ---------------------------------------

#: Four interviews, two groups; counted by hand below.
#:   i1 (fam): s1 access/language + trust, s2 access/cost      -> access, trust
#:   i2 (fam): s3 trust                                          -> trust
#:   i3 (sw):  s4 access/cost, s5 rules                          -> access, rules
#:   i4 (sw):  no coding
CHAPTER_SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["s1", "s1", "s2", "s3", "s4", "s5"],
        "source": ["i1", "i1", "i1", "i2", "i3", "i3"],
        "coder": "a",
        "code_path": ["access/language", "trust", "access/cost", "trust", "access/cost", "rules"],
        "text": ["x" * 50] * 6,
    }
)
CHAPTER_INTERVIEWS = pd.DataFrame(
    {"source": ["i1", "i2", "i3", "i4"], "group": ["fam", "fam", "sw", "sw"], "study": "s"}
)


def test_presence_table_counts_interviews_per_theme_and_group_under_the_group_sizes():
    seg = CHAPTER_SEGMENTS.merge(CHAPTER_INTERVIEWS, on="source")
    matrix = q.code_matrix(seg, by="group", level=1, interviews=CHAPTER_INTERVIEWS)
    table = q.presence_table(matrix, "group")
    assert table.columns.tolist() == ["theme", "fam", "sw"]
    assert table.values.tolist() == [
        ["interviews", 2, 2],
        ["access", 1, 1],
        ["rules", 0, 1],
        ["trust", 2, 0],
    ]
    ordered = q.presence_table(matrix, "group", sizes=False, order=["trust", "access", "rules"])
    assert ordered["theme"].tolist() == ["trust", "access", "rules"]


def test_code_totals_rank_themes_by_the_interviews_that_mention_them():
    totals = q.code_totals(CHAPTER_SEGMENTS, CHAPTER_INTERVIEWS)
    # access: i1, i3 (segments s1, s2, s4); trust: i1, i2 (s1, s3); rules: i3 (s5)
    assert totals.values.tolist() == [["access", 2, 3], ["trust", 2, 2], ["rules", 1, 1]]


def test_leading_quotes_come_from_each_groups_weightiest_theme():
    seg = CHAPTER_SEGMENTS.merge(CHAPTER_INTERVIEWS, on="source")
    matrix = q.code_matrix(seg, by="group", level=1, interviews=CHAPTER_INTERVIEWS)
    # fam: 3 segments, access 2 (s1, s2), trust 2 (s1, s3) -> a tie, 2/3 each
    # sw: 2 segments, access 1 (s4), rules 1 (s5) -> a tie, 1/2 each
    quotes = q.leading_quotes(seg, matrix, "group", n=3, pseudonyms={"i1": "P 1", "i3": "P 3"})
    assert set(quotes["group"]) == {"fam", "sw"}
    assert quotes.groupby("group")["code"].nunique().tolist() == [1, 1]
    fam = quotes[quotes["group"] == "fam"]
    assert len(fam) == 2  # two segments of fam on either theme
    assert set(quotes["speaker"]) <= {"P 1", "P 3", "participant"}


def test_select_interviews_filters_and_refuses_what_it_cannot_select():
    kept = q.select_interviews(CHAPTER_INTERVIEWS, {"group": "sw , fam", "study": "s"})
    assert kept["source"].tolist() == ["i1", "i2", "i3", "i4"]
    assert q.select_interviews(CHAPTER_INTERVIEWS, {"group": "sw"})["source"].tolist() == [
        "i3",
        "i4",
    ]
    with pytest.raises(InputError, match="no variable 'case_id'"):
        q.select_interviews(CHAPTER_INTERVIEWS, {"case_id": "c1"})
    with pytest.raises(InputError, match="no interview variable 'region'"):
        q.select_interviews(CHAPTER_INTERVIEWS, {"group": ""}, needed=["region"])
    with pytest.raises(InputError, match="no interview matches"):
        q.select_interviews(CHAPTER_INTERVIEWS, {"study": "other"})


def test_group_pseudonyms_name_speakers_after_their_group():
    names = q.group_pseudonyms(CHAPTER_INTERVIEWS, "group", salt="s")
    assert sorted(names) == ["i1", "i2", "i3", "i4"]
    assert {names["i1"], names["i2"]} == {"fam 01", "fam 02"}
    assert {names["i3"], names["i4"]} == {"sw 01", "sw 02"}


def test_double_coded_interviews_and_the_agreement_summary():
    seg = pd.DataFrame({"source": ["i1", "i1", "i2", "i2", "i3"], "coder": list("abbab")})
    assert q.n_double_coded(seg, "a", "b") == 2  # i1 (a, b) and i2 (a, b); i3 by b only
    chars = pd.DataFrame(
        {
            "code": ["access", "trust", "rules", "(pooled)"],
            "percent_agreement": [90.0, 95.0, 99.0, 93.0],
            "kappa": [0.72, 0.55, np.nan, 0.66],
            "alpha": [0.71, 0.54, np.nan, 0.65],
        }
    )
    summary = q.agreement_summary(chars)
    assert summary == {
        "percent_agreement": 93.0,
        "kappa": 0.66,
        "alpha": 0.65,
        "lowest_code": "trust",
        "lowest_kappa": 0.55,
    }
    units = pd.DataFrame(
        {
            "code": ["access", "trust"],
            "n_units": [4, 3],
            "percent_agreement": [75.0, 66.7],
            "kappa": [0.5, 0.3],
            "alpha": [0.5, 0.3],
        }
    )
    table = q.agreement_table(chars, units)
    assert table["code"].tolist() == ["access", "trust"]  # codes of both tables only
    assert table.loc[
        1, ["percent_agreement_characters", "percent_agreement_segments"]
    ].tolist() == [
        95.0,
        66.7,
    ]


def test_theme_quotes_keep_the_chosen_themes_and_drop_the_grouping_columns():
    seg = CHAPTER_SEGMENTS.merge(CHAPTER_INTERVIEWS, on="source")
    quotes = q.theme_quotes(seg, ["trust", "rules"], ["group"], pseudonyms={"i1": "P 1"})
    # trust: fam only (s1 of i1, s3 of i2); rules: sw only (s5 of i3); one quote per cell
    assert quotes.columns.tolist() == ["code", "speaker", "quote"]
    assert sorted(quotes["code"]) == ["rules", "trust"]
