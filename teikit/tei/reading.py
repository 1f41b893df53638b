"""TEI → the plain reading text a person sees on the page: the other half of the lossless check.

Editorial markup comes back as the editor's bracket convention ("[handwritten at the top: …]",
"[Stamp: …]", "Mokr[in]"), blocks are separated by a blank line, list items stand on lines
of their own, and footnotes are listed after the body. Every character of text content is
kept: an element this module does not know is rendered as its text.

Example:
    from teikit.tei.reading import render_reading_text
    print(render_reading_text(Path("cable.xml").read_bytes()), end="")
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from teikit.io import parse_xml

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI_NS}

# Two characters XML 1.0 forbids, so no document text can contain them: they mark
# structure in the intermediate string until the final layout step.
_BREAK = "\x01"  # a block ends or begins here
_LB = "\x02"  # a line break inside a block

# Elements whose children are blocks; text lying loose in them becomes a block of its own.
_CONTAINERS = frozenset(
    {
        "TEI", "teiCorpus", "text", "front", "body", "back", "group",
        "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7",
        "opener", "closer", "floatingText", "postscript", "lg", "table",
        "sp", "spGrp", "titlePage", "listBibl", "address", "argument", "epigraph",
    }
)  # fmt: skip

# Elements that always stand as a block of their own, wherever they occur.
_BLOCKS = frozenset(
    {
        "p", "head", "ab", "item", "fw", "trailer", "byline", "docAuthor", "docDate",
        "dateline", "salute", "signed", "l", "row", "addrLine", "docImprint", "speaker",
    }
)  # fmt: skip

# Elements that print nothing at all: page, column and gathering breaks, anchors.
_SILENT = frozenset(
    {"pb", "cb", "gb", "milestone", "anchor", "index", "interp", "link", "teiHeader"}
)

# Note types rendered in brackets; any other note is document text (classification, source…).
_BRACKET_NOTE_TYPES = frozenset(
    {"annotation", "stamp", "translator", "original", "editorial", "identification", "description"}
)

# @place → the phrase the editors write after "handwritten"; other values are shown as given.
_PLACE_PHRASES = {
    "top": "at the top",
    "bottom": "at the bottom",
    "margin": "in the margin",
    "margin-left": "in the left margin",
    "margin-right": "in the right margin",
    "top-left": "in the upper left",
    "top-right": "in the upper right",
    "above": "above the text",
    "below": "below the text",
    "interlinear": "between the lines",
    "verso": "on the reverse",
}

_ITEM_NUMBER = r"\(?{n}[.):]"

# The name malformed bytes are reported under; callers with a file name parse it themselves.
BYTES_SOURCE = "<TEI>"


def render_reading_text(
    xml: bytes | etree._ElementTree | etree._Element, *, header: bool = True
) -> str:
    """Render TEI as the plain text a reader sees: blocks, brackets, footnotes last.

    With `header`, the title and creation date come first and a "Document information"
    block (summary, citation, rights, ids, type, languages, names) comes last.
    The result uses "\\n" line ends and ends with exactly one newline. Bytes that are not
    well-formed XML raise InputError ("<TEI>:line:col: not well-formed XML: …").

    Example:
        render_reading_text(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                            b'<p>Mokr<supplied>in</supplied> 1215</p></body></text></TEI>',
                            header=False) == "Mokr[in] 1215\\n"
    """
    root = _root_of(xml)
    tei_header = root.find("tei:teiHeader", NS) if _local(root) == "TEI" else None
    text_parts = root.findall("tei:text", NS) if _local(root) == "TEI" else [root]
    use_header = header and tei_header is not None

    blocks: list[str] = []
    if use_header:
        blocks += _header_front_blocks(tei_header)
    for part in text_parts:
        blocks += _layout_blocks(_render(part, block_level=True))
        blocks += [_layout_line(entry) for entry in _footnote_entries(part)]
    if use_header:
        blocks += _document_information_blocks(tei_header)
    return "\n\n".join(block for block in blocks if block) + "\n"


# ---------------------------------------------------------------------------
# Input


def _root_of(xml: bytes | etree._ElementTree | etree._Element) -> Any:
    if isinstance(xml, etree._ElementTree):
        return xml.getroot()
    if isinstance(xml, etree._Element):
        return xml
    if isinstance(xml, bytes | bytearray):
        # io's parser never reads a DTD, expands an entity or goes online; bad XML is an InputError.
        return parse_xml(bytes(xml), source=BYTES_SOURCE).getroot()
    raise TypeError(f"expected TEI as bytes or an lxml tree, not {type(xml).__name__}")


# ---------------------------------------------------------------------------
# The walk: every element becomes a string with _BREAK / _LB marks in it.


def _local(el: Any) -> str:
    """The TEI element name of `el`, or "" for comments, PIs and other namespaces."""
    if not isinstance(el.tag, str):
        return ""
    # By the text of the tag: etree.QName raises on names libxml2 lets through (":x").
    prefix = f"{{{TEI_NS}}}"
    return el.tag[len(prefix) :] if el.tag.startswith(prefix) else ""


def _render(el: Any, *, block_level: bool) -> str:
    """One element (not its tail) as marked-up text; `block_level` if its parent holds blocks."""
    if el.tag is etree.Entity:
        # An entity left unexpanded keeps its "&name;" text rather than vanish.
        return str(el.text or "")
    if not isinstance(el.tag, str):
        return ""  # comments and processing instructions are not on the page
    name = _local(el)
    if name in _SILENT:
        return ""
    if name == "lb":
        return _LB
    rule = _INLINE_RULES.get(name)
    bracketed = rule(el) if rule is not None else None
    if bracketed is not None:
        return _as_block(bracketed) if block_level or name in _BLOCKS else bracketed
    if name == "list":
        return _BREAK + _render_list(el) + _BREAK
    if name in _CONTAINERS:
        return _BREAK + _render_container(el) + _BREAK
    # A <p> holding a <list> or a <quote> holding paragraphs needs no special case:
    # the inner blocks bring their own breaks.
    content = _content(el)
    return _as_block(content) if block_level or name in _BLOCKS else content


def _as_block(text: str) -> str:
    return _BREAK + text + _BREAK


def _content(el: Any, *, skip: Any = None) -> str:
    """The element's text and children, inline; `skip` drops one child but keeps its tail."""
    children = list(el)
    out = [_unless_layout(el.text) if children else el.text or ""]
    for child in children:
        if child is not skip:
            out.append(_render(child, block_level=False))
        out.append(_unless_layout(child.tail) if child is children[-1] else child.tail or "")
    return "".join(out)


