"""Load and check conventions/*.toml into one frozen Conventions value.

A conventions file is data: the bracket labels, keywords and patterns the converter
recognises, and the TEI construct each becomes.  A user's file is laid over the
built-in default (rules first, lists extended, tables overridden), so a new archive
needs a few lines of TOML and no code.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from teikit.errors import ConventionsError

BUILTIN_PACKAGE = "teikit.transcription"
DEFAULT_NAME = "default"

CONSTRUCTS = frozenset(
    {
        "annotation",
        "add",
        "stamp",
        "note",
        "gap",
        "unclear",
        "sic",
        "del",
        "hi",
        "pb",
        "signature",
        "footnote",
        "supplied",
        "stage",
    }
)

_RULE_KEYS = {
    "construct",
    "labels",
    "pattern",
    "attached",
    "after_name",
    "after_words",
    "label_inside",
    "marks",
    "type",
    "reason",
    "rend",
    "hand",
    "resp",
}
_PARTS_KEYS = {
    "first_person",
    "name_particles",
    "name_small_particles",
    "other_brackets",
    "name_suffixes",
    "publication_words",
    "classification",
    "priority",
    "number_signs",
    "copy_words",
    "document_kinds",
    "reference_words",
    "trailer",
    "salutation_patterns",
    "addressee_salutes",
    "file_numbers",
    "field_labels",
    "place_named",
    "closing_phrases",
    "participants",
    "subject_labels",
    "participant_sides",
    "addressed_for",
    "apposition_openers",
    "determiners",
    "conversation_heads",
    "speech_titles",
    "distribution_heads",
    "sender_heads",
    "cable_addresses",
    "release_marks",
    "embed_intros",
    "attachment_heads",
    "person_prefixes",
    "person_ranks",
    "person_list_prefixes",
    "place_prepositions",
    "dateline_words",
    "signature_marks",
    "name_stopwords",
    "role_words",
    "office_joiners",
    "departments",
    "org_joiners",
    "org_purpose_joiners",
    "org_links",
    "org_seat_words",
    "org_honorifics",
    "surnames_first",
    "multi_letter_initials",
    "articles",
    "title_links",
    "title_open_endings",
}
_PAGE_KEYS = {
    "div_types",
    "credit_markers",
    "summary_before",
    "related_heads",
    "export_labels",
    "export_sections",
    "chrome",
    "other_site_chrome",
    "document_start",
    "metadata_start",
    "rights_markers",
    "citation_markers",
    "fields",
    "genres",
}
_TOP_KEYS = {
    "name",
    "description",
    "extends",
    "bracket",
    "places",
    "hands",
    "ordinals",
    "numbers",
    "units",
    "bounds",
    "pages",
    "parts",
    "page",
    "dates",
    "header",
    "languages",
}
# the [parts] keys whose values are regular expressions
_PARTS_PATTERNS = ("salutation_patterns", "addressee_salutes", "file_numbers")
_HEADER_KEYS = {
    "text_language",
    "distributor",
    "correspondence",
    "authorship",
    "org_words",
    "place_names",
    "country_names",
    "city_names",
    "country_abbreviations",
    "person_names",
    "org_names",
    "org_heads",
    "org_seated",
    "place_heads",
    "record_addresses",
    "language_words",
}


def fold(text: str) -> str:
    """Case-fold, unify apostrophes and collapse spaces, the way all matching sees text.

    Example:
        fold("Translator’s  Comment") == "translator's comment"
    """
    text = text.replace("’", "'").replace("ʼ", "'").replace("\u00a0", " ")
    # lower(), not casefold(): keywords are also matched by case-insensitive regexes,
    # which keep "ß" as it is while casefold() would write "ss"
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class BracketRule:
    """One row of the bracket table: which brackets it matches and what they become."""

    construct: str
    labels: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    attached: bool | None = None
    after_name: bool = False
    # With after_name: words after which the rule applies too, in any case ("he [Mikoyan]").
    after_words: frozenset[str] = frozenset()
    # A label may also stand after words describing the mark ("faded image of a stamp:").
    label_inside: bool = False
    # Or: the bracket holds classification and priority marks alone ("[Extra Urgent; Top
    # Secret]"), as the [parts] lists name them.
    marks: bool = False
    type: str | None = None
    reason: str | None = None
    rend: str | None = None
    hand: str | None = None
    resp: str | None = None


@dataclass(frozen=True)
class PartWords:
    """Keywords that mark the lines of a document's head and tail (all folded)."""

    classification: tuple[str, ...]
    priority: tuple[str, ...]
    number_signs: tuple[str, ...]
    copy_words: tuple[str, ...]
    document_kinds: tuple[str, ...]
    reference_words: tuple[str, ...]
    trailer: tuple[str, ...]
    salutation_patterns: tuple[re.Pattern[str], ...]
    closing_phrases: tuple[str, ...]
    participants: tuple[str, ...]
    conversation_heads: tuple[str, ...]
    # words of a title that say the document records people talking ("Transcript of …")
    speech_titles: tuple[str, ...]
    distribution_heads: tuple[str, ...]
    embed_intros: tuple[str, ...]
    person_prefixes: tuple[str, ...]
    person_ranks: tuple[str, ...]
    person_list_prefixes: tuple[str, ...]
    place_prepositions: tuple[str, ...]
    dateline_words: tuple[str, ...]
    signature_marks: tuple[str, ...]
    name_stopwords: tuple[str, ...] = ()
    # a speaker's words: a paragraph after a conversation's last turn that holds one goes
    # on with the speech ("In my conversation with Comrade Taraki I said …")
    first_person: tuple[str, ...] = ()
    # words after which a name is a journal's: "Department of State Bulletin"
    publication_words: tuple[str, ...] = ()
    role_words: tuple[str, ...] = ()
    office_joiners: tuple[str, ...] = ()
    # what an office is "of" ("Secretary of State"): a capitalised word after it is a name's
    departments: tuple[str, ...] = ()
    # the small words of an organisation's name after its head word: "of", "for", "and", "in"
    org_joiners: tuple[str, ...] = ()
    org_purpose_joiners: tuple[str, ...] = ()
    org_links: tuple[str, ...] = ()
    org_seat_words: tuple[str, ...] = ()
    org_honorifics: tuple[str, ...] = ()  # as written: "His Majesty's Government"
    surnames_first: tuple[str, ...] = ()
    sender_heads: tuple[str, ...] = ()
    cable_addresses: tuple[str, ...] = ()
    release_marks: tuple[str, ...] = ()
    multi_letter_initials: tuple[str, ...] = ()
    # "from the KGB:", "On the side of the GDR’s MfS:": a side's label over its participants
    participant_sides: tuple[str, ...] = ()
    # "For Comrade Milos Zivkovic": words before an honorific and a name that address a copy
    addressed_for: tuple[str, ...] = ()
    # "Maltsev, the first deputy …,": the words that open who a person is, after a name
    apposition_openers: tuple[str, ...] = ()
    # the labels of a memorandum's or a cable's subject line ("SUBJECT:", "Re:"), read as
    # participants labels are, the subject below or after them
    subject_labels: tuple[str, ...] = ()
    # "all these [gestures]": words a noun follows, so a bracket after one is the text's word
    determiners: tuple[str, ...] = ()
    # "al-" of "Hafiz al-Asad", "Jr." of "Thomas W. Simons, Jr."
    name_particles: tuple[str, ...] = ()
    # written in small letters inside a Western name: "de Gaulle", "van der Stoel"
    name_small_particles: tuple[str, ...] = ()
    # bracket pairs read as square brackets on one line, each its opening and closing sign
    other_brackets: tuple[str, ...] = ()
    name_suffixes: tuple[str, ...] = ()
    # salutes that address someone: groups (?P<body>…) the addressee, (?P<rest>…) the place
    addressee_salutes: tuple[re.Pattern[str], ...] = ()
    articles: tuple[str, ...] = ()
    title_links: tuple[str, ...] = ()
    title_open_endings: tuple[str, ...] = ()
    # an archive's file numbers heading a document: FRUS's "893.34/254", "740.0011 Pacific War/1965"
    file_numbers: tuple[re.Pattern[str], ...] = ()
    # labels of a record's fields ("Location:", "Recorder:"), which are never speakers
    field_labels: tuple[str, ...] = ()
    # words after a place's name that make the two the name of something else ("Warsaw Pact")
    place_named: tuple[str, ...] = ()
    # the first words of a text attached below a signature ("Attachment", "Enclosure 2")
    attachment_heads: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageWords:
    """What surrounds a document in a copied archive web page (all folded)."""

    chrome: tuple[str, ...]
    document_start: tuple[str, ...]
    metadata_start: tuple[str, ...]
    rights_markers: tuple[str, ...]
    citation_markers: tuple[str, ...]
    fields: Mapping[str, tuple[str, ...]]
    genres: tuple[str, ...]
    credit_markers: tuple[str, ...] = ()
    summary_before: tuple[str, ...] = ()
    # "Related Documents": the heading of the page's list of other documents
    related_heads: tuple[str, ...] = ()
    export_labels: tuple[str, ...] = ()
    export_sections: tuple[str, ...] = ()
    div_types: Mapping[str, str] = field(default_factory=dict)
    # the month names of [dates.months]: a page date may give a month and a year only
    months: tuple[str, ...] = ()
    # the chrome of other sites' copies: a page with one is not the archive's own
    other_site_chrome: tuple[str, ...] = ()
    # [parts] first_person: a summary speaks of the document's writer, never as "I"
    first_person: tuple[str, ...] = ()

    def field_for_label(self, line: str) -> str | None:
        """The metadata field a label line names ("Record ID" → "record_id"), else None."""
        label = fold(line).rstrip(":").strip()
        for name, labels in self.fields.items():
            if label in labels:
                return name
        return None


