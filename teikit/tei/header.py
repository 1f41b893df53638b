"""The teiHeader alone, filled from what the page and the document say, nothing invented."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from teikit.tei.builder import Found
from teikit.tei.inline import XML_ID, sub
from teikit.transcription.citation import Citation
from teikit.transcription.conventions import Conventions, fold
from teikit.transcription.dates import FULL_DATE, full_dates, parse_date

_YEARS = re.compile(r",?\s*\(?(?P<birth>\d{4})\s*[-–]\s*(?P<death>\d{4})?\)?\s*$")


@dataclass(frozen=True)
class Correspondent:
    """A sender or addressee named in the title, with the id the text points at."""

    text: str
    ident: str
    kind: str = "person"  # or "org": "the Department of State"; or "place": "Moscow"
    listed: bool = False  # the page lists it: the header's list holds its xml:id
    seat: str | None = None  # where the title places it: "… Ignatieff in Pyongyang"
    # the others a title names with it: "… to Krushchev and Malenkov" (Malenkov)
    also: tuple[Correspondent, ...] = ()

    def everyone(self) -> tuple[Correspondent, ...]:
        return (self, *self.also)

    def attrib(self) -> dict[str, str]:
        return {"ref": f"#{self.ident}"} if self.listed else {XML_ID: self.ident}

    @property
    def tag(self) -> str:
        return {"org": "orgName", "place": "placeName"}.get(self.kind, "persName")


@dataclass(frozen=True)
class PageFacts:
    """What the page says about the document, field by field (None when it says nothing)."""

    shape: str
    title: str | None = None
    date_text: str | None = None
    summary: tuple[str, ...] = ()
    citation: Citation | None = None
    rights: tuple[str, ...] = ()
    uploaded: str | None = None
    genre: str | None = None
    languages: tuple[str, ...] = ()
    record_id: str | None = None
    subjects: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    donors: tuple[str, ...] = ()
    sender: Correspondent | None = None
    addressee: Correspondent | None = None
    author: Correspondent | None = None  # who kept the diary or journal: "Journal of … X"
    entries: tuple[tuple[str, str, str], ...] = ()  # (kind, id, text) of the page's name lists
    notes: tuple[str, ...] = ()  # metadata paragraphs no field rule recognised, kept as notes
    extra: dict[str, str] = field(default_factory=dict)
    filed: str | None = None  # the day a file number gives ("711.60H/8–2447": 1947-08-24)
    # credits the text gives on lines of their own ("Translated by Anna Novak"), where the
    # citation gives none: the translator, then (the credit's words, the name) of the others
    translator: str | None = None
    credited: tuple[tuple[str, str], ...] = ()
    other_site: bool = False  # a copy of the page on another site, which is no distributor


def slug(text: str, prefix: str = "") -> str:
    """An xml:id made of the text's letters ("Gary Goldberg" → "gary-goldberg")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    ident = "-".join(words)[:40].strip("-") or "x"
    ident = prefix + ident
    return ident if re.match(r"[a-z_]", ident) else f"id-{ident}"


def build_header(
    root: etree._Element,
    *,
    facts: PageFacts,
    found: Found,
    hands: set[str],
    conventions: Conventions,
    version: str,
    write_title: Callable[[etree._Element], None],
) -> None:
    """Write the teiHeader for one converted document into `root` (before <text>).

    Example:
        build_header(root, facts=facts, found=found, hands={"annotation"}, conventions=conv,
                     version="0.1.0", write_title=lambda title: title.append(...))
    """
    header = etree.Element("{http://www.tei-c.org/ns/1.0}teiHeader")
    root.insert(0, header)
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    title = sub(title_stmt, "title")
    write_title(title)
    if facts.author is not None:
        author = sub(title_stmt, "author")  # the title's mentions point at it
        sub(author, facts.author.tag, {XML_ID: facts.author.ident}, text=facts.author.text)
    for donor in facts.donors:
        sub(title_stmt, "funder", text=donor)
    citation = facts.citation
    translator = translator_of(facts)
    if translator:
        resp_stmt = sub(title_stmt, "respStmt")
        sub(resp_stmt, "resp", text="Translated by")
        for i, name in enumerate(_translators(translator)):
            # notes point at the first ("#translator"); "A and B" translated together
            sub(resp_stmt, "persName", {XML_ID: "translator"} if i == 0 else {}, text=name)
    credited = list(citation.credited if citation is not None else ())
    credited += [credit for credit in facts.credited if credit not in credited]
    for credit, name in credited:
        # "Obtained by James F. Person": who found or gave the document
        resp_stmt = sub(title_stmt, "respStmt")
        sub(resp_stmt, "resp", text=credit[:1].upper() + credit[1:])
        words = fold(name).split()
        org = any(w in conventions.header.org_words for w in words)
        sub(resp_stmt, "orgName" if org else "persName", text=name)
    _publication(file_desc, facts, conventions)
    if facts.notes:
        notes = sub(file_desc, "notesStmt")
        for paragraph in facts.notes:
            sub(notes, "note", {"type": "metadata"}, text=paragraph)
    _source(file_desc, facts, hands, conventions.hands)
    encoding = sub(header, "encodingDesc")
    app_info = sub(encoding, "appInfo")
    application = sub(app_info, "application", {"ident": "teikit", "version": version})
    sub(application, "label", text="teikit")
    _profile(header, facts, found, hands, conventions)


