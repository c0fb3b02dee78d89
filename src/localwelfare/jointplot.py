"""The joint display as a figure: one quantitative measure per unit beside the themes its
interviews mention.

A joint display (Guetterman, Fetters & Creswell 2015) sets the two strands of a study side by
side, unit by unit. As a table it is exact; as a figure a reader sees at a glance whether the
units that score high on the measure are the ones whose interviewees speak of a theme. The left
panel is a dot plot of the measure per unit (case network, PCSW, centre, actor group); the right
panel is a heat strip of the share of the unit's interviews that mention each theme, the share
printed in each cell. A unit found in one strand only keeps its row, with the missing side left
empty and marked in the label, so that the figure shows what the table shows.

The input is a table of :func:`localwelfare.integration.study_display`: one row per unit, a
column for the measure, ``share_<theme>`` columns and ``joined``.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from localwelfare import jointplot
>>> joint = pd.DataFrame({"unit": ["a", "b"], "density": [0.2, 0.4],
...                       "share_trust": [0.5, 1.0], "joined": ["both", "both"]})
>>> fig, alt = jointplot.joint_figure(joint, "unit", "density", "Density")
>>> alt.startswith("Joint display: Density per unit")
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from localwelfare.errors import InputError

__all__ = ["joint_figure", "theme_columns"]


def theme_columns(joint: pd.DataFrame) -> list[str]:
    """The ``share_<theme>`` (or ``<group>_share_<theme>``) columns of a joint display, in table
    order."""
    return [c for c in joint.columns if c.startswith("share_") or "_share_" in c]


def _theme_label(column: str) -> str:
    """``share_access_and_thresholds`` -> ``access and thresholds``; ``clients_share_trust`` ->
    ``clients: trust``."""
    group, _, theme = column.rpartition("share_")
    theme = theme.replace("_", " ")
    return f"{group.rstrip('_').replace('_', ' ')}: {theme}" if group else theme


def joint_figure(
    joint: pd.DataFrame,
    unit: str,
    measure: str,
    measure_label: str,
    unit_labels: dict | None = None,
):
    """Draw the joint display ``joint`` as a figure; return ``(fig, alt)``.

    Parameters
    ----------
    joint : DataFrame
        One row per unit: the column ``unit``, the quantitative ``measure``, one or more
        ``share_<theme>`` columns (shares in [0, 1]) and, optionally, ``joined``.
    unit, measure : str
        The unit's column and the measure drawn in the left panel.
    measure_label : str
        The measure's name for the axis and the alt text.
    unit_labels : dict, optional
        Readable names of the units (the data package's labels of the codes otherwise).

    Returns
    -------
    fig : matplotlib Figure
    alt : str
        Alt text that states, per unit, the measure and the themes most often mentioned, so that
        a reader who cannot see the figure gets what it shows.
    """
    import matplotlib.pyplot as plt

    from localwelfare import plots
    from localwelfare.display import value_label

    for column in (unit, measure):
        if column not in joint:
            raise InputError(f"joint display figure: no column '{column}' in the joint display")
    themes = theme_columns(joint)
    if not themes:
        raise InputError("joint display figure: the joint display has no share_<theme> column")
    data = joint.sort_values(measure, na_position="first").reset_index(drop=True)
    labels = [
        (unit_labels or {}).get(str(u), value_label(str(u)))
        + ("" if j in ("both", None) or pd.isna(j) else f" ({j})")
        for u, j in zip(data[unit], data.get("joined", [None] * len(data)), strict=True)
    ]
    shares = data[themes].astype(float).to_numpy()
    plots.use_style()
    height = max(2.5, 0.42 * len(data) + 1.4)
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(8.0, height),
        sharey=True,
        gridspec_kw={"width_ratios": [3, max(1.2, 0.9 * len(themes))]},
    )
    y = np.arange(len(data))
    left.scatter(data[measure].astype(float), y, color=plots.PALETTE[0], zorder=3)
    left.set_yticks(y, labels)
    left.set_xlabel(measure_label)
    left.grid(axis="y", visible=False)
    right.imshow(np.ma.masked_invalid(shares), aspect="auto", cmap="Blues", vmin=0.0, vmax=1.0)
    for (i, j), value in np.ndenumerate(shares):
        if not np.isnan(value):
            right.text(
                j,
                i,
                f"{value:.0%}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > 0.6 else "black",
            )
    right.set_xticks(range(len(themes)), [_theme_label(t) for t in themes], rotation=30, ha="right")
    right.grid(False)
    right.set_title("share of interviews mentioning", fontsize=9)
    fig.tight_layout()
    parts = []
    for label, value, row in zip(labels, data[measure], shares, strict=True):
        shown = "no value" if pd.isna(value) else f"{float(value):.2f}"
        if np.isnan(row).all():
            themes_text = "no interviews"
        else:
            top = int(np.nanargmax(row))
            themes_text = f"most often {_theme_label(themes[top])} ({row[top]:.0%})"
        parts.append(f"{label}: {shown}, {themes_text}")
    alt = f"Joint display: {measure_label} per unit, beside the themes its interviews mention. " + (
        "; ".join(parts) + "."
    )
    return fig, alt
