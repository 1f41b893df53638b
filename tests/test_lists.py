"""Lists inside lists: a numbered item that introduces a few bulleted lines.

The documents are invented, in the shape of translated archival transcriptions.
"""

from __future__ import annotations

from teitext import converted_body as body

from teikit import convert_text

BULLETS = (
    "- the pilots were sent to the wrong quay;\n"
    "- the harbour master was not told, though he was in Vessen;\n"
    "- no one came to the dinner at the board.\n"
)
NESTED = (
    '<item n="2">The port uses a kind of boycott of our ships:<list type="bulleted">'
    "<item>the pilots were sent to the wrong quay;</item>"
    "<item>the harbour master was not told, though he was in Vessen;</item>"
    "<item>no one came to the dinner at the board.</item></list></item>"
)


def test_bulleted_lines_under_an_item_ending_with_a_colon_are_its_list() -> None:
    xml = body(
        "1. The new harbour master avoids contact with the crews.\n\n"
        "2. The port uses a kind of boycott of our ships:\n" + BULLETS + "\n"
        "3. What the port says turns out to be wrong.\n"
    )
    assert NESTED in xml
    assert '<item n="3">What the port says' in xml
    assert "- " not in xml


def test_the_same_in_a_copy_with_a_line_for_each_paragraph() -> None:
    """Long lines without blank lines between them: each line a paragraph, the bulleted
    lines still the list of the item above them."""
    long = " The crews have said so to the board in writing, more than once and at length."
    xml = body(
        "1. The new harbour master avoids contact with the crews." + long * 2 + "\n\n"
        "2. The port uses a kind of boycott of our ships:\n"
        + BULLETS.replace(";\n", ";" + long * 2 + "\n")
        + "\n3. What the port says turns out to be wrong.\n"
    )
    assert xml.count('<list type="bulleted">') == 1
    assert '<item n="2">The port uses a kind of boycott of our ships:<list type="bulleted">' in xml
    assert "<p>- " not in xml


def test_dashes_after_a_sentence_stay_in_the_item() -> None:
    """No colon: a dash in the next line is the item's own text going on."""
    xml = body("1. The board met.\n- it was short.\n\n2. The ships left.\n")
    assert '<list type="bulleted">' not in xml


def test_bulleted_participants_over_a_page_marker_are_a_list_of_people() -> None:
    """FRUS's participants, "  • Name, who" a line, with "[Page 1369]" right below the
    last: a list (not the opener's headings), each name a person."""
    xml = body(
        "49. Memorandum of Conversation\n\n\n"
        "  • Olaf Halvik, Special Adviser to the Delegation\n"
        "  • Winston Brenner, NSC Staff\n"
        "  • Gary Orlov, U.S. Secret Service\n"
        "[Page 1369]\n\n"
        "Halvik: I will exchange views on the schedule.\n\nBrenner: Thank you.\n"
    )
    assert ('<list type="bulleted"> <item><persName>Olaf Halvik</persName>, Special Adviser') in xml
    assert "<item><persName>Winston Brenner</persName>, <orgName>NSC Staff</orgName></item>" in xml
    assert "<item><persName>Gary Orlov</persName>, " in xml
    assert '</list> <pb n="1369"/>' in xml
    xml = body("Memorandum\n\n  • Arms Control, NSC Staff paper\n  • Grain Credits, the board's\n")
    assert "<persName>Arms Control</persName>" not in xml


def test_a_bullet_holding_a_label_alone_numbers_the_entry_below() -> None:
    """FRUS's "- (1)" / "- He said …": one item numbered 1, not two items."""
    result = convert_text(
        "TELEGRAM\n\nThe minister accused my staff of two incidents:\n\n"
        "- (1)\n- He said three soldiers tore the flag from the wall.\n"
        "- (2)\n- A group of terrorists was caught near the embassy.\n"
    )
    xml = " ".join(result.xml.decode().split())
    assert '<item n="1">He said three soldiers' in xml and '<item n="2">A group' in xml
    assert "<item>(1)</item>" not in xml
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []


def test_a_heading_below_bulleted_participants_is_no_participant() -> None:
    xml = body(
        "Memorandum of Conversation\n\nPARTICIPANTS\n\nNorland\n"
        "  • The Secretary\n  • Mr. Olaf Halvik, Interpreter\n  • Ostria\n"
        "  • Foreign Minister Lund\n\nHARBOUR\n\n"
        "Foreign Minister Lund said that he would like to say a few words on the harbour.\n"
    )
    assert "<item>HARBOUR</item>" not in xml
    assert "</list> <p>HARBOUR</p>" in xml


def test_a_lone_dash_over_a_sides_label_is_no_participant() -> None:
    xml = body(
        "Memorandum of Conversation\n\nPARTICIPANTS\n-\nNorland\n- The Secretary\n"
        "- Amb. Halvik\n\n-\nOstria\n- Foreign Minister Lund\n\n"
        "Foreign Minister Lund opened the meeting by asking about the harbour works.\n"
    )
    assert "<item>-</item>" not in xml
    assert "<head>PARTICIPANTS</head> <item>Norland</item> <item>The Secretary</item>" in xml
