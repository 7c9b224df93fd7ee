"""Reported speech: attributions without quotation marks ("Kim said *the partnership poses a
grave threat*", "according to the ministry, *talks will resume*").

The same stages as for direct quotes, over the parse: a cue classifier picks the reporting
words among the verbs (and "according to") of the parsed prose (`candidates.cue_heads`), a
content ranker picks the span each cue introduces among its clausal complements and the rest
of its sentence (`candidates.contents`) and the likeliest spans of start and end models that
score every word of its sentence (`boundaries`), and the speaker is the cue's subject, named by
the document's speaker resolver. All four models are `HashedLogistic`s trained on PolNeAR train
(`python -m quotes.reported.train`); without them (`--model rules`) the baseline takes every
reporting verb of the lexicon with its clausal complement.
"""
