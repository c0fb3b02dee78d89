"""``python -m localwelfare pseudonymise``: stable keyed pseudonyms and de-identified interviews.

``pseudonymise REGISTER.csv [--key-file K] [--out private/pseudonyms.csv]``
    Reads a participant register (column ``participant_id`` and identifying columns such as
    ``name``) and writes ``participant_id,pseudonym`` to a file under the git-ignored
    ``private/`` folder. A pseudonym is an HMAC-SHA256 of the identifier under a secret key
    (:func:`localwelfare.privacy.keyed_pseudonym`): the same for a participant whatever else the
    register holds, unknown to anyone without the key. The key is read from ``--key-file``, else
    ``$LOCALWELFARE_PSEUDONYM_KEY_FILE``, else ``~/.config/localwelfare/pseudonym.key``; a key
    inside a repository is refused. ``--new-key`` creates it (never overwriting one).
``... --qdpx IN.qdpx --qdpx-out OUT.qdpx [--terms private/register.csv]``
    The ingestion step of interviews: every transcript of the REFI-QDA project is de-identified
    (the register's identifying values and the ``term,kind[,replacement]`` rows of ``--terms``,
    e-mail addresses, phone numbers, national register numbers, IBANs), the coded selections'
    offsets are remapped, and source names that are participant ids become pseudonyms. Only
    ``OUT.qdpx`` may enter ``data/raw``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from localwelfare import privacy, refiqda, synthetic
from localwelfare.commands._io import read_text_csv
from localwelfare.errors import InputError

ID_COLUMN = "participant_id"


def _terms(register: pd.DataFrame, terms_file: str | None) -> pd.DataFrame:
    """The de-identification terms: every identifying value of the participant register (kind:
    its column) and the rows of ``terms_file``."""
    long = register.drop(columns=ID_COLUMN).melt(var_name="kind", value_name="term").dropna()
    frames = [long.assign(replacement="")[["term", "kind", "replacement"]]]
    if terms_file:
        extra = read_text_csv(terms_file, "one row per term (columns term, kind, replacement)")
        missing = [c for c in ("term", "kind") if c not in extra.columns]
        if missing:
            raise InputError(f"{terms_file}: missing column(s) {missing} (need term, kind)")
        for i, term in enumerate(extra["term"], start=2):
            if pd.isna(term) or not str(term).strip():
                raise InputError(f"{terms_file}, row {i}, field 'term': empty term")
        frames.append(extra.reindex(columns=["term", "kind", "replacement"]))
    return pd.concat(frames, ignore_index=True)


def _pseudonymise(args) -> int:
    if args.new_key:
        path = privacy.new_key(args.key_file)
        print(f"created a new pseudonym key at {path} (mode 0600); keep it safe", file=sys.stderr)
    if not args.register:
        if not args.new_key:
            raise InputError("pseudonymise: give a participant register (or --new-key)")
        return 0
    if bool(args.qdpx) != bool(args.qdpx_out):
        raise InputError("pseudonymise: --qdpx and --qdpx-out go together")
    out = privacy.check_private_path(args.out, "the pseudonym table")
    register = read_text_csv(args.register, "one row per participant")
    table = privacy.pseudonym_table(register, privacy.read_key(args.key_file), where=args.register)
    if args.qdpx:
        if Path(args.qdpx).resolve() == Path(args.qdpx_out).resolve():
            raise InputError(f"{args.qdpx_out}: refusing to overwrite the identifying project")
        project = refiqda.read_project(args.qdpx)
        terms = _terms(register, args.terms)
        pseudonyms = dict(zip(table[ID_COLUMN], table["pseudonym"], strict=True))
        clean = privacy.deidentify_project(project, terms, pseudonyms)
        Path(args.qdpx_out).write_bytes(refiqda.project_bytes(clean))
        n = int(privacy.scan_identifiers(list(project.texts.values()), terms).shape[0])
        print(
            f"de-identified {len(project.texts)} transcripts ({n} identifiers replaced) "
            f"-> {args.qdpx_out}",
            file=sys.stderr,
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    synthetic.write_csv(table, out)
    print(f"wrote {len(table)} pseudonyms to {out}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Add the ``pseudonymise`` command."""
    parser = subparsers.add_parser(
        "pseudonymise",
        help="keyed pseudonyms for a participant register; de-identify a REFI-QDA project",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("register", nargs="?", help="participant register (CSV, participant_id)")
    parser.add_argument(
        "--key-file",
        help=f"secret key (default: ${privacy.KEY_FILE_ENV} or {privacy.DEFAULT_KEY_FILE})",
    )
    parser.add_argument("--new-key", action="store_true", help="create the key file first")
    parser.add_argument(
        "--out",
        default=f"{privacy.PRIVATE_DIR}/pseudonyms.csv",
        help="pseudonym table to write, under private/ (default: private/pseudonyms.csv)",
    )
    parser.add_argument("--qdpx", help="REFI-QDA project with identifying transcripts")
    parser.add_argument("--qdpx-out", help="de-identified REFI-QDA project to write")
    parser.add_argument(
        "--terms", help="more names and places to remove: CSV term,kind[,replacement]"
    )
    parser.set_defaults(handler=_pseudonymise)
