"""What a document is cut into (units, parts, list items, footnotes, layouts) and the reader
that every structure rule asks about the text: its lines, brackets and dates."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from teikit.transcription.brackets import Bracket, spans_within
from teikit.transcription.dates import DocumentDate, DocumentDates
from teikit.transcription.document import Block, Document
from teikit.transcription.editorial import Meaning, label_then_text, read_bracket
from teikit.transcription.layout import COLUMN_GUTTER
from teikit.transcription.lexicon import CLOSE_QUOTES, Lexicon

SENTENCE_END = re.compile(r"[.;!?]\s*[" + re.escape(CLOSE_QUOTES) + r"]?$")
# An opener's field: a label of one to three words, its colon and a value ("Approved by: Ji
# Pengfei"), not a heading ("Document No. 80: Protocol …")
OPENER_FIELD = re.compile(
    # "Approved by: Ji Pengfei"; a form's "File No.  : MAW - 0224", "Date :  091600"
    r"[A-ZÀ-ÞА-ЯЁ][^\W\d_]*\.?(?:[ \u00a0][^\W\d_]+\.?){0,2}[ \t\u00a0]*:[ \t\u00a0]+\S.*(?<!:)"
)


@dataclass(frozen=True)
class Unit:
    """A line or a column cell of the layout, with what it was recognised as."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Part:
    """One part of a document: a paragraph, a list, an opener line, an embedded document…"""

    kind: str
    units: tuple[Unit, ...] = ()
    items: tuple[Item, ...] = ()
    n: str | None = None
    subtype: str | None = None
    inner: Layout | None = None


@dataclass(frozen=True)
class Item:
    """A list item: its marker number and its text span; maybe a nested list."""

    n: str
    start: int
    end: int
    sublist: tuple[Item, ...] = ()
    marker: str = ""
    # Paragraphs of a numbered section after its first ("1. …" / "…" / "2. …").
    paragraphs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Footnote:
    """A note listed at the end as "[n] text"."""

    n: str
    start: int  # of the note's text (after the marker)
    end: int
    marker_start: int


