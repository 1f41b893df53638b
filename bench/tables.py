"""Plain-text tables for the bench scripts' output (right-aligned columns, a rule below
the header), so every script prints its figures the same way."""

from __future__ import annotations

from collections.abc import Sequence


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The rows under their headers, each column as wide as its widest cell.

    Example:
        print(table(["command", "files/s"], [["convert", "218"]]))
    """
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(f"{{:>{w}}}" for w in widths)
    out = [line.format(*headers), line.format(*("-" * w for w in widths))]
    out += [line.format(*row) for row in rows]
    return "\n".join(out)
