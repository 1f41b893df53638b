"""One Diagnostic type shared by every command, and the renderers that print them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escape_control(match: re.Match[str]) -> str:
    return repr(match[0])[1:-1]


@dataclass(frozen=True)
class Diagnostic:
    """A finding about an input: what, how bad, and where.

    Example:
        Diagnostic(Severity.WARNING, "brackets.unclosed", "bracket opened here is never closed",
                   file="cable.txt", line=12, col=1)
    """

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    xpath: str | None = None

    def with_file(self, file: str | None) -> Diagnostic:
        """Return a copy that names `file` (used when the library did not know the path)."""
        return replace(self, file=file)

    def location(self) -> str:
        """`file:line:col`, leaving out the parts that are unknown.

        Control characters in a file name (a newline, say) are shown escaped, so one
        diagnostic stays one line.
        """
        parts = [_CONTROL.sub(_escape_control, self.file or "<input>")]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready mapping with the severity as a string."""
        # Spelt out: dataclasses.asdict deep-copies, a third of a 10,000-file report's time.
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "xpath": self.xpath,
        }


def error(code: str, message: str, **where: object) -> Diagnostic:
    """Shorthand for an error-level Diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, **where)  # type: ignore[arg-type]


def warning(code: str, message: str, **where: object) -> Diagnostic:
    """Shorthand for a warning-level Diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, **where)  # type: ignore[arg-type]


def info(code: str, message: str, **where: object) -> Diagnostic:
    """Shorthand for an info-level Diagnostic."""
    return Diagnostic(Severity.INFO, code, message, **where)  # type: ignore[arg-type]


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_text(diagnostics: Iterable[Diagnostic], *, color: bool = False, **_: object) -> str:
    """Human lines `file:line:col: severity: message [code]`, with rich markup when `color`."""
    lines = []
    for d in diagnostics:
        if color:
            from rich.markup import escape

            lines.append(
                f"[bold]{escape(d.location())}[/]: [{_STYLES[d.severity]}]{d.severity}[/]: "
                f"{escape(d.message)} [dim]\\[{escape(d.code)}][/]"
            )
        else:
            lines.append(f"{d.location()}: {d.severity}: {d.message} [{d.code}]")
    return "\n".join(lines) + ("\n" if lines else "")


def render_json(diagnostics: Iterable[Diagnostic], *, color: bool = False, **_: object) -> str:
    """One JSON array of all diagnostics."""
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def render_jsonl(diagnostics: Iterable[Diagnostic], *, color: bool = False, **_: object) -> str:
    """One JSON object per line, for batch jobs."""
    return "".join(json_line(d.to_dict()) for d in diagnostics)


# Characters that some line readers (Python's str.splitlines among them) take for a line
# break: escaped, so that one JSON object stays one line for every reader.
_LINE_SEPARATORS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: object) -> str:
    """`value` as one line of JSON Lines: UTF-8 text kept, line separators escaped."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_SEPARATORS) + "\n"


def _github_escape(text: str, *, property_: bool = False) -> str:
    # GitHub's workflow-command escaping: % first, then line breaks (and , : in properties).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def render_github(diagnostics: Iterable[Diagnostic], *, color: bool = False, **_: object) -> str:
    """GitHub Actions annotations: `::error file=…,line=…,col=…::message [code]`."""
    out = []
    for d in diagnostics:
        kind = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(d.severity, "notice")
        props = [
            f"{key}={_github_escape(str(value), property_=True)}"
            for key, value in (("file", d.file), ("line", d.line), ("col", d.col))
            if value is not None
        ]
        props.append(f"title={_github_escape(d.code, property_=True)}")
        out.append(f"::{kind} {','.join(props)}::{_github_escape(f'{d.message} [{d.code}]')}\n")
    return "".join(out)


def render_junit(
    diagnostics: Iterable[Diagnostic],
    *,
    color: bool = False,
    files: Iterable[str] | None = None,
    **_: object,
) -> str:
    """JUnit XML for CI dashboards: one testcase per file, failing on its errors.

    `files` lists every input, so files without findings show as passed testcases.
    """
    from xml.sax.saxutils import escape as xml_escape
    from xml.sax.saxutils import quoteattr

    by_file: dict[str, list[Diagnostic]] = {name: [] for name in files or ()}
    for d in diagnostics:
        by_file.setdefault(d.file or "<input>", []).append(d)
    failures = sum(1 for found in by_file.values() if has_errors(found))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="teikit" tests="{len(by_file)}" failures="{failures}">',
        f'  <testsuite name="teikit validate" tests="{len(by_file)}" failures="{failures}">',
    ]
    for name, found in by_file.items():
        case = f'    <testcase classname="teikit" name={quoteattr(name)}'
        errors = [d for d in found if d.severity is Severity.ERROR]
        if not found:
            lines.append(case + "/>")
            continue
        lines.append(case + ">")
        if errors:
            first = errors[0]
            body = "\n".join(f"{d.location()}: {d.message} [{d.code}]" for d in errors)
            lines.append(
                f"      <failure message={quoteattr(first.message)} type={quoteattr(first.code)}>"
                f"{xml_escape(body)}</failure>"
            )
        others = [d for d in found if d.severity is not Severity.ERROR]
        if others:
            text = "\n".join(
                f"{d.location()}: {d.severity}: {d.message} [{d.code}]" for d in others
            )
            lines.append(f"      <system-err>{xml_escape(text)}</system-err>")
        lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
    "github": render_github,
    "junit": render_junit,
}
