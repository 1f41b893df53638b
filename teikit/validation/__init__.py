"""Validation of TEI (or any XML) against RELAX NG and Schematron, as Diagnostics.

Example:
    from teikit.validation import validate
    for d in validate("letter.xml", schema="tei_all.rng"):
        print(d.location(), d.message)
"""

from teikit.validation.engine import iter_diagnostics, prepare_batch, validate, xml_models
from teikit.validation.schema import (
    Schema,
    SchemaError,
    bundled_schema,
    load_schema,
    local_element_names,
)

__all__ = [
    "Schema",
    "SchemaError",
    "bundled_schema",
    "iter_diagnostics",
    "load_schema",
    "local_element_names",
    "prepare_batch",
    "validate",
    "xml_models",
]
