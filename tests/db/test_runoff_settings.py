"""A runoff of a round whose seats were a share of members: its settings name seats once."""

from dataclasses import replace
from fractions import Fraction

from services.clock import now
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, create_runoff, open_round
from services.voting.rules import PRESETS, Comparison, RoundKind, TieBreak
from services.voting.settings_codec import from_json
from services.voting.tally import Mark
from tests.db.test_voting import lai_chau_culture


def test_a_runoff_of_a_share_seated_round_has_seats_and_no_share(demo_session):
    bloc_id, units = lai_chau_culture(demo_session)
    # 1/8 of the members: one seat; 4 and 4 of 8 both reach ≥ 1/2, a tie that goes to a runoff.
    settings = replace(
        PRESETS[RoundKind.CERTIFICATE_OF_MERIT], seats=None, seats_share=Fraction(1, len(units)),
        tie_breaks=(TieBreak.RUNOFF,), self_vote=True, comparison=Comparison.AT_LEAST,
    )  # fmt: skip
    round_ = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Bằng khen", settings=settings, at=now())
    check_in(demo_session, round_id=round_.id, unit_ids=units, at=now())
    open_round(demo_session, round_id=round_.id, at=now())
    a, b = units[:2]
    for i, voter in enumerate(units):
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=Choice(((a if i % 2 else b, Mark.AGREE),)),
                    at=now())  # fmt: skip
    close_round(demo_session, round_id=round_.id, at=now())
    runoff = create_runoff(demo_session, round_id=round_.id, at=now())
    runoff_settings = from_json(runoff.settings_json)
    assert runoff_settings.seats == 1 and runoff_settings.seats_share is None
