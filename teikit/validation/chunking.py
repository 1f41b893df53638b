"""RELAX NG with libxml2 in time linear in document size: long runs of siblings in chunks.

libxml2's time grows with the square of a run of siblings under an ambiguous content
model (a `listBibl` of 2,805 `bibl`s takes ~17 s). This module cuts such runs short,
validates what it cut in chunks of `CHUNK` elements, and gives the verdict and the
libxml2 errors of the whole document.

Why that is exact. For a parent whose content model (contentmodel.py, Brzozowski
derivatives over child names) is in a state S after child a, and stays in S through
children a+1..b, each of which can match exactly one element pattern at S:
- the parent's sequence with a+1..b removed is accepted iff the whole one is (the state
  after b is S either way, so everything after b is judged the same);
- with one matching element pattern, the real derivative (which also checks the child's
  own content and attributes) is S if the child is valid against that pattern and
  notAllowed otherwise.
So the document is valid iff the shortened document is valid and every removed child is
valid against its pattern. Removed children are moved (not copied: they keep their line
numbers and identity) into wrapper documents of up to CHUNK children of one pattern each,
validated with the same compiled grammar (whose start also accepts a private wrapper
element per pattern: `Schema.chunk_tag`), then put back where they were.
The derivatives ignore attributes, so a parent whose content model puts attributes and
children in one `choice` is never cut; nor is a run with text, comments or PIs inside.

Example:
    errors = relaxng_errors(schema, names, tree)   # [] means valid
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from teikit.validation.contentmodel import (
    NOT_ALLOWED,
    TEXT_SYMBOL,
    ContentModels,
    ElementWalk,
    Pattern,
    element_leaves_for,
    split_tag,
)
from teikit.validation.schema import CHUNK_NS, Schema

# Elements per wrapper document, and the shortest run worth cutting. libxml2's cost per
# run grows with the square of its length, but each cut also validates children libxml2
# would have skipped after an earlier error; 200 was fastest on the corpus (50: 2.2x
# slower in all, 100: 1.3x, 400: the same).
CHUNK = 200
_PREFIX = "teikit-chunk"
# Documents from this size on are shown to libxml2 without their free attributes
# (`free_attributes_to_drop`) when they have one every FREE_ATTRIBUTE_BYTES bytes or
# more (a tokenised novel: one per 19, frus-history.xml: one per 2,000); otherwise the
# new parse for the findings costs more than it saves.
FREE_ATTRIBUTES_MIN_BYTES = 256 * 1024
FREE_ATTRIBUTE_BYTES = 200


@dataclass(frozen=True)
class RngError:
    """One libxml2 error: the element it is about (in the restored document) and where."""

    element: etree._Element | None
    line: int | None
    message: str


# An element's child indexes from the root down: the same element in any parse of the
# same bytes.
Place = tuple[int, ...]


@dataclass(frozen=True)
class PlacedError:
    """One libxml2 error in a spent tree: the place of the element it is about, and where."""

    place: Place | None
    line: int | None
    message: str


@dataclass(frozen=True)
class FreeAttributes:
    """The free attributes to strip (`dropped`), and per element name the dropped ones
    that are not free on it: such an element keeps all its attributes."""

    dropped: frozenset[str]
    keeping: dict[str, frozenset[str]]


@dataclass(frozen=True)
class _Cut:
    anchor: etree._Element  # the last child left in place; the moved ones follow it
    moved: tuple[etree._Element, ...]
    wrapper_tags: tuple[str, ...]  # per moved child: the chunk wrapper of its pattern


def relaxng_errors(
    schema: Schema,
    names: frozenset[str],
    tree: etree._ElementTree,
    *,
    walk: ElementWalk | None = None,
) -> list[RngError]:
    """libxml2's RELAX NG errors for `tree`, long runs validated in chunks ([] when valid).

    `walk` is `tree`'s, when the caller has it. The tree is changed while it is checked
    and put back as it was before returning.
    """
    walk = walk or ElementWalk.of(tree.getroot())
    return _errors_in_chunks(schema, names, tree, walk.longer_than(CHUNK))


def relaxng_errors_stripped(
    schema: Schema,
    names: frozenset[str],
    tree: etree._ElementTree,
    free: FreeAttributes,
    *,
    parents: list[etree._Element],
) -> list[PlacedError]:
    """`relaxng_errors` with `free.dropped` stripped from `tree` in place and not put back:
    the tree is spent, so the errors give each element's place (`element_at_place` finds
    it in a new parse of the same bytes). `parents` are the elements of `tree` with more
    than CHUNK children (`ElementWalk.longer_than`).

    Stripping the one tree, rather than checking a second parse, keeps one tree of a
    novel in memory: a tokenised novel's is ~90 MB, half of it the free attributes.
    Checking is faster with no lxml proxy below the parents: lxml updates each one in a
    subtree moved to a chunk and back.
    """
    _strip_free_attributes(tree, free)
    return [
        PlacedError(_place_of(e.element), e.line, e.message)
        for e in _errors_in_chunks(schema, names, tree, parents)
    ]


def _errors_in_chunks(
    schema: Schema,
    names: frozenset[str],
    tree: etree._ElementTree,
    parents: list[etree._Element],
) -> list[RngError]:
    relaxng = schema.relaxng_for(names)
    models = schema.content_models()
    cuts = _cut_runs(parents, models, schema) if models is not None else []
    wrappers: list[etree._Element] = []
    try:
        for cut in cuts:
            by_pattern: dict[str, list[etree._Element]] = {}
            for child, tag in zip(cut.moved, cut.wrapper_tags, strict=True):
                by_pattern.setdefault(tag, []).append(child)
            for tag, children in by_pattern.items():
                # The children's namespace is the wrapper's default, so libxml2's error
                # paths name them `*[n]` and never with a prefix made up for the move.
                ns = split_tag(children[0].tag)[0]
                nsmap = {_PREFIX: CHUNK_NS, None: ns} if ns else {_PREFIX: CHUNK_NS}
                for start in range(0, len(children), CHUNK):
                    wrapper = etree.Element(tag, nsmap=nsmap)
                    for child in children[start : start + CHUNK]:
                        wrapper.append(child)  # moves it, tail and all
                    wrappers.append(wrapper)
        found = _errors_of(relaxng, tree)
        for wrapper in wrappers:
            found.extend(
                e
                for e in _errors_of(relaxng, wrapper.getroottree())
                if e.element is not wrapper  # the wrapper's own "failed to validate content"
            )
    finally:
        for cut in reversed(cuts):
            for child in reversed(cut.moved):
                cut.anchor.addnext(child)
    return found


def free_attributes_to_drop(
    schema: Schema, names: frozenset[str], source: bytes, counts: Counter[str]
) -> FreeAttributes | None:
    """The attributes of the document parsed from `source` that change no element's match
    (`ContentModels.free_attributes`) and are worth stripping before libxml2 checks it
    (`relaxng_errors_stripped`); None for a small document or nothing to drop. `counts`
    are its elements' names.

    libxml2 copies its state for each optional attribute and keeps both copies when the
    attribute is there: on a tokenised novel (@pos, @lemma and @n on 100,000 tokens) that
    is most of its time. An element whose own pattern does not leave one of the dropped
    names free keeps all its attributes, in their order, so its errors stay the same.
    """
    models = schema.content_models()
    if models is None or len(source) < FREE_ATTRIBUTES_MIN_BYTES:
        return None
    free = {name: models.free_attributes(name) for name in names}
    if not _thick_with(frozenset().union(*free.values()), source):
        return None
    checked = {name for name in counts if not models.matched_by_none(name)}
    dropped = _worth_dropping(free, counts, checked)
    if not dropped:
        return None
    keeping = {name: dropped - free[name] for name in checked if not dropped <= free[name]}
    return FreeAttributes(dropped, keeping)


def _thick_with(attributes: frozenset[str], source: bytes) -> bool:
    """Whether `source` has one of `attributes` every FREE_ATTRIBUTE_BYTES bytes or more,
    roughly: ` pos=` counted in the bytes (in C, ~3 ms a name in a novel), and no more
    names counted once there are enough."""
    found = 0
    for attribute in attributes:
        found += source.count(f" {attribute}=".encode())
        if found * FREE_ATTRIBUTE_BYTES >= len(source):
            return True
    return False


def _strip_free_attributes(tree: etree._ElementTree, free: FreeAttributes) -> None:
    kept = []
    if free.keeping:
        for element in tree.getroot().iter(*free.keeping):
            keys = element.keys()
            if keys and not free.keeping[element.tag].isdisjoint(keys):  # type: ignore[index]
                kept.append((element, element.items()))
    etree.strip_attributes(tree, *free.dropped)
    for element, items in kept:
        element.attrib.clear()
        for key, value in items:
            element.set(key, value)


def _worth_dropping(
    free: dict[str, frozenset[str]], counts: Counter[str], checked: set[str]
) -> frozenset[str]:
    """The free attributes to drop: each is dropped everywhere and put back (element by
    element, in Python) where it is not free, so only those free on far more elements
    than the elements of `checked` names where they are not."""
    dropped = set()
    for attribute in frozenset().union(*free.values()):
        gain = sum(n for name, n in counts.items() if attribute in free[name])
        cost = sum(
            n for name, n in counts.items() if name in checked and attribute not in free[name]
        )
        if gain >= 4 * cost:
            dropped.add(attribute)
    return frozenset(dropped)


def _place_of(element: etree._Element | None) -> Place | None:
    if element is None:
        return None
    steps = []
    node = element
    while (parent := node.getparent()) is not None:
        steps.append(parent.index(node))
        node = parent
    return tuple(reversed(steps))


def element_at_place(tree: etree._ElementTree, place: Place | None) -> etree._Element | None:
    """The element at `place` (a `PlacedError`'s) in `tree`, a parse of the same bytes."""
    if place is None:
        return None
    found = tree.getroot()
    for index in place:
        found = found[index]
    return found


def child_errors(schema: Schema, names: frozenset[str], parent: etree._Element) -> list[RngError]:
    """libxml2's errors for each child of `parent`, checked alone against its one pattern.

    For a parent libxml2 only calls "failed to validate content" or "has extra content"
    while its sequence of children is fine: one of the children is invalid itself (a bad
    attribute value inside mixed content, say), and checked alone it says which and why.
    The tree is put back as it was.
    """
    models = schema.content_models()
    state = models.state_after_text(parent) if models is not None else None
    if models is None or state is None:
        return []
    relaxng = schema.relaxng_for(names)
    found: list[RngError] = []
    for index, child in enumerate(list(parent)):
        if isinstance(child.tag, str):
            after = models.derive(state, child.tag)
            if after == NOT_ALLOWED:
                break
            tag = _chunk_tag(state, child.tag, models, schema)
            if tag is not None:
                found.extend(_errors_alone(relaxng, parent, index, child, tag))
            state = after
        if (child.tail or "").strip():
            state = models.derive(state, TEXT_SYMBOL)
            if state == NOT_ALLOWED:
                break
    return found


def _errors_alone(
    relaxng: etree.RelaxNG, parent: etree._Element, index: int, child: etree._Element, tag: str
) -> list[RngError]:
    ns = split_tag(child.tag)[0]
    wrapper = etree.Element(tag, nsmap={_PREFIX: CHUNK_NS, None: ns} if ns else {_PREFIX: CHUNK_NS})
    wrapper.append(child)  # moves it, tail and all
    try:
        return [e for e in _errors_of(relaxng, wrapper.getroottree()) if e.element is not wrapper]
    finally:
        parent.insert(index, child)


def _errors_of(relaxng: etree.RelaxNG, tree: etree._ElementTree) -> list[RngError]:
    if relaxng.validate(tree):
        return []
    out = []
    for entry in relaxng.error_log:
        element = element_at(tree, entry.path, {_PREFIX: CHUNK_NS})
        line = entry.line or (element.sourceline if element is not None else None)
        out.append(RngError(element, line, entry.message))
    return out


def element_at(
    tree: etree._ElementTree, path: str | None, namespaces: dict[str, str] | None = None
) -> etree._Element | None:
    """The element an XPath (SVRL location, chunk path) points at, or None."""
    if not path:
        return None
    try:
        found = tree.xpath(path, namespaces=namespaces) if namespaces else tree.xpath(path)
    except etree.XPathError:
        return None
    return (
        found[0]
        if isinstance(found, list) and found and isinstance(found[0], etree._Element)
        else None
    )


def _cut_long_runs(root: etree._Element, models: ContentModels, schema: Schema) -> list[_Cut]:
    return _cut_runs(ElementWalk.of(root).longer_than(CHUNK), models, schema)


def _cut_runs(parents: list[etree._Element], models: ContentModels, schema: Schema) -> list[_Cut]:
    """The cuts of the runs of each of `parents` (those with more than CHUNK children)."""
    cuts: list[_Cut] = []
    for parent in parents:
        cuts.extend(_runs_of(parent, models, schema))
    return cuts


def _runs_of(parent: etree._Element, models: ContentModels, schema: Schema) -> list[_Cut]:
    """The runs of `parent`'s children that can be moved out without changing the verdict."""
    state = models.state_after_text(parent)
    if state is None or models.attributes_entangled(parent.tag):  # type: ignore[arg-type]
        return []
    cuts: list[_Cut] = []
    anchor: etree._Element | None = None
    run: list[etree._Element] = []
    tags: list[str] = []

    def close() -> None:
        if anchor is not None and len(run) >= CHUNK:
            cuts.append(_Cut(anchor, tuple(run), tuple(tags)))

    for child in parent:
        if not isinstance(child.tag, str):  # comment or PI: it ends a run
            close()
            anchor, run, tags = None, [], []
            if (child.tail or "").strip():
                state = models.derive(state, TEXT_SYMBOL)
                if state == NOT_ALLOWED:
                    break
            continue
        after = models.derive(state, child.tag)
        if after == NOT_ALLOWED:
            break  # libxml2 reports the sequence as it stands from here on
        movable = False
        if (
            anchor is not None
            and (after is state or after == state)
            and not (child.tail or "").strip()
        ):
            tag = _chunk_tag(state, child.tag, models, schema)  # type: ignore[arg-type]
            if tag is not None:
                tags.append(tag)
                movable = True
        if movable:
            run.append(child)
        else:
            close()
            anchor, run, tags = child, [], []
        state = after
        if (child.tail or "").strip():
            close()
            anchor, run, tags = None, [], []
            state = models.derive(state, TEXT_SYMBOL)
            if state == NOT_ALLOWED:
                break
    close()
    return cuts


def _chunk_tag(state: Pattern, tag: str, models: ContentModels, schema: Schema) -> str | None:
    """The chunk wrapper for the one element pattern `state` can match `tag` with, if any."""
    cache = models.chunk_memo
    hit = cache.get((id(state), tag))
    if hit is not None and hit[0] is state:
        return hit[1]
    leaves = element_leaves_for(state, tag)
    wrapper = (
        schema.chunk_tag(models.element_nodes[next(iter(leaves))]) if len(leaves) == 1 else None
    )
    cache[(id(state), tag)] = (state, wrapper)
    return wrapper


__all__ = [
    "CHUNK",
    "FreeAttributes",
    "PlacedError",
    "RngError",
    "child_errors",
    "element_at_place",
    "free_attributes_to_drop",
    "relaxng_errors",
    "relaxng_errors_stripped",
]
