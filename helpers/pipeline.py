"""Run every stage on a set of files and return (or write) all frames: the one place where stages are chained
and articles are read (``read_articles``, ``analyze``, ``analyze_to_parquet``; ``evaluate``, the CLI and the
notebooks call these).

Files are processed in chunks, in parallel worker processes for large inputs (or on a Dask
cluster), each file's frames cached by ``helpers.cache``. ``speaker_sentiment`` and
``positions`` aggregate over the whole corpus, so they are computed once all other frames
are complete. Every path returns the same frames as a serial run.

Every stage gets the ``Knowledge`` (the tables of ``data/``, ``helpers.knowledge``) of the run; its
fingerprint is part of each file's cache key. Duplicates are read once: a file with the same bytes as an
earlier one, and a record or article with the same text, url and date (``articles.identity``) as an earlier
one, in the same file or another, become ``duplicate`` problems and are not analysed.
"""

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from . import actors as actors_mod
from . import articles as articles_mod
from . import corrections as corrections_mod
from . import positioning, positions, quotes as quotes_mod, segments, sentiment, speakers
from .cache import KEY, Cache, Entry, entry_for, fingerprint
from .frames import COLUMNS, CORRECTION_COLUMNS, SENTIMENT_COLUMNS
from .knowledge import Knowledge, resolve
from .paths import CACHE

FRAME_NAMES = ["articles", "problems", "paragraphs", "sentences", "quotes", "speakers",
               "sentiment", "speaker_sentiment", "stances", "positions"]
AGGREGATES = ["speaker_sentiment", "positions"]
PER_FILE = [name for name in FRAME_NAMES if name not in AGGREGATES]
SERIAL_BELOW_BYTES = 2_000_000  # smaller inputs run in-process: starting workers costs more
MAX_CHUNK_BYTES = 8_000_000
AGGREGATE_INPUTS = {  # the frames, and their columns, each aggregate reads
    "speaker_sentiment": {"sentiment": ["article_id", "speaker", "side", "score", "textblob_polarity",
                                        "vader_compound", "engines_disagree"]},
    "positions": {"stances": ["article_id", "unit_id", "speaker", "side", "target", "stance", "cue_words"],
                  "quotes": ["article_id", "quote_id", "speaker", "side"]},
}