def _unless_layout(text: str | None) -> str:
    """`text`, or nothing when it is indentation before the first or after the last child.

    Pretty printers put `(<persName>⏎<hi>Donovan</hi>⏎</persName>)`: the page reads "(Donovan)",
    and "three <gloss>⏎<hi>ky</hi>⏎</gloss>s" reads "three kys".
    """
    if text and "\n" in text and not text.strip():
        return ""
    return text or ""


def _render_container(el: Any) -> str:
    out = [_loose_text(el.text)]
    for child in el:
        out.append(_render(child, block_level=True))
        out.append(_loose_text(child.tail))
    return "".join(out)


def _loose_text(text: str | None) -> str:
    # Indentation between blocks is layout; real words lying between blocks are a block.
    return _as_block(text) if text and text.strip() else ""


def _render_list(el: Any) -> str:
    """Each item on its own line, numbered by its `label` sibling or its @n."""
    out = [_loose_text(el.text)]
    label: str | None = None
    for child in el:
        name = _local(child)
        if name == "label":
            if label is not None:
                out.append(_as_block(label))
            label = _flat(child)
        elif name == "item":
            out.append(_as_block(_render_item(child, label)))
            label = None
        else:
            out.append(_render(child, block_level=True))
        out.append(_loose_text(child.tail))
    if label is not None:
        out.append(_as_block(label))
    return "".join(out)


def _render_item(item: Any, label: str | None) -> str:
    content = _content(item)
    if label:
        return f"{label} {content}"
    number = (item.get("n") or "").strip()
    start = _collapse(content.split(_BREAK, 1)[0].replace(_LB, " ")).lstrip()
    if not number or re.match(_ITEM_NUMBER.format(n=re.escape(number)), start):
        return content
    # "Copy Nº 2 to Cde. Stalin" (n="2") already says its number
    if re.search(rf"(?<!\w){re.escape(number)}(?!\w)", start[:40]):
        return content
    return f"{number}. {content}"


def _flat(el: Any, *, skip: Any = None) -> str:
    """Content for inside brackets: blocks become lines, each line collapsed and trimmed."""
    return _join_lines(_content(el, skip=skip).replace(_BREAK, _LB))


# ---------------------------------------------------------------------------
# Inline rules, one per element: return the bracketed rendering, or None to fall back
# to the element's plain content (as a markdown-it rule returns False when it does not apply).


def _note_rule(el: Any) -> str | None:
    if _is_footnote(el):
        return f"[{el.get('n').strip()}]"
    kind = el.get("type")
    if kind == "annotation":
        return _qualified("handwritten" + _place_phrase(el.get("place")), el)
    if kind == "stamp":
        return _qualified("Stamp", el)
    if kind == "translator":
        return _labelled("Translator's note", _flat(el))
    if kind == "original":
        return _labelled("Note in original", _flat(el))
    if kind == "editorial" and el.get("resp"):
        # [otp.] is the editor's too, but only a note someone signs was labelled on the page.
        return _labelled("Editor's note", _flat(el))
    if kind in _BRACKET_NOTE_TYPES:
        return _bracketed(_flat(el))
    return None


