"""WP4 perceptions: reliability against pingouin and R psych's published values, scores, tests,
distributions and the diverging-chart geometry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from localwelfare import perceptions as pc
from localwelfare import privacy
from localwelfare.errors import InputError

MASS_LEVELS = ["Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree"]
#: Items of the Math Anxiety Scale Survey worded towards liking mathematics (the others towards
#: anxiety): reverse-keyed for an anxiety scale.
MASS_POSITIVE = [
    "I find math interesting.",
    "I think that I will use math in the future.",
    "Math relates to my life.",
    "I would like to take more math classes.",
    "Math is one of my favorite subjects.",
    "I enjoy learning with mathematics.",
]
GAP_ITEMS = [
    "Financial Aid",
    "Bursar",
    "Advising",
    "Records and Registration",
    "Testing and Examination",
]


@pytest.fixture(scope="module")
def mass(reference_dir) -> pd.DataFrame:
    """The MASS answers coded 1-5 (strongly disagree = 1)."""
    raw = pd.read_csv(reference_dir / "likert" / "mass.csv")
    codes = {label: i for i, label in enumerate(MASS_LEVELS, start=1)}
    coded = raw.drop(columns="Gender").apply(lambda col: col.map(codes))
    assert coded.notna().all().all()
    return coded.assign(Gender=raw["Gender"])


@pytest.fixture(scope="module")
def gap(reference_dir) -> pd.DataFrame:
    return pd.read_csv(reference_dir / "likert" / "gap.csv")


def mass_items(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c != "Gender"]


# --- reliability: published values --------------------------------------------------------


def test_alpha_matches_pingouin_published_value_and_feldt_interval():
    long = pg.read_dataset("cronbach_alpha")
    wide = long.pivot(index="Subj", columns="Items", values="Scores")
    table = pc.cronbach_alpha_table(wide, {"all": list(wide.columns)}, high=7)
    row = table.iloc[0]
    assert row["alpha"] == pytest.approx(0.592, abs=5e-4)  # pingouin docs and tests
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.195, 0.840), abs=1e-9)
    assert row["n"] == 15 and row["n_items"] == 10


@pytest.mark.parametrize(("policy", "expected"), [("pairwise", 0.73), ("listwise", 0.80)])
def test_alpha_missing_data_policy_matches_published_psych_values(policy, expected):
    data = pg.read_dataset("cronbach_wide_missing")  # binary items with missing answers
    table = pc.cronbach_alpha_table(
        data, {"all": list(data.columns)}, nan_policy=policy, low=0, high=1
    )
    assert table.loc[0, "alpha"] == pytest.approx(expected, abs=5e-3)
    assert table.loc[0, "nan_policy"] == policy


def test_listwise_drops_incomplete_respondents():
    data = pg.read_dataset("cronbach_wide_missing")
    table = pc.cronbach_alpha_table(
        data, {"all": list(data.columns)}, nan_policy="listwise", low=0, high=1
    )
    assert table.loc[0, "n"] == len(data.dropna())


# --- reliability: the reference Likert data -------------------------------------------------


@pytest.mark.parametrize("policy", ["pairwise", "listwise"])
def test_alpha_matches_pingouin_on_mass_and_gap(mass, gap, policy):
    items = mass_items(mass)
    ours = pc.cronbach_alpha_table(mass, {"mass": items}, nan_policy=policy)
    alpha, ci = pg.cronbach_alpha(mass[items], nan_policy=policy)
    assert ours.loc[0, "alpha"] == pytest.approx(alpha, abs=1e-12)
    assert ours.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx(list(ci))
    ours = pc.cronbach_alpha_table(gap, {"satisfaction": GAP_ITEMS}, nan_policy=policy, high=7)
    alpha, _ = pg.cronbach_alpha(gap[GAP_ITEMS], nan_policy=policy)
    assert ours.loc[0, "alpha"] == pytest.approx(alpha, abs=1e-12)


def test_reverse_keyed_items_are_recoded_before_alpha(mass):
    items = mass_items(mass)
    recoded = mass[items].copy()
    recoded[MASS_POSITIVE] = 6 - recoded[MASS_POSITIVE]
    expected, _ = pg.cronbach_alpha(recoded)
    keyed = pc.cronbach_alpha_table(mass, {"anxiety": items}, reverse=MASS_POSITIVE)
    unkeyed = pc.cronbach_alpha_table(mass, {"anxiety": items})
    assert keyed.loc[0, "alpha"] == pytest.approx(expected, abs=1e-12)
    # Mixed wording cancels out when not recoded: keying must matter a lot on this scale.
    assert keyed.loc[0, "alpha"] > 0.8 > unkeyed.loc[0, "alpha"]


def test_dont_know_counts_as_missing_not_as_a_scale_point(gap):
    with_dk = gap[GAP_ITEMS].copy()
    with_nan = gap[GAP_ITEMS].astype(float)
    for i, item in enumerate(GAP_ITEMS):
        rows = [i, i + 10, i + 20]
        with_dk.loc[rows, item] = 8
        with_nan.loc[rows, item] = np.nan
    ours = pc.cronbach_alpha_table(with_dk, {"s": GAP_ITEMS}, high=7)
    alpha, _ = pg.cronbach_alpha(with_nan)
    assert ours.loc[0, "alpha"] == pytest.approx(alpha, abs=1e-12)


@pytest.mark.parametrize("policy", ["pairwise", "listwise"])
def test_alpha_if_deleted_is_pingouin_alpha_without_the_item(policy):
    data = pg.read_dataset("cronbach_wide_missing")
    items = list(data.columns)
    table = pc.item_reliability_table(data, {"all": items}, nan_policy=policy, low=0, high=1)
    sample = data.dropna() if policy == "listwise" else data
    for item, value in zip(table["item"], table["alpha_if_deleted"], strict=True):
        expected, _ = pg.cronbach_alpha(sample.drop(columns=item), nan_policy="pairwise")
        assert value == pytest.approx(expected, abs=1e-12), item


def test_corrected_item_total_is_correlation_with_rest_score(mass):
    items = mass_items(mass)
    table = pc.item_reliability_table(mass, {"anxiety": items}, reverse=MASS_POSITIVE)
    recoded = mass[items].copy()
    recoded[MASS_POSITIVE] = 6 - recoded[MASS_POSITIVE]
    for row in table.itertuples():
        rest = recoded.drop(columns=row.item).sum(axis=1)
        expected = stats.pearsonr(recoded[row.item], rest).statistic
        assert row.item_rest_r == pytest.approx(expected, abs=1e-10), row.item
        assert row.mean == pytest.approx(recoded[row.item].mean())
    assert table.set_index("item").loc[MASS_POSITIVE, "reverse_keyed"].all()


def test_a_scale_needs_two_items_and_a_known_policy(mass):
    with pytest.raises(InputError, match="at least two items"):
        pc.cronbach_alpha_table(mass, {"one": ["Math relates to my life."]})
    with pytest.raises(InputError, match="nan_policy"):
        pc.cronbach_alpha_table(mass, {"all": mass_items(mass)}, nan_policy="everything")


def test_out_of_range_code_names_row_and_field():
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [4, 6, 1]})
    with pytest.raises(InputError, match=r"row 2, field 'b': value 6"):
        pc.numeric_items(frame, ["a", "b"])
    with pytest.raises(InputError, match=r"'zz'.*not in the data"):
        pc.numeric_items(frame, ["a", "zz"])


def test_numeric_items_accepts_loaded_ordered_categoricals():
    codes = pd.CategoricalDtype([1, 2, 3, 4, 5, 8], ordered=True)
    frame = pd.DataFrame({"a": pd.Series([1, 8, None, 5], dtype=codes)})
    assert pc.numeric_items(frame, ["a"])["a"].tolist() == pytest.approx(
        [1, np.nan, np.nan, 5], nan_ok=True
    )


# --- scale scores -------------------------------------------------------------------------


def test_scale_scores_respect_minimum_answered_share():
    frame = pd.DataFrame(
        {"a": [5, 5, 8, None], "b": [4, None, 8, None], "c": [1, None, 3, None], "d": [2, 2, 2, 2]}
    )
    scales = {"s": ["a", "b", "c", "d"]}
    half = pc.scale_scores(frame, scales, reverse=["c"], min_answered=0.5)["s"]
    # row 0: 5, 4, 5 (reversed 1), 2 -> 4.0; row 1: two of four answered -> (5 + 2) / 2;
    # row 2: "don't know" twice, so two answered -> (3 + 2) / 2; row 3: one answered -> missing.
    assert half.tolist() == pytest.approx([4.0, 3.5, 2.5, np.nan], nan_ok=True)
    full = pc.scale_scores(frame, scales, reverse=["c"], min_answered=1.0)["s"]
    assert full.tolist() == pytest.approx([4.0, np.nan, np.nan, np.nan], nan_ok=True)
    with pytest.raises(InputError, match="min_answered"):
        pc.scale_scores(frame, scales, min_answered=0)


# --- group comparisons --------------------------------------------------------------------


def test_mann_whitney_by_gender_matches_scipy(mass):
    items = mass_items(mass)
    scores = pc.scale_scores(mass, {"anxiety": items}, reverse=MASS_POSITIVE)
    scores["Gender"] = mass["Gender"]
    row = pc.group_tests(scores, ["anxiety"], "Gender", min_group_size=5).iloc[0]
    female = scores.loc[scores["Gender"] == "Female", "anxiety"]
    male = scores.loc[scores["Gender"] == "Male", "anxiety"]
    ref = stats.mannwhitneyu(female, male, alternative="two-sided")
    assert row["test"] == "mann_whitney"
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["p"] == pytest.approx(ref.pvalue, rel=1e-6)
    # rank-biserial correlation = 2 U1 / (n1 n2) - 1 (Wendt 1972), U1 of the first group:
    # positive when the first group (Female) tends to score higher
    assert row["effect_size"] == pytest.approx(2 * ref.statistic / (14 * 6) - 1)


def test_kruskal_wallis_effect_size_and_welch(gap):
    long = gap.melt(id_vars="StudentId", value_vars=GAP_ITEMS, var_name="service", value_name="s")
    row = pc.group_tests(long, ["s"], "service").iloc[0]
    samples = [long.loc[long["service"] == item, "s"] for item in GAP_ITEMS]
    ref = stats.kruskal(*samples)
    n, k = len(long), len(GAP_ITEMS)
    assert row["test"] == "kruskal_wallis" and row["df"] == k - 1
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["p"] == pytest.approx(ref.pvalue, rel=1e-6)
    assert row["effect_size"] == pytest.approx((ref.statistic - k + 1) / (n - k))
    # Welch's F by its definition (Welch 1951)
    w = np.array([len(s) / s.var(ddof=1) for s in samples])
    means = np.array([s.mean() for s in samples])
    grand = (w * means).sum() / w.sum()
    lam = 3 * ((1 - w / w.sum()) ** 2 / (np.array([len(s) for s in samples]) - 1)).sum()
    lam /= k**2 - 1
    f = ((w * (means - grand) ** 2).sum() / (k - 1)) / (1 + 2 * (k - 2) * lam / 3)
    assert row["welch_f"] == pytest.approx(f, rel=1e-9)
    assert row["welch_df2"] == pytest.approx(1 / lam, rel=1e-9)


def test_small_groups_are_left_out_of_comparisons():
    scores = pd.DataFrame({"s": [1, 2, 3, 4, 5, 2, 3, 4, 5, 5, 1, 2], "g": list("aaaaabbbbbcc")})
    row = pc.group_tests(scores, ["s"], "g", min_group_size=5).iloc[0]
    assert row["n_groups"] == 2 and row["n"] == 10 and row["test"] == "mann_whitney"
    means = pc.group_mean_intervals(scores, ["s"], "g", min_group_size=5)
    assert means["group"].tolist() == ["a", "b"]


def test_pairwise_tests_are_holm_corrected_mann_whitney(gap):
    long = gap.melt(
        id_vars="StudentId", value_vars=GAP_ITEMS[:3], var_name="service", value_name="s"
    )
    table = pc.pairwise_group_tests(long, ["s"], "service")
    raw = []
    for a, b in zip(table["group_a"], table["group_b"], strict=True):
        x, y = (long.loc[long["service"] == g, "s"] for g in (a, b))
        raw.append(stats.mannwhitneyu(x, y, alternative="two-sided").pvalue)
    assert table["p_unc"].tolist() == pytest.approx(raw, rel=1e-6)
    # Holm (1979): step-down, p_(i) * (m - i + 1), monotone, capped at 1
    order = np.argsort(raw)
    m, running, holm = len(raw), 0.0, np.empty(len(raw))
    for rank, idx in enumerate(order):
        running = max(running, min(1.0, raw[idx] * (m - rank)))
        holm[idx] = running
    assert table["p_adjusted"].tolist() == pytest.approx(holm.tolist(), rel=1e-6)


def test_bootstrap_interval_brackets_the_mean_and_is_reproducible(gap):
    long = gap.melt(
        id_vars="StudentId", value_vars=GAP_ITEMS[:2], var_name="service", value_name="s"
    )
    first = pc.group_mean_intervals(long, ["s"], "service", seed=3)
    again = pc.group_mean_intervals(long, ["s"], "service", seed=3)
    pd.testing.assert_frame_equal(first, again)
    for row in first.itertuples():
        values = long.loc[long["service"] == row.group, "s"]
        assert row.mean == pytest.approx(values.mean())
        assert row.ci_low < row.mean < row.ci_high
        # close to the t interval for n = 68
        half = stats.t.ppf(0.975, len(values) - 1) * values.std() / np.sqrt(len(values))
        assert row.ci_high - row.ci_low == pytest.approx(2 * half, rel=0.25)


# --- distributions and the diverging chart ------------------------------------------------


def test_distribution_keeps_unused_levels_and_counts_dont_know_apart():
    frame = pd.DataFrame({"q": [1, 1, 2, 8, None, 5], "g": ["a", "a", "a", "b", "b", "b"]})
    dist = pc.item_distribution(frame, ["q"], group="g")
    a = dist[dist["group"] == "a"].set_index("level")
    assert a.loc[["1", "2", "3", "4", "5"], "count"].tolist() == [2, 1, 0, 0, 0]
    assert a.loc["1", "percent"] == pytest.approx(200 / 3)
    b = dist[dist["group"] == "b"].set_index("level")
    assert b.loc[pc.DONT_KNOW_LABEL, "count"] == 1 and bool(b.loc[pc.DONT_KNOW_LABEL, "dont_know"])
    assert b["n_answers"].iloc[0] == 2  # the missing answer is not counted
    with pytest.raises(InputError, match=r"row 2, field 'q': value '7'"):
        pc.item_distribution(pd.DataFrame({"q": [1, 7]}), ["q"])


def test_summary_table_of_mass_by_gender(mass, reference_dir):
    raw = pd.read_csv(reference_dir / "likert" / "mass.csv")
    items = MASS_POSITIVE[:2]
    table = pc.likert_summary_table(raw, items, MASS_LEVELS, group="Gender")
    assert list(table.columns) == ["group", "item", "n", *MASS_LEVELS]
    assert table[["group", "item"]].values.tolist() == [
        [g, i] for g in ["Female", "Male"] for i in items
    ]
    for row in table.itertuples(index=False):
        answers = raw.loc[raw["Gender"] == row.group, row.item]
        assert row.n == len(answers)
        shares = answers.value_counts(normalize=True).reindex(MASS_LEVELS, fill_value=0) * 100
        assert list(row[3:]) == pytest.approx(shares.round(1).tolist())


def test_diverging_geometry_splits_neutral_and_sorts_by_net_agreement():
    frame = pd.DataFrame(
        {
            "low": [1, 1, 2, 3, 8],  # net agreement -75
            "high": [5, 4, 4, 3, 8],  # net agreement +75
            "mid": [1, 5, 3, 3, None],  # net 0
        }
    )
    dist = pc.item_distribution(frame, ["low", "high", "mid"])
    bars = pc.diverging_bar_data(dist)
    scale = bars[bars["part"] == "scale"]
    order = scale.drop_duplicates("item").sort_values("item_order")["item"].tolist()
    assert order == ["high", "mid", "low"]
    for _item, sub in scale.groupby("item"):
        neutral = sub[sub["level"] == "3"].iloc[0]
        assert neutral["start"] == pytest.approx(-neutral["end"])  # split at the centre
        assert sub["end"].max() - sub["start"].min() == pytest.approx(100)
        assert len(sub) == 5  # unused levels kept
        assert (sub["end"] >= sub["start"]).all()
    low = scale[scale["item"] == "low"].set_index("level")
    assert low.loc["1", "end"] == pytest.approx(low.loc["2", "start"])
    assert low.loc["1", "percent"] == pytest.approx(50)  # of substantive answers
    assert low["net_agreement"].iloc[0] == pytest.approx(-75)
    dk = bars[bars["part"] == "dont_know"].set_index("item")
    assert dk.loc["low", "percent"] == pytest.approx(20)  # of all answers
    assert dk.loc["mid", "percent"] == 0


def test_even_number_of_levels_has_no_neutral():
    frame = pd.DataFrame({"q": ["a", "b", "c", "d"]})
    dist = pc.item_distribution(frame, ["q"], levels=list("abcd"), dont_know=None)
    bars = pc.diverging_bar_data(dist, levels=list("abcd")).set_index("level")
    assert bars.loc["b", "end"] == 0 and bars.loc["c", "start"] == 0
    assert bars.loc["a", "start"] == -50 and bars.loc["d", "end"] == 50


# --- privacy helpers ----------------------------------------------------------------------


def test_profile_keeps_unused_levels_and_safe_attributes_stop_at_a_rare_combination():
    frame = pd.DataFrame(
        {
            "region": pd.Categorical(["fl"] * 6 + ["wa"] * 6, categories=["fl", "wa", "bru"]),
            "gender": ["w", "m"] * 6,
            "origin": ["x"] * 11 + ["y"],
        }
    )
    profile = pc.respondent_profile(frame, ["region"])
    assert profile.values.tolist() == [
        ["region", "fl", 6],
        ["region", "wa", 6],
        ["region", "bru", 0],
    ]
    assert privacy.safe_attributes(frame, ["region", "gender", "origin"], threshold=3) == [
        "region",
        "gender",
    ]
    assert privacy.safe_attributes(frame, ["region", "gender"], threshold=4) == ["region"]


# --- the synthetic newcomer interviews and their codebook ---------------------------------


@pytest.fixture(scope="module")
def newcomers(repo):
    from localwelfare import data

    return data.load("newcomer_interviews", repo / "data")


@pytest.fixture(scope="module")
def codebook(repo):
    from localwelfare import data

    desc = data.descriptor(repo / "data")
    schema = next(r for r in desc["resources"] if r["name"] == "newcomer_interviews")["schema"]
    return pc.scale_definitions(schema)


def test_committed_newcomer_data_are_what_the_generator_makes(repo):
    import tempfile
    from pathlib import Path

    from localwelfare.synthetic import generate_all, write_csv

    tables = generate_all()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "newcomer_interviews.csv"
        write_csv(tables["newcomer_interviews"], path)
        fresh = path.read_bytes()
    assert fresh == (repo / "data" / "raw" / "newcomer_interviews.csv").read_bytes()
    plan = tables["interview_plan"]
    assert set(tables["newcomer_interviews"]["interview_id"]) == set(
        plan.loc[plan["study"] == "bbox", "interview_id"]
    )


def test_newcomer_codebook_declares_four_scales_with_one_reverse_keyed_item(newcomers, codebook):
    scales, reverse = codebook
    assert list(scales) == ["accessibility", "responsiveness", "trust", "fairness"]
    assert reverse == ["access_waiting_r"]
    assert len(newcomers) == 90
    assert newcomers["region"].value_counts().tolist() == [30, 30, 30]
    items = [i for s in scales.values() for i in s]
    values = pc.numeric_items(newcomers, items)  # refuses any code off the scale
    dont_know = pc.item_distribution(newcomers, items)
    assert dont_know.loc[dont_know["dont_know"], "count"].sum() > 0
    assert values.isna().sum().sum() > dont_know.loc[dont_know["dont_know"], "count"].sum()


def test_planted_effects_are_found(newcomers, codebook):
    scales, reverse = codebook
    scores = pc.scale_scores(newcomers, scales, reverse).join(newcomers[["region", "legal_status"]])
    by_region = pc.group_tests(scores, list(scales), "region").set_index("scale")
    by_status = pc.group_tests(scores, list(scales), "legal_status").set_index("scale")
    assert by_region.loc["accessibility", "p"] < 0.01
    assert by_status.loc["trust", "p"] < 0.01
    means = pc.group_mean_intervals(scores, ["accessibility"], "region").set_index("group")
    assert means.loc["brussels", "mean"] < min(
        means.loc["flanders", "mean"], means.loc["wallonia", "mean"]
    )
    reliability = pc.cronbach_alpha_table(newcomers, scales, reverse)
    assert (reliability["alpha"] > 0.7).all()
    unkeyed = pc.cronbach_alpha_table(newcomers, {"a": scales["accessibility"]})
    assert unkeyed.loc[0, "alpha"] < reliability.loc[0, "alpha"] - 0.2


def test_a_broken_copy_of_the_newcomer_data_is_refused_with_row_and_field(repo, tmp_path):
    import shutil

    from localwelfare import data
    from localwelfare.data import DataValidationError

    shutil.copytree(repo / "data", tmp_path / "data")
    path = tmp_path / "data" / "raw" / "newcomer_interviews.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("trust_honest")] = "6"  # not a code of the scale
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        data.load("newcomer_interviews", tmp_path / "data")
    message = str(error.value)
    assert "newcomer_interviews.csv" in message and "row 4" in message
    assert "trust_honest" in message and "constraint" in message


# --- command line -------------------------------------------------------------------------


def run_cli(argv, capsys):
    from localwelfare.cli import main

    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_prints_the_summary_of_the_reference_files(reference_dir, capsys):
    import io

    mass_csv = reference_dir / "likert" / "mass.csv"
    raw = pd.read_csv(mass_csv)
    items = ["Math relates to my life.", "I find math challenging."]
    status, out, err = run_cli(
        [
            "likert",
            "summary",
            str(mass_csv),
            "--items",
            ",".join(items),
            "--group",
            "Gender",
            "--levels",
            ",".join(MASS_LEVELS),
        ],
        capsys,
    )
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "group,item,n," + ",".join(MASS_LEVELS)
    assert "\r" not in out and len(lines) == 1 + 2 * 2
    table = pd.read_csv(io.StringIO(out))
    for row in table.itertuples(index=False):
        answers = raw.loc[raw["Gender"] == row.group, row.item]
        shares = answers.value_counts().reindex(MASS_LEVELS, fill_value=0) / len(answers) * 100
        assert list(row[3:]) == pytest.approx(shares.round(1).tolist(), abs=1e-9)
    # Female, "Math relates to my life.": 1, 4, 2, 4, 3 of 14 answers
    assert lines[1] == "Female,Math relates to my life.,14,7.1,28.6,14.3,28.6,21.4"

    gap_csv = reference_dir / "likert" / "gap.csv"
    status, out, _ = run_cli(
        ["likert", "summary", str(gap_csv), "--items", "Bursar", "--levels", "1,2,3,4,5,6,7"],
        capsys,
    )
    gap = pd.read_csv(gap_csv)
    counts = gap["Bursar"].value_counts().reindex(range(1, 8), fill_value=0)
    expected = ",".join(f"{v:.1f}" for v in (counts / 68 * 100).round(1))
    assert status == 0 and out.splitlines()[1] == f"all,Bursar,68,{expected}"


def test_cli_missing_answers_are_left_out_of_the_percentages(tmp_path, capsys):
    path = tmp_path / "answers.csv"
    path.write_text("q,g\n1,a\n,a\n2,a\n2,a\n8,b\n", encoding="utf-8")
    status, out, _ = run_cli(
        ["likert", "summary", str(path), "--items", "q", "--group", "g", "--levels", "1,2,3,8"],
        capsys,
    )
    assert status == 0
    assert out.splitlines() == [
        "group,item,n,1,2,3,8",
        "a,q,3,33.3,66.7,0.0,0.0",
        "b,q,1,0.0,0.0,0.0,100.0",
    ]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--items", "q"], "no such file"),
        (b"", ["--items", "q"], "empty file"),
        (b"q\n\xff\xfe\n", ["--items", "q"], "not UTF-8"),
        (b"q,g\n1,a\n", ["--items", "x"], "no column(s) 'x'"),
        (b"q\n1\n6\n", ["--items", "q", "--levels", "1,2,3,4,5"], "row 3, field 'q'"),
    ],
)
def test_cli_bad_input_is_a_clear_error_with_status_2(tmp_path, capsys, content, args, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    status, out, err = run_cli(["likert", "summary", str(path), *args], capsys)
    assert status == 2 and out == ""
    assert str(path) in err and message in err


def test_cli_empty_item_name_is_refused(tmp_path, capsys):
    path = tmp_path / "answers.csv"
    path.write_text("q,r\n1,2\n", encoding="utf-8")
    status, _, err = run_cli(["likert", "summary", str(path), "--items", "q,,r"], capsys)
    assert status == 2 and "--items 'q,,r'" in err and "comma-separated" in err


# --- the chapter's tables -------------------------------------------------------------------------


def test_item_table_lists_items_by_scale_with_their_statements():
    table = pc.item_table(
        {"trust": ["t1", "t2"], "access": ["a1"]},
        {"t1": "I trust my social worker", "t2": "I fear the PCSW", "a1": "I find the office"},
        reverse=["t2"],
    )
    assert table.values.tolist() == [
        ["trust", "t1", "I trust my social worker", False],
        ["trust", "t2", "I fear the PCSW", True],
        ["access", "a1", "I find the office", False],
    ]


def test_cross_table_is_withheld_when_a_cell_is_small():
    frame = pd.DataFrame(
        {
            "region": ["flanders"] * 7 + ["brussels"] * 6,
            "status": ["refugee"] * 4 + ["other"] * 3 + ["refugee"] * 3 + ["other"] * 3,
        }
    )
    # flanders: 4 refugee, 3 other; brussels: 3 refugee, 3 other
    cross = pc.cross_table(frame, "region", "status", threshold=3)
    assert cross.columns.tolist() == ["region", "other", "refugee"]
    assert cross.values.tolist() == [["brussels", 3, 3], ["flanders", 3, 4]]
    assert pc.cross_table(frame, "region", "status", threshold=4) is None


def test_practice_type_counts_count_pcsws_and_newcomers_per_type():
    frame = pd.DataFrame(
        {"pcsw": [11, 11, 12, 13, 13, 14], "interview_id": ["a", "b", "c", "d", "e", "f"]}
    )
    # type A: PCSWs 11 (2 newcomers) and 12 (1); type B: 13 (2); 14 has no type (1)
    counts = pc.practice_type_counts(frame, {"11": "A", "12": "A", "13": "B"})
    assert counts.values.tolist() == [["A", 2, 3], ["B", 1, 2], ["not surveyed", 1, 1]]


def test_speaker_attributes_follow_the_pseudonym_back_to_the_interview():
    quotes = pd.DataFrame({"code": ["trust", "access"], "speaker": ["newcomer 02", "newcomer 01"]})
    people = pd.DataFrame(
        {"region": ["flanders", "brussels"], "legal_status": ["other", "recognised_refugee"]},
        index=["i1", "i2"],
    )
    out = pc.speaker_attributes(
        quotes, {"i1": "newcomer 01", "i2": "newcomer 02"}, people, ["region", "legal_status"]
    )
    assert out.columns.tolist() == ["code", "speaker", "region", "legal status"]
    assert out[["region", "legal status"]].values.tolist() == [
        ["brussels", "recognised_refugee"],
        ["flanders", "other"],
    ]


def test_detectable_differences_use_the_smallest_group_that_is_compared():
    scores = pd.DataFrame({"region": ["a"] * 20 + ["b"] * 12 + ["c"] * 3, "sex": ["w"] * 35})
    table = pc.detectable_differences(scores, ["region", "sex"], min_group_size=5)
    # region: c (3) is too small, so two groups of at least 12; sex: one group, left out
    assert table[["variable", "n_groups", "n_smallest"]].values.tolist() == [["region", 2, 12]]
    # two groups of 12, alpha 0.05, power 0.8: d = 1.19 (G*Power, two-sample t test)
    assert table["standardised_difference"].iloc[0] == pytest.approx(1.19, abs=0.01)


def test_scales_are_chosen_by_name_and_groups_must_be_attributes():
    scales = {"trust": ["t1"], "access": ["a1", "a2"]}
    assert pc.choose_scales(scales, " access,trust ") == {"access": ["a1", "a2"], "trust": ["t1"]}
    with pytest.raises(InputError, match=r"unknown scale\(s\) \['speed'\]"):
        pc.choose_scales(scales, "trust,speed")
    with pytest.raises(InputError, match="unknown scale"):
        pc.choose_scales(scales, " , ")
    frame = pd.DataFrame({"region": ["a"], "t1": [3]})
    pc.check_groups(frame, ["region"], ["t1"])
    with pytest.raises(InputError, match="'t1' is not a respondent attribute"):
        pc.check_groups(frame, ["region", "t1"], ["t1"])


def test_planted_differences_standardise_the_generators_effects():
    """Read from the generator's documented effects: accessibility +0.4 in Flanders and -0.6 in
    Brussels (a spread of 1.0), trust +0.5 and -0.5 by status (1.0), fairness +0.3 and -0.6 by
    status (0.9) and -0.3 in Brussels (0.3). The within-group standard deviation of a mean over
    four items is sqrt(0.6^2 + 0.7^2 + 0.7^2 / 4) = 0.9862, over three items 1.0066."""
    from localwelfare.synthetic import newcomers

    planted = newcomers.planted_differences().set_index(["scale", "group"])
    assert planted["difference"].to_dict() == pytest.approx(
        {
            ("accessibility", "region"): 1.0,
            ("fairness", "region"): 0.3,
            ("trust", "legal_status"): 1.0,
            ("fairness", "legal_status"): 0.9,
        }
    )
    assert planted.loc[("accessibility", "region"), "d"] == pytest.approx(1.0 / 0.9862, abs=1e-3)
    assert planted.loc[("trust", "legal_status"), "d"] == pytest.approx(1.0 / 1.0066, abs=1e-3)


def test_planted_power_uses_the_designs_smallest_groups():
    """Cohen (1988): d = 0.5 with 64 per group gives power 0.80 (two groups); a grouping of the
    planted table that the design cannot compare is left out."""
    detectable = pd.DataFrame(
        {
            "variable": ["region"],
            "n_groups": [2],
            "n_smallest": [64],
            "standardised_difference": [0.5],
        }
    )
    planted = pd.DataFrame(
        {"scale": ["trust", "trust"], "group": ["region", "legal_status"], "d": [0.5, 1.0]}
    )
    out = pc.planted_power(detectable, planted)
    assert out[["scale", "group"]].values.tolist() == [["trust", "region"]]
    assert out["power"].iloc[0] == pytest.approx(0.80, abs=0.005)
