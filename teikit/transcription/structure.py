"""Blocks → document parts: opener, body, closer, postscript, footnotes, embedded documents.

Each rule looks at a block or a line and says what it is; the zones are then cut
from the outside in: footnotes and the cipher office's trailer from the end, the
signature before them, the head lines from the start, the rest is the body, where
quoted documents become embedded layouts of their own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from teikit.transcription.brackets import Bracket
from teikit.transcription.closer import (
    closer_part,
    is_place_date,
    is_signature_block,
    take_closer,
    take_footnotes,
    take_trailer,
)
from teikit.transcription.conventions import fold
from teikit.transcription.dates import DocumentDate, DocumentDates
from teikit.transcription.document import SPEAKER_LABEL, Block, Document, cut_block
from teikit.transcription.layout import Line, lone_bullet, split_columns, tidy_spaces
from teikit.transcription.lexicon import CLOSE_QUOTES, OPEN_QUOTES, Lexicon
from teikit.transcription.lists import (
    BULLET,
    BULLETS,
    bulleted_items,
    read_list,
    roman_value,
    split_lead_in,
    unlabelled_items,
)
from teikit.transcription.parts import (
    OPENER_FIELD,
    SENTENCE_END,
    TELEGRAM_QUOTE,
    TELEGRAM_UNQUOTE,
    Footnote,
    Layout,
    Part,
    Reader,
    Unit,
    bracket_joined_lines,
    cell_end,
    first_person_word,
    has_closing_quote,
    quote_balance,
    unbracketed,
)
from teikit.transcription.webnotes import is_marker

# Quoted documents inside quoted documents deeper than this are read as paragraphs: real
# pages nest two or three; a page of unbalanced quotes would otherwise nest one per paragraph
# and exhaust Python's recursion limit.
MAX_EMBED_DEPTH = 8

_NUMBERED_PARAGRAPH = re.compile(r"\d{2,5}\.\s+\S")


# "…to Department.[2]", "…before the fair.2" (a web page's marker set against the full stop)
_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d{1,3}[a-z]?\])+$|(?<=[^\W\d_][.!?])\d{1,3}$")


def _without_trailing_markers(text: str) -> str:
    """`text` without the note markers `_TRAILING_MARKERS` finds at its end.

    Its match ends in "]" or a digit, at the end or before a last line break ("$"): text
    ending otherwise (most) holds none, and the pattern, with nothing to open on, would be
    tried at each of its positions.
    """
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    if last != "]" and not last.isdecimal():
        return text
    return _TRAILING_MARKERS.sub("", text)


def read_layout(
    doc: Document,
    blocks: tuple[Block, ...],
    brackets: tuple[Bracket, ...],
    *,
    lex: Lexicon,
    year: int | DocumentDate | None,
    titled: bool = False,
    records_talk: bool = False,
    found_dates: DocumentDates | None = None,
    notes_from: int | None = None,
) -> Layout:
    """Cut a document's blocks into zones and parts; from `notes_from` on, a numbered list
    is the document's footnotes (webnotes.py); `records_talk` when the page's title says the
    document records people talking (`parts.speech_titles`): its head need not say it.

    Example:
        layout = read_layout(doc, split_blocks(doc, brackets), brackets, lex=lex, year=1949)
    """
    reader = Reader(doc, lex, brackets, year, found_dates, records_talk=records_talk)
    blocks_list = list(blocks)
    footnotes = take_footnotes(reader, blocks_list, notes_from)
    postscript = take_trailer(reader, blocks_list)
    kind = "titled" if titled else "document"
    at = _attachment_at(reader, blocks_list)
    attached = blocks_list[at:] if at is not None else []
    del blocks_list[len(blocks_list) - len(attached) :]
    layout = _read_zones(reader, blocks_list, footnotes=footnotes, postscript=postscript, kind=kind)
    if attached:
        layout = replace(layout, attachments=(_read_zones(reader, attached, kind="attachment"),))
    return layout


def _attachment_at(reader: Reader, blocks: list[Block]) -> int | None:
    """The block that opens a text attached below the document's signature: one opening
    with an attachment's word ("Attachment", "Enclosure"), or a heading line over a salute
    ("Ideas for the text of the letter to Cde. Mao Zedong" / "Dear Cde. Mao Zedong!"),
    right below a signature block (and its place and date) that ends the letter's text;
    None when there is none."""
    for k in range(1, len(blocks) - 1):
        block = blocks[k]
        first = reader.text(*block.lines[0]).strip()
        if not reader.lex.attachment_head.match(first) and not _section_head(first):
            if len(block.lines) > 1 or SENTENCE_END.search(first) or len(first.split()) > 20:
                continue
            salute = blocks[k + 1].lines[0]
            if _unit_kind(reader, *reader.strip_span(*salute)) != "salute":
                continue
        above = k - 1
        if above > 0 and is_place_date(reader, blocks[above]):
            above -= 1  # "19 September 1958" below the signer
        signer = blocks[above]
        if (
            above > 0
            and _looks_like_sentence(reader, blocks[above - 1])  # the letter's last words
            and not reader.lex.doc_kind.fullmatch(reader.text(signer.start, signer.end).strip())
            and is_signature_block(reader, signer)
        ):
            return k
    return None


def _section_head(line: str) -> bool:
    """ "II The meeting with Kim Il Sung": a heading that opens with a section's Roman
    number (past the first), a few words and no sentence: an enclosed report's part."""
    match = _ROMAN_HEAD.match(line)
    return (
        match is not None
        and (roman_value(match.group(1)) or 0) >= 2
        and len(line.split()) <= _SECTION_HEAD_WORDS
        and not SENTENCE_END.search(line)
    )


_ROMAN_HEAD = re.compile(r"([IVX]{1,4})\.?[ \t\u00a0]+[A-Z]")
_SECTION_HEAD_WORDS = 12


def _read_zones(
    reader: Reader,
    blocks: list[Block],
    *,
    footnotes: tuple[Footnote, ...] = (),
    postscript: tuple[Part, ...] = (),
    kind: str = "document",
    nested: bool = False,
    depth: int = 0,
) -> Layout:
    # a quoted letter that ends the document ends with its own signature: the body reads
    # it as an embedded document with its closer ("“Dear Mr. President: …" / "N.
    # Khrushchev”")
    quoted_end = not nested and _quote_closes_last(reader, blocks)
    closer = () if quoted_end else take_closer(reader, blocks)
    head, opener = _take_opener(reader, blocks)
    pre_head: tuple[Part, ...] = ()
    if kind in ("document", "attachment"):
        head, pre_head, opener = _pick_head(reader, opener)
    body = _read_body(reader, blocks, nested=nested, depth=depth)
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
    talk = _records_talk(reader, (*pre_head, *head, *opener))
    return Layout(
        head, opener, body, closer, postscript, footnotes, kind, pre_head=pre_head, talk=talk
    )


def _quote_closes_last(reader: Reader, blocks: list[Block]) -> bool:
    """Whether the last block closes a quotation that an earlier block opens."""
    if len(blocks) >= 2 and TELEGRAM_UNQUOTE.search(
        reader.text(blocks[-1].start, blocks[-1].end).rstrip()
    ):
        return any(TELEGRAM_QUOTE.match(reader.text(b.start, b.end).strip()) for b in blocks[:-1])
    if len(blocks) < 2 or not has_closing_quote(reader, blocks[-1]):
        return False
    closing = _closing_blocks(reader, blocks[-1:])
    return bool(closing) and any(
        _embedded_end(reader, blocks, i, [len(blocks) - 1]) is not None
        for i in range(len(blocks) - 1)
    )


