"""The document's text as one string, with the way back to input lines and columns.

Every later stage works with offsets into `Document.text`; `Document.where` turns an
offset back into the (line, column) the user sees in the input file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from teikit.transcription.brackets import Bracket
from teikit.transcription.layout import (
    ITEM_LABEL,
    SENTENCE_END_CHARS,
    UNWRAPPED_LINE,
    Line,
    ends_on,
)
from teikit.transcription.lexicon import OPEN_QUOTES


@dataclass(frozen=True)
class Document:
    """The lines of the document proper, joined by "\\n"."""

    text: str
    line_starts: tuple[int, ...]  # offset of each line's first character
    line_numbers: tuple[int, ...]  # input line number of each line

    @classmethod
    def from_lines(cls, lines: tuple[Line, ...]) -> Document:
        """Join `lines`, remembering where each starts."""
        starts = []
        pos = 0
        for line in lines:
            starts.append(pos)
            pos += len(line.text) + 1
        return cls(
            text="\n".join(line.text for line in lines),
            line_starts=tuple(starts),
            line_numbers=tuple(line.number for line in lines),
        )

    def where(self, offset: int) -> tuple[int | None, int | None]:
        """Input (line, column), both 1-based, of a character offset."""
        if not self.line_starts:
            return None, None
        index = max(0, bisect.bisect_right(self.line_starts, offset) - 1)
        return self.line_numbers[index], offset - self.line_starts[index] + 1


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines (one paragraph of the layout), as line spans."""

    lines: tuple[tuple[int, int], ...]  # (start, end) offsets of each non-blank line
    gap_before: int  # blank lines before it

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


def split_blocks(
    doc: Document, brackets: tuple[Bracket, ...], *, open_endings: frozenset[str] = frozenset()
) -> tuple[Block, ...]:
    """Blank-line separated blocks; blocks that one bracket spans are merged into one.
    `open_endings` are the small words a line cut mid-sentence may end on ("of the").

    Example:
        split_blocks(doc, scan_brackets(doc.text))
    """
    blocks: list[Block] = []
    current: list[tuple[int, int]] = []
    gap = 0
    for start in doc.line_starts:
        end = doc.text.find("\n", start)
        end = len(doc.text) if end < 0 else end
        line = doc.text[start:end]
        if line.strip().strip("\ufeff"):  # any Unicode blank (NBSP, U+2028…) is blank
            current.append((start, end))
        elif current:
            blocks.append(Block(tuple(current), gap))
            current, gap = [], 1
        else:
            gap += 1
    if current:
        blocks.append(Block(tuple(current), gap))
    blocks = _notes_set_in(blocks, doc.text)
    return _merge_spanned(_lines_as_paragraphs(blocks, doc.text, open_endings), brackets)


# "  1. Telegram 14, January 7, …": an indented numbered line
_INDENTED_NUMBER = re.compile(r"[ \t\u00a0]+\d{1,3}\.[ \t\u00a0]+\S")
_NUMBERED_LINE = re.compile(r"[ \t\u00a0]*\d{1,3}[.)][ \t\u00a0]")


def _notes_set_in(blocks: list[Block], text: str) -> list[Block]:
    """ "Hickok" / "  1. Telegram 14, …" / "  2. …": indented numbered lines right under
    lines that are neither indented nor numbered (a signature, then a web page's notes)
    open a block of their own."""
    out: list[Block] = []
    for block in blocks:
        cut = next(
            (
                k
                for k in range(1, len(block.lines))
                if _INDENTED_NUMBER.match(text, block.lines[k][0])
                and not any(
                    _NUMBERED_LINE.match(text, s) or text[s : s + 1] in " \t\u00a0"
                    for s, _ in block.lines[:k]
                )
            ),
            None,
        )
        if cut is None:
            out.append(block)
        else:
            out += [Block(block.lines[:cut], block.gap_before), Block(block.lines[cut:], 0)]
    return out


