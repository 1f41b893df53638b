"""Split a copied archive web page into site chrome, the document and its metadata.

A transcription is often a copy of an archive's web page (the Wilson Center Digital
Archive is the model): site chrome, a date line and a title line, then the document,
then (or before it) the page's metadata, labelled or not.  Every word recognised
here comes from the conventions' [page] tables; this module knows only the page's
layout: the date and title stand next to each other at the top, metadata values
follow their labels, and the page leaves a wider gap after the document than
between metadata paragraphs.

Every non-blank input line ends up in exactly one place of a PageSplit, so the
converter can report what it dropped and nothing is lost silently.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from teikit.transcription.conventions import PageWords, fold
from teikit.transcription.document import FOOTNOTE_DEF
from teikit.transcription.layout import Line
from teikit.transcription.lexicon import CLOSE_QUOTES

SHAPES = ("page", "bare")

# What a field's value looks like.  Field names come from [page.fields]; a name this
# table does not know (a user's own field) takes prose, the most permissive kind.
_VALUE_KIND = {
    "uploaded": "date",
    "date": "date",
    "record_id": "id",
    "type": "short",
    "language": "short",
    "title": "short",
    "subjects": "list",
    "people": "list",
    "places": "list",
    "donors": "list",
}
OTHER = "other"  # name of a field holding metadata text no rule recognised

# Only the first lines can be the page's date and title; deeper down a date-only
# line is a dateline of the document itself.
_HEAD_WINDOW = 8
_SHORT_LINE = 80
_LIST_LINE = 150

_DATE_LINE = re.compile(
    r"[^\W\d_]{3,}\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{3,4}"  # October 12, 1949
    r"|\d{1,2}\.?\s[^\W\d_]{3,}\.?,?\s\d{3,4}"  # 12 October 1949
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 2015-06-22
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"  # 22.06.2015
)
# "June 1961": a page date may give the month and the year alone, when the word is a month
_MONTH_YEAR = re.compile(r"(?P<month>[^\W\d_]{3,})\.?,?\s\d{4}")
_RECORD_ID = re.compile(r"[\w./:#-]{1,40}")


@dataclass(frozen=True)
class Field:
    """One metadata field of the page: its label line (if any), value lines and text.

    A "Label: value" line is both the label line and the value line of its field.

    Example:
        Field("record_id", label_line=97, lines=(), paragraphs=())  # "Record ID", no value
    """

    name: str
    label_line: int | None
    lines: tuple[int, ...]
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The value as one string, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class PageSplit:
    """Where each line of the input belongs: chrome, title, date, document or metadata.

    Example:
        split = split_page(text.splitlines(), page=load_conventions().page)
        first, last = split.body            # the document is lines[first:last]
        split.value("citation")             # "RGASPI, f. 558, ..."
    """

    shape: str
    chrome: tuple[int, ...]
    title: int | None
    date: int | None
    body: tuple[int, int]
    fields: tuple[Field, ...]
    consumed: tuple[int, ...]
    # the chrome is another site's (`other_site_chrome`): a copy of a copy of the page
    other_site: bool = False

    def field(self, name: str) -> Field | None:
        """The first field called `name`, or None."""
        return next((f for f in self.fields if f.name == name), None)

    def value(self, name: str) -> str | None:
        """The text of the first field called `name`, or None when absent or empty."""
        found = self.field(name)
        return found.text if found is not None and found.paragraphs else None


# ---------------------------------------------------------------------------
# Line tests
# ---------------------------------------------------------------------------


def _clean(line: str) -> str:
    # A BOM survives decoding when a file is read without utf-8-sig; CR when a
    # mixed-ending file is split on LF only. A page's menu items may carry a bullet
    # ("• Citation", "• share document").
    return line.replace("\ufeff", "").strip().lstrip("•▪◦·").strip()


def _is_blank(line: str) -> bool:
    return not _clean(line)


def _collapse(line: str) -> str:
    # NBSP runs are layout (copied &nbsp;), not content of a metadata value.
    return " ".join(_clean(line).replace("\u00a0", " ").split())


def is_date_line(line: str, *, months: Sequence[str] = ()) -> bool:
    """Whether the whole line is a date and nothing else; with `months` (folded month
    names), a month and a year alone count too.

    Example:
        is_date_line("October 12, 1949") and not is_date_line("Moscow, 3 March 1953")
        is_date_line("June 1961", months=("june",))
    """
    text = _collapse(line).rstrip(".")
    if _DATE_LINE.fullmatch(text) is not None:
        return True
    month = _MONTH_YEAR.fullmatch(text) if months else None
    return month is not None and fold(month.group("month")) in months


def _is_page_date(line: str, page: PageWords) -> bool:
    return is_date_line(line, months=page.months)


def _is_record_id(line: str) -> bool:
    text = _collapse(line)
    return _RECORD_ID.fullmatch(text) is not None and any(c.isdigit() for c in text)


@lru_cache(maxsize=64)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    # A phrase must start a word: "f. " marks a fond, not the end of "chief. ".
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})")


def _mentions(text: str, phrases: tuple[str, ...]) -> bool:
    pattern = _phrase_regex(phrases)
    return pattern is not None and pattern.search(fold(text)) is not None


def _whole(line: str, words: tuple[str, ...]) -> bool:
    return _key(line) in words


def _key(line: str) -> str:
    """The line as the whole-line word lists are written: folded, without a final colon."""
    return fold(_clean(line)).rstrip(":").strip()


def _marker(key: str, page: PageWords) -> str | None:
    """'metadata_start' or 'document_start' when the whole line (its _key) announces that part.

    The PDF export's last label ("Contents:") and the headings of its contents ("English
    Translation") announce the document too.
    """
    if key in page.metadata_start:
        return "metadata_start"
    if key in page.document_start or key in page.export_sections or key in page.export_labels[-1:]:
        return "document_start"
    return None


def _label(line: str, page: PageWords) -> str | None:
    text = _clean(line)
    return page.field_for_label(text) if text else None


def _cut_label(line: str, page: PageWords) -> str | None:
    """The field of the label `line` begins, when it holds two words or more of it, the
    last maybe cut ("Associated To" of "Associated Topics"): the end of a copy that
    stopped inside a label, which has no value."""
    text = fold(_clean(line)).rstrip(":").strip()
    if len(text.split()) < 2:
        return None
    for name, labels in page.fields.items():
        if any(len(label) > len(text) and label.startswith(text) for label in labels):
            return name
    return None


def _inline_label(line: str, page: PageWords) -> tuple[str, str] | None:
    """("language", "Russian") for "Original Language: Russian", else None."""
    head, colon, value = _clean(line).partition(":")
    if not colon or not value.strip():
        return None
    name = page.field_for_label(head)
    return (name, _collapse(value)) if name else None


# "https://digitalarchive.wilsoncenter.org/document/113395": the page's own address
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
# An address or a bare domain inside a line ("Digital Archive digitalarchive.wilsoncenter.org
# International History Declassified"): a banner is chrome once its addresses are left out.
# Written to open with the first character, the lookbehind after it, so that re skips at C
# speed to each word (a lookbehind first makes it try the pattern at every position).
_DOMAIN = re.compile(
    r"[\w-](?:(?<=h)ttps?://\S+|(?<=w)ww\.\S+"
    r"|(?<![\w.].)[\w-]*(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?)"
)


def _is_chrome(line: str, page: PageWords) -> bool:
    return _is_chrome_key(_key(line), page)


def _is_chrome_key(key: str, page: PageWords) -> bool:
    if key in page.chrome or key in page.other_site_chrome or _ADDRESS.fullmatch(key):
        return True
    if "." not in key:
        return False
    bare = " ".join(_DOMAIN.sub(" ", key).split())
    return bool(bare) and bare != key and bare in page.chrome


def _is_menu_bar(key: str) -> bool:
    """ "Marx-Engels | Lenin | Stalin | Home Page": a site's menu, three short links or more
    between bars and no number, as a page prints it above the text."""
    links = [link.strip() for link in key.split("|")]
    return (
        len(links) >= _MENU_LINKS
        and all(links)
        and all(len(link.split()) <= _MENU_LINK_WORDS for link in links)
        and not any(c.isdigit() for c in key)
    )


_MENU_LINKS = 3
_MENU_LINK_WORDS = 3


def _is_genre(block: Sequence[str], page: PageWords) -> bool:
    return len(block) == 1 and _whole(block[0], page.genres)


def _is_rights(block: Sequence[str], page: PageWords) -> bool:
    return _mentions(" ".join(block), page.rights_markers)


def _is_citation(block: Sequence[str], page: PageWords) -> bool:
    return _mentions(" ".join(block), page.citation_markers)


class _Lines(Sequence[str]):
    """The page's lines, with what the rules ask of every line worked out once.

    The split asks the same questions of a line again and again (for a 100-line page,
    some 760 blank tests and 50 marker tests): each answer is kept here, for one page's
    lines and one table of page words, never across documents.
    """

    def __init__(self, lines: Sequence[str], page: PageWords) -> None:
        self.lines = tuple(lines)
        self.page = page
        self.blank = tuple(_is_blank(line) for line in self.lines)
        self.filled = tuple(i for i, blank in enumerate(self.blank) if not blank)
        self._keys: dict[int, str] = {}
        self._markers: dict[int, str | None] = {}
        self._labels: dict[int, str | None] = {}
        self._metadata: dict[int, _Region] = {}

    @classmethod
    def of(cls, lines: Sequence[str], page: PageWords) -> _Lines:
        if isinstance(lines, _Lines) and lines.page is page:
            return lines
        return cls(lines, page)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self.lines[i]

    def __len__(self) -> int:
        return len(self.lines)

    def key(self, i: int) -> str:
        """_key of line i."""
        if i not in self._keys:
            self._keys[i] = _key(self.lines[i])
        return self._keys[i]

    def marker(self, i: int) -> str | None:
        """_marker of line i; no document start for a line the next line goes on from
        ("TRANSCRIPT" / "of the meeting of the Executive Committee": a heading's first
        word)."""
        if i not in self._markers:
            marker = _marker(self.key(i), self.page)
            if marker == "document_start":
                at = bisect_left(self.filled, i + 1)  # the next line with text
                if at < len(self.filled) and self.lines[self.filled[at]].lstrip()[:1].islower():
                    marker = None
            self._markers[i] = marker
        return self._markers[i]

    def is_chrome(self, i: int) -> bool:
        """_is_chrome of line i, or a site's menu bar (`_is_menu_bar`) that is no row of a
        table (a line with bars right above or below it)."""
        return _is_chrome_key(self.key(i), self.page) or self.is_menu_bar(i)

    def is_menu_bar(self, i: int) -> bool:
        """Whether line i is a site's menu: links between bars, alone (not a table's row)."""
        if not _is_menu_bar(self.key(i)):
            return False
        return not any(0 <= j < len(self.lines) and "|" in self.lines[j] for j in (i - 1, i + 1))

    def label(self, i: int) -> str | None:
        """_label of line i; on the page's last line, also a label the copy cut off
        ("Associated People & " of "Associated People & Organizations")."""
        if i not in self._labels:
            found = _label(self.lines[i], self.page)
            if found is None and self.filled and i == self.filled[-1]:
                found = _cut_label(self.lines[i], self.page)
            self._labels[i] = found
        return self._labels[i]

    def metadata_from(self, start: int) -> _Region:
        """_read_fields from line `start` to the end (the search for the metadata reads
        the region it then keeps)."""
        if start not in self._metadata:
            self._metadata[start] = _read_fields(self, start, len(self.lines), page=self.page)
        return self._metadata[start]


# ---------------------------------------------------------------------------
# Blocks and tokens
# ---------------------------------------------------------------------------


def _blocks(lines: _Lines, start: int, stop: int) -> list[tuple[int, ...]]:
    """Runs of consecutive non-blank line indexes in [start, stop)."""
    blocks: list[tuple[int, ...]] = []
    run: list[int] = []
    blank = lines.blank
    for i in range(start, stop):
        if blank[i]:
            if run:
                blocks.append(tuple(run))
                run = []
        else:
            run.append(i)
    if run:
        blocks.append(tuple(run))
    return blocks


@dataclass(frozen=True)
class _Token:
    kind: str  # "marker" | "label" | "inline" | "block"
    lines: tuple[int, ...]
    name: str = ""
    value: str = ""


def _tokens(
    lines: _Lines, start: int, stop: int, page: PageWords, *, inline: bool
) -> Iterator[_Token]:
    """Markers and labels as tokens of their own, other lines grouped into paragraphs.

    inline: also read "Label: value" lines as labelled values.
    """
    for block in _blocks(lines, start, stop):
        run: list[int] = []
        for i in block:
            marker = lines.marker(i)
            label = None if marker else lines.label(i)
            pair = None if marker or label or not inline else _inline_label(lines[i], page)
            if marker is None and label is None and pair is None:
                run.append(i)
                continue
            if run:
                yield _Token("block", tuple(run))
                run = []
            if marker is not None:
                yield _Token("marker", (i,), name=marker)
            elif label is not None:
                yield _Token("label", (i,), name=label)
            elif pair is not None:
                yield _Token("inline", (i,), name=pair[0], value=pair[1])
        if run:
            yield _Token("block", tuple(run))


# ---------------------------------------------------------------------------
# Field values
# ---------------------------------------------------------------------------


@dataclass
class _Open:
    """The field being filled while a region is read (private, never returned)."""

    name: str
    label_line: int | None
    lines: list[int]
    paragraphs: list[str]

    def add(self, block: tuple[int, ...], lines: Sequence[str]) -> None:
        self.lines.extend(block)
        if _VALUE_KIND.get(self.name) == "list":
            self.paragraphs.extend(_collapse(lines[i]) for i in block)
        else:
            self.paragraphs.append(" ".join(_collapse(lines[i]) for i in block))

    def close(self) -> Field:
        return Field(self.name, self.label_line, tuple(self.lines), tuple(self.paragraphs))


def _takes_first_line(field: _Open, block: Sequence[str], page: PageWords, *, strict: bool) -> bool:
    """Whether an empty one-line field (a date, an id) takes the block's first line only."""
    kind = _VALUE_KIND.get(field.name)
    return (
        not strict
        and len(block) > 1
        and kind in ("date", "id")
        and _accepts(field, block[:1], page, strict=strict)
    )