def _pick_head(
    reader: Reader, opener: tuple[Part, ...]
) -> tuple[tuple[Part, ...], tuple[Part, ...], tuple[Part, ...]]:
    """The document's own title line ("The Ambassador in France (Caffery) to the Secretary…").

    Only when the opener has no numbered document title ("CABLE Nº 58986"): the plain
    heading line right under a document number ("No. 464" / "Editorial Note"), else the
    first such line in capitals, else the longest plain heading line of four words or
    more that is not a sentence, a label, a list's entry, a release stamp or a menu
    (`_may_be_title`). Returns the head, the opener parts above it and those below it.
    """
    if any(u.kind.startswith("doc-title") for part in opener for u in part.units):
        return (), (), opener
    best: tuple[int, int, int] | None = None  # (rank, part index, unit index)
    capitals_seen = False
    for i, part in enumerate(opener):
        if part.kind != "head-block":
            continue
        for k, unit in enumerate(part.units):
            if unit.kind not in ("text", "named-title"):
                continue
            text = tidy_spaces(reader.text(unit.start, unit.end))
            words = len(text.split())
            stopped = tidy_spaces(
                reader.text(unit.start, _before_marker(reader, unit.start, unit.end))
            )
            if stopped.endswith((".", ":", ";", ",")) or ":" in text[:40]:
                continue
            if not _may_be_title(reader, text):
                continue
            # under a document number ("No. 464" / "Editorial Note"), or opening with one
            # as FRUS's headings do ("189. Editorial Note")
            numbered = (
                k > 0
                and part.units[k - 1].kind == "reference"
                or bool(_DOCUMENT_NUMBER.match(text))
            )
            rank = 1000 if numbered else words + (500 if unit.kind == "named-title" else 0)
            # "INFO OCT-01 ISO-00 SS-15": a telegram's routing codes are no title
            wordy = numbered or sum(not _CODE_WORD.search(w) for w in text.split()) >= 3
            if not (numbered or words >= 4) or not wordy:
                continue
            if not numbered and not capitals_seen and _in_capitals(text):
                # "CURRENT STATUS OF ROK-JAPAN RELATIONS" over the page's mixed-case lines:
                # the first heading in capitals is the document's title
                capitals_seen = True
                rank += 400
            if best is None or rank > best[0]:
                best = (rank, i, k)
    if best is None:
        return (), (), opener
    _, i, k = best
    part = opener[i]
    last = k + 1  # the head takes the lines it goes on on
    while last < len(part.units) and part.units[last].kind in ("named-title+", "text+"):
        last += 1
    taken = list(part.units[k:last])
    # "FROM THE JOURNAL OF" / "A. YA. VYSHINSKY" / "THE RECEPTION OF" / "NADIR ARASTEH, …":
    # a heading cut after a joining word goes on on the heading lines below it
    rest = [(i, j) for j in range(last, len(part.units))] + [
        (n, j)
        for n in range(i + 1, len(opener))
        if opener[n].kind == "head-block"
        for j in range(len(opener[n].units))
    ]
    end = (i, last - 1)
    for n, j in rest:
        unit = opener[n].units[j]
        if (n, j) != _next_unit(opener, *end) or unit.kind not in ("text", "named-title"):
            break
        if not _runs_on(reader, taken[-1]):
            break
        if not _head_line(reader, unit.start, unit.end):
            break
        taken.append(unit)
        end = (n, j)
    n_end, j_end = end
    above, below = part.units[:k], opener[n_end].units[j_end + 1 :]
    before = opener[:i] + ((Part(part.kind, above),) if above else ())
    after = ((Part(opener[n_end].kind, below),) if below else ()) + opener[n_end + 1 :]
    return (Part("head", tuple(taken)),), before, after


def _next_unit(opener: tuple[Part, ...], n: int, j: int) -> tuple[int, int] | None:
    """The unit after opener[n].units[j], in the same part or opening the next one."""
    if j + 1 < len(opener[n].units):
        return n, j + 1
    return (n + 1, 0) if n + 1 < len(opener) and opener[n + 1].units else None


def _runs_on(reader: Reader, unit: Unit) -> bool:
    """Whether a heading line ends on a joining word ("THE RECEPTION OF"): it goes on."""
    words = reader.text(unit.start, unit.end).split()
    joiners = reader.lex.office_joiners
    return bool(words) and reader.lex.folded(words[-1]) in joiners


# "189. Editorial Note": a FRUS document's number opening its heading
_DOCUMENT_NUMBER = re.compile(r"\d{1,4}\.\s+[A-Z][a-z]")


def _may_be_title(reader: Reader, text: str) -> bool:
    """Whether a heading line may be the document's title: not a list's entry ("• Andrey
    A. Gromyko, Member of …"), not an archive's release stamp ("Declassified/Released US
    Department of State EO Systematic Review 30 JUN 2005"), not a site's menu copied as
    one line of words run together ("Press and Public AffairsTravel and Living Abroad")."""
    if BULLET.match(text):
        return False
    if reader.lex.release_mark.search(text) and reader.dates_in(text):
        return False  # "the released text" alone is no stamp: the stamp gives its date
    return len(_RUN_TOGETHER.findall(text)) < 2


# "AffairsTravel", "Dept.Press": a word that runs on into the next one's capital, as a
# menu's links do when a page is copied as text ("McDonald", "MacArthur" open so: not them)
_RUN_TOGETHER = re.compile(r"(?:[a-zß-ÿ]{3}|[a-z]\.)[A-ZÀ-Þ][a-zß-ÿ]")


def _in_capitals(text: str) -> bool:
    """A line whose letters are all capitals and that has some words of letters."""
    return text.isupper() and len(re.findall(r"[^\W\d_]{2,}", text)) >= 3


# --- opener ---------------------------------------------------------------------------------


def _unit_kind(reader: Reader, start: int, end: int) -> str:
    """What one opener line or cell is (read once per span and document)."""
    kind = reader.unit_kinds.get((start, end))
    if kind is None:
        kind = reader.unit_kinds[start, end] = _read_unit_kind(reader, start, end)
    return kind


def _read_unit_kind(reader: Reader, start: int, end: int) -> str:
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
    if len(text) < 80 and lex.opens_spaced_classification(text):
        return "classification"
    spelt = lex.letter_spaced(text)
    if spelt is not None:  # "M i n u t e s": what it spells says what the line is
        if lex.is_classification(spelt):
            return "classification"
        if lex.doc_kind.fullmatch(spelt):
            return "doc-title"
    label, colon, value = text.partition(":")
    if colon and len(label.split()) <= 2 and value.strip() and len(text) < 80:
        # "Precedence: Priority Urgent", "Classification: Secret": a mark under its label
        if lex.is_priority(value.strip()):
            return "priority"
        if lex.is_classification(value.strip()) or lex.only_marks(value.strip()):
            return "classification"
    if lex.copy_mark.fullmatch(text):
        return "copy"
    if lex.copy_mark.match(text) or lex.distribution_head.match(text):
        return "distribution"
    if text.endswith(":") and any(lex.is_copy_word(w) for w in text.split()):
        return "distribution"  # "Produced in 5 copies for:", the entries below it
    if lex.sender_head.match(text):
        return "sender"
    if lex.source_label.match(text):
        return "source"  # "Source: National Archives, RG 59, …" (FRUS's first note)
    if lex.participants.match(unbracketed(text)):  # "Present [at the meeting]:"
        return "participants"
    processing = lex.trailer.match(text)
    if processing and processing.group().rstrip().lower().endswith(" by"):
        return "processing"  # "Created by Se 14.30", "Checked by [unknown signature]"
    if lex.conversation.match(text):
        return "doc-title"
    if (
        lex.doc_kind.match(text)
        and (lex.number_mark.search(text) or text.isupper() or lex.doc_kind.fullmatch(text))
        and len(text) < 80
    ):
        return "doc-title"  # "CABLE Nº 58986", "REPORT", "Ciphered Telegram"
    named = lex.named_kind.match(text)
    if (
        named
        and not text[:1].islower()  # "transcript of the …" goes on from the line above
        and lex.doc_kind.fullmatch(named.group(1))
        and len(text) < 160
        and not SENTENCE_END.search(text.rstrip("."))
    ):
        # "The Journal of Soviet Ambassador …", "Memorandum on a Conversation with …": a
        # plain title line that may be the head, and that goes on on the lines below
        return "named-title"
    if (
        lex.is_reference(text)
        or lex.number_mark.fullmatch(text)
        or any(p.fullmatch(text) for p in lex.conventions.parts.file_numbers)
    ):
        return "reference"
    if reader.dates_in(text) and not lex.release_mark.search(text):
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
            # "Andropov Report, 1 November 1956": a title, not where it was written
            and not any(
                lex.doc_kind.fullmatch(w.rstrip(".,"))
                and lex.folded(w).rstrip(".,") not in lex.dateline_words  # "10 … minutes"
                for w in words[1:]
            )
        ):
            return "dateline"
    # "[To] the Ministry of Foreign Affairs:": the words an editor supplied count too
    unquoted = _SUPPLIED.sub(r"\1", text.lstrip(OPEN_QUOTES))
    if (
        any(p.fullmatch(unquoted) for p in lex.conventions.parts.salutation_patterns)
        and len(text) < 100
    ):
        return "salute"
    return "text"


