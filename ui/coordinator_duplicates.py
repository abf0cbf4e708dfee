"""Duplicates: likely pairs across sources, reviewed as merge or keep apart."""

from __future__ import annotations

import streamlit as st

from resources.coordinator.duplicates import candidates, decide, decisions
from resources.coordinator.edits import EditError
from resources.coordinator.publish import PublishError, change
from ui.access import open_coordinator_page
from ui.coordinator_records import OPEN_KEY


def render() -> None:
    page = open_coordinator_page("Duplicates across sources")
    if page is None:
        return
    store = page.store
    user, cfg = page.user, page.cfg
    pairs = candidates(store.con)
    st.write(f"{len(pairs)} pairs to review (within 200 m, similar names or same address).")
    for i, pair in enumerate(pairs.head(20).itertuples()):
        with st.container(border=True):
            st.markdown(f"**A** {pair.a_name} — {pair.a_address or '(no address)'} `{pair.a_id}`  \n"
                        f"**B** {pair.b_name} — {pair.b_address or '(no address)'} `{pair.b_id}`")
            st.caption(f"{pair.meters:.0f} m apart · name {pair.name_score:.0f} · "
                       f"address {pair.address_score:.0f}")
            keep = st.radio("Show in searches", [pair.a_id, pair.b_id], horizontal=True,
                            key=f"dup_keep_{i}")
            c1, c2, c3 = st.columns(3)
            try:
                if c1.button("Merge", key=f"dup_merge_{i}"):
                    change(cfg.db_path, lambda s, p=pair, k=keep: decide(
                        s, p.a_id, p.b_id, "merge", user.name, keep=k))
                    st.rerun()
                if c2.button("Keep apart", key=f"dup_apart_{i}"):
                    change(cfg.db_path, lambda s, p=pair: decide(
                        s, p.a_id, p.b_id, "apart", user.name))
                    st.rerun()
            except (EditError, PublishError) as exc:
                st.error(str(exc))
            if c3.button("Open A in the editor", key=f"dup_open_{i}"):
                st.session_state[OPEN_KEY] = ("service", pair.a_id)
                st.switch_page("ui/coordinator_records.py")
    st.header("Decisions")
    st.dataframe(decisions(store.con), hide_index=True)


if __name__ == "__main__":
    render()
