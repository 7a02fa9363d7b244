"""Stage 1 — read files into the ``articles`` frame (and the ``problems`` frame).

Formats (by extension): ``.txt``/``.md``/``.text`` (one article), ``.html``/``.htm`` (main text and
metadata via trafilatura, offline), ``.json`` (an object = one article; a list of objects, or an
object holding one list of objects = records), ``.jsonl``/``.ndjson`` and ``.csv``/``.tsv``
(one article per record). Record keys are recognised through ``data/field_names.csv``.

Article ids: the file stem for a one-article file, ``<stem>-<n>`` for record files, n being the
0-based record index (CSV data row, JSONL non-blank line, JSON list item). Ids keep only letters,
digits, ``.``, ``_`` and ``-``; a file whose name is taken gets ``__2``, ``__3``… (``pipeline.read_articles``).

Layout: a record or page with a title has ``text = title + "\\n\\n" + body`` and
``body_start = len(title) + 2``. A plain text is analysed: title line, byline ("By Jane Doe" or a
bare name), dateline, repeated title, then the body; after the body, the byline name repeated and
what follows it, or (when the author is known) a last paragraph in the first person or opening with
the author's name that holds a word from ``data/bio_cues.txt``, are the author's note, not body.

Problems (one row each, never an exception): ``not found`` (no such file or folder),
``unsupported format``, ``unreadable`` (unreadable file or dangling link, or an unexpected reader error), ``too large`` (over ``MAX_FILE_BYTES``: nothing
read), ``empty`` (empty or whitespace-only file, record with an empty body, HTML without main
text), ``binary``, ``malformed json``, ``malformed csv``, ``no text field``, ``duplicate`` (same
text, url and date as a record read before: only the first is kept; ``pipeline`` applies this across
files too, and to files with the same bytes). Hidden files and folders (name
starting with ".") inside a folder are ignored.
"""

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from .dates import parse_date
from .knowledge import Knowledge, resolve
from .segments import line_spans, name_key
from .speakers import name_words, particle_regex

MAX_FILE_BYTES = 50 * 1024 * 1024
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".html": "html", ".htm": "html",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv"}
RECORD_FIELDS = ("title", "text", "published", "url", "author", "outlet")
TITLE_MAX_CHARS = 250
TITLE_MAX_WORDS = 40
TITLE_MAX_WORDS_WITH_PERIOD = 30
HEADER_MAX_LINES = 3   # header lines (byline, dateline, repeated title) looked at after the title
TAIL_MAX_LINES = 3     # the byline name is looked for among the last paragraphs
BIO_MAX_CHARS = 1000
MAX_CONTROL_SHARE = 0.01
UTF16_MIN_NUL_SHARE = 0.05   # share of NULs at the high-byte parity (ASCII spaces, digits, punctuation)
UTF16_MAX_STRAY_NUL = 0.01   # share of NULs tolerated at the other parity
UTF16_MIN_BYTES = 8  # a BOM-less UTF-16 guess needs at least four characters of evidence
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                b"Rar!", b"7z\xbc\xaf", b"\x7fELF", b"MZ", b"OggS", b"ID3", b"RIFF")
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
WESTERN = ("cp1252", "latin_1", "iso8859_15")
# cp1252 is taken without asking the detector when at most this share of the letters it decodes is
# non-ASCII (Western text; Cyrillic or Greek bytes read as cp1252 are nearly all non-ASCII letters).
WESTERN_MAX_NON_ASCII_LETTERS = 0.3
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
WORD = re.compile(r"\w+")


class ReadProblem(Exception):
    """A file or record that cannot be read: ``reason`` is machine-friendly, ``detail`` human."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


# ---------------------------------------------------------------- structure of one text

def _parse_bio_cues(path: Path) -> frozenset:
    with open(path, encoding="utf-8") as f:
        return frozenset(s.lower() for s in (line.strip() for line in f) if s and not s.startswith("#"))


def bio_cues(knowledge: Knowledge | None = None) -> frozenset:
    """Lower-case words marking an author's note (``data/bio_cues.txt``)."""
    return resolve(knowledge).load("bio_cues.txt", _parse_bio_cues)


