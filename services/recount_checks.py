"""The rules a counted ballot export must keep (docs/ballot-export.md, "Checks").

Each ballot against the round's settings, the same rules the server applied when the
ballot was cast (services.voting.casting.check_choice), except self-voting: the file
names no voter, so that rule cannot be checked from it. Then the receipt hashes.
Every broken rule is a Message; an empty list means the file keeps every rule.
"""

import re
from collections import Counter

from services.recount_format import Export, Message, message, shown
from services.voting.rules import BallotForm

MARKS = ("agree", "disagree")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def broken_rules(export: Export) -> list[Message]:
    data, settings = export.data, export.settings
    problems: list[Message] = []
    if data["round"]["kind"] != data["settings"]["kind"]:
        problems.append(message("recount.rule.kind", round=data["round"]["kind"], settings=data["settings"]["kind"]))
    collected = len(data["ballots"])
    if collected > data["issued"]:
        problems.append(message("recount.rule.more_than_issued", collected=collected, issued=data["issued"]))
    limit = settings.choice_limit(data["members"])
    known = set(export.candidate_ids)
    for index, ballot in enumerate(data["ballots"]):
        for rule in _ballot_rules(ballot, settings.form, limit, settings.min_choices, known):
            problems.append(message("recount.rule.ballot", number=index + 1, index=index, rule=rule))
    problems += _receipt_rules(data["receipt_hashes"], collected)
    return problems


def _ballot_rules(ballot: dict, form: BallotForm, limit: int, minimum: int, known: set[int]) -> list[Message]:
    if not ballot["valid"]:
        # A ruled-invalid paper ballot may carry any marks; it must say why it was ruled out.
        return [] if (ballot["invalid_reason"] or "").strip() else [message("recount.rule.no_reason")]
    rules = [message("recount.rule.valid_with_reason")] if ballot["invalid_reason"] is not None else []
    ids = [cid for cid, _ in ballot["marks"]]
    rules += [message("recount.rule.unknown_candidate", id=cid) for cid in dict.fromkeys(ids) if cid not in known]
    rules += [message("recount.rule.twice", id=cid) for cid, n in Counter(ids).items() if n > 1]
    rules += [message("recount.rule.bad_mark", mark=shown(mark)) for _, mark in ballot["marks"] if mark not in MARKS]
    agreed = sum(1 for _, mark in ballot["marks"] if mark == "agree")
    if form != BallotForm.APPROVAL and any(mark == "disagree" for _, mark in ballot["marks"]):
        rules.append(message("recount.rule.disagree", form=form.value))
    if form == BallotForm.SINGLE and agreed > 1:
        rules.append(message("recount.rule.single", count=agreed))
    elif agreed > limit:
        rules.append(message("recount.rule.too_many", count=agreed, max=limit))
    if 0 < agreed < minimum:  # a blank ballot is valid whatever the minimum (it counts as disagree)
        rules.append(message("recount.rule.too_few", count=agreed, min=minimum))
    return rules


def _receipt_rules(receipts: list[str], collected: int) -> list[Message]:
    """The file does not say which ballots were electronic: a receipt per collected ballot at most."""
    problems = []
    if len(receipts) > collected:
        problems.append(message("recount.rule.receipts", receipts=len(receipts), collected=collected))
    seen: set[str] = set()
    for index, receipt in enumerate(receipts):
        if not _SHA256.fullmatch(receipt):
            problems.append(message("recount.rule.receipt_format", index=index))
        elif receipt in seen:
            problems.append(message("recount.rule.receipt_twice", index=index))
        seen.add(receipt)
    return problems
