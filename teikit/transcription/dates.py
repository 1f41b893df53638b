"""Find dates and clock times in transcription text, with ISO 8601 values for TEI @when.

Month names, the reading order of numeric dates and the century of two-digit years
come from the conventions (`[dates]` in conventions/*.toml), so a new archive's
spellings need a line of TOML and no code.

What the caller must know:

- A full date with its time after it ("January 20, 1949—2 p. m.", "3 March 1953, 15.20
  hrs", FRUS's dateline style) comes back as ONE span of kind "datetime" with
  `when="1949-01-20T14:00:00"`. The span runs from the first character of the date to
  the last of the time, so the separator ("—", ", ", " at ") is inside it.
- A time written before its date ("received at 0810 12 October 1949", "Sent 23.40
  24.IX.52", the cipher offices' style) stays a "time" span and a "date" span, as
  seed-target.xml encodes them: `<time when="08:10:00">0810</time> <date …>`.
- A year-less date has no xs:dateTime form, so when no `year=` is given it and its time
  stay two spans ("--07-23" and "03:20:00"). With `year=` they join, and the datetime
  carries `inferred_year=True`. A `DocumentDate` as `year=` lends the year before, of or
  after it that puts the day nearest it ("25 December" against 15 January 1963 is 1962).
- Numeric dates read by the conventions' order (`numeric_order`), unless one reading is
  within a few days of a `DocumentDate` from the page or the title (`outside=True`) and
  the other far from it: then that one, date by date.
- A span covers the expression as written: quotes around a Soviet-style day ("28" May),
  "a.m."/"p. m.", "hrs"/"hours"/"h" and the ordinal dot of a year-less "4.5." or "10.IV."
  are inside; clue words in front of a time ("at", "received", "sent") are outside.
- Bare four-digit times ("0810") need a clue: a word in front (at, received, rec'd, sent,
  since, until, till, by), a unit after (hrs, hours, h), or `bare_times=True`. After the weak
  clues since/until/till/by a number that looks like a year (1800–2099) stays a year.
- A dotted time with a two-digit hour ("18.40", "14.00") is taken without a clue unless a
  currency sign precedes it or "%"/"per cent" follows, or "on"/"dated" stands before it
  and it can be a day and a month ("dispatched on 03.10 at 10:00" is the 3rd of October);
  "3.20" needs a clue, a unit, a.m./p.m. or `bare_times=True`, because it is more often a
  decimal.
- Impossible dates ("31 February 1950", "30.II.1950", "13.13.1950") are DateProblems, never
  spans. Numbers that cannot be dates at all ("45.67.1950") are silently left alone.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from teikit.transcription.conventions import DATE_WORD_LISTS, DateWords, fold
from teikit.transcription.lexicon import grouped_alternation

DATE = "date"
TIME = "time"
DATETIME = "datetime"
RANGE = "range"  # "from May 24 to 26", "1 and 2 October": when is the first day, until the last


@dataclass(frozen=True)
class DateSpan:
    """A date or time found in a string, with its ISO 8601 value for TEI @when.

    Example:
        DateSpan(start=0, end=15, kind="date", when="1949-10-12")   # "12 October 1949"
    """

    start: int
    end: int
    kind: str
    when: str | None
    inferred_year: bool = False
    until: str | None = None  # the last day of a RANGE


@dataclass(frozen=True)
class DateProblem:
    """Text shaped like a date that names no real day, e.g. '31 February 1950'."""

    start: int
    end: int
    message: str


Found = DateSpan | DateProblem


@dataclass(frozen=True)
class DocumentDate:
    """The date a document's year-less dates are read against: its year, and its month and
    day when known.

    A year-less date takes the year (this one, the one before or the one after) that puts
    it nearest this date: "25 December" in a report of 15 January 1963 is 1962-12-25.
    `outside` says the date comes from the page or the title, not from the text: only such
    a date decides how one numeric date reads ("11.03.1962" on a page dated 3 November 1962
    is the 3rd of November).

    Example:
        find_dates("on 25 December", dates=conv.dates, year=DocumentDate(1963, 1, 15))
    """

    year: int
    month: int | None = None
    day: int | None = None
    outside: bool = False


# Only these blanks may sit inside a date: a date never runs over a line break, so a
# trailer's "12 October" is not glued to a number on the next line.
_SP = r"[ \t\u00a0]"
# A number inside a word, a reference ("3425/shs", "0117-0118") or a decimal is no date.
_NOT_AFTER = r"(?<![\w./:,\-–])"
# Before a day written with a month name a dash is a range ("3–11 October"), not a reference.
_NOT_AFTER_DAY = r"(?<![\w./:,])"
_ROMAN = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
_ROMAN_MONTHS = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}
_AMPM = rf"(?P<ap>[ap])(?:\.{_SP}?m(?!\w)\.?|m(?!\w))"
_CURRENCY = "$£€¥₽"
_PLAUSIBLE_YEARS = range(1800, 2100)
# "6th", and "6 th" with the suffix set apart (lower case or capitals: "St." is a saint)
_ORDINAL = rf"(?:st|nd|rd|th|{_SP}(?-i:st|nd|rd|th|ST(?!\.)|ND|RD|TH)(?!\w))?"
_DAY_AND_YEAR = re.compile(r"[ \t\u00a0]+[0-9]{1,2},?[ \t\u00a0]+[12][0-9]{3}(?![0-9])")

_HOUR_AMPM = re.compile(
    rf"(?<![\w.,:/{_CURRENCY}])(?P<h>[0-9]{{1,2}}){_SP}*{_AMPM}",
    re.IGNORECASE,
)
# "27. 7. 46": a two-digit year set apart only where the month is set apart too
_NUMERIC = re.compile(
    rf"{_NOT_AFTER}(?P<a>[0-9]{{1,2}})(?P<sep>[./])(?:(?<=\.)(?P<sp>{_SP}))?(?P<b>[0-9]{{1,2}})"
    rf"(?P=sep)(?:(?P<y4>[0-9]{{4}})|(?<=\.){_SP}(?P<y4s>1[89][0-9]{{2}}|20[0-9]{{2}})"
    rf"|(?P<y2>[0-9]{{2}})|(?(sp){_SP}(?P<y2s>[0-9]{{2}})|(?!)))"
    rf"(?![\w/]|[.,:\-][0-9])"
)
_NUMERIC_YEARLESS = re.compile(
    rf"{_NOT_AFTER}(?P<a>[0-9]{{1,2}})\.(?P<b>[0-9]{{1,2}})"
    # "4.5.", or with no stop before a clock time: "Received 31.8 17:27"
    rf"(?:\.(?![\w.]|[,:\-][0-9])|(?={_SP}+[0-2]?[0-9]:[0-5][0-9](?![0-9])))"
)
_YMD = re.compile(
    # "1976.9.28", and as Korean papers space it, "1976. 9. 28"
    rf"{_NOT_AFTER}(?P<y>[12][0-9]{{3}})(?P<sep>[./-])(?:(?<=\.) )?(?P<m>[0-9]{{1,2}})"
    rf"(?P=sep)(?:(?<=\.) )?(?P<d>[0-9]{{1,2}})"
    rf"(?![\w/]|[.,:\-][0-9])"
)
_ROMAN_DATE = re.compile(
    rf"{_NOT_AFTER}(?P<d>[0-9]{{1,2}})(?P<sep>[./ ])(?:(?<=\.){_SP})?(?P<r>{_ROMAN})(?![a-z])"
    rf"(?:(?:(?P=sep)(?:(?P<y>[0-9]{{4}}|[0-9]{{2}})|(?<=\.){_SP}(?P<ys>1[89][0-9]{{2}}|20[0-9]{{2}}))"
    # "3.XI 1962": a four-digit year after a space, the month's dot left out
    rf"|{_SP}(?P<yw>1[89][0-9]{{2}}|20[0-9]{{2}}))"
    rf"(?![\w/]|[.,:\-][0-9]))?(?P<dot>\.(?!\w))?",
    re.IGNORECASE,
)
# a full ISO date's @when, a day's ("1949-10-12"), not a month's or a year-less one's
FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BARE_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class _Patterns:
    """The patterns that depend on the month names of one conventions table."""

    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    year_month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    day_range: re.Pattern[str]
    month_range: re.Pattern[str]
    day_list: re.Pattern[str]
    month_list: re.Pattern[str]
    after_month: re.Pattern[str]
    abbreviations: frozenset[str]
    # Where a month name may begin: the month-first rules are tried only there.
    month_starts: re.Pattern[str]
    longest_month: int
    # The patterns built on the `[dates]` words around numbers.
    clock: re.Pattern[str]  # 18.40, 15.20 hrs, 3.20 a.m.
    hours_minutes: re.Pattern[str]  # "10 hours 10 minutes"
    hhmm: re.Pattern[str]  # 0810, 2300 hours
    unit_after: re.Pattern[str]  # a time's unit right after its number
    clue: re.Pattern[str]  # a time clue word ending where a number starts
    strong_clues: frozenset[str]
    day_clue: re.Pattern[str]  # "on 03.10": a day and a month, not a time
    number_sign: re.Pattern[str]  # "No. 1102" is a number, however like a clock
    percent: re.Pattern[str]
    date_time_gap: re.Pattern[str]  # between a date and its time
    word_time: re.Pattern[str]  # "—noon" after a full date
    word_times: dict[str, str]  # folded word: HH:MM:SS
    time_range_gap: re.Pattern[str]  # "3:30 to 6:30 p.m."
    afternoon_after: re.Pattern[str]  # "3:15 this afternoon"
    range_gap: re.Pattern[str]  # between two dates of a range
    pair_word: re.Pattern[str]  # "1 and 2 October"
    between: re.Pattern[str]  # "between 1 and 3 October": a range even when not consecutive
    cited: re.Pattern[str]  # "Embtel 1053 ", "your 1813 of ": before another message's date
    routed: re.Pattern[str]  # "Sent Department ", "repeated Moscow ": before a message's number


@dataclass(frozen=True)
class _Context:
    """What every rule needs to know besides the text."""

    dates: DateWords
    anchor: DocumentDate | None  # what year-less dates are read against
    bare_times: bool
    patterns: _Patterns
    # Where a run of one or two digits begins that the character after it lets a rule go
    # on from (each rule's own), where a run of four, and where a month name may begin:
    # every rule's match starts at one of these (see `_matches`), so no rule scans the
    # text on its own.
    range_starts: list[int]
    day_starts: list[int]  # and the quote before a quoted day
    roman_starts: list[int]
    numeric_starts: list[int]
    yearless_starts: list[int]
    clock_starts: list[int]
    ampm_starts: list[int]
    four_starts: list[int]
    six_starts: list[int]  # a run of six digits and a Z: a date-time group
    month_starts: tuple[int, ...]


# Every match of a rule that starts with a number starts at the first digit of a run:
# each such rule refuses a word character (so a digit) right before its match. Its number
# is one or two digits (a day, a month, an hour) followed by no digit, or four digits
# (a year, "0810"), or six and a Z (a date-time group, "101426Z"): no match starts at a
# run of three, of five, or of more than six.
_DIGIT_RUN = re.compile(r"[0-9]+")
# A Soviet-style quoted day ("28" May) starts one character before its digits.
_DAY_QUOTES = frozenset('"“„«')


def _matches(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` yields, trying only `starts` (ascending), which must
    hold every position where a match can begin.

    A match tried at one position depends only on the text and that position (lookbehinds
    see the text before it), so skipping positions where no match can begin changes nothing.
    Scanning the text once for digits beats ten rules each scanning it (issue 3).
    """
    end = 0
    for start in starts:
        if start < end:
            continue  # finditer goes on after a match's end, never inside it
        m = pattern.match(text, start)
        if m:
            yield m
            end = m.end()


