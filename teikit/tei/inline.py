"""Mixed content: a span of document text → text, editorial markup, names and dates.

The emitter walks a span, turns each bracket into the element its Meaning names,
and marks dates, times and names in the plain text between brackets.  It records
what it did (hands used, label words the markup replaced, problems found) in a
Trace, so the builder and the lossless check can use it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from lxml import etree

from teikit.diagnostics import Diagnostic, warning
from teikit.tei.names import Name, NameIndex
from teikit.transcription.brackets import Bracket, spans_within
from teikit.transcription.conventions import fold
from teikit.transcription.dates import (
    DateProblem,
    DateSpan,
    DocumentDate,
    DocumentDates,
    find_dates,
)
from teikit.transcription.document import Document
from teikit.transcription.editorial import (
    Meaning,
    label_then_text,
    note_rule_after,
    read_bracket,
)
from teikit.transcription.layout import one_space
from teikit.transcription.lexicon import Lexicon
from teikit.transcription.parts import Footnote
from teikit.transcription.webnotes import is_marker

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

_PREVIOUS_WORD = re.compile(r"([^\s\[\]()]+?)([\s,;:.!?”\"]*)$")
# a number and one blank before a bracket of digits: "999 [969]"
_NUMBER_CORRECTED = re.compile(r"(?<![\w.,/-])\d+ $")
# "[sic: 1953]" after "1952", "[sic; tests]" after "texts": a reading, not a comment
_CORRECTION = re.compile(r"[^\s\[\]()]+")


def _read_as(meaning: Meaning, bracket: Bracket, construct: str) -> Meaning:
    """The bracket read as `construct` by no rule of the table, its whole inside the body."""
    return replace(
        meaning,
        construct=construct,
        rule=None,
        comment="",
        body_start=bracket.inner_start,
        body_end=bracket.inner_end,
    )


def _corrects(word: str, body: str) -> bool:
    """Whether a sic bracket's body is the editor's reading of the word before it: one
    word like it (two numbers, or most letters shared), not a remark ("wrong date")."""
    if not _CORRECTION.fullmatch(body):
        return False
    if word.isdigit() or body.isdigit():
        return word.isdigit() and body.isdigit()
    return SequenceMatcher(None, word.casefold(), body.casefold()).ratio() >= 0.6


_LINE_BREAK = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0\n]*")


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


# The elements a stage direction may stand in (TEI's model.inter inside paragraph content;
# a speaker's label or a title holds phrases only).
_STAGE_PARENTS = frozenset(
    tei(tag) for tag in ("p", "ab", "item", "note", "quote", "cell", "stage")
)


def sub(
    parent: etree._Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None
) -> etree._Element:
    """Append a TEI element, leaving out attributes whose value is None."""
    element = etree.SubElement(
        parent, tei(tag), {k: v for k, v in (attrib or {}).items() if v is not None}
    )
    if text:
        element.text = text
    return element


def append_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child (or as the element's text)."""
    if not text:
        return
    # parent[-1] finds the last child directly; len(parent) would count every child, and a
    # paragraph of a 1 MB line has tens of thousands of them.
    try:
        last = parent[-1]
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


# how far back a name ending right before a "[sic]" is looked for
_NAME_REACH = 60
# what an editor may supply inside a date: letters of a month, digits of a year
_SUPPLIED_LETTERS = re.compile(r"[^\W_]{1,9}\.?")
# what an omission mark is made of: "[...]", "[. . .]", "[…]"
_OMISSION_DOTS = ".… \t\n\u00a0"


@dataclass(frozen=True)
class _Marks:
    """How one span is written: <lb/> for its line breaks, and what is marked in its text."""

    line_breaks: bool
    mark: bool  # names and dates
    bare_times: bool  # four-digit times ("at 0810"): datelines and trailers only
    copies: bool  # "Copy Nº 2" as <num type="copy">
    numbers: bool  # the number of "CABLE Nº 58986" as <num>


@dataclass
class Trace:
    """What the emitter did, for the header and the lossless check."""

    hands: set[str] = field(default_factory=set)
    consumed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    footnotes_used: set[int] = field(default_factory=set)  # offsets of the notes written


