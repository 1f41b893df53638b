"""Parts → TEI <text>; only this module writes TEI body markup.

Each zone of a Layout becomes its TEI place: opener, paragraphs and lists, a
floatingText for each embedded document, closer and postscript.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lxml import etree

from teikit.tei.inline import TEI_NS, Emitter, append_text, sub, tei
from teikit.tei.names import Name
from teikit.transcription.layout import SENTENCE_END_CHARS, lone_bullet
from teikit.transcription.lexicon import CLOSE_QUOTES, Lexicon
from teikit.transcription.lists import BULLET, roman_value
from teikit.transcription.parts import (
    OPENER_FIELD,
    Item,
    Layout,
    Part,
    Unit,
    unbracketed,
)


@dataclass
class Found:
    """Facts the body shows that the header needs: dateline, addressees, signatures."""

    places: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    # (tag, name) of the copies' addressees: "Copy Nº 3 to Cde. X"
    addressees: list[tuple[str, str]] = field(default_factory=list)
    # (tag, name) of the addressee: "To Cde. Filippov.", "TO SECSTATE WASHDC"
    received: list[tuple[str, str]] = field(default_factory=list)
    # an addressee a salute names with no person: "To the Ministry of Foreign Affairs, Budapest"
    # (tag, text, the place it is in if the salute names one)
    received_body: tuple[str, str, str | None] | None = None
    # the town the addressee's line names after it: "To: Ministry of Foreign Affairs, Warsaw"
    received_seat: str | None = None
    senders: list[tuple[str, str]] = field(default_factory=list)  # (tag, name): "From: X"
    # the document's own signatures: (tag, name), people, else the offices that sign
    signers: list[tuple[str, str]] = field(default_factory=list)
    # the dates of the document's own closer ("Embassy in Norland" / "14 March 1961")
    signed_dates: list[str] = field(default_factory=list)


def _words_of(element: etree._Element) -> str:
    """An element's text as read: its words, one space between."""
    return " ".join("".join(element.itertext()).split())


def build_text(parent: etree._Element, layout: Layout, emitter: Emitter, *, div_type: str) -> Found:
    """Write <text><body><div> for `layout` into `parent`.

    Example:
        found = build_text(tei_root, layout, emitter, div_type="cable")
    """
    found = Found()
    text = sub(parent, "text")
    body = sub(text, "body")
    div = sub(body, "div", {"type": div_type})
    _zones(div, layout, emitter, found)
    for attached in layout.attachments:  # its own div after the document's
        _zones(sub(body, "div", {"type": "attachment"}), attached, emitter, found)
    # who signed the document itself (not a document it quotes): its sender, failing others
    for tag in ("persName", "orgName"):
        for name in div.iterfind(f"{{*}}closer/{{*}}signed//{{*}}{tag}"):
            found.signers.append((tag, _words_of(name)))
        if found.signers:
            break  # "Ambassador of the USSR … V. Pisarev": the person signs, not the office
    found.signed_dates += (d.get("when") for d in div.iterfind("{*}closer/{*}dateline//{*}date"))
    if len(div) == 0 and not (div.text or "").strip():
        sub(div, "p")
    return found


def _zones(container: etree._Element, layout: Layout, emitter: Emitter, found: Found) -> None:
    _opener(container, layout.pre_head, emitter, found)
    for part in layout.head:
        head = sub(container, "head")
        _units(head, part.units, emitter, title=True)
    _opener(container, layout.opener, emitter, found)
    turns = _speaker_turns(layout.body, emitter, talk=layout.talk)
    continued = _continued_speeches(layout.body, turns, emitter)
    body_from = len(container)
    for part in layout.body:
        if id(part) in turns:
            _speech(container, part, turns[id(part)], emitter)
        elif part.kind == "p" and (_awaits_speech(container) or id(part) in continued):
            _paragraph(sub(container[-1], "p"), part, emitter)
        elif part.kind == "bracket" and id(part) in continued:
            _body_part(container[-1], part, emitter, found)  # "[ . . . ]" inside a speech
        elif part.kind == "pb-line" and part is layout.body[-1]:
            _page_number(container, part, emitter)  # the last page's: no page follows it
        else:
            _body_part(container, part, emitter, found)
    _wrap_loose_inline(container)
    _sections(container, body_from, emitter)
    if layout.closer:
        closer = sub(container, "closer")
        for part in layout.closer:
            _closer_part(closer, part, emitter, found)
    if layout.postscript:
        _postscript(sub(container, "postscript"), layout.postscript, emitter, found)
    unused = [f for f in layout.footnotes if f.start not in emitter.trace.footnotes_used]
    head = container.find("{http://www.tei-c.org/ns/1.0}head")
    if head is None:
        head = container.find(
            "{http://www.tei-c.org/ns/1.0}opener/{http://www.tei-c.org/ns/1.0}title"
        )
    for footnote in unused:
        # a note with no marker in the text belonged to the title (FRUS source notes)
        note = sub(
            head if head is not None else container,
            "note",
            emitter.note_attributes(footnote, footnote.n),
        )
        emitter.trace.footnotes_used.add(footnote.start)
        emitter.emit(note, footnote.start, footnote.end)
    if not _has_content(container):
        # TEI wants a paragraph or the like before the closer: an empty one says "no text"
        tail = next(
            (c for c in container if etree.QName(c).localname in ("closer", "postscript", "note")),
            None,
        )
        empty = etree.Element("{http://www.tei-c.org/ns/1.0}p")
        if tail is None or etree.QName(tail).localname == "note" and tail.getprevious() is None:
            container.append(empty)
        else:
            tail.addprevious(empty)


_TRAILER_NAME = re.compile(
    r"\bby\s+(?:[a-z]+\s+){0,3}([A-ZÀ-ÞА-Я][a-zß-ÿа-я]{2,}(?:-[A-Z][a-z]+)?)\b(?!\[)"
)
# "Mokr[in]": letters the editor supplied at the end of a word
_SUPPLIED_END = re.compile(r"(?<=[^\W\d_])\[([a-zß-ÿа-я]{1,12})\](?![\w\[])")


def _opener(
    container: etree._Element, parts: tuple[Part, ...], emitter: Emitter, found: Found
) -> None:
    if not parts:
        return
    opener = sub(container, "opener")
    for part in parts:
        _opener_part(container, opener, part, emitter, found)
    for lst in opener.iterfind("{*}note/{*}list"):
        # a list must hold an item: a label line with no entries below it is the entry
        heads = lst.findall("{*}head")
        if heads and lst.find("{*}item") is None:
            heads[-1].tag = f"{{{TEI_NS}}}item"
    _distribution_facts(opener, found, emitter.lex)
    for salute in opener.iterfind("{*}salute"):
        _salute_addressee(salute, found, emitter.lex)
    if len(opener) == 0 and not (opener.text or "").strip():
        container.remove(opener)


def _postscript(
    postscript: etree._Element, parts: tuple[Part, ...], emitter: Emitter, found: Found
) -> None:
    """The trailer's lines, a paragraph each; numbered copy lines ("1 - Cde. A. A.
    Gromyko" … "5 - to file") a distribution list under the line that counts the copies
    ("Five copies printed"), whose people receive copies."""
    for part in parts:
        for unit in part.units:
            _learn_trailer_names(emitter.doc.text[unit.start : unit.end], emitter)
    i = 0
    while i < len(parts):
        head = None
        run = _copy_entries(parts, i, emitter)
        text = _part_text(parts[i], emitter)
        if not run and _counts_copies(text, emitter):
            # one name under "Seen by" or "Received by:", two or more under "Five copies
            # printed"
            least = 1 if _heads_distribution(text, emitter) or text.endswith(":") else 2
            run = _copy_entries(parts, i + 1, emitter) or _name_entries(
                parts, i + 1, emitter, least=least
            )
            head = parts[i] if run else None
        if run:
            first = i + (head is not None)
            _copies_list(postscript, head, parts[first : first + run], emitter, found)
            i = first + run
            continue
        # "Copies: Stalin (2), Malenkov, Beria," / "Bulganin, Mikoyan": a line ending in a
        # comma goes on in the next
        line = parts[i]
        while (
            text.endswith(",") and i + 1 < len(parts) and not _opens_record(parts[i + 1], emitter)
        ):
            i += 1
            line = replace(line, units=line.units + parts[i].units)
            text = _part_text(parts[i], emitter)
        _trailer_line(postscript, line, emitter)
        i += 1


