"""Versions written into recordings: a recording replays only on the engine that made it."""

ENGINE_VERSION = "0.3.0"
RECORDING_FORMAT = 1
