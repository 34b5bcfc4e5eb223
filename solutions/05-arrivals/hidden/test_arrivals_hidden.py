"""Hidden tests for grading exercise 05: edge cases a careful reviewer would try.

The fixture rows and the helpers by_year and bars come from the visible tests, test_arrivals.py,
which sits next to this file when it runs.
"""
# ruff: noqa: F811  (tests ask for the fixture rows, imported from test_arrivals, by name)

import copy
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from arrivals import bar_chart_svg, cumulative, female_share, load_arrivals, pct_change, peak_year
from test_arrivals import SVG, bars, by_year, rows  # noqa: F401


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def row(year, total, male=None, female=None):
    return {"year": year, "total": total, "male": male, "female": female, "confidence": "", "note": ""}


def geometry(bar):
    return tuple(float(bar.get(name)) for name in ("x", "y", "width", "height"))


# Task 1 · load_arrivals

@pytest.mark.task(1)
def test_byte_order_mark(tmp_path):
    """A file saved with a byte-order mark still has a year column."""
    path = write(tmp_path, "year,total\n2020,229\n", encoding="utf-8-sig")
    assert load_arrivals(path)[0]["year"] == 2020


@pytest.mark.task(1)
def test_thousands_separators_and_spaces(tmp_path):
    """Numbers written like "2,914" or with spaces around them are read as numbers."""
    path = write(tmp_path, 'year,total,male,female\n2009,"2,914",,\n2019, 1047 ,202, 845\n')
    loaded = load_arrivals(path)
    assert [(r["year"], r["total"], r["male"], r["female"]) for r in loaded] == [
        (2009, 2914, None, None), (2019, 1047, 202, 845)]


@pytest.mark.task(1)
def test_rows_come_back_sorted(tmp_path):
    """Rows in any order in the file come back sorted by year."""
    path = write(tmp_path, "year,total\n2021,63\n2019,1047\n2020,229\n")
    assert [r["year"] for r in load_arrivals(path)] == [2019, 2020, 2021]


@pytest.mark.task(1)
def test_text_instead_of_a_number_is_an_error(tmp_path):
    """A total written in words, or a negative one, is not a count."""
    for bad in ("about 300", "-5", "12.5"):
        path = write(tmp_path, f"year,total\n2019,{bad}\n")
        with pytest.raises(ValueError):
            load_arrivals(path)


@pytest.mark.task(1)
def test_more_women_than_arrivals_is_an_error(tmp_path):
    """A part larger than the whole is an error even when the other part is unknown."""
    path = write(tmp_path, "year,total,male,female\n2019,100,,150\n")
    with pytest.raises(ValueError):
        load_arrivals(path)


@pytest.mark.task(1)
def test_only_year_and_total_columns(tmp_path):
    """A file with only year and total columns loads, with the other fields empty."""
    loaded = load_arrivals(write(tmp_path, "year,total\n2023,196\n"))
    assert loaded == [{"year": 2023, "total": 196, "male": None, "female": None, "confidence": "", "note": ""}]


@pytest.mark.task(1)
def test_no_total_column_is_an_error(tmp_path):
    """A file without a total column is not an arrivals file."""
    with pytest.raises(ValueError):
        load_arrivals(write(tmp_path, "year,count\n2023,196\n"))


@pytest.mark.task(1)
def test_path_as_string_or_path(tmp_path):
    """The path may be a string or a pathlib.Path."""
    path = write(tmp_path, "year,total\n2024,236\n")
    assert load_arrivals(str(path)) == load_arrivals(Path(path))


@pytest.mark.task(1)
def test_notes_with_commas_are_kept_whole():
    """A note that contains commas stays one piece of text."""
    row_2002 = by_year(load_arrivals("nk_arrivals.csv"), 2002)
    assert row_2002["note"] == "current MOU value; contemporaneous reports 1,138-1,143"


# Task 2 · peak_year and pct_change

@pytest.mark.task(2)
@pytest.mark.points(2)
def test_peak_is_computed_not_remembered():
    """The peak comes from the rows given, whatever they are."""
    assert peak_year([row(2000, 312), row(2001, 583), row(2002, 500)]) == (2001, 583)


@pytest.mark.task(2)
def test_peak_of_nothing_is_an_error():
    """No rows, no peak."""
    with pytest.raises(ValueError):
        peak_year([])


@pytest.mark.task(2)
def test_change_in_the_other_direction(rows):
    """The change from 2020 back to 2019 is a rise, measured from the 2020 figure."""
    assert round(pct_change(rows, 2020, 2019), 1) == 357.2


@pytest.mark.task(2)
def test_change_is_not_rounded(rows):
    """The percentage is returned exactly; rounding is for display."""
    assert pct_change(rows, 2019, 2020) == pytest.approx((229 - 1047) / 1047 * 100, abs=1e-9)


@pytest.mark.task(2)
def test_change_within_one_year_is_zero(rows):
    """From a year to itself the change is 0."""
    assert pct_change(rows, 2021, 2021) == 0


