"""Who is calling: a bearer token (partner or coordinator) or nobody, and their rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from resources.api.limits import RateLimiter
from resources.api.tokens import TokenBook, TokenError

bearer = HTTPBearer(auto_error=False, description="A token from `resources api token add`")


@dataclass(frozen=True)
class Caller:
    name: str  # the token's name, or "anonymous"
    coordinator: bool


@dataclass
class AccessPolicy:
    tokens: TokenBook
    limiter: RateLimiter
    anonymous_per_minute: int  # 0: no limit

    def caller(self, request: Request, credentials: HTTPAuthorizationCredentials | None,
               ) -> Caller:
        """The caller of this request, after its rate limit; 401 for an unknown token, 429
        with ``Retry-After`` when over the limit."""
        if credentials is None:
            if request.headers.get("authorization"):
                raise HTTPException(401, "Authorization must be 'Bearer <token>'",
                                    headers={"WWW-Authenticate": "Bearer"})
            host = request.client.host if request.client else "unknown"
            self._limit(f"anon:{host}", self.anonymous_per_minute)
            return Caller("anonymous", False)
        try:
            token = self.tokens.find(credentials.credentials)
        except TokenError as exc:
            raise HTTPException(503, f"The tokens file cannot be read: {exc}") from exc
        if token is None:
            raise HTTPException(401, "Unknown or revoked token: ask the directory coordinators "
                                     "for one (`resources api token add`)",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        self._limit(f"token:{token.name}", token.per_minute)
        return Caller(token.name, token.coordinator)

    def _limit(self, key: str, per_minute: int) -> None:
        if per_minute <= 0:
            return
        wait = self.limiter.take(key, per_minute)
        if wait:
            raise HTTPException(429, f"More than {per_minute} requests a minute: retry in "
                                     f"{wait} s", headers={"Retry-After": str(wait)})
