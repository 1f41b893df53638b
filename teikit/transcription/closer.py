"""The end of a document, read from the end: listed footnotes, the cipher office's trailer,
and the closer with its signature, salutation, place and date."""

from __future__ import annotations

import re

from teikit.transcription.citation import credit_line
from teikit.transcription.document import FOOTNOTE_DEF, Block
from teikit.transcription.layout import Line, split_columns, tidy_spaces
from teikit.transcription.lexicon import CLOSE_QUOTES, OPEN_QUOTES
from teikit.transcription.parts import (
    SENTENCE_END,
    Footnote,
    Part,
    Reader,
    Unit,
    bracket_joined_lines,
    cell_end,
    first_person_word,
    has_closing_quote,
    unbracketed,
)
from teikit.transcription.webnotes import BACKLINK, NOTE_START, opens_note

# letters an editor supplied inside a word or after an initial: "V[asily].", "Bul[ganin]"
_LETTERS_SUPPLIED = re.compile(r"(?<=\w)\[[^\]\[]*\](?=[\w.])")
_NAME_TOKEN = re.compile(r"/?(?:[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w’'\-]*\.?|[A-ZА-Я]\.(?:[A-ZА-Я]\.)*)[,/]?/?")


def take_footnotes(
    reader: Reader, blocks: list[Block], listed_from: int | None = None
) -> tuple[Footnote, ...]:
    """The notes listed at the end as "[n] text", or, from offset `listed_from` on, as a
    web page's numbered list ("  1. text", see webnotes.py); their blocks are taken."""
    if listed_from is not None:
        _split_block_at(blocks, listed_from)  # "C[ordell] H[ull]" and the notes under it
    after = [] if listed_from is not None else _after_notes(reader, blocks)
    if after:
        del blocks[-len(after) :]
    # blocks are read from the end; gathered per block and put in order once (prepending
    # each block's notes was quadratic in a list of many one-note paragraphs)
    groups: list[list[Footnote]] = []
    listed: list[tuple[int, int]] = []  # the lines of a web page's notes, from the end
    while blocks:
        block = blocks[-1]
        lines = [reader.strip_span(s, e) for s, e in block.lines]
        if listed_from is not None and block.start >= listed_from:
            listed[:0] = block.lines
            blocks.pop()
            continue
        if not FOOTNOTE_DEF.match(reader.text(*lines[0])):
            break
        found: list[Footnote] = []
        for start, end in lines:
            match = FOOTNOTE_DEF.match(reader.text(start, end))
            if match:
                found.append(Footnote(match.group("n"), start + match.end() - 1, end, start))
            elif found:  # a footnote's second line
                last = found[-1]
                found[-1] = Footnote(last.n, last.start, end, last.marker_start)
        groups.append(found)
        blocks.pop()
    if listed:
        groups.insert(0, _web_notes(reader, listed))
    blocks.extend(after)
    return tuple(note for found in reversed(groups) for note in found)


# What a page may print below a document's notes: a site's footer, the archive's summary.
_BLOCKS_AFTER_NOTES = 2
_LINES_AFTER_NOTES = 3


def _after_notes(reader: Reader, blocks: list[Block]) -> list[Block]:
    """The few short blocks below the notes ("[1] …") that end a document, when every
    note's marker ("[1]") stands in the text above the notes: a footer or a summary the
    page printed there, which the notes' search steps over. Else []."""
    for k in range(1, min(_BLOCKS_AFTER_NOTES, len(blocks) - 1) + 1):
        block = blocks[-k]
        if len(block.lines) > _LINES_AFTER_NOTES or _starts_with_note_text(reader, block):
            return []
        notes = blocks[-k - 1]
        if _starts_with_note_text(reader, notes):
            first = notes
            for earlier in reversed(blocks[: -k - 1]):
                if not _starts_with_note_text(reader, earlier):
                    break
                first = earlier
            above = reader.text(0, first.start)
            numbers = [
                match.group("n")
                for b in blocks[blocks.index(first) : -k]
                for s, e in b.lines
                if (match := FOOTNOTE_DEF.match(reader.text(s, e)))
            ]
            return blocks[-k:] if all(f"[{n}]" in above for n in numbers) else []
    return []


