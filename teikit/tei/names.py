"""Names in the text: who and where, learnt from the document itself and from the page.

Translated cables write names in capitals: "Cde. MAO ZEDONG", "from LANZHOU to URUMCHI".
A name is learnt where its context says what it is (a person prefix such as "Cde." or
"General"; a place preposition such as "from", "to", "in"), and then every other
mention of it is marked the same way.  Names from the page's lists of people and
places are found in any case and point at their header entry.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from teikit.transcription.lexicon import (
    Lexicon,
    grouped_alternation,
    initial_lookahead,
    scanning_alternation,
)
from teikit.transcription.lists import BULLETS, roman_numeral, roman_value

TEI_NS = "http://www.tei-c.org/ns/1.0"

_CAPS_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ’'\-]+"
# An apostrophe may stand inside a name (O’Shaughnessy), not as a possessive (Dulles’, Yoshida’s).
_TITLE_WORD = (  # "MacArthur" and "McMurtrie" too
    r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ](?:[a-zß-öø-ÿā-žа-яё\-]+(?:[A-Z][a-z]+)?"
    r"(?:[’'](?!s\b)[A-Za-zà-ÿ][a-zß-öø-ÿā-žа-яё\-]+)*"  # "Il’nyts’kyi": soft signs too
    # "D'yakonov", "O’Brien": one capital, then the apostrophe (not "I'll")
    r"|(?<!I)[’'][A-Za-zà-ÿ][a-zß-öø-ÿā-žа-яё\-]+)"
)
# a given name (or two) and a surname, each a title word: "Winston Lord", "Le Duc Tho"
_FULL_NAME = rf"(?:{_TITLE_WORD}[ \u00a0]){{1,2}}{_TITLE_WORD}"
# Two to four words in Latin capitals, on one line, not run on from other capitals or
# initials. Only translations write names so: capitals in Cyrillic text are acronyms (ЦК РКП).
_LATIN_CAPS_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž’'\-]+"
# Each pattern that scans whole texts opens with its first character (or a lookahead for
# it), so that most positions are passed at one class test (lexicon.scanning_alternation).
# _CAPS_RUN opens with the first capital itself, so re skips to the capitals at C speed;
# its lookbehinds stand after that capital and reach one character further back.
_CAPS_RUN = re.compile(
    rf"[A-ZÀ-ÖØ-ÞĀ-Ž](?<![\w.’'\-].)(?<![A-ZÀ-ÖØ-ÞĀ-Ž.][ \u00a0].)"
    rf"[A-ZÀ-ÖØ-ÞĀ-Ž’'\-]+(?:[ \u00a0]{_LATIN_CAPS_WORD}){{1,3}}(?![\w’'(\-])"
    rf"(?![ \u00a0][A-ZÀ-ÖØ-ÞĀ-Ž]{{2}})"
)
_LOWER = re.compile(r"[a-zß-ÿа-яё]")
_LOWER_WORD = re.compile(r"[a-zß-ÿа-яё](?<![\w’'-].)[\w’'-]*")  # its letter first: see _CAPS_RUN
_MORE_PLACES = re.compile(
    rf"(?:,[ \u00a0]*|[ \u00a0]+and[ \u00a0]+)({_LATIN_CAPS_WORD}(?:[ \u00a0]{_LATIN_CAPS_WORD})?)"
    r"(?![\w(])"
)
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
# "… and Ion Dobrescu": one to three capitalised words after "and", ending a phrase
_WORD_PUNCTUATION = ".,;:!?\"'()[]“”‘’«»—–"
_AND_NAME = re.compile(
    rf"[ \u00a0]+and[ \u00a0]+((?:{_TITLE_WORD})(?:[ \u00a0]+(?:{_TITLE_WORD})){{0,2}})(?![\w’'-])"
)


@dataclass(frozen=True)
class Name:
    """A known name: its text, person or place, and the header entry it points at."""

    text: str
    kind: str  # "person" | "place" | "org"
    ref: str | None = None
    any_case: bool = False


@dataclass
class NameIndex:
    """Every name learnt for one document, found again wherever it is mentioned."""

    lex: Lexicon
    names: dict[str, Name] = field(default_factory=dict)
    # the document's texts, whose words in small letters ("provisional", "level") are read
    # once, when a name after a title first needs them (`common_words`)
    texts: tuple[str, ...] = ()
    _common: frozenset[str] | None = None
    _pattern: re.Pattern[str] | None = None
    _by_first_word: dict[str, list[tuple[str, Name]]] | None = None
    _mid_capitals: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def common_words(self) -> frozenset[str]:
        if self._common is None:  # split, not a pattern: this runs for most documents
            self._common = frozenset(
                w.strip(_WORD_PUNCTUATION) for t in self.texts for w in t.split() if w[:1].islower()
            )
        return self._common

    def add(self, name: Name) -> None:
        key = name.text.casefold() if name.any_case else name.text
        # a name from the page's lists (any case) is not learnt again without its id
        if len(name.text) >= 3 and key not in self.names and name.text.casefold() not in self.names:
            self.names[key] = name
            self._pattern = None
            if self._by_first_word is not None:  # kept up to date, not made again
                self._by_first_word.setdefault(_first_word(key), []).append((key, name))

    def learn(self, text: str) -> None:
        """Learn names from running text by their context."""
        self._learn_cable_addresses(text)
        if _mostly_capitals(text):
            return
        lower_words: set[str] | None = None
        for match in self._prefixed().finditer(text):
            name = self._accepted(
                self._before_common_word(self._without_office(match.group("name"))[1])
            )
            if name:
                self.add(Name(name, "person"))
                if lower_words is None:
                    lower_words = set(_LOWER_WORD.findall(text))
                self._learn_surname_of(name, lower_words)
                # "comrade Constantin Vasile and Ion Dobrescu", "Cde. Ivanov and Petrov": one
                # title for two people
                other = _AND_NAME.match(text, match.end())
                if other and self._is_name(other.group(1)) and self._other_like(other, name):
                    self.add(Name(other.group(1), "person"))
        for match in _surname_first_pattern(self.lex.conventions.parts.surnames_first).finditer(
            text
        ):
            after = _NEXT_WORD.match(text, match.end())
            if (
                after
                and after.group(1)[:1].isupper()
                and self.lex.folded(after.group(1)) in self.lex.name_stopwords
            ):
                continue  # "Ho Chi Minh City", "Han River": a place named after it
            if self._given_names(match.group()):
                for name in self._hyphenated_pair(match.group()):
                    self.add(Name(name, "person"))
        for match in self._initialled().finditer(text):
            surname = match.group("surname")
            # "Hyde Park, N. Y. This message": a word the text also writes in lower case
            # ("this") is an ordinary word after an abbreviation, not a surname
            if surname[1:].islower():
                if lower_words is None:  # read once: a search per match was quadratic
                    lower_words = set(_LOWER_WORD.findall(text))
                if surname.lower() in lower_words:
                    continue
            known = self.lookup(surname)
            if known is not None and known.kind == "place":
                continue  # "S.R. Romania": a country's abbreviated title, no initials
            if _NUMBER_AFTER.match(text, match.end()):
                continue  # "Ref: A. State 128486": a lettered reference to a telegram
            if self._is_name(match.group()) and self._initials_of_a_name(match):
                self.add(Name(match.group(), "person"))
                self.add(Name(match.group("surname"), "person"))
                if lower_words is None:
                    lower_words = set(_LOWER_WORD.findall(text))
                given = self._given_before(text, match, lower_words)
                if given is not None:  # "Gyorgy T. Varga"
                    self.add(Name(text[given : match.end()], "person"))
        self._learn_organisations(text)
        self._learn_name_lists(text)
        self._learn_names_before_offices(text)
        self._learn_names_after_offices(text)
        self._learn_names_in_brackets_after_offices(text)
        self._learn_participants(text)
        self._learn_surnames_before_initials(text)
        self._learn_entries_with_initials(text)
        for match in _BRACKET_BEFORE_SURNAME.finditer(text):
            # "[CPSU Secretary General Leonid] Brezhnev": an office the editor supplied
            surname = match.group("surname")
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            body = match.group("body")
            if (
                (self.given_in_bracket(body) is not None or self._given_only(body, lower_words))
                and self._surname_words(surname)
                and surname.lower() not in lower_words
                and not self.lex.participants.fullmatch(
                    f"{surname}:"
                )  # "[Additional] Participants:"
            ):
                self.add(Name(surname, "person"))
        for match in _INITIAL_COMPLETED.finditer(text):
            # "W[illiam] Hyland": the editor spelt out a given name's initial
            surname = match.group("surname")
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            given = self.lex.folded(match.group()[0] + match.group("rest"))
            if given not in _given_names(self.lex.conventions.header.person_names):
                continue  # "the U[nited] States", "A[rms] Control": no given name spelt out
            if self._surname_words(surname) and surname.lower() not in lower_words:
                self.add(Name(surname, "person"))
        listed_on = _listed_on_pattern(self.lex.person_prefix.pattern)
        for match in self._listed().finditer(text):
            found: re.Match[str] | None = match
            while found is not None:
                # "…, Nam Il, and Pak Seong-cheol": the "and" after a comma is no part of a name
                for name in NAME_LIST_SPLIT.split(found.group("names")):
                    name = _COPY_COUNT.sub("", name)  # "Stalin (2)"
                    if (
                        self._is_name(name)
                        and not self.lex.only_marks(name)  # "URGENT"
                        and not self._ends_on_office(name)  # "Deputy Foreign Minister"
                    ):
                        self.add(Name(name.strip(), "person"))
                found = listed_on.match(text, found.end())
        self._learn_appositions(text)
        for match in _place_pattern(self.lex.conventions.parts.place_prepositions).finditer(text):
            words = match.group(1)
            # "a surprise to GOY", "sent to CIA": three capitals or fewer are an acronym
            # (a place the conventions know is in the index already)
            if len(words) > 3 and not self._ignorable(words):
                self.add(Name(words, "place"))
                # "in YUNNAN and GUANGXI", "to URUMCHI, HAMI": places listed after the first
                pos = match.end(1)
                while (more := _MORE_PLACES.match(text, pos)) is not None:
                    if self._ignorable(more.group(1)) or not self._no_acronym(more.group(1)):
                        break
                    self.add(Name(more.group(1), "place"))
                    pos = more.end(1)
        for line in text.splitlines():
            if _LOWER.search(line) and not _mostly_capitals(line):
                for match in _CAPS_RUN.finditer(line):
                    if match.group() not in self.names and self._no_acronym(match.group()):
                        self.add(Name(match.group(), "person"))
        self._learn_spelt_out(text)

    def _learn_surname_of(self, name: str, lower_words: set[str]) -> None:
        """ "Ambassador Jerzy Kowalczyk" … "Kowalczyk said": the last word of a given name
        and surname is the person alone too; not where the family name comes first ("Kim
        Il Sung", "Mao Zedong"), nor a word the text writes in small letters."""
        words = name.split()
        if (
            len(words) < 2
            or self.lex.folded(words[0]) in self.lex.conventions.parts.surnames_first
            or words[0].lower() in lower_words  # "Amb. While Dept": a sentence after "Amb."
        ):
            return
        surname = words[-1]
        if self._is_surname(surname) and surname.lower() not in lower_words:
            self.add(Name(surname, "person"))

    def _before_title(self, name: str) -> str:
        """ "Gomulka Comrade Winiewicz" (two columns run together): a name after a title
        ends before the next title."""
        words = name.split()
        for k, word in enumerate(words[1:], 1):
            # (not an initial: the "M." of "A. M. Puzanov" is no Monsieur)
            if len(word.rstrip(".")) > 1 and self.lex.is_title(word):
                return " ".join(words[:k])
        return name

    def _before_common_word(self, name: str) -> str:
        """ "Com. Provisional Chargé", "Minister Level Talks": a name after a title ends
        before a word the text also writes in small letters ("provisional", "level"); a
        surname written first, before an English verb's form ("Premier Zhou Enlai
        Talking")."""
        words = name.split()
        if (
            len(words) == 3
            and self.lex.folded(words[0]) in self.lex.conventions.parts.surnames_first
            and _VERB_FORM.fullmatch(words[2])
        ):
            return " ".join(words[:2])
        if not any(w[1:].islower() for w in words):
            return name
        kept = []
        for word in name.split():
            if word[1:].islower() and word.lower() in self.common_words:
                break
            kept.append(word)
        return " ".join(kept)

    def _learn_entries_with_initials(self, text: str) -> None:
        """ "Present: Grishin V.V.; Gromyko A.A.; Kirilenko A.P.": each surname of such a
        run of entries is a person's, unless the conventions know it as something else."""
        if ".;" not in text and ".," not in text:
            return  # a run of entries has an initial's stop before a separator
        initials = self.lex.conventions.parts.multi_letter_initials
        for run in _entries_with_initials_pattern(initials).finditer(text):
            for entry in re.split(r"[;,]", run.group()):
                surname = entry.split()[0] if entry.split() else ""
                if surname and self.lookup(surname) is None and self._unknown_name(surname):
                    self.add(Name(surname, "person"))

    def _learn_surnames_before_initials(self, text: str) -> None:
        """ "Pelshe, A.Ia.;", "Demichev, P.N.": a surname with the initials of the given
        names after it, as lists of those present write them, is a person's (not a known
        place's: "Washington, D.C.")."""
        pattern = _surname_initials_pattern(self.lex.conventions.parts.multi_letter_initials)
        for match in pattern.finditer(text):
            surname = match.group("surname")
            before = _GIVEN_BEFORE.search(text, max(0, match.start() - 30), match.start())
            if before is not None and not (
                self.lex.person_prefix.fullmatch(before.group("given"))
                or self.lex.person_list_prefix.fullmatch(before.group("given"))
            ):
                continue  # "Hyde Park, N. Y.": the last word of a longer name
            if self.lookup(surname) is None and self._unknown_name(surname):
                self.add(Name(surname, "person"))

    def _learn_name_lists(self, text: str) -> None:
        """ "Brezhnev, Voronov, Kirilenko, Kozlov and Podgorny": in a list of three names or
        more of which at least two are known people and a third are, the others are people
        too, when each has a name's shape and is no known place, organisation or office."""
        for match in _NAME_LIST.finditer(text):
            items = NAME_LIST_SPLIT.split(match.group())
            prefix = self.lex.person_list_prefix.search(items[0]) or self.lex.person_prefix.match(
                items[0]
            )
            if prefix is not None:
                # "Comrades Brezhnev, …": the title is no part of a name, nor what stands
                # before it ("Entrust Comrades Andropov, Ustinov and Gromyko")
                items[0] = items[0][prefix.end() :].strip()
            known = sum(self._known_person(item) for item in items)
            if known < 2 or known * 3 < len(items):
                continue
            for item in items:
                if self.lookup(item) is None and self._unknown_name(item):
                    self.add(Name(item, "person"))

    def _learn_names_before_offices(self, text: str) -> None:
        """ "Ivan Bashev, Minister of Foreign Affairs;", "Chi P’eng-fei, Minister of Foreign
        Affairs": two or three capitalised words, a comma, then an office (a `role_words`
        word, perhaps after "the" or "First"), as lists of participants write them, are a
        person's name, when no word of it is an office's, a stopword, a month, a place or
        an ordinary word the text writes in small letters too."""
        for match in _NAME_THEN_OFFICE.finditer(text):
            office = self.lex.folded(match.group("office")).split("-")[0]
            before = text[max(0, match.start() - 5) : match.start()].split()
            if before and before[-1] in ("of", "for"):
                continue  # "the Minister of Foreign Affairs, the Minister of …": an office's
            if office in self.lex.role_words:
                self._add_if_new_name(match.group("name"))

    def _learn_participants(self, text: str) -> None:
        """ "Interpreter and minute-taker: Xiang Zhongpu", "Participants on our part: Ji
        Pengfei, Li Huichuan": the names after a participants label (conventions
        `parts.participants`) on its line, each two or three capitalised words, are
        people's, on the terms of a name before its office."""
        for line in _LABELLED_LINE.finditer(text):
            label = line.group("label")
            if (
                not self.lex.participants.match(label + ":")
                or self.lex.folded(label).strip()
                in self.lex.subject_labels  # "Subject: Soviet Trade"
            ):
                continue
            for piece in re.split(r"[,;]|\s+and\s+", line.group("value")):
                name = piece.strip().rstrip(".")
                if _TWO_OR_THREE_WORDS.fullmatch(name):
                    self._add_if_new_name(name)

    def _learn_names_after_offices(self, text: str) -> None:
        """ "The Secretary General of the CC of the BCP, Petar Mladenov, was given the
        floor": an office (a `role_words` word with a capital, the words of its body after
        it), a comma, then two or three capitalised words set off by a comma or a stop are
        a person's name, on the same terms as a name before its office."""
        for match in _NAME_AFTER_COMMA.finditer(text):
            before = _WORDS_BEFORE_COMMA.search(text, max(0, match.start() - 120), match.start())
            words = before.group().split() if before else []
            if any(
                w[:1].isupper() and self.lex.folded(w).split("-")[0] in self.lex.role_words
                for w in words
            ):
                self._add_if_new_name(match.group("name"))

    def _learn_names_in_brackets_after_offices(self, text: str) -> None:
        """ "The Soviet ambassador [Aleksandr Alekseyev] suggested", "the Ambassador [Shen
        Jian]": two or three capitalised words the editor put in brackets right after an
        office's word (`role_words`) are the name of whoever holds it."""
        for match in _names_in_brackets_after_words(text):
            after = _NEXT_WORD.match(text, match.end())
            if after is not None and self.lex.folded(after.group(1)) in self.lex.role_words:
                continue  # "Deputy [Foreign Affairs] Minister": a word of the office's
            if self.lex.folded(match.group("office")) in self.lex.role_words:
                # "Premier [Pham Van Dong’s] advisers": the possessive is no part of the name
                self._add_if_new_name(_POSSESSIVE_END.sub("", match.group("name")))

    def _add_if_new_name(self, name: str) -> None:
        """Learn `name` as a person's when nothing is known by it and no word of it is an
        office's, a stopword, a month, a known name other than a person's (the "Shen" of
        "Shen Jian" may be known already) or an ordinary word the text writes in small
        letters too."""
        if (
            self.lookup(name) is None
            and self._unknown_name(name)
            and not any(
                self.lex.folded(w) in self.common_words or self._known_as_other(w)
                for w in name.split()
            )
        ):
            self.add(Name(name, "person"))

    def _known_as_other(self, word: str) -> bool:
        known = self.lookup(word)
        return known is not None and known.kind != "person"

    def _unknown_name(self, item: str) -> bool:
        """Whether a list's item not yet known can be a person's name: its words no stopword,
        office, organisation's word or month."""
        lex = self.lex
        last = item.split()[-1].rstrip(".") if item else ""
        return (
            len(last) > 1
            # "Samsonov, G. Ye.": initials after a surname, no name of their own
            and last not in lex.conventions.parts.multi_letter_initials
            # "White House", "Kennedy Library": a thing named, no person
            and not (
                len(item.split()) > 1 and lex.folded(last) in lex.conventions.parts.place_named
            )
            and self._is_name(item)
            and not any(
                (folded := lex.folded(w)) in lex.name_stopwords
                or folded in lex.role_words
                or folded.removesuffix("s") in lex.role_words  # "Ministers"
                or folded in lex.conventions.dates.months
                for w in item.split()
            )
        )

    def _learn_organisations(self, text: str) -> None:
        """ "the Soviet Embassy in Pyongyang", "the Ministry of Foreign Affairs of the USSR":
        a head word of the conventions (`header.org_heads`) with a capital, and the
        capitalised words before it or the "of …" words after it, name an organisation;
        built on a state's head word (`header.place_heads`), a place: "the Federal Republic
        of Germany", "the German Democratic Republic"."""
        header = self.lex.conventions.header
        heads = _org_head_pattern(header.org_heads + header.place_heads)
        if heads is None:
            return
        for match in heads.finditer(text):
            start = self._org_start(text, match.start())
            end = self._org_end(text, match.end())
            if end > match.end() and text[end - 2 : end] in ("'s", "’s"):
                end -= 2  # "… of the Romanian Communist Party's meeting": the party's
            if match.group().lower() in header.org_seated:
                parts = self.lex.conventions.parts
                seat = _org_seat_pattern(
                    parts.org_seat_words, parts.articles, parts.name_stopwords
                ).match(text, end)
                end = seat.end() if seat is not None else end
            if (
                (start < match.start() or end > match.end())
                and not _ORG_GOES_ON.match(text, end)
                # "the Department of State Bulletin": a journal named after it
                and not self._names_publication(text, end)
            ):
                # "the People's Republic of China": a state's name is a place's; "People's
                # Republic of China Ministry of Foreign Affairs", its ministry's an org's
                kind = "place" if match.group().lower() in header.place_heads else "org"
                org_head = next(
                    (
                        m
                        for m in heads.finditer(text, match.end(), end)
                        if m.group().lower() not in header.place_heads
                    ),
                    None,
                )
                if kind == "place" and org_head is not None:
                    self.add(Name(text[start : org_head.start()].rstrip(), "place"))
                    kind = "org"
                self.add(Name(text[start:end], kind))

    def _org_end(self, text: str, end: int) -> int:
        """Where an organisation's name ends after its head word: past each "of …"/"for …"
        ("Ministry of Foreign Affairs of the USSR"), whose capitalised words stop before a
        stopword or a title ("… Affairs Cable", "… and Comrade Pak") and, after a word in
        capitals, before a name ("Cabinet of Ministers of the DPRK KIM IL SUNG", "the PRC
        MFA Xu Yixin"): capitals go on only as an acronym the conventions know ("CC CPSU")."""
        parts = self.lex.conventions.parts
        stopwords, months = parts.name_stopwords, self.lex.conventions.dates.months
        joiner = _org_joiner_pattern(parts.org_joiners + parts.org_purpose_joiners, parts.articles)
        next_word = _org_next_word_pattern(parts.org_links)
        org_heads = self.lex.conventions.header.org_heads
        while (joined := joiner.match(text, end)) is not None:
            word = _ORG_WORD.match(text, joined.end())
            if word is None or self.lex.folded(word.group()) in months:
                break
            words_end, capitals, count = word.end(), word.group().isupper(), 1
            last = self.lex.folded(word.group())
            for _ in range(4):
                word = next_word.match(text, words_end)
                if word is None:
                    break
                written = word.group("word")
                folded = self.lex.folded(written)
                if word.group("joined") and self._begins_name(text, word.start("word")):
                    break  # "… Party of Germany and Kim Il Sung": and someone known
                if last in org_heads and self.lex.person_rank.fullmatch(written):
                    break  # "… Communist Party Secretary": an office of it, not its name
                if self._begins_name(text, word.start("word"), kinds=("person",)):
                    break  # "… of the Republic of Cuba Fidel Castro Ruz": someone known
                if folded in stopwords and written.isupper() and len(written) > 1:
                    pass  # "the CC CPSU": an acronym the conventions know goes on
                elif (
                    capitals
                    # "Presidium of the USSR Supreme Soviet": a body the text knows goes on
                    and not self._begins_name(text, word.start("word"), kinds=("org",))
                    or written.isupper()  # "… of State EO Systematic Review"
                    or self.lex.person_prefix.fullmatch(written)
                    # "Office of the Prime Minister": a rank ends the name, not one before a
                    # name ("… Affairs Minister Gromyko") or after a link ("… and Chairman")
                    and not (
                        self.lex.person_rank.fullmatch(written)
                        and not word.group("joined")
                        and not _CAPITAL_NEXT.match(text, word.end())
                    )
                    or self.lex.doc_kind.fullmatch(written)  # "… Affairs Cable"
                    or folded in months
                    or folded in self.lex.conventions.parts.publication_words  # "… Bulletin"
                ):
                    break
                words_end, capitals, count = word.end(), written.isupper(), count + 1
                last = folded
            if joined.group("joiner") in parts.org_purpose_joiners and count < 2:
                break  # "the British Government for American aid"
            end = words_end
        return end

    def _begins_name(
        self, text: str, at: int, kinds: tuple[str, ...] = ("person", "place")
    ) -> bool:
        """Whether a known person's or place's name (of `kinds`) begins at `at` ("Kim Il
        Sung")."""
        rest = text[at : at + 60].casefold()
        return any(
            name.kind in kinds and rest.startswith(key.casefold())
            for key, name in self._names_by_first_word().get(_first_word(rest), ())
        )

    def opens_known_person(self, word: str) -> bool:
        """Whether a known person's name of two words or more opens with `word` ("Deng" of
        "Deng Xiaoping")."""
        return any(
            name.kind == "person" and " " in key
            for key, name in self._names_by_first_word().get(_first_word(word.casefold()), ())
        )

    def _names_by_first_word(self) -> dict[str, list[tuple[str, Name]]]:
        """The known names by their first word in small letters, made once and kept up to
        date by `add` (a look over every name per "and" grew with the document)."""
        if self._by_first_word is None:
            self._by_first_word = {}
            for key, name in self.names.items():
                self._by_first_word.setdefault(_first_word(key), []).append((key, name))
        return self._by_first_word

    def _country_before(self, folded: str, rest: str) -> bool:
        """Whether a word and the name's first word after it begin or are a country's name
        ("south" + "African": South Africa; "west" + "German": West Germany)."""
        words = rest.split()
        pair = f"{folded} {self.lex.folded(words[0])}" if words else folded
        return any(
            pair.startswith(c) or c.startswith(pair)
            for c in self.lex.conventions.header.country_names
            if c.startswith(f"{folded} ")
        )

    def _capitalised_within(self, text: str) -> frozenset[str]:
        """The words `text` writes with their capital inside a sentence ("the Soviet
        Embassy"), so no mere sentence's first words; read once per text (a search per
        word grew with the document)."""
        found = self._mid_capitals.get(text)
        if found is None:
            found = frozenset(_MID_SENTENCE_CAPITAL.findall(text))
            self._mid_capitals[text] = found
        return found

    def _org_start(self, text: str, head: int) -> int:
        """Where the capitalised words before an organisation's head word begin: "Soviet"
        of "the Soviet Embassy", not "The" opening the sentence; at most three words."""
        start = head
        parts = self.lex.conventions.parts
        stopwords = parts.name_stopwords  # "Soviet" is an org word
        after_possessive = False
        for _ in range(3):
            word = _WORD_BEFORE_HEAD.search(text, max(0, start - 40), start)
            if word is None:
                break
            written = word.group(1)
            folded = self.lex.folded(written)
            acronym = len(written) > 1 and written.isupper()  # "the CPSU CC Politburo"
            # "the People's Democratic Party": a stopword's possessive is the name's own
            possessive = written.endswith(("’s", "'s"))
            # "Yesterday Ministry officials": a sentence's first word the text also writes
            # in small letters; "Deputy Department …": an office
            before = _char_before(text, word.start(1), " \u00a0")
            opens = not before.isalnum()
            if before == "/":  # "Declassified/Released US Department of State"
                break
            after_sentence = _after_sentence(text, word.start(1), " \u00a0")
            if after_sentence and written not in self._capitalised_within(text):
                break  # "Assumed Department …", "Entire Provisional Government": the sentence's
            # "the South African Government", "the West German Embassy": a country's name
            country = start < head and self._country_before(folded, text[start:head])
            # "His Majesty's Government": an honorific's pronoun with its capital
            honorific = after_possessive and written in parts.org_honorifics
            if (
                folded in stopwords
                and not (acronym or possessive or country or honorific)
                or opens
                and folded in self.common_words
                or folded in self.lex.role_words
                and not possessive  # "People's" is an office's word too ("People's Commissar")
                or self.lex.person_prefix.fullmatch(written)  # "Comrade Army General X": a title
            ):
                break
            start, after_possessive = word.start(1), possessive
        return start

    def _learn_cable_addresses(self, text: str) -> None:
        """ "FM AMEMBASSY BELGRADE", "TO SECSTATE WASHDC": a telegram's address and the seat
        after it are an organisation; a seat of two words only where the first cannot stand
        alone ("NEW DELHI") or the gazetteer knows both."""
        parts = self.lex.conventions.parts
        if not parts.cable_addresses:
            return
        for match in self.lex.cable_address.finditer(text):
            seat = list(_WORD.finditer(text, match.start("seat"), match.end("seat")))
            if seat and self.lex.folded(seat[0].group()) in parts.cable_addresses:
                continue  # "INFO AMEMBASSY AMEMBASSY": no seat
            if len(seat) == 2 and not (
                self.lex.folded(seat[0].group()) in self.lex.name_stopwords
                or self.lex.folded(f"{seat[0].group()} {seat[1].group()}")
                in self.lex.conventions.header.place_names
            ):
                seat = seat[:1]
            if seat:
                self.add(Name(text[match.start() : seat[-1].end()], "org"))

    def _learn_spelt_out(self, text: str) -> None:
        """ "Fidel Castro" where the text also writes "F. Castro": the given name the initial
        stands for, learnt with the surname."""
        initials: dict[str, set[str]] = {}
        for name in self.names.values():
            written = _ONE_INITIAL_NAME.fullmatch(name.text)
            if name.kind == "person" and written:
                initials.setdefault(written.group(2), set()).add(written.group(1))
        if not initials:
            return
        lower_words: set[str] | None = None
        for start, given, end in _spelt_out_mentions(text, sorted(initials, key=len, reverse=True)):
            surname = text[start + len(given) + 1 : end]
            if given[0] not in initials[surname]:
                continue
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            if not _opens_sentence(text, start) and self._could_be_given(given, lower_words):
                self.add(Name(text[start:end], "person"))

    def _initialled(self) -> re.Pattern[str]:
        return _initialled_pattern(self.lex.conventions.parts.multi_letter_initials)

    def _initials_of_a_name(self, match: re.Match[str]) -> bool:
        """ "A.M. Puzanov", not "the S.S. Williamsburg", "U.S. Ambassador", "U.S. National
        Security" or "F.S.O. VII": initials after an article, before an office or a numeral,
        or before a word that runs on into more capitalised words, are no person's."""
        surname = match.group("surname")
        parts = self.lex.conventions.parts
        before = _LAST_WORDS.search(match.string, max(0, match.start() - 20), match.start())
        return (
            self._is_surname(surname)
            and not _ROMAN_NUMERAL.fullmatch(surname)
            and not _section_heading(match)
            # "Samsonov, G. Ye.": initials after a surname, not before one
            and not (surname in parts.multi_letter_initials and self._text_after(match)[:1] == ".")
            and not (before is not None and self.lex.folded(before.group(2)) in parts.articles)
            # "Senator H. Alexander Smith": where the name ends is unknown, unless the text
            # names that person elsewhere ("Franklin D. Roosevelt Library", "President Roosevelt")
            and not (
                surname[1:].islower()
                and _TITLE_NEXT.match(self._text_after(match))
                and not self._known_person(surname)
            )
        )

    def _known_person(self, text: str) -> bool:
        name = self.lookup(text)
        return name is not None and name.kind == "person"

    @staticmethod
    def _text_after(match: re.Match[str]) -> str:
        return match.string[match.end() : match.end() + 3]

    def _is_surname(self, word: str) -> bool:
        """A word that can be a surname on its own: no office, rank, title or stopword."""
        lex = self.lex
        folded = lex.folded(word)
        return (
            folded not in lex.role_words
            and folded not in lex.name_stopwords
            and not lex.person_prefix.fullmatch(word)
            and self._is_name(word)
        )

    def _surname_words(self, surname: str) -> bool:
        """A surname of one word or two ("López Mateos"), each a surname's, the last no
        word that makes it the name of a thing or a body ("Brezhnev Doctrine", "Kim
        Company": `parts.place_named`, `header.org_words`)."""
        words = surname.split()
        lex = self.lex
        last = lex.folded(words[-1])
        return all(self._is_surname(w) for w in words) and (
            len(words) == 1
            or last not in lex.conventions.parts.place_named
            and last not in lex.conventions.header.org_words
        )

    def _could_be_given(self, word: str, lower_words: set[str]) -> bool:
        """ "Gyorgy", "Fidel": a capitalised word that is no office, title, stopword or word
        the text also writes in lower case."""
        known = self.lookup(word)  # "the prime minister of India J. Nehru"
        return (
            self._is_surname(word)
            and word.lower() not in lower_words
            and (known is None or known.kind == "person")
        )

    def _given_before(self, text: str, match: re.Match[str], lower_words: set[str]) -> int | None:
        """Where a given name starts right before one initial and a surname ("Published by
        Gyorgy T. Varga"); None when there is none or the word opens a sentence."""
        if match.group("initials").count(".") != 1:
            return None
        found = _GIVEN_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if found is None or not self._could_be_given(found.group("given"), lower_words):
            return None
        if _opens_sentence(text, found.start()) and not _entry_of_a_list(
            text, found.start(), match.end()
        ):
            return None  # "Yesterday A. Gromyko said": any word is capitalised there
        return found.start()

    def given_in_bracket(self, body: str) -> int | None:
        """Where the given names start in a bracket the editor put before a surname, when it
        holds an office: "U.S. National Security Adviser Henry A." (at "Henry A."); the
        body's length when it is an office alone ("Foreign Minister"); None when it holds
        no office."""
        words = list(_WORD.finditer(body))
        lex = self.lex

        def office(i: int) -> bool:
            folded = lex.folded(words[i].group().strip(",;"))
            return (
                folded in lex.role_words
                or folded.endswith("s")  # "Ministers"
                and folded[:-1] in lex.role_words
                or bool(lex.person_prefix.fullmatch(words[i].group()))
            )

        def seated(first: int) -> bool:
            """An office, "to" or "in" (`parts.place_prepositions`), and one to three
            capitalised words of its seat (an article maybe before them: "in the DPRK")
            just before the word at `first`; or "of" and a known place or a department
            ("President of Cuba Osvaldo", "Secretary of State William", not "Minister of
            Foreign Affairs")."""
            seat_joiners = lex.conventions.parts.place_prepositions
            articles = lex.conventions.parts.articles
            for j in range(first - 2, max(first - 5, 0) - 1, -1):
                joiner = words[j].group()
                if j < 1 or not office(j - 1):
                    continue
                seat = [w.group() for w in words[j + 1 : first]]
                if joiner in seat_joiners:
                    return all(
                        w[:1].isupper() or k == 0 and lex.folded(w) in articles
                        for k, w in enumerate(seat)
                    ) and any(w[:1].isupper() for w in seat)
                if joiner in lex.office_joiners:
                    if lex.folded(" ".join(seat)) in lex.conventions.parts.departments:
                        return True  # "Secretary of State William"
                    place = self.lookup(" ".join(seat))
                    return place is not None and place.kind == "place"
            return False

        if not any(office(i) for i in range(len(words))):
            return None
        k = len(words)
        while k > 0 and _ONE_INITIAL.fullmatch(words[k - 1].group()):
            k -= 1
        # the given names: the last word, or the last two after an office ("Cuban President
        # Osvaldo Torrado")
        first = k - 1
        if (
            k >= 3
            and self._may_be_given(words[k - 2].group())
            and (office(k - 3) or seated(k - 2))  # "… to Cuba Sergei Mikhailovich"
        ):
            first = k - 2
        if first >= 1 and all(self._may_be_given(w.group()) for w in words[first:k]):
            before = words[first - 1].group()
            if (
                k < len(words)  # "Walter B.": a middle initial says it is a given name
                or office(first - 1)
                or before[:1].islower()  # "the Polish leader Władysław"
                and lex.folded(before) not in lex.name_stopwords
                or seated(first)  # "Soviet Ambassador to Cuba Aleksandr"
                # "Chair of the Policy Planning Council Walt": an organisation's head word
                or lex.folded(before) in lex.conventions.header.org_heads
            ):
                return words[first].start()
        # initials with no given name before them are not an office's words
        return len(body) if k == len(words) else None

    def _may_be_given(self, word: str) -> bool:
        return bool(re.fullmatch(_TITLE_WORD, word)) and self._is_surname(word)

    def _without_office(self, name: str) -> tuple[int, str]:
        """Where the name starts in `name` and the name, without the office words before or
        after it: "Minister Keller" (Keller), "Shumilov Head" (of KGB: Shumilov); empty
        when it is an office alone ("Comrade Minister")."""
        words = list(_WORD.finditer(name))
        office = [self.lex.folded(w.group()) in self.lex.role_words for w in words]
        first = next((i for i, is_office in enumerate(office) if not is_office), len(words))
        last = next((i for i in range(first, len(words)) if office[i]), len(words))
        if first == last:
            return 0, ""
        start = words[first].start()
        return start, name[start : words[last - 1].end()]

    def _hyphenated_pair(self, name: str) -> tuple[str, ...]:
        """ "Gao Gang-Rao Shushi": two names written surname first, set against each other
        by a hyphen (the second's surname capitalised after it), are two people."""
        words = name.split()
        surnames = self.lex.conventions.parts.surnames_first
        if len(words) == 3 and "-" in words[1]:
            given, _, second = words[1].partition("-")
            if second[:1].isupper() and self.lex.folded(second) in surnames:
                return (f"{words[0]} {given}", f"{second} {words[2]}")
        return (name,)

    def _given_names(self, name: str) -> bool:
        """ "Mao Zedong", not "Kim Company" or "Ho Chi Minh City": no word after the surname is
        a name stopword, an office or an organisation word."""
        lex = self.lex
        words = name.split()
        return lex.folded(words[0]) not in lex.name_stopwords and not any(
            lex.folded(w) in lex.name_stopwords or lex.folded(w) in lex.role_words
            for w in words[1:]
        )

    def _no_acronym(self, run: str) -> bool:
        """ "KIM IL SUNG", "PAK SON-CHOL": capitals with no acronym or function word among them."""
        words = run.split()
        lex = self.lex
        # "POL US-USSR": a piece of a hyphenated word may be the acronym
        pieces = [p for w in words for p in w.split("-") if p]
        surnames = lex.conventions.parts.surnames_first
        return (
            any(len(w.strip("-’'")) >= 3 for w in words)
            and not any(lex.folded(p) in lex.name_stopwords for p in pieces)
            # "DRV MNO": two short acronyms, unless the first is a surname ("KIM IL")
            and not (
                len(words) == 2
                and all(len(w) <= 3 for w in words)
                and lex.folded(words[0]) not in surnames
            )
            and not lex.only_marks(run)
            and not lex.doc_kind.fullmatch(run)
        )

    def _ignorable(self, words: str) -> bool:
        lex = self.lex
        return bool(
            _ROMAN_NUMERAL.fullmatch(words)
            or lex.is_classification(words)
            or lex.is_priority(words)
            or lex.doc_kind.fullmatch(words)
            or words in self.names
            and self.names[words].kind != "place"
        )

    def given_names_supplied(self, text: str, start: int) -> int | None:
        """Where the given names begin in the bracket opening at `start` when it supplies an
        office and given names before a known surname: "[CPSU Secretary General Leonid]
        Brezhnev" (at "Leonid"); None otherwise."""
        match = _BRACKET_BEFORE_SURNAME.match(text, start)
        if match is None:
            return None
        name = self.lookup(match.group("surname"))
        body = match.group("body")
        at = self.given_in_bracket(body) if name is not None and name.kind == "person" else None
        if at is None or at >= len(body.rstrip()):
            return None
        return match.start("body") + at

    def _given_only(self, body: str, lower_words: set[str], most: int = 2) -> bool:
        """ "[Leonid]", "[Nikita Sergeyevich]": one to `most` given names the editor
        supplied, none of them a word the text also writes in lower case."""
        words = body.split()
        return (
            1 <= len(words) <= most
            and all(
                re.fullmatch(_TITLE_WORD, w) and self._could_be_given(w, lower_words) for w in words
            )
            and self.lex.folded(body) not in self.lex.bracket_labels  # "[Excised] Establishing"
        )

    def surname_after_given(self, text: str, start: int) -> Name | None:
        """The known person whose surname follows the bracket opening at `start` when the
        bracket supplies given names only: "[Leonid] Brezhnev" with Brezhnev known;
        "[Li] Fuchun" with "Li Fuchun" known, which teaches "Fuchun" as that person's."""
        match = _BRACKET_BEFORE_SURNAME.match(text, start)
        if match is None:
            return None
        body, surname = match.group("body").strip(), match.group("surname")
        if not self._given_only(body, set(), most=3):
            return None
        name = self.lookup(surname)
        if name is not None:
            return name if name.kind == "person" else None
        whole = self.lookup(f"{body} {surname}")
        if whole is None or whole.kind != "person":
            return None
        self.add(Name(surname, "person", whole.ref))
        return whole

    def completed_by(self, before: str, supplied: str) -> Name | None:
        """The known person whose name the words just before a bracket and the bracket's
        text make: "Ambassador Jiao [Ruoyu]" with "Jiao Ruoyu" known."""
        words = _LAST_WORDS.search(before, max(0, len(before) - 80))
        if words is None:
            return None
        for stem in (words.group(2), words.group(1)):
            name = self.lookup(f"{stem} {supplied}") if stem else None
            if name is not None and name.kind == "person":
                return name
        # "Pavel Ivanovich [Orlov]": the surname after a given name and patronymic
        patronymic = words.group(1) != words.group(2) and _PATRONYMIC.search(words.group(2))
        if (
            patronymic
            and re.fullmatch(_TITLE_WORD, supplied)
            and self._is_surname(supplied)  # "Nikolai Petrovich [Chairman]": an office
            and not self._known_as_other(supplied)  # "Pavel Ivanovich [Moscow]": a place
        ):
            return Name(f"{words.group(1)} {supplied}", "person")
        # "Attaché Huang [Wenyou]": given names after a known surname written first
        surname = words.group(2)
        known = self.lookup(surname)
        if (
            known is None
            or known.kind != "person"
            or self.lex.folded(surname) not in self.lex.conventions.parts.surnames_first
            or not self._given_only(supplied, set())
        ):
            return None
        return Name(f"{surname} {supplied}", "person", known.ref)

    def _other_like(self, other: re.Match[str], name: str) -> bool:
        """Whether the name after "and" is shaped as the titled one before it: as many
        words, none a stopword, an office or a known place."""
        words = other.group(1).split()
        return (
            len(words) == len(name.split())
            and not any(
                self.lex.folded(w) in self.lex.name_stopwords
                or self.lex.folded(w) in self.lex.role_words
                for w in words
            )
            and (self.lookup(other.group(1)) is None or self._known_person(other.group(1)))
        )

    def _accepted(self, name: str) -> str:
        """`name` after a title when it is a name; else, when it ends on a word in capitals,
        the name before that word ("Cde. Ivanov USSR": Ivanov); else ""."""
        if name and self._is_name(name):
            return name
        head, _, last = name.rpartition(" ")
        if head and last.isupper() and self._is_name(head):
            return head
        return ""

    def _ends_on_office(self, name: str) -> bool:
        """ "To: Comrade Ion Barbu," / "Deputy Foreign Minister": a name's last word is
        never an office's."""
        words = name.split()
        return bool(words) and self.lex.folded(words[-1]) in self.lex.role_words

    def _is_name(self, text: str) -> bool:
        words = text.split()
        # "Major General": a rank after a rank is no name; nor is "Mr" of "Mr.Rusk"
        initial = _initial_pattern(self.lex.conventions.parts.multi_letter_initials)
        initials = len(words) > 1 and all(initial.fullmatch(w) for w in words[:2])
        if (
            words
            and not initials  # "M. S. Gorbachev": "M." before an initial is his, no "Monsieur"
            and self.lex.is_title(words[0])
        ):
            return False
        # "Cde. DVO, USSR MFA": three capitals or fewer alone are an acronym, unless a surname
        if (
            len(words) == 1
            and words[0].isupper()
            and len(words[0].strip(".,")) <= 3
            and self.lex.folded(words[0].strip(".,"))
            not in self.lex.conventions.parts.surnames_first
        ):
            return False
        # "Comr. Copy": one ordinary word after a title is no name; "Amb. While Dept …":
        # nor are words opening with one
        if words and self.lex.folded(words[0]) in self.lex.name_stopwords:
            return False
        # "CHAIRMAN OF THE USSR": a title's words, not a name
        return not any(
            word.casefold().strip(".,") in self.lex.not_a_name
            or word.isupper()
            and word.casefold() in self.lex.name_stopwords
            for word in words
        )

    def _initials_after(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """ "Grishin V.V.;": the initials after a surname that opens a list's entry (after a
        semicolon, a comma, a label or the line's start), which belong to the name."""
        if text[start - 1 : start] == ".":
            return None  # "A. Gromyko" has its initials before the name already
        initials = _initials_after_pattern(self.lex.conventions.parts.multi_letter_initials).match(
            text, end
        )
        if initials is None:
            return None  # most names have none: the tests of what stands before are not needed
        lead = text[max(0, start - 40) : start].rstrip(" \t\u00a0")
        # "Present Andropov Y.V.;", "Chaired comrade BREZHNEV L.Y.": a participants label
        # (conventions `parts.participants`) written without its colon
        label = lead.split()[-1] if lead.split() else ""
        if (
            lead
            and lead[-1] not in ";,:\n"
            and not self.lex.participants.match(f"{label}:")
            # "Attended by Coms. Andropov, Iu.V., …": the first name after a plural title
            and not self.lex.person_list_prefix.fullmatch(label)
            # "Chaired by Comrade BREZHNEV, L.I.": after a title, on a participants line
            # (not "copy to Cde. Leuschner, W.U.", where they are the writer's)
            and not (
                self.lex.person_prefix.fullmatch(label) and self._participants_line(text, start)
            )
        ):
            return None
        return initials

    def _participants_line(self, text: str, at: int) -> bool:
        """Whether the line holding `at` opens with a participants label ("Chaired by",
        "Present"; conventions `parts.participants`)."""
        opening = text[text.rfind("\n", 0, at) + 1 : at].split()
        return bool(opening) and self.lex.participants.match(f"{opening[0]}:") is not None

    def _learn_appositions(self, text: str) -> None:
        """A name beside who the person is, set off by commas: "Maltsev, the first deputy
        of the foreign minister, gave …", "Their former Ambassador, Puzanov, failed …" and
        "Aurel Duca, deputy member of …," (an office word, `parts.role_words`, among the
        words that say who), or on a list's line ("• Winston Lord, NSC Staff": an office's
        or an organisation's word). Not a known place or organisation, a word the text
        also writes in small letters, or a name after a preposition ("In Vessen, the
        minister of trade, who …"). The scans open with the comma (or a line's start),
        so re skips ahead at C speed."""
        lex = self.lex
        roles = lex.role_words
        found: list[tuple[str, bool, int]] = []  # the name, whether who says an office, where
        who_after = _comma_who_pattern(lex.conventions.parts.apposition_openers)
        for match in who_after.finditer(text):  # "Maltsev, the first deputy …,"
            name = _NAME_BEFORE_COMMA.search(text, max(0, match.start() - 60), match.start())
            if name is not None:
                said = any(lex.folded(w) in roles for w in match.group("who").split())
                found.append((name.group(), said, name.start()))
        for match in _COMMA_NAME.finditer(text):  # "Ambassador, Puzanov,"
            who = text[max(0, match.start() - 30) : match.start()].split()
            if who:
                found.append(
                    (match.group("name"), lex.folded(who[-1]) in roles, match.start("name"))
                )
        for match in _COMMA_OFFICE.finditer(text):  # "Aurel Duca, deputy member of …,"
            office, following = match.group("office"), match.group("next").split()[0]
            if lex.folded(office) not in roles or (
                office[:1].isupper()
                and following[:1].isupper()
                and lex.folded(following) not in roles
            ):
                continue  # "…, Dulles Papers, General Memoranda": a rank before a name
            name = _FULL_NAME_BEFORE_COMMA.search(text, max(0, match.start() - 60), match.start())
            if name is not None:
                found.append((name.group(), True, name.start()))
        org_words = lex.conventions.header.org_words
        for match in _ENTRY_NAME_WHO.finditer(text):  # "  • Winston Lord, NSC Staff"
            who = [lex.folded(w.strip(",.;:")) for w in match.group("who").split()]
            # an office's word, or an organisation's last ("NSC Staff", not "NSC Staff paper")
            said = any(w in roles for w in who) or who[-1] in org_words
            found.append((match.group("name"), said, match.start("name")))
        for name, said, at in found:
            if not said:
                continue
            before = text[max(0, at - 20) : at].split()
            if before and lex.folded(before[-1]) in lex.conventions.parts.place_prepositions:
                continue
            words = name.split()
            if (
                self.lookup(name) is None
                and self._is_name(name)
                and not any(lex.folded(w) in roles for w in words)
                and not any(w.lower() in self.common_words for w in words)
            ):
                self.add(Name(name, "person"))

    def _listed(self) -> re.Pattern[str]:
        return _listed_pattern(self.lex.person_list_prefix.pattern)

    def _prefixed(self) -> re.Pattern[str]:
        return _prefixed_pattern(
            self.lex.person_prefix.pattern, self.lex.conventions.parts.multi_letter_initials
        )

    def find(self, text: str) -> list[tuple[int, int, Callable[[etree._Element], etree._Element]]]:
        """Spans of known names in `text` (prefixes such as "Cde." included), longest first."""
        found = []
        if not _mostly_capitals(text):
            prefixed, pos = self._prefixed(), 0
            while (match := prefixed.search(text, pos)) is not None:
                pos = match.end()
                titled = self._before_title(match.group("name"))
                if titled != match.group("name"):
                    pos = match.start("name") + len(titled)  # the next title's name too
                offset, written = self._without_office(titled)
                written = self._accepted(self._before_common_word(written))
                if not written:
                    continue
                name = self.lookup(written) or Name(written, "person")
                # "Comrades Orlov, Belov": a plural title belongs to the whole list, not to Orlov;
                # "General TAO SHIYAO": a rank stands before the name, outside it
                prefixes = text[match.start() : match.start("name")]
                plural = self.lex.person_list_prefix.match(text, match.start())
                rank = self.lex.person_rank.search(prefixes)
                name_start = match.start("name") + offset
                start = name_start if plural or rank or offset else match.start()
                end = name_start + len(written)
                if name.kind == "person" and (
                    initials := self._initials_after(text, name_start, end)
                ):
                    end = initials.end()
                found.append((start, end, _builder(name)))
        pattern = self._compiled()
        if pattern is not None:
            for match in pattern.finditer(text):
                name = self.lookup(match.group())
                if (
                    name is not None
                    and name.any_case
                    and name.kind == "person"
                    and self._in_small_letters(match.group())
                ):
                    continue  # "he long hoped", "cotton batista": words, no He Long or Batista
                if name is not None and not self._names_something_else(name, text, match.end()):
                    start, end = match.span()
                    if name.kind == "person" and not _NO_GIVEN_NAMES.match(match.group()):
                        start = self._given_names_before(text, start, match.group())
                        suffix = _suffix_pattern(self.lex.conventions.parts.name_suffixes).match(
                            text, end
                        ) or self._initials_after(text, start, end)
                        end = suffix.end() if suffix else end
                    found.append((start, end, _builder(name)))
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept, last = [], -1
        for item in found:
            if item[0] >= last:
                kept.append(item)
                last = item[1]
        return kept

    def _given_names_before(self, text: str, start: int, name: str = "") -> int:
        """Where a known person's name begins with the given names and particle written
        before it: "Leonid Ilyich Brezhnev", "Agostinho Neto", "Hafiz al-Asad"; not a title,
        an office, a place, a stopword or a sentence's first word the text writes in small
        letters ("Yesterday Brezhnev")."""
        particle = _particle_pattern(self.lex.conventions.parts.name_particles).search(
            text, max(0, start - 4), start
        )
        if particle is not None:
            start = particle.start()
        lex = self.lex
        parts = lex.conventions.parts
        office_words = parts.org_joiners + parts.org_purpose_joiners + parts.articles
        # "… of Foreign Affairs Nguyen Co Thach": before a surname written first, a word
        # after an office's "of" and a capitalised word ends the office, no given name
        surname_first = bool(name) and lex.folded(name.split()[0]) in parts.surnames_first
        for _ in range(2):
            word = _GIVEN_BEFORE.search(text, max(0, start - 30), start)
            if word is None:
                break
            written, at = word.group("given"), word.start("given")
            if surname_first and _office_of_before_pattern(office_words).search(
                text, max(0, at - 30), at
            ):
                break
            folded = lex.folded(written)
            known = self.lookup(written)
            words = folded.split("-")  # "Director-General"
            if (
                any(
                    w in lex.name_stopwords
                    or w in lex.role_words
                    or w.removesuffix("s") in lex.role_words  # "Ambassadors Johnson"
                    for w in words
                )
                or any(
                    lex.person_prefix.fullmatch(w)
                    for w in (written, written + ".", written.removesuffix("s"))
                )
                or folded in lex.conventions.dates.months
                or known is not None  # a place, or a person of their own: "Tsedenbal Ulanfu"
                or folded in self.common_words
                # "Secretary of State George P. Shultz": an office's last word
                or _office_word_before_pattern(office_words).search(text, max(0, at - 12), at)
                # "Even Varela agreed": a sentence's first word is a given name only if the
                # conventions' people have it ("Leonid Ilyich Brezhnev")
                or _after_sentence(text, at)
                and folded not in _given_names(lex.conventions.header.person_names)
            ):
                break
            start = at
        return start

    def find_inside(
        self, text: str
    ) -> list[tuple[int, int, Callable[[etree._Element], etree._Element]]]:
        """The places and people an organisation's name `text` holds ("Embassy in
        Pyongyang", "United States Government")."""
        pattern = self._compiled()
        found: list[tuple[int, int, Callable[[etree._Element], etree._Element]]] = []
        if pattern is None:
            return found
        # at the first word the whole name would match again: read it without its last word
        last_word = text.rstrip().rfind(" ")
        pos = 0
        for word in _WORD_START.finditer(text):
            if word.start() < pos:
                continue
            if word.start() == 0:
                match = pattern.match(text, 0, last_word) if last_word > 0 else None
            else:
                match = pattern.match(text, word.start())
            name = self.lookup(match.group()) if match else None
            if (
                match
                and name
                and name.kind != "org"  # "the CC CPSU" is one organisation, not two
                and not self._names_something_else(name, text, match.end())
            ):
                found.append((match.start(), match.end(), _builder(name)))
                pos = match.end()
        return found

    def _in_small_letters(self, written: str) -> bool:
        """Whether a name is written with a word in small letters that is no particle
        ("he long", "He long", "batista"; not "de Gaulle", "Hafiz al-Asad")."""
        parts = self.lex.conventions.parts
        return any(
            w.islower() and w not in parts.name_particles and w not in parts.name_small_particles
            for w in written.split()
        )

    def _names_something_else(self, name: Name, text: str, end: int) -> bool:
        """Whether the name ending at `end` begins the name of something else: a treaty,
        a meeting, an institution or a place named after a place or person ("Warsaw Pact",
        "Peking University", "Ho Chi Minh City": conventions `parts.place_named`); after an
        organisation, a journal ("Department of State Bulletin") or a call number."""
        if name.kind == "org":
            # "CIA-RDP79T00975A": an archive's call number, not the agency; "Department of
            # State Bulletin": a journal
            dashed = text[end : end + 1] == "-" and text[end + 1 : end + 2].isalnum()
            return dashed or self._names_publication(text, end)
        after = _NEXT_WORD.match(text, end)
        word = after.group(1) if after else ""
        return (
            word[:1].isupper()
            and self.lex.folded(word.rstrip(".,;:!?")) in self.lex.conventions.parts.place_named
        )

    def _names_publication(self, text: str, end: int) -> bool:
        """Whether the word after `end` makes the name before it a journal's ("… Bulletin",
        conventions `parts.publication_words`)."""
        after = _NEXT_WORD.match(text, end)
        word = after.group(1) if after else ""
        return (
            word[:1].isupper()
            and self.lex.folded(word.rstrip(".,;:!?"))
            in self.lex.conventions.parts.publication_words
        )

    def lookup_any_case(self, text: str) -> Name | None:
        """A known name however it is capitalised ("KOVALEV" signs for the title's "Kovalev")."""
        folded = text.casefold()
        return self.lookup(text) or next(
            (n for n in self.names.values() if n.text.casefold() == folded), None
        )

    def lookup(self, text: str) -> Name | None:
        """The known name written `text` (in any case, for names from the page's lists)."""
        return (
            self.names.get(text)
            or self.names.get(text.casefold())
            or ("’" in text and self.lookup(text.replace("’", "'")))
            or None
        )

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.names:
            exact = sorted(
                (n.text for n in self.names.values() if not n.any_case), key=len, reverse=True
            )
            folded = sorted(
                (n.text for n in self.names.values() if n.any_case), key=len, reverse=True
            )
            # The first alternative that matches wins, so names of several words go first,
            # longest first, whatever their case: "Chiang Kai-shek", not "Chiang" learnt from
            # "General Chiang"; "Socialist Unity Party of Germany", not the listed "Socialist
            # Unity Party". The exact names of one word share one case-sensitive group: the
            # same choices in the same order as a group per name, and less to compile.
            longer = sorted(
                ((t, False) for t in folded if " " in t),
                key=lambda item: len(item[0]),
                reverse=True,
            )
            longer = sorted(
                [*longer, *((t, True) for t in exact if " " in t)],
                key=lambda item: len(item[0]),
                reverse=True,
            )
            alternatives = [
                rf"(?-i:{_escaped(t)})" if as_written else _escaped(t) for t, as_written in longer
            ]
            single = [_escaped(t) for t in exact if " " not in t]
            alternatives += [rf"(?-i:{'|'.join(single)})"] if single else []
            alternatives += [_escaped(t) for t in folded if " " not in t]
            self._pattern = re.compile(
                r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE
            )
        return self._pattern


def _escaped(name: str) -> str:
    """A name as a pattern: its apostrophes match the typographic one too ("Workers’ Party")."""
    return re.escape(name).replace("'", "['’]")


# What is left out when letters or capitals are counted: counting what remains after one
# pass that drops whole runs is several times faster than listing the characters one by one.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_CAPITALS = re.compile(r"[^A-ZÀ-ÖØ-ÞА-ЯЁ]+")
_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_ASCII = bytes(range(128))
_FEWEST_LETTERS = 40
_CAPITAL_SHARE = 0.6


_WORD = re.compile(r"\S+")
_ONE_INITIAL = re.compile(r"[A-ZА-ЯЁ]\.")
_ONE_INITIAL_NAME = re.compile(r"([A-ZА-ЯЁ])\.[ \u00a0]?([^\W\d_][\w’'\-]+)")
_GIVEN_BEFORE = re.compile(rf"(?<![\w’'.\-])(?P<given>{_TITLE_WORD})[ \u00a0]$")
# the last word before a bracket, and the two last: "Jiao [Ruoyu]", "Kim Il [Sung]"
_LAST_WORDS = re.compile(
    r"(?<![\w’'.\-])((?:[^\W\d_][\w’'.\-]*[ \u00a0])?([^\W\d_][\w’'.\-]*))[ \u00a0]$"
)
_TITLE_NEXT = re.compile(r"[ \u00a0][A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё]")
# what may stand before a sentence's first word
_SENTENCE_OPENERS = frozenset(".!?:;\n\"“‘'(-–—•")
# "Talking", "Visited": an English verb's form, never a syllable of a name written with
# its surname first
_VERB_FORM = re.compile(r"[A-Z][a-z]{2,}(?:ing|ed)")
# "[CPSU Secretary General Leonid] Brezhnev": a supplied office (and given name) before a
# surname ("[Mexican President Adolfo] López Mateos": of two words at most) that the text
# does not run on with another capitalised word
_BRACKET_BEFORE_SURNAME = re.compile(
    rf"\[(?P<body>[^\[\]\n]{{1,160}})\][ \u00a0]"
    rf"(?P<surname>{_TITLE_WORD}(?:[ \u00a0]{_TITLE_WORD})?|{_CAPS_WORD})"
    # "[Henry] Kissinger’s advisers": a possessive ends the surname too, and so does a
    # footnote's number set against it ("[Boleslaw] JELEN1")
    # ("[Emilio] Aragonés’ party": a possessive's lone apostrophe after an "s")
    rf"(?:(?=[’']s\b)|(?<=s)(?=[’'](?![\w’']))|(?=\d{{1,3}}(?![\w’'\-]))"
    rf"|(?![\w’'\-])(?![ \u00a0]+[A-ZÀ-ÞА-ЯЁ]))"
)
# "Ivanovich", "Sergeyevna": a Russian patronymic
_PATRONYMIC = re.compile(r"(?<=[a-z])(?:ovich|evich|yevich|ovna|evna|yevna|ichna)$")
# "W[illiam] Hyland": an initial, the letters an editor supplied after it, a surname (the
# initial first, then the lookbehind: see `_FIRST_LIST_ITEM`)
_INITIAL_COMPLETED = re.compile(
    r"[A-ZÀ-Þ](?<![\w’'.\-\[].)\[(?P<rest>[a-zß-ÿ]{2,12})\][ \u00a0]"
    r"(?P<surname>[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?)(?![\w’'\-])"
)
# between the names of a list: "Stalin, Molotov and Beria"
NAME_LIST_SPLIT = re.compile(r",?\s+and\s+|,\s*")
_COPY_COUNT = re.compile(r"[ \u00a0]*\(\d{1,2}\)$")
_WORD_START = re.compile(r"(?<![\w’'\-])\w")
_NEXT_WORD = re.compile(r"[ \u00a0]+([\w’'.-]+)")


@lru_cache(maxsize=8)
def _surname_first_pattern(surnames: tuple[str, ...]) -> re.Pattern[str]:
    """ "Mao Zedong", "Kim Il Sung", "Pak Yong-guk", "Pak, Tong-Jin": a surname that comes
    first, then one or two given names; and any "Jeong Il-yong" (a short word, then a
    hyphenated one)."""
    capitalised = [w.capitalize() for w in sorted(surnames, key=len, reverse=True)]
    words = grouped_alternation(capitalised)
    given = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"  # "Zedong", "Yong-guk", "Tse-tung"
    # a second given name is one syllable, never an English verb's form: "Kim Il Sung", not
    # "Zhou Enlai Talking" or "Kim Il Visited"
    given = (
        rf"(?:[ \u00a0]{given}(?:[ \u00a0](?!{_VERB_FORM.pattern}(?![\w\-])){given})?"
        # "Pak, Tong-Jin": as a list of names writes it, the hyphenated given names after
        # a comma, each a syllable ("Pak, Soviet-Korean relations" holds none)
        rf"|,[ \u00a0][A-Z][a-z]{{0,4}}-[A-Z][a-z]{{0,4}}(?![\w\-]))"
    )
    if all(re.fullmatch("[A-Z].*", w) for w in capitalised):
        # Every match opens with a Latin capital: that capital first, then the lookbehind one
        # character further back, then the rest of the surname beginning with it.
        groups: dict[str, list[str]] = {}
        for word in capitalised:
            groups.setdefault(word[0], []).append(re.escape(word[1:]))
        tails = "|".join(f"(?<={c})(?:{'|'.join(rest)})" for c, rest in groups.items())
        return re.compile(
            rf"[A-Z](?<![\w’'\-].)(?:(?:{tails or '(?!)'}){given}"
            rf"|[a-z]{{0,4}}[ \u00a0][A-Z][a-z]{{0,5}}-[a-z]{{1,5}})(?![\w\-])"
        )
    # either a listed surname or, for the second form, a Latin capital
    initial = initial_lookahead((*(w.capitalize() for w in surnames), *string.ascii_uppercase))
    return re.compile(
        rf"{initial}(?<![\w’'\-])(?:(?:{words or '(?!)'}){given}"
        rf"|[A-Z][a-z]{{0,4}}[ \u00a0][A-Z][a-z]{{0,5}}-[a-z]{{1,5}})(?![\w\-])"
    )


@lru_cache(maxsize=8)
def _place_pattern(prepositions: tuple[str, ...]) -> re.Pattern[str]:
    """ "from LANZHOU", "the province of XINJIANG": capitals after a place preposition."""
    ordered = sorted(prepositions, key=len, reverse=True)
    words = grouped_alternation(ordered, spaces=r"\s+")
    # \b before a word character is (?<!\w)
    scan = (
        scanning_alternation(ordered, not_after=r"\w")
        if ordered and all(re.match(r"\w", p) for p in ordered)
        else None
    )
    if scan is not None:
        return re.compile(
            rf"{scan}\s+({_CAPS_WORD}(?:[ \u00a0]{_CAPS_WORD})?)(?![\w(])(?![ \u00a0]+[A-Z][a-z])"
        )
    return re.compile(
        # "to CPSU Central Committee": capitals that run on into a name are no place
        rf"{initial_lookahead(prepositions)}"
        rf"\b(?:{words or '(?!)'})\s+({_CAPS_WORD}(?:[ \u00a0]{_CAPS_WORD})?)(?![\w(])"
        rf"(?![ \u00a0]+[A-Z][a-z])"
    )


@lru_cache(maxsize=8)
def _listed_pattern(prefix: str) -> re.Pattern[str]:
    """ "To Cdes. Khrushchev, Suslov and Mikoyan": names after a plural title."""
    return re.compile(rf"{prefix}\s+{_LISTED_NAMES}")


@lru_cache(maxsize=8)
def _listed_on_pattern(person_prefix: str) -> re.Pattern[str]:
    """ "…; Paul Niculescu-Mizil; General Ion Ionita, Vasile Gliga and Ioan Moanga": after a
    listed name (and a few words that say who it is: ", head of the delegation"), a
    semicolon and more names, a title maybe before them, go on with the list."""
    return re.compile(
        rf"(?:,[ \u00a0][^;.\n\[\]]{{1,80}})?;[ \u00a0]+(?:(?:{person_prefix})[ \u00a0]+)?"
        rf"{_LISTED_NAMES}"
    )


# a telegram's number after a word: "State 128486", "Moscow 3295" (not a year: "1962")
_NUMBER_AFTER = re.compile(r"[ \u00a0]+(?!(?:18|19|20)\d\d\b)\d{3,}")


@lru_cache(maxsize=8)
def _comma_who_pattern(openers: tuple[str, ...]) -> re.Pattern[str]:
    """ "Maltsev, the first deputy of the foreign minister, …": who the person is between
    commas after a name of one or two words, opening with one of `parts.apposition_openers`."""
    return re.compile(
        rf",[ \u00a0]+(?P<who>(?:{_words(openers)})[ \u00a0][^,.;:!?\n\[\]()]{{3,80}}?),"
    )


_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w’'\-.]){_TITLE_WORD}(?:[ \u00a0]{_TITLE_WORD})?$")
# "Gheorghe Pana, member of …, Aurel Duca, deputy member …, Dumitru Popa, Romania’s
# ambassador to Pyongyang.": who the person is, with no article, opens with an office's
# word (or a state's and its office's); a name of two or three words before the comma
_COMMA_OFFICE = re.compile(
    r",[ \u00a0]+(?:[A-ZÀ-ÞА-ЯЁ][^\W\d_]+['’]s[ \u00a0]+)?(?P<office>[^\W\d_][\w'’\-]*)"
    r"[ \u00a0](?P<next>[^,.;:!?\n\[\]()]{1,80}?)(?=[,;.])"
)
# "  • Winston Lord, NSC Staff", "  • Le Duc Tho, Special Adviser to …": a list's line that
# opens with a name of two or three words and says after a comma who the person is (an
# office's or an organisation's word among its words)
_ENTRY_NAME_WHO = re.compile(
    rf"(?m)^[ \t\u00a0]*[{re.escape(BULLETS)}][ \t\u00a0]+"
    rf"(?P<name>{_FULL_NAME}),[ \u00a0]+(?P<who>[^\n]{{2,80}})$"
)
_FULL_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w’'\-.]){_FULL_NAME}$")
# "Their former Ambassador, Puzanov, failed …": the name between commas after who (or
# before a parenthesis: "… Ambassador, Puzanov (he was in Pyongyang …),")
_COMMA_NAME = re.compile(
    rf",[ \u00a0]+(?P<name>{_TITLE_WORD}(?:[ \u00a0]{_TITLE_WORD})?)(?=,|[ \u00a0]\()"
)
# each name ends at a comma, "and" or the end of the list: "Far East Department" is no list
# a name of up to three words: "To Cdes. Filippov and Zhou Enlai"
_LISTED_WORD = rf"(?:{_TITLE_WORD}|{_CAPS_WORD})"
# "Stalin (2)": the number of copies a name receives
_LISTED_COUNT = r"(?:[ \u00a0]\(\d{1,2}\))?"
_LISTED_NAME = (
    rf"{_LISTED_WORD}(?:[ \u00a0]{_LISTED_WORD}){{0,2}}"
    rf"(?={_LISTED_COUNT}[ \t\u00a0]*(?:,|\band\b|[.;:–—-]|\n|$))"
)
# the last, after "and", ends where the capitalised words end ("… and Kádár spoke")
_LISTED_LAST = rf"{_LISTED_WORD}(?:[ \u00a0]{_LISTED_WORD}){{0,2}}(?![\w’'\-])"
_LISTED_NAMES = (
    rf"(?P<names>{_LISTED_NAME}(?:{_LISTED_COUNT},\s*{_LISTED_NAME})*"
    rf"(?:{_LISTED_COUNT},?\s+and\s+{_LISTED_LAST})?)"
)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is the first of its sentence or line."""
    head = text[max(0, start - 20) : start].rstrip(" \u00a0")
    return not head and start < 20 or head[-1:] in _SENTENCE_OPENERS


def _entry_of_a_list(text: str, start: int, end: int) -> bool:
    """ "• Anatoliy F. Dobrynin, Ambassador …": a name alone at the head of its line (after a
    bullet at most) and ending there or at a comma is a list's entry, not a sentence's
    subject."""
    line_start = text.rfind("\n", 0, start) + 1
    lead = text[line_start:start].strip(_ENTRY_BULLETS)
    if lead and not _FIELD_LABEL.fullmatch(lead):  # "TO: Mary K. Smith": a field's entry
        return False
    return text[end : end + 1] in ("", "\n", ",", ";", "(") or text[end : end + 2] == " ("


_ENTRY_BULLETS = " \t\u00a0" + BULLETS
_FIELD_LABEL = re.compile(r"[^\W\d_][\w.]*(?: [\w.]+){0,2}[:;]")


@lru_cache(maxsize=8)
def _initial_pattern(initials: tuple[str, ...]) -> re.Pattern[str]:
    """`_initial` compiled: "M.", "Ye."."""
    return re.compile(_initial(initials))


def _initial(initials: tuple[str, ...]) -> str:
    """One initial: a capital and a full stop, or one of the longer ones ("Ye.", "Zh.")."""
    longer = "".join(f"{re.escape(i)}|" for i in sorted(initials, key=len, reverse=True))
    return rf"(?:{longer}[A-ZА-ЯЁ])\."


def _section_heading(match: re.Match[str]) -> bool:
    """ "I. PURPOSE" opening a line of a text where "II." opens another (or, for the last
    section, the one before does): a numbered section's heading, not an initial and a
    surname. "V. PETROV" in a text with no section "IV." or "VI." stays a name. So is a
    lettered item ("C. Effects on Pending Cases" where "B." or "D." opens another line)."""
    text, surname = match.string, match.group("surname")
    marker = match.group("initials").strip().rstrip(".")
    value = roman_value(marker)
    neighbours = []
    if value is not None and surname.isupper():
        neighbours += [roman_numeral(value + 1), roman_numeral(value - 1)]
    if len(marker) == 1 and "A" <= marker <= "Z":
        neighbours += [c for c in (chr(ord(marker) + 1), chr(ord(marker) - 1)) if c.isalpha()]
    if not neighbours:
        return False
    line_start = text.rfind("\n", 0, match.start()) + 1
    # "[Page 672]A. Arranged …": a page's marker before the item opens no sentence
    if _BRACKETED.sub("", text[line_start : match.start()]).strip(" \t\u00a0"):
        return False
    if any(re.search(rf"(?m)^[ \t\u00a0]*{n}\.[ \t\u00a0]+[A-Z]", text) for n in neighbours if n):
        return True
    # "E. Arranged to bring …" in a list lettered "A.", "B.", "E." (some items left out)
    return len(marker) == 1 and marker in _lettered_items(text)


def _lettered_items(text: str) -> frozenset[str]:
    """The letters that open lines as a lettered list's items ("A. …", "B. …"), when two
    of them follow each other; none otherwise (initials "Z. Kowalski" / "A. Nowak")."""
    letters = {m[1] for m in _LETTER_OPENS_LINE.finditer(text)}
    if not any(chr(ord(c) + 1) in letters for c in letters):
        return frozenset()
    return frozenset(letters)


_BRACKETED = re.compile(r"\[[^\[\]\n]*\]")
_LETTER_OPENS_LINE = re.compile(r"(?m)^[ \t\u00a0]*([A-Z])\.[ \t\u00a0]+[A-Z]")


@lru_cache(maxsize=8)
def _initialled_pattern(initials: tuple[str, ...]) -> re.Pattern[str]:
    """ "A.M. VERESOV", "P. K. Ponomarenko", "M. Ye. Kryukov": initials before a surname."""
    return re.compile(
        rf"(?=[A-ZА-ЯЁ])(?<![\w.])(?P<initials>(?:{_initial(initials)}[ \u00a0]?){{1,3}})"
        rf"(?P<surname>{_CAPS_WORD}|{_TITLE_WORD})(?![\w])(?!\.\w)"
    )


# Between a title and the name: spaces, and at most one line break ("to the Secretary of
# State" / "" / "Chungking, …": a blank line ends the title's reach).
_GAP = r"(?=\s)[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)?"


@lru_cache(maxsize=8)
def _surname_initials_pattern(initials: tuple[str, ...]) -> re.Pattern[str]:
    """ "Pelshe, A.Ia.;", "Demichev, P. N.": a surname, a comma and up to three initials
    ending a list's entry (not "Hyde Park, N. Y. This …")."""
    one = _initial(initials)
    return re.compile(
        # the surname's capital first, then the lookbehind (see `_FIRST_LIST_ITEM`)
        rf"(?P<surname>[A-ZÀ-ÞА-ЯЁ](?<![\w’'.\-].)[a-zß-öø-ÿā-žа-яё][\w’'\-]+),[ \u00a0]"
        rf"(?:{one}[ \u00a0]?){{1,2}}(?:{one})?(?=[;,]|[ \t\u00a0]*(?:\n|$))"
    )


@lru_cache(maxsize=8)
def _initials_after_pattern(initials: tuple[str, ...]) -> re.Pattern[str]:
    """ " V.V.;", " A. P.,", ", Iu.V.,": a list entry's initials after a surname (and a
    comma maybe), up to the entry's end (a semicolon, a comma, the line's end)."""
    one = _initial(initials)
    return re.compile(
        rf",?[ \u00a0](?:{one}[ \u00a0]?){{1,2}}(?:{one})?(?=[;,]|[ \t\u00a0]*(?:\n|$))"
    )


@lru_cache(maxsize=8)
def _entries_with_initials_pattern(initials: tuple[str, ...]) -> re.Pattern[str]:
    """ "Grishin V.V.; Gromyko A.A.;": surnames with their initials after them, entries of
    a list of those present (two or more in a row)."""
    one = _initial(initials)
    rest = rf"[a-zß-öø-ÿā-žа-яё][\w’'\-]+[ \u00a0](?:{one}[ \u00a0]?){{1,2}}(?:{one})?"
    entry = rf"[A-ZÀ-ÞА-ЯЁ]{rest}"
    # the first entry's capital first, then the lookbehind (see `_FIRST_LIST_ITEM`)
    return re.compile(
        rf"[A-ZÀ-ÞА-ЯЁ](?<![\w’'.\-].){rest}(?:[;,][ \t\u00a0]*\n?[ \t\u00a0]*{entry})+"
    )


# a capitalised word after a word or a comma: written so inside a sentence
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[\w,;])[ \u00a0]+([A-ZÀ-ÞА-ЯЁ][\w’'\-]*’?)")


def _char_before(text: str, at: int, blanks: str | None = None) -> str:
    """The last character before `at` that is none of `blanks` (whitespace by default;
    "" at the text's start): a look back of a few characters, not a copy of all the text
    before `at` (which grew with the document)."""
    stripped = text[max(0, at - 40) : at].rstrip(blanks)
    return stripped[-1:] if stripped or at <= 40 else " "


def _after_sentence(text: str, at: int, blanks: str | None = None) -> bool:
    """Whether a sentence ends just before `at` (past `blanks`, as `_char_before`): a full
    stop, perhaps inside a closing parenthesis or quotation mark ("(Not clear why.)
    Presumably …")."""
    before = _char_before(text, at, blanks)
    if before in _CLOSING_MARKS:
        stripped = text[max(0, at - 40) : at].rstrip(blanks)
        return stripped[-2:-1] in _SENTENCE_START
    return before in _SENTENCE_START


def _first_word(text: str) -> str:
    """A text's first word in small letters ("" for none)."""
    words = text.split(maxsplit=1)
    return words[0].casefold() if words else ""


@lru_cache(maxsize=8)
def _particle_pattern(particles: tuple[str, ...]) -> re.Pattern[str]:
    """A particle set against the surname after it: "al-" of "Hafiz al-Asad" (the given
    name before it: `_GIVEN_BEFORE`); conventions `parts.name_particles`."""
    words = "|".join(re.escape(p) for p in sorted(particles, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'\-])(?:{words or '(?!)'})-$")


@lru_cache(maxsize=8)
def _suffix_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """A suffix after a surname: ", Jr.", " Sr."; conventions `parts.name_suffixes`."""
    words = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    return re.compile(rf",?[ \u00a0](?:{words or '(?!)'})(?![\w])")


@lru_cache(maxsize=8)
def _given_names(people: tuple[str, ...]) -> frozenset[str]:
    """The first words of the conventions' people named with given names ("leonid")."""
    return frozenset(p.split()[0] for p in people if " " in p)


# what ends the sentence before a sentence's first word (a line's or list item's first
# word, after nothing or a colon, may well be a given name: "Present: Anatoliy Dobrynin")
_SENTENCE_START = frozenset(".!?")
_CLOSING_MARKS = frozenset(")”’\"'")


@lru_cache(maxsize=8)
def _org_head_pattern(heads: tuple[str, ...]) -> re.Pattern[str] | None:
    """An organisation's head words, each with its capital ("Ministry", "Embassy")."""
    words = sorted({h[:1].upper() + h[1:] for h in heads if h}, key=len, reverse=True)
    scan = scanning_alternation(words, not_after=r"[\w’'\-]", spaces=r"[ \u00a0]+")
    return re.compile(rf"{scan}(?![\w’'\-])") if scan else None


def _words(words: tuple[str, ...]) -> str:
    """An alternation of small words as written, longest first ("(?!)" for none)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@lru_cache(maxsize=8)
def _org_joiner_pattern(joiners: tuple[str, ...], articles: tuple[str, ...]) -> re.Pattern[str]:
    """After a head word: "of Foreign Affairs", "of the USSR", "for Cultural Relations":
    a joiner (`parts.org_joiners`, `org_purpose_joiners`), perhaps an article, then a
    capital (`NameIndex._org_end`)."""
    return re.compile(
        rf"[ \u00a0]+(?P<joiner>{_words(joiners)})[ \u00a0]+(?:(?:{_words(articles)})[ \u00a0]+)?"
        r"(?=[A-ZÀ-ÞА-ЯЁ])"
    )


@lru_cache(maxsize=8)
def _org_next_word_pattern(links: tuple[str, ...]) -> re.Pattern[str]:
    """The next capitalised word of an organisation's name, perhaps after a link
    (`parts.org_links`: "… Relations with Foreign Countries"), not an abbreviation."""
    return re.compile(
        rf"[ \u00a0]+(?P<joined>(?:{_words(links)})[ \u00a0]+)?(?P<word>[A-ZÀ-ÞА-ЯЁ][\w’'\-]*)"
        r"(?![\w’'\-]|\.\w)"
    )


@lru_cache(maxsize=8)
def _org_seat_pattern(
    seat_words: tuple[str, ...], articles: tuple[str, ...], stopwords: tuple[str, ...]
) -> re.Pattern[str]:
    """After an embassy: "in Pyongyang", "in the DPRK" (`parts.org_seat_words`); a web
    page's note number set against the seat is none of it ("in Japan1"), nor a title's
    next word ("in Beijing Regarding the Stopover": `parts.name_stopwords`)."""
    word = r"[A-ZÀ-ÞА-ЯЁ](?:[^\W\d_]|[’'\-])+"
    second = rf"(?!(?i:{_words(stopwords)})(?![^\W\d]|[’'\-])){word}"
    return re.compile(
        rf"[ \u00a0]+(?:{_words(seat_words)})[ \u00a0]+(?:(?:{_words(articles)})[ \u00a0]+)?"
        rf"{word}(?:[ \u00a0]+{second})?(?![^\W\d]|[’'\-]|\.\w)"  # not "in U.S."
    )


@lru_cache(maxsize=8)
def _office_of_before_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A joiner and one capitalised word just before a word: "of Foreign" before "Affairs"."""
    return re.compile(rf"(?<![\w’'\-])(?:{_words(words)})[ \u00a0][A-ZÀ-ÞА-ЯЁ][\w’'\-]*[ \u00a0]$")


@lru_cache(maxsize=8)
def _office_word_before_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A joiner or an article just before a word: "Secretary of State George P. Shultz"
    has "State" as an office's last word, not a given name."""
    return re.compile(rf"(?<![\w’'\-])(?:{_words(words)})[ \u00a0]$")


# a capitalised word, not an abbreviation ("U.S.")
_ORG_WORD = re.compile(r"[A-ZÀ-ÞА-ЯЁ][\w’'\-]+(?![\w’'\-]|\.\w)")
# a known name in capitals or opening with initials has its given names ("PAK SON-CHOL",
# "V. I. Orlov"): what stands before it is no given name
_NO_GIVEN_NAMES = re.compile(r"[A-ZÀ-ÞА-ЯЁ]\.|[^a-zß-ÿа-яё]*$")

# three names or more in a list: "Brezhnev, Voronov, Kirilenko and Kozlov"
_LIST_ITEM = (  # "T.F. Shtykov", "Kim I.M."
    r"(?:[A-ZА-ЯЁ]\.[ \u00a0]?){0,3}[A-ZÀ-ÞА-ЯЁ][\w’'\-]+(?:[ \u00a0][A-ZÀ-ÞА-ЯЁ][\w’'\-]+){0,2}"
    r"(?:[ \u00a0](?:[A-ZА-ЯЁ]\.){1,3})?"
)
# The patterns below that scan whole texts open with their first capital and look behind
# it from there (`lexicon.scanning_alternation`: a lookbehind first makes re try the whole
# pattern at every position). The first list item so: one to three initials, or none.
_FIRST_LIST_ITEM = (
    r"(?:[A-ZА-ЯЁ](?<![\w’'.\-].)\.[ \u00a0]?(?:[A-ZА-ЯЁ]\.[ \u00a0]?){0,2}[A-ZÀ-ÞА-ЯЁ]"
    r"|[A-ZÀ-ÞА-ЯЁ](?<![\w’'.\-].))"
    r"[\w’'\-]+(?:[ \u00a0][A-ZÀ-ÞА-ЯЁ][\w’'\-]+){0,2}(?:[ \u00a0](?:[A-ZА-ЯЁ]\.){1,3})?"
)
_NAME_LIST = re.compile(
    rf"{_FIRST_LIST_ITEM}"
    rf"(?:(?:,[ \u00a0]+(?:and[ \u00a0]+)?|[ \u00a0]+and[ \u00a0]+){_LIST_ITEM}){{2,}}(?![\w’'\-])"
)
# two or three capitalised words: "Petar Mladenov", "Aleksandr Alekseyev", "Chi P’eng-fei"
_TWO_OR_THREE = r"[A-ZÀ-ÞА-ЯЁ][\w’'\-]+(?:[ \u00a0][A-ZÀ-ÞА-ЯЁ][\w’'\-]+){1,2}"
# "Ivan Bashev, Minister of …", "Chi P’eng-fei, the Deputy Minister": a name before an office
_NAME_THEN_OFFICE = re.compile(
    rf"(?P<name>[A-ZÀ-ÞА-ЯЁ](?<![\w’'.\-].){_TWO_OR_THREE.removeprefix('[A-ZÀ-ÞА-ЯЁ]')}),"
    r"[ \u00a0]+(?:the[ \u00a0]+)?(?:First[ \u00a0]+)?(?P<office>[A-ZÀ-ÞА-ЯЁ][\w\-]+)"
)
# "Interpreter and minute-taker: Xiang Zhongpu": a label and its value on one line
_LABELLED_LINE = re.compile(
    r"^[ \t\u00a0]*(?P<label>[^\W\d_][^:\n]{0,50}?):[ \t\u00a0]*(?P<value>[^\n]{3,200})$", re.M
)
_TWO_OR_THREE_WORDS = re.compile(_TWO_OR_THREE)
# "the Secretary General of the CC of the BCP, Petar Mladenov,": a comma, then the name
# set off by a comma, a semicolon or a stop; the office among the nine words before it
_NAME_AFTER_COMMA = re.compile(rf",[ \u00a0]+(?P<name>{_TWO_OR_THREE})(?=[,;.])")
# "ambassador [Aleksandr Alekseyev]": a word, then a bracket of two or three capitalised words
_NAME_IN_BRACKET_AFTER_WORD = re.compile(
    r"(?P<office>[^\W\d_](?<![\w’'\-].)[\w’'\-]*)[ \u00a0]\["
    rf"(?P<name>{_TWO_OR_THREE})\]"
)


def _names_in_brackets_after_words(text: str) -> Iterator[re.Match[str]]:
    """What `_NAME_IN_BRACKET_AFTER_WORD.finditer(text)` yields, tried only at the word
    before each blank and "[" (the pattern opens with any letter: a scan of the text would
    try it at every word). A match's word is the whole run of word characters before its
    blank, so it starts where that run starts."""
    end = 0
    at = text.find("[", 1)
    while at >= 0:
        if text[at - 1] in " \u00a0":
            start = at - 1
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_’'-"):
                start -= 1
            match = _NAME_IN_BRACKET_AFTER_WORD.match(text, start) if start >= end else None
            if match is not None:
                yield match
                end = match.end()
        at = text.find("[", at + 1)


_POSSESSIVE_END = re.compile(r"[’']s?$")
_WORDS_BEFORE_COMMA = re.compile(r"(?:[\w’'\-]+[ \u00a0]+){0,8}[\w’'\-]+$")
# a capitalised word next: "Minister Gromyko"
_CAPITAL_NEXT = re.compile(r"[ \u00a0]+[A-ZÀ-ÞА-ЯЁ]")
# "[Ministry of Foreign] Affairs": the name goes on past the editor's bracket
_ORG_GOES_ON = re.compile(r"\][ \u00a0]+[A-ZÀ-ÞА-ЯЁ]")
# the capitalised word just before a head word: "Soviet " of "Soviet Embassy"
_WORD_BEFORE_HEAD = re.compile(r"(?<![\w’'\-])([A-ZÀ-ÞА-ЯЁ][\w’'\-]*’?)[ \u00a0]+$")


@lru_cache(maxsize=8)
def _prefixed_pattern(prefix: str, initials: tuple[str, ...]) -> re.Pattern[str]:
    """ "Cde. MAO ZEDONG", "Lt. Col. Zaitseva", "Mr. Joseph W. Ballantine", "Cde. Yu. V.
    Andropov", "Comrade Kádár L." (a Hungarian given name's initial after the surname),
    "Ambassador Jerzy KOWALCZYK"."""
    initial = _initial(initials)
    # "(?:prefix\s+)+" written as one and then more, so the pattern opens with the prefix's
    # first letters (see lexicon.scanning_alternation)
    # "Cdes. M. S. Gorbachev": "M." before another initial is the name's, not "Monsieur"
    again = rf"(?!{initial}[ \u00a0]?{initial}){prefix}{_GAP}"
    return re.compile(
        rf"{prefix}{_GAP}(?:{again})*(?P<name>(?:{initial}\s?){{0,3}}"
        # "Ambassador Jerzy KOWALCZYK": given names as written, the surname in capitals
        # (not a Roman numeral: "Cde. Stalin IV" is Stalin and his initials)
        rf"(?:{_TITLE_WORD}(?:[ \u00a0]+{_TITLE_WORD})?"
        # and a second family name in capitals ("Comrade Fidel CASTRO RUZ")
        rf"(?:[ \u00a0]+(?![IVXLC]+(?!\w)){_CAPS_WORD}){{1,2}}(?!\w)"
        rf"|(?:{_CAPS_WORD}(?:[ \u00a0]+{_CAPS_WORD}){{0,2}}(?!\w)"
        rf"|{_TITLE_WORD}(?:[ \u00a0]+(?:{initial}[ \u00a0]?)*{_TITLE_WORD}){{0,2}})"
        # "Comrade Kádár L.", "Cde. Ivanov V.I.", "comrade BREZHNEV L.Y.": a given name's
        # initials after the surname
        rf"(?:[ \u00a0]{initial}(?:{initial})?(?![\w.])(?![ \u00a0]*[A-ZÀ-ÞА-ЯЁ]))?))"
    )


def _mostly_capitals(text: str) -> bool:
    """Text typed in capitals throughout (a US telegram) names nothing by its capitals."""
    if len(text) < _FEWEST_LETTERS:
        return False
    # Counted by deleting bytes of the UTF-8 form, in one C loop each: an ASCII byte there is
    # always an ASCII character, whose capitals are A-Z and letters A-Za-z, as the patterns
    # have them. The other characters (NBSP, quotes, accented letters) are few: only they
    # are counted by the patterns (run over a whole cable, those took 0.1 ms).
    data = text.encode("utf-8", "surrogatepass")
    capitals = len(data) - len(data.translate(None, _ASCII_CAPITALS))
    others = ""
    other_bytes = 0
    if len(data) != len(text):
        non_ascii = data.translate(None, _ASCII)
        other_bytes = len(non_ascii)
        others = non_ascii.decode("utf-8", "surrogatepass")
        capitals += len(_NOT_CAPITALS.sub("", others))
    if capitals <= _CAPITAL_SHARE * _FEWEST_LETTERS:
        return False  # too few to be most of more than the fewest letters: no need to count
    letters = len(data.translate(None, _ASCII_NOT_LETTERS)) - other_bytes
    if others:
        letters += len(_NOT_LETTERS.sub("", others))
    return letters > _FEWEST_LETTERS and capitals > _CAPITAL_SHARE * letters


# The letters of a spelt-out given name ("Fidel"), and what may not stand before it.
_GIVEN_FIRST = re.compile(r"[A-ZÀ-ÞА-ЯЁ]")
_GIVEN_LETTER = re.compile(r"[a-zß-ÿа-яё]")
_BEFORE_GIVEN = re.compile(r"[\w’'.\-]")
_AFTER_SURNAME = "’'-"


def _spelt_out_mentions(text: str, surnames: list[str]) -> Iterator[tuple[int, str, int]]:
    """(start, given name, end) of each "Given Surname" in `text`, one of `surnames` (longest
    first) after a blank: what a pattern alternating the surnames found, scanned from left
    to right. The surnames are looked for first (str.find), the given name read back from
    each; a pattern compiled per document cost re ~2 ms for its letter classes."""
    ends: dict[int, int] = {}  # where a surname starts after a blank → where it ends
    for surname in surnames:
        at = text.find(surname)
        while at != -1:
            end = at + len(surname)
            if at and text[at - 1] in " \u00a0" and at not in ends and not _word_goes_on(text, end):
                ends[at] = end  # the longest surname that ends a word here, as the pattern chose
            at = text.find(surname, at + 1)
    last_end = 0
    for at in sorted(ends):
        start = _given_name_before(text, at - 1)
        if start is not None and start >= last_end:  # the scan goes on after each mention
            yield start, text[start : at - 1], ends[at]
            last_end = ends[at]


def _given_name_before(text: str, blank: int) -> int | None:
    """Where a capitalised word of lower-case letters ending at `blank` starts, if one does
    and no word character, apostrophe, full stop or hyphen stands before it."""
    start = blank
    while start > 0 and _GIVEN_LETTER.match(text[start - 1]):
        start -= 1
    start -= 1  # its capital
    if start < 0 or start == blank - 1 or not _GIVEN_FIRST.match(text[start]):
        return None
    if start and _BEFORE_GIVEN.match(text[start - 1]):
        return None
    return start


def _word_goes_on(text: str, end: int) -> bool:
    """Whether a word character, an apostrophe or a hyphen stands at `end`."""
    if end >= len(text):
        return False
    char = text[end]
    return char.isalnum() or char == "_" or char in _AFTER_SURNAME


def _builder(name: Name) -> Callable[[etree._Element], etree._Element]:
    tag = {"person": "persName", "place": "placeName", "org": "orgName"}[name.kind]

    def build(parent: etree._Element) -> etree._Element:
        attrib = {"ref": f"#{name.ref}"} if name.ref else {}
        return etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", attrib)

    return build


def build_name_index(
    texts: Iterable[str], *, lex: Lexicon, known: Iterable[Name] = ()
) -> NameIndex:
    """Learn the names of a document from its paragraphs and from the page's lists.

    Example:
        index = build_name_index([doc.text], lex=lex)
    """
    texts = tuple(texts)
    index = NameIndex(lex, texts=texts)
    for name in known:
        index.add(name)
    for text in texts:
        index.learn(text)
    return index
