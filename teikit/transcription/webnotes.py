"""Footnotes of a page copied from a website: numbers set against words, notes listed last.

The State Department's pages print a footnote's number against the word it belongs to
("At that time Molotov34 in anniversary speech", "earlier today,1 and") and the notes as
a numbered list at the end ("  1. V. M. Molotov, then Soviet Minister …"), the list
numbered from 1 whatever the numbers in the text say; other copies of the same pages end
each note with its back-link instead ("- The Chargé reported … August 7.↩"). Read that
way only when the document ends with such a list (numbered from 0 or 1, one by one, or
every line ending with "↩"; each note on a line of its own) and the text before it holds
as many numbers set against a word as the list has notes: the k-th number is then the
k-th note's marker. Anything less sure stays text and an ordered list.

Example:
    found = web_footnotes(text, scan_brackets(text))
    found.markers  # one Bracket-shaped span per number set against a word
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from teikit.transcription.brackets import Bracket
from teikit.transcription.parts import Footnote

# "  1. V. M. Molotov, then …": a listed note, set in from the margin as the page's list is
LISTED_NOTE = re.compile(r"[ \t\u00a0]+(?P<n>\d{1,3})\.[ \t\u00a0]+\S")
# "- The Chargé reported … on August 7.↩": a note that ends with its back-link
BACKLINK = "\u21a9"
_BACKLINKED_NOTE = re.compile(rf"[ \t\u00a0]*(?:[-–•*][ \t\u00a0]+)?\S.*{BACKLINK}[ \t\u00a0]*")
# "- text": a note the copy cut off before its back-link, when the notes above have theirs
_BULLETED_LINE = re.compile(r"[ \t\u00a0]*[-–•*][ \t\u00a0]+\S")
# where a listed note's text begins, its indentation stripped: after "1. " or "- "
NOTE_START = re.compile(r"(?:(?P<n>\d{1,3})\.[ \t\u00a0]+|[-–•*][ \t\u00a0]+)?(?=\S)")
# "Molotov34 in", "Conversation0", "today,1 and", "July 4.16 I", "binding.”42": up to three
# digits after two letters, after a letter or digit and a punctuation mark, or after a
# letter and two, and before a blank, a punctuation mark or the end. "31st", "B-52" and
# "1950s" are no markers; a decimal ("3.5 per cent") is one only in the count, so a page
# holding one reads its notes only if the counts still agree. The pattern opens with the
# first digit and looks behind it from there, so that re skips at C speed to each digit
# (a lookbehind first makes it try the pattern at every position of the text).
_MARKER = re.compile(
    r"\d(?:(?<=[^\W\d_]{2}\d)|(?<=[^\W_][,.;:)”’\"']\d)|(?<=[^\W\d_][.,;:!?][”’\"']\d))"
    r"\d{0,2}(?=[\s,.;:)”’\"']|$)"
)


@dataclass(frozen=True)
class WebFootnotes:
    """The markers (spans shaped like brackets, with no bracket characters) and where the
    list of notes begins."""

    markers: tuple[Bracket, ...]
    notes_from: int
    # how many notes the list holds: fewer than the markers when the copy stops inside it
    listed: int = 0


def web_footnotes(
    text: str,
    brackets: tuple[Bracket, ...],
    file_numbers: tuple[re.Pattern[str], ...] = (),
) -> WebFootnotes | None:
    """The footnotes of a page set out as the State Department's web pages print them, or
    None when the document is not set out that way (see the module's docstring). Digits
    inside a file number opening a line (`file_numbers`, the conventions' patterns:
    "768.5 MSP/7–1552: Telegram") are none of its markers."""
    notes_from, count, first = _listed_notes(text)
    if not count:
        return None
    starts = [b.start for b in brackets]
    found = [
        m
        for m in _MARKER.finditer(text, 0, notes_from)
        if not _inside(brackets, starts, m.start())
        and not _in_file_number(text, m.start(), file_numbers)
    ]
    markers = []
    # "… to Certain Diplomatic Offices 1": the source note's number after a blank, ending
    # the heading's line, when no number set against a word comes before it; a volume
    # numbering its notes right through has "…, by the Secretary of State 83" before
    # "nations.84", so any number the first marker follows on from counts too
    before = found[0].start() if found else notes_from
    # … or alone on a line of its own right below the file number ("795B.00/11–1754:
    # Telegram" / "1" / "The Secretary of State to …"), not a count further down
    source = _NEXT_MARKER.search(text, 0, before) or _SOURCE_ALONE.search(
        text, 0, min(before, _head_end(text))
    )
    follows = bool(found) and source is not None and int(found[0].group()) == int(source[1]) + 1
    if (
        source
        and (source[1] in ("0", "1") or follows)
        and not _inside(brackets, starts, source.start(1))
    ):
        markers.append(_marker(source.start(1), source.end(1)))
    for m in found:
        markers.append(_marker(m.start(), m.end()))
        # "President Nixon1 2": the next note's number set after the first, one blank apart
        number, end = int(m.group()), m.end()
        while (more := _NEXT_MARKER.match(text, end, notes_from)) and int(more[1]) == number + 1:
            markers.append(_marker(more.start(1), more.end(1)))
            number, end = number + 1, more.end(1)
    if len(markers) < count and first is not None:
        markers = _with_spaced_markers(text, markers, first, notes_from, brackets, starts)
    if len(markers) != count and not _cut_in_list(text, markers, count, first):
        return None
    return WebFootnotes(tuple(markers), notes_from, count)


# a marker set after a blank: "Embtel 2582 2 to assist"
_SPACED_MARKER = r"(?<=[^\W_])[ \t\u00a0]({})(?=[\s,.;:)]|$)"


def _with_spaced_markers(
    text: str,
    markers: list[Bracket],
    first: int,
    notes_from: int,
    brackets: tuple[Bracket, ...],
    starts: list[int],
) -> list[Bracket]:
    """`markers`, numbered from `first`, with each one missing between two of them found
    where it stands alone after a blank ("… Embtel 2582 2 to assist …"), when it stands so
    just once between its neighbours; the markers as they were when they count otherwise."""
    numbers = [int(text[m.start : m.end]) for m in markers]
    if numbers != sorted(set(numbers)) or numbers and numbers[0] != first:
        return markers
    filled = list(markers)
    for number in range(first, numbers[-1] if numbers else first):
        if number in numbers:
            continue
        before = max(
            (m.end for m, n in zip(markers, numbers, strict=True) if n < number), default=0
        )
        after = min(
            (m.start for m, n in zip(markers, numbers, strict=True) if n > number),
            default=notes_from,
        )
        spaced = [
            m
            for m in re.finditer(_SPACED_MARKER.format(number), text[:after])
            if m.start(1) >= before and not _inside(brackets, starts, m.start(1))
        ]
        if len(spaced) != 1:
            return markers
        filled.append(_marker(spaced[0].start(1), spaced[0].end(1)))
    return sorted(filled, key=lambda m: m.start)


def _cut_in_list(text: str, markers: list[Bracket], count: int, first: int | None) -> bool:
    """Whether a copy that stopped inside its list of notes has the markers of the notes
    it kept and more: the markers count one by one from the list's first number."""
    if first is None or len(markers) <= count:
        return False
    numbers = [text[m.start : m.end] for m in markers]
    return numbers == [str(n) for n in range(first, first + len(markers))]


def _marker(start: int, end: int) -> Bracket:
    """A marker's digits as a span shaped like a bracket (no bracket characters)."""
    return Bracket(start, end, start, end, closed=True)


def is_marker(bracket: Bracket) -> bool:
    """Whether a bracket-shaped span is a web page's marker (digits, no bracket)."""
    return bracket.start == bracket.inner_start and bracket.end > bracket.start


def _head_end(text: str) -> int:
    """Where the page's first line with text and the blank lines after it end: the file
    number's line, below which the source note's number may stand alone."""
    first = re.match(r"\s*[^\n]*\n(?:[ \t\u00a0]*\n)*", text)
    return first.end() + 6 if first else 0  # the number's line: "1" and its line break


_SOURCE_ALONE = re.compile(r"^[ \t\u00a0]*([01])[ \t\u00a0]*$", re.MULTILINE)
_NEXT_MARKER = re.compile(r"[ \t\u00a0](\d{1,3})(?=[ \t\u00a0]*$|[ \t\u00a0]*\n)", re.MULTILINE)


def unlisted_markers(
    text: str,
    brackets: tuple[Bracket, ...],
    heading: tuple[int, int],
    months: frozenset[str] = frozenset(),
    signs: tuple[str, ...] = (),
) -> tuple[Bracket, ...]:
    """The markers of a page cut off before its notes, or () when they cannot be told.

    The State Department numbers a document's source note 0 or 1 and sets its number
    against the heading's last word ("195. Memorandum of Conversation1", "…, November
    3–4, 19561"): when the document's heading (`heading`, its span) ends so and every
    other number set against a word after a letter ("be helpful.3", "meant.4"; not "3.5"
    or "1,000") comes after it in rising order, a few lost at most ("1", "3", "4": the copy
    may have turned the second into something else), these numbers are the notes'
    markers. A heading with no marker: two or more such numbers from 1, one by one, are
    the markers too ("Kidric1 … statement2 … Mates3"), and so are three or more one by
    one from a later number, none lost (a volume numbering its notes right through:
    "Nichols,27 … d’Affaires:28 … ACC29"). Where a note is due, a year or a
    day after a month (`months`, folded) with the note's number set against it is one
    as well ("October 211": the 21st, note 1). A number after a number sign (`signs`:
    "ciphergrams No.1 and No.2") is that number, no marker.
    """
    starts = [b.start for b in brackets]
    found: list[tuple[int, int, int, bool]] = [  # (start, end, number, glued to a number)
        (m.start(), m.end(), int(m.group()), False)
        for m in _MARKER.finditer(text)
        if not _inside(brackets, starts, m.start())
        and not _after_number(text, m.start())
        and not _after_sign(text, m.start(), signs)
    ]
    found += [
        (m.start(), m.end(), 0, True)
        for m in _GLUED_NUMBER.finditer(text)
        if not _inside(brackets, starts, m.start())
    ]
    # "115. Letter From Chairman Khrushchev to President Kennedy 0": the source note's
    # number after a blank, ending the heading
    tail = _HEADING_MARKER.search(text, heading[0], heading[1])
    if tail and not _inside(brackets, starts, tail.start(1)):
        found.append((tail.start(1), tail.end(1), int(tail[1]), False))
    found.sort()
    markers: list[tuple[int, int]] = []
    last: int | None = None  # the number of the last marker taken
    first: int | None = None
    for start, end, number, glued in found:
        if glued:
            due = _glued_marker(text, start, end, last, months)
            if due is None:
                continue
            start, number = due
        elif last is not None and not 0 < number - last <= _MARKERS_LOST + 1:
            return ()
        if last is None and number not in (0, 1) and glued:
            return ()
        markers.append((start, end))
        first = number if first is None else first
        last = number
    if not markers or first is None or last is None:
        return ()
    if first not in (0, 1):
        # a volume that numbers its notes right through ("4 p.m.26", "Nichols,27",
        # "d’Affaires:28"): three or more, one by one, none lost
        consecutive = last - first + 1 == len(markers)
        if len(markers) < _UNHEADED_MARKERS or not consecutive:
            return ()
        return tuple(_marker(start, end) for start, end in markers)
    in_heading = heading[0] <= markers[0][0] < heading[1]
    if in_heading and text[markers[0][1] : heading[1]].strip():
        return ()  # a number inside the heading, not at its end
    if not in_heading and (len(markers) < _UNHEADED_FROM_ONE or last != len(markers)):
        return ()
    return tuple(_marker(start, end) for start, end in markers)


# 0 or 1 after a blank and a word (not "No. 1"), ending the heading
_HEADING_MARKER = re.compile(r"(?<=[^\W\d_]{2})[ \t\u00a0]([01])[ \t\u00a0]*$")
# "19561", "211": a number that may be a year or a day with a note's number set against it
# (its first digit first, as `_MARKER`'s)
_GLUED_NUMBER = re.compile(r"\d(?<![\w.,/–-]\d)\d{1,5}(?=[\s,.;:)”’\"']|$)")
# Markers in a row that make a page's notes without a marked heading: from 1, none lost
# ("the Japanese,1 … relations.2"); from a later number, as a volume numbers them right
# through ("Nichols,27 … d’Affaires:28 … ACC29").
_UNHEADED_FROM_ONE = 2
_UNHEADED_MARKERS = 3


def _glued_marker(
    text: str, start: int, end: int, last: int | None, months: frozenset[str]
) -> tuple[int, int] | None:
    """Where the note due after `last` starts in the number at [start, end), and its
    number, when the digits before it are a year ("1956" of "19561") or a day of two
    digits after a month ("21" of "October 211"): the whole is then no year or day of its
    own; None when no note is due there."""
    digits = text[start:end]
    for due in (1, 0) if last is None else (last + 1,):
        tail = str(due)
        lead = digits[: -len(tail)]
        if not digits.endswith(tail) or not lead:
            continue
        if len(lead) == 4 and 1800 <= int(lead) <= 2099:
            return end - len(tail), due
        word = text[max(0, start - 12) : start].split()[-1:]
        if len(lead) == 2 and 10 <= int(lead) <= 31 and word and word[0].lower() in months:
            return end - len(tail), due
    return None


# How many notes' markers in a row a copy may have lost between two it kept.
_MARKERS_LOST = 2


def _in_file_number(text: str, at: int, file_numbers: tuple[re.Pattern[str], ...]) -> bool:
    """Whether the digits at `at` are inside a file number that opens their line ("768.5
    MSP/7–1552: Telegram"), where "Your 388.3" and "in 1919.1" are markers."""
    line_start = text.rfind("\n", 0, at) + 1
    start = line_start + len(text[line_start:at]) - len(text[line_start:at].lstrip(" \t\u00a0"))
    return any((m := p.match(text, start)) is not None and m.end() > at for p in file_numbers)


def _after_sign(text: str, at: int, signs: tuple[str, ...]) -> bool:
    """Whether the digits at `at` follow a number sign ("No.1", "Nr.2")."""
    before = text[max(0, at - max(map(len, signs), default=0)) : at].casefold()
    return any(before.endswith(sign.casefold()) for sign in signs)


def _after_number(text: str, at: int) -> bool:
    """Whether the digits at `at` follow a number and a mark ("3.5", "1,000", "10.30")."""
    before = text[:at].rstrip(",.;:)”’\"'")
    return len(before) < at and before[-1:].isdigit()


def with_markers(
    brackets: tuple[Bracket, ...], markers: tuple[Bracket, ...]
) -> tuple[Bracket, ...]:
    """The top-level brackets and the markers, in the order of the text."""
    return tuple(sorted((*brackets, *markers), key=lambda b: b.start))


def numbered_by_markers(
    text: str, found: WebFootnotes, notes: tuple[Footnote, ...]
) -> tuple[Footnote, ...]:
    """The notes numbered as their markers are: one with no number of its own ("- text↩"),
    and all of them where the page's list counts from 1 and the markers run on from
    another number, one by one, as a volume numbers its notes ("Ribbentrop28", "Tass29" /
    "1. Joachim von …": the printed notes 28 and 29)."""
    numbers = [text[marker.start : marker.end] for marker in found.markers[: len(notes)]]
    printed = (
        bool(numbers)
        and all(n.isdigit() for n in numbers)
        and [int(n) for n in numbers]
        == list(range(int(numbers[0]), int(numbers[0]) + len(numbers)))
    )
    return tuple(
        note if note.n and not printed else replace(note, n=number)
        for number, note in zip(numbers, notes, strict=False)
    )


def bare_markers(
    text: str, brackets: tuple[Bracket, ...], notes: tuple[Footnote, ...]
) -> tuple[tuple[Bracket, Footnote], ...]:
    """The markers, copied without their brackets, of notes listed as "[1] …" at the end.

    A page copied from the Wilson Center's site lists its notes as "[1] Poland's
    Ambassador …" but gives each marker as the superscript was, a number set against its
    word ("From: … JELEN1"). A listed note whose "[n]" the text before the notes never
    holds takes the first such number n (as `_MARKER` reads them: "1950s", "B-52" and
    "3.5" are none) after the marker of the note before it; a note with none found keeps
    no marker, as before.
    """
    if not notes:
        return ()
    notes_from = min(n.marker_start for n in notes)
    bracketed = {
        text[b.inner_start : b.inner_end].strip() for b in brackets if b.start < notes_from
    }
    starts = [b.start for b in brackets]
    found: list[tuple[Bracket, Footnote]] = []
    at = 0
    for note in notes:
        if not note.n.isdigit() or note.n in bracketed:
            continue
        for m in _MARKER.finditer(text, at, notes_from):
            if m.group() == note.n and not _inside(brackets, starts, m.start()):
                found.append((_marker(m.start(), m.end()), note))
                at = m.end()
                break
    return tuple(found)


def marked_word(text: str, marker: Bracket) -> str:
    """The word a marker ends, as a word count sees it ("Molotov34"; "1" after "today,")."""
    start = marker.start
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start : marker.end]


