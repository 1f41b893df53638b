"""Thin typer app: flags in, one library call per input, exit code out.

Exit codes, the same for every command: 0 done with no error-level findings, 1 done but
some input had errors, 2 could not run (bad option, unreadable input, broken conventions).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from teikit import __version__
from teikit.batch import Outcome, Tally, done, failed, run_ordered, usable_cores
from teikit.diagnostics import RENDERERS, Diagnostic, error, json_line, warning
from teikit.errors import InputError, TeikitError
from teikit.inputs import Input, gather_inputs, mirrored_output, read_file_list
from teikit.io import (
    MB,
    STDIN,
    check_encoding,
    decode_transcription,
    display_name,
    make_folder,
    open_atomic,
    parse_xml,
    read_bytes,
    read_transcription,
    write_atomic,
)


def convert_text(text: str, **options: Any) -> Any:
    """`teikit.convert.convert_text`, imported on first use: `validate` and `pretty` start
    without loading the converter."""
    from teikit.convert import convert_text as convert

    return convert(text, **options)


EXIT_CANNOT_RUN, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 2, 130, 141, 143

# Inputs larger than this are refused unless --max-size says otherwise (README: Limits).
CONVERT_MAX_MB = 2
XML_MAX_MB = 100


class _TeikitGroup(TyperGroup):
    """Shows a TeikitError as one line and exits 2: the one place the CLI catches them.

    Ctrl-C ends with 130 and one line; a reader that closed standard output early
    (`teikit … | head -1`) ends the run quietly with 141, as a shell tool killed by
    SIGPIPE does. It lives in the group rather than in main() so that CliRunner tests,
    which call the app directly, see the same exit code as a user at the shell.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TeikitError as err:
            _print_error(str(err))
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except KeyboardInterrupt as stop:
            terminated = isinstance(stop, _Terminated)
            _print_error("terminated" if terminated else "interrupted")
            raise typer.Exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # Later flushes of the closed pipe would fail again at exit: point it nowhere.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None


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


def _print_diagnostics(
    diagnostics: Sequence[Diagnostic], fmt: str, *, files: Sequence[str] = ()
) -> None:
    color = fmt == "text" and _stderr_color()
    rendered = RENDERERS[fmt](diagnostics, color=color, files=files)
    if color:
        _stderr_console().print(rendered, end="")
    else:
        sys.stderr.write(rendered)


def _write_stdout(data: bytes) -> None:
    """Write all of `data`: bytes, not text, so the output is UTF-8 whatever the locale.

    Under PYTHONUNBUFFERED (or -u) stdout's binary layer is a raw file whose write() may
    take only part of a large buffer (64 KiB to a pipe); the loop writes the rest.
    """
    sys.stdout.flush()
    out, view = sys.stdout.buffer, memoryview(data)
    while view:
        written = out.write(view)
        view = view[written if written is not None else len(view) :]
    out.flush()


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


# --- what every command shares: inputs, batches, reports ------------------------------


FilesFromOption = Annotated[
    list[str] | None,
    typer.Option(
        "--files-from",
        metavar="LIST",
        help="Also take the files named in LIST, one per line (- reads standard input).",
    ),
]
NullOption = Annotated[
    bool,
    typer.Option(
        "--null", "-0", help="Names in --files-from end with NUL, as find -print0 writes."
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        show_default=False,
        help="Work in N processes (default: one per CPU core); output keeps the input order.",
    ),
]
ReportOption = Annotated[
    str | None,
    typer.Option(
        "--report",
        metavar="FILE.jsonl",
        help="Write one JSON object per input (path, status, counts, output, diagnostics); "
        "- prints it on standard output.",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print only errors: no warnings, summary or progress."),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Print a line for each input as it is done.")
]


def _max_size_option(default_mb: int) -> Any:
    return typer.Option(
        "--max-size",
        metavar="MB",
        min=0.001,
        help=f"Refuse inputs larger than this many megabytes (default {default_mb}).",
    )


