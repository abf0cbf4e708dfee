"""Import: upload a directory file, see the validation report and the diff, then publish."""

from __future__ import annotations

import streamlit as st

from resources.coordinator import review
from resources.coordinator.publish import (
    Preview,
    PublishError,
    change,
    preview_import,
    publish,
    save_upload,
)
from resources.loaders import LOADERS, LoadError
from resources.store import StoreError
from ui.access import require
from ui.common import settings

KEY = "coord_preview"


def show_preview(preview: Preview) -> None:
    st.header(f"Preview: source `{preview.meta.id}` ({preview.meta.kind})")
    st.caption("New source" if preview.is_new_source else
               "Replaces what is loaded from this source. Nothing is published yet.")
    cols = st.columns(6)
    cols[0].metric("Rows read", preview.rows_read)
    cols[1].metric("Rows rejected", preview.rows_rejected)
    cols[2].metric("Rows flagged", preview.rows_flagged)
    cols[3].metric("No coordinates", len(preview.missing_points))
    cols[4].metric("Approximate points", len(preview.approximate_points))
    cols[5].metric("Hours not understood", len(preview.hours_not_understood))
    found = preview.searchability
    if found is not None:  # how much of the file a search could reach
        for warning in found.warnings:
            st.warning(f"Searchability: {warning}")
        st.caption(" · ".join(line.strip() for line in found.lines()[1:]
                              if "WARNING" not in line))
    summary = [{"table": t.table, "added": len(t.added), "changed": t.changed_records,
                "removed": len(t.removed), "unchanged": t.unchanged}
               for t in preview.changes.values()]
    st.dataframe(summary, hide_index=True)
    tabs = st.tabs(["Changes", "Issues", "Points", "Hours", "Edit conflicts"])
    with tabs[0]:
        st.dataframe(preview.change_frame(), hide_index=True)
    with tabs[1]:
        st.dataframe(preview.issue_frame(), hide_index=True)
    with tabs[2]:
        st.write("Without coordinates")
        st.dataframe(preview.missing_points, hide_index=True)
        st.write("Approximate (ZIP centroid)")
        st.dataframe(preview.approximate_points, hide_index=True)
    with tabs[3]:
        st.dataframe(preview.hours_not_understood, hide_index=True)
    with tabs[4]:
        st.dataframe([c.__dict__ for c in preview.conflicts], hide_index=True)


def render() -> None:
    user = require("coordinator")
    cfg = settings()
    st.title("Import")
    st.write("Upload an HSDS datapackage (its CSV files, or a .zip) or another supported file. "
             "You see what would change before anything is published.")
    files = st.file_uploader("Directory file(s)", accept_multiple_files=True, key="import_files")
    kinds = ["detect", *LOADERS]
    kind = st.selectbox("Format", kinds, key="import_kind")
    source = st.text_input("Source id (blank: from the file name)", key="import_source")
    if st.button("Preview", key="import_preview"):
        if not files:
            st.warning("Choose a file first.")
            return
        try:
            path = save_upload([(f.name, f.getvalue()) for f in files or []])
            st.session_state[KEY] = preview_import(
                cfg.db_path, path, kind=None if kind == "detect" else kind,
                source_id=source.strip() or None)
        except (LoadError, StoreError) as exc:
            st.session_state.pop(KEY, None)
            st.error(f"Cannot read this file: {exc}")
    preview = st.session_state.get(KEY)
    if not isinstance(preview, Preview):
        return
    show_preview(preview)
    left, right = st.columns(2)
    if not user.can("approver"):  # an editor's import waits for an approver
        if left.button("Submit for approval", type="primary", key="import_submit"):
            try:
                pid = change(cfg.db_path, lambda s: review.submit_import(
                    s, cfg.db_path, preview.meta.path, preview.meta.kind, preview.meta.id,
                    user))
            except (PublishError, StoreError, OSError) as exc:
                st.error(str(exc))
                return
            st.session_state.pop(KEY, None)
            st.info(f"Sent for approval (proposal {pid}): an approver previews and publishes "
                    "it from the Review page. Nothing is published yet.")
    elif left.button("Publish", type="primary", key="import_publish"):
        try:
            result = publish(cfg.db_path, preview, user.name)
        except (PublishError, StoreError) as exc:
            st.error(str(exc))
            return
        st.session_state.pop(KEY, None)
        st.success(f"Published source `{preview.meta.id}`: "
                   f"{sum(result.load.counts.values())} records, search index "
                   f"{result.refreshed.get('search_index')} rows, "
                   f"{len(result.conflicts)} edit conflicts.")
    if right.button("Discard", key="import_discard"):
        st.session_state.pop(KEY, None)
        st.rerun()


if __name__ == "__main__":
    render()
