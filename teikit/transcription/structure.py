"""Blocks → document parts: opener, body, closer, postscript, footnotes, embedded documents.

Each rule looks at a block or a line and says what it is; the zones are then cut
from the outside in: footnotes and the cipher office's trailer from the end, the
signature before them, the head lines from the start, the rest is the body, where
quoted documents become embedded layouts of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from teikit.transcription.brackets import Bracket
from teikit.transcription.dates import find_dates
from teikit.transcription.document import Block, Document
from teikit.transcription.editorial import read_bracket
from teikit.transcription.layout import Line, split_columns, tidy_spaces
from teikit.transcription.lexicon import CLOSE_QUOTES, OPEN_QUOTES, Lexicon

_MARKER = re.compile(
    r"(?P<open>\()?(?P<n>\d{1,2}|[a-z]|[ivxIVX]{1,5}|[A-Z])(?P<close>[.)])(?=\s)\s*"
)
# "[5] Not printed.", "[5a] …", "[*] …", "[ii] …", "[a] …": a note listed at the end
_FOOTNOTE_DEF = re.compile(r"\[(?P<n>\d{1,3}[a-z]?|\*{1,3}|[ivxlc]{1,6}|[a-z])\]\s+\S")
_NAME_TOKEN = re.compile(r"/?(?:[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w’'\-]*\.?|[A-ZА-Я]\.(?:[A-ZА-Я]\.)*)[,/]?/?")
_SENTENCE_END = re.compile(r"[.;!?]\s*[" + re.escape(CLOSE_QUOTES) + r"]?$")
_ROMAN = "ivxlc"
_NUMBERED_PARAGRAPH = re.compile(r"\d{2,5}\.\s+\S")
_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d{1,3}[a-z]?\])+$")


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


@dataclass
class _Reader:
    doc: Document
    lex: Lexicon
    brackets: tuple[Bracket, ...]
    year: int | None = None
    bracket_spans: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.bracket_spans = {b.start: b.end for b in self.brackets}

    def text(self, start: int, end: int) -> str:
        return self.doc.text[start:end]

    def strip_span(self, start: int, end: int) -> tuple[int, int]:
        text = self.doc.text
        while start < end and text[start] in " \t\u00a0\ufeff":
            start += 1
        while end > start and text[end - 1] in " \t\u00a0":
            end -= 1
        return start, end

    def supplied_at(self, start: int) -> bool:
        """Whether the bracket at `start` has no known label (text the editor supplied)."""
        bracket = next((b for b in self.brackets if b.start == start), None)
        if bracket is None:
            return False
        meaning = read_bracket(self.doc.text, bracket, conventions=self.lex.conventions)
        return meaning.construct == "supplied"

    def is_bracket_only(self, start: int, end: int) -> bool:
        start, end = self.strip_span(start, end)
        return self.bracket_spans.get(start) == end

    def dates_in(self, text: str) -> list[tuple[int, int]]:
        # no bare four-digit times here: "1524. Also for the Secretary" opens a paragraph
        spans, _ = find_dates(text, dates=self.lex.conventions.dates, year=self.year)
        return [(s.start, s.end) for s in spans]

    def without_dates(self, text: str) -> str:
        for start, end in reversed(self.dates_in(text)):
            text = text[:start] + " " + text[end:]
        return text


def read_layout(
    doc: Document,
    blocks: tuple[Block, ...],
    brackets: tuple[Bracket, ...],
    *,
    lex: Lexicon,
    year: int | None,
    titled: bool = False,
) -> Layout:
    """Cut a document's blocks into zones and parts.

    Example:
        layout = read_layout(doc, split_blocks(doc, brackets), brackets, lex=lex, year=1949)
    """
    reader = _Reader(doc, lex, brackets, year)
    blocks_list = list(blocks)
    footnotes = _take_footnotes(reader, blocks_list)
    postscript = _take_trailer(reader, blocks_list)
    kind = "titled" if titled else "document"
    return _read_zones(reader, blocks_list, footnotes=footnotes, postscript=postscript, kind=kind)


def _read_zones(
    reader: _Reader,
    blocks: list[Block],
    *,
    footnotes: tuple[Footnote, ...] = (),
    postscript: tuple[Part, ...] = (),
    kind: str = "document",
    nested: bool = False,
) -> Layout:
    closer = _take_closer(reader, blocks)
    head, opener = _take_opener(reader, blocks)
    if kind == "document":
        head, opener = _pick_head(reader, opener)
    body = _read_body(reader, blocks, nested=nested)
    kind = "document" if kind == "titled" else kind
    if (
        not body
        and opener
        and opener[-1].kind == "head-block"
        and opener[-1].units
        and opener[-1].units[-1].kind == "text"
    ):
        # a note of two lines has no head: its last text line is the body
        last = opener[-1]
        body = (Part("p", last.units[-1:]),)
        opener = opener[:-1] + ((Part(last.kind, last.units[:-1]),) if len(last.units) > 1 else ())
    return Layout(head, opener, body, closer, postscript, footnotes, kind)


def _pick_head(
    reader: _Reader, opener: tuple[Part, ...]
) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """The document's own title line ("The Ambassador in France (Caffery) to the Secretary…").

    Only when the opener has no numbered document title ("CABLE Nº 58986"): the plain
    heading line right under a document number ("No. 464" / "Editorial Note"), else the
    longest plain heading line of four words or more that is not a sentence or a label.
    """
    if any(u.kind.startswith("doc-title") for part in opener for u in part.units):
        return (), opener
    best: tuple[int, int, int] | None = None  # (rank, part index, unit index)
    for i, part in enumerate(opener):
        if part.kind != "head-block":
            continue
        for k, unit in enumerate(part.units):
            if unit.kind != "text":
                continue
            text = tidy_spaces(reader.text(unit.start, unit.end))
            words = len(text.split())
            if text.endswith((".", ":", ";", ",")) or ":" in text[:40]:
                continue
            numbered = k > 0 and part.units[k - 1].kind == "reference"
            rank = 1000 if numbered else words
            if (numbered or words >= 4) and (best is None or rank > best[0]):
                best = (rank, i, k)
    if best is None:
        return (), opener
    _, i, k = best
    part = opener[i]
    rest = tuple(u for n, u in enumerate(part.units) if n != k)
    remaining = opener[:i] + ((Part(part.kind, rest),) if rest else ()) + opener[i + 1 :]
    return (Part("head", (part.units[k],)),), remaining


# --- footnotes and trailer, from the end --------------------------------------------------


def _take_footnotes(reader: _Reader, blocks: list[Block]) -> tuple[Footnote, ...]:
    notes: list[Footnote] = []
    while blocks:
        block = blocks[-1]
        lines = [reader.strip_span(s, e) for s, e in block.lines]
        if not _FOOTNOTE_DEF.match(reader.text(*lines[0])):
            break
        found: list[Footnote] = []
        for start, end in lines:
            match = _FOOTNOTE_DEF.match(reader.text(start, end))
            if match:
                found.append(Footnote(match.group("n"), start + match.end() - 1, end, start))
            elif found:  # a footnote's second line
                last = found[-1]
                found[-1] = Footnote(last.n, last.start, end, last.marker_start)
        notes[:0] = found
        blocks.pop()
    return tuple(notes)


def _is_trailer_line(reader: _Reader, text: str) -> bool:
    lex = reader.lex
    stripped = text.strip()
    if lex.trailer.match(stripped):
        return True
    # "CONFIDENTIAL        PERMANENT RECORD COPY": the marks a page ends with
    if any(lex.is_classification(c.text) for c in split_columns(Line(0, text))):
        return True
    # "Nº 6617", "1 – Cde. Molotov", "4 to file": the copy and register lines of the trailer
    if lex.number_mark.fullmatch(stripped):
        return True
    return bool(
        re.fullmatch(r"\d+(?:\s*[-–]\s*\d+)?\s*[–-]?\s*(?:to\s+)?\S.{0,60}", stripped)
    ) and ("–" in stripped or " to " in stripped)


def _take_trailer(reader: _Reader, blocks: list[Block]) -> tuple[Part, ...]:
    parts: list[Part] = []
    while blocks:
        block = blocks[-1]
        first = reader.text(*block.lines[0])
        if not _is_trailer_line(reader, first) or _has_closing_quote(reader, block):
            break
        lines = [reader.text(s, e) for s, e in block.lines]
        if not all(_is_trailer_line(reader, t) or len(t.strip()) < 60 for t in lines):
            break
        parts[:0] = [
            Part("trailer-line", (Unit("text", *reader.strip_span(s, e)),)) for s, e in block.lines
        ]
        blocks.pop()
    return tuple(parts)


# --- closer ---------------------------------------------------------------------------------


def _has_closing_quote(reader: _Reader, block: Block) -> bool:
    text = reader.text(block.start, block.end).rstrip()
    return bool(text) and text[-1] in CLOSE_QUOTES and _quote_balance(text) != 0


def _quote_balance(text: str) -> int:
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


def _name_like(reader: _Reader, text: str) -> bool:
    """A signature: a few capitalised words or initials, maybe /slashed/, without a sentence."""
    if reader.lex.is_classification(text.strip()):
        return False
    mark = reader.lex.signature_mark.search(text)
    if mark and mark.start() > 0:
        text = text[: mark.start()]  # "Szabó Kálmán s.k. deputy head of department"
    text = reader.lex.number_mark.sub(" ", text)
    text = reader.lex.signature_mark.sub(" ", text)
    text = reader.without_dates(text)
    text = re.sub(r"\[[^\]]*\]?", " ", text).strip(" " + CLOSE_QUOTES + OPEN_QUOTES)
    tokens = text.split()
    if not 1 <= len(tokens) <= 5:
        return False
    return all(_NAME_TOKEN.fullmatch(t) for t in tokens) and not text.endswith(":")


def _signature_line(reader: _Reader, start: int, end: int) -> bool:
    text = reader.text(start, end)
    if reader.is_bracket_only(start, end):
        # "[Johnson]": a name the editor supplied; "[signature]" alone names nobody
        return _name_like(reader, text.strip()[1:-1])
    cells = split_columns(Line(0, text))
    return any(_name_like(reader, c.text) for c in cells) and all(
        _name_like(reader, c.text)
        or reader.lex.closing.match(_unbracketed(c.text))
        or reader.is_bracket_only(start + c.col - 1, start + c.col - 1 + len(c.text))
        or reader.lex.number_mark.fullmatch(c.text)
        or _role_like(c.text)
        or not reader.without_dates(c.text).strip(" ,." + CLOSE_QUOTES)
        for c in cells
    )


def _unbracketed(text: str) -> str:
    """Text with bracket signs removed, so "With Comm[unist] greetings" reads as written out."""
    return text.replace("[", "").replace("]", "")


def _role_like(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 10 and text[:1].isupper() and not _SENTENCE_END.search(text)


def _is_signature_block(reader: _Reader, block: Block) -> bool:
    if len(block.lines) > 5 or any(
        e - s > 160 and len(tidy_spaces(reader.text(s, e))) > 160 for s, e in block.lines
    ):
        return False  # a paragraph of running text: no need to read it word by word
    if len(block.lines) > 1 and reader.is_bracket_only(block.start, block.end):
        return _name_like(reader, tidy_spaces(reader.text(block.start + 1, block.end - 1)))
    lines = [reader.strip_span(s, e) for s, e in block.lines]
    texts = [reader.text(s, e) for s, e in lines]
    # the name comes last (or just before a closing date/quote line); role lines may precede it
    named = [i for i, (s, e) in enumerate(lines) if _signature_line(reader, s, e)]
    if not named:
        return False
    last = named[-1]
    tail_ok = all(
        not reader.without_dates(t).strip(" ,." + CLOSE_QUOTES)
        or (len(t.split()) <= 8 and not _SENTENCE_END.search(t))  # "deputy head of department"
        for t in texts[last + 1 :]
    )
    head_ok = all(
        i in named
        or _role_like(t)
        or reader.lex.closing.match(_unbracketed(t))
        or reader.is_bracket_only(*lines[i])
        for i, t in enumerate(texts[:last])
    )
    return tail_ok and head_ok


def _take_closer(reader: _Reader, blocks: list[Block]) -> tuple[Part, ...]:
    parts: list[Part] = []
    signed = False
    while blocks:
        block = blocks[-1]
        if parts and _has_closing_quote(reader, block):
            break  # the end of a quoted document is not part of this closer
        below_signature = any(_is_signature_block(reader, b) for b in blocks[-3:-1])
        if not signed and _is_place_date(reader, block) and below_signature:
            pass  # "Moscow, 24 September 1952" below the signature
        elif not signed and _is_signature_block(reader, block):
            signed = True
        elif not signed and reader.is_bracket_only(block.start, block.end) and below_signature:
            pass  # an annotation below the signature
        elif signed and (_is_closing_block(reader, block) or _is_place_date(reader, block)):
            pass
        else:
            break
        parts[:0] = [_closer_part(reader, block)]
        blocks.pop()
    if not signed:
        blocks.extend(_unparts(parts))
        last = _split_last_line(reader, blocks)
        return (_closer_part(reader, last),) if last is not None else ()
    return tuple(parts)


def _split_last_line(reader: _Reader, blocks: list[Block]) -> Block | None:
    """A signature typed right under the last paragraph, with no blank line between."""
    if not blocks or len(blocks[-1].lines) < 2:
        return None
    block = blocks[-1]
    last = Block(block.lines[-1:], 0)
    text = reader.text(*block.lines[-2]).strip()
    if not _is_signature_block(reader, last) or not _SENTENCE_END.search(text):
        return None
    blocks[-1] = Block(block.lines[:-1], block.gap_before)
    return last


def _unparts(parts: list[Part]) -> list[Block]:
    return [Block(tuple((u.start, u.end) for u in p.units), 1) for p in parts]


def _is_closing_block(reader: _Reader, block: Block) -> bool:
    text = _unbracketed(reader.text(block.start, block.end).strip())
    return bool(reader.lex.closing.match(text)) and len(text) < 80


def _is_place_date(reader: _Reader, block: Block) -> bool:
    """ "Budapest, 22 September 1954" or a bare "21 November 1950" by a signature."""
    if len(block.lines) != 1:
        return False
    text = reader.text(block.start, block.end).strip()
    rest = reader.without_dates(text).strip(" ." + CLOSE_QUOTES)
    return rest != text and (not rest or len(rest.split()) <= 3 and rest.endswith(","))


def _closer_part(reader: _Reader, block: Block) -> Part:
    units: list[Unit] = []
    for start, end in _bracket_joined_lines(reader, block):
        for cell in split_columns(Line(0, reader.text(start, end))):
            cs = start + cell.col - 1
            ce = (
                cs + len(reader.text(cs, end).rstrip(" \t\u00a0"))
                if False
                else _cell_end(reader, cs, end, cell.text)
            )
            units.append(Unit(_closer_kind(reader, cs, ce), cs, ce))
    return Part("closer-block", tuple(units))


def _cell_end(reader: _Reader, start: int, line_end: int, text: str) -> int:
    """End offset of a cell that starts at `start` (cells are separated by gutters)."""
    raw = reader.text(start, line_end)
    match = re.search(r"\t|[ \u00a0]{3,}", raw)
    end = start + (match.start() if match else len(raw))
    return reader.strip_span(start, end)[1]


def _closer_kind(reader: _Reader, start: int, end: int) -> str:
    text = reader.text(start, end)
    if reader.is_bracket_only(start, end):
        return "bracket"
    if reader.lex.closing.match(_unbracketed(text)):
        return "salute"
    if reader.lex.number_mark.fullmatch(text.strip()):
        return "number"
    rest = reader.without_dates(text).strip()
    dated = rest != text.strip()
    if dated and (
        not rest.strip(" ,." + CLOSE_QUOTES) or (rest.endswith(",") and len(rest.split()) <= 3)
    ):
        return "date"
    if _name_like(reader, text):
        return "signed"
    return "role"


# --- opener ---------------------------------------------------------------------------------


def _unit_kind(reader: _Reader, start: int, end: int) -> str:
    """What one opener line or cell is."""
    lex = reader.lex
    text = reader.text(start, end).strip()
    folded = lex.folded(text)
    if reader.is_bracket_only(start, end):
        # "[Chungking, February 10, 1942—12:30 p.m.]": a dateline the editor supplied
        if reader.supplied_at(start) and _unit_kind(reader, start + 1, end - 1) == "dateline":
            return "dateline"
        return "bracket"
    if any(p.fullmatch(folded) for p in lex.conventions.page_line_patterns):
        return "pb"
    if lex.is_priority(text):
        return "priority"
    if lex.is_classification(text) or lex.only_marks(text):
        return "classification"
    if lex.copy_mark.fullmatch(text):
        return "copy"
    if lex.copy_mark.match(text) or lex.distribution_head.match(text):
        return "distribution"
    if lex.participants.match(text):
        return "participants"
    if lex.conversation.match(text):
        return "doc-title"
    if (
        lex.doc_kind.match(text)
        and (lex.number_mark.search(text) or text.isupper())
        and len(text) < 80
    ):
        return "doc-title"
    if lex.reference.fullmatch(text) or lex.number_mark.fullmatch(text):
        return "reference"
    if reader.dates_in(text):
        rest = lex.copy_mark.sub(" ", reader.without_dates(text))
        words = re.findall(r"[^\W\d_][\w'’.]*", rest)
        # "Moscow, 3 March 1953, 15.20 hrs", "from PEKING received at …": names and a few
        # dateline words; "The council met on 5 May." is a sentence
        if (
            len(words) <= 6
            and len(text) < 120
            and all(
                w[:1].isupper() or lex.folded(w).rstrip(".") in lex.dateline_words for w in words
            )
        ):
            return "dateline"
    unquoted = text.lstrip(OPEN_QUOTES)
    if (
        any(p.fullmatch(unquoted) for p in lex.conventions.parts.salutation_patterns)
        and len(text) < 100
    ):
        return "salute"
    return "text"


def _head_line(reader: _Reader, start: int, end: int) -> bool:
    """A line that can stand in a document's head (short, not a sentence)."""
    # "…to Department.[2]": a footnote marker after the full stop still ends a sentence
    lines = [
        _TRAILING_MARKERS.sub("", tidy_spaces(line)) for line in reader.text(start, end).split("\n")
    ]
    last = lines[-1]
    if _NUMBERED_PARAGRAPH.match(lines[0]) and (last.endswith(":") or _SENTENCE_END.search(last)):
        return False  # "260. Pignon informed us….": a telegram's numbered first paragraph
    # "The meeting decided:" leads into the text; "Subject:" or "To: Comrades …" do not
    lead_in = (
        last.endswith(":") and len(last.split()) >= 3 and any(w.islower() for w in last.split())
    )
    return (
        all(len(t) <= 200 for t in lines)
        and not lead_in
        and not (len(last) > 60 and _SENTENCE_END.search(last))
    )


