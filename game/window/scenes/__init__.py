"""Every scene of the window; importing this package registers them by name."""

from . import error, title  # noqa: F401
