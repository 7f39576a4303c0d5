import sys

from benchmarks.calendar.run import main

sys.exit(main())
