"""The pipeline around the stages: parallel, streamed, Dask and cached runs give the serial frames."""

import csv
import gc
import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import cache as cache_mod, pipeline, segments
from helpers.knowledge import Knowledge
from helpers.paths import ARTICLES

SAMPLE = ARTICLES / "istanbul_talks.txt"
NAMES = ["Anna Koval", "Petro Marchenko", "Irina Sokolova", "Jan de Vries", "Mehmet Aydin"]
ROLES = ["the foreign minister", "a presidential adviser", "the negotiator", "the spokeswoman"]
CLAIMS = ["the talks were useful", "no agreement was possible this week", "the ceasefire must hold",
          "the prisoners would be exchanged soon", "sanctions would stay in place"]


def _article(rng: random.Random, i: int) -> dict:
    """A short invented news item with direct and indirect quotes."""
    a, b = rng.sample(NAMES, 2)
    body = (f"Delegations met in the capital on day {i}. "
            f"\u201c{rng.choice(CLAIMS).capitalize()},\u201d {a}, {rng.choice(ROLES)}, told reporters. "
            f"{b} said that {rng.choice(CLAIMS)}.\n\n"
            f"Observers expect another round. \u201cWe are ready,\u201d {b} added.")
    return {"headline": f"Round {i} of talks ends", "date": f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "body": body}


def write_corpus(folder: Path, n: int, per_file: int, seed: int = 0) -> Path:
    """``n`` invented articles as CSV files of ``per_file`` rows in ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [_article(rng, i) for i in range(n)]
    for start in range(0, n, per_file):
        with open(folder / f"batch_{start // per_file:04d}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, ["headline", "date", "body"])
            writer.writeheader()
            writer.writerows(rows[start:start + per_file])
    return folder


def write_texts(folder: Path, n: int, seed: int = 1) -> Path:
    """``n`` invented articles, one ``.txt`` file each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        item = _article(rng, i)
        (folder / f"item_{i:03d}.txt").write_text(f"{item['headline']}\n\n{item['body']}\n", encoding="utf-8")
    return folder


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert list(left) == list(right) == pipeline.FRAME_NAMES
    for name in pipeline.FRAME_NAMES:
        pd.testing.assert_frame_equal(left[name].reset_index(drop=True), right[name].reset_index(drop=True),
                                      obj=name)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = write_corpus(tmp_path / "corpus", 60, per_file=10)
    write_texts(folder / "texts", 6)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder


def test_every_frame_is_returned_with_its_columns(corpus):
    frames = pipeline.analyze([corpus], cache=False)
    assert len(frames["articles"]) == 60 + 6 + 1
    assert frames["articles"]["article_id"].is_unique
    for name, frame in frames.items():
        assert list(frame.columns[:len(pipeline.COLUMNS[name])]) == pipeline.COLUMNS[name], name


def test_parallel_chunks_give_the_serial_frames(corpus):
    serial = pipeline.analyze([corpus], workers=1, cache=False, chunk_size=10_000)
    parallel = pipeline.analyze([corpus], workers=2, cache=False, chunk_size=1)
    assert_same(serial, parallel)


def test_one_call_on_all_articles_equals_the_chunked_run(corpus):
    files = pipeline.list_files([corpus])
    read = [pipeline.articles_mod.read_file(f) for f in files]
    articles = pd.DataFrame([row for rows, _ in read for row in rows], columns=pipeline.COLUMNS["articles"])
    whole = pipeline.analyze_frame(articles)
    chunked = pipeline.analyze([corpus], workers=2, cache=False, chunk_size=2)
    for name in ["paragraphs", "sentences", "quotes", "speakers", "sentiment", "stances"]:
        by_article = whole[name].sort_values("article_id", kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(by_article, chunked[name].sort_values("article_id", kind="stable")
                                      .reset_index(drop=True), check_dtype=False, obj=name)


def test_streamed_dataset_equals_the_in_memory_frames(corpus, tmp_path):
    out = tmp_path / "out"
    folders = pipeline.analyze_to_parquet([corpus], out, chunk_size=3, workers=2, cache=False)
    assert set(folders) == set(pipeline.FRAME_NAMES)
    assert len(list((out / "articles").glob("part-*.parquet"))) > 1
    assert_same(pipeline.analyze([corpus], cache=False), pipeline.read_output(out))
    csv_articles = pd.read_csv(out / "articles.csv")
    assert list(csv_articles["article_id"].astype(str)) == list(pipeline.read_output(out)["articles"]["article_id"])


@pytest.fixture
def fixed_fingerprint(monkeypatch) -> str:
    """A code/data fingerprint that edits to helpers/ during the test run cannot change."""
    monkeypatch.setattr(pipeline, "fingerprint", lambda knowledge=None: "fixed")
    return f"fixed|{','.join(pipeline.sentiment.ENGINES)}"  # the run's print: fingerprint and engines


def test_cache_rerun_processes_only_the_new_file(corpus, tmp_path, monkeypatch, fixed_fingerprint):
    store = tmp_path / "cache"
    first = pipeline.analyze([corpus], workers=1, cache=store)
    processed: list[str] = []
    real = pipeline.process_chunk

    def spy(entries, *args):
        processed.extend(Path(e.path).name for e in entries)
        return real(entries, *args)

    monkeypatch.setattr(pipeline, "process_chunk", spy)
    assert_same(pipeline.analyze([corpus], workers=1, cache=store), first)
    assert processed == []
    write_texts(tmp_path / "more", 7)
    shutil.copy(tmp_path / "more" / "item_006.txt", corpus / "texts" / "item_006.txt")
    again = pipeline.analyze([corpus], workers=1, cache=store)
    assert processed == ["item_006.txt"]
    assert_same(again, pipeline.analyze([corpus], workers=1, cache=False))


def test_cache_never_returns_another_files_results(tmp_path, fixed_fingerprint):
    folder = write_texts(tmp_path / "texts", 2)
    store = tmp_path / "cache"
    pipeline.analyze([folder], workers=1, chunk_size=1, cache=store)  # one pack per file
    index_path = store / cache_mod.INDEX
    index = json.loads(index_path.read_text())
    first, second = (cache_mod.entry_for(f, fixed_fingerprint) for f in pipeline.list_files([folder]))
    assert index[first.key] != index[second.key]
    index[second.key] = index[first.key]  # a corrupted index: the second file points at the first's pack
    index_path.write_text(json.dumps(index))
    assert cache_mod.Cache(store).lookup([second], ["articles"]) == ({}, set())
    assert_same(pipeline.analyze([folder], cache=store), pipeline.analyze([folder], cache=False))

    (folder / "item_000.txt").write_text("Changed headline\n\nSomething else happened.\n", encoding="utf-8")
    fresh = pipeline.analyze([folder], cache=store)
    assert_same(fresh, pipeline.analyze([folder], cache=False))
    assert "Something else happened." in fresh["articles"].set_index("article_id").loc["item_000", "text"]


def test_cache_key_changes_with_the_data_tables(tmp_path):
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "actors.csv").write_text("name,side\nA,russia\n")
    knowledge = Knowledge(data)
    before = cache_mod.fingerprint(knowledge)
    (data / "articles" / "new.txt").write_text("an article is not a table")
    assert cache_mod.fingerprint(knowledge) == before
    (data / "actors.csv").write_text("name,side\nA,ukraine\n")
    edited = cache_mod.fingerprint(knowledge)
    assert edited != before
    (data / "models").mkdir()
    (data / "models" / "weights.json").write_text("{}")  # a new table counts too
    assert cache_mod.fingerprint(knowledge) != edited


