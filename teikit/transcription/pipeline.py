"""text → lines → page split → blocks → parts → TEI tree, with the lossless check at the end."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from lxml import etree

from teikit.diagnostics import Diagnostic, error, info, warning
from teikit.lossless import content_words, missing_words
from teikit.tei.builder import build_text
from teikit.tei.header import (
    Correspondent,
    PageFacts,
    build_header,
    dateline_far_off,
    slug,
    translator_of,
)
from teikit.tei.indent import indent_tei
from teikit.tei.inline import TEI_NS, Emitter, Trace
from teikit.tei.names import NAME_LIST_SPLIT, Name, NameIndex, build_name_index
from teikit.transcription.brackets import Bracket, scan_brackets
from teikit.transcription.citation import (
    CITATION_WORDS,
    Citation,
    CitationWords,
    credit_line,
    parse_citation,
)
from teikit.transcription.conventions import Conventions, fold
from teikit.transcription.dates import (
    DocumentDate,
    DocumentDates,
    document_date,
    find_dates,
    full_dates,
    parse_date,
    reads_as_time,
)
from teikit.transcription.document import UPLINK, Document, split_blocks
from teikit.transcription.language import written_language
from teikit.transcription.layout import (
    Line,
    find_forbidden_chars,
    replace_forbidden_chars,
    split_lines,
    spread_unbroken_copy,
    tidy_spaces,
)
from teikit.transcription.lexicon import Lexicon
from teikit.transcription.page import (
    OTHER,
    YEAR_ALONE,
    PageSplit,
    quoted_title,
    split_page,
    unflatten_export,
)
from teikit.transcription.parts import (
    OPENER_FIELD,
    SENTENCE_END,
    Footnote,
    Unit,
)
from teikit.transcription.structure import Layout, read_layout
from teikit.transcription.webnotes import (
    BACKLINK,
    WebFootnotes,
    bare_markers,
    marked_word,
    numbered_by_markers,
    unlisted_markers,
    web_footnotes,
    with_markers,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run_pipeline(
    text: str, *, conventions: Conventions
) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """Convert a transcription; returns the TEI tree and what was found on the way.

    Example:
        tree, diagnostics = run_pipeline(text, conventions=load_conventions())
    """
    from teikit import __version__

    diagnostics: list[Diagnostic] = []
    words = Lexicon.from_conventions(conventions)
    # "RESPECTFULLY" ends a paragraph; "… reactivation of the" goes on in the next line
    spread = spread_unbroken_copy(split_lines(text), words.closing, words.title_open_endings)
    lines = unflatten_export(spread, page=conventions.page)
    lines, forbidden = _without_forbidden(lines)
    diagnostics += forbidden
    page = split_page([line.text for line in lines], page=conventions.page)
    diagnostics += [
        info(
            "page.chrome",
            f"site chrome '{tidy_spaces(lines[i].text)}' is not part of the document "
            "and was left out",
            line=lines[i].number,
            col=_text_col(lines[i]),
        )
        for i in page.chrome
    ]
    diagnostics += _dropped_labels(page, lines)
    first, last = page.body
    doc = Document.from_lines(tuple(lines[first:last]))
    dated_by = [lines[i].text for i in (page.date, page.title) if i is not None]
    conventions = _numeric_order_of(doc.text, conventions, dated_by)
    conventions = _language_of(doc.text, conventions)
    lex = Lexicon.from_conventions(conventions)
    facts = _with_credit_lines(_page_facts(page, lines, conventions), doc.text, conventions)
    filed = _filed_date(doc.text[:_HEAD_CHARS], conventions) or _filed_in_source_note(
        doc.text, lex, conventions
    )
    if filed is not None:
        facts = replace(facts, filed=f"{filed.year:04d}-{filed.month:02d}-{filed.day:02d}")
    year = _document_date(facts, doc, conventions, lex, filed)
    found_dates = DocumentDates(conventions.dates, year)  # this document's, read once each
    brackets = scan_brackets(doc.text, pairs=conventions.parts.other_brackets)
    diagnostics += _unopened_closers(doc, brackets)
    # "Molotov34 in …" and "  1. V. M. Molotov …" at the end (webnotes.py)
    web_notes = web_footnotes(doc.text, brackets, conventions.parts.file_numbers)
    marked = with_markers(brackets, web_notes.markers) if web_notes else brackets
    layout = read_layout(
        doc,
        split_blocks(doc, marked, open_endings=lex.title_open_endings),
        marked,
        lex=lex,
        year=year,
        titled=facts.title is not None,
        # "Transcript of …", "Record of a Conversation …": a record of people talking
        records_talk=bool(lex.speech_title.search(facts.title or "")),
        found_dates=found_dates,
        notes_from=web_notes.notes_from if web_notes else None,
    )
    if web_notes and web_notes.listed != len(layout.footnotes):
        web_notes = None  # the list was not read as the document's end: it stays a list
    listed_numbers: list[str] = []  # a page's list numbers, where its markers renumber it
    if web_notes:
        brackets = marked
        numbered = numbered_by_markers(doc.text, web_notes, layout.footnotes)
        # a note listed "1." whose marker prints 28 (not a "- …↩" note with no number)
        renumbered = [
            (old, new)
            for old, new in zip(layout.footnotes, numbered, strict=False)
            if old.n and old.n != new.n
        ]
        diagnostics += _renumbered_notes(doc, renumbered)
        listed_numbers = [old.n for old, _ in renumbered]
        layout = replace(layout, footnotes=numbered)
        diagnostics += _backlinks_left_out(doc, web_notes)
    diagnostics += _uplinks_left_out(doc, layout.footnotes)
    unlisted = _unlisted_markers(doc, brackets, layout, conventions) if web_notes is None else ()
    if unlisted:  # "Memorandum of Conversation1" on a page cut off before its notes
        brackets = with_markers(brackets, unlisted)
        if year is None:  # "…, March 3–4, 19611": the heading's year, its note's number apart
            head = doc.text[: unlisted[0].start]
            year = document_date(head[-_HEAD_CHARS:], dates=conventions.dates)
            found_dates = DocumentDates(conventions.dates, year)
    # "From: … JELEN1" above "[1] Poland's Ambassador …"
    bare = bare_markers(doc.text, brackets, layout.footnotes) if web_notes is None else ()
    if bare:
        brackets = with_markers(brackets, tuple(marker for marker, _ in bare))
    markers = web_notes.markers if web_notes else unlisted

    if facts.title is None:
        own_title = _layout_title(layout, doc, lex, markers)
        sender, addressee = _correspondents(own_title, conventions)
        facts = replace(
            facts, sender=sender, addressee=addressee, author=_author(own_title, conventions)
        )
    facts = replace(
        facts,
        sender=_listed_as(facts.sender, facts.entries),
        addressee=_listed_as(facts.addressee, facts.entries),
    )
    # an office with no name ("the Secretary of State") is a correspondent, but its words
    # in the text ("former Secretary of State Root") are no person's name
    roles = conventions.parts.role_words
    known = [
        Name(c.text, c.kind, c.ident)
        for named in (facts.sender, facts.addressee, facts.author)
        for c in (named.everyone() if named else ())
        if not (c.kind == "person" and _is_office(c.text, roles))
    ]
    known += [Name(_surname(t), k, i, any_case=True) for k, i, t in facts.entries if k == "person"]
    known += [Name(t, k, i, any_case=True) for k, i, t in facts.entries if k in ("place", "org")]
    # the seats of government the conventions know, however they are written; only those
    # the text names join the index, whose pattern every text segment is matched against
    named = _NamedIn(f"{doc.text}\n{facts.title or ''}")
    header = conventions.header
    known += [
        Name(place, "place", any_case=True)
        for place in named.which(header.place_names + header.country_names + header.city_names)
    ]
    known += [  # "the USSR", "the GDR": as written only
        Name(abbreviation, "place")
        for abbreviation in header.country_abbreviations
        if abbreviation in named.raw
    ]
    # people and organisations named so often that no title need say who they are (a
    # correspondent's own entry, with its id, wins: "ROSHCHIN" signs for the title's)
    correspondents = {name.text.casefold() for name in known}
    known += [
        Name(person, "person", any_case=True)
        for person in named.which(header.person_names)
        if person.casefold() not in correspondents
    ]
    known += [  # "NATO" in capitals only, "Central Committee" however it is written
        Name(org, "org", any_case=org == org.lower()) for org in named.which(header.org_names)
    ]
    # "Translated by Anna Novak": a credit (the text's or the citation's) names a person,
    # whole, and the translator's mentions point at the header's translator
    translator = translator_of(facts)
    cited = facts.citation.credited if facts.citation is not None else ()
    known += [
        Name(name, "person", "translator" if name == translator else None)
        for name in (translator, *(name for _, name in (*facts.credited, *cited)))
        if name
        and " and " not in name
        and not any(fold(w) in header.org_words for w in name.split())
    ]
    # the page's title too: "Journal of … A.M. Puzanov" may be the only mention of him
    names = build_name_index([doc.text, facts.title or ""], lex=lex, known=known)
    emitter = Emitter(
        doc,
        brackets,
        lex,
        names,
        year,
        notes=layout.footnotes,
        known_resp={"translator"} if translator_of(facts) else set(),
        found_dates=found_dates,
    )
    for footnote in layout.footnotes:
        emitter.trace.consumed.append(footnote.n)
    emitter.trace.consumed += listed_numbers  # reported by _renumbered_notes
    if web_notes:
        starts = [m.start for m in web_notes.markers]
        emitter.marked = dict(zip(starts, layout.footnotes, strict=False))
        # a copy that stops inside its list of notes: the markers of the notes it lost
        emitter.unlisted = frozenset(starts[len(layout.footnotes) :])
        # "Molotov34" is one word of the transcription: the note at its end stands for "34"
        emitter.trace.consumed += [marked_word(doc.text, m) for m in web_notes.markers]
    if unlisted:
        emitter.unlisted = frozenset(m.start for m in unlisted)
        emitter.trace.consumed += [marked_word(doc.text, m) for m in unlisted]
    if bare:
        emitter.marked.update((marker.start, note) for marker, note in bare)
        emitter.trace.consumed += [marked_word(doc.text, marker) for marker, _ in bare]

    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(XML_LANG, conventions.header.text_language)
    div_type = _div_type(facts, layout, doc, lex)
    found = build_text(root, layout, emitter, div_type=div_type)
    if facts.citation is None:
        # "[Source: Yeltsin Documents, NARA.]" in the text names the source the page does not
        facts = replace(facts, citation=_source_in_text(root, lex))
    hands = emitter.trace.hands
    title_text, title_emitter = _title_source(
        facts, _layout_title(layout, doc, lex, markers), lex, names, year, hands
    )
    if facts.title is None and title_text:
        facts = replace(facts, title=title_text)  # the document's own heading names the item
    build_header(
        root,
        facts=facts,
        found=found,
        hands=emitter.trace.hands,
        conventions=conventions,
        version=__version__,
        write_title=lambda title: (
            title_emitter.emit(title, 0, len(title_emitter.doc.text), closing=True)
            if title_emitter
            else None
        ),
    )
    if not title_text:
        diagnostics.append(
            warning("header.no-title", "the transcription gives no title; the TEI title is empty")
        )
    diagnostics += _dates_disagree(facts, conventions)
    diagnostics += _dateline_far_off(facts, found.dates, conventions)
    diagnostics += emitter.trace.diagnostics
    # the title's own brackets were reported where they stand in the document or the page
    diagnostics += emitter.date_problems()
    indent_tei(root)
    consumed = emitter.trace.consumed + (title_emitter.trace.consumed if title_emitter else [])
    diagnostics += _lost_words(root, doc, page, lines, consumed)
    return etree.ElementTree(root), diagnostics


def _is_office(text: str, roles: tuple[str, ...]) -> bool:
    """ "Secretary of State", "Foreign Minister": an office's words first or last, no name."""
    words = fold(text).split()
    return bool(words) and (words[0] in roles or words[-1] in roles)


