"""The 产业布局总表 as files: CSV (UTF-8 with BOM, so that Excel reads the Chinese) and XLSX
(openpyxl: a real spreadsheet with a frozen header, wrapped cells and the sources below)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.domain.overview import table

SOURCE = {
    "zh": "来源：渝府〔2023〕13号 三、主要产业方向（集群）与四、空间布局（各区产业）；"
    "产业归入集群为本站编辑归类（标“经集群归类”）。",
    "en": "Source: 渝府〔2023〕13号, sections 3 (clusters) and 4 (each district's industries); "
    "which cluster an industry belongs to is our editorial mapping (marked “linked by cluster”).",
}


def to_csv(overview: dict, lang: str) -> bytes:
    header, rows = table(overview, lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerow([])
    writer.writerow([SOURCE[lang]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(overview: dict, lang: str) -> bytes:
    header, rows = table(overview, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = "Industry layout" if lang == "en" else "产业布局总表"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DBE9F6")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=2):
        line[0].font = bold
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 14
    for index in range(3, len(header) + 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 30
    sheet.freeze_panes = "C2"
    sheet.append([])
    sheet.append([SOURCE[lang]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