@dataclass(frozen=True)
class DateWords:
    """Month names and the reading order of numeric dates."""

    months: Mapping[str, int]
    numeric_order: str = "dmy"
    century: int = 1900
    # words after which a year may open a date in running text ("On 1972 September 6")
    year_leads: tuple[str, ...] = ()
    # the words around numbers that make them times, days, ranges (default.toml, [dates])
    time_clues: tuple[str, ...] = ()
    strong_time_clues: tuple[str, ...] = ()
    day_clues: tuple[str, ...] = ()
    date_time_joiners: tuple[str, ...] = ()
    hour_units: tuple[str, ...] = ()
    hour_words: tuple[str, ...] = ()
    minute_words: tuple[str, ...] = ()
    afternoon_words: tuple[str, ...] = ()
    range_words: tuple[str, ...] = ()
    pair_words: tuple[str, ...] = ()
    between_words: tuple[str, ...] = ()
    list_words: tuple[str, ...] = ()
    percent_words: tuple[str, ...] = ()
    # words naming another message before its number ("Embtel 1053 Apr 5, 1948")
    cited_messages: tuple[str, ...] = ()
    # words before whom a telegram was sent or repeated to: the number after that name is
    # the telegram's there, no time ("Sent Department 2217, repeated Moscow 345")
    message_routes: tuple[str, ...] = ()
    # words after a day and month that make them a name ("the 26th of July Movement")
    date_names: tuple[str, ...] = ()
    word_times: Mapping[str, str] = field(default_factory=dict)  # "noon": "12:00"
    number_signs: tuple[str, ...] = ()  # "No.", "№": a number after one is no time


