"""Allow `python -m briefgen`."""

import sys

from .cli import main

sys.exit(main())
