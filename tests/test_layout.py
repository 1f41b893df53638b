"""layout: copies with no blank lines are read one paragraph a line, positions kept."""

from __future__ import annotations

import re

from teitext import converted_body as body

from teikit import convert_text
from teikit.transcription.layout import Line, split_columns, split_lines, spread_unbroken_copy

LONG = "The workshops were moved to the left bank and are now ready to receive " * 3


def numbered(*texts: str) -> tuple[Line, ...]:
    return tuple(Line(n, text) for n, text in enumerate(texts, start=1))


def test_unbroken_copy_gets_a_blank_line_after_each_line() -> None:
    lines = numbered("Title", "18 April 1951", LONG, LONG + ".", "Faithfully yours,", "A. Orlov")
    spread = spread_unbroken_copy(lines)
    assert [line.text for line in spread[::2]] == [line.text for line in lines]
    assert all(line.blank for line in spread[1::2])
    # the blank lines carry the number of the line above: positions stay the input's
    assert [line.number for line in spread] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]


def test_wrapped_or_blank_separated_text_is_left_as_it_is() -> None:
    wrapped = numbered(*["a hard-wrapped line of a paragraph, sixty characters or so"] * 8)
    assert spread_unbroken_copy(wrapped) == wrapped
    separated = numbered("Title", "", LONG, "", LONG, "", "x", "y", "z")
    assert spread_unbroken_copy(separated) == separated
    short = numbered("Title", LONG, "end")
    assert spread_unbroken_copy(short) == short


def test_a_long_line_cut_after_a_small_word_goes_on_in_the_next() -> None:
    """ "… the reactivation of the" / "Mixed Commission.": one paragraph; a short line that
    ends so ("Seen by") is a head over its own lines."""
    lines = numbered("Title", LONG + "of the", "Harbour Board.", LONG + ".", "Seen by", "A. Orlov")
    spread = spread_unbroken_copy(lines, None, frozenset({"of", "the", "by"}))
    texts = [line.text for line in spread]
    assert texts[2:5] == [LONG + "of the", "Harbour Board.", ""]
    assert texts[7:10] == ["Seen by", "", "A. Orlov"]
    xml = body("\n".join(line.text for line in lines))
    assert "ready to receive of the Harbour Board.</p>" in xml


def test_a_bracket_over_several_lines_keeps_its_lines_together() -> None:
    lines = numbered(
        "Title", LONG, "[handwritten: a second copy", "was sent on", "14 May]", "B", "C"
    )
    spread = spread_unbroken_copy(lines)
    texts = [line.text for line in spread]
    start = texts.index("[handwritten: a second copy")
    assert texts[start : start + 4] == ["[handwritten: a second copy", "was sent on", "14 May]", ""]


def test_an_unclosed_bracket_lets_go_after_a_few_lines() -> None:
    lines = numbered("Title", LONG, "[Stamp: never closed", *[f"line {n}" for n in range(20)])
    spread = spread_unbroken_copy(lines)
    assert sum(line.blank for line in spread) > 5


def test_an_unbroken_page_converts_paragraph_by_paragraph() -> None:
    text = "\n".join(
        [
            "Director Orlov to the Minister",
            "18 April, 1951",
            LONG + ".",
            LONG + " [illegible",
            "Faithfully Yours,",
            "A. Orlov",
        ]
    )
    result = convert_text(text, check=False)
    body = result.tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}body")
    assert len(body.findall(".//{http://www.tei-c.org/ns/1.0}p")) == 2
    assert body.find(".//{http://www.tei-c.org/ns/1.0}closer") is not None
    # the unclosed bracket is reported where it opens in the input, line 4
    unclosed = [d for d in result.diagnostics if d.code == "brackets.unclosed"]
    assert [(d.line, d.col) for d in unclosed] == [(4, len(LONG) + 2)]
    assert len(split_lines(text)) == 6


def test_indented_numbered_notes_under_a_signer_are_a_block_of_their_own() -> None:
    text = (
        "The note was delivered yesterday as instructed.\n\n"
        "Halvik\n"
        "  1. Telegram 14 is not printed.\n"
        "  2. The despatch is not printed.\n"
    )
    xml = convert_text(text).xml.decode()
    assert "<p>Halvik</p>" in xml or "<persName>Halvik</persName></signed>" in xml
    assert '<item n="1">Telegram 14 is not printed.</item>' in xml