@dataclass
class Emitter:
    """Writes spans of a Document into TEI elements."""

    doc: Document
    brackets: tuple[Bracket, ...]
    lex: Lexicon
    names: NameIndex
    year: int | DocumentDate | None  # what year-less dates are read against
    notes: tuple[Footnote, ...]
    known_resp: set[str]
    trace: Trace = field(default_factory=Trace)
    # the structure reader's, when given: the lines it read are read again here
    found_dates: DocumentDates | None = None
    # Indexes built once, so that each bracket or footnote marker is looked up, not searched
    # for: a hostile page has 100,000 markers and hundreds of notes.
    _footnote_numbers: frozenset[str] | None = None
    _notes_by_n: dict[str, list[Footnote]] | None = None
    _next_note: dict[str, int] = field(default_factory=dict)
    _note_rank: dict[Footnote, int] = field(default_factory=dict)
    _top_bracket_at: dict[int, Bracket] | None = None
    # A web page's footnote markers ("Molotov34", webnotes.py), by offset: each its note.
    marked: dict[int, Footnote] = field(default_factory=dict)
    # the same markers on a page cut off before its notes (webnotes.unlisted_markers)
    unlisted: frozenset[int] = frozenset()
    _dated_text: str | None = None  # the text dates are found in (see _found_dates)
    _document_dates: tuple[tuple[DateSpan, ...], tuple[DateProblem, ...]] | None = None
    _supplied_dates: tuple[DateSpan, ...] | None = None  # see _dates_over_supplied

    # -- public -----------------------------------------------------------------------------

    def emit(
        self,
        parent: etree._Element,
        start: int,
        end: int,
        *,
        line_breaks: bool = False,
        brackets: tuple[Bracket, ...] | None = None,
        mark: bool = True,
        bare_times: bool = False,
        copies: bool = False,
        numbers: bool = False,
        alone: bool = False,
        closing: bool = False,
    ) -> None:
        """Write doc.text[start:end] into `parent`, brackets as markup, names and dates marked.

        `alone`: the span is a paragraph or an opener line of its own; a bracket that is
        all of it and would be supplied text is the editor's statement instead ("[Extract]",
        "[pages missing-ed.]", "[Popovic was in the USSR from 7 through 13 July]").
        `closing`: so is one that ends the span (a title's "… (Warsaw) [Ciphergram No. 3175]")."""
        marks = _Marks(line_breaks, mark, bare_times, copies, numbers)
        pool = self.brackets if brackets is None else brackets
        if mark and brackets is None:
            for span in self._dates_over_supplied(start, end):
                # "12 Oct[ober] 1949", "5 March [19]56": the date holds the editor's letters
                self.emit(parent, start, span.start, line_breaks=line_breaks, bare_times=bare_times,
                          copies=copies, numbers=numbers, alone=alone)  # fmt: skip
                element = _date_builder(span)(parent)
                self.emit(element, span.start, span.end, line_breaks=line_breaks, mark=False)
                start = span.end
        pos = start
        joins: list[tuple[etree._Element, Name | None]] = []  # supplied parts of names
        for bracket in spans_within(pool, start, end):
            if bracket.start < pos:
                continue
            meaning = self._meaning(bracket)
            labelled = label_then_text(self.doc.text, bracket, meaning, end, pool)
            if labelled is not None:
                bracket, meaning = labelled
            if (
                (alone or closing)
                and meaning.construct == "supplied"
                and self._all_of(bracket, bracket.start if closing else start, end)
            ):
                meaning = _read_as(meaning, bracket, "note")
            elif (
                meaning.construct == "supplied"
                and (
                    number := _NUMBER_CORRECTED.search(
                        self.doc.text, max(pos, bracket.start - 12), bracket.start
                    )
                )
                and self.doc.text[bracket.inner_start : bracket.inner_end].isdigit()
                # "cable No. 28 [2]": a shorter number is a note's marker, not a reading
                and bracket.inner_end - bracket.inner_start >= len(number.group()) - 1
            ):
                # "the Department's 999 [969]", "8 [11] p.m.": the editor's reading of the
                # number before, as a "[sic: 969]" would give it
                meaning = _read_as(meaning, bracket, "sic")
            before = self.doc.text[pos : bracket.start]
            previous = None
            if (
                meaning.construct == "sic"  # "[sic: wrong date]" marks the word before it too
                or meaning.construct in ("unclear", "hi")
                and meaning.body_end == meaning.body_start
            ):
                match = _PREVIOUS_WORD.search(before)
                if match and not match.group(2).strip():
                    # "recieved [sic] the": the blank before the bracket goes with the bracket
                    previous = match.group(1)
                    previous_at = pos + match.start()
                    named = self._name_before(before, match) if mark else None
                    if named is not None and meaning.construct == "sic":
                        # "Colonel General Ch’oe Dwu Sen [sic]": the sic marks the whole name
                        previous_at = pos + named
                        previous = before[named : match.end(1)]
                    before = before[: previous_at - pos]
                    after = self.doc.text[bracket.end : bracket.end + 1]
                    noted = meaning.comment or meaning.body_end > meaning.body_start
                    gap = match.group(2) if noted or after.isalnum() else ""
                    body = meaning.comment or self.doc.text[meaning.body_start : meaning.body_end]
                    if meaning.construct == "sic" and not gap.strip() and _corrects(previous, body):
                        # "recieved [sic: received]": the editor's reading, in a choice
                        meaning = replace(meaning, construct="corr")
                        gap = ""
                elif (
                    meaning.construct in ("hi", "sic", "unclear")
                    and meaning.body_end == meaning.body_start
                    and not meaning.comment
                ):
                    # "[Ri Pyong Nam] [emphasis in the original]", "(x) [sic]": no word of
                    # its own to mark, so the remark is kept as the editor wrote it
                    meaning = _read_as(meaning, bracket, "note")
            given = completed = None
            given_only = False
            if mark and previous is None and bracket.closed and not bracket.children:
                given, completed, given_only = self._name_parts(before, bracket, meaning)
                if completed is not None:  # "Jiao [Ruoyu]": letters of the name, not a note
                    meaning = replace(meaning, construct="supplied", rule=None)
            self._plain(parent, before, pos, marks)
            if previous is not None:
                target = self._wrap_previous(parent, meaning)
                if " " in previous:  # a name of several words, marked inside the sic
                    self._plain(target, previous, previous_at, marks)
                else:
                    target.text = previous
                # "Rudnev [sic – comment]": the comment's note keeps its blank
                append_text(parent, gap)
            if given is not None:
                joins.append((self._office_and_given(parent, bracket, meaning, given, marks), None))
            else:
                self._bracket(
                    parent, bracket, meaning, line_breaks=line_breaks, wrapped=previous is not None
                )
                if completed is not None:
                    joins.append((parent[-1], completed))
                elif given_only:  # "[Leonid] Brezhnev": into the surname's persName
                    joins.append((parent[-1], None))
            pos = bracket.end
        self._plain(parent, self.doc.text[pos:end], pos, marks)
        for supplied, name in joins:
            _join_name(supplied, name)
        for supplied in list(parent.iterchildren(tei("supplied"))):
            _join_given_initial(supplied)

    def _name_before(self, before: str, word: re.Match[str]) -> int | None:
        """Where a known name of several words that ends with the word `word` found at
        the end of `before` starts in it, or None."""
        end = word.end(1)
        start = max(0, end - _NAME_REACH)
        tail = before[start:end]
        for name_start, name_end, _ in self.names.find(tail):
            if name_end != len(tail):
                continue
            # "Cde. Rudnev [sic]": the title is no part of what the editor doubts
            prefix = self.lex.person_prefix.match(tail, name_start)
            if prefix is not None:
                name_start = len(tail) - len(tail[prefix.end() :].lstrip())
            if start + name_start < word.start(1):
                return start + name_start
        return None

    def _name_parts(
        self, before: str, bracket: Bracket, meaning: Meaning
    ) -> tuple[int | None, Name | None, bool]:
        """Where a bracket's given names start when it supplies an office and given names
        before a surname ("[CPSU Secretary General Leonid] Brezhnev"), the known name
        that the bracket completes ("Jiao [Ruoyu]"), and whether it holds only the given
        names of the known surname after it ("[Leonid] Brezhnev")."""
        if meaning.construct == "supplied" and meaning.rule is None:
            given = self.names.given_names_supplied(self.doc.text, bracket.start)
            if given is not None:
                return given, None, False
            if self.names.surname_after_given(self.doc.text, bracket.start) is not None:
                return None, None, True
        if meaning.construct in ("supplied", "note") and not meaning.label:
            body = self.doc.text[bracket.inner_start : bracket.inner_end].strip()
            return None, self.names.completed_by(before, body) if body else None, False
        return None, None, False

    def _office_and_given(
        self, parent: etree._Element, bracket: Bracket, meaning: Meaning, given: int, marks: _Marks
    ) -> etree._Element:
        """ "<supplied>CPSU Secretary General</supplied> <supplied>Leonid</supplied>": the
        office stays outside the name, the given names go into the surname's persName."""
        office_end = meaning.body_start + len(self.doc.text[meaning.body_start : given].rstrip())
        office = replace(meaning, body_end=office_end)
        self._bracket(parent, bracket, office, line_breaks=marks.line_breaks)
        self._lines(parent, self.doc.text[office_end:given], marks.line_breaks)
        supplied = sub(parent, "supplied")
        self.emit(supplied, given, meaning.body_end, line_breaks=marks.line_breaks, mark=False)
        return supplied

    def dates_between(self, start: int, end: int, *, bare_times: bool = False) -> list[DateSpan]:
        """Dates within a span: found once in the whole document, so each text is read once.

        Bare four-digit times ("at 0810") count only in datelines and trailer lines, which
        are short: those are read on their own.
        """
        if not bare_times:
            return spans_within(self._found_dates()[0], start, end)
        spans, _ = self.dates_in(self.doc.text[start:end], bare_times=True)
        return [replace(s, start=s.start + start, end=s.end + start) for s in spans]

    def dates_in(
        self, text: str, *, bare_times: bool = False
    ) -> tuple[tuple[DateSpan, ...], tuple[DateProblem, ...]]:
        """`find_dates` of `text` with the document's year, read once per document."""
        if self.found_dates is None:
            self.found_dates = DocumentDates(self.lex.conventions.dates, self.year)
        return self.found_dates.find(text, bare_times=bare_times)

    def _dates_over_supplied(self, start: int, end: int) -> list[DateSpan]:
        """The dates within [start, end) that read whole only with the letters an editor
        supplied in brackets ("12 Oct[ober] 1949", "5 March [19]56"), each bracket all
        inside it; found once in the document, in its text with those brackets' signs
        left out."""
        if self._supplied_dates is None:
            self._supplied_dates = self._find_supplied_dates()
        return [
            span
            for span in spans_within(self._supplied_dates, start, end)
            if not any(b.start < span.start < b.end for b in self.brackets)
        ]

    def _find_supplied_dates(self) -> tuple[DateSpan, ...]:
        text = self.doc.text
        letters = [
            b
            for b in self.brackets
            if b.closed
            and not b.children
            and _SUPPLIED_LETTERS.fullmatch(text, b.inner_start, b.inner_end)
            and (text[b.start - 1 : b.start].isalnum() or text[b.end : b.end + 1].isalnum())
            and self._meaning(b).construct == "supplied"
        ]
        if not letters:
            return ()
        # the text without those signs, and where each of its pieces starts in both texts
        kept: list[str] = []
        joined_at: list[int] = []
        text_at: list[int] = []
        pieces = []
        at = 0
        for b in letters:
            pieces += [(at, b.start), (b.inner_start, b.inner_end)]
            at = b.end
        pieces.append((at, len(text)))
        size = 0
        for a, z in pieces:
            kept.append(text[a:z])
            joined_at.append(size)
            text_at.append(a)
            size += z - a
        joined = "".join(kept)

        def where(j: int) -> int:
            k = bisect.bisect_right(joined_at, j) - 1
            return text_at[k] + j - joined_at[k]

        spans, _ = find_dates(joined, dates=self.lex.conventions.dates, year=self.year)
        found = []
        for span in spans:
            first, last = where(span.start), where(span.end - 1) + 1
            # only dates that hold one of the brackets; the others are found as ever
            if any(first <= b.start and b.end <= last for b in letters):
                found.append(replace(span, start=first, end=last))
        return tuple(found)

    def _found_dates(self) -> tuple[tuple[DateSpan, ...], tuple[DateProblem, ...]]:
        if self._document_dates is None:
            # a web page's markers set against a number ("November 3–4, 19561") read as
            # blanks, so that the year ends before its note's number
            text = self.doc.text
            pieces, at = [], 0
            for b in self.brackets:
                if is_marker(b):
                    pieces += [text[at : b.start], " " * (b.end - b.start)]
                    at = b.end
            self._dated_text = "".join(pieces) + text[at:] if pieces else text
            spans, problems = self.dates_in(self._dated_text)
            named = self.lex.conventions.dates.date_names
            self._document_dates = (
                tuple(s for s in spans if not _names_after(self._dated_text, s.end, named)),
                problems,
            )
        return self._document_dates

    def date_problems(self) -> list[Diagnostic]:
        """Impossible dates in the document, as warnings where they stand."""
        return [
            warning("dates.impossible", problem.message, **self.where(problem.start))
            for problem in self._found_dates()[1]
        ]

    @property
    def footnotes(self) -> frozenset[str]:
        """The numbers of the notes listed at the end: only these brackets are footnote markers."""
        if self._footnote_numbers is None:
            self._footnote_numbers = frozenset(f.n for f in self.notes)
        return self._footnote_numbers

    def notes_numbered(self, n: str) -> list[Footnote]:
        """The listed notes with number `n`, in order."""
        if self._notes_by_n is None:
            self._notes_by_n = {}
            for note in self.notes:
                same = self._notes_by_n.setdefault(note.n, [])
                self._note_rank.setdefault(note, len(same) + 1)
                same.append(note)
        return self._notes_by_n.get(n, [])

    def note_id(self, note: Footnote) -> str:
        """xml:id of a listed note: "fn-5"; a second note numbered 5 is "fn-5-2"."""
        self.notes_numbered(note.n)
        k = self._note_rank[note]
        return f"fn-{footnote_id(note.n)}" + (f"-{k}" if k > 1 else "")

    def note_attributes(self, note: Footnote | None, n: str) -> dict[str, str | None]:
        """A listed note's attributes where it is written: one that opens with a source's
        label ("Source: Department of State, Central Files, …", FRUS's first note) is the
        document's source note."""
        text = self.doc.text[note.start : note.end].lstrip() if note else ""
        kind = "source" if note and self.lex.source_label.match(text) else "footnote"
        return {
            "type": kind,
            "place": "foot",
            "n": n,
            XML_ID: self.note_id(note) if note else None,
        }

    def _first_unused_note(self, n: str) -> Footnote | None:
        """The first note numbered `n` not written yet (the set of written notes only grows)."""
        listed = self.notes_numbered(n)
        i = self._next_note.get(n, 0)
        while i < len(listed) and listed[i].start in self.trace.footnotes_used:
            i += 1
        self._next_note[n] = i
        return listed[i] if i < len(listed) else None

    def construct_at(self, offset: int) -> str | None:
        """The construct of the top-level bracket that starts at `offset`, if one does."""
        if self._top_bracket_at is None:
            self._top_bracket_at = {}
            for bracket in self.brackets:
                self._top_bracket_at.setdefault(bracket.start, bracket)
        bracket = self._top_bracket_at.get(offset)
        if bracket is None:
            return None
        return self._meaning(bracket).construct

    def _all_of(self, bracket: Bracket, start: int, end: int) -> bool:
        """Whether the bracket is all the text of [start, end) but blanks and a full stop."""
        text = self.doc.text
        return not text[start : bracket.start].strip() and not text[bracket.end : end].strip(
            " \t\n\u00a0."
        )

    def _meaning(self, bracket: Bracket) -> Meaning:
        if bracket.start in self.marked or bracket.start in self.unlisted:
            # "34" in "Molotov34": no bracket, a marker
            end = bracket.end
            return Meaning(
                "footnote",
                None,
                label=self.doc.text[bracket.start : end],
                body_start=end,
                body_end=end,
            )
        return read_bracket(
            self.doc.text, bracket, conventions=self.lex.conventions, footnotes=self.footnotes
        )

    def construct_of(self, bracket: Bracket) -> str:
        """What `bracket` becomes ("signature", "note", …)."""
        return self._meaning(bracket).construct

    def where(self, offset: int) -> dict[str, int | None]:
        line, col = self.doc.where(offset)
        return {"line": line, "col": col}

    # -- plain text ---------------------------------------------------------------------------

    def _plain(self, parent: etree._Element, text: str, offset: int, marks: _Marks) -> None:
        if not text:
            return
        found = (
            self._marks(
                text,
                offset,
                marks.bare_times,
                marks.copies,
                marks.numbers,
                stage=parent.tag in _STAGE_PARENTS,
            )
            if marks.mark
            else []
        )
        pos = 0
        for start, end, build in found:
            self._lines(parent, text[pos:start], marks.line_breaks)
            element = build(parent)
            if element.tag == _ORG_NAME:
                self._names_inside(element, text[start:end], marks.line_breaks)
            else:
                self._lines(element, text[start:end], marks.line_breaks)
            pos = end
        self._lines(parent, text[pos:], marks.line_breaks)

    def _names_inside(self, org: etree._Element, text: str, line_breaks: bool) -> None:
        """An organisation's name with the places and people it holds marked inside it:
        "Embassy in <placeName>Pyongyang</placeName>", "Government of <placeName>Japan</…>"."""
        pos = 0
        for start, end, build in self.names.find_inside(text):
            self._lines(org, text[pos:start], line_breaks)
            self._lines(build(org), text[start:end], line_breaks)
            pos = end
        self._lines(org, text[pos:], line_breaks)

    def _lines(self, parent: etree._Element, text: str, line_breaks: bool) -> None:
        """Line breaks become <lb/> where the layout is the original's, else spaces."""
        if "\n" not in text:  # most spans: a name, a date, the words between them
            append_text(parent, one_space(text))
            return
        pieces = _LINE_BREAK.split(text)
        # Text is gathered and appended once per run between elements: appending piece by
        # piece would copy an ever longer tail, quadratic in a paragraph of many lines.
        run: list[str] = []

        def flush() -> None:
            append_text(parent, "".join(run))
            run.clear()

        for i, piece in enumerate(pieces):
            page = self.lex.page_line(piece) if 0 < i < len(pieces) - 1 else None
            if page is not None:
                # "(p. 1)" on a line of its own inside a paragraph: the page ends here
                run.append(" ")
                flush()
                n, closes = page
                if closes:  # page 1's own number, then the break
                    sub(parent, "fw", {"type": "pageNum"}, text=piece.strip())
                sub(parent, "pb", {"n": n or None})
                if not closes:
                    sub(parent, "fw", {"type": "pageNum"}, text=piece.strip())
                continue
            if i:
                if line_breaks:
                    run.append(" ")
                    flush()
                    sub(parent, "lb")
                elif pieces[i - 1].endswith("-") and piece[:1].islower():
                    # a word hyphenated at the end of a transcription line: kept, marked as one word
                    flush()
                    sub(parent, "lb", {"break": "no"})
                else:
                    run.append(" ")
            run.append(one_space(piece))
        flush()

    def _marks(
        self,
        text: str,
        offset: int,
        bare_times: bool,
        copies: bool,
        numbers: bool = False,
        *,
        stage: bool = False,
    ) -> list[tuple[int, int, Callable[[etree._Element], etree._Element]]]:
        found: list[tuple[int, int, Callable[[etree._Element], etree._Element]]] = []
        if stage and "(" in text:  # "(Applause.)", parentheses and all
            for match in self.lex.stage_direction.finditer(text):
                found.append((match.start(), match.end(), _element_builder("stage", {})))
        if numbers:  # "CABLE Nº <num>58986</num>"
            for match in self.lex.number_mark.finditer(text):
                digits = re.search(r"\d[\w/.-]*$", match.group())
                if digits:
                    start = match.start() + digits.start()
                    found.append((start, match.end(), _element_builder("num", {})))
        if copies:
            for match in self.lex.copy_mark.finditer(text):
                found.append(
                    (match.start(), match.end(), _element_builder("num", {"type": "copy"}))
                )
        for span in self.dates_between(offset, offset + len(text), bare_times=bare_times):
            found.append((span.start - offset, span.end - offset, _date_builder(span)))
        for start, end, build in self.names.find(text):
            found.append((start, end, build))
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept = []
        last_end = -1
        for item in found:
            if item[0] >= last_end:
                kept.append(item)
                last_end = item[1]
        return kept

    # -- brackets -----------------------------------------------------------------------------

    def _wrap_previous(self, parent: etree._Element, meaning: Meaning) -> etree._Element:
        if meaning.construct == "sic":
            return sub(parent, "sic")
        if meaning.construct == "corr":  # _make_corr adds the reading to the choice
            return sub(sub(parent, "choice"), "sic")
        if meaning.construct == "hi":
            return sub(parent, "hi", {"rend": meaning.attr("rend")})
        return sub(parent, "unclear", {"reason": "uncertain"})

    def _body(
        self, element: etree._Element, bracket: Bracket, meaning: Meaning, *, line_breaks: bool
    ) -> None:
        if meaning.body_end > meaning.body_start:
            self.emit(
                element,
                meaning.body_start,
                meaning.body_end,
                line_breaks=line_breaks,
                brackets=bracket.children,
            )

    def _bracket(
        self,
        parent: etree._Element,
        bracket: Bracket,
        meaning: Meaning,
        *,
        line_breaks: bool,
        wrapped: bool = False,
    ) -> None:
        construct = meaning.construct
        if not bracket.closed:
            self.trace.diagnostics.append(
                warning(
                    "brackets.unclosed",
                    "bracket opened here is never closed; "
                    "it is taken to end where its paragraph ends",
                    **self.where(bracket.start),
                )
            )
        if bracket.mistyped:
            self.trace.diagnostics.append(
                warning(
                    "brackets.mistyped-close",
                    "bracket opened here is closed by '}'; it is read as closed by ']'",
                    **self.where(bracket.start),
                )
            )
        if meaning.label:
            self.trace.consumed.append(meaning.label)
        if not meaning.known:
            label = self.doc.text[meaning.body_start : meaning.body_end].split(":", 1)[0]
            self.trace.diagnostics.append(
                warning(
                    "brackets.unknown-label",
                    f"unknown bracket label '{label}' kept as an editorial note; "
                    "map it in a conventions file to give it a meaning",
                    **self.where(bracket.start),
                )
            )
        handler = getattr(self, f"_make_{construct.replace('-', '_')}")
        children = len(parent)
        handler(parent, bracket, meaning, line_breaks)
        if not wrapped and len(parent) == children and meaning.label in self.trace.consumed:
            # no markup was written to stand for the label: its words count as lost, so the
            # lossless check reports them instead of taking them for replaced
            self.trace.consumed.remove(meaning.label)
        if meaning.page_after is not None:
            sub(parent, "pb", {"n": str(meaning.page_after)})

    def _qualifier(self, note: etree._Element, meaning: Meaning) -> None:
        if meaning.qualifier:
            sub(note, "desc", text=meaning.qualifier)

    def _hand(self, meaning: Meaning) -> str:
        """The @hand of a rule's hand, whose handNote the header then writes."""
        hand = meaning.attr("hand") or "annotation"
        self.trace.hands.add(hand)
        return f"#hand-{hand}"

    def _make_annotation(self, parent, bracket, meaning, line_breaks) -> None:
        note = sub(
            parent,
            "note",
            {"type": "annotation", "place": meaning.place, "hand": self._hand(meaning)},
        )
        self._qualifier(note, meaning)
        self._body(note, bracket, meaning, line_breaks=True)

    def _make_add(self, parent, bracket, meaning, line_breaks) -> None:
        add = sub(parent, "add", {"place": meaning.place, "hand": self._hand(meaning)})
        self._body(add, bracket, meaning, line_breaks=line_breaks)

    def _make_stamp(self, parent, bracket, meaning, line_breaks) -> None:
        note = sub(parent, "note", {"type": "stamp", "place": meaning.place})
        self._qualifier(note, meaning)
        if meaning.body_end > meaning.body_start:
            stamp = sub(note, "stamp")
            self._body(stamp, bracket, meaning, line_breaks=True)

    def _make_note(self, parent, bracket, meaning, line_breaks) -> None:
        resp = meaning.attr("resp")
        note = sub(
            parent,
            "note",
            {
                "type": meaning.attr("type") or "editorial",
                "resp": f"#{resp}" if resp and resp in self.known_resp else None,
            },
        )
        self._qualifier(note, meaning)
        self._body(note, bracket, meaning, line_breaks=line_breaks)

    def _make_gap(self, parent, bracket, meaning, line_breaks) -> None:
        gap = sub(
            parent,
            "gap",
            {
                "reason": meaning.attr("reason"),
                meaning.bound: meaning.quantity,
                "unit": meaning.unit if meaning.quantity else None,
            },
        )
        body = self.doc.text[meaning.body_start : meaning.body_end]
        # "[]" and "[...]" say nothing of what is missing: the gap alone reads "[…]"
        if body.strip(_OMISSION_DOTS):
            desc = sub(gap, "desc")
            self._lines(desc, body, False)

    def _make_signature(self, parent, bracket, meaning, line_breaks) -> None:
        gap = sub(parent, "gap", {"reason": "signature"})
        sub(gap, "desc", text=self.doc.text[bracket.inner_start : bracket.inner_end].strip())
        if meaning.label:
            self.trace.consumed.pop()

    def _make_unclear(self, parent, bracket, meaning, line_breaks) -> None:
        if meaning.body_end > meaning.body_start:
            unclear = sub(parent, "unclear", {"reason": "uncertain"})
            self._body(unclear, bracket, meaning, line_breaks=line_breaks)

    def _make_sic(self, parent, bracket, meaning, line_breaks) -> None:
        # "[sic; translator's note: …]": the note is the translator's, not the editor's
        rule = note_rule_after(meaning.label, self.lex.conventions) if meaning.label else None
        resp = rule.resp if rule is not None else None
        attrib = {
            "type": rule.type if rule is not None and rule.type else "editorial",
            "resp": f"#{resp}" if resp and resp in self.known_resp else None,
        }
        if meaning.comment:  # "[sic – apparently X is meant]"
            sub(parent, "note", attrib, text=meaning.comment)
        elif meaning.body_end > meaning.body_start:  # "[sic: wrong date]"
            note = sub(parent, "note", attrib)
            self._body(note, bracket, meaning, line_breaks=line_breaks)

    def _make_corr(self, parent, bracket, meaning, line_breaks) -> None:
        corr = sub(parent[-1], "corr", text=meaning.comment or None)  # in _wrap_previous's choice
        if not meaning.comment:
            self._body(corr, bracket, meaning, line_breaks=line_breaks)

    def _make_del(self, parent, bracket, meaning, line_breaks) -> None:
        element = sub(parent, "del", {"rend": meaning.attr("rend") or "strikethrough"})
        self._body(element, bracket, meaning, line_breaks=line_breaks)

    def _make_hi(self, parent, bracket, meaning, line_breaks) -> None:
        if meaning.body_end > meaning.body_start:
            element = sub(parent, "hi", {"rend": meaning.attr("rend")})
            self._body(element, bracket, meaning, line_breaks=line_breaks)

    def _make_pb(self, parent, bracket, meaning, line_breaks) -> None:
        sub(parent, "pb", {"n": str(meaning.page) if meaning.page else None})

    def _make_footnote(self, parent, bracket, meaning, line_breaks) -> None:
        marked = self.marked.get(bracket.start)
        n = marked.n if marked else meaning.label
        listed = self.notes_numbered(n)
        listed_note = marked or self._first_unused_note(n)
        if listed and listed_note is None:
            # more markers than notes (or a note that cites itself): point at the first
            sub(
                parent,
                "ref",
                {"type": "noteAnchor", "target": f"#{self.note_id(listed[0])}"},
                text=n,
            )
            return
        # the k-th marker [2] takes the k-th note listed as [2]
        note = sub(parent, "note", self.note_attributes(listed_note, n))
        if listed_note is None:
            self.trace.diagnostics.append(
                warning(
                    "footnotes.missing",
                    f"footnote marker [{n}] has no note text at the end",
                    **self.where(bracket.start),
                )
            )
            return
        self.trace.footnotes_used.add(listed_note.start)
        self.emit(note, listed_note.start, listed_note.end)

    def _make_stage(self, parent, bracket, meaning, line_breaks) -> None:
        # where no stage may stand (a speaker's label), the editor's note says the same
        if parent.tag in _STAGE_PARENTS:
            element = sub(parent, "stage")
        else:
            element = sub(parent, "note", {"type": "editorial"})
        self._body(element, bracket, meaning, line_breaks=line_breaks)

    def _make_supplied(self, parent, bracket, meaning, line_breaks) -> None:
        reason = meaning.attr("reason")
        if reason is None and meaning.rule is None:
            body = self.doc.text[meaning.body_start : meaning.body_end]
            reason = "clarity" if body[:1].islower() else None
        element = sub(parent, "supplied", {"reason": reason})
        self._body(element, bracket, meaning, line_breaks=line_breaks)


