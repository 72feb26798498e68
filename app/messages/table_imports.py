"""File imports: what is wrong with the file (app/imports/files.py), with a row of it
(app/imports/run.py), and the refusal that sums them up (app/api/imports.py)."""

MESSAGES = {
    "import.no_collection": ("There is no collection “{layer}”.", "没有图层“{layer}”。"),
    "import.upload_too_large": (
        "The file has more than {max} bytes; at most {max}.",
        "文件超过了 {max} 字节的上限。",
    ),
    "import.upload_larger": (
        "The upload is larger than {max} bytes.",
        "上传的内容超过了 {max} 字节的上限。",
    ),
    "import.too_many_bytes": (
        "The file has {n} bytes; at most {max} are accepted.",
        "文件有 {n} 字节，最多接受 {max} 字节。",
    ),
    "import.empty": ("The file is empty.", "文件是空的。"),
    "import.too_many_rows": (
        "The file has {n} rows; at most {max} are accepted.",
        "文件有 {n} 行，最多接受 {max} 行。",
    ),
    "import.no_rows": ("The file has no rows.", "文件中没有数据行。"),
    "import.unsupported": (
        "“{filename}”: unsupported file type; send .geojson, a zipped Shapefile (.zip), "
        ".gpkg, .csv or .xlsx.",
        "不支持“{filename}”的文件类型；"
        "请上传 GeoJSON、压缩的 Shapefile、GeoPackage、CSV 或 XLSX 文件。",
    ),
    "import.unknown_crs": (
        "Unknown CRS “{value}”: give gcj02, bd09, wgs84 or EPSG:<code>.",
        "未知坐标系“{value}”：请选择 GCJ-02、百度坐标、WGS-84 或“EPSG:代码”。",
    ),
    "import.unreadable": (
        "“{filename}” cannot be read as {kind}: {error}",
        "无法读取文件“{filename}”（格式“{kind}”）。",
    ),
    "import.zip_unreadable": ("The .zip archive cannot be opened.", "无法打开该压缩包。"),
    "import.zip_members": (
        "The archive holds {n} files; at most {max}.",
        "压缩包中有 {n} 个文件，最多 {max} 个。",
    ),
    "import.zip_bomb": (
        "The archive unpacks to {total} bytes or compresses suspiciously well "
        "(more than {ratio}:1); at most {max} bytes.",
        "压缩包解压后有 {total} 字节，或压缩比异常（超过 {ratio}:1）；最多 {max} 字节。",
    ),
    "import.zip_one_shp": (
        "The archive must hold exactly one Shapefile (.shp).",
        "压缩包中必须恰好有一个 Shapefile。",
    ),
    "import.no_dbf": (
        "The Shapefile {stem}.shp has no .dbf (its attribute table).",
        "Shapefile“{stem}”缺少属性表（.dbf 文件）。",
    ),
    "import.no_shx": (
        "The Shapefile {stem}.shp has no .shx (its index).",
        "Shapefile“{stem}”缺少索引（.shx 文件）。",
    ),
    "import.no_prj": (
        "The Shapefile {stem}.shp has no .prj, so its CRS is unknown: declare it "
        "(crs=wgs84, gcj02, bd09 or EPSG:<code>).",
        "Shapefile“{stem}”缺少 .prj 文件，坐标系未知：请选择坐标系。",
    ),
    "import.zip_too_big": ("The archive unpacks to too many bytes.", "压缩包解压后过大。"),
    "import.no_crs": (
        "The file does not say its CRS: declare it (crs=…).",
        "文件没有注明坐标系：请选择坐标系。",
    ),
    "import.not_encoding": (
        "The CSV is not {encoding}.{hint}",
        "CSV 文件不是 {encoding} 编码。{hint}",
    ),
    "import.gbk_hint": (
        " It reads as GBK/GB18030: save it as UTF-8, or declare encoding=gbk.",
        "它可以按 GBK 读取：请另存为 UTF-8，或把编码选为 GBK。",
    ),
    "import.unknown_encoding": ("Unknown encoding “{encoding}”.", "未知编码“{encoding}”。"),
    "import.csv_unreadable": ("The CSV cannot be read: {error}", "无法读取 CSV 文件。"),
    "import.xlsx_unreadable": ("The XLSX cannot be read: {error}", "无法读取 XLSX 文件。"),
    "import.merged_header": (
        "The header row has merged cells ({cells}): give every column its own header cell "
        "in row 1.",
        "表头有合并的单元格（{cells}）：第 1 行的每一列都要有自己的表头。",
    ),
    "import.table_empty": ("The table is empty.", "表格是空的。"),
    "import.header": (
        "Every column needs a header of its own in row 1.",
        "第 1 行的每一列都要有自己的、不重复的表头。",
    ),
    "import.no_location_columns": (
        "The table needs lon and lat columns (“经度”/“纬度”) or a WKT column (wkt/geometry).",
        "表格需要经度、纬度两列，或一列 WKT 几何。",
    ),
    "import.row_geometry": ("geometry: {error}", "该行的几何无法读取。"),
    # -- rows (app/imports/run.py) --
    "import.columns_ignored": (
        "columns ignored (not fields of {layer}): {columns}",
        "已忽略以下列（不是图层“{layer}”的字段）：{columns}",
    ),
    "import.unknown_district": ("unknown district “{value}”", "未知区县“{value}”"),
    "import.duplicate_row": (
        "the same record as row {row} ({id})",
        "与第 {row} 行是同一条记录（“{id}”）",
    ),
    "import.refused": (
        "{n} row(s) have problems, e.g. row {row}: {message}; nothing was written.",
        "{n} 行有问题，例如第 {row} 行：{message}；未写入任何数据。",
    ),
}