def test_a_numbered_list_keeps_its_indented_items() -> None:
    text = "We agreed on these points:\n1. The harbour.\n  2. The customs.\n"
    xml = convert_text(text).xml.decode()
    assert '<item n="2">The customs.</item>' in xml


def test_a_quoted_closing_phrase_and_name_are_salute_and_signer() -> None:
    text = (
        "Letter from the President to the Prime Minister\n\n"
        "Dear Mr. Prime Minister:\n\n"
        "I thank you for your letter, which I read with care.\n\n"
        "\u201cSincerely, John F. Kennedy\u201d\n"
    )
    xml = convert_text(text).xml.decode()
    assert "<salute>\u201cSincerely,</salute>" in xml
    assert "<signed><persName>John F. Kennedy</persName></signed>" in xml
    # "Prime" is an office word: "Mr. Prime Minister" names nobody
    assert "<salute>Dear Mr. Prime Minister:</salute>" in xml


def _body_xml(text: str) -> str:
    xml = convert_text(text).xml.decode()
    return xml[xml.index("<body>") :]


def test_a_typed_page_without_blank_lines_is_cut_where_the_typist_ended_a_line() -> None:
    body = _body_xml(
        "To the Harbour Board:\n"
        "We have read your report of the strike.\n"
        "The minister asks that the quay be cleared and that\n"
        "the ships be unloaded before the week is out.\n"
        "(1) The board pays the dockers' wages.\n"
        "(2) The police stay away from the quay.\n"
        "Ministry of Transport\n"
        "3 May 1958\n"
    )
    assert "<salute>To the Harbour Board:</salute>" in body
    assert "<p>We have read your report of the strike.</p>" in body
    # a wrapped sentence runs on: its next word would not have fitted on the line
    assert "clear and that the ships" not in body
    assert "quay be cleared and that the ships be unloaded before the week is out.</p>" in body
    assert '<item n="2">The police stay away from the quay.</item>' in body
    assert "<closer>" in body and '<date when="1958-05-03">3 May 1958</date>' in body


def test_lines_without_a_stop_stay_one_block() -> None:
    # the next word would have fitted, but the line ends no sentence: the typist wrapped it
    body = _body_xml("The report went to Mr. Varga and\nMr. Orlov for their comments.\n")
    assert (
        body.count("<p>") == 1 and "<persName>Mr. Orlov</persName> for their comments.</p>" in body
    )
    # an abbreviation's stop ("Cde.") ends no sentence: the entry stays whole
    listed = _body_xml("The board met at noon.\nCopies went to Cde.\nVarga and the file.\n")
    assert "Copies went to <persName>Cde. Varga</persName> and the file.</p>" in listed


def test_a_number_alone_and_items_of_a_list_stay_with_their_block() -> None:
    body = _body_xml(
        "The talks went on for two hours and ended with a short statement.\n"
        "4.\n"
        "Mr. Varga spoke of the harbour.\n"
    )
    assert "<p>4.</p>" not in body
    bulleted = _body_xml(
        "Present:\n• Mr. Varga, head of the board of the harbour at Vessen.\n• Mr. Orlov, deputy.\n"
    )
    assert bulleted.count("<list") == 1


def test_a_hard_wrapped_paragraph_in_a_copy_of_one_line_paragraphs_is_one_paragraph() -> None:
    wrapped = [
        "THE DOCKERS OF THE NORTH QUAY HAVE STOPPED WORK SINCE EIGHT",
        "THIS MORNING STOP THE BOARD ASKS THE MINISTER TO SEND HIS",
        "DEPUTY TO THE QUAY BEFORE NIGHTFALL AS THE CROWD IS GROWING",
        "AND THE SHIPS CANNOT BE UNLOADED STOP WE AWAIT YOUR REPLY",
    ]
    lines = numbered(LONG + ".", "TELEGRAM", *wrapped, "RESPECTFULLY", "SECRETARY")
    closing = re.compile("respectfully", re.IGNORECASE)
    texts = [line.text for line in spread_unbroken_copy(lines, closing)]
    assert texts[:4] == [LONG + ".", "", "TELEGRAM", ""]
    start = texts.index(wrapped[0])
    assert texts[start : start + 6] == [*wrapped, "", "RESPECTFULLY"]  # held together
    # without the closing phrases, "RESPECTFULLY" reads as the wrap's last line
    texts = [line.text for line in spread_unbroken_copy(lines)]
    assert texts[start : start + 6] == [*wrapped, "RESPECTFULLY", ""]


