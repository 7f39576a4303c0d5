import sys

from benchmarks.hardening.run import main

sys.exit(main())
