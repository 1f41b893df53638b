"""teikit pretty: whitespace-only formatting, proven on the real corpus and hand-made cases."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from teikit import cli
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
    siblings = [etree.tostring(n) for n in before.getroot().itersiblings(preceding=True)] + [
        etree.tostring(n) for n in before.getroot().itersiblings()
    ]
    assert siblings == [etree.tostring(n) for n in after.getroot().itersiblings(preceding=True)] + [
        etree.tostring(n) for n in after.getroot().itersiblings()
    ]
    before, after = _strip_layout(before), _strip_layout(after)
    # Every remaining text node (all of mixed content's, whitespace included), in sequence.
    assert "\x00".join(after.getroot().itertext()) == "\x00".join(before.getroot().itertext())
    assert _canonical(after) == _canonical(before)


def _canonical(tree: etree._ElementTree) -> bytes:
    try:
        return etree.tostring(tree, method="c14n")
    except etree.C14NError:
        # C14N refuses unexpanded entity references (we never expand them); lxml's own
        # serialisation of the parsed tree is just as deterministic for this comparison.
        return etree.tostring(tree, encoding="utf-8")


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
    """One jing batch over originals and formatted copies: same messages, positions aside.

    A sample (every 16th file and the ELTeC novels) keeps the suite fast; bench/pretty.py
    compares all 572 files.
    """
    sample = {
        path: pair
        for i, (path, pair) in enumerate(corpus_formatted.items())
        if i % 16 == 0 or "eltec" in path.parts
    }
    copies = {}
    for path, (_, formatted) in sample.items():
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
    assert 0 < sum(not results[p] for p in copies) < len(copies)  # valid and invalid ones


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


def test_unknown_declared_encoding_is_a_diagnostic():
    result = format_tei(b'<?xml version="1.0" encoding="x-no-such"?><a/>', source="x.xml")
    assert [d.code for d in result.diagnostics] in (["input.unreadable"], ["xml.syntax"])


def test_not_well_formed_is_a_diagnostic_with_position():
    result = format_tei(b"<a>\n  <b></c>\n</a>", source="x.xml")
    assert not result.ok
    (d,) = result.diagnostics
    assert (d.code, d.file, d.line) == ("xml.syntax", "x.xml", 2)
    assert d.col is not None


def test_options_indent_tabs_and_width():
    doc = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        b"<titleStmt><title>T</title></titleStmt></fileDesc></teiHeader></TEI>"
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


# --- hand-made cases: <case>.xml and the expected <case>.expected.xml ------------------

CASES = Path(__file__).parent / "data" / "pretty"
CASE_NAMES = sorted(
    p.name.removesuffix(".xml") for p in CASES.glob("*.xml") if ".expected" not in p.name
)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(name, update_golden):
    source = (CASES / f"{name}.xml").read_bytes()
    expected_path = CASES / f"{name}.expected.xml"
    formatted = pretty(source, options=PrettyOptions(width=80))
    if update_golden:
        expected_path.write_bytes(formatted)
    assert formatted == expected_path.read_bytes()
    assert pretty(formatted, options=PrettyOptions(width=80)) == formatted  # stable
    assert_same_text(source, formatted)


# --- the command ------------------------------------------------------------------------

runner = CliRunner()
UGLY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
    b"<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
    b"</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body>"
    b"<p>He met <persName>Peng</persName>.</p></body></text></TEI>\n"
)
TIDY = pretty(UGLY)


def _invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(cli.app, ["pretty", *args], input=stdin)


def test_cli_one_file_to_stdout(tmp_path):
    path = tmp_path / "a.xml"
    path.write_bytes(UGLY)
    result = _invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == TIDY
    assert path.read_bytes() == UGLY


def test_cli_stdin_to_stdout():
    result = _invoke("-", stdin=UGLY)
    assert result.exit_code == 0
    assert result.stdout_bytes == TIDY


def test_cli_check_lists_files_that_would_change(tmp_path):
    (tmp_path / "ugly.xml").write_bytes(UGLY)
    (tmp_path / "tidy.xml").write_bytes(TIDY)
    result = _invoke("--check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'ugly.xml'}: error: would be reformatted [pretty.unformatted]\n"
        "2 files: 1 would be reformatted, 1 unchanged, 0 could not be formatted\n"
    )
    assert (tmp_path / "ugly.xml").read_bytes() == UGLY
    assert _invoke("--check", str(tmp_path / "tidy.xml")).exit_code == 0


def test_cli_check_json(tmp_path):
    (tmp_path / "ugly.xml").write_bytes(UGLY)
    result = _invoke("--check", "--format", "json", str(tmp_path))
    assert result.exit_code == 1
    (found,) = json.loads(result.stderr)
    assert found["code"] == "pretty.unformatted" and found["file"] == str(tmp_path / "ugly.xml")


def test_cli_diff(tmp_path):
    path = tmp_path / "a.xml"
    path.write_bytes(UGLY)
    result = _invoke("--diff", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- {path}\n+++ {path} (formatted)\n@@")
    assert "+  <teiHeader>\n" in result.stdout
    assert path.read_bytes() == UGLY
    assert _invoke("--diff", "--check", str(path)).exit_code == 1


def test_cli_in_place_keeps_permissions_and_leaves_tidy_files_alone(tmp_path):
    ugly, tidy = tmp_path / "ugly.xml", tmp_path / "tidy.xml"
    ugly.write_bytes(UGLY)
    tidy.write_bytes(TIDY)
    ugly.chmod(0o640)
    before = tidy.stat()
    result = _invoke("--in-place", str(ugly), str(tidy))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "2 files: 1 reformatted, 1 unchanged, 0 could not be formatted\n"
    ugly.write_bytes(UGLY)
    assert _invoke("--in-place", "--quiet", str(ugly), str(tidy)).stderr == ""
    assert ugly.read_bytes() == TIDY
    assert stat.S_IMODE(ugly.stat().st_mode) == 0o640
    after = tidy.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tidy.xml", "ugly.xml"]


def test_cli_not_well_formed_is_reported_with_position_and_nothing_written(tmp_path):
    good, bad = tmp_path / "a.xml", tmp_path / "b.xml"
    good.write_bytes(UGLY)
    bad.write_bytes(b"<TEI>\n  <teiHeader></TEI>\n")
    result = _invoke("--in-place", str(bad), str(good))
    assert result.exit_code == 1  # one file could not be formatted, the other was
    assert result.stderr.startswith(f"{bad}:2:")
    assert "[xml.syntax]" in result.stderr
    assert bad.read_bytes() == b"<TEI>\n  <teiHeader></TEI>\n"
    assert good.read_bytes() == TIDY  # the rest of the batch still runs
    assert _invoke(str(bad)).exit_code == 2


def test_cli_refuses_unsafe_or_ambiguous_requests(tmp_path):
    (tmp_path / "a.xml").write_bytes(UGLY)
    (tmp_path / "b.xml").write_bytes(UGLY)
    assert _invoke(str(tmp_path / "a.xml"), str(tmp_path / "b.xml")).exit_code == 2
    assert _invoke(str(tmp_path)).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert _invoke("--check", str(tmp_path / "empty")).exit_code == 2
    assert _invoke("--in-place", "-", stdin=UGLY).exit_code == 2
    assert _invoke("--check", "--in-place", str(tmp_path)).exit_code == 2
    missing = _invoke(str(tmp_path / "missing.xml"))
    assert missing.exit_code == 2 and "[input.unreadable]" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_jobs_keep_input_order(tmp_path):
    names = []
    for i in range(12):
        path = tmp_path / f"{i:02}.xml"
        path.write_bytes(UGLY if i % 2 else TIDY)
        names.append(path)
    (tmp_path / "05.xml").write_bytes(b"<oops>")
    result = _invoke("--check", "--jobs", "3", "--format", "jsonl", str(tmp_path))
    assert result.exit_code == 1
    files = [json.loads(line)["file"] for line in result.stderr.splitlines()]
    assert files == [str(p) for i, p in enumerate(names) if i % 2]


def test_cli_options_reach_the_formatter(tmp_path):
    path = tmp_path / "a.xml"
    path.write_bytes(UGLY)
    result = _invoke("--tabs", str(path))
    assert b"\n\t<teiHeader>" in result.stdout_bytes
    result = _invoke("--indent", "4", str(path))
    assert b"\n    <teiHeader>" in result.stdout_bytes


# --- properties on generated mixed content ------------------------------------------------

# Characters XML 1.0 allows, with whitespace and NBSP over-represented.
_xml_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\ufffe\uffff",
    max_codepoint=0x2FFFF,
).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
_text = st.text(st.one_of(st.sampled_from(" \t\n\u00a0  "), _xml_chars), max_size=12)
_layout = st.text(st.sampled_from(" \t\n"), max_size=4)
# Text as an author writes it: escaped characters and numeric character references.
_written = st.lists(
    st.one_of(
        _text.map(escape),
        _xml_chars.map(lambda c: f"&#{ord(c)};"),
        _xml_chars.map(lambda c: f"&#x{ord(c):x};"),
    ),
    max_size=3,
).map("".join)


@st.composite
def _inline(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(_written)]
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(st.sampled_from(["hi", "persName", "placeName", "w", "note"]))
        parts.append(f"<{tag}>{draw(_inline(depth + 1))}</{tag}>{draw(_written)}")
    return "".join(parts)


@st.composite
def mixed_documents(draw: st.DrawFn) -> bytes:
    """A TEI document of divs and lists whose paragraphs are random mixed content."""
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["p", "list", "comment", "ab"]))
        if kind == "list":
            items = "".join(
                f"{draw(_layout)}<item>{draw(_inline())}</item>"
                for _ in range(draw(st.integers(1, 3)))
            )
            blocks.append(f"<list>{items}{draw(_layout)}</list>")
        elif kind == "comment":
            blocks.append(f"<!--{draw(_text).replace('-', '_')}_-->")
        else:
            blocks.append(f"<{kind}>{draw(_inline())}</{kind}>")
    body = "".join(f"{draw(_layout)}{b}" for b in blocks)
    return (
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>{draw(_layout)}<body>'
        f"<div>{body}{draw(_layout)}</div></body></text></TEI>"
    ).encode()


def _paragraph_texts(data: bytes) -> list[str]:
    root = _parse(data).getroot()
    tags = [f"{{{TEI_NS}}}{t}" for t in ("p", "ab", "item")]
    return ["".join(e.itertext()) for e in root.iter(*tags)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_documents(), st.integers(0, 8), st.booleans(), st.sampled_from([0, 20, 100]))
def test_pretty_keeps_mixed_text(doc, indent, tabs, width):
    options = PrettyOptions(indent=indent, tabs=tabs, width=width)
    once = pretty(doc, options=options)
    assert _paragraph_texts(once) == _paragraph_texts(doc)
    assert_same_text(doc, once)
    assert pretty(once, options=options) == once
    assert sorted(_REFERENCE.findall(once)) == sorted(_REFERENCE.findall(doc))


_REFERENCE = re.compile(rb"&#x?[0-9a-fA-F]+;")


def test_pre_commit_hooks_run_the_command(tmp_path):
    """Each hook's entry is a working `teikit pretty` command line (pre-commit adds the files)."""
    hooks = (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text("utf-8")
    entries = re.findall(r"^\s*entry: teikit (pretty .*)$", hooks, re.MULTILINE)
    assert len(entries) == 2
    for entry in entries:
        path = tmp_path / "a.xml"
        path.write_bytes(UGLY)
        result = runner.invoke(cli.app, [*entry.split(), str(path)])
        assert result.exit_code == (1 if "--check" in entry else 0), result.stderr
        assert path.read_bytes() == (UGLY if "--check" in entry else TIDY)


def test_cli_in_place_through_a_symlink_rewrites_its_target(tmp_path):
    target = tmp_path / "real.xml"
    target.write_bytes(UGLY)
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    result = _invoke("--in-place", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert target.read_bytes() == TIDY


def test_cli_crlf_utf16_file_round_trips(tmp_path):
    source = (CASES / "utf16.xml").read_bytes()
    path = tmp_path / "u.xml"
    path.write_bytes(source)
    assert _invoke("--in-place", str(path)).exit_code == 0
    assert path.read_bytes() == (CASES / "utf16.expected.xml").read_bytes()
    assert path.read_bytes().startswith(b"\xff\xfe")
    assert _invoke("--check", str(path)).exit_code == 0
