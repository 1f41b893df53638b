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
    # No word holds a blank, so the words are those of each blank-separated token. A text
    # repeats most of its tokens, and most are one word ("cable" is one \w+ match when
    # "cable".isalnum()): each distinct token is matched once, and only if it has to be.
    counts: Counter[str] = Counter()
    others: dict[int, list[str]] = {}  # the other tokens, by how often they stand
    for token, n in Counter(folded.replace("’", "'").split()).items():
        if token.isalnum():
            counts[token] = n
        else:
            others.setdefault(n, []).append(token)
    # The tokens that stand as often are matched in one pass, joined by blanks.
    for n, tokens in others.items():
        for word in _WORD.findall(" ".join(tokens)):
            counts[word] = counts.get(word, 0) + n
    return counts


def missing_words(expected: Counter[str], actual: Counter[str]) -> Counter[str]:
    """The words of `expected` that `actual` lacks, counted as often as they are short.

    Example:
        missing_words(Counter({"the": 2, "cable": 1}), Counter({"the": 1})) == Counter(
            {"the": 1, "cable": 1})
    """
    return expected - actual
