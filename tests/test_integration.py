"""Mixed-methods integration: every outcome of the meta-inference rule on constructed claims, and
joint displays that report the keys that do not join."""

from __future__ import annotations

import pandas as pd
import pytest

from localwelfare import findings, integration
from localwelfare.errors import InputError


def _claims(*rows):
    """Claims of one question: (claim_id, supported, direction, contrast)."""
    return pd.DataFrame(
        [
            {
                "claim_id": c,
                "supported": pd.NA if s is None else s,
                "direction": d,
                "contrast": k,
                "question": "bbox-access",
                "kind": "association" if c.startswith("theme-") else "difference",
            }
            for c, s, d, k in rows
        ]
    )


ALIGNED = [("score", "theme-x", "contrast", "direction")]


@pytest.mark.parametrize(
    "quant, qual, expected",
    [
        # both supported, the aligned pair agrees: the region rated lowest speaks of it most
        ([("score", True, "wallonia", "brussels")], [("theme-x", True, "brussels", "flanders")],
         "confirmation"),
        # both supported, the aligned pair disagrees
        ([("score", True, "wallonia", "brussels")], [("theme-x", True, "flanders", "brussels")],
         "discordance"),
        # only one strand supported
        ([("score", True, "wallonia", "brussels")], [("theme-x", False, "flanders", "brussels")],
         "expansion"),
        ([("score", False, "wallonia", "brussels")], [("theme-x", True, "flanders", "brussels")],
         "expansion"),
        # one strand makes no claim at all
        ([("score", True, "wallonia", "brussels")], [], "expansion"),
        # both supported on different aspects: no aligned pair between them
        ([("other", True, "a", "b")], [("theme-y", True, "c", "d")], "expansion"),
        # neither supported, or untested
        ([("score", False, "a", "b")], [("theme-x", None, "", "")], "inconclusive"),
        ([], [("theme-x", False, "a", "b")], "inconclusive"),
    ],
)  # fmt: skip
def test_the_rule_decides_each_meta_inference(quant, qual, expected):
    result = integration.meta_inference(_claims(*quant), _claims(*qual), ALIGNED)
    assert result["meta_inference"] == expected
    assert result["rule"]


def test_meta_inferences_are_claims_of_kind_integration():
    claims = pd.concat(
        [
            _claims(("accessibility-by-region", True, "wallonia", "brussels")),
            _claims(("theme-access-and-thresholds", True, "brussels", "flanders")),
        ]
    ).assign(alpha=0.05)
    table = integration.integration_claims(claims, "integration-bbox")
    assert table.loc[0, "kind"] == "integration"
    assert table.loc[0, "direction"] == "confirmation"  # via integration.ALIGNED
    assert pd.isna(table.loc[0, "supported"])
    assert "The strands' meta-inference is confirmation" in findings.findings_markdown(table)


def test_joint_display_reports_units_found_in_one_strand_only():
    network_table = pd.DataFrame({"network_id": ["n1", "n2"], "density": [0.2, 0.3]})
    cases = pd.DataFrame({"case_id": ["c1", "c3"], "network_id": ["n1", "n9"]})
    interviews = pd.DataFrame({"source": ["i1", "i2", "i3"], "case_id": ["c1", "c1", "c2"]})
    segments = pd.DataFrame(
        {
            "source": ["i1", "i3"],
            "coder": ["coder_a", "coder_a"],
            "code_path": ["access/waiting", "trust"],
            "segment_id": ["s1", "s2"],
            "text": ["We waited for weeks before anyone called us back, every time.", "ok"],
            "start": [0, 0],
            "end": [60, 2],
        }
    )
    joint = integration.inch_joint_display(
        network_table, cases, segments, interviews, ["access"], "access"
    ).set_index("case_id")
    assert joint.loc["c1", "joined"] == "both"
    assert joint.loc["c1", "share_access"] == pytest.approx(0.5)
    # c2 has interviews but its network is not in the network table: qualitative only
    assert joint.loc["c2", "joined"] == "qualitative only"
    # c3's network n9 was not surveyed and c3 has no interviews: shown, not dropped
    assert joint.loc["c3", "joined"] == "neither strand"


def _segments(rows):
    """Coded segments: (source, code_path)."""
    return pd.DataFrame(
        {
            "source": [s for s, _ in rows],
            "coder": "coder_a",
            "code_path": [c for _, c in rows],
            "segment_id": [f"s{i}" for i in range(len(rows))],
            "text": "We waited for weeks before anyone at the centre called us back again.",
            "start": 0,
            "end": 60,
        }
    )


