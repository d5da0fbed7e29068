"""Helpers shared by subcommands: the loaded configuration and the data folder from the global options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config, data_home, load_config

if TYPE_CHECKING:
    # What ``register(subparsers)`` gets: argparse's own (private, generic only in its stubs) type.
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def config_from(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config) if getattr(args, "config", None) else None)


def home_from(args: argparse.Namespace) -> Path:
    return data_home(getattr(args, "home", None))