def _take_opener(reader: _Reader, blocks: list[Block]) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    head: list[Part] = []
    opener: list[Part] = []
    while blocks:
        block = blocks[0]
        units = _block_units(reader, block)
        kinds = [u.kind for u in units]
        if all(k == "text" for k in kinds):
            if not all(_head_line(reader, s, e) for s, e in block.lines):
                break
            if len(block.lines) > 6 or _looks_like_sentence(reader, block):
                break
        elif "participants" in kinds:
            opener.append(Part("participants-block", units))
            blocks.pop(0)
            continue
        elif not all(_head_line(reader, u.start, u.end) or u.kind == "bracket" for u in units):
            break
        elif "pb" in kinds and _looks_like_sentence(reader, block):
            break  # running text broken by a page marker line ("(p. 1)")
        if kinds and kinds[0] == "salute" and len(units) == 1:
            opener.append(Part("salute", units))
            blocks.pop(0)
            break
        opener.append(Part("head-block", units))
        blocks.pop(0)
    return tuple(head), tuple(opener)


def _looks_like_sentence(reader: _Reader, block: Block) -> bool:
    text = reader.text(block.start, block.end).strip()
    return bool(_SENTENCE_END.search(text)) and (len(text.split()) > 6 or text.endswith(":"))


def _block_units(reader: _Reader, block: Block) -> tuple[Unit, ...]:
    """Lines (or, for lines laid out in columns, cells) of an opener block, each with its kind."""
    rows = []
    for start, end in _bracket_joined_lines(reader, block):
        cells = split_columns(Line(0, reader.text(start, end)))
        rows.append(
            [(start + c.col - 1, _cell_end(reader, start + c.col - 1, end, c.text)) for c in cells]
        )
    # Two columns over several lines are read column by column (letterheads, diary heads).
    if len(rows) > 1 and all(len(r) <= 2 for r in rows) and sum(len(r) == 2 for r in rows) >= 2:
        left = [r[0] for r in rows if r]
        right = [r[1] for r in rows if len(r) == 2]
        rows = [[cell] for cell in left + right]
    units: list[Unit] = []
    rows = [[cell for span in row for cell in _split_marks(reader, *span)] for row in rows]
    for row in rows:
        kinds = [_unit_kind(reader, start, end) for start, end in row]
        if (
            len(row) > 1
            and "dateline" in kinds
            and set(kinds) <= _DATELINE_COMPANIONS
            and all(
                k != "text" or reader.text(*cell)[:1].islower()
                for k, cell in zip(kinds, row, strict=True)
            )
        ):
            # "from PEKING   received at 0810 12 October 1949   Copy Nº 2" is one dateline
            units.append(Unit("dateline", row[0][0], row[-1][1]))
            continue
        units.extend(Unit(kind, start, end) for kind, (start, end) in zip(kinds, row, strict=True))
    return tuple(_join_continuations(reader, units))


