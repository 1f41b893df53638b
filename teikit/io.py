"""The only code in teikit that touches disk or builds an XML parser.

Reading decodes a transcription the way the user's editor would (BOM first, else UTF-8,
or the encoding the user names) and refuses to guess; writing replaces the target in
one step, so a killed batch job never leaves a half-written file behind.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from teikit.errors import InputError, OutputError

STDIN = "-"
STDIN_NAME = "<stdin>"

# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The converter counts lines the same way, so positions here match its diagnostics.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Offered in the error message, in this order, when a file is not UTF-8.
_SUGGESTED_ENCODINGS = ("cp1252", "latin-1")


@dataclass(frozen=True)
class Decoded:
    """A transcription's text and how it was read.

    `source` is the name to show in diagnostics ("<stdin>" for "-"); `text` keeps the
    file's line endings and has no BOM.
    """

    text: str
    source: str
    encoding: str
    bom: bool


def display_name(path: str) -> str:
    """The name diagnostics use for an input path ("-" is standard input)."""
    return STDIN_NAME if path == STDIN else path


def read_bytes(path: str, *, max_size: int | None = None) -> bytes:
    """Read a whole input file, or standard input for "-".

    A file larger than `max_size` bytes is refused before it is read (InputError), so
    one huge file cannot exhaust memory.

    Example:
        data = read_bytes("cable.xml", max_size=100 * MB)
    """
    if path == STDIN:
        data = sys.stdin.buffer.read(-1 if max_size is None else max_size + 1)
        if max_size is not None and len(data) > max_size:
            raise InputError(f"{STDIN_NAME}: {_too_large(max_size)}")
        return data
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if max_size is not None and size > max_size:
                raise InputError(f"{path}: {size / MB:.1f} MB is {_too_large(max_size)}")
            if max_size is None:
                data = handle.read()
            else:
                # A buffer of the size found, plus one byte to see growth: asking for
                # max_size + 1 allocated (and shrank) 100 MB per file, ~30 ms per corpus.
                data = handle.read(min(size, max_size) + 1)
                if len(data) > size:  # grew since fstat: read on, up to the limit
                    data += handle.read(max_size + 1 - len(data))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    if max_size is not None and len(data) > max_size:  # grew while being read
        raise InputError(f"{path}: {_too_large(max_size)}")
    return data


MB = 1024 * 1024


def _too_large(max_size: int) -> str:
    return f"larger than the limit of {max_size / MB:g} MB; raise it with --max-size"


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or InputError naming the unknown encoding.

    Example:
        check_encoding("CP1252") == "cp1252"
    """
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}; try a name such as utf-8, cp1252 or latin-1"
        ) from None


def read_transcription(
    path: str, *, encoding: str | None = None, max_size: int | None = None
) -> Decoded:
    """Read and decode a plain-text transcription ("-" reads standard input).

    Example:
        decoded = read_transcription("letter.txt", encoding="cp1252")
        convert_text(decoded.text, source=decoded.source)
    """
    data = read_bytes(path, max_size=max_size)
    return decode_transcription(data, source=display_name(path), encoding=encoding)


def decode_transcription(data: bytes, *, source: str, encoding: str | None = None) -> Decoded:
    """Decode a transcription's bytes: `encoding` if given, else its BOM, else UTF-8.

    Line endings are kept as they are; a leading BOM is dropped.
    """
    bom_codec, bom = _sniff_bom(data)
    codec = check_encoding(encoding) if encoding else bom_codec
    if encoding is None:
        data = data[len(bom) :]
    if not codec.startswith(("utf-16", "utf-32")):
        _refuse_binary(data, source=source, codec=codec)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise _undecodable(err, data, source=source, codec=codec) from None
    # A BOM the user's chosen codec kept as a character is still not content.
    return Decoded(text=text.removeprefix("\ufeff"), source=source, encoding=codec, bom=bool(bom))


def _sniff_bom(data: bytes) -> tuple[str, bytes]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, bom
    return "utf-8", b""


