"""What an editorial bracket means, read from the conventions table.

`read_bracket` looks at the bracket's own text and the word it touches, tries the
table's rules in order, and returns a Meaning: the construct, the attributes, which
part of the bracket is label (replaced by markup) and which part is content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from teikit.transcription.brackets import Bracket
from teikit.transcription.conventions import BracketRule, Conventions, fold
from teikit.transcription.lexicon import CLOSE_QUOTES

_LABEL_COLON = re.compile(r"^([^\[\]:\n]{1,80}?)\s*:(?=\s|$)")
# "[MFA Far East" / "Department stamp: …": a short label typed over two lines
_TWO_LINE_LABEL = re.compile(r"^([^\[\]:\n]{1,80}\n[^\[\]:\n]{1,80}?)\s*:(?=\s|$)")
_TWO_LINE_LABEL_WORDS = 6
# "[CPSU CC stamp; 12 JUNE 1969]": a mark's description, a semicolon, then what it says
_LABEL_SEMICOLON = re.compile(r"^([^\[\]:;\n]{1,60}?)\s*;(?=\s)")
_DASH_COMMENT = re.compile(r"^\s*[–—-]+\s*|^\s*[,;:]\s*")
_NUMBER = re.compile(r"\d+")
_NEXT_WORD = re.compile(r"\s*\S+")
# Constructs whose element can hold the rest of a label as a <desc>.
_DESCRIBED = frozenset({"annotation", "stamp", "note"})
# the word just before a bracket on the same line ("Filippov [Stalin]")
_WORD_BEFORE = re.compile(r"([\w’'.()-]+)[ \t\u00a0]*$")


@dataclass(frozen=True)
class Meaning:
    """What one bracket stands for, with offsets into the document text."""

    construct: str
    rule: BracketRule | None
    label: str = ""  # words of the bracket that the markup replaces
    qualifier: str = ""  # the rest of the label, kept as a description ("of the CC")
    body_start: int = 0  # content kept as text: [body_start, body_end)
    body_end: int = 0
    place: str | None = None
    page_after: int | None = None  # a page break follows ("at the end of the first page")
    page: int | None = None  # for pb: the page that begins
    quantity: str | None = None  # as TEI writes a number: "2", "1.5"
    unit: str | None = None
    bound: str = "quantity"  # the gap's attribute for it: "atMost" for "less than 1 line"
    comment: str = ""  # "[sic – comment]"
    known: bool = True

    def attr(self, name: str) -> str | None:
        """An attribute value the rule sets (type, reason, rend, hand, resp)."""
        return getattr(self.rule, name) if self.rule is not None else None


def read_bracket(
    text: str,
    bracket: Bracket,
    *,
    conventions: Conventions,
    footnotes: frozenset[str] = frozenset(),
) -> Meaning:
    """The meaning of `bracket` in `text`.

    Example:
        read_bracket(t, b, conventions=conv).construct  # "annotation" for "[handwritten: …]"
    """
    inner = text[bracket.inner_start : bracket.inner_end]
    lead = len(inner) - len(inner.lstrip())
    inner_start = bracket.inner_start + lead
    stripped = inner.strip()
    # The label is what stands before the first colon, unless a nested bracket comes first.
    child_start = bracket.children[0].start - inner_start if bracket.children else len(stripped)
    colon = _LABEL_COLON.match(stripped) or _TWO_LINE_LABEL.match(stripped)
    if colon and "\n" in colon.group(1) and len(colon.group(1).split()) > _TWO_LINE_LABEL_WORDS:
        colon = None
    table = _rule_table(conventions)
    if colon is None:
        colon = _note_label_dash(stripped, table.note_labels) or _mark_label_dash(
            stripped, conventions
        )
    if colon and colon.end() > child_start:
        colon = None
    head = colon.group(1) if colon else stripped
    attached = bracket.start > 0 and (text[bracket.start - 1].isalnum())
    # only the word just before counts: look a short way back, not over the whole document
    before = _WORD_BEFORE.search(text, max(0, bracket.start - 80), bracket.start)
    word_before = before.group(1) if before and not attached else ""
    after_name = (
        _is_name_before(word_before, conventions)
        and not _office_goes_on(text, bracket.end, conventions)
        and not _name_goes_on(text, bracket.end)
    )
    folded_head = _folded_prefix(head, table.longest_label)
    # "all these [gestures]": a noun of the sentence after a determiner, no stage direction
    determined = fold(word_before) in conventions.parts.determiners

    for rule, label_pattern in zip(conventions.brackets, table.label_patterns, strict=True):
        if rule.attached is not None and rule.attached != attached:
            continue
        if determined and rule.construct == "stage":
            continue
        if rule.after_name and not (
            after_name or fold(word_before.rstrip(".,;:")) in rule.after_words
        ):
            continue
        label = _match_label(label_pattern, folded_head)
        if label is not None:
            return _labelled(rule, text, inner_start, stripped, head, label, colon, conventions)
        if rule.marks and not bracket.children and table.marks.fullmatch(fold(stripped)):
            return Meaning(
                rule.construct, rule, body_start=inner_start, body_end=inner_start + len(stripped)
            )
        if rule.pattern is not None and not bracket.children:
            match = rule.pattern.fullmatch(stripped)
            if (
                match
                and rule.construct == "footnote"
                and stripped not in footnotes
                and not _unlisted_marker(text, bracket, stripped)
                and not _marker_after_name(
                    text, bracket, stripped, word_before if after_name else ""
                )
            ):
                continue  # "paragraph [4]" with no note at the end is a supplied number
            if match:
                return _patterned(rule, match, inner_start, stripped, conventions)
    if colon is None and len(stripped) <= _STAGE_LENGTH and not determined:
        # with no colon only what happened in the room ("[General laughter]"): elsewhere
        # a label word inside a bracket says nothing
        found = _label_inside(conventions.brackets, folded_head, construct="stage")
        if found is not None:
            rule, label, index = found
            return _labelled(
                rule, text, inner_start, stripped, head, label, colon, conventions, index
            )
    if colon:
        found = _label_inside(conventions.brackets, folded_head)
        if found is not None:  # "[faded image of a stamp: …]"
            rule, label, index = found
            return _labelled(
                rule, text, inner_start, stripped, head, label, colon, conventions, index
            )
        # An unknown "Label: text" is kept whole as an editorial note, never dropped.
        return Meaning(
            "note", None, body_start=inner_start, body_end=inner_start + len(stripped), known=False
        )
    semicolon = _LABEL_SEMICOLON.match(stripped) if colon is None else None
    if semicolon and semicolon.end() <= child_start:
        found = _label_inside(conventions.brackets, fold(semicolon.group(1)))
        if found is not None:  # "[CPSU CC stamp; 12 JUNE 1969]": described, then its words
            rule, label, index = found
            return _labelled(
                rule, text, inner_start, stripped, semicolon.group(1), label, semicolon,
                conventions, index,
            )  # fmt: skip
    if (
        _spells_out(word_before, stripped)
        or _expands(word_before, stripped, conventions)
        or _abbreviates(text, bracket, stripped, conventions.parts.office_joiners)
        or _describes(text, bracket, stripped)
        or _office_gloss(text, bracket, stripped, conventions)
        or _kind_gloss(text, bracket, stripped, conventions)
    ):
        # "the UAR [United Arab Republic; Egypt]": what the acronym stands for, the editor's;
        # "the multilateral force [MLF]": the acronym of the words before, the editor's too
        return Meaning("note", None, body_start=inner_start, body_end=inner_start + len(stripped))
    return Meaning("supplied", None, body_start=inner_start, body_end=inner_start + len(stripped))


# words of a bracket between sentences that make it the editor's statement, not supplied text
_STATEMENT_WORDS = 8


def _describes(text: str, bracket: Bracket, inner: str) -> bool:
    """Whether a bracket standing between sentences (after a sentence's stop or a line
    break, and before the next, its stop or the end of the line) is a sentence of its own, opening
    with a capital: the editor's statement ("… goes on. [There is a stamp at the end of the
    first page stating that …]"), not words supplied into the text."""
    before = text[max(0, bracket.start - 3) : bracket.start].rstrip(" \t\u00a0")
    after = text[bracket.end : bracket.end + 3].lstrip(" \t\u00a0")
    return (
        (not before or before[-1] in ".!?\n")
        and (not after or after[0] in ".\n" or after[0].isupper())
        and inner[:1].isupper()
        and len(inner.split()) >= _STATEMENT_WORDS
    )