def _starts_with_note_text(reader: Reader, block: Block) -> bool:
    return FOOTNOTE_DEF.match(reader.text(*reader.strip_span(*block.lines[0]))) is not None


def _web_notes(reader: Reader, lines: list[tuple[int, int]]) -> list[Footnote]:
    """A web page's notes, one a line, and the paragraphs set in below a note going on
    with it ("  3. In telegram 1300 …" / "    In his memoirs, …")."""
    notes: list[Footnote] = []
    for start, end in lines:
        if notes and not opens_note(reader.text(start, end)):
            last = notes[-1]
            notes[-1] = Footnote(
                last.n, last.start, reader.strip_span(start, end)[1], last.marker_start
            )
        else:
            notes.append(_web_note(reader, *reader.strip_span(start, end)))
    return notes


def _web_note(reader: Reader, start: int, end: int) -> Footnote:
    """One line of a web page's notes: "1. text", or "- text↩" (numbered by its marker
    later: n is "" here); the back-link is not part of the note."""
    text = reader.text(start, end)
    match = NOTE_START.match(text)
    assert match is not None  # it matches the empty string
    if text.endswith(BACKLINK):
        end = reader.strip_span(start, end - len(BACKLINK))[1]
    return Footnote(match.group("n") or "", start + match.end(), end, start)


def _split_block_at(blocks: list[Block], offset: int) -> None:
    """Cut the block holding a line that starts at `offset` in two there."""
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.start < offset <= block.end:
            head = tuple(span for span in block.lines if span[0] < offset)
            tail = tuple(span for span in block.lines if span[0] >= offset)
            if head and tail:
                blocks[i : i + 1] = [Block(head, block.gap_before), Block(tail, 0)]
            return
        if block.end < offset:
            return


def _is_trailer_line(reader: Reader, text: str) -> bool:
    lex = reader.lex
    stripped = text.strip()
    first = stripped.split(maxsplit=1)[0] if stripped else ""
    if first_person_word(first, lex.conventions.parts.first_person):
        return False  # "We sent the plan to Comrade Mu overnight.": the writer's sentence
    if lex.trailer.match(stripped) or _TYPIST.fullmatch(stripped):
        return True
    if _is_registry_line(reader, stripped):
        return True
    if stripped[:1] in "[(" and credit_line(stripped) is not None:
        return True  # "[Translated from Russian by Olga Brenner.]"
    entry = _NUMBERED_ENTRY.fullmatch(stripped)
    if entry and lex.person_prefix.match(entry.group(1)):
        return True  # "1. Comr. Stalin": a numbered copy of the distribution list
    # "Five copies printed", "25 copies typed"
    count = re.match(r"(\S+)\s+", stripped)
    if (
        count
        and (count[1].isdigit() or lex.folded(count[1]) in lex.conventions.numbers)
        and lex.trailer.match(stripped, count.end())
    ):
        return True
    # "CONFIDENTIAL        PERMANENT RECORD COPY": the marks a page ends with
    if any(lex.is_classification(c.text) for c in split_columns(Line(0, text))):
        return True
    # "Nº 6617", "Nº 13-op (1 page)", "1 – Cde. Molotov", "4 to file": the copy and
    # register lines of the trailer
    if lex.number_mark.fullmatch(_PAGES_NOTE.sub("", stripped)):
        return True
    # "Nº 292 31 May 1960": the register's number and the day it was entered
    dated = reader.without_dates(stripped).strip(" ,.")
    if dated != stripped and lex.number_mark.fullmatch(dated):
        return True
    return _COPY_LINE.fullmatch(stripped) is not None


# "1 – Cde. Molotov", "2-3 - to Cde. Orlov", "1st - to file", "4 to file": a copy's number,
# a dash or "to", whom it went to ("3. What the port says turns out to be wrong." is none);
# "5th -": the last copy line, cut off by the page
_COPY_LINE = re.compile(
    r"\d+(?:\s*[-–]\s*\d+)?(?:st|nd|rd|th)?[ \t\u00a0]*"
    r"(?:[-–](?:[ \t\u00a0]*(?:to\s+)?\S.{0,60})?|to\s+\S.{0,60})"
)


