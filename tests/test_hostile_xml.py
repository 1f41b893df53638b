"""Hostile XML: external entities, DTDs, XInclude, entity bombs and forbidden characters.

Each attack goes through the library (`validate`, `format_tei`/`pretty`,
`render_reading_text`) and the command line (`validate`, `pretty`, `text`). Nothing may
be read from disk or fetched from the network: a local HTTP server records every request
and a secret file must never show up. The only request allowed is the one a document's
`<?xml-model?>` asks `validate` to make without --offline.
"""

from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

import teikit
from teikit.cli import app
from teikit.errors import InputError
from teikit.tei.reading import render_reading_text

REPO = Path(__file__).resolve().parent.parent
TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
SECRET = "TOPSECRET-7f3a9c"
runner = CliRunner()

# Any document: the schema served for the xml-model case, so that fetching it is enough.
ANY_RNG = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0">
  <start><ref name="any"/></start>
  <define name="any">
    <element><anyName/>
      <zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice>
      </zeroOrMore>
    </element>
  </define>
</grammar>
"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.requests.append(self.path)
        if self.path.endswith(".rng"):
            body = ANY_RNG
        elif self.path.endswith((".dtd", "/p")):
            body = f'<!ENTITY x "{SECRET}">'.encode()
        else:
            body = SECRET.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_server() -> Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass(frozen=True)
class Env:
    """Where an attack points: the local server, a secret file, a private cache."""

    port: int
    secret: Path
    tmp: Path
    requests: list[str]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@pytest.fixture
def env(
    http_server: http.server.ThreadingHTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Env:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    _Recorder.requests.clear()
    return Env(http_server.server_address[1], secret, tmp_path, _Recorder.requests)


def tei(body: str, doctype: str = "") -> bytes:
    """A small TEI document with `body` inside a paragraph, the attack on line 3."""
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<TEI {TEI}><teiHeader/><text><body>'
        f"<p>{body}</p></body></text></TEI>\n"
    ).encode()


def billion_laughs() -> bytes:
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(9)
    )
    return tei("&j;", f"<!DOCTYPE TEI [{entities}]>")


def quadratic_blowup() -> bytes:
    """One 100 KB entity referenced 20,000 times: 2 GB if it were expanded."""
    return tei("&a;" * 20_000, f'<!DOCTYPE TEI [<!ENTITY a "{"x" * 100_000}">]>')


# Attacks the parser lets through as unexpanded references, or that are plain elements:
# each must leave no trace of the secret and make no request.
XINCLUDE = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{}" parse="text"/>'
NEUTRALISED: dict[str, Callable[[Env], bytes]] = {
    "external entity, file": lambda e: tei(
        "a &x; b", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{e.secret.as_uri()}">]>'
    ),
    "external entity, http": lambda e: tei(
        "a &x; b", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{e.url("e")}">]>'
    ),
    "external DTD": lambda e: tei("a &x; b", f'<!DOCTYPE TEI SYSTEM "{e.url("x.dtd")}">'),
    "external DTD, public id": lambda e: tei(
        "a &x; b", f'<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "{e.url("x.dtd")}">'
    ),
    "parameter entity": lambda e: tei(
        "a &x; b", f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{e.url("p")}"> %p;]>'
    ),
    "xinclude, file": lambda e: tei("a " + XINCLUDE.format(e.secret.as_uri()) + " b"),
    "xinclude, http": lambda e: tei("a " + XINCLUDE.format(e.url("xi")) + " b"),
}
REFERENCES = {
    "external entity, file",
    "external entity, http",
    "external DTD",
    "external DTD, public id",
    "parameter entity",
}