_WORDS_BEFORE = re.compile(r"(?:[^\W\d_][\w’'-]*[ \t\u00a0]+){1,12}$")


def _abbreviates(text: str, bracket: Bracket, inner: str, joiners: tuple[str, ...]) -> bool:
    """Whether a bracket of acronyms ("MLF", "CC of the BCP") abbreviates the words right
    before it ("the multilateral force [MLF]", "the Central Committee of the Bulgarian
    Communist Party [CC of the BCP]"): its capitals, in order, are letters of those words,
    the first opening one of them; an office's small words (`joiners`: "of", "the") may
    stand between the acronyms and count for nothing."""
    tokens = inner.split()
    acronyms = [t for t in tokens if len(t) >= 2 and t.isalpha() and t.isupper()]
    if not acronyms or any(t not in acronyms and t not in joiners for t in tokens):
        return False
    letters = "".join(acronyms).lower()
    before = _WORDS_BEFORE.search(text, max(0, bracket.start - 160), bracket.start)
    if before is None:
        return False
    words = [w.lower() for w in before.group().split() if w.lower() not in joiners]
    for k in range(1, len(words) + 1):
        if words[-k][0] == letters[0] and _in_order(letters, "".join(words[-k:])):
            return True
    return False


def _office_gloss(text: str, bracket: Bracket, inner: str, conventions: Conventions) -> bool:
    """Whether a bracket names an office ("[Minister of Foreign Trade]", "[West German
    Economics Minister]", "[CPSU CC Secretary]") with no name after it: the editor's
    note of who someone is, not words supplied into the text ("[CPSU Secretary General]
    Brezhnev" supplies the office the name holds)."""
    words = inner.split()
    parts = conventions.parts
    if not (1 <= len(words) <= _GLOSS_WORDS) or not any(fold(w) in parts.role_words for w in words):
        return False
    if not all(w[:1].isupper() or fold(w) in parts.office_joiners for w in words):
        return False
    # the words before it in its sentence: none after a line break or a sentence's stop
    line_start = text.rfind("\n", max(0, bracket.start - 12), bracket.start) + 1
    before = text[max(line_start, bracket.start - 12) : bracket.start].split()
    if before and before[-1][-1:] in ".!?":
        before = []
    if before and fold(before[-1]) in parts.articles:
        return False  # "and the [CPSU CC Secretary]": the words the sentence lacks
    if fold(words[0]) in parts.articles and not (before and before[-1][:1].islower()):
        return False  # "2. [The Premier] introduced …", "[The Soviet Ambassador] told …":
        # the subject the sentence lacks
    after = text[bracket.end : bracket.end + 2].lstrip(" \t\u00a0")
    return not after[:1].isupper()