def _is_registry_line(reader: Reader, text: str) -> bool:
    """ "346-V", "0412/61" alone, or "Incoming Nº M-6843s" (a reference word of the
    conventions and its number): a registry's line."""
    return bool(_REGISTRY_NUMBER.fullmatch(text)) or reader.lex.is_reference(text)


# "346-V", "0412/61", "M-6843s": a registry's number alone on its line
_REGISTRY_NUMBER = re.compile(r"(?=\S*\d)(?=\S*[-/])[\w]{1,6}[-/][\w]{1,6}")
# "(1 page)", "(2 pp.)": how long the document is, after its register number
_PAGES_NOTE = re.compile(r"\s*\(\d{1,3}\s+(?:pages?|pp?\.|sheets?|ll?\.)\)$")
# A numbered line of a distribution list: "1. Comr. Stalin", "4) Cde. Orlov".
_NUMBERED_ENTRY = re.compile(r"\d{1,2}[.)]\s+(\S.{0,50})")
# A typist's reference: the writer's and the typist's initials ("me/MB", "AG:ls"), or
# the typist's alone in small letters ("fb"); a register's number alone ("510599")
_TYPIST = re.compile(r"[A-Za-zА-Яа-я]{1,4}[/:][A-Za-zА-Яа-я]{1,4}\.?|[a-zа-я]{2,3}|\d{5,8}")


def take_trailer(reader: Reader, blocks: list[Block]) -> tuple[Part, ...]:
    taken: list[Block] = []  # from the end of the document
    while blocks:
        block = blocks[-1]
        first = reader.text(*block.lines[0])
        # "22 October 1956" between the register number and the typist's initials
        # or last, below a trailer's line ("Security restricted …" / "March 5th 6:10pm")
        dated = (
            len(block.lines) == 1
            and _is_date_only(reader, first)
            and (
                bool(taken)
                or len(blocks) > 1
                and _is_trailer_line(reader, reader.text(*blocks[-2].lines[0]))
            )
        )
        if not taken and _source_note_block(reader, block):
            taken.append(blocks.pop())  # "[Source: … Translated for CWIHP by …]" below it all
            continue
        # "[Stamp:] Secretariat of V. M. Molotov" over the registry's lines: the trailer's
        stamped = bool(taken) and _opens_with(reader, block, ("stamp",))
        if (
            (not _is_trailer_line(reader, first) or has_closing_quote(reader, block))
            and not dated
            and not stamped
        ):
            # one name under its head inside the trailer, two or more ending the document
            listed = _names_under_head(reader, blocks, least=1 if taken else 2)
            if not listed:
                break
            taken.extend(blocks.pop() for _ in range(listed))  # "Distributed to" / names
            continue
        lines = [reader.text(s, e) for s, e in block.lines]
        if not all(_is_trailer_line(reader, t) or len(t.strip()) < 60 for t in lines):
            break
        taken.append(blocks.pop())
    # "Nº 2401" / "13 October 1950." above "Two copies printed": the cable's own number
    # and date, given back to its closer; a date belongs to the trailer only below a line
    # that says what the trailer is
    top = len(taken)
    while top and _number_or_date(reader, taken[top - 1]):
        top -= 1
    if any(_is_date_only(reader, reader.text(b.start, b.end)) for b in taken[top:]):
        blocks.extend(reversed(taken[top:]))
        del taken[top:]
    return tuple(
        Part("trailer-line", (Unit("text", *reader.strip_span(s, e)),))
        for block in reversed(taken)
        for s, e in block.lines
    )


def _names_under_head(reader: Reader, blocks: list[Block], *, least: int) -> int:
    """How many blocks at the end are a trailer's head ("Distributed to", "Seen by") and
    the names under it, one a line ("Cdes. Stalin" / "Molotov" / …): 0 unless `least`
    names or more (one under a head with its colon, "Received by:")."""
    k = len(blocks) - 1
    while (
        k >= 0
        and len(blocks[k].lines) == 1
        and _name_like(reader, reader.text(*blocks[k].lines[0]))
    ):
        k -= 1
    names = len(blocks) - 1 - k
    if k < 0 or len(blocks[k].lines) != 1:
        return 0
    head = reader.text(*blocks[k].lines[0]).strip()
    if names < (1 if head.endswith(":") else least):  # "Received by:" / "Comrade Rapacki"
        return 0
    return names + 1 if reader.lex.trailer.match(head) else 0