def _unlabelled_kind(block: Sequence[str], page: PageWords) -> str:
    """What an unlabelled metadata paragraph is: chrome, rights, type, citation or other."""
    if len(block) == 1 and _is_chrome(block[0], page):
        return "chrome"
    if _is_rights(block, page):
        return "rights"
    if _is_genre(block, page):
        return "type"
    if _is_citation(block, page):
        return "citation"
    return OTHER


def _accepts(field: _Open, block: Sequence[str], page: PageWords, *, strict: bool) -> bool:
    """Whether the next paragraph is (more of) the open field's value."""
    has_value = bool(field.lines)
    if strict and has_value:
        return False  # before the document, a value is one paragraph: the body may follow
    kind = _VALUE_KIND.get(field.name, "prose")
    if kind == "date":
        return not has_value and len(block) == 1 and _is_page_date(block[0], page)
    if kind == "id":
        return not has_value and len(block) == 1 and _is_record_id(block[0])
    if kind == "short":
        return (
            not has_value
            and len(block) <= 3
            and all(len(_collapse(b)) <= _SHORT_LINE for b in block)
            and not _is_rights(block, page)
        )
    if kind == "list":
        return (
            all(len(_collapse(b)) <= _LIST_LINE for b in block)
            and not _is_rights(block, page)
            and not _is_genre(block, page)
        )
    if field.name == OTHER:
        return _unlabelled_kind(block, page) == OTHER
    if _is_rights(block, page):
        return field.name == "rights"
    if not has_value:
        return True
    if _is_genre(block, page):
        return False
    # A second paragraph naming an archive starts the citation, unless it is one.
    return field.name == "citation" or not _is_citation(block, page)


