"""Hostile plain-text inputs: does `convert_text` survive them, and in what time and memory?

Run by hand, never from the test suite (timing must not fail a test run):

    .venv/bin/python bench/hostile_text.py                 # every input, up to 50 MB
    .venv/bin/python bench/hostile_text.py --max-mb 2      # only inputs up to 2 MB
    .venv/bin/python bench/hostile_text.py --only line-10mb,nested-100k
    .venv/bin/python bench/hostile_text.py --no-check      # skip the schema check of the output
    .venv/bin/python bench/hostile_text.py --cli           # through `python -m teikit convert`

Each input is converted in its own subprocess, so one input's peak memory (ru_maxrss of
the child) never hides another's.  The table gives the input's size in UTF-8 bytes,
wall and CPU seconds, MB/s, peak resident memory, and peak per input MB.  "ok" means no
Python exception escaped, the output parsed with lxml, and no `lossless.missing` error.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MB = 1_000_000
TIMEOUT_SECONDS = 900

_SENTENCE = (
    "the Soviet delegation [illegible] met Cde. Mao in Beijing on 3 March 1958 "
    "[sic] Comm[unist] said that [Stamp: received] (p. 2) [1] [?] Filippov [Stalin] "
    "agreed, and [two words illegible] the question (of the CC) was [crossed out] settled."
)
_WORDS = _SENTENCE.split()


def _words(size: int, *, seed: int = 1) -> str:
    """`size` characters of words and brackets, one line."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(_WORDS)
        out.append(word)
        total += len(word) + 1
    return " ".join(out)[:size]


def _short_lines(count: int) -> str:
    rng = random.Random(2)
    return "\n".join(" ".join(rng.choice(_WORDS) for _ in range(3)) for _ in range(count)) + "\n"


def _footnotes(markers: int) -> str:
    body = " ".join(f"word[{i % 500 + 1}]" for i in range(markers))
    notes = "\n\n".join(f"[{i}] Note number {i}." for i in range(1, 501))
    return body + "\n\n" + notes + "\n"


def _controls(size: int) -> str:
    rng = random.Random(3)
    pool = "ab \x00\x01\x08\x0b\x0c\x1f\x7f\x80\x85\x9f\ufffe\uffff\udc80\ud800"
    return "".join(rng.choice(pool) for _ in range(size))


# name → (approximate size in characters, builder)
INPUTS: dict[str, tuple[int, Callable[[], str]]] = {
    "empty": (0, lambda: ""),
    "one-char": (1, lambda: "x"),
    "one-bracket": (1, lambda: "["),
    "newlines-100k": (100_000, lambda: "\n" * 100_000),
    "crlf-100k": (200_000, lambda: "\r\n" * 100_000),
    "nbsp-100k": (100_000, lambda: "\u00a0" * 100_000),
    "unicode-spaces-100k": (
        100_000,
        lambda: ("\u00a0\u2007\u202f\u2003\u3000\u2028\u2029\u200b\u0085\u000b\u000c " * 10_000)[
            :100_000
        ],
    ),
    "nested-100k": (200_001, lambda: "[" * 100_000 + "x" + "]" * 100_000),
    "unclosed-100k": (100_000, lambda: "[" * 100_000),
    "unclosed-paren-100k": (100_000, lambda: "(" * 100_000),
    "mixed-open-100k": (100_000, lambda: "[(" * 50_000),
    "mixed-nested-100k": (200_000, lambda: "[(" * 50_000 + ")]" * 50_000),
    "closing-100k": (100_000, lambda: "]" * 100_000),
    "closing-paren-100k": (100_000, lambda: ")" * 100_000),
    "unclosed-lines-100k": (200_000, lambda: "[\n" * 100_000),
    "brackets-pairs-1mb": (MB, lambda: "[a]" * (MB // 3)),
    "controls-1mb": (MB, lambda: _controls(MB)),
    "footnotes-100k": (1_100_000, lambda: _footnotes(100_000)),
    "long-words-1mb": (MB, lambda: " ".join("x" * 100_000 for _ in range(10))),
    "lines-1m": (14_000_000, lambda: _short_lines(1_000_000)),
    "line-1mb": (MB, lambda: _words(MB)),
    "line-10mb": (10 * MB, lambda: _words(10 * MB)),
    "line-50mb": (50 * MB, lambda: _words(50 * MB)),
    "repeat-a-50mb": (50 * MB, lambda: "a" * (50 * MB)),
    "repeat-bracket-50mb": (50 * MB, lambda: "[" * (50 * MB)),
}


def _measure_one(name: str, check: bool) -> dict:
    """Convert one input in this process; what a child reports to the parent."""
    from lxml import etree

    from teikit import convert_text

    text = INPUTS[name][1]()
    size = len(text.encode("utf-8", "surrogatepass"))
    wall, cpu = time.perf_counter(), time.process_time()
    error = None
    ok = True
    try:
        result = convert_text(text, source=f"{name}.txt", check=check)
        # huge_tree: a 50 MB line is one text node, past libxml2's default 10 MB limit
        etree.fromstring(result.xml, etree.XMLParser(huge_tree=True))
        codes = sorted({d.code for d in result.diagnostics})
        ok = "lossless.missing" not in codes and "convert.invalid-output" not in codes
    except Exception as err:  # a crash is the finding this script looks for
        codes = []
        ok = False
        error = f"{type(err).__name__}: {str(err)[:120]}"
    return {
        "name": name,
        "bytes": size,
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "codes": codes,
        "ok": ok,
        "error": error,
    }


def _measure_cli(name: str) -> dict:
    text = INPUTS[name][1]()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.txt"
        # lone surrogates become the bytes a broken encoder writes; the CLI refuses them (exit 2)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        size = path.stat().st_size
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "teikit", "convert", str(path), "--max-size", "1000"],
            cwd=REPO,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
        seconds = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    crashed = b"Traceback" in proc.stderr
    return {
        "name": name,
        "bytes": size,
        "seconds": seconds,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "codes": [f"exit {proc.returncode}"],
        "ok": not crashed and proc.returncode in (0, 1, 2),
        "error": proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1][:120]
        if crashed
        else None,
        # the largest child so far: run one input per --only for a clean figure
        "peak_mb": after.ru_maxrss / 1024,
    }