def _parse_byline(path: Path) -> re.Pattern:
    """A byline: "By" (optional) and one or more names, particles of ``data/name_words.csv`` allowed in them."""
    token = rf"(?:[A-Z][\w’'.-]*|{particle_regex(name_words(path)[1])}(?=\s))"
    name = rf"{token}(?:\s+{token}){{1,4}}"
    return re.compile(rf"(?P<by>(?i:by)\s+)?(?P<names>{name}(?:\s*(?:,|\band\b|&)\s*{name})*)"
                      rf"(?:\s*[,|–—-]\s*[A-Z][\w .&'-]{{0,40}})?")  # "By Jane Doe, Reuters": the outlet is not kept


def _parse_first_person(path: Path) -> re.Pattern:
    """Any word of a one-word-a-line file (as written) followed by a word boundary."""
    with open(path, encoding="utf-8") as f:
        words = [s for s in (line.strip() for line in f) if s and not s.startswith("#")]
    return re.compile(rf"(?:{'|'.join(map(re.escape, words)) or '(?!x)x'})\b")


def _is_title(line: str) -> bool:
    words = len(line.split())
    return (len(line) <= TITLE_MAX_CHARS and words <= TITLE_MAX_WORDS
            and (not line.endswith(".") or words <= TITLE_MAX_WORDS_WITH_PERIOD))


def _byline(line: str, knowledge: Knowledge | None) -> str | None:
    """The author names of a byline line, or None."""
    m = resolve(knowledge).load("name_words.csv", _parse_byline).fullmatch(line)
    return m.group("names").strip() if m else None


def _is_bio(line: str, author: str | None, knowledge: Knowledge | None) -> bool:
    """An author's note: only when the article has an author (speech in transcripts is first person too)."""
    if not author or len(line) > BIO_MAX_CHARS:
        return False
    opens = resolve(knowledge).load("first_person.txt", _parse_first_person).match(line) or name_key(line).startswith(name_key(author))
    return bool(opens) and any(w.lower() in bio_cues(knowledge) for w in WORD.findall(line))


def find_structure(text: str, title: str | None = None, knowledge: Knowledge | None = None) -> dict:
    """Title, author, published (from a dateline), body_start and body_end of a text.

    With ``title`` given, the text starts with it and a blank line: the body starts after them.
    """
    spans = line_spans(text)
    found: dict = {"title": title.strip() if title else None, "author": None, "published": None}
    if not spans:
        return {**found, "body_start": len(text), "body_end": len(text)}
    if title is not None:
        start = len(title) + 2
        i = next((k for k, (s, _) in enumerate(spans) if s >= start), len(spans))
    else:
        i = _read_header(text, spans, found, knowledge)
        start = spans[i][0] if i < len(spans) else len(text)
    j = _tail_start(text, spans, i, found["author"], knowledge)
    end = spans[j - 1][1] if j > i else start
    return {**found, "body_start": min(start, len(text)), "body_end": max(end, min(start, len(text)))}


def _read_header(text: str, spans: list[tuple[int, int]], found: dict, knowledge: Knowledge | None) -> int:
    """Fill title/author/published from the header lines; return the first body line index."""
    lines = [text[s:e] for s, e in spans[:HEADER_MAX_LINES + 1]]
    i = 0
    if len(spans) > 1 and _is_title(lines[0]) and not parse_date(lines[0], strict=True) \
            and not re.match(r"by\s", lines[0], re.IGNORECASE):
        found["title"] = lines[0].lstrip("#").strip()
        i = 1
    while i < min(len(lines), len(spans) - 1):
        line = lines[i]
        if found["author"] is None and (names := _byline(line, knowledge)):
            found["author"] = names
        elif found["published"] is None and (date := parse_date(line, strict=True)):
            found["published"] = date
        elif not (found["title"] and line.lstrip("#").strip() == found["title"]):
            break
        i += 1
    return i


def _tail_start(text: str, spans: list[tuple[int, int]], i: int, author: str | None,
                knowledge: Knowledge | None) -> int:
    """Index of the first paragraph after the body (len(spans) when the body runs to the end)."""
    n = len(spans)
    if author:
        key = name_key(author)
        for k in range(n - 1, max(i, n - TAIL_MAX_LINES) - 1, -1):
            if k > i and name_key(text[spans[k][0]:spans[k][1]]) == key:
                return k
    if n - i >= 2 and _is_bio(text[spans[-1][0]:spans[-1][1]], author, knowledge):
        return n - 1
    return n


