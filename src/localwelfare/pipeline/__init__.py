"""The book's runs: declared in ``notebooks/runs.yml``, executed with papermill, cached by content.

``runs.yml`` declares each source notebook once (its path and the data resources it reads) and
each run of it: the run's title and parameters. One notebook may back several runs, each a chapter
of the book. A run's executed notebook is written to ``book/runs/<run>.ipynb``, which the book
reads with execution off::

    notebooks:
      network_mapping:
        path: notebooks/network_mapping.ipynb
        reads: [networks, organisations, ties]
    runs:
      wp1-inch:
        notebook: network_mapping
        title: "INCh: twenty local networks against child poverty compared"
        parameters: {study: inch}

A run is re-executed only when its content hash changed: the notebook's cells, its parameters, the
files of the data resources it reads (and the resources those reference through foreign keys) with
their schemas, or the source of the helper package. The hash is kept in the executed notebook's
metadata, so the executed notebooks are the whole cache.

``runs.yml`` is validated against the JSON Schema ``schemas/runs.schema.json`` of this package.
Parameters are checked against the notebook's ``parameters`` cell before anything runs: an unknown
name or a value of the wrong type is refused (papermill itself only warns); a command-line value is
read as papermill's ``-p`` reads it (:func:`papermill_value`). While a run executes,
:func:`localwelfare.data.load` refuses resources the run did not declare, so the cache cannot miss
a change. A failing run keeps its executed notebook in ``_build/failed/`` for inspection and leaves
the previous output in place.

The pipeline is a package of five rooms, each calling only the rooms before it in this list:

- :mod:`~localwelfare.pipeline.runs`: ``runs.yml``, its schema, the runs and their parameters;
- :mod:`~localwelfare.pipeline.cache`: content hashes and stamps (what must execute again);
- :mod:`~localwelfare.pipeline.manifest`: what each run computed from what, and comparing builds;
- :mod:`~localwelfare.pipeline.execute`: executing runs in worker processes, in parallel;
- :mod:`~localwelfare.pipeline.build`: the data stamp, the Jupyter Book build and its swap, and
  the check that the book reproduces.

The names below are the pipeline's public interface, used by the command line, the tests and the
benchmarks as ``pipeline.NAME``.

Examples
--------
>>> from localwelfare.pipeline import coerce_parameter
>>> coerce_parameter("run", "k_max", "int", "6")
6
"""

from localwelfare.pipeline.build import (
    BOOK_INPUTS,
    DATA_STAMP,
    HTML_DIR,
    STAMP,
    WORK_DIR,
    JupyterBook,
    book_hash,
    build_book,
    validate_data,
    verify,
)
from localwelfare.pipeline.cache import (
    LOCK_FILE,
    NOT_IN_RUNS,
    PACKAGE_DIR,
    cached_hash,
    data_hash,
    input_files,
    lock_hash,
    package_hash,
    run_hash,
)
from localwelfare.pipeline.execute import (
    FAILED_DIR,
    KERNEL,
    BuildInterrupted,
    Progress,
    RunFailed,
    build_lock,
    execute_one,
    execute_runs,
    interruptible,
)
from localwelfare.pipeline.manifest import (
    MANIFEST,
    MANIFEST_PACKAGES,
    collect_manifest,
    compare_manifests,
    output_record,
    package_versions,
    write_manifest,
)
from localwelfare.pipeline.runs import (
    DEFAULT_TIMEOUT,
    OUTPUT_DIR,
    RUNS_FILE,
    RUNS_SCHEMA,
    TYPES,
    Run,
    check_parameters,
    coerce_parameter,
    load_runs,
    notebook_parameters,
    papermill_value,
    parameter_rule,
    project_data_dir,
    runs_problems,
)

__all__ = [
    "BOOK_INPUTS",
    "DATA_STAMP",
    "DEFAULT_TIMEOUT",
    "FAILED_DIR",
    "HTML_DIR",
    "KERNEL",
    "LOCK_FILE",
    "MANIFEST",
    "MANIFEST_PACKAGES",
    "NOT_IN_RUNS",
    "OUTPUT_DIR",
    "PACKAGE_DIR",
    "RUNS_FILE",
    "RUNS_SCHEMA",
    "STAMP",
    "TYPES",
    "WORK_DIR",
    "BuildInterrupted",
    "JupyterBook",
    "Progress",
    "Run",
    "RunFailed",
    "book_hash",
    "build_book",
    "build_lock",
    "cached_hash",
    "check_parameters",
    "coerce_parameter",
    "collect_manifest",
    "compare_manifests",
    "data_hash",
    "execute_one",
    "execute_runs",
    "input_files",
    "interruptible",
    "load_runs",
    "lock_hash",
    "notebook_parameters",
    "output_record",
    "package_hash",
    "package_versions",
    "papermill_value",
    "parameter_rule",
    "project_data_dir",
    "run_hash",
    "runs_problems",
    "validate_data",
    "verify",
    "write_manifest",
]
