"""Our TEI of each FRUS document carries what the Office of the Historian's own TEI carries.

../shared/corpus/transcriptions/frus/text/*.txt were rendered from tei/*.xml (SOURCES.md
gives the rules). For every document we convert the text and compare with their encoding:
the title, the dateline's date, the signatures, every footnote (at its marker), the
classification mark and every list item. Tests are parametrised by document id, and only
over the documents whose TEI has the feature, so a failure names the document.

Decisions where their encoding and the rendered text part ways (each follows SOURCES.md):
- A footnote in their <head> has no marker in the text (rule 3): it is only listed at the
  end. It must still come back inside our title (<head>, <title type="document"> or the
  header title), since that is where it belongs; its position inside the title is not checked.
- FRUS encodes numbered paragraphs as <p> and block quotations as one-item lists; the text
  shows both as plain blocks (rules 5, 6), so for a footnote <p> and <item> are one kind of
  block, and a lone unlabelled item (a quotation) is not asked for as a list item.
- Their signatures written as a <list> inside one <signed> (two signers) are one signature
  per item; those items are signatures, not list items, and are left out of the list check.
- Their <label> ("1.", "a.") beside or inside an <item> may become our item's @n or stay
  in its text: a leading label is ignored on our side when it matches theirs.
- A document number leading their <head> ("No. 467", "7.") may be our <idno>/<num> instead.
- The dateline is their opener's, or (1952-54, no opener) the div's own; ours must be a
  <dateline> too: a date in a paragraph is not a dateline.
- A literal "[sic]" in their text is the <sic> of ours: it counts when ours has a <sic> there.
- The classification is their opener's <seg>/<hi> only, as the brief says; the 1952-54
  volume's "Secret" paragraph is not asked for.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

import pytest
from jing import SHARED
from lxml import etree
from teitext import text_before as text_before_in

from teikit import convert_text

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
FRUS = SHARED / "corpus" / "transcriptions" / "frus"

# The marks their opener carries as <seg>/<hi>; longest first, so "top secret" is not "secret".
CLASSIFICATIONS = ("top secret", "strictly confidential", "secret", "confidential", "restricted")

# Elements that run on inside a block: a note's block is its nearest ancestor not among them.
INLINE = frozenset(
    {
        "persName", "placeName", "orgName", "name", "rs", "date", "time", "num", "hi", "gloss",
        "ref", "foreign", "emph", "term", "q", "supplied", "unclear", "sic", "corr", "reg",
        "orig", "abbr", "expan", "choice", "add", "del", "seg", "idno", "stamp", "lb", "pb",
    }
)  # fmt: skip
# The kind of block a footnote stands in. FRUS encodes numbered paragraphs ("1. On May 19 …")
# as <p> and block quotations as one-item lists, and the rendered text shows both as a
# block like any other (SOURCES.md rules 5 and 6), so <p> and <item> are one kind here.
BLOCK_KIND = {"p": "text", "ab": "text", "item": "text", "head": "title", "title": "title"}


# ---------------------------------------------------------------------------
# Reading either TEI


def xp(el: Any, path: str) -> list[Any]:
    """Every query goes through here, so the TEI namespace map is never forgotten."""
    return el.xpath(path, namespaces=NS)


def local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def is_note(el: Any) -> bool:
    return local(el) == "note"


def is_footnote(el: Any) -> bool:
    """A numbered footnote or the source note: not part of the text they stand in.

    Our converter also makes notes of editorial brackets ("[telegram 1955]"); those are
    text, as the brackets are in theirs.
    """
    return is_note(el) and (el.get("n") is not None or el.get("type") == "source")


_SIC = re.compile(r"\[\s*sic\s*\]", re.IGNORECASE)


def their_words(their_text: str, our_el: Any) -> list[str]:
    """Words of their text; a literal "[sic]" counts as said when ours has a <sic> there."""
    if xp(our_el, ".//tei:sic"):
        their_text = _SIC.sub(" ", their_text)
    return words(their_text)


def _layout(text: str | None) -> str:
    # Their files are pretty-printed inside mixed content: whitespace with a line break that
    # opens an element's content or follows its last child is layout (SOURCES.md).
    if text and "\n" in text and not text.strip():
        return ""
    return text or ""


def plain_text(el: Any, *, skip: Any = is_footnote) -> str:
    """The text of `el` as a reader sees it, leaving out the elements `skip` selects."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        children = [c for c in node if isinstance(c.tag, str) or c.tail]
        pieces.append(_layout(node.text) if children else node.text or "")
        for child in children:
            if local(child) == "lb":
                pieces.append(" ")
            elif isinstance(child.tag, str) and not skip(child):
                walk(child)
            pieces.append(_layout(child.tail) if child is children[-1] else child.tail or "")

    walk(el)
    return " ".join("".join(pieces).split())


