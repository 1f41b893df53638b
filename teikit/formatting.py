"""Pretty-print TEI: indent element-only content, never touch text.

Only whitespace between elements whose content model allows no text (`teiHeader`,
`listPerson`, `body`, `div`…) is rewritten, and only when every ancestor up to the root
is such an element too: everything inside mixed content (`p`, `s`, `hi`, `persName`…),
under `xml:space="preserve"`, or in elements teikit does not know is written back as it
was parsed. What lies outside the root element (XML declaration, DOCTYPE with its
internal subset, comments and processing instructions such as `<?xml-model?>`, the final
newline) is copied from the input character for character, and the output keeps the
input's encoding, byte-order mark and line endings.

lxml does the work in C: the Python loop visits only element-only containers and their
children, never the words of a token-annotated novel.

Example:
    from teikit import pretty
    tidy = pretty(Path("letter.xml").read_bytes())
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from teikit.diagnostics import Diagnostic, error, has_errors
from teikit.errors import InputError
from teikit.io import safe_xml_parser, xml_error_reason

TEI_NS = "http://www.tei-c.org/ns/1.0"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# TEI P5 elements whose content model allows no character data (no <text/>, <data/> or
# <value/> and no foreign-element wildcard outside a child element), derived from
# tei_all.rng 4.3.0; tests/test_pretty.py derives it again and fails if they differ.
# Every other element, and any element that holds non-whitespace text, counts as mixed.
_ELEMENT_ONLY_NAMES = """
    TEI abstract addSpan additional address adminInfo alt altGrp altIdentifier alternate
    analytic anchor annotation annotationBlock anyElement app appInfo application arc
    argument attDef attList attRef availability back biblFull biblStruct bicond binary
    binding bindingDesc body broadcast cRefPattern caesura calendar calendarDesc castGroup
    castList catRef category cb certainty char charDecl charProp choice cit citeData
    citeStructure classDecl classRef classSpec classes climate cond constraintSpec content
    conversion correction correspAction correspContext correspDesc custodialHist
    damageSpan dataFacet dataRef dataSpec datatype decoDesc default delSpan dimensions div
    div1 div2 div3 div4 div5 div6 div7 divGen docTitle eLeaf eTree editionStmt
    editorialDecl elementRef elementSpec ellipsis empty encodingDesc entry epigraph
    epilogue equipment equiv event exemplum fDecl fLib facsimile figure fileDesc
    floatingText forest front fs fsConstraints fsDecl fsdDecl fsdLink fvLib gap gb glyph
    graph graphic group handDesc handNotes handShift history hom hyphenation iNode if iff
    imprint incident index interpGrp interpretation join joinGrp keywords kinesic
    lacunaEnd lacunaStart langKnowledge langUsage layoutDesc lb leaf lg link linkGrp list
    listAnnotation listApp listBibl listChange listEvent listForest listNym listObject
    listOrg listPerson listPlace listPrefixDef listRef listRelation listTranspose listWit
    localProp location locusGrp macroRef macroSpec media metDecl milestone model modelGrp
    modelSequence moduleRef moduleSpec monogr move msContents msDesc msFrag msIdentifier
    msItem msItemStruct msPart namespace node normalization notatedMusic noteGrp notesStmt
    numeric nym object objectDesc objectIdentifier org param paramList paramSpec
    particDesc path pause pb performance person personGrp persona physDesc place
    population postscript precision prefixDef profileDesc projectDesc prologue ptr
    publicationStmt punctuation quotation rdgGrp recordHist recording recordingStmt redo
    refState refsDecl relatedItem relation remarks respStmt respons revisionDesc root row
    ruby samplingDecl schemaRef schemaSpec scriptDesc scriptStmt seal sealDesc
    segmentation sequence seriesStmt set setting settingDesc shift sourceDesc sourceDoc
    sp spGrp space spanGrp specDesc specGrp specGrpRef specList standOff state stdVals
    styleDefDecl subst substJoin superEntry supportDesc surface surfaceGrp symbol table
    tagsDecl taxonomy teiCorpus teiHeader terrain text textClass textDesc textNode then
    timeline titlePage titleStmt trait transcriptionDesc transpose tree triangle typeDesc
    undo unicodeProp unihanProp unitDecl unitDef vAlt vColl vDefault vLabel vMerge vNot
    vRange valItem valList variantEncoding vocal when witEnd witStart
    """
ELEMENT_ONLY = frozenset(_ELEMENT_ONLY_NAMES.split())
_ELEMENT_ONLY_TAGS = frozenset(f"{{{TEI_NS}}}{name}" for name in ELEMENT_ONLY)

# XML's whitespace; str.isspace() would also call NBSP whitespace, and NBSP is text.
_XML_WS = " \t\r\n"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
# BOM-less UTF-16 still starts with "<?" (XML 1.0, appendix F).
_UTF16_WITHOUT_BOM = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A start tag as lxml writes it: double-quoted values, '"' and '<' escaped inside them.
_START_TAG = r"<(?P<name>[^\s/>]+)(?P<attrs>(?:\s+[^\s=]+=\"[^\"]*\")+)(?P<end>/?>)"
_ATTRIBUTE = re.compile(r"[^\s=]+=\"[^\"]*\"")
_LXML_TAG = re.compile(r"<[^\s/>]+(?:\s+[^\s=]+=\"[^\"]*\")*(?P<end>/?>)")
# A start tag as an author may write it: either quotes, spaces around "=".
_SOURCE_TAG = re.compile(
    r"<(?P<name>[^\s/>]+)(?P<attrs>(?:\s+[^\s=]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<end>/?>)"
)
_SOURCE_ATTRIBUTE = re.compile(r"(?P<name>[^\s=]+)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*')")
_TAB_COLUMNS = 4
_CHAR_REFERENCE = re.compile(r"&#(?:[0-9]+|x[0-9a-fA-F]+);")
# What `_character_references` puts in place of a reference: a character from plane 15,
# or in comments and CDATA the text of a reference to one.
_PLACEHOLDER = re.compile("[\U000f0000-\U000ffffd]|&#xF[0-9A-F]{4};")


@dataclass(frozen=True)
class PrettyOptions:
    """How `pretty` lays out element-only content.

    `indent` spaces per level (or one tab per level with `tabs`); a start tag with two or
    more attributes that would run past column `width` gets one attribute per line
    (`width=0`: never wrap).

    Example:
        pretty(data, options=PrettyOptions(indent=4, width=0))
    """

    indent: int = 2
    tabs: bool = False
    width: int = 100

    @property
    def step(self) -> str:
        """The whitespace of one indentation level."""
        return "\t" if self.tabs else " " * self.indent


@dataclass(frozen=True)
class Prettied:
    """The result of formatting one document.

    `xml` is the formatted document in the input's encoding (the input itself when it
    could not be parsed), `changed` says whether it differs from the input, and
    `diagnostics` holds an `xml.syntax` or `input.unreadable` error when it could not.
    """

    xml: bytes
    changed: bool
    encoding: str
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the document could be formatted."""
        return not has_errors(self.diagnostics)