_DATELINE_COMPANIONS = {"dateline", "text", "copy"}


def _split_marks(reader: _Reader, start: int, end: int) -> list[tuple[int, int]]:
    """ "secret priority" is two marks: the classification and the priority."""
    text = reader.text(start, end)
    if (
        not reader.lex.only_marks(text)
        or reader.lex.is_classification(text)
        or reader.lex.is_priority(text)
    ):
        return [(start, end)]
    spans = sorted(
        (m.start(), m.end())
        for pattern in (reader.lex.classification, reader.lex.priority)
        for m in pattern.finditer(text)
    )
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return [(start + s, start + e) for s, e in kept] or [(start, end)]


def _bracket_joined_lines(reader: _Reader, block: Block) -> list[tuple[int, int]]:
    """The block's lines, with the lines one bracket spans ("[Stamp:" … "]") made one."""
    lines = list(block.lines)
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        for bracket_start, bracket_end in reader.bracket_spans.items():
            if start <= bracket_start < end < bracket_end:
                while i + 1 < len(lines) and end < bracket_end:
                    i += 1
                    end = lines[i][1]
        joined.append((start, end))
        i += 1
    return joined


def _join_continuations(reader: _Reader, units: list[Unit]) -> list[Unit]:
    """A distribution or title line continues on the next plain lines."""
    joined: list[Unit] = []
    for unit in units:
        text = reader.text(unit.start, unit.end)
        if (
            joined
            and joined[-1].kind == "copy"
            and unit.kind in ("distribution", "text")
            and text[:3] == "to "
        ):
            # "Copy Nº 2" / "to Cde. Stalin": one distribution entry over two lines
            joined[-1] = Unit("distribution", joined[-1].start, unit.end)
            continue
        continues = unit.kind == "text" or (unit.kind != "bracket" and text[:1].islower())
        if joined and continues and joined[-1].kind in ("distribution", "doc-title", "salute"):
            last = joined[-1]
            kind = last.kind
            if kind == "distribution":
                # "Copy No. 3 – Cde." / "Bulganin": one entry over two lines
                joined[-1] = Unit(kind, last.start, unit.end)
                continue
            joined.append(Unit(kind + "+", unit.start, unit.end))
            continue
        if joined and continues and joined[-1].kind.endswith("+"):
            joined.append(Unit(joined[-1].kind, unit.start, unit.end))
            continue
        joined.append(unit)
    return joined