_GLOSS_WORDS = 8  # the longest gloss of an office or of what a name is


def _kind_gloss(text: str, bracket: Bracket, inner: str, conventions: Conventions) -> bool:
    """Whether a bracket says what the name or title right before it is ("“Protecting the
    Fatherland” [a periodical]", "Scînteia [the party daily]"): an article and words in
    small letters after a closing quote or a capitalised word, the editor's note; "[a]"
    alone, or after a word in small letters ("received [a few] copies"), is supplied."""
    words = inner.split()
    articles = conventions.parts.articles
    if not 2 <= len(words) <= _GLOSS_WORDS or fold(words[0]) not in articles:
        return False
    if not all(w[:1].islower() for w in words):
        return False
    before = text[max(0, bracket.start - 40) : bracket.start].rstrip(" \t\u00a0")
    if not before or before[-1] in "\n.!?":
        return False
    if before[-1] in CLOSE_QUOTES:
        return True
    words_before = before.split()
    # a capitalised word that does not open a sentence ("Scînteia", not "Yesterday")
    return (
        len(words_before) >= 2
        and words_before[-1][:1].isupper()
        and words_before[-2][-1:] not in ".!?:"
        and fold(words_before[-1]) not in conventions.parts.articles
    )


def _in_order(letters: str, text: str) -> bool:
    """Whether `letters` appear in `text` in that order (a subsequence)."""
    rest = iter(text)
    return all(letter in rest for letter in letters)


def _spells_out(acronym: str, inner: str) -> bool:
    """Whether a bracket's first words ("United Arab Republic; Egypt") are what the
    acronym before it ("UAR", "CPSU's") stands for: their initials spell it, small words
    ("of", "the") counted or not."""
    letters = acronym.removesuffix("’s").removesuffix("'s").strip(".,;:()")
    if not (2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()):
        return False
    words = re.findall(r"[^\W\d_]+", re.split(r"[;,(]", inner, maxsplit=1)[0])
    initials = "".join(w[0] for w in words).upper()
    capitals = "".join(w[0] for w in words if w[0].isupper())
    return letters in (initials, capitals)