@dataclass(frozen=True)
class _Region:
    fields: tuple[Field, ...]
    consumed: tuple[int, ...]
    chrome: tuple[int, ...]
    stop: int  # first line not read: where the document starts, in strict mode
    reached_document: bool = False  # strict mode stopped at a "Document" line


def _read_fields(
    lines: _Lines, start: int, stop: int, *, page: PageWords, strict: bool = False
) -> _Region:
    """Read metadata fields from lines[start:stop].

    strict: the region precedes the document, so stop at the first paragraph that is
    not a label, a marker or a label's value, and let a value be one paragraph.
    """
    fields: list[Field] = []
    consumed: list[int] = []
    chrome: list[int] = []
    current: _Open | None = None
    related = False  # below "Related Documents": the page's other documents, up to a label

    def close() -> None:
        nonlocal current
        if current is not None:
            fields.append(current.close())
            current = None

    # Before the document, "Date: ..." or "Subject: ..." is the document's own head.
    for token in _tokens(lines, start, stop, page, inline=not strict):
        if token.kind == "marker":
            close()
            related = False
            consumed.append(token.lines[0])
            if strict and token.name == "document_start":
                stop_at = token.lines[0] + 1
                # "Contents:" then "English Translation": headings one after the other
                for i in _nonblank(lines, stop_at, stop):
                    if lines.marker(i) != "document_start":
                        break
                    consumed.append(i)
                    stop_at = i + 1
                return _Region(tuple(fields), tuple(consumed), tuple(chrome), stop_at, True)
            continue
        if token.kind == "label":
            close()
            related = False
            current = _Open(token.name, token.lines[0], [], [])
            continue
        if token.kind == "inline":
            close()
            fields.append(Field(token.name, token.lines[0], token.lines, (token.value,)))
            continue
        block_lines = token.lines
        block = [lines[i] for i in block_lines]
        if not strict and (related or (len(block) == 1 and _key(block[0]) in page.related_heads)):
            close()  # "Related Documents" / "1969" / "Undated … note": no value of this page's
            related = True
            chrome.extend(block_lines)
            continue
        if (
            current is not None
            and _VALUE_KIND.get(current.name, "prose") in ("prose", "list")
            and len(block) == 1
            and _is_chrome(block[0], page)
        ):
            # "• Citation" / "get citation": a button, no value; "Related Documents" under
            # an empty "Associated Topics": the next section's heading, no topic
            chrome.append(block_lines[0])
            continue
        if current is not None and _accepts(current, block, page, strict=strict):
            current.add(block_lines, lines)
            continue
        if current is not None and _takes_first_line(current, block, page, strict=strict):
            # "Record ID" / "208817" with a stray line right below: the id is the value,
            # the rest is read as a paragraph of its own.
            current.add(block_lines[:1], lines)
            block_lines, block = block_lines[1:], block[1:]
        close()
        kind = _unlabelled_kind(block, page)
        if kind == "chrome":
            chrome.append(block_lines[0])
        elif strict:
            return _Region(tuple(fields), tuple(consumed), tuple(chrome), block_lines[0])
        elif kind == "type":
            fields.append(Field("type", None, block_lines, (_collapse(block[0]),)))
        else:
            current = _Open(kind, None, [], [])
            current.add(block_lines, lines)
    close()
    return _Region(tuple(fields), tuple(consumed), tuple(chrome), stop)


# ---------------------------------------------------------------------------
# Shape, head, document start, metadata start
# ---------------------------------------------------------------------------


def _credit_line(lines: _Lines, first: int, page: PageWords) -> int | None:
    """The document's first line when it is the page's funding credit: one short sentence,
    a paragraph of its own, or right below the page's head in a copy that lost its blank
    lines."""
    if first >= len(lines) or lines.blank[first] or len(_collapse(lines[first])) > _LIST_LINE:
        return None
    alone = first + 1 >= len(lines) or lines.blank[first + 1]
    unspaced = first > 0 and not lines.blank[first - 1]
    return first if (alone or unspaced) and _is_credit(lines[first], page) else None


def _is_credit(line: str, page: PageWords) -> bool:
    return _mentions(line, page.credit_markers)


