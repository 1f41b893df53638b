"""The teikit command: exit codes, stdout/stderr, batches, encodings, formats, docs.

Most tests run the CLI in-process with a stand-in converter (`fake_converter`), so the
command's contract is checked on its own. Tests marked `needs_pipeline` run the real
converter end to end in a subprocess, the way a user runs `teikit`.
"""

from __future__ import annotations

import codecs
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
import typer.main
from lxml import etree
from processes import run_teikit
from typer.testing import CliRunner

import teikit
from teikit import cli
from teikit.convert import Converted
from teikit.diagnostics import Diagnostic, Severity
from teikit.transcription.conventions import load_conventions

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "wilson-3607-kovalev-cable.txt"
TEI_NS = "http://www.tei-c.org/ns/1.0"

runner = CliRunner()


def _missing(module: str) -> bool:
    # Under CI a missing module is a failure, not a skip (as in tests/jing.py).
    return importlib.util.find_spec(module) is None and not os.environ.get("CI")


needs_pipeline = pytest.mark.skipif(
    _missing("teikit.transcription.pipeline"),
    reason="the converter pipeline (teikit/transcription/pipeline.py) is not written yet",
)
needs_reading = pytest.mark.skipif(
    _missing("teikit.tei.reading"),
    reason="the reading-text renderer (teikit/tei/reading.py) is not written yet",
)


# --- a stand-in converter ---------------------------------------------------------------


class FakeConverter:
    """Echoes the text into a TEI <p>; each line with ERROR or WARN yields a diagnostic there."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def __call__(self, text, *, conventions=None, source=None):
        self.calls.append({"text": text, "conventions": conventions, "source": source})
        root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
        etree.SubElement(root, f"{{{TEI_NS}}}p").text = text
        found = []
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
            for word, severity in (("ERROR", Severity.ERROR), ("WARN", Severity.WARNING)):
                if word in line:
                    found.append(
                        Diagnostic(
                            severity,
                            f"fake.{severity}",
                            f"{word} found",
                            file=source,
                            line=number,
                            col=line.index(word) + 1,
                        )
                    )
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
        return Converted(tree=root.getroottree(), xml=xml, diagnostics=tuple(found))


@pytest.fixture
def fake(monkeypatch):
    converter = FakeConverter()
    monkeypatch.setattr(cli, "convert_text", converter)
    return converter


def invoke(*args, input=None, env=None):
    return runner.invoke(cli.app, [str(a) for a in args], input=input, env=env)


def paragraph(xml: bytes) -> str:
    """The text the fake converter put into the TEI."""
    return etree.fromstring(xml).findtext(f"{{{TEI_NS}}}p") or ""


def assert_cannot_run(result) -> None:
    """Exit 2, explained on stderr, never a traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- convert: exit codes and streams ----------------------------------------------------


def test_one_input_prints_tei_on_stdout_only(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "I am sending you a telegram.\n")
    result = invoke("convert", src)
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"<?xml")
    assert paragraph(result.stdout_bytes) == "I am sending you a telegram.\n"
    assert result.stderr == ""
    assert fake.calls[0]["source"] == str(src)


def test_warnings_go_to_stderr_and_exit_0(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "line one\nsee WARN here\n")
    result = invoke("convert", src)
    assert result.exit_code == 0
    assert result.stderr == f"{src}:2:5: warning: WARN found [fake.warning]\n"
    etree.fromstring(result.stdout_bytes)  # stdout is nothing but the XML


