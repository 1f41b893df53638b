"""convert checks its own output against the bundled schema before returning it."""

from __future__ import annotations

from lxml import etree

import teikit.transcription.pipeline as pipeline
from teikit import convert_text

TEI = "http://www.tei-c.org/ns/1.0"


def test_a_real_conversion_is_checked_and_clean() -> None:
    result = convert_text("CABLE Nº 5\n\nWe met on 12 October 1949.\n\nKOVALEV\n")
    assert not [d for d in result.diagnostics if d.code == "convert.invalid-output"]


def test_invalid_output_is_reported_as_an_error(monkeypatch) -> None:
    def broken(text, *, conventions):
        root = etree.Element(f"{{{TEI}}}TEI")
        etree.SubElement(root, f"{{{TEI}}}p").text = text  # <p> cannot stand under <TEI>
        return etree.ElementTree(root), []

    monkeypatch.setattr(pipeline, "run_pipeline", broken)
    result = convert_text("anything")
    codes = [d.code for d in result.diagnostics]
    assert "convert.invalid-output" in codes
    assert not result.ok


def test_the_check_can_be_left_out(monkeypatch) -> None:
    def broken(text, *, conventions):
        return etree.ElementTree(etree.Element(f"{{{TEI}}}TEI")), []

    monkeypatch.setattr(pipeline, "run_pipeline", broken)
    assert convert_text("anything", check=False).ok
