"""teikit.io: decoding transcriptions, atomic writes and the safe XML parser."""

from __future__ import annotations

import codecs
import io
import os
import sys

import pytest
from lxml import etree

from teikit.errors import InputError, OutputError, TeikitError
from teikit.io import (
    check_encoding,
    decode_transcription,
    make_folder,
    parse_xml,
    read_bytes,
    read_transcription,
    write_atomic,
)

TEXT = "Dear Comrade Molotov,\r\nthe café [handwritten: yes]\rend\n"


# --- decoding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", True),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be", True),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom"],
)
def test_decode_by_bom_keeps_line_endings_and_drops_bom(data, encoding, bom):
    decoded = decode_transcription(data, source="letter.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.bom is bom
    assert decoded.source == "letter.txt"


def test_not_utf8_names_file_byte_position_and_fix():
    data = "Dear Sir,\r\nthe café".encode("cp1252")
    with pytest.raises(InputError) as err:
        decode_transcription(data, source="letter.txt")
    assert str(err.value) == "letter.txt: not UTF-8 (byte 0xE9 at 2:8); try --encoding cp1252"


def test_position_counts_characters_and_every_line_ending():
    # Line 3 (after \r\n and a lone \r), after two 2-byte UTF-8 characters.
    data = "one\r\ntwo\rжж".encode() + b"\xff"
    with pytest.raises(InputError, match=r"byte 0xFF at 3:3\)"):
        decode_transcription(data, source="x.txt")


def test_position_ignores_bom():
    data = codecs.BOM_UTF8 + b"abc\xe9"
    with pytest.raises(InputError, match=r"byte 0xE9 at 1:4\)"):
        decode_transcription(data, source="x.txt")


def test_explicit_encoding_overrides():
    data = "the café".encode("cp1252")
    decoded = decode_transcription(data, source="x.txt", encoding="cp1252")
    assert decoded.text == "the café"
    assert decoded.encoding == "cp1252"


def test_explicit_encoding_that_fails_suggests_another():
    with pytest.raises(
        InputError, match=r"not cp1252 \(byte 0x81 at 1:2\); try --encoding latin-1"
    ):
        decode_transcription(b"a\x81", source="x.txt", encoding="cp1252")


def test_explicit_utf8_still_drops_bom():
    decoded = decode_transcription(codecs.BOM_UTF8 + b"abc", source="x.txt", encoding="utf-8")
    assert decoded.text == "abc"


def test_unknown_encoding_is_input_error():
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode_transcription(b"abc", source="x.txt", encoding="klingon")
    assert check_encoding("CP1252") == "cp1252"


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00", b"text\nmore\x00text"])
def test_binary_input_refused(data):
    with pytest.raises(InputError, match="binary file") as err:
        decode_transcription(data, source="scan.pdf")
    assert str(err.value).startswith("scan.pdf: ")


def test_nul_position_reported():
    with pytest.raises(InputError, match=r"NUL byte at 2:5"):
        decode_transcription(b"text\nmore\x00text", source="x")


def test_utf16_without_bom_works_with_encoding():
    data = "abc\r\n".encode("utf-16-le")
    with pytest.raises(InputError, match="utf-16-le"):
        decode_transcription(data, source="x")
    assert decode_transcription(data, source="x", encoding="utf-16-le").text == "abc\r\n"


def test_empty_input_is_empty_text():
    assert decode_transcription(b"", source="x").text == ""


# --- reading --------------------------------------------------------------------------


def test_read_transcription_from_file(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    decoded = read_transcription(str(path))
    assert decoded.text == TEXT
    assert decoded.source == str(path)


def test_read_transcription_from_stdin(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO("Москва\r\n".encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    decoded = read_transcription("-")
    assert decoded.text == "Москва\r\n"
    assert decoded.source == "<stdin>"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_bytes(str(tmp_path / "nope.txt"))


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_bytes(str(tmp_path))


def test_read_bytes_limit_on_files_and_on_what_has_no_size(tmp_path):
    path = tmp_path / "five.xml"
    path.write_bytes(b"<a/>\n")
    assert read_bytes(str(path), max_size=5) == b"<a/>\n"
    with pytest.raises(InputError, match="larger than the limit"):
        read_bytes(str(path), max_size=4)
    # A pipe has no size to go by: it is read up to the limit, and past it refused.
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for limit, expect in ((100, b"x" * 50), (49, None)):
        writer = threading.Thread(target=lambda: fifo.write_bytes(b"x" * 50))
        writer.start()
        if expect is None:
            with pytest.raises(InputError, match="larger than the limit"):
                read_bytes(str(fifo), max_size=limit)
        else:
            assert read_bytes(str(fifo), max_size=limit) == expect
        writer.join()


def test_io_errors_are_teikit_errors():
    assert issubclass(InputError, TeikitError)
    assert issubclass(OutputError, TeikitError)


# --- atomic writes --------------------------------------------------------------------


def test_write_atomic_creates_and_replaces(tmp_path):
    target = tmp_path / "cable.xml"
    write_atomic(target, b"<a/>")
    assert target.read_bytes() == b"<a/>"
    write_atomic(str(target), b"<b/>")
    assert target.read_bytes() == b"<b/>"
    assert os.listdir(tmp_path) == ["cable.xml"]


def test_write_atomic_follows_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.xml", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.xml").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("exc", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_write_atomic_leaves_old_file_and_no_temp_on_failure(tmp_path, monkeypatch, exc):
    target = tmp_path / "cable.xml"
    target.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise exc

    monkeypatch.setattr(os, "fsync", fail)
    expected = KeyboardInterrupt if exc is KeyboardInterrupt else OutputError
    with pytest.raises(expected):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["cable.xml"]


def test_write_atomic_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "a.xml", b"x")


def test_make_folder(tmp_path):
    make_folder(tmp_path / "a" / "b")
    make_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        make_folder(tmp_path / "f")


# --- XML parsing ----------------------------------------------------------------------


def test_parse_xml_returns_tree():
    tree = parse_xml(
        b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', source="a"
    )
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_parse_xml_reports_file_line_col():
    with pytest.raises(InputError) as err:
        parse_xml(b"<a>\n  <b></c>\n</a>", source="cable.xml")
    message = str(err.value)
    assert message.startswith("cable.xml:2:")
    assert "not well-formed XML" in message
    assert "mismatch" in message


def test_parse_xml_errors_do_not_leak_between_documents():
    with pytest.raises(InputError):
        parse_xml(b"<a>", source="one.xml")
    with pytest.raises(InputError) as err:
        parse_xml(b"<b></c>", source="two.xml")
    assert "two.xml:1:" in str(err.value)
    assert "'a'" not in str(err.value)


def test_parse_xml_never_reads_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    data = f'<!DOCTYPE a [<!ENTITY e SYSTEM "{secret.as_uri()}">]><a>&e;</a>'.encode()
    tree = parse_xml(data, source="evil.xml")
    assert b"SECRET" not in etree.tostring(tree)


def test_parse_xml_does_not_expand_entity_bombs():
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<!DOCTYPE a [<!ENTITY l0 "lol">{lol}]><a>&l9;</a>'.encode()
    # Depending on the libxml2 version it is refused or left unexpanded; never expanded.
    try:
        tree = parse_xml(data, source="bomb.xml")
    except InputError as err:
        assert str(err).startswith("bomb.xml:1:")
    else:
        assert len(etree.tostring(tree)) < len(data) * 2


def test_parse_xml_encoding_from_declaration_and_bom():
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>'.encode("latin-1")
    assert parse_xml(latin, source="a").getroot().text == "café"
    utf16 = "<a>café</a>".encode("utf-16")
    assert parse_xml(utf16, source="a").getroot().text == "café"
