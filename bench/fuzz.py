"""Fuzz every command with generated inputs and report tracebacks, timeouts and memory peaks.

Run by hand, never from the test suite (tests/test_fuzz.py runs a few hundred inputs of it):

    .venv/bin/python bench/fuzz.py                          # 100,000 inputs, seed 0, 2 processes
    .venv/bin/python bench/fuzz.py --examples 5000 --seed 7 --jobs 4
    .venv/bin/python bench/fuzz.py --targets convert,cli --save /tmp/fuzz-out

A traceback means a bug in teikit: a TeikitError is the user's problem and is fine, any other
exception is not. Inputs go to six targets:

  convert, pretty, validate, text   the library API (convert_text, format_tei, validate,
                                    render_reading_text), most of the inputs;
  cli                               `teikit <command> -` in-process through typer's CliRunner,
                                    stdin as input, random flags (about 5 %);
  subprocess                        real `python -m teikit <command> -` processes (a few hundred).

Inputs are drawn by hypothesis (`@given` with `@seed`, no database, no shrinking), so a
seed gives the same inputs again, whatever --jobs is. They are built, not just random bytes:
transcriptions made of the archive's own vocabulary (bracket labels, places, parts, page
fields and months read from conventions/default.toml), mutated real transcriptions and TEI
files (../shared/seed, ../shared/corpus; without ../shared the bundled sample and the golden
files in tests/data), TEI-like trees with odd encodings, declarations, BOMs and DOCTYPEs,
broken XML (truncated, flipped bytes, mismatched tags) and raw bytes.

Each shard of inputs runs in a fresh process: ru_maxrss then measures that target alone.
An input gets --timeout seconds (SIGALRM); one stuck in C code past that is killed by the
parent, which reads the input the worker wrote down before starting it and goes on with the
rest of the shard under a derived seed. Each distinct traceback (exception type + innermost
teikit frame) is shrunk to a small reproducer by delta debugging. Exit 1 if any traceback.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import math
import multiprocessing
import os
import pickle
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
# The checkout itself is fuzzed, whether or not teikit is installed in the environment.
sys.path.insert(0, str(REPO))

from bench.tables import table  # noqa: E402

SHARED = (REPO / ".." / "shared").resolve()
SEED_DIR = SHARED / "seed"
CORPUS_TRANSCRIPTIONS = SHARED / "corpus" / "transcriptions"
CORPUS_TEI = SHARED / "corpus" / "tei"
TEI_ALL = SHARED / "schemas" / "tei_all.rng"
CONVENTIONS = REPO / "teikit" / "transcription" / "conventions" / "default.toml"
BUNDLED_RNG = REPO / "teikit" / "schemas" / "teikit.rng"
BUNDLED_SCH = REPO / "teikit" / "schemas" / "teikit.sch"

LIBRARY_TARGETS = ("convert", "pretty", "validate", "text")
TARGETS = (*LIBRARY_TARGETS, "cli", "subprocess")
DEFAULT_EXAMPLES = 100_000
CLI_SHARE = 0.05
SUBPROCESS_CAP = 300
# Inputs per worker process: small enough to spread over --jobs, large enough to amortise
# the imports and seed loading (subprocess inputs each start an interpreter anyway).
SHARD_SIZE = {"convert": 1000, "pretty": 2500, "validate": 2500, "text": 2500, "cli": 1000}
SHARD_SIZE_SUBPROCESS = 50
TIMEOUT_SECONDS = 10.0
# A worker whose input runs this much past --timeout is stuck where SIGALRM cannot reach.
HARD_KILL_GRACE = 5.0
MEMORY_LIMIT_MB = 4096
SEED_MAX_BYTES = 64_000
SHRINK_SECONDS = 60.0
# One input that raises ru_maxrss by more than this is listed under the table.
RSS_JUMP_MB = 50.0
EXIT_CODES_OK = (0, 1, 2)
TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI_ALL_URL = "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"


# --- the archive's vocabulary, read from the conventions table ----------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Words a transcription of this archive is made of (default.toml, else a small stand-in)."""

    bracket_labels: tuple[str, ...]
    places: tuple[str, ...]
    classification: tuple[str, ...]
    priority: tuple[str, ...]
    number_signs: tuple[str, ...]
    document_kinds: tuple[str, ...]
    trailer: tuple[str, ...]
    closing_phrases: tuple[str, ...]
    participants: tuple[str, ...]
    distribution_heads: tuple[str, ...]
    person_prefixes: tuple[str, ...]
    person_ranks: tuple[str, ...]
    signature_marks: tuple[str, ...]
    chrome: tuple[str, ...]
    page_markers: tuple[str, ...]
    field_names: tuple[str, ...]
    genres: tuple[str, ...]
    months: tuple[str, ...]
    languages: tuple[str, ...]


_FALLBACK_VOCABULARY = Vocabulary(
    bracket_labels=("handwritten", "stamp", "translator's comment", "illegible", "sic", "note"),
    places=("at the top", "in the margin", "at the end of the first page"),
    classification=("top secret", "secret", "confidential"),
    priority=("urgent", "priority"),
    number_signs=("No.", "Nº", "№"),
    document_kinds=("ciphered telegram", "cable", "memorandum", "letter"),
    trailer=("deciphered by", "typed", "verified by", "copies printed"),
    closing_phrases=("with communist greetings", "respectfully"),
    participants=("present", "subject"),
    distribution_heads=("to cde.", "to comrades", "distribution:"),
    person_prefixes=("Cde.", "Comrade", "Mr."),
    person_ranks=("General", "Marshal"),
    signature_marks=("signed", "/s/", "s.k."),
    chrome=("skip to content", "search", "menu"),
    page_markers=("document information", "document", "welcomes reuse"),
    field_names=("original uploaded date", "record id", "subjects discussed", "type"),
    genres=("cable telegram", "memorandum"),
    months=("january", "october", "oct", "märz", "décembre"),
    languages=("russian", "chinese", "german"),
)


