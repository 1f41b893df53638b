"""The end of a document below its signature: distribution lists, registry lines.

The documents are invented, in the shape of translated archival transcriptions.
"""

from __future__ import annotations

import re

from teikit import convert_text


def body(text: str) -> str:
    """The converted body of a bare transcription, on one line."""
    xml = convert_text(text, source="case.txt").xml.decode()
    return re.sub(r"\s*\n\s*", " ", xml[xml.index("<body>") : xml.index("</body>")])


def test_names_under_a_distribution_line_are_its_list() -> None:
    """ "Distributed to" / "Cdes. Stalin" / "Molotov" below the signature: whom copies went
    to, each an item, as the numbered copy lines are."""
    xml = body(
        "RECORD OF CONVERSATION WITH THE AMBASSADOR\n\n"
        "Today I received the Ambassador. He handed me the note.\n\n"
        "A. VYSHINSKY\n\n"
        "Distributed to\nCdes. Stalin\nMolotov\nMalenkov\n"
    )
    assert (
        '<postscript> <list type="distribution"> <head>Distributed to</head>'
        ' <item>Cdes. <persName role="addressee">Stalin</persName></item>'
        ' <item><persName role="addressee">Molotov</persName></item>'
    ) in xml


def test_a_registry_number_is_no_signer() -> None:
    xml = body(
        "Today I received the Ambassador. He handed me the note.\n\n"
        "[Stamp:] Secretariat of V. M. Molotov\n\n"
        "Incoming Nº M-6843s\n"
    )
    assert "<signed>" not in xml
    assert "<persName>Incoming" not in xml
