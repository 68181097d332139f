"""Presets from practice on the rounds page: the Government-flag nominee round says the
province's council checks the province-wide cap; the provincial flag proposes one unit; the
chair's rotation nominee is chosen on the page, and when the bloc rejects it the page offers
the open election in one confirmed click."""

import json

from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models.voting import RoundCandidate, VotingRound
from services.clock import now
from services.voting.audit import events_of_round
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, open_round
from services.voting.tally import Mark
from tests.app.test_conference_ui import admin_rounds_page, click, labelled, roster_2017, vi

NOMINEE = "Đài PT-TH"


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_the_government_flag_preset_says_the_province_checks_the_cap(make_app, app_db):
    bloc_id, _, _ = roster_2017(app_db)
    at = admin_rounds_page(make_app, bloc_id)
    assert labelled(at.text_input, vi("rounds.seats")).value == "1"  # the flag preset: one leading unit
    assert vi("presets.government_flag_cap") not in infos(at)
    at = labelled(at.selectbox, vi("rounds.kind")).set_value("government_flag").run()
    assert vi("presets.government_flag_cap") in infos(at)
    assert "Hội đồng Thi đua – Khen thưởng tỉnh" in vi("presets.government_flag_cap")
    at = labelled(at.selectbox, vi("rounds.kind")).set_value("certificate_of_merit").run()
    assert vi("presets.government_flag_cap") not in infos(at)


def test_both_chair_presets_are_offered_the_rotation_nominee_first(make_app, app_db):
    bloc_id, _, _ = roster_2017(app_db)
    at = admin_rounds_page(make_app, bloc_id)
    labels = labelled(at.selectbox, vi("rounds.kind")).options  # as the page shows them
    chair = [label for label in labels if "Trưởng khối" in label and "Phó" not in label]
    assert chair == ["Xác nhận Trưởng khối theo luân phiên", "Bầu Trưởng khối (bầu tự do)"]


def test_a_rejected_nominee_leads_to_an_open_election_in_one_confirmed_click(make_app, app_db):
    bloc_id, roster, _ = roster_2017(app_db)
    at = admin_rounds_page(make_app, bloc_id)
    at = labelled(at.selectbox, vi("rounds.kind")).set_value("chair_confirm").run()
    assert vi("presets.confirm_info") in infos(at)
    assert vi("rounds.form") not in [r.label for r in at.radio]  # agree / disagree is what a confirmation is
    at = click(at, vi("rounds.create"))  # no nominee chosen yet
    assert any(vi("presets.error.one_nominee") in e.value for e in at.error), [e.value for e in at.error]
    labelled(at.selectbox, vi("presets.nominee")).set_value(roster[NOMINEE])
    at = click(at, vi("rounds.create"))
    assert vi("rounds.created") in [s.value for s in at.success], [e.value for e in at.error]

    engine = make_engine(app_db)
    with session_scope(engine) as session:
        round_ = session.exec(select(VotingRound)).one()
        assert round_.kind == "chair_confirm"
        assert list(session.exec(select(RoundCandidate.unit_id).where(RoundCandidate.round_id == round_.id))) == [
            roster[NOMINEE]
        ]
        round_id, units = round_.id, list(roster.values())
        check_in(session, round_id=round_id, unit_ids=units, at=now())
        open_round(session, round_id=round_id, at=now())
        others = [u for u in units if u != roster[NOMINEE]]
        for number, voter in enumerate(others):  # 4 agree, 4 disagree; the nominee's own ballot is blank
            mark = Mark.AGREE if number < 4 else Mark.DISAGREE
            cast_ballot(session, round_id=round_id, unit_id=voter, choice=Choice(marks=((roster[NOMINEE], mark),)),
                        at=now())  # fmt: skip
        cast_ballot(session, round_id=round_id, unit_id=roster[NOMINEE], choice=Choice(), at=now())
        close_round(session, round_id=round_id, at=now())  # 4 of 9 collected: not more than half

    at = admin_rounds_page(make_app, bloc_id)
    warning = vi("presets.rejected", office=vi("presets.office.chair"), year=2018)
    assert warning in [w.value for w in at.warning]
    button = labelled(at.button, vi("presets.do_open_election"))
    assert button.disabled  # confirmed first
    labelled(at.checkbox, vi("presets.confirm_open_election")).check().run()
    at = click(at, vi("presets.do_open_election"))
    assert vi("presets.done_open_election") in [s.value for s in at.success], [e.value for e in at.error]
    with session_scope(engine) as session:
        election = session.exec(select(VotingRound).where(VotingRound.runoff_of_id == round_id)).one()
        title, kind = election.title, election.kind
        configured = json.loads(events_of_round(session, round_id=election.id)[0].payload_json)
    engine.dispose()
    assert kind == "chair"
    assert (configured["actor"], configured["actor_role"]) == ("quantri", "admin")  # who pressed it, in the audit
    shown = labelled(at.selectbox, vi("rounds.round"))
    assert shown.value == election.id  # the page shows the new election, ready for check-in
    assert not any(vi("round_race.changed") in i for i in infos(at))  # the admin's own action is no news
    at = shown.set_value(round_id).run()  # back on the rejected round: the election is named, not offered again
    assert vi("presets.open_election_made", title=title) in infos(at)
    assert not [b for b in at.button if b.label == vi("presets.do_open_election")]
