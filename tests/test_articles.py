import hashlib
import socket
from pathlib import Path

import pandas as pd
import pytest

from helpers import articles as art
from helpers import pipeline, segments
from helpers.knowledge import Knowledge
from helpers.frames import COLUMNS
from helpers.paths import ARTICLES, CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = "Peace talks resume\n\nThe delegations met in Istanbul. “Café talks,” he said – “naïve” hopes… Größe.\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def read_one(path: Path) -> tuple[list[dict], list[dict]]:
    return art.read_file(path)


def only_problem(path: Path) -> dict:
    rows, problems = art.read_file(path)
    assert rows == [] and len(problems) == 1, problems
    return problems[0]


# ---------------------------------------------------------------- plain text

def test_sample_article_row():
    a, p = pipeline.read_articles([ARTICLES])
    assert p.empty and list(a.columns) == COLUMNS["articles"]
    row = a.iloc[0]
    assert row.article_id == "istanbul_talks" and row.format == "txt" and row.author == "Chijioke Obinna"
    text = (ARTICLES / "istanbul_talks.txt").read_text(encoding="utf-8")
    assert row.text == text and row.n_chars == len(text) and row.n_words == len(text.split())
    assert row.content_hash == hashlib.sha256(text.encode()).hexdigest()
    assert text[row.body_start:].startswith("Conversations in Istanbul")
    assert text[:row.body_end].endswith("Vladimir Media.")


def test_text_is_preserved_exactly(tmp_path):
    raw = "Title\n\nHe said: \u201cNo\u201d \u2014 \"yes\"\u00a0'maybe' \u2013 it\u2019s 3\u00bd.\n"
    rows, _ = read_one(write(tmp_path, "t.txt", raw))
    assert rows[0]["text"] == raw


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b""),
    ("cp1252", b""), ("utf-32", b""),
])
def test_encodings(tmp_path, encoding, prefix):
    rows, problems = read_one(write(tmp_path, "e.txt", prefix + TEXT.encode(encoding)))
    assert problems == [] and rows[0]["text"] == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_in_a_non_latin_script(tmp_path, encoding):
    text = "Переговоры в Стамбуле\n\nПрезидент заявил, что переговоры продолжатся на следующей неделе.\n"
    rows, problems = read_one(write(tmp_path, "u.txt", text.encode(encoding)))
    assert problems == [] and rows[0]["text"] == text


def test_markdown_title(tmp_path):
    rows, _ = read_one(write(tmp_path, "m.md", "# Talks in Geneva\n\nThe sides met on Monday.\n"))
    assert rows[0]["title"] == "Talks in Geneva" and rows[0]["format"] == "md"


def test_very_short_cp1252_text(tmp_path):
    rows, problems = read_one(write(tmp_path, "s.txt", "Café “x”".encode("cp1252")))
    assert problems == [] and rows[0]["text"] == "Café “x”"


def test_latin1(tmp_path):
    text = "Größe und Café\n\nDie Verhandlungen über den Waffenstillstand wurden in Genf fortgesetzt, sagte der Minister.\n"
    rows, problems = read_one(write(tmp_path, "l.txt", text.encode("latin-1")))
    assert problems == [] and rows[0]["text"] == text


def test_other_legacy_encoding_is_detected_not_forced_to_cp1252(tmp_path):
    text = "Переговоры\n\nПрезидент России заявил, что переговоры продолжатся в Стамбуле на следующей неделе.\n"
    rows, problems = read_one(write(tmp_path, "c.txt", text.encode("cp1251")))
    assert problems == [] and rows[0]["text"] == text


# ---------------------------------------------------------------- problems

