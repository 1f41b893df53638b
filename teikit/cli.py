"""Thin typer app: flags in, one library call per input, exit code out.

Exit codes, the same for every command: 0 done with no error-level findings, 1 done but
some input had errors, 2 could not run (bad option, unreadable input, broken conventions).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import PurePath
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from teikit import __version__
from teikit.convert import convert_text
from teikit.diagnostics import RENDERERS, Diagnostic, error
from teikit.errors import InputError, TeikitError
from teikit.io import (
    STDIN,
    check_encoding,
    display_name,
    make_folder,
    parse_xml,
    read_bytes,
    read_transcription,
    write_atomic,
)
from teikit.transcription.conventions import Conventions, dump_conventions, load_conventions

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


class _TeikitGroup(TyperGroup):
    """Shows a TeikitError as one line and exits 2: the one place the CLI catches them.

    It lives in the group rather than in main() so that CliRunner tests, which call
    the app directly, see the same exit code as a user at the shell.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TeikitError as err:
            _print_error(str(err))
            raise typer.Exit(EXIT_CANNOT_RUN) from None


app = typer.Typer(
    cls=_TeikitGroup,
    name="teikit",
    help="Turn archival transcriptions into TEI P5 XML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain click help: it rewraps docstring paragraphs and leaves [brackets] alone.
    rich_markup_mode=None,
)


def _stderr_color() -> bool:
    """Colour only for a person at a terminal; NO_COLOR (any non-empty value) turns it off."""
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def _print_error(message: str) -> None:
    if _stderr_color():
        from rich.markup import escape

        _stderr_console().print(f"[bold red]teikit:[/] {escape(message)}")
    else:
        sys.stderr.write(f"teikit: {message}\n")


def _print_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str) -> None:
    color = fmt == "text" and _stderr_color()
    rendered = RENDERERS[fmt](diagnostics, color=color)
    if color:
        _stderr_console().print(rendered, end="")
    else:
        sys.stderr.write(rendered)


def _write_stdout(data: bytes) -> None:
    # Bytes, not text: the output is UTF-8 whatever the terminal's locale says.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _check_format(value: str) -> str:
    if value not in RENDERERS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(RENDERERS)}")
    return value


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"teikit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn archival transcriptions into TEI P5 XML."""


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="|".join(RENDERERS),
        callback=_check_format,
        help="How to print diagnostics on standard error.",
    ),
]


@app.command()
def convert(
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE", help="Plain-text transcriptions; - reads standard input."),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "-o", "--output", metavar="OUT", help="Write the TEI to OUT (one input only)."
        ),
    ] = None,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="Write each input's TEI to DIR, same stem with .xml; needed for several inputs.",
        ),
    ] = None,
    conventions: Annotated[
        str | None,
        typer.Option(
            "--conventions",
            metavar="NAME|FILE",
            help="A built-in conventions table, or a TOML file laid over the default.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="ENC",
            help="Read inputs in this encoding (e.g. cp1252) instead of BOM or UTF-8.",
        ),
    ] = None,
    format_: FormatOption = "text",
) -> None:
    """Convert plain-text transcriptions into TEI P5 XML.

    One input without -o prints the TEI on standard output; several inputs need --out-dir.
    Diagnostics go to standard error. An input that cannot be read is reported and the
    others are still converted. Exit 0: no errors; 1: some input had errors (its TEI is
    still written); 2: could not run.
    """
    targets = _output_paths(files, output=output, out_dir=out_dir)
    conv = load_conventions(conventions)
    if encoding is not None:
        check_encoding(encoding)
    if out_dir is not None:
        make_folder(out_dir)
    exit_code, diagnostics = EXIT_OK, []
    for path, target in zip(files, targets, strict=True):
        code, found = _convert_one(path, target, conventions=conv, encoding=encoding)
        exit_code = max(exit_code, code)
        diagnostics.extend(found)
    _print_diagnostics(diagnostics, format_)
    raise typer.Exit(exit_code)