@dataclass(frozen=True)
class _BatchFlags:
    """The flags every command's batch loop obeys."""

    verb: str
    jobs: int | None
    report: str | None
    quiet: bool
    verbose: bool
    format_: str


def _gather(
    args: Sequence[str],
    files_from: Sequence[str] | None,
    null: bool,
    *,
    suffixes: tuple[str, ...],
    out_dir: str | None = None,
) -> list[Input]:
    """The command's inputs; no input at all is exit 2, as is reading stdin twice."""
    lists = list(files_from or [])
    if not args and not lists:
        raise typer.BadParameter("give files, folders, - or --files-from LIST", param_hint="FILE")
    if STDIN in args and STDIN in lists:
        raise typer.BadParameter("- and --files-from - both read standard input", param_hint="FILE")
    listed = [name for source in lists for name in read_file_list(source, null=null)]
    found = gather_inputs(args, suffixes=suffixes, files_from=listed, skip=out_dir)
    if not found:
        named = " ".join([*args, *(f"--files-from {source}" for source in lists)])
        raise InputError(f"{named}: no {' or '.join(suffixes)} files found")
    return found


def _read_stdin(inputs: Sequence[Input], max_size: int) -> bytes | None:
    """Standard input is read once, in this process, before any worker starts."""
    return read_bytes(STDIN, max_size=max_size) if any(i.path == STDIN for i in inputs) else None


def _tasks(
    inputs: Sequence[Input],
    stdin: bytes | None,
    targets: Sequence[tuple[str | None, str | None]] | None = None,
) -> list[tuple[Any, ...]]:
    """One task per input: (input, its bytes when it is standard input, *its target)."""
    ends = targets if targets is not None else [()] * len(inputs)
    return [
        (item, stdin if item.path == STDIN else None, *end)
        for item, end in zip(inputs, ends, strict=True)
    ]


def _failed_task(task: tuple[Input, ...], reason: str) -> Outcome:
    """What `run_ordered` reports for an input whose work raised or whose worker died."""
    return failed(display_name(task[0].path), "internal.error", f"{reason}; please report this")


def _input_failure(item: Input, err: TeikitError | None = None) -> Outcome:
    """An input that cannot be read (or found unusable while gathering inputs)."""
    source = display_name(item.path)
    message = item.problem if err is None else str(err).removeprefix(f"{source}: ")
    return failed(source, "input.unreadable", message or "cannot be read")


