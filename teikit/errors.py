"""One exception tree, so the CLI catches user-fixable problems in one place."""


class TeikitError(Exception):
    """A problem the user can fix; the CLI shows it without a traceback."""


class InputError(TeikitError):
    """An input file that cannot be read or decoded."""


class ConventionsError(InputError):
    """A conventions file that is missing, malformed or names an unknown construct."""


class OutputError(TeikitError):
    """An output file or folder that cannot be written."""