def _expands(acronym: str, inner: str, conventions: Conventions) -> bool:
    """Whether a bracket names in English the body an acronym of another language stands
    for ("the MPJ [Ministry of Foreign Affairs]", "GIU GKEhS [Main Engineering Directorate
    …]"): capitalised words (an office's small words between) with an organisation's word
    among them, right after a word in capitals. Its initials need not spell the acronym."""
    letters = acronym.removesuffix("’s").removesuffix("'s").strip(".,;:()")
    capitals = sum(c.isupper() for c in letters)
    if not (letters.isalpha() and capitals >= 2 and letters[0].isupper() and letters[-1].isupper()):
        return False
    words = re.split(r"[;,(]", inner, maxsplit=1)[0].split()
    joiners = conventions.parts.office_joiners
    if not 2 <= len(words) <= _GLOSS_WORDS or not words[0][:1].isupper():
        return False
    if not all(w[:1].isupper() or fold(w) in joiners for w in words):
        return False
    return any(fold(w) in conventions.header.org_words for w in words)


# "[Stamp]: Secret": the constructs whose label may stand alone before the text it labels
_LABEL_FIRST = frozenset({"annotation", "stamp", "note"})
_COLON_AND_TEXT = re.compile(r"[ \t\u00a0]*:[ \t\u00a0]*(?=[^\s\[])")
_TEXT_AFTER = re.compile(r"[ \t\u00a0]+(?=[^\s\[])")
_REST_OF_LINE = re.compile(r"[ \t\u00a0]+(?=\S)")


def label_then_text(
    text: str, bracket: Bracket, meaning: Meaning, end: int, brackets: Sequence[Bracket]
) -> tuple[Bracket, Meaning] | None:
    """ "[Handwritten note]: To be reported …": a bracket holding only a note's label and a
    colon after it (or inside it, "[Handwritten text:] Relay this …"); the rest of the
    line (up to `end`) is the note's text. Returns the
    bracket stretched over that text, its children the `brackets` (top-level, in order)
    inside it, and its meaning with that body; None for any other bracket, or when a
    bracket opened on the line runs on past it.
    """
    if not bracket.closed or meaning.construct not in _LABEL_FIRST or meaning.rule is None:
        return None
    label = meaning.label
    if not label and meaning.construct == "note":
        # "[Translator's note]": a note with no colon is its own text (`_labelled`)
        inner = text[bracket.inner_start : bracket.inner_end].strip()
        label = inner if fold(inner) in map(fold, meaning.rule.labels) else ""
    elif meaning.body_end > meaning.body_start:
        return None
    # "[Handwritten text:] Relay this …": the label's colon inside the bracket
    inner_colon = text[bracket.inner_start : bracket.inner_end].rstrip().endswith(":")
    after = _COLON_AND_TEXT if not inner_colon else _TEXT_AFTER
    colon = after.match(text, bracket.end, end) if label else None
    line_start = text.rfind("\n", 0, bracket.start) + 1
    if (
        colon is None
        and label
        and meaning.construct == "annotation"
        and not text[line_start : bracket.start].strip()
    ):  # "[handwritten] Politburo, 13th meeting …" opening a line: the rest of it
        colon = _REST_OF_LINE.match(text, bracket.end, end)
    if colon is None:
        return None
    stop = text.find("\n", colon.end(), end)
    stop = end if stop < 0 else stop
    stop = colon.end() + len(text[colon.end() : stop].rstrip())
    first = bisect.bisect_left(brackets, colon.end(), key=lambda b: b.start)
    last = bisect.bisect_left(brackets, stop, key=lambda b: b.start)
    inside = tuple(brackets[first:last])
    if inside and inside[-1].end > stop:
        return None  # a bracket that runs on past the line is no part of the note
    return (
        replace(bracket, end=stop, children=bracket.children + inside),
        replace(meaning, label=label, body_start=colon.end(), body_end=stop),
    )


# "[Translator's note—Apparently a doctor]": a note's label set off by a dash
_LABEL_DASH = re.compile(r"^([^\[\]:\n—–]{1,60}?)\s*[—–]\s*(?=\S)")


def _note_label_dash(stripped: str, note_labels: frozenset[str]) -> re.Match[str] | None:
    """The label and dash opening a bracket, when the label is a note rule's own (folded,
    in `note_labels`); a dash after other labels stays theirs to read ("[sic – comment]")."""
    match = _LABEL_DASH.match(stripped)
    return match if match is not None and fold(match.group(1)) in note_labels else None


def _mark_label_dash(stripped: str, conventions: Conventions) -> re.Match[str] | None:
    """The description and dash opening a bracket when it describes a mark or a hand
    ("[vertical text on left margin – Return within 15 days]"): a stamp's or a hand's
    label (`label_inside` rules) stands among its last words."""
    match = _LABEL_DASH.match(stripped)
    if match is None:
        return None
    found = _label_inside(conventions.brackets, fold(match.group(1)), first=0)
    return match if found is not None else None


