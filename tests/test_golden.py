"""Golden conversions: tests/data/convert/<case>.txt must become <case>.xml, byte for byte.

The inputs are invented texts written for testing (see tests/data/convert/README.md).
Golden files change only on request: `pytest --update-golden`, then read `git diff tests/data`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from teikit import convert_text

CASES_DIR = Path(__file__).parent / "data" / "convert"
CASES = sorted(CASES_DIR.glob("*.txt"))

# Diagnostic codes each case must report (and no others of the codes listed in WATCHED).
# A case missing from this table must report none of WATCHED.
EXPECTED_CODES: dict[str, set[str]] = {
    "bracket-stamp-unclosed": {"brackets.unclosed"},
    "bracket-closed-by-brace": {"brackets.mistyped-close"},
    "bracket-unopened": {"brackets.unopened"},
    "footnotes-web-backlinks": {"page.chrome"},
    "footnotes-uplinks": {"page.chrome"},
    "footnotes-web-volume-numbered": {"footnotes.renumbered"},
    "letter-trailing-ornaments": {"page.chrome"},
    "web-page-old-teaser": {"page.chrome"},
    "header-date-conflict": {"page.chrome", "header.date-conflict"},
    "letter-inside-address": {"header.no-title"},
    "cable-print-running-head": {"header.no-title"},
    "header-closer-dateline-date": {"page.chrome"},
    "unclosed-mid-paragraph": {"brackets.unclosed"},
    "unknown-label": {"brackets.unknown-label"},
    "dates-impossible": {"dates.impossible"},
    "forbidden-char": {"input.forbidden-char"},
    "web-page-copy": {"page.chrome"},
    "web-notes-cut-last-note": {"page.chrome"},  # the notes' back-links
    "web-page-unknown-metadata": {"page.chrome", "page.metadata-note"},
    "empty": {"header.no-title"},
    "lines-wrapped-in-capitals": {"header.no-title"},
    "attachment-draft-letter": {"header.no-title"},
    "footnote-markers-glued-to-numbers": {"footnotes.missing"},
    "footnote-markers-unheaded": {"footnotes.missing"},
    "footnote-markers-volume-unlisted": {"footnotes.missing"},
    "footnotes-unlisted-opener-title": {"footnotes.missing"},
    "footnotes-web-source-note-quoted-end": {"page.chrome"},
    "only-nbsp": {"header.no-title"},
    "bracket-stamp-closed-first-line": {"header.no-title"},
    "div-type-from-running-text": {"header.no-title"},
    "title-fallback-classification": {"header.no-title"},
    "title-fallback-first-line": {"header.no-title"},
    "name-false-positive-stamp": {"brackets.unclosed"},
    "web-page-honorific-ref": {"page.chrome"},
    "web-page-org-correspondents": {"page.chrome"},
    "web-page-citation-no-units": {"page.chrome"},
    "web-page-person-correspondents": {"page.chrome"},
    "web-page-telegram-closer": {"page.chrome"},
    "web-page-credit-line": {"page.chrome"},
    "german-memo": {"header.no-title"},
    "web-page-authors-label": {"page.chrome"},
    "web-page-empty-labels": {"page.chrome"},
    "footnote-markers-roman-unlisted": {"footnotes.missing"},
    "bracket-nothing-to-mark": {"header.no-title"},
    "web-page-summary-single-gap": {"page.chrome"},
    "signature-initial-not-list": {"header.no-title"},
    "web-page-one-line-paragraphs": {"page.chrome"},
    "bracket-label-only": {"header.no-title"},
    "web-page-associated-labels": {"page.chrome"},
    "web-page-citation-box": {"page.chrome"},
    "web-page-month-year-date": {"page.chrome"},
    "web-page-pdf-export": {"page.chrome"},
    "web-page-pdf-export-flat": {"page.chrome"},
    "footnote-marker-without-note": {"footnotes.missing"},
    "footnote-markers-after-names": {"footnotes.missing"},
    "title-frus-memcon-notes-cut": {"footnotes.missing"},
    "embedded-straight-quotes-unsigned-closer": {"header.no-title"},
    "dates-numeric-near-page-date": {"page.chrome"},
    "dates-year-less-new-year": {"page.chrome"},
    "web-page-cut-summary-below-notes": {"page.chrome"},
    "footnote-markers-heading-blank": {"footnotes.missing"},
    "closer-office-with-adjective": {"header.no-title"},
    "title-sender-office-kind-addressee": {"page.chrome"},
    "web-page-other-site-chrome": {"page.chrome"},
    "footnotes-web-list-cut": {"footnotes.missing"},
    "signature-register-number-pages": {"header.no-title"},
}

# The codes a golden case is checked for: those that say something about the input.
WATCHED = {
    "brackets.unclosed",
    "brackets.mistyped-close",
    "brackets.unopened",
    "brackets.unknown-label",
    "dates.impossible",
    "dates.century",
    "footnotes.missing",
    "footnotes.renumbered",
    "input.forbidden-char",
    "page.chrome",
    "page.metadata-note",
    "header.no-title",
    "header.date-conflict",
}


def read_case(path: Path) -> str:
    """The case's text, decoded as the CLI does (UTF-8, a leading BOM dropped, line ends kept)."""
    return path.read_bytes().decode("utf-8-sig")


def convert_case(path: Path) -> bytes:
    return convert_text(read_case(path), source=path.name).xml


def test_enough_cases() -> None:
    assert len(CASES) >= 40, f"only {len(CASES)} golden cases in {CASES_DIR}"


def test_expected_codes_name_real_cases() -> None:
    names = {path.stem for path in CASES}
    assert set(EXPECTED_CODES) <= names, sorted(set(EXPECTED_CODES) - names)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path, update_golden: bool) -> None:
    expected_path = path.with_suffix(".xml")
    actual = convert_case(path)
    if update_golden:
        expected_path.write_bytes(actual)
        return
    assert expected_path.is_file(), f"{expected_path.name} is missing; run pytest --update-golden"
    expected = expected_path.read_bytes()
    # Compare as text first, so pytest shows a readable diff.
    assert actual.decode("utf-8") == expected.decode("utf-8")
    assert actual == expected


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_deterministic(path: Path) -> None:
    assert convert_case(path) == convert_case(path)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_diagnostics(path: Path) -> None:
    result = convert_text(read_case(path), source=path.name)
    codes = {d.code for d in result.diagnostics}
    assert "lossless.missing" not in codes, [d.message for d in result.diagnostics]
    assert codes & WATCHED == EXPECTED_CODES.get(path.stem, set())
    assert all(d.file == path.name for d in result.diagnostics)


def test_golden_files_valid(jing) -> None:  # type: ignore[no-untyped-def]
    """Every expected .xml is valid TEI P5 (tei_all), checked in one jing run."""
    docs = {
        path.stem: path.with_suffix(".xml").read_bytes()
        for path in CASES
        if path.with_suffix(".xml").is_file()
    }
    assert docs, "no golden .xml files"
    jing.assert_valid(docs)
