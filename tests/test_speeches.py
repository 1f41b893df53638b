"""Who speaks: a speaker's label over a speech becomes an <sp>, a letter's salute stays one.

The documents are invented, in the shape of translated transcripts and letters.
"""

from __future__ import annotations

from teitext import converted_body as body

from teikit import convert_text

SPEECH = (
    "Comrade Mielke:\n"
    "I would like to begin with the situation in the harbour. The work has not been done,"
    " and we must be ready.\n\n"
    "The meeting ended at 12:30.\n"
)


def test_one_turn_in_a_transcript_is_a_speech() -> None:
    """A transcript cut after its first turn: the title says people talk, so the one
    titled name over a paragraph is who speaks, not a salute."""
    xml = body(
        "Transcript of the Meeting of the Invented Harbour Board, 14 March 1982\n\n" + SPEECH
    )
    assert "<salute>" not in xml
    assert "<sp> <speaker><persName>Comrade Mielke</persName>:</speaker> <p>I would like" in xml
    assert "</sp> <p>The meeting ended" in xml  # the record's own words stay out


def test_a_participants_label_says_people_talk() -> None:
    xml = body("Participants\n\nComrade Mielke, Comrade Ko Gon\n\n" + SPEECH)
    assert "<speaker><persName>Comrade Mielke</persName>:</speaker>" in xml


def test_the_same_line_in_a_letter_is_its_salute() -> None:
    xml = body("Ciphered Telegram No. 5\n\n" + SPEECH)
    assert "<salute><persName>Comrade Mielke</persName>:</salute>" in xml
    assert "<sp>" not in xml


def test_other_labels_in_a_record_of_talk_speak_too() -> None:
    """One known speaker in a record of talks makes the other names' labels turns."""
    xml = body(
        "Notice on the Talks Between Norland and Ostria\n\n"
        "The talks will be held in May between Com. Stark and Com. Pak.\n\n"
        "Pak: Here is our draft. Please read it.\n\n"
        "Stark: We shall read it tonight.\n"
    )
    assert "<speaker><persName>Pak</persName>:</speaker> <p>Here is our draft." in xml
    assert "<speaker><persName>Stark</persName>:</speaker> <p>We shall read it tonight." in xml


def test_a_title_alone_is_no_speaker() -> None:
    """ "Cdes:" over whom it names is a list's lead, even in a record of conversation."""
    xml = body(
        "Record of Conversation with Comrade Mao Zedong\n\n"
        "Cdes: Liu Shaoqi, Zhou Enlai and Lin Biao.\n\n"
        "Today, together with Cde. M.A. Suslov, I paid a visit to Cde. Mao Zedong.\n"
    )
    assert "<sp>" not in xml
    assert "<speaker>" not in xml


MINUTES_CUT = (
    "Minutes of the Session of the Harbour Board\n\n"
    "HALVIK. The pilots must be sent before spring. We have asked the board for them.\n\n"
    "BRENNER. But the channel is still closed.\n\n"
    "HALVIK. The channel is still closed. Nothing has changed since the winter.\n\n"
)


def test_a_transcript_cut_in_its_last_speech_keeps_the_speech_whole() -> None:
    """A paragraph after the last turn that is neither first person nor about the record
    is more of that speech when nothing after it speaks of the record."""
    xml = body(
        MINUTES_CUT + "The situation around the harbour has taken a turn for the worse. The ice"
        " has come early this year and the dredgers are"
    )
    assert "Nothing has changed since the winter.</p> <p>The situation around" in xml
    assert xml.rstrip().endswith("dredgers are</p> </sp> </div>")


def test_the_records_own_words_and_fields_stay_out_of_the_last_speech() -> None:
    for after in ("The session closed at noon.", "Recorder: Ilse Varga", "The Harbour"):
        xml = body(MINUTES_CUT + after + "\n")
        assert f"</sp> <p>{after}</p>" in xml, after


INTRODUCED = (
    "The following letter reached the harbour board in March. It was never answered.\n\n"
    "The board's secretary filed it with the pilots' papers.\n\n"
)


