"""``python -m rupak_lib`` runs the ``rupak`` command."""

from rupak_lib.cli import main

raise SystemExit(main())
