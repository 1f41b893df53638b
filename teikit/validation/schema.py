"""Schemas: loading (bundled, file, URL), pruning to the names a document uses, caching.

lxml compiles the whole of TEI's tei_all in ~18 s. A RELAX NG verdict does not change when
every `element` pattern whose name the document never uses becomes one that matches
nothing the document has: such a pattern can never match an element of that document.
Pruned that way, tei_all compiles in ~30 ms, so each Schema keeps one compiled RelaxNG
per set of element names.

Example:
    schema = load_schema("tei_all.rng")
    relaxng = schema.relaxng_for({"{http://www.tei-c.org/ns/1.0}TEI", ...})
"""

from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.io import fetch_cached, read_bytes, read_package_schema
from teikit.validation.contentmodel import RNG_NS, ContentModels, UnsupportedSchema, split_tag
from teikit.validation.rules import COMPILED_SUFFIX, RulesError, compile_rules, precompiled_rules

TEI_NS = "http://www.tei-c.org/ns/1.0"
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
_R = f"{{{RNG_NS}}}"
BUNDLED_RNG = "teikit.rng"
BUNDLED_SCH = "teikit.sch"
# The namespace of the wrapper element that holds a chunk of a long run (chunking.py).
CHUNK_NS = "urn:teikit:chunk"

# Compiled RelaxNGs kept per schema; a batch usually needs one, a mixed folder a few.
_MAX_COMPILED = 32


class SchemaError(TeikitError):
    """A schema that cannot be found, read or compiled; the message names it."""


