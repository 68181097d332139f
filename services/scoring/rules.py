"""The scoring rules, in one module: sheet states, who may do what, when a covenant freezes.

States of a unit's sheet (the verifier acts on the sheet as a whole):

    draft ─submit─▶ submitted ─verify─▶ verified ─lock the year─▶ locked
                      │    ▲               │
                 return    submit       return (with a reason)
                      ▼    │               │
                     returned ◀────────────┘

- The unit (its own password account, bound to the unit) edits self scores,
  notes and evidence while the sheet is draft or returned, and submits it.
  A secretary of the bloc, or an admin, may do the same on the unit's behalf
  (paper sheets, Excel import); the history records who it was.
- A verifier (secretary of the bloc, or admin) edits verified scores while the
  sheet is submitted or verified, verifies it, or returns it with a reason.
- Locking the year locks every sheet of the bloc-year at once, and only when
  every member unit's sheet is verified. Nothing changes a locked sheet.
- Access-code sessions (conference delegates) may not score at all: a code is
  for voting, and the sheet's history must name a real account.
- A covenant can be edited until scoring starts: as soon as any sheet of its
  bloc-year has left draft, or holds any saved score, note or evidence file.
"""

from dataclasses import dataclass
from enum import StrEnum

from db.models import Role, ScoreAction, SheetState
from services.access.sessions import Principal
from services.errors import FieldError, ValidationFailed


class Actor(StrEnum):
    UNIT = "unit"
    VERIFIER = "verifier"


class NotAllowed(ValidationFailed):
    """Refused by a rule (not bad input); carries a message key like every validation error."""

    def __init__(self, key: str, **params: object):
        super().__init__([FieldError("sheet", key, dict(params))])


@dataclass(frozen=True)
class Transition:
    sources: frozenset[SheetState]
    target: SheetState
    actor: Actor


TRANSITIONS: dict[ScoreAction, Transition] = {
    ScoreAction.SUBMITTED: Transition(
        frozenset({SheetState.DRAFT, SheetState.RETURNED}), SheetState.SUBMITTED, Actor.UNIT
    ),
    ScoreAction.VERIFIED: Transition(frozenset({SheetState.SUBMITTED}), SheetState.VERIFIED, Actor.VERIFIER),
    ScoreAction.RETURNED: Transition(
        frozenset({SheetState.SUBMITTED, SheetState.VERIFIED}), SheetState.RETURNED, Actor.VERIFIER
    ),
    ScoreAction.LOCKED: Transition(frozenset({SheetState.VERIFIED}), SheetState.LOCKED, Actor.VERIFIER),
}

# Which scores each side may change in which state.
EDIT_STATES: dict[Actor, frozenset[SheetState]] = {
    Actor.UNIT: frozenset({SheetState.DRAFT, SheetState.RETURNED}),
    Actor.VERIFIER: frozenset({SheetState.SUBMITTED, SheetState.VERIFIED}),
}

SCORING_ROLES = frozenset({Role.ADMIN, Role.SECRETARY, Role.DELEGATE})


def actors_for(principal: Principal, *, unit_id: int, bloc_id: int, scoped_bloc_ids: set[int]) -> frozenset[Actor]:
    """What `principal` may act as on unit `unit_id`'s sheet in bloc `bloc_id`.

    scoped_bloc_ids: the blocs the principal's scope covers (services.access.scope).
    """
    if principal.role not in SCORING_ROLES or principal.user_id is None:
        return frozenset()
    if principal.role == Role.ADMIN or (principal.role == Role.SECRETARY and bloc_id in scoped_bloc_ids):
        return frozenset({Actor.UNIT, Actor.VERIFIER})
    if principal.role == Role.DELEGATE and principal.unit_id == unit_id:
        return frozenset({Actor.UNIT})
    return frozenset()


def require_actor(principal: Principal, actors: frozenset[Actor], needed: Actor) -> None:
    if principal.user_id is None:
        raise NotAllowed("scoring_error.code_session")
    if needed not in actors:
        raise NotAllowed("scoring_error.forbidden")


def require_edit(state: SheetState, actor: Actor) -> None:
    if state == SheetState.LOCKED:
        raise NotAllowed("scoring_error.sheet_locked")
    if state not in EDIT_STATES[actor]:
        raise NotAllowed(f"scoring_error.{actor.value}_cannot_edit")


def next_state(state: SheetState, action: ScoreAction, actors: frozenset[Actor]) -> SheetState:
    """The state after `action`, or NotAllowed saying from which states it is possible."""
    transition = TRANSITIONS[action]
    if transition.actor not in actors:
        raise NotAllowed("scoring_error.forbidden")
    if state == SheetState.LOCKED:
        raise NotAllowed("scoring_error.sheet_locked")
    if state not in transition.sources:
        raise NotAllowed(f"scoring_error.cannot_{action.value}")
    return transition.target


def can_edit(state: SheetState, actors: frozenset[Actor], actor: Actor) -> bool:
    return actor in actors and state in EDIT_STATES[actor]


def can_do(state: SheetState, action: ScoreAction, actors: frozenset[Actor]) -> bool:
    transition = TRANSITIONS[action]
    return transition.actor in actors and state in transition.sources


def covenant_frozen(*, sheets_left_draft: bool, anything_saved: bool) -> bool:
    return sheets_left_draft or anything_saved
