"""teikit: turn archival transcriptions into valid TEI P5, and check and tidy TEI files.

Example:
    from teikit import convert_text
    result = convert_text(text, source="cable.txt")
"""

from teikit.convert import Converted, convert_text
from teikit.diagnostics import Diagnostic, Severity
from teikit.errors import ConventionsError, InputError, TeikitError
from teikit.transcription.conventions import Conventions, dump_conventions, load_conventions

__version__ = "0.1.0"

__all__ = [
    "Conventions",
    "ConventionsError",
    "Converted",
    "Diagnostic",
    "InputError",
    "Severity",
    "TeikitError",
    "__version__",
    "convert_text",
    "dump_conventions",
    "load_conventions",
]
