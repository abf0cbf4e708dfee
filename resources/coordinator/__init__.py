"""The coordinator's feature: imports with a preview and publish, edits, review, audit, beds,
duplicates, data quality, searchability, the HSDS export and the users file."""
