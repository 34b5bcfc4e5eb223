"""Hidden tests for grading exercise 10: awkward files and measurements, careful claims.

m, read_file and the addresses RADIO and NEWS come from the visible tests, test_censorship.py,
which sits next to this file when it runs.
"""

import copy

import pytest

from censorship import blocked, read_measurements, summarize
from test_censorship import NEWS, RADIO, m, read_file


def counts(total=0, ok=0, anomaly=0, confirmed=0, failure=0):
    return {"total": total, "ok": ok, "anomaly": anomaly, "confirmed": confirmed, "failure": failure}


# -- Task 1 ---------------------------------------------------------------------------------------

@pytest.mark.task(1)
def test_a_json_list():
    """A JSON list of measurements is read."""
    assert read_measurements('[{"measurement_uid": "a"}, {"measurement_uid": "b"}]') == [
        {"measurement_uid": "a"}, {"measurement_uid": "b"}]


@pytest.mark.task(1)
def test_an_empty_api_page():
    """An API page with no results gives []."""
    assert read_measurements('{"metadata": {"count": 0}, "results": []}') == []


# -- Task 2 ---------------------------------------------------------------------------------------


@pytest.mark.task(2)
def test_the_telegram_test_in_the_file_is_left_out():
    """The file's one app test does not appear; 27 measurements of websites, 26 distinct."""
    summary = summarize(read_file("measurements.jsonl"))
    assert sum(c["total"] for sites in summary.values() for c in sites.values()) == 26
    assert None not in summary["XA"]


@pytest.mark.task(2)
def test_country_codes_in_any_case():
    """'xa' and 'XA' are the same country, reported as 'XA'."""
    summary = summarize([m("1", "xa", NEWS), m("2", "XA", NEWS, anomaly=True)])
    assert summary == {"XA": {NEWS: counts(total=2, ok=1, anomaly=1)}}


@pytest.mark.task(2)
def test_measurements_without_an_id_each_count():
    """Measurements that have no id cannot be matched, so each one counts."""
    first = m(None, "XA", NEWS)
    second = {key: value for key, value in m("x", "XA", NEWS).items() if key != "measurement_uid"}
    assert summarize([first, dict(first), second])["XA"][NEWS]["total"] == 3


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_overlapping_downloads_count_once():
    """The file and the API page share one measurement: together it still counts once."""
    summary = summarize(read_file("measurements.jsonl") + read_file("api_page.json"))
    assert summary["XB"][NEWS] == counts(total=3, confirmed=3)
    assert summary["XB"][RADIO] == counts(total=6, ok=3, anomaly=2, confirmed=1)
    assert summary["XA"]["https://weather.example/"] == counts(total=4, ok=3, failure=1)


@pytest.mark.task(2)
def test_repeats_count_once_even_far_apart():
    """A measurement repeated at the end of a long list counts once."""
    many = [m(str(n), "XA", NEWS, anomaly=n % 2 == 0) for n in range(100)]
    summary = summarize(many + [dict(many[0]), dict(many[1])])
    assert summary["XA"][NEWS] == counts(total=100, ok=50, anomaly=50)


@pytest.mark.task(2)
def test_the_measurements_are_not_changed():
    """Summarising does not change the measurements given."""
    given = [m("1", "xa", NEWS, anomaly=True), m("1", "xa", NEWS, anomaly=True)]
    before = copy.deepcopy(given)
    summarize(given)
    assert given == before


@pytest.mark.task(2)
def test_any_iterable_of_measurements():
    """Measurements can come from a generator."""
    summary = summarize(m(str(n), "XB", RADIO, confirmed=True, anomaly=True) for n in range(3))
    assert summary == {"XB": {RADIO: counts(total=3, confirmed=3)}}


@pytest.mark.task(2)
def test_the_same_website_in_two_countries_is_kept_apart():
    """The same website measured in two countries gives two separate counts."""
    summary = summarize([m("1", "XA", RADIO, anomaly=True, confirmed=True), m("2", "XB", RADIO)])
    assert summary["XA"][RADIO]["confirmed"] == 1 and summary["XB"][RADIO]["confirmed"] == 0


# -- Task 3 ---------------------------------------------------------------------------------------

@pytest.mark.task(3)
@pytest.mark.points(2)
def test_exactly_min_n_confirmations_is_enough():
    """Exactly min_n confirmed measurements count as blocked; one fewer does not."""
    summary = {"XA": {RADIO: counts(total=3, confirmed=3), NEWS: counts(total=2, confirmed=2)}}
    assert blocked(summary) == [("XA", RADIO)]


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_anomalies_never_add_up_to_blocking():
    """Two confirmations and ten anomalies are not enough for min_n=3."""
    summary = {"XA": {NEWS: counts(total=12, anomaly=10, confirmed=2)}}
    assert blocked(summary) == []


@pytest.mark.task(3)
def test_failures_do_not_count():
    """Failed measurements are not confirmations."""
    summary = {"XA": {NEWS: counts(total=10, failure=10)}}
    assert blocked(summary, min_n=1) == []


@pytest.mark.task(3)
def test_sorted_by_country_then_website():
    """Pairs are sorted by country, then website."""
    summary = {"XB": {RADIO: counts(total=1, confirmed=1), NEWS: counts(total=1, confirmed=1)},
               "XA": {RADIO: counts(total=1, confirmed=1)}}
    assert blocked(summary, min_n=1) == [("XA", RADIO), ("XB", NEWS), ("XB", RADIO)]


@pytest.mark.task(3)
def test_empty_summary_nothing_blocked():
    """An empty summary gives an empty list, and the summary is not changed."""
    assert blocked({}) == []
    summary = {"XA": {RADIO: counts(total=4, confirmed=4)}}
    blocked(summary)
    assert summary == {"XA": {RADIO: counts(total=4, confirmed=4)}}
