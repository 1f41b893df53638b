"""The library entry point for conversion: text in, TEI bytes and diagnostics out."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from teikit.diagnostics import Diagnostic, has_errors
from teikit.transcription.conventions import Conventions, load_conventions


@dataclass(frozen=True)
class Converted:
    """The result of converting one transcription."""

    tree: etree._ElementTree
    xml: bytes
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when no error-level diagnostic was found."""
        return not has_errors(self.diagnostics)


def convert_text(
    text: str, *, conventions: Conventions | None = None, source: str | None = None
) -> Converted:
    """Convert a plain-text transcription into TEI P5.

    Example:
        result = convert_text(open("cable.txt").read(), source="cable.txt")
        Path("cable.xml").write_bytes(result.xml)
    """
    from teikit.transcription.pipeline import run_pipeline

    conv = conventions if conventions is not None else load_conventions()
    tree, diagnostics = run_pipeline(text, conventions=conv)
    xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
    return Converted(
        tree=tree,
        xml=xml,
        diagnostics=tuple(d.with_file(source) if d.file is None else d for d in diagnostics),
    )
