"""Tests you can read: what the arrivals statistics and chart must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 05`.
The tests of tasks 2 to 5 read the data file themselves (see `rows` below), so that each task
can be checked before task 1 works.
"""

import itertools
import csv
import xml.etree.ElementTree as ET

import pytest

from arrivals import bar_chart_svg, cumulative, female_share, load_arrivals, pct_change, peak_year

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def rows():
    """The rows of nk_arrivals.csv, read here with the csv module, as load_arrivals returns them."""
    def count(text):
        return int(text) if text else None

    with open("nk_arrivals.csv", encoding="utf-8", newline="") as handle:
        return [{"year": int(record["year"]), "total": int(record["total"]), "male": count(record["male"]),
                 "female": count(record["female"]), "confidence": record["confidence"], "note": record["note"]}
                for record in csv.DictReader(handle)]


def by_year(rows, year):
    return next(row for row in rows if row["year"] == year)


def bars(svg):
    """The <rect class="bar"> elements of an SVG document."""
    root = ET.fromstring(svg)
    return [rect for rect in root.iter(SVG + "rect") if rect.get("class") == "bar"]


# Task 1 · load_arrivals

@pytest.mark.task(1)
def test_one_row_per_year_in_order():
    """The data file gives 28 rows, 1998 to 2025, in order."""
    loaded = load_arrivals("nk_arrivals.csv")
    assert [row["year"] for row in loaded] == list(range(1998, 2026))


@pytest.mark.task(1)
def test_numbers_are_numbers():
    """Year and counts are whole numbers: 2021 had 63 arrivals, 40 men and 23 women."""
    row = by_year(load_arrivals("nk_arrivals.csv"), 2021)
    assert (row["year"], row["total"], row["male"], row["female"]) == (2021, 63, 40, 23)


@pytest.mark.task(1)
def test_unknown_counts_are_none_not_zero():
    """A year without figures for men and women has None for both (unknown is not zero)."""
    row = by_year(load_arrivals("nk_arrivals.csv"), 2019)
    assert row["male"] is None and row["female"] is None


@pytest.mark.task(1)
def test_notes_are_kept():
    """The source notes and confidence come along with the figures."""
    row = by_year(load_arrivals("nk_arrivals.csv"), 2020)
    assert row["note"] == "COVID border closure"
    assert row["confidence"] == "high"