def text_before(block: Any, target: Any) -> str:
    """The text of `block` before `target`, leaving out other notes."""
    return text_before_in(block, target, skip=is_footnote)


_WORD = re.compile(r"\w+(?:'\w+)*")


def words(text: str) -> list[str]:
    """Words in order, case-folded, ’ read as '; punctuation and brackets are not words."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _WORD.findall(folded.replace("’", "'"))


def squeeze(text: str) -> str:
    """Text without editorial brackets, whitespace single, case-folded: for signatures."""
    return " ".join(text.replace("[", "").replace("]", "").split()).casefold()


def block_of(note: Any) -> Any:
    """The nearest ancestor of `note` that is a block rather than running text."""
    block = note.getparent()
    while block is not None and local(block) in INLINE:
        block = block.getparent()
    return block


def footnotes(root: Any) -> list[Any]:
    """Numbered notes in document order, without the archival source note."""
    return [n for n in xp(root, ".//tei:note[@n]") if n.get("type") != "source"]


# ---------------------------------------------------------------------------
# The corpus


def doc_ids() -> list[str]:
    return sorted(p.stem for p in (FRUS / "tei").glob("*.xml"))


@functools.cache
def theirs(doc_id: str) -> Any:
    """The Office of the Historian's <div type="document">."""
    return etree.parse(str(FRUS / "tei" / f"{doc_id}.xml")).getroot()


@functools.cache
def ours(doc_id: str) -> Any:
    """Our TEI of the rendered text, converted once per run."""
    text = (FRUS / "text" / f"{doc_id}.txt").read_bytes().decode("utf-8-sig")
    return convert_text(text, source=f"{doc_id}.txt").tree.getroot()


def ids_with(path: str) -> list[str]:
    """The documents whose TEI matches `path`: the ones a check applies to."""
    return [d for d in doc_ids() if xp(theirs(d), path)]


pytestmark = pytest.mark.skipif(not doc_ids(), reason=f"no FRUS documents under {FRUS}")


def our_titles(root: Any) -> list[Any]:
    return xp(
        root,
        "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"
        " | tei:text//tei:head | tei:text//tei:title[@type='document']",
    )


# ---------------------------------------------------------------------------
# (a) the title


def contains(haystack: list[str], needle: list[str]) -> bool:
    """True when `needle` occurs in `haystack` as a run of consecutive words."""
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def title_words(doc_id: str) -> list[str]:
    """The words of their <head>, less a leading document number that ours keeps elsewhere.

    Two volumes print the volume's document number in the head ("No. 467", "7. Letter
    From …"): it is the document's number, not its title, so an <idno> or <num> of ours
    holding it counts as well as the title holding it.
    """
    found = words(plain_text(xp(theirs(doc_id), "tei:head")[0]))
    n = theirs(doc_id).get("n", "")
    number = ["no", n] if found[:2] == ["no", n] else [n] if found[:1] == [n] else []
    numbers = [
        words(plain_text(el)) for el in xp(ours(doc_id), "tei:text//tei:idno | tei:text//tei:num")
    ]
    if number and any(contains(w, number[-1:]) for w in numbers):
        return found[len(number) :]
    return found


@pytest.mark.parametrize("doc_id", ids_with("tei:head"))
def test_title(doc_id: str) -> None:
    head = title_words(doc_id)
    titles = [plain_text(t) for t in our_titles(ours(doc_id))]
    assert any(contains(words(t), head) for t in titles), (
        f"{doc_id}: their title {' '.join(head)!r} is in none of our titles {titles}"
    )


# ---------------------------------------------------------------------------
# (b) the dateline's date

# The opener's dateline; the 1952-54 volume has no opener and puts it straight in the div.
THEIR_DATELINE = "tei:opener/tei:dateline//tei:date/@when | tei:dateline//tei:date/@when"


@pytest.mark.parametrize("doc_id", ids_with(THEIR_DATELINE))
def test_dateline_date(doc_id: str) -> None:
    days = {when[:10] for when in xp(theirs(doc_id), THEIR_DATELINE)}
    datelines = xp(ours(doc_id), "tei:text//tei:dateline")
    our_days = {when[:10] for d in datelines for when in xp(d, ".//tei:date/@when")}
    assert days <= our_days, (
        f"{doc_id}: their dateline's date is {sorted(days)}; our datelines "
        f"{[plain_text(d) for d in datelines]} have dates {sorted(our_days)}"
    )


# ---------------------------------------------------------------------------
# (c) the signatures


