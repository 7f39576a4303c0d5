"""``python -m benchmarks.understanding.blind_v2``: the same as ``python -m
benchmarks.understanding --blind-v2``."""

import sys

from benchmarks.understanding.blind_v2.run import main

main(sys.argv[1:])
