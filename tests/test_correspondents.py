"""Sender and addressee read from a document's title, with the places the title seats them in."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from teikit import convert_text
from teikit.transcription.conventions import load_conventions
from teikit.transcription.pipeline import _correspondents

CONVENTIONS = load_conventions()

# title → (sender, its kind, its seat), (addressee, its kind, its seat); None: nobody named
CASES = [
    # FRUS's note number set against the name in parentheses
    (
        "The Ambassador in the Soviet Union (Kirk)1 to the Secretary of State",
        ("Kirk", "person", "Soviet Union"),
        ("Secretary of State", "person", None),
    ),
    (
        "Telegram from Soviet Ambassador in Pyongyang Shtykov to Stalin",
        ("Shtykov", "person", "Pyongyang"),
        ("Stalin", "person", None),
    ),
    (
        "Report from Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky",
        ("Aleksei Ignatieff", "person", "Pyongyang"),
        ("Vyshinsky", "person", None),
    ),
    (
        "Cable from Zhou Enlai to the Chinese Embassy in Moscow",
        ("Zhou Enlai", "person", None),
        ("Chinese Embassy in Moscow", "org", "Moscow"),
    ),
    (
        "The Secretary of State to the Ambassador in the Soviet Union (Steinhardt)",
        ("Secretary of State", "person", None),
        ("Steinhardt", "person", "Soviet Union"),
    ),
    (
        "The Chargé in Yugoslavia (Cabot) to the Secretary of State",
        ("Cabot", "person", "Yugoslavia"),
        ("Secretary of State", "person", None),
    ),
    # two senders and the seat after them
    (
        "Ciphered telegram from Orlenko and Halvik in Invented Town",
        ("Orlenko", "person", "Invented Town"),
        None,
    ),
    # "Letter of X to Y on …": "of" for "from"
    (
        "Letter of Ruritanian Ambassador Piotr Halvik to the Ruritanian Foreign Ministry on Trade",
        ("Piotr Halvik", "person", None),
        ("Ruritanian Foreign Ministry", "org", None),
    ),
    # a ministry by its initials is an organisation
    (
        "Telegram from Ruritanian Ambassador to the UK Halvik to the Ruritanian MFA",
        ("Halvik", "person", "UK"),
        ("Ruritanian MFA", "org", None),
    ),
    # "Memorandum of Conversation of A with B to C": no letter from A to C
    (
        "Memorandum of Conversation of Comrade Halvik with the Ruritanian Ambassador to Angola",
        None,
        None,
    ),
    # a pseudonym, then who wrote under it (a person the conventions know), is no seat
    (
        "Ciphered Telegram, Shtykov to Feng Xi (Stalin)",
        ("Shtykov", "person", None),
        ("Feng Xi", "person", None),
    ),
    # FRUS headings with no "The" before the sender's office, and a memorandum "by" him
    (
        "President Halvorsen to the Secretary of State",
        ("Halvorsen", "person", None),
        ("Secretary of State", "person", None),
    ),
    (
        "Memorandum by President Halvorsen to the Secretary of State",
        ("Halvorsen", "person", None),
        ("Secretary of State", "person", None),
    ),
    (
        "Memorandum by the Secretary of State to President Halvorsen",
        ("Secretary of State", "person", None),
        ("Halvorsen", "person", None),
    ),
    # a minister's visit to a country is no letter to it
    (
        "The Norland Minister of Foreign Affairs’ Official Visit to the DPRK",
        None,
        None,
    ),
    (
        "Telegram from Polish Embassy in Havana (Jeleń), 21 November 1962",
        ("Jeleń", "person", "Havana"),
        None,
    ),
    ("Report from Etre Sándor, 'Information on Korea'", ("Etre Sándor", "person", None), None),
    (
        "Cable from the Chinese Embassy in North Korea, 'Report on the Situation'",
        ("Chinese Embassy in North Korea", "org", "North Korea"),
        None,
    ),
    # "in" with a small word after it opens a clause, not a seat
    (
        "Letter from Mao Zedong to Stalin in which he asks for advice",
        ("Mao Zedong", "person", None),
        ("Stalin", "person", None),
    ),
    # times and a topic are nobody
    (
        "Memorandum on a Conversation with Comrade Ri, on 27 February 1968 from 9.00 to 9.40",
        None,
        None,
    ),
    ("The Soviet Union's Reaction to the Korean War", None, None),
    # the addressee first, then the sender
    (
        "Telegram to the Central Committee of the Communist Party from Minister N. Orlenko",
        ("N. Orlenko", "person", None),
        ("Central Committee of the Communist Party", "org", None),
    ),
    # a register's word before the kind of document
    (
        "Incoming Cable No. 5773, T. Kaminsky to Cde. A.A. Petrov",
        ("T. Kaminsky", "person", None),
        ("Cde. A.A. Petrov", "person", None),
    ),
    # FRUS's footnote number set against the last name; the person an office names in
    # parentheses
    (
        "26. Memorandum From the President’s Assistant for Planning (Lowell) to President Harte1",
        ("Lowell", "person", None),
        ("Harte", "person", None),
    ),
    # the footnote number set off by a blank, as a copied web page may print it
    (
        "The Secretary of State to the Embassy in Norland 1",
        ("Secretary of State", "person", None),
        ("Embassy in Norland", "org", "Norland"),
    ),
    # a name, then the town it writes from in parentheses; a document word there describes
    # the document
    (
        "Secret Telegram from Halvik (Ostberg) to Brenner-Lund (Lindau) [Ciphergram No. 31]",
        ("Halvik", "person", "Ostberg"),
        ("Brenner-Lund", "person", "Lindau"),
    ),
    (
        "Report from the Ministry of Trade to the Embassy of Norland in Lindau (Excerpt)",
        ("Ministry of Trade", "org", None),
        ("Embassy of Norland in Lindau", "org", "Lindau"),
    ),
    # a name, then its office in parentheses
    (
        "Memorandum From G. Ann Lowell (Chief of the Planning Division) to Ben Harte",
        ("G. Ann Lowell", "person", None),
        ("Ben Harte", "person", None),
    ),
    # a participle opens what the document does, not the addressee's name
    (
        "Cable from N. Spencer Lowe to US Department of State Reviewing Developments in Spring",
        ("N. Spencer Lowe", "person", None),
        ("US Department of State", "org", None),
    ),
    # descriptive titles whose "from" or "to" names no correspondent: an excerpt from a
    # diary, aid to a country, an ambassador to a country, a visit of someone to a
    # ministry, a meeting between two people
    (
        "Excerpts from Halvik's diary on his talk with Norland leader Ostrin on Trade and "
        "Aid to the Republic of Ostria (Fragments)",
        None,
        None,
    ),
    (
        "Memo of Meeting Between Norland Deputy Trade Minister, Ida Brenner, and Ostrian "
        "Ambassador to Norland, Pak Sun-il",
        None,
        None,
    ),
    ("Report on Visit of Ostrian Ambassador Ivo Lund to Norland Trade Ministry", None, None),
    ("Cable from the Trade Ministry on Aid to Ostria", ("Trade Ministry", "org", None), None),
    # a sender whose office has a seat "to" a country: the second "to" is the addressee's
    (
        "Telegram from the Ambassador to Ostria to the Norland Foreign Ministry",
        ("Ambassador to Ostria", "person", "Ostria"),
        ("Norland Foreign Ministry", "org", None),
    ),
    (
        "Excerpts from a Letter from Ivo Lund to Ida Brenner",
        ("Ivo Lund", "person", None),
        ("Ida Brenner", "person", None),
    ),
    # real correspondents keep theirs
    (
        "Ciphered Telegram from Beijing to Moscow",
        ("Beijing", "place", None),
        ("Moscow", "place", None),
    ),
    (
        "41. Telegram From the Embassy in Norland to the Department of State/1/",
        ("Embassy in Norland", "org", "Norland"),
        ("Department of State", "org", None),
    ),
    # the " to " inside a quoted subject addresses no one
    (
        "Cable from the Norland Embassy in Ostria, 'Some Reflections on the Approach to Trade'",
        ("Norland Embassy in Ostria", "org", "Ostria"),
        None,
    ),
    # "People’s" before a state's head word is no office ("People’s Commissar")
    (
        "Report, Embassy of the Norland People’s Republic in the DPRK to the Foreign Ministry",
        ("Embassy of the Norland People’s Republic in the DPRK", "org", "DPRK"),
        ("Foreign Ministry", "org", None),
    ),
    # "Report by" an office and its holder's name after a comma, to another
    (
        "Report by the Adviser to the Norland Embassy in Ostria, Olaf Halvik, to the Norland"
        " Ambassador, K. Brenner",
        ("Olaf Halvik", "person", "Ostria"),
        ("K. Brenner", "person", None),
    ),
    (
        "Report by Halvik to Brenner on the Pilots",
        ("Halvik", "person", None),
        ("Brenner", "person", None),
    ),
    # a cryptogram and its number
    (
        "Cryptogram No 812 from Norland Embassy in Ostria, Pilots in the Harbour",
        ("Norland Embassy in Ostria", "org", "Ostria"),
        None,
    ),
    # an addressee and no sender; not a word in small letters
    ("Report to the Harbour Board on the Pilots", None, ("Harbour Board", "org", None)),
    ("Note to self about the visit to Vessen", None, None),
    # a meeting's record and its hours: nobody sends it to anyone
    (
        "The Chancellor's Meeting with Norland Prime Minister Olaf Halvik, Bonn, 13 June 1991,"
        " 11:45 am to 12:45 pm",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("title", "sender", "addressee"), CASES)
def test_title_correspondents(title: str, sender: tuple | None, addressee: tuple | None) -> None:
    found = _correspondents(title, CONVENTIONS)
    assert [(c.text, c.kind, c.seat) if c else None for c in found] == [sender, addressee]


@pytest.mark.parametrize(
    ("title", "people"),
    [
        ("Ciphered Telegram from Orlenko to Karpov and Sazonov", ["Karpov", "Sazonov"]),
        ("Letter from Orlenko to A. Karpov and B. Sazonov", ["A. Karpov", "B. Sazonov"]),
        # FRUS: offices with their holders, each addressed; a marshal's title needs no name
        # in parentheses
        (
            "Marshal Halvorsen to President Orlenko and Prime Minister Sazonov",
            ["Orlenko", "Sazonov"],
        ),
        # an organisation's "and" names one body
        (
            "Letter from Orlenko to the Ministry of Trade and Industry",
            ["Ministry of Trade and Industry"],
        ),
        # a list after commas, the last after "and", before what the title goes on with
        (
            "Telegram, Zhou Enlai to Mao Zedong, Liu Shaoqi, and CCP Central Committee (excerpt)",
            ["Mao Zedong", "Liu Shaoqi", "CCP Central Committee"],
        ),
        (
            "Telegram, Orlenko to Kim Song-ho, Pak Il and the Central Committee, Regarding Talks",
            ["Kim Song-ho", "Pak Il", "Central Committee"],
        ),
        # a subject after the comma is no addressee, nor is a list holding one or a place
        ("Telegram, Orlenko to Karpov, Report on the Talks", ["Karpov"]),
        ("Telegram, Orlenko to Karpov, Kim Il Sung's Request, and Soviet Answer", ["Karpov"]),
        ("Telegram, Zhou Enlai to Mao Zedong, Geneva, and Beijing", ["Mao Zedong"]),
    ],
)
def test_several_addressees(title: str, people: list[str]) -> None:
    _, addressee = _correspondents(title, CONVENTIONS)
    assert addressee is not None
    assert [c.text for c in addressee.everyone()] == people
    assert len({c.ident for c in addressee.everyone()}) == len(people)


@pytest.mark.parametrize(
    ("title", "author"),
    [
        ("From the Diary of Halvik K.L., 'Record of Conversation with Brenner'", "Halvik K.L."),
        ("Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 12 May 1960", "A.M. Puzanov"),
        (
            "Entry from the Journal of Soviet Ambassador to India Benediktov, Conversation",
            "Benediktov",
        ),
        ("Excerpts from Tsedenbal's diary on his talk with Mikoyan", "Tsedenbal"),
        # spaced initials: "A." is an initial, no article
        ("From the Diary of A. I. Halvik, Record of Conversations with Brenner", "A. I. Halvik"),
        # an apostrophe between letters is the name's own, a quote before a title is not
        ("From the Journal of S.I. Divil'kovsky, 'Record of a Conversation'", "S.I. Divil'kovsky"),
    ],
)
def test_a_diarys_keeper_is_the_author(title: str, author: str) -> None:
    tei = convert_text(f"{title}\n\nThe talk lasted an hour and covered the harbor.\n").xml
    found = etree.fromstring(tei).find(".//{*}titleStmt/{*}author/{*}persName")
    assert found is not None and found.text == author
    # the title's mention of the keeper points at the author
    assert f'ref="#{found.get(XML_ID)}"' in tei.decode()


XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def test_a_speakers_label_above_a_salute_is_no_inside_address() -> None:
    text = (
        "Transcript of the Session of the Harbor Board\n\nComrade Halvik:\n"
        "Dear members of the board! We see great value in this meeting.\n"
    )
    tei = convert_text(text).xml.decode()
    assert 'seg type="addressee"' not in tei and "<correspDesc>" not in tei


def test_and_others_names_no_one() -> None:
    title = "Telegram, Zhou Enlai to Mao Zedong and Others, Regarding the Situation in Geneva"
    tei = convert_text(f"{title}\n\nThe talks went on today.\n").xml.decode()
    assert '<persName xml:id="mao-zedong">Mao Zedong</persName>' in tei
    assert ">Others<" not in tei and ">Regarding<" not in tei


def test_a_seat_abbreviated_keeps_its_capitals() -> None:
    """ "PYONGYANG" in capitals is written "Pyongyang" in correspDesc; "DPRK" stays so."""
    title = "Report, Embassy of Norland in the DPRK to the Foreign Ministry of Norland"
    root = etree.fromstring(convert_text(f"{title}\n\nUpon my request I was received.\n").xml)
    sent = root.find(".//{*}correspAction[@type='sent']")
    assert sent is not None
    assert [p.text for p in sent.iterfind("{*}placeName")] == ["DPRK"]


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("For Comrade Olaf Halvik", "Comrade Olaf Halvik"),  # the copy's addressee
        ("Comrade ad interim chargé d’affaires", None),  # an office with an honorific
        ("Comrade Minister", None),
    ],
)
def test_an_honorific_line_above_the_text_is_its_addressee(line: str, named: str | None) -> None:
    text = (
        f"Ciphered Telegram No. 12\n\n{line}\n\n"
        "The pilots reached the harbour on Monday. The ships will sail soon, as the board asked.\n"
    )
    tei = convert_text(text).xml.decode()
    assert '<seg type="addressee">' in tei and 'seg type="heading"' not in tei
    if named:
        assert f'<persName role="addressee">{named}</persName>' in tei
        assert f'<correspAction type="received">\n          <persName>{named}</persName>' in tei
    else:
        assert f'<seg type="addressee">{line}</seg>' in tei


def test_an_honorific_opening_a_sentence_is_no_addressee() -> None:
    text = "Ciphered Telegram No. 12\n\nComrade Halvik is here\n\nThe pilots came on Monday.\n"
    assert 'seg type="addressee"' not in convert_text(text).xml.decode()


@pytest.mark.parametrize(
    ("line", "sent"),
    [
        ("From: Head of the Harbour Section", "<orgName>Head of the Harbour Section</orgName>"),
        ("From: Washington", "<placeName>Washington</placeName>"),
        ("From: Vessen dispatched on 05.07.1962 at 12:00", None),
    ],
)
def test_a_from_line_with_no_name_in_it_is_the_sender(line: str, sent: str | None) -> None:
    """ "From: Head of the Tenth Direction" (an office) or "From: Washington" (a place) over
    the text: who sent it, as the "To:" line says whom to; not a line that says when."""
    tei = convert_text(
        f"August 11, 1975\n\nTo: Minister of the Invented Fleet\n\n{line}\n\n"
        "1. We arrived in the port on Sunday and made contact with the harbour master.\n"
    ).xml.decode()
    found = re.search(r'<correspAction type="sent">\s*(<[^>]+>[^<]*</[^>]+>)', tei)
    assert (found.group(1) if found else None) == sent


def test_an_office_addressed_names_no_one_in_the_text() -> None:
    """ "… to the Foreign Minister": the addressee is an office; "Foreign Minister Wu
    Xueqian" in the text is another country's, no mention of the addressee."""
    tei = convert_text(
        "Cable from Ambassador Halvik to the Foreign Minister\n\n"
        "Foreign Minister Wu Xueqian and the others were in attendance.\n"
    ).xml.decode()
    assert 'ref="#foreign-minister"' not in tei
    assert '<correspAction type="received">' in tei