def _publication(file_desc: etree._Element, facts: PageFacts, conventions: Conventions) -> None:
    publication = sub(file_desc, "publicationStmt")
    if facts.shape != "page":
        sub(
            publication,
            "p",
            text="Converted by teikit from a plain-text transcription; not published.",
        )
        return
    if conventions.header.distributor and not facts.other_site:
        sub(publication, "distributor", text=conventions.header.distributor)
    if facts.record_id:
        sub(publication, "idno", {"type": "record"}, text=facts.record_id)
    if facts.uploaded:
        span = parse_date(facts.uploaded, dates=conventions.dates)
        sub(
            publication,
            "date",
            {"type": "uploaded", "when": span.when if span else None},
            text=facts.uploaded,
        )
    if facts.rights:
        availability = sub(publication, "availability")
        for paragraph in facts.rights:
            sub(availability, "p", text=paragraph)
    if len(publication) == 0:
        where = "a web page" if facts.other_site else "an archive's web page"
        sub(publication, "p", text=f"Copied from {where}.")


def _source(
    file_desc: etree._Element, facts: PageFacts, hands: set[str], described: Mapping[str, str]
) -> None:
    source = sub(file_desc, "sourceDesc")
    citation = facts.citation
    if citation is not None and citation.repository:
        ms = sub(source, "msDesc")
        ident = sub(ms, "msIdentifier")
        if citation.settlement:
            sub(ident, "settlement", text=citation.settlement)
        sub(ident, "repository", text=citation.repository)
        units = list(citation.units)
        last = units.pop() if units else None
        for kind, value in units:
            sub(ident, "collection", {"type": kind}, text=value)
        if last is not None:
            sub(ident, "idno", {"type": last[0]}, text=last[1])
        if citation.locus and not facts.title:
            # msItem needs more than its locus: without a title the leaves are an identifier
            sub(ident, "idno", {"type": "folio"}, text=citation.locus[2])
        for repository, shelfmark in citation.others:
            # another archive's copy: "AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80"
            other = sub(ident, "altIdentifier", {"type": "copy"})
            sub(other, "repository", text=repository)
            sub(other, "idno", {"type": "shelfmark"}, text=shelfmark or repository)
        if citation.locus and facts.title:
            start, end, text = citation.locus
            contents = sub(ms, "msContents")
            item = sub(contents, "msItem")
            sub(item, "locus", {"from": start or None, "to": end or None}, text=text)
            sub(item, "title", text=facts.title)
        if hands:
            _hands(sub(sub(ms, "physDesc"), "handDesc"), hands, described)
    if citation is not None:
        sub(source, "bibl", {"type": "citation"}, text=citation.text)
    if len(source) == 0:
        sub(source, "p", text="A plain-text transcription; the page names no archival source.")


def _hands(parent: etree._Element, hands: set[str], described: Mapping[str, str]) -> None:
    """A handNote for each hand the brackets name, as the conventions' [hands] table
    describes it; one the table leaves out says its name ("pencil")."""
    for hand in sorted(hands):
        text = described.get(hand, f"A hand the transcription's brackets call '{hand}'.")
        sub(parent, "handNote", {XML_ID: f"hand-{hand}"}, text=text)