DEFAULT_OPTIONS = PrettyOptions()


def pretty(
    data: bytes, *, options: PrettyOptions = DEFAULT_OPTIONS, source: str | None = None
) -> bytes:
    """Format TEI bytes: indent element-only content and leave all text as it is.

    Raises InputError (with line:col) when the XML is not well-formed.

    Example:
        tidy = pretty(Path("letter.xml").read_bytes(), options=PrettyOptions(indent=4))
    """
    result = format_tei(data, options=options, source=source)
    if not result.ok:
        first = result.diagnostics[0]
        raise InputError(f"{first.location()}: {first.message}")
    return result.xml


def format_tei(
    data: bytes, *, options: PrettyOptions = DEFAULT_OPTIONS, source: str | None = None
) -> Prettied:
    """Format one document and say whether it changed; problems come back as diagnostics.

    Example:
        result = format_tei(data, source="letter.xml")
        if result.ok and result.changed: ...
    """
    bom, encoding = b"", "utf-8"
    try:
        bom, encoding = _sniff_encoding(data)
        document = data[len(bom) :].decode(encoding)
    except (LookupError, UnicodeDecodeError) as err:
        syntax = _syntax_error(data, source)
        unreadable = error("input.unreadable", f"cannot decode as {encoding}: {err}", file=source)
        return Prettied(
            xml=data, changed=False, encoding=encoding, diagnostics=(syntax or unreadable,)
        )
    references = _character_references(document, data[len(bom) :], encoding)
    # One pass, not one str.replace per reference: 20,000 distinct ones took seconds.
    marked = (
        _CHAR_REFERENCE.sub(lambda m: references[m[0]][1], document) if references else document
    )
    try:
        parsed = bom + marked.encode(encoding) if references else data
        root = etree.fromstring(parsed, safe_xml_parser(keep_cdata=True))
        if references and root.getroottree().docinfo.internalDTD is not None:
            # A reference in an entity value counts where it is used (`&#60;` as `<`):
            # the marked copy may parse where the input does not, so check the input too.
            etree.fromstring(data, safe_xml_parser(keep_cdata=True))
    except etree.XMLSyntaxError:
        # Positions in the message are those of the input, not of the marked copy.
        syntax = _syntax_error(data, source)
        if syntax is not None:
            return Prettied(xml=data, changed=False, encoding=encoding, diagnostics=(syntax,))
        references = {}  # the marked copy failed where the input does not: format it as is
        root = etree.fromstring(data, safe_xml_parser(keep_cdata=True))
    text = format_document(document, root, options=options, references=references)
    formatted = bom + text.encode(encoding, errors="xmlcharrefreplace")
    return Prettied(xml=formatted, changed=formatted != data, encoding=encoding)


