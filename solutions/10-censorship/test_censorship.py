"""Tests you can read: what the censorship summariser must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 10`.
The files measurements.jsonl and api_page.json are synthetic, in the shape of OONI's data.
"""

import pytest

from censorship import blocked, read_measurements, report, summarize

RADIO, NEWS, WEATHER, VOICES = ("https://radio.example/ko/", "https://news.example/",
                                "https://weather.example/", "https://voices.example/testimonies")


def m(uid, cc, url, anomaly=False, confirmed=False, failure=False, test_name="web_connectivity"):
    """A measurement with just the fields the summary needs."""
    return {"measurement_uid": uid, "probe_cc": cc, "input": url, "test_name": test_name,
            "anomaly": anomaly, "confirmed": confirmed, "failure": failure}


def read_file(name):
    with open(name, encoding="utf-8") as handle:
        return read_measurements(handle.read())


@pytest.mark.task(1)
def test_reads_json_lines():
    """measurements.jsonl holds 28 measurements, one per line, in order."""
    measurements = read_file("measurements.jsonl")
    assert len(measurements) == 28
    assert measurements[0]["measurement_uid"] == "20240103080100.007919_XA_webconnectivity_000000009e3779b1"


@pytest.mark.task(1)
def test_reads_an_api_page():
    """An API page gives the measurements under "results" (not the page itself)."""
    measurements = read_file("api_page.json")
    assert len(measurements) == 4
    assert all("probe_cc" in measurement for measurement in measurements)


@pytest.mark.task(1)
def test_blank_lines_are_skipped():
    """Blank lines between JSON lines are skipped."""
    assert read_measurements('{"measurement_uid": "a"}\n\n{"measurement_uid": "b"}\n') == [
        {"measurement_uid": "a"}, {"measurement_uid": "b"}]


@pytest.mark.task(1)
def test_a_broken_line_is_an_error():
    """A line that is not JSON raises ValueError."""
    with pytest.raises(ValueError):
        read_measurements('{"measurement_uid": "a"}\n{"measurement_uid": \n')


@pytest.mark.task(2)
def test_counts_per_country_and_website():
    """Measurements are counted per country and website, one verdict each, adding up to the total."""
    summary = summarize([
        m("1", "XA", RADIO, anomaly=True, confirmed=True),
        m("2", "XA", RADIO, anomaly=True),
        m("3", "XA", RADIO),
        m("4", "XA", RADIO, failure=True),
        m("5", "XB", RADIO),
    ])
    assert summary == {
        "XA": {RADIO: {"total": 4, "ok": 1, "anomaly": 1, "confirmed": 1, "failure": 1}},
        "XB": {RADIO: {"total": 1, "ok": 1, "anomaly": 0, "confirmed": 0, "failure": 0}},
    }


@pytest.mark.task(2)
def test_a_measurement_id_counts_once():
    """The same measurement downloaded twice counts once."""
    twice = m("20240105110100.1_XA_webconnectivity_1", "XA", VOICES, anomaly=True, confirmed=True)
    summary = summarize([twice, dict(twice)])
    assert summary["XA"][VOICES]["total"] == 1
    assert summary["XA"][VOICES]["confirmed"] == 1


@pytest.mark.task(2)
def test_no_measurements_no_summary():
    """No measurements give an empty summary."""
    assert summarize([]) == {}


@pytest.mark.task(2)
def test_summary_of_the_file():
    """The file's summary: the radio site in XA has 7 measurements, 4 of them confirmed."""
    summary = summarize(read_file("measurements.jsonl"))
    assert summary["XA"][RADIO] == {"total": 7, "ok": 1, "anomaly": 1, "confirmed": 4, "failure": 1}
    assert summary["XA"][NEWS] == {"total": 7, "ok": 2, "anomaly": 5, "confirmed": 0, "failure": 0}
    assert summary["XA"][VOICES]["confirmed"] == 2
    assert sorted(summary) == ["XA", "XB"]


@pytest.mark.task(3)
def test_where_blocking_is_confirmed():
    """In the file, blocking is confirmed 3+ times for the radio site in XA and the news site in XB."""
    assert blocked(summarize(read_file("measurements.jsonl"))) == [("XA", RADIO), ("XB", NEWS)]


@pytest.mark.task(3)
def test_anomalies_without_confirmation_are_not_blocking():
    """Many anomalies but no confirmed measurement: not reported as blocked."""
    summary = {"XA": {NEWS: {"total": 9, "ok": 0, "anomaly": 9, "confirmed": 0, "failure": 0}}}
    assert blocked(summary) == []


@pytest.mark.task(3)
def test_min_n_sets_how_many_confirmations_are_needed():
    """Two confirmed measurements are enough with min_n=2, not with the default of 3."""
    summary = {"XA": {VOICES: {"total": 2, "ok": 0, "anomaly": 0, "confirmed": 2, "failure": 0}}}
    assert blocked(summary) == []
    assert blocked(summary, min_n=2) == [("XA", VOICES)]


def counts(total=0, ok=0, anomaly=0, confirmed=0, failure=0):
    return {"total": total, "ok": ok, "anomaly": anomaly, "confirmed": confirmed, "failure": failure}


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_confirmed_beats_failure_and_failure_beats_anomaly():
    """Confirmed counts as confirmed even with a failure; a failure with an anomaly counts as failure."""
    summary = summarize([
        m("1", "XA", RADIO, anomaly=True, confirmed=True, failure=True),
        m("2", "XA", RADIO, anomaly=True, failure=True),
    ])
    assert summary == {"XA": {RADIO: counts(total=2, confirmed=1, failure=1)}}


