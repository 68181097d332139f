"""The seeds' Lai Châu 2017 conference, through the screens people use: the admin
configures, checks in and opens three rounds (flags with 2 seats, Bằng khen, the
2018 chair) on the rounds page, each of the 9 delegates votes on the ballot page,
the admin records the minutes details, closes and publishes; the published results
become the bloc's recorded history on the dashboards."""

import json

import sqlalchemy as sa
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, session_scope
from db.models import Award, AwardKind, LeadershipRole, LeadershipTerm, Role
from db.models.voting import Ballot, Participation, VotingRound
from locales import translate
from services.access.accounts import AccountInput, create_user
from services.registry.membership import members
from tests.app.conftest import APP, logged_in_principal, open_page
from tests.app.dashboard_helpers import open_dashboard
from tests.app.test_voting import culture_bloc

FLAGS = ("Sở LĐ-TB&XH", "Đài PT-TH")
MERITS = ("Sở GD&ĐT", "Trường CĐ Cộng đồng")
CHAIR_2018 = "Đài PT-TH"
ROUNDS = (("provincial_flag", FLAGS), ("certificate_of_merit", MERITS), ("chair", (CHAIR_2018,)))


def vi(key: str, **params) -> str:
    return translate("vi", key, **params)


def labelled(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def click(at: AppTest, label: str) -> AppTest:
    return labelled(at.button, label).click().run()


def roster_2017(url: str) -> tuple[int, dict[str, int], dict[int, str]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = culture_bloc(session)
        rows = members(session, bloc_id=bloc.id, year=2017)
        roster = {m.short_name: m.unit_id for m in rows}
        names = {m.unit_id: m.name for m in rows}
        # Start from a bloc without the recorded outcome, so the vote has to produce it.
        session.execute(sa.delete(Award).where(Award.bloc_id == bloc.id, Award.year == 2017))
        session.execute(sa.delete(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == 2018))
        for number, unit_id in enumerate(roster.values()):
            create_user(
                session=session,
                password="mat-khau-dai-bieu-2017",
                data=AccountInput(
                    username=f"daibieu{number}", full_name=f"Đại biểu {number}", role=Role.DELEGATE, unit_id=unit_id
                ),
            )
        bloc_id = bloc.id
    engine.dispose()
    return bloc_id, roster, names


def admin_rounds_page(make_app, bloc_id: int) -> AppTest:
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    labelled(at.selectbox, vi("rounds.bloc")).set_value(bloc_id).run()
    return labelled(at.selectbox, vi("year_picker.label")).set_value(2017).run()  # components/year_picker.py


def create_and_open(at: AppTest, kind: str, units: list[int]) -> tuple[AppTest, int]:
    labelled(at.selectbox, vi("rounds.kind")).set_value(kind).run()
    if kind != "chair":
        labelled(at.text_input, vi("rounds.seats")).input("2")
    at = click(at, vi("rounds.create"))
    assert vi("rounds.created") in [s.value for s in at.success]
    round_id = labelled(at.selectbox, vi("rounds.round")).value  # the newest round is shown first
    labelled(at.multiselect, vi("rounds.present_units")).set_value(units)
    at = click(at, vi("rounds.check_in"))
    assert vi("rounds.present_count", present=9, members=9) in [c.value for c in at.caption]
    at.checkbox(key=f"confirm_open_{round_id}").check().run()
    at = at.button(key=f"do_open_{round_id}").click().run()
    assert vi("rounds.done_open") in [s.value for s in at.success], [e.value for e in at.error]
    return at, round_id


def delegate_votes(url: str, username: str, unit_id: int, wanted: dict[int, list[int]], others: list[int]) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["principal"] = logged_in_principal(url, username)
    at = open_page(at.run(), "phieu-bau")
    for round_id, targets in wanted.items():
        seats = len(targets)
        choice = [u for u in targets if u != unit_id]
        if len(choice) < seats:  # no vote for oneself: back the first other unit instead
            choice.append(next(u for u in others if u not in targets and u != unit_id))
        if seats == 1:  # the chair: one name on a single-choice ballot
            labelled(at.radio, vi("ballot.choose_one")).set_value(choice[0])
        else:
            for candidate in choice:
                at.checkbox(key=f"c_{round_id}_{candidate}").check()
        at = at.button(key=f"review_{round_id}").click().run()
        at = at.button(key=f"confirm_{round_id}").click().run()
        assert any(vi("ballot.receipt", code="")[:12] in s.value for s in at.success), [e.value for e in at.error]
    # A second try is refused: every round now says the unit has voted.
    again = open_page(AppTest.from_file(APP, default_timeout=30), "phieu-bau")
    again.session_state["principal"] = at.session_state["principal"]
    again = open_page(again.run(), "phieu-bau")
    assert [i.value for i in again.info].count(vi("ballot.already_voted")) == len(wanted)


def test_the_2017_conference_of_lai_chau_through_the_screens(make_app, app_db):
    bloc_id, roster, names = roster_2017(app_db)
    units = list(roster.values())
    assert len(units) == 9

    # A leader looked at the bloc's history before the conference: the dashboard data is cached.
    before = open_dashboard(make_app, "lich-su-khoi", role="leader", tinh="LCU", khoi=bloc_id)
    years = before.dataframe[0].value.set_index(vi("dash.col.year"))
    assert years.loc[2018, vi("leader_role.chair")] != names[roster[CHAIR_2018]]

    at = admin_rounds_page(make_app, bloc_id)
    round_ids = {}
    for kind, _ in ROUNDS:
        at, round_ids[kind] = create_and_open(at, kind, units)

    # The counting committee and the place, typed before the count.
    flag = round_ids["provincial_flag"]
    labelled(at.selectbox, vi("rounds.round")).set_value(flag).run()
    labelled(at.text_input, vi("documents.place")).input("Hội trường Đài PT-TH tỉnh Lai Châu")
    labelled(at.text_area, vi("documents.committee")).input("Lò Văn Pâng – Trưởng ban\nTẩn Thị Mai – Thư ký")
    at = click(at, vi("documents.save_details"))
    assert vi("documents.details_saved") in [s.value for s in at.success]

    wanted = {round_ids[kind]: [roster[s] for s in targets] for kind, targets in ROUNDS}
    for number, unit_id in enumerate(units):
        delegate_votes(app_db, f"daibieu{number}", unit_id, wanted, units)

    at = admin_rounds_page(make_app, bloc_id)
    for kind, _ in ROUNDS:
        round_id = round_ids[kind]
        labelled(at.selectbox, vi("rounds.round")).set_value(round_id).run()
        assert [m.value for m in at.metric] == ["9 / 9"]  # turnout only while open
        at.checkbox(key=f"confirm_close_{round_id}").check().run()
        at = at.button(key=f"do_close_{round_id}").click().run()
        assert vi("rounds.done_close") in [s.value for s in at.success]
        at.checkbox(key=f"confirm_publish_{round_id}").check().run()
        at = at.button(key=f"do_publish_{round_id}").click().run()
        assert vi("rounds.done_publish") in [s.value for s in at.success]

    # The flag round's documents: the on-screen minutes and the proposal letter button.
    labelled(at.selectbox, vi("rounds.round")).set_value(flag).run()
    shown = [t.value for t in at.text]
    assert "Hôm nay, vào hồi" in " ".join(shown) and any("Hội trường Đài PT-TH tỉnh Lai Châu" in line for line in shown)
    assert "- Lò Văn Pâng – Trưởng ban" in shown
    winners_line = next(line for line in shown if line.startswith("Kết quả trúng"))
    assert all(names[roster[s]] in winners_line for s in FLAGS)
    assert vi("documents.proposal_docx") in [b.label for b in at.get("download_button")]

    engine = make_engine(app_db)
    with session_scope(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(Ballot)).one() == 27
        assert session.exec(select(sa.func.count()).select_from(Participation)).one() == 27
        results = {r.kind: json.loads(r.result_json) for r in session.exec(select(VotingRound))}

        def proposed(kind: AwardKind) -> set[int]:
            rows = session.exec(select(Award).where(Award.bloc_id == bloc_id, Award.year == 2017, Award.kind == kind))
            return {a.unit_id for a in rows}

        assert proposed(AwardKind.PROVINCIAL_FLAG) == {roster[s] for s in FLAGS}
        assert proposed(AwardKind.CERTIFICATE_OF_MERIT) == {roster[s] for s in MERITS}
        chair = session.exec(
            select(LeadershipTerm).where(
                LeadershipTerm.bloc_id == bloc_id,
                LeadershipTerm.year == 2018,
                LeadershipTerm.role == LeadershipRole.CHAIR,
            )
        ).one()
        assert chair.unit_id == roster[CHAIR_2018]
    engine.dispose()
    assert results["chair"]["winners"] == [roster[CHAIR_2018]]
    assert {c["votes"] for c in results["provincial_flag"]["candidates"] if c["id"] in wanted[flag]} == {8}

    # The recorded history, as the bloc history dashboard shows it at once (publishing cleared the cache).
    history = open_dashboard(make_app, "lich-su-khoi", role="leader", tinh="LCU", khoi=bloc_id)
    years = history.dataframe[0].value.set_index(vi("dash.col.year"))
    assert years.loc[2018, vi("leader_role.chair")] == names[roster[CHAIR_2018]]
    flags_2017 = years.loc[2017, vi("dash.col.flags")]
    assert all(names[roster[s]] in flags_2017 for s in FLAGS), flags_2017


def tomorrow():
    from datetime import timedelta

    from services.clock import local, now

    return local(now()).date() + timedelta(days=1)


def test_a_chosen_list_and_voting_hours_set_on_the_rounds_page(make_app, app_db):
    from datetime import time

    from services.clock import local

    bloc_id, roster, _ = roster_2017(app_db)
    at = admin_rounds_page(make_app, bloc_id)
    labelled(at.selectbox, vi("rounds.kind")).set_value("government_flag").run()
    labelled(at.multiselect, vi("rounds.chosen_units")).set_value([roster[FLAGS[1]], roster[FLAGS[0]]])
    labelled(at.checkbox, vi("schedule.set")).check()
    labelled(at.date_input, vi("schedule.day")).set_value(tomorrow())  # never in the past, whenever CI runs
    labelled(at.time_input, vi("schedule.opens")).set_value(time(23, 0))
    labelled(at.time_input, vi("schedule.closes")).set_value(time(23, 55))
    at = click(at, vi("rounds.create"))
    assert vi("rounds.created") in [s.value for s in at.success], [e.value for e in at.error]
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        round_ = session.exec(select(VotingRound)).one()
        from db.models.voting import RoundCandidate

        candidates = session.exec(select(RoundCandidate.unit_id).where(RoundCandidate.round_id == round_.id)).all()
        opens, closes = local(round_.opens_at), local(round_.closes_at)
    engine.dispose()
    assert sorted(candidates) == sorted([roster[s] for s in FLAGS])
    assert (opens.hour, opens.minute, closes.hour, closes.minute) == (23, 0, 23, 55)
    assert any("23:00" in c.value and "23:55" in c.value for c in at.caption)


def test_a_schedule_that_ends_before_it_starts_is_refused_on_the_page(make_app, app_db):
    from datetime import time

    bloc_id, _, _ = roster_2017(app_db)
    at = admin_rounds_page(make_app, bloc_id)
    labelled(at.checkbox, vi("schedule.set")).check()
    labelled(at.time_input, vi("schedule.opens")).set_value(time(23, 50))
    labelled(at.time_input, vi("schedule.closes")).set_value(time(23, 0))
    at = click(at, vi("rounds.create"))
    assert any(vi("vote_error.schedule_order") in e.value for e in at.error), [e.value for e in at.error]
