import sys

from benchmarks.forecast.run import main

sys.exit(main())
