"""Tests for teikit.transcription.dates: dates and times found in transcription text.

Most cases are real lines from the seed cable, the FRUS transcriptions and the
wilson-style development set, written out here so the tests run anywhere. The
corpus-wide tests at the end read /work/shared when it is there.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teikit import convert_text
from teikit.tei.header import _sent_date
from teikit.transcription.conventions import ConventionsError, DateWords, load_conventions
from teikit.transcription.dates import (
    DateProblem,
    DateSpan,
    DocumentDate,
    days_in_month,
    document_date,
    document_year,
    find_dates,
    parse_date,
)
from teikit.transcription.pipeline import _numeric_order_of

DATES = load_conventions().dates
MDY = dataclasses.replace(DATES, numeric_order="mdy")
YMD = dataclasses.replace(DATES, numeric_order="ymd")

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "wilson-3607-kovalev-cable.txt"
CORPUS = Path("/work/shared/corpus/transcriptions")


def found(text: str, **kwargs: object) -> list[tuple[str, str | None]]:
    """(span text, when) for every span find_dates returns, in order."""
    dates = kwargs.pop("dates", DATES)
    spans, _ = find_dates(text, dates=dates, **kwargs)  # type: ignore[arg-type]
    return [(text[s.start : s.end], s.when) for s in spans]


def problems(text: str, **kwargs: object) -> list[tuple[str, str]]:
    """(problem text, message) for every DateProblem find_dates returns."""
    _, probs = find_dates(text, dates=DATES, **kwargs)  # type: ignore[arg-type]
    return [(text[p.start : p.end], p.message) for p in probs]


# ---------------------------------------------------------------------------
# Dates with month names
# ---------------------------------------------------------------------------

NAMED = [
    ("12 October 1949", [("12 October 1949", "1949-10-12")]),
    ("received 12 October 1949  Copy Nº 2", [("12 October 1949", "1949-10-12")]),
    ("9 October", [("9 October", "--10-09")]),
    ("arrived in LANZHOU on 9 October, met with", [("9 October", "--10-09")]),
    ("October 12, 1949", [("October 12, 1949", "1949-10-12")]),
    ("October 12", [("October 12", "--10-12")]),
    ("February 09, 1956", [("February 09, 1956", "1956-02-09")]),
    ("May 03, 1961", [("May 03, 1961", "1961-05-03")]),
    ("May 1957", [("May 1957", "1957-05")]),
    ("Records of the First Washington Conference in December 1941", [("December 1941", "1941-12")]),
    ('"28" May 1957', [('"28" May 1957', "1957-05-28")]),
    ("P. K. PONOMARENKO    “14” February 1956", [("“14” February 1956", "1956-02-14")]),
    ("„3“ Mai 1961", [("„3“ Mai 1961", "1961-05-03")]),
    ("Berlin, 3. Mai 1961", [("3. Mai 1961", "1961-05-03")]),
    # Russian month names as a date writes them
    ("11 октября 1957 года", [("11 октября 1957", "1957-10-11")]),
    ("Пекин, 3 мая 1958 г.", [("3 мая 1958", "1958-05-03")]),
    ("le 12 octobre 1949", [("12 octobre 1949", "1949-10-12")]),
    ("12 août 1949", [("12 août 1949", "1949-08-12")]),
    ("MÄRZ 3, 1961", [("MÄRZ 3, 1961", "1961-03-03")]),
    ("Dec. 10, 1951", [("Dec. 10, 1951", "1951-12-10")]),
    ("Sept. 8, 1951", [("Sept. 8, 1951", "1951-09-08")]),
    ("see the telegram of Jan 10", [("Jan 10", "--01-10")]),
    ("on 17 Oct. 1949", [("17 Oct. 1949", "1949-10-17")]),
    ("your kind letter of January 14, 1942, which", [("January 14, 1942", "1942-01-14")]),
    ("January 7th, 1942", [("January 7th, 1942", "1942-01-07")]),
    ("by December 31st", [("December 31st", "--12-31")]),
    ("the 12th of October, 1949", [("12th of October, 1949", "1949-10-12")]),
    ("October 12,1949", [("October 12,1949", "1949-10-12")]),
    ("OPENING MARCH 2[text missing]", [("MARCH 2", "--03-02")]),
    ("REQUEST DEPARTMENT'S VIEWS BY MARCH 14 IF POSSIBLE.", [("MARCH 14", "--03-14")]),
    ("Following meeting with Huu (Embtel 1120, March 18[2]),", [("March 18", "--03-18")]),
    ("reception planned for 5 March for the heads", [("5 March", "--03-05")]),
    ("between 3–11 October 1949", [("3–11 October 1949", "1949-10-03")]),  # a range: below
    ("at 2300 on 17 March.", [("2300", "23:00:00"), ("17 March", "--03-17")]),
    ("for the Minister by 5 October.", [("5 October", "--10-05")]),
    # two digits after a month name are a year, counted from the conventions' century
    ("Moscow, 11 September 57", [("11 September 57", "1957-09-11")]),
    ("sent 18 June 49 at 1800", [("18 June 49 at 1800", "1949-06-18T18:00:00")]),
    # ... but not a count of something, nor a day before a year
    ("on 5 May 45 soldiers left", [("5 May", "--05-05")]),
    ("paragraph 5 of March 20, 1922", [("March 20, 1922", "1922-03-20")]),
]


@pytest.mark.parametrize(("text", "expected"), NAMED)
def test_named_month_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


# A lower-case "may" or "march" is an ordinary word unless the date is complete.
@pytest.mark.parametrize(
    "text",
    [
        "in may 1957",
        "they may 12 go",
        "the troops march 3 miles",
        "Oct.",
        "40 transport aircraft",
        "«28» мая",  # no Russian month names in the default table
    ],
)
def test_not_named_dates(text: str) -> None:
    assert found(text) == []


# ---------------------------------------------------------------------------
# Roman-numeral months and numeric dates
# ---------------------------------------------------------------------------

NUMERIC = [
    ("12.X.49", [("12.X.49", "1949-10-12")]),
    ("received 0215 18.III.1950", [("0215", "02:15:00"), ("18.III.1950", "1950-03-18")]),
    ("18.III.1950", [("18.III.1950", "1950-03-18")]),
    ("3/XI/56", [("3/XI/56", "1956-11-03")]),
    # the month's dot left out before a four-digit year: the year is still the date's
    ("Date: 3.XI 1962", [("3.XI 1962", "1962-11-03")]),
    ("12.XI 1949", [("12.XI 1949", "1949-11-12")]),
    # a year first, spaced after its dots as Korean papers write it
    ("1976. 9. 28", [("1976. 9. 28", "1976-09-28")]),
    ("in 1976. 9 people came", []),
    # a number right before another month and day is the next cited message's, no year
    (
        "(mytels 1797 July 20, 1816 July 22 and 1961 August 6)",
        [("July 20", "--07-20"), ("July 22", "--07-22"), ("August 6", "--08-06")],
    ),
    ("on July 20, 1949 the talks began", [("July 20, 1949", "1949-07-20")]),
    (
        "(mytels 1797 July 20, 1816 July 22, 1930 August 4)",
        [("July 20", "--07-20"), ("July 22", "--07-22"), ("August 4", "--08-04")],
    ),
    # the next month and day with a year of their own: this year is its date's
    ("May 5, 1948 June 6, 1949", [("May 5, 1948", "1948-05-05"), ("June 6, 1949", "1949-06-06")]),
    ("1976. 9. 28 at 11:00", [("1976. 9. 28 at 11:00", "1976-09-28T11:00:00")]),
    ("On 1976. 9. 28 the talks began", [("1976. 9. 28", "1976-09-28")]),
    # spaces instead of dots: only a capital numeral with its year
    ("Meeting with Comrades on 19 X 56.", [("19 X 56", "1956-10-19")]),
    ("On page 3 I said", []),
    ("19 x 56", []),
    ("V. Molotov 6/IV/54", [("6/IV/54", "1954-04-06")]),
    ("№ 1102          SHTYKOV          12.XI", [("12.XI", "--11-12")]),
    ("prepare a draft answer to Yudin[?] by 10.IV.", [("10.IV.", "--04-10")]),
    ("[handwritten: Cde. Ponomarev B.N. – for information. 18.IV]", [("18.IV", "--04-18")]),
    ("Typed by N.K. 14.II.56", [("14.II.56", "1956-02-14")]),
    ("In accordance with your instruction of 17.V.57 the Embassy", [("17.V.57", "1957-05-17")]),
    ("No. 418 28.V.57", [("28.V.57", "1957-05-28")]),
    ("Budapest, 22.IX.1954", [("22.IX.1954", "1954-09-22")]),
    ("3.III.53", [("3.III.53", "1953-03-03")]),
    ("12.XI. 1949", [("12.XI. 1949", "1949-11-12")]),
    ("12.x.49", [("12.x.49", "1949-10-12")]),
    ("18.III.1950.", [("18.III.1950", "1950-03-18")]),
    ("3.5.1961", [("3.5.1961", "1961-05-03")]),
    ("The First Secretary      Berlin, den 3.5.1961", [("3.5.1961", "1961-05-03")]),
    ("4.5.", [("4.5.", "--05-04")]),
    # a day and month with no stop, before a clock time, as a cable's receipt line writes it
    ("Received 31.8 17:27", [("31.8", "--08-31"), ("17:27", "17:27:00")]),
    ("grew by 12.5 percent", []),
    # a full hour at a sentence's end is a time, not a day of month 0
    ("Secret. 23.00.", [("23.00", "23:00:00")]),
    ("3/11/58", [("3/11/58", "1958-11-03")]),
    ("3/13/58", [("3/13/58", "1958-03-13")]),  # 13 cannot be a month
    ("24.09.52", [("24.09.52", "1952-09-24")]),
    # each part set apart: a two-digit year too ("New Delhi / 27. 7. 46")
    ("New Delhi 27. 7. 46", [("27. 7. 46", "1946-07-27")]),
    # a year set apart after a month written close is no year: "4.5. 61 soldiers"
    ("4.5. 61 soldiers", [("4.5.", "--05-04")]),
    ("4.5. 1961", [("4.5. 1961", "1961-05-04")]),
    ("2015-06-22", [("2015-06-22", "2015-06-22")]),
    ("1961.05.03", [("1961.05.03", "1961-05-03")]),
    ("1961/5/3", [("1961/5/3", "1961-05-03")]),
    # a two-digit year first, each part with its dot (Hungarian usage)
    ("PYONGYANG, 80. 10. 02.", [("80. 10. 02.", "1980-10-02")]),
    ("80.10.02.", [("80.10.02.", "1980-10-02")]),
]


@pytest.mark.parametrize(("text", "expected"), NUMERIC)
def test_roman_and_numeric_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("dates", "text", "when"),
    [
        (DATES, "3/11/58", "1958-11-03"),
        (MDY, "3/11/58", "1958-03-11"),
        (MDY, "13/11/58", "1958-11-13"),  # forced: 13 is no month
        (MDY, "4.5.", "--04-05"),
        (YMD, "61.05.03", "1961-05-03"),
        (YMD, "3.5.1961", "1961-05-03"),  # a four-digit last part is the year whatever the order
        (dataclasses.replace(DATES, century=1800), "12.X.49", "1849-10-12"),
    ],
)
def test_numeric_order_and_century_come_from_conventions(
    dates: DateWords, text: str, when: str
) -> None:
    assert found(text, dates=dates) == [(text, when)]


def test_time_words_come_from_conventions(tmp_path: Path) -> None:
    """A German archive's words: "um 0810" and "10 Stunden 15 Minuten" are times, "vom 3.
    bis 5. Mai" a range, "Mittag" a time of day; none is a time with the default table."""
    texts = {
        "eingegangen um 0810": [("0810", "08:10:00")],
        "um 10 Stunden 15 Minuten": [("10 Stunden 15 Minuten", "10:15:00")],
        "3 bis 5 Mai 1961": [("3 bis 5 Mai 1961", "1961-05-03")],
        "5 Mai 1961, Mittag": [("5 Mai 1961, Mittag", "1961-05-05T12:00:00")],
    }
    for text in texts:
        assert found(text) != texts[text]
    mine = tmp_path / "deutsch.toml"
    mine.write_text(
        "[dates]\n"
        'time_clues = ["um"]\nstrong_time_clues = ["um"]\n'
        'hour_words = ["Stunden"]\nminute_words = ["Minuten"]\n'
        'range_words = ["bis"]\n'
        '[dates.word_times]\nMittag = "12:00"\n',
        encoding="utf-8",
    )
    german = load_conventions(mine).dates
    for text, expected in texts.items():
        assert found(text, dates=german) == expected
    assert found("um 0810 on 12 October", dates=german) == found("at 0810 on 12 October")


