"""The seeds' conference, replayed by the demo's builder (manage/demo/conference.py) through
the voting services: Lai Châu's Culture–Society bloc votes its 2017 flags (2 seats), Bằng
khen (2 seats) and confirms the 2018 chair, and the published results become the recorded
history the news report describes. Starts from the quiet demo with that outcome removed,
so only the vote can produce it."""

import sqlalchemy as sa
from sqlmodel import select

from db.models import Award, AwardKind, LeadershipRole, LeadershipTerm
from manage.demo.conference import conference_bloc, hold_2017_conference
from services.registry.membership import members
from services.voting.queries import receipt_counted

FLAGS = {"Sở LĐ-TB&XH", "Đài PT-TH"}  # the news report, read by hand
MERITS = {"Sở GD&ĐT", "Trường CĐ Cộng đồng"}
CHAIR_2018 = "Đài PT-TH"


def test_the_2017_conference_of_lai_chau_becomes_history(demo_session):
    bloc = conference_bloc(demo_session)
    roster = {m.unit_id: m.short_name for m in members(demo_session, bloc_id=bloc.id, year=2017)}
    assert len(roster) == 9
    demo_session.execute(sa.delete(Award).where(Award.bloc_id == bloc.id, Award.year == 2017))
    demo_session.execute(
        sa.delete(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == 2018)
    )

    receipts = hold_2017_conference(demo_session)

    def proposed(kind: AwardKind) -> list[str]:
        rows = demo_session.exec(select(Award).where(Award.bloc_id == bloc.id, Award.year == 2017, Award.kind == kind))
        return sorted(roster[a.unit_id] for a in rows)

    assert proposed(AwardKind.PROVINCIAL_FLAG) == sorted(FLAGS)
    assert proposed(AwardKind.CERTIFICATE_OF_MERIT) == sorted(MERITS)
    chair = demo_session.exec(
        select(LeadershipTerm).where(
            LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == 2018, LeadershipTerm.role == LeadershipRole.CHAIR
        )
    ).one()
    assert roster[chair.unit_id] == CHAIR_2018
    # Every unit voted in every round, and each receipt is found among the counted ballots.
    assert {kind: len(codes) for kind, codes in receipts.items()} == {
        "provincial_flag": 9,
        "certificate_of_merit": 9,
        "chair": 9,
    }
    for kind, codes in receipts.items():
        assert all(receipt_counted(demo_session, code=code).kind == kind for code in codes.values())
