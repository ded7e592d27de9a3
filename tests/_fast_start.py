"""Loaded by pytest before its other plugins (``-p`` in pyproject.toml).

jsonschema, which nbformat imports (nbval's plugin and many tests import nbformat), builds an
RFC 3987 grammar on import when rfc3987-syntax is installed: 2 s of every test process's start,
for an "iri" format check that no notebook schema asks for. The build's workers skip it the
same way (``build.run._skip_uri_grammar``).
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
