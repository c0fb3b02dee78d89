"""Entry point of ``python -m localwelfare``."""

import sys

from localwelfare.cli import main

sys.exit(main())