def article_from_text(article_id: str, text: str, source_path: str = "", fmt: str = "txt", *,
                      title: str | None = None, author: str | None = None, published: str | None = None,
                      outlet: str | None = None, url: str | None = None,
                      knowledge: Knowledge | None = None) -> dict:
    """One ``articles`` row from a decoded text, recognising title, byline and body.

    Keyword metadata (from a record or an HTML page) wins over what the text shows; a given
    ``title`` must open ``text`` followed by a blank line.
    """
    s = find_structure(text, title, knowledge)
    return {
        "article_id": article_id, "source_path": source_path, "format": fmt,
        "title": s["title"], "author": author or s["author"], "published": published or s["published"],
        "outlet": outlet, "url": url, "text": text, "body_start": s["body_start"], "body_end": s["body_end"],
        "n_chars": len(text), "n_words": len(text.split()),
        "content_hash": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    }


# ---------------------------------------------------------------- bytes to text

def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of file bytes; raises ReadProblem for empty or binary content."""
    if not data.strip():
        raise ReadProblem("empty", "the file is empty or holds only whitespace")
    encoding = _encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise ReadProblem("binary", f"cannot decode as {encoding}: {e}") from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReadProblem("empty", "the file holds only whitespace")
    if len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise ReadProblem("binary", f"too many control characters for text (decoded as {encoding})")
    return text, encoding


def _encoding(data: bytes) -> str:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    if b"\x00" in data:
        return _utf16_by_nul_pattern(data)
    if data.startswith(BINARY_MAGIC):
        raise ReadProblem("binary", "the file starts with the signature of a binary format")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_western(data):  # the detector guesses DOS/Mac code pages for short news texts
        return "cp1252"
    # no NUL byte here, so UTF-16/32 guesses (frequent for very short texts) are wrong
    candidates = [m.encoding for m in charset_normalizer.from_bytes(data) if not m.encoding.startswith("utf_")]
    if not candidates or any(c in WESTERN for c in candidates):  # none: a text too short to guess
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            if not candidates:
                raise ReadProblem("binary", "no text encoding fits the bytes") from None
            return "latin_1"
    return candidates[0]


def _looks_western(data: bytes) -> bool:
    """Whether ``data`` decodes as cp1252 into mostly-ASCII letters."""
    try:
        letters = [c for c in data.decode("cp1252") if c.isalpha()]
    except UnicodeDecodeError:
        return False
    return sum(not c.isascii() for c in letters) <= WESTERN_MAX_NON_ASCII_LETTERS * len(letters)


def _utf16_by_nul_pattern(data: bytes) -> str:
    """UTF-16 without BOM: NUL bytes (high bytes of ASCII characters) at one byte parity only."""
    sample = data[:8192]
    if len(sample) < UTF16_MIN_BYTES:
        raise ReadProblem("binary", "NUL bytes in too short a file to read as UTF-16 without a BOM")
    for high, low, name in ((sample[1::2], sample[0::2], "utf-16-le"), (sample[0::2], sample[1::2], "utf-16-be")):
        if high.count(0) > UTF16_MIN_NUL_SHARE * len(high) and low.count(0) <= UTF16_MAX_STRAY_NUL * len(low):
            try:
                data[:len(data) - len(data) % 2].decode(name)
                return name
            except UnicodeDecodeError:
                pass
    raise ReadProblem("binary", "NUL bytes without a UTF-16 pattern")


# ---------------------------------------------------------------- records (JSON, JSONL, CSV)

def _norm_key(key: object) -> str:
    return re.sub(r"[\s_-]+", "", str(key)).lower()


def _parse_field_names(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            out.setdefault(row["field"], []).append(_norm_key(row["name"]))
    return tuple((k, tuple(v)) for k, v in out.items())


def field_names(knowledge: Knowledge | None = None) -> dict[str, tuple[str, ...]]:
    """Article field → record keys (normalised, by priority) from ``data/field_names.csv``."""
    return dict(resolve(knowledge).load("field_names.csv", _parse_field_names))


def _as_text(value: object, joiner: str) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        parts = [_as_text(v, joiner) for v in value]
        return joiner.join(p for p in parts if p) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"), joiner)
    if isinstance(value, (int, float)) and value == value:  # not NaN
        return str(value)
    return None


def _key_plan(keys: tuple, knowledge: Knowledge | None) -> tuple[tuple[str, tuple], ...]:
    """For a record's keys: each article field with the keys that may fill it, by priority."""
    return _plan(keys, resolve(knowledge).load("field_names.csv", _parse_field_names))


@lru_cache(maxsize=256)
def _plan(keys: tuple, fields: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, tuple], ...]:
    by_norm: dict[str, object] = {}
    for k in keys:
        by_norm.setdefault(_norm_key(k), k)
    return tuple((field, tuple(by_norm[n] for n in names if n in by_norm)) for field, names in fields)


