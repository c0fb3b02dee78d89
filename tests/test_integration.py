"""Mixed-methods integration: every outcome of the meta-inference rule on constructed claims, and
joint displays that report the keys that do not join."""

from __future__ import annotations

import pandas as pd
import pytest

from localwelfare import findings, integration


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