def test_errors_exit_1_and_output_still_written(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "ERROR at the start\n")
    out = tmp_path / "cable.xml"
    result = invoke("convert", src, "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{src}:1:1: error: ERROR found [fake.error]" in result.stderr
    assert paragraph(out.read_bytes()) == "ERROR at the start\n"


def test_output_file_written_atomically(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "text\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "cable.xml").write_bytes(b"old")
    result = invoke("convert", src, "-o", out_dir / "cable.xml")
    assert result.exit_code == 0
    assert paragraph((out_dir / "cable.xml").read_bytes()) == "text\n"
    assert os.listdir(out_dir) == ["cable.xml"]


def test_dash_o_dash_is_stdout(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "text\n")
    result = invoke("convert", src, "-o", "-")
    assert result.exit_code == 0
    assert paragraph(result.stdout_bytes) == "text\n"


def test_stdin(fake):
    result = invoke("convert", "-", input="Москва WARN\r\n".encode())
    assert result.exit_code == 0
    assert paragraph(result.stdout_bytes) == "Москва WARN\r\n"
    assert result.stderr.startswith("<stdin>:1:8: warning:")


# --- convert: batches -------------------------------------------------------------------


def test_batch_writes_every_good_file_and_reports_bad_ones(tmp_path, fake):
    good = write(tmp_path / "a.txt", "fine\n")
    flawed = write(tmp_path / "b.txt", "has an ERROR\n")
    latin = write(tmp_path / "c.txt", "Dear Sir,\nthe café\n", "cp1252")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out" / "tei"  # created on demand
    result = invoke("convert", good, missing, latin, flawed, "--out-dir", out)
    assert result.exit_code == 1  # done, but some inputs failed: 2 is for runs that did nothing
    assert result.stderr.endswith("4 files: 1 converted, 1 converted with errors, 2 failed\n")
    assert sorted(os.listdir(out)) == ["a.xml", "b.xml"]  # and no temp files
    assert paragraph((out / "a.xml").read_bytes()) == "fine\n"
    assert paragraph((out / "b.xml").read_bytes()) == "has an ERROR\n"
    assert f"{missing}: error: no such file [input.unreadable]" in result.stderr
    assert (
        f"{latin}: error: not UTF-8 (byte 0xE9 at 2:8); try --encoding cp1252 [input.unreadable]"
        in result.stderr
    )
    assert f"{flawed}:1:8: error: ERROR found" in result.stderr
    assert result.stdout == ""


def test_batch_with_findings_exits_1(tmp_path, fake):
    files = [write(tmp_path / "a.txt", "fine\n"), write(tmp_path / "b.txt", "ERROR\n")]
    result = invoke("convert", *files, "--out-dir", tmp_path / "out")
    assert result.exit_code == 1
    assert sorted(os.listdir(tmp_path / "out")) == ["a.xml", "b.xml"]


def test_batch_of_clean_files_exits_0(tmp_path, fake):
    files = [write(tmp_path / f"{n}.txt", f"doc {n}\n") for n in "abc"]
    result = invoke("convert", *files, "--out-dir", tmp_path)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.xml")) == ["a.xml", "b.xml", "c.xml"]


@pytest.mark.parametrize(
    "args",
    [
        ["a.txt", "b.txt"],  # several inputs need --out-dir
        ["a.txt", "-o", "x.xml", "--out-dir", "out"],
        ["a.txt", "sub/a.txt", "--out-dir", "out"],  # both would be out/a.xml
        ["a.xml", "--out-dir", "."],  # would overwrite its input
        ["a.xml", "-o", "a.xml"],
        ["a.txt", "--format", "xml"],
        ["a.txt", "--encoding", "klingon"],
        ["a.txt", "--conventions", "no-such-table"],
    ],
    ids=[
        "no-out-dir",
        "o-and-out-dir",
        "same-stem",
        "overwrite-input",
        "o-input",
        "format",
        "encoding",
        "conv",
    ],
)
def test_bad_options_exit_2_and_write_nothing(tmp_path, fake, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", "text\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.txt", "text\n")
    write(tmp_path / "a.xml", "<a/>")
    result = invoke("convert", *args)
    assert_cannot_run(result)
    assert fake.calls == []
    assert (tmp_path / "a.xml").read_text() == "<a/>"
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "x.xml").exists()


def test_missing_single_file_exits_2(tmp_path, fake):
    result = invoke("convert", tmp_path / "nope.txt")
    assert_cannot_run(result)
    assert result.stdout == ""
    assert "nope.txt: error: no such file" in result.stderr


# --- convert: encodings and line endings ------------------------------------------------

LETTER = "Dear Comrade Molotov,\r\nthe café in Москва\r\n"


@pytest.mark.parametrize(
    "data",
    [
        LETTER.encode("utf-8"),
        codecs.BOM_UTF8 + LETTER.encode("utf-8"),
        codecs.BOM_UTF16_LE + LETTER.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + LETTER.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_encodings_by_bom(tmp_path, fake, data):
    src = tmp_path / "letter.txt"
    src.write_bytes(data)
    result = invoke("convert", src)
    assert result.exit_code == 0, result.stderr
    assert fake.calls[0]["text"] == LETTER  # no BOM, CRLF kept for the converter to count


def test_cp1252_needs_encoding(tmp_path, fake):
    src = write(tmp_path / "letter.txt", "Dear Sir,\r\nthe café\r\n", "cp1252")
    result = invoke("convert", src)
    assert_cannot_run(result)
    assert "not UTF-8 (byte 0xE9 at 2:8); try --encoding cp1252" in result.stderr
    result = invoke("convert", src, "--encoding", "cp1252")
    assert result.exit_code == 0
    assert fake.calls[-1]["text"] == "Dear Sir,\r\nthe café\r\n"


def test_binary_input_refused(tmp_path, fake):
    src = tmp_path / "scan.txt"
    src.write_bytes(b"%PDF-1.4\n\x00\x01\x02")
    result = invoke("convert", src)
    assert_cannot_run(result)
    assert "binary" in result.stderr


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_numbers_follow_the_file(tmp_path, fake, newline):
    src = write(tmp_path / "cable.txt", newline.join(["one", "", "two WARN", ""]))
    result = invoke("convert", src, "--format", "jsonl")
    assert [(d["line"], d["col"]) for d in map(json.loads, result.stderr.splitlines())] == [(3, 5)]


# --- convert: formats and conventions ---------------------------------------------------


def test_json_format(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "ERROR\nWARN\n")
    result = invoke("convert", src, "--format", "json", "-o", tmp_path / "cable.xml")
    found = json.loads(result.stderr)
    assert [(d["severity"], d["line"], d["file"]) for d in found] == [
        ("error", 1, str(src)),
        ("warning", 2, str(src)),
    ]
    assert result.exit_code == 1


def test_json_format_without_findings_is_an_empty_list(tmp_path, fake):
    src = write(tmp_path / "cable.txt", "fine\n")
    assert json.loads(invoke("convert", src, "--format", "json").stderr) == []


def test_jsonl_format_includes_unreadable_files(tmp_path, fake):
    good = write(tmp_path / "a.txt", "WARN\n")
    args = ["convert", good, tmp_path / "gone.txt", "--out-dir", tmp_path, "--format", "jsonl"]
    result = invoke(*args)
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(d["code"], d["severity"]) for d in lines] == [
        ("fake.warning", "warning"),
        ("input.unreadable", "error"),
    ]
    assert lines[1]["file"] == str(tmp_path / "gone.txt")
    assert result.exit_code == 1


USER_CONVENTIONS = """\
# my archive's brackets
[[bracket]]
construct = "annotation"
labels = ["Randvermerk"]
hand = "annotation"

[[bracket]]
construct = "stamp"
labels = ["печать"]
"""


def test_user_conventions_reach_the_converter(tmp_path, fake):
    conv = write(tmp_path / "mine.toml", USER_CONVENTIONS)
    src = write(tmp_path / "a.txt", "[печать: Archiv]\n")
    result = invoke("convert", src, "--conventions", conv)
    assert result.exit_code == 0
    labels = [label for rule in fake.calls[0]["conventions"].brackets for label in rule.labels]
    assert "randvermerk" in labels and "печать" in labels


def test_broken_conventions_exit_2_naming_key_and_line(tmp_path, fake):
    conv = write(tmp_path / "mine.toml", USER_CONVENTIONS + "colour = 'red'\n")
    src = write(tmp_path / "a.txt", "text\n")
    result = invoke("convert", src, "--conventions", conv)
    assert_cannot_run(result)
    assert result.stderr.startswith("teikit: ")
    assert f"{conv}:10:" in result.stderr
    assert "bracket[1].colour" in result.stderr
    assert fake.calls == []


def test_conventions_that_are_not_toml_exit_2(tmp_path, fake):
    conv = write(tmp_path / "mine.toml", "[[bracket]\n")
    result = invoke("convert", write(tmp_path / "a.txt", "x"), "--conventions", conv)
    assert_cannot_run(result)
    assert "not valid TOML" in result.stderr


# --- colour -----------------------------------------------------------------------------


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "no_color", "expected"),
    [(True, None, True), (True, "1", False), (False, None, False), (True, "", True)],
)
def test_colour_only_on_a_terminal_without_no_color(monkeypatch, tty, no_color, expected):
    monkeypatch.setattr(sys, "stderr", _Stream(tty))
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert cli._stderr_color() is expected


def test_no_escape_codes_when_not_a_terminal(tmp_path, fake):
    src = write(tmp_path / "a.txt", "ERROR\n")
    result = invoke("convert", src)
    assert "\x1b[" not in result.stderr


# --- text and conventions commands ------------------------------------------------------


def test_text_uses_the_reading_renderer(tmp_path, monkeypatch):
    seen = []

    def render_reading_text(xml: bytes) -> str:
        seen.append(xml)
        return "Москва, 12 October 1949"

    module = types.ModuleType("teikit.tei.reading")
    module.render_reading_text = render_reading_text
    monkeypatch.setitem(sys.modules, "teikit.tei.reading", module)
    src = write(tmp_path / "a.xml", f'<TEI xmlns="{TEI_NS}"><p>x</p></TEI>')
    result = invoke("text", src)
    assert result.exit_code == 0
    assert result.stdout == "Москва, 12 October 1949\n"
    assert seen == [src.read_bytes()]
    assert invoke("text", "-", input=src.read_bytes()).stdout == "Москва, 12 October 1949\n"


def test_text_of_malformed_xml_exits_2_with_line_and_col(tmp_path):
    src = write(tmp_path / "a.xml", "<TEI>\n  <p>x</q>\n</TEI>\n")
    result = invoke("text", src)
    assert_cannot_run(result)
    assert re.search(rf"{re.escape(str(src))}:2:\d+: not well-formed XML", result.stderr)


def test_text_of_missing_file_exits_2(tmp_path):
    assert_cannot_run(invoke("text", tmp_path / "none.xml"))


def test_conventions_prints_the_default_as_toml(tmp_path):
    result = invoke("conventions")
    assert result.exit_code == 0
    table = tomllib.loads(result.stdout)
    assert table["name"] == "default"
    assert any(rule["construct"] == "stamp" for rule in table["bracket"])
    # A user can start a file of their own from it.
    copy = write(tmp_path / "copy.toml", result.stdout)
    assert invoke("conventions", copy).exit_code == 0


def test_conventions_shows_a_user_file_laid_over_the_default(tmp_path):
    conv = write(tmp_path / "mine.toml", USER_CONVENTIONS)
    result = invoke("conventions", conv)
    assert result.exit_code == 0
    rules = tomllib.loads(result.stdout)["bracket"]
    assert rules[0]["labels"] == ["Randvermerk"]
    assert rules[1]["labels"] == ["печать"]
    assert len(rules) > 2  # the default's rules follow


def test_conventions_broken_file_exits_2(tmp_path):
    conv = write(tmp_path / "mine.toml", '[[bracket]]\nconstruct = "seal"\nlabels = ["x"]\n')
    result = invoke("conventions", conv)
    assert_cannot_run(result)
    assert f"{conv}:2: key 'bracket[0].construct'" in result.stderr


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"teikit {teikit.__version__}\n"


def test_no_arguments_shows_help():
    result = invoke()
    assert "convert" in result.output


# --- as installed: console script and python -m teikit ----------------------------------


def test_console_script_points_at_main():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"teikit": "teikit.cli:main"}


