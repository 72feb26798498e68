"""Issue 13's schema (migration 0007), mirrored as models like app/db/models.py: measures and
their bases, the plan targets each measure measures, and the actual figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base


class ActualBasis(Base):
    """A basis (口径): what kind of figure — 营业收入, 产值, 增加值增速 …"""

    __tablename__ = "actual_basis"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)  # level | growth | share | count | event | text
    plan_order: Mapped[int] = mapped_column(SmallInteger)


class Measure(Base):
    """What a figure measures; its basis and unit are the only ones its figures may have."""

    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("code", "basis", "unit"),)

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(ForeignKey("actual_basis.code"))
    unit: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)  # compound | linear | cumulative | annual_floor
    plan: Mapped[bool] = mapped_column(Boolean, default=False)
    rank: Mapped[bool] = mapped_column(Boolean, default=False)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    weight: Mapped[Decimal | None] = mapped_column(Numeric)
    position: Mapped[int] = mapped_column(SmallInteger)


class TargetMeasure(Base):
    """Which measure, for which area, tells the progress of a plan target (indicator)."""

    __tablename__ = "target_measure"

    indicator_code: Mapped[str] = mapped_column(
        ForeignKey("indicator.code", ondelete="CASCADE"), primary_key=True
    )
    area_code: Mapped[str] = mapped_column(Text, primary_key=True)
    area_kind: Mapped[str] = mapped_column(Text)
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"))


class Actual(Base):
    """One figure as a source states it, for one area and period."""

    __tablename__ = "actual"
    __table_args__ = (
        ForeignKeyConstraint(
            ["measure_code", "basis", "unit"], ["measure.code", "measure.basis", "measure.unit"]
        ),
        UniqueConstraint("measure_code", "area_code", "period_label", "subject"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    measure_code: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    area_kind: Mapped[str] = mapped_column(Text)  # district | yuxi | city | cluster
    area_code: Mapped[str] = mapped_column(Text)
    district_adcode: Mapped[str | None] = mapped_column(ForeignKey("district.adcode"))
    cluster_id: Mapped[str | None] = mapped_column(ForeignKey("cluster.id"))
    area_as_stated: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text, default="")
    indicator_as_stated: Mapped[str] = mapped_column(Text)
    basis_as_stated: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(SmallInteger)
    year_from: Mapped[int | None] = mapped_column(SmallInteger)
    period_kind: Mapped[str] = mapped_column(Text)  # year | months | date | span | approx
    period_label: Mapped[str] = mapped_column(Text)
    month_from: Mapped[int | None] = mapped_column(SmallInteger)
    month_to: Mapped[int | None] = mapped_column(SmallInteger)
    period_date: Mapped[dt.date | None] = mapped_column(Date)
    value_text: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal | None] = mapped_column(Numeric)
    qualifier: Mapped[str] = mapped_column(Text)  # = > ≥ < ≈ text
    status: Mapped[str] = mapped_column(Text)  # official | provisional
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text))
    notes: Mapped[str | None] = mapped_column(Text)
    dataset: Mapped[str | None] = mapped_column(ForeignKey("provenance.dataset"))
    import_batch: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(Text)
    entered_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
