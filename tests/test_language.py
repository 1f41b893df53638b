"""The language a transcription is written in (transcription/language.py), and what the
TEI declares from it. The texts are invented."""

from __future__ import annotations

from teikit import convert_text
from teikit.transcription.conventions import load_conventions
from teikit.transcription.language import written_language

WORDS = load_conventions().header.language_words

GERMAN = (
    "Wir haben Ihren Brief erhalten und danken Ihnen für die Darstellung der Lage. Die "
    "Fragen, die Sie stellen, sind nicht einfach zu beantworten, aber wir werden uns "
    "bemühen, Ihnen in den nächsten Tagen eine Antwort zu geben. Es ist auch wichtig, dass "
    "die Genossen in der Bezirksleitung über die Ergebnisse der Beratung informiert werden."
)
ENGLISH = (
    "The Ambassador said that the delegation would arrive on Monday and that the talks "
    "with the Foreign Minister were to be held in the Ministry. He added that this was "
    "the wish of the government, which had been informed of the proposals by the embassy "
    "and which regards them as a basis for the negotiations that are to follow."
)
RUSSIAN = (
    "Посол сообщил, что делегация прибудет в понедельник и что переговоры с министром "
    "иностранных дел будут проходить в министерстве. Он добавил, что это было желание "
    "правительства, которое было информировано о предложениях посольства и которое "
    "рассматривает их как основу для переговоров, которые последуют за этим. Мы также "
    "считаем, что по этому вопросу нужно было бы обменяться мнениями."
)


def test_a_german_text_is_german() -> None:
    assert written_language(GERMAN, WORDS, default="en") == "de"


def test_an_english_text_stays_english() -> None:
    assert written_language(ENGLISH, WORDS, default="en") == "en"


def test_a_russian_text_is_russian() -> None:
    assert written_language(RUSSIAN, WORDS, default="en") == "ru"


def test_a_translation_quoting_its_original_stays_english() -> None:
    quoted = f"{ENGLISH} {ENGLISH} The letter ends: “Es ist auch wichtig, dass die Genossen…”"
    assert written_language(quoted, WORDS, default="en") == "en"


def test_a_short_text_says_too_little_to_overrule_the_table() -> None:
    assert (
        written_language("Die Lage ist nicht einfach und wir sind da.", WORDS, default="en") == "en"
    )


def test_without_word_lists_the_table_stands() -> None:
    assert written_language(GERMAN, {}, default="en") == "en"


def test_an_untranslated_page_declares_its_language() -> None:
    xml = convert_text(f"Berlin, den 18. Februar 1991\n\n{GERMAN}\n").xml.decode()
    assert 'xml:lang="de"' in xml
    assert '<language ident="de">German</language>' in xml
    assert "(translation)" not in xml


def test_a_translation_declares_the_tables_language() -> None:
    xml = convert_text(f"Moscow, 12 October 1949\n\n{ENGLISH}\n").xml.decode()
    assert 'xml:lang="en"' in xml
