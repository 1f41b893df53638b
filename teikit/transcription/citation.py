"""Read an archival citation ("RGASPI, f. 558, op. 11, d. 332, ll. 0117-0118.") into parts.

A citation names a repository, the levels of its hierarchy down to the file, the
leaves cited, and who translated or obtained the document.  The parser keeps the
citation's text whole and fills in only what it recognises: an unknown shape gives
a Citation with nothing but its text.  It never raises.

The words it knows (unit abbreviations, credit phrases) are one frozen table,
CITATION_WORDS, passed keyword-only, so a caller can extend it with
dataclasses.replace() the way conventions are varied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Citation:
    """An archival citation: its text kept whole, and the parts that were recognised.

    Example:
        Citation(text="RGASPI, f. 558, op. 11, d. 332, ll. 0117-0118. Translated by Gary Goldberg.",
                 repository="RGASPI",
                 units=(("fond", "558"), ("opis", "11"), ("delo", "332")),
                 locus=("0117", "0118", "ll. 0117-0118"),
                 translator="Gary Goldberg")
    """

    text: str
    repository: str | None = None
    units: tuple[tuple[str, str], ...] = ()
    locus: tuple[str, str, str] | None = None
    translator: str | None = None
    credit: str | None = None
    # who else the citation credits, each (the credit's words, the name): ("Obtained by",
    # "James F. Person")
    credited: tuple[tuple[str, str], ...] = ()
    language_from: str | None = None
    # other archives holding a copy, after a semicolon: (repository, the rest as written)
    others: tuple[tuple[str, str], ...] = ()
    # the town the repository is in, when the citation names it ("AMSZ, Warsaw")
    settlement: str | None = None


@dataclass(frozen=True)
class CitationWords:
    """The words a citation is read with; matching ignores case.

    units: (abbreviation, unit type) for each level of an archive's hierarchy.
    locus: abbreviations of the leaves or pages cited.  One listed in both (Russian
        "p." is a papka after "f."/"op.", a page elsewhere) is a unit once a unit
        has been read, else a locus.
    translation: words that open a translator credit ("Translated from German by").
    credits: phrases that open any other credit ("Obtained by").
    for_words: a word that adds the body a work was done for ("... for CWIHP").
    repositories: words that make a name a repository's even with no call number after
        it ("Diplomatic Archives, Ministry of Foreign Affairs"); matched as word starts.
    settlements: towns (any case) that, as a piece of their own after the repository,
        say where it is ("AMSZ, Warsaw").
    publications: phrases after which a citation names where the document was printed
        ("Reprinted in …, Vol. 5, p. 421"), which is no part of the archive's shelfmark.
    """

    units: tuple[tuple[str, str], ...]
    locus: tuple[str, ...]
    translation: tuple[str, ...]
    credits: tuple[str, ...]
    for_words: tuple[str, ...]
    repositories: tuple[str, ...] = ()
    settlements: tuple[str, ...] = ()
    publications: tuple[str, ...] = ()


CITATION_WORDS = CitationWords(
    units=(
        ("f.", "fond"),
        ("fond", "fond"),
        ("op.", "opis"),
        ("opis'", "opis"),
        ("opis’", "opis"),
        ("opis", "opis"),
        ("d.", "delo"),
        ("delo", "delo"),
        ("p.", "papka"),
        ("papka", "papka"),
        ("rg", "record-group"),
        ("record group", "record-group"),
        ("series", "series"),
        ("ser.", "series"),
        ("vol.", "volume"),
        ("bd.", "volume"),
        ("t.", "volume"),
        ("box", "box"),
        ("folder", "folder"),
        # the Politburo's special files (RGANI, fond 89): "perechen 55, dokument 1"
        ("perechen", "opis"),
        ("perechen'", "opis"),
        ("dokument", "document"),
        # Russian editions cite in Cyrillic: "ЦХСД, ф. 89, оп. 65, д. 12, лл. 1-2"
        ("ф.", "fond"),
        ("оп.", "opis"),
        ("д.", "delo"),
        ("п.", "papka"),
    ),
    locus=(
        ("ll.", "l.", "bl.", "pp.", "p.", "fols.", "fol.", "ff.", "s.")
        + ("listy", "list", "folios", "лл.", "л.")
    ),
    translation=("translated", "translation"),
    credits=(
        ("obtained by", "contributed by", "provided by", "donated by", "courtesy of")
        + ("edited by", "transcribed by")
    ),
    for_words=("for",),
    repositories=(
        ("archive", "archiv", "arquivo", "archivio", "archiwum", "arhiva", "arkiv")
        + ("library", "bibliothek", "biblioteca", "museum", "records office", "архив")
        # FRUS source notes: "Department of State, Central Files, 611.93/8–155"
        + ("department of state",)
    ),
    publications=(
        "reprinted in",
        "published in",
        "reproduced in",
        "printed in",
        "first published in",
        "also published in",
        "cited in",
    ),  # fmt: skip
)

# A value in an archive's hierarchy starts with a digit, a roman numeral or a
# letter-dash-digit ("R-9401"), which keeps "d." in a name from reading as a delo.
# (a Roman numeral with a stop after it is an initial: the "C." of "Washington, D.C.")
# A letter alone after the number is its own ("f. 146 B"); capitals before "of" name the
# unit in words, to the comma ("fond CC of RCP-Directorate of International Affairs").
_VALUE = (
    r"(?:[A-Z]{2,}\s+of\s+[^,;]+"
    r"|(?:\d|[IVXLC]+\b(?!\.)|[A-Z]-\d)[\w./]*(?:\s*[-–—]\s*[\w./]+|\s[A-Z](?![\w.]))?)"
)
# A shelfmark of letters then numbers, German style: "DY 30/3509", "NY 4090/12".
_SIGNATURE = re.compile(r"[A-Z][A-Za-z]{0,4}(?:\s[A-Z]{1,4})*\s\d[\w.]*(?:/[\w.]+)+")
# "(SAPMO-BArch)" closing a repository's long name.
_ABBREVIATED = re.compile(r".*\(\s*(?P<abbr>[^()\s]+(?:\s[^()\s]+){0,2})\s*\)")
_RANGE_SPLIT = re.compile(r"\s*[-–—]\s*")
# Commas and semicolons separate a citation's parts; so does a full stop ending a
# word ("...1954. Translated"), but not an initial ("U.S. National").
# The page's own address, which the archive's PDF export prints at the end of a citation.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_PIECE_SPLIT = re.compile(r"[,;]|(?<=[^\W\d_]{2})\.\s+(?=[A-ZА-Я])|(?<=\d)\.\s+(?=[A-ZА-Я])")


def parse_citation(text: str, *, words: CitationWords = CITATION_WORDS) -> Citation:
    """Parse an archival citation paragraph; unknown shapes keep their text and nothing more.

    Example:
        c = parse_citation("AVP RF, f. 0100, op. 43, p. 302, d. 8, l. 12.")
        c.repository == "AVP RF"
        c.units == (("fond", "0100"), ("opis", "43"), ("papka", "302"), ("delo", "8"))
        c.locus == ("12", "12", "l. 12")
    """
    credits = _read_credits(text, words)
    archival = _before_publication(_cut(text, credits.spans), words)
    first, others = _other_archives(archival, words)
    units, locus, pieces = _read_units(first, words)
    repository, pieces = _read_repository(
        pieces, found=bool(units or locus), before_units=units[0][0] if units else None
    )
    if repository is None and not (units or locus):
        repository, pieces = _named_repository(pieces, words)
    if repository is None:
        repository, pieces = _repository_last(pieces, words)
    settlement, pieces = _settlement(pieces, words) if repository else (None, pieces)
    if repository is not None or units or locus:
        units = _add_leftover_units(units, pieces, locus_at=locus[0] if locus else None)
    return Citation(
        text=text,
        repository=repository.rstrip(" :") or None if repository else None,  # "APRF: F. 39"
        units=tuple((kind, value) for _, kind, value in units),
        locus=locus[1] if locus else None,
        translator=credits.translator,
        credit="; ".join(credits.credits) or None,
        credited=credits.credited,
        language_from=credits.language_from,
        others=others if repository is not None else (),
        settlement=settlement,
    )


def _before_publication(archival: str, words: CitationWords) -> str:
    """The archival part before "Reprinted in …", "Published in …" (see `publications`)."""
    if not words.publications:
        return archival
    match = _publication_regex(words.publications).search(archival)
    return archival[: match.start()] if match else archival


@lru_cache(maxsize=8)
def _publication_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _other_archives(archival: str, words: CitationWords) -> tuple[str, tuple[tuple[str, str], ...]]:
    """ "APRF, f. 45, …, l. 78; AVPRF, Fond 059a, …, List 80; and RGASPI, f. 558, …"
    (or "…, Listy 1-2 and AVPRF, Fond 059a, …"): the first archive's part, and each
    further archive with the rest of its part."""
    parts = [
        piece
        for _, p in _split_outside_parentheses(archival, ";")
        for piece in _ARCHIVE_AND.split(p)
        if piece.strip()
    ]
    others = []
    for part in parts[1:]:
        part = re.sub(r"^(?:and|also|copy in|copies in)\s+", "", part.strip(), flags=re.I)
        units, locus, pieces = _read_units(part, words)
        repository, _ = _read_repository(pieces, found=bool(units or locus))
        if repository is None or not (units or locus):
            return archival, ()  # a semicolon inside one citation, not a list of archives
        rest = part.strip()[len(repository) :].strip(" ,.;")
        others.append((repository, rest))
    return (parts[0], tuple(others)) if others else (archival, ())


# "…, Listy 1-2 and AVPRF, Fond 059a": "and" before an archive's abbreviation and its
# comma ("Archives of Serbia and Montenegro, Fond 507" is one archive)
_ARCHIVE_AND = re.compile(r",?\s+and\s+(?=[A-ZА-Я]{2}[A-Za-zА-Яа-я]{0,10},)")


def _split_outside_parentheses(text: str, separator: str) -> list[tuple[int, str]]:
    found, depth, begin = [], 0, 0
    for i, char in enumerate(text):
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == separator and depth == 0:
            found.append((begin, text[begin:i]))
            begin = i + 1
    found.append((begin, text[begin:]))
    return [(at, part) for at, part in found if part.strip()]


# ---------------------------------------------------------------------------
# Credits: translator, language, who obtained or contributed it
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Credits:
    translator: str | None
    language_from: str | None
    credits: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    credited: tuple[tuple[str, str], ...] = ()


def _alternatives(phrases: tuple[str, ...]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or r"(?!)"


@lru_cache(maxsize=16)
def _credit_regex(words: CitationWords) -> re.Pattern[str]:
    translation = _alternatives(words.translation)
    credit = _alternatives(words.credits)
    # "Obtained and translated by X": the verbs of the "... by" credits.
    verbs = tuple(p.split()[0] for p in words.credits if p.split()[-1:] == ["by"])
    return re.compile(
        rf"(?<!\w)(?:(?P<also>(?i:{_alternatives(verbs)})\s+(?i:and)\s+)?"
        rf"(?P<translated>(?i:{translation}))"
        rf"(?:\s+(?i:from)\s+(?:(?i:the)\s+)?(?P<lang>[^\W\d_][\w-]*))?"
        rf"(?:\s+(?i:into|to)\s+(?:(?i:the)\s+)?[^\W\d_][\w-]*)?"
        # "Translated for NKIDP by Gary Goldberg": the body it was done for, then the name
        rf"(?:\s+(?P<for>(?i:{_alternatives(words.for_words)}))\s+"
        rf"(?P<body>[^\s,;.]+(?:\s+[^\s,;.]+){{0,5}}?)(?=\s+(?i:by)\s))?"
        rf"(?:\s+(?P<by>(?i:by))(?=\s))?"
        rf"|(?P<credit>(?i:{credit}))(?=\s))"
    )


def _read_credits(text: str, words: CitationWords) -> _Credits:
    """Find translator and credit phrases, and the spans of text they take."""
    translator = language = None
    credits: list[str] = []
    credited: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for match in _credit_regex(words).finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue  # inside a name already read
        name, end = "", match.end()
        if match.group("by") or match.group("credit"):
            name, end = _read_name(text, match.end(), words.for_words)
        if not name and not match.group("lang"):
            continue  # "translation" as an ordinary word
        if match.group("translated"):
            translator = translator or name or None
            language = language or match.group("lang")
            if match.group("also"):
                credits.append(_phrase(text, match.start(), end))
                if name:  # "Obtained and translated by X": X obtained it too
                    credited.append((f"{match.group('also').split()[0]} by", name))
            elif match.group("body"):
                credits.append(f"{match.group('for')} {match.group('body')}")
        elif name:
            credits.append(_phrase(text, match.start(), end))
            credited.append((" ".join(match.group("credit").split()), name))
        for_phrase, end = _read_for_clause(text, end, words)
        if for_phrase:
            credits.append(for_phrase)
        spans.append((match.start(), end))
    return _Credits(translator, language, tuple(credits), tuple(spans), tuple(credited))


@dataclass(frozen=True)
class CreditLine:
    """A line of the text that only credits someone: "Translated by Anna Novak",
    "[Edited by Peter Gray.]"."""

    translator: str | None
    credited: tuple[tuple[str, str], ...]
    language_from: str | None = None


# what may stand around a credit line's words: brackets, stops, spaces
_CREDIT_FRAME = "[]().;:, \t\u00a0"


def credit_line(text: str, *, words: CitationWords = CITATION_WORDS) -> CreditLine | None:
    """The credit `text` is, when the whole line is one (brackets and stops aside).

    Example:
        credit_line("[Translated from Russian by Anna Novak.]").translator == "Anna Novak"
    """
    inner = text.strip(_CREDIT_FRAME)
    credits = _read_credits(inner, words)
    if not credits.spans or not (credits.translator or credits.credited):
        return None
    rest = _cut(inner, credits.spans)
    if rest.strip(_CREDIT_FRAME):
        return None
    return CreditLine(credits.translator, credits.credited, credits.language_from)


def _read_for_clause(text: str, end: int, words: CitationWords) -> tuple[str, int]:
    """The "for CWIHP" that may follow a credit ending at `end`, and where it ends.

    Example:
        _read_for_clause("by Ann Li for CWIHP.", 9, CITATION_WORDS) == ("for CWIHP", 20)
    """
    pattern = rf"\s+(?P<for>(?i:{_alternatives(words.for_words)}))\s+(?:(?i:the)\s+)?"
    match = re.compile(pattern).match(text, end)
    if match is None:
        return "", end
    name, name_end = _read_name(text, match.end(), words.for_words)
    if not name:
        return "", end
    return _phrase(text, match.start("for"), name_end), name_end


def _phrase(text: str, start: int, end: int) -> str:
    """A credit as written, without the full stop that ends its sentence."""
    return text[start:end].strip().rstrip(".,; ")


_TOKEN = re.compile(r"\S+")


def _read_name(text: str, start: int, words_for: tuple[str, ...]) -> tuple[str, int]:
    """The name that starts at `start`, up to the end of its sentence or clause.

    A name is capitalised words and initials; lower-case words ("and", "van der")
    stay only when a capitalised word follows them.  A word of `words_for` ends the
    name ("Paul Kessler for CWIHP").
    """
    tokens = [t.group() for t in _TOKEN.finditer(text, start)]
    ends = [t.end() for t in _TOKEN.finditer(text, start)]
    kept = 0
    for k, word in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        if word[0] in "(;" or any(c.isdigit() for c in word):
            break
        if not word[0].isupper() and not (kept and _joins_name(tokens, k, words_for)):
            break
        kept = k + 1
        core = word.rstrip(".,;").replace(".", "").replace("-", "")
        if word.endswith(";") or (word.endswith(",") and not nxt[:1].isupper()):
            break
        # A full stop after a word ends the sentence; after an initial ("P.") it does not.
        if word.endswith(".") and len(core) > 1:
            break
    if not kept:
        return "", start
    end = ends[kept - 1]
    name = text[start:end].strip().rstrip(".,; ")
    if not name or not name[0].isupper():
        return "", start
    return name, end


def _joins_name(tokens: list[str], k: int, words_for: tuple[str, ...]) -> bool:
    """Whether the lower-case words from tokens[k] lead to a capitalised word (van der Berg)."""
    for word in tokens[k : k + 3]:
        if word[0].isupper():
            return True
        if word.casefold() in words_for or not word.isalpha():
            return False
    return False


def _cut(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The text without the credit spans, each replaced by a piece separator."""
    parts, at = [], 0
    for begin, end in spans:
        parts.append(text[at:begin])
        parts.append(";")
        at = end
    parts.append(text[at:])
    return "".join(parts)


