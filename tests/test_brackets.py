"""The bracket scanner and what each bracket means, on real-shaped snippets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from teitext import converted_body

from teikit import convert_text
from teikit.transcription.brackets import MAX_DEPTH, iter_brackets, scan_brackets
from teikit.transcription.conventions import ConventionsError, load_conventions
from teikit.transcription.editorial import read_bracket

CONVENTIONS = load_conventions()


def spans(text: str) -> list[tuple[str, bool]]:
    return [(text[b.start : b.end], b.closed) for b in iter_brackets(scan_brackets(text))]


def test_closed_nested_and_attached_brackets() -> None:
    text = "Comm[unist] [Stamp: Incoming [illegible] 5]"
    assert spans(text) == [
        ("[unist]", True),
        ("[Stamp: Incoming [illegible] 5]", True),
        ("[illegible]", True),
    ]


def test_unclosed_bracket_ends_with_its_paragraph() -> None:
    text = "He said [Translator's comment: never closed\nsecond line\n\nNext paragraph."
    [(found, closed)] = spans(text)
    assert found == "[Translator's comment: never closed\nsecond line"
    assert not closed


def test_unclosed_label_runs_over_short_lines_until_a_wider_gap() -> None:
    # the seed's stamp: "[Stamp …:" then three short lines one blank line apart,
    # then two blank lines and a long paragraph
    text = (
        "[Stamp at the end of the first page:\n\nSubject to return\n\nSpecial Section 1664"
        "\n\nIncoming Nº 3425\n\n\nPlease inform us whether this plan is correct and advisable"
        " and approximately when it can be done."
    )
    [(found, closed)] = spans(text)
    assert found.endswith("Incoming Nº 3425")
    assert not closed


def test_bracket_closed_a_few_short_blocks_later_spans_them() -> None:
    # a stamp typed over several short lines, blank lines between, closed on the last
    text = (
        "EMBASSY [faded SECRET Copy Nº 3\n\nMFA stamp:\n\nNº 20 0421s\n\n"
        "17 February 1960 24 February 1960]\n\nThe text."
    )
    [(found, closed)] = spans(text)
    assert found.startswith("[faded") and found.endswith("1960]")
    assert closed


def test_bracket_is_not_closed_over_running_text() -> None:
    # a long paragraph between: the "]" further on is not this bracket's
    long = "This paragraph is running text, far longer than any line of a stamp could be. " * 2
    text = f"EMBASSY [faded SECRET\n\n{long}\n\nNº 20]"
    [(found, closed)] = spans(text)
    assert found == "[faded SECRET"
    assert not closed


def test_doubled_bracket_is_one_bracket() -> None:
    text = "Cde. [[I. I. Varnov]] and [[a [b] c]] [[x] y]"
    [double, other, mixed] = scan_brackets(text)
    assert text[double.inner_start : double.inner_end] == "I. I. Varnov"
    assert double.children == ()
    # "[[a [b] c]]" is one bracket holding "[b]"; "[[x] y]" is a bracket inside a bracket
    assert text[other.inner_start : other.inner_end] == "a [b] c"
    assert len(other.children) == 1
    assert text[mixed.inner_start : mixed.inner_end] == "[x] y"


def test_doubled_opener_closed_once_is_one_bracket() -> None:
    # "[[illegible name]" inside an open note: read as one bracket, so the "]" after
    # "Samsonov" closes the note instead of leaving it open over the next paragraphs
    text = "[Handwritten notations:\n\nto [[illegible name] and\n\nG. Samsonov]\n\nJOURNAL"
    [note] = scan_brackets(text)
    assert note.closed
    assert text[note.start : note.end].endswith("Samsonov]")
    [name] = note.children
    assert (text[name.start : name.end], text[name.inner_start : name.inner_end]) == (
        "[[illegible name]",
        "illegible name",
    )
    # where nothing is left open, "[[x] y]" stays a bracket inside a bracket
    [outer] = scan_brackets("a [[x] y] b")
    assert len(outer.children) == 1


@pytest.mark.parametrize(
    ("text", "spans", "mistyped"),
    [
        # a brace typed for "]" closes the bracket left open
        ("Urrutia [SIC} had resigned", [(8, 13)], [True]),
        ("[Stamp: [illegible} received]", [(0, 29), (8, 19)], [False, True]),
        # a brace pair inside a bracket, and a closed bracket, are left as they are
        ("[table {b} of the report] and [SIC]", [(0, 25), (30, 35)], [False, False]),
        # a brace far from the "[", or after its line's end, closes nothing
        ("[left open here and the brace comes far too late, much later } x", [(0, 64)], [False]),
        ("[left open\n} x", [(0, 14)], [False]),
    ],
)
def test_a_brace_typed_for_the_closing_bracket(
    text: str, spans: list[tuple[int, int]], mistyped: list[bool]
) -> None:
    found = list(iter_brackets(scan_brackets(text)))
    assert [(b.start, b.end) for b in found] == spans
    assert [b.mistyped for b in found] == mistyped


def test_stray_closing_bracket_is_text() -> None:
    assert spans("a ] b [c]") == [("[c]", True)]


def test_depth_is_bounded() -> None:
    text = "[" * (MAX_DEPTH + 50) + "x"
    assert max(1, len(spans(text))) <= MAX_DEPTH


def meaning(text: str):
    bracket = next(b for b in iter_brackets(scan_brackets(text)))
    return read_bracket(text, bracket, conventions=CONVENTIONS)


@pytest.mark.parametrize(
    ("text", "construct", "attribute", "value"),
    [
        ("[handwritten at the top: to Cde. Stalin]", "annotation", "hand", "annotation"),
        ("close [inserted by hand: appropriate] ties", "add", "hand", "annotation"),
        ("[Stamp: Incoming No. 5]", "stamp", None, None),
        ("[MFA Far East\nDepartment stamp:\nIncoming Nº 01579]", "stamp", None, None),
        ("x [Translator’s comment: Tao Zhiyue]", "note", "type", "translator"),
        ("x [Translator's note: Tao]", "note", "type", "translator"),
        ("x [Editor’s note: see below]", "note", "type", "editorial"),
        ("x [Note in original: not attached]", "note", "type", "original"),
        ("x [3 groups unrecovered] y", "gap", "reason", "garbled"),
        ("x [one word illegible] y", "gap", "reason", "illegible"),
        ("x [passage omitted] y", "gap", "reason", "omitted"),
        ("x [...] y", "gap", "reason", "omitted"),
        ("x [not declassified] y", "gap", "reason", "not-declassified"),
        ("x [name blacked out] y", "gap", "reason", "redacted"),
        ("x [sections omitted--ed.] y", "gap", "reason", "omitted"),
        ("x [two paragraphs omitted] y", "gap", "reason", "omitted"),
        ("x [page two] y", "pb", None, None),
        ("x [crossed out: stop] y", "del", "rend", "strikethrough"),
        ("tons [underlined] y", "hi", "rend", "underline"),
        ("enemy [sic] elements", "sic", None, None),
        ("PAK[?] invited", "unclear", None, None),
        ("we will [?not] be attacked", "unclear", None, None),
        ("[End of page 1]", "pb", None, None),
        ("Comm[unist] greetings", "supplied", "reason", "abbreviated"),
        ("reserve [aircraft].", "supplied", None, None),
        ("Filippov [Stalin]", "note", "type", "editorial"),
        ("Typed [otp.] by", "note", "type", "editorial"),
        ("[signature]", "signature", None, None),
        # an office's title going on after the bracket: its words, not who it is
        ("Deputy [Foreign Affairs] Minister", "supplied", None, None),
        # after an office's word, who holds it: supplied, as a given name after a title
        ("the Chancellor [Kellerman] came", "supplied", None, None),
        ("with Premier [Pham Van Dong] and", "supplied", None, None),
        # a stage direction, in brackets or with its label among the first words
        ("[Laughter]", "stage", None, None),
        ("x [Noise in the hall] y", "stage", None, None),
        ("x [General laughter]", "stage", None, None),
        # the archive's withheld letters, the editor's remarks, unread signatures
        ("is [xxxxxx](S)", "gap", "reason", "not-declassified"),
        ("UVPI [expansion unknown]", "note", "type", "editorial"),
        ("Ambassador [name not given] of Norland", "note", "type", "editorial"),
        ("Checked by [unknown signature]", "signature", None, None),
        ("[two illegible signatures]", "signature", None, None),
        ("[no signature]", "note", "type", "description"),
        # what the editor says of the text, not words to supply
        ("the message [garble] came", "gap", "reason", "garbled"),
        ("he was [three word fragments] with", "gap", "reason", "fragmentary"),
        ("the VSK [unclear, acronym] met", "note", "type", "editorial"),
        ("x [Extra Urgent; Top Secret] y", "note", "type", "classification"),
        ("x [Top Secret] y", "note", "type", "classification"),
        ("x [secret police] y", "supplied", None, None),
        # what an acronym stands for is the editor's note; words to read after it are not
        ("the UAR [United Arab Republic; Egypt] met", "note", None, None),
        ("the CPSU's [Communist Party of the Soviet Union] line", "note", None, None),
        ("the CC [of the CPSU] met", "supplied", None, None),
        ("the PRC [China] met", "supplied", None, None),
        # an acronym of another language, its body named in English: the editor's note too
        ("in the MPJ [Ministry of Foreign Affairs] building", "note", None, None),
        ("the HV KSČ [Main Committee of the Communist Party] met", "note", None, None),
        ("the MID [and the Embassy] said", "supplied", None, None),
        # what a title or a name is, the editor's note; an article the sentence lacks is not
        ("the “Fatherland” [a periodical] wrote", "note", None, None),
        ("so Scînteia [the party daily] wrote", "note", None, None),
        ("they received [a few] copies", "supplied", None, None),
        ("Yesterday [a] delegation came", "supplied", None, None),
        ("The [next] day", "supplied", None, None),
        # a number set apart after a sentence's stop is a marker whose note the copy lost
        ("our telegram No. 823. [14]\nThe Secretary", "footnote", None, None),
        ("of March 6, 1941. [14] The Secretary", "footnote", None, None),
        ("of March 6, 1941. [14] and more", "supplied", None, None),
        ("as listed... [3]", "supplied", None, None),
        # a remark the editor signs at its end
        ("the maneuvers [scheduled for May, but cancelled--ed.] came", "note", "resp", "editor"),
        ("the maneuvers [planned for May — Ed.] came", "note", "type", "editorial"),
    ],
)
def test_each_bracket_kind(
    text: str, construct: str, attribute: str | None, value: str | None
) -> None:
    found = meaning(text)
    assert found.construct == construct
    if attribute:
        assert found.attr(attribute) == value


def test_place_and_page_break_from_the_qualifier() -> None:
    found = meaning("[Stamp at the end of the first page: Subject to return]")
    assert (found.place, found.page_after, found.qualifier) == ("bottom", 2, "")
    assert found.label == "Stamp at the end of the first page"


def test_other_qualifiers_are_kept_as_description() -> None:
    found = meaning('[Stamp of the Central Committee: "Outgoing No. 0412/61"]')
    assert found.qualifier == "of the Central Committee"


@pytest.mark.parametrize(
    ("text", "bound", "quantity", "unit"),
    [
        ("x [3 groups unrecovered]", "quantity", "3", "groups"),
        ("x [one word illegible]", "quantity", "1", "words"),
        ("x [1½ lines not declassified]", "quantity", "1.5", "lines"),
        ("x [1 1/2 pages not declassified]", "quantity", "1.5", "pages"),
        # a bound is not the quantity (conventions `bounds`)
        ("x [less than 1 line not declassified]", "atMost", "1", "lines"),
        ("x [more than 3 groups garbled]", "atLeast", "3", "groups"),
        ("x [several words illegible]", "quantity", None, "words"),
        ("x [passage omitted]", "quantity", None, None),
    ],
)
def test_gap_quantity_and_unit(
    text: str, bound: str, quantity: str | None, unit: str | None
) -> None:
    found = meaning(text)
    assert (found.bound, found.quantity, found.unit) == (bound, quantity, unit)


def test_gap_bound_is_written_as_its_attribute() -> None:
    tei = convert_text("CABLE\n\nx [less than 1 line not declassified] y\n").xml.decode()
    assert '<gap reason="not-declassified" atMost="1" unit="lines">' in tei


def test_unknown_label_is_kept_and_flagged() -> None:
    found = meaning("x [Randvermerk: einverstanden]")
    assert found.construct == "note" and not found.known


def test_footnote_markers_without_a_note() -> None:
    # set against the text, a number is a marker even when the copy lost its note
    text = "Saigon,[1] then"
    bracket = scan_brackets(text)[0]
    with_note = read_bracket(text, bracket, conventions=CONVENTIONS, footnotes=frozenset({"1"}))
    without = read_bracket(text, bracket, conventions=CONVENTIONS)
    assert with_note.construct == "footnote"
    assert without.construct == "footnote"
    # a small Roman numeral against a word in capitals or a mark is a marker too
    for text in ("To VIKTOR[i] said", "source 534?[ii] and"):
        bracket = scan_brackets(text)[0]
        assert read_bracket(text, bracket, conventions=CONVENTIONS).construct == "footnote"
    # after a blank, a number or a letter marker needs its note: else it is supplied; so
    # do letters that can complete a word in small letters
    for text in ("paragraph [4] of", "item[a] here", "Rom[iv] said"):
        bracket = scan_brackets(text)[0]
        assert read_bracket(text, bracket, conventions=CONVENTIONS).construct == "supplied"
        listed = frozenset({text[bracket.inner_start : bracket.inner_end]})
        marked = read_bracket(text, bracket, conventions=CONVENTIONS, footnotes=listed)
        assert marked.construct == "footnote"


TEXT = st.text(alphabet=st.sampled_from(list("ab [][]:?\n \u00a0.-’'1")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_scanner_never_raises_and_spans_lie_inside(text: str) -> None:
    for bracket in iter_brackets(scan_brackets(text)):
        assert 0 <= bracket.start < bracket.end <= len(text)
        assert bracket.start < bracket.inner_start <= bracket.inner_end <= bracket.end
        assert text[bracket.start] == "["
        if bracket.closed:
            assert text[bracket.end - 1] == "]"
        found = read_bracket(text, bracket, conventions=CONVENTIONS)
        assert bracket.start <= found.body_start <= found.body_end <= bracket.end


def test_a_user_rule_may_name_marks_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine.toml"
    mine.write_text('[[bracket]]\nconstruct = "stamp"\nmarks = true\n', encoding="utf-8")
    conventions = load_conventions(mine)
    text = "x [Confidential] y"
    bracket = next(iter_brackets(scan_brackets(text)))
    assert read_bracket(text, bracket, conventions=conventions).construct == "stamp"
    mine.write_text('[[bracket]]\nconstruct = "stamp"\nmarks = "yes"\n', encoding="utf-8")
    with pytest.raises(ConventionsError, match=r"bracket\[0\]\.marks"):
        load_conventions(mine)


def test_a_user_bound_names_a_gap_attribute(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine.toml"
    mine.write_text('[bounds]\n"not quite" = "atMost"\n', encoding="utf-8")
    found = read_bracket(
        "x [not quite 2 lines illegible]",
        next(iter_brackets(scan_brackets("x [not quite 2 lines illegible]"))),
        conventions=load_conventions(mine),
    )
    assert (found.bound, found.quantity) == ("atMost", "2")
    mine.write_text('[bounds]\n"not quite" = "max"\n', encoding="utf-8")
    with pytest.raises(ConventionsError, match=r"mine.toml:2: key 'bounds.not quite'"):
        load_conventions(mine)


def test_an_office_with_its_article_after_a_number_is_the_missing_subject() -> None:
    """ "2. [The Premier] introduced …": the words the sentence lacks, supplied; after a
    pronoun ("he [the Minister of Foreign Trade]") the same words say who he is."""
    xml = converted_body("REPORT\n\n2. [The Premier] introduced the situation.\n")
    assert "<supplied>The Premier</supplied> introduced" in xml
    xml = converted_body("REPORT\n\nYesterday he [the Minister of Foreign Trade] said it.\n")
    assert '<note type="editorial">the Minister of Foreign Trade</note>' in xml


def test_a_stage_word_after_a_determiner_is_the_sentences() -> None:
    """ "all these [gestures]": the noun the sentence needs, supplied; "[Laughter]" and
    "We [laughs]" are what happened in the room."""
    xml = converted_body(
        "Transcript of the talks\n\nThink of all these [gestures] as our attention."
        " [Laughter] We [laughs] agree.\n"
    )
    assert 'these <supplied reason="clarity">gestures</supplied> as' in xml
    assert "<stage>Laughter</stage> We <stage>laughs</stage> agree." in xml
    # after an article or a possessive the room's noise may be meant: a stage still
    xml = converted_body("Transcript of the talks\n\nWe heard the [applause] and our [laughs].\n")
    assert "the <stage>applause</stage> and our <stage>laughs</stage>" in xml


def test_a_blank_left_and_an_uncertain_hearing_are_the_editors_remarks() -> None:
    xml = converted_body(
        "REPORT\n\n[date left blank] October 1948. The 12 [as heard] boats came.\n"
    )
    assert '<note type="editorial">date left blank</note> <date when="1948-10">' in xml
    assert 'The 12 <note type="editorial">as heard</note> boats' in xml


def test_words_written_in_by_hand_are_an_addition_to_the_sentence() -> None:
    """ "[inserted by hand: appropriate]" puts a word into the sentence: <add>, with the
    hand and, when the label says it, the place; an insertion described further, or with
    no words given, is the hand's note that keeps the description."""
    xml = converted_body(
        "REPORT\n\nThe establishment of close [inserted by hand: appropriate] economic"
        " relations, a [added by hand above the line: very] good start, a [inserted by hand"
        " in red pencil: quick] reply and [added by hand] a mark.\n"
    )
    assert 'close <add hand="#hand-annotation">appropriate</add> economic' in xml
    assert 'a <add place="above" hand="#hand-annotation">very</add> good' in xml
    assert (
        '<note type="annotation" hand="#hand-annotation"><desc>in red pencil</desc>quick</note>'
        in xml
    )
    assert 'and <note type="annotation" hand="#hand-annotation"/> a mark' in xml


