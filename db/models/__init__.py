"""All tables, imported here so SQLModel.metadata knows every one of them."""

from db.models.awards import Award
from db.models.enums import (
    AwardKind,
    AwardStatus,
    BlocKind,
    CriterionKind,
    LeadershipRole,
    Role,
    SheetState,
)
from db.models.registry import Bloc, LeadershipTerm, Membership, Province, Unit, UnitName
from db.models.scoring import Covenant, CriteriaGroup, Criterion, Score, ScoreSheet
from db.models.users import User

__all__ = [
    "Award",
    "AwardKind",
    "AwardStatus",
    "Bloc",
    "BlocKind",
    "Covenant",
    "CriteriaGroup",
    "Criterion",
    "CriterionKind",
    "LeadershipRole",
    "LeadershipTerm",
    "Membership",
    "Province",
    "Role",
    "Score",
    "ScoreSheet",
    "SheetState",
    "Unit",
    "UnitName",
    "User",
]