def _nonblank(lines: _Lines, start: int = 0, stop: int | None = None) -> list[int]:
    end = len(lines) if stop is None else stop
    filled = lines.filled
    return list(filled[bisect_left(filled, start) : bisect_left(filled, end)])


def _is_label_at(lines: _Lines, i: int) -> bool:
    """Whether line i is a marker or a label line."""
    return lines.marker(i) is not None or lines.label(i) is not None


def page_shape(lines: Sequence[str], *, page: PageWords) -> str:
    """'page' for a copied archive web page, 'bare' for the document alone.

    A page starts with site chrome, or has a metadata heading ("Document Information")
    followed by labels or a rights statement, or opens with a date line and carries
    at least two metadata labels, or opens with the page's own head (`_opens_with_page_head`),
    or carries the PDF export's labels in their order.

    Example:
        page_shape(["Skip to content", "", "October 12, 1949"], page=words) == "page"
    """
    lines = _Lines.of(lines, page)
    filled = _nonblank(lines)
    if not filled:
        return "bare"
    if lines.is_chrome(filled[0]) or _opens_with_page_head(lines, filled, page):
        return "page"
    labels = [i for i in filled if lines.label(i)]
    for i in filled:
        if lines.marker(i) == "metadata_start":
            after = [j for j in filled if j > i]
            if any(j in labels or _is_rights([lines[j]], page) for j in after):
                return "page"
    opens_with_date = any(_is_page_date(lines[i], page) for i in filled[:3])
    named = {lines.label(i) for i in labels}
    if opens_with_date and len(named) >= 2:
        return "page"
    return "page" if _has_export_labels(lines, filled, page) else "bare"


def _opens_with_page_head(lines: _Lines, filled: list[int], page: PageWords) -> bool:
    """Whether a copy without site chrome opens with the page's date and what the page
    prints beside it: title and funding credit (date, title, credit or title, date,
    credit), a title the document's own heading repeats, or the old layout's box of
    summary and citation right below the date."""
    if len(filled) < 3:
        return False
    if _box_at_top(lines, filled, page) is not None:
        return True  # the old layout's box, the date above it cut off
    if (
        len(filled) >= 4
        and _is_page_date(lines[filled[1]], page)
        and _teaser_above(lines, filled[0], filled[1], page)
        and (
            _opens_with_page_head(lines, filled[1:], page)
            or _reads_as_title(lines[filled[2]], page)
        )
    ):
        return True  # a summary printed above the date (`_read_head`), the title below it
    first, second, third = (lines[i] for i in filled[:3])
    dated = [k for k in (0, 1) if _is_page_date(lines[filled[k]], page)]
    if not dated or any(_is_label_at(lines, i) for i in filled[:3]):
        return False
    if _credit_line(lines, filled[2], page) is not None and not _is_credit(
        second if dated[0] == 0 else first, page
    ):
        return True
    if dated[0] != 0:
        return False
    title = _collapse(second)
    if len(title.split()) >= 3 and fold(_collapse(third)).startswith(fold(title)):
        return True
    if _page_title(second, page):
        return True  # "Report, Embassy of Hungary in North Korea to the … Ministry"
    if _summary_teaser(lines, filled, 0, page) is not None:
        return True
    return _citation_box(lines, filled[0], page) is not None


# "1975": a page dated by its year alone
YEAR_ALONE = re.compile(r"(?:1[89]|20)\d\d")


def _year_over_title(lines: _Lines, window: list[int], page: PageWords) -> int | None:
    """The line of a page dated by its year alone: a year below the site's chrome and
    right above the page's title ("Skip to content" / "1975" / "Note for …")."""
    for k, i in enumerate(window[:-1]):
        if not lines.is_chrome(i):
            below = lines[window[k + 1]]
            if k and YEAR_ALONE.fullmatch(_collapse(lines[i])) and _reads_as_title(below, page):
                return i
            return None
    return None


def _page_title(line: str, page: PageWords) -> bool:
    """Whether a line under the page's date is the archive's title of the document: a
    title's shape, long, naming the kind of document ("Report, Embassy of Hungary in North
    Korea to the Hungarian Foreign Ministry", "Cable from the Chinese Embassy in …")."""
    return (
        _reads_as_title(line, page)
        and len(_collapse(line).split()) >= _PAGE_TITLE_WORDS
        and _mentions(line, page.genres)
    )


_PAGE_TITLE_WORDS = 6


def _reads_as_title(line: str, page: PageWords) -> bool:
    """ "Ciphered Telegram No. 501869, Razuvaev to Shtemenko": a short line of three words or
    more that ends no sentence, with capitals, as a page prints its title."""
    text = _collapse(line)
    words = text.split()
    return (
        3 <= len(words) <= _TITLE_WORDS
        and text[-1:] not in ".:;!?"
        and text[:1].isupper()
        and not _is_page_date(text, page)
    )


_TITLE_WORDS = 30


def _box_at_top(
    lines: _Lines, filled: Sequence[int], page: PageWords
) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The old layout's box of summary and citation opening a copy whose page date was cut
    off above it, indented as the box is: its (summary lines, citation lines), or None."""
    if not filled or lines[filled[0]][:1] not in " \t\u00a0":
        return None
    return _citation_box(lines, filled[0] - 1, page)


def _summary_teaser(
    lines: _Lines, window: Sequence[int], at: int, page: PageWords
) -> tuple[int, int | None] | None:
    """The old layout's teaser under the page's date at window[at]: an indented summary,
    the date again, indented ("August 01, 1961" / "    Transcription of a meeting …" /
    "    August 01, 1961"), then the title. Returns the summary's line and the repeated
    date's, or None."""
    if at + 2 >= len(window):
        return None
    summary, again = window[at + 1], window[at + 2]
    indented = lines[summary][:1] in " \t\u00a0" and lines[again][:1] in " \t\u00a0"
    if not (indented and _reads_as_summary(lines[summary])):
        return None
    if _collapse(lines[again]) != _collapse(lines[window[at]]):
        return None
    return summary, again


# The old layout's box holds a summary of a few lines above its citation.
_BOX_LINES = 4


