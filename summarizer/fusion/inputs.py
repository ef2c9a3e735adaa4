"""What the fusion model reads for one fact. Training pairs are built with the same function."""

SEPARATOR = " [SEP] "


def fusion_input(anchor: str, extras: list[str] = ()) -> str:
    """The model's input for one fact: the sentence to rewrite, then the others that state it."""
    return SEPARATOR.join([anchor.strip(), *(e.strip() for e in extras)])