def _opens_record(part: Part, emitter: Emitter) -> bool:
    """Whether a trailer's line opens a record of its own ("Typed by …", "Nº 6617"), which
    no line above it goes on into."""
    text = _part_text(part, emitter)
    return bool(emitter.lex.trailer.match(text) or emitter.lex.number_mark.fullmatch(text))


def _counts_copies(text: str, emitter: Emitter) -> bool:
    """ "Five copies printed", "Distributed to:", "Distributed to": a line that can head a
    list of copies."""
    return (
        text.endswith(":")
        or any(emitter.lex.is_copy_word(w) for w in text.split())
        or _heads_distribution(text, emitter)
    )


def _heads_distribution(text: str, emitter: Emitter) -> bool:
    """ "Distributed to", "Seen by": a distribution head of the conventions, its colon left out."""
    return emitter.lex.distribution_head.fullmatch(f"{text.rstrip(':')}:") is not None


def _name_entries(parts: tuple[Part, ...], i: int, emitter: Emitter, *, least: int) -> int:
    """How many lines from `parts[i]` on are each one known person or organisation alone,
    a title before it maybe ("Cdes. Stalin" / "Molotov" / "Malenkov"): the entries of a
    list of whom copies went to (0 for fewer than `least`)."""
    n = 0
    while i + n < len(parts) and len(parts[i + n].units) == 1:
        text = _part_text(parts[i + n], emitter)
        if not any(_one_name(entry, emitter) for entry in (text.rstrip(",;"), text.rstrip(",;."))):
            break
        n += 1
    return n if n >= least else 0


def _one_name(text: str, emitter: Emitter) -> bool:
    """Whether `text` is one name the text knows, a title before it maybe ("Cdes. Stalin",
    "Comrade Szabó F.": its initial's stop is the name's), or such names in columns
    ("Comrade Gomulka   Comrade Winiewicz")."""
    spans = emitter.names.find(text)
    if not spans or spans[-1][1] != len(text) or len(text) > 60:
        return False
    if any(text[a[1] : b[0]].strip() for a, b in zip(spans, spans[1:], strict=False)):
        return False
    before = text[: spans[0][0]].split()
    return not (len(before) > 1 or before and not emitter.lex.person_prefix.fullmatch(before[0]))


def _part_text(part: Part, emitter: Emitter) -> str:
    return emitter.doc.text[part.units[0].start : part.units[-1].end].strip()


# "1 - Cde. Gromyko", "2 – to file", "3. Comr. Stalin", "4) Cde. Orlov", "1st - to Cde.
# Orlov": a numbered copy; "5th -" the last one, cut off by the page
_COPY_ENTRY = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?(?:[.)][ \t]+\S|[ \t]*[-–](?:[ \t]+\S|[ \t]*$))"
)


def _copy_entries(parts: tuple[Part, ...], i: int, emitter: Emitter) -> int:
    """How many numbered copy lines follow one another from `parts[i]` on (0 for fewer
    than two)."""
    n = 0
    while i + n < len(parts) and _COPY_ENTRY.match(_part_text(parts[i + n], emitter)):
        n += 1
    return n if n >= 2 else 0


def _copies_list(
    postscript: etree._Element,
    head: Part | None,
    entries: tuple[Part, ...],
    emitter: Emitter,
    found: Found,
) -> None:
    listed = sub(postscript, "list", {"type": "distribution"})
    if head is not None:
        _units(sub(listed, "head"), head.units, emitter, bare_times=True)
    for part in entries:
        number = _COPY_ENTRY.match(_part_text(part, emitter))
        item = sub(listed, "item", {"n": number.group(1) if number else None})
        _units(item, part.units, emitter, bare_times=True)
        _wrap_supplied_names(item, emitter)
        people = item.findall(".//{*}persName")
        for name in people or item.findall(".//{*}orgName"):
            name.set("role", "addressee")
            found.addressees.append((etree.QName(name).localname, _words_of(name)))


def _trailer_line(postscript: etree._Element, part: Part, emitter: Emitter) -> None:
    p = sub(postscript, "p")
    only = part.units[0] if len(part.units) == 1 else None
    if only is not None and emitter.lex.number_mark.fullmatch(
        emitter.doc.text[only.start : only.end]
    ):
        tag = _idno_or_seg("idno", only.start, only.end, emitter)  # "Nº [208]": seg
        idno = sub(p, tag, {"type": "register"})  # "Nº 6617"
        emitter.emit(idno, only.start, only.end, mark=False)
        return
    _units(p, part.units, emitter, bare_times=True)
    _wrap_supplied_names(p, emitter)


def _learn_trailer_names(text: str, emitter: Emitter) -> None:
    """ "Deciphered by Araushkin", "Verified by shift chief Mokr[in]": the clerks who handled it."""
    lex = emitter.lex
    for match in _TRAILER_NAME.finditer(_SUPPLIED_END.sub(r"\1", text)):
        folded = lex.folded(match.group(1))
        # "by the Chief of Division": an office, no clerk's name
        if folded not in lex.not_a_name and folded not in lex.role_words:
            emitter.names.add(Name(match.group(1), "person"))


_WORD_END = re.compile(r"[A-ZÀ-ÞА-Я][a-zß-ÿа-я]*$")


def _wrap_supplied_names(p: etree._Element, emitter: Emitter) -> None:
    """ "shift chief Mokr<supplied>in</supplied>": a known name whose last letters were
    supplied is one persName holding both (the seed target's encoding)."""
    for supplied in list(p.iterfind(f"{{{TEI_NS}}}supplied")):
        previous = supplied.getprevious()
        before = (previous.tail if previous is not None else p.text) or ""
        stem = _WORD_END.search(before)
        after = supplied.tail or ""
        if stem is None or (after[:1].isalnum()) or len(supplied):
            continue
        name = emitter.names.lookup(stem.group() + (supplied.text or ""))
        if name is None or name.kind != "person":
            continue
        person = etree.Element(f"{{{TEI_NS}}}persName")
        if name.ref:
            person.set("ref", f"#{name.ref}")
        person.text = stem.group()
        if previous is not None:
            previous.tail = before[: stem.start()]
        else:
            p.text = before[: stem.start()]
        supplied.addprevious(person)
        person.append(supplied)  # moving it keeps its tail with it: put the tail back outside
        person.tail, supplied.tail = after, None


def _has_content(element: etree._Element) -> bool:
    return any(
        etree.QName(child).localname
        in ("p", "list", "floatingText", "ab", "table", "quote", "sp", "div")
        for child in element
    )


def _units(
    parent: etree._Element,
    units: tuple[Unit, ...],
    emitter: Emitter,
    *,
    bare_times: bool = False,
    title: bool = False,
) -> None:
    """The units one after the other, a line break between; a `title`'s closing bracket
    is the editor's note on it (see `Emitter.emit`)."""
    for i, unit in enumerate(units):
        if i:
            append_text(parent, " ")
            sub(parent, "lb")
        last = i == len(units) - 1
        emitter.emit(parent, unit.start, unit.end, bare_times=bare_times, closing=title and last)


# --- opener ---------------------------------------------------------------------------------


def _opener_part(
    container: etree._Element, opener: etree._Element, part: Part, emitter: Emitter, found: Found
) -> None:
    if part.kind == "participants-block":
        _participants(container, part, emitter)
        return
    if part.kind == "salute":
        salute = sub(opener, "salute")
        _units(salute, part.units, emitter)
        return
    current: etree._Element | None = None
    for unit in part.units:
        kind = unit.kind
        text = emitter.doc.text[unit.start : unit.end]
        if kind.endswith("+") and current is not None:
            append_text(current, " ")
            sub(current, "lb")
            emitter.emit(current, unit.start, unit.end)
            continue
        current = _opener_unit(container, opener, unit, text, emitter, found)


