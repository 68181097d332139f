"""The province's own rules for its stage after the blocs (one row per province).

Fractions are stored as text ("2/3", "1/5"), parsed with fractions.Fraction: the
council's threshold is counted in exact integers like a bloc's.
"""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class ProvinceStageRules(SQLModel, table=True):
    province_id: int = Field(foreign_key="province.id", primary_key=True)
    # Government-flag nominees may be at most this share of the year's provincial-flag
    # holders in the province (NĐ 91/2017 counts it province-wide, not per bloc).
    government_flag_cap: str = Field(default="1/5", max_length=16)
    # The council's threshold: comparison ("ge" at least / "gt" more than), fraction and base
    # ("entitled": all council members, "collected", "valid"), as services.voting.rules has them.
    council_comparison: str = Field(default="ge", max_length=8)
    council_threshold: str = Field(default="2/3", max_length=16)
    council_base: str = Field(default="entitled", max_length=16)
    # The text the council's minutes cite as the basis of that threshold.
    council_rules_text: str | None = Field(default=None, sa_type=sa.Text)
    # Who signs the decision (the chair of the People's Committee), for the draft's signature block.
    decision_signer: str | None = Field(default=None, max_length=200)
