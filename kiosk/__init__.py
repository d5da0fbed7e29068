"""The application core of the village service terminal: domain model, workflows, session, CLI.

Pure Python: nothing in this package imports Qt (tests/test_layers.py proves it).
"""

__version__ = "0.1.0"
