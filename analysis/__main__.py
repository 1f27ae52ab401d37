"""Command line: python -m analysis {validate,build,envfile} (see --help)."""

import sys

from .cli import main

sys.exit(main())
