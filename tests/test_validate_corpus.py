"""Verdicts against tei_all agree with jing's on every corpus file; first errors on the same line.

jing runs once over the whole corpus; teikit validates the same files with the schema
pruned to the corpus's element names.
"""

from __future__ import annotations

import re

from jing import TEI_ALL, jing_validate

from teikit.validation import load_schema, validate
from teikit.validation.schema import NEVER_NAME

# Files whose first error teikit places on another line than jing, with the reason.
# (None at the time of writing; a new entry needs its explanation here.)
FIRST_LINE_DIFFERS: dict[str, str] = {}

_LINE = re.compile(r"^(\d+):")


def test_verdicts_and_first_error_lines_agree_with_jing(SHARED):
    files = sorted((SHARED / "corpus" / "tei").rglob("*.xml"))
    assert len(files) == 572
    expected = jing_validate(files, TEI_ALL)
    schema = load_schema(TEI_ALL)
    verdicts, lines, leaks = [], [], []
    for path in files:
        found = [d for d in validate(path, schema=schema) if d.severity == "error"]
        # The stand-in for a pruned element is never named to the user (three corpus
        # files make libxml2 say "Expecting element teikit.pruned, got div").
        leaks.extend(d.message for d in found if NEVER_NAME in d.message)
        jing_errors = expected[path]
        rel = str(path.relative_to(SHARED / "corpus" / "tei"))
        if bool(found) != bool(jing_errors):
            verdicts.append(f"{rel}: teikit {found[:1]} jing {jing_errors[:1]}")
        elif found and rel not in FIRST_LINE_DIFFERS:
            jing_line = int(_LINE.match(jing_errors[0]).group(1))
            if found[0].line != jing_line:
                lines.append(f"{rel}: teikit {found[0].line} jing {jing_errors[0][:120]}")
    invalid = sum(1 for errors in expected.values() if errors)
    assert (len(files) - invalid, invalid) == (469, 103)
    assert verdicts == []
    assert leaks == []
    assert lines == [], "\n".join(lines)