def _position(data: bytes, offset: int, codec: str) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`, as an editor shows them."""
    before = data[:offset].decode(codec, errors="replace").removeprefix("\ufeff")
    starts = [m.end() for m in _LINE_BREAK.finditer(before)]
    line_start = starts[-1] if starts else 0
    return len(starts) + 1, len(before) - line_start + 1


def _refuse_binary(data: bytes, *, source: str, codec: str) -> None:
    offset = data.find(b"\x00")
    if offset < 0:
        return
    line, col = _position(data, offset, codec)
    raise InputError(
        f"{source}: looks like a binary file, not a text transcription (NUL byte at {line}:{col}); "
        "if it is UTF-16 without a byte-order mark, try --encoding utf-16-le or utf-16-be"
    )


def _undecodable(err: UnicodeDecodeError, data: bytes, *, source: str, codec: str) -> InputError:
    line, col = _position(data, err.start, codec)
    label = "UTF-8" if codec == "utf-8" else codec
    # latin-1 decodes any bytes, so there is always something to suggest; the user checks it.
    fit = next(name for name in _SUGGESTED_ENCODINGS if name != codec and _decodes(data, name))
    return InputError(
        f"{source}: not {label} (byte 0x{data[err.start]:02X} at {line}:{col}); "
        f"try --encoding {fit}"
    )


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def make_folder(path: str | Path) -> None:
    """Create an output folder (and its parents) unless it exists."""
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{path}: exists and is not a folder") from None
    except OSError as err:
        raise OutputError(f"{path}: cannot create folder: {err.strerror or err}") from None


def write_atomic(
    path: str | Path, data: bytes, *, keep_mode: bool = False, durable: bool = True
) -> None:
    """Write `data` to `path` in one step: a temporary file beside it, fsync, then rename.

    Readers see the old file or the new one, never a part; on any failure (including
    Ctrl-C) the temporary file is removed and the old file is untouched. `keep_mode`
    gives the new file the permission bits of the file it replaces (`pretty --in-place`).
    `durable` syncs the data to disk before the rename, so that even a power cut leaves
    the old file or the new one.

    Example:
        write_atomic("out/cable.xml", result.xml)
    """
    with open_atomic(path, keep_mode=keep_mode, durable=durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def open_atomic(
    path: str | Path, *, keep_mode: bool = False, durable: bool = True
) -> Iterator[BinaryIO]:
    """A file to write `path` through, put in place only when the block ends normally
    (see `write_atomic`); written in pieces, such as a report that grows with a batch.

    Example:
        with open_atomic("report.jsonl") as out:
            out.write(b"{}\n")
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        # O_EXCL: never reuse someone else's file; 0o666 lets the umask decide, as open() does.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileNotFoundError:
        raise OutputError(f"{target}: folder {target.parent} does not exist") from None
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from None
    except BaseException:
        # Ctrl-C is raised after os.open returns and before fd is bound: the file is
        # ours (O_EXCL, random name), so it goes.
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    try:
        if keep_mode:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, OSError):
            raise OutputError(f"{target}: cannot write: {err.strerror or err}") from None
        raise


def safe_xml_parser(*, keep_cdata: bool = False, collect_ids: bool = True) -> etree.XMLParser:
    """A new lxml parser that never reads a DTD, expands an entity or goes online.

    A new one each time: a parser's error log accumulates across documents.
    `keep_cdata` keeps CDATA sections as written (the pretty printer must not turn
    them into escaped text). Without `collect_ids` a repeated xml:id does not stop
    the parser: `validate` reports it and checks the rest of the document.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        strip_cdata=not keep_cdata,
        collect_ids=collect_ids,
    )


_LXML_WHERE = re.compile(r", line \d+, column \d+$")

# libxml2's safety limits name C options no teikit user can set; say what was refused.
_LIMIT_REASONS = (
    (
        re.compile(r"entity amplification factor exceeded"),
        "entities would expand to far more text than the document holds (an entity bomb "
        'such as "billion laughs"); teikit refuses the document and never expands them',
    ),
    (
        re.compile(r"Excessive depth in document: (\d+)"),
        "elements are nested more than {0} deep; teikit refuses deeper documents",
    ),
    (
        re.compile(r"Buffer size limit exceeded|huge text node"),
        "a text, name or attribute value is longer than 10,000,000 characters; "
        "teikit refuses the document",
    ),
)


def xml_error_reason(err: etree.XMLSyntaxError) -> str:
    """lxml's message without its position or trailing newline; safety limits in plain words.

    Example:
        xml_error_reason(err)  # "elements are nested more than 256 deep; teikit refuses ..."
    """
    reason = _LXML_WHERE.sub("", str(err.msg).strip()).strip()
    for pattern, plain in _LIMIT_REASONS:
        found = pattern.search(reason)
        if found:
            return plain.format(*found.groups())
    return reason


def parse_xml(data: bytes, *, source: str) -> etree._ElementTree:
    """Parse XML bytes safely; not well-formed → InputError with `source:line:col`.

    An entity reference stays an unexpanded reference node (`&x;`): never looked up.

    The encoding comes from the BOM, then the XML declaration, then UTF-8 (lxml's order).

    Example:
        tree = parse_xml(read_bytes("cable.xml"), source="cable.xml")
    """
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as err:
        line, col = err.position
        reason = xml_error_reason(err)
        raise InputError(f"{source}:{line}:{col}: not well-formed XML: {reason}") from None
    return root.getroottree()


def _decoded_lines(data: bytes, tree: etree._ElementTree) -> tuple[str, ...]:
    """The lines of a parsed document's text, decoded as the parser did, for columns."""
    encoding = tree.docinfo.encoding or "utf-8"
    bom_codec, bom = _sniff_bom(data)
    try:
        text = data[len(bom) :].decode(bom_codec if bom else encoding, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    # str.split is ~4x the regex's speed on a 4 MB novel, and the same without a \r.
    return tuple(text.split("\n") if "\r" not in text else _LINE_BREAK.split(text))


# --- validation: XML as found, schemas from the package, a cache and the network -------

_TEI_SCHEMA_PACKAGE = "teikit.schemas"


@dataclass(frozen=True)
class ParsedXml:
    """An XML document parsed for checking, or where it stopped being well-formed.

    `tree` is None when the bytes are not well-formed; `syntax` then holds
    (line, col, reason). `text_lines` are the decoded lines, for columns in messages.
    """

    tree: etree._ElementTree | None
    syntax: tuple[int, int, str] | None
    data: bytes = b""

    @functools.cached_property
    def text_lines(self) -> tuple[str, ...]:
        """The decoded lines, worked out only when a message needs a column."""
        return () if self.tree is None else _decoded_lines(self.data, self.tree)


def parse_xml_for_checking(data: bytes) -> ParsedXml:
    """Parse XML bytes safely and never raise on bad XML: `validate` reports it as a finding.

    Example:
        parsed = parse_xml_for_checking(read_bytes("letter.xml"))
        parsed.syntax  # (3, 14, "Opening and ending tag mismatch: p line 2 and div")
    """
    parser = safe_xml_parser(collect_ids=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line, col = err.position
        return ParsedXml(None, (line or 1, col or 1, xml_error_reason(err)))
    return ParsedXml(root.getroottree(), None, data)


def read_package_schema(name: str) -> bytes | None:
    """The bytes of a schema bundled in the package (`teikit/schemas/NAME`), or None.

    Example:
        read_package_schema("teikit.rng")
    """
    from importlib import resources

    try:
        resource = resources.files(_TEI_SCHEMA_PACKAGE).joinpath(name)
        return resource.read_bytes() if resource.is_file() else None
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return None


def user_cache_dir() -> Path:
    """Where fetched schemas are kept: $XDG_CACHE_HOME/teikit, else ~/.cache/teikit."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "teikit" / "schemas"


def fetch_cached(url: str, *, offline: bool, cache_dir: Path | None = None) -> Path:
    """A local copy of `url`, downloaded once into the user cache folder.

    With `offline` the network is never touched: a URL not yet cached is an InputError.

    Example:
        fetch_cached("http://127.0.0.1:8000/tei_all.rng", offline=False)
    """
    import hashlib
    import urllib.error
    import urllib.request

    folder = cache_dir or user_cache_dir()
    suffix = Path(url.split("?", 1)[0]).suffix[:8]
    target = folder / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + suffix)
    if target.is_file():
        return target
    if offline:
        raise InputError(f"{url}: not in the cache ({folder}) and --offline forbids fetching it")
    if not url.startswith(("http://", "https://")):
        raise InputError(f"{url}: only http and https schema URLs can be fetched")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (http/https only)
            data = response.read()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise InputError(
            f"{url}: cannot fetch the schema: {reason}; try --offline or --schema FILE"
        ) from None
    make_folder(folder)
    write_atomic(target, data)
    return target


def find_xml_files(paths: list[str]) -> list[str]:
    """Inputs for a batch: files as given, folders searched recursively for *.xml (sorted).

    Example:
        find_xml_files(["corpus/", "extra.xml", "-"])
    """
    found: list[str] = []
    for path in paths:
        if path != STDIN and Path(path).is_dir():
            found.extend(str(p) for p in sorted(Path(path).rglob("*.xml")) if p.is_file())
        else:
            found.append(path)
    return found