def _opener_unit(
    container, opener, unit: Unit, text: str, emitter: Emitter, found: Found
) -> etree._Element | None:
    kind = unit.kind
    if kind == "bracket" or kind == "pb":
        if kind == "pb":
            fw = sub(opener, "fw", {"type": "pageNum"})
            emitter.emit(fw, unit.start, unit.end)
            return None
        emitter.emit(opener, unit.start, unit.end, alone=True)
        return None
    if kind in _MARK_ELEMENTS:
        tag, type_ = _MARK_ELEMENTS[kind]
        element = sub(opener, _idno_or_seg(tag, unit.start, unit.end, emitter), {"type": type_})
        emitter.emit(element, unit.start, unit.end, mark=False)
        return element
    if kind in ("doc-title", "named-title"):
        title = sub(opener, "title", {"type": "document"})
        emitter.emit(title, unit.start, unit.end, numbers=True)
        return title
    if kind == "distribution":
        return _distribution(opener, unit, emitter, found)
    if kind == "dateline":
        _learn_dateline_place(text, emitter)
        dateline = sub(opener, "dateline")
        emitter.emit(dateline, unit.start, unit.end, bare_times=True, copies=True)
        _dateline_facts(dateline, found)
        return dateline
    if kind == "processing":  # "Created by Se 14.30": the cipher office's clerk and time
        note = sub(opener, "note", {"type": "processing"})
        emitter.emit(note, unit.start, unit.end, bare_times=True)
        return note
    if kind == "source":  # "Source: National Archives, RG 59, …": the citation's note
        note = sub(opener, "note", {"type": "source"})
        emitter.emit(note, unit.start, unit.end)
        return note
    if kind == "sender":  # "From: Ambassador JELEN"
        seg = sub(opener, "seg", {"type": "sender"})
        emitter.emit(seg, unit.start, unit.end)
        for name in seg.iter("{*}persName", "{*}orgName"):
            name.set("role", "sender")
            text = _words_of(name)
            found.senders.append((etree.QName(name).localname, text))
        if not found.senders:
            _unnamed_sender(seg, found, emitter.lex)
        return seg
    if kind == "salute":
        salute = sub(opener, "salute")
        emitter.emit(salute, unit.start, unit.end)
        return salute
    if kind == "addressee":  # a letter's inside address: "Mr. Nikita S. Khrushchev"
        seg = sub(opener, "seg", {"type": "addressee"})
        emitter.emit(seg, unit.start, unit.end)
        for name in seg.iter("{*}persName", "{*}orgName"):
            name.set("role", "addressee")
            found.received.append((etree.QName(name).localname, _words_of(name)))
        return seg
    start = unit.start
    number = _file_number(emitter.doc.text[start : unit.end], emitter) if kind == "text" else None
    if kind == "text":
        # "Approved by: Ji Pengfei": a form's field, not a heading
        field = (
            not number
            and OPENER_FIELD.fullmatch(text.strip())
            and not emitter.lex.doc_kind.search(text)  # "Abstract of Conversation: …", a title
        )
        kind = "field" if field else "heading"
    seg = sub(opener, "seg", {"type": kind})
    if number:  # "893.34/254: Telegram": the file number, then the kind of document
        sub(seg, "idno", {"type": "reference"}, text=number)
        start += len(number)
    emitter.emit(seg, start, unit.end)
    return seg


def _file_number(text: str, emitter: Emitter) -> str | None:
    """The archive's file number a heading line opens with before a colon, if it does."""
    for pattern in emitter.lex.conventions.parts.file_numbers:
        match = pattern.match(text)
        if match and text[match.end() : match.end() + 1] == ":":
            return match.group()
    return None


# Opener lines that are a mark and nothing else: unit kind → element and @type.
_MARK_ELEMENTS = {
    "classification": ("note", "classification"),
    "priority": ("note", "priority"),
    "copy": ("num", "copy"),
    "reference": ("idno", "reference"),
}


def _idno_or_seg(tag: str, start: int, end: int, emitter: Emitter) -> str:
    """<idno> holds plain text only: a number with a bracket in it ("Incoming [?]") is a <seg>."""
    if tag == "idno" and "[" in emitter.doc.text[start:end]:
        return "seg"
    return tag


def _distribution(
    opener: etree._Element, unit: Unit, emitter: Emitter, found: Found
) -> etree._Element:
    # consecutive distribution lines share one list
    if len(opener) and opener[-1].get("type") == "distribution":
        note = opener[-1]
        lst = note[-1]
    else:
        note = sub(opener, "note", {"type": "distribution"})
        lst = sub(note, "list")
    line = emitter.doc.text[unit.start : unit.end].rstrip()
    label = line[:-1].split()
    # "Distribution:", "Produced in 5 copies for:" head the list; "Copy Central Committee:"
    # is an entry
    if len(lst) == 0 and line.endswith(":") and (len(label) <= 2 or label[-1].islower()):
        head = sub(lst, "head")
        emitter.emit(head, unit.start, unit.end)
        return head
    copy = emitter.lex.copy_mark.match(emitter.doc.text, unit.start, unit.end)
    number = re.search(r"\d+$", copy.group()) if copy else None
    item = sub(lst, "item", {"n": number.group() if number else None})
    # "- Comrade Puja": the entry's dash is its list's marker, not its text
    bullet = BULLET.match(emitter.doc.text, unit.start, unit.end)
    if bullet is not None:
        emitter.trace.consumed.append(bullet.group().strip())
    emitter.emit(item, bullet.end() if bullet else unit.start, unit.end)
    return item


def _unnamed_sender(seg: etree._Element, found: Found, lex: Lexicon) -> None:
    """The sender a "From:" line names with no person's or organisation's name in it: the
    place it gives alone ("From: Washington"), else its words after the label when they
    are a name's, capitalised but for an office's small words ("From: Head of the Tenth
    Direction"); not a line that goes on to say when ("From: Rio dispatched on …")."""
    body = _words_of(seg).partition(":")[2].strip().rstrip(".,;")
    places = [_words_of(p) for p in seg.iter("{*}placeName")]
    words = body.split()
    if not words or not all(
        w[:1].isupper() and not any(c.isdigit() for c in w) or lex.folded(w) in lex.office_joiners
        for w in words
    ):
        return
    found.senders.append(("placeName" if places == [body] else "orgName", body))


def _salute_addressee(salute: etree._Element, found: Found, lex: Lexicon) -> None:
    """An addressee for the header from a salute that addresses someone (a pattern of
    `parts.addressee_salutes`, "To the Central Committee"): its person names when it has
    some, else the addressee the pattern gives, with the place named after it."""
    # a salute to an office says more than the place a "To:" line named ("To: Havana")
    if found.received or found.received_body and found.received_body[0] != "placeName":
        return
    text = _words_of(salute)
    patterns = lex.conventions.parts.addressee_salutes
    first = " ".join(_first_line(salute).split())
    # an address in capitals over several lines ("TO THE MEMBERS OF THE CC CPSU" / "THE CC
    # OF …,"): its first line names whom the pattern reads
    tried = (text, first) if first != text and first.isupper() else (text,)
    text, match = next(
        ((t, m) for t in tried for p in patterns if (m := p.fullmatch(t))), (text, None)
    )
    if match is None:
        return
    people = salute.findall(".//{*}persName")
    if people:
        # "To the Ministry of Foreign Affairs and Comrade [Li] Fuchun:": the office too
        office = _office_before(salute, people[0], lex)
        if office:
            found.received.append(("orgName", office))
        found.received.extend(("persName", _words_of(p)) for p in people)
        return
    places = [_words_of(p) for p in salute.iter("{*}placeName")]
    groups = match.groupdict()
    rest, body = groups.get("rest"), groups.get("body") or text
    # "To: URGENT" is a mark; "To the foreign affairs bureaus of all …" describes whom it
    # goes to: an addressee is named, in capitals
    if lex.only_marks(body) or not body[:1].isupper():
        return
    tag = "placeName" if body in places else "orgName"
    found.received_body = (tag, body, rest if rest and rest in places else None)


def _first_line(element: etree._Element) -> str:
    """An element's text up to its first <lb/>."""
    pieces = [element.text or ""]
    for child in element:
        if etree.QName(child).localname == "lb":
            break
        pieces.append("".join(child.itertext()) + (child.tail or ""))
    return "".join(pieces)