_ORG_NAME = tei("orgName")


def _join_name(supplied: etree._Element, completed: Name | None) -> None:
    """Put a supplied part of a name into the persName beside it, one blank between them:
    before the surname ("<supplied>Leonid</supplied> Brezhnev") or, when it completes the
    known name `completed`, after the name ("Jiao <supplied>Ruoyu</supplied>")."""
    person_tag = tei("persName")
    if completed is None:
        person = supplied.getnext()
        if supplied.tail != " " or person is None or person.tag != person_tag:
            return
        etree.strip_tags(supplied, person_tag)  # one person: no name inside the name
        supplied.tail = " " + (person.text or "")
        person.text = None
        person.insert(0, supplied)
        return
    person = supplied.getprevious()
    if person is None or person.tag != person_tag or person.tail != " ":
        person = _stem_of(supplied, completed)  # "Fidel [Castro]": "Fidel" was not a name
    if person is None or person.tail != " ":
        return
    person.tail = None
    append_text(person, " ")
    etree.strip_tags(supplied, person_tag)
    after = supplied.tail
    person.append(supplied)  # moving it keeps its tail with it: put the tail back outside
    person.tail, supplied.tail = after, None
    if completed.ref and person.get("ref") is None:
        person.set("ref", f"#{completed.ref}")