# ---------------------------------------------------------------------------
# Repository, hierarchy and locus
# ---------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _unit_regex(words: CitationWords) -> re.Pattern[str]:
    abbreviations = {a for a, _ in words.units} | set(words.locus)
    # An abbreviation must stand alone: "l." in "Bl." or "p." in "op." is not one.
    return re.compile(
        rf"(?<![\w.'’-])(?P<abbr>(?i:{_alternatives(tuple(abbreviations))}))"
        rf"(?:(?<=\.)(?=\d)|(?<=\.)\s+|\s+)(?P<value>{_VALUE})"
    )


_Unit = tuple[int, str, str]  # position in the text, unit type, value


def _read_units(
    archival: str, words: CitationWords
) -> tuple[list[_Unit], tuple[int, tuple[str, str, str]] | None, list[tuple[int, str]]]:
    """Units and the first locus found, and the unrecognised pieces left between them."""
    unit_types = {a.casefold(): t for a, t in reversed(words.units)}
    loci = {a.casefold() for a in words.locus}
    units: list[_Unit] = []
    locus: tuple[int, tuple[str, str, str]] | None = None
    pieces: list[tuple[int, str]] = []
    at = 0
    for match in _unit_regex(words).finditer(archival):
        abbr = " ".join(match.group("abbr").casefold().split())
        is_unit = abbr in unit_types and (abbr not in loci or bool(units))
        if not is_unit and (abbr not in loci or locus is not None):
            continue  # a second locus stays in the text only
        pieces.extend(_pieces(archival, at, match.start()))
        at = match.end()
        value = match.group("value").rstrip(".")
        if is_unit:
            units.append((match.start(), unit_types[abbr], value))
        else:
            ends = _RANGE_SPLIT.split(value)
            written = archival[match.start() : match.end()].rstrip(".")
            locus = (match.start(), (ends[0].rstrip("."), ends[-1].rstrip("."), written))
    pieces.extend(_pieces(archival, at, len(archival)))
    return units, locus, pieces