_ANY_DIGIT = re.compile(r"[0-9]")


def _patterns_for(dates: DateWords) -> _Patterns:
    """The compiled patterns of one DateWords value, looked up without re-sorting its words."""
    key = id(dates)
    cached = _BY_TABLE.get(key)
    if cached is None or cached[0] is not dates:
        words = tuple((name, tuple(getattr(dates, name))) for name in _WORD_LISTS)
        cached = (
            dates,
            _compiled(
                tuple(sorted(dates.months.items())),
                words,
                tuple(sorted(dates.word_times.items())),
            ),
        )
        _BY_TABLE[key] = cached
    return cached[1]


_BY_TABLE: dict[int, tuple[object, _Patterns]] = {}
# the number signs come from [parts]
_WORD_LISTS = (*DATE_WORD_LISTS, "year_leads", "number_signs")


def _words(words: Iterable[str]) -> str:
    """An alternation of `words`, longest first, a blank in one matching any run of
    blanks and its apostrophe either apostrophe ("rec'd", "rec’d"); "(?!)" for none."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return grouped_alternation(ordered, spaces=f"{_SP}+").replace("'", "['’]")


def _word(words: Iterable[str], *, after_digits: bool = False) -> str:
    """`_words` as a whole word: no word character right before or after it (a word
    ending in a sign, "No." or "%", may touch what follows); with `after_digits` it may
    touch the number before it ("1400h")."""
    before = "" if after_digits else r"(?<!\w)"
    return rf"{before}(?:{_words(words)})(?:(?<=\W)|(?!\w))"


@lru_cache(maxsize=16)
def _compiled(
    months: tuple[tuple[str, int], ...],
    word_lists: tuple[tuple[str, tuple[str, ...]], ...],
    word_times: tuple[tuple[str, str], ...],
) -> _Patterns:
    """Compile one table's patterns: its month names and its words around numbers."""
    w = dict(word_lists)
    names = [name for name, _ in months]
    # Longest first, so "sept" is tried before "sep" and "juillet" before "juil".
    alternatives = grouped_alternation(sorted(names, key=len, reverse=True)) if names else ""
    # A class of first letters lets the engine skip most positions before trying every name.
    initials = "".join(sorted({re.escape(n[0]) for n in names if n}))
    month = (
        rf"(?<!\w)(?=[{initials or 'x'}])(?P<month>{alternatives or '(?!x)x'})(?P<mdot>\.)?(?!\w)"
    )
    year = r"(?P<y>[12][0-9]{3})(?![0-9]|[.,][0-9])"
    unit = rf"(?P<unit>{_word(w['hour_units'], after_digits=True)}\.?)"
    time_word = _word(w["strong_time_clues"] + w["hour_units"])
    # "11 September 57": two digits after a month name are a year unless a lower-case
    # word other than a time's follows them ("on 5 May 45 soldiers": a count) or a year
    # does ("5 of March 20, 1922": a day)
    short_year = (
        rf"(?P<y2>[0-9]{{2}})(?![0-9]|[.,:][0-9]"
        rf"|,?{_SP}+(?:[12][0-9]{{3}}|(?!{time_word})[a-z]))"
    )
    # A Soviet-style day stands in quotes: "28" May 1957, “14” February 1956.
    quoted_day = r"(?P<q>[\"“„«])(?P<qd>[0-9]{1,2})[\"”“»]"
    plain_day = rf"(?P<d>[0-9]{{1,2}}){_ORDINAL}\.?"
    day_month = (
        rf"{_NOT_AFTER_DAY}(?:{quoted_day}|{plain_day})"
        rf"(?:{_SP}+of)?{_SP}+{month}(?:,?{_SP}+(?:{year}|{short_year}))?"
    )
    month_day = (
        rf"{month}{_SP}*(?:the{_SP}+)?(?P<d>[0-9]{{1,2}}){_ORDINAL}"
        rf"(?:,?{_SP}*{year}|(?![0-9]|[.,:][0-9]))"
    )
    # "1974 September 13, 06:33": the State Department's cables put the year first
    year_month_day = (
        rf"{_NOT_AFTER}(?P<y>[12][0-9]{{3}}){_SP}+{month}{_SP}*(?P<d>[0-9]{{1,2}}){_ORDINAL}"
        rf"(?![0-9]|[.,:][0-9])"
    )
    month_year = rf"{month},?{_SP}+{year}(?![\-–/][0-9])"
    # "1 and 2 October", "25 through 30 September 1950", "May 24 to 26", "December 19-24, 1966"
    joined = rf"(?:{_SP}*[-–—/]{_SP}*|{_SP}+{_word(w['range_words'] + w['pair_words'])}{_SP}+)"
    day_range = (
        rf"{_NOT_AFTER_DAY}(?P<d>[0-9]{{1,2}}){_ORDINAL}{joined}(?P<d2>[0-9]{{1,2}}){_ORDINAL}"
        rf"{_SP}+(?:of{_SP}+)?{month}(?:,?{_SP}+{year})?"
    )
    # "August 16th – 21st": ordinals too
    month_range = (
        rf"{month}{_SP}*(?P<d>[0-9]{{1,2}}){_ORDINAL}{joined}(?P<d2>[0-9]{{1,2}}){_ORDINAL}"
        rf"(?![0-9]|[.,:][0-9])(?:,?{_SP}*{year})?"
    )
    # "10, 12 and 14 May 1957", "May 3 and 7", "12 or 14 May": the days before the last
    # are of its month
    listed = rf"[0-9]{{1,2}}{_ORDINAL}"
    days = rf"(?P<days>{listed}(?:,{_SP}*{listed})*,?{_SP}+{_word(w['list_words'])}{_SP}+)"
    day_list = (
        rf"{_NOT_AFTER_DAY}{days}(?P<d>[0-9]{{1,2}}){_ORDINAL}{_SP}+(?:of{_SP}+)?{month}"
        rf"(?:,?{_SP}+{year})?"
    )
    month_list = (
        rf"{month}{_SP}*{days}(?P<d>[0-9]{{1,2}}){_ORDINAL}(?![0-9]|[.,:][0-9])"
        rf"(?:,?{_SP}*{year})?"
    )
    after_month = rf"(?:{month}|[0-9]{{1,2}}\.{_SP}?(?:{_ROMAN}|[0-9]{{1,2}})\.?),?{_SP}*$"
    # zero-width, so finditer reports every start, even one inside another name's match
    month_starts = rf"(?<!\w)(?=[{initials or 'x'}])(?=(?:{alternatives or '(?!x)x'}))"
    return _Patterns(
        day_month=re.compile(day_month, re.IGNORECASE),
        month_day=re.compile(month_day, re.IGNORECASE),
        year_month_day=re.compile(year_month_day, re.IGNORECASE),
        month_year=re.compile(month_year, re.IGNORECASE),
        day_range=re.compile(day_range, re.IGNORECASE),
        month_range=re.compile(month_range, re.IGNORECASE),
        day_list=re.compile(day_list, re.IGNORECASE),
        month_list=re.compile(month_list, re.IGNORECASE),
        after_month=re.compile(after_month, re.IGNORECASE),
        abbreviations=_abbreviations(months),
        month_starts=re.compile(month_starts, re.IGNORECASE),
        longest_month=max((len(n) for n in names), default=0),
        clock=re.compile(
            rf"(?<![\w.,:/{_CURRENCY}])(?P<h>[0-9]{{1,2}})(?P<sep>[.:])(?P<m>[0-5][0-9])"
            rf"(?::(?P<s>[0-5][0-9]))?(?![0-9]|[.,:][0-9])(?:{_SP}*(?:{_AMPM}|{unit}))?",
            re.IGNORECASE,
        ),
        hours_minutes=re.compile(
            rf"(?<![\w.,:/{_CURRENCY}])(?P<h>[0-2]?[0-9]){_SP}+{_word(w['hour_words'])}"
            rf"{_SP}+(?P<m>[0-5]?[0-9]){_SP}+{_word(w['minute_words'])}",
            re.IGNORECASE,
        ),
        hhmm=re.compile(
            rf"(?<![\w./,:\-–{_CURRENCY}])(?P<h>[0-2][0-9])(?P<m>[0-5][0-9])(?![0-9])"
            rf"(?:{_SP}*{unit})?(?![\w/]|[\-–.,:][0-9])",
            re.IGNORECASE,
        ),
        unit_after=re.compile(rf"{_SP}*{unit}", re.IGNORECASE),
        clue=re.compile(rf"(?P<w>{_word(w['time_clues'])}){_SP}+$", re.IGNORECASE),
        strong_clues=frozenset(w["strong_time_clues"]),
        day_clue=re.compile(rf"{_word(w['day_clues'])}{_SP}+$", re.IGNORECASE),
        number_sign=re.compile(rf"{_word(w['number_signs'])}:?{_SP}*$", re.IGNORECASE),
        percent=re.compile(rf"{_SP}*(?:{_words(w['percent_words'])})", re.IGNORECASE),
        date_time_gap=re.compile(
            rf"{_SP}*[—–-]{_SP}*|(?:,{_SP}*|{_SP}+)(?:{_word(w['date_time_joiners'])}{_SP}+)?",
            re.IGNORECASE,
        ),
        word_time=re.compile(
            rf"(?:{_SP}*[—–-]{_SP}*|,{_SP}*)(?P<w>{_word(k for k, _ in word_times)})",
            re.IGNORECASE,
        ),
        word_times={fold(k): f"{v}:00" for k, v in word_times},
        time_range_gap=re.compile(
            rf"{_SP}*(?:[—–-]|{_word(w['range_words'])}){_SP}*", re.IGNORECASE
        ),
        # "3:15 this afternoon", "7:50 (p.m.?)": after a time, what puts it after noon
        afternoon_after=re.compile(
            rf"{_SP}*(?:\({_SP}*p\.?{_SP}?m\.?{_SP}*\??{_SP}*\)|{_word(w['afternoon_words'])})",
            re.IGNORECASE,
        ),
        range_gap=re.compile(rf"{_SP}*(?:[-–—]|{_word(w['range_words'])}){_SP}*", re.IGNORECASE),
        pair_word=re.compile(_word(w["pair_words"]), re.IGNORECASE),
        between=re.compile(rf"{_word(w['between_words'])}{_SP}+$", re.IGNORECASE),
        routed=re.compile(
            rf"{_word(w['message_routes'])}{_SP}+(?:to{_SP}+)?(?-i:[A-Z][\w.]*(?:{_SP}+[A-Z][\w.]*)?)"
            rf"{_SP}+$",
            re.IGNORECASE,
        ),
        cited=re.compile(
            rf"{_word(w['cited_messages'])}\.?{_SP}+(?:{_word(w['number_signs'])}{_SP}*)?"
            rf"[0-9][0-9/–-]*,?{_SP}+(?:{_word(w['year_leads'])}{_SP}+)?$",
            re.IGNORECASE,
        ),
    )


