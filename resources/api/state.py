"""What one running service holds (one per process) and the request dependencies on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from resources.api.access import AccessPolicy, Caller, bearer
from resources.api.hsds import Records
from resources.store import Store
from resources.store.api_sql import Hidden
from resources.store.live import Live

if TYPE_CHECKING:
    from resources.search.engine import SearchEngine


@dataclass
class ApiState:
    store: Store  # read-only (on PostgreSQL a snapshot); each worker thread its own cursor
    engine: SearchEngine  # shared, as in the app
    hidden: Hidden  # what partners never see, read once (the store is read-only)
    policy: AccessPolicy
    empty: frozenset[str] = frozenset()  # tables without rows, read once

    def records(self, caller: Caller) -> Records:
        return Records(self.store.con, Hidden(everything_visible=True) if caller.coordinator
                       else self.hidden, self.empty)


def api_state(request: Request) -> ApiState:
    """What this request reads: the state over the newest complete snapshot of the store
    (one per request: a swap during the request does not change what it reads)."""
    live: Live[ApiState] = request.app.state.api
    return live.get()


def current_caller(request: Request,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                   ) -> Caller:
    return api_state(request).policy.caller(request, credentials)


CallerDep = Annotated[Caller, Depends(current_caller)]
StateDep = Annotated[ApiState, Depends(api_state)]
