"""All tables, imported here so SQLModel.metadata knows every one of them."""

from db.models.access import AccessCode, ActiveSession, Conference, LoginEvent, LoginThrottle
from db.models.archive import ArchivedYear
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
from db.models.province_stage import ProvinceStageRules
from db.models.registry import Bloc, LeadershipTerm, Membership, Province, Unit, UnitName
from db.models.scoring import Covenant, CriteriaGroup, Criterion, Score, ScoreSheet
from db.models.scoring_records import EvidenceFile, ScoreAction, ScoreEvent
from db.models.users import User, UserScope
from db.models.voting import (
    AuditEvent,
    Ballot,
    CheckIn,
    Participation,
    PersonCheckIn,
    PersonParticipation,
    RoundCandidate,
    RoundStatus,
    VotingRound,
)

__all__ = [
    "AccessCode",
    "ActiveSession",
    "ArchivedYear",
    "AuditEvent",
    "Award",
    "AwardKind",
    "AwardStatus",
    "Ballot",
    "Bloc",
    "BlocKind",
    "CheckIn",
    "Conference",
    "Covenant",
    "CriteriaGroup",
    "Criterion",
    "CriterionKind",
    "EvidenceFile",
    "LeadershipRole",
    "LeadershipTerm",
    "LoginEvent",
    "LoginMethod",
    "LoginThrottle",
    "Membership",
    "Participation",
    "PersonCheckIn",
    "PersonParticipation",
    "Province",
    "ProvinceStageRules",
    "Role",
    "RoundCandidate",
    "RoundStatus",
    "Score",
    "ScoreAction",
    "ScoreEvent",
    "ScoreSheet",
    "SheetState",
    "Unit",
    "UnitName",
    "User",
    "UserScope",
    "VotingRound",
]