@dataclass(frozen=True)
class Layout:
    """A document's parts by zone."""

    head: tuple[Part, ...] = ()
    opener: tuple[Part, ...] = ()
    body: tuple[Part, ...] = ()
    closer: tuple[Part, ...] = ()
    postscript: tuple[Part, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    kind: str = "document"
    # opener parts written above the head, where the transcription has them above it
    # ("762.94/517: Telegram" over the title): the reading order is kept
    pre_head: tuple[Part, ...] = ()
    # texts attached below the signature ("Ideas for the text of the letter …"), each read
    # as a document of its own
    attachments: tuple[Layout, ...] = ()
    # its title, head or opener says it records people talking ("Transcript", a participants
    # label): one speaker's turn is a speech there
    talk: bool = False


@dataclass
class Reader:
    doc: Document
    lex: Lexicon
    brackets: tuple[Bracket, ...]
    year: int | DocumentDate | None = None  # what year-less dates are read against
    found_dates: DocumentDates | None = None  # the emitter's too: each text is read once
    records_talk: bool = False  # the page's title says the document records people talking
    bracket_spans: dict[int, int] = field(default_factory=dict)
    _bracket_at: dict[int, Bracket] = field(default_factory=dict)
    _bracket_starts: list[int] = field(default_factory=list)
    _meanings: dict[int, Meaning] = field(default_factory=dict)
    # What the structure rules read of a span, read once for the document: the rules ask
    # about the same opener blocks and lines again and again (`structure._block_units` by
    # a block's lines, `structure._unit_kind` by a line's or cell's span).
    block_units: dict[tuple[tuple[int, int], ...], tuple[Unit, ...]] = field(default_factory=dict)
    unit_kinds: dict[tuple[int, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.bracket_spans = {b.start: b.end for b in self.brackets}
        text = self.doc.text
        for bracket in self.brackets:
            if (
                text[bracket.end : bracket.end + 2].lstrip(" \t\u00a0")[:1] == ":"
                or text[bracket.inner_start : bracket.inner_end].rstrip()[-1:] == ":"
            ):
                # "[Stamp]: Received …", "[Stamp:] Received …" are a line of one bracket, as
                # "[Stamp: Received …]"
                meaning = self.meaning_of(bracket)
                labelled = label_then_text(text, bracket, meaning, len(text), self.brackets)
                if labelled is not None:
                    self.bracket_spans[bracket.start] = labelled[0].end
        # Looked up by offset, never by a scan: a hostile page has 100,000 brackets.
        self._bracket_at = {b.start: b for b in self.brackets}
        self._bracket_starts = [b.start for b in self.brackets]

    def bracket_reaching_past(self, start: int, end: int) -> int | None:
        """The end of the top-level bracket that opens in [start, end) and closes after `end`."""
        # top-level brackets do not overlap: only the last one opening before `end` can
        i = bisect.bisect_left(self._bracket_starts, end) - 1
        if i >= 0 and self._bracket_starts[i] >= start and self.brackets[i].end > end:
            return self.brackets[i].end
        return None

    def text(self, start: int, end: int) -> str:
        return self.doc.text[start:end]

    def brackets_within(self, start: int, end: int) -> list[Bracket]:
        """The top-level brackets that open and close inside [start, end), in order."""
        return spans_within(self.brackets, start, end)

    def meaning_of(self, bracket: Bracket) -> Meaning:
        """What a bracket means, read once: the closer's rules ask again and again."""
        meaning = self._meanings.get(bracket.start)
        if meaning is None:
            meaning = read_bracket(self.doc.text, bracket, conventions=self.lex.conventions)
            self._meanings[bracket.start] = meaning
        return meaning

    def construct_at(self, bracket: Bracket) -> str:
        """What a bracket becomes ("signature", "note", "supplied", …)."""
        return self.meaning_of(bracket).construct

    def strip_span(self, start: int, end: int) -> tuple[int, int]:
        text = self.doc.text
        while start < end and text[start] in " \t\u00a0\ufeff":
            start += 1
        while end > start and text[end - 1] in " \t\u00a0":
            end -= 1
        return start, end

    def supplied_at(self, start: int) -> bool:
        """Whether the bracket at `start` has no known label (text the editor supplied)."""
        bracket = self._bracket_at.get(start)
        if bracket is None:
            return False
        return self.construct_at(bracket) == "supplied"

    def whole_brackets(self, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Cells of a line joined where a column gap falls inside a bracket ("[   ]")."""
        joined: list[tuple[int, int]] = []
        for start, end in cells:
            if joined and self._inside_one_bracket(joined[-1][1], start):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        return joined

    def _inside_one_bracket(self, gap_start: int, gap_end: int) -> bool:
        # the top-level brackets are in order: the one that could hold the gap opens last before it
        i = bisect.bisect_right(self.brackets, gap_start, key=lambda b: b.start) - 1
        return i >= 0 and self.brackets[i].end > gap_end

    def is_bracket_only(self, start: int, end: int) -> bool:
        start, end = self.strip_span(start, end)
        return self.bracket_spans.get(start) == end

    def dates_in(self, text: str) -> list[tuple[int, int]]:
        # no bare four-digit times here: "1524. Also for the Secretary" opens a paragraph
        if self.found_dates is None:
            self.found_dates = DocumentDates(self.lex.conventions.dates, self.year)
        spans, _ = self.found_dates.find(text)
        return [(s.start, s.end) for s in spans]

    def without_dates(self, text: str) -> str:
        # joined once: cutting the text date by date copies it once per date
        pieces = []
        pos = 0
        for start, end in self.dates_in(text):
            pieces.append(text[pos:start])
            pos = end
        pieces.append(text[pos:])
        return " ".join(pieces)


def has_closing_quote(reader: Reader, block: Block) -> bool:
    """Whether a block ends a quotation: with a closing quote, or with a telegram's
    "END QUOTE"."""
    text = reader.text(block.start, block.end).rstrip()
    if TELEGRAM_UNQUOTE.search(text):
        return True
    return bool(text) and text[-1] in CLOSE_QUOTES and quote_balance(text) != 0


# A telegram's quotation marks, spelt out in capitals: "QUOTE:", "BEGIN TEXT", and at the
# end "UNQUOTE", "END QUOTE", "END TEXT"
TELEGRAM_QUOTE = re.compile(r"(?:BEGIN[ \t]+)?(?:QUOTE|TEXT)\b[:.]?[ \t]+\S")
TELEGRAM_UNQUOTE = re.compile(r"\b(?:UNQUOTE|END[ \t]+(?:QUOTE|TEXT))\.?$")


def quote_balance(text: str) -> int:
    """Opening minus closing double quotes; straight quotes alternate."""
    balance = 0
    straight = 0
    for ch in text:
        if ch in "“„«":
            balance += 1
        elif ch in "”»":
            balance -= 1
        elif ch == '"':
            straight += 1
    if straight % 2:
        balance += 1 if text.lstrip()[:1] == '"' else -1
    return balance


def first_person_word(word: str, first_person: tuple[str, ...]) -> bool:
    """ "I", "we", "Our" (conventions `parts.first_person`): the writer speaking; not "US",
    which is a country, nor the initial "I." ("Cde. L. I. Brezhnev")."""
    word = word.strip(",;:!?()\"“”‘’'")
    return word.lower() in first_person and (word == "I" or not word.isupper())


def unbracketed(text: str) -> str:
    """Text with bracket signs removed, so "With Comm[unist] greetings" reads as written out."""
    return text.replace("[", "").replace("]", "")


def cell_end(reader: Reader, start: int, line_end: int, text: str) -> int:
    """End offset of a cell that starts at `start` (cells are separated by gutters)."""
    # The gutter split_columns cut at, so that cells never overlap (a run of U+2007 ends a
    # cell there too); searched in place, as slicing the rest of the line for every cell
    # is quadratic in a long line.
    match = COLUMN_GUTTER.search(reader.doc.text, start, line_end)
    end = match.start() if match else line_end
    return reader.strip_span(start, end)[1]


def bracket_joined_lines(reader: Reader, block: Block) -> list[tuple[int, int]]:
    """The block's lines, with the lines one bracket spans ("[Stamp:" … "]") made one."""
    lines = list(block.lines)
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        while (bracket_end := reader.bracket_reaching_past(start, end)) is not None:
            if i + 1 == len(lines):
                break
            while i + 1 < len(lines) and end < bracket_end:
                i += 1
                end = lines[i][1]
        joined.append((start, end))
        i += 1
    return joined