def _is_name_before(word: str, conventions: Conventions) -> bool:
    """Whether `word`, just before a bracket, can be a name the bracket identifies:
    "Filippov [Stalin]", "(LCY) [Jugoszlávia Kommunistáinak Szövetsége]".

    Not a word in small letters, one that ends a sentence ("31 May. [We] hope"), a month
    ("the Great October [Socialist Revolution]"), one of the conventions' name stopwords
    ("Copy [Chinese] Central Committee", "The [Soviet] side"), a person's title, after
    which the bracket supplies part of the name ("Comrade [Li] Fuchun"), an office's word,
    after which it supplies who holds it ("Premier [Pham Van Dong]"), or a number sign
    ("Nº [117]").
    """
    word = word.lstrip("(")
    if not word[:1].isupper():
        return False
    bare = word.rstrip(".,;:!?")
    if word[len(bare) :][:1] in ("!", "?") or (word.endswith(".") and len(bare) > 1):
        return False
    folded = fold(bare)
    parts = conventions.parts
    return not (
        folded in conventions.dates.months
        or folded in parts.name_stopwords
        or folded in _folded_words(parts.person_prefixes)
        or folded in parts.role_words
        or folded in _folded_words(parts.number_signs)
    )


def _office_goes_on(text: str, end: int, conventions: Conventions) -> bool:
    """Whether an office's title goes on after a bracket ("Deputy [Foreign Affairs]
    Minister"): then the bracket supplies words of the office, it names no one."""
    after = _WORD_AFTER.match(text, end, end + 40)
    return after is not None and fold(after.group(1)) in conventions.parts.role_words


def _name_goes_on(text: str, end: int) -> bool:
    """Whether a capitalised word follows a bracket ("Neutral [Nations Supervisory]
    Commission", "[Ladislav] Adamec"): then the bracket supplies words of that name."""
    after = _WORD_AFTER.match(text, end, end + 40)
    return after is not None and after.group(1)[:1].isupper()


# the word just after a bracket on the same line
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([\w’'-]+)")


@lru_cache(maxsize=8)
def _folded_words(words: tuple[str, ...]) -> frozenset[str]:
    """ "Cde.", "Comrade", "Nº": words as _is_name_before compares them."""
    return frozenset(fold(p).rstrip(".") for p in words)


def _unlisted_marker(text: str, bracket: Bracket, inner: str) -> bool:
    """ "1954[1]", "Moscow.[2]", "VIKTOR[i].", "534?[ii]": a number set right against the
    text is a footnote marker even when the copy lost the notes (a web page cut short); a
    small Roman numeral too, unless it can complete a word in small letters ("Rom[iv]").
    A doubled bracket is not one: "2[[7]] June" is a digit written in by hand, nor are
    digits that complete a year ("196[7]"). Digits set apart after a sentence's stop, with
    the line's end or the next sentence after them ("… No. 823. [14]"), are a marker too:
    no one supplies a number there."""
    if bracket.start == 0 or text.startswith("[[", bracket.start):
        return False
    before = text[bracket.start - 1]
    if before in " \t\u00a0" and inner.isdigit() and _after_stop(text, bracket):
        return True
    if before.isspace() or before in "[(" or _completes_year(text, bracket.start, inner):
        return False
    return inner.isdigit() or bool(_SMALL_ROMAN.fullmatch(inner)) and not before.islower()


def _after_stop(text: str, bracket: Bracket) -> bool:
    """Whether a bracket stands between a sentence's stop and the line's end or the next
    sentence ("… of March 6, 1941. [14]")."""
    before = text[max(0, bracket.start - 4) : bracket.start].rstrip(" \t\u00a0")
    after = text[bracket.end : bracket.end + 3].lstrip(" \t\u00a0")
    return (
        before[-1:] in (".", "!", "?", "”", '"')
        and before[-2:-1] != "."  # not after an ellipsis typed as dots ("... [3]")
        and (not after or after[0] == "\n" or after[0].isupper())
    )


def _completes_year(text: str, at: int, inner: str) -> bool:
    """ "196[7]", "19[54]": digits that make a year of the digits set before them."""
    digits = _DIGITS_BEFORE.search(text, max(0, at - 4), at)
    if digits is None or not inner.isdigit() or len(digits.group()) + len(inner) != 4:
        return False
    return 1000 <= int(digits.group() + inner) <= 2099


_DIGITS_BEFORE = re.compile(r"(?<!\d)\d{1,3}$")


def _marker_after_name(text: str, bracket: Bracket, inner: str, name: str) -> bool:
    """ "General BEATER [1]", "talked with Goulart [2].": a number in brackets after a
    name, set apart from it, is a footnote marker whose note the copy lost, when the name
    is in capitals or nothing of the sentence follows it. No one supplies a number after
    a name, and after the words that take one ("paragraph [4]", "No. [208]", which are no
    names) the number stays supplied."""
    if not name or not inner.isdigit():
        return False
    bare = name.strip("(),;:")
    if len(bare) > 1 and bare.isupper() and any(c.isalpha() for c in bare):
        return True
    return bool(_CLAUSE_ENDS.match(text, bracket.end))


# Nothing of the sentence after a bracket: a stop or the end of the line.
_CLAUSE_ENDS = re.compile(r"[ \t\u00a0]*(?:[.,;:!?)]|\n|$)")
_SMALL_ROMAN = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})(?<=[ivx])")


