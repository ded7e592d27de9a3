"""Loaded by pytest before its other plugins (``-p`` in pyproject.toml).

jsonschema, which nbformat imports (nbval's plugin and many tests import nbformat), builds an
RFC 3987 grammar on import when rfc3987-syntax is installed: a second of every test
process's start. The test processes defer it as every rupak process does (build/startup.py).
"""

from rupak_lib.build.startup import defer_slow_imports

defer_slow_imports()
