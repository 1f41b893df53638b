"""The seed cable converts to the constructs of ../shared/design/seed-target.xml.

seed-target.xml is a reference for meaning, not a golden file: each test asks, with XPath on
the converted seed, for one construct the target shows, and leaves ids, attribute order and
generated wording free.
"""

from __future__ import annotations

from typing import Any

import pytest
from jing import SHARED
from lxml import etree
from teitext import text_before as text_before_in

from teikit import Converted, convert_text

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
SEED = SHARED / "seed" / "wilson-3607-kovalev-cable.txt"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"{SEED} is missing")


@pytest.fixture(scope="module")
def seed() -> Converted:
    return convert_text(SEED.read_bytes().decode("utf-8-sig"), source=SEED.name)


@pytest.fixture(scope="module")
def root(seed: Converted) -> Any:
    return seed.tree.getroot()


def xp(el: Any, path: str) -> list[Any]:
    """Every query goes through here, so the TEI namespace map is never forgotten."""
    return el.xpath(path, namespaces=NS)


def one(el: Any, path: str) -> Any:
    found = xp(el, path)
    assert len(found) == 1, f"{path}: expected one match, found {len(found)}"
    return found[0]


def text(el: Any) -> str:
    """The element's text content with whitespace runs made single spaces."""
    return " ".join("".join(el.itertext()).split())


def texts(el: Any, path: str) -> list[str]:
    return [text(found) for found in xp(el, path)]


def text_before(el: Any) -> str:
    """The text of `el`'s paragraph (or other block) up to `el`, whitespace made single."""
    block = el.getparent()
    while block.tag in INLINE:
        block = block.getparent()
    return text_before_in(block, el)


def dateline_times(dateline: Any) -> set[str]:
    """hh:mm of every time in `dateline`, from <time @when> or the time part of <date @when>."""
    whens = xp(dateline, ".//tei:time/@when") + [
        when.split("T", 1)[1] for when in xp(dateline, ".//tei:date/@when") if "T" in when
    ]
    return {when[:5] for when in whens}


def dateline_days(dateline: Any) -> set[str]:
    return {when[:10] for when in xp(dateline, ".//tei:date/@when")}


INLINE = {f"{{{TEI}}}{name}" for name in ("persName", "placeName", "date", "time", "hi", "seg")}
BODY = "tei:text/tei:body/tei:div"
FLOATING = f"{BODY}/tei:floatingText[@type='telegram']/tei:body"


# ---------------------------------------------------------------------------
# The opener


def test_handwritten_annotation_is_a_note_with_place_and_hand(root: Any) -> None:
    note = one(root, "tei:text//tei:note[@type='annotation']")
    assert text(note) == "to Cde. Stalin IV"
    assert note.get("place") == "top"
    hand = note.get("hand", "")
    assert hand.startswith("#"), "the annotation names its hand"
    hand_note = one(root, f"tei:teiHeader//tei:handDesc/tei:handNote[@xml:id='{hand[1:]}']")
    assert text(hand_note)


def test_title_of_the_document(root: Any) -> None:
    assert texts(root, "tei:text//tei:title[@type='document']") == ["CABLE Nº 58986"]


def test_classification_note(root: Any) -> None:
    assert texts(root, "tei:text//tei:note[@type='classification']") == ["TOP SECRET"]


def test_distribution_list_of_addressees(root: Any) -> None:
    items = xp(root, "tei:text//tei:note[@type='distribution']/tei:list/tei:item")
    # "Copy Nº 2 / to Cde. Stalin" spans two lines of the input: still one entry.
    assert [text(item) for item in items] == [
        "Copy Nº 1 to Cde. Stalin",
        "Copy Nº 2 to Cde. Stalin",
        "Copy Nº 3 to Cde. Molotov",
        "Copy Nº 4 to Cde. Malenkov",
    ]
    assert [texts(item, "tei:persName[@role='addressee']") for item in items] == [
        ["Cde. Stalin"],
        ["Cde. Stalin"],
        ["Cde. Molotov"],
        ["Cde. Malenkov"],
    ]


def test_dateline_with_place_time_date_and_copy_number(root: Any) -> None:
    dateline = one(root, f"{BODY}/tei:opener/tei:dateline")
    assert text(dateline) == "from PEKING received at 0810 12 October 1949 Copy Nº 2"
    assert texts(dateline, ".//tei:placeName") == ["PEKING"]
    # The target has <time when="08:10:00"> beside <date when="1949-10-12">; one
    # <date when="1949-10-12T08:10:00"> says the same, so either encoding passes.
    assert dateline_times(dateline) == {"08:10"}
    assert dateline_days(dateline) == {"1949-10-12"}
    assert texts(dateline, ".//tei:num[@type='copy']") == ["Copy Nº 2"]


