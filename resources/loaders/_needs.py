"""The needs vocabulary as the facility loaders use it (loaded once, read-only).

Source category maps live in ``resources/data/needs.yaml`` (``hifld_types``, ``osm_tags``);
the loaders only call :func:`vocabulary` and never keep maps of their own.
"""

from __future__ import annotations

from functools import lru_cache

from resources.vocab.needs import Vocabulary, load_vocabulary


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The packaged vocabulary (immutable, so one shared instance is safe)."""
    return load_vocabulary()


def need_ids() -> frozenset[str]:
    return frozenset(vocabulary().by_id)
