"""Per-file cache of processed frames, stored as Parquet under ``helpers.paths.CACHE``.

The unit is one input file (a CSV of 812 articles is one unit). An entry's key hashes the
file's bytes (sha256), its path (article ids and ``source_path`` derive from it), the package
version and a fingerprint of the code in ``helpers/`` and of the knowledge (``helpers.knowledge``: the
tables in ``data/``): editing ``data/actors.csv`` or a stage invalidates every entry.

Entries are written in packs (one Parquet file per frame, rows tagged with their key, plus an
``entries`` table), so a rerun over thousands of cached files reads a few files, not thousands.
Packs are written to a temporary folder and renamed into place; the index is replaced
atomically. A read is verified: the pack's ``entries`` table must list the key with the same
content hash and fingerprint, and only rows tagged with that key are returned.
"""

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__
from .knowledge import Knowledge, resolve
from .paths import CACHE

KEY = "_cache_key"
INDEX = "index.json"
ENTRIES = "entries"


def file_sha256(path: str | Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_fingerprint() -> str:
    """Hash of the names and bytes of the ``helpers`` code."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if not any(part.startswith(".") for part in path.relative_to(root).parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(knowledge: Knowledge | None = None) -> str:
    """Hash of the package version, the ``helpers`` code and the knowledge (default: ``data/``'s)."""
    return hashlib.sha256(f"{__version__}|{code_fingerprint()}|{resolve(knowledge).fingerprint()}".encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """What identifies one file's results: its path, content hash, the code/data fingerprint and
    the id stem its articles get in this run (``""``: the file name's)."""
    path: str
    sha256: str
    fingerprint: str
    stem: str = ""

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.sha256}|{self.path}|{self.fingerprint}|{self.stem}".encode()).hexdigest()


def entry_for(path: str | Path, print_: str, stem: str = "") -> Entry:
    """The cache entry of a file as it is now, under code/data fingerprint ``print_``."""
    return Entry(str(path), file_sha256(path), print_, stem)


class Cache:
    """Packs of per-file frames under ``root``; ``Cache(None)`` stores nothing and finds nothing.

    Workers ``store`` packs; one process (the one that ran ``lookup``) then calls ``index``.
    """

    def __init__(self, root: str | Path | None = CACHE):
        self.root = Path(root) if root is not None else None
        self._loaded: dict[str, str] | None = None

    def _index(self) -> dict[str, str]:
        if self._loaded is None:
            try:
                self._loaded = json.loads((self.root / INDEX).read_text()) if self.root else {}
            except (OSError, ValueError):
                self._loaded = {}
        return self._loaded

    def lookup(self, entries: Iterable[Entry], frame_names: list[str]) -> tuple[dict[str, pa.Table], set[str]]:
        """Rows of every frame (tagged with their ``KEY``) for the entries found, and their keys.

        An entry whose pack is missing, unreadable or does not list it unchanged is a miss.
        """
        wanted = {e.key: e for e in entries}
        index = self._index()
        by_pack: dict[str, list[Entry]] = {}
        for key, entry in wanted.items():
            if key in index:
                by_pack.setdefault(index[key], []).append(entry)
        found: dict[str, list[pa.Table]] = {name: [] for name in frame_names}
        keys: set[str] = set()
        for pack, pack_entries in by_pack.items():
            vouched, tables = self._read_pack(pack, pack_entries, frame_names)
            keys |= vouched
            for name, table in tables.items():
                found[name].append(table)
        return {name: pa.concat_tables(t, promote_options="permissive") for name, t in found.items() if t}, keys

    def _read_pack(self, pack: str, entries: list[Entry],
                   frame_names: list[str]) -> tuple[set[str], dict[str, pa.Table]]:
        folder = self.root / "packs" / pack
        by_key = {e.key: e for e in entries}
        try:
            vouched = {row[KEY] for row in pq.read_table(folder / f"{ENTRIES}.parquet").to_pylist()
                       if (e := by_key.get(row[KEY])) is not None
                       and (e.path, e.sha256, e.fingerprint) == (row["path"], row["sha256"], row["fingerprint"])}
            if not vouched:
                return set(), {}
            keys = pa.array(sorted(vouched), pa.string())
            tables = {}
            for name in frame_names:
                table = pq.read_table(folder / f"{name}.parquet")
                tables[name] = table.filter(pc.is_in(table[KEY], value_set=keys))
            return vouched, tables
        except (OSError, pa.ArrowException, KeyError):
            return set(), {}

    def store(self, entries: list[Entry], frames: Mapping[str, pa.Table]) -> dict[str, str]:
        """Write one pack holding ``frames`` (rows tagged with ``KEY``) for ``entries``.

        Returns ``{key: pack}`` for ``index`` (empty when nothing could be written).
        """
        if self.root is None or not entries:
            return {}
        pack = uuid.uuid4().hex
        packs = self.root / "packs"
        tmp = packs / f".tmp-{pack}"
        tmp.mkdir(parents=True, exist_ok=True)
        try:
            listing = pa.table({KEY: [e.key for e in entries], "path": [e.path for e in entries],
                                "sha256": [e.sha256 for e in entries],
                                "fingerprint": [e.fingerprint for e in entries]})
            pq.write_table(listing, tmp / f"{ENTRIES}.parquet")
            for name, table in frames.items():
                pq.write_table(table, tmp / f"{name}.parquet")
            tmp.rename(packs / pack)
        except (OSError, pa.ArrowException):
            shutil.rmtree(tmp, ignore_errors=True)
            return {}
        return {e.key: pack for e in entries}

    def index(self, additions: dict[str, str]) -> None:
        """Point keys at their packs (atomic replace of the index), then drop packs nothing points to."""
        if self.root is None or not additions:
            return
        index = self._index() | additions
        tmp = self.root / f".{INDEX}.{uuid.uuid4().hex}"
        tmp.write_text(json.dumps(index))
        os.replace(tmp, self.root / INDEX)
        live = set(index.values())
        for folder in (self.root / "packs").iterdir():
            if not folder.name.startswith(".") and folder.name not in live:
                shutil.rmtree(folder, ignore_errors=True)

    def clear(self) -> None:
        """Remove every entry."""
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        self._loaded = None