def _fields(record: dict, knowledge: Knowledge | None) -> dict[str, str | None]:
    """The article fields found in ``record`` (first non-empty key of each field wins)."""
    out: dict[str, str | None] = dict.fromkeys(RECORD_FIELDS)
    for field, keys in _key_plan(tuple(record), knowledge):
        for key in keys:
            value = _as_text(record[key], "\n\n" if field == "text" else ", ")
            if value is not None and value.strip():
                out[field] = value
                break
    return out


def _has_text_key(keys: Iterable[object], knowledge: Knowledge | None) -> bool:
    return any(field == "text" and found for field, found in _key_plan(tuple(keys), knowledge))


def article_from_record(article_id: str, record: dict, source_path: str, fmt: str,
                        knowledge: Knowledge | None = None) -> dict:
    """One ``articles`` row from a record; raises ReadProblem without a text."""
    if not _has_text_key(record, knowledge):
        raise ReadProblem("no text field", f"record {article_id} has none of the text keys "
                                           f"of data/field_names.csv (keys: {', '.join(map(str, record))[:200]})")
    f = _fields(record, knowledge)
    if not f["text"]:
        raise ReadProblem("empty", f"record {article_id} has an empty body")
    title = f["title"]
    text = f["text"] if not title else title + "\n\n" + f["text"]
    return article_from_text(article_id, text, source_path, fmt, title=title, author=f["author"],
                             published=parse_date(f["published"]), outlet=f["outlet"], url=f["url"],
                             knowledge=knowledge)


def _records(text: str, fmt: str, problems: list, source_path: str, stem: str, knowledge: Knowledge | None):
    """Yield ``(article_id, record)``; malformed parts become problems."""
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ReadProblem("malformed json", f"line {e.lineno}, column {e.colno}: {e.msg}") from None
        if isinstance(data, dict) and not _has_text_key(data, knowledge):
            lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
            data = lists[0] if len(lists) == 1 else data
        if isinstance(data, dict):
            yield stem, data
            return
        if not isinstance(data, list):
            raise ReadProblem("no text field", f"the JSON holds a {type(data).__name__}, not an object or a list")
        items = enumerate(data)
    elif fmt == "jsonl":
        items = _jsonl_items(text, problems, source_path, stem)
    else:
        items = _csv_items(text, source_path, knowledge)
    for n, item in items:
        aid = f"{stem}-{n}"
        if isinstance(item, dict):
            yield aid, item
        else:
            problems.append(_problem(source_path, aid, "no text field", f"record {n} is a {type(item).__name__}, not an object"))


def _jsonl_items(text: str, problems: list, source_path: str, stem: str):
    lines = [line for line in text.splitlines() if line.strip()]
    for n, line in enumerate(lines):
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(_problem(source_path, f"{stem}-{n}", "malformed json", f"record {n}: {e.msg}"))


def _csv_items(text: str, source_path: str, knowledge: Knowledge | None):
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    delimiter = "\t" if source_path.lower().endswith(".tsv") else ","
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if not reader.fieldnames or not _has_text_key(reader.fieldnames, knowledge):
            raise ReadProblem("no text field", f"no column of the CSV is a text column of data/field_names.csv "
                                               f"(columns: {', '.join(reader.fieldnames or [])[:200]})")
        rows = list(reader)
    except csv.Error as e:
        raise ReadProblem("malformed csv", str(e)) from None
    yield from enumerate({k: v for k, v in row.items() if k is not None} for row in rows)


# ---------------------------------------------------------------- HTML

def article_from_html(article_id: str, html: str, source_path: str, knowledge: Knowledge | None = None) -> dict:
    """One ``articles`` row from a page: trafilatura's main text (paragraph lines kept) and metadata."""
    import trafilatura  # slow to import; only needed for HTML
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    from .page_meta import page_metadata

    try:
        tree = load_html(html)
        # the date comes from the page's markup (meta tags, structured data, URL, time elements); the extensive
        # search through free text loads every dateparser locale (about 1.5 s of CPU per process) to guess
        meta = page_metadata(tree, set_date_params(extensive=False)) if tree is not None else None
    except (TypeError, ValueError):  # as in trafilatura.bare_extraction: no document
        meta = None
    if meta is None:
        raise ReadProblem("empty", "no main text found in the HTML")
    options = dict(include_comments=False, favor_precision=True, include_tables=False, include_images=False,
                   include_links=False)
    # fast mode skips the fallback extractors; they run only when it finds nothing (both copy the tree)
    doc = trafilatura.bare_extraction(tree, fast=True, **options) or trafilatura.bare_extraction(tree, **options)
    main = (doc.text if doc is not None else "").strip()
    if not main:
        raise ReadProblem("empty", "no main text found in the HTML")
    title = (meta.title or "").strip() or None
    first, _, rest = main.partition("\n")
    if title and first.strip() == title and rest.strip():
        main = rest.strip()
    text = title + "\n\n" + main if title else main
    return article_from_text(article_id, text, source_path, "html", title=title, author=meta.author,
                             published=parse_date(meta.date), outlet=meta.sitename, url=meta.url,
                             knowledge=knowledge)


