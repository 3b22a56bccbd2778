"""The results engine: indicators are definitions over registered record sources, computed live."""

from pathways.results.engine.sources import Source, get_source, register_source, unregister_source

__all__ = ["Source", "get_source", "register_source", "unregister_source"]
