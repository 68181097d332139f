"""The count per candidate equals reading every ballot for that candidate, whatever the box holds.

tally() counts all marks in one pass (for speed: bench/documents.py); this checks it against
the plain rule, ballot by ballot: agree is a vote; disagree, or on a pick/single ballot any
non-blank ballot without the name, is against; the rest is blank. Invalid ballots count for
nobody; a name marked twice on one ballot counts once, with its last mark.
"""

from dataclasses import replace

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.voting.rules import PRESETS, BallotForm, RoundKind
from services.voting.tally import Ballot, Candidate, Mark, tally

CANDIDATES = [Candidate(i, f"Đơn vị {i:02d}") for i in range(1, 6)]


def plain_count(candidate: Candidate, ballots: list[Ballot], form: BallotForm) -> tuple[int, int, int]:
    votes = against = blank = 0
    for ballot in ballots:
        if not ballot.valid:
            continue
        mark = dict(ballot.marks).get(candidate.id)
        if mark == Mark.AGREE:
            votes += 1
        elif mark == Mark.DISAGREE or (form != BallotForm.APPROVAL and ballot.marks):
            against += 1
        else:
            blank += 1
    return votes, against, blank


marks = st.lists(st.tuples(st.integers(0, 6), st.sampled_from(list(Mark))), max_size=5).map(tuple)
ballots = st.lists(st.builds(Ballot, valid=st.booleans(), marks=marks), max_size=40)


@hsettings(max_examples=300, deadline=None)
@given(box=ballots, form=st.sampled_from(list(BallotForm)))
def test_each_candidate_is_counted_as_if_every_ballot_were_read_for_it(box, form):
    settings = replace(PRESETS[RoundKind.CUSTOM], form=form, seats=1)
    result = tally(settings, CANDIDATES, box, members=len(CANDIDATES), issued=len(box))
    counted = {r.candidate.id: (r.votes, r.against, r.blank) for r in result.results}
    assert counted == {c.id: plain_count(c, box, form) for c in CANDIDATES}
    assert all(sum(counted[c.id]) == result.valid for c in CANDIDATES)


def test_a_big_box_is_counted_exactly():
    """2,000 pick ballots: every one names candidate 1, every other one candidate 2, a tenth are blank."""
    box = []
    for number in range(2000):
        if number % 10 == 9:
            box.append(Ballot())
        else:
            box.append(Ballot(marks=((1, Mark.AGREE),) + (((2, Mark.AGREE),) if number % 2 == 0 else ())))
    result = tally(PRESETS[RoundKind.PROVINCIAL_FLAG], CANDIDATES, box, members=5, issued=2000)
    by_id = {r.candidate.id: r for r in result.results}
    assert (by_id[1].votes, by_id[1].against, by_id[1].blank) == (1800, 0, 200)
    assert (by_id[2].votes, by_id[2].against, by_id[2].blank) == (1000, 800, 200)
    assert result.winners == (1,)  # 1,000 of 2,000 collected is not more than half
