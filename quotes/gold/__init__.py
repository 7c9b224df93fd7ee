"""Gold data: our doccano relation JSONL and readers for outside corpora."""