@cache
def vocabulary() -> Vocabulary:
    """The conventions' words; the stand-in only when default.toml is missing or unreadable."""
    try:
        table = tomllib.loads(CONVENTIONS.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return _FALLBACK_VOCABULARY
    parts, page = table.get("parts", {}), table.get("page", {})

    def words(*lists: Any) -> tuple[str, ...]:
        found = {str(w) for each in lists if isinstance(each, list) for w in each}
        return tuple(sorted(found))

    labels = words(*(rule.get("labels") for rule in table.get("bracket", [])))
    field_lists = page.get("fields", {}).values()
    vocab = Vocabulary(
        bracket_labels=labels,
        places=tuple(sorted(table.get("places", {}))) + ("at the end of the first page",),
        classification=words(parts.get("classification")),
        priority=words(parts.get("priority")),
        number_signs=words(parts.get("number_signs")),
        document_kinds=words(parts.get("document_kinds")),
        trailer=words(parts.get("trailer")),
        closing_phrases=words(parts.get("closing_phrases")),
        participants=words(parts.get("participants")),
        distribution_heads=words(parts.get("distribution_heads")),
        person_prefixes=words(parts.get("person_prefixes")),
        person_ranks=words(parts.get("person_ranks")),
        signature_marks=words(parts.get("signature_marks")),
        chrome=words(page.get("chrome")),
        page_markers=words(
            page.get("document_start"),
            page.get("metadata_start"),
            page.get("rights_markers"),
            page.get("credit_markers"),
        ),
        field_names=words(*field_lists),
        genres=words(page.get("genres")),
        months=tuple(sorted(table.get("dates", {}).get("months", {}))),
        languages=tuple(sorted(table.get("languages", {}))),
    )
    # An empty list would make sampled_from fail; fall back field by field.
    return Vocabulary(
        **{
            name: getattr(vocab, name) or getattr(_FALLBACK_VOCABULARY, name)
            for name in Vocabulary.__dataclass_fields__
        }
    )


NAMES = (
    "Stalin", "Molotov", "Malenkov", "MAO ZEDONG", "KOVALEV", "PENG DEHUAI", "Filippov",
    "Kim Il Sung", "Shtykov", "Vyshinsky", "Roshchin", "Ulbricht", "Ponomarenko", "Yudin",
    "Khrushchev", "Zhou Enlai", "Gromyko", "Acheson", "Dulles", "TAO SHIYAO", "Mokr[in]",
    "Araushkin", "Doronchenkova", "Громыко", "毛泽东", "O'Neill", "Jean-Luc d’Arc",
)  # fmt: skip
PLACES = (
    "PEKING", "LANZHOU", "URUMCHI", "HAMI", "XINJIANG", "Moscow", "Pyongyang", "Berlin",
    "Warsaw", "Budapest", "Washington", "Beijing", "Москва", "Praha",
)  # fmt: skip
WORDS = (  # noqa: SIM905 (a sentence reads better than 60 quoted words)
    "the of and to in a is that for on we are with as this by be it from at intend transport "
    "division air province fuel aircraft troops agreement telegram cable government party "
    "committee received sending instructions urgent shipment tons people work organize service "
    "airfields reserve please inform plan correct advisable military leader questions"
).split()
ODD_CHARS = (
    "\u00a0", "\t", "\r", "\x0c", "\x0b", "\u2028", "\u2029", "\x85", "\ufeff", "\u200b",
    "“", "”", "’", "–", "—", "…", "№", "&", "<", ">", "]]>", "&amp;", "\x00", "\x1b", "\ufffd",
    "\U0001f600", "e\u0301", "\u202e",
)  # fmt: skip


# --- seeds: real inputs to mutate ---------------------------------------------------------


def _read_prefix(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(SEED_MAX_BYTES)


@cache
def transcription_seeds() -> tuple[str, ...]:
    """Real transcriptions: the shared seed and corpus, else the sample and golden inputs."""
    paths = sorted(SEED_DIR.glob("*.txt")) + sorted(CORPUS_TRANSCRIPTIONS.glob("**/*.txt"))
    paths += sorted((REPO / "samples").glob("*.txt"))
    paths += sorted((REPO / "tests" / "data" / "convert").glob("*.txt"))
    texts = []
    for path in paths:
        with contextlib.suppress(OSError):
            texts.append(
                _read_prefix(path).decode("utf-8", errors="replace").removeprefix("\ufeff")
            )
    return tuple(texts) or ("Skip to content\n\nOctober 12, 1949\n\nTo Cde. Stalin\n",)


@cache
def xml_seeds() -> tuple[bytes, ...]:
    """Real XML: the TEI corpus (files up to 64 KB, the start of larger ones), golden files."""
    paths = sorted(CORPUS_TEI.glob("**/*.xml")) + sorted(CORPUS_TRANSCRIPTIONS.glob("**/*.xml"))
    for folder in ("convert", "pretty", "validate", "schema"):
        paths += sorted((REPO / "tests" / "data" / folder).glob("**/*.xml"))
    found = []
    for path in paths:
        with contextlib.suppress(OSError):
            found.append(_read_prefix(path))
    return tuple(found) or (
        b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>'
        b"<text><body><p>x</p></body></text></TEI>\n",
    )


@cache
def tei_names() -> tuple[str, ...]:
    """TEI element names, from the bundled schema and tei_all when present."""
    names: set[str] = {"TEI", "teiHeader", "text", "body", "p", "div", "note", "hi", "list"}
    for path in (BUNDLED_RNG, TEI_ALL):
        with contextlib.suppress(OSError):
            names |= set(re.findall(r'<element name="([\w.-]+)"', path.read_text("utf-8")))
    return tuple(sorted(names))


# --- strategies: transcriptions -----------------------------------------------------------


# Strategies are built once and kept: building one inside a draw costs hypothesis far more
# (validation, repr) than drawing from it, and made input generation 20x slower.
_STRATEGIES: dict[object, st.SearchStrategy[Any]] = {}


def _memo(key: object, make: Callable[[], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """The strategy kept under `key`, made on first use."""
    found = _STRATEGIES.get(key)
    if found is None:
        found = _STRATEGIES[key] = make()
    return found


def _sample(options: Sequence[Any]) -> st.SearchStrategy[Any]:
    options = tuple(options)
    return _memo(("sample", options), lambda: st.sampled_from(options))


def _cased(text: str, how: int) -> str:
    return (text, text.lower(), text.upper(), text.title())[how % 4]


@cache
@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """Dates as archives write them, and some no calendar has."""
    month = _cased(draw(_sample(vocabulary().months)), draw(st.integers(0, 3)))
    day = draw(_memo("day", lambda: st.one_of(st.integers(1, 31), st.integers(0, 99))))
    year = draw(
        _memo(
            "year",
            lambda: st.one_of(st.integers(1900, 1999), st.integers(0, 99), st.integers(0, 99999)),
        )
    )
    shape = draw(st.integers(0, 9))
    return (
        f"{day} {month} {year}",
        f"{month} {day}, {year}",
        f"{day}.{draw(st.integers(0, 13))}.{year}",
        f"{draw(st.integers(0, 13))}/{day}/{year % 100:02d}",
        f"{year}-{draw(st.integers(0, 13)):02d}-{day:02d}",
        f"{day} {month}",
        f"{month} {year}",
        f"{draw(st.integers(0, 2400)):04d} {day} {month} {year}",
        f"den {day}. {month} {year}",
        f"{day}-{month[:3]}-{year % 100}",
    )[shape]


@cache
def person_names() -> st.SearchStrategy[str]:
    v = vocabulary()
    return st.tuples(
        st.one_of(st.just(""), _sample(v.person_prefixes), _sample(v.person_ranks)),
        _sample(NAMES),
    ).map(lambda pair: f"{pair[0]} {pair[1]}".strip())


@cache
def tokens() -> st.SearchStrategy[str]:
    return st.one_of(
        _sample(WORDS),
        _sample(WORDS),
        _sample(WORDS),
        person_names(),
        _sample(PLACES),
        date_texts(),
        st.integers(-5, 100_000).map(str),
        _sample((".", ",", ";", ":", "(", ")", "“", "”", '"', "-", "–", "?", "!", "*", "¹", "1)")),
        _sample(ODD_CHARS),
        st.text(max_size=6),
    )


@cache
def phrases(max_words: int = 12) -> st.SearchStrategy[str]:
    return st.lists(tokens(), max_size=max_words).map(" ".join)


@cache
@st.composite
def brackets(draw: st.DrawFn) -> str:
    """An editorial bracket: labels from the conventions, footnotes, supplied letters, pages."""
    v = vocabulary()
    kind = draw(st.integers(0, 11))
    close = draw(_sample(("]", "]", "]", "]", "]", "", "]]", ")")))
    opening = draw(_sample(("[", "[", "[", "[", "[[", "[?", "［")))
    if kind <= 3:
        label = _cased(draw(_sample(v.bracket_labels)), draw(st.integers(0, 3)))
        qualifier = draw(_memo("qualifier", lambda: st.one_of(st.just(""), _sample(v.places))))
        sep = draw(_sample((": ", ":", " ", " - ", "")))
        return f"{opening}{label} {qualifier}".rstrip() + f"{sep}{draw(phrases(8))}{close}"
    if kind == 4:
        marker = draw(_sample(("1", "2", "12", "3a", "*", "**", "iv", "a", "999", "0")))
        return f"{opening}{marker}{close}"
    if kind == 5:
        return f"{draw(_sample(WORDS + list(NAMES)))}{opening}{draw(_sample(('in', 'unist', 'e', 'anov', '...')))}{close}"  # noqa: E501
    if kind == 6:
        n = draw(st.integers(0, 9999))
        return draw(
            _sample((f"[page {n}]", f"[end of page {n}]", "[page break]", f"[p. {n}]", f"[p.{n}"))
        )
    if kind == 7:
        return draw(_sample(("[?]", "[...]", "[…]", "[. . .]", "[sic]", "[sic – wrong]", "[NB]")))
    if kind == 8:
        return f"{draw(person_names())} {opening}{draw(_sample(NAMES))}{close}"
    if kind == 9:
        return f"{opening}{draw(_sample(WORDS))}?{close}"
    if kind == 10:  # nested and crossing brackets
        inner = draw(brackets()) if draw(st.integers(0, 3)) == 0 else draw(phrases(4))
        return f"{opening}{draw(_sample(v.bracket_labels))}: {inner} {draw(phrases(3))}{close}"
    return f"{opening}{draw(st.text(max_size=30))}{close}"


@cache
@st.composite
def transcription_lines(draw: st.DrawFn) -> str:
    """One line of a transcription, in one of the shapes the converter looks for."""
    v = vocabulary()
    kind = draw(st.integers(0, 24))
    gutter = draw(_sample(("   ", "\u00a0" * 8, "\t", " " * 40, "\u00a0 \u00a0")))
    sign = draw(_sample(v.number_signs))
    number = draw(st.integers(0, 99999))
    name = draw(person_names())
    if kind <= 4:
        return draw(
            _memo(
                "paragraph",
                lambda: st.lists(st.one_of(tokens(), brackets()), max_size=60).map(" ".join),
            )
        )
    if kind == 5:
        return draw(brackets())
    if kind == 6:
        return draw(date_texts())
    if kind == 7:
        kind_word = _cased(draw(_sample(v.document_kinds)), draw(st.integers(0, 3)))
        return (
            f"{kind_word} {sign} {number} from {name} to {draw(person_names())} {draw(brackets())}"  # noqa: E501
        )
    if kind == 8:
        head = _cased(draw(_sample(v.document_kinds)), 2)
        return f"{head} {sign} {number}{gutter}{_cased(draw(_sample(v.classification)), 2)}"
    if kind == 9:
        return f"Copy {sign} {draw(st.integers(0, 9))}" + draw(
            _memo("copy-to", lambda: st.one_of(st.just(""), person_names().map(" to ".__add__)))
        )
    if kind == 10:
        head = _cased(draw(_sample(v.distribution_heads)), draw(st.integers(0, 3)))
        return f"{head} " + ", ".join(
            draw(_memo("names", lambda: st.lists(_sample(NAMES), min_size=1, max_size=5)))
        )
    if kind == 11:
        return f"from {draw(_sample(PLACES))}{gutter}received at {number:04d} {draw(date_texts())}{gutter}Copy {sign} 2"  # noqa: E501
    if kind == 12:
        return f"{gutter}{name.upper()} {draw(date_texts())}“"
    if kind == 13:
        trailer = _cased(draw(_sample(v.trailer)), draw(st.integers(0, 3)))
        return f"{trailer} {name} at {number} {draw(date_texts())}"
    if kind == 14:
        return f"{draw(st.integers(0, 40))}. {draw(phrases(20))}"
    if kind == 15:
        greeting = draw(_sample(("Dear Comrade ", "Esteemed ", "To the ", "Sir", "Comrades! ")))
        return f"{greeting}{name},"
    if kind == 16:
        return _cased(draw(_sample(v.closing_phrases)), draw(st.integers(0, 3))) + ","
    if kind == 17:
        return _cased(draw(_sample(v.chrome)), draw(st.integers(0, 3)))
    if kind == 18:
        label = _cased(draw(_sample(v.field_names)), 3)
        glue = draw(_sample(("", "\n", ": ", "\n\n")))
        return f"{label}{glue}{draw(phrases(6))}"
    if kind == 19:
        return _cased(draw(_sample(v.page_markers + v.genres)), draw(st.integers(0, 3)))
    if kind == 20:
        return draw(
            _sample(
                (
                    f"- {number % 999} -",
                    f"– {number % 99} –",
                    f"Page {number % 9} of 4",
                    f"(p. {number % 9})",
                )
            )
        )
    if kind == 21:
        label = _cased(draw(_sample(v.participants)), 3)
        return f"{label}: " + ", ".join(
            draw(_memo("people", lambda: st.lists(person_names(), max_size=4)))
        )
    if kind == 22:
        return f"{draw(_sample(v.signature_marks))} {name}"
    if kind == 23:
        return f"[{draw(st.integers(1, 30))}] {draw(phrases(15))}"
    return draw(st.text(max_size=80))


@cache
@st.composite
def generated_transcriptions(draw: st.DrawFn) -> str:
    """A page copy: chrome, title, bracket, header columns, body, signature, trailer, metadata."""
    v = vocabulary()
    sections: list[list[str]] = []
    if draw(st.booleans()):
        sections.append(draw(_memo("chrome", lambda: st.lists(_sample(v.chrome), max_size=4))))
    sections.append([draw(date_texts()), draw(transcription_lines())])
    sections.append(draw(_memo("lines", lambda: st.lists(transcription_lines(), max_size=14))))
    if draw(st.booleans()):
        fields = draw(_memo("fields", lambda: st.lists(_sample(v.field_names), max_size=8)))
        sections.append(
            ["Document Information"]
            + [f"{_cased(f, 3)}\n\n{draw(phrases(8))}" for f in fields]
            + ["Record ID"]
        )
    newline = draw(_sample(("\n", "\n", "\r\n", "\r", "\u2028")))
    gaps = draw(_memo("gaps", lambda: st.lists(st.integers(1, 5), min_size=1, max_size=4)))
    lines = [line for section in sections for line in section]
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        out.append(newline * gaps[i % len(gaps)])
    text = "".join(out)
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


@cache
@st.composite
def mutated_texts(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A real or generated transcription with a few cuts, copies and insertions."""
    text = draw(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.integers(0, 8))
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(_sample((1, 3, 16, 200, 5000))))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:j] + text[i:j] + text[j:]
        elif op in (2, 3):
            snippet = draw(
                _memo(
                    "snippet",
                    lambda: st.one_of(brackets(), transcription_lines(), _sample(ODD_CHARS)),
                )
            )
            text = text[:i] + snippet + text[i:]
        elif op == 4:
            text = text[:i]
        elif op == 5:
            text = text.replace("\n", draw(_sample(("\r\n", "\r", "\n\n", "\u00a0\n", "\x0c"))))
        elif op == 6:
            text = text[:i] + text[i:j].upper() + text[j:]
        elif op == 7:
            lines = text.split("\n")
            k = draw(st.integers(0, max(0, len(lines) - 1)))
            lines.insert(draw(st.integers(0, len(lines))), lines[k])
            text = "\n".join(lines)
        else:
            text = text[:i] + draw(st.text(max_size=20)) + text[j:]
    return text


@cache
def transcriptions() -> st.SearchStrategy[str]:
    """Transcription text for convert: generated, mutated real ones, noise."""
    real = _sample(transcription_seeds())
    return st.one_of(
        generated_transcriptions(),
        generated_transcriptions(),
        mutated_texts(real),
        mutated_texts(generated_transcriptions()),
        real,
        st.text(max_size=300),
        st.binary(max_size=500).map(lambda b: b.decode("latin-1")),
    )


@cache
@st.composite
def encoded_transcriptions(draw: st.DrawFn) -> bytes:
    """Transcription bytes as a file holds them: mostly UTF-8, some BOMs, cp1252, UTF-16."""
    text = draw(transcriptions())
    codec = draw(_sample(("utf-8",) * 6 + ("utf-8-sig", "utf-16", "cp1252", "latin-1", "koi8-r")))
    data = text.encode(codec, errors="replace")
    if draw(st.integers(0, 5)) == 0:
        data = mutate_bytes(draw, data)
    return data


# --- strategies: XML ----------------------------------------------------------------------

ATTRIBUTE_NAMES = (
    "xml:id", "n", "type", "subtype", "rend", "place", "hand", "resp", "when", "ref", "target",
    "corresp", "xml:lang", "xml:space", "reason", "unit", "quantity", "key", "facs", "status",
    "xmlns", "xmlns:tei", "tei:type", "frus:doc-dateTime-min", "notBefore", "cert",
)  # fmt: skip
ATTRIBUTE_VALUES = (
    "d1", "d1", "1", "#hand-annotation", "preserve", "default", "top", "margin", "1949-10-12",
    "12 October 1949", "en", "ru-Latn", "", " ", "a b", "&amp;", "&#0;", "&lt;", "<", "&",
    "\u00a0", "x" * 300, "#nowhere", "http://example.org/#x", "strikethrough", "annotation",
)  # fmt: skip
ENCODING_LABELS = (
    "UTF-8", "utf-8", "utf8", "UTF-16", "utf-16le", "UTF-16BE", "UTF-32", "ISO-8859-1",
    "latin1", "windows-1252", "US-ASCII", "ascii", "EBCDIC-CP-US", "cp500", "KOI8-R",
    "Shift_JIS", "UTF-7", "bogus", "", "UCS-4", "x-mac-roman", "utf_8",
)  # fmt: skip
# Python codecs the document text is actually written in.
CODECS = (
    ("utf-8",) * 8
    + ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252")
    + ("ascii", "cp500", "koi8-r", "shift_jis")
)


def _codec_label(codec: str) -> str:
    return {"utf-8-sig": "UTF-8", "latin-1": "ISO-8859-1", "cp1252": "windows-1252"}.get(
        codec, codec.upper()
    )


@cache
def xml_texts() -> st.SearchStrategy[str]:
    escaped = st.text(max_size=40).map(
        lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace("]]>", "]]&gt;")
    )
    return st.one_of(
        escaped,
        phrases(10).map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;")),
        _sample(("\n  ", "\n", " ", "\t", "\r\n    ", "\u00a0", "")),
        _sample(("&amp;", "&#10;", "&#x1F600;", "&#0;", "&#xD800;", "&#1114112;", "&nbsp;")),
        _sample(("&e;", "&lt;", "&#x9;", "&#13;", "&", "<", "]]>", "&#x;", "&#65")),
    )


@cache
def leaves() -> st.SearchStrategy[str]:
    names = _sample(tei_names())
    return st.one_of(
        xml_texts(),
        xml_texts(),
        names.map(lambda n: f"<{n}/>"),
        st.text(max_size=20).map(lambda s: f"<!--{s}-->"),
        _sample(("<!---->", "<!-- -- -->", "<!--->", "<?pi data?>", "<?xml-stylesheet x?>")),
        st.text(max_size=20).map(lambda s: f"<![CDATA[{s}]]>"),
        _sample(("<pb n='2'/>", "<lb/>", "<gap reason='illegible'/>", "<anchor xml:id='d1'/>")),
    )


@cache
@st.composite
def attributes(draw: st.DrawFn) -> str:
    name = draw(
        _memo(
            "attribute-name",
            lambda: st.one_of(
                _sample(ATTRIBUTE_NAMES), st.from_regex(r"[a-zA-Z_][\w.-]{0,8}", fullmatch=True)
            ),
        )
    )  # noqa: E501
    value = draw(
        _memo("attribute-value", lambda: st.one_of(_sample(ATTRIBUTE_VALUES), st.text(max_size=12)))
    )
    quote = draw(_sample(('"', '"', "'", "")))
    value = value.replace(quote, "&quot;") if quote else value
    return f" {name}={quote}{value}{quote}"


@cache
@st.composite
def elements(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    name = draw(_sample(tei_names()))
    prefix = draw(_sample(("",) * 10 + ("tei:", "x:", ":")))
    attrs = "".join(draw(_memo("attributes", lambda: st.lists(attributes(), max_size=3))))
    kids = "".join(draw(_memo(("children", id(children)), lambda: st.lists(children, max_size=6))))
    style = draw(st.integers(0, 40))
    tag = prefix + name
    if style == 0:
        return f"<{tag}{attrs}>{kids}"  # never closed
    if style == 1:
        return f"<{tag}{attrs}>{kids}</{draw(_sample(tei_names()))}>"  # closed by another
    if style == 2:
        return f"<{tag}{attrs}/>{kids}</{tag}>"
    if style == 3:
        return f"<{tag}{attrs} xml:space='preserve'>{kids}</{tag}>"
    return f"<{tag}{attrs}>{kids}</{tag}>"


@cache
def trees() -> st.SearchStrategy[str]:
    return st.recursive(leaves(), lambda kids: elements(kids), max_leaves=30)


@cache
@st.composite
def tei_documents(draw: st.DrawFn) -> bytes:
    """A TEI-like document: declaration, xml-model, DOCTYPE, root, encoded in some codec."""
    body = draw(trees())
    header = draw(
        _memo("header", lambda: st.one_of(
            st.just("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
                    "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>"
                    "</fileDesc></teiHeader>"),
            st.just("<teiHeader/>"),
            st.just(""),
            trees().map(lambda t: f"<teiHeader>{t}</teiHeader>"),
        ))
    )  # fmt: skip
    shape = draw(st.integers(0, 5))
    ns = draw(
        _sample((f' xmlns="{TEI_NS}"',) * 4 + ("", ' xmlns="urn:other"', f" xmlns:tei='{TEI_NS}'"))
    )  # noqa: E501
    if shape <= 2:
        root = f"<TEI{ns}>{header}<text><body>{body}</body></text></TEI>"
    elif shape == 3:
        root = f"<tei:TEI xmlns:tei='{TEI_NS}'>{header}<tei:text><tei:body>{body}</tei:body></tei:text></tei:TEI>"  # noqa: E501
    elif shape == 4:
        root = f"<div{ns}>{body}</div>"
    else:
        root = body
    prolog = ""
    hrefs = [TEI_ALL_URL, "tei_all.rng", "missing.rng", str(BUNDLED_RNG), str(BUNDLED_SCH), ""]
    if TEI_ALL.is_file():
        hrefs += [str(TEI_ALL)] * 2
    for href in draw(_memo("hrefs", lambda: st.lists(_sample(hrefs), max_size=2))):
        kind = draw(
            _sample(
                ("http://relaxng.org/ns/structure/1.0", "http://purl.oclc.org/dsdl/schematron", "")
            )
        )  # noqa: E501
        prolog += f'<?xml-model href="{href}" type="application/xml" schematypens="{kind}"?>\n'
    if draw(st.integers(0, 7)) == 0:
        prolog += draw(
            _sample(
                (
                    "<!DOCTYPE TEI>",
                    '<!DOCTYPE TEI [<!ENTITY e "entity text">]>',
                    '<!DOCTYPE TEI SYSTEM "http://example.org/tei.dtd">',
                    '<!DOCTYPE TEI [<!ENTITY a "&b;&b;"><!ENTITY b "&c;&c;"><!ENTITY c "xx">]>',
                    '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
                    "<!DOCTYPE TEI [<!ATTLIST p id ID #IMPLIED>]>",
                )
            )
        )
    trailing = draw(_sample(("\n", "", "\n\n", "<!-- end -->\n", "  ", "\r\n", "<extra/>")))
    return encode_document(draw, prolog + "\n" + root + trailing)


def encode_document(draw: st.DrawFn, document: str) -> bytes:
    """The document in some codec, declared rightly, wrongly or not at all, maybe with a BOM."""
    codec = draw(_sample(CODECS))
    declared = draw(st.one_of(st.just(_codec_label(codec)), _sample(ENCODING_LABELS), st.none()))
    version = draw(_sample(("1.0",) * 6 + ("1.1", "2.0", "")))
    standalone = draw(_sample(("",) * 4 + (' standalone="yes"', " standalone='maybe'")))
    quote = draw(_sample(('"', "'")))
    if draw(st.integers(0, 9)) == 0:
        declaration = ""
    else:
        enc = f" encoding={quote}{declared}{quote}" if declared is not None else ""
        declaration = f"<?xml version={quote}{version}{quote}{enc}{standalone}?>"
    lead = draw(_sample(("",) * 8 + (" ", "\n")))
    data = (lead + declaration + document).encode(codec, errors="xmlcharrefreplace")
    bom = draw(_sample((b"",) * 8 + (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE)))
    return bom + data


@cache
@st.composite
def mutated_bytes(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """Broken XML: truncated, flipped bytes, tags and declarations changed, re-encoded."""
    return mutate_bytes(draw, draw(base))


def mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """A few cuts, flips, insertions and re-encodings of `data`, each chosen by a draw."""
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.integers(0, 11))
        i = draw(st.integers(0, len(data)))
        j = min(len(data), i + draw(_sample((1, 2, 7, 64, 2000))))
        if op == 0:
            data = data[:i]
        elif op == 1 and data:
            k = min(i, len(data) - 1)
            data = data[:k] + bytes([data[k] ^ (1 << draw(st.integers(0, 7)))]) + data[k + 1 :]
        elif op == 2:
            snippet = draw(
                _sample(
                    (b"<", b">", b"&", b"]]>", b"<!--", b"\x00", b"\xff", b"\xc3", b"\xe9",
                     b'"', b"</", b"<p>", b"</p>", b"&#0;", b"<?xml version='1.0'?>",
                     codecs.BOM_UTF8, b"\xed\xa0\x80", b"\r", b"<note>", b"xml:id='d1' ",
                     b"<!DOCTYPE x>", b"<![CDATA[", b"\xf0\x9f")
                )
            )  # fmt: skip
            data = data[:i] + snippet + data[i:]
        elif op == 3:
            data = data[:i] + data[j:]
        elif op == 4:
            data = data[:j] + data[i:j] + data[j:]
        elif op == 5:
            label = draw(_sample(ENCODING_LABELS)).encode("ascii")
            data = re.sub(
                rb"encoding=(['\"])[^'\"]*\1", b'encoding="' + label + b'"', data, count=1
            )
        elif op == 6:
            data = draw(_sample((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\xfe\xff"))) + data
        elif op == 7:
            codec = draw(_sample(("utf-16", "utf-16-be", "latin-1", "cp500", "utf-32")))
            data = data.decode("utf-8", errors="replace").encode(codec, errors="replace")
        elif op == 8:
            old = draw(_sample((b"<p", b"<div", b"<note", b"</p>", b"<hi", b"<list")))
            new = draw(_sample((b"<list", b"<p", b"<item", b"<note", b"<TEI", b"<lb")))
            data = data.replace(old, new, draw(st.integers(1, 3)))
        elif op == 9:
            data = data[:i] + draw(st.binary(max_size=16)) + data[j:]
        elif op == 10:
            data = data.replace(b"\n", draw(_sample((b"\r\n", b"\r", b"", b"\n\n"))))
        else:
            data = data[:i] + data[i:j].upper() + data[j:]
    return data


@cache
def converted_seeds() -> tuple[bytes, ...]:
    """TEI the converter wrote for a few real transcriptions: realistic input for the others."""
    from teikit import convert_text

    found = []
    for text in sorted(transcription_seeds(), key=len)[::8][:10]:
        with contextlib.suppress(Exception):  # a crash here is found by the convert target
            found.append(convert_text(text, check=False).xml)
    return tuple(found)


@cache
def xml_documents() -> st.SearchStrategy[bytes]:
    """XML for pretty, validate and text: generated, real, broken, transcriptions, raw bytes."""
    real = _sample(xml_seeds() + converted_seeds())
    return st.one_of(
        tei_documents(),
        tei_documents(),
        real,
        mutated_bytes(real),
        mutated_bytes(real),
        mutated_bytes(tei_documents()),
        encoded_transcriptions(),
        st.binary(max_size=2000),
        st.binary(max_size=40).map(lambda b: codecs.BOM_UTF8 + b"<?xml version='1.0'?>" + b),
    )


# --- cases and how each target runs one ------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One input for one target: the data, and the flags or options it is run with."""

    target: str
    data: bytes | str
    args: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)

    def reproducer(self, limit: int | None = None) -> str:
        """A Python snippet that runs this input again."""
        data = repr(self.data)
        if limit is not None and len(data) > limit:
            data = f"{data[:limit]}…  ({len(self.data)} {'chars' if isinstance(self.data, str) else 'bytes'}, cut)"  # noqa: E501
        if self.target == "convert":
            return f"from teikit import convert_text\nconvert_text({data})"
        if self.target == "pretty":
            opts = ", ".join(f"{k}={v!r}" for k, v in self.options)
            return (
                "from teikit import PrettyOptions, format_tei\n"
                f"format_tei({data}, options=PrettyOptions({opts}))"
            )
        if self.target == "validate":
            return f"from teikit import validate\nvalidate({data}, schema={self.option('schema')!r}, offline=True)"  # noqa: E501
        if self.target == "text":
            return (
                "from teikit.tei.reading import render_reading_text\n"
                f"render_reading_text({data}, header={self.option('header', True)!r})"
            )
        return (
            "from typer.testing import CliRunner; from teikit.cli import app\n"
            f"CliRunner().invoke(app, {list(self.args)!r}, input={data})"
            f"   # or: python -m teikit {' '.join(self.args)} < input"
        )


@cache
@st.composite
def library_cases(draw: st.DrawFn, target: str) -> Case:
    if target == "convert":
        return Case("convert", draw(transcriptions()))
    data = draw(xml_documents())
    if target == "pretty":
        options = (
            ("indent", draw(st.integers(0, 16))),
            ("tabs", draw(st.integers(0, 5)) == 0),
            ("width", draw(_sample((0, 1, 20, 60, 100, 100, 1000)))),
        )
        return Case("pretty", data, options=options)
    if target == "validate":
        schemas = [None] * 6 + [str(BUNDLED_RNG), str(BUNDLED_SCH)]
        if TEI_ALL.is_file():
            schemas += [str(TEI_ALL)] * 2
        if TEI_ALL.is_file() and draw(st.integers(0, 3)) == 0:
            # The corpus declares tei_all by URL; point it at the local copy so it is used.
            data = data.replace(TEI_ALL_URL.encode(), str(TEI_ALL).encode())
        return Case("validate", data, options=(("schema", draw(_sample(schemas))),))
    return Case("text", data, options=(("header", draw(st.booleans())),))


@cache
@st.composite
def cli_cases(draw: st.DrawFn, target: str = "cli") -> Case:
    """`teikit <command> -` with standard input and a random choice of flags."""
    command = draw(_sample(("convert", "convert", "pretty", "validate", "text")))
    args = [command, "-"]
    fmt = draw(
        _memo(
            "fmt",
            lambda: st.one_of(
                st.none(), _sample(("text", "json", "jsonl", "github", "junit", "xml"))
            ),
        )
    )
    if fmt is not None and command != "text":
        args += ["--format", fmt]
    if command == "convert":
        data = draw(encoded_transcriptions())
        encoding = draw(
            _memo(
                "encoding",
                lambda: st.one_of(
                    st.none(),
                    _sample(
                        ("cp1252", "latin-1", "utf-16", "utf-8", "utf-16-le", "ascii", "bogus-enc")
                    ),
                ),
            )
        )
        if encoding:
            args += ["--encoding", encoding]
    else:
        data = draw(xml_documents())
    if command == "pretty":
        args += draw(
            _memo(
                "pretty-flags",
                lambda: st.lists(
                    _sample(("--check", "--diff", "--tabs", "-q")), max_size=2, unique=True
                ),
            )
        )
        if draw(st.booleans()):
            args += ["--indent", str(draw(st.integers(-1, 17)))]
        if draw(st.booleans()):
            args += ["--width", str(draw(_sample((0, 1, 40, 100, -3))))]
    if command == "validate":
        args.append("--offline")  # a declared schema URL must never be fetched by a fuzzer
        if draw(st.booleans()):
            args.append("--quiet")
        schema = draw(
            _memo(
                "cli-schema",
                lambda: st.one_of(
                    st.none(), _sample((str(BUNDLED_RNG), str(BUNDLED_SCH), "missing.rng"))
                ),
            )
        )
        if schema:
            args += ["--schema", schema]
    return Case(target, data, args=tuple(args))


@cache
def case_strategy(target: str) -> st.SearchStrategy[Case]:
    if target in LIBRARY_TARGETS:
        return library_cases(target)
    return cli_cases(target)


class InputTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so that no `except Exception` in teikit eats it."""


@dataclass
class Failure:
    """One distinct problem: the smallest input that shows it, and how often it was seen."""

    kind: str  # "traceback" or "timeout"
    signature: str
    summary: str
    details: str
    case: Case
    count: int = 1


@dataclass
class Outcome:
    seconds: float
    failure: Failure | None = None


def _frames_of(tb: Any) -> list[tuple[str, int, str]]:
    return [(f.filename, f.lineno or 0, f.name) for f in traceback.extract_tb(tb)]


def _signature(exc_type: str, frames: Sequence[tuple[str, int, str]]) -> str:
    """Exception type + the innermost frame in teikit (else the innermost frame at all)."""
    exc_type = exc_type.rsplit(".", 1)[-1]
    ours = [f for f in frames if f"{os.sep}teikit{os.sep}" in f[0] and ".venv" not in f[0]]
    chosen = (ours or list(frames) or [("?", 0, "?")])[-1]
    path = chosen[0]
    with contextlib.suppress(ValueError):
        path = str(Path(path).resolve().relative_to(REPO))
    return f"{exc_type} at {path}:{chosen[1]} in {chosen[2]}"


def _exception_failure(case: Case, exc: BaseException) -> Failure:
    frames = _frames_of(exc.__traceback__)
    details = "".join(traceback.format_exception(exc))
    summary = f"{type(exc).__name__}: {str(exc)[:200]}"
    return Failure("traceback", _signature(type(exc).__name__, frames), summary, details, case)


def run_library(case: Case) -> None:
    """Run one library input; a TeikitError is the caller's to catch (it is not a bug)."""
    from teikit import PrettyOptions, convert_text, format_tei, validate

    if case.target == "convert":
        assert isinstance(case.data, str)
        convert_text(case.data, source="fuzz.txt")
    elif case.target == "pretty":
        assert isinstance(case.data, bytes)
        options = PrettyOptions(**dict(case.options))
        result = format_tei(case.data, options=options, source="fuzz.xml")
        if result.ok and result.changed:  # formatting the output again must work too
            format_tei(result.xml, options=options, source="fuzz.xml")
    elif case.target == "validate":
        assert isinstance(case.data, bytes)
        validate(case.data, schema=case.option("schema"), offline=True, name="fuzz.xml")
    elif case.target == "text":
        from teikit.tei.reading import render_reading_text

        assert isinstance(case.data, bytes)
        render_reading_text(case.data, header=case.option("header", True))
    else:
        raise ValueError(f"not a library target: {case.target}")


def run_cli(case: Case) -> Failure | None:
    """Run one input through typer's CliRunner; a traceback or an exit code not 0/1/2 fails."""
    from typer.testing import CliRunner

    from teikit.cli import app

    data = case.data.encode("utf-8") if isinstance(case.data, str) else case.data
    result = CliRunner().invoke(app, list(case.args), input=data, env={"NO_COLOR": "1"})
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        return _exception_failure(case, exc)
    if result.exit_code not in EXIT_CODES_OK:
        summary = f"exit code {result.exit_code}"
        return Failure("traceback", summary, summary, result.output[-2000:], case)
    return None


_FRAME_LINE = re.compile(r'File "([^"]+)", line (\d+), in (\S+)')


def run_subprocess(case: Case, timeout: float) -> Failure | None:
    """Run one input through a real `python -m teikit`; a Traceback on stderr fails."""
    data = case.data.encode("utf-8") if isinstance(case.data, str) else case.data
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "TYPER_STANDARD_TRACEBACK": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "teikit", *case.args],
            input=data,
            capture_output=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise InputTimeout from None
    stderr = done.stderr.decode("utf-8", errors="replace")
    if "Traceback (most recent call last)" in stderr:
        frames = [(p, int(n), f) for p, n, f in _FRAME_LINE.findall(stderr)]
        last = [line for line in stderr.strip().splitlines() if line.strip()][-1]
        exc_type = last.split(":", 1)[0].strip() if ":" in last else last.strip()
        return Failure("traceback", _signature(exc_type, frames), last[:200], stderr[-4000:], case)
    if done.returncode not in EXIT_CODES_OK:
        summary = f"exit code {done.returncode}"
        return Failure("traceback", summary, summary, stderr[-2000:], case)
    return None


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds` (main thread only; elsewhere the parent's watchdog is the limit)."""
    usable = seconds > 0 and hasattr(signal, "setitimer")
    if usable:
        try:
            previous = signal.signal(signal.SIGALRM, _alarm)
        except ValueError:  # not the main thread
            usable = False
    if usable:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if usable:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _alarm(signum: int, frame: Any) -> None:
    raise InputTimeout


def check_case(case: Case, *, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """Run one input and say how long it took and what, if anything, went wrong."""
    from teikit.errors import TeikitError

    start = time.perf_counter()
    failure = None
    try:
        if case.target == "subprocess":
            failure = run_subprocess(case, timeout)
        else:
            with _time_limit(timeout):
                if case.target == "cli":
                    failure = run_cli(case)
                else:
                    run_library(case)
    except InputTimeout:
        summary = f"no result after {timeout:g} s"
        failure = Failure("timeout", f"timeout in {case.target}", summary, "", case)
    except TeikitError:
        pass  # a problem the user can fix: the expected answer to bad input
    except (Exception, RecursionError, MemoryError) as exc:
        failure = _exception_failure(case, exc)
    return Outcome(time.perf_counter() - start, failure)


# --- one shard of inputs ------------------------------------------------------------------


@dataclass
class Stats:
    """What one target (or one shard of it) did."""

    target: str
    inputs: int = 0
    wall_seconds: float = 0.0
    max_seconds: float = 0.0
    slowest_size: int = 0
    peak_rss_mb: float = 0.0
    rss_jumps: list[tuple[float, int]] = field(default_factory=list)  # (MB, input size)
    tracebacks: int = 0
    timeouts: int = 0
    failures: dict[str, Failure] = field(default_factory=dict)

    def add_failure(self, failure: Failure, count: int = 1) -> bool:
        """Count a failure; True when it is new or smaller than the one kept for its kind."""
        if failure.kind == "timeout":
            self.timeouts += count
        else:
            self.tracebacks += count
        key = f"{failure.kind}: {failure.signature}"
        kept = self.failures.get(key)
        if kept is None:
            failure.count = count
            self.failures[key] = failure
            return True
        kept.count += count
        if _size(failure.case) < _size(kept.case):
            failure.count = kept.count
            self.failures[key] = failure
            return True
        return False

    def merge(self, other: Stats) -> None:
        self.inputs += other.inputs
        self.wall_seconds += other.wall_seconds
        if other.max_seconds > self.max_seconds:
            self.max_seconds, self.slowest_size = other.max_seconds, other.slowest_size
        self.peak_rss_mb = max(self.peak_rss_mb, other.peak_rss_mb)
        self.rss_jumps = sorted(self.rss_jumps + other.rss_jumps, reverse=True)[:3]
        for failure in other.failures.values():
            count = failure.count
            self.add_failure(dataclasses.replace(failure), count)


def _size(case: Case) -> int:
    return len(case.data) + sum(len(a) for a in case.args)


def max_rss_mb(who: int | None = None) -> float:
    """Peak resident memory so far, in MB (this process, or RUSAGE_CHILDREN)."""
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF if who is None else who).ru_maxrss
    return (peak if sys.platform == "darwin" else peak * 1024) / 1_000_000


def fuzz_target(
    target: str,
    examples: int,
    seed: int,
    *,
    timeout: float = TIMEOUT_SECONDS,
    before: Callable[[Case], None] | None = None,
    after: Callable[[Stats, Failure | None], None] | None = None,
) -> Stats:
    """Feed `examples` hypothesis-drawn inputs to one target, in this process.

    `before` sees each input before it runs (the worker writes it down, in case it hangs);
    `after` sees the running totals. Same target, examples and seed: same inputs.
    """
    import resource

    stats = Stats(target)
    children = resource.RUSAGE_CHILDREN if target == "subprocess" else None
    rss = max_rss_mb(children)

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    @hypothesis_seed(seed)
    @given(case_strategy(target))
    def one(case: Case) -> None:
        nonlocal rss
        if before is not None:
            before(case)
        outcome = check_case(case, timeout=timeout)
        stats.inputs += 1
        if outcome.seconds > stats.max_seconds:
            stats.max_seconds, stats.slowest_size = outcome.seconds, _size(case)
        now = max_rss_mb(children)
        if now - rss > RSS_JUMP_MB:
            stats.rss_jumps = sorted([*stats.rss_jumps, (now - rss, _size(case))])[-3:]
        rss = stats.peak_rss_mb = max(rss, now)
        # Only a new failure, or a smaller input for a known one, is passed on.
        noted = outcome.failure is not None and stats.add_failure(outcome.failure)
        if after is not None:
            after(stats, outcome.failure if noted else None)

    start = time.perf_counter()
    one()
    stats.wall_seconds = time.perf_counter() - start
    return stats


# --- worker processes, watched by the parent -------------------------------------------------


@dataclass(frozen=True)
class Shard:
    target: str
    index: int
    examples: int
    seed: int


def shard_seed(seed: int, target: str, index: int) -> int:
    return zlib.crc32(f"{seed}/{target}/{index}".encode())


def plan_shards(examples: int, targets: Sequence[str], seed: int) -> list[Shard]:
    """Split the inputs: a few hundred subprocesses, 5 % CLI, the rest across the library."""
    counts: dict[str, int] = {}
    rest = examples
    if "subprocess" in targets:
        counts["subprocess"] = min(SUBPROCESS_CAP, max(1, examples // 300))
        rest -= counts["subprocess"]
    if "cli" in targets:
        counts["cli"] = max(1, round(examples * CLI_SHARE))
        rest -= counts["cli"]
    library = [t for t in LIBRARY_TARGETS if t in targets]
    for i, target in enumerate(library):
        counts[target] = rest // len(library) + (1 if i < rest % len(library) else 0)
    shards = []
    for target, count in counts.items():
        size = SHARD_SIZE.get(target, SHARD_SIZE_SUBPROCESS)
        for index in range(math.ceil(count / size)):
            n = min(size, count - index * size)
            shards.append(Shard(target, index, n, shard_seed(seed, target, index)))
    # The slow targets first, so that no long shard starts last.
    order = {"subprocess": 0, "convert": 1, "cli": 2, "validate": 3, "pretty": 4, "text": 5}
    return sorted(shards, key=lambda s: (order.get(s.target, 9), s.index))


def _setup_worker(workdir: str) -> None:
    """Limits and surroundings of a worker: capped memory, a scratch folder, no user cache."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        limit = MEMORY_LIMIT_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.chdir(workdir)  # relative xml-model hrefs and any stray output land here
    os.environ["XDG_CACHE_HOME"] = os.path.join(workdir, "cache")
    os.environ["NO_COLOR"] = "1"


def _worker(shard: Shard, timeout: float, status: Any, folder: str) -> None:
    """Run one shard; write down each input first, progress in `status`, results in files."""
    _setup_worker(folder)
    current = os.open(os.path.join(folder, "current.pickle"), os.O_WRONLY | os.O_CREAT, 0o600)
    events = open(os.path.join(folder, "events.pickle"), "ab")  # noqa: SIM115 (lives as long as the worker)

    def before(case: Case) -> None:
        blob = pickle.dumps(case)
        os.ftruncate(current, 0)
        os.pwrite(current, blob, 0)
        status[1] = time.time()

    def after(stats: Stats, failure: Failure | None) -> None:
        status[0], status[1], status[2], status[3] = (
            stats.inputs,
            0.0,
            stats.max_seconds,
            stats.peak_rss_mb,
        )
        if failure is not None:
            pickle.dump(failure, events)
            events.flush()

    stats = fuzz_target(
        shard.target, shard.examples, shard.seed, timeout=timeout, before=before, after=after
    )  # noqa: E501
    with open(os.path.join(folder, "stats.pickle"), "wb") as f:
        pickle.dump(stats, f)


def _read_events(path: str) -> Iterator[Failure]:
    with contextlib.suppress(OSError), open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except (EOFError, pickle.UnpicklingError):
                return


@dataclass
class Running:
    shard: Shard
    process: Any
    status: Any
    folder: str
    started: float


def run_shards(
    shards: Sequence[Shard], *, jobs: int, timeout: float, progress: Callable[[str], None]
) -> dict[str, Stats]:
    """Run every shard in its own process, `jobs` at a time, killing inputs that hang."""
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    # Loaded before the fork, so the workers share them instead of each reading the corpus.
    transcription_seeds(), xml_seeds(), tei_names(), converted_seeds()
    totals: dict[str, Stats] = {}
    queue = list(shards)
    running: list[Running] = []
    done = 0
    with tempfile.TemporaryDirectory(prefix="teikit-fuzz-") as tmp:
        serial = 0
        while queue or running:
            while queue and len(running) < jobs:
                shard = queue.pop(0)
                serial += 1
                folder = os.path.join(tmp, f"shard-{serial}")
                os.makedirs(folder)
                status = ctx.Array("d", 4, lock=False)
                process = ctx.Process(target=_worker, args=(shard, timeout, status, folder))
                process.start()
                running.append(Running(shard, process, status, folder, time.perf_counter()))
            time.sleep(0.1)
            for run in list(running):
                busy_since = run.status[1]
                stuck = busy_since and time.time() - busy_since > timeout + HARD_KILL_GRACE
                if run.process.is_alive() and not stuck:
                    continue
                if stuck:
                    run.process.kill()
                run.process.join()
                running.remove(run)
                stats = _collect(run, stuck=bool(stuck), timeout=timeout)
                totals.setdefault(run.shard.target, Stats(run.shard.target)).merge(stats)
                left = run.shard.examples - stats.inputs - (1 if stuck else 0)
                if (stuck or run.process.exitcode) and left > 0:
                    # Go on with the rest of the shard: same target, a seed derived from its own.
                    queue.insert(
                        0,
                        dataclasses.replace(run.shard, examples=left, seed=run.shard.seed * 31 + 1),
                    )  # noqa: E501
                done += 1
                progress(
                    f"[{done}] {run.shard.target} shard {run.shard.index}: {stats.inputs} inputs, "
                    f"{stats.tracebacks} tracebacks, {stats.timeouts} timeouts, "
                    f"{time.perf_counter() - run.started:.1f} s"
                    + (" (killed: stuck input)" if stuck else "")
                    + (
                        f" (worker died: exit {run.process.exitcode})"
                        if run.process.exitcode and not stuck
                        else ""
                    )  # noqa: E501
                )
    return totals


def _collect(run: Running, *, stuck: bool, timeout: float) -> Stats:
    """A finished worker's Stats; for a killed or crashed one, what its files and status say."""
    path = os.path.join(run.folder, "stats.pickle")
    if not stuck and os.path.exists(path):
        with open(path, "rb") as f:
            return pickle.load(f)
    stats = Stats(run.shard.target)
    stats.inputs = int(run.status[0])
    stats.max_seconds, stats.peak_rss_mb = run.status[2], run.status[3]
    stats.wall_seconds = time.perf_counter() - run.started
    for failure in _read_events(os.path.join(run.folder, "events.pickle")):
        stats.add_failure(failure)
    with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError):
        with open(os.path.join(run.folder, "current.pickle"), "rb") as f:
            case = pickle.load(f)
        if stuck:
            summary = f"still running after {timeout + HARD_KILL_GRACE:g} s; the worker was killed"
            stats.add_failure(Failure("timeout", f"timeout in {case.target}", summary, "", case))
            stats.inputs += 1
            stats.max_seconds = max(stats.max_seconds, timeout + HARD_KILL_GRACE)
        elif run.process.exitcode:
            summary = f"worker process died (exit {run.process.exitcode}) on this input"
            stats.add_failure(Failure("traceback", "worker crash", summary, "", case))
    return stats


# --- shrinking a failing input ------------------------------------------------------------


def _pieces(data: bytes | str, by_line: bool) -> list[Any]:
    if not by_line:
        return [data[i : i + 1] for i in range(len(data))]
    newline: Any = "\n" if isinstance(data, str) else b"\n"
    return data.splitlines(keepends=True) if newline in data else [data]


def _join(pieces: Sequence[Any], like: bytes | str) -> bytes | str:
    return ("" if isinstance(like, str) else b"").join(pieces)


def shrink(
    case: Case, signature: str, *, seconds: float, on_better: Callable[[Case], None]
) -> Case:
    """Delta debugging: drop lines, then characters, then flags, while the same failure stays."""
    deadline = time.monotonic() + seconds

    def fails(candidate: Case) -> bool:
        failure = check_case(candidate, timeout=5.0).failure
        return failure is not None and failure.signature == signature

    best = case
    for by_line in (True, False):
        pieces = _pieces(best.data, by_line)
        n = 2
        while len(pieces) >= 2 and time.monotonic() < deadline:
            chunk = math.ceil(len(pieces) / n)
            for start in range(0, len(pieces), chunk):
                if time.monotonic() >= deadline:
                    break
                rest = pieces[:start] + pieces[start + chunk :]
                candidate = dataclasses.replace(best, data=_join(rest, best.data))
                if fails(candidate):
                    pieces, best = rest, candidate
                    on_better(best)
                    n = max(n - 1, 2)
                    break
            else:
                if n >= len(pieces):
                    break
                n = min(len(pieces), n * 2)
    for i in range(len(best.args) - 1, 1, -1):  # never the command and its "-"
        if time.monotonic() >= deadline:
            break
        for width in (2, 1):
            args = best.args[:i] + best.args[i + width :]
            if i + width <= len(best.args) and fails(dataclasses.replace(best, args=args)):
                best = dataclasses.replace(best, args=args)
                on_better(best)
                break
    return best


def _shrink_worker(case: Case, signature: str, seconds: float, out: str, workdir: str) -> None:
    _setup_worker(workdir)

    def save(better: Case) -> None:
        with open(out + ".tmp", "wb") as f:
            pickle.dump(better, f)
        os.replace(out + ".tmp", out)

    if case.target == "subprocess":
        # The in-process CLI is 50x faster; use it when it shows the same failure.
        as_cli = dataclasses.replace(case, target="cli")
        failure = check_case(as_cli).failure
        if failure is not None and failure.signature == signature:
            case = as_cli
            save(case)
    shrink(case, signature, seconds=seconds, on_better=save)


def shrink_failures(failures: Sequence[Failure], *, seconds: float) -> dict[str, Case]:
    """Each traceback's smallest input, shrunk in a child process that may take `seconds`."""
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    shrunk: dict[str, Case] = {}
    with tempfile.TemporaryDirectory(prefix="teikit-shrink-") as tmp:
        for i, failure in enumerate(failures):
            if failure.kind != "traceback" or failure.signature in ("worker crash",):
                continue
            out = os.path.join(tmp, f"case-{i}.pickle")
            process = ctx.Process(
                target=_shrink_worker,
                args=(failure.case, failure.signature, seconds, out, tmp),
            )
            process.start()
            process.join(seconds + 30)
            if process.is_alive():
                process.kill()
                process.join()
            if os.path.exists(out):
                with open(out, "rb") as f:
                    shrunk[failure.signature] = pickle.load(f)
    return shrunk


# --- output ---------------------------------------------------------------------------------


def report_table(totals: dict[str, Stats]) -> str:
    headers = [
        "target",
        "inputs",
        "tracebacks",
        "timeouts",
        "max seconds",
        "peak RSS MB",
        "inputs/s",
    ]  # noqa: E501
    rows = []
    for target in TARGETS:
        s = totals.get(target)
        if s is None:
            continue
        rate = s.inputs / s.wall_seconds if s.wall_seconds else 0.0
        rows.append(
            [target, f"{s.inputs:,}", str(s.tracebacks), str(s.timeouts), f"{s.max_seconds:.3f}",
             f"{s.peak_rss_mb:.0f}", f"{rate:.1f}"]
        )  # fmt: skip
    inputs = sum(s.inputs for s in totals.values())
    rows.append(
        ["total", f"{inputs:,}", str(sum(s.tracebacks for s in totals.values())),
         str(sum(s.timeouts for s in totals.values())),
         f"{max((s.max_seconds for s in totals.values()), default=0):.3f}",
         f"{max((s.peak_rss_mb for s in totals.values()), default=0):.0f}", ""]
    )  # fmt: skip
    notes = [
        "  inputs/s: per worker process, input generation included; "
        "peak RSS: ru_maxrss of the target's workers (subprocess: of its children)"
    ]
    for s in totals.values():
        notes.append(
            f"  {s.target}: slowest input {s.max_seconds:.3f} s ({s.slowest_size:,} chars/bytes)"
        )
        for jump, size in s.rss_jumps:
            notes.append(
                f"  {s.target}: one input ({size:,} chars/bytes) raised RSS by {jump:.0f} MB"
            )
    return "\n".join([table(headers, rows), *notes])


def save_failures(folder: Path, failures: Sequence[Failure], shrunk: dict[str, Case]) -> None:
    """Each failure's input, raw and as a Python snippet, and its traceback, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, failure in enumerate(failures, 1):
        case = shrunk.get(failure.signature, failure.case)
        stem = folder / f"{i:02d}-{failure.kind}-{case.target}"
        raw = case.data.encode("utf-8") if isinstance(case.data, str) else case.data
        stem.with_suffix(".input").write_bytes(raw)
        stem.with_suffix(".py").write_text(case.reproducer() + "\n", encoding="utf-8")
        stem.with_suffix(".txt").write_text(
            f"{failure.kind}: {failure.signature}\n{failure.summary}\n"
            f"seen {failure.count} times\n\n{failure.details}",
            encoding="utf-8",
        )


def report_failures(failures: Sequence[Failure], shrunk: dict[str, Case]) -> str:
    lines = []
    for i, failure in enumerate(failures, 1):
        case = shrunk.get(failure.signature, failure.case)
        size = f"{_size(case):,} chars/bytes" + (
            f", shrunk from {_size(failure.case):,}" if failure.signature in shrunk else ""
        )
        lines.append(
            f"\n{i}. {failure.kind.upper()} {failure.signature}  (seen {failure.count}x, in "
            f"{failure.case.target})\n   {failure.summary}\n   reproducer ({size}):"
        )
        lines += ["     " + line for line in case.reproducer(limit=600).splitlines()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="inputs in all")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same inputs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds per input")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset")
    parser.add_argument("--shrink-seconds", type=float, default=SHRINK_SECONDS)
    parser.add_argument("--save", type=Path, metavar="DIR", help="write failing inputs here")
    args = parser.parse_args(argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown targets {unknown}; choose from {', '.join(TARGETS)}")

    from teikit import __version__

    shards = plan_shards(args.examples, targets, args.seed)
    print(
        f"teikit {__version__}, Python {platform.python_version()} on {platform.machine()}, "
        f"{args.jobs} jobs; seed {args.seed}, {args.examples:,} inputs in {len(shards)} shards; "
        f"seeds: {len(transcription_seeds())} transcriptions, {len(xml_seeds())} XML files"
        + ("" if SHARED.is_dir() else f" ({SHARED} missing: bundled inputs only)"),
        flush=True,
    )
    start = time.perf_counter()
    totals = run_shards(
        shards,
        jobs=max(1, args.jobs),
        timeout=args.timeout,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    elapsed = time.perf_counter() - start
    failures: list[Failure] = []
    for stats in totals.values():
        failures += stats.failures.values()
    failures.sort(key=lambda f: (f.kind, -f.count))
    shrunk = shrink_failures(failures, seconds=args.shrink_seconds) if failures else {}
    print(f"\n{report_table(totals)}\n  wall time {elapsed:.0f} s")
    if failures:
        print(report_failures(failures, shrunk))
        folder = args.save or Path(tempfile.mkdtemp(prefix="teikit-fuzz-failures-"))
        save_failures(folder, failures, shrunk)
        print(f"\nfailing inputs, snippets and tracebacks: {folder}")
    else:
        print("\nno tracebacks, no timeouts")
    return 1 if any(f.kind == "traceback" for f in failures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