def _profile(
    header: etree._Element,
    facts: PageFacts,
    found: Found,
    hands: set[str],
    conventions: Conventions,
) -> None:
    profile = sub(header, "profileDesc")
    if facts.summary:
        abstract = sub(profile, "abstract")
        for paragraph in facts.summary:
            sub(abstract, "p", text=paragraph)
    when = _document_date(facts, found, conventions)
    if facts.date_text or when:
        creation = sub(profile, "creation")
        sub(creation, "date", {"when": when}, text=facts.date_text)
    lang = sub(profile, "langUsage")
    text_lang = conventions.header.text_language
    # "Translated by …" in the citation says so even where the page names no original language
    translated = bool(translator_of(facts)) or bool(
        facts.languages
        and any(fold(lang) != _language_name(text_lang, conventions) for lang in facts.languages)
    )
    sub(
        lang,
        "language",
        {"ident": text_lang},
        text=f"{_display(text_lang, conventions)}{' (translation)' if translated else ''}",
    )
    for name in facts.languages:
        # a language the table does not know keeps its name under a private-use tag
        code = conventions.header.languages.get(fold(name)) or _private_tag(name)
        if code != text_lang:
            sub(lang, "language", {"ident": code}, text=f"{name} (original)")
    if facts.genre or facts.subjects:
        keywords = sub(sub(profile, "textClass"), "keywords")
        if facts.genre:
            sub(keywords, "term", {"type": "genre"}, text=facts.genre)
        for subject in facts.subjects:
            sub(keywords, "term", {"type": "subject"}, text=subject)
    _correspondence(profile, facts, found, when, conventions)
    _lists(profile, facts)
    if hands and not (facts.citation is not None and facts.citation.repository):
        _hands(sub(profile, "handNotes"), hands, conventions.hands)


def translator_of(facts: PageFacts) -> str | None:
    """Who translated the document: the citation says so, else a credit line of the text."""
    if facts.citation is not None and facts.citation.translator:
        return facts.citation.translator
    return facts.translator


def _private_tag(name: str) -> str:
    """A BCP 47 private-use tag for a language name the conventions do not map ("x-klingon")."""
    letters = re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", name.lower()))[:8]
    return f"x-{letters or 'unknown'}"


_PERSON = re.compile(r"(?:[A-ZÀ-ÞА-Я][\w’'.-]*\s+){1,3}[A-ZÀ-ÞА-Я][\w’'-]+")