def _dropped_labels(page: PageSplit, lines: tuple[Line, ...]) -> list[Diagnostic]:
    """Page lines that only label or mark something ("Record ID" with no value, "Document"),
    and metadata paragraphs kept as header notes because no field rule knows them."""
    dropped = list(page.consumed)
    dropped += [f.label_line for f in page.fields if f.label_line is not None and not f.lines]
    return [
        info(
            "page.label",
            f"page label '{tidy_spaces(lines[i].text)}' carries no value of its own "
            "and was left out",
            line=lines[i].number,
            col=_text_col(lines[i]),
        )
        for i in sorted(set(dropped))
    ] + [
        info(
            "page.metadata-note",
            "a metadata paragraph no field rule recognises is kept as a note in the header",
            line=lines[field.lines[0]].number,
            col=_text_col(lines[field.lines[0]]),
        )
        for field in page.fields
        if field.name == OTHER and field.lines
    ]


def _text_col(line: Line) -> int:
    """The column where the line's text starts (a piece of a flattened page stands further on)."""
    return len(line.text) - len(line.text.lstrip()) + 1


# A binary file would give one finding per byte; past this many, one finding says "more".
_MAX_CHAR_REPORTS = 1000


def _without_forbidden(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], list[Diagnostic]]:
    found: list[Diagnostic] = []
    cleaned = []
    unreported = 0
    first_unreported: tuple[int, int] | None = None
    for line in lines:
        bad = find_forbidden_chars(line.text)
        for offset, char in bad:
            if len(found) == _MAX_CHAR_REPORTS:
                unreported += 1
                first_unreported = first_unreported or (line.number, offset + 1)
                continue
            found.append(
                warning(
                    "input.forbidden-char",
                    f"character U+{ord(char):04X} cannot be written in XML; replaced by U+FFFD",
                    line=line.number,
                    col=offset + 1,
                )
            )
        cleaned.append(Line(line.number, replace_forbidden_chars(line.text)) if bad else line)
    if first_unreported is not None:
        # every replaced character is still accounted for, by count if not one by one
        found.append(
            warning(
                "input.forbidden-char",
                f"{unreported} more character(s) XML cannot hold, from here on, "
                "each replaced by U+FFFD",
                line=first_unreported[0],
                col=first_unreported[1],
            )
        )
    return tuple(cleaned), found


def _surname(entry: str) -> str:
    return entry.split(",")[0].strip()


