"""Time teikit validate against jing and xmllint on the shared TEI corpus (tei_all).

Run by hand: .venv/bin/python bench/validate.py [--rounds N] [--no-growth]  (timing never
fails a test run; --no-growth skips the listBibl series, ~45 s). With --rounds, the corpus
runs (teikit --jobs 1, --jobs 2, jing) alternate N times and the medians give the ratios:
on a shared machine one run of each says little. After the ratios, what two processes
give over one on this machine for a loop with nothing serial (the ceiling for --jobs 2).
Prints, in-process first, what `convert`'s self-check of its own output costs per
seed-sized document (CPU ms: the whole check, Schematron, libxml2's RELAX NG); then wall
seconds for: one small file, the whole corpus (--jobs 1 and 2), and the same with jing
(one JVM for all files) and xmllint when installed; then how validation time grows with
a listBibl of n entries, with long runs validated in chunks (teikit.validation.chunking)
and in one libxml2 pass.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / "../shared").resolve()
TEI_ALL = SHARED / "schemas" / "tei_all.rng"
CORPUS = SHARED / "corpus" / "tei"
SMALL = CORPUS / "historyatstate" / "frus-history" / "articles" / "real-opinions.xml"
SEED = SHARED / "seed" / "wilson-3607-kovalev-cable.txt"


# teikit runs as an installed copy does, from compiled bytecode: a checkout on a machine
# with PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every run
# (~30 ms of start-up, serial before any worker starts). The bytecode goes to a folder of
# its own, never into the checkout.
PYCACHE = Path(tempfile.gettempdir()) / "teikit-bench-pycache"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)


def timed(label: str, cmd: list[str], runs: int = 1) -> float:
    """The median wall time of `runs` runs of `cmd`, printed with its CPU time."""
    # CPU seconds too: on a shared machine the wall time says more about the neighbours.
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    tail = (done.stderr.strip().splitlines() or [""])[-1][:60]
    tail += f"  (median of {runs})" if runs > 1 else ""
    print(f"{label:<42} {wall:7.2f} s wall {cpu:6.2f} s cpu  exit {done.returncode}  {tail}")
    return wall


def cpu_ms(work: object, repeat: int = 200) -> float:
    """Best of five: CPU milliseconds per call (a busy machine inflates wall time more)."""
    work()  # type: ignore[operator]
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeat):
            work()  # type: ignore[operator]
        best = min(best, (time.process_time() - start) / repeat * 1000)
    return best


def self_check() -> None:
    """CPU ms per call of convert's self-check on the seed's output, and of its parts."""
    from lxml import etree

    from teikit import convert_text
    from teikit.convert import _schema_findings
    from teikit.transcription.conventions import load_conventions
    from teikit.validation import bundled_schema

    converted = convert_text(SEED.read_text(encoding="utf-8"), conventions=load_conventions())
    tree = converted.tree
    schema = bundled_schema()
    names = frozenset(e.tag for e in tree.getroot().iter(etree.Element))
    relaxng = schema.relaxng_for(names)
    rules = schema.schematron_rules()
    print(f"convert self-check, seed output ({len(converted.xml):,} bytes), CPU ms per document:")
    print(f"  {'whole check (_schema_findings)':<40} {cpu_ms(lambda: _schema_findings(tree)):6.2f}")
    print(f"  {'Schematron (teikit.sch)':<40} {cpu_ms(lambda: rules(tree)):6.2f}")  # type: ignore[misc]
    rng_ms = cpu_ms(lambda: relaxng.validate(tree))
    print(f"  {'RELAX NG (libxml2, pruned teikit.rng)':<40} {rng_ms:6.2f}")


def growth() -> None:
    """Seconds to validate a TEI document holding a listBibl of n entries, in-process."""
    from teikit.validation import chunking, load_schema, validate

    schema = load_schema(TEI_ALL)
    head = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt>"
        "<sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader><text><body><listBibl>\n"
    )
    entry = (
        '<bibl><author>A. Author</author>, <title level="m">Title</title>'
        ' (<date when="1850">1850</date>)</bibl>\n'
    )
    tail = "</listBibl></body></text></TEI>"
    print(f"{'listBibl entries':<20} {'chunked':>9} {'one pass':>9}")
    for n in (1000, 2000, 4000, 8000, 16000):
        data = (head + entry * n + tail).encode()
        validate(data, schema=schema)  # compile outside the timing
        start = time.perf_counter()
        assert validate(data, schema=schema) == []
        chunked = time.perf_counter() - start
        one_pass = "-"
        if n <= 4000:
            saved, chunking.CHUNK = chunking.CHUNK, 10**9
            start = time.perf_counter()
            assert validate(data, schema=schema) == []
            one_pass = f"{time.perf_counter() - start:8.2f}s"
            chunking.CHUNK = saved
        print(f"{n:<20} {chunked:8.2f}s {one_pass:>9}")


def _spin(n: int = 12_000_000) -> None:
    total = 0
    for i in range(n):
        total += i * i


def machine_ceiling() -> float:
    """What two processes give over one on this machine for work with nothing serial and
    nothing shared: a pure-Python loop run twice in one process, then once in each of two
    (virtual cores share a host core's caches, so this is often well short of 2)."""
    from multiprocessing import get_context

    start = time.perf_counter()
    _spin()
    _spin()
    one = time.perf_counter() - start
    workers = [get_context("fork").Process(target=_spin) for _ in range(2)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return one / (time.perf_counter() - start)


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    sys.path.insert(0, str(ROOT))
    if SEED.is_file():
        self_check()
    teikit = [sys.executable, "-m", "teikit", "validate", "--schema", str(TEI_ALL), "-q"]
    subprocess.run([*teikit, str(SMALL)], capture_output=True, check=False, env=ENV)
    print(f"teikit's bytecode cached in {PYCACHE}, as an installed teikit has it")
    files = [str(p) for p in sorted(CORPUS.rglob("*.xml"))]
    print(f"{len(files)} files, schema {TEI_ALL.name}")
    if SEED.is_file():
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / "seed.xml"
            convert = [sys.executable, "-m", "teikit", "convert", str(SEED), "-o", str(output)]
            subprocess.run(convert, capture_output=True, check=True, env=ENV)
            bundled = [sys.executable, "-m", "teikit", "validate", "-q", str(output)]
            wall = timed("teikit, seed output, bundled schema", bundled, runs=5)
            verdict = "met" if wall <= 0.3 else "NOT MET"
            print(f"  target: one small file against the bundled schema <= 0.3 s: {verdict}")
    timed("teikit, one small file", [*teikit, str(SMALL)], runs=5)
    if shutil.which("jing"):
        timed("jing, one small file", ["jing", str(TEI_ALL), str(SMALL)], runs=3)
    big = str(CORPUS / "historyatstate/other-publications/serial-set/pre-1861.xml")
    timed("teikit, pre-1861.xml (2,805-entry listBibl)", [*teikit, big])
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 1
    ones, twos, jings = [], [], []
    for _ in range(rounds):  # alternated, so a busy spell hits each about as much
        ones.append(timed("teikit, corpus --jobs 1", [*teikit, "--jobs", "1", str(CORPUS)]))
        twos.append(timed("teikit, corpus --jobs 2", [*teikit, "--jobs", "2", str(CORPUS)]))
        if shutil.which("jing"):
            jings.append(timed("jing, corpus (one JVM)", ["jing", str(TEI_ALL), *files]))
    one, two = statistics.median(ones), statistics.median(twos)
    print(f"{'speed-up --jobs 2':<42} {one / two:7.2f} x")
    ceiling = statistics.median(machine_ceiling() for _ in range(3))
    print(f"{'  this machine, two processes / one':<42} {ceiling:7.2f} x  (pure-Python loop)")
    if jings:
        jing = statistics.median(jings)
        print(f"{'jing / teikit --jobs 1':<42} {jing / one:7.2f} x")
        print(f"{'jing / teikit --jobs 2':<42} {jing / two:7.2f} x")
    if shutil.which("xmllint"):
        timed(
            "xmllint, one small file", ["xmllint", "--noout", "--relaxng", str(TEI_ALL), str(SMALL)]
        )
    else:
        print("xmllint: not installed (apt-get install -y libxml2-utils)")
    if "--no-growth" not in sys.argv:
        growth()


if __name__ == "__main__":
    main()