def _run_batch(
    flags: _BatchFlags,
    work: Callable[[Any], Outcome],
    tasks: Sequence[tuple[Any, ...]],
    *,
    summary: Callable[[Sequence[Outcome]], str],
    cost: Callable[[Any], int] | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> int:
    """Run `work` over `tasks`, print and report what came out; returns the exit code.

    Standard output gets each outcome's `stdout` in input order; standard error gets
    the diagnostics (all at the end, so json and junit stay one document), a summary
    line for several inputs, and on a terminal a progress bar.
    """
    outcomes: list[Outcome] = []
    tally = Tally()
    progress = None
    stopped: KeyboardInterrupt | None = None
    with _open_report(flags.report) as record:
        try:
            for outcome in run_ordered(
                work,
                tasks,
                jobs=_worker_count(flags.jobs),
                on_failure=_failed_task,
                cost=cost,
                initializer=initializer,
                initargs=initargs,
            ):
                outcomes.append(outcome)
                tally.add(outcome)
                record(outcome)
                if outcome.stdout:
                    _write_stdout(outcome.stdout)
                if flags.verbose:
                    _print_line(_verbose_line(outcome), progress)
                if progress is None and len(tasks) > 1 and not flags.quiet and sys.stderr.isatty():
                    progress = _start_progress(flags.verb, len(tasks))  # after workers forked
                if progress is not None:
                    counts = ", ".join(f"{tally.statuses[s]} {s}" for s in STATUSES)
                    progress.update(progress.task_ids[0], advance=1, counts=counts)
        except KeyboardInterrupt as stop:
            # The report still accounts for every input: what was done, and what was not.
            late = list(getattr(stop, "finished", []))
            reported = {o.path for o in outcomes} | {o.path for o in late}
            late += [
                failed(name, "batch.interrupted", "not done: the run was stopped")
                for name in (display_name(task[0].path) for task in tasks)
                if name not in reported
            ]
            for outcome in late:
                record(outcome)
            stopped = stop
        finally:
            if progress is not None:
                progress.stop()
    if stopped is not None:
        raise stopped
    diagnostics = [d for outcome in outcomes for d in outcome.diagnostics]
    if flags.quiet:
        diagnostics = [d for d in diagnostics if d.severity == "error"]
    _print_diagnostics(diagnostics, flags.format_, files=[o.path for o in outcomes])
    if len(outcomes) > 1 and not flags.quiet and flags.format_ == "text":
        sys.stderr.write(summary(outcomes))
    return tally.exit_code()


def _pool_used(jobs: int | None, tasks: Sequence[Any]) -> bool:
    """Whether `_run_batch` will start worker processes for these tasks."""
    return len(tasks) > 1 and _worker_count(jobs) > 1


def _worker_count(jobs: int | None) -> int:
    """--jobs, or one process per usable core when it is not given."""
    return usable_cores() if jobs is None else jobs


def _verbose_line(outcome: Outcome) -> str:
    counts = ", ".join(
        f"{n} {severity}{'s' if n > 1 and severity != 'info' else ''}"
        for severity, n in outcome.counts().items()
        if n
    )
    where = f" -> {outcome.output}" if outcome.output else ""
    return f"{outcome.path}: {outcome.status}{f' ({counts})' if counts else ''}{where}"


def _print_line(line: str, progress: Any) -> None:
    if progress is not None:
        from rich.markup import escape

        progress.console.print(escape(line))
    else:
        sys.stderr.write(line + "\n")


def _start_progress(verb: str, total: int) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn(verb),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=_stderr_console(),
        transient=True,
    )
    progress.add_task(verb, total=total, counts="")
    progress.start()
    return progress


@contextlib.contextmanager
def _open_report(target: str | None) -> Iterator[Callable[[Outcome], None]]:
    """A function that adds an outcome's line to the --report file (README: Reports) as
    it comes, so the report is written while workers work; the file appears whole at
    the end (atomically), on standard output for "-", nowhere without --report."""

    def line(outcome: Outcome) -> bytes:
        # File names that are not UTF-8 come out as \\udcXX escapes: still valid JSON.
        return json_line(outcome.to_record()).encode("utf-8", errors="backslashreplace")

    if target is None:
        yield lambda outcome: None
    elif target == STDIN:
        yield lambda outcome: _write_stdout(line(outcome))
    else:
        with open_atomic(target, durable=False) as out:

            def write(outcome: Outcome) -> None:
                out.write(line(outcome))

            yield write


def _count_summary(*words: str) -> Callable[[Sequence[Outcome]], str]:
    """A summary line `N files: a ok-word, b findings-word, c failed-word`."""

    def summary(outcomes: Sequence[Outcome]) -> str:
        counts = Counter(o.status for o in outcomes)
        parts = ", ".join(
            f"{counts[status]} {word}" for status, word in zip(STATUSES, words, strict=True)
        )
        return f"{len(outcomes)} files: {parts}\n"

    return summary


STATUSES = ("ok", "findings", "failed")


# --- teikit convert ---------------------------------------------------------------------

_WORKER: dict[str, Any] = {}  # a command's settings, set once per process by its initializer


def _set_worker(command: str, settings: Any) -> None:
    _WORKER[command] = settings