# ---------------------------------------------------------------------------
# The quoted telegram


def test_cover_paragraph_comes_before_the_quoted_telegram(root: Any) -> None:
    assert texts(root, f"{BODY}/tei:p") == ["I am sending you a telegram of Cde. MAO ZEDONG."]
    assert len(xp(root, f"{BODY}/tei:floatingText[@type='telegram']")) == 1


def test_quoted_telegram_has_its_own_closer(root: Any) -> None:
    closer = one(root, f"{FLOATING}/tei:closer")
    assert texts(closer, "tei:signed") == ["MAO ZEDONG"]
    assert xp(closer, "tei:dateline//tei:date/@when") == ["1949-10-11"]
    assert texts(closer, "tei:dateline") == ["11 October 1949"]


def test_ordered_list_of_three_numbered_items(root: Any) -> None:
    items = xp(root, f"{FLOATING}/tei:list[@type='ordered']/tei:item")
    assert [item.get("n") for item in items] == ["1", "2", "3"]
    assert [text(item).split()[:3] for item in items] == [
        ["about", "the", "urgent"],
        ["about", "the", "additional"],
        ["about", "sending", "five"],
    ]


def test_supplied_word_for_clarity(root: Any) -> None:
    supplied = one(root, f"{FLOATING}//tei:supplied[@reason='clarity']")
    assert text(supplied) == "aircraft"
    assert supplied.getparent().tag == f"{{{TEI}}}item"


def test_stamp_note_at_the_bottom_then_the_page_break(root: Any) -> None:
    note = one(root, "tei:text//tei:note[@type='stamp']")
    assert note.get("place") == "bottom"
    stamp = one(note, "tei:stamp")
    assert text(stamp) == (
        "Subject to return to the VKP(b) CC Special Section 1664 "
        "Incoming Nº 3425/shs 12 October 1949"
    )
    assert xp(stamp, ".//tei:date/@when") == ["1949-10-12"]
    # "at the end of the first page": page 2 begins after the stamp, before "Please inform us".
    pb = one(root, "tei:text//tei:pb")
    assert pb.get("n") == "2"
    following = xp(note, "following::*[self::tei:pb or self::tei:p][1]")
    assert following == [pb]
    after_pb = xp(pb, "following::tei:p[1]")
    assert text(after_pb[0]).startswith("Please inform us whether this plan")


def test_translator_note_points_at_the_translator(root: Any) -> None:
    note = one(root, "tei:text//tei:note[@type='translator']")
    assert text(note) == (
        "Tao Zhiyue, who was Xinjiang garrison commander and handed over control to the PLA"
    )
    assert note.get("resp") == "#translator"
    translator = one(
        root, "tei:teiHeader//tei:titleStmt/tei:respStmt/tei:persName[@xml:id='translator']"
    )
    assert text(translator) == "Gary Goldberg"
    # The note stands right after the name it comments on.
    assert text_before(note).endswith("General TAO SHIYAO")


def test_year_less_date_takes_the_document_year(root: Any) -> None:
    date = one(root, f"{FLOATING}//tei:p//tei:date")
    assert text(date) == "9 October"
    assert date.get("when") == "1949-10-09"


# ---------------------------------------------------------------------------
# The cable's closer and the cipher office's trailer


def test_outer_closer_with_number_signature_and_date(root: Any) -> None:
    closer = one(root, f"{BODY}/tei:closer")
    assert texts(closer, "tei:idno") == ["Nº 166"]
    assert texts(closer, "tei:signed") == ["KOVALEV"]
    assert xp(closer, "tei:dateline//tei:date/@when") == ["1949-10-12"]
    assert texts(closer, "tei:dateline") == ["12 October"]


def test_postscript_is_the_processing_trailer(root: Any) -> None:
    paragraphs = xp(root, f"{BODY}/tei:postscript/tei:p")
    assert [text(p) for p in paragraphs] == [
        "Deciphered by Araushkin at 1110 12 October",
        "Typed otp. by Doronchenkova at 1200 12 October",
        "Five copies printed. Nº 5 to file",
        "Nº 6617",
        "Verified by shift chief Mokrin 1215",
    ]
    assert texts(paragraphs[1], "tei:note[@type='editorial']") == ["otp."]
    supplied = one(paragraphs[4], ".//tei:supplied")
    assert text(supplied) == "in"
    assert text_before(supplied).endswith("Verified by shift chief Mokr")
    # the clerk's name, letters supplied, is one persName as the target has it
    assert texts(paragraphs[4], "tei:persName") == ["Mokrin"]
    assert supplied.getparent().tag == f"{{{TEI}}}persName"
    assert [text(p) for p in xp(paragraphs[0], "tei:persName")] == ["Araushkin"]


