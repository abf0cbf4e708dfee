"""Outreach route planner: order a shift's stops around their opening windows.

Public API::

    from resources.routes import RoutePlan, Stop, Place, plan_route
    itinerary = plan_route(RoutePlan(start=Place(39.74, -104.99, "Office"), start_time=t0), stops)

The engine takes time windows as input (from the hours engine, or typed in); it never imports
Streamlit, the store or the hours engine.
"""

from .baseline import nearest_neighbour
from .export import maps_links, to_csv, to_gpx, to_html, to_text
from .model import (
    DEFAULT_CIRCUITY,
    DEFAULT_SPEEDS_KMH,
    Break,
    Itinerary,
    Mode,
    Place,
    RoutePlan,
    RoutingError,
    Stop,
    TakenBreak,
    Unreachable,
    VehicleRoute,
    Visit,
)
from .solver import default_time_limit, plan_route
from .travel import (
    GreatCircleProvider,
    MatrixProvider,
    OSRMProvider,
    TravelMatrix,
    haversine_km,
    provider_from_settings,
)

__all__ = [
    "DEFAULT_CIRCUITY",
    "DEFAULT_SPEEDS_KMH",
    "Break",
    "GreatCircleProvider",
    "Itinerary",
    "MatrixProvider",
    "Mode",
    "OSRMProvider",
    "Place",
    "RoutePlan",
    "RoutingError",
    "Stop",
    "TakenBreak",
    "TravelMatrix",
    "Unreachable",
    "VehicleRoute",
    "Visit",
    "default_time_limit",
    "haversine_km",
    "maps_links",
    "nearest_neighbour",
    "plan_route",
    "provider_from_settings",
    "to_csv",
    "to_gpx",
    "to_html",
    "to_text",
]
