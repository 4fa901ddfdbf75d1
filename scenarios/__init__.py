"""The bundled scenario library; read with ``importlib.resources`` (see engine.scenario.library)."""