def _pieces(text: str, start: int, stop: int) -> list[tuple[int, str]]:
    """Comma-separated pieces of text[start:stop], outside parentheses, with positions."""
    found: list[tuple[int, str]] = []
    depth, begin, i = 0, start, start
    while i < stop:
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            separator = _PIECE_SPLIT.match(text, i)
            if separator is not None:
                _add_piece(found, text, begin, i)
                begin = i = max(separator.end(), i + 1)
                continue
        i += 1
    _add_piece(found, text, begin, stop)
    return found


def _add_piece(found: list[tuple[int, str]], text: str, begin: int, end: int) -> None:
    piece = text[begin:end].strip(" .\t\r\n\u00a0")
    if piece:
        found.append((begin, piece))


def _is_abbreviation(piece: str) -> bool:
    """Whether a piece is an abbreviation ("RGASPI", "AVP RF", "BStU"): capitals, no digits."""
    tokens = piece.split()
    if not tokens or len(tokens) > 4 or any(c.isdigit() for c in piece):
        return False
    for token in tokens:
        letters = [c for c in token if c.isalpha()]
        capitals = sum(c.isupper() for c in letters)
        if not letters or capitals < 2 or capitals * 2 < len(letters):
            return False
    return True


def _is_name(piece: str) -> bool:
    """Whether a piece is a name ("Hoover Institution Archives", "Archive of Foreign Policy
    of the Russian Federation"): capitalised words and short joining words, no digits; not
    a phrase ("The document")."""
    tokens = piece.split()
    return (
        0 < len(tokens) <= 14
        and piece[0].isupper()
        and not any(c.isdigit() for c in piece)
        and not any(c in piece for c in ':!?"')
        and all(t[:1].isupper() or len(t) <= 3 or not t[:1].isalpha() for t in tokens)
    )


