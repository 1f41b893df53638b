"""Compile teikit/schemas/teikit.sch into the stylesheet the package loads.

Run after editing the rules:  python schemas/compile_rules.py
The result, teikit/schemas/teikit.sch.xsl, is stamped with the rules' SHA-256; the
package ignores a stylesheet whose stamp does not match (see teikit/validation/rules.py),
and tests/test_schema.py fails until it is made again.
"""

from pathlib import Path

from teikit.io import read_bytes, write_atomic
from teikit.validation.rules import stamped_stylesheet

FOLDER = Path(__file__).resolve().parent.parent / "teikit" / "schemas"

if __name__ == "__main__":
    rules = read_bytes(str(FOLDER / "teikit.sch"))
    write_atomic(FOLDER / "teikit.sch.xsl", stamped_stylesheet(rules))
