import sys

from benchmarks.batch.run import main

sys.exit(main())
