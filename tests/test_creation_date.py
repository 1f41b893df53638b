"""The teiHeader's creation date: from the page, the dateline, the title, the document's
own closer or its file number, in that order; never from a document it quotes."""

from __future__ import annotations

from teikit import convert_text

TEI = "{http://www.tei-c.org/ns/1.0}"


def _creation(text: str) -> str | None:
    root = convert_text(text).tree.getroot()
    date = root.find(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}creation/{TEI}date")
    return None if date is None else date.get("when")


def test_a_report_dated_under_its_signature_is_created_that_day() -> None:
    text = (
        "Report on the harbour strike\n\n"
        "The dockers went back to work on Monday.\n\n"
        "A. Varga\n\n"
        "Vessen, 22 September 1954\n"
    )
    assert _creation(text) == "1954-09-22"


def test_a_quoted_documents_closer_does_not_date_the_document() -> None:
    text = (
        "Cable from the Embassy to the Ministry\n\n"
        "We pass on the telegram we received:\n\n"
        "\u201cThe quay is open again.\n\n"
        "HARBOUR BOARD 3 May 1958\u201d\n\n"
        "The embassy has nothing to add.\n\n"
        "Orlov\n"
    )
    assert _creation(text) is None


def test_a_state_department_file_number_dates_a_telegram() -> None:
    text = (
        "711.60N/8\u20132447: Telegram\n\n"
        "The Ambassador in Norland (Halvik) to the Secretary of State\n\n"
        "312. The minister received me on August 23 and agreed to the note.\n\n"
        "Halvik\n"
    )
    assert _creation(text) == "1947-08-24"
    # the file number's year anchors the text's own dates too
    assert (
        '<date when="1947-08-23" evidence="internal">August 23</date>'
        in convert_text(text).xml.decode()
    )


YEAR_ONLY_PAGE = (
    "Skip to content\n\n"
    "1975\n\n"
    "Note for Comrade Olaf Halvik's Personal Use\n\n"
    "This document was made possible with support from the Invented Foundation\n\n"
    "The Embassy of Norland\n\n"
    "On May 2 c.y. the harbour master called Comrade Halvik on the telephone.\n"
)


def test_a_page_dated_by_its_year_alone() -> None:
    """A year alone between the chrome and the title is the page's date: the creation
    date, the year of the text's year-less dates, and no heading of the body."""
    result = convert_text(YEAR_ONLY_PAGE)
    assert _creation(YEAR_ONLY_PAGE) == "1975"
    xml = result.xml.decode()
    body = xml[xml.index("<body>") :]
    assert '<date when="1975-05-02" evidence="internal">May 2</date>' in body
    assert "1975" not in body.replace("1975-05-02", "")
    assert "<head>" not in body  # the title is not repeated in the body
    assert "<funder>This document was made possible" in xml


def test_a_year_in_the_text_is_no_page_date() -> None:
    text = YEAR_ONLY_PAGE.replace("1975\n\n", "").replace(
        "Personal Use\n\n", "Personal Use\n\n1975\n\n"
    )
    assert _creation(text) is None


def test_a_post_date_years_after_the_titles_day_dates_no_document() -> None:
    """A blog's post date over "… Meeting …, April 19, 1956": the title's day is the
    document's; a dateline a few days or years from the title's is the document's own."""
    text = (
        "Saturday, August 13, 2016\n\n"
        "114 - Notes of the Meeting between the Chairman and the Consul, April 19, 1956\n\n"
        "The file holds an envelope with eight notes passed between the participants.\n"
    )
    assert _creation(text) == "1956-04-19"
    assert _creation(text.replace("2016", "1956")) == "1956-08-13"
    # a memorandum written two years after the events its title names keeps its date
    memo = (
        "Memorandum on the Harbour Strike of October 23, 1956\n\n"
        "Vessen, March 12, 1958\n\nThe strike began in the morning and lasted a week.\n"
    )
    assert _creation(memo) == "1958-03-12"
