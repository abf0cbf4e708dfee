"""Need categories for services, from the taxonomy terms a source links to them.

Terms of our own taxonomy (``resources-needs``: the term ``code`` is a need id) are taken
as they are; terms of other taxonomies (AIRS/211, Open Eligibility ...) go through the
source maps of the needs vocabulary (``resources/data/needs.yaml``).
"""

from __future__ import annotations

import pandas as pd

from resources.records import Batch

OWN_TAXONOMY = "resources-needs"


def _terms_by_service(batch: Batch) -> pd.DataFrame:
    attrs = batch.tables.get("attribute")
    terms = batch.tables.get("taxonomy_term")
    if attrs is None or terms is None or "taxonomy_term_id" not in attrs:
        return pd.DataFrame(columns=["link_id", "code", "name", "taxonomy_name"])
    terms = terms.copy()
    for col in ("code", "name", "taxonomy", "taxonomy_id"):
        if col not in terms:
            terms[col] = None
    taxa = batch.tables.get("taxonomy")
    if taxa is not None and "name" in taxa:
        names = dict(zip(taxa["id"].astype(str), taxa["name"], strict=False))
        terms["taxonomy_name"] = terms["taxonomy_id"].astype(str).map(names).fillna(terms["taxonomy"])
    else:
        terms["taxonomy_name"] = terms["taxonomy"]
    entity = attrs["link_entity"] if "link_entity" in attrs else pd.Series("service", index=attrs.index)
    on_service = attrs[entity.fillna("service").str.lower().isin(["service", "services"])]
    merged = on_service.merge(terms[["id", "code", "name", "taxonomy_name"]],
                              left_on="taxonomy_term_id", right_on="id", how="inner")
    return merged[["link_id", "code", "name", "taxonomy_name"]]


def categorize_from_attributes(batch: Batch, vocabulary: object | None = None) -> None:
    """Fill ``service.categories`` from linked taxonomy terms (kept if already set)."""
    services = batch.tables.get("service")
    if services is None or services.empty:
        return
    linked = _terms_by_service(batch)
    own = linked[linked["taxonomy_name"].astype(str).str.lower() == OWN_TAXONOMY]
    cats: dict[str, list[str]] = {}
    for link_id, code in zip(own["link_id"].astype(str), own["code"].astype(str), strict=False):
        cats.setdefault(link_id, [])
        if code not in cats[link_id]:
            cats[link_id].append(code)
    services = services.copy()
    existing = services.get("categories")
    mapped = services["id"].astype(str).map(lambda i: sorted(cats.get(i, [])) or None)
    services["categories"] = mapped if existing is None else existing.where(existing.notna(), mapped)
    batch.tables["service"] = services
