"""Run jing, the reference RELAX NG validator, over many TEI files in one Java process.

jing takes ~0.5 s to start and compile tei_all, so tests hand it every file at once.
It prints `file:line:col: error: message` for each problem; a file with no lines is valid.
One catch, checked in tests/test_jing_harness.py: jing stops at the first *fatal* error
(a malformed or missing file) and never looks at the files after it, so those are run again.

Example:
    errors = jing_validate([Path("a.xml"), Path("b.xml")])
    assert errors == {Path("a.xml"): [], Path("b.xml"): []}
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

SHARED = (Path(__file__).parents[1] / "../shared").resolve()
TEI_ALL = (Path(__file__).parents[1] / "../shared/schemas/tei_all.rng").resolve()

# A command line stays well under ARG_MAX (2 MiB on Linux, 32 KiB on Windows) per jing run.
_MAX_ARGS_CHARS = 30_000

# tei_all compiles in about a second; a jing that hangs must not hang the test run.
_TIMEOUT_SECONDS = 600

_KIND = re.compile(r"(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal|warning): ")
_FILE_NOT_FOUND = re.compile(r"^fatal: file not found: (?P<file>.*?)(?: \(.*\))?$")


def jing_validate(paths: Sequence[Path], schema: Path = TEI_ALL) -> dict[Path, list[str]]:
    """Validate `paths` against `schema`: each path → its "line:col: error: message" lines.

    Skips the calling test when jing or the schema is missing (fails instead under CI,
    which installs both). A path that does not exist gets one "file not found" error.

    Example:
        jing_validate([bad])[bad] == ['5:4: error: element "p" not allowed here; …']
    """
    require_jing(schema)
    results: dict[Path, list[str]] = {path: [] for path in paths}
    present = []
    for path in results:
        if path.is_file():
            present.append(path)
        else:
            results[path].append("0:0: fatal: file not found")
    for chunk in _chunks(present):
        _validate_chunk(chunk, schema, results)
    return results


def require_jing(schema: Path = TEI_ALL) -> str:
    """Path of jing; skips the test when jing or `schema` is missing (jing: fails under CI)."""
    if not schema.is_file():
        pytest.skip(f"schema {schema} is missing (the ../shared folder beside the repository)")
    jing = shutil.which("jing")
    if jing is None:
        reason = "jing is not installed (Debian/Ubuntu: apt-get install jing)"
        # .ci/run installs jing; a silent skip there would hide every validity test.
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, but CI is set", pytrace=False)
        pytest.skip(reason)
    return jing


def _chunks(paths: Sequence[Path]) -> Iterable[list[Path]]:
    chunk: list[Path] = []
    size = 0
    for path in paths:
        length = len(str(path.absolute())) + 1
        if chunk and size + length > _MAX_ARGS_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += length
    if chunk:
        yield chunk


def _validate_chunk(chunk: list[Path], schema: Path, results: dict[Path, list[str]]) -> None:
    """Run jing until every file of `chunk` has been read: a fatal error stops it early."""
    remaining = chunk
    while remaining:
        output = _run_jing(remaining, schema)
        by_file, stopped_at = _parse_output(output, remaining, schema)
        for path, lines in by_file.items():
            results[path].extend(lines)
        if stopped_at is None:
            return
        remaining = remaining[remaining.index(stopped_at) + 1 :]


def _run_jing(paths: list[Path], schema: Path) -> subprocess.CompletedProcess[str]:
    # Absolute paths come back verbatim in jing's messages, so each line maps to its file;
    # a UTF-8 locale keeps non-ASCII names and messages intact.
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    return subprocess.run(
        [require_jing(schema), str(schema), *(str(p.absolute()) for p in paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        check=False,
        timeout=_TIMEOUT_SECONDS,
    )


def _parse_output(
    output: subprocess.CompletedProcess[str], paths: list[Path], schema: Path
) -> tuple[dict[Path, list[str]], Path | None]:
    """Messages per file, and the file jing stopped at after a fatal error (None if it read all)."""
    # Longest name first, so "a.xml" never claims the lines of "a.xml.bak.xml"-style names.
    prefixes = sorted(((str(p.absolute()) + ":", p) for p in paths), key=lambda t: -len(t[0]))
    by_file: dict[Path, list[str]] = {}
    stopped_at: Path | None = None
    unexplained = []
    last: list[str] | None = None
    for line in output.stdout.splitlines():
        if not line.strip():
            continue
        target = next((p for prefix, p in prefixes if line.startswith(prefix)), None)
        kind = _KIND.match(line, len(str(target.absolute())) + 1) if target else None
        if target is not None and kind is not None:
            last = by_file.setdefault(target, [])
            last.append(line[kind.start() :])
            if kind.group("kind") == "fatal" and stopped_at is None:
                stopped_at = target
            continue
        missing = _FILE_NOT_FOUND.match(line)
        found = [p for p in paths if missing and missing.group("file") == str(p.absolute())]
        if found:
            by_file.setdefault(found[0], []).append("0:0: fatal: file not found")
            stopped_at = found[0] if stopped_at is None else stopped_at
        elif last is not None and not line.startswith(str(schema)):
            last[-1] += "\n" + line  # a message that runs over two lines
        else:
            unexplained.append(line)
    if unexplained or (output.returncode != 0 and not by_file):
        # A broken schema or a jing crash must never read as "every file is valid".
        raise RuntimeError(
            f"jing {schema} failed (exit {output.returncode}):\n"
            + "\n".join(unexplained or [output.stdout, output.stderr])
        )
    return by_file, stopped_at


@dataclass(frozen=True)
class JingHarness:
    """jing for tests: validate files on disk, or XML bytes written to a scratch folder.

    Example:
        def test_outputs_valid(jing):
            jing.assert_valid({"seed": convert_text(seed).xml})
    """

    workdir: Path
    schema: Path = TEI_ALL

    def validate(self, paths: Sequence[Path]) -> dict[Path, list[str]]:
        """Each path → its jing messages; an empty list means valid."""
        return jing_validate(paths, self.schema)

    def validate_xml(self, docs: Mapping[str, bytes]) -> dict[str, list[str]]:
        """Each name → jing messages for its bytes, all in one jing run.

        Names become file names in the scratch folder, so keep them to letters, digits, - and _.
        """
        # A folder per call: two tests may use the same names for different documents.
        folder = Path(tempfile.mkdtemp(dir=self.workdir))
        paths = {}
        for name, data in docs.items():
            path = folder / f"{name}.xml"
            path.write_bytes(data)
            paths[name] = path
        results = self.validate(list(paths.values()))
        return {name: results[path] for name, path in paths.items()}

    def assert_valid(self, docs: Mapping[str, bytes] | Sequence[Path]) -> None:
        """Fail, naming every invalid document and its first messages, unless all are valid."""
        results: dict[str, list[str]]
        if isinstance(docs, Mapping):
            results = self.validate_xml(docs)
        else:
            results = {str(path): errors for path, errors in self.validate(docs).items()}
        invalid = {name: errors for name, errors in results.items() if errors}
        if invalid:
            report = "\n".join(
                f"{name}: " + "\n    ".join(errors[:5]) for name, errors in invalid.items()
            )
            pytest.fail(f"{len(invalid)} of {len(results)} not valid TEI:\n{report}", pytrace=False)
