"""The doccano annotation loop: pre-annotated tasks out, corrected gold back, agreement."""
