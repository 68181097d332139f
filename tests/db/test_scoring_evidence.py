"""Evidence files kept in the database: types, sizes, who may download, when they may change."""

from decimal import Decimal

import pytest

from services.errors import ValidationFailed
from services.scoring.actions import Entry, save_self_scores
from services.scoring.evidence import (
    MAX_BYTES,
    MAX_FILES_PER_CRITERION,
    add_evidence,
    clean_filename,
    evidence_content,
    list_evidence,
    remove_evidence,
)
from services.scoring.sheets import sheet_view
from tests.db.scoring_world import build_world

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4  # binary content survives the round trip


@pytest.fixture()
def world(session):
    return build_world(session)


def add(session, world, *, who="unit", name="bao-cao.pdf", data=PDF, criterion=None):
    return add_evidence(
        session=session,
        principal=world.people[who],
        covenant_id=world.covenant_id,
        unit_id=world.units["A1"],
        criterion_id=criterion or world.normal.id,
        filename=name,
        data=data,
    )


def errors_of(call) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return [(e.field, e.key) for e in info.value.errors]


def test_a_file_round_trips_byte_for_byte_and_is_listed_without_its_bytes(session, world):
    info = add(session, world, name="C:\\Users\\A\\Báo cáo <img src=x onerror=alert(1)> **quý**.pdf")
    assert info.filename == "Báo cáo <img src=x onerror=alert(1)> **quý**.pdf"  # path dropped, the rest as typed
    view = sheet_view(session, principal=world.people["unit"], covenant_id=world.covenant_id, unit_id=world.units["A1"])
    assert [line.evidence_count for line in view.lines] == [1, 0, 0, 0]
    listed = list_evidence(session, sheet_id=view.sheet_id)
    assert [(e.filename, e.size, e.uploaded_by) for e in listed] == [(info.filename, len(PDF), "donvi-a1")]
    for who in ("unit", "secretary", "admin"):
        assert evidence_content(session=session, principal=world.people[who], evidence_id=info.id)[1] == PDF


@pytest.mark.parametrize("who", ["other_unit", "other_secretary", "leader", "code"])
def test_others_cannot_download(session, world, who):
    info = add(session, world)
    assert errors_of(lambda: evidence_content(session=session, principal=world.people[who], evidence_id=info.id)) == [
        ("sheet", "scoring_error.forbidden")
    ]


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("script.html", b"<script>", "scoring_error.file_type"),
        ("no-extension", PDF, "scoring_error.file_type"),
        ("anh.png", PDF, "scoring_error.file_content"),  # a PDF renamed .png
        ("trong.pdf", b"", "scoring_error.file_empty"),
        ("lon.pdf", b"%PDF-" + b"0" * MAX_BYTES, "scoring_error.file_too_big"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_stored(session, world, name, data, key):
    assert errors_of(lambda: add(session, world, name=name, data=data)) == [("file", key)]
    view = sheet_view(session, principal=world.people["unit"], covenant_id=world.covenant_id, unit_id=world.units["A1"])
    assert view.sheet_id is None


def test_office_documents_and_images_are_accepted(session, world):
    for name, data in (
        ("anh.JPG", b"\xff\xd8\xff\xe0jfif"),
        ("anh.png", b"\x89PNG\r\n\x1a\nrest"),
        ("bang.xlsx", b"PK\x03\x04rest"),
        ("van-ban.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
        ("van-ban.odt", b"PK\x03\x04rest"),
    ):
        assert add(session, world, name=name, data=data).filename == name


def test_files_change_only_while_the_unit_may_edit(session, world):
    info = add(session, world)
    save_self_scores(
        session=session,
        principal=world.people["unit"],
        covenant_id=world.covenant_id,
        unit_id=world.units["A1"],
        entries={world.normal.id: Entry(Decimal(9)), world.big.id: Entry(Decimal(19))},
        submit=True,
    )
    assert errors_of(lambda: add(session, world)) == [("sheet", "scoring_error.unit_cannot_edit")]
    assert errors_of(lambda: remove_evidence(session=session, principal=world.people["unit"], evidence_id=info.id)) == [
        ("sheet", "scoring_error.unit_cannot_edit")
    ]


def test_removing_a_file_and_the_per_criterion_limit(session, world):
    infos = [add(session, world, name=f"tep-{i}.pdf") for i in range(MAX_FILES_PER_CRITERION)]
    assert errors_of(lambda: add(session, world)) == [("sheet", "scoring_error.too_many_files")]
    remove_evidence(session=session, principal=world.people["unit"], evidence_id=infos[0].id)
    assert add(session, world).filename == "bao-cao.pdf"


def test_file_names_lose_paths_and_control_characters_only():
    assert clean_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_filename("a\x00b\nc  d.pdf") == "abc d.pdf"
    assert clean_filename("x" * 300 + ".docx").endswith(".docx") and len(clean_filename("x" * 300 + ".docx")) == 255
