"""Allow `python -m briefgen`."""

import sys

from .commands.cli import main

sys.exit(main())