def _office_before(salute: etree._Element, person: etree._Element, lex: Lexicon) -> str | None:
    """The office a salute names before its first person and "and" ("To the Ministry of
    Foreign Affairs and Comrade …"), when it holds one of the header's organisation
    words."""
    before = (salute.text or "") + "".join(
        "".join(child.itertext()) + (child.tail or "") for child in _children_before(salute, person)
    )
    match = _OFFICE_AND.fullmatch(" ".join(before.split()))
    if match is None:
        return None
    words = {lex.folded(w) for w in match.group(1).split()}
    return match.group(1) if words & set(lex.conventions.header.org_words) else None


def _children_before(parent: etree._Element, child: etree._Element) -> list[etree._Element]:
    found = []
    for each in parent:
        if each is child:
            break
        found.append(each)
    return found


# "To the Ministry of Foreign Affairs and Comrade ": the office, then "and" and the title
# of a person
_OFFICE_AND = re.compile(r"(?i:to\s+)?(?i:the\s+)?(.{3,80}?),?\s+(?i:and)(?:\s+[^\s,]+){0,2}\s*")


def _distribution_facts(opener: etree._Element, found: Found, lex: Lexicon) -> None:
    for note in list(opener.iterfind(".//{*}note[@type='distribution']")):
        items = note.findall(".//{*}item")
        # one "To Cde. Filippov." line with no copy number names the addressee, not a copy
        # ("Copies: Stalin (2), Molotov" lists copies)
        alone = len(items) == 1 and items[0].get("n") is None and not _names_copies(items[0], lex)
        # "TO SECSTATE WASHDC" / "INFO AMEMBASSY SOFIA": of several entries, the first is
        # the addressee when it alone opens with "to"
        first = (
            items[0]
            if len(items) > 1
            and items[0].get("n") is None
            and _opens_with_to(items[0])
            and not any(_opens_with_to(item) for item in items[1:])
            else None
        )
        named = False
        for holder in [*note.iterfind(".//{*}head"), *items] if items else [note]:
            people = holder.findall(".//{*}persName")
            # an organisation is an addressee where the entry names no person
            for name in people or holder.findall(".//{*}orgName"):
                name.set("role", "addressee")
                entry = (etree.QName(name).localname, _words_of(name))
                (found.received if alone or holder is first else found.addressees).append(entry)
                named = True
        if alone:
            line = _as_addressee_line(note, items[0])
            seat = line.find("{*}placeName")
            if named and seat is not None and seat.getprevious() is not None:
                found.received_seat = _words_of(seat)  # after the addressee, its town
            if not named:  # "To: Ministry of Foreign Affairs, Warsaw": read as a salute is
                _salute_addressee(line, found, lex)


def _opens_with_to(item: etree._Element) -> bool:
    return "".join(item.itertext()).lstrip()[:3].casefold() in ("to ", "to:")


def _names_copies(item: etree._Element, lex: Lexicon) -> bool:
    """ "Copies: …", "Copy to …": the line opens with a copy word (or its plural)."""
    words = "".join(item.itertext()).split()
    return bool(words) and lex.is_copy_word(words[0])


def _as_addressee_line(note: etree._Element, item: etree._Element) -> etree._Element:
    """The note of a single "To Cde. Filippov." line becomes the line itself (returned)."""
    seg = etree.Element(f"{{{TEI_NS}}}seg", {"type": "addressee"})
    seg.text = item.text
    seg.extend(list(item))
    seg.tail = note.tail
    note.getparent().replace(note, seg)  # type: ignore[union-attr]
    return seg


_DATELINE_PLACE = re.compile(
    r"^(?:(?i:from)\s+)?\[?([A-ZÀ-ÞА-Я][\w’'.-]+(?:[ -][A-ZÀ-ÞА-Я][\w’'.-]+){0,2})"
    r"(?=,|\]|\s+(?:received|sent|den)\b)"
)


def _learn_dateline_place(text: str, emitter: Emitter) -> None:
    """ "Paris, January 20" / "from PEKING received": the dateline names its place first."""
    match = _DATELINE_PLACE.match(text.strip())
    # "Friday, 18 June": a weekday before the date is no place
    if match and not (
        emitter.lex.is_classification(match.group(1))
        or any(emitter.lex.folded(w) in emitter.lex.name_stopwords for w in match.group(1).split())
    ):
        emitter.names.add(Name(match.group(1), "place"))


def _dateline_facts(dateline: etree._Element, found: Found) -> None:
    for date in dateline.iter("{*}date"):
        if date.get("when"):
            found.dates.append(date.get("when"))
    for place in dateline.iter("{*}placeName"):
        found.places.append("".join(place.itertext()))


def _participants(container: etree._Element, part: Part, emitter: Emitter) -> None:
    """ "Present: A; B" lines, or a "Participants:" line with one name a line below it."""
    lst = None
    for unit in part.units:
        text = emitter.doc.text[unit.start : unit.end]
        if lone_bullet(text):
            # "-" alone over a side's label ("U.S."): the label's bullet, no entry
            emitter.trace.consumed.append(text.strip())
            continue
        colon = text.find(":")
        start = unit.start
        # "PARTICIPANTS" alone on its line, in capitals: the label of the names below it
        # "Present [at the meeting]:": the words an editor supplied count too
        written = unbracketed(text)
        alone = colon < 0 and emitter.lex.participants.fullmatch(written.strip()) is not None
        labelled = colon > 0 and emitter.lex.participants.match(written) is not None
        if labelled or alone or lst is None:
            label = text[:colon] if labelled else text if alone else ""
            kind = (
                "subject"
                if emitter.lex.folded(label).strip() in emitter.lex.subject_labels
                else "participants"
            )
            lst = sub(container, "list", {"type": kind})
            if alone:
                emitter.emit(sub(lst, "head"), unit.start, unit.end, mark=False)
                continue
            if labelled:
                start = unit.start + colon + 1
        pieces = _split_on(emitter.doc.text, start, unit.end, ";")
        listed = _names_listed(emitter, *pieces[0]) if len(pieces) == 1 else None
        # "In attendance: comrs. G.A. Aliev, V.I. Vorotnikov, …"
        pieces = listed or pieces
        if labelled:
            head_end = start
            plural = listed and emitter.lex.person_list_prefix.match(emitter.doc.text, pieces[0][0])
            if plural:  # "Participants : comrades A, B, C": the plural title is the head's
                head_end = plural.end()
                rest = emitter.doc.text[head_end : pieces[0][1]]
                pieces[0] = (head_end + len(rest) - len(rest.lstrip()), pieces[0][1])
            emitter.emit(sub(lst, "head"), unit.start, head_end, mark=False)
        for s, e in pieces:
            bullet = BULLET.match(emitter.doc.text, s, e)
            if bullet is not None:  # "• The Secretary": the bullet is the item's marker
                emitter.trace.consumed.append(bullet.group().strip())
                s = bullet.end()
            item = sub(lst, "item")
            emitter.emit(item, s, e)
    for lst in container.iterfind("{*}list"):
        if not len(lst.findall("{*}item")):
            sub(lst, "item")


def _names_listed(emitter: Emitter, start: int, end: int) -> list[tuple[int, int]] | None:
    """The pieces of a comma list of two names or more, each piece one person's name
    (a title before the first allowed: "comrs. G.A. Aliev, V.I. Vorotnikov, …"); None
    when a piece is more than a name ("A. Lund, Minister of Trade")."""
    pieces = _split_on(emitter.doc.text, start, end, ",")
    if len(pieces) < 2:
        return None
    for k, (s, e) in enumerate(pieces):
        text = emitter.doc.text[s:e].rstrip(" ,.;")
        spans = emitter.names.find(text)
        if len(spans) != 1 or spans[0][1] != len(text):
            return None
        if spans[0][0] and (k or len(text[: spans[0][0]].split()) > 1):
            return None
    return pieces


