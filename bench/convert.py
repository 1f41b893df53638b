"""How fast `convert_text` is, and how its time and memory grow with the input.

Run by hand, never from the test suite (timing must not fail a test run):

    .venv/bin/python bench/convert.py            # everything, up to 10 MB
    .venv/bin/python bench/convert.py --quick    # skip the 10 MB input
    .venv/bin/python bench/convert.py --json bench.json

Three measurements, each printed as a table:

(a) the seed converted over and over in one process: documents/s and MB/s, against the
    target of 500 seed-sized documents per second (issue 3, "Evidence");
(b) every corpus transcription (../shared/corpus/transcriptions/**/*.txt): documents/s, MB/s
    and the slowest files;
    (a) and (b) are measured twice: as `convert_text` runs by default, with the schema
    self-check, and with `check=False`, so the converter's own speed shows on its own;
(c) growing inputs, 1 KB to 10 MB, built by repeating real corpus paragraphs: time, MB/s and
    peak memory, each size in its own subprocess so one size's memory never hides another's;
    the ratio time(10x size) / time(size) shows whether time grows linearly.

TEIKIT_BENCH_SHARED=/path/to/shared stands in for ../shared (a git worktree elsewhere).
Without ../shared, (a) and (b) are skipped and (c) is built from the bundled sample and the
golden inputs in tests/data/convert.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The checkout itself is measured, whether or not teikit is installed in the environment.
sys.path.insert(0, str(REPO))

from bench.tables import table  # noqa: E402

# A worktree outside the project folder names the shared folder with TEIKIT_BENCH_SHARED.
SHARED = Path(os.environ.get("TEIKIT_BENCH_SHARED") or REPO / ".." / "shared").resolve()
SEED = SHARED / "seed" / "wilson-3607-kovalev-cable.txt"
CORPUS = SHARED / "corpus" / "transcriptions"
WILSON = CORPUS / "wilson-style"
FRUS = CORPUS / "frus" / "text"

TARGET_DOCS_PER_SECOND = 500
SIZES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
QUICK_SKIPS = 10_000_000
# One conversion slower than this stops the series: a finding to report, not to wait out.
SIZE_TIMEOUT_SECONDS = 60.0
# A 10x larger input may take a little more than 10x (cache effects, noise) and still be linear.
LINEAR_RATIO = 12.0
# Small inputs are converted again until this much time has passed, for a stable median.
MIN_SECONDS_PER_FIGURE = 1.0
MAX_REPEATS = 500

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


def read_transcription(path: Path) -> str:
    """A transcription as the CLI reads it: UTF-8, a leading BOM dropped."""
    return path.read_bytes().decode("utf-8-sig")


def corpus_files() -> list[Path]:
    """Every corpus transcription, in a stable order."""
    return sorted(CORPUS.glob("**/*.txt"))


def megabytes(n_bytes: float) -> float:
    return n_bytes / 1_000_000


# --- (a) and (b): throughput in this process ----------------------------------------------


@dataclass
class Throughput:
    """Documents converted per second over a set of documents, in one process."""

    name: str
    check: bool
    documents: int
    input_bytes: int
    seconds: float
    failures: dict[str, str] = field(default_factory=dict)
    slowest: list[tuple[str, float, int]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def mb_per_second(self) -> float:
        return megabytes(self.input_bytes) / self.seconds if self.seconds else 0.0


def measure_seed(convert: Callable[[str], object], *, check: bool) -> Throughput:
    """Convert the seed for MIN_SECONDS_PER_FIGURE, three rounds; the median round counts."""
    text = read_transcription(SEED)
    size = len(text.encode("utf-8"))
    convert(text)  # warm-up: regex compilation, lazy imports
    rounds = []
    for _ in range(3):
        count = 0
        start = time.perf_counter()
        while True:
            convert(text)
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_SECONDS_PER_FIGURE or count >= 10 * MAX_REPEATS:
                break
        rounds.append((count / elapsed, count, elapsed))
    _, count, elapsed = sorted(rounds)[1]
    return Throughput("seed", check, count, count * size, elapsed)


def measure_corpus(convert: Callable[[str], object], *, check: bool) -> Throughput:
    """Convert every corpus file, whole passes until MIN_SECONDS_PER_FIGURE has passed."""
    texts = {str(path.relative_to(CORPUS)): read_transcription(path) for path in corpus_files()}
    failures: dict[str, str] = {}
    per_file: dict[str, float] = {}
    # Warm-up pass, which also finds the files that fail so the timed passes skip them.
    for name, text in texts.items():
        try:
            convert(text)
        except Exception as err:  # a crash is a finding to report, not a reason to stop
            failures[name] = f"{type(err).__name__}: {str(err)[:80]}"
    good = {name: text for name, text in texts.items() if name not in failures}
    sizes = {name: len(text.encode("utf-8")) for name, text in good.items()}
    passes = 0
    total = 0.0
    while passes == 0 or (total < MIN_SECONDS_PER_FIGURE and passes < MAX_REPEATS):
        for name, text in good.items():
            start = time.perf_counter()
            convert(text)
            elapsed = time.perf_counter() - start
            total += elapsed
            per_file[name] = min(elapsed, per_file.get(name, elapsed))
        passes += 1
    slowest = sorted(per_file.items(), key=lambda item: -item[1])[:5]
    return Throughput(
        "corpus",
        check,
        documents=passes * len(good),
        input_bytes=passes * sum(sizes.values()),
        seconds=total,
        failures=failures,
        slowest=[(name, seconds, sizes[name]) for name, seconds in slowest],
    )


# --- (c): growing inputs, one subprocess per size -------------------------------------------


def paragraph_sources() -> tuple[str, list[Path], list[Path]]:
    """Where the synthetic inputs' paragraphs come from: (label, wilson-like, FRUS-like files)."""
    if WILSON.is_dir() and FRUS.is_dir():
        return "corpus", sorted(WILSON.glob("*.txt")), sorted(FRUS.glob("*.txt"))
    # Without ../shared: the bundled sample and the invented golden inputs, which follow the
    # same two conventions (frus-* cases are FRUS-style, the rest Wilson-style).
    golden = sorted((REPO / "tests" / "data" / "convert").glob("*.txt"))
    frus_like = [p for p in golden if p.name.startswith("frus")]
    wilson_like = sorted((REPO / "samples").glob("*.txt")) + [
        p for p in golden if p not in frus_like
    ]
    return "bundled samples", wilson_like, frus_like


