"""Pipeline commands: ``runs``, ``run``, ``execute``, ``build``, ``validate``, ``synthesize``."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

from localwelfare import data, pipeline, privacy, synthetic
from localwelfare.errors import InputError

log = logging.getLogger(__name__)


def _runs(args) -> int:
    runs = pipeline.load_runs(args.project)
    for run in runs.values():
        print(
            f"{run.name}  ({run.notebook.relative_to(Path(args.project).resolve())}"
            if Path(args.project).resolve() in run.notebook.parents
            else f"{run.name}",
            end="",
        )
        print(f"){'  ' + run.title if run.title else ''}")
        print(f"    reads: {', '.join(run.reads) or '-'}")
        for name, info in pipeline.notebook_parameters(run.notebook).items():
            value = run.parameters.get(name)
            shown = "" if value is None else f" = {json.dumps(value, ensure_ascii=False)}"
            print(
                f"    {name}: {info['type']}{shown}  (default {info['default']})"
                f"{'  # ' + info['help'] if info['help'] else ''}"
            )
    return 0


def _run(args) -> int:
    overrides = {name: value for name, value in args.parameter}
    output = args.output or f"{args.run}.ipynb"
    path = pipeline.execute_one(args.project, args.run, overrides, output)
    log.info(f"executed run '{args.run}' -> {path}")
    return 0


def _execute(args) -> int:
    pipeline.execute_runs(args.project, args.runs or None, jobs=args.jobs, force=args.force)
    return 0


def _build(args) -> int:
    pipeline.build_book(args.project, force=args.force)
    return 0


def _book(args) -> int:
    pipeline.validate_data(args.project, force=args.force)
    # Jupyter Book's imports start while the runs execute (when some do)
    with pipeline.JupyterBook(args.project) as jupyter_book:
        pipeline.execute_runs(
            args.project,
            None,
            jobs=args.jobs,
            force=args.force,
            validated=True,
            starting=jupyter_book.start,
        )
        pipeline.build_book(args.project, force=args.force, jupyter_book=jupyter_book)
    return 0


def _validate(args) -> int:
    data_dir = data.find_data_dir(
        getattr(args, "data_dir", None) or pipeline.project_data_dir(Path(args.project))
    )
    problems = data.validate(data_dir)
    if problems:
        raise data.DataValidationError(problems)
    log.info(f"data: {data_dir / data.DESCRIPTOR} is valid")
    return 0


def _synthesize(args) -> int:
    if not args.out and not args.private:
        raise InputError(
            "synthesize: give --out (the data package) and/or --private (its register)"
        )
    if args.private:
        folder = privacy.check_private_path(
            Path(args.private) / "register.csv", "the synthetic register", outside_ok=True
        ).parent
        written = synthetic.write_private(folder, seed=args.seed)
        log.info(f"wrote {', '.join(p.name for p in written)} to {folder}")
    if not args.out:
        return 0
    out = Path(args.out)
    if (out / "raw").resolve() == (Path(args.project) / "data" / "raw").resolve() and (
        args.seed != synthetic.DEFAULT_SEED or args.null
    ):
        what = "null data" if args.null else f"seed {args.seed}"
        raise InputError(f"{out}: refusing to overwrite the committed data with {what}")
    source = data.find_data_dir(Path(args.project) / "data")
    if out.resolve() != source:
        out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source / "schemas", out / "schemas", dirs_exist_ok=True)
        descriptor = json.loads((source / data.DESCRIPTOR).read_text(encoding="utf-8"))
        descriptor["seed"] = args.seed
        if args.null:
            descriptor["null"] = True
        (out / data.DESCRIPTOR).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    written = synthetic.write_all(out / "raw", seed=args.seed, null=args.null)
    changed = data.write_file_facts(out)
    planted = synthetic.planted(args.null)
    (out / "planted.json").write_text(json.dumps(planted, indent=2) + "\n", encoding="utf-8")
    log.info(
        f"wrote {len(written)} files to {out / 'raw'} (seed {args.seed}"
        f"{', null: no planted effect' if args.null else ''}) and planted.json "
        f"({len(planted)} planted claims); the bytes and hash of {len(changed)} resource(s) "
        f"changed in {out / data.DESCRIPTOR}"
    )
    return 0


def register(subparsers) -> None:
    """Add the pipeline commands."""

    def add(name, handler, help):
        parser = subparsers.add_parser(name, help=help, description=help)
        parser.add_argument("--project", default=".", help="repository root (default: .)")
        parser.set_defaults(handler=handler)
        return parser

    add("runs", _runs, "list the book's runs with their parameters, defaults and help")
    p = add("run", _run, "re-execute one run with other parameters, outside the book")
    p.add_argument("run", help="run name (see `runs`)")
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="parameter to override (repeatable)",
    )
    p.add_argument("--output", help="executed notebook to write (default: RUN.ipynb)")
    for name, handler, text in [
        ("execute", _execute, "execute the book's runs whose content changed"),
        ("book", _book, "validate the data, execute changed runs, build the book"),
    ]:
        p = add(name, handler, text)
        p.add_argument(
            "-j",
            "--jobs",
            type=int,
            default=None,
            help="runs executed in parallel (default: number of CPUs)",
        )
        p.add_argument("--force", action="store_true", help="execute every run again")
        if name == "execute":
            p.add_argument("runs", nargs="*", help="only these runs (default: all)")
    p = add("build", _build, "build the book from the executed runs (execution off)")
    p.add_argument("--force", action="store_true", help="build even if nothing changed")
    p = add("validate", _validate, "validate the data package (types, constraints, keys)")
    p.add_argument("data_dir", nargs="?", help="data folder (default: data/)")
    p = add("synthesize", _synthesize, "generate the synthetic data package from a seed")
    p.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    p.add_argument("--out", help="data folder to write (raw/ and planted.json)")
    p.add_argument(
        "--null",
        action="store_true",
        help="switch every planted effect off (same design, no effect: for calibration)",
    )
    p.add_argument(
        "--private",
        metavar="DIR",
        help="also write the synthetic register.csv and participants.csv to DIR (the "
        "repository's private/ folder or a folder outside any repository)",
    )
    register_codebook(subparsers)


def _codebook(args) -> int:
    sys.stdout.write(data.codebook_markdown(args.data_dir or Path(args.project) / "data"))
    return 0


def register_codebook(subparsers) -> None:
    """Add ``codebook``: print the human codebook written from the data package descriptor."""
    parser = subparsers.add_parser(
        "codebook", help="print data/README.md, the codebook, from the data package descriptor"
    )
    parser.add_argument("--project", default=".", help="repository root (default: .)")
    parser.add_argument("data_dir", nargs="?", help="data folder (default: data/)")
    parser.set_defaults(handler=_codebook)