# "[5] Not printed.", "[5a] …", "[*] …", "[ii] …", "[a] …": a note listed at the end
# "[1] text", and a wiki's or an archive site's "1. ↑ text" (the arrow links back up to
# the marker "[1]")
UPLINK = "\u2191"
FOOTNOTE_DEF = re.compile(
    rf"[ \t\u00a0]*(?:\[|(?=\d{{1,3}}\.[ \t\u00a0]+{UPLINK}))"
    rf"(?P<n>\d{{1,3}}[a-z]?|\*{{1,3}}|[ivxlc]{{1,6}}|[a-z])(?:\]|\.[ \t\u00a0]+{UPLINK})\s+\S"
)


def _lines_as_paragraphs(
    blocks: list[Block], text: str, open_endings: frozenset[str]
) -> list[Block]:
    """Split a block whose lines are whole paragraphs (a web page copied without blank
    lines: title, date, salutation, paragraphs, signature one line each) into one block
    a line; a block of hard-wrapped lines is one paragraph and stays whole, and a block
    of long quotations alone is a list of them (lists.unlabelled_items). A line too
    long for a typist's wrap, ending a sentence, is a paragraph of its own; notes listed
    at the end keep their block, where a note's later lines continue it."""
    out: list[Block] = []
    for block in blocks:
        long_ones = [
            e - s > UNWRAPPED_LINE and text[s:e].rstrip()[-1:] in SENTENCE_END_CHARS
            for s, e in block.lines
        ]
        listed = FOOTNOTE_DEF.match(text, block.start) is not None
        # every line a long paragraph: a list of quotations when each opens with a quote
        # (FRUS's block quotes), else paragraphs copied without blank lines between them
        quotes = all(text[s:e].lstrip()[:1] in OPEN_QUOTES for s, e in block.lines)
        if len(block.lines) < 2 or all(long_ones) and quotes or listed:
            out.append(block)
            continue
        if not any(long_ones):
            out.extend(_typed_breaks(block, text))
            continue
        # a number alone over its paragraph ("1." / "FRG Minister Ehmke requested …") is
        # one block with it; so is a line cut mid-sentence with the line it goes on in
        # ("… as we all considered" / "and consider, main question …")
        groups: list[list[tuple[int, int]]] = []
        for span in block.lines:
            above = text[groups[-1][-1][0] : groups[-1][-1][1]] if groups else ""
            if groups and (
                _NUMBER_ALONE.fullmatch(above)
                or _goes_on(above, text[span[0] : span[1]], open_endings)
            ):
                groups[-1].append(span)
            else:
                groups.append([span])
        out.extend(
            Block(tuple(spans), block.gap_before if k == 0 else 1) for k, spans in enumerate(groups)
        )
    return out


def _goes_on(above: str, line: str, open_endings: frozenset[str]) -> bool:
    """Whether `line` goes on with the sentence `above` breaks off: the line above ends
    with no stop after a word, and this one opens in small letters, or with a note's
    marker that the sentence goes on after ("Bolshakov" / "[1] (he was not named), …");
    or the line above ends on a small word no sentence ends on ("… reactivation of the" /
    "Mixed Commission.")."""
    end = above.rstrip()
    start = line.lstrip()
    if not end or not end[-1].isalpha():
        return False
    return start[:1].islower() or marker_in_sentence(start) or ends_on(end, open_endings)


def marker_in_sentence(line: str) -> bool:
    """Whether a line that opens like a listed note ("[1] …") goes on with a sentence
    instead: after the marker come small letters or a sentence's punctuation, where a
    note's text would begin ("[1] (he was not named), and …", "[2], which …")."""
    match = FOOTNOTE_DEF.match(line)
    if match is None:
        return False
    rest = line[match.end() - 1 :]
    return rest[:1].islower() or rest[:1] in ",;:.)" or rest[:1] == "(" and rest[1:2].islower()


# "1.", "(2)", "b)": an item's or a paragraph's number alone on its line
_NUMBER_ALONE = re.compile(rf"[ \t\u00a0]*{ITEM_LABEL}[ \t\u00a0]*")


# A speaker's label opening a line of dialogue ("McNamara: Hello."): one to three
# capitalised words (group 1), a colon and text.
SPEAKER_LABEL = re.compile(
    r"[ \t\u00a0]*([A-ZÀ-ÞА-ЯЁ][\w.’'-]*(?:[ \u00a0][A-ZÀ-ÞА-ЯЁ][\w.’'-]*){0,2}):[ \t\u00a0]+\S"
)


