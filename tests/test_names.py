"""Names learnt from context (tei/names.py): which words of a text become a persName.

The sentences are invented, in the shape of translated archival transcriptions.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from teikit import convert_text
from teikit.tei.names import Name, build_name_index
from teikit.transcription.conventions import load_conventions
from teikit.transcription.lexicon import Lexicon

LEX = Lexicon.from_conventions(load_conventions())


def marked(text: str, known: tuple[Name, ...] = ()) -> list[str]:
    """The names `text` teaches, as its words mark them."""
    index = build_name_index([text], lex=LEX, known=known)
    return [text[start:end] for start, end, _ in index.find(text)]


def body(text: str) -> str:
    """The converted body of a bare transcription, on one line."""
    xml = convert_text(text, source="case.txt").xml.decode()
    return re.sub(r"\s*\n\s*", " ", xml[xml.index("<body>") :])


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # initials of two letters (transliterated Ye, Yu, Zh…) belong to the name
        (
            "I met Counsellors M. Ye. Kryukov and N. M. Shesterikov at noon.",
            ["M. Ye. Kryukov", "N. M. Shesterikov"],
        ),
        ("2nd - to Cde. Yu. V. Andropov", ["Cde. Yu. V. Andropov"]),
        ("Handed to L. Zh. Kasatkin.", ["L. Zh. Kasatkin"]),
        ("Journal of Ambassador A.M. Pudovkin for 4 June", ["A.M. Pudovkin"]),
        # initials after a surname are no name of their own
        ("to Cdes. Varnov and Samsonov, G. Ye. in May", ["Varnov", "Samsonov"]),
        # but after a comma they are the name's in a list under a plural title, and on a
        # participants line; not the writer's initials after a name ("W.U.")
        (
            "Attended by Coms. Orlenko, Iu.V., Sazonov, A.A., Belov, A.P.\n",
            ["Orlenko, Iu.V.", "Sazonov, A.A.", "Belov, A.P."],
        ),
        ("Chaired by Comrade ORLENKO, L.I.\n", ["Comrade ORLENKO, L.I."]),
        # a list after a plural title goes on after a semicolon, past who each one is
        (
            "The board is formed of comrades Olaf Halvik, head of the board; Karl Brenner-Dahl;"
            " General Ivo Varga, Jan Orlov and Emil Dolgin.",
            ["Olaf Halvik", "Karl Brenner-Dahl", "Ivo Varga", "Jan Orlov", "Emil Dolgin"],
        ),
        ("The board met Comrades Halvik and Brenner; the pilots were late.", ["Halvik", "Brenner"]),
        # two titled names run together (columns), and initials that are no "M." title
        (
            "Comrade Halvik Comrade Brenner Cde. A. M. Orlov",
            ["Comrade Halvik", "Comrade Brenner", "Cde. A. M. Orlov"],
        ),
        # a name beside who the person is, between commas, with an office among the words
        ("Halvik, the first deputy of the harbour master, gave information.", ["Halvik"]),
        ("Their former Ambassador, Brenner, failed to indicate it.", ["Brenner"]),
        ("Their former Ambassador, Brenner (he was there until 1962), failed.", ["Brenner"]),
        ("Nevertheless, the minister of trade agreed.", []),
        ("In Vessen, the minister of trade, who came late, agreed.", []),
        # with no article: who the person is opens with an office's word, after a name of
        # two or three words; not a rank before a name ("Papers, General Memoranda")
        (
            "On our side: Olaf Halvik, deputy member of the board, Karl Brenner, Secretary"
            " of the board, Jan Ho Dinh, Norland’s ambassador to Vessen, Ivo Varga, member of"
            " the board.",
            ["Olaf Halvik", "Karl Brenner", "Jan Ho Dinh", "Ivo Varga"],
        ),
        ("Source: Harbour Library, Halvik Papers, Chief Records of the Board.", []),
        ("In Vessen, deputy ministers met.", []),
        ("Later, the ambassador, who came late, agreed; later still he left.", []),
        # an embassy's seat of two words, but not a title's next word after one
        (
            "Telegram to the Norland Embassy in North Korea about pilots",
            ["Norland Embassy in North Korea"],
        ),
        (
            "Telegram to the Norland Embassy in Vessen Regarding the Pilots",
            ["Norland Embassy in Vessen"],
        ),
        ("copy to Cde. Orlenko, W.U.\n", ["Cde. Orlenko"]),
        # "and" after the comma of the list's last name stays outside it
        (
            "inviting Cdes. Choe Il-bong, Nam Dok, and Pak Mun-gil to the dinner",
            ["Choe Il-bong", "Nam Dok", "Pak Mun-gil"],
        ),
        (
            "Also invited are comrades Ilie Dobre, Vasile Toma, and Sorin Pavel.",
            ["Ilie Dobre", "Vasile Toma", "Sorin Pavel"],
        ),
        # a given name before one initial belongs to the name; not a sentence's first word
        ("It was published by Laszlo K. Benedek in Budapest.", ["Laszlo K. Benedek"]),
        ("He left. Yesterday A. Gromyko said no.", ["A. Gromyko"]),
        # a given name the initial stands for, written out elsewhere
        (
            "E. Varela spoke first; later Ernesto Varela asked about rice.",
            ["E. Varela", "Ernesto Varela"],
        ),
        ("E. Varela spoke first. Even Varela agreed.", ["E. Varela", "Varela"]),
        # a Hungarian given name's initial after the surname
        ("Produced for:\n- Comrade Halasz P.\n- Own use", ["Comrade Halasz P."]),
        # an acronym after a title is no name; a short surname is
        ("3 - Cde. DVO, USSR MFA", []),
        ("Cde. KIM said that he agreed.", ["Cde. KIM"]),
        # "comrade" in small letters and "Com." are titles
        (
            "I met comrade Tran Quang and Com. Halasz in the hall.",
            ["comrade Tran Quang", "Com. Halasz"],
        ),
        # an apostrophe inside a name, not "I'll"
        ("Military Attaché A. A. D'yachenko, and others.", ["A. A. D'yachenko"]),
        ("Cde. Halasz said I'll go.", ["Cde. Halasz"]),
        # dotted capitals that are an abbreviation, not a person's initials
        ("He asked the U.S. Ambassador to come.", []),
        ("[U.S. National Security Adviser] spoke.", []),
        ("They dined aboard the S.S. Carrollton. Then they left.", []),
        ("John Doe, F.S.O. VII, was assigned.", []),
        # an office the editor supplied before a surname teaches the surname
        (
            "then [CPSU Secretary General Leonid] Brezhnev spoke; Brezhnev left.",
            ["Brezhnev", "Brezhnev"],
        ),
        ("to [the Soviet leader] Khrushchev. Khrushchev agreed.", ["Khrushchev", "Khrushchev"]),
        ("the [Ministry of Foreign] Affairs department", []),
        # a numbered section's heading ("I." where "II." opens another line) is no name
        ("I. PURPOSE\n\nTo report.\n\nII. BACKGROUND\n\nTalks.", []),
        ("Talks began.\n\nIV. DISCUSSION\n\nV. SUMMARY\n\nAll agreed.", []),
        ("I report as asked.\n\nV. PETROV\n", ["V. PETROV"]),
        # one title for two people
        (
            "I met comrade Constantin Vasko and Ion Drelescu there.",
            ["comrade Constantin Vasko", "Ion Drelescu"],
        ),
        ("The talks with Cde. Ivarov and Petrenko went well.", ["Cde. Ivarov", "Petrenko"]),
        # not an office or a word of the language after "and": the office is a title of
        # its own ("Foreign Minister Drelescu")
        ("I met comrade Vasko and Foreign Minister Drelescu.", ["comrade Vasko", "Drelescu"]),
        ("I met Cde. Vasko and The delegation", ["Cde. Vasko"]),
        # so is a lettered item's ("C." where "B." opens another line)
        ("Parts:\nA. Advantages\nB. Disadvantages\nC. Effects on Pending Cases\n", []),
        ("Z. Kowalski came.\n\nA. Nowak too.\n", ["Z. Kowalski", "A. Nowak"]),
        # a given name and surname after a title teach the surname alone
        (
            "I saw Ambassador Jerzy Kowalik today. Kowalik said no.",
            ["Jerzy Kowalik", "Kowalik"],
        ),
        # not where the family name comes first, nor a word the text writes small
        ("I met Cde. Kim Dal Hyon. Hyon asked.", ["Cde. Kim Dal Hyon"]),
        ("Cde. LUIS GRANDE came. GRANDE was grande.", ["Cde. LUIS GRANDE"]),
        # two family names in capitals after a given name ("Fidel CASTRO RUZ"), not a
        # Roman numeral after them
        (
            "I met Comrade Miguel VERA LUNA and Comrade Ana SOTO IV.",
            ["Comrade Miguel VERA LUNA", "Comrade Ana SOTO"],
        ),
        # a sentence after an abbreviated title is no name
        ("talks through Amb. While Dept will not reply. Dept agreed.", []),
        # nor is a title set against the name after it
        ("as your Secretary of State Mr.Rusk said here,", []),
        # the letters of a lettered list, some items left out, a page's marker before one
        (
            "[Page 6]A. Arranged a meeting.\nB. Supported the plan.\nC. Brought news.\n"
            "E. Arranged talks.\n",
            [],
        ),
        # a telegram's abbreviations and quotation marks
        ("Inform him that U.S. Govt agrees.", []),
        # "M." before another initial is the name's own, not "Monsieur"
        (
            "Also taking part: Cdes. M. S. Halvik, V. V. Brenner and M. Lund.",
            ["M. S. Halvik", "V. V. Brenner", "M. Lund"],
        ),
        # a name the editor put in brackets after an office's word, not after any word
        (
            "The Norland ambassador [Olaf Halvik] spoke. The [Harbour Board] met."
            " The Chargé [Ivo Lund] came. Premier [Ida Brenner’s] men came.",
            ["Olaf Halvik", "Ivo Lund", "Ida Brenner"],
        ),
        # a name after an office and its comma whose family name is known alone already
        (
            "Ambassador Halvik asked. Norland's Ambassador to Ostria, Halvik Olaf, came.",
            ["Halvik", "Halvik Olaf"],
        ),
        # an office before a surname, outside the name
        (
            "China Division Director Tajima met Deputy Minister Halvik and Director Ivo Lund.",
            ["Tajima", "Halvik", "Ivo Lund"],
        ),
        # ranks of two words before a name nothing else knows, outside it
        (
            "Comrade Army General Zvigun met Brigadier Hasan Ragab and Colonel-General Popov.",
            ["Zvigun", "Hasan Ragab", "Popov"],
        ),
    ],
)
def test_names_marked(text: str, names: list[str]) -> None:
    assert [n for n in marked(text) if "Brezhnev" not in text or n != "Leonid"] == names


@pytest.mark.parametrize(
    ("bracket", "given"),
    [
        ("U.S. National Security Adviser Henry A.", "Henry A."),
        ("CPSU Secretary General Leonid", "Leonid"),
        ("First Deputy Chairman of USSR Council of Ministers Anastas", "Anastas"),
        ("the Polish leader Władysław", "Władysław"),
        ("U.S. Deputy Secretary of State Walter B.", "Walter B."),
        # the office's seat between it and the given name
        ("Norland Ambassador to Ostria Olaf", "Olaf"),
        ("Norland Ambassador in the DPRK Olaf", "Olaf"),
        ("Norland Ambassador to Ostria Olaf Ivanovich", "Olaf Ivanovich"),
        # an organisation's name between them: its head word ends it
        ("Counselor and Chair of the Harbour Planning Council Olaf", "Olaf"),
        ("Ambassador to the Harbour Board", ""),
        ("Foreign Minister", ""),  # an office alone
        ("Minister of Foreign Affairs", ""),  # "Affairs" is no given name
        ("Soviet", None),  # no office
        ("Leonid", None),
    ],
)
def test_given_in_bracket(bracket: str, given: str | None) -> None:
    at = build_name_index([], lex=LEX).given_in_bracket(bracket)
    assert (None if at is None else bracket[at:]) == given


def test_given_name_after_an_offices_known_seat_after_of() -> None:
    index = build_name_index([], lex=LEX, known=[Name("Ostria", "place")])
    for bracket, given in [
        ("President of Ostria Olaf", "Olaf"),
        ("Minister of Foreign Affairs", ""),
    ]:
        at = index.given_in_bracket(bracket)
        assert (None if at is None else bracket[at:]) == given


def test_completed_by_a_known_name() -> None:
    index = build_name_index(["Ambassador Lu Wenbo came."], lex=LEX)
    assert index.completed_by("To Ambassador Lu ", "Wenbo") == Name("Lu Wenbo", "person")
    assert index.completed_by("To Ambassador Lu ", "Stalin") is None
    assert index.completed_by("To Ambassador Lu", "Wenbo") is None  # no blank: letters


def test_office_supplied_outside_given_names_inside() -> None:
    text = (
        "CABLE\n\nThey went home. [U.S. National Security Adviser Henry A.] Kissinger is a"
        " scholar, and [Minister of Foreign Affairs] Gromyko said so.\n"
    )
    found = body(text)
    assert (
        "<supplied><placeName>U.S.</placeName> National Security Adviser</supplied> "
        "<persName><supplied>Henry A.</supplied> Kissinger</persName> is" in found
    )
    assert "<supplied>Minister of Foreign Affairs</supplied> <persName>Gromyko</persName>" in found
    assert "U.S. National</persName>" not in found


def test_given_name_supplied_before_a_possessive_surname() -> None:
    found = body("CABLE\n\nHe toasted [Olaf] Halvikas’ party. Halvikas’ men came.\n")
    assert "<persName><supplied>Olaf</supplied> Halvikas</persName>’ party" in found
    assert "<persName>Halvikas</persName>’ men" in found


def test_bracket_completing_a_known_name_is_inside_it() -> None:
    text = "CABLE\n\nTo Ambassador Lu [Wenbo]:\n\nAmbassador Lu Wenbo will call on Friday.\n"
    assert "Ambassador <persName>Lu <supplied>Wenbo</supplied></persName>:" in body(text)


def test_supplied_surname_known_alone_is_no_name_inside_the_name() -> None:
    text = "CABLE\n\nTo Ambassador Arto [Lemmik]:\n\nI met Ambassador Arto Lemmik today.\n"
    assert "Ambassador <persName>Arto <supplied>Lemmik</supplied></persName>:" in body(text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a transliterated soft sign, twice in a word
        ("I met Cde. Yu. V. Il’nyts’kyi there.", ["Cde. Yu. V. Il’nyts’kyi"]),
        # the Library of Congress's two-letter initials, and initials after the surname
        ("Cde. A.Ia. Vyshinsky and A. Iu. Petrov came.", ["Cde. A.Ia. Vyshinsky", "A. Iu. Petrov"]),
        ("Cde. Ivanov V.I. and Comrade Kádár L. spoke.", ["Cde. Ivanov V.I.", "Comrade Kádár L."]),
        ("Chaired comrade ORLENKO L.Y.\n", ["comrade ORLENKO L.Y."]),  # a surname in capitals
        # a Romanian given name's two letters; a place before the initials is no given name
        ("He met Cde. Gh. Gheorghiu-Dej there.", ["Cde. Gh. Gheorghiu-Dej"]),
        # an office's own words before another office are no name
        (
            "I showed it to the Minister of Foreign Affairs, the Minister of Trade and others.",
            [],
        ),
        # a name set off by commas after an office and its body
        (
            "The Secretary General of the CC of the RWP, Petar Orlenko, was given the floor.",
            ["Petar Orlenko"],
        ),
        # the names after a participants label on its line; a subject's value is none
        (
            "Record\n\nSubject: Soviet Trade\nInterpreter and minute-taker: Xiang Orlen\n",
            ["Xiang Orlen"],
        ),
        # a list of those present, surnames with their initials after them
        (
            "Present: Orlenko V.V.; Sazonov A.A.; Belov A.P.;\nDolgin V.I.\n",
            ["Orlenko V.V.", "Sazonov A.A.", "Belov A.P.", "Dolgin V.I."],
        ),
        # a given name after a field's label, on the line of its own
        ("Memo\n\nTO: Mary K. Smith\nFROM: Ivan P. Orlov\n", ["Mary K. Smith", "Ivan P. Orlov"]),
        # Polish, Hungarian and South Slavic digraphs
        (
            "Cde. Cz. Kiszczak and Gy. Lázár met Cde. Lj. Kolarov.",
            ["Cde. Cz. Kiszczak", "Gy. Lázár", "Cde. Lj. Kolarov"],
        ),
        ("the prime minister of India J. Nehru came.", ["J. Nehru"]),
    ],
)
def test_names_cut_where_they_end(text: str, names: list[str]) -> None:
    found = re.findall(r"<persName[^>]*>([^<]*)</persName>", body(f"CABLE\n\n{text}\n"))
    assert found == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # two known of three or more: the rest of the list are people too
        (
            "Present were Brezhnev, Voronov, Kosygin and Kozlov.",
            ["Brezhnev", "Voronov", "Kosygin", "Kozlov"],
        ),
        ("Present were Molotov, T.F. Shtykov, Kim I.M.", ["Molotov", "T.F. Shtykov", "Kim I.M."]),
        # one known is not enough; places and offices stay what they are
        ("Present were Brezhnev, Voronov and Halvik.", ["Brezhnev"]),
        ("Stalin, Molotov, Moscow and Warsaw.", ["Stalin", "Molotov"]),
        ("Stalin, Molotov, Deputy Chairman and Ministers.", ["Stalin", "Molotov"]),
    ],
)
def test_names_in_a_list_of_known_names(text: str, names: list[str]) -> None:
    found = re.findall(r"<persName[^>]*>([^<]*)</persName>", body(f"CABLE\n\n{text}\n"))
    assert found == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # given names, a particle and a suffix written with a known surname
        ("Leonid Ilyich Brezhnev met.", ["Leonid Ilyich Brezhnev"]),
        ("President Asad spoke; so did Hafiz al-Asad.", ["Asad", "Hafiz al-Asad"]),
        ("Then Thomas W. Simons, Jr. spoke.", ["Thomas W. Simons, Jr."]),
        # not a sentence's first word, an office's last word, a title or a place
        (
            "Yesterday Brezhnev left. Dear Compañero Khrushchev:",
            ["Brezhnev", "Compañero Khrushchev"],
        ),
        ("the Secretary of State Dulles and Moscow Brezhnev", ["Dulles", "Brezhnev"]),
        (
            "Ambassador Sayre spoke. High Commissioner Sayre came; Ambassadors Sayre left.",
            ["Sayre", "Sayre", "Sayre"],
        ),
        # a surname written first has no given name before it after an office's "of …"
        (
            "We met Lam Vo Tien; Vice Minister of Foreign Affairs Nguyen Co Thach came.",
            ["Lam Vo Tien", "Nguyen Co Thach"],
        ),
    ],
)
def test_given_names_before_a_known_surname(text: str, names: list[str]) -> None:
    tree = etree.fromstring(convert_text(f"CABLE\n\n{text}\n").xml)
    found = ["".join(e.itertext()) for e in tree.iterfind(".//{*}body//{*}persName")]
    assert found == names


def test_surnames_before_initials_in_a_list_of_those_present() -> None:
    text = (
        "CABLE\n\nIn attendance:\nPelshe, A.Ia.;\nDemichev, P.N.\n\n"
        "They met at Hyde Park, N. Y.\n\nThe talks went well.\n"
    )
    found = re.findall(r"<persName[^>]*>([^<]*)</persName>", body(text))
    # the initials after the comma are each entry's; not "Park" of "Hyde Park, N. Y."
    assert found == ["Pelshe, A.Ia.", "Demichev, P.N."]


def test_listed_towns_are_places() -> None:
    found = body("CABLE\n\nHe went to Petrograd, Kiev and Ho Chi Minh City by Hong Kong.\n")
    places = re.findall(r"<placeName[^>]*>([^<]*)</placeName>", found)
    assert places == ["Petrograd", "Kiev", "Ho Chi Minh City", "Hong Kong"]
    assert "persName" not in found  # "Ho Chi Minh City" is no person's name


def test_countries_abbreviations_are_places_as_written() -> None:
    found = body("CABLE\n\nThe USSR and the GDR told the U.S. side. THEY TOLD US. Tell us.\n")
    places = re.findall(r"<placeName[^>]*>([^<]*)</placeName>", found)
    assert places == ["USSR", "GDR", "U.S."]  # never "US", a telegram's "us"


def test_things_named_after_places_and_people_are_not_them() -> None:
    found = body(
        "CABLE\n\nThe London Times, the United States Army, the Hopkins Papers, the China "
        "Division.\n"
    )
    assert "placeName" not in found and "persName" not in found


def test_bracket_completing_a_listed_name_is_supplied_inside_it() -> None:
    text = "CABLE\n\nFidel [Castro] met Kim [Il Sung]; Petrov [Castro] did not.\n"
    found = body(text)
    assert "<persName>Fidel <supplied>Castro</supplied></persName> met" in found
    assert "<persName>Kim <supplied>Il Sung</supplied></persName>;" in found
    # a name the two do not make is the editor's identification, as before
    assert 'Petrov <note type="editorial"><persName>Castro</persName></note>' in found


def test_bracket_identifying_a_name_stays_a_note() -> None:
    text = "CABLE\n\nI forward a message to Dmitriev [Kostin] from the chairman.\n"
    assert 'Dmitriev <note type="editorial">Kostin</note> from' in body(text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # people the conventions list are names with no title (header.person_names)
        (
            "Ulbricht and Stoph announced talks. Kosygin replied; Le Duan agreed.",
            ["Ulbricht", "Stoph", "Kosygin", "Le Duan"],
        ),
        # the later Cold War's people; two known people side by side stay two
        (
            "Taraki met Mengistu; with Tsedenbal Ulanfu spoke.",
            ["Taraki", "Mengistu", "Tsedenbal", "Ulanfu"],
        ),
        ("those taking part: BULGANIN, MOLOTOV.", ["BULGANIN", "MOLOTOV"]),
        # a given name and surname listed together are one name
        ("Egon Krenz said so; Walter Ulbricht agreed.", ["Egon Krenz", "Walter Ulbricht"]),
        # not where the name begins another ("Ho Chi Minh City", "Kennedy Library")
        ("In Ho Chi Minh City and at the Kennedy Library.", []),
        # a listed name of several words before a shorter one the text taught
        (
            "General Chiang said no. Chiang Kai-shek agreed.",
            ["Chiang", "Chiang Kai-shek"],  # a rank stands outside the name
        ),
    ],
)
def test_listed_people_marked(text: str, names: list[str]) -> None:
    found = re.findall(r"<persName[^>]*>([^<]*)</persName>", body(f"CABLE\n\n{text}\n"))
    assert found == names


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # organisations the conventions list (header.org_names), in running text
        (
            "The CC CPSU and the Politburo discussed the MPLA's request with NATO.",
            ["CC CPSU", "Politburo", "MPLA", "NATO"],
        ),
        # a listed name of several words before the place inside it
        (
            "The Communist Party of China and the Warsaw Pact; the Korean Workers’ Party.",
            ["Communist Party of China", "Warsaw Pact", "Korean Workers’ Party"],
        ),
        ("We met. THE CENTRAL COMMITTEE AGREED to it.", ["CENTRAL COMMITTEE"]),  # any case…
        ("Nato troops; the un resolution.", []),  # …listed in capitals: "NATO", "UN"
        (
            "NATO, the Baghdad Pact and the World Peace Council.",
            ["NATO", "Baghdad Pact", "World Peace Council"],
        ),
        ("CIA-RDP79T00975A004600010001-5", []),  # a call number, not the agency
    ],
)
def test_listed_organisations_marked(text: str, orgs: list[str]) -> None:
    assert org_names(f"CABLE\n\n{text}\n") == orgs


def org_names(text: str) -> list[str]:
    """The organisations' names of the converted text's body, as read (names inside too)."""
    tree = etree.fromstring(convert_text(text).xml)
    return ["".join(e.itertext()) for e in tree.iterfind(".//{*}body//{*}orgName")]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a head word (header.org_heads) with the capitalised words before it or after "of"
        (
            "The Soviet Embassy in Pyongyang wrote to the Ministry of Foreign Affairs of the "
            "USSR and the International Department of the CC CPSU.",
            [
                "Soviet Embassy in Pyongyang",
                "Ministry of Foreign Affairs of the USSR",
                "International Department of the CC CPSU",
            ],
        ),
        # found again where the text names it alone
        ("The Harbor Commission met. The Harbor Commission agreed.", ["Harbor Commission"] * 2),
        # alone, a head word names nothing, nor after a word the text writes in small letters
        ("The Ministry refused. Yesterday Ministry officials said so yesterday.", []),
        # capitals after a name in capitals are a person's name; "for" needs two words
        (
            "The Cabinet of Ministers of the DPRK KIM IL SUNG spoke to the British Government "
            "for American aid and the Committee for State Security.",
            [
                "Cabinet of Ministers of the DPRK",
                "British Government",
                "Committee for State Security",
            ],
        ),
        # acronyms before the head; "and" goes on, but not into a known name
        (
            "The CPSU CC Politburo and the Socialist Unity Party of Germany and Kim Il Sung.",
            ["CPSU CC Politburo", "Socialist Unity Party of Germany"],
        ),
        (
            "The Department of Agitation and Propaganda met.",
            ["Department of Agitation and Propaganda"],
        ),
        # a journal named after an organisation; a sentence's first word written nowhere
        # else with its capital is no part of the name
        (
            "See the Department of State Bulletin; the Department of State agreed.",
            ["Department of State"],
        ),
        ("It agreed. Entire Provisional Government members came.", ["Provisional Government"]),
        ("The People's Democratic Party met.", ["People's Democratic Party"]),
        # a compass word that begins a country's name ("South Africa", "West Germany")
        (
            "The South African Government and the West German Embassy met.",
            ["South African Government", "West German Embassy"],
        ),
        (
            "the Ministry of Foreign Affairs Cable and the Ministry of Trade and Comrade Pak.",
            ["Ministry of Foreign Affairs", "Ministry of Trade"],
        ),
        # an honorific's pronoun with its capital before a possessive opens the name
        (
            "His Majesty's Government and Her Majesty's Embassy agreed. His aide did not.",
            ["His Majesty's Government", "Her Majesty's Embassy"],
        ),
        # more head words; a sentence's first word after a parenthesis ends the sentence
        (
            "The National Institute of Agrarian Reform and the Supreme Court met. (Not "
            "clear.) Presumably Parliament will vote, and the French Foreign Office too.",
            ["National Institute of Agrarian Reform", "Supreme Court", "French Foreign Office"],
        ),
        # an office's rank ends its "of" part, unless a name or a link follows it
        (
            "He spoke for the Office of the Prime Minister; the Ministry of Foreign Affairs "
            "Minister Halvik and the Central Committee of the Party and Chairman Lund came.",
            [
                "Office of the Prime Minister",
                "Ministry of Foreign Affairs",
                "Central Committee of the Party",
            ],
        ),
        # a rank after a head word is an office of the organisation, not a word of its name
        (
            "Ion Popa, Central Committee of the Romanian Communist Party Secretary and "
            "Dumitru Turcus, Deputy Head of Section, attended.",
            ["Central Committee of the Romanian Communist Party"],
        ),
        # a possessive after the last word is the name's, not in it
        (
            "The Central Committee of the Harbour Party's decision came.",
            ["Central Committee of the Harbour Party"],
        ),
    ],
)
def test_organisations_by_their_head_words(text: str, orgs: list[str]) -> None:
    assert org_names(f"CABLE\n\n{text}\n") == orgs


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a name before its office, as participants are listed
        (
            "For the Norland side – Ivo Lund, Minister of Trade; Ida Brenner, Deputy "
            "Director; and Chi P’eng-fei, the First Secretary.",
            ["Ivo Lund", "Ida Brenner", "Chi P’eng-fei"],
        ),
        # not a place, an ordinary word the text writes in small letters, or one word (the
        # surname after the office is a name, by its rank)
        ("In Velmar Harbour, Director Lund said so; the harbour is old.", ["Lund"]),
        ("Moscow, Minister of Trade", []),
    ],
)
def test_names_before_their_offices(text: str, names: list[str]) -> None:
    assert marked(text) == names


def test_states_named_by_their_head_words_are_places() -> None:
    found = body(
        "CABLE\n\nThe Democratic People's Republic of Korea and the German Democratic "
        "Republic wrote to the Council of Ministers of the Republic of Cuba Fidel Castro. "
        "The Republic agreed.\n"
    )
    assert "<placeName>Democratic People's Republic of Korea</placeName>" in found
    assert "<placeName>German Democratic Republic</placeName>" in found
    # an organisation's name stops before a known person's
    assert (
        "<orgName>Council of Ministers of the <placeName>Republic of Cuba</placeName></orgName>"
        " <persName>Fidel Castro</persName>" in found
    )
    assert "The Republic agreed" in found  # the head word alone names nothing


def test_places_inside_an_organisations_name() -> None:
    found = body("CABLE\n\nThe Soviet Embassy in Pyongyang and the CC CPSU wrote.\n")
    assert "<orgName>Soviet Embassy in <placeName>Pyongyang</placeName></orgName>" in found
    assert "<orgName>CC CPSU</orgName>" in found  # no organisation inside another
    found = body("CABLE\n\nThe United States Government agreed.\n")
    assert "<orgName><placeName>United States</placeName> Government</orgName>" in found


def test_an_organisations_small_words_come_from_the_conventions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "CABLE\n\nThe Soviet Embassy at Pyongyang and the Office des Changes de Paris.\n"
    assert org_names(text) == ["Soviet Embassy"]
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[header]\norg_heads = ["office"]\n[parts]\norg_seat_words = ["at"]\n'
        'org_joiners = ["des"]\norg_links = ["de"]\n',
        encoding="utf-8",
    )
    tree = etree.fromstring(convert_text(text, conventions=load_conventions(mine)).xml)
    found = ["".join(e.itertext()) for e in tree.iterfind(".//{*}body//{*}orgName")]
    assert found == ["Soviet Embassy at Pyongyang", "Office des Changes de Paris"]


def test_a_countrys_abbreviated_title_is_no_persons_initials() -> None:
    found = body("CABLE\n\nWe reject any interference in the affairs of S.R. Romania.\n")
    assert "S.R. <placeName>Romania</placeName>." in found
    assert "persName" not in found


def test_a_states_ministry_is_an_organisation_holding_the_state() -> None:
    text = (
        "People's Republic of Ruritania Ministry of Foreign Affairs Cable\n\n"
        "The Federal Republic of Ruritania Embassy replied.\n"
    )
    found = body(text)
    assert (
        "<orgName><placeName>People's Republic of Ruritania</placeName> Ministry of Foreign "
        "Affairs</orgName>" in found
    )
    assert (
        "<orgName><placeName>Federal Republic of Ruritania</placeName> Embassy</orgName>" in found
    )


def test_a_known_body_goes_on_after_a_word_in_capitals() -> None:
    found = body("Note\n\nThe Chairman of the Presidium of the USSR Supreme Soviet came.\n")
    assert "<orgName>Presidium of the <placeName>USSR</placeName> Supreme Soviet</orgName>" in found


def test_a_title_before_a_head_word_is_no_organisation() -> None:
    found = body("Participants\n\nComrade Army General Orlenko\n\nThe talks began.\n")
    assert "<orgName>" not in found


def test_a_titles_document_kind_is_no_dateline_place() -> None:
    found = convert_text("Orlenko Report, 1 November 1956\n\nThe talks began.\n").xml.decode()
    assert "<placeName>Orlenko Report</placeName>" not in found
    assert "<dateline>" not in found


def test_the_citations_translator_is_marked_whole_in_the_text() -> None:
    text = (
        "Skip to content\n\nMarch 3, 1958\n\nNote on the Harbour\n\n"
        "The dues were lowered, as Gary Orlenko noted.\n\nCitation:\n\n"
        '"Note on the Harbour," March 3, 1958, Invented Regional Archive, f. 3, op. 1. '
        "Translated by Gary Orlenko.\n"
    )
    assert '<persName ref="#translator">Gary Orlenko</persName>' in body(text)


def test_a_supplied_office_and_given_name_before_a_surname_of_two_words() -> None:
    """ "[Norland President Adolfo] López Varga": the surname of two words is learnt, the
    given name goes into its persName, the office stays supplied beside it; a person's
    name before a thing named after it ("Brezhnev Doctrine") is no surname of two words."""
    xml = body("Telegram\n\nA letter from [Norland President Adolfo] López Varga has arrived.\n")
    assert (
        "<supplied>Norland President</supplied> <persName><supplied>Adolfo</supplied>"
        " López Varga</persName>"
    ) in xml
    xml = body("Telegram\n\nHe spoke of the [Olaf] Halvik Doctrine in May.\n")
    assert "<persName>" not in xml


def test_an_editors_label_in_a_bracket_is_no_given_name() -> None:
    """ "[Excised] Establishing a zone …": the bracket is an omission, no given name, so
    the word after it is no surname; "[Leonid] Brezhnev" still is one."""
    found = marked("Obtain the paragraph. [Excised] Establishing a zone is worth nothing.")
    assert "Establishing" not in found
    assert marked("Then [Olaf] Halvik spoke and Halvik agreed.") == ["Halvik", "Halvik"]


def test_a_lettered_telegram_reference_is_no_persons_initial() -> None:
    """ "Ref: A. State 128486; B. Vessen 3295": lettered references to telegrams."""
    assert marked("Ref: A. State 128486;2 B. Vessen 3295, para 1.") == []
    assert marked("Signed by O. Halvik 1962 in Vessen.") == ["O. Halvik"]


def test_a_thing_named_after_an_office_and_a_comma_is_no_person() -> None:
    """ "… the Secretary of State, White House, Washington": where they met, no person."""
    found = marked("A Conversation Between the President and the Secretary of State, White House,"
                   " Washington, August 11.")  # fmt: skip
    assert "White House" not in found


def test_a_divided_citys_half_is_one_place() -> None:
    found = body("CABLE\n\nHe spoke of West Berlin, of East Berlin and of Berlin.\n")
    assert "<placeName>West Berlin</placeName>, of <placeName>East Berlin</placeName>" in found


def test_given_names_after_a_surname_written_first_complete_it() -> None:
    """ "Attaché Huang [Wenyou]": the bracket supplies the given names of a surname written
    first, so it goes into the persName (it was an editor's note beside it); after a
    surname that is not written first it stays outside."""
    xml = body("Ambassador Shen and Attaché Huang [Wenyou] left early.\n")
    assert "<persName>Huang <supplied>Wenyou</supplied></persName>" in xml
    xml = body("Ambassador Shen and Attaché Halvik [Olaf] left early.\n")
    assert "<persName>Halvik</persName> <" in xml


def test_an_office_of_a_department_in_a_bracket_before_given_names() -> None:
    """ "[US Secretary of State William] Rogers'": "State" is the office's last word
    (`parts.departments`), so "William" is the given name; "[Minister of Foreign Affairs]
    Gromyko" holds no given name."""
    xml = body("They asked about [US Secretary of State William] Rogers' visit to the port.\n")
    assert (
        "<supplied>US Secretary of State</supplied> "
        "<persName><supplied>William</supplied> Rogers</persName>'" in xml
    )
    xml = body("They asked about [Minister of Foreign Affairs] Gromyko's visit to the port.\n")
    assert "<persName>Affairs" not in xml and "<supplied>Affairs" not in xml


def test_names_written_surname_first_end_where_their_syllables_do() -> None:
    """ "Zhou Enlai Talking to …": an English verb's form is no given name; "Pak, Tong-Jin"
    (a surname, a comma and hyphenated given names) is one name; a telegram's "Dept" is
    no given name before a surname."""
    xml = body("Premier Zhou Enlai Talking to the Ambassador, he said no.\n")
    assert "<persName>Zhou Enlai</persName> Talking" in xml
    xml = body("Kim Il Visited the works; Kim Il Sung came later.\n")
    assert "<persName>Kim Il</persName> Visited" in xml
    assert "<persName>Kim Il Sung</persName> came" in xml
    xml = body("Ambassador Pak, Tong-Jin said yes, and Minister Lund agreed.\n")
    assert "<persName>Pak, Tong-Jin</persName> said" in xml
    xml = body("Ambassador Pak, Soviet-Korean relations are good, and Minister Lund agreed.\n")
    assert "<persName>Pak</persName>, Soviet-Korean" in xml
    xml = body("Brit Emb informed Dept Ambassador Lund had discussed it with Dept Lund.\n")
    assert "Dept <persName>" in xml and "<persName>Dept" not in xml


def test_a_verb_before_a_plural_title_is_no_name_in_a_list() -> None:
    """ "Entrust Comrades Andropov, Ustinov and Gromyko …": in a list of names, the words
    before its plural title are no part of the first name."""
    xml = body("Report\n\nEntrust Comrades Andropov, Ustinov and Gromyko to carry it out.\n")
    assert "Entrust Comrades <persName>Andropov</persName>, <persName>Ustinov</persName>" in xml


def test_an_office_is_no_name_after_a_title_or_in_a_list() -> None:
    """ "Mr. Special Advisor" names nobody ("special" is an office's word), and the office
    "Deputy Foreign Minister" below "To: Comrade Ion Barbu," is no second addressee."""
    xml = body("Mr. Special Advisor, we have read your paper. The Special Advisor agreed.\n")
    assert "<persName" not in xml
    xml = body(
        "Telegram, No. 12\n\nTo: Comrade Ion Barbu,\n\nDeputy Foreign Minister\n\n"
        "With respect to your telegram of May 30, 1971, I report the following.\n"
    )
    assert "<persName>Deputy" not in xml
    assert '<persName role="addressee">Comrade Ion Barbu</persName>' in xml


def test_a_double_surname_holding_a_country_is_a_person() -> None:
    """ "Mendes-France" is a person the conventions name, no France; "Outer-Mongolia" and
    "Indo-Pakistan" keep their places."""
    xml = body("At noon I invited Mendes-France to lunch in Paris.\n")
    assert "<persName>Mendes-France</persName>" in xml
    assert "<placeName>Paris</placeName>" in xml
    xml = body("Indo-Pakistan relations and Outer-Mongolia were discussed.\n")
    assert "Indo-<placeName>Pakistan</placeName>" in xml
    assert "Outer-<placeName>Mongolia</placeName>" in xml


def test_two_names_set_against_each_other_by_a_hyphen_are_two_people() -> None:
    """ "the Gao Gang-Rao Shushi affair": two names written surname first, joined by a
    hyphen, are two persNames; "Kim Il-Sung" is one."""
    xml = body("He spoke of the Gao Gang-Rao Shushi affair at length. Kim Il-Sung came.\n")
    assert "<persName>Gao Gang</persName>-<persName>Rao Shushi</persName>" in xml
    assert "<persName>Kim Il-Sung</persName>" in xml


def test_an_initial_the_editor_spelt_out_opens_a_persons_name() -> None:
    """ "W[illiam] Hyland": an initial completed in brackets before a surname makes the
    surname a person's, found again alone; "the U[nited] States" names no person."""
    xml = body("Then W[illiam] Halvik came in. Halvik left. The U[nited] States agreed.\n")
    assert '<persName>W<supplied reason="abbreviated">illiam</supplied> Halvik</persName>' in xml
    assert "<persName>Halvik</persName> left" in xml
    assert "States</persName>" not in xml


def test_a_frus_office_abbreviation_is_a_rank_before_the_name() -> None:
    """ "DAS Bodde" (Deputy Assistant Secretary), "the DCM Halvik": the office stays
    outside the persName."""
    xml = body("It was attended by the Ambassador, DAS Bodde, and the DCM Halvik.\n")
    assert "DAS <persName>Bodde</persName>" in xml
    assert "DCM <persName>Halvik</persName>" in xml


def test_the_ministers_the_cables_name_most_are_known_by_surname() -> None:
    """The default `person_names` hold the Cold War's ministers and envoys named by surname
    alone ("Bidault", "Pineau", "Subandrio"), and a correspondent the title names keeps
    its id when the conventions know the name too: the signer in capitals points at it."""
    xml = body("Bidault and Pineau met Subandrio in Geneva.\n")
    for name in ("Bidault", "Pineau", "Subandrio"):
        assert f"<persName>{name}</persName>" in xml
    text = (
        "Skip to content\n\nOctober 12, 1949\n\nCable, Vyshinsky to Halvik\n\n"
        "Vyshinsky reports that the talks went well.\n\nVYSHINSKY\n"
    )
    xml = convert_text(text).xml.decode()
    assert '<signed><persName ref="#vyshinsky">VYSHINSKY</persName></signed>' in xml


def test_clergy_and_rulers_are_ranks_before_the_name() -> None:
    """ "Rabbi Miller", "Cardinal Wyszynski", "Ex-Emperor Bao Dai": the title stays outside
    the persName, and is no given name."""
    xml = body("Rabbi Miller met Cardinal Wyszynski. Ex-Emperor Bao Dai spoke.\n")
    assert "Rabbi <persName>Miller</persName>" in xml
    assert "Cardinal <persName>Wyszynski</persName>" in xml
    assert "Ex-Emperor <persName>Bao Dai</persName>" in xml


def test_a_surname_supplied_after_a_patronymic_joins_the_name() -> None:
    """ "Viktor Mikhailovich [Chebrikov]": the editor's surname after a given name and
    patronymic is the persName's (it was an editor's note beside it)."""
    xml = body("I met Viktor Mikhailovich [Halvikov] today, and he sent greetings.\n")
    assert "<persName>Viktor Mikhailovich <supplied>Halvikov</supplied></persName>" in xml
    # a place or an office in the brackets is no surname
    xml = body("I met Pavel Ivanovich [Moscow] and Nikolai Petrovich [Chairman] in Moscow.\n")
    assert "<supplied><placeName>Moscow" not in xml and "<supplied>Chairman" not in xml


def test_a_bracket_between_office_words_is_no_name() -> None:
    """ "Deputy [Foreign Affairs] Minister": the bracket holds words of the office, no
    person's name, wherever "Foreign Affairs" is written after it."""
    xml = body(
        "To the Ministry of Foreign Affairs.\n\nCde. Ion Vasilescu, Deputy [Foreign Affairs]"
        " Minister, came to the Ministry of Foreign Affairs.\n"
    )
    assert "<persName>Foreign Affairs" not in xml


def test_a_listed_name_in_small_letters_is_a_word() -> None:
    """The conventions' people are matched in any case, but never written in small letters
    ("he long hoped", "cotton batista"), except for their particles ("de Gaulle"); a
    spelt-out initial is a given name only where the conventions know it ("A[rms]
    Control" names no one)."""
    xml = body(
        "He said that he long hoped for it. Marshal He Long came. The cotton batista "
        "exports fell, and de Gaulle met Batista. The A[rms] Control agency met.\n"
    )
    assert "<persName>he long</persName>" not in xml
    assert "<persName>He Long</persName> came" in xml
    assert "<persName>batista</persName>" not in xml
    assert "<persName>de Gaulle</persName>" in xml
    assert "Control</persName>" not in xml
