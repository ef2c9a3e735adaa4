"""Reference-free and reference-based metrics beyond ROUGE, one module per group.

- ``neutrality``: NeuS framing-bias Arousal+/Arousal- (needs the NRC-VAD lexicon) and the rate of
  loaded terms outside quotations (the project's own lexicon, always available).
- ``faithfulness``: share of the summary's names, numbers and quotations found in the sources.
- ``style``: novel n-grams (abstraction), repeated n-grams (redundancy), length.

Each module has a per-summary function and a ``*_scores(summaries, ...)`` batch function returning
``{"items": [per-summary dict, ...], "status": "ok"}``.
"""