def _page_facts(page: PageSplit, lines: tuple[Line, ...], conventions: Conventions) -> PageFacts:
    # a page may give a field twice ("Places" … "Places"): every value counts
    def paragraphs(name: str) -> tuple[str, ...]:
        return tuple(
            tidy_spaces(p) for f in page.fields if f.name == name for p in f.paragraphs if p.strip()
        )

    def value(name: str) -> str | None:
        found = paragraphs(name)
        return "\n\n".join(found) if found else None

    title = tidy_spaces(lines[page.title].text) if page.title is not None else None
    citation_text = value("citation")
    citation = _citation(tidy_spaces(citation_text), conventions) if citation_text else None
    quoted = quoted_title(tidy_spaces(citation_text)) if citation_text else None
    if title is None and quoted is not None:
        title = quoted[0]  # the page prints its title only in the citation
    sender, addressee = _correspondents(title, conventions)
    author = _author(title, conventions)
    entries = []
    used_ids: set[str] = set()
    org_words = conventions.header.org_words
    for entry in paragraphs("people"):
        kind = (
            "org"
            if any(w in fold(entry).replace(".", " ").split() for w in org_words)
            else "person"
        )
        entries.append(
            (
                kind,
                _unique(slug(_surname(entry), "p-" if kind == "person" else "org-"), used_ids),
                entry,
            )
        )
    for entry in paragraphs("places"):
        entries.append(("place", _unique(slug(entry, "pl-"), used_ids), entry))
    languages = paragraphs("language")
    if citation is not None and citation.language_from and not languages:
        languages = (citation.language_from,)
    return PageFacts(
        shape=page.shape,
        other_site=page.other_site,
        title=title,
        date_text=tidy_spaces(lines[page.date].text) if page.date is not None else None,
        summary=paragraphs("summary"),
        citation=citation,
        rights=paragraphs("rights"),
        uploaded=value("uploaded"),
        genre=value("type"),
        languages=tuple(
            name for field in languages for name in re.split(r"\s*[,;]\s*", field) if name
        ),
        record_id=value("record_id") or _record_in_address(citation, conventions),
        subjects=paragraphs("subjects"),
        people=paragraphs("people"),
        places=paragraphs("places"),
        donors=paragraphs("donors"),
        sender=sender,
        addressee=addressee,
        author=author,
        entries=tuple(entries),
        notes=paragraphs(OTHER),
    )


def _record_in_address(citation: Citation | None, conventions: Conventions) -> str | None:
    """The record id in the archive's address of the page a citation ends with."""
    for pattern in conventions.header.record_addresses if citation else ():
        match = pattern.search(citation.text)  # type: ignore[union-attr]
        if match:
            return match.group("id")
    return None


def _unlisted_markers(
    doc: Document, brackets: tuple[Bracket, ...], layout: Layout, conventions: Conventions
) -> tuple[Bracket, ...]:
    """The footnote markers of a document whose notes the copy lost, read from its head
    (webnotes.unlisted_markers); a document with no head has them only as two numbers
    or more from 1 ("Embassy in Japan1" in its opener's title, "Mr. Nakagawa2", …)."""
    units = [u for part in layout.head for u in part.units]
    heading = (units[0].start, units[-1].end) if units else (0, 0)
    months = frozenset(conventions.dates.months)
    signs = conventions.parts.number_signs
    return unlisted_markers(doc.text, brackets, heading, months, signs)


def _unopened_closers(doc: Document, brackets: tuple[Bracket, ...]) -> list[Diagnostic]:
    """A warning for each "]" that closes no bracket ("comment [of] Castro]’s I] said"):
    kept as text, where the editor may have lost its "[" (or typed one too many)."""
    if "]" not in doc.text:
        return []
    closers = set()
    pending = list(brackets)
    while pending:
        bracket = pending.pop()
        pending.extend(bracket.children)
        if bracket.closed:
            closers.add(bracket.end - 1)
            if doc.text.startswith("[[", bracket.start) and doc.text[bracket.end - 2] == "]":
                closers.add(bracket.end - 2)  # "[[TOP SECRET]]", read as one bracket
    found = []
    at = doc.text.find("]")
    while at >= 0:
        if at not in closers:
            line, col = doc.where(at)
            found.append(
                warning(
                    "brackets.unopened",
                    "']' here closes no bracket; it is kept as text",
                    line=line,
                    col=col,
                )
            )
        at = doc.text.find("]", at + 1)
    return found


def _backlinks_left_out(doc: Document, web_notes: WebFootnotes) -> list[Diagnostic]:
    """An info per web page whose notes end with back-links ("↩"), which are left out."""
    return _links_left_out(doc, BACKLINK, doc.text.find(BACKLINK, web_notes.notes_from))


def _uplinks_left_out(doc: Document, notes: tuple[Footnote, ...]) -> list[Diagnostic]:
    """An info per page whose listed notes open with links up to their markers ("1. ↑")."""
    at = next(
        (
            doc.text.find(UPLINK, n.marker_start, n.start)
            for n in notes
            if UPLINK in doc.text[n.marker_start : n.start]
        ),
        -1,
    )
    return _links_left_out(doc, UPLINK, at)


def _renumbered_notes(
    doc: Document, renumbered: list[tuple[Footnote, Footnote]]
) -> list[Diagnostic]:
    """An info per page whose list numbers its notes from 1 where the text's markers give
    their printed numbers ("Ribbentrop28" / "1. Joachim …"): each note keeps its marker's."""
    if not renumbered:
        return []
    line, col = doc.where(renumbered[0][0].marker_start)
    pairs = ", ".join(f"{old.n} as {new.n}" for old, new in renumbered)
    return [
        info(
            "footnotes.renumbered",
            f"the page's list numbers its notes from 1, the text's markers as printed: "
            f"each note keeps its marker's number ({pairs})",
            line=line,
            col=col,
        )
    ]


def _links_left_out(doc: Document, link: str, at: int) -> list[Diagnostic]:
    if at < 0:
        return []
    line, col = doc.where(at)
    return [
        info(
            "page.chrome",
            f"the notes' back-links ('{link}') are web-page links, not part of the "
            "document, and were left out",
            line=line,
            col=col,
        )
    ]


def _with_credit_lines(facts: PageFacts, text: str, conventions: Conventions) -> PageFacts:
    """The text's own credit lines ("Translated by Anna Novak", "[Edited by Peter Gray]"),
    kept for the header where the citation credits no one so."""
    words = _citation_words(conventions)
    translator = language = None
    credited: list[tuple[str, str]] = []
    # a credit opens with one of these words ("translated", "edited", "courtesy")
    openers = tuple(dict.fromkeys(p.split()[0] for p in words.translation + words.credits))
    if not any(w in text.casefold() for w in openers):
        return facts
    for line in text.splitlines():
        folded = line.casefold()
        if len(line) > _LONGEST_CREDIT_LINE or not any(w in folded for w in openers):
            continue
        found = credit_line(line, words=words)
        if found is not None:
            translator = translator or found.translator
            language = language or found.language_from
            credited += [c for c in found.credited if c not in credited]
    cited = facts.citation
    if cited is not None:
        translator = None if cited.translator else translator
        credited = [c for c in credited if c not in cited.credited]
    # "Translated from Russian by …" names the original's language, if the page does not
    languages = facts.languages or ((language,) if language else ())
    return replace(facts, translator=translator, credited=tuple(credited), languages=languages)


_LONGEST_CREDIT_LINE = 160


def _source_in_text(root: etree._Element, lex: Lexicon) -> Citation | None:
    """The first editorial source note of the text, read as the document's citation; else
    a paragraph that opens with a source note's label ("Source: National Archives, …",
    as the State Department's pages print their first footnote)."""
    words = _citation_words(lex.conventions)
    for note in root.iterfind(f".//{{{TEI_NS}}}text//{{{TEI_NS}}}note[@type='source']"):
        text = tidy_spaces("".join(note.itertext()))
        if text:
            return _labelled_citation(text, lex, words) or parse_citation(text, words=words)
    for paragraph in root.iterfind(f".//{{{TEI_NS}}}text//{{{TEI_NS}}}p"):
        found = _labelled_citation(tidy_spaces("".join(paragraph.itertext())), lex, words)
        if found is not None:
            return found
    return None