def _split_on(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    pieces = []
    pos = start
    depth = 0
    for i in range(start, end):
        ch = text[i]
        depth += ch == "["
        depth -= ch == "]" and depth > 0
        if ch == sep and depth == 0:
            pieces.append((pos, i + 1))
            pos = i + 1
    pieces.append((pos, end))
    return [
        (s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in pieces if text[s:e].strip()
    ]


# --- body -----------------------------------------------------------------------------------


def _page_number(container: etree._Element, part: Part, emitter: Emitter) -> None:
    fw = sub(container, "fw", {"type": "pageNum"})
    emitter.emit(fw, part.units[0].start, part.units[-1].end, mark=False)


def _body_part(container: etree._Element, part: Part, emitter: Emitter, found: Found) -> None:
    if part.kind == "p":
        p = sub(container, "p")
        _units(p, part.units, emitter) if _is_verse_like(part, emitter) else _paragraph(
            p, part, emitter
        )
    elif part.kind == "list":
        _list(container, part.items, emitter, kind=part.subtype or "ordered")
    elif part.kind == "bracket":
        for unit in part.units[:1]:
            emitter.emit(container, part.units[0].start, part.units[-1].end, alone=True)
            del unit
    elif part.kind == "pb-line" and part.subtype == "end":  # "(p. 1)": page 1's own number
        _page_number(container, part, emitter)
        sub(container, "pb", {"n": part.n})
    elif part.kind == "pb-line":
        sub(container, "pb", {"n": part.n})
        _page_number(container, part, emitter)
    elif part.kind == "participants-block":
        _participants(container, part, emitter)
    elif part.kind == "embedded" and part.inner is not None:
        floating = sub(container, "floatingText", {"type": part.subtype})
        body = sub(floating, "body")
        _zones(body, part.inner, emitter, found)


# "Mao Zedong: It seems to me …", "Cde. Nicolae Ceausescu:" on a line of its own
# (and "[T.N.] Kaul: …", the editor's initials before the name)
_SPEAKER = re.compile(
    r"[ \t\u00a0]*((?:\[[^\[\]:\n]{1,30}\][ \u00a0])?[^:\n\[\]][^:\n]{0,79}?)[ \t\u00a0]*:(?=\s|$)"
)
# "Premier Zhou [Enlai] (hereafter abbreviated Zhou)": the name, without the remark after it
_LABEL_REMARK = re.compile(r"[ \t\u00a0]*\([^()\n]*\)$")
# "GORBACHEV. At the end of July …": a name in capitals and a full stop, as minutes give
# turns, its initials before it ("N.S. KHRUSHCHEV. Yes, …")
_CAPS_WORD = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ'\-]+"
_CAPS_SPEAKER = re.compile(
    rf"[ \t\u00a0]*((?:[A-ZА-ЯЁ]\.[ \u00a0]?){{0,3}}{_CAPS_WORD}(?:[ \u00a0]{_CAPS_WORD}){{0,2}})"
    r"\.(?=[ \t\u00a0]+\S)"
)
# "N. S. KHRUSHCHEV The Western powers …": a name in capitals with no stop, then a sentence
_BARE_CAPS_SPEAKER = re.compile(
    rf"[ \t\u00a0]*((?:[A-ZА-ЯЁ]\.[ \u00a0]?){{0,3}}{_CAPS_WORD}(?:[ \u00a0]{_CAPS_WORD}){{0,2}})"
    r"[ \t\u00a0]+(?=[A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё])"
)
# "Shevardnadze. The Soviet side …", "[Oskar] Fischer. …", "GORBACHEV (reads the draft).
# …": a name and a full stop, which only a conversation's many such turns make a speaker
_STOP_WORD = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’\-]{2,}"
# ("N.S. Khrushchev. I apologize …": the initials before the name too)
_STOP_SPEAKER = re.compile(
    rf"[ \t\u00a0]*((?:\[{_STOP_WORD}(?:[ \u00a0]{_STOP_WORD})?\][ \u00a0])?"
    rf"(?:[A-ZА-ЯЁ]\.[ \u00a0]?){{0,3}}"
    rf"{_STOP_WORD}(?:[ \u00a0]{_STOP_WORD}){{0,2}}(?:[ \t\u00a0]*\([^()\n]{{1,80}}\))?)"
    r"\.(?=[ \t\u00a0]+\S)"
)
_SUPPLIED_GIVEN = re.compile(r"^\[[^\]]*\][ \u00a0]")
# A conversation has at least this many turns before its paragraphs are read as speeches.
_MIN_TURNS = 2


def _speaker_turns(
    parts: tuple[Part, ...], emitter: Emitter, *, talk: bool = False
) -> dict[int, int]:
    """The paragraphs that open with who speaks, by id(), with the offset past the colon.

    A speaker is one known person, with the title written before the name ("Com. Rakosi:",
    "Ambassador Gromyko:"), or a name the text gives no other context for that opens two
    paragraphs or more among several such ("Heo Dam: …", the minutes' "GORBACHEV. At the
    end of July …"); a speaker alone on a line speaks in the paragraph below. Only a
    document with a few such turns is a conversation: one "Kim:" is a paragraph, unless
    the document says it records people talking (`talk`: a transcript cut after its first
    turn) and the one turn names a known person ("Comrade Mielke:")."""
    found = {id(p): _turn(p, emitter) for p in parts if p.kind == "p"}
    # names the text gives no other context for count as speakers when one of them opens
    # two paragraphs or more and they open three or more in all (fields such as
    # "Location: …" are each given once)
    unknown = Counter(t[1] for t in found.values() if t is not None and not t[2])
    conversation = max(unknown.values(), default=0) >= 2 and sum(unknown.values()) >= 3
    if not conversation and unknown and all(label.isupper() for label in unknown):
        # minutes cut short: "BREZHNEV. This question …" / "BAIBAKOV. In accordance …": a
        # known speaker's turn makes the others in capitals turns too
        conversation = any(t is not None and t[2] and t[1].isupper() for t in found.values())
    if talk and unknown and not conversation:
        # a record of talk with a known speaker ("Pak: …" / "Stark: …"): the others too,
        # with a colon ("Welcome. I hope …" names no one)
        conversation = any(t is not None and t[2] for t in found.values())
        found = {
            k: None if t and not t[2] and _stop_turn(t, emitter) else t for k, t in found.items()
        }
        unknown = Counter(t[1] for t in found.values() if t is not None and not t[2])
    if conversation:  # each such speaker is a person, in the label and wherever named
        # (not one named after a side, "North (KIM):": the surname alone would tag others)
        sided = {t[1] for t in found.values() if t is not None and _named_after_side(t, emitter)}
        for label in unknown:
            if not _office_label(label, emitter.lex) and label not in sided:
                emitter.names.add(Name(label, "person", any_case=label.isupper()))
    turns: dict[int, int] = {}
    for i, part in enumerate(parts):
        turn = found.get(id(part))
        if turn is None or not turn[2] and not conversation:
            continue
        end = turn[0]
        alone = not emitter.doc.text[end : part.units[-1].end].strip()
        following = parts[i + 1] if i + 1 < len(parts) else None
        if alone and (
            following is None or following.kind != "p" or found.get(id(following)) is not None
        ):
            continue  # a speaker with nothing to say under it is no speech
        turns[id(part)] = end
    if len(turns) >= _MIN_TURNS:
        return turns
    if talk and len(turns) == 1 and all(found[i] is not None and found[i][2] for i in turns):
        return turns
    # a record that reports its speakers in capitals ("MAO ZEDONG says that …", "N.S.
    # KHRUSHCHEV notes …"): a turn in capitals among them is a speech, even the only one
    labels = [found[i][1] for i in turns if found[i] is not None]
    if labels and all(label.isupper() for label in labels):
        return turns if _reports_in_capitals(parts, found, emitter) else {}
    return {}


# paragraphs that open with a speaker in capitals reporting what they said: this many make
# a record of a conversation
_REPORTED_TURNS = 2


def _reports_in_capitals(
    parts: tuple[Part, ...], found: dict[int, tuple[int, str, bool] | None], emitter: Emitter
) -> bool:
    """Whether paragraphs with no speaker's label open with a known person in capitals
    ("MAO ZEDONG says that in China …") often enough to make the record a conversation."""
    reported = 0
    for part in parts:
        if part.kind != "p" or found.get(id(part)) is not None:
            continue
        start = part.units[0].start
        head = emitter.doc.text[start : min(part.units[-1].end, start + 60)]
        spans = emitter.names.find(head)
        if not spans or spans[0][0] != 0 or _builds(spans[0][2]) != "persName":
            continue
        name = head[: spans[0][1]]
        words = re.findall(r"[^\W\d_]{2,}", name)
        if words and all(w.isupper() for w in words) and head[spans[0][1] :][:1] == " ":
            reported += 1
    return reported >= _REPORTED_TURNS


def _continued_speeches(
    parts: tuple[Part, ...], turns: dict[int, int], emitter: Emitter
) -> set[int]:
    """The paragraphs, by id(), that go on with the speech above them: those between two
    turns with nothing but paragraphs after the first. After the last turn a paragraph
    may be the record's own words ("The conversation ended at noon."): the paragraphs
    there go on with the speech up to the last that speaks in the first person
    (conventions `parts.first_person`), or all of them when none speaks of the record
    itself (`parts.speech_titles`: a transcript cut in its last speech)."""
    at = [i for i, part in enumerate(parts) if id(part) in turns]
    continued: set[int] = set()
    for first, following in zip(at, at[1:], strict=False):
        between = _speech_run(parts[first + 1 : following], emitter)
        if all(part.kind in ("p", "bracket") for part in parts[first + 1 : following]):
            # up to a numbered section's heading ("II. On the dredgers"), nobody's words
            headed = next(
                (k for k, part in enumerate(between) if _section_number(part, emitter)), None
            )
            continued.update(id(part) for part in between[:headed])
    if at:
        after = _speech_run(parts[at[-1] + 1 :], emitter)
        prose = [part for part in after if part.kind == "p"]
        first_person = frozenset(emitter.lex.conventions.parts.first_person)
        spoken = [
            k
            for k, part in enumerate(after)
            if part.kind == "p"
            and first_person & {w.lower() for w in _WORDS.findall(_part_text(part, emitter))}
        ]
        if spoken:
            continued.update(id(part) for part in after[: spoken[-1] + 1])
        elif prose and all(_may_be_spoken(part, emitter) for part in prose):
            continued.update(id(part) for part in after)
    return continued


def _speech_run(parts: tuple[Part, ...], emitter: Emitter) -> list[Part]:
    """The paragraphs from the first of `parts` on, and the omissions and page breaks
    standing between them ("[ . . . ]", "[Page 1158]"), up to anything else."""
    run: list[Part] = []
    for part in parts:
        # "[ . . . ]" (words left out) or "[Page 1158]" (a page turning) inside a speech
        omitted = part.kind == "bracket" and emitter.construct_at(part.units[0].start) in (
            "gap",
            "pb",
        )
        if part.kind != "p" and not omitted:
            break
        run.append(part)
    while run and run[-1].kind == "bracket":
        run.pop()  # a bracket after the last paragraph is no part of the speech
    return run


# a paragraph of this many words may go on with a speech, though it ends in no full stop
_SPOKEN_WORDS = 8


def _may_be_spoken(part: Part, emitter: Emitter) -> bool:
    """Whether a paragraph after a record's last turn may be more of that speech: prose
    (a sentence, or a long run of words cut off) that neither speaks of the record itself
    ("The talks ended at 18.30.") nor opens with a record's field ("Recorder: …")."""
    text = _part_text(part, emitter)
    label = text.partition(":")[0]
    return (
        (text.endswith((".", "!", "?")) or len(text.split()) >= _SPOKEN_WORDS)
        and emitter.lex.speech_title.search(text) is None
        and not (
            ":" in text and emitter.lex.folded(label) in emitter.lex.conventions.parts.field_labels
        )
    )


_WORDS = re.compile(r"[^\W\d_]+")
_SECTION_NUMBER = re.compile(r"[ \t\u00a0]*([IVXLC]+)\.[ \t\u00a0]+\S")


def _section_number(part: Part, emitter: Emitter) -> bool:
    """Whether a paragraph opens with a section's Roman number ("II. On the dredgers")."""
    match = _SECTION_NUMBER.match(emitter.doc.text, part.units[0].start, part.units[-1].end)
    return match is not None and roman_value(match.group(1)) is not None


def _turn(part: Part, emitter: Emitter) -> tuple[int, str, bool] | None:
    """Where the speaker's label ends in a paragraph that opens with one, the label, and
    whether it names a known person (else it only has a name's shape); None without one."""
    start, end = part.units[0].start, part.units[-1].end
    text = emitter.doc.text
    match = _SPEAKER.match(text, start, end) or _CAPS_SPEAKER.match(text, start, end)
    if match is None and (bare := _BARE_CAPS_SPEAKER.match(text, start, end)) is not None:
        # "N. S. KHRUSHCHEV The Western powers …": a known speaker in capitals, no stop
        spans = emitter.names.find(bare.group(1))
        if (
            len(spans) == 1
            and spans[0][1] - spans[0][0] == len(bare.group(1))
            and _builds(spans[0][2]) == "persName"
        ):
            return bare.end(1), bare.group(1), True
    stop = match is None
    if stop:
        match = _STOP_SPEAKER.match(text, start, end)
        if match is None:
            return None
    label = _LABEL_REMARK.sub("", match.group(1))
    remark = match.group(1)[len(label) :].strip(" \t\u00a0()")
    if not stop and remark and _side_of(label, emitter.lex) and emitter.lex.name_shaped(remark):
        label = remark  # "North (KIM): …": a side and, in parentheses, who speaks for it
    if roman_value(label) is not None and (stop or len(label) > 1):
        return None  # "II. On the dredgers": a numbered section, no one speaking ("D:" is)
    # "[Oskar] Fischer.": the editor's given name is no part of the speaker's label
    label = _SUPPLIED_GIVEN.sub("", label) if stop else label.replace("[", "").replace("]", "")
    spans = emitter.names.find(label)
    if stop:  # "Fischer. …": a speaker only among several such turns, known or not
        known_person = len(spans) == 1 and spans[0][1] - spans[0][0] == len(label)
        if known_person and _builds(spans[0][2]) != "persName":
            return None
        if not known_person and (spans or not emitter.lex.name_shaped(label)):
            return None
        if emitter.lex.is_title(label):
            return None  # "Mr. Smith said …", "Com. Stalin thanks him."
        return match.end(), label, False
    if len(spans) == 1 and spans[0][1] == len(label):
        name_start, _, build = spans[0]
        before = label[:name_start].split()
        if len(before) > 3 or not all(w[:1].isupper() for w in before):
            return None  # "The Chairman asked Kim:" is a sentence, not a speaker
        if _builds(build) != "persName":
            return None
        return match.end(), label, True
    if not spans and _office_label(label, emitter.lex) and not stop:
        return match.end(), label, False  # "Prime Minister: I thank …", as a memcon writes
    if spans or not emitter.lex.name_shaped(label):
        return None
    if emitter.lex.is_title(label):
        return None  # "Cdes: Deputy Chairmen …": a title over whom it names, no speaker
    # "Deng: I thank …": a family name written first (`parts.surnames_first`) of a person
    # the text names ("Deng Xiaoping") is that person
    surname = emitter.lex.folded(
        label
    ) in emitter.lex.conventions.parts.surnames_first and emitter.names.opens_known_person(label)
    return match.end(), label, surname


def _stop_turn(turn: tuple[int, str, bool], emitter: Emitter) -> bool:
    """Whether a turn's label ends in a full stop ("Fischer. …"), not a colon."""
    return emitter.doc.text[turn[0] - 1 : turn[0]] == "."


def _named_after_side(turn: tuple[int, str, bool], emitter: Emitter) -> bool:
    """Whether a turn's label is the name in parentheses after a side ("North (KIM):")."""
    end, label, _ = turn
    before = emitter.doc.text[max(0, end - len(label) - _AFTER_LABEL) : end]
    return before.rstrip(": \t\u00a0").endswith(f"({label})")


# the most characters between a speaker's label and the end of its turn's opening (the
# parenthesis, the colon and blanks)
_AFTER_LABEL = 8


def _side_of(label: str, lex: Lexicon) -> bool:
    """ "North", "The South": a label of the words no name is made of (and capitalised
    ones), before the speaker's name in parentheses."""
    return all(lex.folded(w) in lex.name_stopwords or w.istitle() for w in label.split()) and any(
        lex.folded(w) in lex.name_stopwords for w in label.split()
    )


def _office_label(label: str, lex: Lexicon) -> bool:
    """ "Prime Minister", "The Secretary", "Foreign Minister": an office that speaks, at
    most four capitalised words of which the last is an office's (`parts.role_words`)."""
    words = label.split()
    return (
        1 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and lex.folded(words[-1]) in lex.role_words
    )


def _builds(build: Callable[[etree._Element], etree._Element]) -> str:
    """The local name of the element a name span's builder writes."""
    return etree.QName(build(etree.Element("x"))).localname


def _speech(container: etree._Element, part: Part, end: int, emitter: Emitter) -> None:
    sp = sub(container, "sp")
    speaker = sub(sp, "speaker")
    emitter.emit(speaker, part.units[0].start, end)
    rest = emitter.doc.text[end : part.units[-1].end]
    if rest.strip():
        start = end + len(rest) - len(rest.lstrip())
        emitter.emit(sub(sp, "p"), start, part.units[-1].end)


def _awaits_speech(container: etree._Element) -> bool:
    """Whether the last element is a speaker alone ("Cde. Nicolae Ceausescu:")."""
    return (
        len(container) > 0
        and etree.QName(container[-1]).localname == "sp"
        and len(container[-1]) == 1
    )


def _is_verse_like(part: Part, emitter: Emitter) -> bool:
    """Short lines without sentence ends are a layout of their own (letterheads, addresses).

    Prose wrapped by hand runs on: a line ends in a hyphen or the next starts in lower case.
    """
    lines = [emitter.doc.text[u.start : u.end].strip() for u in part.units]
    if len(lines) < 2 or any(len(t) >= 60 for t in lines):
        return False
    runs_on = any(
        a.endswith("-") or b[:1].islower() for a, b in zip(lines, lines[1:], strict=False)
    )
    return not runs_on and not any(t.endswith((".", ",", ";")) for t in lines[:-1])


def _paragraph(p: etree._Element, part: Part, emitter: Emitter) -> None:
    emitter.emit(p, part.units[0].start, part.units[-1].end)


def _list(
    container: etree._Element, items: tuple[Item, ...], emitter: Emitter, *, kind: str = "ordered"
) -> None:
    lst = sub(container, "list", {"type": kind})
    # numbered sections of several paragraphs: every item's text in <p>s, alike
    sections = any(item.paragraphs for item in items)
    for item in items:
        element = sub(lst, "item", {"n": item.n or None})
        emitter.trace.consumed.append(item.marker)
        emitter.emit(sub(element, "p") if sections else element, item.start, item.end)
        if item.sublist:
            bulleted = kind == "bulleted" or not any(s.n for s in item.sublist)
            _list(element, item.sublist, emitter, kind="bulleted" if bulleted else "ordered")
        for start, end in item.paragraphs:
            emitter.emit(sub(element, "p"), start, end)


def _wrap_loose_inline(container: etree._Element) -> None:
    """Loose text or phrase elements directly in a div/body go into an <ab>."""
    if (container.text or "").strip():
        ab = etree.Element(container[0].tag if False else "{http://www.tei-c.org/ns/1.0}ab")
        ab.text = container.text
        container.text = None
        container.insert(0, ab)
    for child in list(container):
        if child.tail and child.tail.strip():
            ab = etree.Element("{http://www.tei-c.org/ns/1.0}ab")
            ab.text = child.tail
            child.tail = None
            child.addnext(ab)
        name = etree.QName(child).localname
        if name in _PHRASE_ONLY:
            ab = etree.Element("{http://www.tei-c.org/ns/1.0}ab")
            child.addprevious(ab)
            ab.append(child)


def _sections(container: etree._Element, start: int, emitter: Emitter) -> None:
    """Paragraphs from `start` on that are section headings ("Middle East", "Summit
    Briefing—Arms Control") each open a <div type="section"> with that line as its <head>,
    holding what follows up to the next heading (TEI puts no paragraph after a div). A
    letter's salute further down ("Esteemed Alexander Stepanovich,", after an editor's
    introduction) opens one too, as the salute of its <opener>."""
    children = list(container)[start:]
    salutes = {i for i in range(len(children)) if _inner_salute(children, i, emitter)}
    at = [i for i in range(len(children)) if i in salutes or _section_heading(children, i, emitter)]
    for k, i in enumerate(at):
        stop = at[k + 1] if k + 1 < len(at) else len(children)
        heading = children[i]
        div = etree.Element(tei("div"), {"type": "section"})
        heading.addprevious(div)
        if i in salutes:
            heading.tag = tei("salute")
            sub(div, "opener").append(heading)
        else:
            heading.tag = tei("head")
            div.append(heading)
        div.extend(children[i + 1 : stop])


def _inner_salute(children: list[etree._Element], i: int, emitter: Emitter) -> bool:
    """A paragraph after others that is a letter's salute ("Dear Comrade Halvik,", the
    conventions' `parts.salutation_patterns`) ending with a comma or "!", over a paragraph;
    "To the Ministry …" is an address (`parts.addressee_salutes`), no salute."""
    p = children[i]
    if i == 0 or p.tag != tei("p") or p.attrib or i + 1 == len(children):
        return False
    if children[i + 1].tag != tei("p") or children[i - 1].tag != tei("p"):
        return False
    text = _words_of(p)
    if len(text) > _HEADING_LENGTH or not text.endswith((",", "!")) or "\n" in text:
        return False
    parts = emitter.lex.conventions.parts
    return not any(p.fullmatch(text) for p in parts.addressee_salutes) and any(
        p.fullmatch(text) for p in parts.salutation_patterns
    )


def _section_heading(children: list[etree._Element], i: int, emitter: Emitter) -> bool:
    """A paragraph of one short line that ends with no stop, names no one alone and is
    not one of a run of short lines, before a paragraph, a list or a speech."""
    p = children[i]
    if p.tag != tei("p") or p.attrib or i + 1 == len(children):
        return False
    if any(child.tag not in _HEADING_CHILDREN for child in p.iterdescendants()):
        return False
    text = _words_of(p)
    if not (3 <= len(text) <= _HEADING_LENGTH and len(text.split()) <= _HEADING_WORDS):
        return False
    if not (text[0].isupper() and text[-1].isalnum()) or emitter.lex.is_classification(text):
        return False
    if emitter.lex.is_reference(text):
        return False  # "Yours 2214": the telegram this one answers, no heading
    named = sum(len(_words_of(name)) for name in p.iter(tei("persName"), tei("date")))
    if named * 2 >= len(text):
        return False  # "Comrade Gromyko", "N. Khrushchev", "12 May 1950"
    following = children[i + 1]
    if following.tag == tei("list") and len(text.split()) == 1:
        return False  # "Halvik" / "1. Telegram 14 …": a signer above notes, no heading
    if following.tag not in _SECTION_OPENS or (
        following.tag == tei("p") and len(_words_of(following)) < max(100, 2 * len(text))
    ):
        return False
    before = children[i - 1] if i else None
    # an address or letterhead typed as short lines is no heading
    return not (
        before is not None
        and before.tag == tei("p")
        and len(_words_of(before)) <= _HEADING_LENGTH
        and _words_of(before)[-1:] not in SENTENCE_END_CHARS
    )


_HEADING_LENGTH = 80
_HEADING_WORDS = 10
# what a section's heading may hold, and what may follow it
_HEADING_CHILDREN = frozenset(
    tei(tag) for tag in ("persName", "placeName", "orgName", "date", "supplied", "hi")
)
_SECTION_OPENS = frozenset(tei(tag) for tag in ("p", "list", "sp"))


_PHRASE_ONLY = {
    "unclear",
    "supplied",
    "sic",
    "del",
    "hi",
    "persName",
    "placeName",
    "date",
    "time",
    "stamp",
}


# --- closer ---------------------------------------------------------------------------------


def _closer_part(closer: etree._Element, part: Part, emitter: Emitter, found: Found) -> None:
    signed: etree._Element | None = None
    last = closer[-1] if len(closer) else None
    if part.units and part.units[0].kind == "role" and last is not None:
        # "Irén Rózsa" / "Deputy Assistant Under-Secretary": one signature
        signed = last if last.tag == f"{{{TEI_NS}}}signed" else None
    for unit in part.units:
        text = emitter.doc.text[unit.start : unit.end]
        kind = unit.kind
        quote = ""
        end = unit.end
        stripped = text.rstrip()
        # 'Mao Zedong".': the quote that ends a quoted document, with the full stop after it
        quoted = len(stripped) > 1 and stripped[-1] in ".,;" and stripped[-2] in CLOSE_QUOTES
        size = 2 if quoted else 1
        if stripped and stripped[-size] in CLOSE_QUOTES and kind in ("signed", "date"):
            quote = stripped[-size:]
            end = unit.start + len(stripped) - size
        if kind == "salute":
            salute = sub(closer, "salute")
            emitter.emit(salute, unit.start, end)
            signed = None
        elif kind == "number":
            idno = sub(closer, "idno", {"type": "outgoing"})
            emitter.emit(idno, unit.start, end, mark=False)
        elif kind == "date":
            _learn_dateline_place(text, emitter)
            dateline = sub(closer, "dateline")
            emitter.emit(dateline, unit.start, end, bare_times=True)
        elif kind == "bracket" and emitter.construct_at(unit.start) not in (
            "signature",
            "supplied",
        ):
            emitter.emit(closer, unit.start, end)
        elif kind == "bracket":
            if signed is None:
                signed = sub(closer, "signed")
            else:
                # "[signature]" on its own line under the signer's title
                append_text(signed, " ")
                sub(signed, "lb")
            emitter.emit(signed, unit.start, end)
        else:
            signed = _signed(closer, signed, unit.start, end, kind, emitter, found)
        if quote:
            sub(closer, "seg", {"type": "punctuation"}, text=quote)


def _before_marks(text: str, start: int, stop: int) -> int:
    """Where a signer's name ends before the slashes, blanks and parenthesis after it, and
    before the full stop that ends the document ("Mao Zedong."; not "Jr." or an initial)."""
    while stop > start and text[stop - 1] in "/ )":
        stop -= 1
    if _NAME_FULL_STOP.search(text, start, stop):
        stop -= 1
    return stop


_NAME_FULL_STOP = re.compile(r"[a-zß-ÿа-я]{3}\.$")


def _signer(signed: etree._Element, start: int, end: int, emitter: Emitter) -> None:
    """The signer's persName, pointing at the person the title or the page names."""
    person = sub(signed, "persName")
    emitter.emit(person, start, end, mark=False)
    words = "".join(person.itertext()).split()
    # "O R L O V" signs for the title's "Orlov"
    spaced = len(words) >= 3 and all(len(w) == 1 for w in words)
    known = emitter.names.lookup_any_case(("" if spaced else " ").join(words))
    if known is not None and known.ref:
        person.set("ref", f"#{known.ref}")


def _date_before_name(signed: etree._Element, start: int, end: int, emitter: Emitter) -> int:
    """ "24.III.50 Shtykov": a date the signer wrote before the name goes into the signature
    before the persName, not into it; where the name starts."""
    leading, _ = emitter.dates_in(emitter.doc.text[start:end])
    if not leading or leading[0].start != 0:
        return start
    date_end = start + leading[0].end
    rest = emitter.doc.text[date_end:end]
    if not rest[:1].isspace() or not rest.strip():
        return start
    gap = len(rest) - len(rest.lstrip())
    emitter.emit(signed, start, date_end + gap)
    return date_end + gap


_NUMBER_FIRST = re.compile(r"^\s*(?P<num>\S+\s*\d[\w/.-]*)\s+")


def _signed(
    closer, signed, start: int, end: int, kind: str, emitter: Emitter, found: Found
) -> etree._Element:
    text = emitter.doc.text[start:end]
    # "Nº 166 KOVALEV 12 October": the outgoing number, the name, the date
    number = emitter.lex.number_mark.match(text)
    if number:
        idno = sub(closer, "idno", {"type": "outgoing"})
        emitter.emit(idno, start, start + number.end(), mark=False)
        start += number.end()
        while start < end and emitter.doc.text[start].isspace():
            start += 1
    dates, _ = emitter.dates_in(emitter.doc.text[start:end])
    date_at = None
    if (
        dates
        and dates[-1].end >= len(emitter.doc.text[start:end].rstrip(" ,."))
        and dates[-1].start > 0
    ):
        date_at = start + dates[-1].start
    if (
        signed is None
        or kind == "signed"
        and len(signed)
        and etree.QName(signed[-1]).localname == "persName"
    ):
        signed = sub(closer, "signed")
    else:
        append_text(signed, " ")
        sub(signed, "lb")
    lead = next((b for b in emitter.brackets if b.start == start and b.end < end), None)
    placeholder = next(
        (
            b
            for b in emitter.brackets
            if start < b.start and b.end < end and emitter.construct_of(b) == "signature"
        ),
        None,
    )
    if kind == "signed" and lead is None and placeholder is not None:
        # "SOVIET AMBASSADOR IN THE DPRK [signature] /A. PUZANOV/": the office, the
        # signature, then the name
        emitter.emit(signed, start, placeholder.start)
        lead = placeholder
    if kind == "signed" and lead is not None:
        # "[signature] A. VYSHINSKY": the placeholder stands before the name, not in it
        emitter.emit(signed, lead.start, lead.end)
        append_text(signed, " ")
        start = lead.end
        while start < end and emitter.doc.text[start].isspace():
            start += 1
    name_end = date_at if date_at is not None else end
    if kind == "signed":
        start = _date_before_name(signed, start, name_end, emitter)
    raw = emitter.doc.text[start:name_end]
    name_end = start + len(raw.rstrip(" ,"))
    text = emitter.doc.text
    # "/K. Orlov/", "(P. Abrasimov)" and "Varga Ödön s.k.": slashes, parentheses and
    # signature marks stand outside the name
    while start < name_end and text[start] in "/(":
        append_text(signed, text[start])
        start += 1
    mark = emitter.lex.signature_mark.match(text, start, name_end)
    if mark:  # "gez. Neuer": the mark before the name stays outside it
        append_text(signed, text[start : mark.end()])
        start = mark.end()
        while start < name_end and (text[start].isspace() or text[start] == ":"):
            append_text(signed, text[start])
            start += 1
    mark = emitter.lex.signature_mark.search(text, start, name_end)
    tail_start = mark.start() if mark and mark.start() > start else name_end
    name_stop = _before_marks(text, start, tail_start)
    # "FILIPPOV [Stalin]": the editor's identification follows the name, outside it
    if name_stop - start > 2 and text[name_stop - 2 : name_stop] == "].":
        name_stop -= 1
    trailing = next((b for b in emitter.brackets if start < b.start and b.end == name_stop), None)
    # (a bracket attached to the name's last word, "H[amilton]", "VIDIĆ[?]", stays inside)
    if (
        trailing is not None
        and text[start : trailing.start].strip()
        and text[trailing.start - 1].isspace()
    ):
        name_stop = _before_marks(text, start, trailing.start)
    words = emitter.lex.folded(text[start:name_stop]).split()
    if kind == "signed" and not any(w in emitter.lex.not_a_name for w in words):
        _signer(signed, start, name_stop, emitter)
    elif kind == "signed":
        # "Secretariat" signs as an office; "Dalstroi NKVD Nikishov.": an office, then its head
        last = re.search(r"(?<=\s)[A-ZÀ-ÞА-ЯЁ][\w’'-]{2,}\.?$", text[start:name_stop])
        head_at = start + last.start() if last else None
        lex = emitter.lex
        if head_at is not None and (
            lex.folded(last.group().rstrip(".")) in lex.not_a_name
            or any(lex.folded(w) in lex.office_joiners for w in text[start:head_at].split())
        ):
            head_at = None  # "Ministry of Foreign Affairs" is one office
        org_end = name_stop if head_at is None else start + len(text[start:head_at].rstrip())
        org = sub(signed, "orgName")
        emitter.emit(org, start, org_end, mark=False)
        if head_at is not None:
            append_text(signed, text[org_end:head_at])
            head_end = name_stop - 1 if text[name_stop - 1] == "." else name_stop
            _signer(signed, head_at, head_end, emitter)
            emitter.emit(signed, head_end, name_stop, mark=False)
    else:
        emitter.emit(signed, start, name_stop)
    if date_at is not None:
        emitter.emit(signed, name_stop, name_end, mark=False)
        dateline = sub(closer, "dateline")
        emitter.emit(dateline, date_at, end, bare_times=True)
        return signed
    # the comma after the name ("… at your service,") is the line's, kept
    emitter.emit(signed, name_stop, end, mark=False)
    return signed
