"""Lines that cite another document by its number ("Yours 2214", "Ref. No. 77").

The documents are invented, in the shape of translated archival transcriptions.
"""

from __future__ import annotations

import re

from teikit import convert_text


def body(text: str) -> str:
    """The converted body of a bare transcription, on one line."""
    xml = convert_text(text, source="case.txt").xml.decode()
    return re.sub(r"\s*\n\s*", " ", xml[xml.index("<body>") : xml.index("</body>")])


def test_the_telegram_answered_is_no_section_heading() -> None:
    xml = body(
        "Skip to content\n\nJune 3, 1971\n\n"
        "Cryptogram No 4410 from the Ruritanian Embassy in Prague\n\n"
        "Cryptogram No 4410\n\n"
        "Com. Halvik\n\n"
        "From the talks between Orlenko and Brenner in the ministry:\n\n"
        "Yours 2214\n\n"
        "The agreement was signed on Monday. The Czechoslovak side did not object to the wording"
        " of article 3.\n\n"
        "It will be ratified in the autumn.\n"
    )
    assert 'type="section"' not in xml and "<head>" not in xml
    assert "<p>Yours 2214</p> <p>The agreement was signed" in xml


def test_a_reference_line_in_the_opener_is_an_idno() -> None:
    xml = body("TOP SECRET\nRef. No. 77/b\n\nThe treaty was signed on Monday without changes.\n")
    assert '<idno type="reference">Ref. No. 77/b</idno>' in xml


def test_a_title_in_capitals_with_a_reference_word_but_no_number_is_a_heading() -> None:
    xml = body(
        "INCOMING TELEGRAM\nDepartment of State\nCONFIDENTIAL\n\n"
        "The treaty was signed on Monday without changes.\n"
    )
    assert 'type="reference"' not in xml
