"""``python -m rupak_lib`` runs the ``rupak`` command."""

from .cli import main

raise SystemExit(main())
