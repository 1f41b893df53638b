"""Batch throughput: files/s and peak memory of convert, pretty and validate on a big tree.

Run by hand, never from the test suite (timing must not fail a test run):

    .venv/bin/python bench/batch.py                     # 10,000 files, --jobs 1 and 2
    .venv/bin/python bench/batch.py --files 2000 --commands validate --jobs 1,2,4
    .venv/bin/python bench/batch.py --keep /tmp/tree    # keep the tree and the reports

It builds two trees of --files inputs each, in nested folders of 100 files:
  txt/  transcriptions for convert: the FRUS and Wilson-style corpus files and the seed,
        copied as they are or with a line added, the years shifted or two names swapped;
  xml/  TEI for pretty --check and validate: corpus TEI (files up to --source-kb only,
        so a run ends in minutes) and the corpus transcriptions converted once by teikit,
        copied or varied the same way (a comment added, years shifted, names swapped).
1 % of each tree (but at least one of each kind) are bad inputs: empty, binary, undecodable, not
well-formed, over --max-size (a sparse file), a symlink loop, a link to itself, a dangling
link, names with spaces, a newline, non-ASCII or a byte that is not UTF-8, and a folder
named like a file (x.txt/ holding one input).

Each command runs as a subprocess with --report, once per --jobs value. The table gives
wall seconds, files/s, the speed-up over --jobs 1, CPU seconds, peak memory of the whole
process tree (VmRSS and PSS of every process in the command's process group, sampled every
50 ms and summed) and the report's counts. `check` is "ok" when the report has one line per
input and names every input exactly once; otherwise the script exits 1. Without ../shared
(or --shared PATH) the inputs come from the repository's samples and tests/data plus
generated letters.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # bench.tables, run as a script or imported

from bench.tables import table  # noqa: E402

DEFAULT_SHARED = (REPO / ".." / "shared").resolve()

PER_FOLDER = 100
BAD_FRACTION = 0.01
SAMPLE_SECONDS = 0.05
# Kinds whose content cannot be processed: a report saying "ok" for one of them is a finding.
BROKEN_KINDS = {
    "empty",
    "binary",
    "undecodable",
    "not-well-formed",
    "oversize",
    "symlink-loop",
    "link-to-itself",
    "dangling-link",
}
TXT_BAD_KINDS = [
    "empty",
    "binary",
    "undecodable",
    "oversize",
    "symlink-loop",
    "link-to-itself",
    "dangling-link",
    "name-spaces",
    "name-newline",
    "name-non-ascii",
    "name-not-utf8",
    "folder-like-file",
]
XML_BAD_KINDS = [*TXT_BAD_KINDS[:3], "not-well-formed", *TXT_BAD_KINDS[3:]]

_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d)(?!\d)")
_NAME = re.compile(r"(?<![&#\w])[A-Z][a-z]{3,}(?!\w)")
_XML_TEXT = re.compile(r">([^<]+)<")


# --- sources --------------------------------------------------------------------------------


@dataclass
class Sources:
    """The files the trees are made from: (name, bytes) pairs, and where they came from."""

    txt: list[tuple[str, bytes]]
    xml: list[tuple[str, bytes]]
    label: str


def shared_sources(shared: Path, source_kb: int) -> Sources | None:
    """Corpus transcriptions and TEI from the shared folder, or None when it is missing."""
    corpus = shared / "corpus"
    txt_paths = [
        *sorted((corpus / "transcriptions" / "frus" / "text").glob("*.txt")),
        *sorted((corpus / "transcriptions" / "wilson-style").glob("*.txt")),
        *sorted((shared / "seed").glob("*.txt")),
    ]
    xml_paths = [
        p for p in sorted((corpus / "tei").rglob("*.xml")) if p.stat().st_size <= source_kb * 1000
    ]
    if not txt_paths or not xml_paths:
        return None
    return Sources(
        [(p.name, p.read_bytes()) for p in txt_paths],
        [(p.name, p.read_bytes()) for p in xml_paths],
        f"{shared}: {len(txt_paths)} transcriptions, {len(xml_paths)} TEI files ≤ {source_kb} KB",
    )


def generated_letter(i: int, rng: random.Random) -> str:
    """A short invented cable in the Wilson-style conventions, for runs without ../shared."""
    cities = ["Moscow", "Warsaw", "Prague", "Beijing", "Berlin", "Budapest", "Vienna"]
    senders = ["Petrov", "Novak", "Kowalski", "Schmidt", "Horvath", "Ivanov", "Lindner"]
    months = ["January", "March", "May", "July", "September", "November"]
    city, sender = rng.choice(cities), rng.choice(senders)
    year, day, month = rng.randrange(1945, 1970), rng.randrange(1, 29), rng.choice(months)
    body = "\n\n".join(
        f"{n}. The delegation from {rng.choice(cities)} raised the question of "
        f"{rng.choice(['trade', 'the treaty', 'the harvest', 'transit rights'])} "
        f"[handwritten: {rng.choice(['agreed', 'see above', 'urgent'])}] and asked "
        f"Comrade {rng.choice(senders)} to reply before {day + 1} {month}."
        for n in range(1, rng.randrange(3, 8))
    )
    return (
        f"CABLE No. {1000 + i}\n\nTop Secret\n\n{city}, {day} {month} {year}\n\n"
        f"To Comrade {rng.choice(senders)}\n\n{body}\n\n{sender.upper()}\n\n[signature]\n"
    )


def fallback_sources(rng: random.Random) -> Sources:
    """The repository's sample and test inputs, plus generated letters."""
    txt = [(p.name, p.read_bytes()) for p in sorted((REPO / "samples").glob("*.txt"))]
    txt += [(p.name, p.read_bytes()) for p in sorted((REPO / "tests/data/convert").glob("*.txt"))]
    txt += [(f"generated-{i}.txt", generated_letter(i, rng).encode()) for i in range(50)]
    xml = []
    for path in sorted((REPO / "tests" / "data").rglob("*.xml")):
        data = path.read_bytes()
        if parses(data):  # tests/data also holds broken XML on purpose: not a source here
            xml.append((path.name, data))
    return Sources(txt, xml, f"fallback: {len(txt)} transcriptions, {len(xml)} TEI files")