@app.command()
def convert(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FILE|DIR",
            help="Plain-text transcriptions, folders (every *.txt below), - for standard input.",
            show_default=False,
        ),
    ] = None,
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
            help="Write each input's TEI below DIR, mirroring the input folders, with .xml "
            "for the suffix; needed for several inputs.",
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
    files_from: FilesFromOption = None,
    null: NullOption = False,
    jobs: JobsOption = None,
    report: ReportOption = None,
    max_size: Annotated[float, _max_size_option(CONVERT_MAX_MB)] = CONVERT_MAX_MB,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    format_: FormatOption = "text",
) -> None:
    """Convert plain-text transcriptions into TEI P5 XML.

    One input without -o prints the TEI on standard output; several inputs need --out-dir.
    Diagnostics go to standard error. An input that cannot be read is reported and the
    others are still converted. Exit 0: no errors; 1: some input had errors or could not
    be read (the TEI of the others is written); 2: could not run.
    """
    inputs = _gather(files or [], files_from, null, suffixes=(".txt",), out_dir=out_dir)
    targets = _output_paths(inputs, output=output, out_dir=out_dir)
    if report == STDIN and None in targets:
        raise typer.BadParameter("the TEI goes to standard output", param_hint="'--report -'")
    from teikit.transcription.conventions import load_conventions  # lazily, as below

    conv = load_conventions(conventions)
    if encoding is not None:
        check_encoding(encoding)
    if out_dir is not None:
        make_folder(out_dir)
    limit = int(max_size * MB)
    tasks = _tasks(inputs, _read_stdin(inputs, limit), targets)
    flags = _BatchFlags("converting", jobs, report, quiet, verbose, format_)
    code = _run_batch(
        flags,
        _convert_task,
        tasks,
        summary=_count_summary("converted", "converted with errors", "failed"),
        cost=_task_size,
        initializer=_start_conversion,
        initargs=((conv, encoding, limit), _pool_used(jobs, tasks)),
    )
    raise typer.Exit(code)


# Converted once before a batch starts, so the regexes, the bundled grammar and its rules
# are compiled before worker processes fork, rather than once in every worker.
_WARM_UP_TEXT = "Letter from A to B\n\nMoscow, 3 May 1949\n\nTo Cde. B\n\nText [handwritten: x]."


def _start_conversion(settings: tuple[Any, str | None, int], warm_up: bool) -> None:
    from teikit.validation import bundled_schema

    _set_worker("convert", settings)
    if not warm_up or _WORKER.get("convert-warm") is settings[0]:  # forked: done already
        return
    _set_worker("convert-warm", settings[0])
    schema = bundled_schema()
    schema.expect_local_names(schema.local_names())
    convert_text(_WARM_UP_TEXT, conventions=settings[0])


def _output_paths(
    inputs: Sequence[Input], *, output: str | None, out_dir: str | None
) -> list[tuple[str | None, str | None]]:
    """(target, refusal) for each input: its TEI file (None: standard output), or why
    it may not be written there. Clashing outputs stop the run before it starts.
    """
    if output is not None and out_dir is not None:
        raise typer.BadParameter("give -o or --out-dir, not both", param_hint="'-o' / '--out-dir'")
    if out_dir is None and len(inputs) > 1:
        raise typer.BadParameter(
            f"{len(inputs)} inputs need --out-dir DIR (-o takes one)", param_hint="FILE"
        )
    if out_dir is None:
        targets = [(None if output in (None, STDIN) else output, None)]
    else:
        targets = [_mirrored(out_dir, item.relative, suffix=".xml") for item in inputs]
    seen: dict[str, str] = {}
    for item, (target, _) in zip(inputs, targets, strict=True):
        if target is None:
            continue
        key = os.path.normcase(os.path.abspath(target))
        if item.path != STDIN and key == os.path.normcase(os.path.abspath(item.path)):
            raise typer.BadParameter(
                f"{item.path} would be overwritten by its own TEI", param_hint="FILE"
            )
        if key in seen:
            raise typer.BadParameter(
                f"{seen[key]} and {item.path} would both be written to {target}",
                param_hint="FILE",
            )
        seen[key] = item.path
    return targets