def test_a_letterhead_with_a_full_stop_opens_the_document() -> None:
    """ "The Embassy of the Hungarian People's Republic." over its mark and dateline, each
    with a full stop: capitalised words and an office's small words are a letterhead."""
    xml = " ".join(
        _body_xml(
            "The Embassy of the Norland People's Republic of Ostria.\n"
            "Top Secret.\n"
            "Velmar, 20 May 1960.\n"
            "Upon my request, on the nineteenth of this month I was received by the Deputy"
            " Foreign Minister, whom I asked for information.\n"
        ).split()
    )
    assert '<opener> <seg type="heading">The ' in xml
    assert '<note type="classification">Top Secret.</note>' in xml
    assert "<dateline>" in xml
    # a sentence in small letters is no such line
    assert "<opener>" not in _body_xml("The Embassy of Norland wrote to us again.\nWe agreed.\n")


def test_a_heading_cut_after_a_joining_word_goes_on_below() -> None:
    """ "FROM THE JOURNAL OF" / "A. YA. HALVIK": the title typed over two lines is one head,
    and the diary's keeper is the author."""
    xml = convert_text(
        "Secret Copy Nº 3\nFROM THE JOURNAL OF\nA. YA. HALVIK\nTHE RECEPTION OF\n"
        "OSTRIA'S AMBASSADOR IN VELMAR\n21 May 1952\n"
        "Today at 1330 I received the Ambassador of Ostria in Velmar, to whom I handed the"
        " note of the Government in connection with the exchange of letters in April.\n"
        "The Ambassador promised to immediately take steps to pass the note to his capital.\n"
    ).xml.decode()
    assert "<head>FROM THE JOURNAL OF <lb/><persName" in xml
    assert '<author><persName xml:id="author-a-ya-halvik">A. YA. HALVIK</persName></author>' in xml


def test_an_inside_address_set_apart_line_by_line() -> None:
    """ "Chairman Halvik," / "The Council of Ministers," / "The Government of Norland", each
    a paragraph of its own above "Your Excellency:": whom the letter is addressed to."""
    xml = " ".join(
        _body_xml(
            "Chairman Halvik,\n\nThe Council of Ministers,\n\nThe Government of Norland\n\n"
            "Your Excellency:\n\nOn this happy occasion I extend to you my best wishes for"
            " the strengthening of peace.\n"
        ).split()
    )
    assert xml.count('<seg type="addressee">') == 3
    assert "<salute>Your Excellency:</salute>" in xml
    # lines with no comma set apart above a salute are the opener's own (participants)
    xml = " ".join(
        _body_xml(
            "Major General Lund\n\nColonel Brenner\n\nDear Comrade Halvik:\n\n"
            "On this happy occasion I extend to you my best wishes for the harbour.\n"
        ).split()
    )
    assert xml.count('<seg type="addressee">') <= 1


def test_titled_names_alone_above_a_memorandum_are_its_addressees() -> None:
    """ "Comrade Halvik" / "Comrade Lund" alone above the text: whom the memorandum goes
    to (and correspDesc's receivers); under a participants label they took part."""
    text = (
        "Velmar\n\nNo. 282/78\n\nComrade Halvik\n\nComrade Lund\n\n"
        "The final meeting of the delegations was held with the chairman for two hours.\n"
    )
    xml = " ".join(convert_text(text).xml.decode().split())
    assert xml.count('<seg type="addressee"><persName role="addressee">Comrade') == 2
    assert '<correspAction type="received"> <persName>Comrade Halvik</persName>' in xml
    listed = " ".join(_body_xml(text.replace("Velmar\n", "Participants\n")).split())
    assert '<seg type="addressee">' not in listed


