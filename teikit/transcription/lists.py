"""Numbered, lettered and roman lists, nested or not, and lists without numbers."""

from __future__ import annotations

import re
from dataclasses import replace

from teikit.transcription.document import Block
from teikit.transcription.layout import BULLETS, ITEM_LABEL
from teikit.transcription.lexicon import OPEN_QUOTES
from teikit.transcription.parts import SENTENCE_END, Item, Part, Reader

MARKER = re.compile(
    r"(?P<open>\()?(?P<n>\d{1,2}|[a-z]|[ivxIVX]{1,5}|[A-Z])(?P<close>[.)])(?=\s)\s*"
)

_ROMAN = "ivxlc"
# "I. Orlenko:", "A. Gromyko:": an initial, a surname and a colon open a speaker's turn
_SPEAKER_INITIAL = re.compile(
    r"[A-Z]\.[ \u00a0]?[A-ZÀ-ÞА-ЯЁ][\w’'\-]+(?:[ \u00a0][A-ZÀ-ÞА-ЯЁ][\w’'\-]+)?:"
)


def split_lead_in(reader: Reader, blocks: list[Block]) -> list[Block]:
    """ "The Embassy considers it expedient:" with items on the next lines: paragraph, then list."""
    result = []
    for block in blocks:
        cut = None
        for k in range(1, len(block.lines)):
            before = reader.text(*block.lines[k - 1]).rstrip()
            line = reader.text(*block.lines[k]).lstrip(" \t\u00a0")
            marker = MARKER.match(line)
            if before.endswith(":") and marker and first_of_style(marker.group("n")):
                cut = k
                break
        if cut is None or MARKER.match(reader.text(*block.lines[0]).lstrip()):
            result.append(block)
        else:
            result += [Block(block.lines[:cut], block.gap_before), Block(block.lines[cut:], 0)]
    return result


def unlabelled_items(reader: Reader, block: Block) -> Part | None:
    """A block whose every line is a whole sentence or quotation: items of an unlabelled list.

    Paragraphs are set apart by blank lines; lines in one block that each open with a
    capital or a quote and close a sentence are the items of a list (FRUS block quotes).
    """
    if len(block.lines) < 2:
        return None
    texts = [reader.text(s, e).strip() for s, e in block.lines]
    whole = all(t[:1] in OPEN_QUOTES for t in texts) or all(
        (t[:1].isupper() or t[:1] in OPEN_QUOTES) and SENTENCE_END.search(t) for t in texts
    )
    if not whole or max(len(t) for t in texts) < 80:
        return None
    items = tuple(Item("", *reader.strip_span(s, e)) for s, e in block.lines)
    return Part("list", items=items, subtype="unlabelled")


# "• The Secretary", "- Comrade Péter", "* Moscow": a bullet and a blank open an item
BULLET = re.compile(rf"[{re.escape(BULLETS)}][ \t\u00a0]+(?=\S)")


def bullet_item(line: str, start: int, end: int) -> Item | None:
    """The item a line opening with a bullet holds (its text after the bullet, the bullet
    its marker), the line's text `line` spanning `start`…`end`; None without a bullet."""
    match = BULLET.match(line, len(line) - len(line.lstrip(" \t\u00a0")))
    if match is None:
        return None
    return Item("", start + match.end(), end, marker=match.group().strip())


def bulleted_items(reader: Reader, block: Block) -> Part | None:
    """A block of two or more lines that each open with a bullet: the items of a list
    (type "bulleted"); a line indented further than the block's first opens a list inside
    the item above it ("• U.S." / "    • The Secretary")."""
    if len(block.lines) < 2:
        return None
    found: list[tuple[int, Item]] = []
    for start, end in block.lines:
        line = reader.text(start, end)
        item = bullet_item(line, start, end)
        if item is None:
            return None
        found.append((len(line) - len(line.lstrip(" \t\u00a0")), item))
    outer = found[0][0]
    items: list[Item] = []
    for indent, item in found:
        if indent > outer and items:
            items[-1] = _with_sub(items[-1], [item])
        elif indent < outer:
            return None  # less indented than the first item: no list of this shape
        else:
            items.append(item)
    return Part("list", items=tuple(_labels_joined(reader, items)), subtype="bulleted")


# "(1)", "2.", "a)": an item that is its label alone, the entry's text on the next line
_LABEL_ONLY = re.compile(ITEM_LABEL)


def _labels_joined(reader: Reader, items: list[Item]) -> list[Item]:
    """FRUS's "- (1)" / "- He said …": an item holding a label alone is the label of the
    item below it, one item numbered by it."""
    joined: list[Item] = []
    k = 0
    while k < len(items):
        item = items[k]
        label = _LABEL_ONLY.fullmatch(reader.text(item.start, item.end).strip())
        if label is not None and k + 1 < len(items) and not item.sublist:
            text = items[k + 1]
            marker = f"{item.marker} {label.group()} {text.marker}"
            joined.append(replace(text, n=label.group("n"), marker=marker))
            k += 2
            continue
        joined.append(item)
        k += 1
    return joined


def _marker_style(n: str) -> str:
    if n.isdigit():
        return "1"
    if len(n) > 1 or n.lower() in ("i", "v", "x") and n.lower() in _ROMAN:
        return "i" if n.islower() else "I"
    return "a" if n.islower() else "A"