@pytest.mark.task(1)
def test_men_and_women_must_add_up(tmp_path):
    """A row whose men and women do not add up to its total is an error: ValueError."""
    path = tmp_path / "bad.csv"
    path.write_text("year,total,male,female\n2019,1047,202,800\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_arrivals(path)


# Task 2 · peak_year and pct_change

@pytest.mark.task(2)
def test_peak_year(rows):
    """The year with the most arrivals is 2009, with 2,914."""
    assert peak_year(rows) == (2009, 2914)


@pytest.mark.task(2)
def test_border_closure_drop(rows):
    """From 2019 to 2020 arrivals fell by about 78.1 percent."""
    assert round(pct_change(rows, 2019, 2020), 1) == -78.1


@pytest.mark.task(2)
def test_a_small_rise(rows):
    """From 2021 (63) to 2022 (67) arrivals rose by about 6.3 percent."""
    assert round(pct_change(rows, 2021, 2022), 1) == 6.3


@pytest.mark.task(2)
def test_missing_year_is_a_key_error(rows):
    """A year that is not in the data: KeyError."""
    with pytest.raises(KeyError):
        pct_change(rows, 2019, 1990)


# Task 3 · female_share

@pytest.mark.task(3)
def test_share_of_women_2025(rows):
    """In 2025, 198 of 223 arrivals were women: about 88.8 percent."""
    assert round(female_share(by_year(rows, 2025)), 1) == 88.8


@pytest.mark.task(3)
def test_share_of_women_2021(rows):
    """In 2021, 23 of 63 arrivals were women: about 36.5 percent."""
    assert round(female_share(by_year(rows, 2021)), 1) == 36.5


@pytest.mark.task(3)
def test_unknown_share_is_none(rows):
    """A year without a figure for women has an unknown share: None, not 0."""
    assert female_share(by_year(rows, 2009)) is None


# Task 4 · cumulative

@pytest.mark.task(4)
def test_cumulative_total_matches_the_ministry(rows):
    """Through 2025 the total is 34,537, the Ministry's own cumulative figure as corrected in February 2026."""
    assert cumulative(rows) == 34537


@pytest.mark.task(4)
def test_cumulative_through_2024(rows):
    """Through 2024 the total is 34,314, as reported at the time."""
    assert cumulative(rows, through=2024) == 34314


@pytest.mark.task(4)
def test_base_year_is_not_counted_twice():
    """The base already includes its own year: a 1998 row is not added to it again."""
    small = [{"year": 1998, "total": 71}, {"year": 1999, "total": 148}]
    assert cumulative(small, base=947) == 947 + 148


@pytest.mark.task(4)
def test_a_gap_is_a_key_error():
    """A year missing in the middle would make the total too low: KeyError."""
    gappy = [{"year": 1999, "total": 148}, {"year": 2001, "total": 583}]
    with pytest.raises(KeyError):
        cumulative(gappy)


# Task 5 · bar_chart_svg

@pytest.mark.task(5)
def test_chart_is_an_svg_document(rows):
    """The chart is text that parses as XML with an <svg> root in the SVG namespace."""
    svg = bar_chart_svg(rows)
    assert isinstance(svg, str)
    assert ET.fromstring(svg).tag == SVG + "svg"


@pytest.mark.task(5)
def test_one_bar_per_year(rows):
    """There is one bar for each of the 28 years."""
    assert len(bars(bar_chart_svg(rows))) == 28


@pytest.mark.task(5)
def test_tallest_bar_is_the_peak(rows):
    """The tallest bar is the 2009 bar, the 12th from the left."""
    heights = [float(bar.get("height")) for bar in bars(bar_chart_svg(rows))]
    assert heights.index(max(heights)) == 2009 - 1998


@pytest.mark.task(5)
def test_each_bar_has_a_tooltip(rows):
    """Each bar has a <title> with its year and figure, such as "2009: 2,914"."""
    titles = [bar.find(SVG + "title").text for bar in bars(bar_chart_svg(rows))]
    assert titles[11] == "2009: 2,914"
    assert titles[0] == "1998: 71"


@pytest.mark.task(5)
def test_missing_year_in_chart_is_a_key_error(rows):
    """A chart with a year missing would mislead: KeyError."""
    without_2005 = [row for row in rows if row["year"] != 2005]
    with pytest.raises(KeyError):
        bar_chart_svg(without_2005)


@pytest.mark.task(5)
def test_a_title_with_special_characters_is_shown_as_written(rows):
    """A title with &, < and > still gives a valid SVG that shows the title as written."""
    title = "Arrivals <1998–2025> & estimates"
    root = ET.fromstring(bar_chart_svg(rows, title=title))
    assert title in [element.text for element in root.iter() if element.text]


@pytest.mark.task(5)
def test_bars_share_one_baseline(rows):
    """Every bar ends at the same baseline (SVG's y axis points down): y + height is the same for all."""
    found = [(float(bar.get("y")), float(bar.get("height"))) for bar in bars(bar_chart_svg(rows))]
    assert len({round(y + height, 1) for y, height in found}) == 1


def row(year, total, male=None, female=None):
    return {"year": year, "total": total, "male": male, "female": female, "confidence": "", "note": ""}


@pytest.mark.task(2)
def test_peak_tie_goes_to_the_earliest_year():
    """When two years tie, the earlier one is the peak, whatever the order of the rows."""
    assert peak_year([row(2011, 50), row(2010, 50), row(2009, 10)]) == (2010, 50)


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def geometry(bar):
    return tuple(float(bar.get(name)) for name in ("x", "y", "width", "height"))


@pytest.mark.task(5)
def test_bars_fit_in_the_image(rows):
    """Every bar lies inside the image's width and height, whatever size is asked for."""
    for width, height in ((720, 400), (300, 200)):
        svg = bar_chart_svg(rows, width=width, height=height)
        root = ET.fromstring(svg)
        assert float(root.get("width")) == width and float(root.get("height")) == height
        for x, y, w, h in (geometry(bar) for bar in bars(svg)):
            assert 0 <= x and x + w <= width + 1e-6 and 0 <= y and y + h <= height + 1e-6
            assert w > 0 and h >= 0


@pytest.mark.task(5)
def test_an_image_too_small_for_bars_is_refused_not_drawn_outside(rows):
    """In a very small image every bar still fits with a width above 0, or the chart is refused with ValueError."""
    for width, height in ((60, 400), (72, 400), (720, 60)):
        try:
            svg = bar_chart_svg(rows, width=width, height=height)
        except ValueError:
            continue
        for x, y, w, h in (geometry(bar) for bar in bars(svg)):
            assert 0 <= x and x + w <= width + 1e-6 and 0 <= y and y + h <= height + 1e-6
            assert w > 0 and h >= 0


@pytest.mark.task(1)
def test_blank_lines_are_skipped(tmp_path):
    """Blank lines, and lines of commas only, are not rows."""
    loaded = load_arrivals(write(tmp_path, "year,total\n\n2022,67\n,\n2023,196\n\n"))
    assert [r["year"] for r in loaded] == [2022, 2023]


@pytest.mark.task(1)
def test_spaces_around_column_names_are_ignored(tmp_path):
    """A header with spaces around its column names ("year, total, male, female") is read like one without."""
    loaded = load_arrivals(write(tmp_path, "year, total, male, female\n2022, 67, 35, 32\n"))
    assert [(r["year"], r["total"], r["male"], r["female"]) for r in loaded] == [(2022, 67, 35, 32)]


@pytest.mark.task(5)
def test_screen_readers_get_one_image_with_the_title(rows):
    """The <svg> has role="img" and, directly inside it, a <title> with the chart's title, for screen readers."""
    root = ET.fromstring(bar_chart_svg(rows, title="Arrivals by year"))
    assert root.get("role") == "img"
    assert root.find(SVG + "title") is not None
    assert root.find(SVG + "title").text == "Arrivals by year"


@pytest.mark.task(5)
def test_repeated_year_or_negative_total_is_an_error():
    """A year given twice, or a negative figure, cannot be drawn."""
    with pytest.raises(ValueError):
        bar_chart_svg([row(2020, 229), row(2020, 229)])
    with pytest.raises(ValueError):
        bar_chart_svg([row(2020, -1)])


@pytest.mark.task(5)
def test_a_year_with_no_arrivals():
    """A year with no arrivals gets an empty bar, and all-zero data does not crash."""
    assert [geometry(bar)[3] for bar in bars(bar_chart_svg([row(2030, 0), row(2031, 0)]))] == [0, 0]
    heights = [geometry(bar)[3] for bar in bars(bar_chart_svg([row(2030, 5), row(2031, 0)]))]
    assert heights[0] > 0 and heights[1] == 0


@pytest.mark.task(2)
def test_change_from_zero_is_an_error():
    """A change from a year with no arrivals has no percentage."""
    with pytest.raises(ValueError):
        pct_change([row(2030, 0), row(2031, 5)], 2030, 2031)


@pytest.mark.task(1)
def test_missing_total_is_an_error(tmp_path):
    """A year without a total cannot be used."""
    path = write(tmp_path, "year,total,note\n2019,,not yet published\n")
    with pytest.raises(ValueError):
        load_arrivals(path)


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_a_repeated_year_is_an_error(tmp_path):
    """The same year twice would be counted twice."""
    path = write(tmp_path, "year,total\n2019,1047\n2020,229\n2019,1047\n")
    with pytest.raises(ValueError):
        load_arrivals(path)


@pytest.mark.task(1)
def test_header_only_is_an_error(tmp_path):
    """A file with a header and no figures is an error."""
    with pytest.raises(ValueError):
        load_arrivals(write(tmp_path, "year,total,male,female\n"))


@pytest.mark.task(3)
def test_more_women_than_arrivals_is_impossible():
    """A row with more women than arrivals is an error."""
    with pytest.raises(ValueError):
        female_share(row(2030, 10, female=12))


@pytest.mark.task(3)
def test_no_women_is_a_share_of_zero():
    """A year with 0 women among its arrivals has a share of 0.0, not an error."""
    assert female_share({"year": 2000, "total": 5, "male": 5, "female": 0}) == 0.0


@pytest.mark.task(4)
def test_through_a_year_before_the_base_is_an_error(rows):
    """The base cannot say how many had arrived before its own year."""
    with pytest.raises(ValueError):
        cumulative(rows, through=1990)


@pytest.mark.task(5)
def test_bars_left_to_right_without_overlap(rows):
    """Bars go from left to right in year order, without overlapping, even from shuffled rows."""
    shuffled = rows[1::2] + rows[::2]
    chart = bars(bar_chart_svg(shuffled))
    assert [bar.find(SVG + "title").text.split(":")[0] for bar in chart] == [str(y) for y in range(1998, 2026)]
    found = [geometry(bar) for bar in chart]
    for (x1, _y1, w1, _h1), (x2, _y2, _w2, _h2) in itertools.pairwise(found):
        assert x1 + w1 <= x2 + 1e-6


@pytest.mark.task(4)
def test_no_rows_after_the_base():
    """With nothing after the base year, the total is the base."""
    assert cumulative([row(1998, 71)], base=947) == 947


@pytest.mark.task(5)
def test_source_is_cited(rows):
    """The chart names the Ministry of Unification as its source."""
    root = ET.fromstring(bar_chart_svg(rows))
    assert any("Ministry of Unification" in (element.text or "") for element in root.iter(SVG + "text"))