def _abbreviations(months: tuple[tuple[str, int], ...]) -> frozenset[str]:
    """Names that shorten a longer name of the same month ("sept" of "september").

    Only these own a following dot; in "on 17 March." the dot ends the sentence.
    """
    return frozenset(
        short
        for short, number in months
        for long, other in months
        if other == number and len(long) > len(short) and long.startswith(short)
    )


def days_in_month(year: int, month: int) -> int:
    """Number of days in a month of the proleptic Gregorian calendar.

    Example:
        days_in_month(1950, 2) == 28
    """
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _is_real(year: int | None, month: int, day: int | None) -> bool:
    """Whether year/month/day name a day that exists (a missing year allows 29 February)."""
    if not 1 <= month <= 12 or (year is not None and not 1 <= year <= 9999):
        return False
    if day is None:
        return True
    return 1 <= day <= days_in_month(2000 if year is None else year, month)


def _iso_date(year: int | None, month: int, day: int | None) -> str:
    """ISO 8601 as TEI @when wants it: 1949-10-12, 1949-10, or --10-12 without a year."""
    if year is None:
        return f"--{month:02d}-{day or 0:02d}"  # month-only dates always carry a year
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_found(
    text: str, start: int, end: int, ctx: _Context, *, year: int | None, month: int, day: int | None
) -> Found:
    """A date span, or a problem when the day does not exist; a year-less date takes the
    year that puts it nearest the document's date (`DocumentDate`)."""
    inferred = False
    if year is None and ctx.anchor is not None and 1 <= ctx.anchor.year <= 9999:
        year, inferred = _nearest_year(ctx.anchor, month, day), True
    if not _is_real(year, month, day):
        return DateProblem(start, end, f"'{text[start:end]}' is not a real date")
    return DateSpan(start, end, DATE, _iso_date(year, month, day), inferred_year=inferred)


