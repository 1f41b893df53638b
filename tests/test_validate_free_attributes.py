"""Attributes that change no element's match are stripped before libxml2 sees a large
document (chunking.free_attributes_to_drop): the findings must stay the same."""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest
from jing import TEI_ALL
from lxml import etree

from teikit import validate
from teikit.validation import chunking, engine, load_schema
from teikit.validation.contentmodel import ElementWalk

NS = "urn:example:tokens"

# w: pos and lemma (through a define) and n are free; type is a choice away from empty,
# cert has a pattern: neither is free. s declares pos with a datatype; pc has a wildcard.
TOKENS_RNG = f"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="{NS}"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="text"><oneOrMore><ref name="s"/></oneOrMore></element></start>
  <define name="s"><element name="s">
    <optional><attribute name="n"><data type="string"/></attribute></optional>
    <optional><attribute name="pos"><data type="NCName"/></attribute></optional>
    <oneOrMore><choice><ref name="w"/><ref name="pc"/></choice></oneOrMore>
  </element></define>
  <define name="w"><element name="w">
    <ref name="att.linguistic"/>
    <optional><attribute name="n"/></optional>
    <choice><attribute name="type"><text/></attribute><empty/></choice>
    <optional><attribute name="cert"><data type="string">
      <param name="pattern">[a-z]+</param></data></attribute></optional>
    <text/>
  </element></define>
  <define name="att.linguistic">
    <optional><attribute name="pos"><data type="string"/></attribute></optional>
    <optional><attribute name="lemma"><text/></attribute></optional>
  </define>
  <define name="pc"><element name="pc">
    <zeroOrMore><attribute><anyName/></attribute></zeroOrMore><text/>
  </element></define>