# --- body ----------------------------------------------------------------------------------


def _split_lead_in(reader: _Reader, blocks: list[Block]) -> list[Block]:
    """ "The Embassy considers it expedient:" with items on the next lines: paragraph, then list."""
    result = []
    for block in blocks:
        cut = None
        for k in range(1, len(block.lines)):
            before = reader.text(*block.lines[k - 1]).rstrip()
            line = reader.text(*block.lines[k]).lstrip(" \t\u00a0")
            marker = _MARKER.match(line)
            if before.endswith(":") and marker and _first_of_style(marker.group("n")):
                cut = k
                break
        if cut is None or _MARKER.match(reader.text(*block.lines[0]).lstrip()):
            result.append(block)
        else:
            result += [Block(block.lines[:cut], block.gap_before), Block(block.lines[cut:], 0)]
    return result


def _read_body(reader: _Reader, blocks: list[Block], *, nested: bool = False) -> tuple[Part, ...]:
    blocks = _split_lead_in(reader, blocks)
    parts: list[Part] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # a quoted document's own opening quote does not open it a second time
        end = None if nested and i == 0 else _embedded_end(reader, blocks, i)
        if end is not None:
            region = blocks[i : end + 1]
            kind = _embedded_kind(reader, parts)
            inner = _read_zones(reader, list(region), kind=kind, nested=True)
            parts.append(Part("embedded", subtype=kind, inner=inner))
            i = end + 1
            continue
        list_part, used = _read_list(reader, blocks, i)
        if list_part is not None:
            parts.append(list_part)
            i += used
            continue
        parts.append(_block_part(reader, block))
        i += 1
    return tuple(_seed_style_embedding(reader, parts))


