"""``python -m currentkit`` runs the command line."""

import sys

from currentkit.cli.main import main

sys.exit(main())