def _citation_box(
    lines: _Lines, date: int, page: PageWords
) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The old layout's box right below the page date: a summary, then a citation that
    opens with the document's title in quotes; the citation runs on over the lines below
    it indented as far. Returns (summary lines, citation lines), or None."""
    after = _nonblank(lines, date + 1)
    if not after:
        return None
    run: list[int] = []
    i = after[0]
    while i < len(lines) and not lines.blank[i] and len(run) < _BOX_LINES:
        if _is_label_at(lines, i) or lines.is_chrome(i):
            return None
        text = _clean(lines[i])
        if _QUOTED_TITLE.match(text) and _is_citation([text], page):
            cited = [i]
            indent = _indent(lines[i])
            j = i + 1
            while indent and j < len(lines) and not lines.blank[j] and _indent(lines[j]) >= indent:
                cited.append(j)
                j += 1
            return tuple(run), tuple(cited)
        run.append(i)
        i += 1
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \u00a0\t"))


def _has_export_labels(lines: _Lines, filled: list[int], page: PageWords) -> bool:
    """Whether at least three of the PDF export's labels, the last one included, stand on
    lines of their own in the order the export prints them."""
    labels = page.export_labels
    if not labels:
        return False
    keys = [lines.key(i) for i in filled]
    order = [labels.index(key) for key in keys if key in labels]
    if len(labels) - 1 not in order:
        return False
    found = order[: order.index(len(labels) - 1) + 1]
    return len(found) >= 3 and found == sorted(set(found))


@dataclass(frozen=True)
class _Head:
    chrome: tuple[int, ...]
    title: int | None
    date: int | None
    end: int  # first line after the head
    box: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # summary, citation
    summary: int | None = None  # a summary printed above the date, the title below it


def _read_head(lines: _Lines, page: PageWords) -> _Head:
    """Find the page's date and title lines; everything above them is site chrome."""
    filled = _nonblank(lines)
    window: list[int] = []
    for i in filled[:_HEAD_WINDOW]:
        if lines.marker(i) is not None or lines.label(i) is not None:
            break
        window.append(i)
    date = next((i for i in window if _is_page_date(lines[i], page)), None)
    if date is None:
        date = _year_over_title(lines, window, page)
    top_box = _box_at_top(lines, filled, page) if date is None else None
    if top_box is not None:  # the date cut off: the title is the citation's
        return _Head((), None, None, top_box[1][-1] + 1, top_box)
    if date is None:
        return _head_without_date(lines, window, page)
    at = window.index(date)
    before = window[at - 1] if at > 0 else None
    after = window[at + 1] if at + 1 < len(window) else None
    title: int | None
    teaser = _summary_teaser(lines, window, at, page)
    if teaser is not None:
        # the old layout without a citation box: the summary, the date again, then the title
        summary, again = teaser
        below = window[at + 3] if at + 3 < len(window) else None
        title = below if below is not None and not _reads_as_summary(lines[below]) else None
        chrome = tuple(i for i in filled if i < date) + (again,)
        return _Head(
            chrome, title, date, (title if title is not None else again) + 1, summary=summary
        )
    box = _citation_box(lines, date, page)
    if box is not None:
        # the old layout: the box below the date; the page prints its title in the citation
        title = before if before is not None and not lines.is_chrome(before) else None
        top = title if title is not None else date
        return _Head(tuple(i for i in filled if i < top), title, date, box[1][-1] + 1, box)
    # The title stands next to the date, above or below it; chrome sits above both, and
    # a funding credit ("This document was made possible with support from …") is no title.
    title_after = (
        after is not None and not lines.is_chrome(after) and not _is_credit(lines[after], page)
    )
    summary = None
    if (
        before is not None
        and title_after
        and _teaser_above(lines, before, date, page)
        and not _reads_as_summary(lines[after])
    ):
        # "Kim Il Sung and Puzanov discuss …." / "July 23, 1960" / "Journal of …": the
        # summary above the date, the title below it; one the site cut off without its
        # stop is a related document's teaser, chrome (`_teaser_above`)
        title = after
        summary = before if _reads_as_summary(lines[before]) else None
    elif before is not None and not lines.is_chrome(before):
        title = before
    elif title_after:
        title = after
    else:
        title = None
    top = min(i for i in (date, title, summary) if i is not None)
    bottom = max(date, title) if title is not None else date
    return _Head(tuple(i for i in filled if i < top), title, date, bottom + 1, summary=summary)


def _head_without_date(lines: _Lines, window: list[int], page: PageWords) -> _Head:
    """Leading chrome, then a title only if a label or marker follows it directly."""
    chrome = []
    for i in window:
        if not lines.is_chrome(i):
            break
        chrome.append(i)
    end = chrome[-1] + 1 if chrome else 0
    rest = _nonblank(lines, end)
    if len(rest) >= 2 and _is_label_at(lines, rest[1]) and rest[0] in window:
        return _Head(tuple(chrome), rest[0], None, rest[0] + 1)
    return _Head(tuple(chrome), None, None, end)


@dataclass(frozen=True)
class _Start:
    chrome: tuple[int, ...]
    fields: tuple[Field, ...]
    consumed: tuple[int, ...]
    body: int


def _find_document_start(lines: _Lines, head_end: int, page: PageWords) -> _Start:
    """Where the document begins: after a "Document" line or any metadata above it."""
    chrome: list[int] = []
    first = None
    for i in _nonblank(lines, head_end):
        if not lines.is_chrome(i):
            first = i
            break
        chrome.append(i)  # share/print buttons between the title and the document
    if first is None:
        return _Start(tuple(chrome), (), (), len(lines))
    if not _is_label_at(lines, first):
        return _Start(tuple(chrome), (), (), first)
    strict = _read_fields(lines, first, len(lines), page=page, strict=True)
    marker = next((i for i in _nonblank(lines, first) if lines.marker(i) == "document_start"), None)
    if marker is not None and not strict.reached_document:
        # A "Document" line further down: the metadata above it may run over several
        # paragraphs, as long as every paragraph is recognisable metadata.
        loose = _read_fields(lines, first, marker, page=page)
        if not any(f.name == OTHER for f in loose.fields):
            return _Start(
                tuple(chrome) + loose.chrome, loose.fields, loose.consumed + (marker,), marker + 1
            )
    return _Start(tuple(chrome) + strict.chrome, strict.fields, strict.consumed, strict.stop)


def _gap_before(lines: _Lines, index: int) -> int:
    gap = 0
    i = index - 1
    while i >= 0 and lines.blank[i]:
        gap += 1
        i -= 1
    return gap


def _find_metadata_start(lines: _Lines, body: int, page: PageWords) -> int | None:
    """First line of the metadata after the document, or None when there is none.

    A metadata heading ("Document Information") wins, widened upwards over labelled
    fields just above it; without one, the first label line does.  Either must be
    followed by metadata that reads cleanly to the end, since a document may have a
    "Details" heading or a "Source" line of its own.
    """
    blocks = _blocks(lines, body, len(lines))
    headings = [
        k for k, block in enumerate(blocks) if k > 0 and lines.marker(block[0]) == "metadata_start"
    ]
    # Metadata runs to the end: if a candidate reads cleanly, so do the later ones. Trying
    # them from the last one up and stopping at the first that fails finds the earliest
    # clean one while reading only the metadata region, not the document, again and again.
    clean = _earliest_clean(lines, blocks, headings)
    if clean is not None:
        return blocks[_widen_upwards(lines, blocks, clean, page)][0]
    if headings and _has_labelled_metadata(lines, blocks[headings[-1]][0]):
        return blocks[_widen_upwards(lines, blocks, headings[-1], page)][0]
    labels = [k for k, block in enumerate(blocks) if k > 0 and lines.label(block[0])]
    clean = _earliest_clean(lines, blocks, labels)
    return blocks[clean][0] if clean is not None else None