_TITLE_KINDS = ("doc-title", "named-title")
# Lines that head a block and are never one of the participants below them.
_ABOVE_PARTICIPANTS = frozenset({*_TITLE_KINDS, "classification", "priority", "copy", "dateline"})
# A number, a code ("OCT-01", "SS-15") or no word at all, not a title's word.
_CODE_WORD = re.compile(r"^\W*(?:\d[\d.,:/-]*|[A-Z]{1,6}-\d+)?\W*$")
# a bracket of a few words holding no other bracket, read as its words
_SUPPLIED = re.compile(r"\[([^\[\]:]{1,40})\]")
# An entry of a list under a distribution head: "- Comrade Péter", "1st - to Cde. Orlov", "2."
_ENTRY_BULLET = re.compile(
    rf"(?:[{re.escape(BULLETS)}]|\d{{1,2}}(?:st|nd|rd|th)?\s*[-–—]|\d{{1,2}}[.)])\s+\S"
)


def _ends_open(reader: Reader, unit: Unit) -> bool:
    """Whether a line ends on a small word a title goes on after ("… Hungary on", "… the
    period", `parts.title_open_endings`)."""
    words = reader.text(unit.start, unit.end).split()
    return bool(words) and reader.lex.folded(words[-1]) in reader.lex.title_open_endings


def _continues_title(reader: Reader, title: Unit, unit: Unit) -> bool:
    """ "JOURNAL" / "of Soviet Ambassador … for the period" / "1 through 11 June 1960": a
    title goes on in the next block when that opens in small letters or the title ends
    on a small word."""
    text = reader.text(unit.start, unit.end).strip()
    if _ends_open(reader, title):  # "… for the period" / "1 through 11 June 1960"
        return unit.kind in ("text", "dateline")
    if unit.kind != "text":
        return False
    # "Transcript of Telephone Conversation" / "Between Soviet Premier …": a line opening
    # with a small word a title goes on with, capitalised as the line's first; not an
    # article ("The …" may open the text), an address ("To the Ministry …", "From: …",
    # "For Comrade …"), a line ending in a colon (a salute) or a sentence's stop
    lex = reader.lex
    first = lex.folded(text.split()[0]) if text.split() else ""
    joins = (
        first in lex.title_open_endings
        and first not in lex.conventions.parts.articles
        and not text.endswith((":", ".", "!", "?"))  # a salute or a sentence ("On 3 May …")
        and not _addressed_person(reader, unit)  # "For Comrade Olaf Halvik"
        and not lex.sender_head.match(text)
        and not any(p.match(text) for p in lex.conventions.parts.addressee_salutes)
    )
    return text[:1].islower() or joins


# "Taken into process:": a form's label of a few words with nothing after it
_EMPTY_LABEL = re.compile(r"[A-ZÀ-ÞА-ЯЁ][^\W\d_]*(?:[ \u00a0][^\W\d_]+){0,2}[ \t\u00a0]*:")


def _form_label(reader: Reader, blocks: list[Block]) -> bool:
    """Whether the first block is a form's empty label ("Taken into process:") over another
    field of the form ("Date: 3.XI 1962") or another empty label: no sentence leading
    into the text ("The meeting decided:")."""
    if len(blocks) < 2 or len(blocks[0].lines) != 1 or len(blocks[1].lines) != 1:
        return False
    line = tidy_spaces(reader.text(*blocks[0].lines[0]))
    below = tidy_spaces(reader.text(*blocks[1].lines[0]))
    if reader.lex.folded(line.split()[0]) in reader.lex.conventions.parts.articles:
        return False  # "The meeting decided:"
    return bool(_EMPTY_LABEL.fullmatch(line)) and bool(
        OPENER_FIELD.fullmatch(below) or _EMPTY_LABEL.fullmatch(below)
    )


def _text_below_title(reader: Reader, block: Block, units: tuple[Unit, ...]) -> int | None:
    """1 when a document's kind on the block's first line ("MEMORANDUM") stands over
    running text with no blank line between ("On 3 May the board met …"): where the
    title's block ends; else None."""
    if len(block.lines) < 2 or not units or units[0].kind != "doc-title":
        return None
    if units[0].end > block.lines[0][1] or _ends_open(reader, units[0]):
        return None  # "Protocol "B" No 5 of" / "the Politburo …": the title goes on
    start, end = block.lines[1][0], block.end
    text = reader.text(start, end).strip()
    links = reader.lex.conventions.parts.title_links
    if text[:1].islower() and reader.lex.folded(text.split()[0]) in links:
        # "REPORT" / "on the work of the embassy …": the title goes on in that line, the
        # text may begin below it
        if len(block.lines) > 2 and _is_sentence(reader, reader.text(block.lines[2][0], end)):
            return 2
        return None
    return 1 if _is_sentence(reader, text) else None


def _is_sentence(reader: Reader, text: str) -> bool:
    """A line that is a sentence, not a title's words: it ends on a stop that is no date's
    and writes two words or more in small letters that are none of a title's small words
    ("On 3 May the board met in the hall.", not "with Comrade A.N. Veresov.")."""
    text = text.strip()
    if not SENTENCE_END.search(text) or _date_owns_stop(reader, text):
        return False
    small = reader.lex.title_open_endings
    words = [w for w in text.split() if w[:1].islower() and reader.lex.folded(w) not in small]
    return len(words) >= 2


# "… who lead a provisional delegation. [Stamps: …]": a line ending with a bracket after a
# sentence ended inside it
_TWO_SENTENCES = re.compile(r"[a-z]{2}[.!?] +[\[A-Z]")


def _before_marker(reader: Reader, start: int, end: int) -> int:
    """Where a span ends before a web page's note number that ends it ("… on August
    22:2", webnotes.py: digits with no bracket), else its end."""
    marks = reader.brackets_within(start, end)
    if marks and marks[-1].end == end and is_marker(marks[-1]):
        return marks[-1].start
    return end


def _head_line(reader: Reader, start: int, end: int) -> bool:
    """A line that can stand in a document's head (short, not a sentence)."""
    # "…to Department.[2]": a footnote marker after the full stop still ends a sentence
    lines = [
        _without_trailing_markers(tidy_spaces(line))
        for line in reader.text(start, _before_marker(reader, start, end)).split("\n")
    ]
    last = lines[-1]
    stopped = SENTENCE_END.search(last) and not _date_owns_stop(reader, last)
    if _NUMBERED_PARAGRAPH.match(lines[0]) and (last.endswith(":") or stopped):
        return False  # "260. Pignon informed us….": a telegram's numbered first paragraph
    # "The meeting decided:" leads into the text; "Subject:" or "To: Comrades …" do not
    lead_in = (
        last.endswith(":") and len(last.split()) >= 3 and any(w.islower() for w in last.split())
    )
    return (
        all(len(t) <= 200 for t in lines)
        and not lead_in
        and not (len(last) > 60 and (stopped or last.endswith("]") and _TWO_SENTENCES.search(last)))
    )


def _date_owns_stop(reader: Reader, text: str) -> bool:
    """Whether the stop ending `text` is a date's or a time's ("…, August 11, 1955, 9:15
    a.m.", "… 12 Sept."): it ends no sentence."""
    end = len(text.rstrip())
    return any(span_end == end for _, span_end in reader.dates_in(text))


def _marks_below_bullets(reader: Reader, block: Block) -> int | None:
    """The first of a block's last lines that are brackets alone ("[Page 1369]") below two
    bulleted lines or more, with no blank line between: where the list ends; None when the
    block is no such list."""
    k = len(block.lines)
    while k > 0 and reader.is_bracket_only(*reader.strip_span(*block.lines[k - 1])):
        k -= 1
    if k == len(block.lines) or k < 2:
        return None
    listed = Block(block.lines[:k], block.gap_before)
    return k if bulleted_items(reader, listed) is not None else None