def their_signatures(root: Any) -> list[str]:
    """Each signature: a <signed> holding a list of signers is one signature per item."""
    found = []
    for signed in xp(root, ".//tei:closer//tei:signed"):
        items = xp(signed, ".//tei:item")
        found += [plain_text(i) for i in items] if items else [plain_text(signed)]
    return [s for s in found if s]


@pytest.mark.parametrize("doc_id", ids_with(".//tei:closer//tei:signed"))
def test_signatures(doc_id: str) -> None:
    signed = [squeeze(plain_text(s)) for s in xp(ours(doc_id), "tei:text//tei:signed")]
    expected = their_signatures(theirs(doc_id))
    missing = [s for s in expected if not any(squeeze(s) in o for o in signed)]
    assert not missing, f"{doc_id}: signatures {missing} are in none of our <signed>: {signed}"


# ---------------------------------------------------------------------------
# (d) the footnotes


def footnote_problems(doc_id: str) -> list[str]:
    """What is wrong with each of their footnotes in our TEI (nothing: all present and placed)."""
    our_notes: dict[str, list[Any]] = defaultdict(list)
    for note in footnotes(ours(doc_id)):
        our_notes[note.get("n")].append(note)
    seen: Counter[str] = Counter()
    problems = []
    for their in footnotes(theirs(doc_id)):
        # Two notes may share a number (d2 of 1949 has two "2"s): the k-th meets the k-th.
        n = their.get("n")
        k = seen[n]
        seen[n] += 1
        if len(our_notes[n]) <= k:
            problems.append(f"note {n}: not in our TEI as <note n={n!r}>")
            continue
        our = our_notes[n][k]
        expected, got = their_words(plain_text(their), our), words(plain_text(our))
        if expected != got:
            problems.append(
                f"note {n}: words differ: theirs {' '.join(expected)!r}, ours {' '.join(got)!r}"
            )
        their_block, our_block = block_of(their), block_of(our)
        kind, our_kind = (BLOCK_KIND.get(local(b), local(b)) for b in (their_block, our_block))
        if our_kind != kind:
            problems.append(
                f"note {n}: in their <{local(their_block)}> but in our <{local(our_block)}>"
            )
            continue
        if kind == "title":
            continue  # no marker in the text (SOURCES.md rule 3): the title is the place
        before = their_words(text_before(their_block, their), our_block)[-3:]
        our_before = words(text_before(our_block, our))
        if our_before[max(0, len(our_before) - len(before)) :] != before or (
            not before and our_before
        ):
            problems.append(
                f"note {n}: not at its marker: theirs follows {' '.join(before)!r}, "
                f"ours follows {' '.join(our_before[-3:])!r}"
            )
    return problems


@pytest.mark.parametrize("doc_id", [d for d in doc_ids() if footnotes(theirs(d))])
def test_footnotes(doc_id: str) -> None:
    problems = footnote_problems(doc_id)
    assert not problems, f"{doc_id}:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------
# (e) the classification mark


def classification_of(text: str) -> str | None:
    """The classification a mark starts with: "secret   priority" is "secret" (and a priority)."""
    folded = " ".join(text.split()).casefold()
    for mark in CLASSIFICATIONS:
        if folded == mark or folded.startswith(mark + " "):
            return mark
    return None


def their_classification(root: Any) -> str | None:
    for el in xp(root, "tei:opener/tei:seg | tei:opener/tei:hi"):
        mark = classification_of(plain_text(el))
        if mark:
            return mark
    return None


@pytest.mark.parametrize("doc_id", [d for d in doc_ids() if their_classification(theirs(d))])
def test_classification(doc_id: str) -> None:
    mark = their_classification(theirs(doc_id))
    notes = [plain_text(n) for n in xp(ours(doc_id), "tei:text//tei:note[@type='classification']")]
    assert mark in [n.casefold() for n in notes], (
        f"{doc_id}: their classification {mark!r}; our classification notes: {notes}"
    )


_FILE_NUMBER = re.compile(r"(?:File No\. )?(\d{3}[A-Z]?\.[\dA-Z]+(?: [A-Z][\w ]*?)?/[\w.–-]+)")


def their_file_number(root: Any) -> str | None:
    """The decimal file number their inline source note gives ("893.34/254: Telegram")."""
    for note in xp(root, ".//tei:note[@rend='inline'][@type='source']"):
        match = _FILE_NUMBER.match(" ".join(plain_text(note).split()))
        if match:
            return match.group(1)
    return None


@pytest.mark.parametrize("doc_id", [d for d in doc_ids() if their_file_number(theirs(d))])
def test_file_number(doc_id: str) -> None:
    number = their_file_number(theirs(doc_id))
    ours_ = [" ".join(plain_text(i).split()) for i in xp(ours(doc_id), "tei:text//tei:idno")]
    assert any(i == number or i.endswith(f" {number}") for i in ours_), (
        f"{doc_id}: their file number {number!r}; our idno: {ours_}"
    )