@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\r\n ", "empty"),
    ("fake.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary"),
    ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ("nul.txt", bytes(range(256)) * 4, "binary"),
    ("bad.json", b'{"title": "x", "text": ', "malformed json"),
    ("scalar.json", b"42", "no text field"),
    ("photo.docx", b"PK\x03\x04 whatever", "unsupported format"),
])
def test_problem_kinds(tmp_path, name, data, reason):
    problem = only_problem(write(tmp_path, name, data))
    assert problem["reason"] == reason and problem["detail"]
    assert set(problem) == set(COLUMNS["problems"])


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(art, "MAX_FILE_BYTES", 10)
    assert only_problem(write(tmp_path, "big.txt", "x" * 11))["reason"] == "too large"


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "gone.txt", TEXT)

    def vanish(self):
        raise FileNotFoundError(2, "No such file or directory")
    monkeypatch.setattr(Path, "read_bytes", vanish)
    assert only_problem(path)["reason"] == "unreadable"


def test_missing_path_and_rest_of_corpus_goes_on(tmp_path):
    write(tmp_path, "good.txt", TEXT)
    write(tmp_path, "bad.json", "{oops")
    a, p = pipeline.read_articles([tmp_path, tmp_path / "nope.txt"])
    assert a.article_id.tolist() == ["good"]
    assert sorted(p.reason) == ["malformed json", "not found"]


def test_duplicates_and_unique_ids(tmp_path):
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "b.txt", TEXT)
    write(tmp_path, "sub/c.md", TEXT.replace("Istanbul", "Geneva"))
    write(tmp_path, "c.txt", TEXT.replace("Istanbul", "Doha"))
    write(tmp_path, ".hidden.txt", "A hidden file\n\nwith text.")
    write(tmp_path, ".git/x.txt", "Inside a hidden folder\n\nwith text.")
    a, p = pipeline.read_articles([tmp_path])
    assert a.article_id.tolist() == ["a", "c", "c__2"]  # sorted: a.txt, c.txt, sub/c.md
    assert p.reason.tolist() == ["duplicate"] and p.detail.iloc[0].startswith("same bytes as ")
    assert p.article_id.iloc[0] == "b" and p.detail.iloc[0].endswith("a.txt; not analysed")


def test_identical_records_are_one_article_and_a_duplicate_problem(tmp_path):
    record = '{"title": "Talks", "text": "The sides met.", "url": "https://x/1"}\n'
    write(tmp_path, "in/two.jsonl", record + record)
    write(tmp_path, "in/z_again.json", "[" + record.strip() + "]")  # other bytes, the same record again
    a, p = pipeline.read_articles([tmp_path / "in"])
    assert a.article_id.tolist() == ["two-0"]
    assert p[["article_id", "reason"]].values.tolist() == [["two-1", "duplicate"], ["z_again-0", "duplicate"]]
    frames = pipeline.analyze([tmp_path / "in"], cache=tmp_path / "cache", workers=2, chunk_size=1)
    assert frames["articles"].article_id.tolist() == ["two-0"]
    assert sorted(frames["problems"].article_id) == ["two-1", "z_again-0"]
    assert set(frames["paragraphs"].article_id) == {"two-0"}


def test_same_text_republished_under_another_url_is_kept(tmp_path):
    write(tmp_path, "r.csv", "headline,body,link\nSame,Same body.,https://x/1\nSame,Same body.,https://x/2\n")
    a, p = pipeline.read_articles([tmp_path])
    assert len(a) == 2 and p.empty


def test_ids_are_safe_file_names():
    assert art.safe_id("a b/c\\d:e") == "a_b_c_d_e"
    assert art.safe_id("..") == "article"


# ---------------------------------------------------------------- records

def test_json_list_fields_and_record_problems():
    rows, problems = art.read_file(FIXTURES / "records" / "items.json")
    first, second = rows
    assert first["article_id"] == "items-0" and first["format"] == "json"
    assert first["text"] == "Ministers meet in Geneva\n\n" + "The foreign ministers met on Monday. “We talked for hours,” one of them said."
    assert first["body_start"] == len("Ministers meet in Geneva") + 2 == first["text"].index("The foreign")
    assert (first["published"], first["url"], first["author"], first["outlet"]) == (
        "2024-03-04T10:15:00Z", "https://example.org/a", "Ana Lopez", "Example Wire")
    assert second["published"] == "2024-03-05"
    assert [(p["article_id"], p["reason"]) for p in problems] == [
        ("items-2", "empty"), ("items-3", "no text field"), ("items-4", "no text field")]


