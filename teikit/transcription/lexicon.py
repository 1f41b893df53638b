"""Compiled matchers built once from the conventions: the parts' vocabulary as regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from teikit.transcription.conventions import Conventions, fold

# Capitals typed with a space between each letter ("S E C R E T").
# "E.A.", "M.S.": a person's initials
_INITIALS = re.compile(r"(?:[A-ZА-ЯЁ]\.){1,3}")
_LETTER_SPACED = re.compile(r"[A-ZÀ-ÞА-ЯЁ](?: [A-Za-zÀ-ÿА-яЁё]){3,}(?= |$)")
# "T o p  S e c r e t": words typed letter by letter, two blanks or more between them
_SPACED_WORDS = re.compile(r"[^\W\d_](?: [^\W\d_])+(?: {2,}[^\W\d_](?: [^\W\d_])+)*")

OPEN_QUOTES = "\"“„«‘'"
CLOSE_QUOTES = "\"”“»’'"


def _side_name(joiners: tuple[str, ...]) -> str:
    """A side's name: capitalised words or acronyms, an office's small words (`joiners`:
    "of", "the") between them ("the Ministry for State Security")."""
    word = r"(?-i:[A-ZÀ-ÞА-ЯЁ][\w’'.-]*)"
    return rf"{word}(?:\s+(?:{word}|{_alternation(joiners)})){{0,6}}"


def _alternation(words: tuple[str, ...]) -> str:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return grouped_alternation(ordered, spaces=r"\s+")


def _heads_alternation(words: tuple[str, ...]) -> str:
    """`_alternation` for labels some of which end in a colon ("to:", "from:"): a form may
    set the colon apart ("To       :  Minister …"), so blanks may stand before it."""
    labels = tuple(w[:-1] for w in words if w.endswith(":"))
    others = tuple(w for w in words if not w.endswith(":"))
    return rf"(?:{_alternation(labels)})[ \t\u00a0]*:|{_alternation(others)}"


def grouped_alternation(ordered: list[str], *, spaces: str | None = None) -> str:
    """`w1|w2|…` for words in the order they are to be tried, grouped by first letter:
    "c(?:onfidential|opy)|s(?:ecret)", "(?!)" for none. With `spaces`, a blank in a word
    matches that pattern instead.

    re tries an alternation's words one by one at each position it reaches, and under
    IGNORECASE it cannot refuse a word by its first letter at one test: grouped, it tries
    one first letter per group. Two groups never match the same character (the first
    letters are ASCII and grouped without case), and each group keeps its words' order,
    so the same word wins at every position.
    """
    if not ordered:
        return "(?!)"

    def escaped(text: str) -> str:
        out = re.escape(text)
        return out.replace(r"\ ", spaces) if spaces is not None else out

    firsts = {w[0] for w in ordered}
    if not all(c.isascii() and not c.isspace() and c != "\\" for c in firsts):
        return "|".join(escaped(w) for w in ordered)
    groups: dict[str, list[str]] = {}
    for word in ordered:
        groups.setdefault(word[0].lower(), []).append(word)
    out = []
    for same in groups.values():
        if len(same) == 1:
            out.append(escaped(same[0]))
        elif len({w[0] for w in same}) == 1:
            out.append(f"{re.escape(same[0][0])}(?:{'|'.join(escaped(w[1:]) for w in same)})")
        else:  # "Comrade" and "comrades": the letter in either case, each word whole
            out.append(f"(?:{'|'.join(escaped(w) for w in same)})")
    return "|".join(out)


# The characters other than a letter's two cases that re's IGNORECASE matches with an ASCII
# letter: dotted and dotless I, the Kelvin sign, long s.
_ASCII_CASE_EXTRAS = "\u0130\u0131\u212a\u017f"


def scanning_alternation(
    ordered: list[str],
    *,
    not_after: str | None = None,
    spaces: str | None = r"\s+",
    ignorecase: bool = False,
) -> str | None:
    r"""`(?<!not_after)(?:w1|w2|…)`, written to open with the words' first letters as plain
    characters; None when the words do not allow it (the caller keeps its lookahead form).

    re skips at C speed to where a pattern's first character can stand only when the
    pattern opens with literal characters; a lookahead or lookbehind first makes it try
    the whole pattern at every position. So each first letter comes first, then the
    lookbehind, one character further back (`(?<!X.)` after the letter is `(?<!X)` before
    it), then the rest of the words beginning with that letter, in their order. Under
    `ignorecase` the letters are listed in every case re would match (the pattern must be
    compiled with IGNORECASE). `not_after` is a class of one character.

    Example:
        scanning_alternation(["Cde.", "Comrade"], not_after=r"[\w.]")
        == r"(?:C(?<![\w.].)(?:de\.|omrade))"
    """
    if not ordered:
        return None
    firsts = {w[0] for w in ordered}
    if not all(c.isascii() and not c.isspace() and c != "\\" for c in firsts):
        return None
    groups: dict[str, list[str]] = {}
    for word in ordered:
        groups.setdefault(word[0].lower() if ignorecase else word[0], []).append(word)
    behind = f"(?<!{not_after}.)" if not_after else ""
    branches = []
    for key, same in groups.items():
        tails = []
        for word in same:
            tail = re.escape(word[1:])
            tails.append(tail.replace(r"\ ", spaces) if spaces is not None else tail)
        rest = f"{behind}(?:{'|'.join(tails)})"
        if not ignorecase:
            branches.append(f"{re.escape(key)}{rest}")
            continue
        # Every word of the group is tried after each case of its letter, in the same
        # order: two cases never match the same character, so the same word wins.
        cases = [
            c
            for c in (key, key.upper(), *_ASCII_CASE_EXTRAS)
            if re.fullmatch(re.escape(key), c, re.IGNORECASE)
        ]
        for case in dict.fromkeys(cases):
            branches.append(f"{re.escape(case)}(?i:{rest})")
    body = "|".join(branches)
    return f"(?:{body})" if not ignorecase else f"(?-i:{body})"


def initial_lookahead(words: tuple[str, ...]) -> str:
    """A lookahead for the first letters of `words`, to put before their `_alternation`.

    A pattern that scans a text (search, sub, finditer) tries every alternative at every
    position; one class test first lets it pass most positions at once. Both cases of each
    letter are listed, so the class never refuses what a word would match, with or without
    IGNORECASE.
    """
    firsts = {w[0] for w in words if w}
    if not firsts or any(c.isspace() for c in firsts):
        return ""
    letters = {c for f in firsts for c in (f, f.lower(), f.upper()) if len(c) == 1}
    return "(?=[" + "".join(re.escape(c) for c in sorted(letters)) + "])"


def _scanning(
    words: tuple[str, ...],
    *,
    not_after: str | None = None,
    ignorecase: bool = False,
    after: str = "",
) -> str | None:
    """A keyword list as `scanning_alternation` writes it, then `after`; None when it cannot."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    scan = scanning_alternation(ordered, not_after=not_after, ignorecase=ignorecase)
    return None if scan is None else f"{scan}{after}"


