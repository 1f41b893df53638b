"""teikit pretty: whitespace-only formatting, proven on the real corpus and hand-made cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from teikit.formatting import (
    _ELEMENT_ONLY_TAGS,
    ELEMENT_ONLY,
    TEI_NS,
    PrettyOptions,
    format_tei,
    pretty,
)
from teikit.io import safe_xml_parser

CORPUS = Path(__file__).parents[1] / "../shared/corpus/tei"
TEI_ALL = Path(__file__).parents[1] / "../shared/schemas/tei_all.rng"
_XML_WS = " \t\r\n"


# --- what "changes no text" means, written independently of the formatter ---------------


def _parse(data: bytes) -> etree._ElementTree:
    return etree.fromstring(data, safe_xml_parser(keep_cdata=True)).getroottree()


def _strip_layout(tree: etree._ElementTree) -> etree._ElementTree:
    """Drop whitespace-only text directly inside schema element-only elements (C-level iter)."""
    for element in tree.getroot().iter(*_ELEMENT_ONLY_TAGS):
        if element.text is not None and not element.text.strip(_XML_WS):
            element.text = None
        for child in element:
            if child.tail is not None and not child.tail.strip(_XML_WS):
                child.tail = None
    return tree


def _declaration(data: bytes) -> bytes:
    return data[: data.index(b"?>") + 2] if data.startswith(b"<?xml ") else b""


def assert_same_text(original: bytes, formatted: bytes) -> None:
    """The checks of issue 5: text sequence, canonical XML, prolog and declaration kept."""
    before, after = _parse(original), _parse(formatted)
    assert _declaration(formatted) == _declaration(original)
    assert after.docinfo.doctype == before.docinfo.doctype
    # Comments and PIs outside the root, in order.
    siblings = [
        etree.tostring(n) for n in before.getroot().itersiblings(preceding=True)
    ] + [etree.tostring(n) for n in before.getroot().itersiblings()]
    assert siblings == [
        etree.tostring(n) for n in after.getroot().itersiblings(preceding=True)
    ] + [etree.tostring(n) for n in after.getroot().itersiblings()]
    before, after = _strip_layout(before), _strip_layout(after)
    # Every remaining text node (all of mixed content's, whitespace included), in sequence.
    assert "\x00".join(after.getroot().itertext()) == "\x00".join(before.getroot().itertext())
    assert etree.tostring(after, method="c14n") == etree.tostring(before, method="c14n")


# --- the corpus -----------------------------------------------------------------------


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is missing: the shared corpus sits beside the repository")
    return sorted(CORPUS.rglob("*.xml"))


@pytest.fixture(scope="module")
def corpus_formatted() -> dict[Path, tuple[bytes, bytes]]:
    """Each corpus file → (original bytes, formatted bytes), formatted once per test run."""
    result = {}
    for path in _corpus_files():
        data = path.read_bytes()
        prettied = format_tei(data, source=str(path))
        assert prettied.ok, prettied.diagnostics
        result[path] = (data, prettied.xml)
    return result


def test_corpus_text_unchanged(corpus_formatted):
    assert len(corpus_formatted) == 572
    for path, (original, formatted) in corpus_formatted.items():
        try:
            assert_same_text(original, formatted)
        except AssertionError as err:
            raise AssertionError(f"{path}: {err}") from None


def test_corpus_idempotent(corpus_formatted):
    unstable = [
        path
        for path, (_, formatted) in corpus_formatted.items()
        if format_tei(formatted).xml != formatted
    ]
    assert unstable == []


def test_corpus_jing_verdict_unchanged(corpus_formatted, jing, tmp_path):
    """One jing batch over originals and formatted copies: same messages, positions aside."""
    copies = {}
    for path, (_, formatted) in corpus_formatted.items():
        copy = tmp_path / path.relative_to(CORPUS)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(formatted)
        copies[path] = copy
    results = jing.validate([*copies, *copies.values()])
    position = re.compile(r"^\d+:\d+: ")
    changed = []
    for path, copy in copies.items():
        before = sorted(position.sub("", m) for m in results[path])
        after = sorted(position.sub("", m) for m in results[copy])
        if before != after:
            changed.append(f"{path}: {before[:2]} → {after[:2]}")
    assert changed == []
    assert sum(not results[p] for p in copies) == 469  # SOURCES.md: 469 valid


# --- the element-only table is the schema's ------------------------------------------

_RNG = "{http://relaxng.org/ns/structure/1.0}"


def _element_only_from_schema(schema: Path) -> set[str]:
    """TEI elements whose content pattern cannot produce text outside a child element."""
    grammar = etree.parse(str(schema)).getroot()
    defines: dict[str, list[etree._Element]] = {}
    for define in grammar.iter(_RNG + "define"):
        defines.setdefault(define.get("name"), []).append(define)
    memo: dict[str, bool] = {}

    def allows_text(pattern: etree._Element, seen: frozenset[str]) -> bool:
        for child in pattern:
            if not isinstance(child.tag, str) or not child.tag.startswith(_RNG):
                continue
            kind = child.tag[len(_RNG) :]
            if kind in ("attribute", "element"):
                continue
            if kind in ("text", "data", "value", "anyName", "nsName"):
                return True
            if kind == "ref":
                name = child.get("name")
                if name not in seen and name not in memo:
                    memo[name] = any(allows_text(d, seen | {name}) for d in defines.get(name, []))
                if memo.get(name):
                    return True
            elif allows_text(child, seen):
                return True
        return False

    return {
        element.get("name")
        for element in grammar.iter(_RNG + "element")
        if element.get("name") and element.get("ns") in (None, TEI_NS)
        if not allows_text(element, frozenset())
    }


def test_element_only_table_matches_schema():
    if not TEI_ALL.is_file():
        pytest.skip(f"{TEI_ALL} is missing")
    derived = _element_only_from_schema(TEI_ALL)
    assert sorted(derived - ELEMENT_ONLY) == [] and sorted(ELEMENT_ONLY - derived) == []
    assert {"teiHeader", "body", "div", "listPerson", "list"} <= ELEMENT_ONLY
    assert not {"p", "s", "hi", "persName", "item", "note", "w"} & ELEMENT_ONLY


# --- small cases --------------------------------------------------------------------------


def test_mixed_content_untouched():
    doc = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>He met '
        b"<persName>Peng</persName> in <placeName>Lanzhou</placeName>.</p></body></text></TEI>"
    )
    out = pretty(doc)
    assert b"<p>He met <persName>Peng</persName> in <placeName>Lanzhou</placeName>.</p>" in out
    assert out == (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text>\n    <body>\n      <p>He met '
        b"<persName>Peng</persName> in <placeName>Lanzhou</placeName>.</p>\n    </body>\n"
        b"  </text>\n</TEI>"
    )
    assert_same_text(doc, out)


def test_not_well_formed_is_a_diagnostic_with_position():
    result = format_tei(b"<a>\n  <b></c>\n</a>", source="x.xml")
    assert not result.ok
    (d,) = result.diagnostics
    assert (d.code, d.file, d.line) == ("xml.syntax", "x.xml", 2)
    assert d.col is not None


def test_options_indent_tabs_and_width():
    doc = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        b'<titleStmt><title>T</title></titleStmt></fileDesc></teiHeader></TEI>'
    )
    assert b"\n\t\t\t<titleStmt>" in pretty(doc, options=PrettyOptions(tabs=True))
    assert b"\n            <titleStmt>" in pretty(doc, options=PrettyOptions(indent=4))
    wide = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        b'<titleStmt><title>T</title><respStmt xml:id="r1" n="1" rend="x"><resp>by</resp>'
        b"<name>N</name></respStmt></titleStmt></fileDesc></teiHeader></TEI>"
    )
    wrapped = pretty(wide, options=PrettyOptions(width=20))
    assert b'<respStmt\n          xml:id="r1"\n          n="1"\n          rend="x">' in wrapped
    assert pretty(wrapped, options=PrettyOptions(width=20)) == wrapped
    assert b'<respStmt xml:id="r1" n="1" rend="x">' in pretty(wide, options=PrettyOptions(width=0))