def analyze_articles(articles: pd.DataFrame, actors: pd.DataFrame | None = None,
                     engines: tuple[str, ...] = sentiment.ENGINES, knowledge: Knowledge | None = None,
                     quotes: pd.DataFrame | None = None,
                     corrections: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The per-article frames downstream of an ``articles`` frame (no corpus aggregates); ``problems``
    holds the corrections that matched no quote or several.

    ``engines``: the sentiment engines of the ``sentiment`` frame (``("score",)``: the combined
    score only, for large corpora; the TextBlob and VADER columns are then empty). ``knowledge``:
    the tables (default: ``data/``'s); ``actors`` overrides its actors table. ``quotes``: given
    quotes (gold annotations) instead of those the quote stage finds. ``corrections``: applied to
    the quotes found (default: the knowledge's ``corrections.csv``)."""
    knowledge = resolve(knowledge).snapshot()
    actors = actors_mod.load_actors(knowledge) if actors is None else actors
    paras = segments.paragraphs(articles, knowledge)
    sents = segments.sentences(articles, paras, knowledge)
    problems = _frame([], "problems")
    if quotes is None:
        quotes = quotes_mod.find_quotes(articles, paras, actors, sents, knowledge)
        corrections = corrections_mod.load_corrections(knowledge) if corrections is None else corrections
        quotes, problems = corrections_mod.apply(quotes, corrections, actors)
    return {
        "articles": articles, "paragraphs": paras, "sentences": sents, "quotes": quotes, "problems": problems,
        "speakers": speakers.speaker_table(quotes),
        "sentiment": sentiment.quote_sentiment(quotes, engines=engines, knowledge=knowledge),
        "stances": positioning.stances(articles, sents, quotes, actors, knowledge),
    }


def aggregate(frames: dict[str, pd.DataFrame], knowledge: Knowledge | None = None) -> dict[str, pd.DataFrame]:
    """``speaker_sentiment`` and ``positions`` (toward every target of the knowledge) of a corpus from its
    per-article frames."""
    return {"speaker_sentiment": sentiment.speaker_sentiment(frames["sentiment"]),
            "positions": positions.positions(frames["stances"], frames["quotes"],
                                             positioning.load_targets(knowledge).order)}


def analyze_frame(articles: pd.DataFrame, actors: pd.DataFrame | None = None,
                  engines: tuple[str, ...] = sentiment.ENGINES, knowledge: Knowledge | None = None,
                  quotes: pd.DataFrame | None = None,
                  corrections: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """All frames downstream of an ``articles`` frame (arguments as ``analyze_articles``)."""
    frames = analyze_articles(articles, actors, engines, knowledge, quotes, corrections)
    return frames | aggregate(frames, knowledge)


def list_files(paths: Iterable[str | Path]) -> list[Path]:
    """``articles.list_files``, resolved; a missing path stays in the list so that ``read_file``
    reports it as a problem of its file."""
    files, missing = articles_mod.list_files(paths)
    files += [Path(p["source_path"]) for p in missing]
    return [f.resolve() if f.exists() else f.absolute() for f in files]  # a dangling link keeps its name


# ---- one chunk of files: runs in a worker process ----

def _columns(name: str) -> list[str]:
    """The contract's columns of frame ``name`` (``sentiment`` with the SENTIMENT_COLUMNS)."""
    return COLUMNS[name] + {"sentiment": SENTIMENT_COLUMNS, "quotes": CORRECTION_COLUMNS}.get(name, [])


def _frame(records: list[dict] | pd.DataFrame, name: str) -> pd.DataFrame:
    return records if isinstance(records, pd.DataFrame) else pd.DataFrame(records, columns=_columns(name))


def _to_arrow(frame: pd.DataFrame, keys: list[str]) -> pa.Table:
    """``frame`` tagged with ``keys``; all-null columns typed null, so chunks merge whatever their types."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False, nthreads=1)
    nulls = [i for i, column in enumerate(table.columns) if column.null_count == len(column)]
    for i in nulls:
        table = table.set_column(i, table.field(i).name, pa.nulls(table.num_rows))
    return table.append_column(KEY, pa.array(keys, pa.string()))


def _tag(frames: dict[str, pd.DataFrame], key_of_article: dict[str, str]) -> dict[str, pa.Table]:
    return {name: _to_arrow(frame, [key_of_article.get(a) for a in frame["article_id"].astype(str).tolist()])
            for name, frame in frames.items()}


def _run_files(reads: list[tuple[Entry, list[dict]]], actors: pd.DataFrame | None,
               engines: tuple[str, ...], knowledge: Knowledge) -> dict[str, pa.Table]:
    """The tagged frames of the files read, their ``articles`` rows made one frame (a frame per file, concatenated,
    cost about 0.1 s more CPU on the press releases and Kremlin pages)."""
    articles = _frame([row for _, rows in reads for row in rows], "articles")
    key_of_article = {str(row["article_id"]): e.key for e, rows in reads for row in rows}
    return _tag(analyze_articles(articles, actors, engines, knowledge), key_of_article)


def _print(knowledge: Knowledge, engines: tuple[str, ...]) -> str:
    """What the results of a file depend on besides its bytes: code, knowledge and sentiment engines."""
    return f"{fingerprint(knowledge)}|{','.join(engines)}"


def process_chunk(entries: list[Entry], actors: pd.DataFrame | None = None, cache_root: str | None = None,
                  engines: tuple[str, ...] = sentiment.ENGINES,
                  knowledge: Knowledge | None = None) -> tuple[dict[str, pa.Table], dict[str, str]]:
    """Frames (rows tagged with their file's cache key) of the files in ``entries``, and the
    ``{key: pack}`` of those stored in the cache at ``cache_root``.

    A file whose stages raise keeps its ``articles`` rows and gets a ``problems`` row; it is not cached.
    Nothing is cached when the code or knowledge changed since the entries were made (an edit during the run).
    """
    with _young_collections():
        return _process_chunk(entries, actors, cache_root, engines, knowledge)


YOUNG_THRESHOLD = 500_000  # allocations between young collections while a chunk runs (Python's default: 700)


@contextmanager
def _young_collections() -> Iterator[None]:
    """While a chunk runs, look for cyclic garbage among the objects it makes, not among those that outlive it.

    What exists when the chunk starts (code, parsed tables, models, earlier results) is set aside (``gc.freeze``),
    young collections come every YOUNG_THRESHOLD allocations and full ones every 100 middle ones instead of 10: in
    one process, full collections over those objects took about 4% of the pipeline's CPU, and with young
    collections every 700 allocations all collections took 0.9 s of CPU on the press releases and Kremlin pages
    (every 50,000: 0.25 s; every 500,000: 0.09 s, the same peak memory). All is undone afterwards, so nothing stays
    uncollectable."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], YOUNG_THRESHOLD), threshold[1], max(threshold[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _process_chunk(entries: list[Entry], actors: pd.DataFrame | None, cache_root: str | None,
                   engines: tuple[str, ...], knowledge: Knowledge | None) -> tuple[dict[str, pa.Table], dict[str, str]]:
    knowledge = resolve(knowledge).snapshot()
    reads, problems = [], []
    none = _to_arrow(_frame([], "problems"), [])  # the problems table of a file read without any, made once
    for entry in entries:
        rows, probs = articles_mod.read_file(entry.path, entry.stem or None, knowledge)
        reads.append((entry, rows))
        problems.append(_to_arrow(_frame(probs, "problems"), [entry.key] * len(probs)) if probs else none)
    try:
        parts, failed = [_run_files(reads, actors, engines, knowledge)], set()
    except Exception:  # isolate the failing file(s); the others still get their frames
        parts, failed = [], set()
        for entry, rows in reads:
            try:
                parts.append(_run_files([(entry, rows)], actors, engines, knowledge))
            except Exception as exc:  # noqa: BLE001 - reported as a problem row, never swallowed
                failed.add(entry.key)
                parts.append(_tag({"articles": _frame(rows, "articles")},
                                  {str(row["article_id"]): entry.key for row in rows}))
                problem = {"source_path": entry.path, "article_id": None, "reason": "pipeline_error",
                           "detail": f"{type(exc).__name__}: {exc}"}
                problems.append(_to_arrow(_frame([problem], "problems"), [entry.key]))
    tables = {name: _concat([p[name] for p in parts if name in p]) for name in PER_FILE if name != "problems"}
    tables["problems"] = _concat(problems + [p["problems"] for p in parts if "problems" in p])
    stored = [e for e in entries if e.key not in failed]
    if cache_root is None or not stored or entries[0].fingerprint != _print(knowledge, engines):
        return tables, {}
    keep = pa.array([e.key for e in stored], pa.string())
    return tables, Cache(cache_root).store(stored, {n: t.filter(pc.is_in(t[KEY], value_set=keep))
                                                    for n, t in tables.items() if t is not None})


# ---- assembling tagged tables into frames ----

def _concat(tables: list[pa.Table | None]) -> pa.Table | None:
    tables = [t for t in tables if t is not None]
    return pa.concat_tables(tables, promote_options="permissive") if tables else None


def _to_pandas(table: pa.Table | None, name: str) -> pd.DataFrame:
    """The frame ``name`` from (tagged) rows, lists kept as lists, contract columns first.

    Arrow converts (and reads parquet) in one thread here and below: its thread pool cost about 0.3 s more CPU
    on the press releases and Kremlin pages, for the same frames."""
    if table is None:
        return _frame([], name)
    table = table.drop_columns([c for c in [KEY] if c in table.column_names])
    frame = table.to_pandas(use_threads=False)
    for column, field in zip(table.columns, table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            frame[field.name] = column.to_pylist()
    columns = _columns(name)
    return frame.reindex(columns=columns + [c for c in frame.columns if c not in columns])


# ---- executors ----

class _InlineExecutor(Executor):
    """Runs each task at submission, in this process."""

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - re-raised by future.result()
            future.set_exception(exc)
        return future


@contextmanager
def executor(engine: str = "local", workers: int = 1, scheduler: str | None = None) -> Iterator[Executor]:
    """Where chunks run: in-process (1 worker), a process pool, or a Dask cluster (``engine="dask"``)."""
    if engine == "dask":
        from distributed import Client, LocalCluster
        if scheduler:
            with Client(scheduler) as client:
                yield client.get_executor()
        else:
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                yield client.get_executor()
    elif engine != "local":
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    elif workers <= 1:
        yield _InlineExecutor()
    else:
        with ProcessPoolExecutor(workers) as pool:
            yield pool


def _chunks(entries: list[Entry], sizes: dict[str, int], workers: int, chunk_size: int | None) -> list[list[Entry]]:
    """Consecutive runs of files: ``chunk_size`` files each, or about 4 chunks per worker (≤ 8 MB;
    a file larger than that is a chunk of its own)."""
    total = sum(sizes[e.path] for e in entries)
    target = min(MAX_CHUNK_BYTES, max(1, total // (4 * workers)))
    chunks: list[list[Entry]] = [[]]
    load = 0
    for entry in entries:
        full = len(chunks[-1]) >= chunk_size if chunk_size else load + sizes[entry.path] > target
        if chunks[-1] and full:
            chunks.append([])
            load = 0
        chunks[-1].append(entry)
        load += sizes[entry.path]
    return [c for c in chunks if c]


def _default_workers(sizes: dict[str, int]) -> int:
    return 1 if sum(sizes.values()) < SERIAL_BELOW_BYTES else os.cpu_count() or 1


def _ordered(tables: dict[str, pa.Table | None], keys: list[str]) -> dict[str, pa.Table | None]:
    return {name: _sort(t, keys) for name, t in tables.items()}


def _sort(table: pa.Table | None, keys: list[str]) -> pa.Table | None:
    """Rows of ``table`` in the order of their file's key in ``keys`` (stable within a file); ``table`` itself
    when they are in that order (most frames are: copying their texts cost about 0.3 s of CPU per run)."""
    if table is None:
        return None
    rank = pc.index_in(table[KEY], value_set=pa.array(keys, pa.string()))
    if rank.null_count == 0 and pc.all(pc.less_equal(rank[:-1], rank[1:])).as_py():
        return table
    return table.take(pc.sort_indices(rank))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone or unreadable since listing: read_file reports it
        return 0


def _entry(path: Path, print_: str, stem: str) -> Entry:
    try:
        return entry_for(path, print_, stem)
    except OSError:  # gone or unreadable since listing: read_file reports it
        return Entry(str(path), "", print_, stem)


def _stems(files: list[Path]) -> list[str]:
    """The id stem of each file: ``""`` (its own file name) unless an earlier file has the same
    name, then ``<name>__2``, ``<name>__3``… (as ``articles.read_articles`` numbers repeated ids)."""
    seen: set[str] = set()
    stems = []
    for f in files:
        stem = articles_mod.safe_id(f.stem)
        chosen = articles_mod.unique_id(stem, seen)
        stems.append("" if chosen == stem else chosen)
    return stems


def _unique(entries: list[Entry], sizes: dict[str, int]) -> tuple[list[Entry], pa.Table | None]:
    """The entries to process, and the tagged ``problems`` of files with the same bytes as an earlier one."""
    first: dict[str, str] = {}
    keep, rows, keys = [], [], []
    for e in entries:
        if e.sha256 and sizes[e.path] and first.setdefault(e.sha256, e.path) != e.path:
            rows.append({"source_path": e.path, "article_id": e.stem or articles_mod.safe_id(Path(e.path).stem),
                         "reason": "duplicate", "detail": f"same bytes as {first[e.sha256]}; not analysed"})
            keys.append(e.key)
        else:
            keep.append(e)
    return keep, _to_arrow(_frame(rows, "problems"), keys) if rows else None


class _Seen:
    """Articles already read in this run, by ``articles.identity``: a later article with the same identity is
    dropped from every frame and reported as a ``duplicate`` problem (chunks must come in corpus order)."""

    def __init__(self) -> None:
        self.first: dict[tuple, str] = {}

    def drop(self, tables: dict[str, pa.Table | None]) -> dict[str, pa.Table | None]:
        """``tables`` of one chunk without the articles read before (and with their problems)."""
        articles = tables.get("articles")
        if articles is None or not articles.num_rows:
            return tables
        rows, keys = [], []
        for r in articles.select(["article_id", "source_path", "content_hash", "url", "published", KEY]).to_pylist():
            first = self.first.setdefault(articles_mod.identity(r), r["article_id"])
            if first != r["article_id"]:
                rows.append({"source_path": r["source_path"], "article_id": r["article_id"], "reason": "duplicate",
                             "detail": f"same text, url and date as {first}; not analysed"})
                keys.append(r[KEY])
        if not rows:
            return tables
        gone = pa.array([r["article_id"] for r in rows], pa.string())
        out = {name: t if t is None or name == "problems" or not t.num_rows
               else t.filter(pc.invert(pc.is_in(t["article_id"].cast(pa.string()), value_set=gone)))
               for name, t in tables.items()}
        out["problems"] = _concat([tables.get("problems"), _to_arrow(_frame(rows, "problems"), keys)])
        return out


def _run(paths: Iterable[str | Path], actors: pd.DataFrame | None, workers: int | None, engine: str,
         scheduler: str | None, cache: bool | str | Path, chunk_size: int | None, progress: bool | None,
         engines: tuple[str, ...],
         knowledge: Knowledge) -> Iterator[tuple[int, dict[str, pa.Table | None], list[str]]]:
    """Yield ``(chunk number, tagged tables in file order, keys of its files)`` chunk by chunk, in order.

    Each chunk takes what it can from the cache; its other files run on the executor, at most
    two chunks per worker in flight or waiting for an earlier one, so memory stays flat however long
    the corpus.
    """
    files = list_files(paths)
    sizes = {str(f): _size(f) for f in files}
    workers = workers or _default_workers(sizes)
    use_cache = cache is not False and actors is None  # a custom actors table is not part of the key
    store = Cache((CACHE if cache is True else cache) if use_cache else None)
    print_ = _print(knowledge, engines)
    entries, duplicates = _unique([_entry(f, print_, stem) for f, stem in zip(files, _stems(files))], sizes)
    chunks = _chunks(entries, sizes, workers, chunk_size)
    bar = tqdm(total=len(files), unit="file", disable=not (progress or (progress is None and len(files) > 100)))
    added: dict[str, str] = {}
    seen = _Seen()
    ready: dict[int, dict[str, pa.Table | None]] = {}
    turn = 0
    with executor(engine, workers, scheduler) as pool:
        pending: dict[Future, tuple[int, dict[str, pa.Table]]] = {}
        queue = list(enumerate(chunks))[::-1]
        while queue or pending or ready:
            while queue and len(pending) + len(ready) < 2 * workers:
                number, chunk = queue.pop()
                hits, found = store.lookup(chunk, PER_FILE)
                misses = [e for e in chunk if e.key not in found]
                if misses:
                    future = pool.submit(process_chunk, misses, actors, str(store.root) if use_cache else None,
                                         engines, knowledge)
                    pending[future] = number, hits
                else:
                    bar.update(len(chunk))
                    ready[number] = {n: hits.get(n) for n in PER_FILE}
            if turn not in ready:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    number, hits = pending.pop(future)
                    tables, packs = future.result()
                    added |= packs
                    bar.update(len(chunks[number]))
                    ready[number] = {n: _concat([hits.get(n), tables.get(n)]) for n in PER_FILE}
            while turn in ready:
                keys = [e.key for e in chunks[turn]]
                yield turn, seen.drop(_ordered(ready.pop(turn), keys)), keys
                turn += 1
    if duplicates:
        bar.update(len(duplicates))
        yield len(chunks), {n: duplicates if n == "problems" else None for n in PER_FILE}, []
    bar.close()
    store.index(added)


def read_articles(paths: Iterable[str | Path], knowledge: Knowledge | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(articles, problems)`` of files and folders (recursively), read as ``analyze`` reads them (same ids,
    same duplicates), without running the other stages."""
    knowledge = resolve(knowledge).snapshot()
    files = list_files(paths)
    sizes = {str(f): _size(f) for f in files}
    entries, duplicates = _unique([_entry(f, "", stem) for f, stem in zip(files, _stems(files))], sizes)
    seen, articles, problems = _Seen(), [], []
    for entry in entries:
        rows, probs = articles_mod.read_file(entry.path, entry.stem or None, knowledge)
        tables = seen.drop({"articles": _to_arrow(_frame(rows, "articles"), [entry.key] * len(rows)),
                            "problems": _to_arrow(_frame(probs, "problems"), [entry.key] * len(probs))})
        articles.append(tables["articles"])
        problems.append(tables["problems"])
    return _to_pandas(_concat(articles), "articles"), _to_pandas(_concat(problems + [duplicates]), "problems")


def analyze(paths: Iterable[str | Path], actors: pd.DataFrame | None = None, workers: int | None = None,
            cache: bool | str | Path = True, engine: str = "local", scheduler: str | None = None,
            chunk_size: int | None = None, progress: bool | None = None,
            engines: tuple[str, ...] = sentiment.ENGINES, knowledge: Knowledge | None = None) -> dict[str, pd.DataFrame]:
    """Read ``paths`` (files or folders) and return every frame, ``problems`` included.

    ``workers``: processes (default: every core for inputs over 2 MB, else 1); ``engine="dask"``
    runs the chunks on a Dask cluster (``scheduler`` address, or a local one). ``cache``: reuse
    the frames of files processed before, from ``helpers.paths.CACHE`` or the folder given
    (off when a custom ``actors`` table is given). ``engines``: see ``analyze_articles``. ``knowledge``:
    the tables to use (default: ``data/``'s, ``helpers.knowledge``).
    """
    done = list(_run(paths, actors, workers, engine, scheduler, cache, chunk_size, progress, engines,
                     resolve(knowledge)))
    frames = {name: _to_pandas(_concat([tables[name] for _, tables, _ in done]), name) for name in PER_FILE}
    frames |= aggregate(frames, knowledge)
    return {name: frames[name] for name in FRAME_NAMES}


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` cast to ``schema`` (missing columns become nulls)."""
    columns = [table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
               for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def _write_part(table: pa.Table, path: Path) -> None:
    """One part of a dataset, its columns not dictionary-encoded: most are texts or offsets, few values repeat
    (encoding them cost about 0.1 s of CPU per run of the press releases and Kremlin pages, for 0.5% fewer bytes)."""
    pq.write_table(table, path, use_dictionary=False)


def _write_dataset(folder: Path, name: str, csv: bool, empty: pa.Table | None) -> None:
    """Give every part of ``folder`` one schema (rewriting the odd ones), then the CSV of all parts.

    A frame without rows gets one empty part, with the columns of ``empty`` if given.
    """
    parts = sorted(folder.glob("part-*.parquet"))
    if not parts:
        empty = pa.Table.from_pandas(_frame([], name), preserve_index=False) if empty is None else empty
        _write_part(empty, folder / "part-000000.parquet")
        parts = [folder / "part-000000.parquet"]
    schemas = [pq.read_schema(p).remove_metadata() for p in parts]
    unified = pa.unify_schemas(schemas, promote_options="permissive")
    for part, schema in zip(parts, schemas):
        if not schema.equals(unified):
            _write_part(_conform(pq.read_table(part, use_threads=False), unified), part)
    if csv:
        target = folder.parent / f"{name}.csv"
        for i, part in enumerate(parts):
            _to_pandas(pq.read_table(part, use_threads=False), name).to_csv(
                target, mode="w" if i == 0 else "a", header=i == 0, index=False)


def read_output(out_dir: str | Path, names: Iterable[str] = FRAME_NAMES, text: bool = True,
                columns: dict[str, list[str]] | None = None) -> dict[str, pd.DataFrame]:
    """The frames ``names`` written by ``analyze_to_parquet`` (or ``python -m helpers analyze``) into
    ``out_dir``; without ``text``, the ``text`` and word-list columns are left out (less memory);
    ``columns``: only these columns of the frames it names."""
    out = Path(out_dir)
    frames = {}
    for name in names:
        parts = sorted((out / name).glob("part-*.parquet"))
        schema = pq.read_schema(parts[0]) if parts else None
        wanted = (columns or {}).get(name)
        keep = None if (text and wanted is None) or schema is None else [
            f.name for f in schema if (wanted is None or f.name in wanted)
            and (text or (f.name != "text" and not pa.types.is_list(f.type)))]
        frames[name] = _to_pandas(_concat([pq.read_table(p, columns=keep, use_threads=False) for p in parts]), name)
        if keep is not None:
            frames[name] = frames[name][[c for c in frames[name].columns if c in keep]]
    return frames


def output_rows(out_dir: str | Path, names: Iterable[str] = FRAME_NAMES) -> dict[str, int]:
    """The number of rows of each frame ``names`` written by ``analyze_to_parquet``, read from the parquet
    footers (reading the frames to count them cost 0.2 s of CPU on the press releases and Kremlin pages)."""
    return {name: sum(pq.ParquetFile(p).metadata.num_rows for p in (Path(out_dir) / name).glob("part-*.parquet"))
            for name in names}


def analyze_to_parquet(paths: Iterable[str | Path], out_dir: str | Path, chunk_size: int | None = None,
                       workers: int | None = None, engine: str = "local", scheduler: str | None = None,
                       cache: bool | str | Path = True, csv: bool = True, progress: bool | None = None,
                       engines: tuple[str, ...] = sentiment.ENGINES,
                       knowledge: Knowledge | None = None) -> dict[str, Path]:
    """Write every frame of ``paths`` as a Parquet dataset ``out_dir/<frame>/part-NNNNNN.parquet``
    (plus ``out_dir/<frame>.csv`` when ``csv``), chunk by chunk, without holding the corpus in memory.

    ``chunk_size``: files per chunk (default: about 4 chunks per worker, at most 8 MB each).
    The corpus aggregates (``speaker_sentiment``, ``positions``) are fed each chunk's columns they use
    (``AGGREGATE_INPUTS``) as it finishes, in corpus order, and keep only per-speaker numbers for the
    corpus rows, so memory stays small. Returns ``{frame: dataset folder}``.
    """
    out = Path(out_dir)
    folders = {name: out / name for name in FRAME_NAMES}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.parquet"):
            old.unlink()
    empty: dict[str, pa.Table] = {}
    totals = Totals(positioning.load_targets(knowledge).order)
    for number, tables, _ in _run(paths, None, workers, engine, scheduler, cache, chunk_size, progress, engines,
                                  resolve(knowledge)):
        for name, table in tables.items():
            if table is None:
                continue
            table = table.drop_columns([KEY])
            if table.num_rows:
                _write_part(table, folders[name] / f"part-{number:06d}.parquet")
            else:
                empty.setdefault(name, table)
        totals.add(number, tables)
    for name in PER_FILE:
        _write_dataset(folders[name], name, csv, empty.get(name))
    for name, frame in totals.frames().items():
        _write_part(pa.Table.from_pandas(frame, preserve_index=False), folders[name] / "part-000000.parquet")
        _write_dataset(folders[name], name, csv, None)
    return folders


class Totals:
    """The corpus aggregates fed chunk by chunk while later chunks are still being processed: each
    chunk's columns they read (``AGGREGATE_INPUTS``) are kept until every earlier chunk is in, so the
    aggregates see the corpus in order."""

    def __init__(self, targets: tuple[str, ...] = ()) -> None:
        self.next = 0
        self.waiting: dict[int, dict[str, pd.DataFrame]] = {}
        self.speaker_sentiment = sentiment.SpeakerSentiment()
        self.positions = positions.Positions(targets)

    def add(self, number: int, tables: dict[str, pa.Table | None]) -> None:
        """Take the tagged tables of chunk ``number``; feed every chunk whose turn has come."""
        self.waiting[number] = {
            name: _to_pandas(None if tables.get(name) is None else tables[name].select(columns), name)[columns]
            for needs in AGGREGATE_INPUTS.values() for name, columns in needs.items()}
        while self.next in self.waiting:
            self._feed(self.waiting.pop(self.next))
            self.next += 1

    def _feed(self, inputs: dict[str, pd.DataFrame]) -> None:
        with _young_collections():  # as a chunk's stages: the totals' objects are many, and live on
            self.speaker_sentiment.add(inputs["sentiment"])
            self.positions.add(inputs["stances"], inputs["quotes"])

    def frames(self) -> dict[str, pd.DataFrame]:
        """The aggregate frames (chunks still waiting, if a number was skipped, fed in order first)."""
        for number in sorted(self.waiting):
            self._feed(self.waiting.pop(number))
        return {"speaker_sentiment": self.speaker_sentiment.frame(), "positions": self.positions.frame()}