@dataclass
class Schema:
    """A RELAX NG grammar (and optional Schematron) ready to validate documents.

    Build it with `load_schema`; it compiles pruned copies of itself on demand.
    """

    name: str
    rng: etree._ElementTree
    schematron: etree._ElementTree | None = None
    _element_names: list[str | None] = field(default_factory=list, repr=False)
    _compiled: dict[frozenset[str], etree.RelaxNG] = field(default_factory=dict, repr=False)
    _models: ContentModels | None | bool = field(default=False, repr=False)
    _schematron: etree.XSLT | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Each element pattern's Clark name (None for name classes), in document order,
        # worked out once so pruning is a walk over a copy.
        models = ContentModels.__new__(ContentModels)
        self._element_names = []
        # Held, so lxml keeps one proxy per pattern and its id() names it (see chunk_tag).
        self._element_patterns = list(self.rng.getroot().iter(f"{_R}element"))
        self._pattern_index = {id(e): i for i, e in enumerate(self._element_patterns)}
        starts = [s for s in self.rng.getroot() if s.tag == f"{_R}start"]
        self._chunkable = len(starts) == 1 and not starts[0].get("combine")
        for element in self._element_patterns:
            name = element.get("name")
            self._element_names.append(
                None if name is None else ContentModels._qname(models, element, name)
            )

    @property
    def reports_duplicate_ids(self) -> bool:
        """True when the schema's own rules report a repeated xml:id (`id.duplicate`)."""
        if self.schematron is None:
            return False
        asserts = self.schematron.iter(f"{{{SCHEMATRON_NS}}}assert")
        return any(a.get("id") == "id.duplicate" for a in asserts)

    @property
    def target_namespace(self) -> str | None:
        """The grammar's default namespace (TEI's for TEI schemas)."""
        return self.rng.getroot().get("ns")

    def relaxng_for(self, names: frozenset[str]) -> etree.RelaxNG:
        """A RelaxNG for documents whose element names are all in `names` (cached).

        Pruning to any superset of a document's names gives the same verdict, so a batch
        compiles for the union of the names seen so far and reuses it while it covers the
        next document: a corpus of 572 files needs a handful of compiles, not 572.
        The grammar also accepts chunk wrappers (see `chunk_tag`), so the chunks of long
        runs (chunking.py) need no second compile.
        """
        key = names & self._known
        for cached_names, compiled in reversed(self._compiled.items()):
            if key <= cached_names:
                return compiled
        self._seen = getattr(self, "_seen", frozenset()) | key
        if len(self._compiled) >= _MAX_COMPILED:
            self._compiled.pop(next(iter(self._compiled)))
        compiled = self._compile(self._pruned(self._seen))
        self._compiled[self._seen] = compiled
        return compiled

    def local_names(self) -> frozenset[str]:
        """The local names of every element the grammar declares by name."""
        return frozenset(n.rpartition("}")[2] for n in self._element_names if n)

    def expect_local_names(self, local_names: frozenset[str]) -> None:
        """Compile once, up front, for every element of the grammar with one of these local
        names (any namespace), so a batch whose documents use only them compiles once.

        Example:
            schema.expect_local_names(frozenset({"TEI", "teiHeader", "p"}))
        """
        self.relaxng_for(frozenset(n for n in self._known if n.rpartition("}")[2] in local_names))

    @property
    def _known(self) -> frozenset[str]:
        known = getattr(self, "_known_cache", None)
        if known is None:
            known = frozenset(n for n in self._element_names if n is not None)
            self._known_cache = known
        return known

    def _pruned(self, names: frozenset[str]) -> etree._ElementTree:
        """A copy where element patterns for other names are stand-ins that match nothing
        a document has (see `_replace_with_never`), plus chunk starts."""
        pruned = copy.deepcopy(self.rng)
        elements = list(pruned.getroot().iter(f"{_R}element"))
        for element, name in zip(elements, self._element_names, strict=True):
            if name is not None and name not in names:
                _replace_with_never(element)
        self._add_chunk_starts(pruned, elements, names)
        _drop_unreachable(pruned.getroot())
        _drop_never(pruned.getroot())
        return pruned

    def chunk_tag(self, pattern: etree._Element) -> str | None:
        """The wrapper element whose children are each checked against element `pattern`
        alone (one or more of them), or None when the pattern cannot be used that way.

        The wrappers are extra roots in a private namespace, so no real document's verdict
        changes. A pattern that is a define's only content is referred to by that define;
        any other is copied into a define of its own with its `ns` and `datatypeLibrary`
        made explicit, which is refused when prefixes are declared between the grammar and
        the pattern (QName values would lose them).
        """
        index = self._pattern_index.get(id(pattern))
        if index is None or self._element_names[index] is None or not self._chunkable:
            return None
        root = self.rng.getroot()
        if [a for a in pattern.iterancestors(f"{_R}grammar")] != [root]:
            return None
        parent = pattern.getparent()
        if self._own_define(pattern) is None and not all(
            root.nsmap.get(p) == uri for p, uri in parent.nsmap.items()
        ):
            return None
        return f"{{{CHUNK_NS}}}e{index}"

    def _own_define(self, pattern: etree._Element) -> str | None:
        """The name of the define whose whole content is `pattern`, if there is one."""
        parent = pattern.getparent()
        if parent is None or parent.tag != f"{_R}define" or parent.get("combine"):
            return None
        if [c for c in parent if isinstance(c.tag, str) and c.tag.startswith(_R)] != [pattern]:
            return None
        name = parent.get("name")
        if self._define_counts.get(name, 0) != 1:
            return None
        return name

    @property
    def _define_counts(self) -> dict[str | None, int]:
        counts = getattr(self, "_define_counts_cache", None)
        if counts is None:
            counts = {}
            for define in self.rng.getroot().iter(f"{_R}define"):
                counts[define.get("name")] = counts.get(define.get("name"), 0) + 1
            self._define_counts_cache = counts
        return counts

    def _add_chunk_starts(
        self, pruned: etree._ElementTree, elements: list[etree._Element], names: frozenset[str]
    ) -> None:
        root = pruned.getroot()
        if not self._chunkable:
            return  # starts split over divs or combined: no chunks, chunking.py cuts nothing
        starts = [s for s in root if s.tag == f"{_R}start"]
        choice = etree.Element(f"{_R}choice")
        choice.extend([c for c in starts[0] if isinstance(c.tag, str)])
        starts[0].append(choice)
        for index, original in enumerate(self._element_patterns):
            if self._element_names[index] not in names:
                continue
            tag = self.chunk_tag(original)
            if tag is None:
                continue
            define = self._own_define(original)
            if define is None:
                define = f"teikit.chunk.{index}"
                pattern = copy.deepcopy(elements[index])
                for inherited in ("ns", "datatypeLibrary"):
                    if pattern.get(inherited) is None:
                        value = next(
                            (
                                a.get(inherited)
                                for a in original.iterancestors()
                                if a.get(inherited) is not None
                            ),
                            None,
                        )
                        if value is not None:
                            pattern.set(inherited, value)
                pattern.tail = None
                etree.SubElement(root, f"{_R}define", name=define).append(pattern)
            wrapper = etree.SubElement(
                choice, f"{_R}element", name=tag.rpartition("}")[2], ns=CHUNK_NS
            )
            etree.SubElement(etree.SubElement(wrapper, f"{_R}oneOrMore"), f"{_R}ref", name=define)

    def _compile(self, tree: etree._ElementTree) -> etree.RelaxNG:
        try:
            return etree.RelaxNG(tree)
        except etree.RelaxNGParseError as err:
            first = next(iter(err.error_log), None)
            where = f":{first.line}" if first is not None and first.line else ""
            reason = first.message if first is not None else str(err)
            raise SchemaError(f"{self.name}{where}: schema does not compile: {reason}") from None

    def content_models(self) -> ContentModels | None:
        """The explainer for this grammar, or None when it uses constructs it cannot read."""
        if self._models is False:
            try:
                self._models = ContentModels(self.rng.getroot())
            except UnsupportedSchema:
                self._models = None
        return self._models  # type: ignore[return-value]

    def schematron_rules(self) -> etree.XSLT | None:
        """The stylesheet that checks the Schematron rules (compiled once; see rules.py),
        whose output is an SVRL report; None without rules."""
        if self.schematron is None:
            return None
        if self._schematron is None:
            try:
                self._schematron = compile_rules(self.schematron)
            except RulesError as err:
                raise SchemaError(f"{self.name}: Schematron rules do not compile: {err}") from None
        return self._schematron