@dataclass(frozen=True)
class _RuleTable:
    """What reading a bracket needs of one table of rules, worked out once per table."""

    longest_label: int
    # Per rule, its labels as one pattern (None for a rule with none): the first label, in
    # the rule's order, that the folded head is or starts with before a character that is
    # no letter or digit ([^\W_] is what str.isalnum() accepts).
    label_patterns: tuple[re.Pattern[str] | None, ...]
    # the note rules' labels, folded: those a dash may set off ("[Translator's note—…]")
    note_labels: frozenset[str]
    # classification and priority marks alone, folded ("extra urgent; top secret")
    marks: re.Pattern[str]


# Rule tables by id() of the table and of the part words; the entry keeps them alive.
_TABLES: dict[tuple[int, int], tuple[Conventions, _RuleTable]] = {}


def _rule_table(conventions: Conventions) -> _RuleTable:
    rules, parts = conventions.brackets, conventions.parts
    cached = _TABLES.get((id(rules), id(parts)))
    if cached is not None and cached[0].brackets is rules and cached[0].parts is parts:
        return cached[1]
    words = sorted({*parts.classification, *parts.priority}, key=len, reverse=True)
    mark = "(?:" + "|".join(re.escape(w) for w in words) + ")" if words else "(?!)"
    table = _RuleTable(
        longest_label=max((len(label) for rule in rules for label in rule.labels), default=0),
        label_patterns=tuple(
            re.compile("(?:" + "|".join(map(re.escape, rule.labels)) + r")(?![^\W_])")
            if rule.labels
            else None
            for rule in rules
        ),
        note_labels=frozenset(
            fold(label) for rule in rules if rule.construct == "note" for label in rule.labels
        ),
        marks=re.compile(rf"{mark}(?:[ ,;/–—-]+{mark})*[.!]?"),
    )
    if len(_TABLES) > 8:
        _TABLES.clear()
    _TABLES[(id(rules), id(parts))] = (conventions, table)
    return table


def _folded_prefix(head: str, longest_label: int) -> str:
    """fold(head), or a prefix of it longer than every label (which decides the same)."""
    # An unclosed bracket runs to the end of its paragraph, which may be megabytes long:
    # folding all of it once per rule made reading it cost rules × paragraph.
    n = 2 * longest_label + 16
    while True:
        folded = fold(head[:n])
        if n >= len(head) or len(folded) > longest_label + 1:
            return folded
        n *= 4


def _match_label(label_pattern: re.Pattern[str] | None, folded: str) -> str | None:
    match = label_pattern.match(folded) if label_pattern is not None else None
    return match.group() if match else None