def test_json_object_and_nested_list():
    rows, _ = art.read_file(FIXTURES / "records" / "single.json")
    assert rows[0]["article_id"] == "single" and rows[0]["author"] == "Jane Doe, John Roe"
    rows, _ = art.read_file(FIXTURES / "records" / "nested.json")
    assert [r["title"] for r in rows] == ["Nested one", "Nested two"]


def test_jsonl_bad_line_does_not_stop_the_others():
    rows, problems = art.read_file(FIXTURES / "records" / "lines.jsonl")
    assert [r["article_id"] for r in rows] == ["lines-0", "lines-2"]
    assert rows[1]["published"] == "2024-01-02T08:00"
    assert [(p["article_id"], p["reason"]) for p in problems] == [("lines-1", "malformed json")]


def test_csv_fields_and_empty_body():
    rows, problems = art.read_file(FIXTURES / "records" / "press.csv")
    assert [r["article_id"] for r in rows] == ["press-0", "press-1"]
    assert rows[0]["text"] == 'First release\n\nThe President held talks. He said, "We will continue."'
    assert rows[0]["published"] == "2022-06-24T17:30:00Z" and rows[0]["url"] == "https://example.org/1"
    assert [(p["article_id"], p["reason"]) for p in problems] == [("press-2", "empty")]


def test_csv_without_text_column():
    assert only_problem(FIXTURES / "records" / "no_text.csv")["reason"] == "no text field"


def test_field_table_is_editable(tmp_path):
    write(tmp_path, "data/field_names.csv", "# test table\nfield,name\ntext,storybody\ntitle,hed\n")
    source = write(tmp_path, "x.jsonl", '{"hed": "H", "storybody": "Body text."}\n')
    rows, _ = art.read_file(source, knowledge=Knowledge(tmp_path / "data"))
    assert rows[0]["text"] == "H\n\nBody text."
    assert art.read_file(source)[1][0]["reason"] == "no text field"  # data/'s table does not know these keys


# ---------------------------------------------------------------- HTML

def test_html_main_text_without_scripts_or_navigation(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    rows, problems = art.read_file(FIXTURES / "html" / "transcript.html")
    assert problems == []
    row = rows[0]
    assert row["title"] == "Talks on grain exports" and row["published"].startswith("2022-05-20")
    assert row["outlet"] == "Example Presidency" and row["url"] == "https://example.org/news/1234"
    text = row["text"]
    assert text.startswith("Talks on grain exports\n\n") and row["body_start"] == len("Talks on grain exports") + 2
    for junk in ("function", "tracking", "News archive", "Privacy policy", "Video player", "<"):
        assert junk not in text
    paras = segments.paragraphs(pd.DataFrame([row]))
    starts = paras.text.str.split(":").str[0].tolist()
    assert starts.count("Vladimir Putin") == 2 and "Question" in starts


# ---------------------------------------------------------------- the shared corpus (skipped without ../shared)

PRESS = CORPUS / "press_releases"
KREMLIN = CORPUS / "kremlin_html"


@pytest.mark.skipif(not PRESS.is_dir(), reason="../shared/corpus/press_releases is absent")
@pytest.mark.parametrize("name, count", [("putin.csv", 812), ("zelenskyy.csv", 972)])
def test_press_releases_load_completely(name, count):
    a, p = pipeline.read_articles([PRESS / name])
    assert len(a) == count and p.empty
    assert a.published.notna().all() and a.published.str.match(r"\d{4}-\d{2}-\d{2}").all()
    assert a.url.notna().all() and (a.body_start < a.body_end).all()


@pytest.mark.skipif(not KREMLIN.is_dir(), reason="../shared/corpus/kremlin_html is absent")
def test_kremlin_pages_load_with_title_date_and_clean_text():
    a, p = pipeline.read_articles([KREMLIN])
    assert len(a) == 300 and p.empty
    assert a.title.notna().all() and a.published.notna().all() and (a.n_words > 20).all()
    assert not a.text.str.contains("function(", regex=False).any()
    assert not a.text.str.contains("<script", regex=False).any()