def test_antwerp_display_joins_each_centre_to_its_organisation_and_its_interviews():
    nodes = pd.DataFrame(
        {
            "node": ["o02", "o01", "o03"],
            "sector": ["local_social_centre", "local_social_centre", "ngo"],
            "degree": [5, 3, 1],
            "betweenness": [0.4, 0.1, 0.0],
            "trust": [3.5, 3.0, 2.0],
        }
    )
    interviews = pd.DataFrame(
        {
            "source": ["c1", "c2", "w1", "c3", "x"],
            "centre": ["centre-1", "centre-1", "centre-1", "centre-2", None],
            "actor_group": ["client", "client", "social_worker", "client", "client"],
        }
    )
    # two of centre-1's clients, one speaks of trust; centre-2's only client too; its worker not
    segments = _segments([("c1", "trust/low"), ("c2", "access"), ("c3", "trust"), ("w1", "x")])
    joint = integration.antwerp_joint_display(
        nodes, segments, interviews, ["trust"], "trust"
    ).set_index("centre")
    # centres are numbered in the order of their organisation ids: centre-1 is o01
    assert joint.loc["centre-1", "organisation_id"] == "o01"
    assert joint.loc["centre-1", "betweenness"] == pytest.approx(0.1)
    assert joint.loc["centre-1", "clients_n_interviews"] == 2
    assert joint.loc["centre-1", "clients_share_trust"] == pytest.approx(0.5)
    assert joint.loc["centre-1", "workers_share_trust"] == pytest.approx(0.0)
    assert joint.loc["centre-2", "clients_share_trust"] == pytest.approx(1.0)
    assert set(joint["joined"]) == {"both"}
    # the ngo is no centre and the interview without a centre joins nothing
    assert len(joint) == 2


def test_antwerp_display_refuses_centre_counts_that_differ():
    nodes = pd.DataFrame({"node": ["o01"], "sector": ["local_social_centre"]})
    with pytest.raises(InputError, match="1 local social centres but the interview plan names 2"):
        integration.centre_organisations(nodes, ["centre-1", "centre-2"])


def test_joint_figure_says_in_its_alt_text_what_each_unit_shows():
    import matplotlib

    matplotlib.use("Agg")
    from localwelfare import jointplot

    joint = pd.DataFrame(
        {
            "case_id": ["c1", "c2", "c3"],
            "integration": [0.5, 0.25, None],
            "share_trust": [0.25, 1.0, None],
            "share_access_and_thresholds": [0.75, 0.0, None],
            "joined": ["both", "both", "quantitative only"],
        }
    )
    fig, alt = jointplot.joint_figure(joint, "case_id", "integration", "integration")
    assert "c1: 0.50, most often access and thresholds (75%)" in alt
    assert "c2: 0.25, most often trust (100%)" in alt
    assert "c3 (quantitative only): no value, no interviews" in alt
    # one row per unit, the unit with the lowest measure first (the missing one before it)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["c3 (quantitative only)", "c2", "c1"]
    with pytest.raises(InputError, match="no column 'density'"):
        jointplot.joint_figure(joint, "case_id", "density", "density")


def test_vignette_decisions_take_workers_as_units_and_hide_small_pcsws():
    """Hand-counted: in PCSW 1, worker a rates two cases (aid 8 and 4, one referred: mean 6,
    share 0.5) and worker b one case (aid 3, referred: mean 3, share 1); the PCSW's means are
    over the two workers, (6 + 3) / 2 = 4.5 and (0.5 + 1) / 2 = 0.75, not over the three
    ratings (5.0 and 0.67). PCSW 2 has one worker, fewer than the small cell of 2: not shown."""
    workers = pd.DataFrame({"worker_id": ["a", "b", "c"], "pcsw": ["1", "1", "2"]})
    ratings = pd.DataFrame(
        {
            "worker_id": ["a", "a", "b", "c"],
            "aid_likelihood": [8, 4, 3, 9],
            "refer_integration": [True, False, True, True],
        }
    )
    out = integration.vignette_decisions(workers, ratings, small_cell=2).set_index("pcsw")
    assert out.loc["1"].tolist() == [2, 4.5, 0.75]
    assert out.loc["2", "vignette_workers"] == 1
    assert out.loc["2", ["vignette_aid", "vignette_referral"]].isna().all()


def test_vignette_ratings_of_an_unknown_worker_are_refused():
    workers = pd.DataFrame({"worker_id": ["a"], "pcsw": ["1"]})
    ratings = pd.DataFrame({"worker_id": ["z"], "aid_likelihood": [5], "refer_integration": [True]})
    with pytest.raises(InputError, match="worker.*z"):
        integration.vignette_decisions(workers, ratings)