def _labelled_citation(text: str, lex: Lexicon, words: CitationWords) -> Citation | None:
    """ "Source: …" written out: the citation after the label, its text kept whole."""
    label = lex.source_label.match(text)
    if label is None:
        return None
    end = _first_sentence_end(text, label.end(), words)
    return replace(parse_citation(text[label.end() : end], words=words), text=text[:end])


# A full stop before a capital ends a sentence unless it ends an abbreviation ("Vol.
# II", "No. 5") or an initial ("U.S. Embassy").
_STOP = re.compile(r"(\S*)\.\s+(?=[A-Z])(?!No\.?\s*\d|Nos\.?\s*\d)")
# besides the citation words' units and loci ("f.", "op.", "vol.", "pp."): a reference's
_REFERENCE_ABBREVIATIONS = frozenset(
    {"vols", "no", "nos", "ser", "prot", "doc", "docs", "ed", "eds", "ibid", "cf", "sec", "art"}
    | {"ch"}
)


@lru_cache(maxsize=8)
def _abbreviations(words: CitationWords) -> frozenset[str]:
    """The abbreviations whose full stop ends no sentence of a citation, folded, no stop."""
    written = [abbr for abbr, _ in words.units] + list(words.locus)
    return _REFERENCE_ABBREVIATIONS | {a[:-1].casefold() for a in written if a.endswith(".")}


def _first_sentence_end(text: str, start: int, words: CitationWords) -> int:
    """Where a source note's citation ends: its first sentence ("…, 611.93/8–155."); the
    note goes on with the document's classification and how it was drafted and sent."""
    for stop in _STOP.finditer(text, start):
        word = stop.group(1).lstrip("(")
        if word.casefold() in _abbreviations(words) or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word):
            continue
        return stop.start() + len(stop.group(1)) + 1
    return len(text)


def _citation_words(conventions: Conventions) -> CitationWords:
    """The citation words, with the conventions' seats of government as settlements."""
    return replace(CITATION_WORDS, settlements=conventions.header.place_names)


def _citation(text: str, conventions: Conventions) -> Citation:
    """The citation, read from its archival part: '"Title," date, Archive name, RGASPI, f. …'
    names the archive only after the title, the date and the distributor."""
    words = _citation_words(conventions)
    quoted = quoted_title(text)
    if quoted is None:
        return parse_citation(text, words=words)
    rest = text[quoted[1] :]
    distributor = conventions.header.distributor
    at = fold(rest).find(fold(distributor)) if distributor else -1
    if at >= 0:
        rest = rest[at + len(distributor) :]
    return replace(parse_citation(rest.lstrip(" ,.;"), words=words), text=text)


def _listed_as(
    correspondent: Correspondent | None, entries: tuple[tuple[str, str, str], ...]
) -> Correspondent | None:
    """The page's own entry for a correspondent, so both point at one id."""
    if correspondent is None:
        return None
    if correspondent.also:
        first = _listed_as(replace(correspondent, also=()), entries)
        others = tuple(_listed_as(c, entries) for c in correspondent.also)
        return replace(first, also=others)  # type: ignore[arg-type]
    text = fold(correspondent.text)
    for kind, ident, entry in entries:
        surname = fold(_surname(entry))
        if kind == "person" and re.search(rf"\b{re.escape(surname)}\b", text):
            return replace(correspondent, ident=ident, kind="person", listed=True)
        if kind in ("org", "place") and (fold(entry) == text or fold(entry).endswith(text)):
            return replace(correspondent, ident=ident, kind=kind, listed=True)
    return correspondent


def _unique(ident: str, used: set[str]) -> str:
    candidate, n = ident, 2
    while candidate in used:
        candidate, n = f"{ident}-{n}", n + 1
    used.add(candidate)
    return candidate


def _correspondents(
    title: str | None, conventions: Conventions
) -> tuple[Correspondent | None, Correspondent | None]:
    if not title:
        return None, None
    # "Cable from the Chinese Embassy in Romania, 'Some Reflections on …'": the quoted
    # subject after the comma names no correspondent, whatever "to" it holds
    title = _QUOTED_SUBJECT.sub("", title)
    # "The Ambassador in the Soviet Union (Kirk)1 to …": FRUS's note number after the name
    title = _MARKER_AFTER_PARENTHESIS.sub(")", title)
    for pattern in conventions.header.correspondence:
        match = pattern.search(title)
        if match:
            groups = match.groupdict()
            used: set[str] = set()
            sender = _correspondent(
                groups.get("sender"), groups.get("sender_name"), used, conventions
            )
            addressee = _correspondent(
                groups.get("addressee"), groups.get("addressee_name"), used, conventions
            )
            if addressee is not None and groups.get("addressee") is not None:
                addressee = _more_addressees(
                    addressee, title[match.end("addressee") :], used, conventions
                )
            found = (sender, addressee)
            if found != (None, None):  # "… from 9.00 to 9.40" names nobody: try the next
                return found
    return None, None


_MARKER_AFTER_PARENTHESIS = re.compile(r"\)\d{1,3}(?=\s)")
_QUOTED_SUBJECT = re.compile(r",\s*['‘“\"«].*$", re.DOTALL)
# "… to Mao Zedong, Liu Shaoqi, and CCP Central Committee": the title ends on a list of
# addressees, each capitalised, the last after "and"
_MORE_ADDRESSEES = re.compile(
    r"(?:,\s+(?-i:[A-ZÀ-ÞА-ЯЁ])[^,\[\]()]{1,60}?)*,?\s+and\s+(?:the\s+)?(?-i:[A-ZÀ-ÞА-ЯЁ])[^,\[\]()]{1,60}"
)
_AFTER_ADDRESSEES = re.compile(
    r"(?:\s*\([^()]*\)|,?\s+(?:regarding|on|about|concerning)\s.*)$", re.IGNORECASE | re.DOTALL
)


def _more_addressees(
    first: Correspondent, rest: str, used: set[str], conventions: Conventions
) -> Correspondent:
    """The first addressee with the others the title lists after it, each of its own,
    when every one is an organisation or a person the conventions know ("…, Liu Shaoqi,
    and CCP Central Committee"), not a subject ("…, Kim Il Sung's Request, and Soviet
    Answer") or a place."""
    # what the title goes on with after the list: "(excerpt)", ", Regarding the …"
    rest = _AFTER_ADDRESSEES.sub("", rest).rstrip(" .")
    if not rest.startswith(",") or not _MORE_ADDRESSEES.fullmatch(rest):
        return first
    taken = set(used)
    others = [
        _correspondent(item, None, taken, conventions)
        for item in NAME_LIST_SPLIT.split(rest.strip(", "))
        if item.strip()
    ]
    if not others or not all(o is not None and _known_addressee(o, conventions) for o in others):
        return first
    used |= taken
    return replace(first, also=first.also + tuple(o for o in others if o is not None))