def _earliest_clean(
    lines: _Lines, blocks: list[tuple[int, ...]], candidates: list[int]
) -> int | None:
    """The earliest of `candidates` (block indexes) from which every paragraph is metadata."""
    found = None
    for k in reversed(candidates):
        if not _reads_cleanly(lines, blocks[k][0]):
            break
        found = k
    return found


def _reads_cleanly(lines: _Lines, start: int) -> bool:
    """Whether every paragraph from `start` on is recognisable metadata."""
    region = lines.metadata_from(start)
    return not any(f.name == OTHER for f in region.fields)


def _has_labelled_metadata(lines: _Lines, start: int) -> bool:
    region = lines.metadata_from(start)
    return any(f.label_line is not None or f.name == "rights" for f in region.fields)


def _widen_upwards(lines: _Lines, blocks: list[tuple[int, ...]], k: int, page: PageWords) -> int:
    """Index of the earliest block of label/value pairs that run into block k."""
    while k > 1:
        above = blocks[k - 1]
        if lines.label(above[0]) is not None:
            k -= 1
            continue
        label = blocks[k - 2]
        name = lines.label(label[0]) if len(label) == 1 else None
        if k > 2 and name is not None:
            field = _Open(name, label[0], [], [])
            if _accepts(field, [lines[i] for i in above], page, strict=False):
                k -= 2
                continue
        break
    return k


def _unlabelled_summary(
    lines: _Lines,
    body: int,
    start: int,
    page: PageWords,
    *,
    labelled_only: bool = False,
    title: str | None = None,
) -> tuple[int, ...] | None:
    """The paragraph just above the metadata, when the page set it apart as a summary.

    The page leaves a wider gap after the document than after its summary, so the
    paragraph counts only when more blank lines precede it than follow it, or when the
    metadata opens with a field that such pages print right below the summary
    (`summary_before`: an empty "Author(s):"), or when a "Document Information" heading
    follows a one-line paragraph that reads as a summary (a sentence of eight words or
    more, not in capitals): the archive gives every document one; its stop may be left
    out where it opens with the page's `title` ("Record of Conversation between … in
    which Amin asks …"). With `labelled_only`, only a paragraph right above a
    `summary_before` field counts.
    """
    blocks = _blocks(lines, body, start)
    before_label = _label(lines[start], page) in page.summary_before
    if labelled_only and not before_label:
        return None
    if len(blocks) < 2:
        return None
    block = blocks[-1]
    text = [lines[i] for i in block]
    if _is_label_at(lines, block[0]) or _is_rights(text, page):
        return None
    if _gap_before(lines, block[0]) > _gap_before(lines, start):
        return block
    if before_label and _words(text) >= _SUMMARY_WORDS:
        return block  # not "20 April 1961", the document's own last line
    if lines.marker(start) == "metadata_start" and len(block) == 1:
        echoes = bool(title) and _collapse(text[0]).startswith(_collapse(title or ""))
        if _reads_as_summary(text[0], stop=not echoes):
            return block
    return None


def _summary_below_notes(lines: _Lines, body: int, page: PageWords) -> tuple[int, ...] | None:
    """The paragraph below the document's notes ("[4] …") on a page copied only up to
    its summary: the archive prints the summary there, above the metadata the copy
    left out, and a document's text never follows its own notes."""
    blocks = _blocks(lines, body, len(lines))
    if len(blocks) < 3 or not FOOTNOTE_DEF.match(lines[blocks[-2][0]]):
        return None
    block = blocks[-1]
    text = [lines[i] for i in block]
    if (
        FOOTNOTE_DEF.match(text[0])
        or _is_label_at(lines, block[0])
        or _is_rights(text, page)
        or _words(text) < _SUMMARY_WORDS
    ):
        return None
    return block


# A summary is a sentence or more; a document's last line may be a date or a signer.
_SUMMARY_WORDS = 6
# A summary under the title says again most of the title's words (its people and places).
_ECHOED_SHARE = 0.5
_ECHO_WORD = re.compile(r"[^\W\d_]+")
_ECHO_LETTERS = 3


def _echoes_title(line: str, title: str) -> bool:
    """Whether `line` repeats at least half of the words of three letters or more of
    `title` ("Telegram from X to Y" / "Reply of X to Y, 3 March 1971.")."""
    wanted = {w.casefold() for w in _ECHO_WORD.findall(title) if len(w) >= _ECHO_LETTERS}
    said = {w.casefold() for w in _ECHO_WORD.findall(line)}
    return bool(wanted) and len(wanted & said) >= _ECHOED_SHARE * len(wanted)


def _summary_below_title(lines: _Lines, head: _Head, first: int, page: PageWords) -> int | None:
    """The current layout's summary, printed between the title and the document: the
    first line below the title, when it is a sentence in the third person that echoes the
    title and more of the document follows it. Returns its line, or None."""
    if head.title is None or head.summary is not None or head.box is not None:
        return None
    if first >= len(lines) or not _reads_as_summary(lines[first]):
        return None
    if any(w.casefold() in page.first_person for w in _ECHO_WORD.findall(lines[first])):
        return None  # "… today I visited prime minister J. Nehru.": the document's own start
    if not _echoes_title(lines[first], lines[head.title]):
        return None
    return first if _nonblank(lines, first + 1) else None


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def _reads_as_summary(line: str, *, stop: bool = True) -> bool:
    """A sentence of eight words or more in small letters, with its stop (a summary cut
    off by the site lacks it: `stop=False` lets it be left out)."""
    text = _collapse(line)
    letters = [c for c in text if c.isalpha()]
    return (
        len(text.split()) >= 8
        # "… ended “without a communiqué.”": a quotation may close the sentence
        and (text.rstrip(CLOSE_QUOTES).endswith(".") or not stop)
        and sum(c.isupper() for c in letters) < len(letters) / 2
    )


def _teaser_above(lines: _Lines, before: int, date: int, page: PageWords) -> bool:
    """Whether the line right above the page's date is a summary there, the date's title
    below it: a sentence with its stop; or one cut off without it where the date, its
    title and the funding credit follow it as the page prints them (the site cuts a
    related document's teaser so: it is no summary of this one)."""
    if _reads_as_summary(lines[before]):
        return True
    below = [i for i in _nonblank(lines) if i >= date][:3]
    return (
        len(below) == 3
        and _reads_as_summary(lines[before], stop=False)
        and _is_credit(lines[below[2]], page)
        and not _reads_as_summary(lines[below[1]])
    )


