"""Loaded-term detection and neutral rewording, with the project's lexicon."""
