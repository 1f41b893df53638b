"""One Diagnostic type shared by every command, and the renderers that print them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


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
        """`file:line:col`, leaving out the parts that are unknown."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready mapping with the severity as a string."""
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


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


def render_text(diagnostics: Iterable[Diagnostic], *, color: bool = False) -> str:
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


def render_json(diagnostics: Iterable[Diagnostic], *, color: bool = False) -> str:
    """One JSON array of all diagnostics."""
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def render_jsonl(diagnostics: Iterable[Diagnostic], *, color: bool = False) -> str:
    """One JSON object per line, for batch jobs."""
    return "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in diagnostics)


Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
}
