"""Before closing: say how many checked-in units have not voted yet, and ask to confirm that."""

import streamlit as st

from components.i18n import t


def not_voted_confirm(*, voted: int, present: int) -> str | None:
    """Warns when some present units have not voted; returns the confirmation label that names
    them (None when everyone present has voted: the usual confirmation is enough)."""
    missing = present - voted
    if missing <= 0:
        return None
    st.warning(t("rounds_page.not_voted", count=missing), icon=":material/how_to_vote:")
    return t("rounds_page.confirm_close_not_voted", count=missing)
