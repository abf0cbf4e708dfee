"""Sign-in and roles in the app: the sidebar box, page guards, the coordinator page list.

The signed-in user lives in the Streamlit session only (a browser reload signs out).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from resources.auth import (
    AuthError,
    User,
    authenticate,
    load_users,
    require_signin_for_find,
    users_path,
)

if TYPE_CHECKING:
    from resources.store import Store
    from ui.common import Settings

SESSION_KEY = "resources_user"

# (page file relative to app.py, title, url path, icon): shown to coordinators and admins.
COORDINATOR_PAGES = [
    ("ui/coordinator_import.py", "Import", "import", ":material/upload:"),
    ("ui/coordinator_records.py", "Records", "records", ":material/edit:"),
    ("ui/coordinator_quality.py", "Data quality", "quality", ":material/fact_check:"),
    ("ui/coordinator_duplicates.py", "Duplicates", "duplicates", ":material/content_copy:"),
    ("ui/coordinator_audit.py", "Audit & export", "audit", ":material/history:"),
]


def current_user() -> User | None:
    user = st.session_state.get(SESSION_KEY)
    return user if isinstance(user, User) else None


def sign_in_box() -> User | None:
    """The sidebar sign-in / signed-in box; returns the signed-in user (or None)."""
    with st.sidebar:
        user = current_user()
        if user is not None:
            st.caption(f"Signed in as **{user.name}** ({user.role})")
            if st.button("Sign out", key="sign_out"):
                del st.session_state[SESSION_KEY]
                st.rerun()
            return user
        st.markdown("**Coordinator sign-in**")
        name = st.text_input("User name", key="signin_name")
        password = st.text_input("Password", type="password", key="signin_password")
        if st.button("Sign in", key="signin_button"):
            try:
                found = authenticate(name, password)
            except AuthError as exc:
                st.error(f"Sign-in is not configured correctly: {exc}")
                return None
            if found is None:
                st.error("Wrong user name or password.")
                return None
            st.session_state[SESSION_KEY] = found
            st.rerun()
        try:
            if not load_users():
                st.caption(f"No users yet ({users_path()}): run "
                           "`resources user add NAME --role coordinator`.")
        except AuthError as exc:
            st.error(str(exc))
    return None


def require(role: str = "coordinator") -> User:
    """The signed-in user with at least ``role``, else a message and the page stops."""
    user = current_user()
    if user is None or not user.can(role):
        st.error(f"This page is for {role}s: sign in with a {role} account.")
        st.stop()
    assert user is not None
    return user


def coordinator_pages() -> list[st.Page]:
    return [st.Page(path, title=title, url_path=url, icon=icon)
            for path, title, url, icon in COORDINATOR_PAGES]


def sign_in_page() -> None:
    st.title("Sign in")
    st.write("Coordinators and admins: open the sidebar (the » arrow at the top left) and "
             "sign in there. Specialists can search without signing in"
             + (" once signed in." if require_signin_for_find() else "."))


@dataclass(frozen=True)
class CoordinatorPage:
    """What a coordinator page starts from: who is signed in, the settings, the live store."""

    user: User
    cfg: Settings
    store: Store


def open_coordinator_page(title: str) -> CoordinatorPage | None:
    """Sign-in guard, the page title, and the live store (None after saying why not)."""
    from ui.common import settings, store_or_message

    user = require("coordinator")
    cfg = settings()
    st.title(title)
    store = store_or_message(cfg)
    return None if store is None else CoordinatorPage(user, cfg, store)
