"""Pseudonyms, the secret key they are made with, and where identifying data may live.

Participants get keyed pseudonyms (:func:`keyed_pseudonym`, HMAC-SHA256 under a secret key kept
outside every repository: :func:`read_key`, :func:`new_key`, :func:`key_file_path`), listed per
participant register by :func:`pseudonym_table`. Quotes are published under short numbered
pseudonyms (:func:`pseudonym_map`). Identifying data live only in a repository's git-ignored
``private/`` folder (:func:`check_private_path`).

Examples
--------
>>> from localwelfare.privacy import keyed_pseudonym
>>> keyed_pseudonym("inch-001", b"a secret key of the project")
'P-QRH7EK4YGH'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from localwelfare.errors import InputError

__all__ = [
    "DEFAULT_KEY_FILE",
    "KEY_FILE_ENV",
    "PRIVATE_DIR",
    "check_private_path",
    "git_work_tree",
    "key_file_path",
    "keyed_digest",
    "keyed_pseudonym",
    "new_key",
    "pseudonym_map",
    "pseudonym_table",
    "read_key",
]


def pseudonym_map(ids, prefix: str = "P", salt: str = "", width: int = 2) -> dict[str, str]:
    """Return a map from each identifier to a pseudonym ``"<prefix> <k>"``.

    Pseudonyms are numbered in the order of a keyed hash (BLAKE2b of ``salt`` and the identifier),
    not in the order of the identifiers, so a pseudonym reveals nothing about interview order or
    recruitment; the same identifiers and salt always give the same map. Keep a project-specific
    ``salt`` secret when identifiers are themselves revealing.

    Parameters
    ----------
    ids : iterable of str
        Identifiers (duplicates and missing values are ignored).
    prefix : str, default ``"P"``
        Text before the number, e.g. an actor group (``"social worker"``).
    salt : str, default ``""``
        Key of the hash.
    width : int, default 2
        Minimum number of digits.

    Examples
    --------
    >>> m = pseudonym_map(["inch-001", "inch-002", "inch-003"], prefix="family", salt="s")
    >>> sorted(m.values())
    ['family 01', 'family 02', 'family 03']
    >>> m == pseudonym_map(["inch-003", "inch-002", "inch-001"], prefix="family", salt="s")
    True
    """
    unique = sorted({str(i) for i in ids if i is not None and not pd.isna(i)})
    keyed = sorted(
        unique,
        key=lambda i: hashlib.blake2b(i.encode(), key=salt.encode()[:64], digest_size=16).digest(),
    )
    return {ident: f"{prefix} {k:0{width}d}" for k, ident in enumerate(keyed, start=1)}


#: Environment variable naming the pseudonym key file.
KEY_FILE_ENV = "LOCALWELFARE_PSEUDONYM_KEY_FILE"
#: Where the pseudonym key lives unless told otherwise: outside any repository.
DEFAULT_KEY_FILE = "~/.config/localwelfare/pseudonym.key"
#: The git-ignored folder of a repository where identifying data may live.
PRIVATE_DIR = "private"


def keyed_digest(identifier: str, key: bytes) -> bytes:
    """Return HMAC-SHA256 (RFC 2104, FIPS 180-4) of ``identifier`` (UTF-8) under ``key``.

    Examples
    --------
    >>> keyed_digest("what do ya want for nothing?", b"Jefe").hex()[:16]  # RFC 4231, case 2
    '5bdcc146bf60754e'
    """
    return hmac.new(key, str(identifier).encode("utf-8"), hashlib.sha256).digest()


def keyed_pseudonym(identifier: str, key: bytes, prefix: str = "P-", length: int = 10) -> str:
    """Return the pseudonym of ``identifier``: ``prefix`` and the first ``length`` characters of
    the base32 HMAC-SHA256 of the identifier under the secret ``key``.

    A pseudonym depends on the identifier and the key only: it is the same whatever else is in the
    register and in whatever order, and nobody without the key can compute it from the
    identifier (or test a guess). Ten base32 characters are 50 bits: among 10,000 participants
    the chance that two share a pseudonym is below 1 in 20 million (:func:`pseudonym_table`
    checks anyway).

    Examples
    --------
    >>> keyed_pseudonym("inch-001", b"a secret key of the project")
    'P-QRH7EK4YGH'
    >>> keyed_pseudonym("inch-001", b"another key")
    'P-XH4GNCDQ5F'
    """
    code = base64.b32encode(keyed_digest(identifier, key)).decode("ascii")
    return f"{prefix}{code[:length]}"


def git_work_tree(path: str | os.PathLike) -> Path | None:
    """Return the root of the git work tree that holds ``path`` (it need not exist), or None."""
    here = Path(path).expanduser().resolve()
    for folder in [here, *here.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def check_private_path(path: str | os.PathLike, what: str, outside_ok: bool = False) -> Path:
    """Return ``path`` resolved if identifying data may be written there, or raise InputError.

    Inside a git work tree, only its git-ignored ``private/`` folder may hold identifying data.
    Outside every work tree the path must still be in a folder named ``private`` unless
    ``outside_ok`` (e.g. an encrypted drive of the team).
    """
    resolved = Path(path).expanduser().resolve()
    root = git_work_tree(resolved)
    if root is not None:
        private = root / PRIVATE_DIR
        if private not in resolved.parents:
            raise InputError(
                f"{path}: refusing to write {what} inside the repository {root} outside its "
                f"git-ignored {PRIVATE_DIR}/ folder (write under {private}/)"
            )
        return resolved
    if outside_ok or PRIVATE_DIR in resolved.parent.parts:
        return resolved
    raise InputError(f"{path}: {what} must be written under a folder named {PRIVATE_DIR}/")


def key_file_path(key_file: str | os.PathLike | None = None) -> Path:
    """Return the pseudonym key file: ``key_file``, else ``$LOCALWELFARE_PSEUDONYM_KEY_FILE``,
    else :data:`DEFAULT_KEY_FILE`; refuse (InputError) one inside a git work tree."""
    chosen = key_file or os.environ.get(KEY_FILE_ENV) or DEFAULT_KEY_FILE
    path = Path(chosen).expanduser().resolve()
    root = git_work_tree(path)
    if root is not None:
        raise InputError(
            f"{chosen}: the pseudonym key must never live in a repository (this is inside the "
            f"git work tree {root}); keep it e.g. at {DEFAULT_KEY_FILE}"
        )
    return path


def new_key(key_file: str | os.PathLike | None = None) -> Path:
    """Create a new random pseudonym key (32 bytes from :mod:`secrets`, hex, mode 0600) and
    return its path; never overwrite an existing key."""
    path = key_file_path(key_file)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            f"{path}: a pseudonym key exists already; refusing to overwrite it (every pseudonym "
            "made with it would change)"
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path


def read_key(key_file: str | os.PathLike | None = None) -> bytes:
    """Return the pseudonym key of :func:`key_file_path` (at least 16 bytes)."""
    path = key_file_path(key_file)
    try:
        key = path.read_bytes().strip()
    except FileNotFoundError:
        raise InputError(f"{path}: no pseudonym key; create one with --new-key") from None
    if len(key) < 16:
        raise InputError(f"{path}: the pseudonym key is shorter than 16 bytes")
    return key


def pseudonym_table(
    register: pd.DataFrame, key: bytes, id_col: str = "participant_id", where: str = "register"
) -> pd.DataFrame:
    """Return ``participant_id, pseudonym`` for a participant register (one row per participant).

    Raises InputError naming file, row and field when an identifier is empty or repeated, or in
    the (vanishingly rare) case that two identifiers get the same pseudonym.

    Examples
    --------
    >>> register = pd.DataFrame({"participant_id": ["b", "a"], "name": ["Bo", "Ann"]})
    >>> table = pseudonym_table(register, b"0123456789abcdef")
    >>> table["participant_id"].tolist(), table["pseudonym"].str.len().tolist()
    (['b', 'a'], [12, 12])
    """
    if id_col not in register.columns:
        raise InputError(f"{where}: no column '{id_col}' (columns: {list(register.columns)})")
    ids = register[id_col]
    for i, value in enumerate(ids, start=2):  # row 1 is the header
        if pd.isna(value) or not str(value).strip():
            raise InputError(f"{where}, row {i}, field '{id_col}': empty identifier")
    repeated = ids.duplicated()
    if repeated.any():
        i = int(repeated.to_numpy().argmax())
        raise InputError(
            f"{where}, row {i + 2}, field '{id_col}': identifier {ids.iloc[i]!r} is repeated "
            "(primary key)"
        )
    table = pd.DataFrame(
        {id_col: ids.astype(str).str.strip().to_numpy()},
    )
    table["pseudonym"] = [keyed_pseudonym(i, key) for i in table[id_col]]
    if table["pseudonym"].duplicated().any():
        raise InputError(f"{where}: two identifiers share a pseudonym; use a longer pseudonym")
    return table
