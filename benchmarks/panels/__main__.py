import sys

from benchmarks.panels.run import main

sys.exit(main())