@dataclass(frozen=True)
class HeaderWords:
    """What the teiHeader may say: languages, distributor, title patterns."""

    text_language: str
    distributor: str
    correspondence: tuple[re.Pattern[str], ...]
    org_words: tuple[str, ...]
    place_names: tuple[str, ...]
    languages: Mapping[str, str]
    # countries and regions: placeName wherever the text names them
    country_names: tuple[str, ...] = ()
    # other towns: placeName wherever the text names them
    city_names: tuple[str, ...] = ()
    # countries' abbreviations, found only as written ("USSR", "U.S.", "GDR")
    country_abbreviations: tuple[str, ...] = ()
    # people often named with no title: persName wherever the text names them
    person_names: tuple[str, ...] = ()
    # organisations often named: orgName wherever the text names them ("NATO" as written)
    org_names: tuple[str, ...] = ()
    # the words an organisation's name is built on, with capitals ("Ministry of Foreign
    # Affairs", "Soviet Embassy"), and those after which its seat may follow ("in Pyongyang")
    org_heads: tuple[str, ...] = ()
    org_seated: tuple[str, ...] = ()
    place_heads: tuple[str, ...] = ()  # "republic": "the Federal Republic of Germany"
    # the archive's own address of a document, its record id in the group (?P<id>…)
    record_addresses: tuple[re.Pattern[str], ...] = ()
    # each language's commonest short words, by its code: what the text is written in
    language_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # who kept the diary or journal a title names, group (?P<author>…)
    authorship: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Conventions:
    """Everything the converter recognises, as one frozen value passed keyword-only."""

    name: str
    description: str
    brackets: tuple[BracketRule, ...]
    places: tuple[tuple[str, str], ...]
    ordinals: Mapping[str, int]
    numbers: Mapping[str, int]
    units: Mapping[str, str]
    page_line_patterns: tuple[re.Pattern[str], ...]
    parts: PartWords
    page: PageWords
    dates: DateWords
    header: HeaderWords
    sources: tuple[str, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # words before a gap's number that make it a bound: "less than" → atMost
    bounds: Mapping[str, str] = field(default_factory=dict)
    # a rule's `hand` → what its <handNote> says of that hand
    hands: Mapping[str, str] = field(default_factory=dict)


def builtin_names() -> list[str]:
    """Names of the conventions tables shipped inside teikit."""
    folder = resources.files(BUILTIN_PACKAGE) / "conventions"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _builtin_text(name: str) -> str:
    return (resources.files(BUILTIN_PACKAGE) / "conventions" / f"{name}.toml").read_text("utf-8")


def load_conventions(spec: str | Path | None = None) -> Conventions:
    """Load a built-in table by name, or a user's TOML file laid over the default.

    Example:
        conv = load_conventions()                 # the default table
        conv = load_conventions("my-archive.toml")
    """
    base_text = _builtin_text(DEFAULT_NAME)
    base = _parse_toml(base_text, f"<builtin {DEFAULT_NAME}>")
    sources = [f"builtin:{DEFAULT_NAME}"]
    if spec is None or str(spec) == DEFAULT_NAME:
        return build_conventions(base, base_text, sources=sources)
    if isinstance(spec, str) and spec in builtin_names():
        text, label = _builtin_text(spec), f"<builtin {spec}>"
        sources.append(f"builtin:{spec}")
    else:
        path = Path(spec)
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            known = ", ".join(builtin_names())
            raise ConventionsError(
                f"{spec}: no such conventions file or built-in table (built-in: {known})"
            ) from None
        except (OSError, UnicodeDecodeError) as err:
            raise ConventionsError(f"{spec}: cannot read conventions file: {err}") from None
        label = str(path)
        sources.append(str(path))
    over = _parse_toml(text, label)
    merged = over if over.get("extends", DEFAULT_NAME) is False else merge_tables(base, over)
    return build_conventions(merged, text, sources=sources, label=label)


def _parse_toml(text: str, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConventionsError(f"{label}: not valid TOML: {err}") from None


def merge_tables(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Lay `over` on `base`: bracket rules first, lists extended, tables merged, values replaced."""
    merged: dict[str, Any] = dict(base)
    for key, value in over.items():
        old = base.get(key)
        if key == "bracket" and isinstance(value, list) and isinstance(old, list):
            merged[key] = list(value) + list(old)
        elif isinstance(value, dict) and isinstance(old, dict):
            merged[key] = merge_tables(old, value)
        elif isinstance(value, list) and isinstance(old, list):
            merged[key] = list(old) + [v for v in value if v not in old]
        else:
            merged[key] = value
    return merged


def _line_of(text: str, key: str) -> int | None:
    """Line number where `key` is first assigned in the TOML text, for error messages."""
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


class _Checker:
    """Reads values out of the merged table, naming the key and line when one is wrong."""

    def __init__(self, text: str, label: str) -> None:
        self.text = text
        self.label = label

    def fail(self, key: str, problem: str) -> ConventionsError:
        line = _line_of(self.text, key.rsplit(".", 1)[-1])
        where = f"{self.label}:{line}" if line else self.label
        return ConventionsError(f"{where}: key '{key}': {problem}")

    def strings(
        self, table: Mapping[str, Any], key: str, path: str, *, keep_case: bool = False
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{path}.{key}", "expected a list of strings")
        if keep_case:  # "NATO" is found only as written
            return tuple(" ".join(v.replace("’", "'").split()) for v in value)
        return tuple(fold(v) for v in value)

    def regex(self, source: Any, key: str) -> re.Pattern[str]:
        if not isinstance(source, str):
            raise self.fail(key, "expected a regular expression string")
        try:
            return re.compile(source, re.IGNORECASE)
        except re.error as err:
            raise self.fail(key, f"bad regular expression: {err}") from None

    def table(self, root: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = root.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return value

    def known_keys(self, table: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{path}.{key}" if path else key, "unknown key")

    def int_map(self, root: Mapping[str, Any], key: str) -> Mapping[str, int]:
        table = self.table(root, key)
        for name, value in table.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise self.fail(f"{key}.{name}", "expected an integer")
        return MappingProxyType({fold(k): v for k, v in table.items()})

    def str_map(self, root: Mapping[str, Any], key: str) -> Mapping[str, str]:
        table = self.table(root, key)
        for name, value in table.items():
            if not isinstance(value, str):
                raise self.fail(f"{key}.{name}", "expected a string")
        return MappingProxyType({fold(k): v for k, v in table.items()})


# the `[dates]` lists of words around numbers that dates.py compiles into its patterns
DATE_WORD_LISTS = (
    "time_clues",
    "strong_time_clues",
    "day_clues",
    "date_time_joiners",
    "hour_units",
    "hour_words",
    "minute_words",
    "afternoon_words",
    "range_words",
    "pair_words",
    "between_words",
    "list_words",
    "percent_words",
    "cited_messages",
    "message_routes",
    "date_names",
)
_DATE_LISTS = {"year_leads", *DATE_WORD_LISTS}


def _word_times(check: _Checker, dates_raw: Mapping[str, Any]) -> Mapping[str, str]:
    """`[dates.word_times]`: "noon" = "12:00", each time as HH:MM."""
    times = check.str_map(dates_raw, "word_times")
    for word, value in check.table(dates_raw, "word_times").items():
        if not re.fullmatch(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", value):
            raise check.fail(f"word_times.{word}", "expected a time as HH:MM")
    return times


def _language_words(check: _Checker, header_raw: Mapping[str, Any]) -> Mapping[str, frozenset[str]]:
    table = check.table(header_raw, "language_words")
    return MappingProxyType(
        {code: frozenset(check.strings(table, code, "header.language_words")) for code in table}
    )


_BOUND_ATTRIBUTES = ("atMost", "atLeast")


def _bounds(check: _Checker, raw: Mapping[str, Any]) -> Mapping[str, str]:
    bounds = check.str_map(raw, "bounds")
    for phrase, attribute in bounds.items():
        if attribute not in _BOUND_ATTRIBUTES:
            raise check.fail(f"bounds.{phrase}", f"expected one of {', '.join(_BOUND_ATTRIBUTES)}")
    return bounds


def build_conventions(
    raw: Mapping[str, Any],
    text: str,
    *,
    sources: list[str],
    label: str = f"<builtin {DEFAULT_NAME}>",
) -> Conventions:
    """Check a merged table and turn it into a frozen Conventions."""
    check = _Checker(text, label)
    check.known_keys(raw, _TOP_KEYS, "")
    rules = raw.get("bracket", [])
    if not isinstance(rules, list):
        raise check.fail("bracket", "expected [[bracket]] tables")
    brackets = tuple(_bracket_rule(check, rule, i) for i, rule in enumerate(rules))

    parts_raw = check.table(raw, "parts")
    check.known_keys(parts_raw, _PARTS_KEYS, "parts")
    part_values: dict[str, Any] = {
        key: check.strings(parts_raw, key, "parts")
        for key in _PARTS_KEYS
        if key not in _PARTS_PATTERNS
    }
    for key in _PARTS_PATTERNS:
        part_values[key] = tuple(check.regex(p, f"parts.{key}") for p in parts_raw.get(key, []))
    # Number signs and person prefixes are matched as written, so keep their case.
    part_values["number_signs"] = tuple(parts_raw.get("number_signs", []))
    part_values["person_prefixes"] = tuple(parts_raw.get("person_prefixes", []))
    part_values["person_list_prefixes"] = tuple(parts_raw.get("person_list_prefixes", []))
    part_values["person_ranks"] = tuple(parts_raw.get("person_ranks", []))
    part_values["multi_letter_initials"] = tuple(parts_raw.get("multi_letter_initials", []))
    part_values["name_suffixes"] = tuple(parts_raw.get("name_suffixes", []))
    part_values["org_honorifics"] = check.strings(
        parts_raw, "org_honorifics", "parts", keep_case=True
    )
    part_values["other_brackets"] = check.strings(
        parts_raw, "other_brackets", "parts", keep_case=True
    )
    if any(len(pair) != 2 for pair in part_values["other_brackets"]):
        raise check.fail("parts.other_brackets", 'expected pairs of two signs, such as "⟨⟩"')

    page_raw = check.table(raw, "page")
    check.known_keys(page_raw, _PAGE_KEYS, "page")
    fields_raw = check.table(page_raw, "fields")
    page = PageWords(
        **{
            key: check.strings(page_raw, key, "page")
            for key in _PAGE_KEYS
            if key not in ("fields", "div_types")
        },
        div_types=check.str_map(page_raw, "div_types"),
        fields=MappingProxyType(
            {name: check.strings(fields_raw, name, "page.fields") for name in fields_raw}
        ),
    )

    dates_raw = check.table(raw, "dates")
    date_keys = {"months", "numeric_order", "century", "word_times"} | _DATE_LISTS
    check.known_keys(dates_raw, date_keys, "dates")
    order = dates_raw.get("numeric_order", "dmy")
    if order not in ("dmy", "mdy", "ymd"):
        raise check.fail("dates.numeric_order", "expected one of dmy, mdy, ymd")
    century = dates_raw.get("century", 1900)
    if not isinstance(century, int):
        raise check.fail("dates.century", "expected an integer")
    dates = DateWords(
        months=check.int_map(dates_raw, "months"),
        numeric_order=order,
        century=century,
        **{key: check.strings(dates_raw, key, "dates") for key in _DATE_LISTS},
        word_times=_word_times(check, dates_raw),
        number_signs=part_values["number_signs"],
    )
    page = replace(page, months=tuple(dates.months), first_person=part_values["first_person"])

    pages_raw = check.table(raw, "pages")
    check.known_keys(pages_raw, {"line_patterns"}, "pages")
    line_patterns = tuple(
        check.regex(p, "pages.line_patterns") for p in pages_raw.get("line_patterns", [])
    )

    header_raw = check.table(raw, "header")
    check.known_keys(header_raw, _HEADER_KEYS, "header")
    for key in ("text_language", "distributor"):
        if not isinstance(header_raw.get(key, ""), str):
            raise check.fail(f"header.{key}", "expected a string")
    header = HeaderWords(
        text_language=header_raw.get("text_language", "en"),
        distributor=header_raw.get("distributor", ""),
        correspondence=tuple(
            check.regex(p, "header.correspondence") for p in header_raw.get("correspondence", [])
        ),
        org_words=check.strings(header_raw, "org_words", "header"),
        place_names=check.strings(header_raw, "place_names", "header"),
        country_names=check.strings(header_raw, "country_names", "header"),
        city_names=check.strings(header_raw, "city_names", "header"),
        country_abbreviations=check.strings(
            header_raw, "country_abbreviations", "header", keep_case=True
        ),
        person_names=check.strings(header_raw, "person_names", "header"),
        org_names=check.strings(header_raw, "org_names", "header", keep_case=True),
        org_heads=check.strings(header_raw, "org_heads", "header"),
        org_seated=check.strings(header_raw, "org_seated", "header"),
        place_heads=check.strings(header_raw, "place_heads", "header"),
        languages=check.str_map(raw, "languages"),
        record_addresses=tuple(
            check.regex(p, "header.record_addresses")
            for p in header_raw.get("record_addresses", [])
        ),
        authorship=tuple(
            check.regex(p, "header.authorship") for p in header_raw.get("authorship", [])
        ),
        language_words=_language_words(check, header_raw),
    )

    places = check.str_map(raw, "places")
    return Conventions(
        name=str(raw.get("name", DEFAULT_NAME)),
        description=str(raw.get("description", "")),
        brackets=brackets,
        places=tuple(sorted(places.items(), key=lambda kv: -len(kv[0]))),
        ordinals=check.int_map(raw, "ordinals"),
        numbers=check.int_map(raw, "numbers"),
        units=check.str_map(raw, "units"),
        bounds=_bounds(check, raw),
        hands=check.str_map(raw, "hands"),
        page_line_patterns=line_patterns,
        parts=PartWords(**part_values),
        page=page,
        dates=dates,
        header=header,
        sources=tuple(sources),
        raw=MappingProxyType(dict(raw)),
    )


def _bracket_rule(check: _Checker, rule: Any, index: int) -> BracketRule:
    path = f"bracket[{index}]"
    if not isinstance(rule, dict):
        raise check.fail(path, "expected a table")
    check.known_keys(rule, _RULE_KEYS, path)
    construct = rule.get("construct")
    if construct not in CONSTRUCTS:
        raise check.fail(
            f"{path}.construct",
            f"unknown construct {construct!r} (known: {', '.join(sorted(CONSTRUCTS))})",
        )
    labels = check.strings(rule, "labels", path)
    pattern = check.regex(rule["pattern"], f"{path}.pattern") if "pattern" in rule else None
    marks = rule.get("marks", False)
    if not isinstance(marks, bool):
        raise check.fail(f"{path}.marks", "expected true or false")
    if not labels and pattern is None and not marks:
        raise check.fail(f"{path}.construct", "a rule needs labels, a pattern or marks")
    attached = rule.get("attached")
    if attached is not None and not isinstance(attached, bool):
        raise check.fail(f"{path}.attached", "expected true or false")
    if not isinstance(rule.get("label_inside", False), bool):
        raise check.fail(f"{path}.label_inside", "expected true or false")
    values = {k: rule.get(k) for k in ("type", "reason", "rend", "hand", "resp")}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise check.fail(f"{path}.{key}", "expected a string")
    return BracketRule(
        construct=construct,
        labels=tuple(sorted(labels, key=len, reverse=True)),
        pattern=pattern,
        attached=attached,
        after_name=bool(rule.get("after_name", False)),
        after_words=frozenset(check.strings(rule, "after_words", path)),
        label_inside=rule.get("label_inside", False),
        marks=marks,
        **values,
    )


def dump_conventions(conventions: Conventions) -> str:
    """The effective table as TOML, so a user can see and copy what is recognised."""
    raw = dict(conventions.raw)
    lines = [
        f"# effective conventions: {' + '.join(conventions.sources)}",
        f"name = {_toml_value(raw.pop('name', conventions.name))}",
        f"description = {_toml_value(raw.pop('description', conventions.description))}",
    ]
    raw.pop("extends", None)
    for rule in raw.pop("bracket", []):
        lines += ["", "[[bracket]]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in rule.items()]
    for key, value in raw.items():
        lines += _toml_table(key, value)
    return "\n".join(lines) + "\n"


def _toml_table(path: str, table: Mapping[str, Any]) -> list[str]:
    lines = ["", f"[{path}]"]
    nested = []
    for key, value in table.items():
        if isinstance(value, dict):
            nested.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in nested:
        lines += _toml_table(f"{path}.{_toml_key(key)}", value)
    return lines


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "\\" in value and "'" not in value and "\n" not in value:
            return f"'{value}'"  # literal string keeps regexes readable
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
