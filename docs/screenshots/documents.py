"""Render the first page of the demo's documents as PNG: the 2017 conference's, and the decision draft.

    .venv/bin/python docs/screenshots/documents.py [--out DIR]

Builds a fresh demo database (SQLite, temporary), takes the published provincial-flag round
of Lai Châu's Culture–Society bloc, writes the vote-count minutes (PDF and Word) and the
proposal letter (Word), the draft decision from Lai Châu's 2025 council result (Word), and
saves minutes-pdf-page1.png, minutes-docx-page1.png, proposal-docx-page1.png and
decision-docx-page1.png (plus the files themselves in --keep DIR when asked). Needs
poppler-utils (pdftoppm) and, for the Word files, LibreOffice (soffice) to print them.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent
DPI = "80"


def build(directory: Path) -> dict[str, Path]:
    from sqlmodel import select

    from db.engine import make_engine, session_scope
    from db.models import Province
    from db.models.voting import VotingRound
    from services.province.decision_draft import draft_docx
    from services.voting.documents_docx import minutes_docx, proposal_docx
    from services.voting.minutes import minutes_for_round
    from services.voting.minutes_content import minutes_of_round
    from services.voting.proposal import proposal_of_round

    url = f"sqlite:///{directory / 'demo.db'}"
    subprocess.run([sys.executable, "-m", "manage", "init", "--demo"], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.DEVNULL)  # fmt: skip
    engine = make_engine(url)
    with session_scope(engine) as session:
        flag = session.exec(select(VotingRound).where(VotingRound.kind == "provincial_flag", VotingRound.year == 2017))
        round_id = flag.one().id
        lai_chau = session.exec(select(Province).where(Province.code == "LCU")).one()
        files = {
            "minutes-pdf": minutes_for_round(session, round_id=round_id),
            "minutes-docx": minutes_docx(minutes_of_round(session, round_id=round_id)),
            "proposal-docx": proposal_docx(proposal_of_round(session, round_id=round_id)),
            "decision-docx": draft_docx(session, province_id=lai_chau.id, year=2025),
        }
    engine.dispose()
    paths = {}
    for name, data in files.items():
        path = directory / f"{name}.{name.rsplit('-', 1)[1]}"
        path.write_bytes(data)
        paths[name] = path
    return paths


def first_page_png(source: Path, target: Path) -> None:
    pdf = source
    if source.suffix == ".docx":
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        pdf = source.with_suffix(".pdf")
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", DPI, "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep", type=Path, help="also copy the PDF and Word files here")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        paths = build(Path(temp))
        for name, path in paths.items():
            first_page_png(path, args.out / f"{name}-page1.png")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, args.keep / path.name)
                if path.with_suffix(".pdf").exists():
                    shutil.copy(path.with_suffix(".pdf"), args.keep / f"{path.stem}-printed.pdf")


if __name__ == "__main__":
    main()
