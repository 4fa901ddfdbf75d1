"""Every scene of the window; importing this package registers them by name."""

from . import architecture, briefing, debrief, error, pause, picker, play, profile, replay, settings, title  # noqa: F401