def _convert_task(task: tuple[Input, bytes | None, str | None, str | None]) -> Outcome:
    """Read, convert and write one input (in a worker process under --jobs)."""
    item, data, target, refusal = task
    conventions, encoding, limit = _WORKER["convert"]
    source = display_name(item.path)
    if item.problem:
        return _input_failure(item)
    if refusal:
        return failed(source, "output.unsafe", refusal)
    try:
        if data is None:
            decoded = read_transcription(item.path, encoding=encoding, max_size=limit)
        else:
            decoded = decode_transcription(data, source=source, encoding=encoding)
    except TeikitError as err:
        return _input_failure(item, err)
    if not decoded.text.strip():
        return failed(source, "input.empty", "the file holds no text: nothing to convert")
    result = convert_text(decoded.text, conventions=conventions, source=decoded.source)
    if target is None:
        return done(source, result.diagnostics, stdout=result.xml)
    try:
        _write_output(target, result.xml)
    except TeikitError as err:
        return failed(source, "output.unwritable", str(err))
    return done(source, result.diagnostics, output=target)


def _write_output(target: str, data: bytes) -> None:
    """Write one output below --out-dir, creating the mirrored folders it needs.

    Without fsync: a new output lost to a power cut is made again by running the batch
    again, and syncing each of 10,000 small files costs a sixth of a batch's time.
    `--in-place` keeps the fsync, since there the file replaced is the only copy.
    """
    make_folder(os.path.dirname(target) or ".")
    write_atomic(target, data, durable=False)


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
    from lxml import etree

    data = read_bytes(file)
    # Checked here so malformed XML is an exit-2 message with line:col, whatever the renderer does.
    tree = parse_xml(data, source=display_name(file))
    from teikit.tei.reading import render_reading_text  # lazily: the CLI works without it

    reading = render_reading_text(data)
    _write_stdout((reading if reading.endswith("\n") else reading + "\n").encode("utf-8"))
    unexpanded = [
        warning(
            "xml.entity",
            f"entity reference {entity.text} shown as written: entities are never expanded",
            file=display_name(file),
            line=entity.sourceline,
        )
        for entity in tree.getroot().iter(etree.Entity)
    ]
    _print_diagnostics(unexpanded, "text")


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
    from teikit.transcription.conventions import dump_conventions, load_conventions

    _write_stdout(dump_conventions(load_conventions(spec)).encode("utf-8"))


# --- teikit pretty ----------------------------------------------------------------------


@dataclass(frozen=True)
class _PrettyMode:
    options: Any  # formatting.PrettyOptions
    to_stdout: bool
    check: bool
    diff: bool
    diff_color: bool
    in_place: bool
    limit: int