def test_a_word_time_must_be_a_time(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[dates.word_times]\nMittag = "noon"\n', encoding="utf-8")
    with pytest.raises(ConventionsError, match=r"mine.toml:2: key 'word_times.Mittag'"):
        load_conventions(mine)


@pytest.mark.parametrize(
    "text",
    [
        "Nº 3425/shs",
        "VKP(b) CC Special Section 1664",
        "CABLE Nº 58986",
        "RGASPI, f. 558, op. 11, d. 332, ll. 0117-0118.",
        "ll. 64-66",
        "No. P164/IX",
        "3/XI",  # year-less only with dots
        "3.xi",  # lower-case Roman without a year is a section number
        "1. I believe that it would be a great assistance",
        "Vol. i, p. 160.",
        "vol. IV.",
        "851G.01/3–1849: Telegram",
        "(851G.00/6–149)",
        "NARA, RG 59, box 3412, 663.62B/3-1158.",
        "Stiftung Archiv (SAPMO-BArch), DY 30/3509, Bl. 41-43.",
        "MNL OL, XIX-J-1-j Jugoszlávia, 1945-1964, 12. doboz, 4/b, 00981/1954.",
        "12,000 tons of grain and 600 tons of sugar",
        "plans for 1958–1959",
        "between the two countries since 1949",
        "3.5 percent",
        "45.67.1950",
        "The conversation lasted 1 hour 20 minutes.",
        "a radio transmitter of 150 kW",
        "12.İ.1949",  # case-blind matching must not make a numeral of a Turkish letter
        "12.ıv.1949",
        "BERLIN 05192 01 OF 03 101529Z",  # a cable's page line: no month, no group
        "102526Z AUG 78",  # hour 25
        "101426Z XYZ 78",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, dates=DATES) == ((), ())


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------

TIMES = [
    ("18.40", [("18.40", "18:40:00")]),
    ("15.20 hrs", [("15.20 hrs", "15:20:00")]),
    ("2 p. m.", [("2 p. m.", "14:00:00")]),
    ("10 a.m.", [("10 a.m.", "10:00:00")]),
    ("4 pm", [("4 pm", "16:00:00")]),
    ("4 PM", [("4 PM", "16:00:00")]),
    ("12 a.m.", [("12 a.m.", "00:00:00")]),
    ("12 p.m.", [("12 p.m.", "12:00:00")]),
    ("C               3:42 p.m.", [("3:42 p.m.", "15:42:00")]),
    ("[Received July 9, 11.15 p.m.]", [("July 9", "--07-09"), ("11.15 p.m.", "23:15:00")]),
    ("14:30:15", [("14:30:15", "14:30:15")]),
    ("Mr. Allison called at 12:00 noon today", [("12:00", "12:00:00")]),
    ("at 0810", [("0810", "08:10:00")]),
    ("received 0215", [("0215", "02:15:00")]),
    ("Rec'd 0215", [("0215", "02:15:00")]),
    ("sent 2330", [("2330", "23:30:00")]),
    ("since 0900", [("0900", "09:00:00")]),
    ("until 1130", [("1130", "11:30:00")]),
    ("by 1215", [("1215", "12:15:00")]),
    ("2300 hours", [("2300 hours", "23:00:00")]),
    ("0810 hrs", [("0810 hrs", "08:10:00")]),
    ("0810h", [("0810h", "08:10:00")]),
    ("1900 hours", [("1900 hours", "19:00:00")]),  # a unit overrides the year look
    ("at 3.20", [("3.20", "03:20:00")]),
    ("Deciphered by Araushkin at 1110", [("1110", "11:10:00")]),
    # a time that ends a sentence is no day "18" of a month "30"
    ("The talks ended at 18.30.", [("18.30", "18:30:00")]),
    ("received at 23.45. Deciphered", [("23.45", "23:45:00")]),
    # a range to a p.m. time: the first is in the afternoon too, and a time with no clue
    ("met from 3:30-6:30 p.m. today", [("3:30", "15:30:00"), ("6:30 p.m.", "18:30:00")]),
    ("from 3:30 to 6:30 pm", [("3:30", "15:30:00"), ("6:30 pm", "18:30:00")]),
    ("from 9:30-1:15 p.m.", [("9:30", "09:30:00"), ("1:15 p.m.", "13:15:00")]),
    ("from 10:30 to 11:45 a.m.", [("10:30", "10:30:00"), ("11:45 a.m.", "11:45:00")]),
    # words after a time that put it after noon
    ("he called at 3:15 this afternoon", [("3:15", "15:15:00")]),
    ("at 7:50 (p.m.?) he came", [("7:50", "19:50:00")]),
    ("at 8.30 in the evening", [("8.30", "20:30:00")]),
    ("at 10:15 this morning", [("10:15", "10:15:00")]),
    # a Russian cable's "hours … minutes", after a clue
    ("received at 23 hours 30 minutes", [("23 hours 30 minutes", "23:30:00")]),
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_times(text: str, expected: list[tuple[str, str]]) -> None:
    spans, _ = find_dates(text, dates=DATES)
    assert [(text[s.start : s.end], s.when) for s in spans] == expected
    assert all(s.kind in ("time", "date") for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "0810",  # bare four digits need a clue or bare_times
        "3.20",  # one-digit hour with no clue is a decimal
        "7:53",
        "10 hrs",  # a duration
        "1 hour",
        "0 pm",
        "13 pm",
        "at 2400",
        "at 2360",
        "since 1949",  # weak clue and a year-like number: a year
        "until 1955",
        "by 1950",
        "18.40 %",
        "18.40 per cent",
        "$12.50",
        "4 amendments",
        "at 25.10 hrs",
        "pages 3:30-6:30",
        "the talks lasted 2 hours 30 minutes",  # a duration
    ],
)
def test_not_times(text: str) -> None:
    assert found(text) == []


# The caller sets bare_times for datelines and cipher-office trailers.
BARE = [
    ("Verified by shift chief Mokr[in] 1215", [("1215", "12:15:00")]),
    ("Typed by Ermakova 2145", [("2145", "21:45:00")]),
    ("Verified by shift chief Kapr[anov] 0440", [("0440", "04:40:00")]),
    ("Deciphered by Galkin 2100 12.XI", [("2100", "21:00:00"), ("12.XI", "--11-12")]),
    ("№ 1102          SHTYKOV          12.XI", [("12.XI", "--11-12")]),  # a number, not a time
    ("Special no. 2005", []),
    ("Nº 6617", []),
    ("VKP(b) CC Special Section 1664", []),
    ("Incoming Nº 3425/shs 12 October 1949", [("12 October 1949", "1949-10-12")]),
    ("3.20", [("3.20", "03:20:00")]),
    ("From Pyongyang, No. 4040. 10 hours 10 minutes.", [("10 hours 10 minutes", "10:10:00")]),
    # a telegram's number where it was sent or repeated to, no time (`message_routes`)
    ("Sent Department 2217, repeated Moscow 345, Paris 12.", []),
    ("Sent to Embassy Paris 1215", []),
    ("sent at 2217", [("2217", "22:17:00")]),
]


@pytest.mark.parametrize(("text", "expected"), BARE)
def test_bare_times(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, bare_times=True) == expected


def test_bare_times_only_when_asked() -> None:
    assert found("Verified by shift chief Mokr[in] 1215") == []
    assert found("Typed by Ermakova 2145") == []


# ---------------------------------------------------------------------------
# Dates with times: one "datetime" span when the date is complete
# ---------------------------------------------------------------------------

DATETIMES = [
    ("January 20, 1949—2 p. m.", "January 20, 1949—2 p. m.", "1949-01-20T14:00:00"),
    ("Paris, March 18, 1949—6 p. m.", "March 18, 1949—6 p. m.", "1949-03-18T18:00:00"),
    ("Petrograd, July 18, 1917, 7 p.m.", "July 18, 1917, 7 p.m.", "1917-07-18T19:00:00"),
    ("Washington, August 5, 1955—7:53 p.m.", "August 5, 1955—7:53 p.m.", "1955-08-05T19:53:00"),
    (
        "[Chungking, February 10, 1942—12:30 p.m.]",
        "February 10, 1942—12:30 p.m.",
        "1942-02-10T12:30:00",
    ),
    ("Chungking, January 22, 1942—noon.", "January 22, 1942—noon", "1942-01-22T12:00:00"),
    (
        "December 31, 1941, midnight",
        "December 31, 1941, midnight",
        "1941-12-31T00:00:00",
    ),
    (
        "Nr. 188      Moscow, 3 March 1953, 15.20 hrs",
        "3 March 1953, 15.20 hrs",
        "1953-03-03T15:20:00",
    ),
    ("2015-06-22 14:30", "2015-06-22 14:30", "2015-06-22T14:30:00"),
    ("on 12 October 1949 at 18.40", "12 October 1949 at 18.40", "1949-10-12T18:40:00"),
    # a cable's date-time group: day, hour, minute, Z (UTC), month, year
    ("O 101426Z AUG 78", "101426Z AUG 78", "1978-08-10T14:26:00Z"),
    ("P 031200Z JAN 1962", "031200Z JAN 1962", "1962-01-03T12:00:00Z"),
]


@pytest.mark.parametrize(("text", "span_text", "when"), DATETIMES)
def test_datetimes_are_one_span(text: str, span_text: str, when: str) -> None:
    spans, probs = find_dates(text, dates=DATES)
    assert probs == ()
    assert [(text[s.start : s.end], s.kind, s.when) for s in spans] == [
        (span_text, "datetime", when)
    ]


# A time written before its date is a <time> and a <date>, as seed-target.xml encodes
# "received at 0810 12 October 1949"; a date with its time after it is one datetime.
TIME_THEN_DATE = [
    (
        "from PEKING   received at 0810 12 October 1949  Copy Nº 2",
        [("0810", "time", "08:10:00"), ("12 October 1949", "date", "1949-10-12")],
    ),
    ("Sent 23.40 24.IX.52", [("23.40", "time", "23:40:00"), ("24.IX.52", "date", "1952-09-24")]),
    (
        "received 1935 12.XI.1949",
        [("1935", "time", "19:35:00"), ("12.XI.1949", "date", "1949-11-12")],
    ),
    (
        "notified 4:10 p.m. 3/11/58.",
        [("4:10 p.m.", "time", "16:10:00"), ("3/11/58", "date", "1958-11-03")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TIME_THEN_DATE)
def test_a_time_before_its_date_stays_a_time(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    spans, probs = find_dates(text, dates=DATES)
    assert probs == ()
    assert [(text[s.start : s.end], s.kind, s.when) for s in spans] == expected


def test_year_less_date_and_time_stay_apart_without_a_year() -> None:
    # --07-23T03:20:00 is no xs:dateTime, so there is nothing to join them into.
    text = "[Received July 23, 3.20 a.m.]"
    spans, _ = find_dates(text, dates=DATES)
    assert [(s.kind, s.when) for s in spans] == [("date", "--07-23"), ("time", "03:20:00")]


@pytest.mark.parametrize(
    ("text", "span_text", "when"),
    [
        ("[Received July 23, 3.20 a.m.]", "July 23, 3.20 a.m.", "1917-07-23T03:20:00"),
        ("sent by courier 4.5. 14.00]", "4.5. 14.00", "1917-05-04T14:00:00"),
    ],
)
def test_year_less_datetimes_join_with_a_year(text: str, span_text: str, when: str) -> None:
    spans, _ = find_dates(text, dates=DATES, year=1917)
    assert [(text[s.start : s.end], s.kind, s.when, s.inferred_year) for s in spans] == [
        (span_text, "datetime", when, True)
    ]


def test_year_less_date_after_a_time_borrows_the_year_and_stays_apart() -> None:
    text = "Deciphered by Araushkin at 1110 12 October"
    spans, _ = find_dates(text, dates=DATES, year=1917)
    assert [(text[s.start : s.end], s.kind, s.when, s.inferred_year) for s in spans] == [
        ("1110", "time", "11:10:00", False),
        ("12 October", "date", "1917-10-12", True),
    ]


def test_month_year_does_not_take_a_time() -> None:
    assert found("May 1957, 18.40") == [("May 1957", "1957-05"), ("18.40", "18:40:00")]


# ---------------------------------------------------------------------------
# Year inference
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("9 October", "1949-10-09"),
        ("October 12", "1949-10-12"),
        ("12.XI", "1949-11-12"),
        ("4.5.", "1949-05-04"),
    ],
)
def test_year_less_dates_borrow_the_year(text: str, when: str) -> None:
    spans, _ = find_dates(text, dates=DATES, year=1949)
    assert [(s.when, s.inferred_year) for s in spans] == [(when, True)]


def test_written_years_are_not_inferred() -> None:
    spans, _ = find_dates("12 October 1949 and 9 October", dates=DATES, year=1950)
    assert [(s.when, s.inferred_year) for s in spans] == [
        ("1949-10-12", False),
        ("1950-10-09", True),
    ]


def test_leap_day_depends_on_the_lent_year() -> None:
    assert found("29 February") == [("29 February", "--02-29")]
    assert found("29 February", year=1948) == [("29 February", "1948-02-29")]
    assert problems("29 February", year=1949) == [
        ("29 February", "'29 February' is not a real date")
    ]


@pytest.mark.parametrize("year", [0, -5, 10000])
def test_impossible_lent_year_is_ignored(year: int) -> None:
    assert found("9 October", year=year) == [("9 October", "--10-09")]


# ---------------------------------------------------------------------------
# Impossible dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "31 February 1950",
        "February 30, 1950",
        "30.II.1950",
        "31.IV.56",
        "13.13.1950",
        "1950-13-02",
        "00.00.1950",
        "29 February 1949",
        "32 March 1950",
        "0 March 1950",
        "31.2.",
        "321426Z AUG 78",
    ],
)
def test_impossible_dates_are_problems(text: str) -> None:
    spans, probs = find_dates(text, dates=DATES)
    assert spans == ()
    assert probs == (DateProblem(0, len(text), f"'{text}' is not a real date"),)


def test_problem_hides_the_month_inside_it() -> None:
    # "February 1950" must not come back as a month once the whole date is impossible.
    text = "dated 31 February 1950, received"
    spans, probs = find_dates(text, dates=DATES)
    assert spans == ()
    assert [text[p.start : p.end] for p in probs] == ["31 February 1950"]


def test_problem_messages_are_one_sentence() -> None:
    for text in ("31 February 1950", "30.II.1950"):
        (problem,) = find_dates(text, dates=DATES)[1]
        assert not problem.message.endswith(".")
        assert "\n" not in problem.message


# ---------------------------------------------------------------------------
# parse_date and document_year
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "when"),
    [
        ("12 October 1949", "date", "1949-10-12"),
        ("  18.III.1950 ", "date", "1950-03-18"),
        ("April 11, 1949.", "date", "1949-04-11"),  # a dateline's full stop is allowed
        ("4.5.", "date", "--05-04"),
        ("1949", "date", "1949"),
        ("0810", "time", "08:10:00"),
        ("2300", "time", "23:00:00"),
        ("15.20 hrs", "time", "15:20:00"),
        ("January 20, 1949—2 p. m.", "datetime", "1949-01-20T14:00:00"),
        ("2015-06-22", "date", "2015-06-22"),
    ],
)
def test_parse_date(text: str, kind: str, when: str) -> None:
    span = parse_date(text, dates=DATES)
    assert span is not None
    assert (span.kind, span.when) == (kind, when)
    assert text[span.start : span.end] in (text.strip(), text.strip().removesuffix("."))


