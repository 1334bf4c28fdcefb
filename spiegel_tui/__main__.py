"""``python -m spiegel_tui`` runs the command line."""

from spiegel_tui.cli import main

raise SystemExit(main())
