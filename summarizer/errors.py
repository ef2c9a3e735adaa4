"""Errors a user can act on. The CLI and demo print their message without a traceback."""


class InputError(ValueError):
    """The input cannot be summarized as given (empty, binary, unreadable, malformed...)."""


class ModelError(RuntimeError):
    """A model id or path cannot be loaded or run."""


def require_extra(extra: str, command: str, *modules: str) -> None:
    """InputError naming the optional dependencies to install when `command` needs modules that
    are missing (the core install summarizes; evaluation, the demo and training are extras)."""
    from importlib.util import find_spec

    missing = [m for m in modules if find_spec(m) is None]
    if missing:
        raise InputError(f"`mds {command}` needs the [{extra}] extra ({', '.join(missing)} not installed): "
                         f"pip install 'mds-summarizer[{extra}]'")
