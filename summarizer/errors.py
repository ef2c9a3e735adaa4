"""Errors a user can act on. The CLI and demo print their message without a traceback."""


class InputError(ValueError):
    """The input cannot be summarized as given (empty, binary, unreadable, malformed...)."""


class ModelError(RuntimeError):
    """A model id or path cannot be loaded or run."""
