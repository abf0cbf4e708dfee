"""Queries behind the route planner: the sites of the services chosen as stops.

A stop is a service at a located place, so the rows come from ``search_index`` (offerable
services only). Ids that are not there are looked up in ``service`` to say *why* (inactive,
temporarily closed, private, no location) instead of "unknown id".
"""

from __future__ import annotations

import duckdb
import pandas as pd

_SITES = """
SELECT service_id, location_id, service_name, organization_name, location_name,
       latitude, longitude, geo_precision, timezone, location_private,
       address_1, city, state, postal_code, alert
FROM search_index
WHERE list_contains(?::VARCHAR[], service_id)
ORDER BY service_id, location_id
"""

_SERVICES = """
SELECT s.id AS service_id, s.name AS service_name, s.status, s.alert,
       coalesce(s.do_not_refer, false) AS do_not_refer, coalesce(s.is_private, false) AS private,
       count(sal.location_id) AS sites
FROM service s
LEFT JOIN service_at_location sal ON sal.service_id = s.id
WHERE list_contains(?::VARCHAR[], s.id)
GROUP BY ALL
"""


def service_sites(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> pd.DataFrame:
    """One row per offerable service at a located site, for these service ids."""
    return con.execute(_SITES, [list(service_ids)]).df()


def service_records(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> pd.DataFrame:
    """The ``service`` rows for these ids (any status), with their number of sites."""
    return con.execute(_SERVICES, [list(service_ids)]).df()