def first_of_style(n: str) -> bool:
    return n in ("1", "a", "i", "A", "I")


def _next_marker(n: str, previous: str) -> bool:
    if n.isdigit() and previous.isdigit():
        return int(n) == int(previous) + 1
    if len(n) == 1 and len(previous) == 1 and n.isalpha() and previous.isalpha():
        return ord(n) == ord(previous) + 1
    return (
        roman_value(n) is not None
        and roman_value(previous) is not None
        and roman_value(n) == roman_value(previous) + 1  # type: ignore[operator]
    )


def roman_value(text: str) -> int | None:
    """The number a Roman numeral stands for ("iv" → 4); None when `text` is none."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    text = text.lower()
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        total += -values[a] if b in values and values[b] > values[a] else values[a]
    return total


def roman_numeral(value: int) -> str:
    """A number as a Roman numeral in capitals (4 → "IV"); "" for 0 and less."""
    out = []
    for amount, numeral in _NUMERALS:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


_NUMERALS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def read_list(
    reader: Reader, blocks: list[Block], i: int, depth: int = 0
) -> tuple[Part | None, int]:
    """A list starting at block i; a list of another marker style nests in its last item."""
    items: list[Item] = []
    used = 0
    style = None
    previous = None
    while i + used < len(blocks):
        block_items = _block_items(reader, blocks[i + used])
        bullets = _bullets_under(reader, blocks, i + used, items[-1]) if items else []
        if bullets:
            # "2. … our receptions:" / "- we were sent …" / "- …", a line each: its list
            items[-1] = _with_sub(items[-1], bullets)
            used += len(bullets)
            continue
        if not block_items:
            ahead = _section_paragraphs(reader, blocks, i + used, previous) if previous else 0
            if not ahead:
                break
            # "1. …" / "In the conversation …" / "2. …": numbered sections of paragraphs
            spans = tuple((b.start, b.end) for b in blocks[i + used : i + used + ahead])
            items[-1] = replace(items[-1], paragraphs=items[-1].paragraphs + spans)
            used += ahead
            continue
        first = block_items[0].n
        if previous is None:
            if not first_of_style(first) and not (
                len(block_items) > 1 and _next_marker(block_items[1].n, first)
            ):
                return None, 0
            style = _marker_style(first)
        elif _marker_style(first) != style and not (
            style in ("a", "A") and _next_marker(first, previous)  # "h)", "i)" go on lettering
        ):
            if depth or not first_of_style(first):
                break
            nested, nested_used = read_list(reader, blocks, i + used, depth + 1)
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
    if len(items) == 1 and items[0].n in ("I", "A") and _initialled_name(reader, items[0]):
        return None, 0  # "I. STALIN": an initial and a surname, not item one of a list
    return Part("list", items=tuple(items), subtype="ordered"), used


# A numbered section holds at most this many paragraphs after its first.
MAX_SECTION_PARAGRAPHS = 8


def _section_paragraphs(reader: Reader, blocks: list[Block], i: int, previous: str) -> int:
    """How many plain paragraphs from block i stand before the block that goes on with the
    marker after `previous` (0 when none does within MAX_SECTION_PARAGRAPHS)."""
    for k in range(i, min(len(blocks), i + MAX_SECTION_PARAGRAPHS + 1)):
        items = _block_items(reader, blocks[k])
        if items:
            return k - i if k > i and _next_marker(items[0].n, previous) else 0
        if reader.is_bracket_only(blocks[k].start, blocks[k].end):
            return 0
    return 0


def _bullets_under(reader: Reader, blocks: list[Block], i: int, item: Item) -> list[Item]:
    """The blocks from i on that are one bulleted line each ("- we were sent …"), under an
    item whose text ends with a colon: the items of a list inside it; [] otherwise."""
    if (
        item.paragraphs
        or item.sublist
        or not reader.text(item.start, item.end).rstrip().endswith(":")
    ):
        return []
    found: list[Item] = []
    for block in blocks[i:]:
        if len(block.lines) != 1:
            break
        start, end = block.lines[0]
        item = bullet_item(reader.text(start, end), start, end)
        if item is None:
            break
        found.append(item)
    return found


def _initialled_name(reader: Reader, item: Item) -> bool:
    words = reader.text(item.start, item.end).split()
    return 1 <= len(words) <= 2 and all(w[:1].isupper() and w.rstrip(".,").isalpha() for w in words)


def _block_items(reader: Reader, block: Block) -> list[Item]:
    """List items of a block whose first line starts with a marker; [] if it does not."""
    items: list[Item] = []
    sub: list[Item] = []
    indent0 = None
    previous = block.lines[0]
    for start, end in block.lines:
        line, above, previous = reader.text(start, end), previous, (start, end)
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        stripped_start = start + indent
        match = MARKER.match(reader.text(stripped_start, end))
        if match and _SPEAKER_INITIAL.match(reader.text(stripped_start, end)):
            match = None  # "I. Orlenko: Thank you": a speaker's initial, no item's number
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
                and (indent > indent0 or sub or first_of_style(n))
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
        elif (bullet := bullet_item(line, start, end)) is not None and (
            sub and not sub[-1].n or reader.text(*above).rstrip().endswith(":")
        ):
            # "2. Romanians boycott our receptions:" / "- we were sent …;" / "- …": a
            # bulleted list inside the item
            sub.append(bullet)
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
