"""The translators a citation names become one persName each in the header's respStmt."""

from __future__ import annotations

import pytest

from teikit.tei.header import _translators


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Gary Goldberg", ["Gary Goldberg"]),
        ("Jeffrey Wang and Charles Kraus", ["Jeffrey Wang", "Charles Kraus"]),
        ("Anna Kiss, Peter Nagy and Juhász Ilona", ["Anna Kiss", "Peter Nagy", "Juhász Ilona"]),
        # not every part a full name: the text stays whole
        ("the Wilson Center and partners", ["the Wilson Center and partners"]),
        ("Sergey Radchenko and NKIDP", ["Sergey Radchenko and NKIDP"]),
    ],
)
def test_translators(text: str, names: list[str]) -> None:
    assert _translators(text) == names