def _take_opener(reader: Reader, blocks: list[Block]) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    head: list[Part] = []
    opener: list[Part] = []
    entries_below = False  # a "Participants:" label alone: its entries are the blocks below
    while blocks:
        block = blocks[0]
        awaits_entries = entries_below and opener and opener[-1].kind == "participants-block"
        if not awaits_entries and bulleted_items(reader, block) is not None:
            break  # "• U.S." / "    • The Secretary": a list, where the opener ends
        marks_at = None if awaits_entries else _marks_below_bullets(reader, block)
        if marks_at is not None:
            blocks[0:1] = cut_block(block, [marks_at])  # "• …" lines over "[Page 1369]"
            continue
        units = _block_units(reader, block)
        kinds = [u.kind for u in units]
        split = _memo_fields_split(reader, block, kinds)
        if split is not None:  # "TO: …" / "FROM: …" / "SUBJECT: …": two blocks
            blocks[0:1] = split
            continue
        text_at = _text_below_title(reader, block, units)
        if text_at is not None:
            blocks[0:1] = cut_block(block, [text_at])  # "MEMORANDUM" / "On 3 May the board …"
            continue
        salute_at = _salute_inside(reader, block, units)
        if salute_at is not None:
            # "To the Embassy in Hungary:" typed right above the text: the salute's own block
            blocks[0:1] = cut_block(block, [k for k in (salute_at, salute_at + 1) if k])
            continue
        in_participants = opener and opener[-1].kind == "participants-block"
        salute_end = None if in_participants else _salute_opening(reader, block)
        if salute_end is not None:
            # "Dear Dean: It might interest you …": the salute is the opener's, the text below
            start, end = block.lines[0]
            rest = reader.strip_span(salute_end, end)[0]
            lines = ((start, salute_end), (rest, end), *block.lines[1:])
            blocks[0:1] = cut_block(Block(lines, block.gap_before), [1])
            continue
        if kinds == ["text"] and _speaker_above_speech(reader, blocks):
            break  # "DENG XIAOPING:" over what he says: the first turn, where the opener ends
        if (
            kinds == ["text"]
            and _dialogue_opens(reader, blocks)
            and _records_talk(reader, (*head, *opener))
        ):
            break  # "McNamara: Hello." / "President: Bob." / "McNamara: Yes …": the first turn
        if _minutes_turn(reader, block) and sum(_minutes_turn(reader, b) for b in blocks) >= 2:
            break  # "HALVIK. We reviewed …": minutes' first turn, however short
        if opener and opener[-1].kind == "participants-block" and "participants" not in kinds:
            # A list stands after the opener in TEI: what follows it cannot go back into
            # the opener, above the list.
            if kinds in (["salute"], ["text"]) and _speaker_salute(
                reader, blocks, (*head, *opener)
            ):
                break  # "Comrade Hollweg:" over "Welcome. …": the first turn, no entry
            subject = entries_below and _subject_label(reader, opener[-1])
            if (
                subject
                and len(block.lines) == 1
                or entries_below
                and _entry_block(reader, block)
                and not _bullets_end(reader, opener[-1], block)
            ):
                entries = tuple(Unit("text", u.start, u.end) for u in units)
                opener[-1] = Part("participants-block", opener[-1].units + entries)
                blocks.pop(0)
                entries_below = not subject  # a subject is one line, a sentence maybe
                continue
            break
        if all(k == "text" for k in kinds):
            if not all(_head_line(reader, s, e) for s, e in block.lines) and not _form_label(
                reader, blocks
            ):
                break
            if len(block.lines) > 6 or _looks_like_sentence(reader, block):
                break
        elif "participants" in kinds:
            lead = kinds.index("participants")
            if lead and all(kind in _ABOVE_PARTICIPANTS for kind in kinds[:lead]):
                # "CIPHER TELEGRAM" / "Subject: …" typed with no blank line between: the
                # document's kind heads the opener, the list begins at its label
                opener.append(Part("head-block", units[:lead]))
                units = units[lead:]
            opener.append(Part("participants-block", units))
            entries_below = _bare_label(reader, units)
            blocks.pop(0)
            continue
        elif not all(
            _head_line(reader, u.start, u.end)
            or u.kind in ("bracket", "distribution")
            or u.kind == "salute"
            and len(units) == 1  # "To the Ministry of Foreign Affairs:"
            or u.kind == "source"
            for u in units
        ):
            break
        elif "pb" in kinds and _looks_like_sentence(reader, block):
            break  # running text broken by a page marker line ("(p. 1)")
        last_part = opener[-1] if opener else None
        addressed = (
            last_part is not None
            and last_part.kind == "head-block"
            and bool(last_part.units)
            and last_part.units[0].kind == "addressee"
        )
        if _inside_address(reader, block, blocks[1 : _ADDRESS_BLOCKS + 1], continued=addressed):
            # "Mr. Nikita S. Khrushchev" / "Prime Minister of the Soviet Union" right above
            # "Dear Comrade Khrushchev:": whom the letter is addressed to, not its title
            opener.append(
                Part(
                    "head-block",
                    tuple(
                        Unit("addressee+" if i else "addressee", start, end)
                        for i, (start, end) in enumerate(
                            reader.strip_span(s, e) for s, e in block.lines
                        )
                    ),
                )
            )
            blocks.pop(0)
            continue
        if kinds == ["salute"] and _speaker_salute(reader, blocks, (*head, *opener)):
            break  # "Comrade Mielke:" over what he says in a transcript: the first turn
        if kinds == ["salute"] and _letterhead(reader, units[0], blocks[1:]):
            # "Embassy of the Hungarian People's Republic," over "Pyongyang" and "Comrade
            # Péter:", or over "Budapest, 3 May 1962": the sender's letterhead, no salute
            opener.append(Part("head-block", (Unit("text", units[0].start, units[0].end),)))
            blocks.pop(0)
            continue
        if kinds and kinds[0] == "salute" and len(units) == 1:
            opener.append(Part("salute", units))
            blocks.pop(0)
            # "TO THE MEMBERS OF THE CC CPSU" / "THE CC OF THE COMMUNIST PARTIES …," / "THE
            # MOSCOW CITY COMMITTEE …, AND": an address in capitals over one-line blocks
            while blocks and _address_goes_on(reader, opener[-1], blocks):
                below = _block_units(reader, blocks.pop(0))
                opener[-1] = Part("salute", (*opener[-1].units, *below))
            # "Copy [Chinese] Central Committee:": a copy's addressee below the salute
            while blocks and len(blocks[0].lines) == 1:
                below = _block_units(reader, blocks[0])
                if [u.kind for u in below] != ["distribution"]:
                    break
                opener.append(Part("head-block", below))
                blocks.pop(0)
            break
        last = opener[-1].units[-1] if opener and opener[-1].units else None
        if (
            last is not None
            and last.kind == "distribution"
            and all(_ENTRY_BULLET.match(reader.text(u.start, u.end).strip()) for u in units)
        ):
            # "Produced in 5 copies for:" / "- Comrade Péter" / "- Comrade Puja": entries set
            # apart by blank lines join the list above them
            entries = tuple(Unit("distribution", u.start, u.end) for u in units)
            opener[-1] = Part(opener[-1].kind, (*opener[-1].units, *entries))
            blocks.pop(0)
            continue
        if last is not None and units and _ends_open(reader, last):
            # A line cut off after a small word goes on in this block: an address ("To:
            # Director of the Foreign Ministry Department of" / "Latin America and the
            # Caribbean") in its own span, a heading ("… Bulgaria, Poland, and Hungary on" /
            # "28 August 1970 in the Embassy …") as its next line
            address = last.kind in ("distribution", "sender") and units[0].kind == "text"
            heading = last.kind == "text" and units[0].kind in ("text", "dateline")
            if address or heading:
                kept = opener[-1].units[:-1] if address else opener[-1].units
                below = (
                    Unit(last.kind, last.start, units[0].end)
                    if address
                    else Unit("text+", units[0].start, units[0].end)
                )
                opener[-1] = Part(opener[-1].kind, (*kept, below))
                units = units[1:]
                if not units:
                    blocks.pop(0)
                    continue
        if last is not None and last.kind.startswith(_TITLE_KINDS):
            # the title goes on in this block: its lines join it, as lines of one title
            kind = last.kind.rstrip("+") + "+"
            while units and _continues_title(reader, last, units[0]):
                last = Unit(kind, units[0].start, units[0].end)
                opener[-1] = Part(opener[-1].kind, (*opener[-1].units, last))
                units = units[1:]
            if not units:
                blocks.pop(0)
                continue
        if not _participants_above(reader, (*head, *opener)):
            # "Comrade Honecker" / "Comrade Axen" alone above a memorandum's text: whom it
            # is addressed to (under a participants label, such lines are who took part)
            units = tuple(
                Unit("addressee", u.start, u.end) if _addressed_person(reader, u) else u
                for u in units
            )
        opener.append(Part("head-block", units))
        blocks.pop(0)
    return tuple(head), tuple(opener)


# the most words of a line of an address in capitals
_ADDRESS_LINE_WORDS = 14