def test_words_in_another_pen_are_that_hands_note(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ "[next 6 words in different pen:] There is …": the rest of the line is a note in a
    hand of its own, which the header describes from the conventions' [hands] table."""
    text = (
        "NOTE\n\nHis reply was: you are wrong. [next 6 words in different pen:] There is"
        " only one test: performance.\n"
    )
    xml = convert_text(text, source="case.txt").xml.decode()
    assert (
        '<note type="annotation" hand="#hand-other"><desc>next 6 words in different pen</desc>'
        "There is only one test: performance.</note>" in xml
    )
    assert '<handNote xml:id="hand-other">A hand or pen other than' in xml
    mine = tmp_path / "mine.toml"
    mine.write_text('[hands]\nother = "The red pencil of the minister."\n', encoding="utf-8")
    xml = convert_text(text, conventions=load_conventions(mine)).xml.decode()
    assert '<handNote xml:id="hand-other">The red pencil of the minister.</handNote>' in xml


def test_a_conjecture_with_its_mark_first_is_the_uncertain_word() -> None:
    xml = converted_body("NOTE\n\nso that we will [?not] be attacked by [? ] them.\n")
    assert 'will <unclear reason="uncertain">not</unclear> be attacked' in xml


def test_an_office_opening_a_paragraph_is_its_subject_whatever_stands_above() -> None:
    """ "[The Soviet Ambassador] told …" after a paragraph ending in small letters is the
    subject the sentence lacks, as it is at the top of the text."""
    xml = converted_body(
        "REPORT\n\nHe asked for ten boats for the harbour works they have.\n\n\n"
        "[The Norland Ambassador] told him that the board could not send them.\n"
    )
    assert "<supplied>The Norland Ambassador</supplied> told him" in xml


def test_a_hand_the_hands_table_leaves_out_says_its_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A user's bracket kind naming a hand of its own ("pencil") that the [hands] table does
    not describe: its handNote says the name, not another hand's words."""
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[[bracket]]\nconstruct = "annotation"\nlabels = ["Bleistift"]\n'
        'label_inside = true\nhand = "pencil"\n',
        encoding="utf-8",
    )
    text = "NOTE\n\nThe board met. [Bleistift: gesehen] It agreed.\n"
    xml = convert_text(text, conventions=load_conventions(mine)).xml.decode()
    assert 'hand="#hand-pencil"' in xml
    assert '<handNote xml:id="hand-pencil">A hand the transcription\'s brackets call' in xml


