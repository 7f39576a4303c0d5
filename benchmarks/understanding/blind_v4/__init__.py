"""The fourth blind understanding set (issue 12, items 2 and 4): a reading corpus
(:mod:`.corpus`) and an intent set (:mod:`.intents`) written by an author who did not see the
reader or the router, scored once by ``python -m benchmarks.understanding --blind-v4``."""
