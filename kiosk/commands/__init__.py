"""Subcommands of ``kiosk``: one module each, with ``register(subparsers)``; heavy imports go inside handlers."""