def _output_paths(
    files: Sequence[str], *, output: str | None, out_dir: str | None
) -> list[str | None]:
    """Where each input's TEI goes (None: standard output); refuses clashing outputs."""
    if output is not None and out_dir is not None:
        raise typer.BadParameter("give -o or --out-dir, not both", param_hint="'-o' / '--out-dir'")
    if out_dir is None and len(files) > 1:
        raise typer.BadParameter(
            f"{len(files)} inputs need --out-dir DIR (-o takes one)", param_hint="FILE"
        )
    if out_dir is None:
        targets = [None if output in (None, STDIN) else output]
    else:
        stems = ("stdin" if path == STDIN else PurePath(path).stem for path in files)
        targets = [os.path.join(out_dir, f"{stem}.xml") for stem in stems]
    seen: dict[str, str] = {}
    for path, target in zip(files, targets, strict=True):
        if target is None:
            continue
        key = os.path.normcase(os.path.abspath(target))
        if path != STDIN and key == os.path.normcase(os.path.abspath(path)):
            raise typer.BadParameter(
                f"{path} would be overwritten by its own TEI", param_hint="FILE"
            )
        if key in seen:
            raise typer.BadParameter(
                f"{seen[key]} and {path} would both be written to {target}", param_hint="FILE"
            )
        seen[key] = path
    return targets


def _convert_one(
    path: str, target: str | None, *, conventions: Conventions, encoding: str | None
) -> tuple[int, list[Diagnostic]]:
    """Convert one input and write its TEI; returns its exit code and diagnostics.

    A file that cannot be read or written becomes an error diagnostic here, rather than
    reaching the group's handler, so that one bad file never stops a batch.
    """
    try:
        decoded = read_transcription(path, encoding=encoding)
        result = convert_text(decoded.text, conventions=conventions, source=decoded.source)
        if target is None:
            _write_stdout(result.xml)
        else:
            write_atomic(target, result.xml)
    except TeikitError as err:
        source = display_name(path)
        code = "input.unreadable" if isinstance(err, InputError) else "output.unwritable"
        return EXIT_CANNOT_RUN, [error(code, str(err).removeprefix(f"{source}: "), file=source)]
    return (EXIT_OK if result.ok else EXIT_FINDINGS), list(result.diagnostics)


@app.command()
def text(
    file: Annotated[
        str, typer.Argument(metavar="FILE.xml", help="A TEI file; - reads standard input.")
    ],
) -> None:
    """Print the reading text of a TEI file: what a person sees on the page.

    Notes appear in brackets and list items on their own lines. Converting a
    transcription and printing it back gives the same words: convert's lossless check.
    """
    data = read_bytes(file)
    # Checked here so malformed XML is an exit-2 message with line:col, whatever the renderer does.
    parse_xml(data, source=display_name(file))
    from teikit.tei.reading import render_reading_text  # lazily: the CLI works without it

    reading = render_reading_text(data)
    _write_stdout((reading if reading.endswith("\n") else reading + "\n").encode("utf-8"))


