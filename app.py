"""Streamlit entry point: wires the pages; each page is a thin layer over `resources`.

Find and Directory are open to everyone (unless RESOURCES_REQUIRE_SIGNIN=1); the
coordinator pages are listed only for a signed-in coordinator or admin (ui/access.py).
"""

import streamlit as st

from resources.auth import require_signin_for_find
from ui import directory
from ui.access import coordinator_pages, sign_in_box, sign_in_page

st.set_page_config(page_title="Resources: community referral finder", page_icon="🧭",
                   layout="wide")


def find_page() -> None:
    from ui import find  # imported when shown, so the other pages never depend on it

    find.render()


user = sign_in_box()
pages = [
    st.Page(find_page, title="Find", url_path="find", default=True, icon="🔎"),
    st.Page(directory.render, title="Directory", url_path="directory", icon="🗂️"),
]
if user is None and require_signin_for_find():
    pages = [st.Page(sign_in_page, title="Sign in", url_path="signin", default=True)]
elif user is not None and user.can("coordinator"):
    pages += coordinator_pages()
st.navigation(pages).run()
