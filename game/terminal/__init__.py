"""Terminal play: the loop that reads commands and the clock, the commands, and what they show.

Modules: :mod:`.start` opens (or resumes) a recorded session, :mod:`.loop` drives it with a
manual or realtime clock, :mod:`.commands` is the registry of words a player types,
:mod:`.parsing` reads them, :mod:`.screen` prints feed lines, and :mod:`.dashboard`,
:mod:`.resources`, :mod:`.actions` and :mod:`.story` build the views.
"""
