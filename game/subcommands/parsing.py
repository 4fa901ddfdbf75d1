"""Building sub-command parsers from modules (``NAME``, ``HELP``, optional ``DESCRIPTION``,
``configure(parser)``, ``run(args)``): the top-level command line and ``warroom gameday`` share it."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from types import ModuleType


def add_modules(commands: argparse._SubParsersAction, modules: Iterable[ModuleType], key: str = "run") -> None:
    """One parser per module under ``commands``; the module's ``run`` is stored as the ``key`` default."""
    for module in modules:
        sub = commands.add_parser(
            module.NAME,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.configure(sub)
        sub.set_defaults(**{key: module.run})