@pytest.mark.task(2)
def test_missing_start_year_is_a_key_error(rows):
    """A start year that is not in the data: KeyError."""
    with pytest.raises(KeyError):
        pct_change(rows, 1990, 2019)


@pytest.mark.task(2)
def test_rows_in_any_order(rows):
    """The answers do not depend on the order of the rows."""
    backwards = list(reversed(rows))
    assert peak_year(backwards) == peak_year(rows)
    assert pct_change(backwards, 2019, 2020) == pct_change(rows, 2019, 2020)


# Task 3 · female_share

@pytest.mark.task(3)
def test_share_2024(rows):
    """The share of women in 2024, from the Ministry's split."""
    assert female_share(by_year(rows, 2024)) == pytest.approx(210 / 236 * 100)


@pytest.mark.task(3)
def test_unknown_for_every_year_without_a_split(rows):
    """Every year without a figure for women has an unknown share."""
    unknown = [r["year"] for r in rows if female_share(r) is None]
    assert unknown == [r["year"] for r in rows if r["year"] not in (2020, 2021, 2022, 2024, 2025)]


@pytest.mark.task(3)
def test_women_known_men_unknown():
    """When only the number of women is known, the share can still be computed."""
    assert female_share(row(2030, 200, female=150)) == pytest.approx(75.0)


@pytest.mark.task(3)
def test_no_arrivals_no_share():
    """A year with no arrivals at all has no share, and does not crash."""
    assert female_share(row(2030, 0, male=0, female=0)) is None


@pytest.mark.task(3)
def test_the_row_is_not_changed(rows):
    """Computing the share leaves the row as it was."""
    original = by_year(rows, 2025)
    before = copy.deepcopy(original)
    female_share(original)
    assert original == before


# Task 4 · cumulative

@pytest.mark.task(4)
def test_through_the_base_year_is_the_base(rows):
    """Up to and including the base year, the total is the base itself."""
    assert cumulative(rows, through=1998) == 947


@pytest.mark.task(4)
def test_through_a_year_after_the_data_is_a_key_error(rows):
    """A total through a year with no figure yet cannot be computed."""
    with pytest.raises(KeyError):
        cumulative(rows, through=2030)


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_gap_in_the_real_data(rows):
    """Dropping one year from the data is noticed, not silently undercounted."""
    with pytest.raises(KeyError):
        cumulative([r for r in rows if r["year"] != 2005])


@pytest.mark.task(4)
def test_other_base(rows):
    """With no base and every row counted, the total is the sum of the rows."""
    assert cumulative(rows, base=0, base_year=1997) == sum(r["total"] for r in rows)


@pytest.mark.task(4)
def test_running_totals_grow_credibly(rows):
    """Year by year the running total grows by exactly that year's figure."""
    totals = {r["year"]: r["total"] for r in rows}
    for year in range(1999, 2026):
        assert cumulative(rows, through=year) - cumulative(rows, through=year - 1) == totals[year]


@pytest.mark.task(4)
def test_cumulative_rows_in_any_order(rows):
    """The order of the rows does not change the total."""
    assert cumulative(list(reversed(rows))) == cumulative(rows)


# Task 5 · bar_chart_svg

@pytest.mark.task(5)
@pytest.mark.points(2)
def test_bars_stand_on_a_common_baseline(rows):
    """Every bar ends at the same baseline at the bottom (SVG's y axis points down)."""
    found = [geometry(bar) for bar in bars(bar_chart_svg(rows))]
    bottoms = {round(y + height, 1) for _x, y, _w, height in found}
    assert len(bottoms) == 1
    tallest = max(found, key=lambda g: g[3])
    lowest = min(found, key=lambda g: g[3])
    assert tallest[1] < lowest[1]  # the tallest bar's top is higher up on the screen


@pytest.mark.task(5)
def test_heights_are_proportional(rows):
    """Bar heights are proportional to the figures."""
    heights = {int(bar.find(SVG + "title").text.split(":")[0]): geometry(bar)[3]
               for bar in bars(bar_chart_svg(rows))}
    assert heights[2020] / heights[2009] == pytest.approx(229 / 2914, rel=0.02)
    assert heights[2021] / heights[2009] == pytest.approx(63 / 2914, rel=0.05)


@pytest.mark.task(5)
def test_special_characters_in_the_title(rows):
    """A title with &, < and > still makes a valid SVG that shows the title as written."""
    title = "Arrivals <1998–2025> & estimates"
    root = ET.fromstring(bar_chart_svg(rows, title=title))
    texts = [element.text for element in root.iter() if element.text]
    assert title in texts


@pytest.mark.task(5)
def test_single_year():
    """One row gives one bar."""
    assert len(bars(bar_chart_svg([row(2025, 224)]))) == 1


@pytest.mark.task(5)
def test_chart_of_nothing_is_an_error():
    """No rows, no chart."""
    with pytest.raises(ValueError):
        bar_chart_svg([])