def test_a_failing_stage_becomes_a_problem_row(tmp_path, monkeypatch):
    folder = write_texts(tmp_path / "texts", 3)
    real = segments.paragraphs

    def fragile(articles, *args):
        if (articles["article_id"] == "item_001").any():
            raise ValueError("boom")
        return real(articles, *args)

    monkeypatch.setattr(segments, "paragraphs", fragile)
    frames = pipeline.analyze([folder], workers=1, cache=tmp_path / "cache")
    assert list(frames["articles"]["article_id"]) == ["item_000", "item_001", "item_002"]
    problem = frames["problems"].iloc[0]
    assert problem["reason"] == "pipeline_error" and "boom" in problem["detail"]
    assert "item_001" not in set(frames["paragraphs"]["article_id"])
    assert {"item_000", "item_002"} <= set(frames["paragraphs"]["article_id"])


def test_a_chunk_leaves_the_garbage_collector_as_it_found_it(tmp_path, monkeypatch):
    """A chunk sets the objects older than it aside and spaces young and full collections while it runs (speed),
    and undoes all afterwards, also when a stage fails."""
    folder = write_texts(tmp_path / "texts", 2)
    before = gc.get_threshold(), gc.get_freeze_count()
    seen = []

    def watched(articles, *args):
        seen.append((gc.get_threshold()[0], gc.get_threshold()[2], gc.get_freeze_count()))
        raise ValueError("boom")

    monkeypatch.setattr(segments, "paragraphs", watched)
    frames = pipeline.analyze([folder], workers=1)
    assert set(frames["problems"]["reason"]) == {"pipeline_error"}
    assert seen and all(young >= pipeline.YOUNG_THRESHOLD and third >= 100 and frozen > 0
                        for young, third, frozen in seen)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


@pytest.mark.parametrize("make", ["sample", "generated"])
def test_dask_engine_writes_the_local_dataset(tmp_path, make):
    pytest.importorskip("distributed")
    source = SAMPLE if make == "sample" else write_corpus(tmp_path / "big", 1000, per_file=100)
    local, dask = tmp_path / "local", tmp_path / "dask"
    pipeline.analyze_to_parquet([source], local, workers=2, cache=False, csv=False)
    pipeline.analyze_to_parquet([source], dask, workers=2, engine="dask", cache=False, csv=False)
    assert_same(pipeline.read_output(local), pipeline.read_output(dask))
    if make == "generated":
        assert len(pipeline.read_output(dask, ["articles"])["articles"]) == 1000


def test_fast_engines_leave_textblob_and_vader_empty_and_keep_the_combined_score(tmp_path):
    article = tmp_path / "talks.txt"
    article.write_text("Talks\n\n\"The war must end,\" the minister said. Peskov said the talks were useful.\n")
    full = pipeline.analyze([article], cache=tmp_path / "cache")["sentiment"]
    fast = pipeline.analyze([article], cache=tmp_path / "cache", engines=("score",))["sentiment"]
    assert len(full) == len(fast) > 0
    assert full["vader_compound"].notna().all() and fast["vader_compound"].isna().all()
    assert fast["textblob_polarity"].isna().all()
    assert fast["score"].tolist() == full["score"].tolist()
