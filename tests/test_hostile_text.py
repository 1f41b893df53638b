"""Hostile plain text: the converter never crashes, and its output is well-formed and lossless.

Sizes are kept small enough for the suite (the largest input is 1 MB of one letter); the
large inputs (10–50 MB, a million lines) and their time and memory are in
bench/hostile_text.py.
No test here is timed: where an input once took quadratic time, the test asserts the
structural property whose loss made it quadratic (cells that never overlap, a bracket's
label read from a bounded prefix, one diagnostic per bracket at most).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

import teikit
import teikit.tei.inline as inline
import teikit.transcription.editorial as editorial
from teikit import convert_text
from teikit.errors import InputError
from teikit.io import decode_transcription
from teikit.lossless import content_words
from teikit.transcription.brackets import MAX_DEPTH
from teikit.transcription.conventions import load_conventions
from teikit.transcription.document import Document, split_blocks
from teikit.transcription.layout import split_lines
from teikit.transcription.lexicon import Lexicon
from teikit.transcription.parts import Reader
from teikit.transcription.structure import MAX_EMBED_DEPTH, _block_units

TEI = "{http://www.tei-c.org/ns/1.0}"
PACKAGE_ROOT = str(Path(teikit.__file__).resolve().parents[1])


def _words(size: int) -> str:
    """`size` characters of words, dates, names and brackets on one line."""
    sentence = (
        "the Soviet delegation [illegible] met Cde. Mao in Beijing on 3 March 1958 [sic] "
        "Comm[unist] said that [Stamp: received] (p. 2) [?] Filippov [Stalin] agreed, "
        "and [two words illegible] the question (of the CC) was [crossed out] settled. "
    )
    return (sentence * (size // len(sentence) + 1))[:size]


def _convert(text: str, *, check: bool = True):
    """Convert; the output must parse and no error may be a lost word or invalid output."""
    result = convert_text(text, source="hostile.txt", check=check)
    root = etree.fromstring(result.xml)
    codes = Counter(d.code for d in result.diagnostics)
    assert "lossless.missing" not in codes, [
        d.message for d in result.diagnostics if d.code == "lossless.missing"
    ]
    assert "convert.invalid-output" not in codes, [
        d.message for d in result.diagnostics if d.code == "convert.invalid-output"
    ]
    return result, root, codes


def _body_text(root: etree._Element) -> str:
    body = root.find(f"{TEI}text")
    return "".join(body.itertext()) if body is not None else ""


def _depth(root: etree._Element) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


# --- brackets ---------------------------------------------------------------------------------


def test_100k_nested_brackets_keep_every_bracket_sign_beyond_the_nesting_limit() -> None:
    n = 100_000
    result, root, codes = _convert("[" * n + "x" + "]" * n)
    text = _body_text(root)
    # MAX_DEPTH brackets become elements; every other sign stays in the text as written
    assert text.count("[") == n - MAX_DEPTH
    assert text.count("]") == n - MAX_DEPTH
    assert "x" in text
    assert _depth(root) < MAX_DEPTH + 20  # no recursion as deep as the input


def test_100k_unclosed_brackets_give_a_bounded_number_of_warnings() -> None:
    n = 100_000
    result, root, codes = _convert("[" * n)
    assert 1 <= codes["brackets.unclosed"] <= MAX_DEPTH
    assert _body_text(root).count("[") == n - MAX_DEPTH
    assert _depth(root) < MAX_DEPTH + 20


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("(" * 100_000, id="unclosed-parens"),
        pytest.param(")" * 100_000, id="closing-parens"),
        pytest.param("]" * 100_000, id="closing-brackets"),
        pytest.param("[(" * 50_000, id="mixed-open"),
        pytest.param("[(" * 50_000 + ")]" * 50_000, id="mixed-nested"),
        pytest.param(")][(" * 10_000, id="mixed-wrong-order"),
        pytest.param("[\n" * 20_000, id="unclosed-one-per-line"),
        pytest.param("[\n\n" * 5_000, id="unclosed-one-per-paragraph"),
    ],
)
def test_bracket_storms_convert_and_keep_their_signs(text: str) -> None:
    result, root, codes = _convert(text)
    kept = _body_text(root)
    for sign in "()":
        assert kept.count(sign) == text.count(sign)
    # a bracket that became an element left its signs behind; the rest are text
    assert kept.count("]") <= text.count("]")
    assert _depth(root) < MAX_DEPTH + 20


def test_one_unclosed_bracket_per_paragraph_is_one_warning_each() -> None:
    n = 2_000
    result, root, codes = _convert("[Stamp: received\n\n" * n)
    assert codes["brackets.unclosed"] == n


def test_an_unclosed_bracket_over_a_long_paragraph_reads_its_label_from_a_prefix(
    monkeypatch,
) -> None:
    # The bracket runs to the end of a 300 KB paragraph; its label is decided by its first
    # words, so folding must not touch the whole paragraph once per rule.
    folded: list[int] = []
    real_fold = editorial.fold

    def counting_fold(text: str) -> str:
        folded.append(len(text))
        return real_fold(text)

    monkeypatch.setattr(editorial, "fold", counting_fold)
    text = "[Handwritten: " + _words(300_000)
    result, root, codes = _convert(text, check=False)
    assert codes["brackets.unclosed"] >= 1
    assert max(folded) < 10_000
    annotation = root.find(f".//{TEI}note[@type='annotation']")
    assert annotation is not None


# --- long lines, many lines -------------------------------------------------------------------


def test_a_half_megabyte_line_of_words_and_brackets_loses_no_word() -> None:
    text = _words(500_000)
    result, root, codes = _convert(text, check=False)
    gaps = text.count("[illegible]") + text.count("[two words illegible]")
    assert len(root.findall(f".//{TEI}gap")) == gaps > 1_000


def test_1mb_of_one_repeated_character() -> None:
    result, root, codes = _convert("a" * 1_000_000, check=False)
    assert _body_text(root).count("a") == 1_000_000


def test_very_long_words() -> None:
    text = " ".join(ch * 100_000 for ch in "abcdefghij")
    result, root, codes = _convert(text, check=False)
    assert content_words(_body_text(root)) >= content_words(text)


def test_5k_short_lines() -> None:
    text = "\n".join(f"line {i} [illegible] of Cde. Mao" for i in range(5_000)) + "\n"
    result, root, codes = _convert(text, check=False)
    assert len(root.findall(f".//{TEI}gap")) == 5_000


def test_a_paragraph_of_many_lines_is_appended_as_one_run_of_text(monkeypatch) -> None:
    # Appending line by line copied the paragraph's growing text once per line (quadratic:
    # a 1 MB line took 270 s); the run between two elements is now appended once.
    calls: list[int] = []
    real_append = inline.append_text

    def counting_append(parent: etree._Element, text: str) -> None:
        calls.append(len(text))
        real_append(parent, text)

    monkeypatch.setattr(inline, "append_text", counting_append)
    lines = 5_000
    text = "A paragraph begins here and goes on\n" + "and on over many lines\n" * lines
    result, root, codes = _convert(text, check=False)
    assert sum(calls) >= 20 * lines
    assert len(calls) < 100


def test_cells_of_a_line_in_columns_never_overlap() -> None:
    # Any blank the column splitter counts as a gutter also ends the cell: with a narrower
    # gutter here, each cell ran to the end of the line and every cell re-read the rest.
    line = "\u2007\u2007\u2007".join(f"cell{i}" for i in range(2_000))
    lines = split_lines(line)
    doc = Document.from_lines(lines)
    conv = load_conventions()
    reader = Reader(doc, Lexicon.from_conventions(conv), ())
    [block] = split_blocks(doc, ())
    units = _block_units(reader, block)
    assert len(units) == 2_000
    for before, after in zip(units, units[1:], strict=False):
        assert before.end <= after.start


@pytest.mark.parametrize("intro", ["Dear Comrades!\n\n", ""])
def test_quoted_documents_inside_quoted_documents_nest_to_a_bounded_depth(intro: str) -> None:
    # one unbalanced quote per paragraph once nested a document per paragraph, until Python's
    # recursion limit stopped the conversion
    n = 2_000
    text = (
        "CABLE Nº 6604\n\nI forward the text of the letter received from the union:\n\n"
        + f'"{intro}We ask you to send us two instructors for the courses, which begin soon.\n\n'
        * n
        + 'The end of it all, said the chairman and P. Lagutin."\n\n' * n
        + "GROMOV\n"
    )
    result, root, codes = _convert(text, check=False)
    assert 1 <= len(root.findall(f".//{TEI}floatingText")) <= MAX_EMBED_DEPTH
    assert _depth(root) < 10 * MAX_EMBED_DEPTH


def test_many_unbalanced_quotes_are_plain_paragraphs() -> None:
    text = "CABLE Nº 5\n\n" + '"Dear Comrades!\n\nWe ask you to come.\n\n' * 3_000 + "GROMOV\n"
    result, root, codes = _convert(text, check=False)
    assert root.find(f".//{TEI}floatingText") is None
    assert len(root.findall(f".//{TEI}p")) >= 3_000


def test_many_footnote_markers_each_point_at_a_note() -> None:
    markers, notes = 10_000, 200
    body = " ".join(f"word[{i % notes + 1}]" for i in range(markers))
    listed = "\n\n".join(f"[{i}] Note number {i}." for i in range(1, notes + 1))
    result, root, codes = _convert(body + "\n\n" + listed + "\n", check=False)
    written = root.findall(f".//{TEI}note[@type='footnote']")
    anchors = root.findall(f".//{TEI}ref[@type='noteAnchor']")
    assert len(written) == notes
    assert len(written) + len(anchors) == markers
    ids = {n.get("{http://www.w3.org/XML/1998/namespace}id") for n in written}
    assert {a.get("target")[1:] for a in anchors} <= ids


# --- blanks and tiny inputs -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("x", id="one-char"),
        pytest.param("[", id="one-bracket"),
        pytest.param("]", id="one-closing-bracket"),
        pytest.param("\n", id="one-newline"),
        pytest.param("\n" * 100_000, id="only-newlines"),
        pytest.param("\r\n" * 50_000, id="only-crlf"),
        pytest.param("\r" * 50_000, id="only-cr"),
        pytest.param("\u00a0" * 100_000, id="only-nbsp"),
        pytest.param("\u00a0 " * 50_000, id="nbsp-space-pairs"),
        pytest.param("\ufeff", id="only-bom"),
        pytest.param(
            "\u00a0\u2007\u202f\u2003\u3000\u2028\u2029\u200b\u0085\t " * 5_000,
            id="unicode-spaces",
        ),
        pytest.param("\u00a0\n\u2003\n\n\u3000\n" * 10_000, id="blank-looking-lines"),
    ],
)
def test_blank_and_tiny_inputs_give_valid_tei_and_no_errors(text: str) -> None:
    result, root, codes = _convert(text)
    assert result.ok, [d.message for d in result.diagnostics if d.severity.value == "error"]
    assert root.tag == f"{TEI}TEI"


# --- characters XML cannot hold ---------------------------------------------------------------

_FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + [
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udbff",
    "\udc80",
    "\udfff",
]


@pytest.mark.parametrize("char", _FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_a_character_xml_forbids_is_reported_where_it_stands_and_replaced(char: str) -> None:
    text = f"CABLE Nº 5\n\nWe met at{char}noon in Beijing.\n"
    result, root, codes = _convert(text)
    [found] = [d for d in result.diagnostics if d.code == "input.forbidden-char"]
    assert (found.line, found.col) == (3, 10)
    assert f"U+{ord(char):04X}" in found.message
    assert "at\ufffdnoon" in _body_text(root)
    assert char not in result.xml.decode("utf-8")


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\x85", "\x9f", "\ufffd", "\U0010ffff"])
def test_characters_xml_allows_are_kept_as_they_are(char: str) -> None:
    result, root, codes = _convert(f"We met at{char}noon.\n")
    assert "input.forbidden-char" not in codes
    assert f"at{char}noon" in _body_text(root)


def test_undecodable_bytes_kept_as_surrogates_are_reported_not_written() -> None:
    # what a caller gets from bytes.decode("utf-8", errors="surrogateescape")
    text = b"caf\xe9 and \xff\xfe bytes\n".decode("utf-8", "surrogateescape")
    result, root, codes = _convert(text)
    assert codes["input.forbidden-char"] == 3
    assert _body_text(root).count("\ufffd") == 3


def test_control_characters_are_counted_past_the_first_thousand() -> None:
    text = "ab\x00\x01 \x1f\ud800\x7f\x85" * 25_000
    result, root, codes = _convert(text, check=False)
    found = [d for d in result.diagnostics if d.code == "input.forbidden-char"]
    assert len(found) == 1001  # one each for the first 1000, then one that counts the rest
    assert found[-1].message.startswith(f"{4 * 25_000 - 1000} more character")
    xml = result.xml.decode("utf-8")
    assert xml.count("\ufffd") == 4 * 25_000
    assert "\x00" not in xml and "\x1f" not in xml


# --- decoding and the command line ------------------------------------------------------------


def test_utf8_with_a_cp1252_byte_names_line_and_column() -> None:
    data = "First line is fine.\nSecond \u201cquoted\u201d".encode() + b" and caf\xe9 here\n"
    with pytest.raises(InputError, match=r"x\.txt: .*0xE9 at 2:24"):
        decode_transcription(data, source="x.txt")


def _run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_ROOT, env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "teikit", "convert", *args],
        capture_output=True,
        env=env,
        timeout=300,
    )


def test_cli_mixed_encodings_exit_2_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"abc\ncaf\xe9 ok\n")
    proc = _run_cli(str(path))
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"2:4" in proc.stderr


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"[" * 100_000 + b"x" + b"]" * 100_000, id="nested-brackets"),
        pytest.param(b"[(" * 50_000, id="unclosed-mixed"),
        pytest.param(b"a\x01b\x0bc\x7fd\xc2\x85e\n" * 2_000, id="control-characters"),
        pytest.param(b"x", id="one-char"),
    ],
)
def test_cli_converts_hostile_files_without_a_traceback(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(data)
    proc = _run_cli(str(path))
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()[-2000:]
    assert proc.returncode in (0, 1), proc.stderr.decode()[-2000:]
    root = etree.fromstring(proc.stdout)
    assert root.tag == f"{TEI}TEI"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\n" * 10_000, id="only-newlines"),
        pytest.param("\u00a0\u2003\u3000".encode() * 20_000, id="unicode-spaces"),
    ],
)
def test_cli_on_a_file_with_no_text_fails_cleanly_or_converts(tmp_path: Path, data: bytes) -> None:
    # The command may refuse a file with nothing to convert (exit 2, one line); it may not crash.
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    proc = _run_cli(str(path))
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()[-2000:]
    if proc.returncode == 2:
        assert len(proc.stderr.decode().strip().splitlines()) == 1
    else:
        assert proc.returncode in (0, 1)
        assert etree.fromstring(proc.stdout).tag == f"{TEI}TEI"
