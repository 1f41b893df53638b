"""Word multisets, so "nothing was lost" can be checked by counting, not by eye.

The converter checks its own output with these before writing, and the tests compare a
transcription with the reading text rendered back from its TEI.

Example:
    from teikit.lossless import content_words, missing_words
    lost = missing_words(content_words(transcription), content_words(reading_text))
    assert not lost, lost
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# A word may hold apostrophes between its letters: "Translator's" and "Translator’s" are one word.
_WORD = re.compile(r"\w+(?:'\w+)*")


def content_words(text: str) -> Counter[str]:
    """Count the words of `text`: NFC, case-folded, with ’ and ' counted as the same apostrophe.

    Example:
        content_words("Translator’s note: the NOTE") == Counter(
            {"translator's": 1, "note": 2, "the": 1})
    """
    # Fold before matching: case folding may decompose ("İ" → "i" + U+0307, not a \w), and a
    # word must split the same way wherever it is counted.
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return Counter(_WORD.findall(folded.replace("’", "'")))


def missing_words(expected: Counter[str], actual: Counter[str]) -> Counter[str]:
    """The words of `expected` that `actual` lacks, counted as often as they are short.

    Example:
        missing_words(Counter({"the": 2, "cable": 1}), Counter({"the": 1})) == Counter(
            {"the": 1, "cable": 1})
    """
    return expected - actual
