"""``python -m warroom.game`` runs the ``warroom`` command line."""

import sys

from .cli import main

sys.exit(main())