def _run_child(name: str, check: bool) -> dict:
    args = [sys.executable, __file__, "--child", name] + ([] if check else ["--no-check"])
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return {
            "name": name,
            "bytes": 0,
            "seconds": TIMEOUT_SECONDS,
            "cpu": 0,
            "codes": [],
            "ok": False,
            "error": f"timeout after {TIMEOUT_SECONDS} s",
            "peak_mb": 0,
        }
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {
            "name": name,
            "bytes": 0,
            "seconds": 0,
            "cpu": 0,
            "codes": [],
            "ok": False,
            "error": f"child died ({proc.returncode}): {tail[:120]}",
            "peak_mb": 0,
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated input names")
    parser.add_argument("--max-mb", type=float, default=None, help="skip larger inputs")
    parser.add_argument("--no-check", action="store_true", help="convert with check=False")
    parser.add_argument("--cli", action="store_true", help="run `teikit convert` instead")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    if args.child:
        row = _measure_one(args.child, check=not args.no_check)
        # ru_maxrss is in KiB on Linux: this process's peak, input text included
        row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(row))
        return
    names = args.only.split(",") if args.only else list(INPUTS)
    if args.max_mb is not None:
        names = [n for n in names if INPUTS[n][0] <= args.max_mb * MB]
    baseline = _baseline_mb(check=not args.no_check)
    mode = "cli" if args.cli else ("check=False" if args.no_check else "check=True")
    print(
        f"# {mode}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
        f"baseline (import + empty input) {baseline:.0f} MB"
    )
    header = f"{'input':24} {'size MB':>8} {'wall s':>8} {'cpu s':>7} {'MB/s':>7} "
    header += f"{'peak MB':>8} {'MB/in-MB':>9}  result"
    print(header)
    rows = []
    for name in names:
        row = _measure_cli(name) if args.cli else _run_child(name, check=not args.no_check)
        rows.append(row)
        size_mb = row["bytes"] / MB
        rate = (
            f"{size_mb / row['seconds']:7.2f}" if row["seconds"] and size_mb >= 0.1 else "      -"
        )
        per = f"{(row['peak_mb'] - baseline) / size_mb:9.1f}" if size_mb >= 0.1 else "        -"
        verdict = "ok" if row["ok"] else "FAIL"
        detail = row["error"] or " ".join(c for c in row["codes"] if c != "header.no-title")
        print(
            f"{name:24} {size_mb:8.2f} {row['seconds']:8.2f} {row['cpu']:7.2f} {rate} "
            f"{row['peak_mb']:8.0f} {per}  {verdict} {detail}",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


def _baseline_mb(*, check: bool) -> float:
    args = [sys.executable, __file__, "--child", "empty"] + ([] if check else ["--no-check"])
    proc = subprocess.run(args, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])["peak_mb"]


if __name__ == "__main__":
    main()
