"""How fast `teikit pretty` is beside `xmllint --format` and `xmlstarlet fo`, and which change text.

Run by hand, never from the test suite (timing must not fail a test run):

    .venv/bin/python bench/pretty.py             # corpus, tools side by side, growth
    .venv/bin/python bench/pretty.py --no-jing   # skip the jing verdict comparison

Four measurements over every file of ../shared/corpus/tei/ (572 files, 27 MB):

(a) wall time and MB/s of `teikit pretty --check DIR` as a user runs it (one process, and
    `--jobs` with every CPU), of `teikit.format_tei` in this process, and of
    `xmllint --format FILE` and `xmlstarlet fo FILE`, one process per file (how they run
    from a shell loop or a pre-commit hook);
(b) for each tool, the files where it changed text in mixed content: the sequence of text
    nodes, once whitespace-only text directly inside element-only TEI elements is set
    aside, must be identical; also lost comments/PIs and the declaration;
(c) the jing verdict (messages, positions aside) of each file before and after teikit,
    in one jing run;
(d) growth: a novel's body repeated 1x, 2x, 4x, 8x, seconds per MB (flat = linear time).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The checkout itself is measured, whether or not teikit is installed in the environment.
sys.path.insert(0, str(REPO))

from lxml import etree  # noqa: E402

from teikit.formatting import _ELEMENT_ONLY_TAGS, format_tei  # noqa: E402
from teikit.io import safe_xml_parser  # noqa: E402

CORPUS = (REPO / "../shared/corpus/tei").resolve()
TEI_ALL = (REPO / "../shared/schemas/tei_all.rng").resolve()
NOVEL = CORPUS / "eltec-eng/level2/ENG18570_Bronte.xml"
_XML_WS = " \t\r\n"


# --- what "changed text" means --------------------------------------------------------------


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, safe_xml_parser(keep_cdata=True))


def _text_sequence(root: etree._Element) -> list[str]:
    """Every text node except whitespace-only ones directly inside element-only TEI elements."""
    for element in root.iter(*_ELEMENT_ONLY_TAGS):
        if element.text is not None and not element.text.strip(_XML_WS):
            element.text = None
        for child in element:
            if child.tail is not None and not child.tail.strip(_XML_WS):
                child.tail = None
    return list(root.itertext())


def _outside_root(root: etree._Element) -> list[bytes]:
    return [etree.tostring(n) for n in root.itersiblings(preceding=True)] + [
        etree.tostring(n) for n in root.itersiblings()
    ]


def _declaration(data: bytes) -> bytes:
    return data[: data.index(b"?>") + 2] if data.startswith(b"<?xml ") else b""


def what_changed(original: bytes, formatted: bytes) -> list[str]:
    """The kinds of change a whitespace-only formatter must never make."""
    try:
        after = _parse(formatted)
    except etree.XMLSyntaxError:
        return ["output not well-formed"]
    before = _parse(original)
    changes = []
    if _outside_root(before) != _outside_root(after):
        changes.append("comments/PIs outside the root")
    if _declaration(original) != _declaration(formatted):
        changes.append("XML declaration")
    if _text_sequence(before) != _text_sequence(after):
        changes.append("text in mixed content")
    return changes


# --- the tools ---------------------------------------------------------------------------------


def run_per_file(command: list[str], files: list[Path]) -> tuple[float, dict[Path, bytes]]:
    """Run `command FILE` once per file; wall time and each file's standard output."""
    outputs = {}
    start = time.perf_counter()
    for path in files:
        proc = subprocess.run([*command, str(path)], capture_output=True, check=False)
        outputs[path] = proc.stdout
    return time.perf_counter() - start, outputs


