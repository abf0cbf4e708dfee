"""Streamlit entry point: wires the pages; each page is a thin layer over `resources`."""

import streamlit as st

from ui import directory, find

st.set_page_config(page_title="Resources: community referral finder", page_icon="🧭",
                   layout="wide")

pages = [
    st.Page(find.render, title="Find", url_path="find", default=True, icon="🔎"),
    st.Page(directory.render, title="Directory", url_path="directory", icon="🗂️"),
    st.Page("ui/routes.py", title="Route", url_path="route", icon=":material/route:"),  # file page: AppTest
]
st.navigation(pages).run()
