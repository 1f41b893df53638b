"""Lines that cite another document by its number ("Yours 2214", "Ref. No. 77").

The documents are invented, in the shape of translated archival transcriptions.
"""

from __future__ import annotations

import re

from teitext import converted_body as body

from teikit import convert_text


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


def test_an_address_in_capitals_over_several_blocks_is_one_salute() -> None:
    xml = convert_text(
        "TOP SECRET\n\n"
        "TO THE MEMBERS OF THE HARBOUR BOARD\n\n"
        "THE COMMITTEES OF THE PORT TOWNS,\n\n"
        "THE CITY COUNCIL OF INVENTED BAY, AND\n\n"
        "THE FISHERIES DIRECTORATE\n\n"
        "The board considers it necessary to inform the committees about the new quays.\n",
        source="case.txt",
    ).xml.decode()
    text = re.sub(r"\s*\n\s*", " ", xml)
    salute = re.search(r"<salute>(.*?)</salute>", text)
    assert salute is not None
    assert salute.group(1).count("<lb/>") == 3
    assert "THE FISHERIES DIRECTORATE" in salute.group(1)
    assert "<p>THE" not in text
    # the first line names whom the letter goes to
    assert re.search(r'<correspAction type="received"> <orgName>[^<]*HARBOUR BOARD', text)


def test_a_sentence_in_capitals_below_a_salute_is_the_text() -> None:
    xml = body("TO THE HARBOUR BOARD\n\nTHE QUAYS ARE CLOSED.\n\nThe board will meet.\n")
    assert "<salute>TO THE HARBOUR BOARD</salute>" in xml