def _labelled(
    rule: BracketRule,
    text: str,
    inner_start: int,
    stripped: str,
    head: str,
    label: str,
    colon: re.Match[str] | None,
    conventions: Conventions,
    label_index: int = 0,
) -> Meaning:
    words = len(label.split())
    head_words = head.split()
    label_text = " ".join(head_words[label_index : label_index + words])
    # A label after words describing the mark keeps them all: "faded image of a stamp".
    rest = " ".join(head_words if label_index else head_words[words:])
    body_offset = colon.end() if colon else len(stripped)
    if not colon:
        # "[sic – comment]", "[illegible]": everything after the label word is the comment
        rest_start = _after_words(stripped, words)
        rest_text = stripped[rest_start:]
        body_offset = rest_start
        rest = rest_text
    while body_offset < len(stripped) and stripped[body_offset].isspace():
        body_offset += 1
    place, page_after, qualifier = _read_place(rest, conventions)
    if place is None:  # "[Text in the margin: …]": the label itself says where
        place = _read_place(label_text, conventions)[0]
    comment = ""
    if rule.construct in ("sic", "unclear", "signature") and not colon:
        comment = _DASH_COMMENT.sub("", rest, count=1).strip()
        qualifier = ""
    construct = rule.construct
    if construct == "add" and (qualifier or body_offset >= len(stripped)):
        # "[inserted by hand in red pencil: …]", "[added by hand]": only a hand's note can
        # say more of the insertion than where it stands, or stand for words not given
        construct = "annotation"
    if rule.construct == "stage":  # "[Noise in the hall]": all of it says what happened
        return Meaning("stage", rule, body_start=inner_start, body_end=inner_start + len(stripped))
    if rule.construct == "gap":
        # a gap keeps its whole wording as a description
        quantity, unit, bound = _quantity(stripped, conventions)
        return Meaning(
            "gap",
            rule,
            body_start=inner_start,
            body_end=inner_start + len(stripped),
            quantity=quantity,
            unit=unit,
            bound=bound,
        )
    if rule.construct == "note" and not colon:
        # "[Here follows the text of the agreement]", "[NB]": with no colon the label is the
        # note's own text, never an empty note
        return Meaning("note", rule, body_start=inner_start, body_end=inner_start + len(stripped))
    body_start = inner_start + body_offset
    body_end = inner_start + len(stripped)
    if comment or (not colon and qualifier and construct in _DESCRIBED):
        # "[handwritten 487]", "[stamp of the CC]": with no colon the rest describes the
        # mark and is written once, as its <desc>, not again as its text
        body_start = body_end
    if rest and not qualifier and not comment:
        label_text = f"{label_text} {rest}"  # a place phrase, replaced by @place
    if qualifier and construct not in _DESCRIBED:
        # "[deleted passage: …]": only notes keep a description; elsewhere it is label
        label_text, qualifier = f"{label_text} {qualifier}", ""
    return Meaning(
        construct,
        rule,
        label=label_text,
        qualifier=qualifier,
        body_start=body_start,
        body_end=body_end,
        place=place,
        page_after=page_after,
        comment=comment,
    )


# A label found inside a longer one ("faded image of a stamp") only among this many words.
_DESCRIBED_LABEL_WORDS = 8
# A bracket with no colon is read for a stage label among its words up to this length.
_STAGE_LENGTH = 60


def note_rule_after(label: str, conventions: Conventions) -> BracketRule | None:
    """The note rule whose label follows another in a bracket's label: "[sic; translator's
    note: …]" names who wrote the note after the sic."""
    found = _label_inside(conventions.brackets, fold(label), construct="note")
    return found[0] if found else None


def _label_inside(
    rules: tuple[BracketRule, ...],
    folded_head: str,
    *,
    construct: str | None = None,
    first: int = 1,
) -> tuple[BracketRule, str, int] | None:
    """The rule, label and word index of the last (and longest) label of a `label_inside`
    rule (the default's stamps and handwriting) standing as whole words in a short colon
    label that starts with no rule's label ("faded image of a stamp", "MFA round seal");
    with `construct`, of any rule that makes that construct ("stage", "note"); with
    `first=0`, a label at the start counts too."""
    words = folded_head.split()
    if len(words) > _DESCRIBED_LABEL_WORDS:
        return None
    best: tuple[BracketRule, str, int] | None = None
    best_key = (0, 0)  # where the label ends, then its length: "translator's note", not "note"
    for rule in rules:
        if rule.construct != construct if construct else not rule.label_inside:
            continue
        for label in rule.labels:
            size = len(label.split())
            for index in range(first, len(words) - size + 1):
                key = (index + size, size)
                if key > best_key and " ".join(words[index : index + size]).rstrip(".,;") == label:
                    best, best_key = (rule, label, index), key
    return best


def _after_words(text: str, count: int) -> int:
    pos = 0
    for _ in range(count):
        match = _NEXT_WORD.match(text, pos)
        if not match:
            break
        pos = match.end()
    return pos


