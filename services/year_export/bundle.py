"""The zip that holds the year's JSON and XLSX side by side."""

import json
import zipfile
from datetime import datetime
from io import BytesIO

from sqlmodel import Session

from services.year_export.collect import collect_year
from services.year_export.xlsx import year_xlsx


def bundle_name(year: int, province_code: str | None = None) -> str:
    return f"thidua-{year}" + (f"-{province_code.lower()}" if province_code else "")


def year_bundle_zip(session: Session, *, year: int, province_id: int | None = None, at: datetime,
                    lang: str = "vi") -> tuple[str, bytes, dict]:  # fmt: skip
    """(file name, zip bytes, the collected data)."""
    data = collect_year(session, year=year, province_id=province_id, at=at)
    name = bundle_name(year, data["province"])
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        archive.writestr(f"{name}.xlsx", year_xlsx(data, lang=lang))
    return f"{name}.zip", buffer.getvalue(), data
