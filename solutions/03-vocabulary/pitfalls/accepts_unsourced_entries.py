"""The typical AI mistake: the source column is treated as optional, so untraceable pairs slip in."""
import csv
import io
import unicodedata


def load_glossary(csv_text):
    text = unicodedata.normalize("NFC", csv_text.lstrip("\ufeff"))
    glossary = {}
    for row in csv.DictReader(io.StringIO(text)):
        north = (row.get("north") or "").strip()
        south = (row.get("south") or "").strip()
        if not north or not south:
            continue
        glossary[north] = Entry(
            north, south, (row.get("english") or "").strip(), (row.get("source") or "").strip(),
            (row.get("false_friend") or "").strip().lower() in YES)
    return glossary