def _known_addressee(addressee: Correspondent, conventions: Conventions) -> bool:
    """An organisation, or a person the conventions name or whose name opens with a
    surname written first ("Liu Shaoqi"); no possessive ("Kim Il Sung's Request")."""
    text = addressee.text
    if "'s" in text or "’s" in text:
        return False
    if addressee.kind == "org":
        return True
    words = fold(text).split()
    return addressee.kind == "person" and (
        " ".join(words) in conventions.header.person_names
        or (len(words) in (2, 3) and words[0] in conventions.parts.surnames_first)
    )


def _author(title: str | None, conventions: Conventions) -> Correspondent | None:
    """Who kept the diary or journal the title names (conventions `header.authorship`):
    "From the Journal of Soviet Ambassador to India Benediktov, …" gives Benediktov."""
    for pattern in conventions.header.authorship if title else ():
        match = pattern.search(title)  # type: ignore[arg-type]
        if match is None:
            continue
        text = _trailing_name(match.group("author").strip(), conventions)
        if text:
            kind = (
                "org"
                if any(w in conventions.header.org_words for w in fold(text).split())
                else "person"
            )
            return Correspondent(text, slug(text, "author-"), kind)
    return None


def _trailing_name(text: str, conventions: Conventions) -> str:
    """The name that ends an office and its seat ("Soviet Ambassador to the DPRK A.M.
    Puzanov": A.M. Puzanov), or the whole when no office stands before it."""
    words = text.split()
    header = conventions.header
    places = set(header.place_names + header.country_names + header.city_names)
    stops = set(conventions.parts.role_words) | set(conventions.parts.name_stopwords)
    k = len(words)
    while k > 0:
        word = words[k - 1]
        folded = fold(word.strip(".,"))
        initial = _INITIALS_WORD.fullmatch(word) is not None  # "A." is no article "a"
        if not word[:1].isupper() or not initial and (folded in stops or folded in places):
            break
        k -= 1
    # "… Consul in Lanzhou V. I. Orlov": initials before a surname begin the name
    initials = [i for i in range(k, len(words) - 1) if _INITIALS_WORD.fullmatch(words[i])]
    return " ".join(words[initials[0] if initials else k :])


_INITIALS_WORD = re.compile(r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.)+")


def _correspondent(
    text: str | None, name: str | None, used: set[str], conventions: Conventions
) -> Correspondent | None:
    """A sender or addressee: an organisation when an organisation word names it, a place
    when the conventions name it as one ("from Moscow to Beijing"); `name` is the person
    the title gives after an office ("the Ambassador in the Soviet Union (Steinhardt)"),
    and a place the title seats it in ("… in Pyongyang") is kept as its seat."""
    if not text or not _LETTER.search(text) or parse_date(text, dates=conventions.dates):
        return None  # "from 9.00 to 9.40", "11:45 am to 12:45 pm": a time names no one
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = _FOOTNOTE_MARK_END.sub("", text)  # "… to President Bush1": FRUS's note 1
    office = _PARENTHESIS_END.search(text)
    if office is not None and fold(office.group(1)) in conventions.parts.document_kinds:
        text, office = text[: office.start()], None  # "… in North Korea (Excerpt)"
    seated = None
    if name is None and office is not None and _office_and_person(text, office, conventions):
        name = office.group(1)  # "the President's Assistant … (Scowcroft)": the person
    elif name is None and office is not None and _person_and_office(text, office, conventions):
        name = text[: office.start()]  # "G. Bernard Noble (Chief of the … Division)"
    elif name is None and office is not None and _pseudonym(text, office, conventions):
        name = text[: office.start()]  # "Feng Xi (Stalin)": the person behind the name
    elif name is None and office is not None and _person_and_seat(text, office, conventions):
        name, seated = text[: office.start()], office.group(1)  # "Maneli (Hanoi)"
    seat = seated or _seat(_PARENTHESIS_END.sub("", text), conventions, named=bool(name))[1]
    officers = [] if name else _officers(text, conventions)
    if officers:  # "President Roosevelt and Prime Minister Churchill": each a person
        first, *others = (
            Correspondent(p, _unique(slug(p), used), "person", seat=seat) for p in officers
        )
        return replace(first, also=tuple(others))
    text = name.strip() if name else _person_after_office(text, conventions)
    members = _MEMBERS.fullmatch(text.strip())
    if members is not None:  # "Politburo members Mikoyan and Suslov": the people
        text = members.group("people")
    words = fold(text).replace(",", " ").split()
    if any(w in conventions.header.org_words for w in words):
        kind = "org"
    elif " ".join(words) in conventions.header.place_names:
        kind = "place"
    else:
        kind = "person"
        # "Kuznetsov and Fedorenko in Pyongyang": the people, without the seat after them
        unseated = _seat(text, conventions)[0] if seat and not name else text
        people = _people_named(_several_people(unseated), conventions)
        if len(people) == 1:
            text = people[0]  # "Mao Zedong and Others": Mao Zedong
        elif people:  # "Krushchev and Malenkov": each a person of their own
            first, *others = (
                Correspondent(p, _unique(slug(p), used), "person", seat=seat) for p in people
            )
            return replace(first, also=tuple(others))
    return Correspondent(text.strip(), _unique(slug(text), used), kind, seat=seat)


# "Krushchev and Malenkov", "Stalin, Molotov and Beria": names of one to four capitalised
# words (initials too), separated by commas and one "and"
_PERSON = r"(?:[A-ZÀ-ÞА-Я][\w’'.-]*\s){0,3}[A-ZÀ-ÞА-Я][\w’'-]*"
_SEVERAL_PEOPLE = re.compile(rf"{_PERSON}(?:,\s+{_PERSON})*,?\s+and\s+{_PERSON}")


# "Politburo members Mikoyan and Suslov", "CC Secretaries Ponomarev and Suslov": a body's
# members, then their names
_MEMBERS = re.compile(
    rf".*?\s(?:members|secretaries|comrades|cdes\.)\s+(?P<people>{_SEVERAL_PEOPLE.pattern})"
)


def _several_people(text: str) -> list[str]:
    """The persons a correspondent's text names when it names more than one, else []."""
    text = text.strip()
    if not _SEVERAL_PEOPLE.fullmatch(text):
        return []
    return NAME_LIST_SPLIT.split(text)


def _people_named(people: list[str], conventions: Conventions) -> list[str]:
    """The items of a list of people that name someone: not "Others" ("Mao Zedong and
    Others"), a name stopword."""
    return [p for p in people if fold(p) not in conventions.parts.name_stopwords]


def _office_and_person(text: str, parenthesis: re.Match[str], conventions: Conventions) -> bool:
    """ "the President's Assistant for … (Scowcroft)": an office before the parenthesis and
    a name in it; not "G. Bernard Noble (Chief of the Historical Division)"."""
    words = conventions.parts.role_words + conventions.header.org_words
    inside, outside = parenthesis.group(1), text[: parenthesis.start()]
    return (
        inside[:1].isupper()
        and not any(fold(w) in words for w in inside.split())
        and any(
            fold(_POSSESSIVE.sub("", w.strip(",."))) in conventions.parts.role_words
            for w in outside.split()
        )
    )


def _person_and_office(text: str, parenthesis: re.Match[str], conventions: Conventions) -> bool:
    """ "G. Bernard Noble (Chief of the Historical Division)": a name, then its office."""
    inside, outside = parenthesis.group(1).split(), text[: parenthesis.start()].split()
    roles, orgs = conventions.parts.role_words, conventions.header.org_words
    return any(fold(w) in roles or fold(w) in orgs for w in inside) and _a_name(
        outside, conventions
    )


