"""Time teikit validate against jing and xmllint on the shared TEI corpus (tei_all).

Run by hand: .venv/bin/python bench/validate.py  (timing never fails a test run).
Prints wall seconds for: one small file, the whole corpus (--jobs 1 and 2), and the
same with jing (one JVM for all files) and xmllint when installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / "../shared").resolve()
TEI_ALL = SHARED / "schemas" / "tei_all.rng"
CORPUS = SHARED / "corpus" / "tei"
SMALL = CORPUS / "historyatstate" / "frus-history" / "articles" / "real-opinions.xml"


def timed(label: str, cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    tail = (done.stderr.strip().splitlines() or [""])[-1][:70]
    print(f"{label:<42} {wall:7.2f} s  exit {done.returncode}  {tail}")
    return wall


def main() -> None:
    teikit = [sys.executable, "-m", "teikit", "validate", "--schema", str(TEI_ALL), "-q"]
    files = [str(p) for p in sorted(CORPUS.rglob("*.xml"))]
    print(f"{len(files)} files, schema {TEI_ALL.name}")
    timed("teikit, one small file", [*teikit, str(SMALL)])
    if shutil.which("jing"):
        timed("jing, one small file", ["jing", str(TEI_ALL), str(SMALL)])
    big = str(CORPUS / "historyatstate/other-publications/serial-set/pre-1861.xml")
    timed("teikit, pre-1861.xml (2,805-entry listBibl)", [*teikit, big])
    one = timed("teikit, corpus --jobs 1", [*teikit, "--jobs", "1", str(CORPUS)])
    two = timed("teikit, corpus --jobs 2", [*teikit, "--jobs", "2", str(CORPUS)])
    print(f"{'speed-up --jobs 2':<42} {one / two:7.2f} x")
    if shutil.which("jing"):
        timed("jing, corpus (one JVM)", ["jing", str(TEI_ALL), *files])
    if shutil.which("xmllint"):
        timed(
            "xmllint, one small file", ["xmllint", "--noout", "--relaxng", str(TEI_ALL), str(SMALL)]
        )
    else:
        print("xmllint: not installed (apt-get install -y libxml2-utils)")


if __name__ == "__main__":
    main()