def _stem_of(supplied: etree._Element, completed: Name) -> etree._Element | None:
    """The words just before `supplied` that begin the name it completes, made a persName
    of their own (for `_join_name` to put the supplied part into): "Fidel [Castro]"."""
    previous = supplied.getprevious()
    parent = supplied.getparent()
    before = (previous.tail if previous is not None else parent.text) or ""
    given = len(completed.text.split()) - len("".join(supplied.itertext()).split())
    if given < 1 or not before.endswith(" ") or before.endswith("  "):
        return None
    words = before[:-1].rsplit(" ", given)
    head = words.pop(0) + " " if len(words) > given else ""
    stem = " ".join(words)
    if fold(f"{stem} {''.join(supplied.itertext())}") != fold(completed.text):
        return None
    person = etree.Element(tei("persName"))
    person.text, person.tail = stem, " "
    if previous is not None:
        previous.tail = head
    else:
        parent.text = head
    supplied.addprevious(person)
    return person


def _join_given_initial(supplied: etree._Element) -> None:
    """ "A[nastas] I. Mikoyan": a given name the editor spelt out from its initial, before
    a persName, goes into it with its first letter."""
    person = supplied.getnext()
    if supplied.tail != " " or person is None or person.tag != tei("persName"):
        return
    previous = supplied.getprevious()
    before = (previous.tail if previous is not None else supplied.getparent().text) or ""
    letter = _GIVEN_INITIAL.search(before)
    if letter is None:
        return
    if previous is not None:
        previous.tail = before[: letter.start()]
    else:
        supplied.getparent().text = before[: letter.start()]  # type: ignore[union-attr]
    supplied.tail = " " + (person.text or "")
    person.text = letter.group()
    person.insert(0, supplied)


