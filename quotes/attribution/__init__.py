"""Attribution: which nearby mention is the speaker of a quote, learned from gold pairs."""