def _trailing_abbreviation(piece: str) -> str | None:
    """The archive's abbreviation a sentence ends with ("A copy was found in RGASPI")."""
    words = piece.split()
    last = words[-1] if words else ""
    return last if len(last) >= 3 and _is_abbreviation(last) else None


def _read_repository(
    pieces: list[tuple[int, str]], *, found: bool, before_units: int | None = None
) -> tuple[str | None, list[tuple[int, str]]]:
    """The repository from the first piece (or the abbreviation ending the piece right
    before the first unit, at offset `before_units`), and the pieces after it.

    A long name followed by "(ABBR)" gives ABBR; an abbreviation is taken as it is;
    any other name only when units or a locus follow it, so plain prose gets none.
    """
    if not pieces:
        return None, pieces
    first = pieces[0][1]
    short = _ABBREVIATED.fullmatch(first)
    if short is not None:
        return short.group("abbr"), pieces[1:]
    if _is_abbreviation(first):
        return first, pieces[1:]
    if (
        found
        and len(first.split()) > 2
        and "(" not in first  # "Archiwum … (Archive of …; AMSZ)": the name with its own
        and (abbreviation := _trailing_abbreviation(first))
    ):
        return abbreviation, pieces[1:]  # "Notes by O.A. Westad at TsKhSD, f. 5, …"
    if found and _is_name(first):
        if before_units is not None and len(pieces) > 1:
            at, second = pieces[1]
            later = [k for k, _ in pieces[2:] if k < before_units]
            if at < before_units and not later and _is_abbreviation(second):
                return second, pieces[2:]  # "Notes of O.A. Westad, TsKhSD, f. 5, …"
        return first, pieces[1:]
    if found and before_units is not None:
        # prose around the call number: the archive named right before its first unit
        before = [k for k, (at, _) in enumerate(pieces) if at < before_units]
        if before and (abbreviation := _trailing_abbreviation(pieces[before[-1]][1])):
            return abbreviation, pieces[before[-1] + 1 :]
    return None, pieces


