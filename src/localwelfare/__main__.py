"""Entry point of ``python -m localwelfare``."""

import sys

from localwelfare.cli import main

if __name__ == "__main__":  # guarded: the pipeline's worker processes import the main module
    sys.exit(main())
