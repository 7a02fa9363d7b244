"""The editable knowledge of ``data/``: every table loaded one way, and reloaded when its file changes.

A ``Knowledge`` object stands for one data folder (default ``helpers.paths.DATA``). Stages receive it
(``pipeline.analyze(..., knowledge=Knowledge(folder))``) and ask it for their tables::

    lexicon = knowledge.load("cues.csv", parse_cues)            # parse_cues(path) -> anything
    vocab = knowledge.load(("pronouns.csv", "genders.csv"), build_vocab)   # build_vocab(path, path)

A value is parsed once per content of its files: on each ``load`` the files' stat (mtime, size,
inode) is compared with the last parse, and only a changed stat leads to hashing the file again and,
when the bytes changed, parsing again. So a table edited in JupyterLab is used by the next cell that
runs a stage. ``fingerprint()`` hashes every file of the folder (sample articles and hidden files
excluded): ``pipeline`` puts it in each cache key, so nothing computed with an older table is reused.

A stat costs microseconds, and stages ask for some tables per article or per paragraph: ``pipeline`` hands
the stages of one chunk ``knowledge.snapshot()``, which checks each table once and then answers from memory
(one chunk sees one version of each table).
"""

import hashlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from .paths import DATA

T = TypeVar("T")
Signature = tuple[int, int, int]  # st_mtime_ns, st_size, st_ino
SKIP = ("articles",)  # folders of data/ that hold inputs, not knowledge


class Knowledge:
    """The tables of one data folder, each parsed once per content (see the module docstring)."""

    def __init__(self, data_dir: str | Path = DATA):
        self.data_dir = Path(data_dir).resolve()
        self._paths: dict[str, str] = {}  # file name -> its path as a string (os.stat is fastest on str)
        self._hashes: dict[str, tuple[Signature, str]] = {}  # file name -> (stat, sha256 of bytes)
        self._values: dict[tuple, tuple[tuple[Signature, ...], tuple[str, ...], Any]] = {}
        # values replaced after an edit stay referenced, so that memos keyed by id() of a value never
        # meet a new value at a recycled address (a few objects per edit of a table)
        self._retired: list[Any] = []

    def __repr__(self) -> str:
        return f"Knowledge({str(self.data_dir)!r})"

    def __reduce__(self):  # worker processes share one Knowledge per folder, with what it has parsed
        return shared, (str(self.data_dir),)

    def path(self, name: str) -> Path:
        """Path of the table ``name`` (``"cues.csv"``, ``"models/x.json"``)."""
        return self.data_dir / name

    def _signature(self, name: str) -> Signature:
        path = self._paths.get(name)
        if path is None:
            path = self._paths[name] = str(self.data_dir / name)
        st = os.stat(path)
        return st.st_mtime_ns, st.st_size, st.st_ino

    def table_hash(self, name: str) -> str:
        """sha256 of the bytes of table ``name`` as it is now (rehashed only when its stat changed)."""
        sig = self._signature(name)
        known = self._hashes.get(name)
        if known is None or known[0] != sig:
            digest = hashlib.sha256((self.data_dir / name).read_bytes()).hexdigest()
            known = self._hashes[name] = (sig, digest)
        return known[1]

    def load(self, names: str | tuple[str, ...], parse: Callable[..., T], *args: Hashable) -> T:
        """``parse(*paths, *args)`` of the tables ``names``, parsed again only when one of them changed."""
        names = (names,) if isinstance(names, str) else names
        key = (names, parse, args)
        sigs = tuple(map(self._signature, names))
        held = self._values.get(key)
        if held is not None and held[0] == sigs:
            return held[2]
        hashes = tuple(self.table_hash(n) for n in names)
        if held is not None and held[1] == hashes:  # touched, not changed
            self._values[key] = (sigs, hashes, held[2])
            return held[2]
        value = parse(*(self.data_dir / n for n in names), *args)
        if held is not None:
            self._retired.append(held[2])
        self._values[key] = (sigs, hashes, value)
        return value

    def snapshot(self) -> "Knowledge":
        """These tables as they are at first use: each checked for changes once, then served from memory."""
        return Snapshot(self)

    def files(self) -> list[str]:
        """Names (relative to the folder) of every knowledge file, sorted."""
        out = []
        for root, dirs, files in os.walk(self.data_dir):
            rel = Path(root).relative_to(self.data_dir)
            dirs[:] = [d for d in dirs if not d.startswith(".") and not (rel == Path(".") and d in SKIP)]
            out += [(rel / f).as_posix() for f in files if not f.startswith(".")]
        return sorted(out)

    def fingerprint(self) -> str:
        """Hash of the names and bytes of every knowledge file of the folder."""
        digest = hashlib.sha256()
        for name in self.files():
            digest.update(f"{name}\0{self.table_hash(name)}\0".encode())
        return digest.hexdigest()


class Snapshot(Knowledge):
    """``Knowledge.snapshot()``: a view of a ``Knowledge`` whose loads are checked once."""

    def __init__(self, base: Knowledge):  # the base holds the tables: no super().__init__()
        self.base, self.data_dir = base, base.data_dir
        self._seen: dict[tuple, Any] = {}

    def __repr__(self) -> str:
        return f"{self.base!r}.snapshot()"

    def __reduce__(self):
        return self.base.__reduce__()

    def load(self, names: str | tuple[str, ...], parse: Callable[..., T], *args: Hashable) -> T:
        key = (names, parse, args)
        if key not in self._seen:
            self._seen[key] = self.base.load(names, parse, *args)
        return self._seen[key]

    def table_hash(self, name: str) -> str:
        return self.base.table_hash(name)

    def snapshot(self) -> Knowledge:
        return self


def read_table(path: str | Path) -> pd.DataFrame:
    """A ``data/`` CSV table as strings: ``#`` lines are comments, spaces after commas and empty cells are ''."""
    return pd.read_csv(path, comment="#", dtype=str, skipinitialspace=True).fillna("")


_SHARED: dict[str, Knowledge] = {}


def shared(data_dir: str | Path = DATA) -> Knowledge:
    """The process's ``Knowledge`` of ``data_dir`` (one per folder, so its parsed tables are shared)."""
    key = str(Path(data_dir).resolve())
    if key not in _SHARED:
        _SHARED[key] = Knowledge(key)
    return _SHARED[key]


def resolve(knowledge: Knowledge | None) -> Knowledge:
    """``knowledge``, or the shared one of ``data/`` when None (stages called without one)."""
    return shared() if knowledge is None else knowledge