# ---------------------------------------------------------------------------
# The teiHeader


def test_header_title_names_the_correspondents(root: Any) -> None:
    title = one(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title")
    assert text(title).startswith("Ciphered Telegram No. 58986 from Kovalev to Filippov")
    refs = xp(title, "tei:persName/@ref")
    assert [text(p) for p in xp(title, "tei:persName[@ref]")] == ["Kovalev", "Filippov"]
    for ref in refs:
        assert ref.startswith("#")
        target = one(root, f"tei:teiHeader//tei:correspDesc//tei:persName[@xml:id='{ref[1:]}']")
        assert text(target) in {"Kovalev", "Filippov"}


def test_header_archival_identifier_and_citation(root: Any) -> None:
    ms = one(root, "tei:teiHeader//tei:sourceDesc/tei:msDesc")
    ident = one(ms, "tei:msIdentifier")
    assert texts(ident, "tei:repository") == ["RGASPI"]
    assert texts(ident, "tei:collection[@type='fond']") == ["558"]
    assert texts(ident, "tei:collection[@type='opis']") == ["11"]
    assert texts(ident, "tei:idno[@type='delo']") == ["332"]
    locus = one(ms, ".//tei:locus")
    assert (locus.get("from"), locus.get("to")) == ("0117", "0118")
    assert texts(root, "tei:teiHeader//tei:sourceDesc/tei:bibl[@type='citation']") == [
        "RGASPI, f. 558, op. 11, d. 332, ll. 0117-0118. Translated by Gary Goldberg."
    ]


def test_header_abstract_creation_genre_and_rights(root: Any) -> None:
    header = one(root, "tei:teiHeader")
    assert texts(header, "tei:profileDesc/tei:abstract/tei:p") == [
        "Mao requests assistance with shipments of fuel, troops, and aircraft to Urumchi."
    ]
    assert xp(header, "tei:profileDesc/tei:creation/tei:date/@when") == ["1949-10-12"]
    assert texts(header, "tei:profileDesc/tei:textClass//tei:term[@type='genre']") == [
        "Cable Telegram"
    ]
    rights = xp(header, "tei:fileDesc/tei:publicationStmt/tei:availability/tei:p")
    assert len(rights) == 2
    assert text(rights[0]).startswith("The History and Public Policy Program welcomes reuse")
    assert text(rights[1]).startswith("To enquire about this document's rights status")


def test_header_language_is_a_translation(root: Any) -> None:
    # the page names no original language, but "Translated by" in the citation says enough
    assert texts(root, "tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language[@ident='en']") == [
        "English (translation)"
    ]


def test_header_correspondence(root: Any) -> None:
    desc = one(root, "tei:teiHeader/tei:profileDesc/tei:correspDesc")
    sent = one(desc, "tei:correspAction[@type='sent']")
    assert texts(sent, "tei:persName") == ["Kovalev"]
    assert xp(sent, "tei:date/@when") == ["1949-10-12"]
    received = one(desc, "tei:correspAction[@type='received'][not(@subtype)]")
    assert texts(received, "tei:persName") == ["Filippov"]
    copies = one(desc, "tei:correspAction[@type='received'][@subtype='copy']")
    assert texts(copies, "tei:persName") == ["Cde. Stalin", "Cde. Molotov", "Cde. Malenkov"]


def test_header_names_teikit(root: Any) -> None:
    import teikit

    app = one(root, "tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application")
    assert app.get("ident") == "teikit"
    assert app.get("version") == teikit.__version__


# ---------------------------------------------------------------------------
# Diagnostics


def test_unclosed_stamp_bracket_is_a_warning_where_it_opened(seed: Converted) -> None:
    unclosed = [d for d in seed.diagnostics if d.code == "brackets.unclosed"]
    assert [(d.severity, d.file, d.line, d.col) for d in unclosed] == [
        ("warning", SEED.name, 46, 1)
    ]


def test_site_chrome_is_reported_as_info(seed: Converted) -> None:
    chrome = [d for d in seed.diagnostics if d.code == "page.chrome"]
    assert [(d.severity, d.line, d.col) for d in chrome] == [("info", 1, 1)]
    assert "Skip to content" in chrome[0].message


def test_no_errors(seed: Converted) -> None:
    assert seed.ok, [d for d in seed.diagnostics if d.severity == "error"]


def test_element_names_are_tei(root: Any) -> None:
    # Every element is in the TEI namespace: a stray namespace would hide from every XPath above.
    assert {etree.QName(el).namespace for el in root.iter() if isinstance(el.tag, str)} == {TEI}