# ---------------------------------------------------------------------------
# The PDF export, one paragraph a part
# ---------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _words_regex(phrases: tuple[str, ...], colon: bool) -> re.Pattern[str] | None:
    """One group per phrase, in order; spaces match any blanks, apostrophes either kind."""
    if not phrases:
        return None
    groups = "|".join(
        "(" + r"\s+".join(re.escape(w).replace("'", "['’]") for w in p.split()) + ")"
        for p in phrases
    )
    tail = r"\s*:(?=\s|$)" if colon else r"(?=\s)"
    return re.compile(rf"(?<!\w)(?:{groups}){tail}", re.IGNORECASE)


def _export_labels_at(lines: Sequence[Line], page: PageWords) -> list[tuple[int, int, int]]:
    """(line index, start, end) of each of the export's labels, in the export's order, the
    first among the page's first lines and the last one found; else []."""
    pattern = _words_regex(page.export_labels, True)
    if pattern is None:
        return []
    last = len(page.export_labels) - 1
    found: list[tuple[int, int, int]] = []
    wanted = 0  # the labels before this one were found or skipped
    seen = 0
    for i, line in enumerate(lines):
        if line.blank:
            continue
        seen += 1
        if not found and seen > _HEAD_WINDOW:
            return []
        for match in pattern.finditer(line.text):
            label = (match.lastindex or 1) - 1
            if label >= wanted:
                found.append((i, match.start(), match.end()))
                wanted = label + 1
            if wanted > last:
                return found if len(found) >= 3 else []
    return []


_DATE_IN_TEXT = re.compile(rf"(?<!\w)(?:{_DATE_LINE.pattern})(?!\w)")


def _date_span(text: str, page: PageWords) -> tuple[int, int] | None:
    """Where the first date in `text` stands (a month and a year count too)."""
    found = _DATE_IN_TEXT.search(text)
    if found is not None:
        return found.span()
    for match in _MONTH_YEAR.finditer(text):
        if fold(match.group("month")) in page.months:
            return match.span()
    return None


def _export_cuts(lines: Sequence[Line], page: PageWords) -> dict[int, set[int]]:
    """Where the export's lines are cut: before and after each label, around the date of the
    head ("[banner] September 28, 1961 Letter from …"), after the heading of its contents."""
    labels = _export_labels_at(lines, page)
    if not labels:
        return {}
    cuts: dict[int, set[int]] = {}
    for i, start, end in labels:
        cuts.setdefault(i, set()).update((start, end))
    # the head: what stands right before the first label, on its line or the line above
    i, start, _ = labels[0]
    if not lines[i].text[:start].strip():
        i = next((k for k in range(i - 1, -1, -1) if not lines[k].blank), -1)
        start = len(lines[i].text) if i >= 0 else 0
    if i >= 0:
        head = lines[i].text[:start]
        span = _date_span(head, page)
        banner = head[: span[0]] if span else ""
        if span is not None and (not banner.strip() or _is_chrome(banner, page)):
            cuts.setdefault(i, set()).update(span)
    # the contents: a heading ("English Translation") run together with the document
    i, _, end = labels[-1]
    if not lines[i].text[end:].strip():
        i = next((k for k in range(i + 1, len(lines)) if not lines[k].blank), len(lines))
        end = 0
    sections = _words_regex(page.export_sections, False)
    if i < len(lines) and sections is not None:
        heading = sections.match(lines[i].text, end + _indent(lines[i].text[end:]))
        if heading is not None:
            cuts.setdefault(i, set()).add(heading.end())
    return cuts


def unflatten_export(lines: tuple[Line, ...], *, page: PageWords) -> tuple[Line, ...]:
    """The archive's PDF export with each label, value, the head's date and title and the
    heading of its contents on a line of its own, blank lines between, however the copy ran
    them together; any other text is returned as it is. A piece keeps its line's number and,
    padded with spaces, its columns.

    Example:
        unflatten_export((Line(1, "Citation: “T,” 1961 Summary: S Contents: Text"), ...), page=w)
    """
    cuts = _export_cuts(lines, page)
    if not cuts:
        return lines
    out: list[Line] = []
    for i, line in enumerate(lines):
        bounds = sorted({0, len(line.text), *cuts.get(i, ())})
        pieces = [(a, b) for a, b in itertools.pairwise(bounds) if line.text[a:b].strip()]
        if len(pieces) < 2:
            out.append(line)
            continue
        for k, (a, b) in enumerate(pieces):
            if k:
                out.append(Line(line.number, ""))
            out.append(Line(line.number, " " * a + line.text[a:b]))
    return tuple(out)


# ---------------------------------------------------------------------------
# The split
# ---------------------------------------------------------------------------


# '"Telegram, Vasilevsky to Stalin," September 23, 1950, …': a citation that opens with
# the document's title in quotes
_QUOTED_TITLE = re.compile(r"[\"“](?P<title>[^\"“”]{3,300}?)[,.]?[\"”][,.]?\s")


def quoted_title(citation: str) -> tuple[str, int] | None:
    """The title a citation opens with in quotes, and where the rest of it starts.

    Example:
        quoted_title('"Telegram, Vasilevsky to Stalin," September 23, 1950, …')
        == ("Telegram, Vasilevsky to Stalin", 33)
    """
    match = _QUOTED_TITLE.match(citation)
    return (match.group("title").strip(), match.end()) if match else None


def _summary_above_citation(
    fields: tuple[Field, ...], lines: _Lines, page: PageWords
) -> tuple[list[Field], list[int]]:
    """A "Citation" box above the document that holds the summary, then the citation
    itself (opening with the title in quotes), then buttons: split into its fields."""
    out: list[Field] = []
    buttons: list[int] = []
    for field in fields:
        kept = [i for i in field.lines if not _is_chrome(lines[i], page)]
        quoted = next(
            (k for k, i in enumerate(kept) if _QUOTED_TITLE.match(_clean(lines[i]))), None
        )
        if field.name != "citation" or len(kept) == len(field.lines) and not quoted:
            out.append(field)
            continue
        buttons += [i for i in field.lines if i not in kept]
        if quoted:
            summary = kept[:quoted]
            out.append(Field("summary", None, tuple(summary), (_joined(lines, summary),)))
        kept = kept[quoted or 0 :]
        out.append(Field("citation", field.label_line, tuple(kept), (_joined(lines, kept),)))
    return out, buttons


def _joined(lines: _Lines, indexes: Sequence[int]) -> str:
    return " ".join(_collapse(lines[i]) for i in indexes)


def _written(lines: _Lines) -> list[int]:
    """Every line with text, a lone "•" too (`filled` skips a menu's bare bullets)."""
    return [i for i, line in enumerate(lines.lines) if line.replace("\ufeff", "").strip()]