@app.command("pretty")
def pretty_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FILE|DIR|-",
            help="TEI files, folders (every *.xml below), or - for standard input.",
            show_default=False,
        ),
    ] = None,
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
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="Write every formatted file below DIR, mirroring the input folders.",
        ),
    ] = None,
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
    files_from: FilesFromOption = None,
    null: NullOption = False,
    jobs: JobsOption = None,
    report: ReportOption = None,
    max_size: Annotated[float, _max_size_option(XML_MAX_MB)] = XML_MAX_MB,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    format_: FormatOption = "text",
) -> None:
    """Indent TEI without changing its text: whitespace only, where it is not text.

    Only element-only content (teiHeader, listPerson, body, div…) is re-indented; mixed
    content (p, s, hi, persName…), xml:space="preserve" and unknown elements are left
    exactly as they are, as are the declaration, DOCTYPE, comments, processing
    instructions, encoding and line endings. One input without --in-place, --out-dir,
    --check or --diff is printed on standard output. Exit 0: done; 1: --check found files
    that would change, or some file could not be formatted (not well-formed XML,
    unreadable); 2: could not run.
    """
    from teikit.formatting import PrettyOptions

    if check and in_place:
        raise typer.BadParameter("give --check or --in-place, not both", param_hint="'--check'")
    if in_place and out_dir is not None:
        raise typer.BadParameter("give --in-place or --out-dir, not both", param_hint="'-i'")
    found = _gather(inputs or [], files_from, null, suffixes=(".xml",), out_dir=out_dir)
    to_stdout = not (check or diff or in_place or out_dir)
    if to_stdout and (len(found) != 1 or files_from or os.path.isdir(found[0].path)):
        raise typer.BadParameter(
            "several inputs or a folder need --in-place, --out-dir, --check or --diff",
            param_hint="FILE",
        )
    if in_place and any(item.path == STDIN for item in found):
        raise typer.BadParameter(
            "- (standard input) cannot be rewritten in place", param_hint="FILE"
        )
    if (to_stdout or diff) and report == STDIN:
        raise typer.BadParameter("standard output is taken", param_hint="'--report -'")
    targets: list[tuple[str | None, str | None]] = [(None, None)] * len(found)
    if out_dir is not None:
        make_folder(out_dir)
        targets = [_mirrored(out_dir, item.relative, suffix=None) for item in found]
    limit = int(max_size * MB)
    mode = _PrettyMode(
        options=PrettyOptions(indent=indent, tabs=tabs, width=width),
        to_stdout=to_stdout,
        check=check,
        diff=diff,
        diff_color=diff and sys.stdout.isatty() and not os.environ.get("NO_COLOR"),
        in_place=in_place,
        limit=limit,
    )
    tasks = _tasks(found, _read_stdin(found, limit), targets)
    flags = _BatchFlags("formatting", jobs, report, quiet, verbose, format_)
    summary = partial(_pretty_summary, check=check, in_place=in_place or out_dir is not None)
    code = _run_batch(
        flags,
        _pretty_task,
        tasks,
        summary=summary,
        cost=_task_size,
        initializer=_set_worker,
        initargs=("pretty", mode),
    )
    raise typer.Exit(code)


def _mirrored(out_dir: str, relative: str, *, suffix: str | None) -> tuple[str | None, str | None]:
    try:
        return mirrored_output(out_dir, relative, suffix=suffix), None
    except TeikitError as err:
        return None, str(err)


def _task_size(task: tuple[Input, ...]) -> int:
    """An input's size on disk: the order in which a pool starts the work."""
    try:
        return os.stat(task[0].path).st_size
    except (OSError, ValueError):
        return 0  # reported when the input itself is read


def _pretty_task(task: tuple[Input, bytes | None, str | None, str | None]) -> Outcome:
    """Read, format and write one input (in a worker process under --jobs)."""
    from teikit.formatting import format_tei

    item, data, target, refusal = task
    mode: _PrettyMode = _WORKER["pretty"]
    source = display_name(item.path)
    if item.problem:
        return _input_failure(item)
    if refusal:
        return failed(source, "output.unsafe", refusal)
    try:
        original = read_bytes(item.path, max_size=mode.limit) if data is None else data
    except TeikitError as err:
        return _input_failure(item, err)
    result = format_tei(original, options=mode.options, source=source)
    if not result.ok:
        return Outcome(source, "failed", result.diagnostics)
    if mode.to_stdout:
        return done(source, result.diagnostics, stdout=result.xml, changed=result.changed)
    findings, shown, written = list(result.diagnostics), b"", None
    if result.changed and mode.diff:
        text = _pretty_diff(item.path, original, result)
        shown = (_color_diff(text) if mode.diff_color else text).encode("utf-8", "surrogateescape")
    if result.changed and mode.check:
        findings.append(error("pretty.unformatted", "would be reformatted", file=source))
    try:
        if result.changed and mode.in_place:
            written = os.path.realpath(item.path)
            write_atomic(written, result.xml, keep_mode=True)
        elif target is not None:
            written = target
            _write_output(target, result.xml)
    except TeikitError as err:
        return failed(source, "output.unwritable", str(err))
    return done(source, findings, stdout=shown, output=written, changed=result.changed)


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


