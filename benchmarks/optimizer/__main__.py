import sys

from benchmarks.optimizer.run import main

sys.exit(main())
