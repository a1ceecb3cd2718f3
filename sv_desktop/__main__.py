"""`python -m sv_desktop` runs the same entry point as `sv-desktop`."""
from sv_desktop.cli import main

raise SystemExit(main())
