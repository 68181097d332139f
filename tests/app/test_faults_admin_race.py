"""Two admins on the rounds page with the same open round: one closes it, the other, whose
page still shows it open, presses "cancel". The cancel is refused and the second admin
reads why, on a page that now shows the closed round; the round stays closed."""

from sqlmodel import Session

from db.engine import make_engine
from db.models.voting import RoundStatus, VotingRound
from locales import translate
from tests.app.conftest import open_page
from tests.app.test_voting import culture_bloc, open_flag_round


def rounds_page(make_app, bloc_id: int):
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    return at.selectbox[0].set_value(bloc_id).run()


def test_a_cancel_from_a_stale_page_is_refused_and_says_why(make_app, app_db):
    round_id, _ = open_flag_round(app_db)
    engine = make_engine(app_db)
    with Session(engine) as session:
        bloc_id = culture_bloc(session).id
    first, second = rounds_page(make_app, bloc_id), rounds_page(make_app, bloc_id)
    assert [m.value for m in second.metric] == ["0 / 8"]  # both pages show the open round

    first.checkbox(key=f"confirm_close_{round_id}").check().run()
    first = first.button(key=f"do_close_{round_id}").click().run()
    assert translate("vi", "rounds.done_close") in [s.value for s in first.success]
    assert translate("vi", "round_race.changed") not in [i.value for i in first.info]  # its own change

    [reason] = [a for a in second.text_area if a.label == translate("vi", "rounds.cancel_reason")]
    reason.input("Danh sách đại biểu sai")
    second = second.button(key=f"FormSubmitter:cancel_{round_id}-{translate('vi', 'rounds.do_cancel')}").click().run()
    assert not second.exception, second.exception
    assert translate("vi", "round_race.changed") in [i.value for i in second.info]
    assert any(translate("vi", "vote_error.changed_meanwhile") in e.value for e in second.error)
    with Session(engine) as session:
        assert session.get(VotingRound, round_id).status == RoundStatus.CLOSED
    engine.dispose()
