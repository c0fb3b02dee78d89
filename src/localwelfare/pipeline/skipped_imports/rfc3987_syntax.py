"""Stands in for ``rfc3987_syntax`` in the processes the pipeline starts: importing it fails.

jsonschema imports ``rfc3987_syntax``, when installed, for its optional ``iri`` and
``iri-reference`` format checks, and that import compiles some forty Earley grammars: about a
second in every process that imports jsonschema (the command line validating ``runs.yml``, each
worker and kernel through papermill, nbformat and myst-nb's ``glue``, and Jupyter Book), see
python-jsonschema/jsonschema#1428. jsonschema skips those two checks when the import fails. No
schema the pipeline validates against uses them (``tests/test_pipeline_imports.py`` checks the
schemas of nbformat, frictionless and this package), so no validation changes.

See :data:`localwelfare.pipeline.runs.SKIPPED_IMPORTS`.
"""

raise ImportError("rfc3987_syntax is skipped in the compendium's pipeline processes")
