"""Footnotes of web pages: numbers set against words, the notes as a numbered list last."""

from __future__ import annotations

from teikit import convert_text
from teikit.transcription.brackets import scan_brackets
from teikit.transcription.conventions import load_conventions
from teikit.transcription.webnotes import marked_word, unlisted_markers, web_footnotes

TEI = "{http://www.tei-c.org/ns/1.0}"


FILE_NUMBERS = load_conventions().parts.file_numbers


def _found(text: str):
    return web_footnotes(text, scan_brackets(text), FILE_NUMBERS)


def test_markers_are_numbers_set_against_words_in_order() -> None:
    text = "He saw Halvik34 in May; the Minister,1 agreed.\n\n  1. Leo Halvik.\n  2. See p. 4.\n"
    found = _found(text)
    assert found is not None
    assert [text[m.start : m.end] for m in found.markers] == ["34", "1"]
    assert found.notes_from == text.index("  1.")
    assert [marked_word(text, m) for m in found.markers] == ["Halvik34", "1"]


def test_a_marker_after_a_date_s_full_stop() -> None:
    text = "Your telegram of July 4.16 I thank you; Vyshinski,17 agreed.\n\n  1. See p. 8.\n"
    text += "  2. A. Ya. Vyshinsky.\n"
    found = _found(text)
    assert found is not None
    assert [text[m.start : m.end] for m in found.markers] == ["16", "17"]


def test_numbers_that_are_words_or_codes_are_no_markers() -> None:
    text = "On the 31st the B-52 flew; in the 1950s, No. 12 and Tu-104 too.\n\n  1. A note.\n"
    assert _found(text) is None  # no marker at all, one note: not a web page's notes


def test_a_marker_inside_a_bracket_is_the_bracket_s() -> None:
    text = "[Annex2 follows] The Minister3 agreed.\n\n  1. A note.\n"
    found = _found(text)
    assert found is not None
    assert [text[m.start : m.end] for m in found.markers] == ["3"]


def test_counts_that_differ_leave_the_list_a_list() -> None:
    text = "Halvik3 and Brenner4 met.\n\n  1. Leo Halvik.\n"
    assert _found(text) is None


def test_a_list_not_numbered_one_by_one_is_no_list_of_notes() -> None:
    # "  1. …" paragraphs of a Wilson page: each numbered 1, with no markers in the text
    text = "The Minister2 spoke.\n\n  1. First point.\n\n  1. Second point.\n"
    assert _found(text) is None


def test_an_unindented_numbered_list_is_the_document_s_own() -> None:
    text = "The Minister2 listed his points:\n\n1. Trade.\n"
    assert _found(text) is None


def test_converted_notes_stand_where_their_numbers_stood_and_nothing_is_lost() -> None:
    text = (
        "The Minister in Norland (Averill) to the Secretary of State\n\n"
        "Halvik told me the talks planned for April,12 are put off.\n"
        "Averill\n  1. See telegram 198.\n"
    )
    result = convert_text(text, source="web.txt")
    assert not [d for d in result.diagnostics if d.code == "lossless.missing"]
    notes = result.tree.findall(f".//{TEI}note[@type='footnote']")
    # the marker gives the printed number, the page's list counts from 1
    assert [(n.get("n"), "".join(n.itertext())) for n in notes] == [("12", "See telegram 198.")]
    assert notes[0].getparent().text.endswith("April,")
    assert "1." not in "".join(result.tree.find(f".//{TEI}closer").itertext())
    assert [d.code for d in result.diagnostics if d.code.startswith("footnotes")] == [
        "footnotes.renumbered"
    ]


def test_notes_keep_the_numbers_their_markers_print() -> None:
    """A volume numbers its notes right through ("Ribbentrop28", "Tass29") while the web
    page lists them from 1: each note keeps its printed number, and the page's list
    numbers are reported, not lost."""
    text = (
        "The press reports the visit of Ribbentrop28 in a Tass29 despatch.\n\n"
        "  1. Joachim von Ribbentrop, German Foreign Minister.\n"
        "  2. Telegraph Agency of the Soviet Union.\n"
    )
    result = convert_text(text, source="web.txt")
    notes = result.tree.findall(f".//{TEI}note[@type='footnote']")
    assert [(n.get("n"), n.get("{http://www.w3.org/XML/1998/namespace}id")) for n in notes] == [
        ("28", "fn-28"),
        ("29", "fn-29"),
    ]
    [renumbered] = [d for d in result.diagnostics if d.code == "footnotes.renumbered"]
    assert "1 as 28, 2 as 29" in renumbered.message
    assert (renumbered.line, renumbered.severity) == (3, "info")
    assert not [d for d in result.diagnostics if d.code == "lossless.missing"]


def test_markers_out_of_order_keep_the_lists_numbers() -> None:
    """Markers that do not run on one by one ("12", "7", "3") are no printed numbering."""
    text = (
        "The talks of April,12 are put off. Judge Brenner7 met. Send an expert.3\n\n"
        "  1. See telegram 198.\n  2. Karl Brenner.\n  3. See footnote 5.\n"
    )
    notes = convert_text(text, source="web.txt").tree.findall(f".//{TEI}note[@type='footnote']")
    assert [n.get("n") for n in notes] == ["1", "2", "3"]