def test_a_salute_after_an_introduction_opens_the_letter() -> None:
    """An editor's introduction, then "Esteemed Olaf Halvik,": the letter begins there,
    in a <div> whose <opener> holds the salute, not a heading or a paragraph."""
    xml = body(
        INTRODUCED + "Esteemed Olaf Halvik,\n\nI am writing to you again about the pilots.\n\n"
        "The ice will come early.\n"
    )
    assert (
        'papers.</p> <div type="section"> <opener> <salute>Esteemed Olaf Halvik,</salute>'
        " </opener> <p>I am writing to you again about the pilots.</p>"
        " <p>The ice will come early.</p> </div>"
    ) in xml


def test_an_address_after_an_introduction_is_no_salute() -> None:
    xml = body(INTRODUCED + "To the Harbour Board,\n\nI am writing to you again.\n")
    assert "<salute>" not in xml and "<p>To the Harbour Board,</p>" in xml


def test_a_side_and_its_speaker_in_parentheses_speak() -> None:
    """ "North (KIM): …" / "South (LEE): …": each side's turn is a speech; the surnames
    alone tag no one else ("KIM Deok-hyun" is another man)."""
    turns = [
        "North (KIM): Is the President well? I am very pleased to meet you again.",
        "South (LEE): Yes, he is very well.",
        "North (KIM): How is the harvest in the South?",
        "South (LEE): It is good.",
    ]
    head = "Conversation between the co-chairmen\n\nLocation: Government Building\n\n"
    xml = body(head + "KIM Deok-hyun, assistant\n\n" + "\n\n".join(turns) + "\n")
    assert xml.count("<sp>") == 4
    assert "<sp> <speaker>North (KIM):</speaker> <p>Is the President well? I am" in xml
    assert "<persName>KIM</persName>" not in xml


def test_a_titles_note_number_does_not_hide_that_people_talk() -> None:
    xml = body(
        "49. Memorandum of Conversation1\n\n"
        "Comrade Mielke: I will exchange views on the schedule. You will have lunch at one.\n"
    )
    assert "<sp> <speaker><persName>Comrade Mielke</persName>:</speaker>" in xml


def test_a_line_of_titled_names_is_no_salute() -> None:
    """ "Comrade Halvik, Comrade Brenner Receive …": a title's names one after the other,
    not a salute with the letter's text after it."""
    xml = body(
        "Foreign Ministry File\n\n"
        "Comrade Halvik, Comrade Brenner Receive Ivo Varga, Norland’s Ambassador to Vessen\n\n"
        "The Premier introduced the situation to the ambassador.\n"
    )
    assert "<salute>" not in xml
    xml = body("Comrade Halvik, I am writing to you about the harbour works again.\n")
    assert "<salute><persName>Comrade Halvik</persName>,</salute>" in xml


def test_an_omission_inside_the_last_speech_keeps_the_speech_whole() -> None:
    """ "[ . . . ]" between two paragraphs of a speech is words of it left out: the gap and
    the paragraphs after it are the speaker's; an editor's note there ends the speech."""
    head = "Stenogram of the meeting of the Invented Harbour Board\n\nComrade Halvik:\n\n"
    speech = "We have met to hear what we did in the four ports.\n\n[ . . . ]\n\n"
    rest = "In Vessen the reception was good and we had no problems.\n"
    xml = body(head + speech + rest)
    assert '<gap reason="omitted"/> <p>In Vessen the reception was good' in xml
    assert xml.index("</sp>") > xml.index("In Vessen")
    xml = body(head + speech.replace(". . .", "§§ 2-11") + rest)
    assert xml.index("</sp>") < xml.index("§§ 2-11")


def test_a_letter_spaced_stenogram_and_the_line_below_are_the_title() -> None:
    xml = convert_text(
        "S T E N O G R A P H Y\n\n"
        "of the Executive Committee of the Harbour Party's meeting of 25 June 1971\n\n"
        "Comrade Halvik:\n\nWe have met to hear what we did in the ports.\n"
    ).xml.decode()
    assert (
        "<title>STENOGRAPHY of the <orgName>Executive Committee of the Harbour Party</orgName>'s"
        " meeting of"
    ) in xml