# Documents that are not well-formed, or that libxml2 refuses to protect itself:
# (document, part of the reason, line or None when libxml2 gives a position inside an
# entity's text).
REFUSED: dict[str, tuple[Callable[[], bytes], str, int | None]] = {
    "billion laughs": (billion_laughs, "entities would expand", None),
    "quadratic blowup": (quadratic_blowup, "entities would expand", 3),
    "10,000-deep nesting": (
        lambda: tei("<hi>" * 10_000 + "x" + "</hi>" * 10_000),
        "elements are nested more than 256 deep",
        3,
    ),
    "20 MB attribute": (
        lambda: tei(f'<hi rend="{"a" * 20_000_000}">x</hi>'),
        "a text, name or attribute value is longer than",
        3,
    ),
    "raw NUL": (lambda: tei("a\x00b"), "Invalid character: Char 0x0", 3),
    "raw U+0001": (lambda: tei("a\x01b"), "PCDATA invalid Char value 1", 3),
    "raw U+FFFE": (lambda: tei("a\ufffeb"), "PCDATA invalid Char value 65534", 3),
    "&#0;": (lambda: tei("a&#0;b"), "xmlParseCharRef: invalid xmlChar value 0", 3),
    "&#1;": (lambda: tei("a&#1;b"), "xmlParseCharRef: invalid xmlChar value 1", 3),
    "&#xFFFE;": (lambda: tei("a&#xFFFE;b"), "xmlParseCharRef: invalid xmlChar value 65534", 3),
    "lone surrogate &#xD800;": (
        lambda: tei("a&#xD800;b"),
        "xmlParseCharRef: invalid xmlChar value 55296",
        3,
    ),
    "external entity in an attribute": (
        lambda: tei('<hi rend="&x;">t</hi>', '<!DOCTYPE TEI [<!ENTITY x SYSTEM "/etc/passwd">]>'),
        "Attribute references external entity 'x'",
        3,
    ),
    "'<' from a character reference in an attribute's entity": (
        lambda: tei('<hi rend="&x;">&#169;</hi>', '<!DOCTYPE TEI [<!ENTITY x "&#60;b/>">]>'),
        "'<' in entity 'x' is not allowed in attributes values",
        3,
    ),
}
_cache: dict[str, bytes] = {}


def refused(name: str) -> bytes:
    """The document of a REFUSED case, built once (the 20 MB one takes a moment)."""
    if name not in _cache:
        _cache[name] = REFUSED[name][0]()
    return _cache[name]


