"""WP2 analyses: agreement against NVivo's and Krippendorff's published examples, chi-square and
Cramer's V against pingouin's and scipy's documented results, matrices, co-occurrence, quotes."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from localwelfare import qualitative as q
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


def test_contingency_test_matches_pingouin_documented_example():
    # pingouin's chi2_independence docs: sex x target of the heart data set: chi2 22.717,
    # Cramer's V 0.274 (Yates-corrected 2 x 2)
    data = pg.read_dataset("chi2_independence")
    out = q.contingency_test(pd.crosstab(data["sex"], data["target"])).iloc[0]
    assert out["chi2"] == pytest.approx(22.717, abs=5e-4)
    assert out["cramers_v"] == pytest.approx(0.274, abs=5e-4)
    assert bool(out["testable"])


def test_contingency_test_matches_scipy_documented_example():
    # scipy.stats.chi2_contingency docs: [[10, 10, 20], [20, 20, 20]] -> 2.7778, p 0.2494, dof 2
    out = q.contingency_test(pd.DataFrame([[10, 10, 20], [20, 20, 20]])).iloc[0]
    assert out["chi2"] == pytest.approx(2.7778, abs=1e-4)
    assert out["p_value"] == pytest.approx(0.2494, abs=1e-4)
    assert out["dof"] == 2


def test_small_expected_counts_give_a_statement_not_a_test():
    out = q.contingency_test(pd.DataFrame([[1, 2], [0, 3]])).iloc[0]
    assert not out["testable"]
    assert np.isnan(out["chi2"]) and np.isnan(out["cramers_v"])
    assert "too small" in out["statement"]


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