def _unlabelled_items(reader: _Reader, block: Block) -> Part | None:
    """A block whose every line is a whole sentence or quotation: items of an unlabelled list.

    Paragraphs are set apart by blank lines; lines in one block that each open with a
    capital or a quote and close a sentence are the items of a list (FRUS block quotes).
    """
    if len(block.lines) < 2:
        return None
    texts = [reader.text(s, e).strip() for s, e in block.lines]
    whole = all(t[:1] in OPEN_QUOTES for t in texts) or all(
        (t[:1].isupper() or t[:1] in OPEN_QUOTES) and _SENTENCE_END.search(t) for t in texts
    )
    if not whole or max(len(t) for t in texts) < 80:
        return None
    items = tuple(Item("", *reader.strip_span(s, e)) for s, e in block.lines)
    return Part("list", items=items, subtype="unlabelled")


def _block_part(reader: _Reader, block: Block) -> Part:
    units = tuple(Unit("text", *reader.strip_span(s, e)) for s, e in block.lines)
    text = reader.text(block.start, block.end).strip()
    if reader.is_bracket_only(block.start, block.end):
        return Part("bracket", units)
    folded = reader.lex.folded(text)
    if len(block.lines) == 1:
        for pattern in reader.lex.conventions.page_line_patterns:
            match = pattern.fullmatch(folded)
            if match:
                groups = match.groupdict()
                n = groups.get("n") or (str(int(groups["end"]) + 1) if groups.get("end") else None)
                return Part("pb-line", units, n=n)
    if reader.lex.participants.match(text):
        return Part("participants-block", units)
    return _unlabelled_items(reader, block) or Part("p", units)