def _word_scanning(words: tuple[str, ...], *, after: str = "") -> str | None:
    r"""`\b(?:w1|w2|…)` then `after`, as `_scanning` writes it under IGNORECASE (before a
    word character, `\b` is `(?<!\w)`); None when a word opens with no word character or
    the words do not allow it."""
    if not all(w[:1].isalnum() or w[:1] == "_" for w in words if w):
        return None
    return _scanning(words, not_after=r"\w", ignorecase=True, after=after)


# the seat after a cable address: "AMEMBASSY BELGRADE", "SECSTATE WASHDC"
_CABLE_SEAT = r"(?P<seat>(?:[ \t]+(?-i:[A-Z][A-Za-z]+)){0,2})\b"

# Lexicons by id() of the word tables they are compiled from (the conventions' parts and
# header); the entry keeps its Conventions, so those tables, alive, so an id is never
# reused while its entry exists.
_CACHE: dict[tuple[int, int], Lexicon] = {}


@dataclass(frozen=True)
class Lexicon:
    """Regexes for number marks, keywords and names, compiled from one Conventions."""

    conventions: Conventions
    number_mark: re.Pattern[str]
    copy_mark: re.Pattern[str]
    classification: re.Pattern[str]
    priority: re.Pattern[str]
    doc_kind: re.Pattern[str]
    reference: re.Pattern[str]
    trailer: re.Pattern[str]
    closing: re.Pattern[str]
    participants: re.Pattern[str]
    conversation: re.Pattern[str]
    speech_title: re.Pattern[str]
    distribution_head: re.Pattern[str]
    sender_head: re.Pattern[str]
    # a telegram's address and its seat: "AMEMBASSY BELGRADE", "SECSTATE WASHDC"
    cable_address: re.Pattern[str]
    # "E.O. 12958: DECL: 05/26/2019": a line whose date is the release's, not the document's
    release_mark: re.Pattern[str]
    # a source note's label and colon opening a line ("Source: "), from the source note rule
    source_label: re.Pattern[str]
    named_kind: re.Pattern[str]  # a document kind and a title link: "The Journal of"
    title_open_endings: frozenset[str]
    subject_labels: frozenset[str]  # "subject", "re": a subject line's label, folded
    # every label of the bracket rules ("excised", "illegible"): an editor's word, no name
    bracket_labels: frozenset[str]
    embed_intro: re.Pattern[str]
    # "Attachment", "Enclosure 2:": a line that opens a text attached below the signature
    attachment_head: re.Pattern[str]
    person_prefix: re.Pattern[str]
    person_list_prefix: re.Pattern[str]
    person_rank: re.Pattern[str]
    dateline_words: frozenset[str]
    not_a_name: frozenset[str]
    name_stopwords: frozenset[str]
    role_words: frozenset[str]
    office_joiners: frozenset[str]
    signature_mark: re.Pattern[str]
    # a stage rule's label in a short parenthesis: "(Applause.)", "(Laughter in the hall)"
    stage_direction: re.Pattern[str]

    @classmethod
    def from_conventions(cls, conv: Conventions) -> Lexicon:
        """Compile every keyword list of `conv` once (a batch reuses the last tables' lexicon).

        Tables that differ from those compiled only outside their word lists share the
        matchers: a document that writes its dates month first is converted with a copy of
        the conventions whose dates alone differ (`pipeline._numeric_order_of`).
        """
        key = (id(conv.parts), id(conv.header))
        cached = _CACHE.get(key)
        if (
            cached is None
            or cached.conventions.parts is not conv.parts
            or cached.conventions.header is not conv.header
        ):
            cached = cls._compile(conv)
            if len(_CACHE) > 8:
                _CACHE.clear()
            _CACHE[key] = cached
        return cached if cached.conventions is conv else replace(cached, conventions=conv)

    @classmethod
    def _compile(cls, conv: Conventions) -> Lexicon:
        parts = conv.parts
        signs = _alternation(tuple(parts.number_signs))
        # "Nº 6617", and "Nº [208]" where the editor supplied the number
        number = rf"(?:{signs})\s*(?:\d[\w/.\-]*|\[\d[\w/.\-]*\])"
        copy_rest = rf"\s*(?:{signs})?\s*\d+(?![\w])"
        copy = rf"(?:{_alternation(parts.copy_words)})\s*(?:{signs})?\s*\d+"
        prefixes = parts.person_prefixes + parts.person_ranks
        list_prefixes = tuple(parts.person_list_prefixes)
        # a subject line's label is read as a participants label is ("SUBJECT:" / …)
        labels = (*parts.participants, *parts.subject_labels)
        flags = re.IGNORECASE
        return cls(
            conventions=conv,
            number_mark=re.compile(
                rf"{initial_lookahead(parts.number_signs)}(?<![\w])(?:{number})", flags
            ),
            copy_mark=re.compile(
                _scanning(parts.copy_words, not_after=r"\w", ignorecase=True, after=copy_rest)
                or rf"{initial_lookahead(parts.copy_words)}(?<![\w]){copy}(?![\w])",
                flags,
            ),
            classification=re.compile(
                _scanning(parts.classification, ignorecase=True)
                or rf"{initial_lookahead(parts.classification)}"
                rf"(?:{_alternation(parts.classification)})",
                flags,
            ),
            priority=re.compile(
                _scanning(parts.priority, ignorecase=True)
                or rf"{initial_lookahead(parts.priority)}(?:{_alternation(parts.priority)})",
                flags,
            ),
            doc_kind=re.compile(rf"(?:{_alternation(parts.document_kinds)})", flags),
            reference=re.compile(
                rf"(?:{_alternation(parts.reference_words)})\s*(?:{signs})?\s*\S+", flags
            ),
            trailer=re.compile(
                rf"(?:\d+\s+|[\w-]+\s+)?(?:{_alternation(parts.trailer)})(?!\w)", flags
            ),
            closing=re.compile(rf"(?:{_alternation(parts.closing_phrases)})\b", flags),
            # "Participants:", and "PARTICIPANTS" alone on its line in capitals (FRUS's web
            # pages set the names below it as a list)
            participants=re.compile(
                rf"(?:{_alternation(labels)})\s*:"
                rf"|(?-i:{_alternation(tuple(p.upper() for p in labels))})[ \t]*$"
                # "from the KGB:", "On the side of the GDR’s MfS:": a side, its name in
                # capitalised words (small joiners between), then the colon ending the line
                rf"|(?:{_alternation(parts.participant_sides)})\s+(?:the\s+)?"
                rf"{_side_name(parts.office_joiners)}\s*:\s*$",
                flags,
            ),
            conversation=re.compile(rf"(?:{_alternation(parts.conversation_heads)})\b", flags),
            # "Memorandum of Conversation1": a note's number may follow the word
            speech_title=re.compile(
                _word_scanning(parts.speech_titles, after=r"(?![^\W\d_])")
                or rf"\b(?:{_alternation(parts.speech_titles)})(?![^\W\d_])",
                flags,
            ),
            distribution_head=re.compile(
                rf"(?:{_heads_alternation(parts.distribution_heads)})", flags
            ),
            sender_head=re.compile(rf"(?:{_heads_alternation(parts.sender_heads)})", flags),
            release_mark=re.compile(
                _word_scanning(parts.release_marks, after=r"\b")
                or rf"\b(?:{_alternation(parts.release_marks)})\b",
                flags,
            ),
            cable_address=re.compile(
                _word_scanning(parts.cable_addresses, after=_CABLE_SEAT)
                or rf"\b(?:{_alternation(parts.cable_addresses)}){_CABLE_SEAT}",
                flags,
            ),
            source_label=re.compile(
                rf"(?:{_alternation(_source_labels(conv))})\s*:\s+(?=\S)", flags
            ),
            named_kind=re.compile(
                rf"(?:the\s+)?(\w+(?:\s+\w+)?)\s+(?:{_alternation(parts.title_links)})\s", flags
            ),
            title_open_endings=frozenset(parts.title_open_endings),
            subject_labels=frozenset(fold(label) for label in parts.subject_labels),
            bracket_labels=frozenset(label for rule in conv.brackets for label in rule.labels),
            embed_intro=re.compile(
                rf"{initial_lookahead(parts.embed_intros)}\b(?:{_alternation(parts.embed_intros)})\b",
                flags,
            ),
            attachment_head=re.compile(
                rf"(?:{_alternation(parts.attachment_heads) or '(?!)'})\b", flags
            ),
            # not inside initials: the "M." of "A.M. VERESOV" is no Monsieur
            person_prefix=re.compile(
                _scanning(prefixes, not_after=r"[\w.]", after=r"(?![\w])")
                or rf"{initial_lookahead(prefixes)}(?<![\w.])(?:{_alternation(prefixes)})(?![\w])"
            ),
            person_rank=re.compile(
                rf"{initial_lookahead(parts.person_ranks)}(?:{_alternation(parts.person_ranks)})"
            ),
            person_list_prefix=re.compile(
                _scanning(list_prefixes, not_after=r"\w", after=r"(?![\w])")
                or rf"{initial_lookahead(list_prefixes)}"
                rf"(?<![\w])(?:{_alternation(list_prefixes)})(?![\w])"
            ),
            dateline_words=frozenset(parts.dateline_words),
            # "General Department" is not a general called Department
            not_a_name=frozenset(conv.header.org_words),
            name_stopwords=frozenset(parts.name_stopwords) | frozenset(conv.header.org_words),
            role_words=frozenset(parts.role_words),
            office_joiners=frozenset(parts.office_joiners),
            signature_mark=re.compile(
                rf"{initial_lookahead(parts.signature_marks)}(?:{_alternation(parts.signature_marks)})(?!\w)",
                flags,
            ),
            stage_direction=re.compile(
                rf"\((?=[^()\n]{{1,{_STAGE_LENGTH}}}\))(?:[^()\n]*?[^\w()\n])?"
                rf"(?:{_alternation(_stage_labels(conv)) or '(?!)'})(?!\w)[^()\n]*\)",
                flags,
            ),
        )

    def only(self, pattern: re.Pattern[str], text: str) -> bool:
        """Whether `text` consists of matches of `pattern` alone (and punctuation)."""
        rest = pattern.sub(" ", text)
        # a rule of dashes alone ("———") matches nothing: it is no mark
        return rest != text and not rest.strip(_MARK_PUNCTUATION)

    def is_reference(self, text: str) -> bool:
        """ "Ref. No. 77", "Incoming Nº M-6843s", "Yours 2214": a reference word and a
        number ("Yours truly", "INCOMING TELEGRAM" hold no digit: no reference)."""
        return self.reference.fullmatch(text) is not None and any(c.isdigit() for c in text)

    def is_classification(self, text: str) -> bool:
        # length first: a 1 MB line is no classification, and is not worth a regex pass
        return len(text) < 60 and self.only(self.classification, text)

    def opens_spaced_classification(self, text: str) -> bool:
        """ "C O N F I D E N T I A L BELGRADE 2231": a State Department telegram's line
        opening with its classification typed letter by letter."""
        spaced = _LETTER_SPACED.match(text)
        if spaced is None:
            return False
        letters = spaced.group().replace(" ", "").casefold()
        return any(
            letters == mark.replace(" ", "") for mark in self.conventions.parts.classification
        )

    def letter_spaced(self, text: str) -> str | None:
        """ "S e c r e t", "I n f o r m a t i o n": a line typed letter by letter, as the
        words it spells ("Secret"); None for any other line."""
        stripped = text.strip()
        if len(stripped) > 120 or not _SPACED_WORDS.fullmatch(stripped):
            return None
        words = [w.replace(" ", "") for w in re.split(r" {2,}", stripped)]
        return " ".join(words) if max(map(len, words)) >= 4 else None

    def is_copy_word(self, word: str) -> bool:
        """ "copy", "Copies:" (the conventions' copy words and their plurals)."""
        folded = self.folded(word).strip(".,;:")
        return any(
            folded in (c, f"{c}s", f"{c[:-1]}ies" if c.endswith("y") else c)
            for c in self.conventions.parts.copy_words
        )

    def name_shaped(self, label: str) -> bool:
        """One to three capitalised words or initials ("Qian", "DENG XIAOPING", "E.A."), not
        a field's label, none an office, an organisation's or a name's stop word: a label
        that may name who speaks."""
        words = label.split()
        return (
            1 <= len(words) <= 3
            and all(
                w[:1].isupper()
                and (w.replace("-", "").replace("'", "").isalpha() or _INITIALS.fullmatch(w))
                for w in words
            )
            and not self.is_classification(label)
            and self.folded(label) not in self.conventions.parts.field_labels
            and not any(
                self.folded(w) in self.name_stopwords
                or self.folded(w) in self.role_words
                or self.folded(w) in self.not_a_name
                for w in words
            )
        )

    def only_marks(self, text: str) -> bool:
        """ "secret priority", "TOP SECRET URGENT": classification and priority words alone."""
        if len(text) >= 60:
            return False
        rest = self.priority.sub(" ", self.classification.sub(" ", text))
        return rest != text and not rest.strip(_MARK_PUNCTUATION)

    def is_title(self, word: str) -> bool:
        """Whether a word is a person's title (`parts.person_prefixes`), its stop written or
        left out ("Comrade", "Cde." or "Cde", "Mr")."""
        return bool(self.person_prefix.fullmatch(word) or self.person_prefix.fullmatch(f"{word}."))

    def is_priority(self, text: str) -> bool:
        return len(text) < 40 and self.only(self.priority, text)

    def starts_with(self, pattern: re.Pattern[str], text: str) -> bool:
        return pattern.match(text.lstrip(" \u00a0\t" + OPEN_QUOTES)) is not None

    def folded(self, text: str) -> str:
        return fold(text)

    def page_line(self, line: str) -> tuple[str, bool] | None:
        """A page marker line ("- 2 -", "(p. 1)"): the number of the page it begins ("" when
        it names none) and whether it closes the page before ("(p. 1)" ends page 1, so
        page 2 begins after it); None for any other line."""
        folded = fold(line)
        for pattern in self.conventions.page_line_patterns:
            match = pattern.fullmatch(folded)
            if match:
                groups = match.groupdict()
                if groups.get("n"):
                    return groups["n"], False
                if groups.get("end"):
                    return str(int(groups["end"]) + 1), True
                return "", False
        return None


# The longest parenthesis read as a stage direction (a sentence in parentheses is text).
_STAGE_LENGTH = 60


# what may stand between marks: "Secret – Urgent", "Ultra urgent & Prior"
_MARK_PUNCTUATION = " ,.;:!–—-/()&"


def _stage_labels(conv: Conventions) -> tuple[str, ...]:
    """The labels of the stage rules ("laughter", "applause", …)."""
    return tuple(
        label for rule in conv.brackets if rule.construct == "stage" for label in rule.labels
    )


def _source_labels(conv: Conventions) -> tuple[str, ...]:
    """The labels of the source note rule ("source", "archival source", …)."""
    return tuple(
        label
        for rule in conv.brackets
        if rule.construct == "note" and rule.type == "source"
        for label in rule.labels
    )
