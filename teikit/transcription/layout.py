"""Text normalisation and column splits, kept apart from meaning.

Lines keep their input numbering (1-based) and columns (1-based, in characters of
the decoded line) so that every diagnostic points at what the user sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A column gutter: a tab, or three or more blanks.  Archive pages copy &nbsp; runs as
# "U+00A0 + space" pairs, while a single NBSP (+ space) is an ordinary word space ("No.  4312").
# Blanks before a colon are none: a form sets its labels' colons apart ("To       :  …").
# The pattern opens with the gutter's first character, so that re skips at C speed to each
# blank or tab: a tab, then blanks and tabs; or a blank, then blanks up to a tab, then blanks
# and tabs; or a blank and two blanks or more.
COLUMN_GUTTER = re.compile(
    r"[\t \u00a0\u2007\u202f]"
    r"(?:(?<=\t)[\t \u00a0\u2007\u202f]*"
    r"|(?<![\t])(?:[ \u00a0\u2007\u202f]*\t[\t \u00a0\u2007\u202f]*|[ \u00a0\u2007\u202f]{2,}))"
    r"(?![\t \u00a0\u2007\u202f]*:)"
)
_BLANKS = re.compile(r"[ \u00a0\u2007\u202f\t]+")

# Characters XML 1.0 forbids; they are reported and replaced, never written.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Line:
    """One input line: its 1-based number and its text without the line break."""

    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip().strip("\ufeff")


@dataclass(frozen=True)
class Cell:
    """One column of a line laid out in columns: its 1-based start column and its text."""

    line: int
    col: int
    text: str


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on CRLF, CR and LF alike, numbering lines as the file's own.

    Example:
        split_lines("a\\r\\nb")  # (Line(1, "a"), Line(2, "b"))
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # the breaks re.split(r"\r\n|\r|\n") finds, three times faster: CRLF pairs never
    # overlap, so replacing them first, then lone CRs, reads every break alike
    parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return tuple(map(Line, range(1, len(parts) + 1), parts))


def find_forbidden_chars(text: str) -> list[tuple[int, str]]:
    """Offsets and characters that XML 1.0 cannot hold."""
    if _XML_FORBIDDEN.search(text) is None:
        return []  # nearly every line: one search is cheaper than an empty finditer
    return [(m.start(), m.group()) for m in _XML_FORBIDDEN.finditer(text)]


def replace_forbidden_chars(text: str) -> str:
    """Replace characters XML forbids by U+FFFD, keeping every offset."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def split_columns(line: Line) -> tuple[Cell, ...]:
    """Split a line at its column gutters (tabs, runs of three or more blanks).

    Example:
        split_columns(Line(3, "CABLE No. 5" + "\\u00a0 " * 20 + "TOP SECRET"))
        # (Cell(3, 1, "CABLE No. 5"), Cell(3, 54, "TOP SECRET"))
    """
    cells = []
    pos = 0
    text = line.text
    for gap in COLUMN_GUTTER.finditer(text):
        if gap.start() > pos:
            cells.append(_cell(line.number, pos, text[pos : gap.start()]))
        pos = gap.end()
    if pos < len(text):
        cells.append(_cell(line.number, pos, text[pos:]))
    return tuple(c for c in cells if c.text)


def _cell(number: int, start: int, raw: str) -> Cell:
    stripped = raw.lstrip(" \u00a0\t\ufeff")
    offset = start + len(raw) - len(stripped)
    return Cell(number, offset + 1, tidy_spaces(stripped))


def tidy_spaces(text: str) -> str:
    """Collapse blanks (spaces, NBSP, tabs) to one space and trim the ends."""
    return one_space(text).strip()


def one_space(text: str) -> str:
    """Each run of blanks (spaces, NBSP, tabs) as one space.

    Most text has single spaces only: a few substring tests then stand for a pass that
    would rewrite every space as itself.
    """
    if "  " in text or "\t" in text or "\u00a0" in text or "\u2007" in text or "\u202f" in text:
        return _BLANKS.sub(" ", text)
    return text


def indentation(line: Line) -> int:
    """Number of leading blank characters."""
    return len(line.text) - len(line.text.lstrip(" \u00a0\t"))


def normalise_text(text: str) -> str:
    """NFC-normalise so that composed and decomposed letters compare equal."""
    return unicodedata.normalize("NFC", text)


# No typist wraps a line this long: a copy with such lines and no blank line at all is a web
# page copied one paragraph a line (title, date, paragraphs, labels and values each a line).
UNWRAPPED_LINE = 150
SENTENCE_END_CHARS = '.!?:;"”’)»'
_MIN_LINES = 6
_MAX_HELD_LINES = 8


