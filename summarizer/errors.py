"""Errors a user can act on. The CLI and demo print their message without a traceback."""


class InputError(ValueError):
    """The input cannot be summarized as given (empty, binary, unreadable, malformed...)."""


class ModelError(RuntimeError):
    """A model id or path cannot be loaded or run."""


def require_extra(extra: str, what: str, *modules: str) -> None:
    """InputError naming the extra to install when `what` (a command, an engine, a backend) needs
    modules that are missing: the core install summarizes on CTranslate2; torch and transformers
    (`hf`, `train`), evaluation, the demo and Ray are extras (see pyproject.toml)."""
    from importlib.util import find_spec

    missing = [m for m in modules if find_spec(m) is None]
    if missing:
        raise InputError(f"{what} needs the [{extra}] extra ({', '.join(missing)} not installed): "
                         f"pip install 'mds-summarizer[{extra}]'")
