"""The year's bundle as one workbook for people: a sheet per kind of record, names
instead of ids, in the chosen language (Vietnamese by default: these are records)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from locales import translate
from services.spreadsheet import write_xlsx

MARKS = {"agree": "year_export.mark_agree", "disagree": "year_export.mark_disagree"}


def year_xlsx(data: dict[str, Any], *, lang: str = "vi") -> bytes:
    def t(key: str, **params) -> str:
        return translate(lang, key, **params)

    def label(prefix: str) -> Callable[[str | None], str]:
        return lambda value: t(f"{prefix}.{value}") if value else ""

    provinces = {p["id"]: p["name"] for p in data["provinces"]}
    blocs = {b["id"]: b["name"] for b in data["blocs"]}
    units = {u["id"]: u["name"] for u in data["units"]}
    bloc_of = {m["unit_id"]: blocs.get(m["bloc_id"], "") for m in data["memberships"]}
    yes = {True: t("year_export.yes"), False: t("year_export.no")}
    sheets: dict[str, list[list]] = {}

    def sheet(key: str, columns: list[str], rows: list[list]) -> None:
        sheets[t(f"year_export.sheet.{key}")] = [[t(f"year_export.col.{c}") for c in columns], *rows]

    sheet("blocs", ["province", "bloc", "kind", "archived"],
          [[provinces.get(b["province_id"], ""), b["name"], label("bloc_kind")(b["kind"]), yes[b["archived"]]]
           for b in data["blocs"]])  # fmt: skip
    sheet("units", ["province", "unit_id", "unit", "short_name", "bloc"],
          [[provinces.get(u["province_id"], ""), u["id"], u["name"], u["short_name"], bloc_of.get(u["id"], "")]
           for u in data["units"]])  # fmt: skip
    sheet("leaders", ["bloc", "year", "role", "unit"],
          [[blocs[x["bloc_id"]], x["year"], label("leader_role")(x["role"]), units.get(x["unit_id"], "")]
           for x in data["leaders"]])  # fmt: skip
    criteria, scores, ranking = [], [], []
    for covenant in data["covenants"]:
        bloc = blocs[covenant["bloc_id"]]
        lines = {c["id"]: c for c in covenant["criteria"]}
        criteria += [[bloc, covenant["title"], c["code"], c["group"], c["name"], label("scoring.kind")(c["kind"]),
                      c["max_points"]] for c in covenant["criteria"]]  # fmt: skip
        ranking += [[bloc, s["rank"], units.get(s["unit_id"], ""), label("sheet_state")(s["state"]), s["self_total"],
                     s["verified_total"], s["return_reason"]] for s in covenant["sheets"]]  # fmt: skip
        scores += [[bloc, units.get(s["unit_id"], ""), lines[s["criterion_id"]]["code"],
                    lines[s["criterion_id"]]["name"], s["self"], s["verified"], s["note"]]
                   for s in covenant["scores"]]  # fmt: skip
    sheet("criteria", ["bloc", "covenant", "code", "group", "criterion", "kind", "max"], criteria)
    sheet("ranking", ["bloc", "rank", "unit", "state", "self_total", "verified_total", "return_reason"], ranking)
    sheet("scores", ["bloc", "unit", "code", "criterion", "self", "verified", "note"], scores)
    sheet("awards", ["unit", "bloc", "award", "status", "person", "decision", "decision_date", "status_reason", "note"],
          [[units.get(a["unit_id"], ""), blocs.get(a["bloc_id"], ""), label("dash.award")(a["kind"]),
            label("dash.award_status")(a["status"]), a["person_name"], a["decision_ref"],
            date.fromisoformat(a["decision_date"]) if a["decision_date"] else None, a["status_reason"], a["note"]]
           for a in data["awards"]])  # fmt: skip
    rounds, results, ballots, members = [], [], [], []
    for r in data["rounds"]:
        result = r["result"] or {}
        winners = ", ".join(units.get(w, str(w)) for w in result.get("winners", []))
        present = len(r["checked_in"]) + len(r["person_check_ins"])  # units, or a council's members
        rounds.append([r["id"], blocs[r["bloc_id"]], r["title"], label("round_kind")(r["kind"]),
                       label("round_status")(r["status"]), r["created_at"], present,
                       len(r["voted"]) + r["persons_voted"], winners, r["cancel_reason"]])  # fmt: skip
        members += [[r["id"], c["name"], c["position"], c["at"]] for c in r["person_check_ins"]]
        results += [[r["id"], c["rank"], c["name"], c["votes"], c["against"], c["blank"], c["share"], yes[c["passed"]]]
                    for c in result.get("candidates", [])]  # fmt: skip
        for number, b in enumerate(r["ballots"] or [], start=1):
            marks = "; ".join(f"{units.get(cid, cid)}: {t(MARKS.get(mark, mark))}" for cid, mark in b["marks"])
            reason = label("invalid_reason")(b["invalid_reason"])
            ballots.append([r["id"], number, yes[b["valid"]], reason, marks or t("year_export.blank")])
    sheet("rounds", ["round", "bloc", "title", "kind", "status", "created", "checked_in", "voted", "winners",
                     "cancel_reason"], rounds)  # fmt: skip
    sheet("results", ["round", "rank", "candidate", "votes", "against", "blank", "share", "passed"], results)
    sheet("ballots", ["round", "number", "valid", "invalid_reason", "marks"], ballots)
    sheet("council_check_ins", ["round", "member", "position", "checked_in_at"], members)
    chain = data["audit"]["chain"]
    events = [[e["id"], e["round_id"], e["at"], e["kind"], str(e["payload"]), e["prev_hash"], e["hash"]]
              for e in data["audit"]["events"]]  # fmt: skip
    events.append([t("year_export.chain", intact=yes[chain["intact"]], events=chain["events"], digest=chain["digest"])])
    sheet("audit", ["event", "round", "at", "kind", "payload", "prev_hash", "hash"], events)
    return write_xlsx(sheets)
