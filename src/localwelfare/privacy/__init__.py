"""Privacy: what may be published about people, and how identifying data are kept out.

The package has four modules; the names of the first three are importable from
``localwelfare.privacy`` itself:

- :mod:`~localwelfare.privacy.disclosure`: the small-cell rule for counts and groups and the
  rare-combination rule for attributes published together;
- :mod:`~localwelfare.privacy.keys`: keyed pseudonyms, the secret key file, and the git-ignored
  ``private/`` folder where identifying data may live;
- :mod:`~localwelfare.privacy.deidentify`: identifiers in text (names and places of a register,
  e-mail addresses, phone numbers, national register numbers, IBANs), replaced by placeholders,
  with the offsets of coded selections remapped;
- :mod:`~localwelfare.privacy.scan`: the scan of every published output (``privacy-check``).

Examples
--------
>>> import pandas as pd
>>> from localwelfare import privacy
>>> privacy.suppress_small_counts(pd.DataFrame({"n": [12, 3, 0]}), threshold=5)["n"].tolist()
['12', '<5', '0']
"""

from __future__ import annotations

from localwelfare.privacy.deidentify import (
    IBAN_MAX_LENGTH,
    PLACEHOLDERS,
    deidentify_project,
    deidentify_text,
    deidentify_with_edits,
    iban_valid,
    identifier_spans,
    national_register_number_valid,
    remap_offset,
    scan_identifiers,
)
from localwelfare.privacy.disclosure import (
    SMALL_CELL,
    large_enough_groups,
    rare_combinations,
    safe_attributes,
    small_count,
    suppress_small_counts,
)
from localwelfare.privacy.keys import (
    DEFAULT_KEY_FILE,
    KEY_FILE_ENV,
    PRIVATE_DIR,
    check_private_path,
    git_work_tree,
    key_file_path,
    keyed_digest,
    keyed_pseudonym,
    new_key,
    pseudonym_map,
    pseudonym_table,
    read_key,
)

__all__ = [
    "DEFAULT_KEY_FILE",
    "IBAN_MAX_LENGTH",
    "KEY_FILE_ENV",
    "PLACEHOLDERS",
    "PRIVATE_DIR",
    "SMALL_CELL",
    "check_private_path",
    "deidentify_project",
    "deidentify_text",
    "deidentify_with_edits",
    "git_work_tree",
    "iban_valid",
    "identifier_spans",
    "key_file_path",
    "keyed_digest",
    "keyed_pseudonym",
    "large_enough_groups",
    "national_register_number_valid",
    "new_key",
    "pseudonym_map",
    "pseudonym_table",
    "rare_combinations",
    "read_key",
    "remap_offset",
    "safe_attributes",
    "scan_identifiers",
    "small_count",
    "suppress_small_counts",
]
