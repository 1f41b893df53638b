"""parse_citation: repository, hierarchy, locus and credits of an archival citation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teikit import convert_text
from teikit.transcription.citation import (
    CITATION_WORDS,
    Citation,
    CreditLine,
    credit_line,
    parse_citation,
)
from teikit.transcription.conventions import load_conventions
from teikit.transcription.page import split_page

SHARED = Path(__file__).resolve().parents[2] / "shared"
WILSON = SHARED / "corpus" / "transcriptions" / "wilson-style"
SEED = SHARED / "seed" / "wilson-3607-kovalev-cable.txt"

# The citations of the seed and of the six page-shaped wilson-style files, then
# invented ones.  Each row: the citation and the Citation expected, less its text.
CASES = {
    # a Russian edition's citation in Cyrillic abbreviations
    "ЦХСД, ф. 89, оп. 65, д. 12, лл. 1-2 (копия).": dict(
        repository="ЦХСД",
        units=(("fond", "89"), ("opis", "65"), ("delo", "12")),
        locus=("1", "2", "лл. 1-2"),
    ),
    # copies in other archives, after semicolons: the first archive is the msIdentifier
    (
        "APRF, f. 45, op. 1, d. 342, l. 78; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80;"
        " and RGASPI, f. 558, op. 11, d. 342, ll. 0078. Translated by Ann Orlova."
    ): dict(
        repository="APRF",
        units=(("fond", "45"), ("opis", "1"), ("delo", "342")),
        locus=("78", "78", "l. 78"),
        translator="Ann Orlova",
        others=(
            ("AVPRF", "Fond 059a, Opis 5a, Delo 5, Papka 11, List 80"),
            ("RGASPI", "f. 558, op. 11, d. 342, ll. 0078"),
        ),
    ),
    # another archive after "and" and its comma; a letter alone after a fond's number
    "APRF, Fond 45, Opis 1, Delo 300, Listy 1-2 and AVPRF, Fond 059a, Opis 5a, Listy 50-51": dict(
        repository="APRF",
        units=(("fond", "45"), ("opis", "1"), ("delo", "300")),
        locus=("1", "2", "Listy 1-2"),
        others=(("AVPRF", "Fond 059a, Opis 5a, Listy 50-51"),),
    ),
    # "and" inside an archive's name starts no other archive
    "Archives of Serbia and Montenegro, Fond 507, folder 3": dict(
        repository="Archives of Serbia and Montenegro",
        units=(("fond", "507"), ("folder", "3")),
    ),
    # a fond named in words, to the comma
    "National Archives, fond CC of RCP-Directorate of International Affairs, pp. 1-2": dict(
        repository="National Archives",
        units=(("fond", "CC of RCP-Directorate of International Affairs"),),
        locus=("1", "2", "pp. 1-2"),
    ),
    "CDA, f. 146 B, op. 2, ae. 15.": dict(
        repository="CDA",
        units=(("fond", "146 B"), ("opis", "2"), ("file", "ae. 15")),
    ),
    # a semicolon that does not start another archive keeps the citation whole
    "RGASPI, f. 17, op. 3, d. 9; see also the protocol of 5 May. Translated by Ann Orlova.": dict(
        repository="RGASPI",
        units=(("fond", "17"), ("opis", "3"), ("delo", "9")),
        translator="Ann Orlova",
    ),
    # Russian leaves written out ("listy", "List"), "Opis’" with a curly apostrophe, a
    # publication remark that is no call number, and "translated for … by …" credits
    "APRF, fond 3, opis 65, delo 827, listy 81-82. Translated by Ann Orlova.": dict(
        repository="APRF",
        units=(("fond", "3"), ("opis", "65"), ("delo", "827")),
        locus=("81", "82", "listy 81-82"),
        translator="Ann Orlova",
    ),
    (
        "AVPRF, fond 0102, opis 13, papka 72, delo 5, listy 45-47."
        " Translated for NKIDP by Ann Orlova."
    ): dict(
        repository="AVPRF",
        units=(("fond", "0102"), ("opis", "13"), ("papka", "72"), ("delo", "5")),
        locus=("45", "47", "listy 45-47"),
        translator="Ann Orlova",
        credit="for NKIDP",
    ),
    (
        "State Archive of the Invented Region (GA IR), Fond R-901, Opis’ 2, Delo 65, List 166."
        " Published as Document no. 12 in Petrov and Sidorov. Obtained and translated for"
        " CWIHP by Ann Orlova."
    ): dict(
        repository="GA IR",
        units=(("fond", "R-901"), ("opis", "2"), ("delo", "65")),
        locus=("166", "166", "List 166"),
        translator="Ann Orlova",
        credit="Obtained and translated for CWIHP by Ann Orlova",
        credited=(("Obtained by", "Ann Orlova"),),
    ),
    "RGASPI, f. 558, op. 11, d. 332, ll. 0117-0118. Translated by Gary Goldberg.": dict(
        repository="RGASPI",
        units=(("fond", "558"), ("opis", "11"), ("delo", "332")),
        locus=("0117", "0118", "ll. 0117-0118"),
        translator="Gary Goldberg",
    ),
    "RGASPI, f. 558, op. 11, d. 334, ll. 64-66. Translated by Lena Ostrova.": dict(
        repository="RGASPI",
        units=(("fond", "558"), ("opis", "11"), ("delo", "334")),
        locus=("64", "66", "ll. 64-66"),
        translator="Lena Ostrova",
    ),
    (
        "AVP RF, f. 0122, op. 40, p. 318, d. 11, ll. 23-29. Translated by Paul Kessler for CWIHP."
    ): dict(
        repository="AVP RF",
        units=(("fond", "0122"), ("opis", "40"), ("papka", "318"), ("delo", "11")),
        locus=("23", "29", "ll. 23-29"),
        translator="Paul Kessler",
        credit="for CWIHP",
    ),
    (
        "Stiftung Archiv der Parteien und Massenorganisationen der DDR im Bundesarchiv"
        " (SAPMO-BArch), DY 30/3509, Bl. 41-43. Translated from German by Paul Kessler for CWIHP."
    ): dict(
        repository="SAPMO-BArch",
        units=(("signature", "DY 30/3509"),),
        locus=("41", "43", "Bl. 41-43"),
        translator="Paul Kessler",
        credit="for CWIHP",
        language_from="German",
    ),
    (
        "MNL OL, XIX-J-1-j Jugoszlávia, 1945-1964, 12. doboz, 4/b, 00981/1954."
        " Translated by Réka Hollós."
    ): dict(
        repository="MNL OL",
        units=(("file", "XIX-J-1-j Jugoszlávia, 1945-1964, 12. doboz, 4/b, 00981/1954"),),
        translator="Réka Hollós",
    ),
    (
        "NARA, RG 59, Central Decimal File 1955-59, box 3412, 663.62B/3-1158."
        " Obtained by Nathan Ferris."
    ): dict(
        repository="NARA",
        units=(
            ("record-group", "59"),
            ("file", "Central Decimal File 1955-59, 663.62B/3-1158"),
            ("box", "3412"),
        ),
        credit="Obtained by Nathan Ferris",
        credited=(("Obtained by", "Nathan Ferris"),),
    ),
    "RGANI, f. 3, op. 12, d. 1007, ll. 3-5. Translated by Daria Orlova for CWIHP.": dict(
        repository="RGANI",
        units=(("fond", "3"), ("opis", "12"), ("delo", "1007")),
        locus=("3", "5", "ll. 3-5"),
        translator="Daria Orlova",
        credit="for CWIHP",
    ),
    # invented
    "AVP RF, f. 0100, op. 43, p. 302, d. 8, l. 12.": dict(
        repository="AVP RF",
        units=(("fond", "0100"), ("opis", "43"), ("papka", "302"), ("delo", "8")),
        locus=("12", "12", "l. 12"),
    ),
    "Hoover Institution Archives, Box 3, Folder 7.": dict(
        repository="Hoover Institution Archives",
        units=(("box", "3"), ("folder", "7")),
    ),
    "NARA, RG 59, Central Decimal File 1955-59, 762.00/3-1158.": dict(
        repository="NARA",
        units=(("record-group", "59"), ("file", "Central Decimal File 1955-59, 762.00/3-1158")),
    ),
    "RGASPI. F. 17. Op. 162. D. 41. L. 5.": dict(
        repository="RGASPI",
        units=(("fond", "17"), ("opis", "162"), ("delo", "41")),
        locus=("5", "5", "L. 5"),
    ),
    "Archive of the President of the Russian Federation (APRF), f. 3, op. 65, d. 9, l. 1–3.": dict(
        repository="APRF",
        units=(("fond", "3"), ("opis", "65"), ("delo", "9")),
        locus=("1", "3", "l. 1–3"),
    ),
    "Harvard University Archives, pp. 3-5. Contributed by P. K. van der Berg.": dict(
        repository="Harvard University Archives",
        locus=("3", "5", "pp. 3-5"),
        credit="Contributed by P. K. van der Berg",
        credited=(("Contributed by", "P. K. van der Berg"),),
    ),
    "Obtained and translated by Sergey Radchenko.": dict(
        translator="Sergey Radchenko",
        credit="Obtained and translated by Sergey Radchenko",
        credited=(("Obtained by", "Sergey Radchenko"),),
    ),
    "Translated from the Russian by Gary Goldberg for the Wilson Center.": dict(
        translator="Gary Goldberg",
        credit="for the Wilson Center",
        language_from="Russian",
    ),
    "RGASPI, f. 17, op. 3, d. 1. Original in Russian.": dict(
        repository="RGASPI",
        units=(("fond", "17"), ("opis", "3"), ("delo", "1")),
    ),
}

UNKNOWN = [
    "",
    "   ",
    "See the note above.",
    "Some random sentence, with commas, and d. Smith.",
    "Courtesy of the family",  # a credit phrase with no name after it
    "(((",
    "f.",
    "Translated by",
    "translation of the letter, as printed",
]


@pytest.mark.parametrize("text", sorted(CASES))
def test_known_citations(text: str) -> None:
    assert parse_citation(text) == Citation(text=text, **CASES[text])


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown_shapes_keep_the_text_and_invent_nothing(text: str) -> None:
    assert parse_citation(text) == Citation(text=text)


def test_text_is_kept_exactly() -> None:
    text = "  RGASPI,\u00a0f. 558, op. 11, d. 332.\n"
    parsed = parse_citation(text)
    assert parsed.text == text
    assert parsed.repository == "RGASPI"
    assert parsed.units == (("fond", "558"), ("opis", "11"), ("delo", "332"))


def test_p_is_a_page_without_a_hierarchy_before_it() -> None:
    assert parse_citation("Pravda, p. 3.").locus == ("3", "3", "p. 3")
    assert parse_citation("GARF, f. 5446, p. 3.").units == (("fond", "5446"), ("papka", "3"))


def test_only_the_first_locus_is_read() -> None:
    parsed = parse_citation("RGASPI, f. 558, ll. 1-2, ll. 7-9.")
    assert parsed.locus == ("1", "2", "ll. 1-2")


def test_callers_extend_the_words() -> None:
    text = "BStU, MfS, AP 1234/56, Bl. 7. Übersetzt von Anna Schmidt."
    assert parse_citation(text).translator is None
    german = dataclasses.replace(
        CITATION_WORDS,
        units=CITATION_WORDS.units + (("karton", "box"),),
        translation=CITATION_WORDS.translation + ("übersetzt",),
    )
    assert parse_citation(text, words=dataclasses.replace(german, translation=("übersetzt",)))
    parsed = parse_citation("BStU, Karton 4, Bl. 7.", words=german)
    assert parsed.units == (("box", "4"),)
    assert parsed.locus == ("7", "7", "Bl. 7")


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is missing")
def test_every_page_citation_in_the_corpus_is_known() -> None:
    """The citations split_page finds are the rows above, so both stay in step."""
    words = load_conventions().page
    pages = [SEED] + [p for p in sorted(WILSON.glob("*.txt")) if p.name != "README.md"]
    found = []
    for path in pages:
        split = split_page(path.read_text("utf-8-sig").splitlines(), page=words)
        if split.shape == "page":
            found.append(split.value("citation"))
    assert len(found) == 7
    for text in found:
        assert text in CASES
        assert parse_citation(text).repository == CASES[text]["repository"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises(text: str) -> None:
    parsed = parse_citation(text)
    assert parsed.text == text


CITATION_BITS = ["RGASPI", "AVP RF", "f. ", "op. ", "d. ", "p. ", "ll. ", "l. ", "Bl. ", "RG ",
                 "box ", "(SAPMO-BArch)", "DY 30/", "12", "0117-0118", "IV", ", ", ". ", ";",
                 "Translated by ", "Translated from German by ", "Obtained by ", " for ",
                 "Gary", "Goldberg", "CWIHP", "P.", "and", "van", "(", ")", "–", " "]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CITATION_BITS), max_size=30).map("".join))
def test_citation_like_text_never_raises(text: str) -> None:
    parsed = parse_citation(text)
    assert parsed.text == text
    for kind, value in parsed.units:
        assert kind and value
    if parsed.locus is not None:
        assert parsed.locus[2] in text


def test_prose_citation_names_the_archive_right_before_the_call_number():
    c = parse_citation(
        "The document, from the Presidential Archives, was given by the editor to the"
        " Library. A copy was later found in RGASPI, f. 558, op. 11, d. 334, ll. 55-56."
    )
    assert c.repository == "RGASPI"
    assert c.units == (("fond", "558"), ("opis", "11"), ("delo", "334"))
    assert c.locus == ("55", "56", "ll. 55-56")


def test_a_phrase_is_no_repository_name():
    assert parse_citation("The document, f. 12, op. 3, d. 4.").repository is None


# Citations of archives whose call numbers use none of the known units, invented in the
# shapes such pages take: each row, the repository, settlement and units expected.
TOWNS = dataclasses.replace(CITATION_WORDS, settlements=("warsaw", "prague", "moscow"))
NAMED = {
    "PRC FMA 106-00039-05. Translated by Ann Li.": ("PRC FMA", None, (("file", "106-00039-05"),)),
    "AMSZ, Warsaw. Obtained by Jan Nowak.": ("AMSZ", "Warsaw", ()),
    "Diplomatic Archives, Ministry of Foreign Affairs, Republic of Korea.": (
        "Diplomatic Archives, Ministry of Foreign Affairs, Republic of Korea",
        None,
        (),
    ),
    "State Archives of the Czech Republic, Prague. Translated by Eva Novak.": (
        "State Archives of the Czech Republic",
        "Prague",
        (),
    ),
    "GARF, Moscow, f. 5446, op. 1, d. 2.": (
        "GARF",
        "Moscow",
        (("fond", "5446"), ("opis", "1"), ("delo", "2")),
    ),
    "Invented Central Archives. 276f 102165.": (
        "Invented Central Archives",
        None,
        (("file", "276f 102165"),),
    ),
    "RGANI, fond 89, perechen 55, dokument 1.": (
        "RGANI",
        None,
        (("fond", "89"), ("opis", "55"), ("document", "1")),
    ),
    # a long name of thirteen words
    "Archives of the Ministry of Foreign Affairs of the People's Republic of Ruritania, "
    "RFA 109-00862-01.": (
        "Archives of the Ministry of Foreign Affairs of the People's Republic of Ruritania",
        None,
        (("file", "RFA 109-00862-01"),),
    ),
    # the archive named after the call number, its town after it, credits left out
    "Szyfrogramy from Strelsau 1962, 6/77 w-82 t-1264, Ruritanian Foreign Ministry Archive "
    "(RFMA), Warsaw. Obtained by Jan Nowak (Warsaw University). https://example.org/doc/1": (
        "RFMA",
        "Warsaw",
        (("file", "Szyfrogramy from Strelsau 1962, 6/77 w-82 t-1264"),),
    ),
    "Box 4, Folder 12, Invented Central Archives.": (
        "Invented Central Archives",
        None,
        (("box", "4"), ("folder", "12")),
    ),
    # FRUS source notes: the State Department's files
    "Department of State, Central Files, 611.93/8–155.": (
        "Department of State, Central Files",
        None,
        (("file", "611.93/8–155"),),
    ),
}


@pytest.mark.parametrize("text", sorted(NAMED))
def test_archives_named_without_known_units(text: str) -> None:
    parsed = parse_citation(text, words=TOWNS)
    assert (parsed.repository, parsed.settlement, parsed.units) == NAMED[text]


@pytest.mark.parametrize(
    "text",
    [
        "Private papers of the family, Warsaw.",  # no archive word, not a name
        "Published in Pravda, 12 May 1956.",
        "Interview with the author, Prague.",
    ],
)
def test_prose_names_no_archive(text: str) -> None:
    assert parse_citation(text, words=TOWNS).repository is None


def test_a_reprint_after_the_archive_is_no_part_of_its_shelfmark() -> None:
    found = parse_citation(
        "IRA: F. 39, Op. 1, D. 31, L. 34. Reprinted in A. Lund, Documents, Vol. 5, Book 1, p. 421."
    )
    assert found.repository == "IRA"
    assert found.units == (("fond", "39"), ("opis", "1"), ("delo", "31"))
    assert found.locus is not None and found.locus[2] == "L. 34"
    published = parse_citation("IRA, 6/77, 1963: w-96. Published in Working Paper No. 45.")
    assert published.units == (("file", "6/77, 1963: w-96"),)


@pytest.mark.parametrize(
    ("note", "cited"),
    [
        (
            "Source: Department of State, Central Files, 611.93/8–155. Secret; Priority.",
            "Source: Department of State, Central Files, 611.93/8–155.",
        ),
        # an abbreviation's full stop ends no sentence ("Prot. No. 38", "vol. 2")
        (
            "Source: APRF, Prot. No. 38; Novak, vol. 2, pp. 17–18. Top Secret.",
            "Source: APRF, Prot. No. 38; Novak, vol. 2, pp. 17–18.",
        ),
    ],
)
def test_a_source_paragraph_cites_its_first_sentence(note: str, cited: str) -> None:
    xml = convert_text(f"CABLE\n\n{note}\n\nThe talks went on.\n").xml.decode()
    assert f'<bibl type="citation">{cited}</bibl>' in xml


def test_credited_people_reach_the_header() -> None:
    text = (
        "Skip to content\n\nMarch 3, 1961\n\nCable from Halvik to the Harbor Board\n\n"
        "The pilots came.\n\nHalvik\n\nSource\n\nHarbor Archive, f. 5, op. 1, d. 2. "
        "Obtained and translated by Ann Li.\n"
    )
    tei = convert_text(text).xml.decode()
    assert "<resp>Obtained by</resp>\n          <persName>Ann Li</persName>" in tei
    assert '<persName xml:id="translator">Ann Li</persName>' in tei


@pytest.mark.parametrize(
    ("line", "translator", "credited", "language"),
    [
        ("Translated by Anna Novak", "Anna Novak", (), None),
        ("[Translated from Russian by Olga T. Brenner.]", "Olga T. Brenner", (), "Russian"),
        ("(Translated by A. B. Novak)", "A. B. Novak", (), None),
        ("Edited by Peter Gray", None, (("Edited by", "Peter Gray"),), None),
        (
            "Obtained and translated by James Orr for the Invented Project.",
            "James Orr",
            (("Obtained by", "James Orr"),),
            None,
        ),
    ],
)
def test_a_line_that_only_credits_someone(
    line: str, translator: str | None, credited: tuple[tuple[str, str], ...], language: str | None
) -> None:
    assert credit_line(line) == CreditLine(translator, credited, language)


@pytest.mark.parametrize(
    "line",
    [
        "The letter was translated by Anna Novak before the meeting.",
        "Translation: Anna Novak",
        "Edited",
        "translation of the treaty into French",
    ],
)
def test_a_sentence_that_mentions_a_credit_is_no_credit_line(line: str) -> None:
    assert credit_line(line) is None


def test_a_towns_initials_are_no_delo() -> None:
    # the "D." of "D.C." is no delo and its "C." no Roman numeral
    cited = parse_citation("Invented Papers, box 7, Invented Library, Washington, D.C.")
    assert ("delo", "C") not in cited.units
    assert ("box", "7") in cited.units


def test_a_repository_named_at_the_end_of_a_note_on_its_source() -> None:
    """ "Notes by A. Scholar at TsKhSD, f. 5, …": the archive is the abbreviation the
    piece ends with; a name with its own parenthesis keeps it whole."""
    assert parse_citation("Notes by O.A. Halvik at TsKhSD, f. 5, op. 76, d. 1045").repository == (
        "TsKhSD"
    )
    cited = parse_citation("Archiwum Spraw (Archive of the Harbour; AMSZ), f. 5, op. 1, d. 2")
    assert cited.repository != "AMSZ)"


def test_an_archives_abbreviation_after_a_note_on_its_source() -> None:
    cited = parse_citation("Notes of O.A. Halvik, TsKhSD, f. 5, op. 75, d. 1181, ll. 36-40")
    assert cited.repository == "TsKhSD"