@pytest.mark.task(2)
def test_measurements_without_a_website_are_left_out():
    """App tests (input null), and measurements without input, are not counted."""
    app = m("1", "XA", None, anomaly=True, test_name="telegram")
    no_input = {"measurement_uid": "2", "probe_cc": "XA", "anomaly": True, "confirmed": True, "failure": False}
    empty = m("3", "XA", "", anomaly=True)
    assert summarize([app, no_input, empty]) == {}
    assert summarize([app, m("4", "XA", NEWS)]) == {"XA": {NEWS: counts(total=1, ok=1)}}


@pytest.mark.task(1)
def test_a_single_measurement_object():
    """A file holding one measurement object (over several lines) gives a list of one."""
    assert read_measurements('{\n  "measurement_uid": "a",\n  "probe_cc": "XA"\n}\n') == [
        {"measurement_uid": "a", "probe_cc": "XA"}]


@pytest.mark.task(1)
def test_something_that_is_not_a_measurement_is_an_error():
    """A line or list item that is not a JSON object raises ValueError."""
    for bad in ['{"measurement_uid": "a"}\n[1, 2]\n', '[{"measurement_uid": "a"}, "oops"]', "42",
                '{"results": "none"}']:
        with pytest.raises(ValueError):
            read_measurements(bad)


@pytest.mark.task(3)
def test_the_report_says_blocked_only_where_confirmed():
    """report() calls a site blocked only where blocking is confirmed; the others are "not confirmed"."""
    summary = {"XA": {RADIO: {"total": 7, "ok": 1, "anomaly": 1, "confirmed": 4, "failure": 1},
                      NEWS: {"total": 7, "ok": 2, "anomaly": 5, "confirmed": 0, "failure": 0}}}
    assert report(summary).split("\n")[:2] == [
        "XA https://news.example/: not confirmed (0 of 7 measurements confirmed, 3 needed; 5 anomalies)",
        "XA https://radio.example/ko/: blocked (confirmed by 4 of 7 measurements)"]


@pytest.mark.task(3)
def test_the_report_never_says_not_blocked():
    """Under a site that is not confirmed, the report says that not confirmed does not mean not blocked."""
    summary = {"XA": {NEWS: {"total": 9, "ok": 0, "anomaly": 9, "confirmed": 0, "failure": 0}}}
    lines = report(summary).split("\n")
    assert lines[-1].startswith("Not confirmed does not mean not blocked")
    assert "China" in lines[-1]
    assert all("not blocked" not in line for line in lines[:-1])
    assert report(summary, lang="ko").split("\n")[-1].startswith("확인되지 않았다고 차단되지 않은 것은 아닙니다")


@pytest.mark.task(3)
def test_no_note_when_every_site_is_confirmed():
    """When every site is confirmed as blocked, the report has no note under the list."""
    summary = {"XA": {RADIO: {"total": 3, "ok": 0, "anomaly": 0, "confirmed": 3, "failure": 0}}}
    assert report(summary) == "XA https://radio.example/ko/: blocked (confirmed by 3 of 3 measurements)"
    assert report(summary, lang="ko") == "XA https://radio.example/ko/: 차단됨 (측정 3건 가운데 3건에서 확인)"


@pytest.mark.task(3)
def test_min_n_below_one_is_an_error():
    """min_n of 0 or less raises ValueError."""
    with pytest.raises(ValueError):
        blocked({}, min_n=0)


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_windows_file_with_byte_order_mark_and_crlf():
    """JSON Lines saved on Windows (byte-order mark, CRLF line ends) are read."""
    text = '\ufeff{"measurement_uid": "a"}\r\n{"measurement_uid": "b"}\r\n\r\n'
    assert read_measurements(text) == [{"measurement_uid": "a"}, {"measurement_uid": "b"}]


@pytest.mark.task(2)
def test_a_measurement_without_a_country_is_an_error():
    """A measurement without probe_cc raises ValueError (it cannot be placed)."""
    with pytest.raises(ValueError):
        summarize([{"measurement_uid": "1", "input": NEWS, "anomaly": False, "confirmed": False, "failure": False}])


@pytest.mark.task(3)
def test_both_files_together():
    """With both files, the radio site in XB is confirmed once: blocked with min_n=1 only."""
    summary = summarize(read_file("measurements.jsonl") + read_file("api_page.json"))
    assert ("XB", RADIO) not in blocked(summary)
    assert ("XB", RADIO) in blocked(summary, min_n=1)
    assert blocked(summary, min_n=1) == [("XA", RADIO), ("XA", "https://voices.example/testimonies"),
                                         ("XB", NEWS), ("XB", RADIO)]


@pytest.mark.task(1)
def test_the_error_says_which_line():
    """The error for a broken line names its line number."""
    with pytest.raises(ValueError, match=r"\b3\b"):
        read_measurements('{"measurement_uid": "a"}\n{"measurement_uid": "b"}\n{"measurement_uid": "c"\n')


@pytest.mark.task(1)
def test_an_empty_file_has_no_measurements():
    """An empty text, or only blank lines, gives []."""
    assert read_measurements("") == []
    assert read_measurements("\n  \n") == []