def test_a_heading_cut_after_a_small_word_goes_on_below_the_blank_line() -> None:
    xml = body(
        "Embassy of Norland in Vessen\n\nVessen, 1 September 1970\n\n\n\n"
        "about the Club Meeting of the Ambassadors of Norland and Ostria on\n\n"
        "28 August 1970 in the Embassy of Ostria\n\n\n"
        "The ambassadors met again and spoke of the harbour works for an hour.\n"
    )
    assert re.search(
        r"<head>about the Club Meeting [^<]*(?:<placeName>[^<]*</placeName>[^<]*)* on <lb/><date"
        r' when="1970-08-28">28 August 1970</date> in the .*?</head>',
        xml,
    )
    assert xml.count("<dateline>") == 1


def test_a_first_sentence_with_its_notes_marker_is_the_text() -> None:
    """ "[Olaf] Halvik came to visit me.[2]" under the cable's "From:" line: the text's
    first sentence, its marker after the stop, not a heading of the opener."""
    xml = body(
        "Ciphergram No. 6636\n\nTo: Comrade Brenner\n\nFrom: Comrade Orlov[1]\n\n\n"
        "[Olaf] Halvik came to visit me today.[2]\n\n  1. He asked for assistance.\n"
        "  2. Our friends agree.\n\n[1] The envoy to Vessen.\n\n[2] The leader of the party.\n"
    )
    assert "</opener> <p><persName><supplied>Olaf</supplied> Halvik</persName> came" in xml


def test_a_numbered_section_below_a_letters_signer_is_its_enclosure() -> None:
    """A covering letter signed "J. Halvik", then "II The meeting with Olaf Brenner" and
    the report's text: the enclosure, an attachment of its own, and the signer the
    letter's closer."""
    xml = body(
        "To Comrade Erich Orlov\n\nDear Comrade Orlov,\n\nI am sending you this excerpt from"
        " the report in the enclosure.\n\nJ. Halvik\n\nII The meeting with Olaf Brenner\n\n\n"
        "1. The meeting with Olaf Brenner lasted over an hour and was very friendly.\n"
    )
    assert "<closer> <signed><persName>J. Halvik</persName></signed> </closer> </div>" in xml
    assert '<div type="attachment"> <head>II The meeting with' in xml


def test_a_frus_head_ending_with_its_hour_is_the_head() -> None:
    """ "253. Memorandum of a Conversation …, Washington, August 11, 1955, 9:15 a.m.1": the
    hour's stop ends no sentence, so the numbered line is the document's head and title."""
    xml = convert_text(
        "253. Memorandum of a Conversation Between the President and the Secretary of State,"
        " Washington, August 11, 1955, 9:15 a.m.1\n\n"
        "2. We discussed the problem of the harbour works in the spring.\n\n"
        "  1. Source: Harbour Library, Papers of the Board.\n"
    ).xml.decode()
    assert "<head>253. Memorandum of a Conversation Between" in xml
    assert '<creation>\n        <date when="1955-08-11"/>' in xml


def test_an_address_line_cut_after_a_small_word_goes_on_below_the_blank_line() -> None:
    xml = body(
        "Ciphergram from the Embassy of Norland\n\n"
        "To: Director of the Foreign Ministry Department of\n\n"
        "Southern Ostria and the Islands\n\n"
        "From: Ambassador Jan VELMAR\n\n"
        "The harbour works began today and go on for a month.\n"
    )
    assert re.search(r'<seg type="addressee">To: Director .* the Islands</seg>', xml)
    assert '<seg type="heading">' not in xml


def test_a_kind_line_typed_right_above_a_subject_is_no_participant() -> None:
    xml = body(
        "VESSEN, 10. 09. 80.\nTOP SECRET!\nCIPHER TELEGRAM\nSubject: The harbour works\n"
        "During the celebrations on September 8, I spoke with the harbour master at length.\n"
    )
    assert '<title type="document">CIPHER TELEGRAM</title>' in xml
    assert "<item>CIPHER TELEGRAM</item>" not in xml
    assert '<list type="subject"> <head>Subject:</head> <item>The harbour works</item>' in xml