# The stand-in for a pruned element pattern: an element no real document has (it is in
# teikit's private namespace, like the chunk wrappers), so it never matches, like
# notAllowed; but libxml2 still compiles the content models holding it into
# automata, where one notAllowed keeps the model and every element inside it from being
# compiled. tei_all pruned with notAllowed checked frus-history.xml (11,800 elements) in
# 0.82 s; with the stand-in, after `_drop_never`, in 0.054 s (0.038 s whole), and
# compiles in 0.03 s.
# A name no real schema is likely to declare, since libxml2's messages may show it
# ("Expecting element teikit.pruned, got div"; engine._tidy_libxml2 rewrites those).
NEVER_NAME = "teikit.pruned"


def _replace_with_never(node: etree._Element) -> etree._Element:
    never = etree.Element(f"{_R}element", name=NEVER_NAME, ns=CHUNK_NS)
    etree.SubElement(never, f"{_R}empty")
    never.tail = node.tail
    node.getparent().replace(node, never)  # type: ignore[union-attr]
    return never


def _is_never(node: etree._Element) -> bool:
    return (
        node.tag == f"{_R}element" and node.get("name") == NEVER_NAME and node.get("ns") == CHUNK_NS
    )


def _drop_unreachable(root: etree._Element) -> None:
    """Remove the defines no pattern reachable from `start` refers to any more.

    Pruning leaves most of a large grammar unreachable (the corpus's 99 names keep 617
    of tei_all's 1,113 defines and a quarter of its patterns); a verdict depends only on
    what `start` reaches, so they go before `_drop_never` looks at them and libxml2
    compiles them (the corpus's pruned tei_all: 45 ms to prune and 16 ms to compile
    before, 23 ms and 15 ms after). Left as it is when the grammar nests grammars or
    includes others, where a define's scope is not the root's.
    """
    nested = (f"{_R}grammar", f"{_R}include", f"{_R}externalRef", f"{_R}parentRef")
    if any(root.iterdescendants(*nested)):
        return
    defines: dict[str | None, list[etree._Element]] = {}
    for child in root:
        if child.tag == f"{_R}define":
            defines.setdefault(child.get("name"), []).append(child)
        elif child.tag != f"{_R}start" and isinstance(child.tag, str) and child.tag.startswith(_R):
            return  # a div or anything else that may hold defines: keep them all
    reached: set[str | None] = set()
    pending = [r.get("name") for s in root if s.tag == f"{_R}start" for r in s.iter(f"{_R}ref")]
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        reached.add(name)
        for define in defines.get(name, ()):
            pending.extend(r.get("name") for r in define.iter(f"{_R}ref"))
    for name, found in defines.items():
        if name not in reached:
            for define in found:
                _remove_pattern(define)


