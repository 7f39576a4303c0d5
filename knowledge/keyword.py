r"""Okapi BM25 keyword scoring, the lexical half of hybrid methodology search.

A small sentence-embedding model is good at paraphrase but weak on exact terms a question names
(MAPE, mROI, Hill, shadow price, geo experiment); BM25 is the reverse. The retriever scores
sections both ways and fuses the two scores (:mod:`knowledge.retrieval`).

For chunk :math:`d` and query terms :math:`q_1 \dots q_n`:

.. math::

    \text{score}(d) = \sum_i \text{idf}(q_i)
        \frac{f(q_i, d)\,(k_1 + 1)}{f(q_i, d) + k_1 (1 - b + b\,|d| / \overline{|d|})},
    \qquad \text{idf}(q) = \ln\Bigl(1 + \frac{N - n(q) + 0.5}{n(q) + 0.5}\Bigr)

with the textbook :math:`k_1 = 1.5`, :math:`b = 0.75` (Robertson & Zaragoza 2009). Terms are
lower-cased words and numbers minus common English function words and single letters, reduced to
their Porter stems (the original Porter 1980 algorithm, as ``snowballstemmer`` ships it) so that
"validating" matches "validation" and "saturated" matches "saturation". Snowball's later English
(Porter2) stemmer was measured too and retrieves one question fewer in the top three
(``benchmarks/results/knowledge.md``). A number glued to a unit is split from it ("40x" -> "40",
"x").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_THEN_LETTER = re.compile(r"(?<=[0-9])(?=[a-z])")
_STOPWORDS = frozenset(
    """a about an and are as at be been but by can could did do does for from had has have how
    i if in into is it its me my no not of on or our should so than that the their them then
    there these they this those to us was we were what when where which who why will with would
    you your
    aren couldn didn doesn don hadn hasn haven isn ll re shouldn ve wasn weren won wouldn""".split()  # noqa: SIM905 (a word list reads better as text than as 82 literals)
)


def _keep(word: str) -> bool:
    # Single letters are contraction debris ("what's", "doesn't": the second list of stopwords
    # holds the longer pieces) or symbols (x, n, K); single digits are kept ("a retention of 0.7").
    return word not in _STOPWORDS and (len(word) > 1 or word.isdigit())


_STEMMER = snowballstemmer.stemmer("porter")


def terms(text: str) -> list[str]:
    """The index terms of ``text``: lower-case words and numbers, function words and single
    letters dropped, words reduced to their Porter stems."""
    words = _WORD.findall(_NUMBER_THEN_LETTER.sub(" ", text.lower()))
    kept = [word for word in words if _keep(word)]
    stems = iter(_STEMMER.stemWords([w for w in kept if not w.isdigit()]))
    return [word if word.isdigit() else next(stems) for word in kept]


class KeywordIndex:
    """BM25 over a fixed list of texts; ``scores(query)[i]`` is text ``i``'s score."""

    def __init__(self, texts: Sequence[str], k1: float = 1.5, b: float = 0.75) -> None:
        if not texts:
            raise ValueError("a keyword index needs at least one text")
        self.k1, self.b = k1, b
        self._counts = [Counter(terms(text)) for text in texts]
        lengths = np.array([sum(counts.values()) for counts in self._counts], dtype=float)
        self._length_norm = 1 - b + b * lengths / max(lengths.mean(), 1.0)
        documents_with: Counter[str] = Counter()
        for counts in self._counts:
            documents_with.update(counts.keys())
        n = len(texts)
        self._idf = {
            term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in documents_with.items()
        }

    def __len__(self) -> int:
        return len(self._counts)

    def scores(self, query: str) -> npt.NDArray[np.float64]:
        result = np.zeros(len(self._counts))
        for term in set(terms(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            frequency = np.array([counts.get(term, 0) for counts in self._counts], dtype=float)
            result += idf * frequency * (self.k1 + 1) / (frequency + self.k1 * self._length_norm)
        return result
