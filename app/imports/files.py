"""Reading an uploaded file into rows: GeoJSON, zipped Shapefile, GeoPackage (geopandas with
pyogrio), CSV and XLSX with lon/lat or WKT columns. Every geometry leaves here in WGS-84:
converted from the file's CRS, or from a declared one — including GCJ-02 and BD-09, converted
once with the accurate inverses of geodata.gcj02.

Whatever is wrong with the file itself (format, encoding, size, a zip bomb, a Shapefile without
.dbf or .prj, merged header cells) is a 4xx naming it; what is wrong with a row is reported with
its row number by `run`.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
import shapely.errors
import shapely.ops

from app.errors import PayloadTooLarge, UnprocessableParameter
from app.messages import Message, msg
from geodata.gcj02 import bd09_to_wgs84, gcj02_to_wgs84

SUFFIXES = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".zip": "shapefile",
    ".gpkg": "geopackage",
    ".csv": "csv",
    ".xlsx": "xlsx",
}
# Declared CRSs: the Chinese web-map coordinates, or any EPSG code PROJ knows.
CHINESE_CRS = {"gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}
LON_COLUMNS = ("lon", "lng", "longitude", "x", "经度")
LAT_COLUMNS = ("lat", "latitude", "y", "纬度")
WKT_COLUMNS = ("wkt", "geometry", "geom", "几何")
MAX_ZIP_MEMBERS = 50
MAX_ZIP_RATIO = 200


class BadFile(UnprocessableParameter):
    title = "Unusable file"


@dataclass
class Limits:
    max_bytes: int
    max_rows: int
    max_unzipped_bytes: int


@dataclass
class Row:
    number: int  # as the user sees it: spreadsheet row (header = 1) or feature number (from 1)
    properties: dict
    geometry: dict | None
    notes: list[str] = field(default_factory=list)
    error: Message | None = None  # what makes the row unusable, found while reading it


@dataclass
class ReadFile:
    kind: str
    crs: str  # what the coordinates were read as
    rows: list[Row]
    columns: list[str]


def kind_of(filename: str) -> str:
    kind = SUFFIXES.get(Path(filename).suffix.lower())
    if kind is None:
        raise BadFile(msg("import.unsupported", filename=filename), "file")
    return kind


def read(
    data: bytes,
    filename: str,
    limits: Limits,
    *,
    declared_crs: str | None = None,
    encoding: str = "utf-8",
    repair: bool = False,
) -> ReadFile:
    if len(data) > limits.max_bytes:
        raise PayloadTooLarge(
            msg("import.too_many_bytes", n=f"{len(data):,}", max=f"{limits.max_bytes:,}"), "file"
        )
    if not data:
        raise BadFile(msg("import.empty"), "file")
    kind = kind_of(filename)
    declared = _declared(declared_crs)
    if kind in ("csv", "xlsx"):
        table = _csv(data, encoding) if kind == "csv" else _xlsx(data)
        rows, columns, crs = _table_rows(table, declared, repair)
    else:
        frame = _geo_frame(data, filename, kind, limits, declared)
        rows, columns, crs = _frame_rows(frame, declared, repair)
    if len(rows) > limits.max_rows:
        raise PayloadTooLarge(
            msg("import.too_many_rows", n=f"{len(rows):,}", max=f"{limits.max_rows:,}"), "file"
        )
    if not rows:
        raise BadFile(msg("import.no_rows"), "file")
    return ReadFile(kind, crs, rows, columns)


def _declared(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower().replace("-", "")
    if value in CHINESE_CRS or value in ("wgs84", "epsg:4326", "crs84"):
        return "wgs84" if value in ("epsg:4326", "crs84") else value
    if value.startswith("epsg:") and value[5:].isdigit():
        return value.upper()
    raise BadFile(msg("import.unknown_crs", value=value), "crs")


# -- geo files ------------------------------------------------------------------------------


def _geo_frame(data: bytes, filename: str, kind: str, limits: Limits, declared: str | None):
    import geopandas as gpd
    from pyogrio.errors import DataLayerError, DataSourceError

    with tempfile.TemporaryDirectory(prefix="im-import-") as tmp:
        folder = Path(tmp)
        if kind == "shapefile":
            path = _unzip_shapefile(data, folder, limits, declared)
        else:
            path = folder / ("upload.geojson" if kind == "geojson" else "upload.gpkg")
            path.write_bytes(data)
        try:
            frame = gpd.read_file(path, engine="pyogrio")
        except (DataSourceError, DataLayerError, ValueError, RuntimeError) as exc:
            raise BadFile(
                msg("import.unreadable", filename=filename, kind=kind, error=_short(exc)), "file"
            ) from None
    return frame


def _short(exc: Exception) -> str:
    text = str(exc).replace(str(Path(tempfile.gettempdir())), "").strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _unzip_shapefile(data: bytes, folder: Path, limits: Limits, declared: str | None) -> Path:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BadFile(msg("import.zip_unreadable"), "file") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise BadFile(msg("import.zip_members", n=len(members), max=MAX_ZIP_MEMBERS), "file")
    total = sum(m.file_size for m in members)
    # A zip bomb: tiny archive, huge contents. Judged from the directory before unpacking, and
    # the unpacked bytes are counted again while reading (the directory can lie).
    if total > limits.max_unzipped_bytes or any(
        m.compress_size and m.file_size / m.compress_size > MAX_ZIP_RATIO for m in members
    ):
        raise PayloadTooLarge(
            msg("import.zip_bomb", total=f"{total:,}", ratio=MAX_ZIP_RATIO,
                max=f"{limits.max_unzipped_bytes:,}"),
            "file",
        )  # fmt: skip
    shapes = [m for m in members if m.filename.lower().endswith(".shp")]
    if len(shapes) != 1:
        raise BadFile(msg("import.zip_one_shp"), "file")
    stem = shapes[0].filename[:-4]
    names = {m.filename.lower() for m in members}
    if f"{stem.lower()}.dbf" not in names:
        raise BadFile(msg("import.no_dbf", stem=stem), "file")
    if f"{stem.lower()}.shx" not in names:
        raise BadFile(msg("import.no_shx", stem=stem), "file")
    if f"{stem.lower()}.prj" not in names and declared is None:
        raise BadFile(msg("import.no_prj", stem=stem), "crs")
    written = 0
    for member in members:
        if Path(member.filename).name.lower().split(".")[0] != Path(stem).name.lower():
            continue
        target = folder / Path(member.filename).name  # flattened: no path from the archive
        with archive.open(member) as source, target.open("wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > limits.max_unzipped_bytes:
                    raise PayloadTooLarge(msg("import.zip_too_big"), "file")
                sink.write(chunk)
    return folder / Path(shapes[0].filename).name


def _frame_rows(frame, declared: str | None, repair: bool):
    if frame.crs is None and declared is None:
        raise BadFile(msg("import.no_crs"), "crs")
    source = declared if declared and declared.startswith("EPSG:") else None
    if source:
        frame = frame.set_crs(source, allow_override=True)
    elif frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    crs_name = frame.crs.to_string()
    frame = frame.to_crs("EPSG:4326")
    columns = [c for c in frame.columns if c != frame.geometry.name]
    rows = []
    for number, (_, record) in enumerate(frame.iterrows(), start=1):
        properties = {c: _plain(record[c]) for c in columns}
        geometry, notes = _finish(record[frame.geometry.name], declared, repair)
        rows.append(Row(number, properties, geometry, notes))
    label = f"{crs_name} → WGS-84" + (f" ({declared} → WGS-84)" if declared in CHINESE_CRS else "")
    return rows, columns, label


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _finish(geometry, declared: str | None, repair: bool) -> tuple[dict | None, list[str]]:
    """A shapely geometry in WGS-84 (or in GCJ-02/BD-09 when declared) → GeoJSON in WGS-84."""
    if geometry is None or geometry.is_empty:
        return None, []
    notes = []
    if declared in CHINESE_CRS:
        inverse = CHINESE_CRS[declared]

        def convert(coords: np.ndarray) -> np.ndarray:
            lon, lat = inverse(coords[:, 0], coords[:, 1])
            return np.column_stack([lon, lat])

        geometry = shapely.transform(geometry, convert)
    if repair and not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
        if geometry.geom_type == "GeometryCollection":
            polygons = [g for g in geometry.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            geometry = shapely.union_all(polygons) if polygons else geometry
        notes.append("invalid geometry repaired (make_valid)")
    return json.loads(shapely.to_geojson(geometry)), notes


# -- tables -----------------------------------------------------------------------------------


def _csv(data: bytes, encoding: str) -> list[list]:
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding)
    except UnicodeDecodeError:
        hint: Message | str = ""
        try:
            data.decode("gb18030")
            hint = msg("import.gbk_hint")
        except UnicodeDecodeError:
            pass
        raise BadFile(
            msg("import.not_encoding", encoding=encoding, hint=hint), "encoding"
        ) from None
    except LookupError:
        raise BadFile(msg("import.unknown_encoding", encoding=encoding), "encoding") from None
    try:
        return [row for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise BadFile(msg("import.csv_unreadable", error=str(exc)), "file") from None


def _xlsx(data: bytes) -> list[list]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not XLSX
        raise BadFile(msg("import.xlsx_unreadable", error=_short(exc)), "file") from None
    sheet = book.worksheets[0]
    merged = [str(r) for r in sheet.merged_cells.ranges if r.min_row == 1]
    if merged:
        raise BadFile(msg("import.merged_header", cells=merged), "file")
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def _table_rows(table: list[list], declared: str | None, repair: bool):
    while table and not any(str(v).strip() for v in table[-1]):
        table.pop()
    if not table:
        raise BadFile(msg("import.table_empty"), "file")
    header = [str(v).strip() for v in table[0]]
    if len(set(header)) != len(header) or any(not h for h in header):
        raise BadFile(msg("import.header"), "file")
    lower = [h.lower() for h in header]
    lon = next((header[lower.index(c)] for c in LON_COLUMNS if c in lower), None)
    lat = next((header[lower.index(c)] for c in LAT_COLUMNS if c in lower), None)
    wkt = next((header[lower.index(c)] for c in WKT_COLUMNS if c in lower), None)
    if not (lon and lat) and not wkt:
        raise BadFile(msg("import.no_location_columns"), "file")
    if declared and declared.startswith("EPSG:"):
        from pyproj import Transformer

        to_wgs84 = Transformer.from_crs(declared, "EPSG:4326", always_xy=True).transform
    else:
        to_wgs84 = None
    rows = []
    for offset, values in enumerate(table[1:], start=2):
        record = dict(zip(header, [*values, *[""] * (len(header) - len(values))], strict=False))
        if not any(str(v).strip() for v in record.values()):
            continue
        notes: list[str] = []
        geometry = None
        try:
            if wkt and str(record.get(wkt, "")).strip():
                shape = shapely.from_wkt(str(record[wkt]))
            elif lon and lat and str(record[lon]).strip() and str(record[lat]).strip():
                shape = shapely.Point(float(record[lon]), float(record[lat]))
            else:
                shape = None
        except (ValueError, shapely.errors.GEOSException) as exc:
            error = msg("import.row_geometry", error=_short(exc))
            rows.append(Row(offset, record, None, error=error))
            continue
        if shape is not None:
            if to_wgs84:
                shape = shapely.ops.transform(to_wgs84, shape)
            geometry, notes = _finish(shape, declared, repair)
        for column in (lon, lat, wkt):
            record.pop(column, None)
        rows.append(Row(offset, record, geometry, notes))
    columns = [h for h in header if h not in (lon, lat, wkt)]
    return (
        rows,
        columns,
        (declared or "wgs84") + (" → WGS-84" if declared not in (None, "wgs84") else ""),
    )
