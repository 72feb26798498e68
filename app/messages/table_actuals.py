"""The figures editors upload (app/domain/actuals/importing.py, figures.py): what is wrong with
the file, with a row of it, and with a value or period in it."""

MESSAGES = {
    # The template's columns, named in the reader's language beside the file's own header.
    "actuals.column.indicator": ("indicator", "指标代码"),
    "actuals.column.indicator_name": ("indicator name", "指标名称"),
    "actuals.column.area": ("area", "地域代码"),
    "actuals.column.area_name": ("area name", "地域名称"),
    "actuals.column.subject": ("subject", "所属产业"),
    "actuals.column.year": ("year", "年份"),
    "actuals.column.value": ("value", "数值"),
    "actuals.column.unit": ("unit", "单位"),
    "actuals.column.basis": ("basis", "口径"),
    "actuals.column.status": ("status", "状态"),
    "actuals.column.sources": ("sources", "来源"),
    "actuals.column.notes": ("notes", "备注"),
    "actuals.rejected": (
        "{n} error(s) in the file; nothing was written.",
        "文件中有 {n} 处错误，未写入任何数据。",
    ),
    "actuals.no_figures": ("The file has no figures to import.", "文件中没有可导入的数据。"),
    "actuals.not_xlsx": (
        "The file is not a readable XLSX workbook.",
        "文件不是可读取的 XLSX 工作簿。",
    ),
    "actuals.not_utf8": ("A CSV file must be in UTF-8.", "CSV 文件须为 UTF-8 编码。"),
    "actuals.file_type": (
        "Only .csv and .xlsx files can be imported.",
        "只能导入 CSV 或 XLSX 文件。",
    ),
    "actuals.too_large": ("The file may have at most 2 MB.", "文件不能超过 2 兆字节。"),
    "actuals.too_many_rows": (
        "The file has more than {max} rows.",
        "文件超过 {max} 行。",
    ),
    "actuals.missing_columns": (
        "Missing column(s) {columns}; use the template.",
        "缺少列 {columns}；请使用模板。",
    ),
    "actuals.unknown_indicator": (
        "Unknown indicator “{value}” (see /api/measures).",
        "未知指标“{value}”（见 /api/measures）。",
    ),
    "actuals.unknown_area": ("Unknown district or area “{value}”.", "未知的区或地域“{value}”。"),
    "actuals.wrong_unit": (
        "Unit “{value}” is not the unit of {measure} ({unit}).",
        "单位“{value}”不是指标 {measure} 的单位（{unit}）。",
    ),
    "actuals.wrong_basis": (
        "Basis “{value}” is not the basis of {measure} ({basis}): a figure of another basis is "
        "another indicator.",
        "口径“{value}”不是指标 {measure} 的口径（{basis}）：口径不同即为另一指标。",
    ),
    "actuals.wrong_status": (
        "Status must be official or provisional, not “{value}”.",
        "状态须为“official”（正式）或“provisional”（初步），而不是“{value}”。",
    ),
    "actuals.no_source": ("Every figure needs its source.", "每个数据都须注明来源。"),
    "actuals.year_range": (
        "Year {year} is outside {low}–{high}.",
        "年份 {year} 不在 {low}—{high} 之间。",
    ),
    "actuals.duplicate_row": (
        "Duplicate: the same indicator, area and period as row {row}.",
        "重复：与第 {row} 行的指标、地域和时期相同。",
    ),
    "actuals.duplicate_recorded": (
        "Duplicate: {measure} for {area} {period} is already recorded.",
        "重复：{area} {period} 的 {measure} 已有记录。",
    ),
    # -- a value or a period (figures.py) --
    "figure.value_empty": ("The value is empty.", "数值为空。"),
    "figure.not_a_number": ("Value “{value}” is not a number.", "数值“{value}”不是数字。"),
    "figure.neither": (
        "Value “{value}” is neither a number (optionally after > or the sign of an "
        "approximation) nor a text.",
        "数值“{value}”既不是数字（可带 >、约 等），也不是文字。",
    ),
    "figure.months": (
        "Period “{value}”: months must run from 1 to 12.",
        "时期“{value}”：月份须在 1 至 12 之间。",
    ),
    "figure.not_a_date": (
        "Period “{value}”: {date} is not a date.",
        "时期“{value}”：{date} 不是有效日期。",
    ),
    "figure.date_year": (
        "Period “{value}”: the date is not in {year}.",
        "时期“{value}”：日期不在 {year} 年内。",
    ),
    "figure.span": (
        "Period “{value}”: a span runs from an earlier to a later year.",
        "时期“{value}”：跨年时期须从较早年份到较晚年份。",
    ),
    "figure.period": (
        "Period “{value}” not understood: write a year (2023), or a year with its months, "
        "quarter, closing month, date or span, as the template's examples show.",
        "无法识别时期“{value}”：请写作 2023、2023（1–9月）、2023（第一季度）、"
        "2023（截至11月）、2023（2023-07-31）或 2022–2024（截至2024-04）。",
    ),
}
