"""Indent generated TEI: element-only content on its own lines, mixed content untouched."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

# TEI elements whose content is made of elements only (whitespace between them is layout),
# plus the opener/closer/postscript the converter fills with whole lines.
_CONTAINERS = frozenset(
    [
        "TEI",
        "teiHeader",
        "fileDesc",
        "titleStmt",
        "publicationStmt",
        "notesStmt",
        "availability",
        "sourceDesc",
        "msDesc",
        "msIdentifier",
        "altIdentifier",
        "msContents",
        "msItem",
        "physDesc",
        "handDesc",
        "encodingDesc",
        "appInfo",
        "application",
        "profileDesc",
        "abstract",
        "creation",
        "langUsage",
        "textClass",
        "keywords",
        "correspDesc",
        "correspAction",
        "particDesc",
        "listPerson",
        "person",
        "listOrg",
        "org",
        "settingDesc",
        "listPlace",
        "place",
        "handNotes",
        "respStmt",
        "text",
        "body",
        "div",
        "floatingText",
        "opener",
        "closer",
        "postscript",
        "list",
        "sp",
    ]
)
_BLOCK_CHILDREN = frozenset({"list", "p", "ab"})


def _container_children(
    element: etree._Element,
    containers: set[etree._Element],
    notes: set[etree._Element],
    blocks: set[etree._Element],
) -> list[etree._Element] | None:
    """The children of an element-only container, or None when `element` is not one (a note
    or an item is one only when it holds nothing but paragraphs and lists)."""
    is_note = element in notes
    if not is_note and element not in containers:
        return None
    text = element.text
    if text and text.strip():
        return None
    children = list(element)
    if not children:
        return None
    for child in children:
        tail = child.tail
        if tail and tail.strip():
            return None
    if is_note and not all(c in blocks for c in children):
        return None
    return children


def _named(root: etree._Element, names: Iterable[str]) -> set[etree._Element]:
    """The elements of the tree with one of these local names, in any namespace.

    lxml matches the names in C: reading each element's .tag and its local name in
    Python cost more than the indenting itself.
    """
    return set(root.iter(*(f"{{*}}{name}" for name in names)))


def indent_tei(root: etree._Element, *, step: str = "  ") -> None:
    """Put each child of an element-only container on its own line, `step` deeper.

    Example:
        indent_tei(tree.getroot())
    """
    containers = _named(root, _CONTAINERS)
    notes = _named(root, ["note", "item"])  # indented when they hold only paragraphs
    blocks = _named(root, _BLOCK_CHILDREN)
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        children = _container_children(element, containers, notes, blocks)
        if children is None:
            continue
        inner = "\n" + step * (depth + 1)
        element.text = inner
        for child in children:
            child.tail = inner
            stack.append((child, depth + 1))
        children[-1].tail = "\n" + step * depth