</grammar>""".encode()


@pytest.fixture(scope="module")
def tokens_schema(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("rng") / "tokens.rng"
    path.write_bytes(TOKENS_RNG)
    return load_schema(path)


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def test_free_attributes_are_optional_plain_and_declared_once(tokens_schema):
    models = tokens_schema.content_models()
    assert models.free_attributes(q("w")) == {"pos", "lemma", "n"}
    assert models.free_attributes(q("s")) == {"n"}
    assert models.free_attributes(q("pc")) == frozenset()  # an attribute name class
    assert models.free_attributes(q("nothing")) == frozenset()
    assert models.matched_by_none(q("nothing")) and not models.matched_by_none(q("w"))


TOKENS = [
    '<w pos="NOUN" lemma="cat" n="1">cats</w>',
    '<w pos="VERB" lemma="sit">sat</w>',
    '<pc n="SENT">.</pc>',
    '<w pos="X" type="foreign">et</w>',
]
BREAKS = [
    ('<w pos="NOUN"', '<w pos="NOUN" pos2="x"'),  # undeclared
    ('<w pos="VERB"', '<w cert="A1" pos="VERB"'),  # bad value, next to free ones
    ("<s>", '<s pos="not a name" n="2">'),  # pos where it is not free: kept
    ("<s>", '<s pos="ok" n="3">'),
    ('<w pos="X"', '<w n="x" pos="X" type="a" extra=""'),
    ("</w>", "<b/></w>"),  # an element not in the grammar
    ('<w pos="VERB" lemma="sit">', '<w pos="VERB" lemma="sit"><pc pos="P">,</pc>'),
]


def tokens_doc(rnd: random.Random, sentences: int) -> bytes:
    body = []
    for _ in range(sentences):
        words = [rnd.choice(TOKENS) for _ in range(rnd.randint(1, 8))]
        body.append("<s>" + "\n".join(words) + "</s>")
    text = f'<text xmlns="{NS}">\n' + "\n".join(body) + "\n</text>"
    for old, new in rnd.sample(BREAKS, rnd.randint(0, 3)):
        spots = [i for i in range(len(text)) if text.startswith(old, i)]
        for spot in sorted(rnd.sample(spots, min(len(spots), rnd.randint(1, 3))), reverse=True):
            text = text[:spot] + new + text[spot + len(old) :]
    return text.encode()


def findings(data: bytes, schema, monkeypatch, *, drop: bool) -> list:
    monkeypatch.setattr(chunking, "FREE_ATTRIBUTES_MIN_BYTES", 0 if drop else 10**12)
    monkeypatch.setattr(chunking, "FREE_ATTRIBUTE_BYTES", 10**9)
    return validate(data, schema=schema)


def test_findings_are_the_same_with_free_attributes_dropped(monkeypatch, tokens_schema):
    # Every free attribute is dropped, whatever it saves: exactness must not depend on
    # which ones _worth_dropping picks.
    monkeypatch.setattr(
        chunking, "_worth_dropping", lambda free, *_: frozenset().union(*free.values())
    )
    rnd = random.Random(7)
    invalid = 0
    for _ in range(150):
        data = tokens_doc(rnd, rnd.randint(1, 40))
        dropped = findings(data, tokens_schema, monkeypatch, drop=True)
        assert dropped == findings(data, tokens_schema, monkeypatch, drop=False), data
        invalid += bool(dropped)
    assert invalid > 50


def test_libxml2_sees_no_free_attribute_and_every_other_one(monkeypatch, tokens_schema):
    monkeypatch.setattr(chunking, "FREE_ATTRIBUTES_MIN_BYTES", 0)
    monkeypatch.setattr(chunking, "FREE_ATTRIBUTE_BYTES", 10**9)
    data = (
        f'<text xmlns="{NS}"><s pos="p" n="1"><w pos="A" lemma="a" n="1" cert="x">a</w>'
        + '<w pos="B">b</w>' * 20  # enough tokens for the drop to pay
        + '<pc n="2">.</pc></s></text>'
    ).encode()
    tree = etree.fromstring(data).getroottree()
    counts = ElementWalk.of(tree.getroot()).counts
    names = frozenset(counts)
    free = chunking.free_attributes_to_drop(tokens_schema, names, data, counts)
    chunking._strip_free_attributes(tree, free)
    s, w, pc = tree.getroot()[0], tree.getroot()[0][0], tree.getroot()[0][-1]
    assert dict(s.attrib) == {"pos": "p", "n": "1"}  # s keeps pos, so all in their order
    assert dict(w.attrib) == {"cert": "x"}
    assert dict(pc.attrib) == {"n": "2"}  # a wildcard: n is not free on pc
    bad = data.replace(b'cert="x"', b'cert="X"')
    tree = etree.fromstring(bad).getroottree()
    parents = ElementWalk.of(tree.getroot()).longer_than(chunking.CHUNK)
    placed = chunking.relaxng_errors_stripped(tokens_schema, names, tree, free, parents=parents)
    again = etree.fromstring(bad).getroottree()
    assert placed and chunking.element_at_place(again, placed[0].place) is again.getroot()[0][0]


def marked(node: etree._Element | etree._ElementTree) -> bool:
    tree = node.getroottree() if isinstance(node, etree._Element) else node
    before = tree.getroot().getprevious() if tree.getroot() is not None else None
    return isinstance(before, etree._ProcessingInstruction) and before.target == "let-go"


def test_the_stripped_tree_is_let_go_before_it_is_parsed_again(monkeypatch, tokens_schema):
    # A novel's tree is ~90 MB: the new parse for the findings must reuse its memory, so
    # nothing may hold the tree libxml2 checked without its free attributes.
    monkeypatch.setattr(chunking, "FREE_ATTRIBUTES_MIN_BYTES", 0)
    monkeypatch.setattr(chunking, "FREE_ATTRIBUTE_BYTES", 10**9)
    monkeypatch.setattr(
        chunking, "_worth_dropping", lambda free, *_: frozenset().union(*free.values())
    )
    data = b"<?let-go?>" + tokens_doc(random.Random(3), 5).replace(b"<s>", b"<s><b/>", 1)
    alive = []
    parse = engine.parse_xml_for_checking

    def parse_counting(data: bytes):
        alive.append(sum(1 for o in gc.get_objects() if isinstance(o, TREES) and marked(o)))
        return parse(data)

    monkeypatch.setattr(engine, "parse_xml_for_checking", parse_counting)
    assert validate(data, schema=tokens_schema)  # <b/> is not in the grammar
    assert alive == [0, 0]


TREES = (etree._Element, etree._ElementTree)


def test_a_tokenised_novel_gives_the_same_findings(monkeypatch, SHARED: Path):
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng is missing")
    data = (SHARED / "corpus/tei/eltec-eng/level2/ENG18570_Bronte.xml").read_bytes()
    schema = load_schema(TEI_ALL)
    dropped = findings(data, schema, monkeypatch, drop=True)
    assert dropped == findings(data, schema, monkeypatch, drop=False)
    assert len(dropped) == 4


def test_only_documents_thick_with_free_attributes_are_stripped(SHARED: Path):
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng is missing")
    schema = load_schema(TEI_ALL)
    stripped = []
    for name in ("eltec-eng/level2/ENG18760_Collins.xml", "eltec-eng/level1/ENG18530_Dickens.xml"):
        data = (SHARED / "corpus/tei" / name).read_bytes()
        counts = ElementWalk.of(etree.fromstring(data)).counts
        if chunking.free_attributes_to_drop(schema, frozenset(counts), data, counts):
            stripped.append(name)
    assert stripped == ["eltec-eng/level2/ENG18760_Collins.xml"]  # Dickens: 6 in 2 MB