def paragraphs_of(paths: Sequence[Path]) -> list[str]:
    """Paragraphs (blank-line separated) of a few lines of prose or more, in file order."""
    found = []
    for path in paths:
        for para in _PARAGRAPH_BREAK.split(read_transcription(path).replace("\r\n", "\n")):
            para = para.strip("\n")
            if 60 <= len(para) <= 2_000 and len(para.split()) >= 8:
                found.append(para)
    return found


def paragraph_mix(wilson: Sequence[Path], frus: Sequence[Path]) -> list[str]:
    """Wilson-style, FRUS and bracketed paragraphs taken in turn, so every size has all three."""
    pools = [paragraphs_of(wilson), paragraphs_of(frus)]
    pools.append([p for pool in pools for p in pool if "[" in p])
    pools = [pool for pool in pools if pool]
    if not pools:
        raise SystemExit("bench: no paragraphs to build inputs from")
    mix = []
    for i in range(max(len(pool) for pool in pools)):
        for pool in pools:
            mix.append(pool[i % len(pool)])
    return mix


def build_input(mix: Sequence[str], size: int) -> str:
    """Paragraphs from `mix`, in turn and repeated, cut at a space to about `size` UTF-8 bytes."""
    parts: list[str] = []
    length = 0
    i = 0
    while length < size:
        para = mix[i % len(mix)]
        parts.append(para)
        length += len(para.encode("utf-8")) + 2
        i += 1
    text = "\n\n".join(parts)
    data = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    cut = data.rfind(" ")
    return (data[:cut] if cut > size // 2 else data) + "\n"


@dataclass
class SizeResult:
    """One synthetic size: its timings and memory, or why it has none."""

    size: int
    input_bytes: int = 0
    repeats: int = 0
    median_seconds: float | None = None
    min_seconds: float | None = None
    baseline_rss_mb: float | None = None
    peak_rss_mb: float | None = None
    diagnostics: int | None = None
    problem: str | None = None

    @property
    def mb_per_second(self) -> float | None:
        if not self.median_seconds:
            return None
        return megabytes(self.input_bytes) / self.median_seconds

    @property
    def extra_rss_mb(self) -> float | None:
        if self.peak_rss_mb is None or self.baseline_rss_mb is None:
            return None
        return self.peak_rss_mb - self.baseline_rss_mb


def max_rss_mb() -> float | None:
    """Peak resident memory of this process so far, in MB (None where getrusage is missing)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux counts kilobytes, macOS bytes.
    return megabytes(peak if sys.platform == "darwin" else peak * 1024)


def run_child(input_file: Path, warmup_file: Path) -> None:
    """Subprocess side of (c): convert one input, print timings and memory as one JSON line."""
    from teikit import convert_text, load_conventions

    conventions = load_conventions()
    text = read_transcription(input_file)
    convert_text(read_transcription(warmup_file), conventions=conventions)
    baseline = max_rss_mb()
    print("ready", flush=True)  # the parent's timeout starts here, after imports and warm-up
    times: list[float] = []
    result = None
    try:
        while not times or (sum(times) < MIN_SECONDS_PER_FIGURE and len(times) < MAX_REPEATS):
            start = time.perf_counter()
            result = convert_text(text, conventions=conventions)
            times.append(time.perf_counter() - start)
    except BaseException as err:  # RecursionError, MemoryError: report what broke, and where
        print(json.dumps({"problem": f"{type(err).__name__}: {str(err)[:120]}"}), flush=True)
        return
    report = {
        "input_bytes": len(text.encode("utf-8")),
        "repeats": len(times),
        "median_seconds": statistics.median(times),
        "min_seconds": min(times),
        "baseline_rss_mb": baseline,
        "peak_rss_mb": max_rss_mb(),
        "diagnostics": len(result.diagnostics) if result is not None else None,
    }
    print(json.dumps(report), flush=True)


def measure_size(size: int, mix: Sequence[str], workdir: Path) -> SizeResult:
    """Run one size in a fresh interpreter and read its report, or say why there is none."""
    input_file = workdir / f"input-{size}.txt"
    input_file.write_text(build_input(mix, size), encoding="utf-8")
    warmup_file = workdir / "warmup.txt"
    if not warmup_file.exists():
        warmup_file.write_text(build_input(mix, 1_000), encoding="utf-8")
    result = SizeResult(size=size, input_bytes=input_file.stat().st_size)
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", str(input_file), str(warmup_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline().strip()
    if ready != "ready":
        _, err = child.communicate()
        result.problem = f"child failed before converting: {(ready + err).strip()[-200:]}"
        return result
    try:
        out, err = child.communicate(timeout=SIZE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        result.problem = f"timeout: one conversion took more than {SIZE_TIMEOUT_SECONDS:.0f} s"
        return result
    lines = out.strip().splitlines()
    if child.returncode != 0 or not lines:
        result.problem = f"child exited {child.returncode}: {err.strip()[-200:]}"
        return result
    report = json.loads(lines[-1])
    for key, value in report.items():
        setattr(result, key, value)
    return result


def measure_sizes(sizes: Sequence[int], mix: Sequence[str]) -> list[SizeResult]:
    """Each size in turn; a timeout stops the series, since larger sizes would only take longer."""
    results: list[SizeResult] = []
    progress = sys.stderr.isatty()
    with tempfile.TemporaryDirectory(prefix="teikit-bench-") as tmp:
        for size in sizes:
            if results and results[-1].problem and results[-1].problem.startswith("timeout"):
                results.append(SizeResult(size=size, problem="not run: the series was stopped"))
                continue
            if progress:
                print(f"  converting {fmt_size(size)} …", end="\r", flush=True, file=sys.stderr)
            results.append(measure_size(size, mix, Path(tmp)))
    if progress:
        print(" " * 40, end="\r", file=sys.stderr)
    return results


def growth_ratios(results: Sequence[SizeResult]) -> list[tuple[int, int, float]]:
    """(size, 10x size, time(10x)/time(size)) for neighbouring sizes that both finished."""
    ratios = []
    for small, large in zip(results, results[1:], strict=False):
        if small.median_seconds and large.median_seconds and large.size == 10 * small.size:
            ratios.append((small.size, large.size, large.median_seconds / small.median_seconds))
    return ratios


# --- output ---------------------------------------------------------------------------------


def fmt_size(size: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} B"


def fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def report_throughput(measured: Sequence[Throughput]) -> str:
    lines = []
    rows = []
    for t in measured:
        rows.append(
            [
                t.name,
                "yes" if t.check else "no",
                str(t.documents),
                fmt_size(t.input_bytes // max(t.documents, 1)),
                f"{t.seconds:.2f} s",
                f"{t.docs_per_second:.1f}",
                f"{t.mb_per_second:.3f}",
            ]
        )
    headers = ["input", "self-check", "docs", "avg size", "time", "docs/s", "MB/s"]
    lines.append(table(headers, rows))
    for seed in (t for t in measured if t.name == "seed"):
        met = seed.docs_per_second >= TARGET_DOCS_PER_SECOND
        verdict = "MET" if met else "NOT MET"
        how = "with the self-check" if seed.check else "check=False"
        lines.append(
            f"target: ≥ {TARGET_DOCS_PER_SECOND} seed-sized docs/s — {verdict} {how} "
            f"({seed.docs_per_second:.1f} docs/s, "
            f"{seed.docs_per_second / TARGET_DOCS_PER_SECOND:.0%} of target)"
        )
    for corpus in (t for t in measured if t.name == "corpus" and t.check):
        for name, seconds, size in corpus.slowest:
            lines.append(f"  slow corpus file: {name} ({fmt_size(size)}) {seconds * 1000:.1f} ms")
        for name, problem in corpus.failures.items():
            lines.append(f"  FAILED corpus file: {name}: {problem}")
    return "\n".join(lines)


def report_sizes(results: Sequence[SizeResult]) -> str:
    rows = []
    for r in results:
        rows.append(
            [
                fmt_size(r.size),
                str(r.input_bytes or "—"),
                str(r.repeats or "—"),
                fmt(r.median_seconds, ".4f", " s"),
                fmt(r.mb_per_second, ".3f"),
                fmt(r.peak_rss_mb, ".1f", " MB"),
                fmt(r.extra_rss_mb, ".1f", " MB"),
                (r.problem or "").split(":")[0],
            ]
        )
    headers = ["size", "bytes", "runs", "median time", "MB/s", "peak RSS", "+RSS", "problem"]
    lines = [table(headers, rows)]
    lines.append("  peak RSS: the child's ru_maxrss; +RSS: above the same process after warm-up")
    for r in results:
        if r.problem:
            lines.append(f"  {fmt_size(r.size)}: {r.problem}")
    ratios = growth_ratios(results)
    for small, large, ratio in ratios:
        lines.append(f"  time({fmt_size(large)}) / time({fmt_size(small)}) = {ratio:.1f}")
    finished = [r for r in results if r.median_seconds is not None]
    if not ratios:
        lines.append("growth: no verdict (fewer than two neighbouring sizes finished)")
    else:
        worst = max(ratio for _, _, ratio in ratios)
        verdict = "linear" if worst <= LINEAR_RATIO else "NOT linear"
        lines.append(f"growth: {verdict} (largest ratio {worst:.1f}, linear if ≤ {LINEAR_RATIO:g})")
        if len(finished) < len(results):
            largest = fmt_size(max(r.size for r in finished))
            lines.append(f"  measured up to {largest} only: larger sizes failed or were not run")
    return "\n".join(lines)


def git_revision() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10 MB input")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(*args.child)
        return 0

    from teikit import __version__, convert_text, load_conventions

    conventions = load_conventions()  # once: loading it for every document would be timed too

    def convert(text: str) -> object:
        return convert_text(text, conventions=conventions)

    def convert_unchecked(text: str) -> object:
        return convert_text(text, conventions=conventions, check=False)

    print(
        f"teikit {__version__} ({git_revision() or 'no git'}), Python {platform.python_version()}"
        f" on {platform.machine()} {platform.system()}, {os.cpu_count()} CPUs"
    )
    measured: list[Throughput] = []
    if SEED.is_file() and CORPUS.is_dir():
        print("\n(a) seed, repeated  (b) whole corpus, one process")
        for check, function in ((True, convert), (False, convert_unchecked)):
            measured.append(measure_seed(function, check=check))
            measured.append(measure_corpus(function, check=check))
        print(report_throughput(measured))
    else:
        print(f"\n(a), (b) skipped: {SHARED} (seed and corpus) is missing")

    label, wilson, frus = paragraph_sources()
    mix = paragraph_mix(wilson, frus)
    bracketed = sum("[" in p for p in mix) / len(mix)
    sizes = [s for s in SIZES if not (args.quick and s >= QUICK_SKIPS)]
    print(
        f"\n(c) growing inputs: {len(mix)} paragraphs from the {label} "
        f"(Wilson-style, FRUS, {bracketed:.0%} with brackets), one subprocess per size"
    )
    results = measure_sizes(sizes, mix)
    print(report_sizes(results))

    if args.json:
        figures = {
            "teikit": __version__,
            "revision": git_revision(),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "target_docs_per_second": TARGET_DOCS_PER_SECOND,
            "seed": _throughput_json(_find(measured, "seed", check=True)),
            "corpus": _throughput_json(_find(measured, "corpus", check=True)),
            "seed_unchecked": _throughput_json(_find(measured, "seed", check=False)),
            "corpus_unchecked": _throughput_json(_find(measured, "corpus", check=False)),
            "sizes": [
                {**asdict(r), "mb_per_second": r.mb_per_second, "extra_rss_mb": r.extra_rss_mb}
                for r in results
            ],
            "growth_ratios": [
                {"size": small, "size_10x": large, "time_ratio": ratio}
                for small, large, ratio in growth_ratios(results)
            ],
            "paragraph_source": label,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _find(measured: Sequence[Throughput], name: str, *, check: bool) -> Throughput | None:
    return next((t for t in measured if t.name == name and t.check == check), None)


def _throughput_json(t: Throughput | None) -> dict[str, object] | None:
    if t is None:
        return None
    return {
        **asdict(t),
        "docs_per_second": t.docs_per_second,
        "mb_per_second": t.mb_per_second,
    }


if __name__ == "__main__":
    raise SystemExit(main())