def test_python_m_teikit_help():
    proc = run_teikit("--help")
    assert proc.returncode == 0
    assert b"convert" in proc.stdout
    assert proc.stderr == b""


def test_python_m_teikit_missing_file_no_traceback(tmp_path):
    proc = run_teikit("convert", tmp_path / "missing.txt")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"missing.txt: error: no such file" in proc.stderr


def test_python_m_teikit_broken_conventions(tmp_path):
    conv = write(tmp_path / "c.toml", "[dates]\nnumeric_order = 'ydm'\n")
    proc = run_teikit("convert", SAMPLE, "--conventions", conv)
    assert proc.returncode == 2
    assert f"{conv}:2: key 'dates.numeric_order'".encode() in proc.stderr
    assert b"Traceback" not in proc.stderr


# --- end to end with the real converter -------------------------------------------------


def parse_tei(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    assert root.tag == f"{{{TEI_NS}}}TEI"
    return root


def converted(proc: subprocess.CompletedProcess[bytes]) -> bytes:
    """The TEI a `convert` run printed, after checking it ran (findings allowed, no crash)."""
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert proc.returncode in (0, 1), proc.stderr.decode()
    parse_tei(proc.stdout)
    return proc.stdout


@pytest.fixture(scope="module")
def sample_run():
    """The README's quick-start conversion, run once for the tests that compare with it."""
    return run_teikit("convert", SAMPLE)


@needs_pipeline
def test_quick_start_sample_converts(sample_run):
    proc = sample_run
    converted(proc)
    assert proc.returncode == 0, proc.stderr.decode()


@needs_pipeline
def test_real_batch_with_a_bad_file(tmp_path):
    good = write(tmp_path / "cable.txt", SAMPLE.read_text("utf-8"))
    latin = write(tmp_path / "letter.txt", "Dear Sir,\nthe café\n", "cp1252")
    out = tmp_path / "out"
    proc = run_teikit("convert", good, latin, "--out-dir", out, "--format", "jsonl")
    assert proc.returncode == 1
    assert os.listdir(out) == ["cable.xml"]
    parse_tei((out / "cable.xml").read_bytes())
    found = [json.loads(line) for line in proc.stderr.decode().splitlines()]
    bad = [d for d in found if d["code"] == "input.unreadable"]
    assert bad and bad[0]["file"] == str(latin)
    assert "byte 0xE9 at 2:8" in bad[0]["message"]


@needs_pipeline
def test_real_stdin_and_encodings_give_the_same_tei(tmp_path, sample_run):
    text = SAMPLE.read_text("utf-8")
    expected = converted(sample_run)
    assert converted(run_teikit("convert", "-", input=text.encode())) == expected
    for data in (codecs.BOM_UTF8 + text.encode(), codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        src = tmp_path / "cable.txt"
        src.write_bytes(data)
        assert converted(run_teikit("convert", src)) == expected


@needs_pipeline
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_real_line_endings_give_the_same_tei(tmp_path, sample_run, newline):
    text = SAMPLE.read_text("utf-8")
    src = tmp_path / "cable.txt"
    src.write_bytes(text.replace("\n", newline).encode())
    assert converted(run_teikit("convert", src)) == converted(sample_run)


@needs_pipeline
@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_real_diagnostics_point_at_the_file(tmp_path, newline):
    lines = ["Letter", "", "Dear Comrade,", "the answer is [handwritten: yes", "", "Goodbye.", ""]
    src = tmp_path / "letter.txt"
    src.write_bytes(codecs.BOM_UTF8 + newline.join(lines).encode())
    proc = run_teikit("convert", src, "--format", "json")
    converted(proc)
    found = json.loads(proc.stderr)
    unclosed = [d for d in found if "unclosed" in d["code"]]
    assert [(d["file"], d["line"], d["col"]) for d in unclosed] == [(str(src), 4, 15)]


@needs_pipeline
@needs_reading
def test_real_text_round_trip(tmp_path):
    out = tmp_path / "cable.xml"
    proc = run_teikit("convert", SAMPLE, "-o", out)
    assert b"Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)  # the TEI is written either way
    proc = run_teikit("text", out)
    assert proc.returncode == 0
    assert "MAO ZEDONG" in proc.stdout.decode()


# --- docs, in the style of sqlite-utils -------------------------------------------------

README = (ROOT / "README.md").read_text("utf-8")
COMMANDS = typer.main.get_command(cli.app).commands  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help(name):
    command = COMMANDS[name]
    assert command.help and command.help.strip()
    for param in command.params:
        if param.name != "help":
            assert getattr(param, "help", None), f"{name}: {param.name} has no help"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_readme(name):
    assert f"teikit {name}" in README
    for param in COMMANDS[name].params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in README or f" {option}" in README, f"{name} {option}"


def test_readme_starts_with_the_two_quick_start_commands():
    section = README.split("\n## ")[1]
    assert section.startswith("Quick start")
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.DOTALL)
    assert block is not None
    assert block.group(1).splitlines() == [
        "pip install . && teikit convert samples/wilson-3607-kovalev-cable.txt",
        "pip install '.[test]' && pytest -q",
    ]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "pip install '.[test]' && pytest -q" in script.splitlines()
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_readme_conventions_examples_load(tmp_path):
    blocks = re.findall(r"```toml\n(.*?)```", README, re.DOTALL)
    assert blocks
    for number, block in enumerate(blocks):
        path = write(tmp_path / f"example{number}.toml", block)
        assert load_conventions(path).brackets


def test_changelog_has_unreleased_section():
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text("utf-8")
