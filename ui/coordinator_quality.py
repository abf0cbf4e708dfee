"""Data quality: lists of records to fix, each opening the record in the editor."""

from __future__ import annotations

import streamlit as st

from resources.coordinator import quality
from ui.access import open_coordinator_page
from ui.coordinator_records import OPEN_KEY


def render() -> None:
    page = open_coordinator_page("Data quality")
    if page is None:
        return
    store = page.store
    days = st.number_input("Not verified in (days)", min_value=1, value=180, step=30,
                           key="quality_days")
    lists = quality.summary(store.con, days=int(days))
    st.dataframe([{"check": c.title, "records": len(lists[c.key])} for c in quality.CHECKS],
                 hide_index=True)
    for check in quality.CHECKS:
        frame = lists[check.key]
        with st.expander(f"{check.title} ({len(frame)})", expanded=False):
            if frame.empty:
                st.write("Nothing to fix.")
                continue
            st.dataframe(frame, hide_index=True)
            options = list(zip(frame["table_name"], frame["record_id"], strict=True))
            names = dict(zip(options, frame["name"].fillna("(no name)"), strict=True))
            choice = st.selectbox("Record", options, format_func=lambda o, n=names: n[o],
                                  key=f"quality_pick_{check.key}")
            if st.button("Open in the editor", key=f"quality_open_{check.key}"):
                st.session_state[OPEN_KEY] = choice
                st.switch_page("ui/coordinator_records.py")
    st.header("Load issues per source")
    st.dataframe(quality.load_issue_counts(store.con), hide_index=True)


if __name__ == "__main__":
    render()