def _address_goes_on(reader: Reader, salute: Part, blocks: list[Block]) -> bool:
    """Whether the first of `blocks` is one more line of a salute in capitals that has no
    colon yet: a line in capitals, no sentence, with the letter's text still below it."""
    said = reader.text(salute.units[0].start, salute.units[-1].end).rstrip()
    if said.endswith(":") or not _in_capitals(said) or len(blocks) < 2:
        return False
    block = blocks[0]
    if len(block.lines) != 1:
        return False
    units = _block_units(reader, block)
    text = reader.text(*reader.strip_span(*block.lines[0]))
    return (
        [u.kind for u in units] in (["text"], ["salute"])
        and _in_capitals(text)
        and len(text.split()) <= _ADDRESS_LINE_WORDS
        and not text.endswith(".")
    )


def _addressed_person(reader: Reader, unit: Unit) -> bool:
    """A line that is a person's honorific and name alone ("Comrade Honecker", "Herr
    Fischer", "For Comrade Milos Zivkovic"), or an honorific and an office ("Comrade ad
    interim chargé d'affaires"), no stop or colon after it: an addressee of the opener."""
    if unit.kind != "text":
        return False
    words = reader.text(unit.start, unit.end).split()
    lex = reader.lex
    parts = lex.conventions.parts
    if len(words) > 2 and lex.folded(words[0]) in parts.addressed_for:
        words = words[1:]
    if not (
        2 <= len(words) <= 5
        and words[0] in parts.person_prefixes
        and words[0] not in parts.person_list_prefixes
    ):
        return False
    rest = words[1:]
    if len(rest) <= 3 and lex.name_shaped(" ".join(rest)):
        return True
    return any(lex.folded(w) in lex.role_words for w in rest) and not any(
        w.endswith((".", ":", ";", ",", "!", "?")) for w in rest
    )


def _inside_address(
    reader: Reader, block: Block, below: list[Block], *, continued: bool = False
) -> bool:
    """Whether `block` is a letter's inside address: up to four short lines above the
    salute, the first a person's name with a title ("Mr. Nikita S. Khrushchev"); set
    apart by blank lines, each of the address's lines is a block of its own ("Chairman
    Stalin," / "The Council of Ministers," above "Your Excellency:"), `continued` for
    those after the first."""
    if not below or not 1 <= len(block.lines) <= 4:
        return False
    at = next(
        (
            k
            for k, b in enumerate(below)
            if [u.kind for u in _block_units(reader, b)] == ["salute"]
            or not _address_line(reader, b)
        ),
        None,
    )
    if at is None or [u.kind for u in _block_units(reader, below[at])] != ["salute"]:
        return False
    # set apart from the salute, each line of the address ends with its comma
    if at > 0 and not reader.text(block.start, block.end).rstrip().endswith(","):
        return False
    if continued:
        return _address_line(reader, block)
    first = reader.text(*reader.strip_span(*block.lines[0]))
    prefix = reader.lex.person_prefix.match(first)
    return (
        prefix is not None
        and not first.rstrip().endswith(":")  # "Comrade Kadar:": a speaker, or a salute
        and len(first.split()) <= 6
        and not SENTENCE_END.search(first[prefix.end() :].rstrip("."))
        and all(len(reader.text(s, e).split()) <= 10 for s, e in block.lines)
    )


def _address_line(reader: Reader, block: Block) -> bool:
    """A block of one short line that ends no sentence ("The Council of Ministers,"): a
    line of an inside address set apart by blank lines."""
    text = reader.text(block.start, block.end).strip()
    return (
        len(block.lines) == 1
        and len(text.split()) <= _ADDRESS_WORDS
        and not text.endswith(":")
        and not SENTENCE_END.search(text.rstrip(","))
    )


_ADDRESS_BLOCKS = 4  # an inside address's lines, each set apart, above the salute
_ADDRESS_WORDS = 10


# Kinds of memorandum fields that stand in the opener above a "Subject:" line.
_MEMO_FIELDS = frozenset({"distribution", "sender", "dateline", "classification", "reference"})
# A field of some other label above it: "E.O. 11652: GDS", "TAGS: PFOR, YO".
_FIELD_LINE = re.compile(r"[^\W\d_][\w.'’ -]{0,24}:[ \t]+\S.{0,80}$")


def _memo_fields_split(reader: Reader, block: Block, kinds: list[str]) -> list[Block] | None:
    """A memorandum's fields typed in one block ("TO: …" / "FROM: …" / "DATE: …" /
    "SUBJECT: …"), split where the participants or subject lines begin: the fields above
    are the opener's lines, the rest a list (which in TEI comes after the opener). None
    for any other block."""
    if "participants" not in kinds or len(block.lines) < 2:
        return None
    kinds = [_unit_kind(reader, *reader.strip_span(s, e)) for s, e in block.lines]
    if "participants" not in kinds:
        return None  # lines laid out in columns
    at = kinds.index("participants")
    subject_end = _subject_end(reader, block, at)
    fields_above = at > 0 and all(
        kind in _MEMO_FIELDS or kind == "text" and _FIELD_LINE.match(reader.text(*line).strip())
        for kind, line in zip(kinds[:at], block.lines[:at], strict=True)
    )
    if not fields_above:
        if subject_end == len(block.lines):
            return None
        # "SUBJECT: …" / "1. Action Requested: …": the text goes on below the subject
        lines = block.lines
        return [Block(lines[:subject_end], block.gap_before), Block(lines[subject_end:], 0)]
    # fields after the subject ("Date: …", "Classification: …") are not part of it either
    end = next((i for i in range(at + 1, len(kinds)) if kinds[i] in _MEMO_FIELDS), len(kinds))
    end = min(end, subject_end)
    above = Block(block.lines[:at], block.gap_before)
    return [above] + [
        Block(lines, 0) for lines in (block.lines[at:end], block.lines[end:]) if lines
    ]


def _subject_end(reader: Reader, block: Block, at: int) -> int:
    """Where a "SUBJECT: …" line at `at` and the lines that go on with it end, in a block
    that runs on into the text ("SUBJECT: PRC/DPRK: …" / "NUCLEAR TEST" / "Classified By:
    …" / "1. (C) China …"); the block's end for other labels."""
    first = reader.text(*block.lines[at]).strip()
    if not _is_subject(reader, first):
        return len(block.lines)
    subject = first
    for i in range(at + 1, len(block.lines)):
        line = reader.text(*block.lines[i]).strip()
        if not _subject_goes_on(reader, subject, line):
            return i
        subject = f"{subject} {line}"
    return len(block.lines)


def _is_subject(reader: Reader, text: str) -> bool:
    colon = text.find(":")
    return colon > 0 and reader.lex.folded(text[:colon].strip()) in reader.lex.subject_labels


def _subject_goes_on(reader: Reader, subject: str, line: str) -> bool:
    """Whether `line` goes on with a subject: capitals after capitals ("… RE DPRK" /
    "NUCLEAR TEST"), else small letters or a subject left open ("… of" / "Unevaluated
    Reports"); never a field or a numbered paragraph."""
    if not line or _FIELD_LINE.match(line) or _NUMBERED_ITEM.match(line):
        return False
    if subject.endswith(":"):
        return True  # "Subject:" / "British Attitude Toward …": the subject a line below
    if SENTENCE_END.search(line):
        return False  # "BEGIN SUMMARY. THE MINISTER …": the text
    if subject.isupper():
        return line.isupper()
    last = subject.split()[-1] if subject.split() else ""
    return line[:1].islower() or reader.lex.folded(last) in reader.lex.title_open_endings


# "1. Action Requested", "2) Background", "a. The National Archives"
_NUMBERED_ITEM = re.compile(r"(?:\d{1,2}|[a-z])[.)]\s")


def _bare_label(reader: Reader, units: tuple[Unit, ...]) -> bool:
    """A participants label alone in its block ("Participants:", "PARTICIPANTS")."""
    text = unbracketed(reader.text(units[0].start, units[0].end)).strip()
    return len(units) == 1 and bool(reader.lex.participants.fullmatch(text))


def _subject_label(reader: Reader, part: Part) -> bool:
    """Whether a participants block is a subject's label alone ("SUBJECT")."""
    text = reader.text(part.units[0].start, part.units[0].end)
    return len(part.units) == 1 and reader.lex.folded(text.strip(" :")) in reader.lex.subject_labels