def test_parse_date_offsets_are_into_the_given_string() -> None:
    assert parse_date("  18.III.1950 ", dates=DATES) == DateSpan(2, 13, "date", "1950-03-18")


def test_parse_date_lends_the_year() -> None:
    assert parse_date("9 October", dates=DATES, year=1949) == DateSpan(
        0, 9, "date", "1949-10-09", inferred_year=True
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "31 February 1950",
        "12 October 1949 and 13 October",
        "Moscow, 24 September 1952",
        "1664",
        "58986",
        ".",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, dates=DATES) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Nº 166 KOVALEV 12 October\nMAO ZEDONG 11 October 1949", 1949),
        ("Budapest, 22.IX.1954", 1954),
        ("May 1957\n28.V.57", 1957),  # a month and year alone is not a full date
        ("May 1957", None),
        ("9 October", None),
        ("", None),
    ],
)
def test_document_year(text: str, year: int | None) -> None:
    assert document_year(text, dates=DATES) == year


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [(1950, 2, 28), (1948, 2, 29), (1900, 2, 28), (2000, 2, 29), (1949, 4, 30), (1949, 12, 31)],
)
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days


# ---------------------------------------------------------------------------
# Real documents
# ---------------------------------------------------------------------------


def test_seed_cable() -> None:
    text = SEED.read_text("utf-8")
    year = document_year(text, dates=DATES)
    assert year == 1949
    spans, probs = find_dates(text, dates=DATES, year=year)
    assert probs == ()
    assert [(text[s.start : s.end], s.kind, s.when, s.inferred_year) for s in spans] == [
        ("October 12, 1949", "date", "1949-10-12", False),
        ("0810", "time", "08:10:00", False),
        ("12 October 1949", "date", "1949-10-12", False),
        ("12 October 1949", "date", "1949-10-12", False),
        ("9 October", "date", "1949-10-09", True),
        ("11 October 1949", "date", "1949-10-11", False),
        ("12 October", "date", "1949-10-12", True),
        ("1110", "time", "11:10:00", False),
        ("12 October", "date", "1949-10-12", True),
        ("1200", "time", "12:00:00", False),
        ("12 October", "date", "1949-10-12", True),
    ]


