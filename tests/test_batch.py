"""Batches and pipelines: every input accounted for, outputs safe, stops clean.

The CLI runs in a subprocess wherever the behaviour is about processes (signals, pipes,
worker pools, a full disk), and in-process with CliRunner elsewhere.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from processes import run_teikit, start_teikit, teikit_env
from typer.testing import CliRunner

from teikit import cli
from teikit.batch import Outcome, Tally, done, failed, run_ordered
from teikit.diagnostics import warning
from teikit.errors import OutputError
from teikit.inputs import gather_inputs, mirrored_output, read_file_list

runner = CliRunner()

LETTER = (
    "Letter from Petrov to Ivanov\n\nMoscow, 3 May 1949\n\nTo Cde. Ivanov\n\n"
    "The report [handwritten: received] is ready.\n"
)
TEI = (
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
    b"</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
    b"</fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>\n"
)


def invoke(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- finding inputs -----------------------------------------------------------------------


def test_folders_are_searched_in_sorted_order_and_mirrored(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/y.xml", "a/c/x.txt", "notes.md"]:
        write(tmp_path / "in" / name, "x")
    found = gather_inputs([str(tmp_path / "in")], suffixes=(".txt",))
    assert [item.relative for item in found] == ["a/c/x.txt", "a/z.txt", "b.txt"]
    assert all(item.problem is None for item in found)


def test_a_symlink_loop_is_one_reported_input_and_the_walk_ends(tmp_path):
    write(tmp_path / "in" / "sub" / "a.xml", "x")
    (tmp_path / "in" / "sub" / "back").symlink_to(tmp_path / "in")
    (tmp_path / "in" / "self.xml").symlink_to(tmp_path / "in" / "self.xml")  # a looping link
    found = gather_inputs([str(tmp_path / "in")], suffixes=(".xml",))
    assert [(i.relative, bool(i.problem)) for i in found] == [
        ("self.xml", False),  # reading it fails: reported then
        ("sub/a.xml", False),
        ("sub/back", True),
    ]
    assert "symlink loop" in found[2].problem


def test_a_folder_reached_twice_without_a_loop_is_searched_twice(tmp_path):
    write(tmp_path / "shared" / "a.xml", "x")
    for name in ("one", "two"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).symlink_to(tmp_path / "shared")
    found = gather_inputs([str(tmp_path / "in")], suffixes=(".xml",))
    assert [(i.relative, i.problem) for i in found] == [("one/a.xml", None), ("two/a.xml", None)]


def test_listed_names_are_files_and_each_input_appears_once(tmp_path):
    write(tmp_path / "a.txt", "x")
    (tmp_path / "dir.txt").mkdir()
    listed = [str(tmp_path / "a.txt"), str(tmp_path / "dir.txt"), str(tmp_path / "a.txt")]
    found = gather_inputs([str(tmp_path / "a.txt"), "-"], suffixes=(".txt",), files_from=listed)
    assert [i.path for i in found] == [str(tmp_path / "a.txt"), "-", str(tmp_path / "dir.txt")]


def test_file_lists_split_on_lines_or_nul(tmp_path):
    (tmp_path / "l").write_bytes(b"a b.txt\r\n\nc.txt\n")
    (tmp_path / "z").write_bytes(b"new\nline.txt\0caf\xc3\xa9.txt\0bad\xff.txt\0")
    assert read_file_list(str(tmp_path / "l")) == ["a b.txt", "c.txt"]
    assert read_file_list(str(tmp_path / "z"), null=True) == [
        "new\nline.txt",
        "café.txt",
        os.fsdecode(b"bad\xff.txt"),
    ]


def test_outputs_never_leave_the_output_folder(tmp_path):
    out = tmp_path / "out"
    (out / "1949").mkdir(parents=True)
    assert mirrored_output(str(out), "1949/cable.txt", suffix=".xml") == str(
        out / "1949" / "cable.xml"
    )
    assert mirrored_output(str(out), "a.xml", suffix=None) == str(out / "a.xml")
    (out / "elsewhere").symlink_to(tmp_path)
    for relative in ["../a.txt", "/etc/a.txt", "x/../../a.txt", "elsewhere/a.txt", ""]:
        with pytest.raises(OutputError):
            mirrored_output(str(out), relative, suffix=".xml")


# --- the runner ---------------------------------------------------------------------------


def _square(n: int) -> Outcome:
    if n == 3:
        raise ValueError("three")
    if n == 5:
        os._exit(9)  # a worker that dies, as one killed for memory would
    return done(str(n), [warning("w", str(n * n))] if n % 2 else [])


def _blame(n: int, reason: str) -> Outcome:
    return failed(str(n), "internal.error", reason)


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_input_order_and_a_crash_fails_one_input(jobs):
    items = [9, 1, 3, 8, 2, 7, 4, 6] + ([5, 10, 11] if jobs > 1 else [])
    outcomes = list(run_ordered(_square, items, jobs=jobs, on_failure=_blame, cost=lambda n: n))
    assert [o.path for o in outcomes] == [str(n) for n in items]
    crashed = outcomes[2]
    assert crashed.status == "failed" and "ValueError: three" in crashed.diagnostics[0].message
    if jobs > 1:  # the dead worker fails its input; a new pool does the rest
        dead = outcomes[8]
        assert dead.status == "failed" and "ended unexpectedly" in dead.diagnostics[0].message
        assert [o.status for o in outcomes[9:]] == ["ok", "ok"]
        assert outcomes[10].counts()["warning"] == 1
    assert outcomes[1].counts() == {"error": 0, "warning": 1, "info": 0}


def test_exit_codes_of_a_tally():
    tally = Tally()
    assert tally.exit_code() == 0
    tally.add(done("a", []))
    assert tally.exit_code() == 0
    tally.add(failed("b", "input.unreadable", "gone"))
    assert tally.exit_code() == 1
    alone = Tally()
    alone.add(failed("b", "input.unreadable", "gone"))
    assert alone.exit_code() == 2


# --- a batch with bad files mixed in --------------------------------------------------------


def _messy_tree(root: Path) -> dict[str, str]:
    """A folder of transcriptions with one bad file of each kind; name → expected status."""
    expected = {}
    for name in ["good.txt", "with space.txt", "naïve café.txt", "new\nline.txt", "deep/er/x.txt"]:
        write(root / name, LETTER)
        expected[name] = "ok"
    write(root / "empty.txt", b"")
    write(root / "blank.txt", " \n\u00a0\n")
    write(root / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(root / "latin.txt", "Dear Sir,\nthe café\n".encode("cp1252"))
    write(root / "large.txt", "word " * 400_000)  # 2 MB, over --max-size 1
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "folder.txt").mkdir()  # a folder named like a file: searched, holds nothing
    (root / "up").symlink_to(root)  # a folder loop
    bad = ["empty.txt", "blank.txt", "binary.txt", "latin.txt", "large.txt", "loop.txt"]
    for name in [*bad, "dangling.txt", "up"]:
        expected[name] = "failed"
    return expected


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_input_is_reported_once_and_every_good_file_is_converted(tmp_path, jobs):
    expected = _messy_tree(tmp_path / "in")
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    args = ["convert", tmp_path / "in", "--out-dir", out, "--report", report, "--max-size", "1"]
    proc = run_teikit(*args, "--jobs", jobs, "--format", "jsonl")
    assert proc.returncode == 1, proc.stderr
    found = records(report)
    relative = [str(Path(r["path"]).relative_to(tmp_path / "in")) for r in found]
    assert relative == sorted(expected, key=lambda n: n.replace("/", "\0"))
    assert {name: r["status"] for name, r in zip(relative, found, strict=True)} == expected
    for name, record in zip(relative, found, strict=True):
        assert record["counts"]["error"] == sum(
            d["severity"] == "error" for d in record["diagnostics"]
        )
        if record["status"] == "failed":
            code = record["diagnostics"][0]["code"]
            assert record["output"] is None
            assert code == (
                "input.empty" if "empty" in name or "blank" in name else "input.unreadable"
            )
        else:
            assert record["output"] == str(out / Path(name).with_suffix(".xml"))
            etree.fromstring(Path(record["output"]).read_bytes())  # whole, well-formed
    messages = {
        n: r["diagnostics"][0]["message"]
        for n, r in zip(relative, found, strict=True)
        if r["status"] == "failed"
    }
    assert (
        messages["empty.txt"]
        == messages["blank.txt"]
        == "the file holds no text: nothing to convert"
    )
    assert "binary file" in messages["binary.txt"]
    assert "not UTF-8 (byte 0xE9 at 2:8)" in messages["latin.txt"]
    assert "limit of 1 MB" in messages["large.txt"]
    assert "symbolic links" in messages["loop.txt"]
    assert "no such file" in messages["dangling.txt"]
    assert "symlink loop" in messages["up"]
    assert not [p for p in out.rglob(".*")]  # no temporary files
    assert "Traceback" not in proc.stderr.decode()


def test_every_bad_file_alone_exits_2_with_a_message(tmp_path):
    latin = write(tmp_path / "latin.txt", "café".encode("cp1252"))
    proc = run_teikit("convert", latin, tmp_path / "gone.txt", "--out-dir", tmp_path / "o")
    assert proc.returncode == 2  # nothing could be done
    assert proc.stderr.decode().endswith(
        "2 files: 0 converted, 0 converted with errors, 2 failed\n"
    )


def test_files_from_nul_separated_list_on_stdin(tmp_path):
    names = [write(tmp_path / "new\nline.xml", TEI), write(tmp_path / "b.xml", TEI)]
    listing = b"".join(os.fsencode(p) + b"\0" for p in names)
    proc = run_teikit("validate", "--files-from", "-", "-0", "--report", "-", input=listing)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["path"] for line in proc.stdout.splitlines()] == list(map(str, names))


def test_reading_stdin_twice_is_refused(tmp_path):
    result = invoke("validate", "-", "--files-from", "-")
    assert result.exit_code == 2 and "both read standard input" in result.stderr


def test_verbose_quiet_and_no_progress_when_not_a_terminal(tmp_path):
    write(tmp_path / "a.txt", LETTER)
    write(tmp_path / "b.txt", "x [unclosed\n")
    verbose = invoke("convert", tmp_path, "--out-dir", tmp_path / "o", "-v", "-j", "1")
    lines = verbose.stderr.splitlines()
    assert lines[0] == f"{tmp_path / 'a.txt'}: ok -> {tmp_path / 'o' / 'a.xml'}"
    assert lines[1].startswith(f"{tmp_path / 'b.txt'}: ok (2 warnings)")
    assert lines[-1] == "2 files: 2 converted, 0 converted with errors, 0 failed"
    quiet = invoke("convert", tmp_path, "--out-dir", tmp_path / "o", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_a_terminal_gets_a_progress_bar(tmp_path):
    import pty

    for n in range(3):
        write(tmp_path / f"{n}.xml", TEI)
    controller, terminal = pty.openpty()
    proc = start_teikit("validate", tmp_path, "-j", "1", stderr=terminal, stdout=subprocess.DEVNULL)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    assert proc.wait(timeout=60) == 0
    assert b"validating" in shown and b"3/3" in shown and b"3 ok, 0 findings, 0 failed" in shown
    assert b"3 files: 3 valid, 0 invalid, 0 unreadable" in shown


# --- pipelines and signals ------------------------------------------------------------------


def test_convert_pretty_validate_pipeline(tmp_path):
    source = write(tmp_path / "a.txt", LETTER)
    teikit = f"'{sys.executable}' -m teikit"
    proc = subprocess.run(
        f"cat '{source}' | {teikit} convert - | {teikit} pretty - | {teikit} validate -; "
        'echo "${PIPESTATUS[*]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        env=teikit_env(),
    )
    assert proc.stdout.decode().splitlines()[-1] == "0 0 0 0", proc.stderr


def _big_tei(path: Path, divs: int = 200_000) -> Path:
    body = b"".join(b"<div><p>line %d</p></div>" % n for n in range(divs))
    return write(path, TEI.replace(b"<p>x</p>", body))


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path, unbuffered):
    big = _big_tei(tmp_path / "big.xml")
    env = {"PYTHONUNBUFFERED": unbuffered} if unbuffered else None
    reader, writer = os.pipe()
    proc = start_teikit("pretty", big, env=env, stdout=writer, stderr=subprocess.PIPE)
    os.close(writer)
    assert os.read(reader, 100).startswith(b"<TEI")
    os.close(reader)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141
    assert err == b""


def test_unbuffered_output_to_a_pipe_is_written_whole(tmp_path):
    big = _big_tei(tmp_path / "big.xml")
    proc = run_teikit("pretty", big, env={"PYTHONUNBUFFERED": "1"})
    assert proc.returncode == 0
    assert len(proc.stdout) > 1_000_000
    etree.fromstring(proc.stdout)


def _tree_of_copies(root: Path, count: int) -> None:
    for n in range(count):
        write(root / f"d{n // 50}" / f"doc{n:04}.txt", LETTER.replace("Ivanov", f"Ivanov{n}"))


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_batch_leaves_finished_files_and_no_temporary_ones(tmp_path, sig, code):
    _tree_of_copies(tmp_path / "in", 800)
    out, report = tmp_path / "out", tmp_path / "r.jsonl"
    proc = start_teikit(
        "convert",
        tmp_path / "in",
        "--out-dir",
        out,
        "--report",
        report,
        "-j",
        "2",
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.xml"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    shown = err.decode(errors="replace")[-2000:]
    assert proc.returncode == code, shown
    assert shown.endswith(("interrupted\n", "terminated\n")), shown
    written = sorted(out.rglob("*.xml"))
    assert 0 < len(written) < 800
    assert not list(out.rglob(".*"))  # no temporary files
    for path in written:
        etree.fromstring(path.read_bytes())
    found = records(report)
    assert len(found) == 800  # every input, done or not
    reported = {Path(r["output"]) for r in found if r["output"]}
    statuses = {r["status"] for r in found}
    assert "failed" in statuses and statuses <= {"ok", "failed"}
    assert all(
        r["diagnostics"][0]["code"] == "batch.interrupted" for r in found if r["status"] == "failed"
    )
    # Files finished in the instant of the stop may be written but reported as not done.
    assert reported <= set(written)


def test_killing_pretty_in_place_never_loses_a_file(tmp_path):
    originals = {}
    for n in range(6):
        path = _big_tei(tmp_path / f"f{n}.xml", divs=40_000)
        originals[path] = path.read_bytes()
    formatted = {p: run_teikit("pretty", p).stdout for p in originals}
    for delay in (0.3, 0.6, 0.9, 1.2):
        for path, data in originals.items():
            path.write_bytes(data)
        proc = start_teikit("pretty", "--in-place", "-j", "2", *originals)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        _wait_for_no_process_naming(tmp_path)  # the workers end with their parent
        for path in originals:
            assert path.read_bytes() in (originals[path], formatted[path])


def _wait_for_no_process_naming(folder: Path) -> None:
    """Fails unless every process whose command line names `folder` ends within 10 s."""
    deadline = time.monotonic() + 10
    while True:
        alive = []
        for status in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(folder).encode() in status.read_bytes():
                    alive.append(status.parent.name)
            except OSError:
                continue
        if not alive:
            return
        assert time.monotonic() < deadline, f"processes left behind: {alive}"
        time.sleep(0.1)


def _limit_file_size() -> None:
    # A file-size limit makes writes fail with EFBIG, as a full disk fails them with ENOSPC.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))


def test_a_full_disk_leaves_the_original_and_no_temporary_file(tmp_path):
    big = _big_tei(tmp_path / "big.xml", divs=5_000)
    small = write(tmp_path / "small.xml", TEI.replace(b"<body>", b"<body>\n"))
    before = big.read_bytes()
    proc = run_teikit("pretty", "--in-place", big, small, preexec_fn=_limit_file_size)
    assert proc.returncode == 1
    assert "[output.unwritable]" in proc.stderr.decode()
    assert big.read_bytes() == before
    assert small.read_bytes() != TEI  # the rest of the batch is done
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.xml", "small.xml"]


def test_a_batch_asks_once_for_a_declared_schema_that_cannot_be_fetched(tmp_path):
    import http.server
    import threading

    requests = []

    class Missing(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            requests.append(self.path)
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Missing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/gone.rng"
    declared = TEI.replace(b"<TEI", f'<?xml-model href="{url}"?>\n<TEI'.encode(), 1)
    for n in range(3):
        write(tmp_path / "in" / f"{n}.xml", declared)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    try:
        proc = run_teikit("validate", tmp_path / "in", "-j", "2", "--report", "-", env=env)
    finally:
        server.shutdown()
    assert proc.returncode == 2  # no file could be checked
    found = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["status"] for r in found] == ["failed"] * 3
    assert all("cannot fetch the schema" in r["diagnostics"][0]["message"] for r in found)
    assert requests == ["/gone.rng"]


def test_an_output_folder_inside_the_input_folder_is_not_read_back(tmp_path):
    write(tmp_path / "ed" / "a.xml", TEI)
    write(tmp_path / "ed" / "sub" / "b.xml", TEI)
    out = tmp_path / "ed" / "tidy"
    for _ in range(2):  # the second run must not take the first run's outputs as inputs
        result = invoke("pretty", tmp_path / "ed", "--out-dir", out, "-j", "1", "-v")
        assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.xml")) == ["a.xml", "sub/b.xml"]
    assert not [line for line in result.stderr.splitlines() if line.startswith(str(out))]


def test_standard_input_in_an_output_folder_is_stdin_xml(tmp_path):
    proc = run_teikit("pretty", "-", "--out-dir", tmp_path / "o", input=TEI)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "stdin.xml").read_bytes().startswith(b"<TEI")


# --- any tree of files: every input accounted for -------------------------------------------

_NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
    min_size=1,
    max_size=12,
).filter(lambda n: n not in (".", ".."))
_CONTENT = st.one_of(
    st.just(TEI),
    st.just(b""),
    st.binary(max_size=200),
    st.builds(lambda cut: TEI[:cut], st.integers(0, len(TEI))),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(files=st.dictionaries(_NAME, _CONTENT, min_size=1, max_size=6), data=st.data())
def test_any_tree_of_files_is_accounted_for(tmp_path_factory, files, data):
    root = tmp_path_factory.mktemp("tree")
    paths = []
    for name, content in files.items():
        folder = root / data.draw(st.sampled_from(["", "a", "a/b c", "ü"]))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.xml"
        path.write_bytes(content)
        paths.append(str(path))
    for command in (["validate"], ["pretty", "--check"], ["convert", "--out-dir", root / "o"]):
        if command[0] == "convert":  # convert reads .txt: the same files under that name
            for path in paths:
                os.replace(path, path.removesuffix(".xml") + ".txt")
            paths = [p.removesuffix(".xml") + ".txt" for p in paths]
        result = invoke(*command, root, "-j", "1", "--report", root / "r.jsonl", "-q")
        assert result.exit_code in (0, 1, 2), result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), result.exception
        found = records(root / "r.jsonl")
        assert sorted(r["path"] for r in found) == sorted(paths)
        assert {r["status"] for r in found} <= {"ok", "findings", "failed"}


def test_report_lines_hold_names_with_unicode_line_separators(tmp_path):
    for name in ("nel\x85.xml", "ls\u2028.xml", "ps\u2029.xml"):
        write(tmp_path / "in" / name, TEI)
    result = invoke("validate", tmp_path / "in", "--report", tmp_path / "r.jsonl", "-j", "1")
    assert result.exit_code == 0
    lines = (tmp_path / "r.jsonl").read_text("utf-8").splitlines()  # splits on all three
    assert sorted(Path(json.loads(line)["path"]).name for line in lines) == [
        "ls\u2028.xml",
        "nel\x85.xml",
        "ps\u2029.xml",
    ]


def test_a_200_mb_file_is_refused_by_the_default_limit_before_it_is_read(tmp_path):
    write(tmp_path / "in" / "good.xml", TEI)
    with open(tmp_path / "in" / "huge.xml", "wb") as huge:
        huge.truncate(200 * 1024 * 1024)  # sparse: no disk used, nothing read
    result = invoke("validate", tmp_path / "in", "--report", tmp_path / "r.jsonl", "-j", "1")
    assert result.exit_code == 1
    found = {Path(r["path"]).name: r for r in records(tmp_path / "r.jsonl")}
    assert found["good.xml"]["status"] == "ok"
    assert found["huge.xml"]["status"] == "failed"
    message = found["huge.xml"]["diagnostics"][0]["message"]
    assert message == "200.0 MB is larger than the limit of 100 MB; raise it with --max-size"