def _qualified(label: str, el: Any) -> str:
    """ "[Stamp MFA round seal: text]": a note's label, what its desc says of the mark or
    the hand, then its text."""
    desc = el.find("tei:desc", NS)
    qualifier = f" {_flat(desc)}" if desc is not None and _flat(desc) else ""
    return _labelled(label + qualifier, _flat(el, skip=desc))


def _stamp_rule(el: Any) -> str | None:
    parent = el.getparent()
    # Inside <note type="stamp"> the note already says "Stamp".
    if parent is not None and _local(parent) == "note" and parent.get("type") == "stamp":
        return None
    return _labelled("Stamp", _flat(el))


def _add_rule(el: Any) -> str | None:
    if el.get("hand") is None:
        return None
    return _labelled("handwritten" + _place_phrase(el.get("place")), _flat(el))


def _gap_rule(el: Any) -> str:
    desc = el.find("tei:desc", NS)
    text = _flat(desc) if desc is not None else ""
    return _bracketed(text or "…")


def _unclear_rule(el: Any) -> str:
    return _flat(el) + "[?]"


def _sic_rule(el: Any) -> str:
    return (_flat(el) + " [sic]").lstrip()


def _supplied_rule(el: Any) -> str:
    # No space is added: "Mokr<supplied>in</supplied>" reads "Mokr[in]", as the editor wrote it.
    return f"[{_flat(el)}]"


def _stage_rule(el: Any) -> str:
    # "(Applause.)" keeps the parentheses it was written with; one without them is the
    # editor's, written in brackets ("[Laughter]").
    text = _flat(el)
    return text if text.startswith("(") and text.endswith(")") else _bracketed(text)


def _del_rule(el: Any) -> str:
    return _labelled("crossed out", _flat(el))


def _hi_rule(el: Any) -> str | None:
    if "underline" not in (el.get("rend") or "").split():
        return None
    return _content(el) + " [underlined]"


def _choice_rule(el: Any) -> str:
    corrected = any(_local(child) in {"corr", "reg", "expan"} for child in el)
    out = []
    for child in el:
        name = _local(child)
        if name in {"corr", "reg", "expan"}:
            out.append(f" [{_flat(child)}]")
        elif name == "sic" and not corrected:
            out.append(_sic_rule(child))
        else:
            out.append(_flat(child))
    return "".join(out)


def _cell_rule(el: Any) -> str:
    # Cells sit side by side in a row's line; the spaces keep their words apart.
    return f" {_content(el)} "


_INLINE_RULES: dict[str, Callable[[Any], str | None]] = {
    "note": _note_rule,
    "stamp": _stamp_rule,
    "add": _add_rule,
    "gap": _gap_rule,
    "unclear": _unclear_rule,
    "sic": _sic_rule,
    "supplied": _supplied_rule,
    "stage": _stage_rule,
    "del": _del_rule,
    "hi": _hi_rule,
    "choice": _choice_rule,
    "cell": _cell_rule,
}


def _is_footnote(el: Any) -> bool:
    """A numbered note that belongs at the foot: listed after the body, "[n]" where it stands."""
    if _local(el) != "note" or not (el.get("n") or "").strip():
        return False
    kind, place = el.get("type"), el.get("place")
    if kind == "footnote" or place in {"foot", "end"}:
        return True
    # FRUS-style footnotes carry only @n (source notes add type="source").
    return kind in {None, "source"} and place is None and el.get("rend") != "inline"


def _footnote_entries(part: Any) -> Iterable[str]:
    for note in part.iter(f"{{{TEI_NS}}}note"):
        if _is_footnote(note):
            yield f"[{note.get('n').strip()}] {_flat(note)}"


def _place_phrase(place: str | None) -> str:
    if not place:
        return ""
    return " " + _PLACE_PHRASES.get(place, f"({place})")


def _labelled(label: str, text: str) -> str:
    return f"[{label}: {text}]" if text else f"[{label}]"


def _bracketed(text: str) -> str:
    # Some encoders keep the editor's brackets inside the note ("<note>[Stalin]</note>").
    if not text or (text.startswith("[") and text.endswith("]")):
        return text
    return f"[{text}]"


# ---------------------------------------------------------------------------
# Layout: marks → lines and blocks.


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _join_lines(text: str) -> str:
    """Collapse each _LB-separated line, trim it, and drop empty ones."""
    lines = (_collapse(line).strip() for line in text.split(_LB))
    return _LB.join(line for line in lines if line)


def _layout_blocks(text: str) -> list[str]:
    blocks = (_layout_line(block) for block in text.split(_BREAK))
    return [block for block in blocks if block]