# ---------------------------------------------------------------------------
# (f) the list items


def item_label(item: Any) -> list[str]:
    """The words of an item's label: a <label> inside it or just before it in the list."""
    inner = xp(item, "tei:label")
    if inner:
        return words(plain_text(inner[0]))
    before = item.getprevious()
    return words(plain_text(before)) if before is not None and local(before) == "label" else []


def item_text(item: Any) -> str:
    """An item's own text: without footnotes, labels or lists nested in it."""
    return plain_text(item, skip=lambda el: is_footnote(el) or local(el) in {"label", "list"})


def their_items(root: Any) -> list[Any]:
    """Their list items that the rendered text can show as items.

    Left out: signers listed inside <signed> (the signature check has them), and the one
    unlabelled item of a list that holds nothing else: FRUS encodes a block quotation so,
    and the text renders it as one line between blank lines, a paragraph (rules 1 and 6).
    """
    found = []
    for item in xp(root, ".//tei:item[not(ancestor::tei:signed)]"):
        siblings = xp(item, "../tei:item")
        if len(siblings) == 1 and not item_label(item) and not xp(item, "../tei:head"):
            continue
        found.append(item)
    return found


def item_matches(their: Any, our: Any) -> bool:
    expected, label = their_words(item_text(their), our), item_label(their)
    got = words(item_text(our))
    return got == expected or bool(label) and got == label + expected


@pytest.mark.parametrize("doc_id", [d for d in doc_ids() if their_items(theirs(d))])
def test_list_items(doc_id: str) -> None:
    available = xp(ours(doc_id), "tei:text//tei:item")
    missing = []
    for item in their_items(theirs(doc_id)):
        match = next((our for our in available if item_matches(item, our)), None)
        if match is None:
            missing.append(" ".join(item_label(item) + words(item_text(item))))
        else:
            available.remove(match)
    assert not missing, f"{doc_id}: items with no matching <item> in ours:\n" + "\n".join(
        f"  {m[:160]!r}" for m in missing
    )


# ---------------------------------------------------------------------------
# (g) the source note: "Source: Department of State, Central Files, …", the first note


def their_source_note(root: Any) -> str | None:
    for note in xp(root, ".//tei:note[@type='source'][not(@rend='inline')]"):
        text = " ".join(plain_text(note).split())
        if text.startswith("Source:"):
            return text
    return None


@pytest.mark.parametrize("doc_id", [d for d in doc_ids() if their_source_note(theirs(d))])
def test_source_note(doc_id: str) -> None:
    """Ours types it as the source note too, and reads its first sentence as the citation."""
    theirs_ = their_source_note(theirs(doc_id))
    our = ours(doc_id)
    notes = [words(plain_text(n)) for n in xp(our, "tei:text//tei:note[@type='source']")]
    assert words(theirs_) in notes, f"{doc_id}: our source notes: {notes}"
    cited = xp(our, "tei:teiHeader//tei:sourceDesc/tei:bibl[@type='citation']")
    assert cited, f"{doc_id}: no citation in our sourceDesc"
    citation = plain_text(cited[0])
    assert theirs_.startswith(citation) and citation.endswith("."), citation
    assert xp(our, "tei:teiHeader//tei:msIdentifier/tei:repository"), f"{doc_id}: no repository"


# ---------------------------------------------------------------------------
# The helpers themselves


def test_plain_text_drops_layout_whitespace_and_footnotes() -> None:
    el = etree.fromstring(
        f'<p xmlns="{TEI}">union 3 <gloss>\n  <hi>ky</hi>\n</gloss>s and (<persName>\n'
        "<hi>Donovan</hi>\n</persName>)<note n='1'>Not printed.</note> ok<lb/>reftel "
        '<note type="description">telegram 1955</note></p>'
    )
    assert plain_text(el) == "union 3 kys and (Donovan) ok reftel telegram 1955"


def test_text_before_stops_at_the_note_and_skips_others() -> None:
    el = etree.fromstring(
        f'<p xmlns="{TEI}">urtel 107 Jan 10<note n="2">Not printed.</note> qualifying '
        '<hi>his</hi> remarks<note n="3">Other.</note> end</p>'
    )
    second = el[2]
    assert text_before(el, second) == "urtel 107 Jan 10 qualifying his remarks"


def test_classification_of_reads_the_mark_only() -> None:
    assert classification_of("secret   priority") == "secret"
    assert classification_of("Top Secret") == "top secret"
    assert classification_of("[Telegram]") is None
