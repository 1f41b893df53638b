"""teikit validate: the command's exit codes, formats (golden), batches and --jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from test_validate import SMALL_RNG, doc
from typer.testing import CliRunner

from teikit.cli import app
from teikit.diagnostics import RENDERERS, error, warning

RENDER = Path(__file__).parent / "data" / "validate" / "render"
GOOD = doc("<teiHeader><title>t</title></teiHeader><text><p>x</p></text>")
BAD = doc("<teiHeader><title>t</title></teiHeader>\n<text><p>x</p><title>u</title></text>")
SAMPLE = [
    error(
        "rng.not-allowed",
        'element "title" is not allowed here; expected "p"',
        file="a b.xml",
        line=2,
        col=22,
        xpath="/TEI/text[1]/title[1]",
    ),
    warning(
        "xml.doctype", "document type declaration ignored, 100% sure: no DTDs", file="c.xml", line=1
    ),
]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "schema.rng").write_bytes(SMALL_RNG)
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "good.xml").write_bytes(GOOD)
    (tmp_path / "docs" / "sub" / "bad.xml").write_bytes(BAD)
    (tmp_path / "docs" / "broken.xml").write_bytes(b"<TEI>")
    return {"schema": tmp_path / "schema.rng", "docs": tmp_path / "docs"}


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_renderer_golden(fmt, update_golden):
    rendered = RENDERERS[fmt](SAMPLE, files=["a b.xml", "c.xml", "ok.xml"])
    golden = RENDER / f"sample.{fmt}"
    if update_golden or not golden.exists():
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_junit_parses_with_one_testcase_per_file():
    root = etree.fromstring(
        RENDERERS["junit"](SAMPLE, files=["a b.xml", "c.xml", "ok.xml"]).encode()
    )
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["a b.xml", "c.xml", "ok.xml"]
    assert [c.find("failure") is not None for c in cases] == [True, False, False]
    assert root.get("failures") == "1"


def test_valid_file_exits_0(runner, files):
    result = runner.invoke(
        app, ["validate", "--schema", str(files["schema"]), str(files["docs"] / "good.xml")]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_folder_batch_exits_1_with_summary_in_input_order(runner, files):
    result = runner.invoke(app, ["validate", "--schema", str(files["schema"]), str(files["docs"])])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "3 files: 1 valid, 2 invalid, 0 unreadable"
    assert "broken.xml:1:6: error: not well-formed XML" in lines[0]
    assert "bad.xml:2:22: error: element" in lines[1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_and_jobs_keep_order(runner, files, jobs):
    args = ["validate", "--schema", str(files["schema"]), "--format", "jsonl", "--jobs", jobs]
    result = runner.invoke(app, [*args, str(files["docs"])])
    found = [json.loads(line) for line in result.stderr.splitlines()]  # no summary: JSON only
    assert [Path(d["file"]).name for d in found] == ["broken.xml", "bad.xml"]
    assert [d["code"] for d in found] == ["xml.syntax", "rng.not-allowed"]


def test_missing_file_in_a_batch_is_unreadable_exit_1(runner, files, tmp_path):
    result = runner.invoke(
        app,
        [
            "validate",
            "--schema",
            str(files["schema"]),
            str(files["docs"] / "good.xml"),
            str(tmp_path / "no.xml"),
        ],
    )
    assert result.exit_code == 1  # the batch ran; 2 is for a run where no file could be read
    assert "input.unreadable" in result.stderr
    assert result.stderr.splitlines()[-1] == "2 files: 1 valid, 0 invalid, 1 unreadable"
    alone = runner.invoke(app, ["validate", str(tmp_path / "no.xml")])
    assert alone.exit_code == 2 and "no such file [input.unreadable]" in alone.stderr


def test_schema_that_does_not_compile_exits_2(runner, files, tmp_path):
    bad = tmp_path / "bad.rng"
    bad.write_bytes(
        b"<grammar xmlns='http://relaxng.org/ns/structure/1.0'>"
        b"<start><ref name='x'/></start></grammar>"
    )
    result = runner.invoke(app, ["validate", "--schema", str(bad), str(files["docs"] / "good.xml")])
    assert result.exit_code == 2
    assert "does not compile" in result.stderr


def test_rnc_schema_is_refused_with_exit_2(runner, files, tmp_path):
    rnc = tmp_path / "s.rnc"
    rnc.write_text("start = element TEI { empty }")
    result = runner.invoke(app, ["validate", "--schema", str(rnc), str(files["docs"] / "good.xml")])
    assert result.exit_code == 2
    assert "compact syntax (.rnc) is not supported yet" in result.stderr


def test_stdin(runner, files):
    result = runner.invoke(app, ["validate", "--schema", str(files["schema"]), "-"], input=BAD)
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:2:22: error:")


def test_xml_model_is_fetched_once_then_offline_uses_the_cache(
    runner, files, tmp_path, monkeypatch
):
    import functools
    import http.server
    import threading

    served = tmp_path / "served"
    served.mkdir()
    (served / "s.rng").write_bytes(SMALL_RNG)
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(served))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/s.rng"
        model = f'<?xml-model href="{url}" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'.encode()
        target = tmp_path / "declared.xml"
        target.write_bytes(model + BAD)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        offline = runner.invoke(app, ["validate", "--offline", str(target)])
        assert offline.exit_code == 2
        assert "--offline" in offline.stderr and not requests
        first = runner.invoke(app, ["validate", str(target)])
        assert first.exit_code == 1, first.stderr
        assert ":3:22: error: element" in first.stderr
        again = runner.invoke(app, ["validate", "--offline", str(target)])
        assert again.exit_code == 1
        assert len(requests) == 1
    finally:
        server.shutdown()
