"""Fusion decoding and checks: model inputs, constrained decoding, recasing, verification, alignment."""
