"""Quotation: which marked stretches are quotes of speech, learned from gold."""
