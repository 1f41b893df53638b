"""Word multisets: the arithmetic behind "every word of the transcription is in the TEI"."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from teikit.lossless import content_words, missing_words


def test_words_are_case_folded_and_counted() -> None:
    assert content_words("TOP SECRET. Top secret!") == Counter({"top": 2, "secret": 2})


def test_punctuation_and_brackets_are_not_words() -> None:
    assert content_words("Mokr[in] 1215 — “VKP(b)”") == Counter(
        {"mokr": 1, "in": 1, "1215": 1, "vkp": 1, "b": 1}
    )


def test_both_apostrophes_make_one_word() -> None:
    assert content_words("Translator’s comment") == content_words("translator's comment")
    assert content_words("Translator’s") == Counter({"translator's": 1})


def test_apostrophes_outside_words_are_dropped() -> None:
    assert content_words("'Peking' ’49 the editors’") == Counter(
        {"peking": 1, "49": 1, "the": 1, "editors": 1}
    )


def test_composed_and_decomposed_letters_match() -> None:
    composed = "Szab\u00f3 K\u00e1lm\u00e1n Ковалёв"
    decomposed = "Szabo\u0301 Ka\u0301lma\u0301n Ковале\u0308в"
    assert content_words(composed) == content_words(decomposed)
    assert content_words(decomposed) == Counter({"szabó": 1, "kálmán": 1, "ковалёв": 1})


def test_case_folding_goes_beyond_lower() -> None:
    assert content_words("STRASSE Straße") == Counter({"strasse": 2})


def test_numbers_and_signs() -> None:
    assert content_words("Nº 3425/shs, 12.X.49") == Counter(
        {"nº": 1, "3425": 1, "shs": 1, "12": 1, "x": 1, "49": 1}
    )


def test_missing_words_is_a_multiset_difference() -> None:
    expected = content_words("to Cde. Stalin to Cde. Stalin")
    actual = content_words("to Cde. Stalin")
    assert missing_words(expected, actual) == Counter({"to": 1, "cde": 1, "stalin": 1})


def test_missing_words_ignores_extra_words() -> None:
    expected = content_words("Mokr[in]")
    actual = content_words("Verified by Mokr [in] [supplied]")
    assert missing_words(expected, actual) == Counter()


def test_missing_words_does_not_change_its_inputs() -> None:
    expected, actual = Counter({"a": 2}), Counter({"a": 1, "b": 1})
    missing_words(expected, actual)
    assert expected == Counter({"a": 2}) and actual == Counter({"a": 1, "b": 1})


@given(st.text())
def test_text_loses_nothing_against_itself(text: str) -> None:
    assert missing_words(content_words(text), content_words(text)) == Counter()


@given(st.text(), st.text())
def test_adding_text_never_loses_words(text: str, more: str) -> None:
    assert missing_words(content_words(text), content_words(text + " " + more)) == Counter()


@given(st.text())
def test_counting_is_stable_under_normalisation(text: str) -> None:
    # Counting the words' own text again gives the same words: the output is a fixed point.
    words = content_words(text)
    assert content_words(" ".join(words.elements())) == words


def test_folding_that_decomposes_splits_the_same_everywhere() -> None:
    # "İ" folds to "i" + U+0307 (a combining mark, not a \w): counted twice, same words.
    words = content_words("İstanbul")
    assert content_words(" ".join(words.elements())) == words
