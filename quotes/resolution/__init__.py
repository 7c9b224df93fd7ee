"""Speaker resolution: which entity of the document each speaker mention names.

`table` reads a per-document table of entities from the raw text (names, titles, roles,
gender and number evidence, kind) without parsing it; `features` describes a mention against
each entity of the table and against a new one; `ranker` holds the learned weights (trained on
GUM's coreference and PolNeAR train's canonical speakers, `python -m quotes.resolution.train`;
`polnear` reads the latter); `resolver` links the speaker mentions
of one document in reading order, and names and kinds what it linked.
"""