def _listed_notes(text: str) -> tuple[int, int, int | None]:
    """Where the list of notes ending `text` begins, how many notes it has (0: none), and
    the first one's number (None for notes that end with their back-link)."""
    numbers: list[int] = []
    start = end = len(text)
    cut = False  # the last line is a "- …" note the copy cut off before its ↩
    # "    In his memoirs, …": a note's paragraph below it, set in further than its number
    going_on: int | None = None  # the least indentation of such lines below, if any
    while end > 0:  # line by line from the end, as far as the list goes
        line_start = text.rfind("\n", 0, end) + 1
        line = text[line_start:end]
        end = line_start - 1
        if not line.strip():
            continue
        listed = LISTED_NOTE.match(line)
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        if listed is not None:
            if going_on is not None and going_on <= indent:
                break
            going_on = None
            numbers.append(int(listed["n"]))
        elif indent >= _GOING_ON_INDENT and not cut:
            going_on = indent if going_on is None else min(going_on, indent)
            continue  # the list begins above it, if a note's number is found there
        elif going_on is not None:
            break
        elif _BACKLINKED_NOTE.fullmatch(line):
            numbers.append(-1)  # no number of its own: the marker's is the note's
        elif not numbers and not cut and _BULLETED_LINE.match(line):
            cut = True
            numbers.append(-1)
        else:
            break
        start = line_start
    if cut and len(numbers) == 1:
        return len(text), 0, None  # a bulleted last line with no "↩" note above it
    numbers.reverse()
    if numbers and all(n == -1 for n in numbers):
        return start, len(numbers), None
    if not numbers or numbers[0] not in (0, 1):
        return start, 0, None
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return start, 0, None
    return start, len(numbers), numbers[0]


# the least indentation of a note's paragraph below its numbered line
_GOING_ON_INDENT = 3


def opens_note(line: str) -> bool:
    """Whether a line of a web page's list of notes opens a note ("  1. …", "- …↩"), as
    opposed to going on with the note above it ("    In his memoirs, …")."""
    return bool(
        LISTED_NOTE.match(line) or _BACKLINKED_NOTE.fullmatch(line) or _BULLETED_LINE.match(line)
    )


def _inside(brackets: tuple[Bracket, ...], starts: list[int], offset: int) -> bool:
    """Whether `offset` is inside one of the top-level `brackets` (whose starts are `starts`)."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < brackets[i].end