def _signature_mark(reader: Reader, block: Block) -> bool:
    """Whether a block of one line is a signature's bracket ("[signature]") and perhaps
    the date beside it ("21 May 1952 [signature]"), no name: the document's signing."""
    if len(block.lines) != 1:
        return False
    start, end = reader.strip_span(*block.lines[0])
    brackets = reader.brackets_within(start, end)
    if len(brackets) != 1:
        return False
    if reader.meaning_of(brackets[0]).construct != "signature":
        return False
    rest = reader.text(start, brackets[0].start) + reader.text(brackets[0].end, end)
    return not reader.without_dates(rest).strip(" ,.")


def _opens_with(reader: Reader, block: Block, constructs: tuple[str, ...]) -> bool:
    """Whether a block opens with a bracket read as one of `constructs`: a stamp's ("[Stamp:]
    Secretariat of …"), a hand's ("[Handwritten note]: Comrade Marjai's copy has been sent
    …"): a mark made on the document, not its text."""
    start, end = reader.strip_span(*block.lines[0])
    brackets = reader.brackets_within(start, end)
    return (
        bool(brackets)
        and brackets[0].start == start
        and reader.construct_at(brackets[0]) in constructs
    )


def _source_note_block(reader: Reader, block: Block) -> bool:
    """A block of one bracket, the editor's note of the document's source."""
    start, end = reader.strip_span(block.start, block.end)
    if not reader.is_bracket_only(start, end):
        return False
    brackets = reader.brackets_within(start, end)
    return len(brackets) == 1 and reader.meaning_of(brackets[0]).attr("type") == "source"


def _number_or_date(reader: Reader, block: Block) -> bool:
    text = reader.text(block.start, block.end).strip()
    return len(block.lines) == 1 and (
        bool(reader.lex.number_mark.fullmatch(text)) or _is_date_only(reader, text)
    )


def _is_date_only(reader: Reader, text: str) -> bool:
    return bool(text.strip()) and not reader.without_dates(text).strip(" ,.")


def _name_like(reader: Reader, text: str) -> bool:
    """A signature: a few capitalised words or initials, maybe /slashed/, without a sentence."""
    if reader.lex.is_classification(text.strip()):
        return False
    if _is_registry_line(reader, text.strip()):
        return False  # "Incoming Nº M-6843s": a registry's number, no one signing
    mark = reader.lex.signature_mark.search(text)
    if mark and mark.start() > 0:
        text = text[: mark.start()]  # "Szabó Kálmán s.k. deputy head of department"
    elif mark:
        text = text[mark.end() :].lstrip(" \t\u00a0:")  # "gez. Neuer", "Signed: D. Popa"
    text = reader.lex.number_mark.sub(" ", text)
    text = reader.lex.signature_mark.sub(" ", text)
    text = reader.without_dates(text)
    text = text.rstrip().rstrip(CLOSE_QUOTES)
    if text[-2:-1] in "]" + CLOSE_QUOTES and text[-1:] == ".":
        # "FILIPPOV [Stalin].”", 'Mao Zedong".': the full stop after a bracket or a quote
        text = text[:-1]
    text = _LETTERS_SUPPLIED.sub("", text)  # "V[asily]. Pisarev": the initial as typed
    text = re.sub(r"\[[^\]]*\]?", " ", text).strip(" " + CLOSE_QUOTES + OPEN_QUOTES)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]  # "(P. ABRASIMOV)": the name typed under the signature
    tokens = text.split()
    if len(tokens) >= 3 and all(len(t) == 1 and t.isupper() for t in tokens):
        return True  # "S H T Y K O V": a surname typed letter-spaced
    if _role_only(reader, tokens, acronyms=True) or _office_of_place(reader, tokens):
        return False  # "Deputy Assistant Under-Secretary": the signer's title, not a name
    if (
        len(tokens) <= 2
        and tokens
        and reader.lex.folded(tokens[0]) in reader.lex.conventions.parts.articles
    ):
        return False  # "The DPRK": the first words of a sentence, not a signer
    word = reader.lex.folded(tokens[0].strip(",.;:")) if len(tokens) == 1 else ""
    if word in reader.lex.name_stopwords and word not in reader.lex.not_a_name:
        # "Concerning", "Meanwhile": a sentence's first word, cut off after it (an office's
        # word, "Secretariat", may sign)
        return False
    office = next(
        (k for k, t in enumerate(tokens[:3]) if reader.lex.folded(t) in reader.lex.not_a_name),
        None,
    )
    if 2 <= len(tokens) <= 8 and office is not None and tokens[0][:1].isupper():
        # "Ministry of Foreign Affairs", "Chinese Embassy in North Korea": an office signs
        # (after the words that say whose it is); its small words are allowed
        return all(
            _NAME_TOKEN.fullmatch(t) or t in reader.lex.office_joiners for t in tokens
        ) and not text.endswith(":")
    if not 1 <= len(tokens) <= 5:
        return False
    return all(_NAME_TOKEN.fullmatch(t) for t in tokens) and not text.endswith(":")


