"""Curation: adding a source, drafting its claims, accepting them into the package.

It builds on the data and the analysis layers and lies below the build, whose preview
serves curation pages.
"""