def _translators(text: str) -> list[str]:
    """ "Jeffrey Wang and Charles Kraus": each translator, when every part is a full name."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text)]
    if len(parts) > 1 and all(_PERSON.fullmatch(p) for p in parts):
        return parts
    return [text]


def _language_name(code: str, conventions: Conventions) -> str:
    return next((name for name, c in conventions.header.languages.items() if c == code), code)


def _display(code: str, conventions: Conventions) -> str:
    return _language_name(code, conventions).title()


def _document_date(facts: PageFacts, found: Found, conventions: Conventions) -> str | None:
    if facts.date_text:
        span = parse_date(facts.date_text, dates=conventions.dates)
        if span is not None and span.when and not span.when.startswith("--"):
            return span.when
    titled = _title_date(facts, conventions)
    for when in found.dates:
        if when and not when.startswith("--"):
            if titled is not None and int(when[:4]) - int(titled[:4]) > _POSTED_YEARS_AFTER:
                # "Saturday, August 13, 2016" over "… Meeting …, April 19, 1956": a blog's
                # post date, decades after the day the title names, dates no document (a
                # memorandum of 1958 on the events of 1956 keeps its dateline)
                return titled
            return when[:10]
    if titled is not None:  # a bare transcription: "Letter from X to Y, 3 May 1953"
        return titled
    # a report dated under its signature ("Budapest, 22 September 1954")
    for when in found.signed_dates:
        if when and len(when) >= 10 and not when.startswith("--"):
            return when[:10]
    return facts.filed  # a State Department telegram filed under "711.60H/8–2447"


# A dateline more years than this after the title's day is a later copy's or post's date.
_POSTED_YEARS_AFTER = 20


def _title_date(facts: PageFacts, conventions: Conventions) -> str | None:
    """The first full date in the title ("Letter from X to Y, 3 May 1953"), or None."""
    days = full_dates(facts.title, dates=conventions.dates) if facts.title else []
    return days[0] if days else None


def _sent_date(when: str | None, dateline_dates: list[str]) -> str | None:
    """When the document was sent: its date, unless its dateline says otherwise (a page
    dated by the archive on another day than the dateline's), then the dateline's; none
    when the dateline gives only a day and month that disagree, or a day years away from
    the document's date, misread or mistyped ("PYONGYANG, 08. 09. 10." for 1980 September
    10; the conversion warns of it)."""
    if when is None or not dateline_dates:
        return when
    if dateline_far_off(when, dateline_dates[0]):
        return None
    for given in dateline_dates:
        if given.startswith(when) or when.startswith(given):
            return when
        if given.startswith("--") and when[4:10] == given[1:7]:
            return when
    first = dateline_dates[0]
    return None if first.startswith("--") else first


def dateline_far_off(when: str, dateline: str) -> bool:
    """Whether a dateline's full date is more than a year from the document's date."""
    if not (FULL_DATE.match(when) and FULL_DATE.match(dateline)):
        return False
    return abs(int(when[:4]) - int(dateline[:4])) > 1


def _correspondence(
    profile: etree._Element,
    facts: PageFacts,
    found: Found,
    when: str | None,
    conventions: Conventions,
) -> None:
    if not (
        facts.sender
        or facts.addressee
        or found.addressees
        or found.received
        or found.received_body
        or found.senders
    ):
        return
    desc = sub(profile, "correspDesc")
    # a signer is the sender of what is addressed to someone (a memorandum's is its recorder)
    addressed = bool(facts.addressee or found.received or found.received_body or found.addressees)
    if facts.sender or found.senders or found.places or found.signers and addressed:
        sent = sub(desc, "correspAction", {"type": "sent"})
        if facts.sender:
            for each in facts.sender.everyone():
                sub(sent, each.tag, each.attrib(), text=each.text)
        elif found.senders:  # "From: Ambassador JELEN" in the opener
            for tag, name in found.senders:
                sub(sent, tag, text=name)
        else:  # the signatures under the document
            for tag, name in dict.fromkeys(found.signers):
                sub(sent, tag, text=name)
        # where it was sent from: the dateline's place, else the seat the title gives
        place = found.places[0] if found.places else facts.sender and facts.sender.seat
        sender_is_place = facts.sender is not None and facts.sender.kind == "place"
        if place and not (sender_is_place and fold(place) == fold(facts.sender.text)):
            # "PYONGYANG" as a dateline types it is "Pyongyang"; "DPRK" stays as written
            abbreviated = place in conventions.header.country_abbreviations
            written = place.title() if place.isupper() and not abbreviated else place
            sub(sent, "placeName", text=written)
        # every dateline counts, the closer's too ("31 March 1960" under the text)
        sent_when = _sent_date(when, found.dates + found.signed_dates)
        if sent_when:
            sub(sent, "date", {"when": sent_when})
    # the addressee the text names ("To Cde. Filippov.") unless the title named them already
    named = [
        (tag, name)
        for tag, name in found.received
        if facts.addressee is None or fold(facts.addressee.text) not in fold(name)
    ]
    body = found.received_body if facts.addressee is None and not named else None
    if facts.addressee or named or body:
        received = sub(desc, "correspAction", {"type": "received"})
        if facts.addressee:
            for each in facts.addressee.everyone():
                sub(received, each.tag, each.attrib(), text=each.text)
            if facts.addressee.seat:
                sub(received, "placeName", text=facts.addressee.seat)
        for tag, name in named:
            sub(received, tag, text=name)
        if named and found.received_seat and not facts.addressee:
            sub(received, "placeName", text=found.received_seat)
        if body is not None:  # "To the Ministry of Foreign Affairs, Budapest"
            tag, text, place = body
            sub(received, tag, text=text)
            if place:
                sub(received, "placeName", text=place)
    if found.addressees:
        copies = sub(desc, "correspAction", {"type": "received", "subtype": "copy"})
        for tag, name in dict.fromkeys(found.addressees):
            sub(copies, tag, text=name)
    if len(desc) == 0:
        profile.remove(desc)


def _lists(profile: etree._Element, facts: PageFacts) -> None:
    persons = [(i, t) for k, i, t in facts.entries if k == "person"]
    orgs = [(i, t) for k, i, t in facts.entries if k == "org"]
    places = [(i, t) for k, i, t in facts.entries if k == "place"]
    if persons or orgs:
        partic = sub(profile, "particDesc")
        if persons:
            list_person = sub(partic, "listPerson")
            for ident, text in persons:
                person = sub(list_person, "person", {XML_ID: ident})
                years = _YEARS.search(text)
                name = text[: years.start()] if years else text
                sub(person, "persName", text=name.strip())
                if years:
                    sub(person, "birth", {"when": years.group("birth")}, text=years.group("birth"))
                    if years.group("death"):
                        sub(
                            person,
                            "death",
                            {"when": years.group("death")},
                            text=years.group("death"),
                        )
        if orgs:
            list_org = sub(partic, "listOrg")
            for ident, text in orgs:
                org = sub(list_org, "org", {XML_ID: ident})
                sub(org, "orgName", text=text)
    if places:
        setting = sub(profile, "settingDesc")
        list_place = sub(setting, "listPlace")
        for ident, text in places:
            place = sub(list_place, "place", {XML_ID: ident})
            sub(place, "placeName", text=text)
