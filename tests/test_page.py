"""split_page: chrome, title, date, document and metadata of a copied archive web page."""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teikit import convert_text
from teikit.transcription.conventions import PageWords, load_conventions
from teikit.transcription.layout import Line, split_lines
from teikit.transcription.page import (
    PageSplit,
    is_date_line,
    page_shape,
    split_page,
    unflatten_export,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
WILSON = SHARED / "corpus" / "transcriptions" / "wilson-style"
FRUS = SHARED / "corpus" / "transcriptions" / "frus" / "text"
SEED = SHARED / "seed" / "wilson-3607-kovalev-cable.txt"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is missing")

WORDS = load_conventions().page


def read_lines(path: Path) -> list[str]:
    # utf-8-sig drops the BOM of the one file that has it; splitlines() handles CRLF.
    return path.read_text("utf-8-sig").splitlines()


def owners(split: PageSplit, lines: list[str]) -> dict[int, list[str]]:
    """Every place each line index was put, so a test can see duplicates and gaps."""
    found: dict[int, list[str]] = {}

    def put(i: int, where: str) -> None:
        found.setdefault(i, []).append(where)

    for i in split.chrome:
        put(i, "chrome")
    for i in split.consumed:
        put(i, "consumed")
    if split.title is not None:
        put(split.title, "title")
    if split.date is not None:
        put(split.date, "date")
    for i in range(*split.body):
        if lines[i].replace("\ufeff", "").strip():
            put(i, "body")
    for k, field in enumerate(split.fields):
        own = set(field.lines) | ({field.label_line} if field.label_line is not None else set())
        for i in own:
            put(i, f"field{k}:{field.name}")
    return found


def assert_nothing_lost(split: PageSplit, lines: list[str]) -> None:
    found = owners(split, lines)
    filled = {i for i, line in enumerate(lines) if line.replace("\ufeff", "").strip()}
    assert set(found) == filled, f"lost: {sorted(filled - set(found))}"
    twice = {i: w for i, w in found.items() if len(w) > 1}
    assert not twice, f"lines in two places: {twice}"
    first, last = split.body
    assert 0 <= first <= last <= len(lines)


def corpus_files() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(WILSON.glob("*.txt")) + sorted(FRUS.glob("*.txt")) + [SEED]


def manifest_shapes() -> dict[str, str]:
    if not WILSON.is_dir():
        return {}
    with (WILSON / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return {row["file"]: row["shape"] for row in csv.DictReader(handle, delimiter="\t")}


@needs_shared
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_line_lands_in_exactly_one_place(path: Path) -> None:
    lines = read_lines(path)
    assert_nothing_lost(split_page(lines, page=WORDS), lines)


@needs_shared
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_shape_matches_the_corpus(path: Path) -> None:
    expected = manifest_shapes().get(path.name, "page" if path == SEED else "bare")
    split = split_page(read_lines(path), page=WORDS)
    assert split.shape == expected
    if expected == "bare":
        assert split.fields == split.chrome == split.consumed == ()
        assert split.title is None and split.date is None


# Per file: what a reader of the page sees as title, date, first and last line of the
# document, and the metadata values.  None means the page has no such value.
PAGES = {
    "wilson-3607-kovalev-cable.txt": dict(
        title="Ciphered Telegram No. 58986 from Kovalev to Filippov [Stalin]",
        date="October 12, 1949",
        first="[handwritten at the top: to Cde. Stalin IV]",
        last="Verified by shift chief Mokr[in] 1215",
        summary="Mao requests assistance with shipments of fuel, troops, and aircraft to Urumchi.",
        citation="RGASPI, f. 558, op. 11, d. 332, ll. 0117-0118. Translated by Gary Goldberg.",
        record_id=None,
        type="Cable Telegram",
        language=None,
        uploaded=None,
    ),
    "cable-1950-beijing-roshchin.txt": dict(
        title="Ciphered Telegram No. 4312 from Roshchin to Filippov [Stalin]",
        date="March 18, 1950",
        first="[handwritten at the top: Cde. Molotov, Cde. Bulganin. Familiarize. St.]",
        last="Verified by shift chief Kapr[anov] 0440",
        summary=(
            "Roshchin forwards Zhou Enlai's request for Soviet specialists, training places"
            " and spare parts for the restoration of the Anshan steel works."
        ),
        citation="RGASPI, f. 558, op. 11, d. 334, ll. 64-66. Translated by Lena Ostrova.",
        record_id="261734",
        type="Cable Telegram",
        language="Russian",
        uploaded="2015-06-22",
    ),
    "memcon-1956-warsaw-ponomarenko.txt": dict(
        title=(
            "Record of Conversation between Soviet Ambassador P. K. Ponomarenko and"
            " T. Wierzbicki, Head of the Foreign Department of the CC PUWP"
        ),
        date="February 09, 1956",
        first="SECRET",
        last="[2] No reply from the Ministry has been found in the file.",
        summary=(
            "Ponomarenko and Wierzbicki discuss the delayed coal deliveries to the GDR, the"
            " return of Polish students from Soviet universities, and the preparations for the"
            " Polish delegation's visit to Moscow."
        ),
        citation=(
            "AVP RF, f. 0122, op. 40, p. 318, d. 11, ll. 23-29."
            " Translated by Paul Kessler for CWIHP."
        ),
        record_id="300512",
        type="Memorandum of Conversation",
        language="Russian",
        uploaded="2019-11-04",
    ),
    "letter-1961-berlin-ulbricht.txt": dict(
        title="Letter from Walter Ulbricht to Nikita Khrushchev on Deliveries of Rolled Steel",
        date="May 03, 1961",
        first=(
            "[Stamp of the Central Committee of the Socialist Unity Party of Germany:"
            ' "Office of the First Secretary. Outgoing No. 0412/61"]'
        ),
        last="[handwritten at the bottom: sent by courier 4.5. 14.00]",
        summary=(
            "Ulbricht asks Khrushchev to raise Soviet deliveries of rolled steel and pipes to"
            " the GDR and offers additional chemical equipment and ships in return."
        ),
        citation=(
            "Stiftung Archiv der Parteien und Massenorganisationen der DDR im Bundesarchiv"
            " (SAPMO-BArch), DY 30/3509, Bl. 41-43."
            " Translated from German by Paul Kessler for CWIHP."
        ),
        record_id="208817",
        type="Letter",
        language="German",
        uploaded=None,
    ),
    "memorandum-1954-budapest-mfa.txt": dict(
        title=(
            "Memorandum of the Hungarian Ministry of Foreign Affairs on a Conversation"
            " with the Yugoslav Chargé d'Affaires"
        ),
        date="September 22, 1954",
        first="Hungarian Ministry of Foreign Affairs Strictly confidential!",
        last="deputy head of department",
        summary=(
            "A Yugoslav diplomat proposes to settle border, railway and river questions with"
            " Hungary; the Hungarian side raises the Radio Novi Sad broadcasts."
        ),
        citation=(
            "MNL OL, XIX-J-1-j Jugoszlávia, 1945-1964, 12. doboz, 4/b, 00981/1954."
            " Translated by Réka Hollós."
        ),
        record_id="177209",
        type="Memorandum",
        language="Hungarian",
        uploaded=None,
    ),
    "telegram-1958-vienna-nara.txt": dict(
        title=(
            "Telegram from the US Embassy in Vienna to the Secretary of State on Austrian"
            " Soundings about the Leipzig Fair"
        ),
        date="March 11, 1958",
        first="Page 1 of 2",
        last="CONFIDENTIAL PERMANENT RECORD COPY",
        summary=(
            "The Austrian Foreign Ministry asks whether Washington objects to an Austrian"
            " Chamber of Commerce delegation going to the Leipzig Fair; the Embassy proposes"
            " a reply."
        ),
        citation=(
            "NARA, RG 59, Central Decimal File 1955-59, box 3412, 663.62B/3-1158."
            " Obtained by Nathan Ferris."
        ),
        record_id="119876",
        type="Telegram",
        language="English",
        uploaded=None,
    ),
    "minutes-1958-moscow-presidium.txt": dict(
        title="Protocol No. 164 of the Meeting of the CC CPSU Presidium (Excerpt)",
        date="April 17, 1958",
        first="[handwritten: Cde. Ponomarev B.N. – for information. 18.IV]",
        last='[Stamp: "CC CPSU General Department. 1st sector"]',
        summary=(
            "Excerpt from a CC CPSU Presidium protocol approving additional grain, sugar and"
            " geological assistance to Albania, with the instruction to the Soviet ambassador"
            " in Tirana."
        ),
        citation=("RGANI, f. 3, op. 12, d. 1007, ll. 3-5. Translated by Daria Orlova for CWIHP."),
        record_id="175502",
        type="Minutes",
        language="Russian",
        uploaded="2018-02-13",
    ),
}


def page_path(name: str) -> Path:
    return SEED if name == SEED.name else WILSON / name


def squeeze(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@needs_shared
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_parts(name: str) -> None:
    want = PAGES[name]
    lines = read_lines(page_path(name))
    split = split_page(lines, page=WORDS)
    assert split.shape == "page"
    assert split.title is not None and lines[split.title] == want["title"]
    assert split.date is not None and lines[split.date] == want["date"]
    first, last = split.body
    assert squeeze(lines[first]) == want["first"]
    assert squeeze(lines[last - 1]) == want["last"]
    for key in ("summary", "citation", "record_id", "type", "language", "uploaded"):
        assert split.value(key) == want[key], key


@needs_shared
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_ends_with_rights_and_a_record_id(name: str) -> None:
    split = split_page(read_lines(page_path(name)), page=WORDS)
    rights = split.field("rights")
    assert rights is not None and "welcomes reuse" in rights.paragraphs[0]
    record = split.field("record_id")
    assert record is not None and record.label_line is not None
    assert not any(f.name == "other" for f in split.fields)


@needs_shared
def test_seed_fields_in_page_order_labelled_or_not() -> None:
    lines = read_lines(SEED)
    split = split_page(lines, page=WORDS)
    assert split.chrome == (0,)
    assert [lines[i] for i in split.consumed] == ["Document Information"]
    shape = [(f.name, f.label_line is not None, len(f.paragraphs)) for f in split.fields]
    assert shape == [
        ("summary", False, 1),
        ("citation", False, 1),
        ("rights", False, 2),
        ("uploaded", True, 0),
        ("type", False, 1),
        ("record_id", True, 0),
    ]
    rights = split.field("rights")
    assert rights is not None
    assert rights.paragraphs[1].endswith("Program at [email protected].")  # NBSP folded
    uploaded = split.field("uploaded")
    assert uploaded is not None and lines[uploaded.label_line or 0] == "Original Uploaded Date"
    assert uploaded.lines == ()


@needs_shared
def test_memcon_metadata_before_the_document() -> None:
    lines = read_lines(WILSON / "memcon-1956-warsaw-ponomarenko.txt")
    split = split_page(lines, page=WORDS)
    assert [lines[i] for i in split.chrome] == ["Skip to content", "Search", "Menu"]
    assert [lines[i] for i in split.consumed] == ["Document"]
    names = [f.name for f in split.fields]
    assert names == [
        "summary",
        "language",
        "subjects",
        "people",
        "citation",
        "rights",
        "uploaded",
        "type",
        "record_id",
    ]
    before = [f for f in split.fields if (f.label_line or 0) < split.body[0]]
    assert [f.name for f in before] == ["summary", "language", "subjects", "people"]
    subjects = split.field("subjects")
    assert subjects is not None and subjects.paragraphs == (
        "Poland--Foreign economic relations--Soviet Union",
        "Coal trade",
        "Students, Foreign",
        "Germany (East)",
    )
    people = split.field("people")
    assert people is not None and len(people.paragraphs) == 2


@needs_shared
def test_telegram_chrome_above_the_title_and_a_labelled_summary() -> None:
    lines = read_lines(WILSON / "telegram-1958-vienna-nara.txt")
    split = split_page(lines, page=WORDS)
    # The tagline is in no chrome list: it is chrome because it stands above the title.
    assert [lines[i] for i in split.chrome] == [
        "Skip to content",
        "Digital Archive",
        "International History Declassified",
    ]
    summary = split.field("summary")
    assert summary is not None and lines[summary.label_line or 0] == "Summary"
    donors = split.field("donors")
    assert donors is not None and donors.paragraphs == ("Leon Levy Foundation",)


@needs_shared
def test_empty_labels_keep_their_line() -> None:
    lines = read_lines(WILSON / "letter-1961-berlin-ulbricht.txt")
    split = split_page(lines, page=WORDS)
    for name, label in (("donors", "Donors"), ("uploaded", "Original Uploaded Date")):
        field = split.field(name)
        assert field is not None and field.lines == () and field.paragraphs == ()
        assert field.label_line is not None and lines[field.label_line] == label


@needs_shared
def test_line_terminators_left_on_the_lines_change_nothing() -> None:
    # Split on LF only: the CRLF region leaves CR on its lines; the BOM stays on line 0.
    raw = (WILSON / "memcon-1956-warsaw-ponomarenko.txt").read_text("utf-8").split("\n")
    clean = read_lines(WILSON / "memcon-1956-warsaw-ponomarenko.txt")
    assert split_page(raw, page=WORDS).fields == split_page(clean, page=WORDS).fields
    bom = (WILSON / "memcon-1958-beijing-yudin.txt").read_text("utf-8").splitlines()
    assert bom[0].startswith("\ufeff")
    split = split_page(bom, page=WORDS)
    assert split.shape == "bare" and split.body[0] == 0
    assert_nothing_lost(split, bom)


# ---------------------------------------------------------------------------
# Small invented pages: one rule each
# ---------------------------------------------------------------------------


def test_bare_text_is_all_document() -> None:
    lines = ["", "TOP SECRET", "", "Moscow, 3 March 1953", "Text.", ""]
    split = split_page(lines, page=WORDS)
    assert split == PageSplit("bare", (), None, None, (1, 5), (), ())


def test_a_section_heading_under_an_empty_list_label_is_no_value() -> None:
    lines = [
        "Skip to content",
        "",
        "March 3, 1958",
        "Note on the Harbour",
        "",
        "The dues were lowered.",
        "",
        "Associated Places",
        "Associated Topics",
        "Related Documents",
        "Document Information",
        "Record ID",
        "123456",
    ]
    split = split_page(lines, page=WORDS)
    topics = split.field("subjects")
    assert topics is not None and topics.paragraphs == ()
    assert lines.index("Related Documents") in split.chrome
    assert_nothing_lost(split, lines)


def test_empty_input() -> None:
    assert split_page([], page=WORDS).body == (0, 0)
    assert split_page(["", "  ", "\u00a0"], page=WORDS).shape == "bare"


def test_inline_label_and_trailing_chrome() -> None:
    lines = [
        "Skip to content",
        "",
        "1 May 1950",
        "",
        "A Title",
        "",
        "The document.",
        "",
        "Document Information",
        "",
        "Original Language: Russian",
        "",
        "Back to top",
    ]
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    language = split.field("language")
    assert language is not None and language.paragraphs == ("Russian",)
    assert language.label_line == 10 and language.lines == (10,)
    assert split.chrome == (0, 12)
    assert split.body == (6, 7)


def test_a_label_inside_the_document_does_not_start_the_metadata() -> None:
    lines = [
        "Skip to content",
        "",
        "January 9, 1952",
        "",
        "Memorandum of Conversation",
        "",
        "Document",
        "",
        "Subject:",
        "",
        "Japanese Relations with China",
        "",
        "Participants:",
        "Sir Oliver Franks, British Ambassador",
        "",
        "The Ambassador said that the talks went well.",
        "",
        "Citation",
        "",
        "FRUS 1952-54, vol. XIV, doc. 467.",
    ]
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert split.body == (8, 16)
    assert [f.name for f in split.fields] == ["citation"]


def test_metadata_above_a_document_without_a_document_line() -> None:
    lines = [
        "Skip to content",
        "",
        "Memorandum for the Secretary",
        "",
        "May 1, 1950",
        "",
        "Summary",
        "",
        "The Embassy reports on the talks.",
        "",
        "Subject: Talks with the Minister",
        "Date: May 1, 1950",
        "",
        "The talks went well.",
    ]
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    # One paragraph per value before the document; "Subject:" opens the memorandum.
    assert [f.name for f in split.fields] == ["summary"]
    assert split.body == (10, 14)


def test_a_details_heading_inside_the_document_is_not_the_metadata() -> None:
    lines = [
        "Skip to content",
        "",
        "May 1, 1950",
        "",
        "Report on the Fair",
        "",
        "The Fair opened on time.",
        "",
        "Details",
        "",
        "Forty firms took part.",
        "",
        "Document Information",
        "",
        "Record ID",
        "",
        "12",
    ]
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert split.body == (6, 11)
    assert [lines[i] for i in split.consumed] == ["Document Information"]
    assert split.value("record_id") == "12"


def test_no_summary_is_invented_without_a_gap() -> None:
    # The last paragraph of the document sits as close to it as to the metadata.
    lines = ["Skip to content", "", "1 May 1950", "", "A Title", "", "Text one.", "",
             "Signature", "", "Document Information", "", "Record ID", "", "12"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert split.field("summary") is None
    assert split.body == (6, 9)
    assert split.value("record_id") == "12"


def test_users_extend_the_chrome_list() -> None:
    lines = ["Skip to content", "Cookie settings", "", "1 May 1950", "", "A Title", "", "Text."]
    # Unknown chrome right above the date reads as the title: the title may stand
    # above or below the date, and only the chrome list tells them apart.
    plain = split_page(lines, page=WORDS)
    assert (plain.chrome, plain.title, plain.body) == ((0,), 1, (5, 8))
    mine = dataclasses.replace(WORDS, chrome=WORDS.chrome + ("cookie settings",))
    split = split_page(lines, page=mine)
    assert (split.chrome, split.title, split.body) == ((0, 1), 5, (7, 8))


def test_date_lines() -> None:
    assert is_date_line("October 12, 1949")
    assert is_date_line("12 October 1949")
    assert is_date_line("2015-06-22")
    assert not is_date_line("Moscow, 3 March 1953")
    assert not is_date_line("Page 1 of 2")


def test_a_month_and_a_year_are_a_page_date_when_the_word_is_a_month() -> None:
    assert is_date_line("June 1961", months=WORDS.months)
    assert is_date_line("Sept. 1961", months=WORDS.months)
    assert not is_date_line("June 1961")  # without the month names, a word and a number
    assert not is_date_line("Record 2015", months=WORDS.months)
    assert not is_date_line("Page 1961", months=WORDS.months)


def test_a_month_and_year_date_keeps_the_credit_out_of_the_title() -> None:
    lines = ["Skip to content", "", "June 1961", "", "Letter from A to B", "",
             "This document was made possible with support from the Invented Foundation",
             "", "Dear Comrade B!"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert (split.date, split.title, split.body) == (2, 4, (8, 9))
    assert split.value("donors") == lines[6]


MIRROR = [
    "March 3, 1957",
    "Journal of the Consul for 3 March 1957",
    "This document was made possible with support from the Invented Foundation",
    "SECRET",
    "3 March 1957",
    "I visited the chairman.",
]


def test_a_mirror_copy_without_chrome_or_blank_lines_opens_with_the_page_head() -> None:
    split = split_page(MIRROR, page=WORDS)
    assert_nothing_lost(split, MIRROR)
    assert (split.shape, split.date, split.title, split.body) == ("page", 0, 1, (3, 6))
    assert split.value("donors") == MIRROR[2]
    # title above the date does as well
    swapped = [MIRROR[1], MIRROR[0], *MIRROR[2:]]
    assert (split_page(swapped, page=WORDS).title, split_page(swapped, page=WORDS).date) == (0, 1)


def test_a_summary_above_the_date_and_the_title_below_it() -> None:
    lines = ["Skip to content", "",
             "The consul and the chairman discuss the harbour, the fishing fleet and the visit.",
             "March 3, 1957", "Journal of the Consul for 3 March 1957",
             "This document was made possible with support from the Invented Foundation",
             "SECRET", "I visited the chairman."]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert (split.date, split.title, split.body) == (3, 4, (6, 8))
    assert split.value("summary") == lines[2]
    assert split.value("donors") == lines[5]


def test_a_summary_cut_off_above_the_date_title_and_credit() -> None:
    """The site cuts a related document's summary off without its stop: over the date, the
    title and the funding credit it is no title, and the page is a page copy; nor is it
    this document's summary: it is reported as chrome."""
    lines = ["In a report of the year before, the consul painted a dire picture of the harbour"
             " works gaining", "March 3, 1957", "Journal of the Consul for 3 March 1957",
             "This document was made possible with support from the Invented Foundation",
             "HARBOUR BOARD OF VELMAR", "I visited the chairman."]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert (split.shape, split.date, split.title, split.body) == ("page", 1, 2, (4, 6))
    assert split.value("summary") is None
    assert 0 in split.chrome
    # without the credit below the title, a line with no stop is no teaser
    assert split_page([*lines[:3], *lines[4:]], page=WORDS).shape == "bare"


def test_a_summary_without_its_stop_that_opens_with_the_title() -> None:
    """Above "Document Information", a line opening with the page's title ("Record of … in
    which …") is its summary, its stop left out or not."""
    lines = ["Skip to content", "", "July 21, 1979", "",
             "Record of Conversation between the Consul and the Chairman", "",
             "The chairman asked for ten boats for the harbour works.", "",
             "Record of Conversation between the Consul and the Chairman in which the"
             " chairman asks for boats", "", "", "Document Information", "", "Source", "",
             "Notes by the Harbour Board, f. 5, op. 76, d. 1045"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert split.value("summary") == lines[8]
    assert split.body == (6, 7)


def test_a_second_summary_right_above_the_authors() -> None:
    lines = ["Skip to content", "",
             "A note on the harbour works of another day, listed among related documents.",
             "March 3, 1957", "Cable from the Consulate in Velmar, 'The Harbour Works'", "",
             "SECRET", "", "The chairman received me and spoke of the harbour works at length.",
             "", "Consulate in Velmar", "3 March 1957", "",
             "Cable from the Consulate in Velmar describing the chairman's views of the works.",
             "", "Author(s):"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    # the one right above "Author(s):" is the page's summary and leaves the document; the
    # one above the date is a related document's, reported as chrome
    assert split.body == (6, 12)
    assert [f.paragraphs for f in split.fields if f.name == "summary"] == [(lines[13],)]
    assert 2 in split.chrome
    # the same sentence again below is the one summary
    lines[13] = lines[2]
    split = split_page(lines, page=WORDS)
    assert 2 not in split.chrome


def test_a_mirror_copy_whose_heading_repeats_the_title() -> None:
    lines = ["May 20, 1970", "Minutes of the Port Committee",
             "Minutes of the Port Committee, 20 May 1970", "Present are A and B."]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert (split.shape, split.date, split.title, split.body) == ("page", 0, 1, (2, 4))


def test_a_mirror_copy_opening_with_the_page_date_and_the_archive_s_title() -> None:
    """No chrome, no credit: the page's date, then a title of the archive's shape (long,
    naming the kind of document) over the document's own letterhead."""
    lines = ["May 20, 1960", "",
             "Report, Embassy of Norland in Ostria to the Norland Foreign Ministry",
             "The Embassy of Norland.", "Top Secret.",
             "Upon my request I was received."]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert (split.shape, split.date, split.title, split.body) == ("page", 0, 2, (3, 6))


def test_a_document_opening_with_its_own_date_stays_bare() -> None:
    for lines in (
        ["May 20, 1970", "TOP SECRET", "Minutes of the Port Committee", "Text."],
        # a short title, or one naming no kind of document, is the document's own
        ["May 20, 1970", "Report on the Harbour", "The committee met.", "Text."],
        ["May 20, 1970", "On the Works of the Harbour of Velmar", "The committee met."],
        ["May 20, 1970", "Dear Belov!", "Dear Belov! We met.", "Text."],  # < 3 words
        # a credit's words in a paragraph of the document, not a line of its own
        ["May 20, 1970", "", "Report", "", "The committee, funded by the ministry, met", "today."],
        ["May 20, 1970", "Report", "The committee, funded by the ministry, met. " * 4, "Text."],
    ):
        assert split_page(lines, page=WORDS).shape == "bare", lines


OLD_LAYOUT = [
    "July 14, 1953",
    "",
    "",
    "    Orlov reports to Belov on the barges.",
    '    "Record of a Conversation between Orlov and Belov ," July 14, 1953, History and Public'
    " Policy Program Digital Archive, Invented Regional Archive, fond 7.",
    "    Translated by Ann Orlova",
    "Record of the Conversation",
    "",
    "Present are: Orlov, Belov.",
]


def test_the_old_layout_box_under_the_date_holds_summary_and_citation() -> None:
    split = split_page(OLD_LAYOUT, page=WORDS)
    assert_nothing_lost(split, OLD_LAYOUT)
    assert (split.shape, split.date, split.title, split.body) == ("page", 0, None, (6, 9))
    summary, citation = split.fields
    assert (summary.name, summary.lines, summary.label_line) == ("summary", (3,), None)
    # the citation runs on over the line below it, indented as far
    assert (citation.name, citation.lines) == ("citation", (4, 5))
    assert citation.text.endswith("fond 7. Translated by Ann Orlova")


def test_a_quoted_line_that_names_no_archive_is_no_citation_box() -> None:
    lines = ["July 14, 1953", "", '"Comrades," he said, "we begin."', "Text."]
    assert split_page(lines, page=WORDS).shape == "bare"


FLAT_EXPORT = (
    "Digital Archive archive.example.org International History Declassified"
    " May 12, 1959 Letter from Orlov to Belov"
    " Citation: “Letter from Orlov to Belov,” May 12, 1959, Invented Regional Archive."
    " Summary: Orlov asks for parts."
    " Original Language: Russian"
    " Contents: English Translation Dear Comrade Belov! Send the parts. Summary: none."
)


def test_a_flattened_export_is_read_one_paragraph_a_part() -> None:
    lines = unflatten_export(split_lines(f"\n{FLAT_EXPORT}\n"), page=WORDS)
    texts = [line.text.strip() for line in lines if not line.blank]
    assert texts == [
        "Digital Archive archive.example.org International History Declassified",
        "May 12, 1959",
        "Letter from Orlov to Belov",
        "Citation:",
        "“Letter from Orlov to Belov,” May 12, 1959, Invented Regional Archive.",
        "Summary:",
        "Orlov asks for parts.",
        "Original Language:",
        "Russian",
        "Contents:",
        "English Translation",
        "Dear Comrade Belov! Send the parts. Summary: none.",  # the document is never cut
    ]
    # every piece keeps the number and the columns of its line
    assert {line.number for line in lines} == {1, 2}
    for line in lines:
        if not line.blank:
            start = len(line.text) - len(line.text.lstrip())
            assert FLAT_EXPORT[start:].startswith(line.text.strip())
    split = split_page([line.text for line in lines], page=WORDS)
    assert split.shape == "page"
    assert lines[split.date or 0].text.strip() == "May 12, 1959"
    assert lines[split.title or 0].text.strip() == "Letter from Orlov to Belov"
    assert [lines[i].text.strip() for i in split.chrome] == [texts[0]]
    assert [lines[i].text.strip() for i in split.consumed] == ["Contents:", "English Translation"]
    assert [(f.name, f.text) for f in split.fields] == [
        ("citation", texts[4]),
        ("summary", "Orlov asks for parts."),
        ("language", "Russian"),
    ]
    assert lines[split.body[0]].text.strip() == texts[-1]


def test_the_export_labels_on_lines_of_their_own() -> None:
    lines = ["Digital Archive archive.example.org International History Declassified", "",
             "May 12, 1959 Letter from Orlov to Belov", "", "Citation:", "", "“Letter,” 1959.",
             "", "Credits:", "", "Made possible by the Invented Foundation.", "", "Contents:",
             "", "English Translation", "", "Dear Comrade Belov!"]  # fmt: skip
    spread = [line.text for line in unflatten_export(split_lines("\n".join(lines)), page=WORDS)]
    split = split_page(spread, page=WORDS)
    assert split.shape == "page"
    assert [f.name for f in split.fields] == ["citation", "donors"]
    assert spread[split.body[0]] == "Dear Comrade Belov!"
    assert spread[split.title or 0].strip() == "Letter from Orlov to Belov"


def test_too_few_export_labels_or_out_of_order_change_nothing() -> None:
    for text in (
        "May 12, 1959 Letter Citation: “L,” 1959. Contents: Text.",  # two labels
        "May 12, 1959 Letter Contents: x Citation: “L,” 1959. Summary: S",  # no label last
        "\n".join(["x"] * 9) + "\nCitation: a Summary: b Contents: c",  # below the page's head
    ):
        lines = split_lines(text)
        assert unflatten_export(lines, page=WORDS) == lines, text


def test_a_banner_is_chrome_once_its_address_is_left_out() -> None:
    lines = ["Digital Archive archive.example.org International History Declassified", "",
             "May 1, 1950", "", "A Title", "", "Text."]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert split.chrome == (0,)
    assert split_page(["Cde.Kim", "", "Text"], page=WORDS).chrome == ()


def test_a_sites_menu_bar_and_a_viewers_buttons_are_chrome() -> None:
    lines = ["Home | Letters | Telegrams |  Index", "", "Telegram to the Harbour Board", "",
             "We have received your letter of 3 May.", "", "Item | Tons | Price"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert split.chrome == (0,)  # a table's row inside the text is no menu
    viewer = ["Gambar halaman", "PDF", "ePub", "", "My Lord,", "", "I told him so."]
    assert split_page(viewer, page=WORDS).chrome == (0, 1, 2)
    # a menu is another site's: the archive is not named as distributor
    assert split_page(lines, page=WORDS).other_site
    # rows of a table opening the text are no menu
    table = ["Name | Rank | Unit", "Smith | Colonel | Third Army", "", "The meeting ended."]
    assert split_page(table, page=WORDS).chrome == ()


def test_a_line_of_chrome_over_the_text_and_again_under_it_is_the_sites_footer() -> None:
    lines = ["Home | Letters | Telegrams", "", "Selected Letters of the Harbour Board", "",
             "Telegram to the Board", "", "December 19, 1949", "",
             "We have received your letter.", "",
             "Selected Letters of the Harbour Board"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert (split.chrome, split.body, split.title) == ((0, 2, 10), (8, 9), 4)


def test_page_shape_needs_chrome_or_metadata() -> None:
    assert page_shape(["Skip to content", "x"], page=WORDS) == "page"
    assert page_shape(["Text", "", "Document Information", "", "Record ID"], page=WORDS) == "page"
    assert page_shape(["Text", "", "Details", "", "More text"], page=WORDS) == "bare"
    assert page_shape(["Subject:", "Japanese Relations"], page=WORDS) == "bare"


# ---------------------------------------------------------------------------
# Property: any text, nothing lost, no exception
# ---------------------------------------------------------------------------

PIECES = [
    "",
    "",
    " ",
    "\u00a0",
    "Skip to content",
    "Search",
    "English",
    "October 12, 1949",
    "2015-06-22",
    "A title line",
    "Document",
    "Document Information",
    "Summary",
    "Source",
    "Original Language:",
    "Original Language: Russian",
    "Record ID",
    "261734",
    "Cable Telegram",
    "Subjects Discussed",
    "RGASPI, f. 558, op. 11, d. 332. Translated by Gary Goldberg.",
    "The Program welcomes reuse of materials.",
    "Some sentence of the document.",
    "\ufeffTOP SECRET",
    "Russian\r",
    "June 1961",
    "This document was made possible with support from the Invented Foundation",
    "    Orlov reports on the barges.",
    '    "A Title," May 1, 1950, Invented Archive, fond 7.',
    "Citation:",
    "Credits:",
    "Contents:",
    "English Translation",
    "May 12, 1959 Letter from A to B Citation: “L,” 1959. Summary: S Contents: English Translation",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40))
@example(["•"])  # a lone bullet was taken for a blank line and lost from a bare page
@example(["Skip to content", "•"])  # …and from a web page's chrome
def test_any_lines_split_without_loss(lines: list[str]) -> None:
    split = split_page(lines, page=WORDS)
    assert split.shape in ("page", "bare")
    assert_nothing_lost(split, lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40))
def test_unflattening_keeps_every_word_in_its_line(lines: list[str]) -> None:
    before = tuple(Line(n, text) for n, text in enumerate(lines, 1))
    after = unflatten_export(before, page=WORDS)
    for n, text in enumerate(lines, 1):
        pieces = " ".join(line.text for line in after if line.number == n)
        assert pieces.split() == text.split()


def test_words_come_from_the_conventions() -> None:
    assert isinstance(WORDS, PageWords)
    counts = Counter(WORDS.genres)
    assert counts["cable telegram"] == 1  # genres sit in [page], not in [page.fields]
    assert "genres" not in WORDS.fields


# The current layout: page date, title, a summary that says the title again, the document.
SUMMARY_UNDER_TITLE = ["Skip to content", "", "March 3, 1953", "",
                       "Telegram from the Invented Consul in Lisbon to Anna Brook", "",
                       "Reply of the Invented Consul in Lisbon to Anna Brook, 3 March 1953.", "",
                       "The shipment left the port today.", "", "The crew is well."]  # fmt: skip


def test_a_summary_under_the_title_that_echoes_it() -> None:
    split = split_page(SUMMARY_UNDER_TITLE, page=WORDS)
    assert_nothing_lost(split, SUMMARY_UNDER_TITLE)
    assert split.value("summary") == SUMMARY_UNDER_TITLE[6]
    assert split.body == (8, 11)


def test_the_document_s_own_first_sentence_is_no_summary() -> None:
    # it echoes the title too, but speaks as the writer: the document has begun
    lines = list(SUMMARY_UNDER_TITLE)
    lines[6] = "Today I replied to the Invented Consul in Lisbon and to Anna Brook."
    split = split_page(lines, page=WORDS)
    assert split.field("summary") is None
    assert split.body == (6, 11)
    # a sentence that shares too few of the title's words is the document's too
    lines[6] = "The harbour master of the city closed the quays for two days."
    assert split_page(lines, page=WORDS).field("summary") is None


def test_a_summary_at_the_end_keeps_the_first_sentence_in_the_document() -> None:
    lines = [*SUMMARY_UNDER_TITLE, "", "", "",
             "The consul reports that the shipment left the port.", "",
             "Document Information", "", "Record ID", "", "12"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert split.value("summary") == "The consul reports that the shipment left the port."
    assert split.body == (6, 11)


def test_a_summary_may_end_in_a_quotation() -> None:
    lines = ["Skip to content", "", "May 2, 1953", "", "Cable No 12 from the Invented Legation", "",
             "Cable No 12", "", "The talks ended today.", "",
             'The legation reports that the talks ended "without any joint statement."', "",
             "Document Information", "", "Record ID", "", "12"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert split.value("summary") == lines[10]
    assert split.body == (6, 9)


@pytest.mark.parametrize("cut", ["Associated People & ", "Associated To", "Original A"])
def test_a_label_cut_off_at_the_pages_end_is_no_value(cut: str) -> None:
    lines = ["Skip to content", "", "May 2, 1953", "", "Cable No 12 from the Invented Legation", "",
             "Cable No 12", "", "The talks ended today.", "",
             "The legation reports that the talks ended.", "",
             "Author(s):", "", "Associated Places", "", "Lisbon", "", cut]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert 18 in split.consumed or any(f.label_line == 18 and not f.lines for f in split.fields)
    assert split.value("places") == "Lisbon"


def test_a_cut_label_needs_two_of_its_words_and_the_pages_last_line() -> None:
    lines = ["Skip to content", "", "Cable No 12 from the Invented Legation", "",
             "Cable No 12", "", "The talks ended today.", "",
             "Associated To", "", "Associated Places", "", "Associated"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert not any(f.label_line in (8, 12) for f in split.fields)


def test_the_pages_related_documents_are_chrome_up_to_the_next_label() -> None:
    lines = ["Skip to content", "", "May 2, 1953", "", "Cable No 12 from the Invented Legation", "",
             "Cable No 12", "", "The talks ended today.", "",
             "The legation reports that the talks ended.", "", "Author(s):", "", "", "",
             "Related Documents", "", "1969", "", "Undated note from the Invented Legation", "",
             "This note shows how the legation saw the talks.", "", "Associated Places", "",
             "Lisbon"]  # fmt: skip
    split = split_page(lines, page=WORDS)
    assert_nothing_lost(split, lines)
    assert {16, 18, 20, 22} <= set(split.chrome)
    assert not any(f.name == "authors" and f.lines for f in split.fields)
    assert split.value("places") == "Lisbon"
    result = convert_text("\n".join(lines) + "\n")  # nothing lost: each line is reported
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []


def test_a_document_start_word_the_next_line_goes_on_from_is_the_heading() -> None:
    """ "TRANSCRIPT" / "of the meeting of the Executive Committee": the heading's first word,
    kept as the title's, not a page label left out."""
    text = (
        "Skip to content\n\nMay 5, 1975\n\n"
        "Stenographic transcript of the meeting of the Executive Committee\n\n"
        "TRANSCRIPT\n\nof the meeting of the Executive Committee\non 5 May 1975\n\n"
        "Comrade Anton Popa :\nLet us begin.\n"
    )
    result = convert_text(text)
    xml = result.xml.decode()
    assert '<title type="document">TRANSCRIPT <lb/>of the meeting' in xml
    assert [d.code for d in result.diagnostics] == ["page.chrome"]
    # the page's metadata heading starts the metadata, whatever the line below it
    page = (
        "Skip to content\n\nMay 5, 1975\n\nNote on the meeting\n\nThe meeting began at 10:00.\n\n"
        "Document Information\n\nsource: Archive of the Ministry, Fond 1, Opis 2, Delo 3.\n"
    )
    assert "<p>Archive" not in convert_text(page).xml.decode()
    assert "Fond 1" not in convert_text(page).xml.decode().split("<body>")[1]
    # alone above the text, it still announces the document
    result = convert_text(text.replace("of the meeting of the Executive", "The meeting of the"))
    assert "page.label" in [d.code for d in result.diagnostics]


def test_a_sites_login_form_is_chrome() -> None:
    """ "Login *:" / "Password *:" / "Register" over the text: another site's chrome,
    reported and left out, and the page names no distributor."""
    text = (
        "Www.ExampleHistory.Biz\nLogin *:\nPassword *:\n     Register\n\n"
        "3 March 1950\n\nNovak came to the harbour with his delegation and stayed.\n"
    )
    result = convert_text(text)
    xml = result.xml.decode()
    assert "Login" not in xml and "Register" not in xml
    reported = [d.message for d in result.diagnostics if d.code == "page.chrome"]
    assert any("'Password *:'" in m for m in reported)
    assert "<distributor>" not in xml