# the capital a given name was cut to, standing alone before its supplied letters
_GIVEN_INITIAL = re.compile(r"(?<![\w.’'-])[A-ZÀ-ÞА-ЯЁ]$")


def _names_after(text: str, end: int, named: tuple[str, ...]) -> bool:
    """Whether a date's words begin a name ("the 26th of July Movement", "the 13th of March
    Revolutionary Directorate"): one to three capitalised words right after it, the last
    one of `dates.date_names`."""
    words = _NEXT_WORDS.match(text, end)
    return words is not None and words.group().split()[-1].lower() in named


# up to three capitalised words right after a span, blanks between
_NEXT_WORDS = re.compile(r"(?:[ \u00a0]+[A-ZÀ-ÞА-ЯЁ][\w’'-]*){1,3}")


def footnote_id(n: str) -> str:
    """A footnote number as part of an xml:id ("5a" → "5a", "*" → "x1")."""
    return n if n.isalnum() else f"x{len(n)}"


def _element_builder(
    tag: str, attrib: dict[str, str]
) -> Callable[[etree._Element], etree._Element]:
    def build(parent: etree._Element) -> etree._Element:
        return sub(parent, tag, attrib)

    return build


def _date_builder(span: DateSpan) -> Callable[[etree._Element], etree._Element]:
    tag = "time" if span.kind == "time" else "date"

    # A year-less date took its year from the document: internal evidence, not the text's word.
    attrib = {
        "when": None if span.until else span.when,
        "from": span.when if span.until else None,  # "May 24 to 26": a range of days
        "to": span.until,
        "evidence": "internal" if span.inferred_year and tag == "date" else None,
    }

    def build(parent: etree._Element) -> etree._Element:
        return sub(parent, tag, attrib)

    return build
