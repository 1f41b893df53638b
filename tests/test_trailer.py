"""The end of a document below its signature: distribution lists, registry lines.

The documents are invented, in the shape of translated archival transcriptions.
"""

from __future__ import annotations

import re

import pytest
from teitext import converted_body as body

from teikit import convert_text


def test_names_under_a_distribution_line_are_its_list() -> None:
    """ "Distributed to" / "Cdes. Stalin" / "Molotov" below the signature: whom copies went
    to, each an item, as the numbered copy lines are."""
    xml = body(
        "RECORD OF CONVERSATION WITH THE AMBASSADOR\n\n"
        "Today I received the Ambassador. He handed me the note.\n\n"
        "A. VYSHINSKY\n\n"
        "Distributed to\nCdes. Stalin\nMolotov\nMalenkov\n"
    )
    assert (
        '<postscript> <list type="distribution"> <head>Distributed to</head>'
        ' <item>Cdes. <persName role="addressee">Stalin</persName></item>'
        ' <item><persName role="addressee">Molotov</persName></item>'
    ) in xml


def test_a_registry_number_is_no_signer() -> None:
    xml = body(
        "Today I received the Ambassador. He handed me the note.\n\n"
        "[Stamp:] Secretariat of V. M. Molotov\n\n"
        "Incoming Nº M-6843s\n"
    )
    assert "<signed>" not in xml
    assert "<persName>Incoming" not in xml


@pytest.mark.parametrize("last", ["Concerning", "Meanwhile", "However,"])
def test_a_sentences_first_word_cut_off_is_no_signer(last: str) -> None:
    xml = body(
        "NOTE ON THE CLUB MEETING\n\n"
        "In the spring there was a public trial in the city again.\n\n\n"
        f"{last} \n"
    )
    assert "<signed>" not in xml
    assert f"<p>{last}</p>" in xml


def test_an_offices_one_word_signs() -> None:
    xml = body("MEMORANDUM Nº 5\n\nThe draft is sent for your comments.\n\nSecretariat\n")
    assert "<signed><orgName>Secretariat</orgName></signed>" in xml


def test_the_readers_a_copy_went_round_to_are_no_signers() -> None:
    """ "Seen by" / two names at the very end, and "To be seen by" / one name above it, on
    a page that sets every line apart: lists of the readers, not signatures."""
    lines = [
        "CIPHER TELEGRAM",
        "I pointed out in my response to Comrade Bang that our party welcomes it.",
        "To be seen by", "Comrade Szabó F.", "Seen by", "Comrade Bényei", "Comrade Rátkai",
    ]  # fmt: skip
    xml = body("\n\n".join(lines) + "\n")
    assert "<signed>" not in xml
    assert (
        '<list type="distribution"> <head>To be seen by</head>'
        ' <item><persName role="addressee">Comrade Szabó F.</persName></item> </list>'
    ) in xml
    assert '<head>Seen by</head> <item><persName role="addressee">Comrade Bényei' in xml


def test_a_register_line_with_its_date_ends_the_trailer() -> None:
    """ "Nº 292 31 May 1960" under the copy lines: the register's number and date, which
    leave the signature above them the closer's."""
    xml = body(
        "Today I received the Ambassador. He handed me the note.\n\n"
        "NORLAND AMBASSADOR IN VESSEN\n[signature] (A. HALVIK)\n\n"
        "Two copies printed\n1st - to Cde. Orlov\n2nd - to file\n\nNº 292 31 May 1960\n"
    )
    assert "<closer> <signed>NORLAND AMBASSADOR IN VESSEN" in xml
    assert '<p>Nº 292 <date when="1960-05-31">31 May 1960</date></p> </postscript>' in xml


def test_readers_in_two_columns_over_the_decoding_line() -> None:
    """ "Received by:" / "Comrade Halvik Comrade Brenner" (two columns run together) /
    "Comrade Orlov" / "Decoded on 05.08.1962 at 1:45 by Varga": a list of the readers,
    each a person, and the cipher office's line."""
    xml = body(
        "Orlov came to visit me. He asked for our help with the harbour works.\n\n\n"
        "Received by:\n\nComrade Halvik Comrade Brenner\n\nComrade Orlov\n\n"
        "Decoded on 05.08.1962 at 1:45 by Varga, checked by Dolgin\n"
    )
    assert (
        '<item><persName role="addressee">Comrade Halvik</persName>'
        ' <persName role="addressee">Comrade Brenner</persName></item>'
    ) in xml
    assert "<p>Decoded on <date" in xml and "</p> </postscript>" in xml


@pytest.mark.parametrize(
    "trailer",
    [
        "NOTE OF DCA: -- This telegram was communicated to the Minister by the Chief of Division.",
        "510599\nfb",
    ],
)
def test_a_desks_note_or_register_and_typist_lines_under_the_signer(trailer: str) -> None:
    """ "NOTE OF DCA: -- …", or a register's number and the typist's initials in small
    letters ("510599" / "fb"), below the signer: the trailer, the signer above it."""
    xml = body(
        "TELEGRAM\n\nI request immediate transmittal to the Minister of State.\n\n"
        f"OLAF HALVIK\n\n{trailer}\n"
    )
    assert (
        "<closer> <signed><persName>OLAF HALVIK</persName></signed> </closer> <postscript>" in xml
    )
    assert "<persName>Chief</persName>" not in xml


