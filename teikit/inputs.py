"""Which files a command works on, and where their outputs go: the batch side of io.py.

Inputs come from the command line (files, folders searched recursively, "-" for
standard input) and from `--files-from` lists (one name per line, or NUL-separated as
`find -print0` writes them). Whatever cannot be an input (a folder that cannot be
listed, a symlink loop) is still an input of the batch, with its problem attached, so
that every name a user gave appears in the report exactly once.

Example:
    for found in gather_inputs(["corpus/"], suffixes=(".xml",)):
        print(found.path, found.relative)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from teikit.errors import InputError, OutputError
from teikit.io import STDIN


@dataclass(frozen=True)
class Input:
    """One input of a batch.

    `relative` is the path below the folder it was found in (the file name for a file
    named directly): `--out-dir` mirrors it. `problem` says why it cannot be read at all.
    """

    path: str
    relative: str
    problem: str | None = None


def read_file_list(source: str, *, null: bool = False) -> list[str]:
    """The names in a `--files-from` list ("-": standard input), empty lines skipped.

    Names are split on NUL with `null`, else on line breaks. Bytes that are not UTF-8
    are kept the way Python keeps file names (surrogate escapes), so such files open.

    Example:
        read_file_list("todo.lst")  # ["a.txt", "b c.txt"]
    """
    try:
        if source == STDIN:
            data = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as handle:
                data = handle.read()
    except OSError as err:
        raise InputError(f"{source}: cannot read the file list: {err.strerror or err}") from None
    text = os.fsdecode(data)
    names = text.split("\0") if null else text.splitlines()
    return [name for name in names if name]


def gather_inputs(
    args: Iterable[str],
    *,
    suffixes: Sequence[str],
    files_from: Sequence[str] = (),
    skip: str | None = None,
) -> list[Input]:
    """Every input named by `args` and `files_from`, in the order given, each once.

    A folder on the command line contributes the files under it whose names end in one
    of `suffixes` (sorted, symlinks followed, loops reported); a file is taken whatever
    its name. A listed name is always taken as a file, as tar and rsync take them, so a
    folder in a list is reported rather than searched. The folder `skip` (the output
    folder) is never searched, so outputs written inside an input folder are not read
    back as inputs by the next run.

    Example:
        gather_inputs(["a.txt", "letters/"], suffixes=(".txt",))
    """
    found: list[Input] = []
    seen: set[str] = set()
    skipped = os.path.realpath(skip) if skip is not None else None
    named = (_expand(arg, suffixes, skipped) for arg in args)
    listed = ([Input(name, PurePath(name).name or name)] for name in files_from)
    for item in (item for items in (*named, *listed) for item in items):
        key = item.path if item.path == STDIN else os.path.normpath(item.path)
        if key not in seen:
            seen.add(key)
            found.append(item)
    return found


def _expand(arg: str, suffixes: Sequence[str], skip: str | None) -> Iterator[Input]:
    if arg == STDIN:
        yield Input(STDIN, "stdin.xml")  # an output named for it: stdin.xml
    elif os.path.isdir(arg):
        yield from _walk(arg, suffixes, skip)
    else:
        yield Input(arg, PurePath(arg).name or arg)


def _walk(root: str, suffixes: Sequence[str], skip: str | None = None) -> Iterator[Input]:
    """The files under `root` in sorted path order (as `find | sort` lists them);
    symlinked folders are followed, except one that leads back to a folder it is
    inside of (a loop, reported)."""
    ancestors: list[tuple[int, int]] = []
    stack: list[Iterator[tuple[str, str, bool]]] = []
    entered = _enter(root, "", ancestors)
    if isinstance(entered, Input):
        yield entered
        return
    stack.append(entered)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            ancestors.pop()
            continue
        path, relative, is_dir = entry
        if is_dir and skip is not None and os.path.realpath(path) == skip:
            continue
        if not is_dir:
            if path.endswith(tuple(suffixes)):
                yield Input(path, relative)
            continue
        entered = _enter(path, relative, ancestors)
        if isinstance(entered, Input):
            yield entered
        else:
            stack.append(entered)


def _enter(
    folder: str, prefix: str, ancestors: list[tuple[int, int]]
) -> Iterator[tuple[str, str, bool]] | Input:
    """The sorted entries of `folder` (pushing it on `ancestors`), or why it cannot be
    entered."""
    where = prefix or "."
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            return Input(folder, where, f"symlink loop: leads back to {os.path.realpath(folder)}")
        with os.scandir(folder) as found:
            entries = sorted((entry.name, _is_dir(entry)) for entry in found)
    except OSError as err:
        return Input(folder, where, f"cannot list folder: {err.strerror or err}")
    ancestors.append(key)
    return (
        (os.path.join(folder, name), f"{prefix}/{name}" if prefix else name, is_dir)
        for name, is_dir in entries
    )


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a loop of links is not a folder
    except OSError:
        return False


def mirrored_output(out_dir: str, relative: str, *, suffix: str | None) -> str:
    """Where an input's output goes below `out_dir`: its relative path, new `suffix`.

    The path can never leave `out_dir`: not through "..", an absolute name, or a
    symlinked folder inside `out_dir` that points elsewhere (OutputError).

    Example:
        mirrored_output("tei", "1949/cable.txt", suffix=".xml")  # "tei/1949/cable.xml"
    """
    parts = [part for part in PurePath(relative).parts if part not in ("", ".")]
    if not parts or any(part == ".." for part in parts) or PurePath(relative).is_absolute():
        raise OutputError(f"{relative}: cannot be placed inside {out_dir}")
    name = parts[-1]
    if suffix is not None:
        name = (PurePath(name).stem or name) + suffix
    target = os.path.join(out_dir, *parts[:-1], name)
    root = os.path.realpath(out_dir)
    parent = os.path.realpath(os.path.dirname(target))
    if os.path.commonpath([root, parent]) != root:
        raise OutputError(f"{target}: its folder leads outside {out_dir} (through a symlink)")
    return target
