"""TEI → reading text: one small hand-made TEI snippet per rule, then real documents."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from teikit.errors import InputError
from teikit.lossless import content_words, missing_words
from teikit.tei.reading import TEI_NS, render_reading_text

HEADER = """<teiHeader><fileDesc>
  <titleStmt><title>Cable No. 166 from <persName>Kovalev</persName> to Filippov
    <note type="editorial">[Stalin]</note></title></titleStmt>
  <publicationStmt><p>Unpublished</p></publicationStmt>
  <sourceDesc><p>Made up</p></sourceDesc>
</fileDesc></teiHeader>"""


def tei(body: str, *, header: str = HEADER) -> bytes:
    return f'<TEI xmlns="{TEI_NS}">{header}<text><body>{body}</body></text></TEI>'.encode()


def body(xml: str) -> str:
    """The reading text of a <body> holding `xml`, without the header."""
    return render_reading_text(tei(xml), header=False)


# ---------------------------------------------------------------------------
# Blocks


def test_paragraphs_are_blocks_with_a_blank_line_between() -> None:
    assert body("<p>One.</p><p>Two.</p>") == "One.\n\nTwo.\n"


def test_whitespace_inside_a_block_collapses_and_ends_are_trimmed() -> None:
    xml = "<p>\n   I am sending\n      you a   telegram  </p>"
    assert body(xml) == "I am sending you a telegram\n"


def test_indentation_around_inline_children_is_layout() -> None:
    # Pretty-printed mixed content: the line breaks at an element's edges are not on the page.
    xml = (
        "<p>unity three <gloss>\n    <hi>ky</hi>\n  </gloss>s "
        "(<persName>\n<hi>Donovan</hi>\n</persName>)</p>"
    )
    assert body(xml) == "unity three kys (Donovan)\n"


def test_spaces_between_inline_children_are_kept() -> None:
    xml = "<p>from <placeName>PEKING</placeName> received at <time>0810</time></p>"
    assert body(xml) == "from PEKING received at 0810\n"


def test_head_ab_and_fw_are_blocks() -> None:
    xml = "<div><head>Minutes</head><ab>first</ab><fw>- 2 -</fw><ab>second</ab></div>"
    assert body(xml) == "Minutes\n\nfirst\n\n- 2 -\n\nsecond\n"


def test_opener_and_closer_children_are_blocks() -> None:
    xml = (
        '<div><opener><title type="document">CABLE Nº <num>58986</num></title>'
        '<note type="classification">TOP SECRET</note>'
        "<dateline>from <placeName>PEKING</placeName> <date>12 October 1949</date></dateline>"
        "<salute>Dear Comrade,</salute></opener>"
        "<p>Text.</p>"
        '<closer><idno type="outgoing">Nº 166</idno><signed>KOVALEV</signed>'
        '<num type="copy">Copy Nº 2</num><seg type="punctuation">“</seg></closer></div>'
    )
    assert body(xml) == (
        "CABLE Nº 58986\n\nTOP SECRET\n\nfrom PEKING 12 October 1949\n\nDear Comrade,\n\n"
        "Text.\n\nNº 166\n\nKOVALEV\n\nCopy Nº 2\n\n“\n"
    )


def test_loose_text_in_a_closer_is_its_own_block() -> None:
    assert body("<closer>With communist greetings <signed>W. Ulbricht</signed></closer>") == (
        "With communist greetings\n\nW. Ulbricht\n"
    )


def test_floating_text_and_postscript_paragraphs_are_blocks() -> None:
    xml = (
        "<div><p>I am sending you a telegram.</p>"
        '<floatingText type="telegram"><body><p>We intend.</p>'
        "<closer><signed>MAO ZEDONG</signed></closer></body></floatingText>"
        "<postscript><p>Deciphered by Araushkin</p><p>Five copies printed.</p></postscript></div>"
    )
    assert body(xml) == (
        "I am sending you a telegram.\n\nWe intend.\n\nMAO ZEDONG\n\n"
        "Deciphered by Araushkin\n\nFive copies printed.\n"
    )


def test_lb_is_a_line_break_and_pb_prints_nothing() -> None:
    xml = '<p>Copy Nº 2<lb/>to Cde. Stalin</p><pb n="2"/><p>in behalf <pb n="10"/>of the</p>'
    assert body(xml) == "Copy Nº 2\nto Cde. Stalin\n\nin behalf of the\n"


def test_a_list_inside_a_paragraph_breaks_it() -> None:
    xml = "<p>as follows: <list><item>one;</item><item>two.</item></list> Nothing else.</p>"
    assert body(xml) == "as follows:\n\none;\n\ntwo.\n\nNothing else.\n"


def test_a_block_quote_inside_a_paragraph() -> None:
    xml = (
        '<p>desires you to communicate: <quote rend="blockquote"><p>The Secretary.</p></quote></p>'
    )
    assert body(xml) == "desires you to communicate:\n\nThe Secretary.\n"


def test_table_rows_are_lines_of_cells() -> None:
    xml = (
        "<table><row><cell>Participants:</cell><cell>Mr. Davies</cell></row>"
        "<row><cell/><cell>Mr. MacArthur</cell></row></table>"
    )
    assert body(xml) == "Participants: Mr. Davies\n\nMr. MacArthur\n"


# ---------------------------------------------------------------------------
# Lists


def test_items_get_their_number_from_n() -> None:
    xml = '<list><item n="1">about the shipment;</item><item n="2">about people.</item></list>'
    assert body(xml) == "1. about the shipment;\n\n2. about people.\n"


@pytest.mark.parametrize("text", ["1. about", "1) about", "(1) about", "1: about"])
def test_items_that_already_start_with_their_number_keep_it(text: str) -> None:
    assert body(f'<list><item n="1">{text}</item></list>') == f"{text}\n"


def test_a_number_at_the_start_of_the_words_is_not_a_label() -> None:
    assert body('<list><item n="1">10 trips</item></list>') == "1. 10 trips\n"


def test_label_siblings_number_items() -> None:
    xml = (
        "<list><label>(1)</label><item>Urgent payment;</item>"
        "<label>a)</label><item n='9'>x</item></list>"
    )
    assert body(xml) == "(1) Urgent payment;\n\na) x\n"


def test_list_head_and_stray_label_are_kept() -> None:
    xml = "<list><head>Participants</head><item>Mr. Wang</item><label>end</label></list>"
    assert body(xml) == "Participants\n\nMr. Wang\n\nend\n"


def test_items_without_n_stand_alone() -> None:
    assert (
        body("<list><item>Copy Nº 1 to Cde. Stalin</item></list>") == "Copy Nº 1 to Cde. Stalin\n"
    )


def test_nested_list() -> None:
    xml = '<list><item n="1">first<list><item n="a">inner</item></list></item></list>'
    assert body(xml) == "1. first\n\na. inner\n"


# ---------------------------------------------------------------------------
# Notes


@pytest.mark.parametrize(
    ("place", "phrase"),
    [
        ("top", "handwritten at the top"),
        ("margin-left", "handwritten in the left margin"),
        ("margin-right", "handwritten in the right margin"),
        ("bottom", "handwritten at the bottom"),
        ("somewhere-odd", "handwritten (somewhere-odd)"),
    ],
)
def test_annotation_says_where_it_is(place: str, phrase: str) -> None:
    xml = f'<p>Text <note type="annotation" place="{place}">to Cde. Stalin</note> more</p>'
    assert body(xml) == f"Text [{phrase}: to Cde. Stalin] more\n"


def test_annotation_without_place() -> None:
    assert body('<p><note type="annotation">Agreed</note></p>') == "[handwritten: Agreed]\n"


def test_annotation_at_block_level_is_its_own_block() -> None:
    xml = (
        '<opener><note type="annotation" place="top">to Cde. Stalin IV</note>'
        "<title>CABLE</title></opener>"
    )
    assert body(xml) == "[handwritten at the top: to Cde. Stalin IV]\n\nCABLE\n"


def test_handwritten_add() -> None:
    xml = '<p>seen <add place="margin-left" hand="#h1">yes</add> and <add>inserted</add></p>'
    assert body(xml) == "seen [handwritten in the left margin: yes] and inserted\n"


def test_stamp_note_keeps_its_lines() -> None:
    xml = (
        '<note type="stamp" place="bottom"><stamp>Subject to return to the <lb/>'
        "VKP(b) CC Special Section 1664 <lb/>Incoming Nº 3425/shs</stamp></note>"
    )
    assert body(xml) == (
        "[Stamp: Subject to return to the\nVKP(b) CC Special Section 1664\nIncoming Nº 3425/shs]\n"
    )


def test_stamp_desc_is_the_qualifier() -> None:
    xml = '<p><note type="stamp"><desc>of the CC</desc>"Secret"</note></p>'
    assert body(xml) == '[Stamp of the CC: "Secret"]\n'


def test_bare_stamp_element() -> None:
    assert body("<p><stamp>Received 3 May</stamp></p>") == "[Stamp: Received 3 May]\n"


def test_translator_note() -> None:
    xml = '<p>General TAO SHIYAO <note type="translator" resp="#tr">Tao Zhiyue</note>, arrived</p>'
    assert body(xml) == "General TAO SHIYAO [Translator's note: Tao Zhiyue], arrived\n"


@pytest.mark.parametrize("kind", ["editorial", "identification", "description"])
def test_editorial_notes_are_bracketed(kind: str) -> None:
    assert body(f'<p>Typed <note type="{kind}">otp.</note> by</p>') == "Typed [otp.] by\n"


def test_editorial_note_that_keeps_its_brackets_is_not_bracketed_twice() -> None:
    assert body('<p>Filippov <note type="editorial">[Stalin]</note></p>') == "Filippov [Stalin]\n"


def test_editorial_note_with_resp_is_the_editors() -> None:
    xml = '<p>tone.<note type="editorial" resp="#editor">Radio Novi Sad</note></p>'
    assert body(xml) == "tone.[Editor's note: Radio Novi Sad]\n"


def test_empty_editorial_note_prints_nothing() -> None:
    assert body('<p>Washington<note type="description"/></p>') == "Washington\n"


def test_note_in_original() -> None:
    xml = '<p>the plan<note type="original">Not sent.</note></p>'
    assert body(xml) == "the plan[Note in original: Not sent.]\n"


def test_other_notes_are_plain_text() -> None:
    xml = (
        '<div><note type="classification">TOP SECRET</note>'
        '<p>I <note type="x">also</note> do</p></div>'
    )
    assert body(xml) == "TOP SECRET\n\nI also do\n"


def test_distribution_note_holding_a_list() -> None:
    xml = (
        '<opener><note type="distribution"><list><item n="1">Copy Nº 1 to Stalin</item>'
        '<item n="2">Copy Nº 2<lb/>to Molotov</item></list></note></opener>'
    )
    # the items already say their numbers ("Copy Nº 1"): no "1." is added before them
    assert body(xml) == "Copy Nº 1 to Stalin\n\nCopy Nº 2\nto Molotov\n"


def test_footnotes_are_marked_where_they_stand_and_listed_at_the_end() -> None:
    xml = (
        '<p>See my No. 1521.<note n="1" place="foot">Vol. i, p. 159.</note> Then'
        '<note n="2a" type="footnote">Not printed.</note></p>'
        '<p>Last.<note n="3" place="foot"><p>Two</p><p>paragraphs.</p></note></p>'
    )
    assert body(xml) == (
        "See my No. 1521.[1] Then[2a]\n\nLast.[3]\n\n"
        "[1] Vol. i, p. 159.\n\n[2a] Not printed.\n\n[3] Two\nparagraphs.\n"
    )


def test_frus_style_footnotes_carry_only_n() -> None:
    xml = (
        '<head>The Ambassador<note n="1" type="source">Source: file 611.</note></head>'
        '<p>text<note n="2">Ibid.</note></p>'
    )
    assert body(xml) == "The Ambassador[1]\n\ntext[2]\n\n[1] Source: file 611.\n\n[2] Ibid.\n"


def test_inline_source_note_is_document_text() -> None:
    xml = '<note rend="inline" type="source" n="1">File No. 861.51/148</note>'
    assert body(xml) == "File No. 861.51/148\n"


# ---------------------------------------------------------------------------
# Other editorial markup


def test_gap_shows_its_description() -> None:
    xml = (
        '<p>the <gap reason="illegible" quantity="1" unit="words">'
        "<desc>one word illegible</desc></gap> plan</p>"
    )
    assert body(xml) == "the [one word illegible] plan\n"


def test_gap_without_description() -> None:
    assert body('<p>the <gap reason="omitted"/> plan</p>') == "the […] plan\n"


def test_unclear() -> None:
    assert body("<p>Cde. <unclear>Kapranov</unclear> said</p>") == "Cde. Kapranov[?] said\n"


def test_sic() -> None:
    assert body("<p>$12,005,000 <sic>recieved</sic>;</p>") == "$12,005,000 recieved [sic];\n"


def test_supplied_attaches_to_the_word_before_when_it_touches_it() -> None:
    xml = (
        "<p>Mokr<supplied reason='abbreviated'>in</supplied> 1215, "
        "reserve <supplied>aircraft</supplied>.</p>"
    )
    assert body(xml) == "Mokr[in] 1215, reserve [aircraft].\n"


def test_del() -> None:
    assert body('<p>the <del rend="strikethrough">old</del> plan</p>') == (
        "the [crossed out: old] plan\n"
    )


def test_underline_and_other_hi() -> None:
    xml = '<p><hi rend="underline">urgent</hi> and <hi rend="italic">ky</hi>s</p>'
    assert body(xml) == "urgent [underlined] and kys\n"


def test_choice_shows_the_text_and_brackets_the_correction() -> None:
    xml = (
        "<p><choice><sic>shall</sic><corr>should</corr></choice> go; "
        "<choice><orig>Peking</orig><reg>Beijing</reg></choice>; "
        "<choice><sic>teh</sic></choice></p>"
    )
    assert body(xml) == "shall [should] go; Peking [Beijing]; teh [sic]\n"


def test_unknown_elements_keep_their_text() -> None:
    xml = (
        '<p>Text <foo>inside</foo> and <x:bar xmlns:x="urn:x">other</x:bar> '
        "<!-- a comment -->end<?pi data?>.</p><mystery>alone</mystery>"
    )
    assert body(xml) == "Text inside and other end.\n\nalone\n"


def test_unknown_element_in_another_namespace_holding_blocks() -> None:
    xml = '<div><f:attachment xmlns:f="urn:f"><p>Annex</p><p>text</p></f:attachment></div>'
    assert body(xml) == "Annex\n\ntext\n"


# ---------------------------------------------------------------------------
# The header


FULL_HEADER = """<teiHeader><fileDesc>
  <titleStmt><title>Ciphered Telegram from <persName>Kovalev</persName> to Filippov
      <note type="identification"><persName>Stalin</persName></note></title>
    <title type="sub">ignored</title><funder>Leon Levy Foundation</funder></titleStmt>
  <publicationStmt><distributor>HPPP</distributor><idno type="record">3607</idno>
    <date when="2011-01-01">2011</date>
    <availability><p>Reuse welcome.</p><p>Ask first.</p></availability></publicationStmt>
  <sourceDesc><bibl type="citation">RGASPI, f. 558. Translated by Gary Goldberg.</bibl></sourceDesc>
