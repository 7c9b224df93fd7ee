"""Which words introduce a quote: candidate cues, their features and the cue classifier's examples."""
