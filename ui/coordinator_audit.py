"""Audit log (view, CSV download) and the HSDS 3.0 export of the directory."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from resources import audit
from resources.export_hsds import export_hsds
from resources.store import Store
from ui.access import open_coordinator_page


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
    who = st.text_input("Only changes by (user name)", key="audit_user")
    log = audit.entries(store.con, user=who.strip() or None, limit=2000)
    st.dataframe(log, hide_index=True)
    st.download_button("Download the audit log (CSV)", audit.to_csv(store.con),
                       file_name="audit-log.csv", mime="text/csv", key="audit_csv")
    st.divider()
    st.subheader("Export the directory (HSDS 3.0 datapackage)")
    private = st.checkbox("Include private (confidential) records", key="export_private")
    if st.button("Prepare the export", key="export_prepare"):
        st.session_state["export_zip"] = _hsds_zip(store, private)
    if st.session_state.get("export_zip"):
        st.download_button("Download HSDS 3.0 (zip)", st.session_state["export_zip"],
                           file_name="directory-hsds3.zip", mime="application/zip",
                           key="export_download")


if __name__ == "__main__":
    render()