def _bullets_end(reader: Reader, part: Part, block: Block) -> bool:
    """Whether a list's bulleted entries end above `block`: its last entry opens with a
    bullet and the block's first line does not ("• Mr. O. Sokolov" / blank / "BERLIN")."""
    last = part.units[-1]
    first = reader.text(*block.lines[0]).strip()
    return (
        bool(BULLET.match(reader.text(last.start, last.end).lstrip()))
        and not BULLET.match(first)
        and not lone_bullet(first)  # "-" alone over a side's label: the list goes on
    )


def _entry_block(reader: Reader, block: Block) -> bool:
    """A block of short lines, each a participant ("Comrade Blinov Interpreter"), and none
    a sentence ("The meeting opened."); or of lines that list names ("Cdes. Mao Zedong,
    Liu Shaoqi, Zhou Enlai.")."""
    if all(_lists_names(reader.text(s, e)) for s, e in block.lines):
        return True
    for start, end in block.lines:
        line = reader.text(start, end).strip()
        words = line.split()
        if len(line) > _ENTRY_LINE or not words:
            return False
        if line[-1] in ".!?" and words[-1][:1].islower():
            return False
    return not _looks_like_sentence(reader, block)


def _lists_names(line: str) -> bool:
    """Whether a line is capitalised names and nothing else, three or more separated by
    commas or semicolons ("Cdes. Khrushchev, Malinovsky, Kuznetsov;")."""
    pieces = [p.split() for p in re.split(r"[,;]", line.strip().rstrip(".;"))]
    return len(pieces) >= 3 and all(
        0 < len(words) <= _NAME_WORDS and all(w[:1].isupper() for w in words if w != "and")
        for words in pieces
    )


_NAME_WORDS = 4
# A participant's line is shorter than this ("KGB: Comrade Zinyov – 1st Deputy of the Chairman").
_ENTRY_LINE = 100


def _looks_like_sentence(reader: Reader, block: Block) -> bool:
    # "… came to visit me.[2]": a note's marker after the full stop still ends a sentence
    text = _without_trailing_markers(reader.text(block.start, block.end).strip())
    words = text.split()
    # "I met the minister today.": however short, the writer speaking is no heading
    first_person = reader.lex.conventions.parts.first_person
    return (
        bool(SENTENCE_END.search(text))
        and not _date_owns_stop(reader, text)  # "…, August 11, 1955, 9:15 a.m.": a heading
        and (
            len(words) > 6
            or text.endswith(":")
            or (len(words) > 2 and any(first_person_word(w, first_person) for w in words))
            or bool(_OPENING_CLAUSE.match(text))  # "First, please draft the plan."
        )
        and not _title_cased(reader, text)
    )


# "First, please …", "Yesterday, the …": a sentence's opening word, its comma and the
# clause in small letters
_OPENING_CLAUSE = re.compile(
    r"[A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё]+,[ \u00a0]+[a-zß-ÿа-яё]+[ \u00a0]+[a-zß-ÿа-яё]"
)


def _title_cased(reader: Reader, text: str) -> bool:
    """ "The Embassy of the Hungarian People's Republic.": a short line of capitalised words
    and an office's small words ("of", "the"), a full stop after them: a letterhead, not a
    sentence."""
    words = text.rstrip(".").split()
    joiners = reader.lex.office_joiners
    return (
        text.endswith(".")
        and "\n" not in text
        and len(words) <= _TITLE_CASED_WORDS
        and all(w[:1].isupper() or reader.lex.folded(w) in joiners for w in words)
    )


_TITLE_CASED_WORDS = 12


def _speaker_above_speech(reader: Reader, blocks: list[Block]) -> bool:
    """Whether the first block is a speaker's label alone ("DENG XIAOPING:", "M.S.
    [Gorbachev]:") over a paragraph of running text."""
    block = blocks[0]
    text = reader.text(block.start, block.end).strip()
    if len(block.lines) != 1 or not text.endswith(":") or len(blocks) < 2:
        return False
    label = tidy_spaces(text[:-1].replace("[", " ").replace("]", " "))
    return (
        reader.lex.name_shaped(label)
        and not reader.lex.doc_kind.fullmatch(label)
        and _looks_like_sentence(reader, blocks[1])
    )


# Blocks read ahead for the turns of a dialogue.
_DIALOGUE_BLOCKS = 6


def _dialogue_opens(reader: Reader, blocks: list[Block]) -> bool:
    """Whether the first block is the first turn of a dialogue: its "Label: text" label
    opens another of the next few blocks, and a second label one more ("McNamara:
    Hello." / "President: Bob." / "McNamara: Yes, Mr. President."). A page's fields
    ("Date: …", "Place: …") seldom name the same label twice; a form's may ("Item: Rice." /
    "Quantity: …" / "Item: …"), so the caller asks too that the page records people
    talking, and leaves out lines of a known kind ("From: …" / "To: …" / "From: …")."""
    labels = []
    for block in blocks[:_DIALOGUE_BLOCKS]:
        match = SPEAKER_LABEL.match(reader.doc.text, block.start, block.end)
        labels.append(reader.lex.folded(match.group(1)) if match else None)
    first = labels[0]
    return (
        first is not None
        and labels.count(first) >= 2
        and any(label not in (None, first) for label in labels[1:])
    )


# Blocks below a line ending in a comma where a salute or a dateline makes it a letterhead.
_LETTERHEAD_BLOCKS = 2


def _letterhead(reader: Reader, unit: Unit, below: list[Block]) -> bool:
    """Whether a salute-like line ending in a comma ("Foreign Ministry,") heads the page as
    its sender's letterhead: it names an organisation (no person: "Dear Comrade Lund,"
    stays a salute), and a dateline or a salute follows it within two blocks."""
    text = reader.text(unit.start, unit.end).rstrip()
    if not text.endswith(","):
        return False
    org_words = reader.lex.conventions.header.org_words
    if not any(reader.lex.folded(w.strip(",")) in org_words for w in text.split()):
        return False
    for block in below[:_LETTERHEAD_BLOCKS]:
        kinds = [u.kind for u in _block_units(reader, block)]
        if kinds and kinds[0] in ("dateline", "salute"):
            return True
    return False


def _speaker_salute(reader: Reader, blocks: list[Block], above: tuple[Part, ...]) -> bool:
    """Whether a salute alone on its line ("Comrade Mielke:") is who speaks first: a title
    and a name, a colon and no more, over running text, in a document whose head or opener
    says that people talk (a participants label, "Record of Conversation", "Transcript")."""
    block = blocks[0]
    text = reader.text(block.start, block.end).strip()
    lex = reader.lex
    prefix = lex.person_prefix.match(text)
    if len(block.lines) != 1 or len(blocks) < 2 or not text.endswith(":") or prefix is None:
        return False
    if not lex.name_shaped(tidy_spaces(text[prefix.end() : -1])):
        return False
    below = reader.text(blocks[1].start, blocks[1].end)
    return bool(SENTENCE_END.search(below)) and _records_talk(reader, above)


def _records_talk(reader: Reader, above: tuple[Part, ...]) -> bool:
    """Whether the page's title or the parts above a document's body say it records people
    talking: a participants label, or a title's word such as "Transcript" or "talks"."""
    if reader.records_talk:
        return True
    said = [reader.text(u.start, u.end) for part in above for u in part.units]
    return any(reader.lex.speech_title.search(line) for line in said) or _participants_above(
        reader, above
    )


def _participants_above(reader: Reader, above: tuple[Part, ...]) -> bool:
    """Whether a participants label ("Participants", "Present:") stands in `above`."""
    lex = reader.lex
    return any(
        part.kind == "participants-block"
        or lex.participants.search(text := reader.text(u.start, u.end))
        or (label := lex.folded(text.strip(" :"))) in lex.conventions.parts.participants
        or label in lex.subject_labels
        for part in above
        for u in part.units
    )


def _minutes_turn(reader: Reader, block: Block) -> bool:
    """Whether the block opens with a name in capitals and a full stop, then a sentence
    ("HALVIK. We reviewed the question."): a turn of minutes, not a heading; not a known
    place, a mark or a Roman numeral ("MOSCOW. Top secret", "II. On the dredgers")."""
    match = _CAPS_TURN.match(reader.text(block.start, block.end))
    if match is None:
        return False
    label = match.group(1)
    lex = reader.lex
    return (
        lex.name_shaped(label)
        and roman_value(label) is None
        and not lex.is_classification(label)
        and fold(label) not in lex.conventions.header.place_names
        and fold(label) not in lex.conventions.header.country_names
        and fold(label) not in lex.conventions.header.city_names
    )