</fileDesc>
<profileDesc>
  <abstract><p>Mao requests fuel.</p></abstract>
  <creation><date when="1949-10-12">October 12, 1949</date></creation>
  <langUsage><language ident="ru">Russian</language><language ident="en"/></langUsage>
  <textClass><keywords><term type="genre">Cable Telegram</term>
    <term>Aviation</term><term>Xinjiang</term></keywords></textClass>
  <particDesc><listPerson><person><persName>Mao Zedong</persName><!-- c -->
      <birth when="1893"/><death>1976</death><note>leader</note></person>
    <person><persName>Kovalev, Ivan</persName></person></listPerson>
    <listOrg><org><orgName>CCP</orgName></org></listOrg></particDesc>
  <settingDesc><listPlace><place><placeName>Urumchi</placeName></place></listPlace></settingDesc>
</profileDesc></teiHeader>"""


def test_header_title_date_body_then_document_information() -> None:
    text = render_reading_text(tei("<p>Body.</p>", header=FULL_HEADER))
    assert text == (
        "Ciphered Telegram from Kovalev to Filippov [Stalin]\n\n"
        "October 12, 1949\n\n"
        "Body.\n\n"
        "Document information\n\n"
        "Summary: Mao requests fuel.\n\n"
        "Citation: RGASPI, f. 558. Translated by Gary Goldberg.\n\n"
        "Rights: Reuse welcome.\n\nAsk first.\n\n"
        "Record ID: 3607\n\n"
        "Date: 2011\n\n"
        "Donors: Leon Levy Foundation\n\n"
        "Type: Cable Telegram\n\n"
        "Subjects:\nAviation\nXinjiang\n\n"
        "Language:\nRussian\nen\n\n"
        "People:\nMao Zedong, 1893-1976, leader\nKovalev, Ivan\n\n"
        "Organizations: CCP\n\n"
        "Places: Urumchi\n"
    )


def test_footnotes_come_before_the_document_information() -> None:
    text = render_reading_text(
        tei('<p>a<note n="1" place="foot">fn</note></p>', header=FULL_HEADER)
    )
    assert "a[1]\n\n[1] fn\n\nDocument information\n" in text


def test_header_false_renders_only_the_text() -> None:
    assert render_reading_text(tei("<p>Body.</p>", header=FULL_HEADER), header=False) == "Body.\n"


def test_creation_date_without_words_uses_when() -> None:
    header = (
        "<teiHeader><profileDesc><creation><date when='1949-10-12'/></creation>"
        "</profileDesc></teiHeader>"
    )
    assert render_reading_text(tei("<p>x</p>", header=header)) == "1949-10-12\n\nx\n"


def test_header_without_metadata_has_no_information_block() -> None:
    assert "Document information" not in render_reading_text(tei("<p>x</p>"))


# ---------------------------------------------------------------------------
# Input and output


def test_bytes_trees_and_elements_render_alike() -> None:
    data = tei("<p>Same.</p>")
    root = etree.fromstring(data)
    assert (
        render_reading_text(data)
        == render_reading_text(root)
        == render_reading_text(root.getroottree())
        == "Cable No. 166 from Kovalev to Filippov [Stalin]\n\nSame.\n"
    )


def test_a_fragment_renders_as_a_body() -> None:
    div = etree.fromstring(f'<div xmlns="{TEI_NS}"><p>one</p><p>two</p></div>')
    assert render_reading_text(div) == "one\n\ntwo\n"


def test_output_has_unix_line_ends_and_one_final_newline() -> None:
    text = render_reading_text(tei("<p>a\r\nb</p><p>c</p>\n\n"), header=False)
    assert text == "a b\n\nc\n"
    assert render_reading_text(tei(""), header=False) == "\n"


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    data = (
        f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        f'<TEI xmlns="{TEI_NS}"><text><body><p>a &xxe; b</p></body></text></TEI>'
    ).encode()
    text = render_reading_text(data)
    assert "SECRET-CONTENT" not in text
    assert text == "a &xxe; b\n"


def test_malformed_xml_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"^<TEI>:1:\d+: not well-formed XML"):
        render_reading_text(b"<TEI><text>")


def test_other_input_types_are_refused() -> None:
    with pytest.raises(TypeError):
        render_reading_text("<TEI/>")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Real documents


SEED_BODY_START = "[handwritten at the top"
SEED_BODY_END = "Mokr[in] 1215"
# Words of the seed's bracket labels that the target's markup replaced by its meaning:
# "[Stamp at the end of the first page:" → <note type="stamp" place="bottom">, rendered
# "[Stamp: …]"; "[Translator’s comment: …]" → <note type="translator">, "[Translator's note: …]".
SEED_LABEL_WORDS = content_words("at the end of the first page") + content_words("comment")


def seed_body(shared: Path) -> str:
    text = (shared / "seed" / "wilson-3607-kovalev-cable.txt").read_text(encoding="utf-8")
    start = text.index(SEED_BODY_START)
    end = text.index(SEED_BODY_END) + len(SEED_BODY_END)
    return text[start:end]


def test_seed_target_keeps_every_word_of_the_seed(SHARED: Path) -> None:
    target = (SHARED / "design" / "seed-target.xml").read_bytes()
    expected = content_words(seed_body(SHARED))
    missing = missing_words(expected, content_words(render_reading_text(target)))
    assert missing_words(missing, SEED_LABEL_WORDS) == Counter(), missing


def test_seed_target_body_loses_exactly_the_label_words(SHARED: Path) -> None:
    # Without the header's words to make up for them, the allowance is spent exactly.
    target = (SHARED / "design" / "seed-target.xml").read_bytes()
    body_only = content_words(render_reading_text(target, header=False))
    assert missing_words(content_words(seed_body(SHARED)), body_only) == SEED_LABEL_WORDS


def test_seed_target_body_reads_like_the_seed(SHARED: Path) -> None:
    target = (SHARED / "design" / "seed-target.xml").read_bytes()
    text = render_reading_text(target, header=False)
    assert text.startswith(
        "[handwritten at the top: to Cde. Stalin IV]\n\nCABLE Nº 58986\n\nTOP SECRET\n"
    )
    assert "\n\nCopy Nº 1 to Cde. Stalin\n\nCopy Nº 2 to Cde. Stalin\n" in text
    assert "[Stamp: Subject to return to the\nVKP(b) CC Special Section 1664\n" in text
    assert "TAO SHIYAO [Translator's note: Tao Zhiyue, who" in text
    assert "reserve [aircraft].\n" in text
    assert "Typed [otp.] by Doronchenkova" in text
    assert text.endswith("Verified by shift chief Mokr[in] 1215\n")


def frus_documents() -> list[Path]:
    folder = Path(__file__).parents[1] / "../shared/corpus/transcriptions/frus/tei"
    return sorted(folder.glob("*.xml"))


@pytest.mark.parametrize("path", frus_documents(), ids=lambda p: p.stem)
def test_frus_encoding_reads_as_its_transcription(path: Path) -> None:
    # The corpus text was rendered from these files by another hand: same words, except the
    # footnote markers the corpus leaves out of title lines.
    text = (path.parents[1] / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")
    data = path.read_bytes()
    reading = render_reading_text(data)
    assert missing_words(content_words(text), content_words(reading)) == Counter()
    extra = missing_words(content_words(reading), content_words(text))
    note_numbers = {n.lower() for n in re.findall(r'<note n="([^"]+)"', data.decode("utf-8"))}
    assert set(extra) <= note_numbers, extra
