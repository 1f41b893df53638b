"""teikit: turn archival transcriptions into valid TEI P5, and check and tidy TEI files.

Example:
    from teikit import convert_text
    result = convert_text(text, source="cable.txt")
"""

from teikit.convert import Converted, convert_text
from teikit.diagnostics import Diagnostic, Severity
from teikit.errors import ConventionsError, InputError, TeikitError
from teikit.formatting import Prettied, PrettyOptions, format_tei, pretty
from teikit.transcription.conventions import Conventions, dump_conventions, load_conventions
from teikit.validation import iter_diagnostics, validate

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
