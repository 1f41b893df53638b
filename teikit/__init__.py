"""teikit: turn archival transcriptions into valid TEI P5, and check and tidy TEI files.

Example:
    from teikit import convert_text
    result = convert_text(text, source="cable.txt")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teikit.convert import Converted, convert_text
    from teikit.diagnostics import Diagnostic, Severity
    from teikit.errors import ConventionsError, InputError, TeikitError
    from teikit.formatting import Prettied, PrettyOptions, format_tei, pretty
    from teikit.transcription.conventions import Conventions, dump_conventions, load_conventions
    from teikit.validation import iter_diagnostics, validate

# Each name is imported on first use, so `teikit validate` does not load the converter.
_HOMES = {
    "Converted": "teikit.convert",
    "convert_text": "teikit.convert",
    "Diagnostic": "teikit.diagnostics",
    "Severity": "teikit.diagnostics",
    "ConventionsError": "teikit.errors",
    "InputError": "teikit.errors",
    "TeikitError": "teikit.errors",
    "Prettied": "teikit.formatting",
    "PrettyOptions": "teikit.formatting",
    "format_tei": "teikit.formatting",
    "pretty": "teikit.formatting",
    "Conventions": "teikit.transcription.conventions",
    "dump_conventions": "teikit.transcription.conventions",
    "load_conventions": "teikit.transcription.conventions",
    "iter_diagnostics": "teikit.validation",
    "validate": "teikit.validation",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'teikit' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "Conventions",
    "ConventionsError",
    "Converted",
    "Diagnostic",
    "InputError",
    "Prettied",
    "PrettyOptions",
    "Severity",
    "TeikitError",
    "__version__",
    "convert_text",
    "dump_conventions",
    "format_tei",
    "iter_diagnostics",
    "load_conventions",
    "pretty",
    "validate",
]
