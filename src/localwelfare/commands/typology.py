"""``python -m localwelfare typology fit CSV [--items A,B,C] [--classes 1-4] [--starts N]
[--missing fiml|listwise] [--seed S]``.

Fits latent class models (WP3, :mod:`localwelfare.typology`) to the categorical items of one's own
CSV file and prints the model-selection table to stdout, as CSV: one row per number of classes,
columns ``k,loglik,n_params,aic,bic,sabic,caic,entropy,smallest_class,best_ll_share``.

Items are integer codes (1-based as in poLCA, or 0-based when a 0 occurs) or text labels (sorted
alphabetically); empty cells are missing answers. Numbers are rounded to 4 decimals; ``entropy`` is
empty for one class.

Examples
--------
::

    python -m localwelfare typology fit carcinoma.csv --classes 2-4 --starts 20
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from localwelfare.commands._io import read_text_csv
from localwelfare.errors import InputError

#: Columns printed, in this order.
COLUMNS = [
    "k",
    "loglik",
    "n_params",
    "aic",
    "bic",
    "sabic",
    "caic",
    "entropy",
    "smallest_class",
    "best_ll_share",
]


def register(subparsers) -> None:
    """Add the ``typology`` command group."""
    group = subparsers.add_parser("typology", help="latent class typology (WP3) of one's own files")
    sub = group.add_subparsers(dest="typology_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser(
        "fit",
        help="fit latent class models and print the model-selection table",
        description=(
            "Fit latent class models with each number of classes and print one CSV row per "
            "model: k, loglik, n_params, aic, bic, sabic, caic, entropy, smallest_class, "
            "best_ll_share (share of random starts that reached the best log-likelihood)."
        ),
    )
    p.add_argument("csv", help="CSV file, one row per unit, one column per categorical item")
    p.add_argument("--items", help="item columns, comma-separated (default: every column)")
    p.add_argument(
        "--classes", default="1-4", help="numbers of classes: a range '1-4' or a list '2,3'"
    )
    p.add_argument("--starts", default="20", help="random starts per model (default 20)")
    p.add_argument(
        "--missing",
        default="fiml",
        help="missing answers: fiml (full information, default) or listwise (poLCA's default)",
    )
    p.add_argument("--seed", default="0", help="seed of the random starts (default 0)")
    p.set_defaults(handler=fit)


def parse_classes(text: str) -> list[int]:
    """Return the numbers of classes of ``--classes`` ('1-4' or '2,3,5')."""
    text = text.strip()
    match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if 1 <= low <= high:
            return list(range(low, high + 1))
    elif re.fullmatch(r"\d+(\s*,\s*\d+)*", text):
        values = sorted({int(v) for v in text.split(",")})
        if values[0] >= 1:
            return values
    raise InputError(f"--classes {text!r}: expected a range like 1-4 or a list like 2,3 (>= 1)")


def _positive_int(text: str, option: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise InputError(f"--{option} {text!r}: expected a whole number >= {minimum}")
    return value


def read_items(path: str | Path) -> pd.DataFrame:
    """Read a CSV of items as text (empty cells missing); the index is the file's line number."""
    path = Path(path)
    frame = read_text_csv(path, expected="one row per unit")
    if frame.empty:
        raise InputError(f"{path}: no data rows below the header")
    frame.index = pd.RangeIndex(2, len(frame) + 2)  # line numbers of the file
    return frame.apply(lambda col: col.str.strip())


def fit(args: argparse.Namespace) -> int:
    """Print the model-selection table of ``args.csv`` to stdout."""
    from localwelfare import typology  # imported here: the command line starts fast

    frame = read_items(args.csv)
    items = None
    if args.items:
        items = [part.strip() for part in args.items.split(",")]
        if any(not part for part in items):
            raise InputError(f"--items {args.items!r}: expected comma-separated column names")
    classes = parse_classes(args.classes)
    starts = _positive_int(args.starts, "starts", 1)
    seed = _positive_int(args.seed, "seed", 0)
    if args.missing not in typology.MISSING_POLICIES:
        raise InputError(f"--missing {args.missing!r}: expected fiml or listwise")
    typology.encode_items(frame, items, source=str(args.csv))  # names a bad file/row/field
    chosen = frame if items is None else frame[items]
    models = typology.fit_models(chosen, classes, starts=starts, missing=args.missing, seed=seed)
    table = typology.selection_table(models)[COLUMNS].round(4)
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0
