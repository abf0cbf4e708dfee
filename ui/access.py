"""Sign-in and roles in the app: the sidebar box, page guards, the coordinator page list.

The signed-in user lives in the Streamlit session, and a signed, expiring cookie
(``resources_session``, see resources.coordinator.auth.issue_token) brings it back after a reload; signing
out deletes the cookie and revokes the token on this server. Failed sign-ins are throttled
per user name and per client address (resources.coordinator.auth.Throttle).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from resources.coordinator.auth import (
    SESSION_COOKIE,
    SESSION_HOURS,
    AuthError,
    Throttle,
    User,
    authenticate,
    issue_token,
    load_users,
    require_signin_for_find,
    user_from_token,
    users_path,
)
from resources.settings import is_postgres_url

if TYPE_CHECKING:
    from resources.store import Store
    from ui.common import Settings

SESSION_KEY = "resources_user"

# (page file relative to app.py, title, url path, icon, least role): the coordinator pages.
COORDINATOR_PAGES = [
    ("ui/coordinator_import.py", "Import", "import", ":material/upload:", "editor"),
    ("ui/coordinator_records.py", "Records", "records", ":material/edit:", "editor"),
    ("ui/coordinator_review.py", "Review", "review", ":material/approval:", "approver"),
    ("ui/coordinator_quality.py", "Data quality", "quality", ":material/fact_check:", "editor"),
    ("ui/coordinator_duplicates.py", "Duplicates", "duplicates", ":material/content_copy:",
     "editor"),
    ("ui/coordinator_audit.py", "Audit & export", "audit", ":material/history:", "editor"),
]


def current_user() -> User | None:
    user = st.session_state.get(SESSION_KEY)
    return user if isinstance(user, User) else None


@st.cache_resource
def _throttle() -> Throttle:
    """Failed sign-ins of this app server (per user name and per client address)."""
    return Throttle()


@st.cache_resource
def _revoked() -> set[str]:
    """Tokens signed out on this server (the browser deletes its cookie too)."""
    return set()


def _restore_session() -> None:
    """A reload keeps the user signed in: the signed, expiring cookie set at sign-in names
    them (resources.coordinator.auth.user_from_token checks the signature, the expiry and that the user
    still has that role)."""
    if current_user() is not None or st.session_state.get("_signed_out"):
        return
    token = st.context.cookies.get(SESSION_COOKIE)
    if not token or token in _revoked():
        return
    try:
        user = user_from_token(token, time.time())
    except (AuthError, OSError):
        user = None
    if user is not None:
        st.session_state[SESSION_KEY] = user
        st.session_state["_session_token"] = token


def _write_cookie(value: str, max_age: int) -> None:
    """Set (or, with ``max_age`` 0, delete) the session cookie from the page: Streamlit has no
    server-side cookie API, so a zero-height same-origin frame writes it."""
    import streamlit.components.v1 as components

    components.html(
        "<script>window.parent.document.cookie = "
        + json.dumps(f"{SESSION_COOKIE}={value}; path=/; max-age={max_age}; SameSite=Strict")
        + ";</script>", height=0)


def _submit(prefix: str) -> None:
    """The sign-in form's callback (runs before the page is drawn again)."""
    name = str(st.session_state.get(f"{prefix}name") or "")
    password = str(st.session_state.get(f"{prefix}password") or "")
    st.session_state[f"{prefix}password"] = ""  # never kept, right or wrong
    address = st.context.ip_address
    now = time.time()
    wait = _throttle().wait_seconds(name, address, now)
    if wait > 0:
        st.session_state[f"{prefix}error"] = (
            f"Too many failed sign-ins: try again in {math.ceil(wait / 60)} min.")
        return
    try:
        found = authenticate(name, password)
    except AuthError as exc:
        st.session_state[f"{prefix}error"] = f"Sign-in is not configured correctly: {exc}"
        return
    if found is None:
        _throttle().failed(name, address, now)
        st.session_state[f"{prefix}error"] = "Wrong user name or password."
        return
    _throttle().succeeded(name, address)
    token = issue_token(found, now)
    st.session_state[SESSION_KEY] = found
    st.session_state["_session_token"] = token
    st.session_state["_cookie_to_write"] = token
    st.session_state.pop("_signed_out", None)


