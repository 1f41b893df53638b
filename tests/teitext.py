"""Reading text out of TEI trees in tests (a plain helper module, not a test file)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from teikit import convert_text


def converted_body(text: str) -> str:
    """The converted body of a bare transcription, on one line."""
    xml = convert_text(text, source="case.txt").xml.decode()
    return re.sub(r"\s*\n\s*", " ", xml[xml.index("<body>") : xml.index("</body>")])


def text_before(block: Any, target: Any, *, skip: Callable[[Any], bool] = lambda el: False) -> str:
    """The text of `block` before `target`, whitespace made single, leaving out `skip`ped parts."""
    pieces: list[str] = []

    def walk(node: Any) -> bool:
        if node is target:
            return True
        if node is not block and skip(node):
            return False
        pieces.append(node.text or "")
        for child in node:
            if walk(child):
                return True
            pieces.append(child.tail or "")
        return False

    walk(block)
    return " ".join("".join(pieces).split())
