"""Load and derive: the one pipeline that fills a store (the demo, an import) and rebuilds
what derives from the HSDS tables after every load or edit (service areas, hours, the
search and hotline indexes)."""
