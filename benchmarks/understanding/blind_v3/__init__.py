"""A third, blind understanding corpus and intent set (issue 12, items 2 and 4).

Written by someone who had not read the reader (``model_engine/intake``), the router or the
planner, with sentence shapes that are not in the first corpus or in ``blind_v2``: "which
brought ... respectively", CSV pastes, tables with the unit in the header ("Spend ($k)"),
key/value blocks, numbered lists, Q&A-style notes, minimum commitments, per-channel limits on
cuts and growth, floors for every channel, shares fixed exactly, alternative totals, and
channel names that are odd or contain type and outcome words ("customer dinners", "LI
sponsored content", "Search - competitors"). Every number notation is used (k, K, M, mn,
"1.2 million", "$0.4M", "400,000", "400 000", words, €, £).

The set is blind: it must never be used for tuning the reader or the router. Score it with
``python -m benchmarks.understanding --blind-v3``.
"""