# ---------------------------------------------------------------- files and folders

def _problem(source_path: str, article_id: str | None, reason: str, detail: str) -> dict:
    return {"source_path": source_path, "article_id": article_id, "reason": reason, "detail": detail}


def safe_id(name: str) -> str:
    """An id usable as a file name: letters, digits, '.', '_' and '-' only."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "article"


def read_file(path: str | Path, stem: str | None = None,
              knowledge: Knowledge | None = None) -> tuple[list[dict], list[dict]]:
    """``(article rows, problem rows)`` of one file; never raises for a bad file.

    ``stem``: the id of the file's articles (default: its file name without extension). A record with the
    same text, url and date as an earlier record of the file is a ``duplicate`` problem, not an article."""
    knowledge = resolve(knowledge).snapshot()
    p, source_path = Path(path), str(path)
    stem = safe_id(stem or p.stem)
    if not p.exists() and not p.is_symlink():  # a dangling link is ``unreadable``
        return [], [_problem(source_path, stem, "not found", "no such file or folder")]
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        return [], [_problem(source_path, stem, "unsupported format", f"extension {p.suffix or '(none)'!r} is not read")]
    problems: list[dict] = []
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadProblem("too large", f"{size:,} bytes > MAX_FILE_BYTES = {MAX_FILE_BYTES:,}; nothing read")
        text, _ = decode(p.read_bytes())
        if fmt in ("txt", "md"):
            return [article_from_text(stem, text, source_path, fmt, knowledge=knowledge)], []
        if fmt == "html":
            return [article_from_html(stem, text, source_path, knowledge)], []
        rows, first = [], {}
        for aid, record in _records(text, fmt, problems, source_path, stem, knowledge):
            try:
                row = article_from_record(aid, record, source_path, fmt, knowledge)
            except ReadProblem as e:
                problems.append(_problem(source_path, aid, e.reason, e.detail))
                continue
            same = first.setdefault(identity(row), aid)
            if same == aid:
                rows.append(row)
            else:
                problems.append(_problem(source_path, aid, "duplicate", f"same text, url and date as {same}; not analysed"))
        if not rows and not problems:
            problems.append(_problem(source_path, stem, "empty", "the file holds no records"))
        return rows, problems
    except ReadProblem as e:
        return [], problems + [_problem(source_path, stem, e.reason, e.detail)]
    except OSError as e:
        return [], problems + [_problem(source_path, stem, "unreadable", f"{type(e).__name__}: {e.strerror or e}")]
    except Exception as e:  # noqa: BLE001 — one bad file must never stop the corpus
        return [], problems + [_problem(source_path, stem, "unreadable", f"{type(e).__name__}: {e}")]


def identity(row: dict) -> tuple:
    """What makes two article rows the same article: text, url and date (a record republished under
    another url or date is another article)."""
    return row["content_hash"], row["url"], row["published"]


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[dict]]:
    """Files under ``paths`` (folders recursively, hidden entries skipped), sorted; missing paths as problems."""
    files, problems = set(), []
    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        p = Path(path)
        if p.is_dir():
            files.update(f for f in p.rglob("*")
                         if (f.is_file() or f.is_symlink())  # a dangling link is reported by read_file
                         and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            files.add(p)
        else:
            problems.append(_problem(str(p), None, "not found", "no such file or folder"))
    return sorted(files, key=lambda f: f.as_posix()), problems


def unique_id(base: str, seen: set[str]) -> str:
    """``base``, or ``base__2``, ``base__3``… when taken; the id chosen is added to ``seen``."""
    aid, n = base, 1
    while aid in seen:
        n += 1
        aid = f"{base}__{n}"
    seen.add(aid)
    return aid