# what a page's rules and table borders are made of ("| | | |", "=====", "———")
_ORNAMENT_CHARS = "|•·▪◦-–—=_*~#+ \t\u00a0"


def _trailing_ornaments(lines: _Lines, written: Sequence[int]) -> list[int]:
    """The lines of rules and table borders that end the document, which say nothing
    ("| | | | | |" under a copied page): chrome, reported. Dots are an omission, kept."""
    k = len(written)
    while k > 0 and _is_ornament(lines[written[k - 1]]):
        k -= 1
    return list(written[k:])


def _is_ornament(line: str) -> bool:
    stripped = line.replace("\ufeff", "").strip()
    return len(stripped) >= 3 and not stripped.strip(_ORNAMENT_CHARS)


def _stray_bullets(
    lines: _Lines,
    body: tuple[int, int],
    chrome: Sequence[int],
    consumed: Sequence[int],
    fields: Sequence[Field],
) -> list[int]:
    """A menu's lone bullets outside the document: chrome, reported with the rest."""
    owned = set(chrome) | set(consumed) | set(range(*body))
    for field in fields:
        owned.update(field.lines)
        if field.label_line is not None:
            owned.add(field.label_line)
    return [i for i in _written(lines) if lines.blank[i] and i not in owned]


def split_page(lines: Sequence[str], *, page: PageWords) -> PageSplit:
    """Split a transcription's lines into chrome, title, date, document and metadata.

    `lines` carry no line terminators; every index in the result is a 0-based index
    into them.  A bare transcription is all document, and no field is made up.

    Example:
        split = split_page(text.splitlines(), page=load_conventions().page)
        split.shape, split.body, split.value("summary")
    """
    lines = _Lines(lines, page)
    if page_shape(lines, page=page) == "bare":
        written = _written(lines)
        ornaments = _trailing_ornaments(lines, written)
        kept = written[: len(written) - len(ornaments)]
        span = (kept[0], kept[-1] + 1) if kept else (0, 0)
        return PageSplit("bare", tuple(ornaments), None, None, span, (), ())

    head = _read_head(lines, page)
    start = _find_document_start(lines, head.end, page)
    split = _split_below_head(lines, head, start, page)
    below_title = None if start.fields else _summary_below_title(lines, head, start.body, page)
    if below_title is None or split.value("summary") is not None:
        return split
    # no summary elsewhere on the page: the sentence under the title is the summary
    later = _find_document_start(lines, below_title + 1, page)
    start = _Start(start.chrome + later.chrome, later.fields, later.consumed, later.body)
    return _split_below_head(lines, replace(head, summary=below_title), start, page)


def _summarised_below(fields: list[Field], above: int) -> bool:
    """Whether the page gives a summary of its own below the line `above` (the text of
    another one, not the same sentence again)."""
    top = next((f for f in fields if f.name == "summary" and f.lines == (above,)), None)
    return top is not None and any(
        f.name == "summary" and f.lines and f.lines[0] > above and f.paragraphs != top.paragraphs
        for f in fields
    )


def _split_below_head(lines: _Lines, head: _Head, start: _Start, page: PageWords) -> PageSplit:
    """The rest of `split_page` for a page copy, once its head and the document's first
    line are known."""
    credit = _credit_line(lines, start.body, page)
    if credit is not None:
        # "This document was made possible with support from …": the page's credit, not the
        # text; a citation box may follow it before the document begins
        later = _find_document_start(lines, credit + 1, page)
        start = _Start(
            start.chrome + later.chrome,
            start.fields + later.fields,
            start.consumed + later.consumed,
            later.body,
        )
    body_first = start.body
    fields, buttons = _summary_above_citation(start.fields, lines, page)
    if head.box is not None:
        summary_lines, cited = head.box
        boxed = [Field("citation", None, cited, (_joined(lines, cited),))]
        if summary_lines:
            boxed.insert(0, Field("summary", None, summary_lines, (_joined(lines, summary_lines),)))
        fields = boxed + fields
    if head.summary is not None:
        fields.insert(0, Field("summary", None, (head.summary,), (_collapse(lines[head.summary]),)))
    if credit is not None:
        fields.append(Field("donors", None, (credit,), (_collapse(lines[credit]),)))
    meta = _find_metadata_start(lines, body_first, page) if body_first < len(lines) else None
    consumed = list(start.consumed)
    chrome = sorted(list(head.chrome) + list(start.chrome) + buttons)
    body_stop = len(lines)
    if meta is not None:
        tail = lines.metadata_from(meta)
        # a page that has a summary already may print another right above "Author(s):"
        # (the one at its top may be a related document's)
        summarised = any(f.name == "summary" for f in fields + list(tail.fields))
        title = lines[head.title] if head.title is not None else None
        summary = _unlabelled_summary(
            lines, body_first, meta, page, labelled_only=summarised, title=title
        )
        if summary is not None:
            text = " ".join(_collapse(lines[i]) for i in summary)
            fields.append(Field("summary", None, summary, (text,)))
        fields.extend(tail.fields)
        consumed.extend(tail.consumed)
        chrome.extend(tail.chrome)
        body_stop = summary[0] if summary is not None else meta
    elif not any(f.name == "summary" for f in fields):
        summary = _summary_below_notes(lines, body_first, page)
        if summary is not None:
            text = " ".join(_collapse(lines[i]) for i in summary)
            fields.append(Field("summary", None, summary, (text,)))
            body_stop = summary[0]
    in_body = [i for i in _written(lines) if body_first <= i < body_stop]
    ornaments = _trailing_ornaments(lines, in_body)
    chrome.extend(ornaments)
    in_body = in_body[: len(in_body) - len(ornaments)]
    # "Selected Works of Mao Tse-tung" over the text and again under it: the site's footer
    above = {lines.key(i) for i in chrome if i < body_first}
    while len(in_body) > 1 and lines.key(in_body[-1]) in above:
        chrome.append(in_body.pop())
    body = (in_body[0], in_body[-1] + 1) if in_body else (body_first, body_first)
    chrome.extend(_stray_bullets(lines, body, chrome, consumed, fields))
    if head.summary is not None and _summarised_below(fields, head.summary):
        # a summary above the date and the page's own after the text: the one above is a
        # related document's, shown beside this one, and no summary of it
        fields = [f for f in fields if f.lines != (head.summary,) or f.name != "summary"]
        chrome.append(head.summary)
    return PageSplit(
        shape="page",
        chrome=tuple(sorted(chrome)),
        other_site=any(
            lines.key(i) in page.other_site_chrome or lines.is_menu_bar(i) for i in chrome
        ),
        title=head.title,
        date=head.date,
        body=body,
        fields=tuple(fields),
        consumed=tuple(consumed),
    )