@app.command("conventions")
def show_conventions(
    spec: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME|FILE",
            help="A built-in table's name, or a TOML file laid over the default.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the effective conventions table as TOML.

    Without an argument it is the built-in default; copy it to start a file of your own.
    """
    _write_stdout(dump_conventions(load_conventions(spec)).encode("utf-8"))


# --- pretty ---------------------------------------------------------------------------
# Everything of `teikit pretty` is in this block; imports are local so it stays one block.


def _pretty_file(path: str, options: Any, data: bytes | None = None) -> tuple[bytes, Any]:
    """Read and format one input (in a worker process under --jobs); never raises on bad input."""
    from teikit.formatting import Prettied, format_tei

    source = display_name(path)
    try:
        original = read_bytes(path) if data is None else data
    except TeikitError as err:
        message = str(err).removeprefix(f"{path}: ")
        unreadable = error("input.unreadable", message, file=source)
        return b"", Prettied(xml=b"", changed=False, encoding="", diagnostics=(unreadable,))
    return original, format_tei(original, options=options, source=source)


def _pretty_diff(path: str, original: bytes, result: Any) -> str:
    import difflib

    name = display_name(path)
    before = original.decode(result.encoding, errors="replace").splitlines(keepends=True)
    after = result.xml.decode(result.encoding, errors="replace").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, fromfile=name, tofile=f"{name} (formatted)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _color_diff(diff: str) -> str:
    colors = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}
    out = []
    for line in diff.splitlines(keepends=True):
        color = "\x1b[1m" if line.startswith(("+++", "---")) else colors.get(line[:1])
        out.append(f"{color}{line.rstrip(chr(10))}\x1b[0m\n" if color else line)
    return "".join(out)


@app.command("pretty")
def pretty_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE|DIR|-", help="TEI files, folders (every *.xml), or - for standard input."
        ),
    ],
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 listing the files that would change."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff of what would change.")
    ] = False,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place", "-i", help="Rewrite changed files atomically, keeping permissions."
        ),
    ] = False,
    indent: Annotated[
        int, typer.Option("--indent", min=0, max=16, help="Spaces per indentation level.")
    ] = 2,
    tabs: Annotated[bool, typer.Option("--tabs", help="Indent with one tab per level.")] = False,
    width: Annotated[
        int,
        typer.Option(
            "--width",
            min=0,
            help="Put each attribute of a longer start tag on its own line (0: never).",
        ),
    ] = 100,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Format files in N processes.")
    ] = 1,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print no summary line after a batch.")
    ] = False,
    format_: FormatOption = "text",
) -> None:
    """Indent TEI without changing its text: whitespace only, where it is not text.

    Only element-only content (teiHeader, listPerson, body, div…) is re-indented; mixed
    content (p, s, hi, persName…), xml:space="preserve" and unknown elements are left
    exactly as they are, as are the declaration, DOCTYPE, comments, processing
    instructions, encoding and line endings. One input without --in-place, --check or
    --diff is printed on standard output. Exit 0: done; 1: --check found files that would
    change; 2: could not run (not well-formed XML, unreadable or unwritable file).
    """
    import concurrent.futures
    import os.path

    from teikit.formatting import PrettyOptions

    if check and in_place:
        raise typer.BadParameter("give --check or --in-place, not both", param_hint="'--check'")
    from teikit.io import find_xml_files

    paths = find_xml_files(inputs)
    if not paths:
        raise InputError(f"{' '.join(inputs)}: no *.xml files found")
    to_stdout = not (check or diff or in_place)
    if to_stdout and (len(paths) != 1 or len(inputs) != len(paths)):
        raise typer.BadParameter(
            "several inputs or a folder need --in-place, --check or --diff", param_hint="FILE"
        )
    if in_place and STDIN in paths:
        raise typer.BadParameter(
            "- (standard input) cannot be rewritten in place", param_hint="FILE"
        )
    options = PrettyOptions(indent=indent, tabs=tabs, width=width)
    stdin = {STDIN: read_bytes(STDIN)} if STDIN in paths else {}
    if jobs > 1 and len(paths) > 1:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(
                pool.map(
                    _pretty_file,
                    paths,
                    [options] * len(paths),
                    [stdin.get(p) for p in paths],
                    chunksize=max(1, len(paths) // (jobs * 8)),
                )
            )
    else:
        results = [_pretty_file(p, options, stdin.get(p)) for p in paths]
    exit_code, diagnostics = EXIT_OK, []
    diff_color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for path, (original, result) in zip(paths, results, strict=True):
        if not result.ok:
            exit_code = EXIT_CANNOT_RUN
            diagnostics.extend(result.diagnostics)
            continue
        if to_stdout:
            _write_stdout(result.xml)
            continue
        if not result.changed:
            continue
        if diff:
            shown = _pretty_diff(path, original, result)
            _write_stdout((_color_diff(shown) if diff_color else shown).encode("utf-8"))
        if check:
            exit_code = max(exit_code, EXIT_FINDINGS)
            diagnostics.append(
                error("pretty.unformatted", "would be reformatted", file=display_name(path))
            )
        if in_place:
            try:
                write_atomic(os.path.realpath(path), result.xml, keep_mode=True)
            except TeikitError as err:
                exit_code = EXIT_CANNOT_RUN
                diagnostics.append(error("output.unwritable", str(err), file=path))
    color = format_ == "text" and _stderr_color()
    names = [display_name(p) for p in paths]
    rendered = RENDERERS[format_](diagnostics, color=color, files=names)
    if color:
        _stderr_console().print(rendered, end="")
    else:
        sys.stderr.write(rendered)
    if format_ == "text" and len(paths) > 1 and not quiet:
        sys.stderr.write(_pretty_summary(results, check=check, in_place=in_place))
    raise typer.Exit(exit_code)


def _pretty_summary(results: Sequence[tuple[bytes, Any]], *, check: bool, in_place: bool) -> str:
    """`N files: X reformatted, Y unchanged, Z could not be formatted`, for people."""
    changed = sum(r.ok and r.changed for _, r in results)
    failed = sum(not r.ok for _, r in results)
    verb = "reformatted" if in_place else "would be reformatted" if check else "would change"
    return (
        f"{len(results)} files: {changed} {verb}, {len(results) - changed - failed} unchanged, "
        f"{failed} could not be formatted\n"
    )


# --- teikit validate -------------------------------------------------------------------


def _validate_one(path: str, schema: str | None, offline: bool) -> tuple[int, list[Diagnostic]]:
    """Validate one input; returns its exit code and findings (run in worker processes too).

    A file that cannot be read or a schema that cannot be had becomes an exit-2 finding
    here, so one bad file never stops a batch.
    """
    from teikit.validation import validate as validate_document

    source = display_name(path)
    try:
        found = validate_document(path, schema=schema, offline=offline, name=source)
    except TeikitError as err:
        code = "input.unreadable" if isinstance(err, InputError) else "schema.unavailable"
        return EXIT_CANNOT_RUN, [error(code, str(err).removeprefix(f"{source}: "), file=source)]
    return (EXIT_FINDINGS if any(d.severity == "error" for d in found) else EXIT_OK), found


def _validate_star(args: tuple[str, str | None, bool]) -> tuple[int, list[Diagnostic]]:
    return _validate_one(*args)


def _prepare_validation(schema: str, offline: bool, names: frozenset[str]) -> None:
    """Load --schema and compile it once for these local element names (`_local_names`).

    Without this a batch compiles again each time a file brings a new element name
    (~30 compiles of tei_all on the corpus). Run in the parent before a process pool
    forks, and in each worker (a no-op there after a fork).
    """
    from teikit.validation import load_schema

    load_schema(schema, offline=offline).expect_local_names(names)


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported when the file itself is validated


def _local_names(files: Sequence[str]) -> frozenset[str]:
    from teikit.io import read_bytes
    from teikit.validation import local_element_names

    names: set[str] = set()
    for path in files:
        if path != STDIN:
            try:
                names |= local_element_names(read_bytes(path))
            except TeikitError:
                continue  # reported when the file itself is validated
    return frozenset(names)


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH", help="TEI files, folders (searched for *.xml) or - for standard input."
        ),
    ],
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            metavar="FILE|URL",
            help="RELAX NG (.rng, XML syntax) or Schematron (.sch) to use instead of the "
            "file's <?xml-model?> declarations or the bundled teikit schema.",
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Never fetch a declared schema; use the cache only."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors, and no summary line.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Validate in N processes; order is kept.")
    ] = 1,
    format_: FormatOption = "text",
) -> None:
    """Check TEI files against RELAX NG and Schematron: well-formedness, structure, rules.

    The schema is --schema, else each file's <?xml-model?> declarations (fetched once into
    the user cache), else teikit's bundled schema. Findings go to standard error with
    file:line:col. Exit 0: all valid; 1: some file invalid or not well-formed; 2: could
    not run (no such file, schema missing or not compiling).
    """
    from teikit.io import find_xml_files

    files = find_xml_files(paths)
    if not files:
        raise InputError(f"{' '.join(paths)}: no *.xml files found")
    if schema is not None:
        from teikit.validation import load_schema

        load_schema(schema, offline=offline)  # a broken schema stops the run once, with exit 2
    prepare = None
    if schema is not None and len(files) > 1:
        prepare = (schema, offline, _local_names(files))
        _prepare_validation(*prepare)
    tasks = [(path, schema, offline) for path in files]
    if jobs > 1 and len(files) > 1 and STDIN not in files:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            max_workers=jobs,
            initializer=_prepare_validation if prepare else None,
            initargs=prepare or (),
        ) as pool:
            # Largest files first, one at a time: the corpus's few 2-4 MB files would
            # otherwise share a chunk and leave the other workers idle at the end.
            order = sorted(range(len(tasks)), key=lambda i: -_file_size(files[i]))
            done = pool.map(_validate_star, [tasks[i] for i in order], chunksize=1)
            by_index = dict(zip(order, done, strict=True))
            results = [by_index[i] for i in range(len(tasks))]
    else:
        results = [_validate_star(task) for task in tasks]
    diagnostics = [d for _, found in results for d in found]
    if quiet:
        diagnostics = [d for d in diagnostics if d.severity == "error"]
    color = format_ == "text" and _stderr_color()
    rendered = RENDERERS[format_](diagnostics, color=color, files=[display_name(f) for f in files])
    if color:
        _stderr_console().print(rendered, end="")
    else:
        sys.stderr.write(rendered)
    codes = [code for code, _ in results]
    if len(files) > 1 and not quiet:
        sys.stderr.write(
            f"{len(files)} files: {codes.count(EXIT_OK)} valid, {codes.count(EXIT_FINDINGS)} "
            f"invalid, {codes.count(EXIT_CANNOT_RUN)} unreadable\n"
        )
    raise typer.Exit(max(codes))


def main() -> None:
    """Entry point of the `teikit` command and of `python -m teikit`."""
    app(prog_name="teikit")
