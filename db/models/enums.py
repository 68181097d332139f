"""Enumerations stored as short strings (portable between SQLite and PostgreSQL)."""

from enum import StrEnum

import sqlalchemy as sa


class BlocKind(StrEnum):
    BLOC = "bloc"  # khối thi đua: departments and agencies
    CLUSTER = "cluster"  # cụm thi đua: localities
    # The province's Emulation and Commendation Council (Hội đồng Thi đua – Khen thưởng tỉnh)
    # as a voting body: its rounds, conference, check-in, sealing and minutes are a bloc's,
    # but its voters are persons (council-member accounts scoped to it), not member units.
    COUNCIL = "council"


class LeadershipRole(StrEnum):
    CHAIR = "chair"  # Trưởng khối
    DEPUTY = "deputy"  # Phó trưởng khối


class CriterionKind(StrEnum):
    NORMAL = "normal"
    BONUS = "bonus"
    DEDUCTION = "deduction"


class SheetState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    RETURNED = "returned"
    LOCKED = "locked"


class AwardKind(StrEnum):
    PROVINCIAL_FLAG = "provincial_flag"  # Cờ thi đua của UBND tỉnh
    GOVERNMENT_FLAG = "government_flag"  # Cờ thi đua của Chính phủ
    CERTIFICATE_OF_MERIT = "certificate_of_merit"  # Bằng khen của Chủ tịch UBND tỉnh
    LABOUR_ORDER = "labour_order"  # Huân chương Lao động
    PEOPLES_TEACHER = "peoples_teacher"  # Nhà giáo ưu tú
    PEOPLES_DOCTOR = "peoples_doctor"  # Thầy thuốc ưu tú
    OTHER = "other"


class AwardStatus(StrEnum):
    PROPOSED = "proposed"  # by a bloc's vote (Đề nghị)
    APPROVED = "approved"  # by the chair's decision (decision_ref, decision_date)
    NOT_APPROVED = "not_approved"  # the council's vote did not pass it (status_reason says why)


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    LEADER = "leader"
    DELEGATE = "delegate"
    # The council's standing office (Sở Nội vụ): a leader's view of one province plus its stage.
    PROVINCE_OFFICER = "province_officer"
    # A person on the province's council: votes in the council's rounds, nothing else.
    COUNCIL_MEMBER = "council_member"


class LoginMethod(StrEnum):
    PASSWORD = "password"
    COOKIE = "cookie"
    CODE = "code"


def enum_type(enum_cls: type[StrEnum]) -> sa.Enum:
    """A VARCHAR column type with a CHECK constraint, the same on both databases.

    Native PostgreSQL enums would make every new value a migration of its own.
    """
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        name=f"ck_{enum_cls.__name__.lower()}",
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
