"""A second, blind understanding corpus (issue 12, items 2 and 4).

Written by someone who had not read the reader (``model_engine/intake``) or the router
(``assistant/understanding``), from how CMOs and marketing ops people write: forwarded
emails, Slack one-liners, bullet lists, tables pasted from Sheets, shares of a total, budgets
relative to last quarter, word numbers, booked amounts, floors and caps in many phrasings,
ad-hoc groups, multi-word channel names, references ("there", "that one", "both"), typos and
filler. The expected readings use the same :class:`~benchmarks.understanding.reading.Reading`
form as the first corpus, so the same scorer scores them.

The set is blind: it must never be used for tuning the reader or the router. Score it with
``python -m benchmarks.understanding --blind-v2``.
"""
