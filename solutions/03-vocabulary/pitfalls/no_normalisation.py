"""Never normalises to NFC: decomposed Korean, in the text or in the glossary, is not recognised."""
import csv
import io
import re


def load_glossary(csv_text):
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    if not {"north", "south", "source"} <= set(reader.fieldnames or []):
        raise ValueError("missing column")
    glossary = {}
    for row in reader:
        cells = {key: (value or "").strip() for key, value in row.items() if isinstance(key, str)}
        if not any(cells.values()):
            continue
        if not cells["north"] or not cells["south"] or not cells["source"] or cells["north"] in glossary:
            raise ValueError("bad row")
        glossary[cells["north"]] = Entry(cells["north"], cells["south"], cells.get("english", ""),
                                         cells["source"], cells.get("false_friend", "").lower() in YES)
    return glossary


def find_terms(text, glossary):
    if not glossary:
        return []
    words = sorted(glossary, key=len, reverse=True)
    return re.findall("|".join(re.escape(word) for word in words), text)


def annotate(text, glossary):
    if not glossary:
        return text
    words = sorted(glossary, key=len, reverse=True)
    pattern = re.compile(r"\[[^\[\]\n]*\]|" + "|".join(re.escape(word) for word in words))

    def replace(match):
        found = match.group(0)
        if found not in glossary or text.startswith(note_for(glossary[found]), match.end()):
            return found
        return found + note_for(glossary[found])

    return pattern.sub(replace, text)
