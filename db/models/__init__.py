"""All tables, imported here so SQLModel.metadata knows every one of them."""

from db.models.access import AccessCode, ActiveSession, Conference, LoginEvent, LoginThrottle
from db.models.awards import Award
from db.models.enums import (
    AwardKind,
    AwardStatus,
    BlocKind,
    CriterionKind,
    LeadershipRole,
    LoginMethod,
    Role,
    SheetState,
)
from db.models.registry import Bloc, LeadershipTerm, Membership, Province, Unit, UnitName
from db.models.scoring import Covenant, CriteriaGroup, Criterion, Score, ScoreSheet
from db.models.users import User, UserScope

__all__ = [
    "AccessCode",
    "ActiveSession",
    "Award",
    "AwardKind",
    "AwardStatus",
    "Bloc",
    "BlocKind",
    "Conference",
    "Covenant",
    "CriteriaGroup",
    "Criterion",
    "CriterionKind",
    "LeadershipRole",
    "LeadershipTerm",
    "LoginEvent",
    "LoginMethod",
    "LoginThrottle",
    "Membership",
    "Province",
    "Role",
    "Score",
    "ScoreSheet",
    "SheetState",
    "Unit",
    "UnitName",
    "User",
    "UserScope",
]