def time_call(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def teikit_cli(*args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "teikit", "pretty", *args]
    return time_call(lambda: subprocess.run(command, capture_output=True, env=env, check=False))


def growth() -> list[tuple[int, float, float]]:
    """(copies, MB, seconds per MB) for the novel's body repeated."""
    data = NOVEL.read_bytes()
    start, end = data.index(b"<body>") + len(b"<body>"), data.index(b"</body>")
    # Repeated xml:ids would make the copies not well-formed, so the body loses them.
    body = re.sub(rb' xml:id="[^"]*"', b"", data[start:end])
    rows = []
    for copies in (1, 2, 4, 8):
        doc = data[:start] + body * copies + data[end:]
        if not format_tei(doc).ok:
            raise SystemExit(f"growth: the {copies}x document does not format")
        seconds = min(time_call(lambda d=doc: format_tei(d)) for _ in range(3))
        rows.append((copies, len(doc) / 1e6, seconds / (len(doc) / 1e6)))
    return rows


def jing_verdicts(files: list[Path], formatted: dict[Path, bytes]) -> list[str]:
    """Files whose jing messages (positions aside) differ before and after teikit."""
    sys.path.insert(0, str(REPO / "tests"))
    from jing import jing_validate

    with tempfile.TemporaryDirectory() as folder:
        copies = {}
        for path in files:
            copy = Path(folder) / path.relative_to(CORPUS)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(formatted[path])
            copies[path] = copy
        results = jing_validate([*files, *copies.values()], TEI_ALL)
    position = re.compile(r"^\d+:\d+: ")

    def messages(p: Path) -> list[str]:
        return sorted(position.sub("", m) for m in results[p])

    return [str(p) for p in files if messages(p) != messages(copies[p])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-jing", action="store_true", help="skip the jing comparison")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is missing: the shared corpus sits beside the repository")
    files = sorted(CORPUS.rglob("*.xml"))
    originals = {p: p.read_bytes() for p in files}
    megabytes = sum(map(len, originals.values())) / 1e6
    print(f"corpus: {len(files)} files, {megabytes:.1f} MB, {os.cpu_count()} CPUs\n")

    formatted: dict[Path, bytes] = {}

    def in_process() -> None:
        for path, data in originals.items():
            formatted[path] = format_tei(data).xml

    timings = {"teikit (library, in process)": time_call(in_process)}
    timings["teikit pretty --check DIR"] = teikit_cli("--check", str(CORPUS))
    jobs = os.cpu_count() or 1
    timings[f"teikit pretty --check --jobs {jobs} DIR"] = teikit_cli(
        "--check", "--jobs", str(jobs), str(CORPUS)
    )
    outputs = {"teikit": formatted}
    for name, command in (
        ("xmllint --format", ["xmllint", "--format"]),
        ("xmlstarlet fo", ["xmlstarlet", "fo"]),
    ):
        if shutil.which(command[0]) is None:
            print(
                f"{command[0]} is not installed (Debian: apt-get install libxml2-utils xmlstarlet)"
            )
            continue
        seconds, outputs[name] = run_per_file(command, files)
        timings[f"{name} FILE (one process per file)"] = seconds

    print(f"{'(a) tool':52} {'seconds':>8} {'MB/s':>7}")
    for name, seconds in timings.items():
        print(f"{name:52} {seconds:8.2f} {megabytes / seconds:7.1f}")

    print(f"\n{'(b) tool':20} {'files with changes':>18}  what changed (files)")
    for name, produced in outputs.items():
        kinds: dict[str, int] = {}
        changed = 0
        for path in files:
            found = what_changed(originals[path], produced[path])
            changed += bool(found)
            for kind in found:
                kinds[kind] = kinds.get(kind, 0) + 1
        summary = ", ".join(f"{k} ({n})" for k, n in sorted(kinds.items())) or "nothing"
        print(f"{name:20} {changed:18}  {summary}")

    if not args.no_jing and shutil.which("jing") and TEI_ALL.is_file():
        differ = jing_verdicts(files, formatted)
        print(f"\n(c) jing verdict changed by teikit: {len(differ)} files {differ[:5]}")

    print(f"\n{'(d) novel body x':16} {'MB':>6} {'s/MB':>7}")
    for copies, size, per_mb in growth():
        print(f"{copies:16} {size:6.1f} {per_mb:7.3f}")


if __name__ == "__main__":
    main()