def _role_only(reader: Reader, tokens: list[str], *, acronyms: bool = False) -> bool:
    """Whether every word is an office word or a small joining word ("Head of Department");
    with `acronyms`, the conventions' name stopwords too ("USSR AMBASSADOR IN THE DPRK")."""
    lex = reader.lex
    others = lex.name_stopwords if acronyms else lex.not_a_name
    office = False
    for token in tokens:  # a sentence's words: most often its first is no office's
        word = lex.folded(token.strip(",.;"))
        if word in lex.role_words:
            office = True
        elif word not in lex.office_joiners and word not in others:
            return False
    return office


# "USSR AMBASSADOR IN HUNGARY": at most this many words name the office, and where it is
_OFFICE_WORDS = 3
_PLACE_WORDS = 4


def _office_of_place(reader: Reader, tokens: list[str]) -> bool:
    """ "USSR AMBASSADOR IN HUNGARY", "Soviet Consul in Harbin": an office word after a
    word or two that say whose it is, then "in" or "of" (`parts.office_joiners`) and a few
    capitalised words that say where: a title."""
    lex = reader.lex
    # the office has three words at most, so its joiner is among the first four words
    words = [lex.folded(t.strip(",.;")) for t in tokens[: _OFFICE_WORDS + 1]]
    joiner = next((k for k, w in enumerate(words) if w in lex.office_joiners), None)
    if joiner is None or joiner == 0 or words[joiner - 1] not in lex.role_words:
        return False
    place = [
        t for t in tokens[joiner + 1 :] if lex.folded(t.strip(",.;")) not in lex.office_joiners
    ]
    office = tokens[:joiner]  # "USSR AMBASSADOR", "NORLAND CONSUL": whose office, then it
    return (
        all(t[:1].isupper() for t in office)
        and 1 <= len(place) <= _PLACE_WORDS
        and all(t[:1].isupper() for t in place)
    )


def name_after_closing(reader: Reader, text: str) -> int | None:
    """Where the signer's name starts in "With greetings. FILIPPOV [Stalin].", else None."""
    # "“Sincerely, John F. Kennedy”": a quoted letter's closing phrase opens with the quote
    quote = len(text) - len(text.lstrip(OPEN_QUOTES))
    match = reader.lex.closing.match(text, quote)
    if match is None:
        return None
    rest = text[match.end() :]
    name_at = match.end() + len(rest) - len(rest.lstrip(" .,;!\u00a0"))
    if name_at == match.end() or not _name_like(reader, text[name_at:]):
        return None
    return name_at