def _read_place(qualifier: str, conventions: Conventions) -> tuple[str | None, int | None, str]:
    """Place, page break and what is left of a qualifier such as "at the end of the first page"."""
    folded = fold(qualifier)
    if not folded:
        return None, None, ""
    place = None
    for phrase, value in conventions.places:
        if phrase in folded:
            place = value
            break
    page_after = None
    # "at the end of the first page": a page break follows the bracket; "at the bottom of
    # the first page" only says where on the page it stands (it may be typed anywhere)
    page = re.search(r"end of (?:the )?(\w+) page", folded)
    if page:
        ordinal = page.group(1)
        number = conventions.ordinals.get(ordinal) or (int(ordinal) if ordinal.isdigit() else None)
        if number:
            page_after = number + 1
    # A qualifier made only of place words is replaced by @place (and the page by the
    # break after it); anything else is kept.
    leftover = folded
    for phrase, _ in conventions.places:
        leftover = leftover.replace(phrase, " ")
    leftover = re.sub(r"\b(?:of|the|on|in|at|a|end|)\b", " ", leftover)
    if page_after is not None:
        ordinals = "|".join(map(re.escape, conventions.ordinals))
        leftover = re.sub(rf"\b(?:page|{ordinals}|\d+)\b", " ", leftover)
    if leftover.strip(" ,.;"):
        return place, page_after, qualifier.strip()
    return place, page_after, ""


def _patterned(
    rule: BracketRule,
    match: re.Match[str],
    inner_start: int,
    stripped: str,
    conventions: Conventions,
) -> Meaning:
    end = inner_start + len(stripped)
    if rule.construct == "pb":
        groups = match.groupdict()
        page = None
        if groups.get("n"):
            page = int(groups["n"])
        elif groups.get("end"):
            page = int(groups["end"]) + 1
        elif groups.get("word"):  # "[page two]"
            page = conventions.numbers.get(fold(groups["word"])) or None
        return Meaning("pb", rule, label=stripped, body_start=end, body_end=end, page=page)
    if rule.construct == "gap":
        quantity, unit, bound = _quantity(stripped, conventions)
        return Meaning(
            "gap",
            rule,
            body_start=inner_start,
            body_end=end,
            quantity=quantity,
            unit=unit,
            bound=bound,
        )
    if rule.construct == "unclear":
        body = stripped.strip("?").strip()
        if not body or fold(body) in ("unclear", "uncertain", "illegible"):
            return Meaning("unclear", rule, label=stripped, body_start=end, body_end=end)
        start = inner_start + stripped.index(body)  # "[?not]": the mark before the words
        return Meaning("unclear", rule, body_start=start, body_end=start + len(body))
    if rule.construct == "footnote":
        return Meaning("footnote", rule, label=stripped, body_start=end, body_end=end)
    return Meaning(rule.construct, rule, body_start=inner_start, body_end=end)


def _quantity(text: str, conventions: Conventions) -> tuple[str | None, str | None, str]:
    """How much a gap's wording says is missing, its unit, and the gap's attribute for
    the number: "[3 groups unrecovered]" (3, groups), "[1½ lines not declassified]"
    (1.5), "[less than 1 line …]" (at most 1: conventions `bounds`)."""
    words = fold(text).replace("-", " ").split()
    for i, word in enumerate(words[:-1]):
        unit = conventions.units.get(words[i + 1])
        if unit is None:
            continue
        amount, first = _amount(words, i)
        if amount is None:
            number = conventions.numbers.get(word)
            if number is None:
                continue
            amount, first = (str(number) if number else None), i
        if amount is None:  # "[several words illegible]": how many is not said
            return None, unit, "quantity"
        bound = next(
            (
                conventions.bounds[phrase]
                for phrase in (" ".join(words[max(0, first - 2) : first]), words[first - 1])
                if first and phrase in conventions.bounds
            ),
            "quantity",
        )
        return amount, unit, bound
    return None, None, "quantity"


def _amount(words: list[str], i: int) -> tuple[str | None, int]:
    """The number written as `words[i]` ("3", "1½", "1 1/2" over two words) as TEI writes
    it, and the index of its first word."""
    whole = _WHOLE_AND_FRACTION.fullmatch(words[i])
    if whole and (whole.group(1) or whole.group(2)):
        value = int(whole.group(1) or 0) + _FRACTIONS.get(whole.group(2), 0)
        first = i
    elif (part := _FRACTION.fullmatch(words[i])) and int(part.group(2)):
        value = int(part.group(1)) / int(part.group(2))
        first = i
        if i and words[i - 1].isdigit():  # "1 1/2 lines"
            value += int(words[i - 1])
            first = i - 1
    else:
        return None, i
    return (str(int(value)) if value == int(value) else f"{value:.2g}"), first


_WHOLE_AND_FRACTION = re.compile(r"(\d*)([½¼¾⅓⅔]?)")
_FRACTION = re.compile(r"(\d+)/(\d+)")
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