# "PRC FMA 106-00039-05": an archive's abbreviation and its call number in one piece.
_ABBREVIATION_AND_NUMBER = re.compile(
    r"(?P<abbr>[^\W\d_][^\s\d]*(?:\s[^\W\d_][^\s\d]*){0,3})\s+(?P<number>\d[\w./-]*)"
)


def _named_repository(
    pieces: list[tuple[int, str]], words: CitationWords
) -> tuple[str | None, list[tuple[int, str]]]:
    """A repository a citation names with no unit the words know: an abbreviation with
    its call number ("PRC FMA 106-00039-05": the number is left as a piece of its own),
    or names up to the first one that is a settlement, when one of them holds a word of
    `words.repositories` ("Diplomatic Archives, Ministry of Foreign Affairs, Seoul")."""
    if not pieces:
        return None, pieces
    at, first = pieces[0]
    joined = _ABBREVIATION_AND_NUMBER.fullmatch(first)
    if joined is not None and _is_abbreviation(joined.group("abbr")):
        number = (at + joined.start("number"), joined.group("number"))
        return joined.group("abbr"), [number, *pieces[1:]]
    named = _NAME_THEN_NUMBER.fullmatch(first)
    if named is not None:  # "Hungarian Central Archives. 276f 102165": its number after it
        number = (at + named.start("number"), named.group("number"))
        pieces = [(at, named.group("name")), number, *pieces[1:]]
    names = []
    for _, piece in pieces:
        if not _is_name(piece) or _is_settlement(piece, words):
            break
        names.append(piece)
    if names and _repository_pattern(words.repositories).search(" ".join(names)):
        return ", ".join(names), pieces[len(names) :]
    return None, pieces