def test_notes_that_end_with_back_links_take_their_markers_numbers() -> None:
    text = (
        "The Minister agreed in this matter.73 He left; “the texts are binding.”74\n"
        "- He confirmed on August 7.↩\n- Not printed.↩\n"
    )
    result = convert_text(text, source="web.txt")
    notes = result.tree.findall(f".//{TEI}note[@type='footnote']")
    assert [(n.get("n"), "".join(n.itertext())) for n in notes] == [
        ("73", "He confirmed on August 7."),
        ("74", "Not printed."),
    ]
    assert "↩" not in "".join(result.tree.getroot().itertext())
    # a sentence, its note's number after it, is no title
    assert sorted(d.code for d in result.diagnostics) == ["header.no-title", "page.chrome"]


MONTHS = frozenset({"february", "october"})


def _unlisted(text: str, heading: str) -> list[str]:
    at = text.index(heading)
    markers = unlisted_markers(text, scan_brackets(text), (at, at + len(heading)), MONTHS)
    return [text[m.start : m.end] for m in markers]


def test_a_heading_year_with_its_note_number_set_against_it() -> None:
    heading = "Telegram From the Embassy, March 3–4, 19611"
    text = f"{heading}\n\n415. Deptel 261, February 282 came; Varga3 spoke.\n"
    assert _unlisted(text, heading) == ["1", "2", "3"]
    # "Deptel 261" is no day after a month, and "May 21" no day with a note: only numbers
    # that cannot be a year or a day are read so
    text = f"{heading}\n\n415. Deptel 261 and May 21 came; Varga2 spoke.\n"
    assert _unlisted(text, heading) == ["1", "2"]


def test_markers_from_one_without_a_marked_heading() -> None:
    heading = "The Ambassador in Norland (Halvik) to the Secretary of State"
    text = f"{heading}\n\n365. Deptel 261, October 211 came; with Varga2 and his statement3.\n"
    assert _unlisted(text, heading) == ["1", "2", "3"]
    # two from 1 are markers too ("the Japanese,1 … relations.2"); two from a later number
    # are too few to tell; three one by one from a later number are a volume's
    # numbering right through its documents, and one lost between them is none
    assert _unlisted(f"{heading}\n\nWith the Harbour,1 and its relations.2\n", heading) == [
        "1",
        "2",
    ]
    assert _unlisted(f"{heading}\n\nWith the Harbour,1 and its relations.3\n", heading) == []
    # numbers after a number sign are those numbers
    at = f"{heading}\n\nAs your ciphergrams No.1 and No.2 said.\n"
    markers = unlisted_markers(at, scan_brackets(at), (0, len(heading)), MONTHS, ("No.",))
    assert markers == ()
    assert _unlisted(f"{heading}\n\nWith Varga2 and his statement3.\n", heading) == []
    assert _unlisted(f"{heading}\n\nVarga26 met Orlov27 and Kimura28.\n", heading) == [
        "26",
        "27",
        "28",
    ]
    assert _unlisted(f"{heading}\n\nVarga26 met Orlov27 and Kimura29.\n", heading) == []


def test_a_file_numbers_decimal_is_no_marker_and_a_blank_sets_off_the_source_note() -> None:
    text = (
        "768.5 MSP/7–1552: Telegram\n"
        "The Secretary of State to Certain Diplomatic Offices 1\n"
        "64. Emb tel 1, July 14.2 The minister agreed.\n"
        "- Sent to Vessen.↩\n"
        "- Not printed.↩\n"
    )
    found = _found(text)
    assert found is not None
    assert [text[m.start : m.end] for m in found.markers] == ["1", "2"]
    assert found.markers[0].start == text.index("Offices 1") + len("Offices ")


def test_a_source_notes_number_alone_on_its_line_is_its_marker() -> None:
    """ "795B.00/3-1762: Telegram" / "1" / "The Secretary of State to the Embassy in
    Ruritania2": the source note's number stands alone below the file number; with it
    the markers count as the notes listed at the end, which become notes."""
    text = (
        "795B.00/3-1762: Telegram\n\n1\n\nThe Secretary of State to the Embassy in Ruritania2"
        "\n\nsecret\n\n41. Your 558.3 You are authorized to sign.\n\nRusk\n"
        "  1. The following file number was also printed: 611.00/3-1762.\n"
        "  2. Drafted by Jones.\n  3. Supra.\n"
    )
    xml = convert_text(text).xml.decode()
    assert '<note type="footnote" place="foot" n="1" xml:id="fn-1">The following file' in xml
    assert 'Ruritania</orgName><note type="footnote" place="foot" n="2"' in xml
    assert '<list type="ordered">' not in xml
    assert "<signed><persName>Rusk</persName></signed>" in xml


def test_a_count_alone_on_a_line_in_the_text_is_no_source_notes_marker() -> None:
    """ "Against" / "1" in a vote below the heading: only a number right below the first
    line is the source note's; the markers set against words still count as before."""
    text = (
        "795B.00/3-1762: Telegram\n\nThe Secretary of State to the Embassy in Ruritania\n\n"
        "The votes were:\n\nFor\n\n7\n\nAgainst\n\n1\n\n"
        "The resolution failed on the veto.1 Your 402.2 You are authorized to sign.\n\nAcheson\n"
        "  1. The veto was cast by the delegate.\n  2. Not printed.\n"
    )
    xml = convert_text(text).xml.decode()
    assert 'veto.<note type="footnote" place="foot" n="1"' in xml
    assert "<signed><persName>Acheson</persName></signed>" in xml
