"""Editorial bracket scanner: finds [ … ] spans, nested, over lines, closed or not.

Real transcriptions leave brackets open ("[Stamp at the end of the first page:" and
then three lines of stamp).  An unclosed bracket ends where the layout shows it
ends: at the end of its paragraph, or, when it opens with a "Label:" and is followed
by short lines, at the first wider gap or long paragraph.  The scanner never raises.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

# Deeper nesting than this is not editorial practice; deeper "[" are kept as text.
MAX_DEPTH = 16
# A paragraph this long is running text, not the next line of a stamp or annotation.
SHORT_BLOCK = 72
SHORT_BLOCK_LINES = 6

_BLANK_RUN = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")
_OPENS_WITH_LABEL = re.compile(r"\[[^\[\]\n]{0,80}:\s*$")
_EVENT = re.compile(r"[\[\]\n]")
_EVENT_OR_BRACE = re.compile(r"[\[\]\n}]")
# "[SIC}": a bracket left open whose first closing sign on its line is a brace, a key next
# to "]", is closed by it; the brace is looked for this far
MISTYPED_CLOSE_AHEAD = 40
_FIRST_SIGN = re.compile(r"[\[\]\n{}]")


@dataclass(frozen=True)
class Bracket:
    """One bracket: offsets of "[" and past its end, of its inner text, and its children."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    children: tuple[Bracket, ...] = ()
    # closed by a "}" typed for "]" ("[SIC}")
    mistyped: bool = False


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_Span = TypeVar("_Span", bound=_Spanned)


def spans_within(spans: Sequence[_Span], start: int, end: int) -> list[_Span]:
    """The spans (brackets, dates; in order of start) that lie inside [start, end), found
    by binary search."""
    i = bisect.bisect_left(spans, start, key=lambda s: s.start)
    found = []
    while i < len(spans) and spans[i].start < end:
        if spans[i].end <= end:
            found.append(spans[i])
        i += 1
    return found


@dataclass(frozen=True)
class _Gap:
    start: int  # offset of the first line break of the blank run
    end: int  # offset just past the last line break
    blank_lines: int


def scan_brackets(text: str, *, pairs: tuple[str, ...] = ()) -> tuple[Bracket, ...]:
    """Top-level brackets of `text` (children nested inside), in order; other bracket
    pairs (`pairs`, each its opening and closing sign: conventions `parts.other_brackets`)
    are read as square ones on one line, holding words only.

    Example:
        [b] = scan_brackets("Comm[unist] greetings")
        (b.start, b.end, b.closed)  # (4, 11, True)
    """
    if "[" not in text:
        return _other_brackets(text, (), pairs)
    gaps = [_Gap(m.start(), m.end(), m.group().count("\n") - 1) for m in _BLANK_RUN.finditer(text)]
    gap_at = {g.start: g for g in gaps}
    single_openers: set[int] = set()
    brace_closers: set[int] = set()
    while True:
        found, unclosed = _scan(text, gap_at, single_openers, brace_closers)
        # "[Handwritten notations: to [[illegible name] and G. Ye. Samsonov]": a doubled
        # "[[" closed by one "]" left the bracket around it open; read that "[[" as one "["
        culprit = next(
            (c for b in unclosed for c in _half_doubled(text, b) if c not in single_openers),
            None,
        )
        if culprit is not None:
            single_openers.add(culprit)
            continue
        braces = (
            {_brace_closer(text, b) for u in unclosed for b in iter_brackets((u,))}
            - brace_closers
            - {None}
        )
        if not braces:
            return _other_brackets(text, found, pairs)
        brace_closers |= braces


@lru_cache(maxsize=8)
def _pair_pattern(pair: str) -> re.Pattern[str]:
    """ "with ⟨our⟩ American Regimentals": a pair's signs on one line around words, with no
    bracket, digit or comma inside ("⟨a, b⟩", "⟨3, 7⟩" are data)."""
    opening, closing = (re.escape(sign) for sign in pair)
    return re.compile(
        rf"{opening}(?=[^{closing}]*[^\W\d_])[^{opening}{closing}\[\]\n,\d]{{1,80}}{closing}"
    )


def _other_brackets(
    text: str, found: tuple[Bracket, ...], pairs: tuple[str, ...]
) -> tuple[Bracket, ...]:
    """`found` with the other pairs' brackets outside them, read as square ones are."""
    pairs = tuple(pair for pair in pairs if pair[0] in text)
    if not pairs:
        return found
    starts = [b.start for b in found]
    angled = []
    matches = sorted(
        (m for pair in pairs for m in _pair_pattern(pair).finditer(text)), key=lambda m: m.start()
    )
    for match in matches:
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and found[at].end > match.start():
            continue  # inside a square bracket: its text
        angled.append(Bracket(match.start(), match.end(), match.start() + 1, match.end() - 1, True))
    return tuple(sorted((*found, *angled), key=lambda b: b.start)) if angled else found


def _brace_closer(text: str, bracket: Bracket) -> int | None:
    """Where a "}" closes `bracket` (left open, or inside one left open, whose "]" it took:
    "[Stamp: [illegible} received]"): the first sign after its "[" on its line, close to
    it, with no brace opened before it ("[SIC}")."""
    sign = _FIRST_SIGN.search(text, bracket.inner_start, bracket.inner_start + MISTYPED_CLOSE_AHEAD)
    return sign.start() if sign is not None and sign.group() == "}" else None


