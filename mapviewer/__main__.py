"""`python -m mapviewer` runs the same entry point as the `mapviewer` command."""

import sys

from mapviewer.cli import main

sys.exit(main())
