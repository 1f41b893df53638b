"""What a RELAX NG element accepts as children, for messages libxml2 does not give.

libxml2 says "Element textDesc failed to validate content"; a person needs to know which
child is wrong and what was allowed there. This module reads the schema's XML (RELAX NG
full syntax, as TEI ships it) and checks an element's sequence of child names against its
content model with Brzozowski derivatives (James Clark's algorithm, restricted to child
names and text). Attributes and datatypes are left to libxml2, so this is an explainer,
never the verdict.

Example:
    model = ContentModels(schema_root)
    for problem in model.explain(element):
        print(problem.element.sourceline, problem.message)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"

# Patterns are interned tuples, so equal patterns are equal values and memoisation works.
NOT_ALLOWED: tuple[object, ...] = ("notAllowed",)
EMPTY: tuple[object, ...] = ("empty",)
TEXT: tuple[object, ...] = ("text",)
TEXT_SYMBOL = "#text"
# Elements with at most this many children have their explanation kept by shape.
_SHAPE_CACHE_CHILDREN = 16
# Names with at least this many elements with children in a document are checked for a
# content model that accepts them whatever their children (ContentModels.problems), in
# at most this many states.
_STEADY_MIN_ELEMENTS = 50
_STEADY_MAX_STATES = 8

Pattern = tuple[object, ...]
# The attributes a pattern declares: times each is free (see free_attributes), the others.
_Uses = tuple[Counter[str], frozenset[str]]
_NO_USES: _Uses = (Counter(), frozenset())

# How a value's XML Schema datatype is said in a message (jing says much the same).
_DATATYPE_WORDS = {
    "decimal": "a decimal number",
    "double": "a number",
    "float": "a number",
    "integer": "a whole number",
    "nonNegativeInteger": "a whole number (0 or more)",
    "positiveInteger": "a whole number (1 or more)",
    "boolean": 'a boolean ("true" or "false")',
    "date": "a date (yyyy-mm-dd)",
    "dateTime": "a date and time (yyyy-mm-ddThh:mm:ss)",
    "gYear": "a year (yyyy)",
    "gYearMonth": "a year and month (yyyy-mm)",
    "gMonth": "a month (--mm)",
    "gDay": "a day (---dd)",
    "gMonthDay": "a month and day (--mm-dd)",
    "time": "a time (hh:mm:ss)",
    "duration": "a duration such as P1Y2M or PT3H",
    "anyURI": "a URI",
    "ID": "an XML name (an xml:id)",
    "IDREF": "the xml:id of an element",
    "IDREFS": "xml:ids of elements, separated by spaces",
    "NCName": "an XML name without a colon (letters, digits, '-', '_', '.')",
    "Name": "an XML name",
    "NMTOKEN": "a single token (letters, digits, '-', '_', '.', ':'), no spaces",
    "NMTOKENS": "tokens separated by spaces",
    "language": "a language tag such as en or zh-Hant",
    "token": "text",
    "string": "text",
}
# Patterns TEI uses everywhere, in words.
_PATTERN_WORDS = {
    r"[^\p{C}\p{Z}]+": "a single word (no spaces)",
    r"(\-?[\d]+/\-?[\d]+)": "a fraction such as 1/2",
}
_XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
# Longer lists of allowed values are cut here, with a count of the rest.
_LISTED_VALUES = 8


class UnsupportedSchema(Exception):
    """The schema uses constructs this explainer does not read (include, externalRef)."""


@dataclass(frozen=True)
class Problem:
    """One child-sequence problem: the element it is about and a one-sentence message."""

    element: etree._Element
    code: str
    message: str
    at_end: bool = False
    # About the text at the start of `element`'s content (not the text after it).
    leading_text: bool = False


@dataclass(frozen=True)
class ElementWalk:
    """Every element of a tree in document order, its number of children (comments and
    PIs count, as len() counts them) and how many elements have each name, from one walk.

    The checks that each walked a whole document (names, chunk runs, the explainer's
    elements with children) share it: a novel's 115,000 elements get one set of lxml
    proxies and one len() each, in C.
    """

    elements: list[etree._Element]
    sizes: list[int]
    counts: Counter[str]

    @classmethod
    def of(cls, root: etree._Element) -> ElementWalk:
        elements = list(root.iter(etree.Element))  # elements only, in C
        return cls(elements, list(map(len, elements)), Counter(map(_TAG, elements)))

    def longer_than(self, size: int) -> list[etree._Element]:
        """The elements with more than `size` children."""
        return list(compress(self.elements, map(size.__lt__, self.sizes)))

    def with_children_or_named(self, names: frozenset[str]) -> list[etree._Element]:
        """The elements with children and those named in `names`, in document order."""
        if not names:
            return list(compress(self.elements, self.sizes))
        pairs = zip(self.elements, self.sizes, strict=True)
        return [e for e, size in pairs if size or e.tag in names]

    def parent_names(self) -> frozenset[str]:
        """The names of the elements with children."""
        return frozenset(map(_TAG, compress(self.elements, self.sizes)))


@dataclass(frozen=True)
class ParentWalk:
    """What the explainer needs of an ElementWalk, for a new parse of the same bytes: the
    elements with children, found by the names the old walk saw them with. lxml makes a
    proxy for those alone (a novel: 7,700 of 114,000 elements; making and freeing one for
    every element costs about as much as the parse).
    """

    root: etree._Element
    parent_names: frozenset[str]

    def with_children_or_named(self, names: frozenset[str]) -> list[etree._Element]:
        """The elements with children and those named in `names`, in document order."""
        wanted = self.parent_names | names
        if not wanted:  # iter() of no names would give every element
            return []
        return [e for e in self.root.iter(*wanted) if len(e) or e.tag in names]


_TAG = attrgetter("tag")


# One problem of a shape: (child index or -1 for the element itself, code, message, at_end).
_Found = tuple[int, str, str, bool]


def _problems_at(
    element: etree._Element, children: list[etree._Element], found: tuple[_Found, ...]
) -> Iterator[Problem]:
    for index, code, message, at_end in found:
        if index < 0:
            yield Problem(element, code, message, at_end, code == "rng.text-not-allowed")
        else:
            yield Problem(children[index], code, message, at_end)


def _choice(a: Pattern, b: Pattern) -> Pattern:
    if a is NOT_ALLOWED or a == NOT_ALLOWED:
        return b
    if b == NOT_ALLOWED or a == b:
        return a
    if a == EMPTY and _nullable(b):
        return b
    if b == EMPTY and _nullable(a):
        return a
    # A canonical order keeps (a|b) and (b|a) one pattern, so derivatives stay few.
    items = set(_flatten_choice(a)) | set(_flatten_choice(b))
    return ("choice", tuple(sorted(items, key=repr)))


def _flatten_choice(p: Pattern) -> tuple[Pattern, ...]:
    return p[1] if p[0] == "choice" else (p,)  # type: ignore[return-value]


def _group(a: Pattern, b: Pattern) -> Pattern:
    if a == NOT_ALLOWED or b == NOT_ALLOWED:
        return NOT_ALLOWED
    if a == EMPTY:
        return b
    if b == EMPTY:
        return a
    return ("group", a, b)


def _interleave(a: Pattern, b: Pattern) -> Pattern:
    if a == NOT_ALLOWED or b == NOT_ALLOWED:
        return NOT_ALLOWED
    if a == EMPTY:
        return b
    if b == EMPTY:
        return a
    return ("interleave", *sorted((a, b), key=repr))


def _one_or_more(p: Pattern) -> Pattern:
    if p in (NOT_ALLOWED, EMPTY):
        return p
    return ("oneOrMore", p)


@lru_cache(maxsize=100_000)
def _nullable(p: Pattern) -> bool:
    kind = p[0]
    if kind in ("empty", "text"):
        return True
    if kind in ("notAllowed", "element"):
        return False
    if kind == "choice":
        return any(_nullable(q) for q in p[1])  # type: ignore[attr-defined]
    if kind in ("group", "interleave"):
        return _nullable(p[1]) and _nullable(p[2])  # type: ignore[arg-type]
    if kind == "oneOrMore":
        return _nullable(p[1])  # type: ignore[arg-type]
    raise AssertionError(kind)


def _matches(name_class: tuple[object, ...], qname: str) -> bool:
    kind = name_class[0]
    if kind == "name":
        return name_class[1] == qname
    if kind == "choice":
        return any(_matches(nc, qname) for nc in name_class[1])  # type: ignore[attr-defined]
    ns = qname[1:].split("}", 1)[0] if qname.startswith("{") else ""
    if kind == "nsName" and ns != name_class[1]:
        return False
    return not any(_matches(nc, qname) for nc in name_class[-1])  # type: ignore[attr-defined]


@lru_cache(maxsize=200_000)
def _derive(p: Pattern, symbol: str) -> Pattern:
    """The pattern left after `p` consumes one child (`symbol`: a Clark name or #text)."""
    kind = p[0]
    if kind in ("notAllowed", "empty"):
        return NOT_ALLOWED
    if kind == "text":
        return TEXT if symbol == TEXT_SYMBOL else NOT_ALLOWED
    if kind == "element":
        return EMPTY if symbol != TEXT_SYMBOL and _matches(p[1], symbol) else NOT_ALLOWED  # type: ignore[arg-type]
    if kind == "choice":
        out = NOT_ALLOWED
        for q in p[1]:  # type: ignore[attr-defined]
            out = _choice(out, _derive(q, symbol))
        return out
    if kind == "group":
        a, b = p[1], p[2]
        out = _group(_derive(a, symbol), b)  # type: ignore[arg-type]
        return _choice(out, _derive(b, symbol)) if _nullable(a) else out  # type: ignore[arg-type]
    if kind == "interleave":
        a, b = p[1], p[2]
        return _choice(
            _interleave(_derive(a, symbol), b),  # type: ignore[arg-type]
            _interleave(a, _derive(b, symbol)),  # type: ignore[arg-type]
        )
    if kind == "oneOrMore":
        q = p[1]
        return _group(_derive(q, symbol), _choice(p, EMPTY))  # type: ignore[arg-type]
    raise AssertionError(kind)


def _first_leaves(p: Pattern) -> Iterator[Pattern]:
    """The element and text patterns `p` could match next, in one walk for both users."""
    kind = p[0]
    if kind in ("element", "text"):
        yield p
    elif kind == "choice":
        for q in p[1]:  # type: ignore[attr-defined]
            yield from _first_leaves(q)
    elif kind == "group":
        yield from _first_leaves(p[1])  # type: ignore[arg-type]
        if _nullable(p[1]):  # type: ignore[arg-type]
            yield from _first_leaves(p[2])  # type: ignore[arg-type]
    elif kind == "interleave":
        yield from _first_leaves(p[1])  # type: ignore[arg-type]
        yield from _first_leaves(p[2])  # type: ignore[arg-type]
    elif kind == "oneOrMore":
        yield from _first_leaves(p[1])  # type: ignore[arg-type]


def element_leaves_for(p: Pattern, qname: str) -> set[int]:
    """Ids of the element patterns that `p` could match next for an element named `qname`."""
    return {
        leaf[2]  # type: ignore[misc]
        for leaf in _first_leaves(p)
        if leaf[0] == "element" and _matches(leaf[1], qname)  # type: ignore[arg-type]
    }


def _describe_name_class(nc: tuple[object, ...], tei_ns: str | None) -> str:
    kind = nc[0]
    if kind == "name":
        return local_display(str(nc[1]), tei_ns)
    if kind == "choice":
        return " or ".join(_describe_name_class(c, tei_ns) for c in nc[1])  # type: ignore[attr-defined]
    if kind == "nsName":
        return f"any element in {nc[1] or 'no namespace'}"
    return "any element"


def split_tag(tag: str) -> tuple[str | None, str]:
    """(namespace, local name) of an lxml tag `{ns}name`, by its text alone.

    Unlike `etree.QName`, it never raises: libxml2 lets some names through that QName
    refuses (a document's root `<:CONDITION>` read from UTF-16).
    """
    if tag.startswith("{") and "}" in tag:
        ns, local = tag[1:].split("}", 1)
        return ns or None, local
    return None, tag


def local_display(qname: str, tei_ns: str | None) -> str:
    """`{ns}name` as `"name"` in the schema's own namespace, else `"name" (in ns)`."""
    ns, local = split_tag(qname)
    if ns is None:
        return f'"{local}"' if tei_ns in (None, "") else f'"{local}" (in no namespace)'
    return f'"{local}"' if ns == tei_ns else f'"{local}" (in {ns})'


def expected_names(p: Pattern, tei_ns: str | None, *, end_allowed: bool) -> str:
    """A short English list of what may come next: `expected "a", "b" or text`."""
    leaves = list(_first_leaves(p))
    classes = {leaf[1] for leaf in leaves if leaf[0] == "element"}
    text = any(leaf[0] == "text" for leaf in leaves)
    names = sorted({_describe_name_class(nc, tei_ns) for nc in classes}, key=str.lower)
    shown = names[:12]
    if len(names) > 12:
        shown.append(f"{len(names) - 12} other elements")
    if text:
        shown.append("text")
    if end_allowed:
        shown.insert(0, "the end of the element")
    if not shown:
        return "nothing more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


class ContentModels:
    """Content models of a RELAX NG grammar (XML syntax), read lazily per element."""

    def __init__(self, schema_root: etree._Element) -> None:
        if schema_root.tag != f"{_R}grammar":
            raise UnsupportedSchema("the schema is not a <grammar>")
        for tag in ("include", "externalRef", "parentRef"):
            if schema_root.find(f".//{_R}{tag}") is not None:
                raise UnsupportedSchema(f"<{tag}> is not read by the explainer")
        self.ns = schema_root.get("ns")
        self._defines: dict[str, list[etree._Element]] = {}
        for define in schema_root.iter(f"{_R}define"):
            self._defines.setdefault(define.get("name", ""), []).append(define)
        self._by_name: dict[str, list[etree._Element]] = {}
        self._anonymous: list[tuple[object, ...]] = []  # name classes: anyName, nsName, choice
        for element in schema_root.iter(f"{_R}element"):
            nc = self._name_class(element)
            if nc[0] == "name":
                self._by_name.setdefault(str(nc[1]), []).append(element)
            else:
                self._anonymous.append(nc)
        self._content: dict[int, Pattern] = {}
        self._refs: dict[str, Pattern] = {}
        self._in_progress: set[str] = set()
        # Element patterns by the id their Pattern carries; holding them keeps ids unique.
        self.element_nodes: dict[int, etree._Element] = {}
        self._defines_entangled: dict[str, tuple[bool, bool, bool]] = {}
        # Derivatives by the pattern's id: hashing a TEI-sized pattern tuple for
        # lru_cache costs far more than the step itself. Values hold the pattern, so
        # its id stays its own.
        self._next: dict[tuple[int, str], tuple[Pattern, Pattern]] = {}
        self._ends: dict[int, tuple[Pattern, bool]] = {}
        # chunking.py's answers per (state id, child name), kept with the model they use.
        self.chunk_memo: dict[tuple[int, str], tuple[Pattern, str | None]] = {}
        self._explained: dict[object, tuple[_Found, ...]] = {}
        self._free: dict[str, frozenset[str]] = {}
        self._define_uses: dict[tuple[str, bool], _Uses | None] = {}

    def content_of(self, qname: str) -> Pattern | None:
        """The content pattern of the element named `qname`, if one pattern defines it."""
        patterns = self._by_name.get(qname, [])
        if len(patterns) != 1:
            return None
        element = patterns[0]
        key = id(element)
        if key not in self._content:
            children = [c for c in element if isinstance(c.tag, str)]
            if element.get("name") is None:
                children = children[1:]
            self._content[key] = self._sequence(children, "group")
        return self._content[key]

    def problems(
        self,
        root: etree._Element,
        tags: frozenset[str],
        *,
        walk: ElementWalk | ParentWalk | None = None,
    ) -> Iterator[Problem]:
        """Child-sequence problems of `root` and every element below it, in document order.

        `tags` holds every element name of the subtree. Two kinds of element are not
        looked at one by one, since they cannot have a problem (a tokenised novel has
        100,000 <w> and <pc> and 8,000 others, most of them <s> holding only those):
        - a leaf whose name fits with and without text: a leaf's problems depend only on
          its name and whether it holds text;
        - an element of a frequent name whose content model, fed any of the document's
          names and text in any order, never refuses one and may always end, except for
          some names (`_steady_names`), when it has no child of those names.
        `walk` is `root`'s, when the caller has it.
        """
        unsafe = frozenset(tag for tag in tags if not self._leaf_fits(tag))
        todo = (walk or ElementWalk.of(root)).with_children_or_named(unsafe)
        steady, suspects = self._steady_tags(root, tags, todo)
        for element in todo:
            if not len(element):
                yield from self.explain(element)
            elif element.tag not in steady or element in suspects:
                found, children = self._branch_problems(element)
                if found:
                    yield from _problems_at(element, children, found)

    def _steady_tags(
        self, root: etree._Element, tags: frozenset[str], todo: list[etree._Element]
    ) -> tuple[dict[str, frozenset[str]], set[etree._Element]]:
        """The frequent names whose elements need no look unless they have a child with one
        of the names kept with them, and the elements that have such a child."""
        counts = Counter(e.tag for e in todo if len(e))
        steady: dict[str, frozenset[str]] = {}
        for tag, count in counts.items():
            if count >= _STEADY_MIN_ELEMENTS:
                refused = self._steady_names(tag, tags)
                if refused is not None:
                    steady[tag] = refused
        suspects: set[etree._Element] = set()
        refused_anywhere = set().union(*steady.values())
        if refused_anywhere:
            for child in root.iter(*refused_anywhere):
                parent = child.getparent()
                if parent is not None and child.tag in steady.get(parent.tag, ()):  # type: ignore[operator]
                    suspects.add(parent)
        return steady, suspects

    def _steady_names(self, tag: str, tags: frozenset[str]) -> frozenset[str] | None:
        """The names an element `tag` must not have as children for its content model to
        accept any sequence of the other names of `tags` and text, ending anywhere.

        None when there are no such names: text is refused somewhere, a state reached
        cannot end, or more than _STEADY_MAX_STATES states are reached.
        """
        start = self.content_of(tag)
        if start is None:
            return frozenset()
        symbols = [*tags, TEXT_SYMBOL]
        found = self._states_reached(start, symbols)
        if found is None or TEXT_SYMBOL in found[1]:
            return None
        refused = found[1]
        found = self._states_reached(start, [s for s in symbols if s not in refused])
        if found is None or found[1] or not all(map(self.nullable, found[0])):
            return None
        return frozenset(refused)

    def _states_reached(
        self, start: Pattern, symbols: list[str]
    ) -> tuple[list[Pattern], set[str]] | None:
        """The states reached from `start` by sequences of `symbols`, and the symbols that
        some state refuses; None past _STEADY_MAX_STATES states."""
        states, seen, refused = [start], {id(start)}, set()
        for p in states:  # grows while it is walked
            for symbol in symbols:
                q = self.derive(p, symbol)
                if q == NOT_ALLOWED:
                    refused.add(symbol)
                elif id(q) not in seen:
                    if len(states) >= _STEADY_MAX_STATES:
                        return None
                    seen.add(id(q))
                    states.append(q)
        return states, refused

    def explain(self, element: etree._Element) -> Iterator[Problem]:
        """Child-sequence problems of one document element; nothing when its children fit."""
        if len(element):
            found, children = self._branch_problems(element)
            yield from _problems_at(element, children, found)
            return
        # A leaf (most elements of a tokenised text: <w>, <pc>): its shape is its name
        # and whether it holds text, looked up without building the general shape.
        text = element.text
        found = self._leaf_problems(element.tag, bool(text and not text.isspace()))  # type: ignore[arg-type]
        for _, code, message, at_end in found:
            yield Problem(element, code, message, at_end)

    def _leaf_fits(self, tag: str) -> bool:
        """Whether an element named `tag` with no children is fine with and without text."""
        return not self._leaf_problems(tag, False) and not self._leaf_problems(tag, True)

    def _leaf_problems(self, tag: str, has_text: bool) -> tuple[_Found, ...]:
        leaf = (tag, has_text, ())
        found = self._explained.get(leaf)
        if found is None:
            found = self._explained[leaf] = tuple(self._explain_shape(leaf))
        return found

    def _branch_problems(
        self, element: etree._Element
    ) -> tuple[tuple[_Found, ...], list[etree._Element]]:
        """The problems of an element with children, and its children they point into."""
        children = list(element)
        # What the check depends on: the name, and per child its name (None for a comment
        # or PI) and whether text follows. Short shapes repeat (a <w> with text, a <p>
        # with two <hi>s), so their answers are kept; a novel has 100,000 such elements.
        shape = (
            element.tag,
            bool((element.text or "").strip()),
            tuple(
                (c.tag if isinstance(c.tag, str) else None, bool((c.tail or "").strip()))
                for c in children
            ),
        )
        found = self._explained.get(shape) if len(children) <= _SHAPE_CACHE_CHILDREN else None
        if found is None:
            found = tuple(self._explain_shape(shape))  # type: ignore[arg-type]
            if len(children) <= _SHAPE_CACHE_CHILDREN:
                self._explained[shape] = found
        return found, children

    def _explain_shape(
        self, shape: tuple[str, bool, tuple[tuple[str | None, bool], ...]]
    ) -> Iterator[_Found]:
        tag, leading_text, children = shape
        p = self.content_of(tag)
        if p is None:
            return
        if leading_text:
            q = self.derive(p, TEXT_SYMBOL)
            if q == NOT_ALLOWED and children:
                first = next((c for c, _ in children if c is not None), None)
                before = f" (before {local_display(first, self.ns)})" if first else ""
                yield (
                    -1,
                    "rng.text-not-allowed",
                    f"text is not allowed here in {local_display(tag, self.ns)}{before}; "
                    f"expected {expected_names(p, self.ns, end_allowed=self.nullable(p))}",
                    False,
                )
                return
            p = p if q == NOT_ALLOWED else q
        for index, (child, text_after) in enumerate(children):
            if child is None:
                p = self._step(p, TEXT_SYMBOL) if text_after else p
                continue
            after = self.derive(p, child)
            if after == NOT_ALLOWED:
                yield (
                    index,
                    "rng.not-allowed",
                    f"element {local_display(child, self.ns)} is not allowed here in "
                    f"{local_display(tag, self.ns)}; expected "
                    f"{expected_names(p, self.ns, end_allowed=self.nullable(p))}",
                    False,
                )
                return
            p = after
            if text_after:
                q = self.derive(p, TEXT_SYMBOL)
                if q == NOT_ALLOWED:
                    yield (
                        index,
                        "rng.text-not-allowed",
                        f"text is not allowed here in {local_display(tag, self.ns)} (after "
                        f"{local_display(child, self.ns)}); expected "
                        f"{expected_names(p, self.ns, end_allowed=self.nullable(p))}",
                        False,
                    )
                    return
                p = q
        if not self.nullable(p):
            yield (
                -1,
                "rng.incomplete",
                f"element {local_display(tag, self.ns)} is incomplete; missing "
                f"{expected_names(p, self.ns, end_allowed=False)}",
                True,
            )

    def derive(self, p: Pattern, symbol: str) -> Pattern:
        """The state after `p` consumes `symbol` (a Clark name or #text), memoised by id."""
        hit = self._next.get((id(p), symbol))
        if hit is not None and hit[0] is p:
            return hit[1]
        q = _derive(p, symbol)
        self._next[(id(p), symbol)] = (p, q)
        return q

    def nullable(self, p: Pattern) -> bool:
        """Whether the element may end in state `p`, memoised by id."""
        hit = self._ends.get(id(p))
        if hit is not None and hit[0] is p:
            return hit[1]
        result = _nullable(p)
        self._ends[id(p)] = (p, result)
        return result

    def state_after_text(self, element: etree._Element) -> Pattern | None:
        """The content pattern of `element` after its leading text; None unless exactly one
        element pattern of the grammar can match it (so libxml2 must use that one)."""
        p = self.content_of(element.tag)  # type: ignore[arg-type]
        if p is None or any(_matches(nc, element.tag) for nc in self._anonymous):  # type: ignore[arg-type]
            return None
        return _derive(p, TEXT_SYMBOL) if (element.text or "").strip() else p

    def attributes_entangled(self, qname: str) -> bool:
        """True when an attribute is a choice away from children in `qname`'s content.

        The derivatives here ignore attributes, which is exact only when no `choice` mixes
        attribute patterns with element or text patterns (as in TEI, whose attributes are
        all plain or optional); otherwise the children's state depends on the attributes.
        """
        patterns = self._by_name.get(qname, [])
        if len(patterns) != 1:
            return True
        element = patterns[0]
        children = [c for c in element if isinstance(c.tag, str)]
        if element.get("name") is None:
            children = children[1:]
        return any(self._entangled(c)[2] for c in children)

    def declared_attributes(self, qname: str) -> frozenset[str] | None:
        """Names (as written, and local) of the attributes `qname`'s one pattern declares;
        None when that is unknown (several patterns, or an attribute name class)."""
        patterns = self._by_name.get(qname, [])
        if len(patterns) != 1:
            return None
        found: set[str] = set()
        element = patterns[0]
        children = [c for c in element if isinstance(c.tag, str)]
        if element.get("name") is None:
            children = children[1:]
        for child in children:
            if not self._collect_attributes(child, found, set()):
                return None
        return frozenset(found)

    def free_attributes(self, qname: str) -> frozenset[str]:
        """Attributes (no namespace) an element `qname` matches the same with and without,
        whatever their value: each declared once, as `optional { attribute a { text } }`
        (or `data type="string"`, no params) reached from the element through groups,
        interleaves and refs only. Empty unless exactly one pattern can match `qname`, or
        when its pattern has an attribute name class.

        libxml2 copies its validation state for every optional attribute and keeps both
        when one is there, so a token with @pos, @lemma and @n costs it several times one
        without; chunking.py shows libxml2 the document without such attributes.
        """
        known = self._free.get(qname)
        if known is None:
            known = frozenset()
            patterns = self._by_name.get(qname, [])
            if len(patterns) == 1 and not any(_matches(nc, qname) for nc in self._anonymous):
                element = patterns[0]
                children = [c for c in element if isinstance(c.tag, str)]
                if element.get("name") is None:
                    children = children[1:]
                uses = self._uses_of(children, True)
                if uses is not None:
                    free, other = uses
                    known = frozenset(n for n, count in free.items() if count == 1) - other
            self._free[qname] = known
        return known

    def matched_by_none(self, qname: str) -> bool:
        """True when no element pattern of the grammar can match an element `qname`."""
        return qname not in self._by_name and not any(_matches(nc, qname) for nc in self._anonymous)

    def _uses_of(self, nodes: list[etree._Element], free: bool) -> _Uses | None:
        """The attributes below `nodes` (up to the next element): how many times each name
        is optional with any value where it stands (`free`), and every other name; None
        for an attribute name class (any attribute could be declared)."""
        counts: Counter[str] = Counter()
        other: set[str] = set()
        for node in nodes:
            uses = self._uses_of_one(node, free)
            if uses is None:
                return None
            counts.update(uses[0])
            other.update(uses[1])
        return counts, frozenset(other)

    def _uses_of_one(self, node: etree._Element, free: bool) -> _Uses | None:
        if not isinstance(node.tag, str) or not node.tag.startswith(_R):
            return _NO_USES
        tag = node.tag[len(_R) :]
        if tag in ("element", "text", "data", "value", "list", "empty", "notAllowed"):
            return _NO_USES
        if tag == "attribute":
            name = node.get("name")
            return None if name is None else (Counter(), frozenset([name]))
        parts = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
        if tag == "optional" and free and len(parts) == 1 and parts[0].tag == f"{_R}attribute":
            name = self._free_attribute_name(parts[0])
            if name is not None:
                return Counter([name]), frozenset()
        if tag != "ref":
            return self._uses_of(parts, free and tag in ("group", "interleave"))
        # A define's uses, worked out once per context: TEI's classes are shared by
        # hundreds of elements.
        key = (node.get("name", ""), free)
        if key not in self._define_uses:
            self._define_uses[key] = _NO_USES  # a ref back to itself adds nothing
            defines = self._defines.get(key[0], [])
            combine = next((d.get("combine") for d in defines if d.get("combine")), None)
            inner = free and (len(defines) == 1 or combine == "interleave")
            self._define_uses[key] = self._uses_of([c for d in defines for c in d], inner)
        return self._define_uses[key]

    def _free_attribute_name(self, attribute: etree._Element) -> str | None:
        """The name of an attribute pattern with a plain name and any value, else None."""
        name = attribute.get("name")
        if name is None or ":" in name or attribute.get("ns"):
            return None
        content = [c for c in attribute if isinstance(c.tag, str) and c.tag.startswith(_R)]
        if not content or content[0].tag == f"{_R}text" and len(content) == 1:
            return name
        data = content[0]
        if len(content) != 1 or data.tag != f"{_R}data" or data.get("type") != "string":
            return None
        if any(isinstance(c.tag, str) and c.tag.startswith(_R) for c in data):
            return None  # params or except
        library = next(
            (
                a.get("datatypeLibrary")
                for a in data.iterancestors()
                if a.get("datatypeLibrary") is not None
            ),
            "",
        )
        library = data.get("datatypeLibrary", library)
        return name if library in (_XSD_DATATYPES, "") else None

    def _collect_attributes(self, node: etree._Element, out: set[str], refs: set[str]) -> bool:
        if not isinstance(node.tag, str) or not node.tag.startswith(_R):
            return True
        tag = node.tag[len(_R) :]
        if tag == "element":
            return True
        if tag == "attribute":
            name = node.get("name")
            if name is None:
                first = next((c for c in node if isinstance(c.tag, str)), None)
                if first is None or first.tag != f"{_R}name":
                    return False  # anyName or nsName: any attribute may be declared
                name = (first.text or "").strip()
            out.update({name, name.rpartition(":")[2]})
            return True
        if tag == "ref":
            name = node.get("name", "")
            if name in refs:
                return True
            refs.add(name)
            return all(
                self._collect_attributes(c, out, refs)
                for d in self._defines.get(name, [])
                for c in d
            )
        return all(self._collect_attributes(c, out, refs) for c in node)

    def allowed_values(self, qname: str, attribute: str) -> str | None:
        """What the schema lets attribute `attribute` of element `qname` hold, in words
        ("a decimal number", 'one of "a", "b"'); None when that is unknown."""
        patterns = self._by_name.get(qname, [])
        if len(patterns) != 1:
            return None
        found = self._find_attribute(patterns[0], attribute, set(), top=True)
        if found is None:
            return None
        content = [
            c
            for c in found
            if isinstance(c.tag, str) and c.tag.startswith(_R) and c.tag != f"{_R}name"
        ]
        if not content:
            return "text"
        words = self._describe_values(content[0], set())
        return words or None

    def _find_attribute(
        self, node: etree._Element, attribute: str, refs: set[str], *, top: bool = False
    ) -> etree._Element | None:
        if not isinstance(node.tag, str) or not node.tag.startswith(_R):
            return None
        tag = node.tag[len(_R) :]
        if tag == "element" and not top:
            return None
        if tag == "attribute":
            name = node.get("name")
            if name is None:
                first = next((c for c in node if isinstance(c.tag, str)), None)
                name = (first.text or "").strip() if first is not None else ""
            return node if attribute in (name, name.rpartition(":")[2]) else None
        children: list[etree._Element] = list(node)
        if tag == "ref":
            name = node.get("name", "")
            if name in refs:
                return None
            refs.add(name)
            children = [c for d in self._defines.get(name, []) for c in d]
        for child in children:
            hit = self._find_attribute(child, attribute, refs)
            if hit is not None:
                return hit
        return None

    def _describe_values(self, node: etree._Element, refs: set[str]) -> str:
        """A value pattern in words: datatypes by name, short lists of values in full."""
        tag = node.tag[len(_R) :] if isinstance(node.tag, str) and node.tag.startswith(_R) else ""
        if tag == "value":
            return f'"{node.text or ""}"'
        if tag == "data":
            param = node.find(f"{_R}param[@name='pattern']")
            if param is not None:
                return _PATTERN_WORDS.get(param.text or "", f'text matching "{param.text}"')
            return _DATATYPE_WORDS.get(node.get("type", ""), f"a {node.get('type')}")
        if tag == "text":
            return "text"
        if tag == "list":
            inner = [self._describe_values(c, refs) for c in node if isinstance(c.tag, str)]
            return f"a space-separated list of {' '.join(filter(None, inner))}".strip()
        if tag == "ref":
            name = node.get("name", "")
            if name in refs:
                return ""
            refs.add(name)
            parts = [self._describe_values(c, refs) for d in self._defines.get(name, []) for c in d]
            return " or ".join(filter(None, parts))
        if tag in ("choice", "group", "oneOrMore", "zeroOrMore", "optional"):
            parts = [self._describe_values(c, refs) for c in node if isinstance(c.tag, str)]
            values = [p for p in parts if p.startswith('"')]
            others = [p for p in parts if p and not p.startswith('"')]
            if len(values) > _LISTED_VALUES:
                values = [*values[:_LISTED_VALUES], f"{len(values) - _LISTED_VALUES} more"]
            listed = [f"one of {', '.join(values)}"] if len(values) > 1 else values
            return " or ".join([*listed, *others])
        return ""

    def _entangled(self, node: etree._Element) -> tuple[bool, bool, bool]:
        """(has attributes, has children patterns, entangled) for one pattern node."""
        if not isinstance(node.tag, str) or not node.tag.startswith(_R):
            return (False, False, False)
        tag = node.tag[len(_R) :]
        if tag == "attribute":
            return (True, False, False)
        if tag in ("element", "text", "data", "value", "list"):
            return (False, True, False)
        if tag == "ref":
            name = node.get("name", "")
            if name not in self._defines_entangled:
                self._defines_entangled[name] = (False, False, False)  # cut cycles
                parts = [self._entangled(c) for d in self._defines.get(name, []) for c in d]
                self._defines_entangled[name] = (
                    any(p[0] for p in parts),
                    any(p[1] for p in parts),
                    any(p[2] for p in parts),
                )
            return self._defines_entangled[name]
        parts = [self._entangled(c) for c in node]
        attrs, content = any(p[0] for p in parts), any(p[1] for p in parts)
        mixed_choice = tag == "choice" and attrs and content
        return (attrs, content, mixed_choice or any(p[2] for p in parts))

    def _step(self, p: Pattern, symbol: str) -> Pattern:
        q = self.derive(p, symbol)
        return p if q == NOT_ALLOWED else q

    # --- reading the schema ------------------------------------------------------------

    def _name_class(self, element: etree._Element) -> tuple[object, ...]:
        name = element.get("name")
        if name is not None:
            return ("name", self._qname(element, name))
        first = next(c for c in element if isinstance(c.tag, str))
        return self._read_name_class(first)

    def _qname(self, node: etree._Element, name: str) -> str:
        if ":" in name:
            prefix, local = name.split(":", 1)
            ns = node.nsmap.get(prefix, "")
        else:
            local = name
            ns = next((a.get("ns") for a in node.iterancestors() if a.get("ns") is not None), "")
            if node.get("ns") is not None:
                ns = node.get("ns")
        return f"{{{ns}}}{local}" if ns else local

    def _read_name_class(self, node: etree._Element) -> tuple[object, ...]:
        tag = etree.QName(node).localname
        if tag == "name":
            return ("name", self._qname(node, (node.text or "").strip()))
        if tag == "choice":
            return (
                "choice",
                tuple(self._read_name_class(c) for c in node if isinstance(c.tag, str)),
            )
        excepts: tuple[tuple[object, ...], ...] = ()
        exc = node.find(f"{_R}except")
        if exc is not None:
            excepts = tuple(self._read_name_class(c) for c in exc if isinstance(c.tag, str))
        if tag == "nsName":
            ns = node.get("ns")
            if ns is None:
                ns = next(
                    (a.get("ns") for a in node.iterancestors() if a.get("ns") is not None), ""
                )
            return ("nsName", ns, excepts)
        return ("anyName", excepts)

    def _sequence(self, nodes: list[etree._Element], combine: str) -> Pattern:
        out = EMPTY if combine != "choice" else NOT_ALLOWED
        for node in nodes:
            p = self._pattern(node)
            if combine == "choice":
                out = _choice(out, p)
            elif combine == "interleave":
                out = _interleave(out, p)
            else:
                out = _group(out, p)
        return out

    def _pattern(self, node: etree._Element) -> Pattern:
        if not isinstance(node.tag, str) or not node.tag.startswith(_R):
            return EMPTY  # annotations in other namespaces
        tag = node.tag[len(_R) :]
        children = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
        if tag == "element":
            self.element_nodes[id(node)] = node
            return ("element", self._name_class(node), id(node))
        if tag in ("attribute", "empty"):
            return EMPTY  # attributes are libxml2's business
        if tag in ("text", "data", "value", "list"):
            return TEXT
        if tag == "notAllowed":
            return NOT_ALLOWED
        if tag in ("group", "div"):
            return self._sequence(children, "group")
        if tag == "choice":
            return self._sequence(children, "choice")
        if tag == "interleave":
            return self._sequence(children, "interleave")
        if tag == "mixed":
            return _interleave(TEXT, self._sequence(children, "group"))
        if tag == "optional":
            return _choice(self._sequence(children, "group"), EMPTY)
        if tag == "zeroOrMore":
            return _choice(_one_or_more(self._sequence(children, "group")), EMPTY)
        if tag == "oneOrMore":
            return _one_or_more(self._sequence(children, "group"))
        if tag == "ref":
            return self._ref(node.get("name", ""))
        raise UnsupportedSchema(f"<{tag}> is not read by the explainer")

    def _ref(self, name: str) -> Pattern:
        if name in self._refs:
            return self._refs[name]
        if name in self._in_progress:
            raise UnsupportedSchema(f"define {name!r} refers to itself outside an element")
        self._in_progress.add(name)
        defines = self._defines.get(name, [])
        combine = next((d.get("combine") for d in defines if d.get("combine")), "choice")
        parts = [self._sequence([c for c in d if isinstance(c.tag, str)], "group") for d in defines]
        out: Pattern = parts[0] if parts else NOT_ALLOWED
        for part in parts[1:]:
            out = _interleave(out, part) if combine == "interleave" else _choice(out, part)
        self._in_progress.discard(name)
        self._refs[name] = out
        return out