def _syntax_error(data: bytes, source: str | None) -> Diagnostic | None:
    """The `xml.syntax` error of `data` with its line and column, or None if it parses."""
    try:
        etree.fromstring(data, safe_xml_parser(keep_cdata=True))
    except etree.XMLSyntaxError as err:
        line, col = err.position
        reason = xml_error_reason(err)
        return error(
            "xml.syntax", f"not well-formed XML: {reason}", file=source, line=line, col=col
        )
    return None


def _character_references(document: str, raw: bytes, encoding: str) -> dict[str, tuple[str, str]]:
    """Each numeric character reference as written → (placeholder char, placeholder reference).

    lxml keeps no trace of how a character was written, so before parsing each `&#160;`
    becomes a reference to an unused private-use character, and that character (or, in
    comments and CDATA, that reference's text) is turned back into `&#160;` afterwards.
    Empty when there is nothing to keep or it cannot be done safely: an invalid reference
    (the parser must see it and refuse it) or a codec that does not round-trip.
    """
    spellings = set(_CHAR_REFERENCE.findall(document))
    if not spellings or any(not _is_xml_char(_code_point(s)) for s in spellings):
        return {}
    if document.encode(encoding) != raw:
        return {}
    used = set(document)
    free = (
        c
        for c in map(chr, range(0xF0000, 0xFFFFE))
        # A placeholder's reference text in the document would itself be in `spellings`.
        if c not in used and f"&#x{ord(c):X};" not in spellings
    )
    references = {}
    for spelling in sorted(spellings):
        char = next(free, None)
        if char is None:
            return {}
        references[spelling] = (char, f"&#x{ord(char):X};")
    return references


def _code_point(reference: str) -> int:
    digits = reference[2:-1]
    return int(digits[1:], 16) if digits.startswith("x") else int(digits)


def _is_xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def format_document(
    document: str,
    root: etree._Element,
    *,
    options: PrettyOptions,
    references: dict[str, tuple[str, str]] | None = None,
) -> str:
    """Format the decoded `document` whose parsed root element is `root` (which is changed).

    Everything before and after the root element is copied from `document` as it is;
    `references` (from `_character_references`) are written back as they were.
    """
    start = _root_start(document)
    end = _root_end(document, root)
    sentinel = _unused_char(document) if options.width > 0 else ""
    _indent_element_only(root, step=options.step, mark=sentinel)
    body = etree.tostring(root, encoding="unicode", with_tail=False)
    if references:
        written = {char: spelling for spelling, (char, _) in references.items()}
        written |= {placeholder: spelling for spelling, (_, placeholder) in references.items()}
        body = _PLACEHOLDER.sub(lambda m: written.get(m[0], m[0]), body)
    if sentinel:
        body = _wrap_attributes(body, sentinel=sentinel, options=options)
    newline = _newline_of(document)
    if newline != "\n":
        # The parser turned every line break into \n; a literal CR in text is written &#13;.
        body = body.replace("\n", newline)
    body = _root_tag_as_written(body, document, start, options=options, newline=newline)
    return document[:start] + body + document[end:]


def _root_tag_as_written(
    body: str, document: str, start: int, *, options: PrettyOptions, newline: str
) -> str:
    """Put back the root's start tag with the author's order of attributes and namespace
    declarations (lxml writes declarations first) and quotes; only its spacing is redone."""
    source = _SOURCE_TAG.match(document, start)
    written = _LXML_TAG.match(body)
    if source is None or written is None or source["end"] != written["end"]:
        return body
    attributes = [f"{m['name']}={m['value']}" for m in _SOURCE_ATTRIBUTE.finditer(source["attrs"])]
    tag = f"<{source['name']}{''.join(' ' + a for a in attributes)}{source['end']}"
    if options.width and len(attributes) >= 2 and len(tag) > options.width:
        lines = "".join(f"{newline}{options.step}{attribute}" for attribute in attributes)
        tag = f"<{source['name']}{lines}{source['end']}"
    return tag + body[written.end() :]


