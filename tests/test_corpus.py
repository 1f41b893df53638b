"""Every corpus transcription converts valid, without errors, lossless, clean and deterministic.

The corpus is the seed, the twelve invented wilson-style pages and the 74 FRUS documents
rendered as text (../shared). Each is converted once per session; all outputs go to jing in
one batch. A failure names the file and says what went wrong in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from jing import SHARED, JingHarness
from lxml import etree

from teikit import Converted, convert_text
from teikit.lossless import content_words, missing_words
from teikit.tei.reading import render_reading_text

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}

SEED = SHARED / "seed" / "wilson-3607-kovalev-cable.txt"
WILSON = SHARED / "corpus" / "transcriptions" / "wilson-style"
FRUS_TEXT = SHARED / "corpus" / "transcriptions" / "frus" / "text"


def corpus_files() -> list[Path]:
    """The seed, then wilson-style and FRUS transcriptions, in a stable order."""
    found = [SEED] if SEED.is_file() else []
    found += sorted(WILSON.glob("*.txt")) + sorted(FRUS_TEXT.glob("*.txt"))
    return found


FILES = {path.stem: path for path in corpus_files()}
NAMES = sorted(FILES)

pytestmark = pytest.mark.skipif(not FILES, reason=f"no corpus under {SHARED}")


def read_transcription(path: Path) -> str:
    # One wilson-style file starts with a BOM; utf-8-sig drops it and reads the rest alike.
    return path.read_bytes().decode("utf-8-sig")


@dataclass(frozen=True)
class Case:
    """One corpus file: its text, what convert made of it, and where the XML was written."""

    path: Path
    text: str
    result: Converted
    xml_path: Path


class Corpus(dict[str, Case]):
    """Name → Case; a short repr keeps pytest's failure reports readable."""

    def __repr__(self) -> str:
        return f"<{len(self)} converted corpus files>"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Every corpus file converted once, its XML written to a scratch folder."""
    folder = tmp_path_factory.mktemp("corpus")
    cases = Corpus()
    for name, path in FILES.items():
        text = read_transcription(path)
        result = convert_text(text, source=path.name)
        xml_path = folder / f"{name}.xml"
        xml_path.write_bytes(result.xml)
        cases[name] = Case(path, text, result, xml_path)
    return cases


@pytest.fixture(scope="session")
def jing_results(corpus: Corpus, jing: JingHarness) -> dict[str, list[str]]:
    """jing's messages for every output, from one jing run over all of them."""
    results = jing.validate([case.xml_path for case in corpus.values()])
    return {name: results[case.xml_path] for name, case in corpus.items()}


# ---------------------------------------------------------------------------
# Valid and error-free


@pytest.mark.parametrize("name", NAMES)
def test_valid_against_tei_all(name: str, jing_results: dict[str, list[str]]) -> None:
    errors = jing_results[name]
    assert not errors, f"{name}.xml is not valid TEI (jing):\n" + "\n".join(errors)


@pytest.mark.parametrize("name", NAMES)
def test_no_error_diagnostics(name: str, corpus: Corpus) -> None:
    errors = [d for d in corpus[name].result.diagnostics if d.severity == "error"]
    assert not errors, "\n".join(f"{d.location()}: {d.message} [{d.code}]" for d in errors)


# ---------------------------------------------------------------------------
# Lossless by the reading text
#
# Markup may replace an editorial label: "[Translator’s comment: …]" becomes
# <note type="translator">, "[Stamp at the end of the first page: …]" becomes
# <note type="stamp" place="bottom"> followed by <pb n="2"/>, and the reading text says
# "[Translator's note: …]" and "[Stamp: …]". Only words of that kind may be missing, and
# only as often as they stand in the head of a bracket (before its ":" or its "]") in the
# input. This list started empty; each word was added for the corpus bracket named with it.
BRACKET_LABEL_WORDS = frozenset(
    {
        # seed "[Stamp at the end of the first page:" → @place="bottom" + <pb n="2"/>;
        # report-1957 "[End of page 1]" and minutes-1958 "[page 2]" → <pb/>
        "at",
        "the",
        "end",
        "of",
        "first",
        "page",
        # "[Translator’s comment: …]" (seed, cable-1950) → <note type="translator">
        "comment",
        # "[Editor’s note: …]" (memorandum-1954) → <note type="editorial">
        "editor's",
        "note",
    }
)

# A second allowance, for the page copies: the archive's metadata labels ("Source",
# "Original Language", …) are replaced by teiHeader elements, and the reading text prints
# its own labels ("Citation:", "Language:"). Each label counts only when its element is
# there: an empty field's label that vanishes without a page.chrome report is lost, as is
# a "Document" line that opens the transcription. This list also started empty.
FIELD_LABELS = {
    "source": ".//tei:sourceDesc//tei:bibl[@type='citation']",
    "original language": ".//tei:profileDesc/tei:langUsage/tei:language",
    "subjects discussed": ".//tei:profileDesc/tei:textClass//tei:term[not(@type='genre')]",
    "associated people & organizations": ".//tei:particDesc/tei:listPerson"
    " | .//tei:particDesc/tei:listOrg",
    "original uploaded date": ".//tei:publicationStmt/tei:date",
    "record id": ".//tei:publicationStmt/tei:idno",
    "donors": ".//tei:titleStmt/tei:funder | .//tei:titleStmt/tei:sponsor",
}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The head of a bracket: what follows "[" up to its ":" or "]" on the same line.
_BRACKET_HEAD = re.compile(r"\[([^\[\]:\n]*)")