def _sign_out() -> None:
    token = st.session_state.pop("_session_token", None)
    if token:
        _revoked().add(token)
    st.session_state.pop(SESSION_KEY, None)
    st.session_state["_signed_out"] = True
    st.session_state["_cookie_to_write"] = ""


def sign_in_form(prefix: str = "signin_") -> None:
    """User name, password, Enter or the button submits; a wrong password is cleared."""
    with st.form(f"{prefix}form", border=False):
        st.text_input("User name", key=f"{prefix}name", autocomplete="username")
        st.text_input("Password", type="password", key=f"{prefix}password",
                      autocomplete="current-password")
        st.form_submit_button("Sign in", key=f"{prefix}button", on_click=_submit,
                              args=(prefix,))
    error = st.session_state.pop(f"{prefix}error", None)
    if error:
        st.error(error)


def sign_in_box() -> User | None:
    """The sidebar sign-in / signed-in box; returns the signed-in user (or None)."""
    _restore_session()
    with st.sidebar:
        pending = st.session_state.pop("_cookie_to_write", None)
        if pending is not None:
            _write_cookie(pending, SESSION_HOURS * 3600 if pending else 0)
        user = current_user()
        if user is not None:
            st.caption(f"Signed in as **{user.name}** ({user.role})")
            st.button("Sign out", key="sign_out", on_click=_sign_out)
            return user
        st.markdown("**Coordinator sign-in**")
        sign_in_form("signin_")
        try:
            if not load_users():
                st.caption(f"No users yet ({users_path()}): run "
                           "`resources user add NAME --role coordinator`.")
        except AuthError as exc:
            st.error(str(exc))
    return None


def local_zone() -> ZoneInfo:
    """The reader's own time zone (the browser's), else UTC: coordinator pages show times in
    it."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def require(role: str = "coordinator") -> User:
    """The signed-in user with at least ``role``, else a message and the page stops."""
    user = current_user()
    if user is None or not user.can(role):
        st.error(f"This page is for {role}s: sign in with a {role} account.")
        st.stop()
    assert user is not None
    return user


def coordinator_pages(user: User) -> list[st.Page]:
    """The coordinator pages this user may open (Review: approvers and admins)."""
    return [st.Page(path, title=title, url_path=url, icon=icon)
            for path, title, url, icon, role in COORDINATOR_PAGES if user.can(role)]


def sign_in_page() -> None:
    """Sign in on the page itself (the sidebar box does the same)."""
    user = current_user()
    st.title("Sign in" if user is None else "Account")
    if user is not None:
        st.write(f"Signed in as **{user.name}** ({user.role}).")
        st.button("Sign out", key="page_sign_out", on_click=_sign_out)
        return
    st.write("Coordinators and admins sign in here. Specialists can search without signing in"
             + (" once signed in." if require_signin_for_find() else "."))
    sign_in_form("page_signin_")
    st.caption(f"A sign-in lasts {SESSION_HOURS} hours on this browser, through reloads, "
               "until you sign out. Several wrong passwords in a row pause sign-in for that "
               "user name and that address for 15 minutes.")


@dataclass(frozen=True)
class CoordinatorPage:
    """What a coordinator page starts from: who is signed in, the settings, the live store."""

    user: User
    cfg: Settings
    store: Store


def open_coordinator_page(title: str) -> CoordinatorPage | None:
    """Sign-in guard, the page title, and the live store (None after saying why not)."""
    from ui.common import catch_up, settings, store_or_message

    user = require("coordinator")
    cfg = settings()
    st.title(title)
    if is_postgres_url(cfg.db_path):
        catch_up(cfg)  # a coordinator reads what they (or anyone) just saved
    store = store_or_message(cfg)  # on PostgreSQL: this server's snapshot (it writes by URL)
    return None if store is None else CoordinatorPage(user, cfg, store)
