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


def import_malformed(importer, path, skip, snapshot):
    """Import a malformed file: either a RegisterError naming the file, or a result that gives a reason for
    every rejected row and accounts for every row; the store (as `snapshot()` reads it) unchanged unless the
    result says it was stored. Returns (result or None, the snapshot before)."""
    from sv_desktop.exchange.tabular_file import RegisterError

    before = snapshot()
    try:
        result = importer.import_file(path, skip_invalid=skip)
    except RegisterError as exc:
        assert str(exc).startswith(f"{path.name}: ")
        assert snapshot() == before
        return None, before
    assert all(reason for _, reason in result.rejected)
    if result.rejected and not skip:
        assert result.refused and (result.added, result.updated, result.unchanged) == (0, 0, 0)
    else:
        assert len(result.rejected) + result.added + result.updated + result.unchanged == result.rows
    if not result.stored:
        assert snapshot() == before
    return result, before