def bracket_label_allowance(text: str, tree: etree._ElementTree) -> Counter[str]:
    """The label words the markup may have replaced, counted as often as the input has them."""
    page_numbers = {
        n for pb in tree.iterfind(".//tei:text//tei:pb[@n]", NS) if (n := pb.get("n", "")).isdigit()
    }
    allowed: Counter[str] = Counter()
    for head in _BRACKET_HEAD.findall(text):
        words = content_words(head)
        for word, count in words.items():
            # "[page 2]" → <pb n="2"/>; "[End of page 1]" → <pb n="2"/>: the number is in @n.
            page_number = word.isdigit() and "page" in words
            if word in BRACKET_LABEL_WORDS or (
                page_number and page_numbers & {word, str(int(word) + 1)}
            ):
                allowed[word] += count
    return allowed


def field_label_allowance(lines: list[str], tree: etree._ElementTree) -> Counter[str]:
    """The words of metadata labels whose header element the TEI has."""
    header = tree.find("tei:teiHeader", NS)
    allowed: Counter[str] = Counter()
    for line in lines:
        label = " ".join(line.strip().rstrip(":").split()).casefold()
        xpath = FIELD_LABELS.get(label)
        if xpath is not None and header is not None and header.xpath(xpath, namespaces=NS):
            allowed += content_words(label)
    return allowed


def lost_words(case: Case) -> Counter[str]:
    """Content words of the input (less reported chrome) that the reading text lacks."""
    chrome = {d.line for d in case.result.diagnostics if d.code in ("page.chrome", "page.label")}
    lines = [
        line for number, line in enumerate(_LINE_BREAK.split(case.text), 1) if number not in chrome
    ]
    kept = "\n".join(lines)
    reading = render_reading_text(case.result.xml)
    missing = missing_words(content_words(kept), content_words(reading))
    tree = case.result.tree
    return missing - bracket_label_allowance(kept, tree) - field_label_allowance(lines, tree)


def lines_with(text: str, words: Counter[str]) -> Iterator[str]:
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if set(content_words(line)) & set(words):
            yield f"  {number}: {line.strip()[:120]}"


@pytest.mark.parametrize("name", NAMES)
def test_lossless_by_reading_text(name: str, corpus: Corpus) -> None:
    case = corpus[name]
    lost = lost_words(case)
    assert not lost, (
        f"{name}: words of the input missing from the reading text of the TEI: {dict(lost)}\n"
        "input lines holding them:\n" + "\n".join(lines_with(case.text, lost))
    )


def test_allowance_forgives_only_bracket_heads() -> None:
    """A label word lost outside a bracket head is still lost."""
    tree = etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI}"><text><pb n="2"/></text></TEI>'))
    text = "[Stamp at the end of the first page: Incoming] the end [page 2] 2 [note] page"
    assert bracket_label_allowance(text, tree) == Counter(
        {"at": 1, "the": 2, "end": 1, "of": 1, "first": 1, "page": 2, "2": 1, "note": 1}
    )


# ---------------------------------------------------------------------------
# Clean and deterministic


def bracketed_text(tree: etree._ElementTree) -> list[str]:
    """Text nodes under <text> that still hold "[" or "]", with the element they belong to."""
    found = []
    for text_el in tree.iterfind("tei:text", NS):
        for el in text_el.iter():
            name = etree.QName(el).localname if isinstance(el.tag, str) else "comment"
            pieces = [(name, el.text if isinstance(el.tag, str) else None)]
            if el is not text_el:
                pieces.append((f"after {name}", el.tail))
            found += [
                f"<{where}> {s.strip()!r}" for where, s in pieces if s and ("[" in s or "]" in s)
            ]
    return found


def test_bracketed_text_finds_text_and_tails() -> None:
    tree = etree.ElementTree(
        etree.fromstring(
            f'<TEI xmlns="{TEI}"><teiHeader>[Stalin]</teiHeader><text><body>'
            "<p>reserve <supplied>aircraft</supplied>]</p><p>[Stamp:</p></body></text></TEI>"
        )
    )
    assert bracketed_text(tree) == ["<after supplied> ']'", "<p> '[Stamp:'"]


@pytest.mark.parametrize("name", NAMES)
def test_no_literal_brackets_in_text(name: str, corpus: Corpus) -> None:
    left = bracketed_text(corpus[name].result.tree)
    assert not left, f"{name}: literal brackets left in <text>:\n" + "\n".join(left)


@pytest.mark.parametrize("name", NAMES)
def test_deterministic(name: str, corpus: Corpus) -> None:
    case = corpus[name]
    again = convert_text(case.text, source=case.path.name)
    assert again.xml == case.result.xml
    assert again.diagnostics == case.result.diagnostics
