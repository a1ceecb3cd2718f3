"""Writing the .xlsx and .csv files the importer tests read: a title row or two above the header row."""
import csv

from openpyxl import Workbook


def write_xlsx(path, title, headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(["Exported for import"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, title, headers, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([title])
        writer.writerow([])
        writer.writerow(headers)
        writer.writerows(rows)
    return path