def _embedded_end(reader: _Reader, blocks: list[Block], i: int) -> int | None:
    """Index of the last block of a quoted document opening at block i, if it is one."""
    text = reader.text(blocks[i].start, blocks[i].end).strip()
    if not text or text[0] not in '"“„«' or _quote_balance(text) <= 0:
        return None
    for j in range(i + 1, len(blocks)):
        later = reader.text(blocks[j].start, blocks[j].end).rstrip()
        if later and later[-1] in CLOSE_QUOTES and _quote_balance(later) < 0:
            return j
        if (
            later
            and later[-1] in CLOSE_QUOTES
            and _quote_balance(later) == 0
            and later[0] not in '"“„«'
        ):
            return j
    return None


def _embedded_kind(reader: _Reader, before: list[Part]) -> str:
    """The kind the introducing paragraph names; the table's first (most specific) word wins."""
    if before and before[-1].units:
        intro = reader.lex.folded(reader.text(before[-1].units[0].start, before[-1].units[-1].end))
        for word in reader.lex.conventions.parts.embed_intros:
            if re.search(rf"\b{re.escape(word)}\b", intro):
                return word.replace(" ", "-")
    return "document"


def _seed_style_embedding(reader: _Reader, parts: list[Part]) -> list[Part]:
    """A signature that ends a quoted document: with a stray closing quote, or after an
    announcing paragraph ("…a memorandum addressed to General Gerow:")."""
    for j, part in enumerate(parts):
        if part.kind != "p" or not part.units:
            continue
        block = Block(tuple((u.start, u.end) for u in part.units), 1)
        text = reader.text(block.start, block.end).rstrip()
        if not text or not _is_signature_block(reader, block):
            continue
        intro = next(
            (
                k
                for k in range(j - 1, -1, -1)
                if parts[k].kind == "p" and _is_intro(reader, parts[k])
            ),
            None,
        )
        quoted = text[-1] in CLOSE_QUOTES
        # without a closing quote: a signature in mid-text after "…a memorandum addressed to X:"
        announced = (
            intro is not None
            and j + 1 < len(parts)
            and _part_text(reader, parts[intro]).endswith(":")
        )
        if not (quoted or announced):
            continue
        start = 0 if intro is None else intro + 1
        if start >= j:
            continue
        region = parts[start:j]
        closer = (_closer_part(reader, block),)
        kind = _embedded_kind(reader, parts[:start])
        inner = Layout(body=tuple(region), closer=closer, kind=kind)
        return parts[:start] + [Part("embedded", subtype=kind, inner=inner)] + parts[j + 1 :]
    return parts


