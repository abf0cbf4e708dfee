"""Streamlit entry point: wires the pages; each page is a thin layer over `resources`.

Find and Directory are open to everyone (unless RESOURCES_REQUIRE_SIGNIN=1); the
coordinator pages are listed only for a signed-in coordinator or admin (ui/access.py).
"""

import streamlit as st

from resources.coordinator.auth import require_signin_for_find
from ui import directory, find, theme
from ui.access import coordinator_pages, sign_in_box, sign_in_page
from ui.i18n import t

st.set_page_config(page_title="Resources: community referral finder",
                   page_icon=":material/explore:", layout="wide",
                   initial_sidebar_state="collapsed")
theme.apply()  # focus outline, contrast, phone tap targets: every page


user = sign_in_box()
pages = [
    st.Page(find.render, title=t("nav.find"), url_path="find", default=True,
            icon=":material/search:"),
    st.Page(directory.render, title=t("nav.directory"), url_path="directory",
            icon=":material/list:"),
    st.Page("ui/routes.py", title=t("nav.route"), url_path="route", icon=":material/route:"),
]
if user is None and require_signin_for_find():
    pages = [st.Page(sign_in_page, title=t("nav.signin"), url_path="signin", default=True)]
else:
    if user is not None and user.can("coordinator"):
        pages += coordinator_pages(user)
    pages.append(st.Page(sign_in_page,
                         title=t("nav.signin") if user is None else t("nav.account"),
                         url_path="signin", icon=":material/login:"))
st.navigation(pages, position="top").run()
