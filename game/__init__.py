"""The warroom application: command line, terminal play and (later) the pygame window."""