def test_seed_cable_trailer_lines_with_bare_times() -> None:
    lines = {
        "Nº 166 KOVALEV 12 October": [("12 October", "1949-10-12")],
        "Deciphered by Araushkin at 1110 12 October": [
            ("1110", "11:10:00"),
            ("12 October", "1949-10-12"),
        ],
        "Five copies printed. Nº 5 to file": [],
        "                          Nº 6617": [],
        "Verified by shift chief Mokr[in] 1215": [("1215", "12:15:00")],
    }
    for line, expected in lines.items():
        assert found(line, year=1949, bare_times=True) == expected, line


def _corpus_files(pattern: str) -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    return sorted(CORPUS.glob(pattern))


def _all_corpus_files() -> list[Path]:
    return _corpus_files("frus/text/*.txt") + _corpus_files("wilson-style/*.txt")


def test_every_frus_month_day_year_parses() -> None:
    """Every "Month D, YYYY" in the FRUS texts is found, with the value strptime gives."""
    checked = 0
    # strptime is the independent oracle here: it knows the English month names itself.
    shape = re.compile(r"\b([A-Z][a-z]+ \d{1,2}, \d{4})\b")
    for path in _corpus_files("frus/text/*.txt"):
        for line in path.read_text("utf-8").splitlines():
            matches = list(shape.finditer(line))
            if not matches:
                continue
            spans, _ = find_dates(line, dates=DATES)
            starts = {s.start: s for s in spans}
            for match in matches:
                try:
                    day = datetime.strptime(match.group(1), "%B %d, %Y").date()
                except ValueError:
                    continue
                span = starts.get(match.start())
                assert span is not None, (path.name, line)
                assert span.when is not None and span.when.startswith(day.isoformat())
                checked += 1
    assert checked > 100


