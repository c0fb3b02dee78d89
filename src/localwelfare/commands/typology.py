"""``python -m localwelfare typology fit CSV [--items A,B,C] [--classes 1-4] [--starts N]
[--missing fiml|listwise] [--seed S] [--weights COL] [--covariates COL[,COL...] --coefficients PATH
[--steps 1|3] [--correction BCH|ML|none]]``.

Fits latent class models (WP3, :mod:`localwelfare.typology`) to the categorical items of one's own
CSV file and prints the model-selection table to stdout, as CSV: one row per number of classes,
columns ``k,loglik,n_params,aic,bic,sabic,caic,entropy,smallest_class,best_ll_share``.

Items are integer codes (1-based as in poLCA, or 0-based when a 0 occurs) or text labels (sorted
alphabetically); empty cells are missing answers. Numbers are rounded to 4 decimals; ``entropy`` is
empty for one class. ``--weights COL`` estimates every model with the unit weights in column COL
(e.g. post-stratification weights; the weighted log-likelihood ``sum_i w_i ln f(x_i)``).

With ``--covariates`` (numeric columns; one number of classes in ``--classes``) the command also
fits the model of class membership on the covariates (:func:`localwelfare.typology.
covariate_model`): ``--steps 3`` (default) is the bias-adjusted three-step approach with
``--correction BCH`` (default), ``ML`` or ``none``; ``--steps 1`` is latent class regression in one
step (as poLCA). It writes the coefficients to ``--coefficients PATH`` as CSV with the columns
``class,term,estimate,se``: the log-odds of each class against class 1 (the first class of the
table's order), one row per class 2..k and term (``intercept`` and each covariate), and prints the
model's log-likelihood and number of units to stderr. The item columns default to every column
that is neither a covariate nor the weight.

Examples
--------
::

    python -m localwelfare typology fit carcinoma.csv --classes 2-4 --starts 20
    python -m localwelfare typology fit cheating.csv --items LIEEXAM,LIEPAPER,FRAUD,COPYEXAM \
        --classes 2 --covariates GPA --steps 1 --missing listwise --coefficients gpa.csv
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
    p.add_argument("--weights", help="column of unit weights (default: unweighted)")
    p.add_argument(
        "--covariates",
        help="numeric columns predicting class membership, comma-separated (needs one --classes)",
    )
    p.add_argument(
        "--steps", default="3", help="covariate model: 3 (bias-adjusted, default) or 1 (one-step)"
    )
    p.add_argument(
        "--correction", help="three-step correction: BCH (default), ML or none (classify-analyse)"
    )
    p.add_argument("--coefficients", help="CSV file to write the covariate coefficients to")
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


def _columns(text: str, option: str) -> list[str]:
    names = [part.strip() for part in text.split(",")]
    if any(not part for part in names):
        raise InputError(f"--{option} {text!r}: expected comma-separated column names")
    return names


def _check_columns(frame: pd.DataFrame, names: list[str], path, what: str) -> None:
    unknown = [name for name in names if name not in frame.columns]
    if unknown:
        raise InputError(
            f"{path}: {what} column(s) {', '.join(map(repr, unknown))} not found "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )


def read_weights(frame: pd.DataFrame, column: str, path) -> pd.Series:
    """Return the weights in ``column`` of ``frame`` (rows named by line), or raise InputError
    naming the file, row and field of a value that is not a finite number >= 0."""
    _check_columns(frame, [column], path, "weight")
    text = frame[column]
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | ~values.between(0, float("inf"))
    if bad.any():
        row = values.index[bad.to_numpy()][0]
        raise InputError(
            f"{path}, row {row}, field '{column}': weights must be finite numbers >= 0, "
            f"got {text.loc[row]!r}"
        )
    return values.astype(float)


def fit(args: argparse.Namespace) -> int:
    """Print the model-selection table of ``args.csv`` to stdout (and with ``--covariates``
    write the covariate coefficients to ``--coefficients``)."""
    from localwelfare import typology  # imported here: the command line starts fast

    path = args.csv
    frame = read_items(path)
    covariates = _columns(args.covariates, "covariates") if args.covariates else []
    if covariates:
        _check_columns(frame, covariates, path, "covariate")
        if not args.coefficients:
            raise InputError("--covariates needs --coefficients PATH to write the coefficients to")
    elif args.coefficients:
        raise InputError("--coefficients needs --covariates")
    if args.items:
        items = _columns(args.items, "items")
    else:
        items = [c for c in frame.columns if c not in covariates and c != args.weights]
    classes = parse_classes(args.classes)
    starts = _positive_int(args.starts, "starts", 1)
    seed = _positive_int(args.seed, "seed", 0)
    if args.missing not in typology.MISSING_POLICIES:
        raise InputError(f"--missing {args.missing!r}: expected fiml or listwise")
    if args.steps not in ("1", "3"):
        raise InputError(f"--steps {args.steps!r}: expected 1 or 3")
    steps = int(args.steps)
    correction = args.correction
    if correction is not None:
        if steps == 1:
            raise InputError("--correction applies to --steps 3 only")
        if correction not in typology.CORRECTIONS:
            raise InputError(f"--correction {correction!r}: expected BCH, ML or none")
    if covariates and len(classes) != 1:
        raise InputError(f"--covariates needs one number of classes, got --classes {args.classes}")
    typology.encode_items(frame, items, source=str(path))  # names a bad file/row/field
    weights = read_weights(frame, args.weights, path) if args.weights else None
    design = None
    if covariates:
        design, _ = typology.covariate_design(frame[covariates], source=str(path))
    models = typology.fit_models(
        frame[items], classes, starts=starts, missing=args.missing, seed=seed, weights=weights
    )
    table = typology.selection_table(models)[COLUMNS].round(4)
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    if design is not None:
        model = typology.covariate_model(
            frame[items],
            frame[covariates],
            classes[0],
            steps=steps,
            correction=correction,
            weights=weights,
            missing=args.missing,
            seed=seed,
            starts=starts,
            source=str(path),
        )
        target = Path(args.coefficients)
        try:
            model.coefficients.to_csv(target, index=False, lineterminator="\n")
        except OSError as error:
            raise InputError(
                f"{target}: cannot write the coefficients ({error.strerror})"
            ) from None
        label = "one-step" if steps == 1 else f"three-step, {model.correction} correction"
        print(
            f"covariate model ({label}): log-likelihood {model.loglik:.4f}, "
            f"{model.n_obs} units, coefficients written to {target}",
            file=sys.stderr,
        )
    return 0
