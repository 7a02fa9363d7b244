"""The knowledge object: tables reloaded when their file changes, and an edited table used by the next
analysis in the same process and by a fresh process reading the same cache."""

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import articles, pipeline, quotes, speakers, turns
from helpers.knowledge import Knowledge, shared
from helpers.paths import DATA, ROOT

ARTICLE = ("Grain talks resume\n\n"
           "The minister harrumphed that the harbour would reopen in spring. Officials met again on Monday.\n")
NEW_CUE = "harrumph,harrumphed;harrumphs;harrumphing,that;bare\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the knowledge tables of data/ (without the sample articles)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("articles"))
    return copy


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_a_table_is_parsed_once_and_again_after_an_edit(tmp_path):
    table = tmp_path / "words.txt"
    table.write_text("# a header\nalpha\n", encoding="utf-8")
    knowledge, calls = Knowledge(tmp_path), []

    def parse(path: Path) -> list[str]:
        calls.append(path)
        return _lines(path)

    assert knowledge.load("words.txt", parse) == ["alpha"]
    assert knowledge.load("words.txt", parse) == ["alpha"] and len(calls) == 1
    table.write_text("# a header\nalpha\nbeta\n", encoding="utf-8")
    assert knowledge.load("words.txt", parse) == ["alpha", "beta"] and len(calls) == 2


def test_an_edit_that_keeps_size_and_mtime_is_seen_through_the_inode_or_ignored_when_bytes_match(tmp_path):
    table = tmp_path / "words.txt"
    table.write_text("alpha\n", encoding="utf-8")
    knowledge, calls = Knowledge(tmp_path), []
    parse = lambda path: calls.append(1) or _lines(path)  # noqa: E731
    knowledge.load("words.txt", parse)
    stat = table.stat()
    replacement = tmp_path / "new.txt"
    replacement.write_text("gamma\n", encoding="utf-8")   # same size
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime
    os.replace(replacement, table)  # what editors do on save: another inode
    assert knowledge.load("words.txt", parse) == ["gamma"]
    os.utime(table)  # touched, not changed: not parsed again
    assert knowledge.load("words.txt", parse) == ["gamma"] and len(calls) == 2


def test_fingerprint_follows_the_tables_and_not_the_articles(data):
    knowledge = Knowledge(data)
    before = knowledge.fingerprint()
    (data / "articles").mkdir()
    (data / "articles" / "new.txt").write_text("Not a table\n\nAn article.\n", encoding="utf-8")
    assert knowledge.fingerprint() == before
    with open(data / "cues.csv", "a", encoding="utf-8") as f:
        f.write(NEW_CUE)
    assert knowledge.fingerprint() != before
    assert Knowledge(data).fingerprint() == knowledge.fingerprint()  # by content, not by object


def test_knowledge_travels_to_workers_as_its_folder(data):
    knowledge = Knowledge(data)
    copy = pickle.loads(pickle.dumps(knowledge))
    assert copy.data_dir == knowledge.data_dir and copy is shared(data)


def test_stages_use_the_knowledge_they_are_given(data):
    with open(data / "cues.csv", "a", encoding="utf-8") as f:
        f.write(NEW_CUE)
    assert "harrumphed" in quotes.load_cues(Knowledge(data)).frames
    assert "harrumphed" not in quotes.load_cues().frames  # data/ itself is untouched


def test_word_lists_are_read_from_the_knowledge(data):
    """Words added to name_words.csv, quote_words.csv and first_person.txt change what the stages find."""
    with open(data / "name_words.csv", "a", encoding="utf-8") as f:
        f.write("ter,particle\nprof.,honorific\n")
    with open(data / "quote_words.csv", "a", encoding="utf-8") as f:
        f.write("notably,clause_trail\n")
    with open(data / "first_person.txt", "a", encoding="utf-8") as f:
        f.write("Our\n")
    edited, plain = Knowledge(data), Knowledge(DATA)
    byline = "By Jan ter Horst"
    assert articles._byline(byline, edited) == "Jan ter Horst" and articles._byline(byline, plain) is None
    assert speakers.clean_name("Prof. Anna Berg", speakers.vocabulary(edited).honorifics) == ("Anna Berg", 2)
    assert speakers.clean_name("Prof. Anna Berg", speakers.vocabulary(plain).honorifics) == ("Prof. Anna Berg", 3)
    label = "Jan ter Horst: We agree."
    assert turns.label_candidates(label, 0, len(label), turns.labels(edited)) == [(0, 13, 15)]
    assert turns.label_candidates(label, 0, len(label), turns.labels(plain)) == []
    seg = "Prices rose, notably"
    assert quotes.strip_clause_trail(seg, quotes.load_cues(edited)) == "Prices rose"
    assert quotes.strip_clause_trail(seg, quotes.load_cues(plain)) == seg
    bio = "Our reporter covers Kyiv for the paper as a journalist."
    assert articles._is_bio(bio, "Jan Horst", edited) and not articles._is_bio(bio, "Jan Horst", plain)


def _cues(frames: dict) -> list[str]:
    return frames["quotes"]["cue"].tolist()


def test_an_added_cue_is_used_by_the_next_analysis_and_by_a_fresh_process(data, tmp_path):
    article = tmp_path / "in" / "talks.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache"
    knowledge = Knowledge(data)
    before = pipeline.analyze([article], cache=cache, knowledge=knowledge)
    assert "harrumphed" not in _cues(before)

    with open(data / "cues.csv", "a", encoding="utf-8") as f:  # the user edits the table, then reruns the cell
        f.write(NEW_CUE)
    after = pipeline.analyze([article], cache=cache, knowledge=knowledge)
    assert "harrumphed" in _cues(after)
    quote = after["quotes"].set_index("cue").loc["harrumphed"]
    assert quote["text"] == "the harbour would reopen in spring"
    assert pipeline.analyze([article], cache=False, knowledge=Knowledge(data))["quotes"].equals(after["quotes"])

    packs = sorted(p.name for p in (cache / "packs").iterdir())
    script = ("import sys; from helpers import pipeline; from helpers.knowledge import Knowledge; "
              "q = pipeline.analyze([sys.argv[1]], cache=sys.argv[2], knowledge=Knowledge(sys.argv[3]))['quotes']; "
              "print('|'.join(q['cue'].astype(str)) + '\\n' + '|'.join(q['text']))")
    fresh = subprocess.run([sys.executable, "-c", script, str(article), str(cache), str(data)], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert fresh == ["|".join(after["quotes"]["cue"].astype(str)), "|".join(after["quotes"]["text"])]
    assert sorted(p.name for p in (cache / "packs").iterdir()) == packs  # read from the cache, nothing recomputed


def test_a_snapshot_checks_each_table_once(tmp_path):
    table = tmp_path / "words.txt"
    table.write_text("alpha\n", encoding="utf-8")
    knowledge = Knowledge(tmp_path)
    snap = knowledge.snapshot()
    assert snap.load("words.txt", _lines) == ["alpha"]
    table.write_text("alpha\nbeta\n", encoding="utf-8")
    assert snap.load("words.txt", _lines) == ["alpha"]  # one run sees one version
    assert knowledge.load("words.txt", _lines) == knowledge.snapshot().load("words.txt", _lines) == ["alpha", "beta"]
    assert snap.fingerprint() == knowledge.fingerprint()  # the fingerprint is always of the files as they are
    assert pickle.loads(pickle.dumps(snap)) is shared(tmp_path)
