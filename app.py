"""Streamlit entry point: wires the pages; each page is a thin layer over `resources`."""

import streamlit as st

from ui import directory, find

st.set_page_config(page_title="Resources: community referral finder",
                   page_icon=":material/explore:", layout="wide",
                   initial_sidebar_state="collapsed")

pages = [
    st.Page(find.render, title="Find", url_path="find", default=True, icon=":material/search:"),
    st.Page(directory.render, title="Directory", url_path="directory", icon=":material/list:"),
]
st.navigation(pages, position="top").run()
