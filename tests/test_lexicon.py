"""The lexicon's readings of a line: words typed letter by letter."""

from __future__ import annotations

import pytest

from teikit.transcription.conventions import load_conventions
from teikit.transcription.lexicon import Lexicon

LEX = Lexicon.from_conventions(load_conventions())


@pytest.mark.parametrize(
    ("line", "spelt"),
    [
        ("S e c r e t", "Secret"),
        ("  I n f o r m a t i o n ", "Information"),
        ("T o p  S e c r e t", "Top Secret"),
        ("S H T Y K O V", "SHTYKOV"),
        # not a line of single letters: words, initials, a short run, a number
        ("Secret", None),
        ("A. B. C.", None),
        ("a b c", None),
        ("S e c r e t 5", None),
    ],
)
def test_letter_spaced(line: str, spelt: str | None) -> None:
    assert LEX.letter_spaced(line) == spelt


def test_a_line_opening_with_a_spaced_classification() -> None:
    assert LEX.opens_spaced_classification("C O N F I D E N T I A L BELGRADE 2231")
    assert LEX.opens_spaced_classification("S e c r e t")
    assert not LEX.opens_spaced_classification("S E C T I O N 1 OF 2")


@pytest.mark.parametrize("line", ["———————", "- - -", "–"])
def test_a_rule_of_dashes_is_no_mark(line: str) -> None:
    assert not LEX.is_priority(line)
    assert not LEX.is_classification(line)
    assert not LEX.only_marks(line)


def test_marks_with_their_punctuation_still_are() -> None:
    assert LEX.is_classification("TOP SECRET.")
    assert LEX.only_marks("Secret – Urgent")
    # a Chinese cable's grade: two priorities joined by "&"
    assert LEX.only_marks("Ultra urgent & Prior")
    assert not LEX.only_marks("Smith & Prior")