def test_every_frus_dateline_parses() -> None:
    """The dateline of each FRUS document ("Paris, March 18, 1949—6 p. m.") is one span."""
    dateline = re.compile(r"^\[?[A-Z][\w ]+,\]? [A-Z][a-z]+ \d{1,2}, \d{4}")
    seen = 0
    for path in _corpus_files("frus/text/*.txt"):
        for line in path.read_text("utf-8").splitlines()[:12]:
            if not dateline.match(line):
                continue
            spans, probs = find_dates(line, dates=DATES)
            assert probs == ()
            assert len(spans) == 1, line
            tail = line[spans[0].end :]
            assert tail in ("", ".", "]", ".]"), line
            seen += 1
    assert seen > 60


def test_frus_newspaper_date_is_us_order_with_mdy() -> None:
    line = "(New York Times 1/9/52)"
    assert found(line) == [("1/9/52", "1952-09-01")]
    assert found(line, dates=MDY) == [("1/9/52", "1952-01-09")]


WILSON_LINES = [
    ("cable-1950-beijing-roshchin.txt", "0215", "02:15:00"),
    ("cable-1950-beijing-roshchin.txt", "18.III.1950", "1950-03-18"),
    ("cable-1950-beijing-roshchin.txt", "18.III.50", "1950-03-18"),
    ("cable-1950-beijing-roshchin.txt", "18 March", "1950-03-18"),
    ("cable-1950-beijing-roshchin.txt", "17 March 1950", "1950-03-17"),
    ("cipher-1949-pyongyang-shtykov.txt", "12.XI.1949", "1949-11-12"),
    ("cipher-1949-pyongyang-shtykov.txt", "1 December", "1949-12-01"),
    ("cipher-1952-moscow-vyshinsky.txt", "24 September 1952", "1952-09-24"),
    ("cipher-1952-moscow-vyshinsky.txt", "23.40", "23:40:00"),
    ("cipher-1952-moscow-vyshinsky.txt", "24.IX.52", "1952-09-24"),
    (
        "intercept-1953-moscow-yugoslav-embassy.txt",
        "3 March 1953, 15.20 hrs",
        "1953-03-03T15:20:00",
    ),
    ("intercept-1953-moscow-yugoslav-embassy.txt", "3.III.53", "1953-03-03"),
    ("letter-1961-berlin-ulbricht.txt", "May 03, 1961", "1961-05-03"),
    ("letter-1961-berlin-ulbricht.txt", "3.5.1961", "1961-05-03"),
    ("letter-1961-berlin-ulbricht.txt", "4.5. 14.00", "1961-05-04T14:00:00"),
    ("memcon-1956-warsaw-ponomarenko.txt", '"14" February 1956', "1956-02-14"),
    ("memcon-1956-warsaw-ponomarenko.txt", "14.II.56", "1956-02-14"),
    ("memcon-1958-beijing-yudin.txt", "3.II", "1958-02-03"),
    ("memcon-1958-beijing-yudin.txt", "5.II.58", "1958-02-05"),
    ("memorandum-1954-budapest-mfa.txt", "22.IX.1954", "1954-09-22"),
    ("memorandum-1954-budapest-mfa.txt", "21 September at 11 a.m.", "1954-09-21T11:00:00"),
    ("minutes-1958-moscow-presidium.txt", "18.IV", "1958-04-18"),
    ("note-1954-moscow-molotov.txt", "10.IV.", "1954-04-10"),
    ("note-1954-moscow-molotov.txt", "6/IV/54", "1954-04-06"),
    ("report-1957-prague-embassy.txt", '"28" May 1957', "1957-05-28"),
    ("report-1957-prague-embassy.txt", "17.V.57", "1957-05-17"),
    ("telegram-1958-vienna-nara.txt", "March 11, 7 p.m.", "1958-03-11T19:00:00"),
]


