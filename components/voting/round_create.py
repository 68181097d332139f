"""Creating a round from a preset; the admin may change the main settings."""

from dataclasses import replace
from fractions import Fraction

import streamlit as st

from components.auth import PRINCIPAL_KEY
from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import enum_labels, enum_radio, t
from components.number_field import NumberForm
from components.voting.schedule import schedule_inputs
from services.clock import now
from services.registry.membership import members
from services.voting.rounds import create_round
from services.voting.rules import (
    BLOC_KINDS,
    OPEN_ELECTION_OF,
    PRESETS,
    BallotForm,
    CandidateSource,
    Comparison,
    RoundKind,
    RoundSettings,
    ThresholdBase,
    TieBreak,
    WhenNonePasses,
)

THRESHOLDS = {
    "1/2": Fraction(1, 2),
    "2/3": Fraction(2, 3),
    "3/4": Fraction(3, 4),
    "70%": Fraction(7, 10),
    "80%": Fraction(4, 5),
}


QUORUMS = {"2/3": Fraction(2, 3), "1/2": Fraction(1, 2), "3/4": Fraction(3, 4), "0": Fraction(0)}


def _advanced(preset: RoundSettings, units: dict[int, str], numbers: NumberForm) -> tuple[dict, list[int], tuple]:
    """The less common rules, preset-filled; read inside the same form (one rerun)."""
    if preset.kind in OPEN_ELECTION_OF:  # one nominee: no choice limits, ties or candidate list to set
        with st.expander(t("rounds.advanced")):
            quorum = st.selectbox(t("rounds.quorum"), list(QUORUMS), format_func=lambda q: "—" if q == "0" else q)
            schedule = schedule_inputs()
        return {"quorum": QUORUMS[quorum]}, [], schedule
    with st.expander(t("rounds.advanced")):
        left, right = st.columns(2)
        max_choices = numbers.field(
            t("rounds.max_choices"), value=preset.max_choices or 0, minimum=0, maximum=50, decimals=0, where=left
        )
        min_choices = numbers.field(
            t("rounds.min_choices"), value=preset.min_choices, minimum=0, maximum=50, decimals=0, where=right
        )
        quorum = st.selectbox(t("rounds.quorum"), list(QUORUMS), format_func=lambda q: "—" if q == "0" else q)
        tie_breaks = st.multiselect(
            t("rounds.tie_breaks"),
            [b.value for b in TieBreak],
            [b.value for b in preset.tie_breaks],
            format_func=enum_labels("tie_break"),
            help=t("rounds.tie_breaks_help"),
            placeholder=t("common.choose"),
            select_all=False,
        )
        when_none = enum_radio(t("rounds.when_none_passes"), WhenNonePasses, preset.when_none_passes,
                               "when_none_passes")  # fmt: skip
        source = enum_radio(
            t("rounds.candidates"),
            CandidateSource,
            preset.candidates,
            "candidate_source",
            horizontal=True,
        )
        top_n = numbers.field(t("rounds.top_n"), value=preset.top_n or 5, minimum=1, maximum=100, decimals=0)
        chosen = st.multiselect(
            t("rounds.chosen_units"),
            list(units),
            format_func=units.get,
            placeholder=t("common.choose"),
            select_all=False,
        )
        opens_at, closes_at = schedule_inputs()
    settings = {
        "max_choices": int(max_choices or 0) or None,  # None (a refused number) saves nothing anyway
        "min_choices": int(min_choices or 0),
        "quorum": QUORUMS[quorum],
        "tie_breaks": tuple(TieBreak(b) for b in tie_breaks),
        "when_none_passes": WhenNonePasses(when_none),
        "candidates": CandidateSource(source),
        "top_n": int(top_n or 0) if source == CandidateSource.TOP_BY_SCORE else None,
    }
    return settings, chosen if source == CandidateSource.CHOSEN else [], (opens_at, closes_at)


_NEXT_ROUND = "_round_to_show"


NEW_ROUND_OPEN = "rounds_new_round_open"
_FOLD = "_rounds_fold_new_round"


def fold_new_round() -> None:
    """After a round is created: the form folds on the next run (no invitation to a duplicate)."""
    st.session_state[_FOLD] = True


def new_round_expander():
    """The creation form's expander; its open state lives in the session so it can be folded."""
    if st.session_state.pop(_FOLD, False):
        st.session_state[NEW_ROUND_OPEN] = False
    return st.expander(t("rounds.new_round"), key=NEW_ROUND_OPEN, on_change="rerun")


def round_picker_key(bloc_id: int, year: int) -> str:
    return f"round_of_{bloc_id}_{year}"


def show_next(round_id: int) -> None:
    """Ask the page to show this round on its next run (a new round, a runoff)."""
    st.session_state[_NEXT_ROUND] = round_id


