"""Paragraph breaks of an article stored on one line (newlines as spaces, as JSONL corpora keep
it): at each sentence boundary, P(a paragraph ended here), learned on PolNeAR train's articles
joined into one line. The stages look for speakers paragraph by paragraph, so a paragraph cut in
two loses its speaker and two run together gain a wrong one."""
