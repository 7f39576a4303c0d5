import sys

from benchmarks.knowledge.run import main

sys.exit(main())
