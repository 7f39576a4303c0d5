"""``python -m benchmarks.understanding.blind_v3``: the same as ``python -m
benchmarks.understanding --blind-v3``."""

import sys

from benchmarks.understanding.blind_v3.run import main

main(sys.argv[1:])
