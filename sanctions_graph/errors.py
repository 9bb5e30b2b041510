"""One root exception for everything the library refuses to do.

Every message says what was wrong and how to fix it, in one line, so that the
CLI can show it as it is.
"""


class SanctionsGraphError(Exception):
    """Root of the library's errors; the message is meant for the user."""


class InputError(SanctionsGraphError):
    """An article, file or option that cannot be used as given."""


class StoreError(SanctionsGraphError):
    """The store cannot be opened, read or written."""


class QueryError(SanctionsGraphError):
    """A SPARQL query that is malformed, unknown or refused."""


class ValidationError(SanctionsGraphError):
    """Data that does not conform to the SHACL shapes."""


class OutputError(SanctionsGraphError):
    """A file or stream the results cannot be written to (full disk, closed pipe ...)."""