def _repository_last(
    pieces: list[tuple[int, str]], words: CitationWords
) -> tuple[str | None, list[tuple[int, str]]]:
    """A repository named after the call number ("Szyfrogramy from Hawana 1962, 6/77 w-82
    t-1264, Polish Foreign Ministry Archive (AMSZ), Warsaw"): the last piece that is an
    archive's name or abbreviation, with a piece holding a number before it and none
    after it (the page's address aside). Returned with the pieces before it, a
    settlement right after it first; what follows it is no part of the call number."""
    for k in range(len(pieces) - 1, 0, -1):
        piece = pieces[k][1]
        short = _ABBREVIATED.fullmatch(piece)
        if short is not None and _is_name(piece[: piece.rfind("(")].strip()):
            name = short.group("abbr")
        elif _is_abbreviation(piece) or (
            _is_name(piece) and _repository_pattern(words.repositories).search(piece)
        ):
            name = piece
        else:
            if any(c.isdigit() for c in _ADDRESS.sub("", piece)):
                return None, pieces  # a number after it: no repository named last
            continue
        if not any(c.isdigit() for _, before in pieces[:k] for c in before):
            return None, pieces
        after = pieces[k + 1 : k + 2]
        town = after if after and _is_settlement(after[0][1], words) else []
        return name, town + pieces[:k]
    return None, pieces