def _layout_line(text: str) -> str:
    return _join_lines(text.replace(_BREAK, _LB)).replace(_LB, "\n")


# ---------------------------------------------------------------------------
# teiHeader


def _header_front_blocks(tei_header: Any) -> list[str]:
    """The title line and the document's creation date, as the page shows them first."""
    blocks = []
    title = tei_header.find("tei:fileDesc/tei:titleStmt/tei:title", NS)
    if title is not None:
        blocks.append(_layout_line(_flat(title)))
    creation = tei_header.find("tei:profileDesc/tei:creation", NS)
    if creation is not None:
        date = creation.find(".//tei:date", NS)
        if date is None:
            blocks.append(_layout_line(_flat(creation)))
        else:
            blocks.append(_layout_line(_flat(date) or date.get("when", "")))
    return blocks


def _document_information_blocks(tei_header: Any) -> list[str]:
    """The page's metadata: summary, citation, rights, ids, type, languages, names."""
    h = tei_header
    fields: list[str | None] = []
    fields += _paragraph_field("Summary", h.findall("tei:profileDesc/tei:abstract", NS))
    citations = h.xpath(".//tei:sourceDesc//tei:bibl[@type='citation']", namespaces=NS)
    fields.append(_field("Citation", _texts(citations)))
    publication = h.find("tei:fileDesc/tei:publicationStmt", NS)
    if publication is not None:
        fields += _paragraph_field("Rights", publication.findall("tei:availability", NS))
        for idno in publication.findall("tei:idno", NS):
            fields.append(_field(_idno_label(idno.get("type")), _texts([idno])))
        fields.append(_field("Date", _texts(publication.findall("tei:date", NS))))
    fields.append(_field("Notes", _texts(h.findall("tei:fileDesc/tei:notesStmt/tei:note", NS))))
    funders = h.xpath(
        "tei:fileDesc/tei:titleStmt/tei:funder | tei:fileDesc/tei:titleStmt/tei:sponsor",
        namespaces=NS,
    )
    fields.append(_field("Donors", _texts(funders)))
    terms = h.findall("tei:profileDesc/tei:textClass//tei:term", NS)
    fields.append(_field("Type", _texts(t for t in terms if t.get("type") == "genre")))
    fields.append(_field("Subjects", _texts(t for t in terms if t.get("type") != "genre")))
    languages = h.findall("tei:profileDesc/tei:langUsage/tei:language", NS)
    fields.append(_field("Language", _texts(languages)))
    fields.append(_field("People", _list_entries(h, "listPerson", "person")))
    fields.append(_field("Organizations", _list_entries(h, "listOrg", "org")))
    fields.append(_field("Places", _list_entries(h, "listPlace", "place")))
    blocks = [field for field in fields if field]
    return ["Document information", *blocks] if blocks else []


def _paragraph_field(label: str, holders: list[Any]) -> list[str | None]:
    """One block per paragraph, the first labelled: summary and rights run to several."""
    paragraphs = [
        text
        for holder in holders
        for text in ([_flat(p) for p in holder.iter(f"{{{TEI_NS}}}p")] or [_flat(holder)])
        if text
    ]
    if not paragraphs:
        return []
    first, *rest = paragraphs
    return [_layout_line(f"{label}: {first}"), *(_layout_line(p) for p in rest)]


def _field(label: str, values: list[str]) -> str | None:
    """ "Label: value", or "Label:" and one value a line; None when there is no value."""
    if not values:
        return None
    if len(values) == 1:
        return f"{label}: {values[0]}"
    return "\n".join([f"{label}:", *values])


def _texts(elements: Iterable[Any]) -> list[str]:
    """Each element's text, or its @ident / @when when it has none (<language ident="en"/>)."""
    texts = (_flat(el) or el.get("ident", "") or el.get("when", "") for el in elements)
    return [_layout_line(text) for text in texts if text]


def _idno_label(kind: str | None) -> str:
    return {"record": "Record ID", None: "ID"}.get(kind, f"ID ({kind})")


def _list_entries(tei_header: Any, list_name: str, entry_name: str) -> list[str]:
    """One line per entry: its name, then what else it says ("Ponomarenko, P. K., 1902-1984")."""
    lines = []
    for entry in tei_header.xpath(f".//tei:{list_name}/tei:{entry_name}", namespaces=NS):
        pieces: list[str] = []
        previous = ""
        for child in entry.iterchildren(etree.Element):  # elements only: no comments
            text = _flat(child) or child.get("when", "")
            if not text:
                continue
            if _local(child) == "death" and previous == "birth":
                pieces[-1] += f"-{text}"  # life dates read as one span, as catalogues print them
            else:
                pieces.append(text)
            previous = _local(child)
        line = _layout_line(", ".join(pieces) or _flat(entry))
        if line:
            lines.append(line)
    return lines