def spread_unbroken_copy(
    lines: tuple[Line, ...],
    closing: re.Pattern[str] | None = None,
    open_endings: frozenset[str] = frozenset(),
) -> tuple[Line, ...]:
    """A copy with no blank line between its paragraphs, each written on one long line,
    gets a blank line after every line, so the page and the document are read paragraph
    by paragraph; any other text is returned as it is. The blank lines added carry the
    number of the line above them, so positions stay those of the input. A paragraph
    hard-wrapped in such a copy keeps its lines together (`_wrapped_runs`); a line that
    `closing` matches ("RESPECTFULLY") ends it. A long line that ends on one of
    `open_endings`, small words no sentence ends on ("… reactivation of the" / "Mixed
    Commission."), goes on in the next.

    Example:
        spread_unbroken_copy((Line(1, "Title"), Line(2, long_paragraph), ...))
    """
    filled = [line for line in lines if not line.blank]
    if len(filled) < _MIN_LINES or len(filled) != _inner_count(lines):
        return lines
    if not any(len(line.text.strip()) > UNWRAPPED_LINE for line in filled):
        return lines  # hard-wrapped lines: one paragraph, read as such
    spread: list[Line] = []
    closes_at = -1  # index of the line that closes the bracket holding lines together
    wrapped = _wrapped_runs(lines, closing)
    for i, line in enumerate(lines):
        spread.append(line)
        if i >= closes_at:
            closes_at = _bracket_close(lines, i)
        if (
            not line.blank
            and i >= closes_at
            and i not in wrapped
            and not (
                _ends_open(line.text, open_endings)
                and i + 1 < len(lines)
                and not _OPENS_ENTRY.match(lines[i + 1].text)  # "… and so on" / "- …"
            )
        ):
            spread.append(Line(line.number, ""))
    return tuple(spread)


# The characters a list's entry may open with.
BULLETS = "•·▪◦‣*–—-"
# An item's label written alone: "(1)", "2.", "a)" (group "n": its number or letter).
ITEM_LABEL = r"\(?(?P<n>\d{1,3}|[a-z])[.)]"
# A line opening a list's entry: a bullet, or a number or letter and its stop or bracket.
_OPENS_ENTRY = re.compile(rf"[ \t\u00a0]*(?:[{re.escape(BULLETS)}]|{ITEM_LABEL})[ \t\u00a0]")


def lone_bullet(text: str) -> bool:
    """Whether `text` is a bullet alone ("-" over a side's label "U.S.")."""
    stripped = text.strip()
    return len(stripped) == 1 and stripped in BULLETS


def ends_on(text: str, words: frozenset[str]) -> bool:
    """Whether `text`'s last word, as written, is one of `words` ("… reactivation of the")."""
    last = text.rsplit(None, 1)
    return bool(last) and last[-1] in words


def _ends_open(text: str, open_endings: frozenset[str]) -> bool:
    """Whether a paragraph's long line ends on a small word in small letters that no
    sentence ends on (a short line so is a heading or a list's head: "Seen by")."""
    return len(text.strip()) > UNWRAPPED_LINE and ends_on(text, open_endings)


_WRAPPED_RUN = 4  # lines at least held together: fewer may be headings one above the other
_WRAP_SLACK = 0.75  # a typewriter wraps ragged: a line this full, or the next word would not fit


def _wrapped_runs(lines: tuple[Line, ...], closing: re.Pattern[str] | None) -> set[int]:
    """The indexes of the short lines that a typist's wrap goes on from.

    In a run of short lines, a full line that ends no sentence and whose next line's
    first word would not have fitted on it (within the run's widest line, less a
    typewriter's slack) wraps, and the next line goes on with it, unless it is a
    closing phrase; four or more lines held so in a row are one hard-wrapped paragraph
    in a copy of one-line paragraphs ("ON BEHALF OF VIETNAM GOVERNMENT AND PEOPLE I BEG
    TO" / "INFORM YOU THAT …"), fewer may be headings one above the other.
    """
    held: set[int] = set()
    i = 0
    while i < len(lines):
        k = i
        while (
            k < len(lines) and not lines[k].blank and len(lines[k].text.strip()) <= UNWRAPPED_LINE
        ):
            k += 1
        texts = [line.text.strip() for line in lines[i:k]]
        width = max((len(t) for t in texts), default=0)
        run: list[int] = []
        for j in range(len(texts)):  # the last line ends any run
            wraps = (
                j + 1 < len(texts)
                and len(texts[j]) >= _WRAP_SLACK * width
                and texts[j][-1] not in ".!?:;]"
                and len(texts[j]) + 1 + len(texts[j + 1].split()[0]) > _WRAP_SLACK * width
                and not (closing and closing.match(texts[j + 1]))
            )
            if wraps:
                run.append(i + j)
                continue
            if len(run) >= _WRAPPED_RUN - 1:
                held.update(run)
            run = []
        i = k + 1
    return held


def _bracket_close(lines: tuple[Line, ...], i: int) -> int:
    """The index of the line, a few lines on, that closes a bracket still open after line i
    ("[handwritten: … / … 14 October 1948]"); i itself when none is open or none closes
    soon, as an unclosed bracket ends with its own line."""
    depth = 0
    for k in range(i, min(len(lines), i + _MAX_HELD_LINES)):
        depth = max(0, depth + lines[k].text.count("[") - lines[k].text.count("]"))
        if k == i and not depth:
            return i
        if k > i and not depth:
            return k
    return i


def _inner_count(lines: tuple[Line, ...]) -> int:
    """The number of lines from the first non-blank line to the last."""
    marks = [i for i, line in enumerate(lines) if not line.blank]
    return marks[-1] - marks[0] + 1 if marks else 0
