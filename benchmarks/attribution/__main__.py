import sys

from benchmarks.attribution.run import main

sys.exit(main())