def test_a_form_sets_its_labels_colons_apart() -> None:
    """ "To       :  Minister …": blanks before a colon are no column gutter, and "To :" /
    "From :" open the addressee's and the sender's lines as "To:" and "From:" do."""
    assert [c.text for c in split_columns(Line(1, "To       :  Minister    CC (copy) :"))] == [
        "To : Minister",
        "CC (copy) :",
    ]
    xml = body(
        "Receiving Telegram\n\nTo       :  Minister of Trade\n\n"
        "From    :  Ambassador to Norland\n\n"
        "1. On February 8, 1977, I visited the Vice-Minister of Trade and talked for an hour.\n"
    )
    assert '<seg type="addressee">To : Minister of Trade</seg>' in xml
    assert '<seg type="sender">From : Ambassador to' in xml


def test_lines_of_a_block_cut_after_a_small_word_are_one_paragraph() -> None:
    """In a block of paragraphs typed one a line, "… taken up by the Board in" /
    "September and October." goes on, a capital after the small word or not."""
    xml = body(
        "NOTES\n\n1. The question of the harbour was often taken up by the Board of Works in\n"
        "September and October 1931. The resolution on the plan was adopted and sent on.\n"
        "2. The question of the stores was considered by the Council of\n"
        "Commissars in the autumn, at the request of the workers of the largest docks.\n"
    )
    assert 'Works in September and <date when="1931-10">October 1931</date>.' in xml
    assert "Council of Commissars in the autumn" in xml


def test_a_forms_fields_with_their_colons_set_apart_are_fields() -> None:
    xml = body(
        "Receiving Telegram\n\nFile No.  : MAW - 0224\n\nDate :  091600\n\n"
        "1. On February 8, 1977, I visited the Vice-Minister of Trade and talked for an hour.\n"
    )
    assert '<seg type="field">File No. : MAW - 0224</seg>' in xml
    assert '<seg type="field">Date : 091600</seg>' in xml


def test_a_long_line_cut_after_a_small_word_never_takes_the_next_entry() -> None:
    text = "\n".join(
        [
            "May 29, 1963",
            "Telegram from the Embassy of Norland in Vessen to the Ministry",
            "This document was made possible with support from the Invented Foundation",
            "4. The board offered the harbour the following, apart from the cranes:",
            "- bigger supplies of rails, sleepers, repair crews, locomotives, wagons, bridges,"
            " cranes, boats, tugs and barges, lighthouses, buoys, warehouses, and so on",
            "- an increase of the deliveries of coal",
            "- engineers for the works on the river",
            "5. We will report further on the matter.",
        ]
    )
    xml = body(text)
    assert xml.count("<item>") == 3


def test_a_titles_next_line_may_open_with_a_capitalised_small_word() -> None:
    """ "Stenogram of the Meeting between A and B" / "Regarding the Harbour …": one title;
    "To Ambassador Lund: (Secret)" below it is an address, no line of it."""
    xml = body(
        "Stenogram of the Meeting between Olaf Halvik and Ivo Lund\n"
        "Regarding the Harbour Works and the Fishing Fleet\n\n"
        "To Ambassador Lund: (Secret)\n\n"
        "HALVIK: The works go on, and the fleet is in the harbour for the winter.\n"
    )
    assert re.search(r"<head>Stenogram of the Meeting .*<lb/>Regarding the Harbour", xml)
    assert '<seg type="field">To Ambassador' in xml
    # a sentence below a title is none of its lines
    xml = body("REPORT\n\nOn 3 May the board met.\n\nThe works went on for a month.\n")
    assert '<title type="document">REPORT</title>' in xml


