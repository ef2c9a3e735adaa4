"""From raw reports to facts: ingest, clean, segment, embed, relate, select."""
