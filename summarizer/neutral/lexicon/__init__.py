"""The loaded-terms lexicon shipped with the package (data only; see README.md here)."""
