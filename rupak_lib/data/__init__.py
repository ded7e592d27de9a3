"""The data and its contract: what a package holds, reading it, checking it, loading it.

The bottom layer: it imports nothing of the other subpackages.
"""
