"""Conferences are named by year and bloc (issue 13, item 6): the default name follows the year
the admin chose, not today's, and the conference picker says whose conference it is."""

from sqlmodel import Session, select

from db.engine import make_engine
from db.models import Conference
from services.registry.places import list_blocs
from tests.app.conftest import open_page
from tests.app.test_admin_pages import lai_chau_culture_bloc

SUBMIT = "FormSubmitter:conference_form-Tạo hội nghị"


def _stored_names(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as session:
        names = [c.name for c in session.exec(select(Conference).order_by(Conference.id))]
    engine.dispose()
    return names


def test_the_default_name_has_the_chosen_year_and_the_bloc(make_app, app_db):
    at = open_page(make_app(role="admin").run(), "ma-truy-cap")
    at.selectbox[0].set_value(lai_chau_culture_bloc(app_db))
    at.selectbox(key="conference_year").set_value(2025)
    at = at.button(key=SUBMIT).click().run()
    assert at.success[0].value == "Đã tạo hội nghị."
    assert _stored_names(app_db) == ["Hội nghị tổng kết năm 2025 – Khối Văn hóa – Xã hội"]


def test_two_blocs_conferences_are_told_apart_in_the_picker(make_app, app_db):
    at = open_page(make_app(role="admin").run(), "ma-truy-cap")
    blocs = at.selectbox[0].options
    engine = make_engine(app_db)
    with Session(engine) as session:
        bloc_ids = [b.id for b in list_blocs(session)][:2]
    engine.dispose()
    blocs = [at.selectbox[0].format_func(b) for b in bloc_ids]
    for bloc_id in bloc_ids:  # two blocs, same year, default names
        at.selectbox[0].set_value(bloc_id)
        at = at.button(key=SUBMIT).click().run()
        assert at.success[0].value == "Đã tạo hội nghị."
    picker = next(s for s in at.selectbox if s.label == "Hội nghị")
    assert len(set(picker.options)) == 2
    for bloc_label in blocs:  # "Province · Bloc": each conference's label names both
        province, bloc = bloc_label.split(" · ", 1)
        assert any(province in o and bloc in o for o in picker.options), (bloc_label, picker.options)