def _signature_line(reader: Reader, start: int, end: int) -> bool:
    text = reader.text(start, end)
    if name_after_closing(reader, text.strip()) is not None:
        return True
    if reader.is_bracket_only(start, end):
        # "[Johnson]": a name the editor supplied; "[signature]" alone names nobody
        return _name_like(reader, text.strip()[1:-1])
    if _signs_after_office(reader, start, end):
        return True
    typed = _TYPED_NAME.search(text)
    if typed and _name_like(reader, typed.group(1)):
        # "SOVIET AMBASSADOR IN THE DPRK [signature] (A. Puzanov)": the office, then the
        # name typed in parentheses
        before = unbracketed(text[: typed.start()]).strip()
        if not before or _role_like(before):
            return True
    cells = split_columns(Line(0, text))
    names = [_name_like(reader, c.text) for c in cells]  # each cell read once, not twice
    return any(names) and all(
        name
        or reader.lex.closing.match(unbracketed(c.text))
        or reader.is_bracket_only(start + c.col - 1, start + c.col - 1 + len(c.text))
        or reader.lex.number_mark.fullmatch(c.text)
        or _role_like(c.text)
        or not reader.without_dates(c.text).strip(" ,." + CLOSE_QUOTES)
        for name, c in zip(names, cells, strict=True)
    )


def _signs_after_office(reader: Reader, start: int, end: int) -> bool:
    """ "Ambassador of the USSR in the MPR [Signature] V. Pisarev": an office (or nothing),
    the signature's bracket, and the name typed after it."""
    text = reader.text(start, end)
    for mark in reader.brackets_within(start, end):
        if reader.construct_at(mark) == "signature":
            before = unbracketed(text[: mark.start - start]).strip()
            after = text[mark.end - start :].strip()
            return bool(after) and _name_like(reader, after) and (not before or _role_like(before))
    return False


# A name in parentheses ending a line: "(A. Puzanov)", "(B. VERESHCHAGIN)."
_TYPED_NAME = re.compile(r"\(([^()\[\]]{2,60})\)\.?\s*$")


def _role_like(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 10 and text[:1].isupper() and not SENTENCE_END.search(text)


def is_signature_block(reader: Reader, block: Block) -> bool:
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
        or (len(t.split()) <= 8 and not SENTENCE_END.search(t))  # "deputy head of department"
        for t in texts[last + 1 :]
    )
    head_ok = all(
        i in named
        or _role_like(t)
        or reader.lex.closing.match(unbracketed(t))
        or reader.is_bracket_only(*lines[i])
        for i, t in enumerate(texts[:last])
    )
    return tail_ok and head_ok


def _cut_off(reader: Reader, blocks: list[Block]) -> bool:
    """Whether the last block is where a copy was cut off, not a signature: it goes on
    with the line above, which ends with a comma or a semicolon ("Copies: Stalin (2),
    Molotov," / "Mikoyan, Kaganovich, Bulga"), or it is one word cut short, the beginning
    of a longer word of the text ("Dobr" of "Dobrynin"), or one letter ("P")."""
    block = blocks[-1]
    if len(blocks) > 1 and block.gap_before <= 1:
        above = reader.text(*reader.strip_span(*blocks[-2].lines[-1])).rstrip()
        if above.endswith((",", ";")) and not reader.lex.closing.match(unbracketed(above)):
            return True  # "Ri Dong-yong - I respect him, …;" / "P": the next entry, cut
    words = reader.text(block.start, block.end).split()
    if len(words) != 1 or not words[0].isalpha():
        return False
    if len(words[0]) < 2:
        return True  # one letter, no stop: the first of a word the copy lost
    word = words[0].casefold()
    return any(
        len(other) > len(word) and other.casefold().startswith(word)
        for other in _CAPITALISED.findall(reader.text(0, block.start))
    )


_CAPITALISED = re.compile(r"[A-ZÀ-ÞА-ЯЁ][^\W\d_]+")  # letters: not "KOWALCZYK1", a marker


