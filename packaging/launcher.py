"""The bundle's entry point for both executables: the same `sv-desktop` command as an installed copy."""
from sv_desktop.cli import main

raise SystemExit(main())