def _anchor_day(anchor: DocumentDate) -> int | None:
    """The document's date as a day number; a month alone stands for its middle."""
    if anchor.month is None or not _is_real(anchor.year, anchor.month, anchor.day):
        return None
    day = anchor.day or (days_in_month(anchor.year, anchor.month) + 1) // 2
    return datetime.date(anchor.year, anchor.month, day).toordinal()


def _day_number(year: int, month: int, day: int | None) -> int | None:
    """A day of `year` as a day number (a day the month lacks, "29 February", as its last)."""
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    last = days_in_month(year, month)
    return datetime.date(year, month, min(day or (last + 1) // 2, last)).toordinal()


def _nearest_year(anchor: DocumentDate, month: int, day: int | None) -> int:
    """The year before, of or after the document's date that puts month and day nearest it;
    a tie, or a document's date with no month, keeps its year.

    The year after counts only for a day within `_NEXT_YEAR_DAYS` of the document's date:
    a record names past days more often than days to come, and those it plans are near
    ("the agreement of 17 March" in a cable of 12 November is the March before).
    """
    target = _anchor_day(anchor)
    if target is None:
        return anchor.year
    best, distance = anchor.year, None
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        number = _day_number(year, month, day)
        if number is None or (year > anchor.year and number - target > _NEXT_YEAR_DAYS):
            continue
        if distance is None or abs(number - target) < distance:
            best, distance = year, abs(number - target)
    return best


_NEXT_YEAR_DAYS = 92  # a quarter of a year


def _two_digit_year(digits: str, ctx: _Context) -> int:
    """A written year: two digits are counted from the conventions' century (49 → 1949)."""
    return ctx.dates.century + int(digits) if len(digits) == 2 else int(digits)


def _month_number(match: re.Match[str], ctx: _Context, *, full: bool) -> int | None:
    """The month a matched month name stands for, or None when it should not count.

    A lower-case name counts only in a full day-month-year date: "may" and "march" are
    also ordinary words, while French and German writers keep month names lower case.
    """
    word = match.group("month")
    if not (word[0].isupper() or full):
        return None
    return ctx.dates.months.get(fold(word))


def _day_month_order(a: int, b: int, ctx: _Context, year: int | None = None) -> tuple[int, int]:
    """(day, month) for two numbers, by the conventions unless one of them cannot be a month,
    or unless one reading is within a few days of the page's or title's date and the other
    far from it ("11.03.1962 at 16:00" on a page dated 3 November 1962)."""
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    usual = (b, a) if ctx.dates.numeric_order == "mdy" else (a, b)
    anchor = ctx.anchor
    if a == b or anchor is None or not anchor.outside:
        return usual
    target = _anchor_day(anchor)
    if target is None or anchor.day is None:
        return usual
    other = (usual[1], usual[0])
    usual_off, other_off = (
        _days_off(anchor, target, day, month, year) for day, month in (usual, other)
    )
    if (
        other_off is not None
        and other_off <= _NEAR_DAYS
        and (usual_off is None or usual_off >= _FAR_DAYS)
    ):
        return other
    return usual


# A numeric date read against its usual order must be this near the page's date, and its
# usual reading at least this far from it.
_NEAR_DAYS = 7
_FAR_DAYS = 28


def _days_off(
    anchor: DocumentDate, target: int, day: int, month: int, year: int | None
) -> int | None:
    """How many days a day and month (of `year`, else of the year nearest) lie from the
    document's date; None when they name no real day."""
    if year is None:
        year = _nearest_year(anchor, month, day)
    if not _is_real(year, month, day):
        return None
    return abs(datetime.date(year, month, day).toordinal() - target)


# ---------------------------------------------------------------------------
# Rules: each finds one form of date or time and yields spans and problems. They may
# overlap one another; `find_dates` keeps the earliest, then the longest.
# ---------------------------------------------------------------------------


_BLANKS = " \t\u00a0"  # the characters of _SP


def _month_starts(text: str, patterns: _Patterns, digit_starts: list[int]) -> tuple[int, ...]:
    """Where a month name may begin, looked for only just before a run of digits.

    Every month-first date has its number after the name: the name, a dot, a comma,
    blanks, "the", blanks, then the digits. So a name that counts starts no further back
    from a run of digits than those, and only these windows of the text are scanned.
    """
    windows: list[list[int]] = []
    for digits in digit_starts:
        start = digits
        while start > 0 and text[start - 1] in _BLANKS:
            start -= 1
        start -= len("the")
        while start > 0 and text[start - 1] in _BLANKS:
            start -= 1
        start = max(0, start - len(".,") - patterns.longest_month)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = digits  # overlapping windows are scanned as one
        else:
            windows.append([start, digits])
    # The name must lie before its digits, so the scan may stop at them (endpos).
    return tuple(
        m.start()
        for start, end in windows
        for m in patterns.month_starts.finditer(text, start, end)
    )


# What may follow the one or two digits a rule's match opens with (the rule's pattern
# takes the whole run, and a character that is no digit comes next): a run followed by
# none of these, or by nothing, starts no match of that rule. The rules that ignore case
# have every character re matches with these letters ("ſ" is an s).
# "1 and 2 October", "3–11 October", "1st", "10, 12 and 14 May"
_AFTER_RANGE_DAY = frozenset(" \t\u00a0-–—/,sntrSNTR")
_AFTER_DAY = frozenset(" \t\u00a0.sntrSNTRſ")  # "12 October", "1st", "3. Mai"
_AFTER_ROMAN_DAY = frozenset("./ ")  # "12.X.49", "3/XI/56", "19 X 56"
_AFTER_NUMERIC = frozenset("./")  # "3.5.1961", "3/11/58"
_AFTER_YEARLESS = frozenset(".")  # "4.5."
_AFTER_HOUR = frozenset(".:")  # "18.40", "7:53"
_AFTER_AMPM_HOUR = frozenset(" \t\u00a0apAP")  # "2 p. m.", "4pm"


def _rule_day_range(text: str, ctx: _Context) -> Iterator[Found]:
    """1 and 2 October, 25 through 30 September 1950: days of one month."""
    for m in _matches(ctx.patterns.day_range, text, ctx.range_starts):
        yield from _range_found(text, m, ctx)


def _rule_month_range(text: str, ctx: _Context) -> Iterator[Found]:
    """May 24 to 26, between December 19 and 24, 1966."""
    for m in _matches(ctx.patterns.month_range, text, ctx.month_starts):
        yield from _range_found(text, m, ctx)


def _range_found(text: str, m: re.Match[str], ctx: _Context) -> Iterator[Found]:
    full = m.group("y") is not None
    month = _month_number(m, ctx, full=full)
    first, last = int(m.group("d")), int(m.group("d2"))
    if month is None or not 1 <= first < last <= 31:
        return  # "12-3 March" is no range of days
    if _LISTED_DAY.search(text, max(0, m.start() - 8), m.start()):
        return  # "19, 20 and 21 October": the end of a list of days (`_list_found`)
    if ctx.patterns.pair_word.search(m.group()) and not (
        last == first + 1 or ctx.patterns.between.search(text, max(0, m.start() - 16), m.start())
    ):
        return  # "on December 19 and 24": two days, each found on its own
    year = int(m.group("y")) if full else None
    stop = _date_end(m, ctx, full=full)
    start = _date_found(text, m.start(), stop, ctx, year=year, month=month, day=first)
    year = year if year is not None else _year_lent(start)  # both days take the first's year
    end = _date_found(text, m.start(), stop, ctx, year=year, month=month, day=last)
    if isinstance(start, DateSpan) and isinstance(end, DateSpan):
        yield replace(start, kind=RANGE, until=end.when)


def _year_lent(found: Found) -> int | None:
    """The year a year-less date was given, for the other days of its range or list."""
    if isinstance(found, DateSpan) and found.inferred_year and found.when:
        return int(found.when[:4])
    return None


_LISTED_DAY = re.compile(rf"(?<![0-9])[0-9]{{1,2}}{_ORDINAL},{_SP}*$", re.IGNORECASE)
_DAY_IN_LIST = re.compile(rf"(?P<n>[0-9]{{1,2}}){_ORDINAL}", re.IGNORECASE)


def _rule_day_list(text: str, ctx: _Context) -> Iterator[Found]:
    """10, 12 and 14 May 1957; 3 and 7 November: each day a date of the last one's month."""
    for m in _matches(ctx.patterns.day_list, text, ctx.range_starts):
        yield from _list_found(text, m, ctx)


def _rule_month_list(text: str, ctx: _Context) -> Iterator[Found]:
    """May 10, 12 and 14, 1957; on December 19 and 24."""
    for m in _matches(ctx.patterns.month_list, text, ctx.month_starts):
        yield from _list_found(text, m, ctx)


def _list_found(text: str, m: re.Match[str], ctx: _Context) -> Iterator[Found]:
    """The days of a list, in order, as dates: the first with the month name when it leads,
    the last with the month or year that follows it."""
    full = m.group("y") is not None
    month = _month_number(m, ctx, full=full)
    leading = list(_DAY_IN_LIST.finditer(text, m.start("days"), m.end("days")))
    days = [int(d["n"]) for d in leading] + [int(m.group("d"))]
    if month is None or days[0] < 1 or days[-1] > 31 or days != sorted(set(days)):
        return  # "on 5, 3 and 12 May": no list of days in order
    year = int(m.group("y")) if full else None
    end = _date_end(m, ctx, full=full)
    last = _date_found(text, m.start("d"), end, ctx, year=year, month=month, day=days[-1])
    year = year if year is not None else _year_lent(last)  # every day takes the last's year
    inferred = isinstance(last, DateSpan) and last.inferred_year
    month_leads = m.start("month") < m.start("days")
    for number, day in zip(leading, days, strict=False):
        start = m.start() if month_leads and number is leading[0] else number.start()
        found = _date_found(text, start, number.end(), ctx, year=year, month=month, day=day)
        if inferred and isinstance(found, DateSpan):
            found = replace(found, inferred_year=True)
        yield found
    yield last


def _rule_day_month(text: str, ctx: _Context) -> Iterator[Found]:
    """12 October 1949, 9 October, "28" May 1957, 3. Mai 1961, the 12th of October."""
    for m in _matches(ctx.patterns.day_month, text, ctx.day_starts):
        full = m.group("y") is not None or m.group("y2") is not None
        month = _month_number(m, ctx, full=full)
        if month is None:
            continue
        day = int(m.group("qd") or m.group("d"))
        if not full and not 1 <= day <= 31:
            continue  # "40 March" is a count, not a broken date
        if not full and _DAY_AND_YEAR.match(text, m.end()):
            continue  # "paragraph 5 of March 20, 1922": the 20 is March's day
        year = _two_digit_year(m.group("y") or m.group("y2"), ctx) if full else None
        end = _date_end(m, ctx, full=full)
        yield _date_found(text, m.start(), end, ctx, year=year, month=month, day=day)


def _date_end(m: re.Match[str], ctx: _Context, *, full: bool) -> int:
    """Where a date that may end on its month name ends: a full stop after a name that is
    no abbreviation ends the sentence ("on 4 June."), not the date."""
    if not full and m.group("mdot") and fold(m.group("month")) not in ctx.patterns.abbreviations:
        return m.end("month")
    return m.end()


def _rule_month_day(text: str, ctx: _Context) -> Iterator[Found]:
    """October 12, 1949, February 09, 1956, October 12 (year-less), MARCH 14."""
    for m in _matches(ctx.patterns.month_day, text, ctx.month_starts):
        full = m.group("y") is not None
        month = _month_number(m, ctx, full=full)
        if month is None:
            continue
        day = int(m.group("d"))
        if not full and not 1 <= day <= 31:
            continue
        year = int(m.group("y")) if full else None
        end = m.end()
        if full and _next_messages_number(text, m, ctx):
            year, end = None, m.start() + len(text[m.start() : m.start("y")].rstrip(" ,\t\u00a0"))
        yield _date_found(text, m.start(), end, ctx, year=year, month=month, day=day)


def _next_messages_number(text: str, m: re.Match[str], ctx: _Context) -> bool:
    """Whether what reads as a date's year is the number of the next message a telegram
    cites, right before that one's month and day ("mytels 1797 July 20, 1816 July 22"):
    where the next date has no year of its own, or a cited message leads the chain
    ("…, 1816 July 22, 1930 August 4"); "May 5, 1948 June 6, 1949" keeps its year."""
    after = m.end()
    while after < len(text) and text[after] in _BLANKS:
        after += 1
    if after == m.end() or ctx.patterns.month_starts.match(text, after) is None:
        return False
    if ctx.patterns.cited.search(text, max(0, m.start() - 40), m.start()):
        return True
    following = ctx.patterns.month_day.match(text, after)
    return following is not None and following.group("y") is None


def _rule_year_month_day(text: str, ctx: _Context) -> Iterator[Found]:
    """1974 September 13: the year before a month name and its day, opening a line or after
    a label's colon ("Date: 1974 May 2"); in running text a number before a date is a
    telegram's ("Deptel 1955 Jan. 14", "your 1552, July 9")."""
    for m in _matches(ctx.patterns.year_month_day, text, ctx.four_starts):
        month = _month_number(m, ctx, full=False)  # "1974 may 13" is no date
        if month is None:
            continue
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip(_BLANKS)
        if before and not _year_may_lead(before, ctx.dates.year_leads):
            continue
        year, day = int(m.group("y")), int(m.group("d"))
        yield _date_found(text, m.start(), m.end(), ctx, year=year, month=month, day=day)


def _year_may_lead(before: str, leads: tuple[str, ...]) -> bool:
    """Whether a year may open a date after `before` on its line: a label's colon, one of
    the conventions' `dates.year_leads` ("On 1972 September 6"), or a place and its comma
    ("Budapest, 1972 September 6"); not after a telegram's name ("Deptel 1955 Jan. 14")."""
    if before.endswith(":"):
        return True
    words = before.split()
    if before.endswith(","):
        return len(words) <= 3 and words[-1][:1].isupper()
    return words[-1].casefold() in leads


def _rule_month_year(text: str, ctx: _Context) -> Iterator[Found]:
    """May 1957, January 1942."""
    for m in _matches(ctx.patterns.month_year, text, ctx.month_starts):
        month = _month_number(m, ctx, full=False)
        if month is None:
            continue
        yield _date_found(
            text, m.start(), m.end(), ctx, year=int(m.group("y")), month=month, day=None
        )


def _rule_roman(text: str, ctx: _Context) -> Iterator[Found]:
    """12.X.49, 18.III.1950, 3/XI/56, 19 X 56, and year-less 12.XI or 10.IV. (dots only)."""
    for m in _matches(_ROMAN_DATE, text, ctx.roman_starts):
        roman = m.group("r")
        year_group = next((g for g in ("y", "ys", "yw") if m.group(g)), None)
        digits = m.group(year_group) if year_group else None
        # Case-blind matching lets "İ" and "ı" pass for I; they are letters, not numerals.
        month = _ROMAN_MONTHS.get(roman.upper()) if roman.isascii() else None
        if month is None:
            continue
        # Year-less "3/IX" is a protocol item ("P164/IX"), a lower-case "3.ii" a section,
        # and "1. I believe" a numbered paragraph.
        spaced = m.start("r") > m.end("sep")
        if digits is None and (m.group("sep") != "." or not roman.isupper() or spaced):
            continue
        if m.group("sep") == " " and not (roman.isupper() and m.group("y")):
            continue  # "19 X 56" only in capitals and with its year: not "page 3 I said"
        end = m.end() if year_group is None else m.end(year_group)
        year = _two_digit_year(digits, ctx) if digits else None
        yield _date_found(text, m.start(), end, ctx, year=year, month=month, day=int(m.group("d")))


def _rule_numeric(text: str, ctx: _Context) -> Iterator[Found]:
    """3.5.1961, 3/11/58, 24.09.52: day and month ordered by the conventions."""
    for m in _matches(_NUMERIC, text, ctx.numeric_starts):
        a, b = int(m.group("a")), int(m.group("b"))
        short = m.group("y2") or m.group("y2s")
        digits = m.group("y4") or m.group("y4s") or short
        if ctx.dates.numeric_order == "ymd" and short:
            # 61.05.03 read year first; a four-digit last part can only be a year, though.
            year, month, day = _two_digit_year(m.group("a").zfill(2), ctx), b, int(digits)
        else:
            year = _two_digit_year(digits, ctx)
            day, month = _day_month_order(a, b, ctx, year)
        if day > 31 or month > 31:
            continue  # no reading makes a date of it, so it is some other number
        yield _date_found(text, m.start(), m.end(), ctx, year=year, month=month, day=day)


def _rule_numeric_yearless(text: str, ctx: _Context) -> Iterator[Found]:
    """4.5. (German style, the closing dot is what makes it a date and not a decimal)."""
    for m in _matches(_NUMERIC_YEARLESS, text, ctx.yearless_starts):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 31 or b > 31:
            continue
        clue = _clue_before(text, m.start(), ctx.patterns)
        if a > 12 < b and _clock_value(a, b) and clue in ctx.patterns.strong_clues:
            continue  # "ended at 18.30.": a time at a sentence's end, which _rule_clock reads
        if b == 0 and a <= 23:
            continue  # "Secret. 23.00.": a full hour at a sentence's end, no month 0
        day, month = _day_month_order(a, b, ctx)
        yield _date_found(text, m.start(), m.end(), ctx, year=None, month=month, day=day)


# "80. 10. 02.": a two-digit year first, then month and day, each with its dot (Hungarian
# and Korean usage); a first number over 31 can only be a year.
_SHORT_YMD = re.compile(
    rf"{_NOT_AFTER}(?P<y>[3-9][0-9])\.{_SP}?(?P<m>[01][0-9])\.{_SP}?(?P<d>[0-3][0-9])\.(?![0-9])"
)


def _rule_short_year_first(text: str, ctx: _Context) -> Iterator[Found]:
    """80. 10. 02.: 2 October 1980."""
    for m in _matches(_SHORT_YMD, text, ctx.numeric_starts):
        year = _two_digit_year(m.group("y"), ctx)
        month, day = int(m.group("m")), int(m.group("d"))
        yield _date_found(text, m.start(), m.end(), ctx, year=year, month=month, day=day)


def _rule_year_first(text: str, ctx: _Context) -> Iterator[Found]:
    """2015-06-22, 1961.05.03, 1961/05/03: a four-digit first part is always the year."""
    for m in _matches(_YMD, text, ctx.four_starts):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if month > 31 or day > 31:
            continue
        yield _date_found(text, m.start(), m.end(), ctx, year=year, month=month, day=day)


def _clock_value(hour: int, minute: int, second: int = 0, ampm: str | None = None) -> str | None:
    """HH:MM:SS on the 24-hour clock, or None when the numbers are no time of day."""
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}"


def reads_as_time(text: str, start: int, end: int, *, dates: DateWords) -> bool:
    """Whether the number at [start, end) has a time's clue word before it ("at 11.40") or
    a time's unit after it ("03.10 hours"), as this module reads times."""
    patterns = _patterns_for(dates)
    return _clue_before(text, start, patterns) in patterns.strong_clues or bool(
        patterns.unit_after.match(text, end)
    )


def _clue_before(text: str, start: int, patterns: _Patterns) -> str | None:
    """The clue word ("at", "received", …) right before `start`, folded, if there is one."""
    m = patterns.clue.search(text, max(0, start - 16), start)
    return fold(m.group("w")) if m else None


def _rule_clock(text: str, ctx: _Context) -> Iterator[Found]:
    """18.40, 15.20 hrs, 3.20 a.m., 7:53 p.m., 14:30:15."""
    for m in _matches(ctx.patterns.clock, text, ctx.clock_starts):
        hour, ap, unit = m.group("h"), m.group("ap"), m.group("unit")
        if not (ap or unit or m.group("s")) and ctx.patterns.day_clue.search(
            text, max(0, m.start() - 8), m.start()
        ):
            day, month = _day_month_order(int(hour), int(m.group("m")), ctx)
            if 1 <= month <= 12 and 1 <= day <= 31:  # "dispatched on 03.10 at 10:00": a day
                yield _date_found(text, m.start(), m.end(), ctx, year=None, month=month, day=day)
                continue
        if not (ap or unit):
            if len(hour) == 1 and not (
                ctx.bare_times
                or _clue_before(text, m.start(), ctx.patterns)
                or _runs_to_a_time(text, m.end(), ctx.patterns)
            ):
                continue
            if ctx.patterns.percent.match(text, m.end()):
                continue
        second = int(m.group("s") or 0)
        when = _clock_value(int(hour), int(m.group("m")), second, ap)
        if when:
            yield DateSpan(m.start(), m.end(), TIME, when)


def _rule_hours_minutes(text: str, ctx: _Context) -> Iterator[Found]:
    """ "10 hours 10 minutes": a time where a dateline or trailer gives it, or after "at"
    ("the talks lasted 2 hours 30 minutes" is a duration)."""
    for m in _matches(ctx.patterns.hours_minutes, text, ctx.ampm_starts):
        alone = not text[: m.start()].strip() and not text[m.end() :].strip(" .")
        clue = _clue_before(text, m.start(), ctx.patterns)
        if not (ctx.bare_times or alone or clue in ctx.patterns.strong_clues):
            continue  # a line of its own ("22 hours 00 minutes") under a dateline is a time
        when = _clock_value(int(m.group("h")), int(m.group("m")))
        if when:
            yield DateSpan(m.start(), m.end(), TIME, when)


def _rule_hour_ampm(text: str, ctx: _Context) -> Iterator[Found]:
    """2 p. m., 10 a.m., 4 pm."""
    for m in _matches(_HOUR_AMPM, text, ctx.ampm_starts):
        when = _clock_value(int(m.group("h")), 0, 0, m.group("ap"))
        if when:
            yield DateSpan(m.start(), m.end(), TIME, when)


def _hhmm_is_time(text: str, m: re.Match[str], ctx: _Context) -> bool:
    """Whether a bare four-digit number is a clock time: see the module docstring."""
    if m.group("unit"):
        return True
    start = m.start()
    clue = _clue_before(text, start, ctx.patterns)
    if clue is None and not ctx.bare_times:
        return False  # the common case (a year), answered before the tests below that refuse
    if ctx.patterns.number_sign.search(text, max(0, start - 8), start):
        return False
    if ctx.patterns.routed.search(text, max(0, start - 40), start):
        return False  # "Sent Department 2217": the telegram's number there
    looks_like_year = int(m.group(0)) in _PLAUSIBLE_YEARS
    if clue in ctx.patterns.strong_clues:
        return True
    if clue is not None:
        return not looks_like_year  # "since 1949" is a year
    if not ctx.bare_times:
        return False
    # "12.XI 1949" and "October 1949": a year that lost its date, not a time.
    return not (
        looks_like_year and ctx.patterns.after_month.search(text, max(0, start - 24), start)
    )


def _rule_hhmm(text: str, ctx: _Context) -> Iterator[Found]:
    """0810 after a clue word, 2300 hours, 1215 in a trailer line (bare_times)."""
    for m in _matches(ctx.patterns.hhmm, text, ctx.four_starts):
        when = _clock_value(int(m.group("h")), int(m.group("m")))
        if when and _hhmm_is_time(text, m, ctx):
            yield DateSpan(m.start(), m.end(), TIME, when)


Rule = Callable[[str, _Context], Iterator[Found]]

# Order matters only for ties (same start, same end): the earlier rule wins.
# A military or State Department date-time group: day, hour, minute, Z (UTC), the month's
# first three letters and the year, "O 101426Z AUG 78" (the precedence letter before is
# no part of it).
_DTG = re.compile(
    r"(?P<d>\d{2})(?P<h>\d{2})(?P<mi>\d{2})Z[ \t\u00a0]+(?P<month>[A-Za-z]{3})[ \t\u00a0]+"
    r"(?P<y>\d{4}|\d{2})(?![\w/])"
)


def _rule_date_time_group(text: str, ctx: _Context) -> Iterator[Found]:
    """101426Z AUG 78: 10 August 1978 at 14:26 UTC."""
    for m in _matches(_DTG, text, ctx.six_starts):
        month = ctx.dates.months.get(fold(m.group("month")))
        when = _clock_value(int(m.group("h")), int(m.group("mi")))
        if month is None or when is None:
            continue
        year = _two_digit_year(m.group("y"), ctx)
        found = _date_found(text, m.start(), m.end(), ctx, year=year, month=month, day=int(m["d"]))
        if isinstance(found, DateSpan):
            found = replace(found, kind=DATETIME, when=f"{found.when}T{when}Z")
        yield found


RULES: tuple[tuple[str, Rule], ...] = (
    ("date_time_group", _rule_date_time_group),
    ("day_range", _rule_day_range),
    ("month_range", _rule_month_range),
    ("day_list", _rule_day_list),
    ("month_list", _rule_month_list),
    ("day_month", _rule_day_month),
    ("month_day", _rule_month_day),
    ("year_month_day", _rule_year_month_day),
    ("month_year", _rule_month_year),
    ("roman", _rule_roman),
    ("year_first", _rule_year_first),
    ("short_year_first", _rule_short_year_first),
    ("numeric", _rule_numeric),
    ("numeric_yearless", _rule_numeric_yearless),
    ("clock", _rule_clock),
    ("hour_ampm", _rule_hour_ampm),
    ("hours_minutes", _rule_hours_minutes),
    ("hhmm", _rule_hhmm),
)


# The starts each rule tries (a _Context field): a rule with none finds nothing.
_RULE_STARTS = {
    "date_time_group": "six_starts",
    "day_range": "range_starts",
    "month_range": "month_starts",
    "day_list": "range_starts",
    "month_list": "month_starts",
    "day_month": "day_starts",
    "month_day": "month_starts",
    "year_month_day": "four_starts",
    "month_year": "month_starts",
    "roman": "roman_starts",
    "year_first": "four_starts",
    "short_year_first": "numeric_starts",
    "numeric": "numeric_starts",
    "numeric_yearless": "yearless_starts",
    "clock": "clock_starts",
    "hour_ampm": "ampm_starts",
    "hours_minutes": "ampm_starts",
    "hhmm": "four_starts",
}


def _candidates(text: str, ctx: _Context) -> list[tuple[int, int, int, Found]]:
    """Every rule's findings, sorted earliest first, then longest, then by rule order."""
    found = [
        (item.start, -item.end, rank, item)
        for rank, (name, rule) in enumerate(RULES)
        if getattr(ctx, _RULE_STARTS[name])
        for item in rule(text, ctx)
    ]
    return sorted(found, key=lambda row: row[:3])


def _without_overlaps(rows: list[tuple[int, int, int, Found]]) -> list[Found]:
    """Keep a finding only if it starts after the last kept one ends.

    Problems take part, so the "February 1950" inside "31 February 1950" is not
    offered as a month once the whole has been found impossible.
    """
    kept: list[Found] = []
    last_end = 0
    for start, _, _, item in rows:
        if start >= last_end:
            kept.append(item)
            last_end = item.end
    return kept


def _is_full_date(item: Found) -> bool:
    return (
        isinstance(item, DateSpan)
        and item.kind == DATE
        and item.when is not None
        and FULL_DATE.fullmatch(item.when) is not None
    )


def _is_time(item: Found) -> bool:
    return isinstance(item, DateSpan) and item.kind == TIME


def _joined(date: DateSpan, time: DateSpan, start: int, end: int) -> DateSpan:
    return DateSpan(start, end, DATETIME, f"{date.when}T{time.when}", date.inferred_year)


def _with_word_time(text: str, item: Found, patterns: _Patterns) -> Found:
    """A full date followed by "—noon" or ", midnight" becomes a datetime."""
    if not isinstance(item, DateSpan) or not _is_full_date(item):
        return item
    m = patterns.word_time.match(text, item.end)
    if not m:
        return item
    when = f"{item.when}T{patterns.word_times[fold(m.group('w'))]}"
    return DateSpan(item.start, m.end(), DATETIME, when, item.inferred_year)


# "3:30-6:30 p.m.", "3:30 to 6:30 pm": two times joined by a dash or "to"
_MERIDIEM = re.compile(r"[ap]\.?\s?m\b", re.IGNORECASE)


def _runs_to_a_time(text: str, end: int, patterns: _Patterns) -> bool:
    """Whether a dash or "to" joins the number ending at `end` to an a.m. or p.m. time
    ("3:30-6:30 p.m."): the range says it is a time too."""
    gap = patterns.time_range_gap.match(text, end)
    if gap is None:
        return False
    later = patterns.clock.match(text, gap.end()) or _HOUR_AMPM.match(text, gap.end())
    return later is not None and bool(later.group("ap"))


def _afternoon_ranges(text: str, items: list[Found], patterns: _Patterns) -> list[Found]:
    """ "3:30-6:30 p.m.": a time with no a.m. or p.m. before a p.m. time it runs to is in
    the afternoon too, when that keeps it before the second; "3:15 this afternoon" is
    too."""
    out = list(items)
    for k, item in enumerate(out):
        if (
            isinstance(item, DateSpan)
            and _is_time(item)
            and item.when
            and 1 <= int(item.when[:2]) < 12
            and not _MERIDIEM.search(text, item.start, item.end)
            and patterns.afternoon_after.match(text, item.end)
        ):
            out[k] = replace(item, when=f"{int(item.when[:2]) + 12:02d}{item.when[2:]}")
    for k in range(len(out) - 1):
        first, second = out[k], out[k + 1]
        if not (isinstance(first, DateSpan) and isinstance(second, DateSpan)):
            continue
        if not (_is_time(first) and _is_time(second) and first.when and second.when):
            continue
        if _MERIDIEM.search(text, first.start, first.end) or not _MERIDIEM.search(
            text, second.start, second.end
        ):
            continue
        if not patterns.time_range_gap.fullmatch(text, first.end, second.start):
            continue
        hour = int(first.when[:2])
        if 1 <= hour < 12 and f"{hour + 12:02d}{first.when[2:]}" <= second.when:
            out[k] = replace(first, when=f"{hour + 12:02d}{first.when[2:]}")
    return out


def _join_date_times(text: str, items: list[Found], patterns: _Patterns) -> list[Found]:
    """Join a full date and the time right after it ("March 18, 1949—6 p. m.") into one
    datetime; a time before its date ("0810 12 October 1949") stays apart."""
    out: list[Found] = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(item, DateSpan) and isinstance(nxt, DateSpan):
            gap = text[item.end : nxt.start]
            if _is_full_date(item) and _is_time(nxt) and patterns.date_time_gap.fullmatch(gap):
                out.append(_joined(item, nxt, item.start, nxt.end))
                i += 2
                continue
        out.append(_with_word_time(text, item, patterns))
        i += 1
    return out


_DAY = re.compile(r"(?:--|[0-9]{4}-)([0-9]{2}-[0-9]{2})$")


def _join_ranges(text: str, items: list[Found], patterns: _Patterns) -> list[Found]:
    """Join two days of different months ("13 May through 29 June 1958", "29 April – 30 May
    1960") into one range; a first day without its year takes the second's."""
    out: list[Found] = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (
            isinstance(item, DateSpan)
            and isinstance(nxt, DateSpan)
            and item.kind == nxt.kind == DATE
            and patterns.range_gap.fullmatch(text, item.end, nxt.start)
            and nxt.when
            and FULL_DATE.fullmatch(nxt.when)
            and item.when
            and (day := _DAY.search(item.when))
        ):
            written = FULL_DATE.fullmatch(item.when) and not item.inferred_year
            first = item.when if written else f"{nxt.when[:4]}-{day.group(1)}"
            if first < nxt.when:
                out.append(DateSpan(item.start, nxt.end, RANGE, first, until=nxt.when))
                i += 2
                continue
        out.append(item)
        i += 1
    return out


def find_dates(
    text: str,
    *,
    dates: DateWords,
    year: int | DocumentDate | None = None,
    bare_times: bool = False,
) -> tuple[tuple[DateSpan, ...], tuple[DateProblem, ...]]:
    """Dates and times in `text`, in order and never overlapping, and impossible dates.

    `year` is lent to year-less dates ("9 October"): a year as it is, a `DocumentDate` as
    the year nearest it; `bare_times` lets a lone four-digit number be a time, for
    datelines and cipher-office trailer lines.

    Example:
        spans, problems = find_dates("received at 0810 12 October 1949", dates=conv.dates)
        [s.when for s in spans] == ["08:10:00", "1949-10-12"]
    """
    if not _ANY_DIGIT.search(text):
        return (), ()  # every date and time form has a digit; most text segments have none
    patterns = _patterns_for(dates)
    runs: list[int] = []
    ranged: list[int] = []
    days: list[int] = []
    roman: list[int] = []
    numeric: list[int] = []
    yearless: list[int] = []
    clock: list[int] = []
    ampm: list[int] = []
    four: list[int] = []
    six: list[int] = []
    for m in _DIGIT_RUN.finditer(text):
        start, end = m.span()
        runs.append(start)
        if end - start <= 2:
            if start and text[start - 1] in _DAY_QUOTES:
                days.append(start - 1)  # "28" May: the day starts at its quote
            if end == len(text):
                continue  # every rule needs something after the digits
            after = text[end]
            if after in _AFTER_RANGE_DAY:
                ranged.append(start)
            if after in _AFTER_DAY:
                days.append(start)
            if after in _AFTER_ROMAN_DAY:
                roman.append(start)
            if after in _AFTER_NUMERIC:
                numeric.append(start)
            if after in _AFTER_YEARLESS:
                yearless.append(start)
            if after in _AFTER_HOUR:
                clock.append(start)
            if after in _AFTER_AMPM_HOUR:
                ampm.append(start)
        elif end - start == 4:
            four.append(start)
        elif end - start == 6 and text[end : end + 1] == "Z":
            six.append(start)
    ctx = _Context(
        dates=dates,
        anchor=DocumentDate(year) if isinstance(year, int) else year,
        bare_times=bare_times,
        patterns=patterns,
        range_starts=ranged,
        day_starts=days,
        roman_starts=roman,
        numeric_starts=numeric,
        yearless_starts=yearless,
        clock_starts=clock,
        ampm_starts=ampm,
        four_starts=four,
        six_starts=six,
        month_starts=_month_starts(text, patterns, runs),
    )
    found = _without_overlaps(_candidates(text, ctx))
    items = _join_ranges(text, _join_date_times(text, found, patterns), patterns)
    items = _afternoon_ranges(text, items, patterns)
    spans = tuple(item for item in items if isinstance(item, DateSpan))
    problems = tuple(item for item in items if isinstance(item, DateProblem))
    return spans, problems


class DocumentDates:
    """`find_dates` for the texts of one document, each text read once.

    The structure rules and the emitter ask about the same lines again and again (a
    signature line is read by four rules, then written). Made for one document and
    dropped with it: nothing found in one document's text is kept for the next.

    Example:
        found = DocumentDates(conv.dates, year=1949)
        spans, problems = found.find("KOVALEV 12 October")
    """

    def __init__(self, dates: DateWords, year: int | DocumentDate | None) -> None:
        self.dates = dates
        self.year = year
        self._found: dict[
            tuple[str, bool], tuple[tuple[DateSpan, ...], tuple[DateProblem, ...]]
        ] = {}

    def find(
        self, text: str, *, bare_times: bool = False
    ) -> tuple[tuple[DateSpan, ...], tuple[DateProblem, ...]]:
        """What `find_dates(text, year=self.year, bare_times=…)` returns."""
        key = (text, bare_times)
        found = self._found.get(key)
        if found is None:
            found = find_dates(text, dates=self.dates, year=self.year, bare_times=bare_times)
            self._found[key] = found
        return found


def parse_date(
    text: str, *, dates: DateWords, year: int | DocumentDate | None = None
) -> DateSpan | None:
    """The one date or time that is the whole of `text` (blanks and a final "." aside), else None.

    A lone four-digit number is a year when it could be one (1800–2099, when="1949"),
    otherwise a time ("0810"). Offsets are into `text` as given.

    Example:
        parse_date(" 18.III.1950 ", dates=conv.dates).when == "1950-03-18"
    """
    offset = len(text) - len(text.lstrip())
    stripped = text.strip()
    if _BARE_YEAR.fullmatch(stripped) and int(stripped) in _PLAUSIBLE_YEARS:
        return DateSpan(offset, offset + len(stripped), DATE, stripped)
    for candidate in (stripped, stripped[:-1] if stripped.endswith(".") else None):
        if not candidate:
            continue
        spans, problems = find_dates(candidate, dates=dates, year=year, bare_times=True)
        if (
            not problems
            and len(spans) == 1
            and (spans[0].start, spans[0].end) == (0, len(candidate))
        ):
            return replace(spans[0], start=spans[0].start + offset, end=spans[0].end + offset)
    return None


def document_year(text: str, *, dates: DateWords) -> int | None:
    """The year of the first full date written in `text`, to lend to its year-less dates.

    Example:
        document_year("Nº 166 KOVALEV 12 October\\n... 11 October 1949", dates=conv.dates) == 1949
    """
    found = document_date(text, dates=dates)
    return found.year if found else None


def full_dates(text: str, *, dates: DateWords) -> list[str]:
    """The days `text` names with their years, as ISO dates, in order (a day's time left
    out; no month alone, no year-less day).

    Example:
        full_dates("met on 3 May 1962 and in June 1962", dates=conv.dates) == ["1962-05-03"]
    """
    spans, _ = find_dates(text, dates=dates)
    return [s.when[:10] for s in spans if s.when and FULL_DATE.match(s.when)]


def document_date(text: str, *, dates: DateWords) -> DocumentDate | None:
    """The first full date (or a range's first day) written in `text`, to read its
    year-less dates against; not a date another message's number comes right before
    ("your 1702 July 14", "Embtel 980 Mar 3, 1948": the dates of the messages cited).

    Example:
        document_date("Nº 166 KOVALEV 12 October\\n... 11 October 1949", dates=conv.dates)
        == DocumentDate(1949, 10, 11)
    """
    spans, _ = find_dates(text, dates=dates)
    cited = _patterns_for(dates).cited
    for span in spans:
        if (
            span.kind in (DATE, DATETIME, RANGE)
            and span.when
            and FULL_DATE.match(span.when)
            and not cited.search(text, max(0, span.start - 40), span.start)
        ):
            year, month, day = (int(part) for part in span.when[:10].split("-"))
            return DocumentDate(year, month, day)
    return None