@pytest.mark.parametrize(("name", "span_text", "when"), WILSON_LINES)
def test_wilson_style_documents(name: str, span_text: str, when: str) -> None:
    files = {p.name: p for p in _corpus_files("wilson-style/*.txt")}
    text = files[name].read_text("utf-8-sig")
    spans, _ = find_dates(text, dates=DATES, year=document_year(text, dates=DATES))
    assert (span_text, when) in [(text[s.start : s.end], s.when) for s in spans]


def test_nara_slash_date_reads_us_style_with_mdy() -> None:
    (path,) = _corpus_files("wilson-style/telegram-1958-vienna-nara.txt")
    line = next(x for x in path.read_text("utf-8").splitlines() if "3/11/58" in x)
    assert found(line, dates=MDY) == [("4:10 p.m.", "16:10:00"), ("3/11/58", "1958-03-11")]


@pytest.mark.parametrize(
    ("text", "written", "first", "last"),
    [
        ("between 3–11 October 1949", "3–11 October 1949", "1949-10-03", "1949-10-11"),
        ("From May 24 to 26 inclusive", "May 24 to 26", "1944-05-24", "1944-05-26"),
        # ordinals on both days
        ("between August 16th – 21st this year", "August 16th – 21st", "1944-08-16", "1944-08-21"),
        ("the 1st and 2nd of October", "1st and 2nd of October", "1944-10-01", "1944-10-02"),
        ("during 1 and 2 October via", "1 and 2 October", "1944-10-01", "1944-10-02"),
        (
            "between December 19 and 24, 1966",
            "December 19 and 24, 1966",
            "1966-12-19",
            "1966-12-24",
        ),
        (
            "25 through 30 September 1950",
            "25 through 30 September 1950",
            "1950-09-25",
            "1950-09-30",
        ),
        # the night of two days, written with a slash
        ("the night of 16/17 August 1957", "16/17 August 1957", "1957-08-16", "1957-08-17"),
        # days of two months: the first takes the second's year, not the lent one
        (
            "for the period 29 April through 30 May 1960",
            "29 April through 30 May 1960",
            "1960-04-29",
            "1960-05-30",
        ),
        ("from 3 May to 5 June 1958", "3 May to 5 June 1958", "1958-05-03", "1958-06-05"),
        ("May 3 to June 5, 1958", "May 3 to June 5, 1958", "1958-05-03", "1958-06-05"),
    ],
)
def test_ranges_of_days(text: str, written: str, first: str, last: str) -> None:
    spans, problems = find_dates(text, dates=DATES, year=1944)
    assert not problems
    assert [(text[s.start : s.end], s.kind, s.when, s.until) for s in spans] == [
        (written, "range", first, last)
    ]


def test_two_dates_in_the_wrong_order_are_no_range() -> None:
    text = "on 5 June to 3 May 1958"
    spans, _ = find_dates(text, dates=DATES, year=1958)
    assert [(text[s.start : s.end], s.kind) for s in spans] == [
        ("5 June", "date"),
        ("3 May 1958", "date"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # two days named with "and" are a range only between them or when they are adjacent
        ("on December 19 and 24", [("December 19", "--12-19"), ("24", "--12-24")]),
        ("12-3 March", [("3 March", "--03-03")]),
        # "5 of March 20, 1922": the 20 is March's day, not a year-less "5 of March"
        ("paragraph 5 of March 20, 1922", [("March 20, 1922", "1922-03-20")]),
    ],
)
def test_not_ranges(text: str, found: list[tuple[str, str]]) -> None:
    spans, _ = find_dates(text, dates=DATES)
    assert [(text[s.start : s.end], s.when) for s in spans] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "on 19, 20 and 21 October 1956 in Moscow",
            [("19", "1956-10-19"), ("20", "1956-10-20"), ("21 October 1956", "1956-10-21")],
        ),
        ("on 3 and 7 November.", [("3", "1957-11-03"), ("7 November", "1957-11-07")]),
        (
            "on May 10, 12 and 14, 1956",
            [("May 10", "1956-05-10"), ("12", "1956-05-12"), ("14, 1956", "1956-05-14")],
        ),
        (
            "the 2nd, 5th & 9th of June",
            [("2nd", "1957-06-02"), ("5th", "1957-06-05"), ("9th of June", "1957-06-09")],
        ),
        # two days one or the other of which is meant: each a date of the month
        ("planned for 12 or 14 May", [("12", "1957-05-12"), ("14 May", "1957-05-14")]),
        # days out of order are no list: the last day alone is a date
        ("on 12 and 3 May", [("3 May", "1957-05-03")]),
        # adjacent days are still one range
        ("on 3 and 4 June", [("3 and 4 June", "1957-06-03")]),
    ],
)
def test_lists_of_days_are_a_date_each(text: str, found: list[tuple[str, str]]) -> None:
    spans, _ = find_dates(text, dates=DATES, year=1957)
    assert [(text[s.start : s.end], s.when) for s in spans] == found
    assert all(s.inferred_year for s in spans) == ("195" not in text)


@pytest.mark.parametrize("bare_times", [False, True])
def test_corpus_has_no_impossible_dates_and_spans_are_sane(bare_times: bool) -> None:
    for path in _all_corpus_files():
        text = path.read_text("utf-8-sig")
        spans, probs = find_dates(text, dates=DATES, bare_times=bare_times)
        assert [text[p.start : p.end] for p in probs] == [], path.name
        _assert_sane(text, spans)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def _assert_sane(text: str, spans: tuple[DateSpan, ...]) -> None:
    end = 0
    for span in spans:
        assert end <= span.start < span.end <= len(text)
        assert span.kind in ("date", "time", "datetime", "range")
        assert (span.until is not None) == (span.kind == "range")
        if span.until is not None and span.when is not None:
            assert span.when < span.until
        end = span.end


TOKENS = st.sampled_from(
    [
        "12", "1949", "49", "0810", "31", "2", ".", "/", "-", "–", "—", ",", " ", "\n", "\u00a0",
        '"', "“", "”", "X", "II", "IV", "xi", "October", "MAY", "may", "Sept", "Sept.", "février",
        "a.m.", "p. m.", "pm", "hrs", "h", "at", "received", "since", "noon", "Nº", "No.", "$", "%",
        ":", "0", "9", "24", "60", "1.5", "٣", "²", "ß", "İ", "ı", "K", "ſ", "12.", ".49",
    ]
)  # fmt: skip
DATEISH = st.lists(TOKENS, max_size=20).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(max_size=60), DATEISH), year=st.none() | st.integers(-5, 12000))
def test_find_dates_never_raises_and_spans_are_sane(text: str, year: int | None) -> None:
    for bare_times in (False, True):
        spans, probs = find_dates(text, dates=DATES, year=year, bare_times=bare_times)
        _assert_sane(text, spans)
        for problem in probs:
            assert 0 <= problem.start < problem.end <= len(text)
        # Problems and spans never overlap each other either.
        ranges = sorted([(s.start, s.end) for s in spans] + [(p.start, p.end) for p in probs])
        for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
            assert end <= start


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(st.text(max_size=40), DATEISH))
def test_parse_date_and_document_year_never_raise(text: str) -> None:
    span = parse_date(text, dates=DATES)
    if span is not None:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
    document_year(text, dates=DATES)


