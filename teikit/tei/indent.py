"""Indent generated TEI: element-only content on its own lines, mixed content untouched."""

from __future__ import annotations

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
    ]
)
_BLOCK_CHILDREN = frozenset({"list", "p", "ab"})


def _is_container(element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or (element.text or "").strip():
        return False
    if any((child.tail or "").strip() for child in element):
        return False
    name = etree.QName(element).localname
    if name in _CONTAINERS:
        return len(element) > 0
    return (
        name == "note"
        and len(element) > 0
        and all(
            isinstance(c.tag, str) and etree.QName(c).localname in _BLOCK_CHILDREN for c in element
        )
    )


def indent_tei(root: etree._Element, *, step: str = "  ") -> None:
    """Put each child of an element-only container on its own line, `step` deeper.

    Example:
        indent_tei(tree.getroot())
    """
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if not _is_container(element):
            continue
        inner = "\n" + step * (depth + 1)
        element.text = inner
        for child in element:
            child.tail = inner
            stack.append((child, depth + 1))
        element[-1].tail = "\n" + step * depth
