"""``python -m resources.cli``: the same command as the ``resources`` console script."""

import sys

from resources.cli import main

sys.exit(main())