@settings(max_examples=60, deadline=None)
@given(
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    year=st.integers(1800, 2099),
)
def test_day_month_year_round_trip(day: int, month: int, year: int) -> None:
    """Every d.ROMAN.yyyy and d.m.yyyy is a span exactly when the day exists."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month - 1]
    real = day <= days_in_month(year, month)
    for text in (f"{day}.{roman}.{year}", f"{day}.{month}.{year}" if day > 12 else None):
        if text is None:
            continue
        spans, probs = find_dates(text, dates=DATES)
        if real:
            assert [s.when for s in spans] == [f"{year:04d}-{month:02d}-{day:02d}"]
        else:
            assert spans == () and len(probs) == 1


def test_month_names_come_from_the_conventions() -> None:
    """A month spelling added to [dates.months] is recognised with no code change."""
    months = dict(DATES.months) | {"oktobra": 10}
    dates = dataclasses.replace(DATES, months=months)
    assert found("12 oktobra 1949", dates=dates) == [("12 oktobra 1949", "1949-10-12")]
    assert found("12 oktobra 1949") == []
    without = dataclasses.replace(DATES, months={})
    assert found("12 October 1949", dates=without) == []


# -- which way a document writes day and month in numbers ---------------------------------


@pytest.mark.parametrize(
    ("text", "dated_by", "order"),
    [
        # the page dates it March 11: "03.11." and "03.12.63" near that day read month first
        ("dispatched on 03.11. at 12:00, received on 03.12.63", ["March 11, 1963"], "mdy"),
        # the title dates it 3 November: "11.03.1962" and "11.04.1962" are month first too
        ("sent on 11.03.1962 at 11:40, received 11.04.1962", ["Cable, 3 November 1962"], "mdy"),
        # read day first, "03.11." is 3 November, near a page date of 4 November: unchanged
        ("dispatched on 03.11. at 12:00", ["November 4, 1963"], "dmy"),
        # numbers both ways near the date say nothing; nor do times ("12.40")
        ("on 03.11. and on 11.03.", ["March 11, 1963"], "dmy"),
        ("at 11.40 and 03.10 hours", ["March 11, 1963"], "dmy"),
        ("dispatched on 03.11.", [], "dmy"),
        # a date that can only be month first ("7/28/97") says how "8/1/85" reads
        ("received 7/28/97 (per letter of 4/15/97); the file of 8/1/85", [], "mdy"),
        # unless another can only be day first
        ("received 7/28/97; the file of 28/7/97 and 8/1/85", [], "dmy"),
        ("the file of 25.12.1956 and 8.1.1957", [], "dmy"),
    ],
)
def test_numeric_order_from_the_page_date(text: str, dated_by: list[str], order: str) -> None:
    conventions = _numeric_order_of(text, load_conventions(), dated_by)
    assert conventions.dates.numeric_order == order


@pytest.mark.parametrize(
    ("when", "datelines", "sent"),
    [
        ("1963-03-11", [], "1963-03-11"),
        ("1963-03-11", ["1963-03-11T12:00:00"], "1963-03-11"),
        ("1963-03-11", ["--03-11"], "1963-03-11"),
        # a dateline that disagrees with the page's date: the dateline says when it was sent
        ("1963-03-11", ["1963-11-03T12:00:00"], "1963-11-03T12:00:00"),
        ("1963-03-11", ["--11-03"], None),
        (None, ["1963-11-03"], None),
    ],
)
def test_sent_date_agrees_with_the_dateline(
    when: str | None, datelines: list[str], sent: str | None
) -> None:
    assert _sent_date(when, datelines) == sent


@pytest.mark.parametrize(
    ("text", "whens"),
    [
        # after "on", a dotted pair that can be a day and a month is one
        ("dispatched on 03.10 at 10:00 hours", ["1963-10-03T10:00:00"]),
        ("received dated 06.10", ["1963-10-06"]),
        # one that cannot, or one with a unit, stays a time
        ("on 18.40", ["18:40:00"]),
        ("met on 10.30 hours", ["10:30:00"]),
        ("at 03.10", ["03:10:00"]),
    ],
)
def test_a_dotted_pair_after_on_is_a_day(text: str, whens: list[str]) -> None:
    spans, _ = find_dates(text, dates=load_conventions().dates, year=1963)
    assert [s.when for s in spans] == whens


# ---------------------------------------------------------------------------
# Year-less dates read against the document's date; numeric dates near the page's date
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dated", "when"),
    [
        # just before New Year: the December before a January report
        ("on 27 December", DocumentDate(1963, 1, 15), "1962-12-27"),
        ("the meeting of Dec. 30", DocumentDate(1963, 1, 2), "1962-12-30"),
        # just after it: the January after a December report
        ("arrives on 3 January", DocumentDate(1950, 12, 28), "1951-01-03"),
        # the same year when that is nearest, or a tie
        ("since 10 January", DocumentDate(1963, 1, 15), "1963-01-10"),
        ("on 15 July", DocumentDate(1963, 1, 15), "1963-07-15"),
        # half a year before a report of February is the August before
        ("on August 28th", DocumentDate(1955, 2), "1954-08-28"),
        # the year after only within a quarter of a year: "the agreement of 17 March" in
        # November is the March before
        ("the agreement of 17 March", DocumentDate(1949, 11, 12), "1949-03-17"),
        ("before 20 February", DocumentDate(1949, 12, 1), "1950-02-20"),
        # a year alone lends itself as it is
        ("on 27 December", DocumentDate(1963), "1963-12-27"),
        ("on 27 December", 1963, "1963-12-27"),
        # both days of a range take one year
        ("from 27 to 31 December", DocumentDate(1963, 1, 2), "1962-12-27/1962-12-31"),
        ("4.1.", DocumentDate(1962, 12, 30), "1963-01-04"),
    ],
)
def test_a_year_less_date_takes_the_year_nearest_the_document(
    text: str, dated: int | DocumentDate, when: str
) -> None:
    spans, _ = find_dates(text, dates=DATES, year=dated)
    assert [(f"{s.when}/{s.until}" if s.until else s.when, s.inferred_year) for s in spans] == [
        (when, True)
    ]


def test_a_leap_day_is_not_moved_to_a_leap_year() -> None:
    assert problems("29 February", year=DocumentDate(1949, 1, 15)) == [
        ("29 February", "'29 February' is not a real date")
    ]


@pytest.mark.parametrize(
    ("text", "whens"),
    [
        # month.day in one date, day.month in the next, both near the page's 3 November
        (
            "Dispatched on 11.03.1962 at 16:00 and received on 04.11.1962 at 01:50",
            ["1962-11-03T16:00:00", "1962-11-04T01:50:00"],
        ),
        ("sent 11/05/62", ["1962-11-05"]),
        ("dispatched on 03.11 at 10:00", ["1962-11-03T10:00:00"]),
        # both readings far from the page's date: the conventions' order
        ("the note of 05.06.1962", ["1962-06-05"]),
        # both near enough: the conventions' order
        ("on 10.11.1962", ["1962-11-10"]),
        # one reading only
        ("on 13.03.1962", ["1962-03-13"]),
    ],
)
def test_a_numeric_date_reads_the_way_that_is_the_pages_date(text: str, whens: list[str]) -> None:
    spans, _ = find_dates(text, dates=DATES, year=DocumentDate(1962, 11, 3, outside=True))
    assert [s.when for s in spans] == whens


def test_only_the_pages_or_titles_date_decides_a_numeric_order() -> None:
    # read from the text, the document's date may itself be such a number
    spans, _ = find_dates("on 11.03.1962", dates=DATES, year=DocumentDate(1962, 11, 3))
    assert [s.when for s in spans] == ["1962-03-11"]


def test_document_date() -> None:
    text = "Nº 166 KOVALEV 12 October\n... 11 October 1949"
    assert document_date(text, dates=DATES) == DocumentDate(1949, 10, 11)
    assert document_date("May 1957 and 9 October", dates=DATES) is None


@pytest.mark.parametrize(
    "text",
    [
        "Please confirm whether Embtel 980 Mar 3, 1948 still in Emb files.",
        "Reply going forward in answer your 1702 of July 14, 1948.",
        "Re your telegram No. 214, 3 March 1948, we agree.",
    ],
)
def test_a_cited_messages_date_is_not_the_documents(text: str) -> None:
    assert document_date(text, dates=DATES) is None
    assert document_date(f"{text}\nSent 12 May 1949.", dates=DATES) == DocumentDate(1949, 5, 12)


def test_a_cited_message_lends_no_year() -> None:
    text = (
        "The Secretary of State to the Embassy in the Soviet Union\n\nsecret\n\n"
        "611. Reply going forward in answer your 1702 July 14. Please confirm whether"
        " Embtel 980 Mar 3, 1948 still in Emb files.\n\nAcheson\n"
    )
    assert _whens(text) == ["--07-14", "1948-03-03"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1974 September 13, 06:33 (Friday)",
            [("1974 September 13, 06:33", "1974-09-13T06:33:00")],
        ),
        ("Date: 1974 Sept. 13", [("1974 Sept. 13", "1974-09-13")]),
        ("1968 JANUARY 23", [("1968 JANUARY 23", "1968-01-23")]),
        # in running text a number before a date is a telegram's
        ("Re Deptel 1955 Jan. 14 it would", [("Jan. 14", "--01-14")]),
        ("Answering your 1552, July 9, 5 p.m.", [("July 9", "--07-09"), ("5 p.m.", "17:00:00")]),
        # "may" in lower case is a verb
        ("1974 may 13 be", []),
    ],
)
def test_a_year_before_its_month_and_day(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date: September 6 th, 1978", [("September 6 th, 1978", "1978-09-06")]),
        ("on the 21 st of May 1950", [("21 st of May 1950", "1950-05-21")]),
        ("MARCH 2 ND, 1961", [("MARCH 2 ND, 1961", "1961-03-02")]),
        ("from August 16 th to 21 st", [("August 16 th to 21 st", "--08-16")]),
        # "St." after a day is a saint's town, not a suffix
        ("March 5 St. Petersburg", [("March 5", "--03-05")]),
    ],
)
def test_an_ordinal_suffix_set_apart(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def _whens(text: str) -> list[str]:
    """Every date's @when (or @from) in the TEI `convert_text` gives for `text`, header first."""
    xml = convert_text(text).xml.decode()
    return re.findall(r'<date (?:when|from)="([^"]*)"', xml)