def converted_sources(txt: Sequence[tuple[str, bytes]], work: Path) -> list[tuple[str, bytes]]:
    """The unique transcriptions converted once by teikit: TEI as convert writes it."""
    src, out = work / "convert-sources", work / "convert-sources-out"
    src.mkdir()
    for name, data in txt:
        (src / name).write_bytes(data)
    subprocess.run(
        [*teikit_command("convert"), str(src), "--out-dir", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    found = [(p.name, p.read_bytes()) for p in sorted(out.rglob("*.xml"))]
    shutil.rmtree(src)
    shutil.rmtree(out, ignore_errors=True)
    return [(name, data) for name, data in found if parses(data)]


def parses(data: bytes) -> bool:
    try:
        ET.fromstring(data)
    except ET.ParseError:
        return False
    return True


# --- variants -------------------------------------------------------------------------------


def shift_years(text: str, by: int) -> str:
    # +by for every year: injective, so IDs made of years stay unique.
    return _YEAR.sub(lambda m: str(int(m.group(1)) + by), text)


def swap_two_names(text: str, rng: random.Random) -> str:
    names = sorted(set(_NAME.findall(text)))
    if len(names) < 2:
        return text
    a, b = rng.sample(names, 2)
    return re.sub(rf"(?<![&#\w])({a}|{b})(?!\w)", lambda m: b if m.group(1) == a else a, text)


def txt_variant(data: bytes, i: int, rng: random.Random) -> bytes:
    """A copy, or a copy with a line added, its years shifted or two names swapped."""
    kind = i % 4
    if kind == 0:
        return data
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    if kind == 1:
        lines = text.split("\n")
        lines.insert(rng.randrange(len(lines) + 1), f"Copy no. {i} for the reading room.")
        text = "\n".join(lines)
    elif kind == 2:
        text = shift_years(text, rng.randrange(1, 6))
    else:
        text = swap_two_names(text, rng)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xml_variant(data: bytes, i: int, rng: random.Random) -> bytes:
    """A copy, or a copy with a comment added, its years shifted or two names swapped in text."""
    kind = i % 4
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # UTF-16 and such: copied as they are
        return data
    if kind == 0:
        return data
    if kind == 1:
        return data + f"\n<!-- bench copy {i} -->\n".encode()
    if kind == 2:
        return shift_years(text, rng.randrange(1, 6)).encode("utf-8")
    swapped = _XML_TEXT.sub(lambda m: ">" + swap_two_names(m.group(1), rng) + "<", text)
    varied = swapped.encode("utf-8")
    # A swap inside a DOCTYPE subset or CDATA could break the file: the copy then stands in.
    return varied if parses(varied) or not parses(data) else data


# --- the trees ------------------------------------------------------------------------------


@dataclass
class Tree:
    """One tree: the folder given to the command, and what the report must name."""

    root: str
    suffix: str
    expected: list[str] = field(default_factory=list)
    bad: dict[str, str] = field(default_factory=dict)  # report path -> kind


def folder_of(index: int, root: str) -> str:
    """Folder of the index-th input: 100 files a folder, 10 folders a group."""
    f = index // PER_FOLDER
    return os.path.join(root, f"g{f // 10:02d}", f"d{f:03d}")


def build_tree(
    root: str,
    suffix: str,
    n_files: int,
    sources: Sequence[tuple[str, bytes]],
    variant: Callable[[bytes, int, random.Random], bytes],
    bad_kinds: Sequence[str],
    max_size_mb: float,
    rng: random.Random,
) -> Tree:
    """n_files inputs below root, 1 % of them bad, each recorded with the path the report
    should give it."""
    tree = Tree(root, suffix)
    # 1 %, but every kind at least once, so that a small run tries them all too.
    n_bad = min(n_files, max(round(n_files * BAD_FRACTION), len(bad_kinds)))
    bad_at = {min(round(j * n_files / n_bad) + 7, n_files - 1) for j in range(n_bad)}
    while len(bad_at) < n_bad:  # tiny trees: rounding put two on one index
        bad_at.add(rng.randrange(n_files))
    j = 0
    for i in range(n_files):
        folder = folder_of(i, root)
        os.makedirs(folder, exist_ok=True)
        name, data = sources[i % len(sources)] if i % 2 else rng.choice(sources)
        stem = Path(name).stem
        if i in bad_at:
            kind = bad_kinds[j % len(bad_kinds)]
            j += 1
            path = write_bad(kind, folder, stem, i, suffix, data, max_size_mb, rng)
            tree.bad[path] = kind
        else:
            path = os.path.join(folder, f"{stem}-{i:05d}{suffix}")
            with open(path, "wb") as out:
                out.write(variant(data, i, rng))
        tree.expected.append(path)
    return tree


def write_bad(
    kind: str,
    folder: str,
    stem: str,
    i: int,
    suffix: str,
    data: bytes,
    max_size_mb: float,
    rng: random.Random,
) -> str:
    """Write one bad input of this kind; return the path the report should name."""
    path = os.path.join(folder, f"{kind}-{i:05d}{suffix}")
    if kind == "empty":
        open(path, "wb").close()
    elif kind == "binary":
        with open(path, "wb") as out:
            out.write(b"\x89PNG\r\n\x1a\n\0\0" + rng.randbytes(4096))
    elif kind == "undecodable":
        # cp1252 bytes where UTF-8 is expected (an XML file even declares UTF-8).
        extra = "Café – “Prague” ‘1956’ Łódź".encode("cp1252", errors="replace")
        with open(path, "wb") as out:
            out.write(data.replace(b"\n", b"\n" + extra + b"\n", 3) + extra)
    elif kind == "not-well-formed":
        with open(path, "wb") as out:
            out.write(data[: len(data) * 3 // 5])
    elif kind == "oversize":
        # Sparse: over the limit the run is given, without writing the bytes.
        with open(path, "wb") as out:
            out.truncate(int((max_size_mb + 1) * 1024 * 1024))
    elif kind == "symlink-loop":
        path = os.path.join(folder, f"loop-{i:05d}")
        os.symlink("..", path)  # a folder leading back to its own parent
    elif kind == "link-to-itself":
        os.symlink(os.path.basename(path), path)
    elif kind == "dangling-link":
        os.symlink(f"gone-{i:05d}{suffix}", path)
    elif kind.startswith("name-") or kind == "folder-like-file":
        names = {
            "name-spaces": f"letter from  {stem} {i:05d} {suffix}",
            "name-newline": f"letter\nfrom {stem}-{i:05d}{suffix}",
            "name-non-ascii": f"Brief für Łukasz Ødegård 文書-{i:05d}{suffix}",
            # A byte that is not UTF-8 (\xff): Python carries it as the surrogate \udcff.
            "name-not-utf8": f"lettre-\udcff-{i:05d}{suffix}",
            "folder-like-file": os.path.join(f"{stem}-{i:05d}{suffix}", f"inner{suffix}"),
        }
        path = os.path.join(folder, names[kind])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(data)
    else:
        raise ValueError(kind)
    return path


# --- running and measuring ------------------------------------------------------------------


def teikit_command(command: str) -> list[str]:
    return [sys.executable, "-m", "teikit", command]


def teikit_env() -> dict[str, str]:
    # The checkout is measured, whether or not teikit is installed in the environment.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


class TreeMemory:
    """Peak summed VmRSS and PSS of every process in one process group, sampled."""

    def __init__(self, group: int) -> None:
        self.group = group
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = count = 0
            for pid in group_members(self.group):
                count += 1
                rss += proc_kb(f"/proc/{pid}/status", "VmRSS:")
                pss += proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_processes = max(self.peak_processes, count)
            self._stop.wait(SAMPLE_SECONDS)


def group_members(group: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # The name in (…) may hold spaces: the fields after the last ")" are fixed.
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended between listdir and open
        if int(fields[2]) == group:
            members.append(int(entry))
    return members


def proc_kb(path: str, key: str) -> int:
    try:
        with open(path) as status:
            for line in status:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Run:
    command: str
    jobs: int
    files: int
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    processes: int = 0
    exit_code: int | None = None
    load: float = 0.0
    report_lines: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    records: dict[str, dict[str, object]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0

    @property
    def check_ok(self) -> bool:
        return not self.problems


def command_args(command: str, tree: Tree, jobs: int, out: Path, args: argparse.Namespace) -> list:
    cmd = [*teikit_command(command), tree.root, "--jobs", str(jobs), "-q"]
    cmd += ["--max-size", f"{args.max_size:g}", "--report", str(out / f"{command}-j{jobs}.jsonl")]
    if command == "convert":
        cmd += ["--out-dir", str(out / f"convert-j{jobs}")]
    elif command == "pretty":
        cmd += ["--check"]
    elif command == "validate":
        cmd += ["--offline"]  # a bench never goes online
        if args.schema:
            cmd += ["--schema", str(args.schema)]
    return cmd


def run_command(command: str, tree: Tree, jobs: int, out: Path, args: argparse.Namespace) -> Run:
    """Run one command over one tree, timing it and sampling its memory."""
    run = Run(command, jobs, len(tree.expected), load=os.getloadavg()[0])
    cmd = command_args(command, tree, jobs, out, args)
    report = out / f"{command}-j{jobs}.jsonl"
    stderr_path = out / f"{command}-j{jobs}.stderr"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stderr_path, "wb") as err:
        start = time.perf_counter()
        # Its own session, so its process group is the command and its workers only.
        child = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=err, env=teikit_env(), start_new_session=True
        )
        with TreeMemory(child.pid) as memory:
            try:
                run.exit_code = child.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, 9)
                child.wait()
                run.problems.append(f"timeout after {args.timeout} s: killed")
        run.seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu_seconds = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    run.peak_rss_mb = memory.peak_rss_kb / 1024
    run.peak_pss_mb = memory.peak_pss_kb / 1024
    run.processes = memory.peak_processes
    stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
    if "Traceback (most recent call last)" in stderr:
        run.tracebacks.append(stderr[stderr.index("Traceback") :][:2000])
    check_report(run, tree, report, stderr)
    return run


def check_report(run: Run, tree: Tree, report: Path, stderr: str) -> None:
    """The report must have one line per input and name each input exactly once."""
    if not report.exists():
        run.problems.append(f"no report written (exit {run.exit_code}): {stderr.strip()[-300:]}")
        return
    seen: Counter[str] = Counter()
    for number, line in enumerate(report.read_text(encoding="utf-8").splitlines(), 1):
        run.report_lines += 1
        try:
            record = json.loads(line)
            path, status = record["path"], record["status"]
            record["counts"]["error"]  # noqa: B018 - present, or the line is malformed
        except (ValueError, KeyError, TypeError) as err:
            run.problems.append(f"report line {number} malformed: {err}: {line[:120]}")
            continue
        seen[path] += 1
        run.statuses[status] += 1
        run.records[path] = record
        output = record.get("output")
        if output and not os.path.lexists(output):
            run.problems.append(f"{path!r}: output {output!r} named but not written")
    expected = Counter(tree.expected)
    missing = [p for p in expected if p not in seen]
    extra = [p for p in seen if p not in expected]
    twice = [p for p, n in seen.items() if n > 1]
    if run.report_lines != len(tree.expected):
        run.problems.append(f"{run.report_lines} report lines for {len(tree.expected)} inputs")
    for label, paths in (("missing", missing), ("not an input", extra), ("twice", twice)):
        if paths:
            shown = ", ".join(repr(p) for p in paths[:5])
            run.problems.append(f"{len(paths)} {label}: {shown}{' …' if len(paths) > 5 else ''}")


def compare_runs(first: Run, other: Run) -> list[str]:
    """Inputs whose status or counts differ between two --jobs values of one command."""
    differ = [
        p
        for p, record in first.records.items()
        if p in other.records
        and (record["status"], record["counts"])
        != (other.records[p]["status"], other.records[p]["counts"])
    ]
    return [f"{p!r}: {first.records[p]['status']} vs {other.records[p]['status']}" for p in differ]


# --- output ---------------------------------------------------------------------------------


def results_table(runs: Sequence[Run]) -> str:
    baseline = {r.command: r.seconds for r in runs if r.jobs == 1}
    rows = []
    for r in runs:
        base = baseline.get(r.command)
        speedup = f"{base / r.seconds:.2f}x" if base and r.jobs != 1 and r.seconds else "—"
        rows.append(
            [
                r.command,
                str(r.jobs),
                str(r.files),
                f"{r.seconds:.1f}",
                f"{r.files_per_second:.0f}",
                speedup,
                f"{r.cpu_seconds:.1f}",
                f"{r.peak_rss_mb:.0f}",
                f"{r.peak_pss_mb:.0f}",
                str(r.processes),
                f"{r.load:.1f}",
                str(r.exit_code),
                str(r.report_lines),
                str(r.statuses["ok"]),
                str(r.statuses["findings"]),
                str(r.statuses["failed"]),
                "ok" if r.check_ok else "FAIL",
            ]
        )
    headers = ["command", "jobs", "files", "seconds", "files/s", "speedup", "cpu s"]
    headers += ["RSS MB", "PSS MB", "procs", "load", "exit", "lines", "ok", "findings", "failed"]
    return table([*headers, "check"], rows)


def bad_kinds_table(tree: Tree, runs: Sequence[Run]) -> str:
    """For each bad kind, the statuses each run gave it."""
    kinds = sorted(set(tree.bad.values()))
    rows = []
    for kind in kinds:
        paths = [p for p, k in tree.bad.items() if k == kind]
        row = [kind, str(len(paths))]
        for r in runs:
            found = Counter(str(r.records.get(p, {}).get("status", "absent")) for p in paths)
            row.append(" ".join(f"{s}×{n}" for s, n in sorted(found.items())))
        rows.append(row)
    return table(["bad kind", "n", *(f"{r.command} -j{r.jobs}" for r in runs)], rows)


def uptime() -> str:
    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return f"load average {os.getloadavg()}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="inputs per tree")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it")
    parser.add_argument("--commands", default="convert,pretty,validate")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, metavar="PATH")
    parser.add_argument("--max-size", type=float, default=1.0, metavar="MB")
    parser.add_argument("--source-kb", type=int, default=200, help="largest corpus TEI copied")
    parser.add_argument("--schema", type=Path, help="for validate (default: shared tei_all.rng)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    commands = [c for c in args.commands.split(",") if c]
    jobs_values = [int(j) for j in args.jobs.split(",") if j]
    if unknown := set(commands) - {"convert", "pretty", "validate"}:
        parser.error(f"unknown command(s): {', '.join(sorted(unknown))}")
    if args.schema is None and (args.shared / "schemas" / "tei_all.rng").is_file():
        args.schema = args.shared / "schemas" / "tei_all.rng"
    rng = random.Random(args.seed)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            parser.error(f"{args.keep} is not empty")
        work = args.keep.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="teikit-bench-batch-", dir="/tmp"))
    try:
        return measure(args, commands, jobs_values, work, rng)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure(
    args: argparse.Namespace,
    commands: Sequence[str],
    jobs_values: Sequence[int],
    work: Path,
    rng: random.Random,
) -> int:
    print(f"{os.cpu_count()} CPUs; at start: {uptime()}")
    sources = shared_sources(args.shared, args.source_kb) or fallback_sources(rng)
    print(f"sources: {sources.label}")
    start = time.perf_counter()
    converted = converted_sources(sources.txt, work)
    trees: dict[str, Tree] = {}
    if "convert" in commands:
        trees["txt"] = build_tree(
            str(work / "txt"), ".txt", args.files, sources.txt, txt_variant,
            TXT_BAD_KINDS, args.max_size, rng,
        )  # fmt: skip
    if {"pretty", "validate"} & set(commands):
        # Alternating picks (see build_tree) give corpus TEI and converted TEI alike.
        xml_sources = [*sources.xml, *converted] if converted else sources.xml
        trees["xml"] = build_tree(
            str(work / "xml"), ".xml", args.files, xml_sources, xml_variant,
            XML_BAD_KINDS, args.max_size, rng,
        )  # fmt: skip
    for name, tree in trees.items():
        print(f"tree {name}/: {len(tree.expected)} inputs, {len(tree.bad)} bad, at {tree.root}")
    print(
        f"built in {time.perf_counter() - start:.1f} s ({len(converted)} converted TEI sources);"
        f" --max-size {args.max_size:g} MB, validate schema: {args.schema or 'declared/bundled'}"
    )

    runs: list[Run] = []
    for command in commands:
        tree = trees["txt" if command == "convert" else "xml"]
        for jobs in jobs_values:
            print(f"  running {command} --jobs {jobs} …", file=sys.stderr, flush=True)
            runs.append(run_command(command, tree, jobs, work, args))

    print()
    print(results_table(runs))
    print(
        "  RSS MB: peak of the summed VmRSS of the command and its workers (pages shared after\n"
        "  fork counted once per process); PSS MB: the same with shared pages split; load: 1-min\n"
        "  load average when the run started; check: one report line per input, each once"
    )
    print(f"at end: {uptime()}")
    print()
    for name, tree in trees.items():
        tree_runs = [r for r in runs if (r.command == "convert") == (name == "txt")]
        print(f"bad inputs in {name}/ and the status each run gave them:")
        print(bad_kinds_table(tree, tree_runs))
        for r in tree_runs:
            wrong = [
                p
                for p, kind in tree.bad.items()
                if kind in BROKEN_KINDS and r.records.get(p, {}).get("status") == "ok"
            ]
            for kind, n in sorted(Counter(tree.bad[p] for p in wrong).items()):
                first = next(p for p in wrong if tree.bad[p] == kind)
                print(f"  {r.command} -j{r.jobs}: {n} {kind} input(s) reported ok, e.g. {first!r}")
        print()

    for r in runs:
        for problem in r.problems:
            print(f"CHECK FAILED {r.command} --jobs {r.jobs}: {problem}")
        for tb in r.tracebacks:
            print(f"TRACEBACK in {r.command} --jobs {r.jobs}:\n{tb}")
        first = next(x for x in runs if x.command == r.command)
        if r is not first:
            differ = compare_runs(first, r)
            if differ:
                print(f"{r.command}: {len(differ)} inputs differ between --jobs {first.jobs} and")
                print(f"  --jobs {r.jobs}: {'; '.join(differ[:5])}")
    if args.keep:
        print(f"tree, outputs, reports and stderr kept in {work}")
    return 0 if all(r.check_ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
