"""Abstractive multi-document news summarizer: clean noisy reports, fuse them, cite sources.

    from summarizer import Summarizer
    summary = Summarizer().summarize([report1, report2, report3], max_words=120)
"""
from summarizer.errors import InputError, ModelError
from summarizer.types import ClusterError, Document, Summary, SummarySentence

__all__ = ["Summarizer", "Summary", "SummarySentence", "ClusterError", "Document", "InputError", "ModelError"]
__version__ = "0.1.0"


def __getattr__(name):  # lazy: importing the package must not load torch or models
    if name == "Summarizer":
        from summarizer.api import Summarizer

        return Summarizer
    raise AttributeError(name)
