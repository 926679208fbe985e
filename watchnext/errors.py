"""Errors a person reads: one line naming the file, line, record or value at fault."""


class WatchnextError(Exception):
    """Base for every error the CLI prints as one line and exits non-zero on."""


class CatalogError(WatchnextError):
    pass


class NotFound(WatchnextError):
    """A title the user named is not in the catalog; carries 'did you mean' suggestions."""

    def __init__(self, message: str, suggestions: list | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class Ambiguous(WatchnextError):
    """Several titles match what the user named; carries the candidates."""

    def __init__(self, message: str, candidates: list | None = None):
        super().__init__(message)
        self.candidates = candidates or []
