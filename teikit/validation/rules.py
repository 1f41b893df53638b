"""Schematron rules as the XSLT that checks them; the bundled rules ship compiled.

lxml runs ISO Schematron by compiling it into an XSLT stylesheet (the ISO skeleton's
include, expand and compile steps) whose output is an SVRL report. Importing
lxml.isoschematron loads those steps (~14 ms) and compiling teikit.sch takes ~7 ms more;
loading the stylesheet compiled beforehand takes ~3 ms. One file checked from the shell
spends most of its time starting up, so the bundled rules come compiled
(`teikit/schemas/teikit.sch.xsl`, stamped with the SHA-256 of the teikit.sch it was made
from); a stylesheet whose stamp does not match is not used, and the rules are compiled
as any user's would be.

Regenerate after editing teikit.sch:  python schemas/compile_rules.py

Example:
    check = compile_rules(etree.parse("rules.sch"))
    report = check(etree.parse("letter.xml"))  # an SVRL document
"""

from __future__ import annotations

import hashlib
import re

from lxml import etree

# svrl:fired-rule for every element and rule is left out of the report: only failed
# asserts and successful reports are read (engine._schematron_findings).
_COMPILE_PARAMS = {"generate-fired-rule": "false"}
_STAMP = re.compile(rb"\A<\?xml[^>]*\?>\s*<!-- compiled from teikit\.sch sha256 ([0-9a-f]{64})")
COMPILED_SUFFIX = ".xsl"


class RulesError(ValueError):
    """Schematron rules that do not compile; the message is lxml's."""


def compile_rules(schematron: etree._ElementTree) -> etree.XSLT:
    """The XSLT that checks `schematron`'s rules (ISO Schematron, XPath 1.0)."""
    return etree.XSLT(compiled_stylesheet(schematron))


def compiled_stylesheet(schematron: etree._ElementTree) -> etree._ElementTree:
    """The ISO skeleton's stylesheet for `schematron`, as a document."""
    from lxml import isoschematron

    try:
        validator = isoschematron.Schematron(
            schematron, store_xslt=True, compile_params=_COMPILE_PARAMS
        )
    except (etree.SchematronParseError, etree.XSLTParseError) as err:
        raise RulesError(str(err)) from None
    return validator.validator_xslt


def stamped_stylesheet(schematron_bytes: bytes) -> bytes:
    """The compiled stylesheet for the rules in `schematron_bytes`, stamped with their
    SHA-256 so `precompiled_rules` can tell it still matches them."""
    from teikit.io import safe_xml_parser

    tree = etree.fromstring(schematron_bytes, safe_xml_parser()).getroottree()
    digest = hashlib.sha256(schematron_bytes).hexdigest()
    body = etree.tostring(compiled_stylesheet(tree), encoding="utf-8")
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + f"<!-- compiled from teikit.sch sha256 {digest}: do not edit,".encode()
        + b" run python schemas/compile_rules.py -->\n"
        + body
        + b"\n"
    )


def precompiled_rules(schematron_bytes: bytes, stylesheet: bytes | None) -> etree.XSLT | None:
    """The shipped `stylesheet` as a checker when its stamp matches `schematron_bytes`."""
    if stylesheet is None:
        return None
    stamp = _STAMP.match(stylesheet)
    if stamp is None or stamp[1].decode() != hashlib.sha256(schematron_bytes).hexdigest():
        return None
    from teikit.io import safe_xml_parser

    try:
        # teikit's rules read nothing but the document: no files, no network
        return etree.XSLT(
            etree.fromstring(stylesheet, safe_xml_parser()),
            access_control=etree.XSLTAccessControl.DENY_ALL,
        )
    except (etree.XMLSyntaxError, etree.XSLTParseError):
        return None
