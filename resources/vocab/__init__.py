"""The words the engine understands, declared as data: the needs vocabulary, the crisis
classes and the national lines (``resources/data/*.yaml``). Pure data and matching: no store."""
