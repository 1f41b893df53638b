"""teikit: turn archival transcriptions into valid TEI P5, and check and tidy TEI files."""

__version__ = "0.1.0"