def _pseudonym(text: str, parenthesis: re.Match[str], conventions: Conventions) -> bool:
    """ "Feng Xi (Stalin)", "Filippov (Stalin)": a name, then who wrote under it, a person
    the conventions know (`header.person_names`); not a town."""
    inside, outside = parenthesis.group(1).strip(), text[: parenthesis.start()].split()
    return _a_name(outside, conventions) and fold(inside) in conventions.header.person_names


def _person_and_seat(text: str, parenthesis: re.Match[str], conventions: Conventions) -> bool:
    """ "Maneli (Hanoi)": a name, then the town it writes from (a place the conventions
    know, or one capitalised word after a name of no office)."""
    inside, outside = parenthesis.group(1).strip(), text[: parenthesis.start()].split()
    if not _a_name(outside, conventions):
        return False
    return fold(inside) in conventions.header.place_names or bool(_ONE_NAME_WORD.fullmatch(inside))


def _a_name(words: list[str], conventions: Conventions) -> bool:
    """One to four capitalised words, none an office's or an organisation's: a name."""
    roles, orgs = conventions.parts.role_words, conventions.header.org_words
    return 1 <= len(words) <= 4 and all(
        w[:1].isupper() and fold(w) not in roles and fold(w) not in orgs for w in words
    )


_ONE_NAME_WORD = re.compile(r"[A-ZÀ-ÞА-Я][a-zß-ÿа-я-]+")
_POSSESSIVE = re.compile(r"[’']s$")  # "President’s"
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]+")


class _NamedIn:
    """Which of the conventions' names a document's text holds, in any case.

    A word set first: most of the names listed are not named, and a set lookup is cheaper
    than a search of the text for each. The names are as the conventions keep them: folded,
    or in capitals where only those count ("NATO").
    """

    def __init__(self, text: str) -> None:
        self.raw = text
        self.text = fold(text)
        if "[" in self.text:  # "Fidel [Castro]": a name the editor completed
            self.text += "\n" + self.text.replace("[", "").replace("]", "")
        # "(people's": words as letters, and as written between blanks. No run of letters
        # holds a blank, so the runs are those of each distinct blank-separated token, and a
        # token of letters alone is one run.
        tokens = set(self.text.split())
        self.words = tokens.union(
            *(_LETTERS.findall(token) for token in tokens if not token.isalpha())
        )

    def which(self, names: tuple[str, ...]) -> list[str]:
        return [
            name
            for name, first, lower in _name_keys(names)
            if first in self.words and lower in self.text
        ]


