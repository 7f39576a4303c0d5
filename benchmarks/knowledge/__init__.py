"""Methodology retrieval benchmark: ``python -m benchmarks.knowledge``.

Builds the index from ``knowledge/docs`` in a temporary directory, answers the evaluation set
(``questions.toml``: a dev split and a holdout split, each question labelled with the one section
that answers it) and writes hit@1, hit@3, build times, query latency and cold-start load time to
``benchmarks/results/knowledge.md``. The shipped hybrid ranking is compared, in the same process
and over the same index, with itself minus one rule at a time (the doc context; convex fusion,
replaced by the previous reciprocal rank fusion) and with each of its halves alone: meaning
(MiniLM embeddings in Chroma) and keywords (BM25, the baseline). ``variants.md`` is the hand-kept
record of every variant tried while choosing the ranking; it is copied into the results.
"""
