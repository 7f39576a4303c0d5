import sys

from benchmarks.fit.run import main

sys.exit(main())
