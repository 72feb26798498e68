"""Industry chains under /api: the chain graph, gap analysis and 补链 targets, the project
pipeline and the enterprises, as JSON (and CSV for the files a promoter takes away)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

import asyncpg
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from app.api.deps import get_db
from app.domain.chains import queries, service
from app.errors import NotFound, UnprocessableParameter
from app.exports import chains as exports

router = APIRouter(prefix="/api", tags=["industry chains"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]
Basis = Annotated[
    Literal["literal", "editorial"],
    Query(description="literal: only the plan's own words count; editorial: documented "
                      "equivalences (电驱 ≈ 驱动电机, 热管理 ⊃ 电空调) count too"),
]  # fmt: skip
Lang = Annotated[Literal["zh", "en"], Query(description="language of the file's words")]
ChainId = Annotated[str | None, Query(pattern=r"^[a-z0-9-]+$", max_length=60,
                                      description="a chain id, e.g. icv-parts")]  # fmt: skip
District = Annotated[str | None, Query(pattern=r"^[0-9]{6}$", description="a 渝西 adcode")]
Stage = Annotated[Literal["signed", "under_construction", "operating"] | None, Query()]
Year = Annotated[int | None, Query(ge=1990, le=2100, description="a stated event year")]
JSON = {200: {"content": {"application/json": {}}}}
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = {200: {"content": {"text/csv": {}}}}
XLSX = {200: {"content": {XLSX_TYPE: {}}}}

CHAIN_DESCRIPTION = """
One chain: its nodes (the plan's key systems and products, each citing its section), links
upstream → downstream (`basis`: `plan` where the plan's sentence states it, else `editorial`),
and for each node the districts whose section 四 entry names it, the parks whose stated industries
mention it, and the known firms on it — each match with its `basis` (`literal`, `editorial`
through a documented equivalence, or `related`: shown as closest, never counted) — and its
`status` on both bases (`present`, `planned_thin`, `gap`). `gaps` and `unplanned` list node names
per basis; `rules` says all this in zh and en.
"""


async def _known(db: Db, chain: str | None) -> None:
    if chain and not await db.fetchval("SELECT 1 FROM chain WHERE id = $1", chain):
        raise UnprocessableParameter(f"unknown chain {chain!r}", parameter="chain")


async def _known_district(db: Db, district: str | None) -> None:
    if district and not await db.fetchval(
        "SELECT 1 FROM district WHERE adcode = $1 AND kind = 'yuxi'", district
    ):
        raise UnprocessableParameter(
            f"district {district!r} is not one of the eight 渝西 districts", parameter="district"
        )


def _file(body: str | bytes, name: str, media_type: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.get("/chains", summary="The nine chains with node counts and status counts")
async def chains(db: Db) -> list[dict]:
    return await service.chain_list(db)


@router.get(
    "/chains/{chain_id}",
    summary="One chain as a graph, with who holds each node",
    description=CHAIN_DESCRIPTION,
    responses={404: {"description": "no such chain"}},
)
async def chain(db: Db, chain_id: Annotated[str, Path(pattern=r"^[a-z0-9-]+$",
                                                       max_length=60)]) -> dict:  # fmt: skip
    answer = await service.chain(db, chain_id)
    if answer is None:
        raise NotFound(f"chain {chain_id} not found", parameter="chain_id")
    return answer


@router.get("/chain-targets", summary="补链 / 延链 / 强链 targets for 渝西 and per district")
async def chain_targets(db: Db, basis: Basis = "literal", chain: ChainId = None) -> dict:
    await _known(db, chain)
    return await service.targets(db, basis, chain)


async def _target_table(db: Db, basis: str, chain: str | None, lang: str):
    await _known(db, chain)
    answer = await service.targets(db, basis, chain)
    names = {r["adcode"]: {"zh": r["name"], "en": r["name_en"]}
             for r in await db.fetch(queries.YUXI_DISTRICTS)}  # fmt: skip
    chain_names = {c["id"]: {"zh": c["name"], "en": c["name_en"]}
                   for c in await db.fetch(queries.CHAINS)}  # fmt: skip
    return exports.target_table(answer, names, chain_names, lang)


@router.get("/chain-targets.csv", summary="The 补链 target list as CSV", response_class=Response,
            responses=CSV)  # fmt: skip
async def chain_targets_csv(db: Db, basis: Basis = "literal", chain: ChainId = None,
                            lang: Lang = "zh") -> Response:  # fmt: skip
    table = await _target_table(db, basis, chain, lang)
    return _file(exports.to_csv(table), f"补链目标-{chain or 'all'}-{basis}.csv", CSV_TYPE)


@router.get("/chain-targets.xlsx", summary="The 补链 target list as XLSX",
            response_class=Response, responses=XLSX)  # fmt: skip
async def chain_targets_xlsx(db: Db, basis: Basis = "literal", chain: ChainId = None,
                             lang: Lang = "zh") -> Response:  # fmt: skip
    table = await _target_table(db, basis, chain, lang)
    return _file(exports.to_xlsx(table, "补链目标"), f"补链目标-{chain or 'all'}-{basis}.xlsx",
                 XLSX_TYPE)  # fmt: skip


@router.get("/pipeline", summary="The project pipeline (签约 → 在建 → 投产), with stated totals")
async def project_pipeline(db: Db, district: District = None, chain: ChainId = None,
                           stage: Stage = None, year: Year = None) -> dict:  # fmt: skip
    await _known(db, chain)
    await _known_district(db, district)
    return await service.project_pipeline(db, district, chain, stage, year)


async def _pipeline_table(db: Db, district, chain, stage, year, lang: str):
    await _known(db, chain)
    await _known_district(db, district)
    answer = await service.project_pipeline(db, district, chain, stage, year)
    return exports.pipeline_table(answer, lang)


@router.get("/pipeline.csv", summary="The project pipeline as CSV", response_class=Response,
            responses=CSV)  # fmt: skip
async def project_pipeline_csv(db: Db, district: District = None, chain: ChainId = None,
                               stage: Stage = None, year: Year = None,
                               lang: Lang = "zh") -> Response:  # fmt: skip
    table = await _pipeline_table(db, district, chain, stage, year, lang)
    return _file(exports.to_csv(table), "项目库.csv", CSV_TYPE)


@router.get("/pipeline.xlsx", summary="The project pipeline as XLSX", response_class=Response,
            responses=XLSX)  # fmt: skip
async def project_pipeline_xlsx(db: Db, district: District = None, chain: ChainId = None,
                                stage: Stage = None, year: Year = None,
                                lang: Lang = "zh") -> Response:  # fmt: skip
    table = await _pipeline_table(db, district, chain, stage, year, lang)
    return _file(exports.to_xlsx(table, "项目库"), "项目库.xlsx", XLSX_TYPE)


@router.get(
    "/enterprises",
    summary="Key enterprises and projects, as GeoJSON (位置示意)",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def enterprises(db: Db) -> Response:
    return Response(await db.fetchval(queries.ENTERPRISES_GEOJSON),
                    media_type="application/geo+json")  # fmt: skip


@router.get("/enterprises/{enterprise_id}", summary="One enterprise or project with its sources",
            response_class=Response, responses=JSON)  # fmt: skip
async def enterprise(
    db: Db, enterprise_id: Annotated[str, Path(pattern=r"^[a-z0-9-]+$", max_length=100)]
) -> Response:
    text = await service.enterprise(db, enterprise_id)
    if text is None:
        raise NotFound(f"enterprise {enterprise_id} not found", parameter="enterprise_id")
    return Response(text, media_type="application/json")