def test_a_family_name_and_an_office_speak_in_a_conversation() -> None:
    """ "Deng: …" (the family name, written first, of "Deng Xiaoping") and "Prime Minister:
    …" in a record of a conversation: two turns; "Wang: 3 copies", of no Wang the text
    names, is no speaker."""
    xml = body(
        "Cable, 'Visit to Vessen (Conversation with Chairman Deng Xiaoping)'\n\n"
        "Deng: I thank the Prime Minister for visiting. It has been five years.\n\n"
        "Prime Minister: I thank the government and people for their welcome.\n"
    )
    assert "<sp> <speaker>Deng:</speaker> <p>I thank the Prime Minister" in xml
    assert "<sp> <speaker>Prime Minister:</speaker>" in xml
    xml = body("Record of the talks\n\nThe talks ended at noon.\n\nWang: 3 copies\n")
    assert "<sp>" not in xml


def test_a_page_turning_inside_the_last_speech_keeps_it_whole() -> None:
    xml = body(
        "Memorandum of Conversation\n\n"
        "Mr. Halvik: We have met to hear what we did in the ports.\n\n"
        "Mr. Brenner: Could you clarify whether you could make something for a solution?\n\n"
        "[Page 1158]\n\nAll these ideas are ours, and we agree with them.\n"
    )
    assert '<pb n="1158"/> <p>All these ideas are ours, and we agree with them.</p> </sp>' in xml


def test_short_first_turns_are_turns_not_fields() -> None:
    """ "McNamara: Hello." / "President: Bob." read like a page's fields, but the same label
    speaks again and another answers it: the dialogue begins there. "From:" / "To:" /
    "From:" lines are no dialogue."""
    xml = body(
        "237. Telephone Conversation Between the Chairman and the Secretary\n\n"
        "Halvik: Hello.\n\nChairman: Olaf.\n\nHalvik: Yes, Mr. Chairman.\n\n"
        "Chairman: I never did hear from the board, did they think that was all right?\n"
    )
    assert '<seg type="field">' not in xml
    assert xml.count("<sp>") == 4
    assert "<speaker><persName>Halvik</persName>:</speaker> <p>Hello.</p>" in xml


def test_each_label_after_a_stop_opens_a_turn_in_a_hard_wrapped_dialogue() -> None:
    """Lines wrapped by the typist with no blank line between turns: "… many workers" /
    "there?" / "Lund: Very few …" opens Lund's turn, however short the line before."""
    xml = body(
        "Transcript of Telephone Conversation\n\n"
        "Halvik: Do you have support among\nthe dockers in the harbour?\n"
        "Lund: There is no active support on\nthe part of the dockers.\n"
        "Halvik: Are there many workers\nthere?\nLund: Very few—between 1,000 and\n"
        "2,000 people in all.\n"
    )
    assert xml.count("<sp>") == 4
    assert "<p>Very few—between 1,000 and 2,000 people in all.</p>" in xml


def test_a_forms_repeated_labels_are_no_dialogue() -> None:
    """ "Item: Rice." / "Quantity: …" / "Item: …" name the same labels by turns as a
    dialogue does, but the page records no talk: they stay the opener's fields."""
    xml = body(
        "Protocol on Harbour Deliveries\n\nItem: Rice.\n\nQuantity: 20,000 tons.\n\n"
        "Item: Wheat flour.\n\nQuantity: 10,000 tons.\n\n"
        "The deliveries will be made through the port before the end of the year.\n"
    )
    assert "<sp>" not in xml
    assert '<seg type="field">Item: Rice.</seg>' in xml


def test_the_first_speaker_below_participants_sides_is_no_entry() -> None:
    """ "from the MfS:" / "Major General Hollweg" / "Comrade Hollweg:" / "Welcome. …": the
    first speaker's label ends the participants, and "Welcome." names no one; "[Additional]
    Participants:" is the participants' label, no person."""
    xml = body(
        "Note\n\n[Additional] Participants:\n\nfrom the KGB:\n\nColonel Petrusov, Liaison Officer"
        "\n\nfrom the MfS:\n\nMajor General Hollweg\n\nComrade Hollweg:\n\n"
        "Welcome. I hope the journey was good.\n\nComrade Varnak:\n\nMany thanks.\n"
    )
    assert "<item><persName>Comrade Hollweg</persName>:</item>" not in xml
    assert "<speaker><persName>Comrade Hollweg</persName>:</speaker>" in xml
    assert "<p>Welcome. I hope the journey was good.</p>" in xml
    assert "<head><supplied>Additional</supplied> Participants:</head>" in xml
