#!/usr/bin/env python3
"""Reads an XLSX file with a real reader (Debian's python3-openpyxl) and
prints what it holds as JSON, for the report tests: the writers' unit tests
(api/formats/report_formats_test.cc), the service test
(api/tests/report_service_test.cc) and the browser test
(tests/browser/exports.test.mjs).

  read_xlsx.py FILE

{"title": the document's title,
 "sheets": [{"name", "freeze" (e.g. "A3"), "autofilter" (e.g. "A2:G9"),
             "print_titles" (e.g. "1:2"),
             "rows":    [[value, ...], ...]  as stored: a number is a JSON
                                             number, text a string, empty null
             "formats": [[number format, ...], ...],
             "bold":    [[true|false, ...], ...],
             "italic":  [[true|false, ...], ...],
             "fills":   [["RRGGBB" or null, ...], ...]}]}

Exit status 1 with the reason on standard error when the file is no XLSX
openpyxl can read.
"""
import json
import sys

import openpyxl


def main():
    try:
        wb = openpyxl.load_workbook(sys.argv[1])
    except Exception as e:  # what is wrong with the file, said once
        print(f"not a readable XLSX file: {e}", file=sys.stderr)
        return 1
    out = {"title": wb.properties.title, "sheets": []}
    for ws in wb.worksheets:
        sheet = {
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "print_titles": ws.print_title_rows,
            "rows": [],
            "formats": [],
            "bold": [],
            "italic": [],
            "fills": [],
        }
        for row in ws.iter_rows():
            sheet["rows"].append([c.value for c in row])
            sheet["formats"].append([c.number_format for c in row])
            sheet["bold"].append([bool(c.font and c.font.b) for c in row])
            sheet["italic"].append([bool(c.font and c.font.i) for c in row])
            fills = []
            for c in row:
                rgb = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                fills.append(rgb[-6:] if isinstance(rgb, str) else None)
            sheet["fills"].append(fills)
        out["sheets"].append(sheet)
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