def _half_doubled(text: str, bracket: Bracket):
    """Starts of "[[x]" inside `bracket` whose second "[" alone was closed."""
    for child in iter_brackets(bracket.children):
        first = child.children[0] if child.children else None
        if (
            first is not None
            and first.start == child.start + 1
            and first.closed
            and not first.children
            and text[first.end : first.end + 1] != "]"
        ):
            yield child.start


def _scan(
    text: str, gap_at: dict[int, _Gap], single_openers: set[int], brace_closers: set[int]
) -> tuple[tuple[Bracket, ...], list[Bracket]]:
    """One pass of the scanner: the top-level brackets and those it had to close itself."""
    # stack entries: [start offset, children list, extended gap width or None]
    stack: list[list] = []
    top: list[Bracket] = []
    unclosed: list[Bracket] = []
    i = 0
    n = len(text)
    event = _EVENT_OR_BRACE if brace_closers else _EVENT
    while i < n:
        # Only "[", "]" and line breaks change anything, and with no bracket open only "[":
        # jump to the next of them instead of looking at every character.
        if stack:
            found = event.search(text, i)
            i = found.start() if found else n
        else:
            i = text.find("[", i)
            if i < 0:
                i = n
        if i == n:
            break
        ch = text[i]
        if ch == "[" and i in single_openers:
            stack.append([i, [], None])
            i += 2  # "[[x]": the two openers are one
            continue
        if ch == "[" and len(stack) < MAX_DEPTH:
            stack.append([i, [], None])
        elif (ch == "]" or ch == "}" and i in brace_closers) and stack:
            start, children, _ = stack.pop()
            inner = start + (2 if start in single_openers else 1)
            bracket = Bracket(start, i + 1, inner, i, True, tuple(children), mistyped=ch == "}")
            _attach(stack, top, bracket)
        elif ch == "\n" and stack and i in gap_at:
            gap = gap_at[i]
            if _continues_across(text, stack[0], gap) or _closes_within(text, gap, len(stack)):
                stack[0][2] = gap.blank_lines
                i = gap.end
                continue
            end = _trim_end(text, i)
            while stack:
                start, children, _ = stack.pop()
                unclosed.append(Bracket(start, end, start + 1, end, False, tuple(children)))
                _attach(stack, top, unclosed[-1])
        i += 1
    end = _trim_end(text, n)
    while stack:
        start, children, _ = stack.pop()
        last = max(end, start + 1)
        unclosed.append(Bracket(start, last, start + 1, last, False, tuple(children)))
        _attach(stack, top, unclosed[-1])
    return tuple(top), unclosed


def _attach(stack: list[list], top: list[Bracket], bracket: Bracket) -> None:
    (stack[-1][1] if stack else top).append(_single(bracket))


def _single(bracket: Bracket) -> Bracket:
    """ "[[TOP SECRET]]": a doubled bracket is read as one ("[TOP SECRET]"), not as a
    bracket inside a bracket, which wrote <supplied><supplied>…"""
    if len(bracket.children) != 1 or not bracket.closed:
        return bracket
    inner = bracket.children[0]
    if not inner.closed or (inner.start, inner.end) != (bracket.inner_start, bracket.inner_end):
        return bracket
    return Bracket(
        bracket.start,
        bracket.end,
        inner.inner_start,
        inner.inner_end,
        True,
        inner.children,
        mistyped=bracket.mistyped,
    )


def _trim_end(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in " \t\u00a0\n":
        pos -= 1
    return pos


def _continues_across(text: str, outer: list, gap: _Gap) -> bool:
    """Whether an open "[Label:" bracket goes on past a blank-line gap."""
    start, _, width = outer
    if width is None:
        first_line_end = text.find("\n", start)
        opener = text[start : first_line_end if first_line_end >= 0 else len(text)]
        if not _OPENS_WITH_LABEL.match(opener):
            return False
    elif gap.blank_lines > width:
        return False
    next_end = _BLANK_RUN.search(text, gap.end)
    block = text[gap.end : next_end.start() if next_end else len(text)]
    return bool(block.strip()) and _is_short_block(block)


def _is_short_block(block: str) -> bool:
    """A few short lines (a stamp's or an annotation's), not a paragraph of running text."""
    lines = block.split("\n")
    return len(lines) <= SHORT_BLOCK_LINES and all(len(ln.strip()) <= SHORT_BLOCK for ln in lines)


# How many short blocks ahead a bracket's "]" is looked for.
CLOSE_AHEAD_BLOCKS = 6


def _closes_within(text: str, gap: _Gap, depth: int) -> bool:
    """Whether the brackets open before a blank-line gap are all closed within the next few
    short blocks ("[faded USSR SECRET Copy Nº 3" / "MFA stamp:" / "… 24 February 1960]"):
    one stamp or annotation typed over several lines, not a bracket left open."""
    pos = gap.end
    for _ in range(CLOSE_AHEAD_BLOCKS):
        next_gap = _BLANK_RUN.search(text, pos)
        block_end = next_gap.start() if next_gap else len(text)
        if not _is_short_block(text[pos:block_end]):
            return False
        for found in _EVENT.finditer(text, pos, block_end):
            if found.group() == "[":
                depth += 1
            elif found.group() == "]":
                depth -= 1
                if depth == 0:
                    return True
        if next_gap is None or next_gap.group().count("\n") - 1 > gap.blank_lines:
            return False
        pos = next_gap.end()
    return False


def iter_brackets(brackets: tuple[Bracket, ...]):
    """All brackets, depth first, outer before inner."""
    stack = list(reversed(brackets))
    while stack:
        bracket = stack.pop()
        yield bracket
        stack.extend(reversed(bracket.children))