def take_closer(reader: Reader, blocks: list[Block]) -> tuple[Part, ...]:
    parts: list[Part] = []
    signed = role_above = mark_above = top_signed = False
    signature: Block | None = None
    while blocks:
        block = blocks[-1]
        if parts and has_closing_quote(reader, block):
            break  # the end of a quoted document is not part of this closer
        below_signature = any(
            is_signature_block(reader, b) or _signature_mark(reader, b) for b in blocks[-3:-1]
        )
        if not signed and is_place_date(reader, block) and below_signature:
            pass  # "Moscow, 24 September 1952" below the signature
        elif not signed and is_signature_block(reader, block) and not _cut_off(reader, blocks):
            signed = True
        elif not signed and _signature_mark(reader, block):
            signed = True  # "21 May 1952 [signature]", "[signature]": signed, no name typed
        elif not signed and reader.is_bracket_only(block.start, block.end) and below_signature:
            pass  # an annotation below the signature
        elif not signed and _is_role_block(reader, block) and below_signature:
            pass  # "Deputy Assistant Under-Secretary": the title below the signer's name
        elif signed and (_is_closing_block(reader, block) or is_place_date(reader, block)):
            pass
        elif (
            signed
            and top_signed
            and is_signature_block(reader, block)
            and not _is_office_in_capitals(reader, block)
        ):
            pass  # "N. Khrushchev" / "L. Brezhnev": signers set apart, one above the other
        elif signed and not role_above and _is_role_block(reader, block):
            role_above = True  # "COUNSELLOR OF THE [signature]" / "USSR MFA DVO (B. NAME)"
        elif signature is not None and (
            not mark_above
            and _is_short_bracket(reader, block)
            or not role_above
            and _is_office_in_capitals(reader, block)
        ):
            # "[signature]" a line above "(A. PUZANOV)", and "USSR AMBASSADOR IN THE DPRK"
            # above it (or above "[signature] (A. PUZANOV)"): one signature typed over
            # lines set apart, as if in one block
            role_above = role_above or mark_above or _is_office_in_capitals(reader, block)
            mark_above = True
            signature = Block(block.lines + signature.lines, block.gap_before)
            parts[0] = closer_part(reader, signature)
            blocks.pop()
            continue
        else:
            break
        parts[:0] = [closer_part(reader, block)]
        top_signed = signed and is_signature_block(reader, block)
        # the signature's block, while nothing stands above it yet
        signature = block if signed and signature is None and len(parts) == 1 else None
        blocks.pop()
    if not signed:
        blocks.extend(_unparts(parts))
        unsigned = _take_unsigned_closer(reader, blocks)
        if unsigned:
            return unsigned
        last = _split_last_line(reader, blocks)
        return (closer_part(reader, last),) if last is not None else ()
    return tuple(parts)


def _take_unsigned_closer(reader: Reader, blocks: list[Block]) -> tuple[Part, ...]:
    """ "Nº 2395 / 12 October 1950.": the outgoing number and date that end a cable whose
    signature stands inside the quoted text (or is missing), with any bracket around them."""
    k = len(blocks)
    numbered = saluted = placed = False
    marks_only = True  # nothing but brackets and annotations below so far
    while k > 0:
        block = blocks[k - 1]
        text = reader.text(block.start, block.end).strip()
        if len(block.lines) == 1 and reader.lex.number_mark.fullmatch(text):
            numbered = True
        elif _is_bare_closing(reader, text):
            saluted = True  # "With warm regards," / "Yours sincerely,": the signature left out
        elif is_place_date(reader, block):
            # "Budapest, 1972 July 1." ending a report no one signs: where and when (a
            # hand's note below it maybe)
            placed = placed or marks_only and bool(reader.without_dates(text).strip(" ."))
        elif not reader.is_bracket_only(block.start, block.end) and not (
            marks_only and _opens_with(reader, block, ("annotation", "stamp"))
        ):
            break
        marks_only = marks_only and not (numbered or saluted or placed)
        k -= 1
    if not (numbered or saluted or placed) or k == 0:
        return ()
    taken = blocks[k:]
    del blocks[k:]
    return tuple(closer_part(reader, block) for block in taken)


def _is_bare_closing(reader: Reader, text: str) -> bool:
    """ "Yours sincerely,": a closing phrase and nothing after it but punctuation."""
    text = unbracketed(text).strip(OPEN_QUOTES + CLOSE_QUOTES + " ")
    match = reader.lex.closing.match(text)
    return match is not None and not text[match.end() :].strip(" ,.;:!")