def test_an_office_with_a_comma_over_the_text_is_the_addressee() -> None:
    xml = convert_text(
        "Cable from the Embassy of Norland in Ostria\n\nForeign Ministry,\n\n"
        "1) Judging from the talks, the harbour works will go on for a month.\n"
    ).xml.decode()
    assert "<salute><orgName>Foreign Ministry</orgName>,</salute>" in xml
    received = xml[xml.index('<correspAction type="received">') :]
    assert (
        received.split("</correspAction>")[0]
        .strip()
        .endswith("<orgName>Foreign Ministry</orgName>")
    )


def test_an_office_with_a_comma_over_a_dateline_or_salute_is_a_letterhead() -> None:
    for below in ("Vessen, 3 May 1962\n\nDear Comrade Ambassador,", "Vessen\n\nComrade Lund:"):
        xml = convert_text(
            f"Report to the Harbour Board\n\nEmbassy of Norland,\n\n{below}\n\n"
            "On 2 May I visited the harbour, where the master received me.\n"
        ).xml.decode()
        assert '<seg type="heading"><orgName>Embassy of Norland</orgName>,</seg>' in xml
        assert "<salute><orgName>" not in xml


def test_a_persons_salute_with_a_comma_over_a_dateline_stays_a_salute() -> None:
    xml = convert_text(
        "Letter to the Board\n\nDear Comrade Lund,\n\nVessen, 3 May 1962\n\n"
        "The harbour works went on for a month and the fleet stayed in port all winter.\n"
    ).xml.decode()
    assert "<salute>Dear <persName>Comrade Lund</persName>,</salute>" in xml