def _drop_never(root: etree._Element) -> None:
    """Take the stand-ins for pruned elements out of every choice that has other branches.

    A choice of stand-ins only becomes one stand-in, and so does an interleave holding
    one and a ref to a define whose whole content is one. What is left is a stand-in
    where notAllowed would have been (in a group, say), which still never matches.
    Without this step a content model would name the same stand-in in several branches,
    which libxml2 cannot compile into a deterministic automaton.

    Only the neighbours of a stand-in can change, so the walk starts from the stand-ins
    and goes up (and to the refs of a define that became one), never over the whole
    grammar: 3 ms instead of 12 for the bundled schema pruned to a cable's names.
    """
    defines: dict[str | None, list[etree._Element]] = {}
    for define in root.iter(f"{_R}define"):
        defines.setdefault(define.get("name"), []).append(define)
    refs: dict[str | None, list[etree._Element]] | None = None
    pending: list[etree._Element] = []

    def became_never(node: etree._Element) -> None:
        nonlocal refs
        parent = node.getparent()
        if parent is None:
            return
        if parent.tag in (f"{_R}choice", f"{_R}interleave"):
            pending.append(parent)
        elif parent.tag == f"{_R}define" and _is_never_define(defines[parent.get("name")]):
            if refs is None:
                refs = {}
                for ref in root.iter(f"{_R}ref"):
                    refs.setdefault(ref.get("name"), []).append(ref)
            pending.extend(refs.get(parent.get("name"), []))

    for stand_in in [e for e in root.iter(f"{_R}element") if _is_never(e)]:
        became_never(stand_in)
    while pending:
        node = pending.pop()
        stand_in = _collapse_never(node, defines) if node.getparent() is not None else None
        if stand_in is not None:
            became_never(stand_in)


def _collapse_never(
    node: etree._Element, defines: dict[str | None, list[etree._Element]]
) -> etree._Element | None:
    """Drop a choice's stand-in branches; the stand-in `node` became, if it did."""
    if node.tag == f"{_R}ref":
        if not _is_never_define(defines.get(node.get("name"), [])):
            return None
        return _replace_with_never(node)
    parts = _patterns(node)
    never = [c for c in parts if _is_never(c)]
    if never and (len(never) == len(parts) or node.tag == f"{_R}interleave"):
        # an interleave needs every branch, so one that never matches sinks it; libxml2
        # also rejects two stand-ins in one interleave ("conflicts in interleave")
        return _replace_with_never(node)
    for branch in never:
        _remove_pattern(branch)
    return None


def _is_never_define(found: list[etree._Element]) -> bool:
    if len(found) != 1 or found[0].get("combine"):
        return False
    parts = _patterns(found[0])
    return len(parts) == 1 and _is_never(parts[0])


def _patterns(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]