_NAME_THEN_NUMBER = re.compile(r"(?P<name>[^\d.]{3,120}?)\.\s+(?P<number>\d.*)")


@lru_cache(maxsize=16)
def _repository_pattern(repositories: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?i:{_alternatives(repositories)})")


def _is_settlement(piece: str, words: CitationWords) -> bool:
    return " ".join(piece.casefold().split()) in words.settlements


def _settlement(
    pieces: list[tuple[int, str]], words: CitationWords
) -> tuple[str | None, list[tuple[int, str]]]:
    """The town the pieces right after the repository open with, and the pieces after it."""
    if pieces and _is_settlement(pieces[0][1], words):
        return pieces[0][1], pieces[1:]
    return None, pieces


def _is_prose(piece: str) -> bool:
    """A remark with a number in it ("Published as Document no. 123 in Kokurin and
    Morukov"), not part of a call number: a few words, several in lower case."""
    words = piece.split()
    return len(words) >= 5 and sum(w[:1].islower() for w in words) >= 2


def _add_leftover_units(
    units: list[_Unit], pieces: list[tuple[int, str]], *, locus_at: int | None
) -> list[_Unit]:
    """Unrecognised pieces before the locus: a shelfmark is a signature, the rest one file.

    The rest of a call number is one file unit, in the place of its first piece
    ("Central Decimal File 1955-59, 762.00/3-1158").  Only pieces with a number
    count: a call number has one, a remark such as "Original in Russian" does not.
    """
    extra: list[_Unit] = []
    file_parts: list[tuple[int, str]] = []
    for at, piece in pieces:
        if locus_at is not None and at > locus_at:
            break  # the locus is the last level; what follows it is a remark
        if not any(c.isdigit() for c in piece) or _is_prose(piece) or _ADDRESS.fullmatch(piece):
            continue
        if _SIGNATURE.fullmatch(piece):
            extra.append((at, "signature", piece))
        else:
            file_parts.append((at, piece))
    if file_parts:
        extra.append((file_parts[0][0], "file", ", ".join(p for _, p in file_parts)))
    return sorted(units + extra)
