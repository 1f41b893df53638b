"""Which language a transcription is written in, from its commonest short words.

The conventions name the language of the transcriptions (`header.text_language`, English
for a translating archive); a page copied untranslated ("Sehr geehrter Genosse …, wir
haben …") says otherwise in every line. The words each language uses most ("der", "und",
"nicht") are listed in `header.language_words`; the text's share of each list decides,
and only a long text with a clear winner overrules the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

# Fewer words than this say too little; a winner needs this share of the words, and this
# many times the share of the language the conventions name.
_FEWEST_WORDS = 40
_LEAST_SHARE = 0.12
_MARGIN = 2.0

# what may stand around a word: split on spaces, a word is what is left of letters
_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»„—–-/…*"


def written_language(text: str, words: Mapping[str, frozenset[str]], *, default: str) -> str:
    """The language code whose common words `text` uses far more than `default`'s, else
    `default`.

    Example:
        written_language(text, conv.header.language_words, default="en")
    """
    if not words:
        return default
    pieces = (piece.strip(_PUNCTUATION) for piece in text.casefold().split())
    tokens = [piece for piece in pieces if piece.isalpha()]
    if len(tokens) < _FEWEST_WORDS:
        return default
    counts = Counter(tokens)  # each list's words looked up once, not each token per list
    share = {code: sum(counts[w] for w in common) / len(tokens) for code, common in words.items()}
    best = max(share, key=lambda code: (share[code], code == default))
    if best == default or share[best] < _LEAST_SHARE:
        return default
    return best if share[best] >= _MARGIN * share.get(default, 0.0) else default