def test_whose_a_possessive_is_is_the_editors_note() -> None:
    """ "my [GDR ambassador to the DRV, Wolfgang Bertold] conversation": an office and a name
    after a possessive say whose it is, the editor's gloss; "our [Soviet] talks" supplies a
    word of the text."""
    xml = converted_body(
        "NOTE\n\nDuring my [Norland envoy to the Isles, Olaf Halvik] conversation with him, "
        "he agreed. During our [Norland] talks, he said no.\n"
    )
    assert 'my <note type="editorial">' in xml and "Olaf Halvik</note> conversation" in xml
    assert "our <supplied>Norland</supplied> talks" in xml


def test_angle_brackets_are_read_as_square_ones() -> None:
    """ "with ⟨our⟩ American Regimentals": an edition's angle brackets supply text as square
    ones do; inside a square bracket they are its text."""
    xml = converted_body(
        "LETTER\n\nWe shall wait, with ⟨our⟩ colours, upon the Count [who ⟨is⟩ ill].\n"
    )
    assert "with <supplied" in xml and ">our</supplied> colours" in xml
    assert "⟨our⟩" not in xml
    assert "⟨is⟩" in xml  # the square bracket's own text


def test_angle_brackets_around_data_stay_text() -> None:
    """ "⟨a, b⟩", "⟨3, 7⟩", "⟨copy 2⟩": pairs and numbers in angle brackets are data, no
    supplied text."""
    xml = converted_body("NOTE\n\nThe pairs ⟨a, b⟩ and ⟨3, 7⟩ were sent as ⟨copy 2⟩ today.\n")
    assert "⟨a, b⟩" in xml and "⟨3, 7⟩" in xml and "⟨copy 2⟩" in xml
    assert "<supplied" not in xml


def test_other_bracket_pairs_are_conventions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`[parts] other_brackets` names the pairs read as square brackets: a user's "«»" is
    read, and a pair that is no two signs is a broken file naming its key."""
    mine = tmp_path / "mine.toml"
    mine.write_text('[parts]\nother_brackets = ["‹›"]\n', encoding="utf-8")
    xml = convert_text("NOTE\n\nWe met ‹our› friends.\n", conventions=load_conventions(mine))
    assert ">our</supplied> friends" in xml.xml.decode()
    mine.write_text('[parts]\nother_brackets = ["<"]\n', encoding="utf-8")
    with pytest.raises(ConventionsError, match="parts.other_brackets"):
        load_conventions(mine)