@pytest.mark.parametrize(
    "release",
    [
        "E.O. 12958: DECL: 05/26/2031",
        "Declassified/Released US Department of State EO Systematic Review 30 JUN 2011",
        "Approved For Release 2011/06/30",
    ],
)
def test_a_release_line_lends_no_year(release: str) -> None:
    text = (
        f"CONFIDENTIAL\n{release}\nSUBJECT: GRAIN QUOTAS\n\n"
        "1. THE MINISTER SAID ON MAY 25 THAT THE QUOTAS STOOD.\n"
    )
    whens = _whens(text)
    assert "--05-25" in whens
    assert not [w for w in whens if w.endswith("-05-25") and not w.startswith("--")]
    assert "<creation>" not in convert_text(text).xml.decode()


def test_a_release_line_gives_way_to_the_texts_own_date() -> None:
    text = (
        "CONFIDENTIAL\n"
        "Declassified/Released US Department of State EO Systematic Review 30 JUN 2011\n"
        "SUBJECT: GRAIN QUOTAS\n\n1. THE MINISTER SAID ON MAY 25 THAT THE QUOTAS OF"
        " 2 FEBRUARY 1976 STOOD.\n"
    )
    assert "1976-05-25" in _whens(text)


def test_numbers_near_the_documents_date_keep_the_day_first() -> None:
    # the translator writes "October 3, 1963", the cipher office's numbers stay day first
    text = (
        "October 3, 1963\n\nSecret Telegram from Varga (Vessen) to Orlenko (Norberg)\n\n"
        "Ciphergram No. 4411\n\n"
        "dispatched on 03.10 at 10:00 hours, received on 06.10 at 10:50 hours\n\n"
        "The minister received me on October 2 and agreed to the note.\n"
    )
    whens = _whens(text)
    assert "1963-10-03T10:00:00" in whens and "1963-10-06T10:50:00" in whens
    assert not any(w.startswith(("1963-03-10", "1963-06-10")) for w in whens)
    # numbers that read month first near the date make the document's order month first
    us = text.replace("03.10", "10.03").replace("06.10", "10.06")
    assert "1963-10-03T10:00:00" in _whens(us)


def test_a_cables_dispatch_and_receipt_lines_are_datelines() -> None:
    xml = convert_text(
        "CABLE\n\nDATE OF DISPATCH: 27 December 1962\n\nDATE OF RECEIPT: 28 December 1962\n\n"
        "TO: Minister of Foreign Affairs\n\nFROM: Washington\n\n"
        "Rusk said that the issue still worried him.\n"
    ).xml.decode()
    assert '<dateline>DATE OF DISPATCH: <date when="1962-12-27">' in xml
    assert '<dateline>DATE OF RECEIPT: <date when="1962-12-28">' in xml


def test_a_dateline_years_from_the_pages_date_is_reported_and_sends_nothing() -> None:
    """ "PYONGYANG, 08. 09. 10." on a page dated 10 September 1980 reads as 1910: the
    header keeps the page's date, says no day it was sent, and the user is told."""
    result = convert_text(
        "Skip to content\n\nSeptember 10, 1980\n\n"
        "Telegram from the Norland Embassy in Pyongyang\n\n"
        "PYONGYANG, 08. 09. 10.\n\nTOP SECRET!\n\n"
        "During the celebrations on September 8, I had a conversation with Comrade Bang.\n"
    )
    xml = result.xml.decode()
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []
    assert "header.dateline-conflict" in [d.code for d in result.diagnostics]
    assert '<creation>\n        <date when="1980-09-10">' in xml
    assert not re.search(r'<correspAction type="sent">(?:(?!</correspAction>).)*<date', xml, re.S)


def test_a_day_and_month_naming_a_movement_is_no_date() -> None:
    """ "the 26th of July Movement" is a name: no date of 1962 (the year lent by the
    document), while "the March 8 Agreements" keeps its date."""
    whens = _whens(
        "CABLE\n\nHavana, 29 May 1962\n\nOlivares comes from the 26th of July Movement;"
        " the 13th of March Revolutionary Directorate met; the March 8 Agreements stand.\n"
    )
    assert "1962-07-26" not in whens and "1962-03-13" not in whens and "1962-03-08" in whens
