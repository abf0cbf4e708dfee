"""Audit log (view, CSV download) and the HSDS 3.0 export of the directory."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path

import streamlit as st

from resources.coordinator import audit
from resources.coordinator.export_hsds import export_hsds
from resources.store import Store
from ui.access import local_zone, open_coordinator_page


def _hsds_zip(store: Store, include_private: bool) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        export_hsds(store, tmp, include_private=include_private)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(tmp).iterdir()):
                archive.write(path, f"hsds/{path.name}")
    return buffer.getvalue()


def render() -> None:
    page = open_coordinator_page("Audit log and export")
    if page is None:
        return
    store = page.store
    zone = local_zone()
    c1, c2, c3 = st.columns([2, 1, 2])
    record = c1.text_input("Record (name or id)", key="audit_record")
    who = c2.text_input("User", key="audit_user")
    today = datetime.now(zone).date()
    span = c3.date_input("Dates", (today - timedelta(days=30), today), key="audit_dates")
    since = until = None
    if isinstance(span, tuple) and len(span) == 2:
        since = datetime.combine(span[0], time(0), zone)
        until = datetime.combine(span[1] + timedelta(days=1), time(0), zone)
    filters = {"user": who.strip() or None, "record": record.strip() or None,
               "since": since, "until": until}
    log = audit.entries(store.con, limit=2000, **filters)
    st.caption(f"{len(log)} entr{'y' if len(log) == 1 else 'ies'}, newest first; times in "
               f"{zone.key}.")
    st.dataframe(audit.readable(log, zone), hide_index=True)
    st.download_button("Download these entries (CSV)", audit.to_csv(store.con, **filters),
                       file_name="audit-log.csv", mime="text/csv", key="audit_csv")
    st.divider()
    st.header("Export the directory (HSDS 3.0 datapackage)")
    private = st.checkbox("Include private (confidential) records", key="export_private")
    if st.button("Prepare the export", key="export_prepare"):
        st.session_state["export_zip"] = _hsds_zip(store, private)
    if st.session_state.get("export_zip"):
        st.download_button("Download HSDS 3.0 (zip)", st.session_state["export_zip"],
                           file_name="directory-hsds3.zip", mime="application/zip",
                           key="export_download")


if __name__ == "__main__":
    render()