def _indent_element_only(root: etree._Element, *, step: str, mark: str) -> None:
    """Re-indent, in place, every element-only element whose ancestors are all element-only.

    `mark` is put right before each re-indented element's start tag, for `_wrap_attributes`.
    """
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if not _is_element_only(element):
            continue
        inner = "\n" + step * (depth + 1)
        children = list(element)
        before = [element.text, *(child.tail for child in children[:-1])]
        spaces = []
        for i, child in enumerate(children):
            if isinstance(child.tag, str):
                spaces.append(inner + mark)
                stack.append((child, depth + 1))
            elif i and child.tag is etree.Comment and "\n" not in (before[i] or ""):
                spaces.append(" ")  # a comment written after an element stays on its line
            else:
                spaces.append(inner)
        element.text = spaces[0]
        for child, space in zip(children, spaces[1:], strict=False):
            child.tail = space
        children[-1].tail = "\n" + step * depth


def _is_element_only(element: etree._Element) -> bool:
    if element.tag not in _ELEMENT_ONLY_TAGS or len(element) == 0:
        return False
    if element.get(_XML_SPACE) == "preserve" or (element.text or "").strip(_XML_WS):
        return False
    # An entity reference may stand for text, so its parent is left alone.
    return not any(
        child.tag is etree.Entity or (child.tail or "").strip(_XML_WS) for child in element
    )


def _wrap_attributes(body: str, *, sentinel: str, options: PrettyOptions) -> str:
    """One attribute per line for marked start tags with 2+ attributes running past the width."""
    step = options.step
    # The pattern starts with the sentinel, so the regex engine skips ahead to each mark.
    pattern = re.compile(re.escape(sentinel) + _START_TAG)

    def wrap(match: re.Match[str]) -> str:
        tag = match.group(0)[len(sentinel) :]
        attributes = _ATTRIBUTE.findall(match["attrs"])
        if len(attributes) < 2:
            return tag
        indent = body[body.rfind("\n", 0, match.start()) + 1 : match.start()]
        if len(indent.expandtabs(_TAB_COLUMNS)) + len(tag) <= options.width:
            return tag
        lines = "".join(f"\n{indent}{step}{attribute}" for attribute in attributes)
        return f"<{match['name']}{lines}{match['end']}"

    return pattern.sub(wrap, body).replace(sentinel, "")


def _sniff_encoding(data: bytes) -> tuple[bytes, str]:
    """The BOM (or b"") and the codec: BOM first, then the XML declaration, then UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return bom, codec
    for prefix, codec in _UTF16_WITHOUT_BOM:
        if data.startswith(prefix):
            return b"", codec
    declared = _DECLARED_ENCODING.match(data)
    if declared:
        return b"", codecs.lookup(declared.group(1).decode("ascii")).name
    return b"", "utf-8"


def _newline_of(document: str) -> str:
    found = _LINE_BREAK.search(document)
    return found.group(0) if found else "\n"


def _unused_char(document: str) -> str:
    """A private-use character the document does not contain, to mark positions."""
    return next(c for c in map(chr, range(0xE000, 0xF900)) if c not in document)


def _root_start(document: str) -> int:
    """Offset of the root element's `<`: after the declaration, comments, PIs and DOCTYPE."""
    pos = 0
    while True:
        while pos < len(document) and document[pos] in _XML_WS:
            pos += 1
        if document.startswith("<?", pos):
            pos = document.index("?>", pos) + 2
        elif document.startswith("<!--", pos):
            pos = document.index("-->", pos + 4) + 3
        elif document.startswith("<!DOCTYPE", pos):
            pos = _doctype_end(document, pos)
        else:
            return pos


def _doctype_end(document: str, pos: int) -> int:
    """Offset just after the DOCTYPE that starts at `pos`, internal subset included."""
    depth = 0
    pos += len("<!DOCTYPE")
    while True:
        char = document[pos]
        if char in "\"'":
            pos = document.index(char, pos + 1) + 1
        elif document.startswith("<!--", pos):
            pos = document.index("-->", pos + 4) + 3
        elif document.startswith("<?", pos):
            pos = document.index("?>", pos + 2) + 2
        else:
            depth += char == "["
            depth -= char == "]"
            pos += 1
            if char == ">" and depth == 0:
                return pos


def _root_end(document: str, root: etree._Element) -> int:
    """Offset just after the root's end tag, found by walking back over what follows it."""
    end = _before_whitespace(document, len(document))
    for node in reversed(list(root.itersiblings())):
        if node.tag is etree.Comment:
            end = document.rindex("<!--", 0, end)
        else:
            end = document.rindex(f"<?{node.target}", 0, end)
        end = _before_whitespace(document, end)
    return end


def _before_whitespace(document: str, end: int) -> int:
    while end and document[end - 1] in _XML_WS:
        end -= 1
    return end