def take_next(bloc_id: int, year: int, round_ids: list[int]) -> None:
    """Before the round picker is drawn: a widget's state cannot change once it exists."""
    key = round_picker_key(bloc_id, year)
    wanted = st.session_state.pop(_NEXT_ROUND, None)
    if wanted not in round_ids:
        wanted = st.session_state.get(key)
    # Set even when unchanged: the browser shows the label it last received, so without this the
    # picker would still read "Chưa mở" while the round is open (its status is in the label).
    if wanted in round_ids:
        st.session_state[key] = wanted


def create_form(*, bloc_id: int, year: int) -> None:
    with db_session() as session:
        units = {m.unit_id: m.name for m in members(session, bloc_id=bloc_id, year=year)}
    kind = RoundKind(
        st.selectbox(t("rounds.kind"), [k.value for k in BLOC_KINDS], format_func=enum_labels("round_kind"))
    )
    preset = PRESETS[kind]
    preset_note(kind)
    with st.form(f"create_round_{bloc_id}_{year}_{kind.value}"):
        numbers = NumberForm()
        title = st.text_input(t("rounds.title_field"), value=t(f"round_kind.{kind.value}") + f" {year}", max_chars=300)
        if kind in OPEN_ELECTION_OF:  # the ballot form and the one seat are what a confirmation is
            nominee = nominee_input(kind, units, year=year)
            form, seats = preset.form.value, 1
        else:
            nominee = None
            form = enum_radio(t("rounds.form"), BallotForm, preset.form, "ballot_form", horizontal=True)
            seats = numbers.field(t("rounds.seats"), value=preset.seats or 1, minimum=0, maximum=50, decimals=0)
        left, right = st.columns(2)
        comparison = left.radio(
            t("rounds.comparison"),
            [c.value for c in Comparison],
            format_func=enum_labels("comparison"),
            horizontal=True,
        )
        fraction = right.selectbox(t("rounds.threshold"), list(THRESHOLDS))
        base = st.radio(
            t("rounds.base"),
            [b.value for b in ThresholdBase],
            index=[b.value for b in ThresholdBase].index(preset.base.value),
            format_func=enum_labels("threshold_base"),
            horizontal=True,
        )
        self_vote = st.checkbox(t("rounds.self_vote"), value=preset.self_vote)
        advanced, chosen, (opens_at, closes_at) = _advanced(preset, units, numbers)
        submitted = st.form_submit_button(t("rounds.create"), type="primary")
    if not submitted or not numbers.accepted():  # a wrong number: said under it and at the top
        return
    if kind in OPEN_ELECTION_OF:
        chosen = [] if nominee is None else [nominee]
    settings = replace(
        preset,
        form=BallotForm(form),
        seats=int(seats),
        comparison=Comparison(comparison),
        threshold=THRESHOLDS[fraction],
        base=ThresholdBase(base),
        self_vote=self_vote,
        **advanced,
    )

    def create() -> None:
        with db_session() as session:
            round_ = create_round(session, bloc_id=bloc_id, year=year, title=title, settings=settings, at=now(),
                                  chosen=chosen, opens_at=opens_at, closes_at=closes_at,
                                  principal=st.session_state.get(PRINCIPAL_KEY))  # fmt: skip
            show_next(round_.id)
        fold_new_round()

    labels = {
        "seats": t("rounds.seats"),
        "title": t("rounds.title_field"),
        "candidates": t("rounds.candidates"),
        "closes_at": t("schedule.closes"),
        "max_choices": t("rounds.max_choices"),
        "min_choices": t("rounds.min_choices"),
        "top_n": t("rounds.top_n"),
        "tie_breaks": t("rounds.tie_breaks"),
    }
    if kind in OPEN_ELECTION_OF:
        labels["candidates"] = t("presets.nominee")
    save_then_rerun(create, success_key="rounds.created", labels=labels)


def preset_note(kind: RoundKind) -> None:
    """What a preset leaves to others or to practice, said where the admin picks it."""
    if kind == RoundKind.GOVERNMENT_FLAG:
        st.info(t("presets.government_flag_cap"), icon=":material/info:")
    elif kind == RoundKind.PROVINCIAL_FLAG:
        st.caption(t("presets.flag_seats_info"))
    elif kind in OPEN_ELECTION_OF:
        st.info(t("presets.confirm_info"), icon=":material/info:")


def nominee_input(kind: RoundKind, units: dict[int, str], *, year: int) -> int | None:
    """The one unit whose turn it is (chosen by the bloc's rotation, not computed here)."""
    office = t(f"presets.office.{OPEN_ELECTION_OF[kind].value}")
    return st.selectbox(
        t("presets.nominee"),
        list(units),
        index=None,
        format_func=units.get,
        placeholder=t("common.choose"),
        help=t("presets.nominee_help", office=office, year=year + 1),
    )