def cli(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout_bytes.decode("utf-8", "replace"), result.stderr


def assert_no_leak(env: Env, *outputs: str | bytes) -> None:
    for output in outputs:
        text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        assert SECRET not in text
    assert env.requests == []


# --- attacks the parser leaves harmless -------------------------------------------------


@pytest.mark.parametrize("name", NEUTRALISED)
def test_validate_reports_and_follows_nothing(env: Env, name: str) -> None:
    data = NEUTRALISED[name](env)
    found = teikit.validate(data, name="evil.xml")
    codes = {d.code for d in found}
    if name in REFERENCES:
        assert "xml.doctype" in codes
        entity = next(d for d in found if d.code == "xml.entity")
        assert (entity.severity, entity.line, entity.col) == (
            "error",
            3,
            data.split(b"\n")[2].find(b"&x;") + 1,
        )
    else:
        include = next(d for d in found if "include" in d.message)
        assert (include.code, include.line) == ("rng.not-allowed", 3)
    assert_no_leak(env, *(d.message for d in found))

    path = env.tmp / "evil.xml"
    path.write_bytes(data)
    for flags in ([], ["--offline"]):
        code, out, err = cli("validate", *flags, path)
        assert code == 1
        assert f"{path}:3:" in err
        assert_no_leak(env, out, err)


@pytest.mark.parametrize("name", NEUTRALISED)
def test_pretty_keeps_references_and_follows_nothing(env: Env, name: str) -> None:
    data = NEUTRALISED[name](env)
    result = teikit.format_tei(data, source="evil.xml")
    assert result.ok
    # The DOCTYPE is copied as written and a reference stays a reference: nothing expanded.
    assert result.xml.split(b"\n")[1] == data.split(b"\n")[1]
    if name in REFERENCES:
        assert b"<p>a &x; b</p>" in result.xml
    else:
        assert b"<xi:include " in result.xml
    assert teikit.pretty(data) == result.xml
    assert_no_leak(env, result.xml)

    path = env.tmp / "evil.xml"
    path.write_bytes(data)
    code, out, err = cli("pretty", path)
    assert (code, out.encode(), err) == (0, result.xml, "")
    assert_no_leak(env)


@pytest.mark.parametrize("name", NEUTRALISED)
def test_text_shows_references_as_written_and_follows_nothing(env: Env, name: str) -> None:
    data = NEUTRALISED[name](env)
    # A reference's text is unknown, so it is shown as written; an XInclude is an
    # element the reader does not know, so only its (empty) text counts.
    expected = "a &x; b\n" if name in REFERENCES else "a b\n"
    assert render_reading_text(data, header=False) == expected
    assert_no_leak(env)

    path = env.tmp / "evil.xml"
    path.write_bytes(data)
    code, out, err = cli("text", path)
    assert code == 0
    assert out.endswith(expected)
    if name in REFERENCES:  # the reader is told the reference was not expanded
        assert re.search(r"evil\.xml:\d+: warning: entity reference &x; shown as written", err)
    assert_no_leak(env, out, err)


def test_pretty_leaves_entities_in_attributes_as_references(env: Env) -> None:
    data = tei('<hi rend="a&x;b">t</hi>', '<!DOCTYPE TEI [<!ENTITY x "inner">]>')
    result = teikit.format_tei(data)
    assert result.ok
    assert b'<hi rend="a&x;b">' in result.xml
    assert b"inner" not in result.xml.split(b"\n", 2)[2]


# --- the one request a document may cause -----------------------------------------------


def test_xml_model_is_fetched_only_without_offline(env: Env) -> None:
    href = env.url("schema.rng")
    model = f'<?xml-model href="{href}" schematypens="http://relaxng.org/ns/structure/1.0"?>'
    data = tei("x", model)
    path = env.tmp / "modelled.xml"
    path.write_bytes(data)

    code, _, err = cli("validate", "--offline", path)
    assert code == 2
    assert "--offline forbids fetching it" in err
    assert env.requests == []
    with pytest.raises(InputError, match="--offline"):
        teikit.validate(data, name="modelled.xml", offline=True)
    assert env.requests == []

    # pretty and text never look at schemas.
    assert cli("pretty", path)[0] == 0
    assert cli("text", path)[0] == 0
    assert teikit.format_tei(data).ok
    assert render_reading_text(data, header=False) == "x\n"
    assert env.requests == []

    code, _, err = cli("validate", path)
    assert (code, err) == (0, "")
    assert env.requests == ["/schema.rng"]
    assert list((env.tmp / "cache").rglob("*.rng")), "the schema is cached in XDG_CACHE_HOME"
    # Once cached, --offline uses the copy and nothing is fetched again.
    assert cli("validate", "--offline", path)[0] == 0
    assert teikit.validate(data, name="modelled.xml", offline=True) == []
    assert env.requests == ["/schema.rng"]


# --- refused documents ------------------------------------------------------------------


@pytest.mark.parametrize("name", REFUSED)
def test_library_refuses_with_a_position(env: Env, name: str) -> None:
    data = refused(name)
    _, reason, line = REFUSED[name]
    started = time.perf_counter()

    found = teikit.validate(data, name="evil.xml", offline=True)
    assert len(found) == 1
    assert found[0].code in ("xml.syntax", "xml.encoding")
    assert found[0].file == "evil.xml"
    assert found[0].line == (line or found[0].line)
    assert found[0].line and found[0].col
    where = f"{found[0].line}:{found[0].col}"
    assert reason in found[0].message
    assert "XML_PARSE_HUGE" not in found[0].message
    assert "\n" not in found[0].message

    result = teikit.format_tei(data, source="evil.xml")
    assert not result.ok
    assert result.xml is data  # the input, untouched
    assert [(d.code, d.line, d.col) for d in result.diagnostics] == [
        ("xml.syntax", found[0].line, found[0].col)
    ]
    assert reason in result.diagnostics[0].message
    with pytest.raises(InputError, match=rf"^evil\.xml:{where}: not well-formed"):
        teikit.pretty(data, source="evil.xml")

    with pytest.raises(InputError, match=rf"^<TEI>:{where}: not well-formed"):
        render_reading_text(data)
    assert time.perf_counter() - started < 5
    assert_no_leak(env)


@pytest.mark.parametrize("name", REFUSED)
def test_cli_refuses_with_a_position(env: Env, name: str) -> None:
    path = env.tmp / "evil.xml"
    path.write_bytes(refused(name))
    _, reason, line = REFUSED[name]
    at = re.compile(rf"{re.escape(str(path))}:{line or '[0-9]+'}:[0-9]+: ")

    code, out, err = cli("validate", path)
    assert (code, out) == (1, "")
    assert at.match(err), err
    assert reason in err
    assert len(err.splitlines()) == 1

    code, out, err = cli("pretty", path)
    assert (code, out) == (2, "")
    assert at.match(err), err
    assert reason in err

    code, out, err = cli("pretty", "--in-place", path)
    assert code == 2
    assert path.read_bytes() == refused(name)

    code, out, err = cli("text", path)
    assert (code, out) == (2, "")
    assert at.search(err), err
    assert reason in err
    assert_no_leak(env, err)


def test_pretty_with_many_distinct_character_references_is_fast() -> None:
    """Each reference is kept as written; 20,000 distinct ones once took 5 s (one pass now)."""
    body = "".join(f"&#{0x4E00 + i};" for i in range(20_000))
    data = f"<TEI {TEI}><teiHeader/><text><body><p>{body}</p></body></text></TEI>".encode()
    started = time.perf_counter()
    result = teikit.format_tei(data)
    assert time.perf_counter() - started < 2
    assert result.ok
    assert f"<p>{body}</p>".encode() in result.xml


# --- bombs end to end: a real process, its time and its peak memory ---------------------


# Runs teikit and writes its own peak memory (VmHWM, in kB) when it exits. The child's
# ru_maxrss would not do: Linux carries the high-water mark of the process that forked
# it (here the whole test run, hundreds of MB) across exec.
_REPORT_PEAK = """
import atexit, os, sys

def report_peak():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["TEIKIT_TEST_PEAK"], "w") as out:
        out.write(peak)

atexit.register(report_peak)
sys.argv = ["teikit", *sys.argv[1:]]
from teikit.cli import main
main()
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("bomb", ["billion laughs", "quadratic blowup"])
@pytest.mark.parametrize("command", ["validate", "pretty", "text"])
def test_bombs_take_little_time_and_memory(tmp_path: Path, bomb: str, command: str) -> None:
    path = tmp_path / "bomb.xml"
    path.write_bytes(refused(bomb))
    out, err = tmp_path / "out", tmp_path / "err"
    environment = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), NO_COLOR="1")
    started = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", _REPORT_PEAK, command, str(path)],
            cwd=REPO,
            env=dict(environment, TEIKIT_TEST_PEAK=str(tmp_path / "peak")),
            stdout=stdout,
            stderr=stderr,
        )
        process.wait()
    elapsed = time.perf_counter() - started
    peak_mb = int((tmp_path / "peak").read_text()) / 1024
    messages = err.read_text()
    assert process.returncode == (1 if command == "validate" else 2)
    assert "entities would expand" in messages
    assert "Traceback" not in messages
    assert out.read_bytes() == b""
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert peak_mb < 250, f"{peak_mb:.0f} MB"