def test_one_reader_under_a_head_with_its_colon_is_no_signer() -> None:
    xml = body(
        "Orlov came to visit me. He asked for our help with the harbour works.\n\n\n"
        "Received by:\n\nComrade Halvik\n"
    )
    assert "<signed>" not in xml
    assert '<head>Received by:</head> <item><persName role="addressee">Comrade Halvik' in xml


def test_a_distribution_list_a_stamp_and_registry_lines_under_the_text() -> None:
    """One-line paragraphs under a journal entry: "Distributed to" and its names, the
    registry's number, a stamp and its incoming number are the trailer, a postscript."""
    xml = body(
        "Today I received the Ambassador, to whom I handed the note of the Government.\n\n"
        "The conversation lasted five to seven minutes.\n\n"
        "21 May 1952 [signature]\n\nDistributed to\n\nCdes. Stalin\n\nMolotov\n\nMalenkov\n\n"
        "346-V\n\n[Stamp:] Secretariat of V. M. Molotov\n\n21 May 1952\n\nIncoming Nº M-6843s\n"
    )
    assert '<postscript> <list type="distribution"> <head>Distributed to</head>' in xml
    assert xml.count('<persName role="addressee">') == 3
    assert "<p>346-V</p>" in xml.split("<postscript>")[1]
    assert "<p>Incoming Nº M-6843s</p> </postscript>" in xml
    assert "<signed><persName>" not in xml  # signed, no name: the registry's lines sign nothing


def test_a_registry_number_under_the_distribution_lets_the_signer_be_found() -> None:
    xml = body(
        "RECORD OF CONVERSATION\n\nToday I received the Ambassador. He handed me the note.\n\n"
        "A. VYSHINSKY\n\nDistributed to Cdes. Stalin, Molotov, Malenkov, Beria\n\n346-V\n"
    )
    assert "<closer> <signed><persName>A. VYSHINSKY</persName></signed> </closer>" in xml
    assert "<postscript> <p>Distributed to Cdes." in xml


def test_a_signature_mark_with_no_name_closes_the_document() -> None:
    """ "21 May 1952 [signature]", or "[signature]" over the date: signed, no name typed."""
    text = "Today I received the Ambassador, to whom I handed the note of the Government.\n\n"
    xml = body(text + "21 May 1952 [signature]\n")
    signed = '<closer> <signed><date when="1952-05-21">21 May 1952</date> <gap reason="signature">'
    assert signed in xml
    xml = body(text + "[signature]\n\n21 May 1952\n")
    assert '<closer> <signed><gap reason="signature"><desc>signature</desc></gap></signed>' in xml
    assert '<dateline><date when="1952-05-21">' in xml


NOTES_THEN_FOOTER = (
    "Please send me the minutes of the commission (and the “Pair”)[1] by Friday.\n\n"
    "Send them even if they are unfinished.[2]\n\n"
    "[1] Pair—two members of the commission who drafted its agenda.\n\n"
    "[2] The minutes reached him on 12 December.\n\n"
    "< previous   next >\n"
    "Letters Index | Volume 9\n"
)


def test_notes_above_a_footer_are_still_the_notes() -> None:
    """A site's footer under the notes: each note goes to its marker, the footer stays
    text, and no marker is reported as having no note."""
    result = convert_text(NOTES_THEN_FOOTER, source="case.txt")
    xml = re.sub(r"\s*\n\s*", " ", result.xml.decode())
    assert '(and the “Pair”)<note type="footnote" place="foot" n="1" xml:id="fn-1">Pair—two' in xml
    assert 'unfinished.<note type="footnote" place="foot" n="2" xml:id="fn-2">The minutes' in xml
    assert "<p>&lt; previous next &gt; <lb/>Letters Index | Volume 9</p>" in xml
    assert "<supplied>" not in xml
    assert not [d for d in result.diagnostics if d.code == "footnotes.missing"]


def test_numbered_points_above_a_closing_paragraph_are_no_notes() -> None:
    """ "[1] …" paragraphs whose numbers stand nowhere above them are the document's own
    numbered points, even with a short paragraph below them."""
    xml = body(
        "The committee decided the following.\n\n"
        "[1] The harbour stays open.\n\n"
        "[2] The quays are repaired.\n\n"
        "Adopted unanimously.\n"
    )
    assert 'type="footnote"' not in xml
    assert "The harbour stays open." in xml and "Adopted unanimously." in xml


def test_a_marker_opening_a_wrapped_line_stays_in_its_paragraph() -> None:
    """ "… the contacts of Halvik" / "[1] (he was not named), and …": the marker opens
    the line but the sentence goes on after it; the paragraph stays whole."""
    xml = body(
        "Today the harbour gazette published an article about the contacts of Olaf Halvik\n"
        "[1] (he was not named), and about the use the board made of them.\n\n"
        "The article was written with the board's knowledge.\n\n"
        "[1] Olaf Halvik, a pilot of the harbour.\n"
    )
    assert (
        "<p>Today the harbour gazette published an article about the contacts of Olaf Halvik"
        ' <note type="footnote" place="foot" n="1" xml:id="fn-1">Olaf Halvik, a pilot'
        " of the harbour.</note> (he was not named), and about the use" in xml
    )


