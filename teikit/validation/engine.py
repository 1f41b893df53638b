"""Validate one XML document: well-formedness, safety, RELAX NG, Schematron → Diagnostics.

Example:
    for d in iter_diagnostics("letter.xml", schema="tei_all.rng"):
        print(d.location(), d.message)
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from teikit.diagnostics import Diagnostic, error, warning
from teikit.errors import TeikitError
from teikit.io import ParsedXml, display_name, parse_xml_for_checking, read_bytes
from teikit.validation.chunking import (
    CHUNK,
    RngError,
    child_errors,
    element_at,
    element_at_place,
    free_attributes_to_drop,
    relaxng_errors,
    relaxng_errors_stripped,
)
from teikit.validation.contentmodel import ElementWalk, ParentWalk, local_display, split_tag
from teikit.validation.schema import (
    NEVER_NAME,
    SCHEMATRON_NS,
    TEI_NS,
    Schema,
    SchemaError,
    bundled_schema,
    load_schema,
    local_element_names,
)

RNG_TYPE_NS = "http://relaxng.org/ns/structure/1.0"
_PSEUDO_ATTR = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')

# libxml2 messages about an element's *children*; the content-model explainer says the
# same thing better (which child, what was allowed), and they cascade up to the root.
_CONTENT_MESSAGES = re.compile(
    r"failed to validate content|has extra content|Expecting an element|Expecting element"
    r"|Did not expect element|Did not expect text|Invalid sequence in interleave|Extra element"
)
_BIG_CHILD_COUNT = 400


def iter_diagnostics(
    source: str | Path | bytes | etree._ElementTree,
    *,
    schema: str | Path | Schema | None = None,
    offline: bool = False,
    name: str | None = None,
) -> Iterator[Diagnostic]:
    """Yield the findings of one document lazily, in document order per check.

    `source` is a path ("-" for standard input), the document's bytes or a parsed tree
    (findings then have a line only where the tree's elements know theirs); `schema` a path,
    an http(s) URL or a loaded Schema; without it the document's `<?xml-model?>`
    declarations are used, else the bundled teikit schema. A schema that cannot be had
    raises SchemaError (a TeikitError): that is "could not run", not a finding.

    Example:
        errors = [d for d in iter_diagnostics(b"<TEI/>") if d.severity == "error"]
    """
    if isinstance(source, etree._ElementTree):
        # A tree built in memory (convert's output): no bytes to parse again, so findings
        # have no line numbers; the tree is changed while it is checked and put back.
        parsed, file = ParsedXml(source, None), name
    elif isinstance(source, bytes):
        data, file = source, name
        parsed = parse_xml_for_checking(data)
    else:
        data, file = read_bytes(str(source)), name or display_name(str(source))
        parsed = parse_xml_for_checking(data)
    if parsed.tree is None:
        assert parsed.syntax is not None
        line, col, reason = parsed.syntax
        yield _syntax_finding(line, col, reason, file)
        return
    tree = parsed.tree
    yield from _unsafe_constructs(tree, parsed, file)
    chosen = _choose_schemas(tree, schema, offline=offline, file=file)
    repeated = _repeated_ids(tree.getroot(), parsed.data)
    if not any(each.reports_duplicate_ids for each in chosen):
        yield from _duplicate_ids(repeated, parsed, file)
    document = _Document(parsed, file, repeated)
    del parsed, tree  # the RELAX NG check may put a new parse in their place
    for each in chosen:
        yield from _check_with(each, document)


_Repeated = list[tuple[etree._Element, str, etree._Element]]


@dataclass
class _Document:
    """A well-formed document being checked. The RELAX NG check of a large one replaces
    `parsed` with a new parse of the same bytes (`_rng_findings`); nothing else holds the
    old tree, so the new one reuses its memory."""

    parsed: ParsedXml
    file: str | None
    repeated: _Repeated

    @property
    def tree(self) -> etree._ElementTree:
        assert self.parsed.tree is not None
        return self.parsed.tree

    def parse_again(self) -> None:
        """Let the tree go, then parse the same bytes again: the parser reuses its memory."""
        data = self.parsed.data
        del self.parsed
        self.parsed = parse_xml_for_checking(data)


def _duplicate_ids(
    repeated: _Repeated, parsed: ParsedXml, file: str | None
) -> Iterator[Diagnostic]:
    """Every xml:id used a second time (the parser does not stop at one: see io)."""
    for element, value, first in repeated:
        line = element.sourceline or 1
        text = parsed.text_lines[line - 1] if line <= len(parsed.text_lines) else ""
        yield error(
            "xml.duplicate-id",
            f'xml:id "{value}" is used a second time (first on line {first.sourceline}); '
            "each xml:id must be unique",
            file=file,
            line=line,
            col=text.find("xml:id") + 1 or None,
            xpath=_xpath(element),
        )


def _repeated_ids(root: etree._Element, data: bytes = b"") -> _Repeated:
    """(element, value, the element that used the value first) for each repeated xml:id.

    An XPath over the attributes, in C: most documents have none repeated, and walking
    every element in Python cost as much as parsing them. When the bytes show every
    value once (`_ids_all_differ`) not even that: 2.6 ms instead of 42 on a novel.
    """
    if _ids_all_differ(root, data):
        return []
    first: dict[str, etree._Element] = {}
    repeated = []
    for value in root.xpath("//@xml:id"):
        element = value.getparent()
        if value in first:
            repeated.append((element, str(value), first[value]))
        else:
            first[str(value)] = element
    return repeated


# Every xml:id in UTF-8 bytes, and maybe more (in comments, in a name ending in xml:id).
_XML_ID_VALUES = re.compile(rb"""xml:id\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _ids_all_differ(root: etree._Element, data: bytes) -> bool:
    """True when a scan of the document's bytes finds no xml:id value twice.

    The scan finds every xml:id attribute (and maybe text that looks like one), so no
    value found twice means none repeated, as long as each value is as the parser reads
    it: UTF-8, no internal DTD (no defaults), no reference or whitespace to normalise.
    """
    docinfo = root.getroottree().docinfo
    if not data or (docinfo.encoding or "").upper() != "UTF-8" or docinfo.internalDTD is not None:
        return False
    values = [a + b for a, b in _XML_ID_VALUES.findall(data)]
    joined = b"\0".join(values)
    return len(set(values)) == len(values) and not any(c in joined for c in b"&\t\n\r")


def validate(
    source: str | Path | bytes | etree._ElementTree,
    *,
    schema: str | Path | Schema | None = None,
    offline: bool = False,
    name: str | None = None,
) -> list[Diagnostic]:
    """All findings of one document (see `iter_diagnostics`); [] means valid.

    Example:
        from teikit import validate
        problems = validate("letter.xml", schema="tei_all.rng")
    """
    return list(iter_diagnostics(source, schema=schema, offline=offline, name=name))


_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@contextlib.contextmanager
def _ids_made_unique(root: etree._Element, repeated: _Repeated) -> Iterator[None]:
    """Give each repeated xml:id a fresh value for the time of the block, then put it back."""
    renamed = [(element, value) for element, value, _ in repeated]
    if not renamed:
        yield
        return
    taken = {str(value) for value in root.xpath("//@xml:id")}
    try:
        for number, (element, value) in enumerate(renamed):
            fresh = f"{value}-{number}"
            while fresh in taken:
                fresh += "-"
            taken.add(fresh)
            element.set(_XML_ID, fresh)
        yield
    finally:
        for element, value in renamed:
            element.set(_XML_ID, value)


def _syntax_finding(line: int, col: int, reason: str, file: str | None) -> Diagnostic:
    """A parse failure as one finding; libxml2 also stops at a repeated xml:id."""
    duplicate = re.match(r"ID (\S+) already defined", reason)
    if duplicate:
        return error(
            "xml.duplicate-id",
            f'xml:id "{duplicate[1]}" is used a second time; each xml:id must be unique '
            "(the parser stops here, so the rest of the document is not checked)",
            file=file,
            line=line,
            col=col,
        )
    if _is_encoding_problem(reason):
        hint = ""
        if "Invalid bytes" in reason:
            hint = "; save the file in the declared encoding or correct its encoding declaration"
        return error(
            "xml.encoding", f"not well-formed XML: {reason}{hint}", file=file, line=line, col=col
        )
    return error("xml.syntax", f"not well-formed XML: {reason}", file=file, line=line, col=col)


def _is_encoding_problem(reason: str) -> bool:
    return bool(re.search(r"encoding|UTF-8|UTF-16|Document is empty|Char 0x", reason, re.I))


def _unsafe_constructs(
    tree: etree._ElementTree, parsed: ParsedXml, file: str | None
) -> Iterator[Diagnostic]:
    """DTDs and entities are never read or expanded; say so rather than pass silently."""
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        where = next(
            (n for n, text in enumerate(parsed.text_lines, 1) if "<!DOCTYPE" in text), None
        )
        yield warning(
            "xml.doctype",
            "document type declaration ignored: teikit never loads DTDs or their entities",
            file=file,
            line=where or 1,
            col=parsed.text_lines[where - 1].find("<!DOCTYPE") + 1 if where else None,
        )
    for entity in tree.getroot().iter(etree.Entity):
        line, col = _entity_position(entity, parsed)
        yield error(
            "xml.entity",
            f"entity reference {entity.text} not expanded: entities are never followed",
            file=file,
            line=line,
            col=col,
            xpath=_xpath(entity.getparent()),
        )


def _entity_position(entity: etree._Entity, parsed: ParsedXml) -> tuple[int, int]:
    """Line and column of an entity reference; lxml keeps only the line, so the column is
    that of the first reference with this name on it."""
    line = entity.sourceline or 1
    text = parsed.text_lines[line - 1] if line <= len(parsed.text_lines) else ""
    return line, text.find(entity.text) + 1 or 1


# --- which schema ----------------------------------------------------------------------


def xml_models(tree: etree._ElementTree) -> list[dict[str, str]]:
    """The `<?xml-model?>` declarations before the root, as attribute dictionaries."""
    found = []
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            found.append(_pseudo_attributes(node.text or ""))
        node = node.getprevious()
    return list(reversed(found))


def _choose_schemas(
    tree: etree._ElementTree, schema: str | Path | Schema | None, *, offline: bool, file: str | None
) -> list[Schema]:
    if isinstance(schema, Schema):
        return [schema]
    if schema is not None:
        return [load_schema(schema, offline=offline)]
    hrefs = [href for href in map(_schema_href, xml_models(tree)) if href]
    return _declared(hrefs, offline=offline, file=file) or [bundled_schema()]


def _schema_href(model: dict[str, str]) -> str | None:
    """The href of an xml-model declaration that names RELAX NG or Schematron."""
    href = model.get("href")
    kind = model.get("schematypens", "")
    if not href:
        return None
    is_rng = kind == RNG_TYPE_NS or (not kind and href.endswith((".rng", ".rnc")))
    is_sch = kind in (SCHEMATRON_NS, "http://www.ascc.net/xml/schematron") or (
        not kind and href.endswith(".sch")
    )
    return href if is_rng or is_sch else None


def _declared(hrefs: list[str], *, offline: bool, file: str | None) -> list[Schema]:
    base = file if file and not file.startswith("<") else None
    declared = []
    for href in hrefs:
        if base is None and not re.match(r"^https?://", href):
            raise SchemaError(
                f"{file or '<input>'}: relative xml-model href {href!r} needs a file path"
            )
        declared.append(load_schema(href, offline=offline, base=base))
    return declared


_PROLOG_MODEL = re.compile(rb"<\?xml-model\s(.*?)\?>", re.S)
_FIRST_START_TAG = re.compile(rb"<[A-Za-z_]")


def prepare_batch(
    documents: Iterable[tuple[str, bytes]],
    *,
    schema: str | Path | None = None,
    offline: bool = False,
) -> None:
    """Load and compile, once, every schema a batch of documents will be checked with.

    Each schema is compiled for the union of the element names its documents use (see
    `Schema.relaxng_for`), so checking them compiles nothing more; the `<?xml-model?>`
    declarations are read from each prolog without parsing the document. A process pool
    started afterwards inherits the compiled schemas. Problems are left for the check
    of the document itself to report.

    Example:
        prepare_batch((p, Path(p).read_bytes()) for p in paths)
    """
    names_of: dict[int, tuple[Schema, set[str]]] = {}
    for file, data in documents:
        try:
            if schema is not None:
                chosen = [load_schema(schema, offline=offline)]
            else:
                prolog = data[: (m.start() if (m := _FIRST_START_TAG.search(data)) else 0)]
                hrefs = [
                    href
                    for text in _PROLOG_MODEL.findall(prolog)
                    if (href := _schema_href(_pseudo_attributes(text.decode("utf-8", "replace"))))
                ]
                chosen = _declared(hrefs, offline=offline, file=file) or [bundled_schema()]
        except TeikitError:
            continue
        for each in chosen:
            names_of.setdefault(id(each), (each, set()))[1].update(local_element_names(data))
    for each, names in names_of.values():
        try:
            each.expect_local_names(frozenset(names))
            each.schematron_rules()
        except TeikitError:
            continue


def _pseudo_attributes(text: str) -> dict[str, str]:
    return {m[1]: m[2] if m[2] is not None else m[3] for m in _PSEUDO_ATTR.finditer(text)}


# --- checking --------------------------------------------------------------------------


def _check_with(schema: Schema, document: _Document) -> Iterator[Diagnostic]:
    root = document.tree.getroot()
    if schema.target_namespace == TEI_NS and not _is_tei_root(root):
        yield error(
            "tei.not-tei",
            f"well-formed XML but not TEI: the root is {_describe(root.tag)}, "
            f'not "TEI" or "teiCorpus" in the namespace {TEI_NS}',
            file=document.file,
            line=root.sourceline,
            col=_tag_end_col(document.parsed, root),
            xpath=_xpath(root),
        )
        return
    del root  # _rng_findings may let the tree go
    yield from _rng_findings(schema, document)
    rules = schema.schematron_rules()
    if rules is not None:
        yield from _schematron_findings(rules, document.tree, document.parsed, document.file)


def _rng_findings(schema: Schema, document: _Document) -> list[Diagnostic]:
    """The RELAX NG findings of `document`, which may be given a new parse meanwhile."""
    walk = ElementWalk.of(document.tree.getroot())
    names = frozenset(walk.counts)
    data, repeated = document.parsed.data, document.repeated
    # The bytes say what the tree holds unless an xml:id is renamed below.
    free = None if repeated else free_attributes_to_drop(schema, names, data, walk.counts)
    if free is None:
        # libxml2 would blame a repeated xml:id on the parent's content ("extra content"):
        # that is reported as xml.duplicate-id (or by the schema's rules) instead.
        with _ids_made_unique(document.tree.getroot(), repeated):
            errors = relaxng_errors(schema, names, document.tree, walk=walk)
            return _relaxng_findings_of(schema, names, errors, document, walk)
    # libxml2 checks the tree with the free attributes stripped in place, and the rest
    # comes from a new parse made once the old tree is let go: a tokenised novel's tree
    # is ~90 MB, and a second parse kept beside it for libxml2 doubled the peak.
    parents, parent_names = walk.longer_than(CHUNK), walk.parent_names()
    del walk  # its lxml proxies slow libxml2's check down (relaxng_errors_stripped)
    placed = relaxng_errors_stripped(schema, names, document.tree, free, parents=parents)
    del parents  # proxies of the old tree: they would keep it in memory
    document.parse_again()
    tree = document.tree
    errors = [RngError(element_at_place(tree, e.place), e.line, e.message) for e in placed]
    return _relaxng_findings_of(
        schema, names, errors, document, ParentWalk(tree.getroot(), parent_names)
    )


def _relaxng_findings_of(
    schema: Schema,
    names: frozenset[str],
    errors: list[RngError],
    document: _Document,
    walk: ElementWalk | ParentWalk,
) -> list[Diagnostic]:
    if not errors:
        return []
    return list(
        _relaxng_findings(
            schema, names, errors, document.tree, document.parsed, document.file, walk
        )
    )


def _is_tei_root(root: etree._Element) -> bool:
    return root.tag in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus")


def _describe(tag: str) -> str:
    ns, local = split_tag(tag)
    return f'"{local}" in the namespace {ns}' if ns else f'"{local}" in no namespace'


def _relaxng_findings(
    schema: Schema,
    names: frozenset[str],
    errors: list[RngError],
    tree: etree._ElementTree,
    parsed: ParsedXml,
    file: str | None,
    walk: ElementWalk | ParentWalk | None = None,
) -> Iterator[Diagnostic]:
    found: list[Diagnostic] = []
    explained_elements: list[etree._Element] = []
    models = schema.content_models()
    if models is not None:
        # Every element, not only those near libxml2's errors: libxml2 stops checking a
        # document's later parts after an error, and the explainer finds what it missed.
        for problem in models.problems(tree.getroot(), names, walk=walk):
            explained_elements.append(problem.element)
            if problem.leading_text:
                line, col = _leading_text_end(problem.element)
            elif problem.code == "rng.text-not-allowed":
                line, col = _text_end(problem.element)
            elif problem.at_end:
                line, col = _end_line(problem.element), None
            else:
                line = problem.element.sourceline
                col = _tag_end_col(parsed, problem.element)
            found.append(
                error(
                    problem.code,
                    problem.message,
                    file=file,
                    line=line,
                    col=col,
                    xpath=_xpath(problem.element),
                )
            )
    for entry in errors:
        element = entry.element
        message = _tidy_libxml2(entry.message, schema, element)
        if _CONTENT_MESSAGES.search(entry.message) and (
            explained_elements
            or _has_error_below(element, errors)
            or _has_own_error(element, errors)
        ):
            continue  # the explainer's finding (or a descendant's) says it more precisely
        if _CONTENT_MESSAGES.search(entry.message) and element is not None:
            # The children are in a valid order, so one of them is invalid itself.
            precise = child_errors(schema, names, element)
            if precise:
                for inner in precise:
                    found.append(
                        error(
                            "rng.invalid",
                            _tidy_libxml2(inner.message, schema, inner.element),
                            file=file,
                            line=inner.line,
                            col=_tag_end_col(parsed, inner.element)
                            if inner.element is not None
                            else None,
                            xpath=_xpath(inner.element),
                        )
                    )
                continue
        found.append(
            error(
                "rng.invalid",
                message,
                file=file,
                line=entry.line,
                col=_tag_end_col(parsed, element) if element is not None else None,
                xpath=_xpath(element) if element is not None else None,
            )
        )
    # libxml2 also blames the attributes of an element whose children the explainer faulted.
    specific = {d.xpath for d in found if d.message != _VAGUE_ATTRS} | {
        _xpath(e.getparent()) for e in explained_elements
    }
    found = [d for d in found if not (d.message == _VAGUE_ATTRS and d.xpath in specific)]
    seen = set()
    for d in sorted(found, key=lambda d: (d.line or 0, d.col or 0)):
        if (d.line, d.message) not in seen:
            seen.add((d.line, d.message))
            yield d


def _has_own_error(element: etree._Element | None, errors: list[RngError]) -> bool:
    """Whether libxml2 also said something other than "bad content" about `element`."""
    return element is not None and any(
        e.element is element and not _CONTENT_MESSAGES.search(e.message) for e in errors
    )


def _has_error_below(element: etree._Element | None, errors: list[RngError]) -> bool:
    if element is None:
        return False
    for entry in errors:
        other = entry.element
        if other is not None and other is not element and element in other.iterancestors():
            return True
    return False


_VAGUE_ATTRS = "an attribute is missing, not allowed here or has a bad value"


def _tidy_libxml2(message: str, schema: Schema, element: etree._Element | None = None) -> str:
    message = message.rstrip(".").strip()
    m = re.match(r"Invalid attribute (\S+) for element (\S+)", message)
    if m:
        # libxml2 says this of an undeclared attribute and of a bad value alike.
        models = schema.content_models()
        declared = (
            models.declared_attributes(element.tag)  # type: ignore[arg-type]
            if models is not None and element is not None and isinstance(element.tag, str)
            else None
        )
        if declared is None:
            return f'attribute "{m[1]}" is not allowed on element "{m[2]}" or has a bad value'
        if m[1] in declared:
            return _bad_value_message(m[1], m[2], models, element)  # type: ignore[arg-type]
        return f'attribute "{m[1]}" is not allowed on element "{m[2]}"'
    m = re.match(r"Element (\S+) failed to validate attributes", message)
    if m:
        return _VAGUE_ATTRS
    m = re.match(rf"Expecting (?:an )?element {re.escape(NEVER_NAME)}, got (\S+)", message)
    if m:  # the stand-in for a pruned element (schema._replace_with_never)
        return (
            "content is incomplete here"
            if m[1] == "nothing"
            else f'element "{m[1]}" is not allowed here'
        )
    m = re.match(r"Type (\S+) doesn't allow value '(.*)'$", message)
    if m:
        return f'value "{m[2]}" is not a valid {m[1]} (XML Schema datatype)'
    return message[:1].lower() + message[1:]


def _bad_value_message(
    attribute: str, element_name: str, models: Any, element: etree._Element
) -> str:
    """'the value "several" of attribute "quantity" on element "gap" is not valid: it
    must be a decimal number' (the datatype or values the schema allows, when known)."""
    value = next(
        (
            v
            for k, v in element.attrib.items()
            if k.rpartition("}")[2] == attribute.rpartition(":")[2]
        ),
        None,
    )
    shown = f' "{value}"' if value is not None and len(value) <= 60 else ""
    message = (
        f'the value{shown} of attribute "{attribute}" on element "{element_name}" is not valid'
    )
    allowed = models.allowed_values(element.tag, attribute)
    return f"{message}: it must be {allowed}" if allowed and allowed != "text" else message


def _xpath(element: etree._Element | None) -> str | None:
    """`/TEI/teiHeader[1]/fileDesc[1]` with local names, as xmlschema writes paths."""
    if element is None or not isinstance(element.tag, str):
        return None
    steps = []
    node: etree._Element | None = element
    while node is not None:
        local = split_tag(node.tag)[1]
        parent = node.getparent()
        if parent is None:
            steps.append(local)
        else:
            same = [c for c in parent if c.tag == node.tag]
            steps.append(f"{local}[{same.index(node) + 1}]")
        node = parent
    return "/" + "/".join(reversed(steps))


def _tag_end_col(parsed: ParsedXml, element: etree._Element) -> int | None:
    """Column just after the `>` of an element's start tag, as jing reports positions."""
    line_no = element.sourceline
    if not line_no or line_no > len(parsed.text_lines):
        return None
    line = parsed.text_lines[line_no - 1]
    local = split_tag(element.tag)[1]
    prefix = element.prefix
    qname = f"{prefix}:{local}" if prefix else local
    start = 0
    match = re.search(rf"<{re.escape(qname)}(?=[\s/>])", line)
    if match:
        start = match.end()
    end = line.find(">", start)
    return end + 2 if end >= 0 else None


def _text_end(element: etree._Element) -> tuple[int | None, int | None]:
    """Just after the last non-blank character of the text following `element`, where
    jing reports text that is not allowed (col None when it shares the end tag's line)."""
    start = _end_line(element)
    tail = (element.tail or "").rstrip()
    if start is None:
        return None, None
    newlines = tail.count("\n")
    col = len(tail) - tail.rfind("\n") if newlines else None
    return start + newlines, col


def _leading_text_end(element: etree._Element) -> tuple[int | None, int | None]:
    """Just after the last non-blank character of the text at the start of `element`'s
    content (col None when it shares the start tag's line)."""
    text = (element.text or "").rstrip()
    if element.sourceline is None:
        return None, None
    newlines = text.count("\n")
    col = len(text) - text.rfind("\n") if newlines else None
    return element.sourceline + newlines, col


def _end_line(element: etree._Element) -> int | None:
    """The line of an element's end tag, counted from its last descendant's line."""
    last = element
    for node in element.iter():
        last = node
    line = last.sourceline or element.sourceline or 0
    line += (last.text or "").count("\n") if last is not element or len(element) == 0 else 0
    node = last
    while node is not None and node is not element:
        line += (node.tail or "").count("\n")
        node = node.getparent()
    return line or None


# --- Schematron ------------------------------------------------------------------------

_SVRL = "http://purl.oclc.org/dsdl/svrl"


def _schematron_findings(
    rules: etree.XSLT, tree: etree._ElementTree, parsed: ParsedXml, file: str | None
) -> Iterator[Diagnostic]:
    report = rules(tree)
    for node in report.iter(f"{{{_SVRL}}}failed-assert", f"{{{_SVRL}}}successful-report"):
        text = " ".join("".join(node.itertext()).split())
        code = node.get("id") or node.get("role") or "sch.assert"
        element = element_at(tree, node.get("location"))
        severity = (node.get("role") or "").lower()
        make = warning if severity in ("warning", "warn", "info") else error
        yield make(
            code if code.startswith("sch.") else f"sch.{code}",
            text.rstrip("."),
            file=file,
            line=element.sourceline if element is not None else None,
            col=None,
            xpath=_xpath(element) if element is not None else node.get("location"),
        )


__all__ = ["iter_diagnostics", "local_display", "validate", "xml_models"]
