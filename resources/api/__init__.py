"""The HSDS 3.0 API: a read-only HTTP service over the same store and search engine as the app.

- :mod:`resources.api.app`: the app factory (:func:`create_app`) and its settings;
- :mod:`resources.api.routes_hsds`: the HSDS 3.0 endpoints (``/services`` ...);
- :mod:`resources.api.routes_search`: ``/search``, the Find page's search;
- :mod:`resources.api.hsds`: HSDS JSON records from the store;
- :mod:`resources.api.access`, :mod:`resources.api.tokens`, :mod:`resources.api.limits`:
  who is calling, their tokens and rate limits;
- :mod:`resources.api.errors`: one JSON shape for every error;
- :mod:`resources.cli.api` (with the command line): ``resources api`` (serve) and ``resources api token``.
"""
