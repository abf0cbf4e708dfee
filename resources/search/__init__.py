"""Search, the specialist's feature: where + what -> open services nearby, ranked, with the
crisis lines, hotlines, notices and the referral slip's text. The engine is
:mod:`resources.search.engine`."""