def _pretty_summary(outcomes: Sequence[Outcome], *, check: bool, in_place: bool) -> str:
    """`N files: X reformatted, Y unchanged, Z could not be formatted`, for people."""
    changed = sum(o.status != "failed" and o.changed for o in outcomes)
    failed_ = sum(o.status == "failed" for o in outcomes)
    verb = "reformatted" if in_place else "would be reformatted" if check else "would change"
    return (
        f"{len(outcomes)} files: {changed} {verb}, {len(outcomes) - changed - failed_} "
        f"unchanged, {failed_} could not be formatted\n"
    )


# --- teikit validate -------------------------------------------------------------------


@dataclass(frozen=True)
class _ValidateSettings:
    schema: str | None
    offline: bool
    limit: int


def _prepare_validation(settings: _ValidateSettings, inputs: Sequence[Input]) -> None:
    """Load and compile every schema the batch needs, in this process, before a pool
    forks: otherwise each worker compiles each schema again as new element names come
    (~30 compiles of tei_all per worker over the corpus)."""
    from teikit.validation import prepare_batch

    def documents() -> Iterator[tuple[str, bytes]]:
        for item in inputs:
            if item.path != STDIN and not item.problem:
                try:
                    yield item.path, read_bytes(item.path, max_size=settings.limit)
                except TeikitError:
                    continue  # reported when the file itself is validated

    prepare_batch(documents(), schema=settings.schema, offline=settings.offline)


def _validate_task(task: tuple[Input, bytes | None]) -> Outcome:
    """Validate one input (in a worker process under --jobs).

    A file that cannot be read or a schema that cannot be had fails this input only,
    so one bad file never stops a batch.
    """
    from teikit.validation import validate as validate_document

    item, data = task
    settings: _ValidateSettings = _WORKER["validate"]
    source = display_name(item.path)
    if item.problem:
        return _input_failure(item)
    try:
        if data is None:
            data = read_bytes(item.path, max_size=settings.limit)
    except TeikitError as err:
        return _input_failure(item, err)
    try:
        found = validate_document(
            data, schema=settings.schema, offline=settings.offline, name=source
        )
    except TeikitError as err:
        return failed(source, "schema.unavailable", str(err).removeprefix(f"{source}: "))
    return done(source, found)


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="TEI files, folders (every *.xml below) or - for standard input.",
            show_default=False,
        ),
    ] = None,
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
    files_from: FilesFromOption = None,
    null: NullOption = False,
    jobs: JobsOption = None,
    report: ReportOption = None,
    max_size: Annotated[float, _max_size_option(XML_MAX_MB)] = XML_MAX_MB,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    format_: FormatOption = "text",
) -> None:
    """Check TEI files against RELAX NG and Schematron: well-formedness, structure, rules.

    The schema is --schema, else each file's <?xml-model?> declarations (fetched once into
    the user cache), else teikit's bundled schema. Findings go to standard error with
    file:line:col. Exit 0: all valid; 1: some file invalid, not well-formed or unreadable;
    2: could not run (no input could be read, schema missing or not compiling).
    """
    found = _gather(paths or [], files_from, null, suffixes=(".xml",))
    if schema is not None:
        from teikit.validation import load_schema

        load_schema(schema, offline=offline)  # a broken schema stops the run once, with exit 2
    settings = _ValidateSettings(schema, offline, int(max_size * MB))
    if len(found) > 1:
        _prepare_validation(settings, found)
    tasks = _tasks(found, _read_stdin(found, settings.limit))
    flags = _BatchFlags("validating", jobs, report, quiet, verbose, format_)
    code = _run_batch(
        flags,
        _validate_task,
        tasks,
        summary=_count_summary("valid", "invalid", "unreadable"),
        cost=_task_size,
        initializer=_set_worker,
        initargs=("validate", settings),
    )
    raise typer.Exit(code)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a job scheduler's stop), handled like Ctrl-C: clean up, then exit 143."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise _Terminated


def main() -> None:
    """Entry point of the `teikit` command and of `python -m teikit`."""
    import signal

    signal.signal(signal.SIGTERM, _raise_terminated)
    app(prog_name="teikit")
