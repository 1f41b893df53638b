"""The record id a page gives only in its citation's address, and the conventions key for it."""

from __future__ import annotations

import re

from teikit import convert_text

PAGE = """Skip to content

May 9, 1961

Report from the Trade Mission on the Spring Fair

The mission had many visitors at the spring fair.

The trade mission reports on the visitors of the spring fair.

Document Information

Source

"Report from the Trade Mission on the Spring Fair," May 9, 1961, Invented Ministry Archive, \
IMA 207-00112-03. https://digitalarchive.wilsoncenter.org/document/990123
"""


def _records(xml: bytes) -> list[str]:
    return re.findall(r'<idno type="record">([^<]*)</idno>', xml.decode())


def test_record_id_from_the_citations_address() -> None:
    assert _records(convert_text(PAGE).xml) == ["990123"]


def test_a_record_id_field_wins_over_the_address() -> None:
    page = PAGE + "\nRecord ID\n\n990001\n"
    assert _records(convert_text(page).xml) == ["990001"]


def test_no_address_no_record_id() -> None:
    page = PAGE.replace("https://digitalarchive.wilsoncenter.org/document/990123", "")
    assert _records(convert_text(page).xml) == []
