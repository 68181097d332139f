"""The projector mode: the hall's big screen, without the sidebar or Streamlit's chrome.

Opened from the projector page by one link (`?man-hinh-lon=1`, so the projector PC can
bookmark it); large type readable from the back of a room at 1920×1080, and still
fitting a phone. Turnout during voting, the result chart after publication.
"""

import json
from fractions import Fraction
from html import escape

import streamlit as st

from components.i18n import t
from components.text import plain
from components.voting.result_chart import result_chart
from components.voting.round_words import is_council_kind, round_t
from db.models.voting import RoundStatus, VotingRound
from services.numbers import format_percent

QUERY_KEY = "man-hinh-lon"
NBSP = "\u00a0"

# Sizes in clamp(): the phone's minimum, a share of the viewport, the 1080p maximum.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], footer { display: none !important; }
[data-testid="stMain"] .block-container, [data-testid="stMainBlockContainer"] {
  padding: 1.2rem 2.5vw !important; max-width: 100% !important; }
[data-testid="stMain"] h1 { font-size: clamp(1.8rem, 4.2vw, 4.6rem) !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: clamp(1.4rem, 3vw, 3.2rem) !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: clamp(1.05rem, 1.9vw, 2.2rem) !important; }
.big-turnout { font-size: clamp(3.5rem, 13vw, 14rem); font-weight: 700; line-height: 1; color: #B3261E; }
.big-label { font-size: clamp(1.2rem, 2.6vw, 3rem); }
.big-winners { font-size: clamp(1.3rem, 3vw, 3.4rem); font-weight: 700; }
</style>
"""


def requested() -> bool:
    return st.query_params.get(QUERY_KEY) == "1"


def chrome_off() -> None:
    st.html(_CSS)


def open_link() -> None:
    """One click from the projector page: the same page in projector mode (a new tab)."""
    st.link_button(t("projector.big_open"), f"?{QUERY_KEY}=1", icon=":material/fullscreen:", type="primary")
    st.caption(t("projector.big_hint"))


def round_panel(round_: VotingRound, turnout: tuple[int, int] | None) -> None:
    st.subheader(plain(round_.title))
    council = is_council_kind(round_.kind)
    if round_.status == RoundStatus.OPEN and turnout is not None:
        voted, present = turnout
        label = round_t("projector.turnout", council=council)
        st.html(f'<div class="big-label">{label}</div><div class="big-turnout">{voted} / {present}</div>')
        st.progress(voted / present if present else 0.0)
    elif round_.status == RoundStatus.CLOSED:
        st.info(t("projector.counting"))
    else:
        _published(round_, council=council)


def _published(round_: VotingRound, *, council: bool) -> None:
    data = json.loads(round_.result_json or "{}")
    if not data:
        return
    names = {c["id"]: c["name"] for c in data["candidates"]}
    shares = {c["id"]: c["share"] for c in data["candidates"]}
    # A no-break space keeps "77,78 %" on one line however the name wraps.
    winners = [
        f"{escape(names[w])} ({format_percent(Fraction(shares[w])).replace(' ', NBSP)})" for w in data["winners"]
    ]
    text = ", ".join(winners) if winners else round_t("projector.nobody", council=council)
    label = round_t("projector.winners", council=council)
    st.html(f'<div class="big-label">{label}</div><div class="big-winners">{text}</div>')
    st.altair_chart(result_chart(round_.result_json, big=True, council=council), width="stretch")