def test_a_kind_typed_right_above_the_text_is_the_title_alone() -> None:
    """ "MEMORANDUM" / "On 3 May the board …" with no blank line between: the title, then a
    paragraph (it took the whole text and left an empty `<p/>`, or was glued to the text)."""
    xml = body("MEMORANDUM\nOn 3 May the board met in the hall.\nThe fleet stayed.\n")
    assert '<title type="document">MEMORANDUM</title>' in xml
    assert re.search(r"<p>On <date[^>]*>3 May</date> the board met in the hall\. The fleet", xml)
    assert "<p/>" not in xml
    xml = body(
        "MEMORANDUM\nOn 3 May the board of the company met in the great hall to discuss it.\n"
        "The fleet stayed in port for the winter.\n"
    )
    assert '<title type="document">MEMORANDUM</title>' in xml
    # a title's words below it, with a stop, are still the title's
    xml = body(
        "RECORD OF CONVERSATION\nwith Comrade Olaf Halvik on 3 May 1960.\n\n"
        "The works went on for a month and the fleet stayed.\n"
    )
    assert re.search(r"<title[^>]*>RECORD OF CONVERSATION <lb/>with", xml)
    xml = body(
        "REPORT\non the work of the embassy in the first quarter of the year.\n\n"
        "In the first quarter the embassy held twelve meetings.\n"
    )
    assert re.search(r"<title[^>]*>REPORT <lb/>on the work of the embassy", xml)
    # a line in small letters that no title goes on with is the text
    xml = body("MEMORANDUM\nto all heads of section: the meeting is moved to Friday.\n")
    assert '<title type="document">MEMORANDUM</title>' in xml
    assert "<p>to all heads of section" in xml


def test_a_russian_date_line_is_a_dateline() -> None:
    """ "11 октября 1957 года": a Russian month name and "года" after the year."""
    xml = body("Из дневника\n\nП.Ф. Иванова\n\n11 октября 1957 года\n\nСегодня он был у меня.\n")
    assert '<dateline><date when="1957-10-11">11 октября 1957</date> года</dateline>' in xml


def test_a_short_first_sentence_in_the_first_person_is_text() -> None:
    """ "I met the minister today." under the title: the writer speaking, however short, is
    a paragraph, not a heading of the opener."""
    xml = body("CIPHERED TELEGRAM\n\nI met the minister today.\n\nHe reports a meeting.\n")
    assert "<p>I met the minister today.</p>" in xml
    xml = body("CIPHERED TELEGRAM\n\nOn the harbour works.\n\nHe reports a meeting.\n")
    assert '<seg type="heading">On the harbour works.</seg>' in xml
    # "US" is a country, no "us"
    xml = body("Memorandum of Conversation\n\nThe US position on Berlin.\n\nHe listened.\n")
    assert '<seg type="heading">The US position on <placeName>Berlin</placeName>.</seg>' in xml


def test_participants_in_the_meeting_and_those_invited_are_lists() -> None:
    """ "Participants in the meeting : comrades …" and "Invited to the meeting : …" (a blank
    before the colon) are participants lists, one person an item."""
    xml = body(
        "Stenographic transcript of the meeting\n\n"
        "Participants in the meeting : comrades Anton Popa, Ion Vasile, Petre Dan.\n\n"
        "Invited to the meeting : comrades Mihai Stan, Dan Lupu.\n\n"
        "Comrade Anton Popa :\nLet us begin.\n"
    )
    assert xml.count('<list type="participants">') == 2
    assert "<item><persName>Ion Vasile</persName>,</item>" in xml
    # the plural title before the names is the head's; two names are two items
    assert "<head>Invited to the meeting : comrades</head>" in xml
    assert "<item><persName>Mihai Stan</persName>,</item>" in xml


def test_a_forms_empty_label_over_its_next_field_stays_in_the_opener() -> None:
    """ "Taken into process:" over "Date: 3.XI 1962": an empty label of a form, not a
    sentence leading into the text ("The meeting decided:" still is one)."""
    xml = body(
        "Ministry of Foreign Affairs\n\nSending: IV department\n\nTaken into process:\n\n"
        "Date: 3.XI 1962\n\nTelegram\n\nThe embassy reports that the fleet stayed in port.\n"
    )
    assert '<seg type="heading">Taken into process:</seg>' in xml
    assert "<p>Taken into process:</p>" not in xml
    xml = body("REPORT\n\nThe meeting decided:\n\nDate: 3 May 1962\n\nIt went on.\n")
    assert '<seg type="heading">The meeting decided:</seg>' not in xml


def test_an_opening_word_and_its_clause_make_a_sentence_however_short() -> None:
    """ "First, please draft the plan." under the salute: a sentence, no heading."""
    xml = body(
        "CABLE\n\nDeputy Minister Lund,\n\nFirst, please draft the plan.\n\n"
        "Second, please call the meeting of the board for Monday.\n"
    )
    assert "<p>First, please draft the plan.</p>" in xml