# a name in capitals, a full stop, and a word in small letters after the next word or two
_CAPS_NAME_WORD = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ'’\-]+"
_CAPS_TURN = re.compile(
    rf"[ \t\u00a0]*({_CAPS_NAME_WORD}(?:[ \u00a0]{_CAPS_NAME_WORD}){{0,2}})"
    r"\.[ \t\u00a0]+(?:\S+[ \t\u00a0]+){0,2}[a-zß-ÿа-яё]{2,}"
)


def _salute_inside(reader: Reader, block: Block, units: tuple[Unit, ...]) -> int | None:
    """The line of a block on which a salute ends ("To the Ministry of Foreign Affairs:"),
    when text follows on the lines below it and only heading lines stand above it: a
    page typed without blank lines (document.py `_typed_breaks` leaves such lines be)."""
    for unit in units:
        if unit.kind == "salute":
            break
        if not _head_line(reader, unit.start, unit.end):
            return None
    else:
        return None
    line = next(k for k, (_, end) in enumerate(block.lines) if unit.end <= end)
    opens = block.lines[line][0] <= unit.start
    closed = reader.text(unit.start, unit.end).rstrip()[-1:] in ":!,"
    return line if opens and closed and line < len(block.lines) - 1 else None


# A salute and the text typed on after it on its line: "Dear Dean: It might …"
# (a full stop only after an abbreviation: "Dear Mr. Ambassador: I transmit …")
_SALUTE_OPENING = re.compile(
    r"(?:[^,:;.!?\n]|(?:(?<=\b[A-Z][a-z])|(?<=\b[A-Z][a-z]{2})|(?<=\b[A-Z][a-z]{3}))\.)"
    r"{3,60}?[:,](?=[ \t\u00a0]+[A-ZÀ-ÞА-ЯЁ])"
)
# the text after such a salute is a sentence of a few words at least
_SALUTE_TEXT_AFTER = 20


def _salute_opening(reader: Reader, block: Block) -> int | None:
    """Where a salute that opens a block's first line ends, when the letter's text goes on
    after it on that line ("Dear Dean: It might interest you …"); a salute that names
    its addressee ("To the Embassy:", not "To the east, Soviet troops") ends with a colon."""
    start, end = block.lines[0]
    line = reader.text(start, end)
    found = _SALUTE_OPENING.match(line)
    if found is None or len(line) - found.end() < _SALUTE_TEXT_AFTER:
        return None
    salute = found.group().strip()
    if _unit_kind(reader, start, start + found.end()) != "salute" or len(salute.split()) > 6:
        return None
    parts = reader.lex.conventions.parts
    if salute.endswith(",") and any(p.fullmatch(salute) for p in parts.addressee_salutes):
        return None
    if salute.endswith(",") and all(w[:1].isupper() for w in line[found.end() :].split()[:6]):
        return None  # "Comrade Zhou Enlai, Comrade Peng Zhen Receive …": a title's names
    return start + found.end()


def _place_cell(reader: Reader, cell: tuple[int, int]) -> bool:
    """ "Moscow" in "Moscow        23 March 1949": a place's name, one to three capitalised
    words, in the column before a date."""
    words = reader.text(*cell).split()
    lex = reader.lex
    return 1 <= len(words) <= _PLACE_WORDS and all(
        w[:1].isupper()
        and w.rstrip(",").isalpha()
        and lex.folded(w) not in lex.role_words  # "The First Secretary    Berlin, den …"
        and lex.folded(w) not in lex.conventions.parts.articles
        for w in words
    )


_PLACE_WORDS = 3


def _block_units(reader: Reader, block: Block) -> tuple[Unit, ...]:
    """Lines (or, for lines laid out in columns, cells) of an opener block, each with its
    kind (read once per block and document)."""
    units = reader.block_units.get(block.lines)
    if units is None:
        units = reader.block_units[block.lines] = _read_block_units(reader, block)
    return units


def _read_block_units(reader: Reader, block: Block) -> tuple[Unit, ...]:
    rows = []
    for start, end in bracket_joined_lines(reader, block):
        cells = split_columns(Line(0, reader.text(start, end)))
        starts = [start + c.col - 1 for c in cells]
        spans = [(s, cell_end(reader, s, end, c.text)) for s, c in zip(starts, cells, strict=True)]
        rows.append(reader.whole_brackets(spans))
    # Two columns over several lines are read column by column (letterheads, diary heads).
    if len(rows) > 1 and all(len(r) <= 2 for r in rows) and sum(len(r) == 2 for r in rows) >= 2:
        left = [r[0] for r in rows if r]
        right = [r[1] for r in rows if len(r) == 2]
        rows = [[cell] for cell in left + right]
    units: list[Unit] = []
    rows = [
        [
            cell
            for span in row
            for part in _split_to_from(reader, *span)
            for cell in _split_marks(reader, *part)
        ]
        for row in rows
    ]
    for row in rows:
        kinds = [_unit_kind(reader, start, end) for start, end in row]
        if (
            len(row) > 1
            and "dateline" in kinds
            and set(kinds) <= _DATELINE_COMPANIONS
            and all(
                k != "text"
                or reader.text(*cell)[:1].islower()
                or i == 0
                and _place_cell(reader, cell)
                for i, (k, cell) in enumerate(zip(kinds, row, strict=True))
            )
        ):
            # "from PEKING   received at 0810 12 October 1949   Copy Nº 2" is one dateline
            units.append(Unit("dateline", row[0][0], row[-1][1]))
            continue
        units.extend(Unit(kind, start, end) for kind, (start, end) in zip(kinds, row, strict=True))
    return tuple(_join_continuations(reader, units))


_DATELINE_COMPANIONS = {"dateline", "text", "copy"}


def _split_to_from(reader: Reader, start: int, end: int) -> list[tuple[int, int]]:
    """ "To: The Foreign Minister From: Ambassador Katori": the addressee's and the
    sender's fields typed on one line are two lines."""
    text = reader.text(start, end)
    if not _TO_LABEL.match(text):
        return [(start, end)]
    for blank in _BLANK_RUN.finditer(text):
        if reader.lex.sender_head.match(text, blank.end()):
            return [(start, start + blank.start()), (start + blank.end(), end)]
    return [(start, end)]


_TO_LABEL = re.compile(r"\s*to\s*:", re.IGNORECASE)
_BLANK_RUN = re.compile(r"[ \t\u00a0]+")


def _split_marks(reader: Reader, start: int, end: int) -> list[tuple[int, int]]:
    """ "secret priority" is two marks: the classification and the priority."""
    text = reader.text(start, end)
    if not reader.lex.only_marks(text):
        return _split_trailing_mark(reader, start, end)
    if reader.lex.is_classification(text) or reader.lex.is_priority(text):
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


def _split_trailing_mark(reader: Reader, start: int, end: int) -> list[tuple[int, int]]:
    """ "Embassy of the USSR in the DPRK Top Secret", "No. 179 Copy No. 2": a heading line
    that ends with a classification or a copy mark, one space apart, is two units; with
    several marks ("Ciphered telegram Strictly secret Copying prohibited"), one each."""
    text = reader.text(start, end)
    last = len(text.rstrip(" .,;"))
    for pattern in (reader.lex.copy_mark, reader.lex.classification):
        for match in pattern.finditer(text):
            at = match.start()
            if (
                match.end() >= last
                and at > 0
                and text[at].isupper()
                and not text[at - 1].isalnum()
                and text[:at].strip(" .,;")
            ):
                head = _split_trailing_mark(reader, start, start + len(text[:at].rstrip()))
                return [*head, (start + at, end)]
    return [(start, end)]