def _typed_breaks(block: Block, text: str) -> list[Block]:
    """A block of short lines cut where the typist ended a paragraph without a blank line.

    A line that ends a sentence ends its paragraph when the next line's first word would
    have fitted on it (a wrap would have put it there), or when the next line opens the
    block's first list item ("… your telegram." / "(1) Point one."); a note listed at
    the end opens a block of its own ("[1] A note."). The width is the block's longest
    line not set out in columns. A line without a stop goes on in the next: a heading's
    or a distribution entry's lines ("Copy Nº 2 to" / "Cde. Stalin"), which the opener
    and closer read line by line; and so do a list's items, which the list reader takes
    together, and a number alone over its paragraph ("4." / "Mr. Whitehead's …")."""
    lines = [text[s:e].strip() for s, e in block.lines]
    widths = [len(t) for t in lines if not _SET_APART.search(t)]
    width = max(widths, default=0)
    items = [_ITEM_START.match(t) is not None for t in lines]
    # "Kosygin: Are there many workers" / "there?" / "Taraki: Very few …": in a dialogue
    # (two lines or more open with a speaker's label) a label after a stop opens a turn
    turns = [SPEAKER_LABEL.match(t) is not None for t in lines]
    dialogue = sum(turns) >= 2
    cuts = [
        k
        for k in range(1, len(lines))
        if dialogue
        and turns[k]
        and _SENTENCE_STOP.search(_MARKERS_AT_END.sub("", lines[k - 1])) is not None
        or FOOTNOTE_DEF.match(lines[k]) is not None
        and not (lines[k - 1][-1:].isalpha() and marker_in_sentence(lines[k]))
        or not (items[k - 1] and items[k])
        and " " in lines[k - 1]
        and _SENTENCE_STOP.search(_MARKERS_AT_END.sub("", lines[k - 1])) is not None
        and (
            not any(items[:k])
            if items[k]
            else len(lines[k - 1]) + 1 + len(lines[k].split()[0]) <= width
            or _NUMBER_ALONE.fullmatch(lines[k]) is not None  # "2." over its paragraph
        )
    ]
    return cut_block(block, cuts)


def cut_block(block: Block, cuts: list[int]) -> list[Block]:
    """`block` cut before each of its lines `cuts` (rising indexes, none 0); the pieces
    after the first have no blank line before them."""
    bounds = [0, *cuts, len(block.lines)]
    return [
        Block(block.lines[a:b], block.gap_before if a == 0 else 0)
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


# "…Point two.[1]": the footnote markers after a sentence's stop
_MARKERS_AT_END = re.compile(r"(?:\[\w{1,4}\])+$")
# "… telegram.", "… agree?”": a sentence's stop ending a line, but not an abbreviation's
# ("Copy No. 3 – Cde." / "Bulganin") or an initial's ("V.")
_SENTENCE_STOP = re.compile(
    r"(?<![\s(][A-ZА-Я])(?<![\s(][A-ZА-Я]\w)(?<![\s(][A-ZА-Я]\w\w)[.!?][”\"’»]*$"
)
# "(1) ", "2. ", "b) ", "• ": a line opening an item of a list
_ITEM_START = re.compile(r"(?:\(?(?:\d{1,2}|[a-z])[.)]|[•·▪◦‣*–—-])[ \t\u00a0]")
# a run of blanks inside a line: cells set out in columns, whose width is no wrap's
_SET_APART = re.compile(r"\S(?:[ \u00a0]{3,}|\t)\S")


def _merge_spanned(blocks: list[Block], brackets: tuple[Bracket, ...]) -> tuple[Block, ...]:
    # brackets are in order; a block joins the one before when a bracket open before the
    # previous block's end is still open at its start
    merged: list[Block] = []
    spans = sorted((b.start, b.end) for b in brackets)
    reach = -1  # the furthest end of the brackets opened so far
    i = 0
    for block in blocks:
        while i < len(spans) and merged and spans[i][0] < merged[-1].end:
            reach = max(reach, spans[i][1])
            i += 1
        if merged and reach > block.start:
            previous = merged.pop()
            block = Block(previous.lines + block.lines, previous.gap_before)
        merged.append(block)
    return tuple(merged)