def _part_text(reader: _Reader, part: Part) -> str:
    return reader.text(part.units[0].start, part.units[-1].end).strip()


def _is_intro(reader: _Reader, part: Part) -> bool:
    text = reader.text(part.units[0].start, part.units[-1].end).strip()
    return len(text) < 300 and text[-1:] in ".:" and bool(reader.lex.embed_intro.search(text))


def _marker_style(n: str) -> str:
    if n.isdigit():
        return "1"
    if len(n) > 1 or n.lower() in ("i", "v", "x") and n.lower() in _ROMAN:
        return "i" if n.islower() else "I"
    return "a" if n.islower() else "A"


def _first_of_style(n: str) -> bool:
    return n in ("1", "a", "i", "A", "I")


def _next_marker(n: str, previous: str) -> bool:
    if n.isdigit() and previous.isdigit():
        return int(n) == int(previous) + 1
    if len(n) == 1 and len(previous) == 1 and n.isalpha() and previous.isalpha():
        return ord(n) == ord(previous) + 1
    return (
        _roman(n) is not None and _roman(previous) is not None and _roman(n) == _roman(previous) + 1
    )


def _roman(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    text = text.lower()
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        total += -values[a] if b in values and values[b] > values[a] else values[a]
    return total


def _read_list(
    reader: _Reader, blocks: list[Block], i: int, depth: int = 0
) -> tuple[Part | None, int]:
    """A list starting at block i; a list of another marker style nests in its last item."""
    items: list[Item] = []
    used = 0
    style = None
    previous = None
    while i + used < len(blocks):
        block_items = _block_items(reader, blocks[i + used])
        if not block_items:
            break
        first = block_items[0].n
        if previous is None:
            if not _first_of_style(first) and not (
                len(block_items) > 1 and _next_marker(block_items[1].n, first)
            ):
                return None, 0
            style = _marker_style(first)
        elif _marker_style(first) != style and not (
            style in ("a", "A") and _next_marker(first, previous)  # "h)", "i)" go on lettering
        ):
            if depth or not _first_of_style(first):
                break
            nested, nested_used = _read_list(reader, blocks, i + used, depth + 1)
            if nested is None:
                break
            items[-1] = _with_sub(items[-1], list(nested.items))
            used += nested_used
            continue
        elif not _next_marker(first, previous):
            break
        items.extend(block_items)
        previous = block_items[-1].n
        used += 1
    if not items:
        return None, 0
    return Part("list", items=tuple(items), subtype="ordered"), used


def _block_items(reader: _Reader, block: Block) -> list[Item]:
    """List items of a block whose first line starts with a marker; [] if it does not."""
    items: list[Item] = []
    sub: list[Item] = []
    indent0 = None
    for start, end in block.lines:
        line = reader.text(start, end)
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        stripped_start = start + indent
        match = _MARKER.match(reader.text(stripped_start, end))
        if match and (match.group("close") == ")" or match.group("open") is None):
            n = match.group("n")
            if indent0 is None:
                indent0 = indent
            outer = _marker_style(items[0].n) if items else None
            continues_outer = (
                items
                and _next_marker(n, items[-1].n)
                and (_marker_style(n) == outer or outer in ("a", "A"))
            )
            if (
                items
                and _marker_style(n) != outer
                and not continues_outer
                and (indent > indent0 or sub or _first_of_style(n))
            ):
                # "a)" under "1.": indented or not, another marker style opens a list inside
                sub.append(Item(n, stripped_start + match.end(), end, marker=match.group()))
                continue
            if items and sub:
                items[-1] = _with_sub(items[-1], sub)
                sub = []
            items.append(Item(n, stripped_start + match.end(), end, marker=match.group()))
        elif not items:
            return []
        elif sub:
            last = sub[-1]
            sub[-1] = Item(last.n, last.start, end, marker=last.marker)
        else:
            last = items[-1]
            items[-1] = Item(last.n, last.start, end, last.sublist, last.marker)
    if items and sub:
        items[-1] = _with_sub(items[-1], sub)
    return items


def _with_sub(item: Item, sub: list[Item]) -> Item:
    return Item(item.n, item.start, item.end, item.sublist + tuple(sub), item.marker)