def test_a_note_under_a_line_without_a_stop_is_still_a_note() -> None:
    """ "A. HALVIK" / "[1] Olaf Halvik, a pilot.": a note's text opens in capitals."""
    xml = body(
        "The pilots reached the harbour [1] on Monday.\n"
        "A. HALVIK\n"
        "[1] Olaf Halvik, a pilot of the harbour.\n"
    )
    assert 'harbour <note type="footnote" place="foot" n="1" xml:id="fn-1">Olaf Halvik' in xml


JOURNAL = (
    "I visited the harbour master and passed him the board's letter.\n\n"
    "He asked whether the pilots could come in June. I said that I would ask.\n\n"
)


def test_the_signers_office_in_capitals_is_in_the_signature() -> None:
    """ "NORLAND CONSUL IN OSTRIA" over "[signature] (O. HALVIK)", in one block or two:
    the signer's title, with the signature, not a signer of its own or a paragraph."""
    expected = (
        "<closer> <signed>NORLAND CONSUL IN OSTRIA <lb/>"
        '<gap reason="signature"><desc>signature</desc></gap> (<persName>O. HALVIK</persName>)'
        "</signed> </closer>"
    )
    for gap in ("\n", "\n\n"):
        xml = body(JOURNAL + "NORLAND CONSUL IN OSTRIA" + gap + "[signature] (O. HALVIK)\n")
        assert expected in xml, gap


def test_copies_numbered_first_second_are_a_distribution_list() -> None:
    """ "1st - to Cde. …" under "Three copies printed", the last line cut off by the page
    ("4th -"): a list of whom copies went to, its last item kept as it stands."""
    xml = body(
        JOURNAL + "O. HALVIK\n\n"
        "Three copies printed\n"
        "1st - to Cde. A. A. Brenner\n"
        "2nd - to Cde. B. Varga\n"
        "3rd - to file\n"
        "4th - "
    )
    assert "<closer> <signed><persName>O. HALVIK</persName></signed> </closer>" in xml
    assert (
        '<list type="distribution"> <head>Three copies printed</head>'
        ' <item n="1">1st - to <persName role="addressee">Cde. A. A. Brenner</persName></item>'
    ) in xml
    assert '<item n="3">3rd - to file</item> <item n="4">4th -</item> </list>' in xml


def test_a_place_and_date_closing_a_report_with_a_hands_note_below() -> None:
    """ "Vessen, 1972 October 3." and below it "[Handwritten note]: …": the report's
    dateline and the note made on it close the report; a paragraph below stays text."""
    report = JOURNAL + "Vessen, 1972 October 3.\n\n"
    xml = body(report + "[Handwritten note]: Comrade Varga's copy has been sent.\n")
    assert (
        '<closer> <dateline><placeName>Vessen</placeName>, <date when="1972-10-03">1972 October'
        ' 3</date>.</dateline> <note type="annotation" hand="#hand-annotation">'
    ) in xml
    xml = body(report + "The pilots came back on Monday and the board met them.\n")
    assert "<closer>" not in xml


def test_a_trailer_line_ending_in_a_comma_goes_on_in_the_next() -> None:
    """ "Copies: Stalin (2), Malenkov, Beria," / "Bulganin, Mikoyan, File": one line of the
    trailer wrapped, one paragraph (it was split in two)."""
    xml = body(
        "CIPHERED TELEGRAM\n\nThe fleet stayed in port for the winter.\n\nSHTYKOV\n\n"
        "No. 1001\nCopies: Stalin (2), Malenkov, Beria,\nBulganin, Mikoyan, File of 8th\n"
    )
    assert re.search(r"<p>Copies: .*Beria</persName>, <lb/><persName>Bulganin", xml)


def test_the_writers_last_sentence_is_no_trailer() -> None:
    """ "We sent the plan to Comrade Mu overnight.": a trailer word after "we" is the
    writer's sentence, the text's last paragraph, no cipher office's line."""
    xml = body(
        "CABLE\n\nFirst, please draft the plan for the harbour works.\n\n"
        "We sent the plan to Comrade Mu overnight. A press release was issued.\n"
    )
    assert "<postscript>" not in xml
    assert "<p>We sent the plan" in xml


def test_a_trailer_line_ending_in_a_comma_takes_no_record_of_its_own() -> None:
    """ "Deciphered by … 9 October," over "Typed by …": each line is its own record."""
    xml = body(
        "CIPHERED TELEGRAM\n\nThe grain has been shipped.\n\nNº 31 LEBEDEV 9 October\n\n"
        "Deciphered by Savina at 1410 9 October,\nTyped by Kolesova at 1500 9 October\n"
    )
    assert re.search(r"9 October</date>,</p>\s*<p>Typed by", xml)