def _split_last_line(reader: Reader, blocks: list[Block]) -> Block | None:
    """A signature typed right under the last paragraph, with no blank line between."""
    if not blocks or len(blocks[-1].lines) < 2:
        return None
    block = blocks[-1]
    last = Block(block.lines[-1:], 0)
    text = reader.text(*block.lines[-2]).strip()
    if not is_signature_block(reader, last) or not SENTENCE_END.search(text):
        return None
    if text.endswith((",", ";")) or len(reader.text(*last.lines[0]).strip()) < 2:
        return None  # "… restrained official;" / "P": a list's next entry, cut off
    blocks[-1] = Block(block.lines[:-1], block.gap_before)
    return last


def _unparts(parts: list[Part]) -> list[Block]:
    return [Block(tuple((u.start, u.end) for u in p.units), 1) for p in parts]


def _is_role_block(reader: Reader, block: Block) -> bool:
    """ "Deputy Assistant Under-Secretary", "Chairman of the USSR Council of Ministers": one
    line that opens with an office word and is no sentence."""
    text = reader.text(block.start, block.end).strip()
    words = text.split()
    return (
        len(block.lines) == 1
        and len(text) < 80
        and bool(words)
        and (
            _role_only(reader, words)
            or reader.lex.folded(words[0]) in reader.lex.role_words
            and not SENTENCE_END.search(text)
        )
    )


def _is_short_bracket(reader: Reader, block: Block) -> bool:
    return (
        len(block.lines) == 1
        and block.end - block.start <= 40
        and reader.is_bracket_only(block.start, block.end)
    )


def _is_office_in_capitals(reader: Reader, block: Block) -> bool:
    """ "USSR AMBASSADOR IN THE DPRK": one line in capitals holding an office word."""
    text = reader.text(block.start, block.end).strip()
    return (
        len(block.lines) == 1
        and text.isupper()
        and _role_like(text)
        and any(reader.lex.folded(w) in reader.lex.role_words for w in text.split())
    )


def _is_closing_block(reader: Reader, block: Block) -> bool:
    text = unbracketed(reader.text(block.start, block.end).strip())
    return bool(reader.lex.closing.match(text)) and len(text) < 80


def is_place_date(reader: Reader, block: Block) -> bool:
    """ "Budapest, 22 September 1954" or a bare "21 November 1950" by a signature."""
    if len(block.lines) != 1:
        return False
    text = reader.text(block.start, block.end).strip()
    undated = reader.without_dates(text)
    if undated == text:
        return False  # no date: ". . . . . ." (an omission) is no place and date
    rest = undated.strip(" ." + CLOSE_QUOTES)
    return not rest or len(rest.split()) <= 3 and rest.endswith(",")


def closer_part(reader: Reader, block: Block) -> Part:
    units: list[Unit] = []
    for start, end in bracket_joined_lines(reader, block):
        for cell in split_columns(Line(0, reader.text(start, end))):
            cs = start + cell.col - 1
            ce = cell_end(reader, cs, end, cell.text)
            name_at = name_after_closing(reader, reader.text(cs, ce))
            if name_at is not None:
                # "With greetings. FILIPPOV": the closing phrase, then the signature
                phrase = reader.text(cs, cs + name_at).rstrip(" \u00a0")
                units.append(Unit("salute", cs, cs + len(phrase)))
                units.append(Unit("signed", cs + name_at, ce))
            else:
                units.append(Unit(_closer_kind(reader, cs, ce), cs, ce))
    return Part("closer-block", tuple(units))


def _closer_kind(reader: Reader, start: int, end: int) -> str:
    text = reader.text(start, end)
    if reader.is_bracket_only(start, end):
        return "bracket"
    if reader.lex.closing.match(unbracketed(text)):
        return "salute"
    if reader.lex.number_mark.fullmatch(text.strip()):
        return "number"
    rest = reader.without_dates(text).strip()
    dated = rest != text.strip()
    bare = rest.rstrip(" ." + CLOSE_QUOTES)  # "Budapest, 1972 July 1.": the last full stop
    if dated and (
        not rest.strip(" ,." + CLOSE_QUOTES) or (bare.endswith(",") and len(bare.split()) <= 3)
    ):
        return "date"
    if _name_like(reader, text) or _signs_after_office(reader, start, end):
        return "signed"
    return "role"