@lru_cache(maxsize=8)
def _name_keys(names: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """Each of the conventions' names with its first word and itself in small letters, as
    `_NamedIn.which` looks them up."""
    return tuple((name, name.split(maxsplit=1)[0].lower(), name.lower()) for name in names)


# "… to the Department of State/1/": the old State Department site's footnote marker
_OLD_SITE_MARKER = re.compile(r"\s*/\d{1,2}/$")
# a footnote number set against a word in small letters, as the State Department's web
# pages print their markers, or the old site's
_FOOTNOTE_MARK_END = re.compile(rf"(?<=[a-zß-ÿа-я]{{2}}) ?\d{{1,2}}$|{_OLD_SITE_MARKER.pattern}")
_PARENTHESIS_END = re.compile(r"\s*\(([^()]*)\)$")  # "The Chargé in Yugoslavia (Cabot)"
_NAME_WORD = re.compile(r"[A-ZÀ-ÞА-Я][\w’'.-]*")


@lru_cache(maxsize=8)
def _seat_pattern(prepositions: tuple[str, ...]) -> re.Pattern[str]:
    """ "… Ignatieff in Pyongyang", "the Embassy in the Soviet Union", "Ambassador in
    Pyongyang Shtykov": one of the conventions' place prepositions, then one to three
    capitalised words up to the end, and the word before it."""
    words = "|".join(re.escape(p) for p in sorted(prepositions, key=len, reverse=True))
    place = r"[A-Z][\w’'.-]*"
    return re.compile(
        rf"(?P<before>[\w’'-]+)\s+(?:{words or '(?!)'})\s+(?:the\s+)?"
        rf"(?P<place>{place}(?:\s+{place}){{0,2}})$"
    )


def _seat(text: str, conventions: Conventions, *, named: bool = False) -> tuple[str, str | None]:
    """`text` without the place a correspondent sits in, and the place: after an office,
    the first word is the place and the rest the person ("Ambassador in Pyongyang
    Shtykov") unless the title names the person apart (`named`: "… (Steinhardt)");
    elsewhere the words are the place, two at most ("… in the Soviet Union")."""
    match = _seat_pattern(conventions.parts.place_prepositions).search(text)
    if match is None:
        return text, None
    words = match.group("place").split()
    if (
        not named
        and fold(match.group("before")) in conventions.parts.role_words
        and len(words) >= 2
    ):
        return f"{text[: match.end('before')]} {' '.join(words[1:])}", words[0]
    if len(words) > 2:
        return text, None
    return text[: match.end("before")], match.group("place")


def _officers(text: str, conventions: Conventions) -> list[str]:
    """The persons of a list of offices with their holders ("President Roosevelt and Prime
    Minister Churchill": Roosevelt, Churchill); [] unless every piece is one."""
    pieces = [p for p in NAME_LIST_SPLIT.split(text.strip()) if p]
    if len(pieces) < 2:
        return []
    people = [_person_after_office(piece, conventions) for piece in pieces]
    if any(person == piece for person, piece in zip(people, pieces, strict=True)):
        return []
    return people


def _person_after_office(text: str, conventions: Conventions) -> str:
    """The person an office is followed by: "Soviet Representative Aleksei Ignatieff in
    Pyongyang" and "Soviet Ambassador in Pyongyang Shtykov" are the persons; anything
    else as it is."""
    words = _seat(text, conventions)[0].split()
    heads = conventions.header.place_heads
    roles = [
        i
        for i, w in enumerate(words)
        if fold(w) in conventions.parts.role_words
        # "Embassy of the Hungarian People’s Republic": a state's name, not an office's
        and not (i + 1 < len(words) and fold(words[i + 1]) in heads)
    ]
    if not roles:
        return text
    name = words[roles[-1] + 1 :]
    if (
        1 <= len(name) <= 4
        and all(_NAME_WORD.fullmatch(w) for w in name)
        and not any(fold(w) in conventions.header.org_words for w in name)
    ):
        return " ".join(name)
    return text


# "\bX" written "X(?<!\w.)" (X a word character): a pattern that opens with a character
# class lets re skip to where it can match at C speed; a \b first made it try every position.
_MONTH_FIRST = re.compile(r"[A-Z](?<!\w.)[a-z]{2,8}\.? \d{1,2}, \d{4}\b")
_DAY_FIRST = re.compile(r"\d(?<!\w.)\d?\.? [A-Z][a-z]{2,8}\.?,? \d{4}\b")


def _language_of(text: str, conventions: Conventions) -> Conventions:
    """A page copied untranslated declares the language it is written in, not the table's."""
    header = conventions.header
    code = written_language(text, header.language_words, default=header.text_language)
    if code == header.text_language:
        return conventions
    return replace(conventions, header=replace(header, text_language=code))


def _numeric_order_of(
    text: str, conventions: Conventions, dated_by: Sequence[str] = ()
) -> Conventions:
    """A document that writes "March 11, 1958" writes 3/11/58 for March 11 too (US usage);
    so does one whose page or title dates it "March 11, 1963" and whose numbers for days
    near that date read month first ("dispatched on 03.11.", "received on 03.12.63") and
    never day first. Numbers near that date that read day first ("dispatched on 03.10 at
    10:00" in a ciphergram of 3 October) keep the day first, whatever the translator's
    words write."""
    if conventions.dates.numeric_order != "dmy":
        return conventions
    near = _order_near(text, conventions, dated_by)
    if _month_first_numbers(text) or near == "mdy":
        return replace(conventions, dates=replace(conventions.dates, numeric_order="mdy"))
    if near is None and len(_MONTH_FIRST.findall(text)) > len(_DAY_FIRST.findall(text)):
        return replace(conventions, dates=replace(conventions.dates, numeric_order="mdy"))
    return conventions


def _month_first_numbers(text: str) -> bool:
    """Whether the text's numeric dates that can be read one way only ("7/28/97", the 28th
    no month) read month first, and none day first ("28/7/97")."""
    if "/" not in text and "." not in text:
        return False
    pairs = [(int(m[1]), int(m[2])) for m in _DAY_AND_MONTH.finditer(text)]
    month_first = any(a <= 12 < b <= 31 for a, b in pairs)
    return month_first and not any(b <= 12 < a <= 31 for a, b in pairs)


def _order_near(text: str, conventions: Conventions, dated_by: Sequence[str]) -> str | None:
    """ "mdy" or "dmy", as the text's day-and-month numbers near the page's date (else the
    first full date the text's head writes) read, one way only; None when they say
    nothing."""
    pairs = [
        (int(m[1]), int(m[2]))
        for m in _DAY_AND_MONTH_ANY.finditer(text)
        # not "at 11.40", "03.10 hours"
        if not reads_as_time(text, m.start(), m.end(), dates=conventions.dates)
    ]
    if not pairs:
        return None  # most texts: no numbers to read either way
    for known in dated_by or (text[: 2 * _HEAD_CHARS],):
        spans, _ = find_dates(known, dates=conventions.dates)
        when = next((s.when for s in spans if s.when and len(s.when) >= 10), None)
        if when is None:
            continue
        month, day = int(when[5:7]), int(when[8:10])
        month_first = sum(a == month and abs(b - day) <= _NEAR_DAYS for a, b in pairs)
        day_first = sum(b == month and abs(a - day) <= _NEAR_DAYS for a, b in pairs)
        if month_first and not day_first:
            return "mdy"
        if day_first and not month_first:
            return "dmy"
        return None
    return None


# "03.11.", "3/11/63", "11.03.1962": two numbers that may be a day and a month
# (the first digit first, then the lookbehind: see `_MONTH_FIRST`)
_DAY_AND_MONTH = re.compile(r"(\d(?<![\d.,/]\d)\d?)[./](\d{1,2})(?=[./]\d|\.(?!\d))")
# the same, or with nothing after them ("on 03.10 at 10:00"): near the page's date only
_DAY_AND_MONTH_ANY = re.compile(r"(\d(?<![\d.,/:]\d)\d?)[./](\d{1,2})(?![\d:])")
# how far from the page's date a numeric date may be and still say which order it uses
_NEAR_DAYS = 3


def _document_date(
    facts: PageFacts,
    doc: Document,
    conventions: Conventions,
    lex: Lexicon,
    filed: DocumentDate | None,
) -> DocumentDate | None:
    """What the document's year-less dates are read against: the page's date, else the
    title's, else the first full date of the text, which usually stands near its top;
    never the date of a message the text cites by its number ("Embtel 980 Mar 3, 1948").

    A date on a line that marks a release ("E.O. 12958: DECL: 05/26/2019", "Declassified/
    Released … 30 JUN 2005") is when the copy was released, so it never dates the document.
    """
    for given in (facts.date_text, facts.title):
        if given:
            found = document_date(given, dates=conventions.dates) or _month_of(given, conventions)
            if found:
                return replace(found, outside=True)
    text = "\n".join("" if lex.release_mark.search(line) else line for line in doc.text.split("\n"))
    if filed is not None:
        # a State Department file number's date outranks a date the text mentions further
        # down ("330/7–1950: Telegram" over a reply citing "30th December, 1949"), but not
        # a dated line at the head of the page
        return document_date(text[:_HEAD_CHARS], dates=conventions.dates) or filed
    for part in (text[:1500], text[1500:]):
        found = document_date(part, dates=conventions.dates)
        if found:
            return found
    return None


# how far into a page its head (file number, dateline) is looked for
_HEAD_CHARS = 300


def _filed_date(head: str, conventions: Conventions) -> DocumentDate | None:
    """The day a State Department file number gives ("860h.00/11–945": filed on 9 November
    1945: month, day and the year's last two digits after the slash; "330/7–1950", 19
    July 1950)."""
    for pattern in conventions.parts.file_numbers:
        found = pattern.search(head)
        filed = _FILED.search(found.group().rstrip(".,;")) if found else None
        if filed:
            month, day = int(filed.group(1)), int(filed.group(2))
            if 1 <= month <= 12 and 1 <= day <= 31:
                return DocumentDate(1900 + int(filed.group(3)), month, day)
    return None


def _filed_in_source_note(text: str, lex: Lexicon, conventions: Conventions) -> DocumentDate | None:
    """The day the file number of the document's source note gives, when no file number
    heads it ("1. Source: Department of State, Central Files, 761.00/5–1756. Secret;")."""
    label = lex.source_label.search(text)
    if label is None:
        return None
    line_end = text.find("\n", label.end())
    return _filed_date(text[label.end() : line_end if line_end >= 0 else len(text)], conventions)


# the date part of a decimal file number: "/11–945", "/1–1147", "/8–3146"
_FILED = re.compile(r"/([0-9]{1,2})[–-]([0-9]{1,2})([0-9]{2})$")


def _month_of(text: str, conventions: Conventions) -> DocumentDate | None:
    """A page's or title's month and year alone ("June 1961"), or its year alone when
    that is all it says ("1975")."""
    spans, _ = find_dates(text, dates=conventions.dates)
    for span in spans:
        if span.when and re.fullmatch(r"[0-9]{4}-[0-9]{2}", span.when):
            return DocumentDate(int(span.when[:4]), int(span.when[5:]))
    year = YEAR_ALONE.fullmatch(text.strip().rstrip("."))
    return DocumentDate(int(year.group())) if year else None


def _div_type(facts: PageFacts, layout: Layout, doc: Document, lex: Lexicon) -> str:
    """The kind of document its genre, title or own heading names; never its running text."""
    conventions = lex.conventions
    headings = [  # "851G.01/1–2049: Telegram", "[Telegram]"
        doc.text[u.start : u.end]
        for part in layout.pre_head + layout.opener
        for u in part.units
        if u.kind in ("text", "bracket") and u.end - u.start < 80
    ]
    for text in (facts.genre, facts.title, _layout_title(layout, doc, lex), *headings):
        words = fold(text or "")
        for key, div_type in conventions.page.div_types.items():
            if re.search(rf"\b{key}", words):
                return div_type
    if any(u.kind == "addressee" for part in layout.opener for u in part.units):
        # no kind named, but an inside address above the salute: the form of a letter
        return conventions.page.div_types.get("letter", "document")
    return "document"


def _title_source(
    facts: PageFacts,
    own_title: str | None,
    lex: Lexicon,
    names: NameIndex,
    year: DocumentDate | None,
    hands: set[str],
) -> tuple[str | None, Emitter | None]:
    """The title line (the page's, else the document's own) and an emitter that writes it
    (brackets and names marked)."""
    text = facts.title or own_title
    if not text:
        return None, None
    title_doc = Document.from_lines((Line(0, text),))
    brackets = scan_brackets(title_doc.text, pairs=lex.conventions.parts.other_brackets)
    # hands the title's brackets name join the document's, so their handNotes are written
    trace = Trace(hands=hands)
    emitter = Emitter(
        title_doc, brackets, lex, names, year, notes=(), known_resp=set(), trace=trace
    )
    return text, emitter


def _dates_disagree(facts: PageFacts, conventions: Conventions) -> list[Diagnostic]:
    """A warning when the page's date and a full date in the title name the same day of
    different years ("September 5, 1985" above "… Session held on 5 September 1989"): one
    of them is mistyped, and the header keeps the page's. (A record dated days after the
    meeting its title names is no conflict.)"""
    if not (facts.date_text and facts.title):
        return []
    page = full_dates(facts.date_text, dates=conventions.dates)
    if len(page) != 1:
        return []
    for titled in full_dates(facts.title, dates=conventions.dates):
        if titled[4:] == page[0][4:] and titled != page[0]:
            return [
                warning(
                    "header.date-conflict",
                    f"the page dates the document {page[0]} but its title says {titled}; "
                    "the header keeps the page's date: check which year is right",
                )
            ]
    return []


def _dateline_far_off(
    facts: PageFacts, dateline_dates: list[str], conventions: Conventions
) -> list[Diagnostic]:
    """A warning when the document's first dateline names a day years away from the page's
    date ("PYONGYANG, 08. 09. 10." read as 1910 on a page dated 1980): the header gives
    the page's date as the document's, and no day it was sent."""
    page = full_dates(facts.date_text, dates=conventions.dates) if facts.date_text else []
    first = next((d[:10] for d in dateline_dates if d and not d.startswith("--")), None)
    if len(page) != 1 or first is None or not dateline_far_off(page[0], first):
        return []
    return [
        warning(
            "header.dateline-conflict",
            f"the dateline reads {first}, years from the page's date {page[0]}; the header"
            " dates the document by the page and gives no day it was sent: check the dateline",
        )
    ]


def _layout_title(
    layout: Layout, doc: Document, lex: Lexicon, markers: Sequence[Bracket] = ()
) -> str | None:
    """The document's own title: its head, else its numbered title ("CABLE Nº 58986"), else
    its subject ("SUBJECT: …", with the lines it goes on on), else none; footnote markers
    set against the head's words (`markers`, "Conversation1") and the old State Department
    site's "/1/" after it are no part of it; a line typed letter by letter is the words it
    spells ("I n f o r m a t i o n")."""
    for part in layout.head:
        return _OLD_SITE_MARKER.sub("", _unmarked(part.units, doc, lex, markers)) or None
    for part in layout.opener:
        units = [u for u in part.units if u.kind.startswith(("doc-title", "named-title"))]
        if units:
            return _unmarked(units, doc, lex, markers)
    for part in layout.opener:  # a cable's or memorandum's "SUBJECT: …" names it
        if part.kind != "participants-block":
            continue
        for unit in part.units:
            label, colon, subject = doc.text[unit.start : unit.end].partition(":")
            if colon and fold(label) in lex.subject_labels and subject.strip():
                # its unit holds the lines it goes on on (structure._subject_goes_on)
                return tidy_spaces(subject)
    for part in layout.opener:  # a bare transcription's first heading line names it
        for unit in part.units:
            text = doc.text[unit.start : unit.end].strip()
            if unit.kind == "text" and _heading_title(text, lex):
                return _unmarked([unit], doc, lex, markers)
    return None


# a heading line is a title when it has this many words and at most this many characters
_TITLE_WORDS, _TITLE_CHARS = 3, 200


def _heading_title(text: str, lex: Lexicon) -> bool:
    """ "Document No. 80: Protocol No. 18 of … Meeting December 5, 1981": an opener's
    heading of a few words, no sentence, no field ("Location: Government Building") and no
    letterhead ("CENTRAL INTELLIGENCE AGENCY": an organisation's word last)."""
    words = text.split()
    return (
        len(words) >= _TITLE_WORDS
        and fold(words[-1]) not in lex.conventions.header.org_words
        and len(text) <= _TITLE_CHARS
        and not SENTENCE_END.search(text)
        and not OPENER_FIELD.fullmatch(text)
    )


def _unmarked(
    units: Sequence[Unit], doc: Document, lex: Lexicon, markers: Sequence[Bracket]
) -> str:
    """The units' text on one line without the footnote markers in it, each line typed
    letter by letter as the words it spells."""
    lines: list[str] = []
    for u in units:
        pieces, at = [], u.start
        for m in markers:
            if u.start <= m.start < u.end:
                pieces.append(doc.text[at : m.start])
                at = m.end
        pieces.append(doc.text[at : u.end])
        # a heading wrapped over lines is one line ("… on 4 May" / "1962, with …")
        lines += (lex.letter_spaced(line) or line for line in "".join(pieces).split("\n"))
    return tidy_spaces(" ".join(lines))


def _lost_words(
    root: etree._Element,
    doc: Document,
    page: PageSplit,
    lines: tuple[Line, ...],
    consumed: list[str],
) -> list[Diagnostic]:
    """Every word of the input must be in the TEI, replaced by markup, or reported as chrome."""
    # Each side is counted in one pass over its texts joined by line breaks: a line break
    # ends a word and never composes under NFC, so the counts are those of text by text.
    inputs = [doc.text]
    for field in page.fields:
        for i in field.lines:
            text = lines[i].text
            if i == field.label_line:  # "Rights: …" on one line: the label is the header's element
                text = text.split(":", 1)[1] if ":" in text else ""
            inputs.append(text)
    for i in (page.title, page.date):
        if i is not None:
            inputs.append(lines[i].text)
    expected = content_words("\n".join(inputs))
    actual = content_words("\n".join([_separated_text(root), *consumed]))
    lost = missing_words(expected, actual)
    if not lost:
        return []
    sample = ", ".join(sorted(lost)[:12])
    return [
        error(
            "lossless.missing",
            f"{sum(lost.values())} word(s) of the input are not in the TEI: {sample}",
        )
    ]


# Elements whose text runs on into the words around them ("<persName>Yoshida</persName>’s").
# Editorial markup (<unclear>, <sic>, <supplied>…) stands where a bracket stood in the
# input, and a bracket split words there too: "the[is?]" is two words on both sides.
_RUN_ON = frozenset(
    [
        "persName",
        "placeName",
        "orgName",
        "date",
        "time",
        "num",
        "seg",
        "idno",
        "stamp",
        "title",
        "name",
    ]
)


def _separated_text(root: etree._Element) -> str:
    """The tree's text, with a space wherever an element other than a run-on one starts or ends."""
    pieces: list[str] = []
    # a tree has a few kinds of tag and hundreds of elements: each tag is read once
    run_on_tags: dict[str, bool] = {}
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        run_on = run_on_tags.get(tag)
        if run_on is None:
            run_on = run_on_tags[tag] = etree.QName(element).localname in _RUN_ON
        if not run_on and element.get("break") == "no":
            run_on = True
        if event == "start":
            pieces.append("" if run_on else " ")
            pieces.append(element.text or "")
        else:
            pieces.append("" if run_on else " ")
            pieces.append(element.tail or "")
    return "".join(pieces)