def _join_continuations(reader: Reader, units: list[Unit]) -> list[Unit]:
    """A distribution or title line continues on the next plain lines."""
    joined: list[Unit] = []
    listing = False  # a participants or distribution unit came before: entries, no heading
    for unit in units:
        text = reader.text(unit.start, unit.end)
        listing = listing or unit.kind in ("participants", "distribution")
        if joined and unit.start < joined[-1].end:
            # read column by column, a right-hand cell may stand before the left one ended
            joined.append(unit)
            continue
        if (
            joined
            and joined[-1].kind == "copy"
            and unit.kind in ("distribution", "text")
            and text[:3] == "to "
        ):
            # "Copy Nº 2" / "to Cde. Stalin": one distribution entry over two lines
            joined[-1] = Unit("distribution", joined[-1].start, unit.end)
            continue
        if joined and joined[-1].kind == "participants" and unit.kind == "text":
            subject = tidy_spaces(reader.text(joined[-1].start, joined[-1].end))
            if _is_subject(reader, subject) and _subject_goes_on(reader, subject, text.strip()):
                # "SUBJECT: PRC/DPRK: … RE DPRK" / "NUCLEAR TEST": one subject over lines
                joined[-1] = Unit("participants", joined[-1].start, unit.end)
                continue
        if (
            joined
            and joined[-1].kind == "text"
            and unit.kind == "text"
            and not listing
            and "\n" in reader.text(joined[-1].end, unit.start)  # lines, not cells of one
            and _heading_goes_on(reader, _last_line(reader, joined[-1]), text)
        ):
            # "… Presidium on 2 November" / "1956, with Participation by J. Kadar, F." /
            # "Munnich, and I. Bata": a heading wrapped over lines is one line
            joined[-1] = Unit("text", joined[-1].start, unit.end)
            continue
        continues = unit.kind == "text" or (unit.kind != "bracket" and text[:1].islower())
        if joined and joined[-1].kind.startswith("named-title"):
            continues = _continues_title(reader, joined[-1], unit)
        if joined and continues and joined[-1].kind in ("distribution", *_TITLE_KINDS, "salute"):
            last = joined[-1]
            kind = last.kind
            if kind == "distribution":
                if _ENTRY_BULLET.match(text):  # "Distribution:" / "- Comrade Péter"
                    joined.append(Unit(kind, unit.start, unit.end))
                    continue
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


def _last_line(reader: Reader, unit: Unit) -> str:
    """The last line of a unit (a heading joined over lines grows one line at a time)."""
    return reader.text(reader.doc.text.rfind("\n", unit.start, unit.end) + 1, unit.end)


def _heading_goes_on(reader: Reader, line: str, following: str) -> bool:
    """Whether a heading's line breaks off where its words go on in the next: after a
    joining word, a comma or an initial, before small letters, or between a day and
    month and their year."""
    line, following = line.strip(), following.strip()
    if not line or not following or line[-1] in ".:;!?" and not _INITIAL_END.search(line):
        return False
    last = line.split()[-1]
    lex = reader.lex
    return (
        following[:1].islower()
        or line.endswith(",")
        or lex.folded(last) in lex.title_open_endings
        or bool(_INITIAL_END.search(line))
        or (following[:4].isdigit() and lex.folded(last) in lex.conventions.dates.months)
    )


# "… J. Kadar, F.": a heading line ending with an initial
_INITIAL_END = re.compile(r"(?:,|\band)\s+[A-ZА-Я]\.$")


# --- body ----------------------------------------------------------------------------------


def _read_body(
    reader: Reader, blocks: list[Block], *, nested: bool = False, depth: int = 0
) -> tuple[Part, ...]:
    blocks = split_lead_in(reader, blocks)
    parts: list[Part] = []
    closing = _closing_blocks(reader, blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # a quoted document's own opening quote does not open it a second time
        end = (
            None
            if (nested and i == 0) or depth >= MAX_EMBED_DEPTH
            else _embedded_end(reader, blocks, i, closing)
        )
        if end is not None:
            region = blocks[i : end + 1]
            kind = _embedded_kind(reader, parts)
            inner = _read_zones(reader, list(region), kind=kind, nested=True, depth=depth + 1)
            parts.append(Part("embedded", subtype=kind, inner=inner))
            i = end + 1
            continue
        list_part, used = read_list(reader, blocks, i)
        if list_part is not None:
            parts.append(list_part)
            i += used
            continue
        run = _bullet_lines(reader, blocks, i)
        if run > 1:  # "- The economic development" / "" / "- Domestic developments"
            lines = tuple(line for b in blocks[i : i + run] for line in b.lines)
            bulleted = bulleted_items(reader, Block(lines, block.gap_before))
            if bulleted is not None:
                parts.append(bulleted)
                i += run
                continue
        parts.append(_block_part(reader, block))
        i += 1
    return tuple(_seed_style_embedding(reader, parts))


def _bullet_lines(reader: Reader, blocks: list[Block], i: int) -> int:
    """How many blocks from `i` on are one bulleted line each (a list set apart by blank
    lines)."""
    k = i
    while k < len(blocks) and len(blocks[k].lines) == 1:
        line = reader.text(*blocks[k].lines[0])
        if not BULLET.match(line, len(line) - len(line.lstrip(" \t\u00a0"))):
            break
        k += 1
    return k - i


def _block_part(reader: Reader, block: Block) -> Part:
    units = tuple(Unit("text", *reader.strip_span(s, e)) for s, e in block.lines)
    text = reader.text(block.start, block.end).strip()
    if reader.is_bracket_only(block.start, block.end):
        return Part("bracket", units)
    page = reader.lex.page_line(text) if len(block.lines) == 1 else None
    if page is not None:
        n, closes = page
        # "(p. 1)" closes its page: the number stands before the break
        return Part("pb-line", units, n=n or None, subtype="end" if closes else None)
    if reader.lex.participants.match(text):
        return Part("participants-block", units)
    return bulleted_items(reader, block) or unlabelled_items(reader, block) or Part("p", units)


def _closing_blocks(reader: Reader, blocks: list[Block]) -> list[int]:
    """Indexes of the blocks that can close a quoted document, in order."""
    # Found once per body: looking ahead from every opening quote read the rest of the
    # document once per quote, quadratic in a page of unbalanced quotes.
    closing = []
    for j, block in enumerate(blocks):
        later = reader.text(block.start, block.end).rstrip()
        if later[-2:-1] in CLOSE_QUOTES and later[-1:] in ".,;":
            later = later[:-1]  # 'Mao Zedong".': the full stop after the closing quote
        if not later or later[-1] not in CLOSE_QUOTES:
            continue
        balance = quote_balance(later)
        if balance < 0 or (balance == 0 and later[0] not in '"“„«'):
            closing.append(j)
    return closing


def _embedded_end(reader: Reader, blocks: list[Block], i: int, closing: list[int]) -> int | None:
    """Index of the last block of a quoted document opening at block i, if it is one."""
    text = reader.text(blocks[i].start, blocks[i].end).strip()
    if TELEGRAM_QUOTE.match(text):
        # "QUOTE: Dear Madam Prime Minister: …" … "Richard Nixon END QUOTE": a telegram
        # spells its quotation marks out
        return next(
            (
                j
                for j in range(i, len(blocks))
                if TELEGRAM_UNQUOTE.search(reader.text(blocks[j].start, blocks[j].end).rstrip())
            ),
            None,
        )
    if not text or text[0] not in '"“„«' or quote_balance(text) <= 0:
        return None
    k = bisect.bisect_right(closing, i)
    return closing[k] if k < len(closing) else None


def _embedded_kind(reader: Reader, before: list[Part]) -> str:
    """The kind of document the introducing paragraph names ("… sent the following
    telegram:"): the first of the intro words that is a document kind; an intro naming
    none ("Transmit the following answer", "… reads as follows:") gives "document"."""
    parts = reader.lex.conventions.parts
    before = [p for p in before if p.kind != "bracket"]  # "[Page 451]" after the intro
    if before and before[-1].units:
        intro = reader.lex.folded(reader.text(before[-1].units[0].start, before[-1].units[-1].end))
        for word in parts.embed_intros:
            if word in parts.document_kinds and re.search(rf"\b{re.escape(word)}\b", intro):
                return word.replace(" ", "-")
    return "document"


def _seed_style_embedding(reader: Reader, parts: list[Part]) -> list[Part]:
    """A signature that ends a quoted document: with a stray closing quote, or after an
    announcing paragraph ("…a memorandum addressed to General Gerow:")."""
    for j, part in enumerate(parts):
        if part.kind != "p" or not part.units:
            continue
        block = Block(tuple((u.start, u.end) for u in part.units), 1)
        text = reader.text(block.start, block.end).rstrip()
        if not text or not is_signature_block(reader, block):
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
        closer = (closer_part(reader, block),)
        kind = _embedded_kind(reader, parts[:start])
        inner = Layout(body=tuple(region), closer=closer, kind=kind)
        return parts[:start] + [Part("embedded", subtype=kind, inner=inner)] + parts[j + 1 :]
    return parts


def _part_text(reader: Reader, part: Part) -> str:
    return reader.text(part.units[0].start, part.units[-1].end).strip()


def _is_intro(reader: Reader, part: Part) -> bool:
    text = reader.text(part.units[0].start, part.units[-1].end).strip()
    return len(text) < 300 and text[-1:] in ".:" and bool(reader.lex.embed_intro.search(text))