def _remove_pattern(node: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    previous = node.getprevious()
    if node.tail:  # whitespace only in a grammar, kept for its line layout
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


# A start tag's name, prefix and all; in comments or CDATA too, which only makes the set
# bigger. The prefix is cut off each distinct name: a regex that skipped it took 1.4x as
# long over the corpus (60 ms against 42).
_START_TAG = re.compile(rb"<([A-Za-z_][\w.\-:]*)")


def local_element_names(data: bytes) -> frozenset[str]:
    """The local names of the start tags in XML bytes (ASCII names; a superset, never parsed).

    Enough for `Schema.expect_local_names`: a name it misses costs a compile later, and
    an extra name only a slightly bigger grammar.

    Example:
        local_element_names(b'<TEI xmlns="..."><tei:p/></TEI>') == {"TEI", "p"}
    """
    # each distinct name decoded once: a novel has 100,000 start tags and 40 names
    locals_ = {name.rpartition(b":")[2] for name in set(_START_TAG.findall(data))}
    return frozenset(local.decode("ascii") for local in locals_ if local)


_LOADED: dict[str, Schema] = {}
# When and why a schema URL could not be fetched: not asked for again for _RETRY_AFTER
# seconds, so a batch of files declaring it asks the network once, not once per file.
_FAILED: dict[str, tuple[float, str]] = {}
_RETRY_AFTER = 30.0
_URL = re.compile(r"^https?://", re.IGNORECASE)


def _parse_schema(data: bytes, name: str) -> etree._ElementTree:
    from teikit.io import safe_xml_parser

    try:
        return etree.fromstring(data, safe_xml_parser()).getroottree()
    except etree.XMLSyntaxError as err:
        line, col = err.position
        raise SchemaError(
            f"{name}:{line}:{col}: schema is not well-formed XML: {err.msg}"
        ) from None


def _tree_kind(tree: etree._ElementTree) -> str:
    ns = split_tag(tree.getroot().tag)[0]
    if ns == RNG_NS:
        return "rng"
    if ns == SCHEMATRON_NS:
        return "sch"
    return "?"


def load_schema(spec: str | Path, *, offline: bool = False, base: str | None = None) -> Schema:
    """A schema from a file or an http(s) URL (fetched once into the user cache).

    RELAX NG in XML syntax (.rng) or ISO Schematron (.sch); compact syntax (.rnc) is
    refused with a message. `base` resolves a relative `spec` (an xml-model href).

    Example:
        schema = load_schema("../shared/schemas/tei_all.rng")
    """
    spec = str(spec)
    if base is not None and not _URL.match(spec) and not Path(spec).is_absolute():
        spec = (
            base.rsplit("/", 1)[0] + "/" + spec
            if _URL.match(base)
            else str(Path(base).parent / spec)
        )
    key = f"{spec}|{offline}"
    if key in _LOADED:
        return _LOADED[key]
    failed_at, reason = _FAILED.get(key, (0.0, ""))
    if time.monotonic() - failed_at < _RETRY_AFTER:  # a batch does not ask again per file
        raise SchemaError(reason)
    try:
        schema = _load_schema(spec, offline=offline)
    except TeikitError as err:
        if _URL.match(spec) and not offline:  # only the network is slow to ask again
            _FAILED[key] = (time.monotonic(), str(err))
        raise
    _LOADED[key] = schema
    return schema


def _load_schema(spec: str, *, offline: bool) -> Schema:
    if spec.lower().endswith(".rnc"):
        raise SchemaError(
            f"{spec}: RELAX NG compact syntax (.rnc) is not supported yet; "
            "give the XML syntax (.rng), e.g. converted with trang"
        )
    path = fetch_cached(spec, offline=offline) if _URL.match(spec) else Path(spec)
    try:
        data = read_bytes(str(path))
    except TeikitError as err:
        raise SchemaError(f"schema {err}") from None
    tree = _parse_schema(data, spec)
    kind = _tree_kind(tree)
    if kind == "rng":
        schema = Schema(spec, tree)
    elif kind == "sch":
        schema = Schema(spec, _ANY_DOCUMENT_RNG, schematron=tree)
    else:
        raise SchemaError(f"{spec}: neither RELAX NG (XML syntax) nor ISO Schematron")
    return schema


def bundled_schema() -> Schema:
    """teikit's own TEI customisation, shipped in the package (teikit/schemas/)."""
    if "<bundled>" in _LOADED:
        return _LOADED["<bundled>"]
    rng = read_package_schema(BUNDLED_RNG)
    if rng is None:
        raise SchemaError(
            "the bundled teikit schema (teikit/schemas/teikit.rng) is not installed; "
            "give one with --schema FILE, e.g. --schema tei_all.rng"
        )
    sch = read_package_schema(BUNDLED_SCH)
    schema = Schema(
        "teikit.rng",
        _parse_schema(rng, "teikit.rng"),
        schematron=None if sch is None else _parse_schema(sch, "teikit.sch"),
    )
    if sch is not None:
        compiled = read_package_schema(BUNDLED_SCH + COMPILED_SUFFIX)
        schema._schematron = precompiled_rules(sch, compiled)
    _LOADED["<bundled>"] = schema
    return schema


# Schematron given alone: any well-formed document passes the RELAX NG part.
_ANY_DOCUMENT_RNG = etree.fromstring(
    f"""<grammar xmlns="{RNG_NS}"><start><ref name="any"/></start>
  <define name="any"><element><anyName/><zeroOrMore><choice>
    <attribute><anyName/></attribute><text/><ref name="any"/>
  </choice></zeroOrMore></element></define></grammar>""".encode()
).getroottree()
