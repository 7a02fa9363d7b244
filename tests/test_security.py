"""Hostile data stays data: no network, no code execution, no writes outside the output folder,
no cache entry answering for another file."""

import json
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import articles, pipeline
from helpers.cache import ENTRIES, INDEX, KEY
from helpers.paths import ROOT

HELPERS = ROOT / "helpers"
HOSTILE_HTML = """<!doctype html><html><head><title>Ceasefire talks resume</title>
<link rel="stylesheet" href="http://198.51.100.7/style.css"><link rel="preload" href="https://198.51.100.7/font.woff">
<script src="http://198.51.100.7/app.js"></script>
<script>fetch("http://198.51.100.7/x"); new Image().src = "http://198.51.100.7/beacon";</script>
<meta http-equiv="refresh" content="0; url=http://198.51.100.7/"></head>
<body><article><h1>Ceasefire talks resume</h1>
<p>Negotiators met again on Monday. “We want a lasting ceasefire,” the mediator told reporters.</p>
<img src="http://198.51.100.7/photo.jpg"><iframe src="https://198.51.100.7/embed"></iframe>
<object data="http://198.51.100.7/flash.swf"></object><video src="http://198.51.100.7/v.mp4"></video>
<p>The next round is planned for the end of the month, according to both delegations.</p>
</article></body></html>"""
FORMULA = "=cmd|' /C calc'!A0"
PYTHON_PAYLOAD = "__import__('os').system('touch {marker}')"
# Calls that would run data as code or unpickle it; none may appear in helpers/.
FORBIDDEN = re.compile(r"\beval\(|\bexec\(|(?<![.\w])compile\(|pickle|marshal|yaml\.load|__import__|"
                       r"os\.system|subprocess|shell=True|\.query\(|read_pickle|allow_pickle")


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Record (and refuse) every attempt to open a connection or resolve a host."""
    attempts: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name == 'socket.connect' else args}")
            raise OSError(f"network access attempted in a test: {name}")
        return call

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urllib.request.urlopen"))
    return attempts


def test_reading_html_never_touches_the_network(tmp_path, no_network):
    page = tmp_path / "talks.html"
    page.write_text(HOSTILE_HTML, encoding="utf-8")
    rows, problems = articles.read_file(page)
    assert problems == [] and no_network == []
    text = rows[0]["text"]
    assert "lasting ceasefire" in text and "end of the month" in text
    assert "198.51.100.7" not in text and "fetch(" not in text
    frames = pipeline.analyze([page], cache=False)
    assert no_network == [] and len(frames["articles"]) == 1


def test_no_code_runs_from_data_and_text_is_kept_verbatim(tmp_path):
    marker = tmp_path / "PWNED"
    payload = PYTHON_PAYLOAD.format(marker=marker)
    (tmp_path / "sheet.csv").write_text(f'title,text\n"{FORMULA}","{payload}"\n', encoding="utf-8")
    (tmp_path / "record.json").write_text(json.dumps({"title": payload, "text": FORMULA, "date": payload}))
    frames = pipeline.analyze([tmp_path], cache=False)
    assert not marker.exists()
    texts = dict(zip(frames["articles"]["article_id"], frames["articles"]["text"]))
    assert texts == {"record": f"{payload}\n\n{FORMULA}", "sheet-0": f"{FORMULA}\n\n{payload}"}


def test_helpers_never_evaluate_or_unpickle():
    hits = [f"{path.name}:{n}: {line.strip()}" for path in sorted(HELPERS.glob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if FORBIDDEN.search(line)]
    assert hits == []


HOSTILE_NAMES = ["..%2F..%2Fevil.txt", "..txt", "...txt", "-rf.txt", "a b;c&d|e.txt", "$(touch x).txt",
                 "\u202eexe.txt", "con.txt", "..\\..\\win.txt"]


def test_article_ids_never_hold_path_parts(tmp_path):
    """Named explicitly (a folder listing skips names starting with '.'), hostile names still give plain ids."""
    paths = []
    for i, name in enumerate(HOSTILE_NAMES):
        paths.append(tmp_path / name)
        paths[-1].write_text(f"Title {i}\n\nBody {i} of an article.\n", encoding="utf-8")
    paths.append(tmp_path / "records.json")
    paths[-1].write_text(json.dumps([
        {"id": "../../etc/passwd", "title": "../../../evil", "text": "A record with a hostile id and title."},
        {"id": "/abs/path", "title": "C:\\Windows\\x", "text": "Another one."}]))
    arts, problems = pipeline.read_articles(paths)
    assert problems.empty and len(arts) == len(HOSTILE_NAMES) + 2
    for aid in arts["article_id"]:
        assert re.fullmatch(r"[\w.-]+", aid) and aid not in {".", ".."}, aid
        assert "/" not in aid and "\\" not in aid


def _all_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_analyze_writes_only_inside_the_output_folder(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, name in enumerate(HOSTILE_NAMES):
        (inputs / name).write_text(f"Title {i}\n\n“Quoted words {i} here,” the minister said.\n", encoding="utf-8")
    (inputs / "records.jsonl").write_text(json.dumps({"id": "../../../escaped", "title": "../../escaped",
                                                      "text": "Hostile record."}) + "\n")
    out = tmp_path / "work" / "out"
    before = _all_files(tmp_path)
    repo_before = set(ROOT.iterdir())
    named = [str(p) for p in sorted(inputs.iterdir())]  # named explicitly: hidden names are read too
    run = subprocess.run([sys.executable, "-m", "helpers", "analyze", *named, "--out", str(out), "--no-cache"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    created = _all_files(tmp_path) - before
    assert created and all(p == out.parent or p.is_relative_to(out) for p in created), created - _all_files(out)
    assert set(ROOT.iterdir()) == repo_before
    assert len(pipeline.read_output(out, ["articles"])["articles"]) == len(HOSTILE_NAMES) + 1


# ---- the cache cannot be poisoned into answering for another file

def _frames_equal(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in pipeline.FRAME_NAMES:
        pd.testing.assert_frame_equal(left[name].reset_index(drop=True), right[name].reset_index(drop=True), obj=name)


def _two_articles(folder: Path) -> tuple[Path, Path]:
    a, b = folder / "alpha.txt", folder / "beta.txt"
    a.write_text("Alpha talks\n\n“We will sign nothing,” Sergei Lavrov said on Monday.\n", encoding="utf-8")
    b.write_text("Beta talks\n\nVolodymyr Zelensky said that the ceasefire must hold.\n", encoding="utf-8")
    return a, b


def _pack_of(cache: Path, path: Path) -> tuple[str, str]:
    """``(key, pack)`` of the cache entry of ``path``."""
    for key, pack in json.loads((cache / INDEX).read_text()).items():
        rows = pq.read_table(cache / "packs" / pack / f"{ENTRIES}.parquet").to_pylist()
        if any(r[KEY] == key and r["path"] == str(path) for r in rows):
            return key, pack
    raise AssertionError(f"{path} not cached")


def test_cache_index_pointing_at_another_files_pack_is_ignored(tmp_path):
    a, b = _two_articles(tmp_path)
    cache = tmp_path / "cache"
    pipeline.analyze([a], cache=cache)
    pipeline.analyze([b], cache=cache)
    key_a, _ = _pack_of(cache, a)
    _, pack_b = _pack_of(cache, b)
    index = json.loads((cache / INDEX).read_text())
    index[key_a] = pack_b
    (cache / INDEX).write_text(json.dumps(index))
    _frames_equal(pipeline.analyze([a, b], cache=cache), pipeline.analyze([a, b], cache=False))


def test_cache_entry_claiming_another_files_hash_and_rows_is_ignored(tmp_path):
    a, b = _two_articles(tmp_path)
    cache = tmp_path / "cache"
    pipeline.analyze([a, b], cache=cache)
    key_a, pack_a = _pack_of(cache, a)
    key_b, pack_b = _pack_of(cache, b)
    folder_a, folder_b = cache / "packs" / pack_a, cache / "packs" / pack_b
    sha_b = next(r["sha256"] for r in pq.read_table(folder_b / f"{ENTRIES}.parquet").to_pylist() if r[KEY] == key_b)
    entries = pq.read_table(folder_a / f"{ENTRIES}.parquet").to_pylist()
    for r in entries:  # alpha's entry now claims beta's content hash...
        if r[KEY] == key_a:
            r["sha256"] = sha_b
    pq.write_table(pa.Table.from_pylist(entries), folder_a / f"{ENTRIES}.parquet")
    for name in pipeline.PER_FILE:  # ...and holds beta's rows, relabelled as alpha's
        table = pq.read_table(folder_b / f"{name}.parquet")
        keys = pa.array([key_a if k == key_b else k for k in table[KEY].to_pylist()], pa.string())
        pq.write_table(table.set_column(table.schema.get_field_index(KEY), KEY, keys), folder_a / f"{name}.parquet")
    poisoned = pipeline.analyze([a, b], cache=cache)
    _frames_equal(poisoned, pipeline.analyze([a, b], cache=False))
    assert poisoned["articles"]["text"].str.contains("Lavrov").sum() == 1


def test_a_changed_file_is_never_answered_from_the_cache(tmp_path):
    a, b = _two_articles(tmp_path)
    cache = tmp_path / "cache"
    pipeline.analyze([a, b], cache=cache)
    a.write_text("Alpha talks\n\nNothing was said today.\n", encoding="utf-8")
    rerun = pipeline.analyze([a, b], cache=cache)
    assert "Nothing was said today." in rerun["articles"]["text"].tolist()[0]
    _frames_equal(rerun, pipeline.analyze([a, b], cache=False))
