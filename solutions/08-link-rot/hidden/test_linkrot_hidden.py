"""Hidden tests for grading exercise 08: the ways real websites and archives misbehave.

Like the visible tests, these run against a pretend website on this computer, never the internet.
Its machinery (and the fixtures site and archive) comes from the visible tests, test_linkrot.py,
which sits next to this file when it runs; the pages and the archive here are the hidden tests' own.
"""
# ruff: noqa: F811  (tests ask for the fixtures imported from test_linkrot by name)

import json
import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from linkrot import LinkCheck, Snapshot, check_link, find_snapshot, link_report
from test_linkrot import PretendSite, archive, no_proxy_for_this_computer, running, site  # noqa: F401

ARCHIVED = {
    "/report": "20190301120000",
    "/gone": "20200101000000",
    "/slow": "20210101000000",
    "/검색?q=탈북민&page=2": "20220202000000",
}

REDIRECTS = {
    "/old-address": (301, "/report"),
    "/hop1": (302, "/hop2"),
    "/hop2": (307, "/hop3"),
    "/hop3": (308, "/report"),
    "/moved-to-missing": (301, "/missing"),
    "/loop": (302, "/loop"),
}


class HiddenSite(PretendSite):
    """The pages of the hidden tests: chains of redirects, odd codes, misbehaving archives."""

    def answer(self, head):
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path in REDIRECTS:
            code, target = REDIRECTS[path]
            self.send_response(code)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path in ("/report", "/no-head"):
            if path == "/no-head" and head:
                self.reply(405, "HEAD not allowed", head)
            else:
                self.reply(200, "page", head)
        elif path == "/empty":
            self.reply(204, "", head)
        elif path == "/gone":
            self.reply(410, "gone", head)
        elif path == "/broken":
            self.reply(500, "server error", head)
        elif path == "/unavailable":
            self.reply(503, "try later", head)
        elif path == "/no-head-at-all":  # a server without HEAD: 501 Not Implemented
            self.reply(501 if head else 200, "page", head)
        elif path == "/old-no-head":  # refuses HEAD, and GET says it moved
            if head:
                self.reply(405, "HEAD not allowed", head)
            else:
                self.send_response(301)
                self.send_header("Location", "/no-head")
                self.send_header("Content-Length", "0")
                self.end_headers()
        elif path == "/slowish":
            time.sleep(0.1)
            self.reply(200, "page", head)
        elif path == "/slow":
            time.sleep(0.5)
            self.reply(200, "page", head)
        elif path == "/slow-get":  # refuses HEAD quickly, then GET is slow
            if head:
                self.reply(405, "HEAD not allowed", head)
            else:
                time.sleep(0.5)
                self.reply(200, "page", head)
        elif path == "/lang-only":
            self.reply(200 if query.get("lang") == ["ko"] else 404, "page", head)
        elif path in ("/wayback/available", "/mirror/v2/available"):
            self.archive(query, head)
        elif path == "/archive-down":
            self.reply(503, "maintenance", head)
        elif path == "/archive-html":
            self.reply(200, "<html><body>Welcome to the archive</body></html>", head)
        elif path == "/archive-unavailable":
            closest = {"available": False, "status": "200", "timestamp": "20190301120000",
                       "url": "http://archive.example/web/20190301120000/x"}
            self.reply(200, json.dumps({"archived_snapshots": {"closest": closest}}), head)
        else:
            self.reply(404, "not found", head)

    def archive(self, query, head):
        self.server.archive_questions.append({key: values[0] for key, values in query.items()})
        asked = query.get("url", [""])[0]
        parts = urlsplit(asked)
        key = parts.path + ("?" + parts.query if parts.query else "")
        if key not in ARCHIVED:
            answer = {"url": asked, "archived_snapshots": {}}
        else:
            wanted = query.get("timestamp", [""])[0]
            timestamp = (wanted + "01" * 7)[:14] if wanted else ARCHIVED[key]
            closest = {"available": True, "status": "200", "timestamp": timestamp,
                       "url": f"http://archive.example/web/{timestamp}/{asked}"}
            answer = {"url": asked, "archived_snapshots": {"closest": closest}}
        self.reply(200, json.dumps(answer, ensure_ascii=False), head)


@pytest.fixture(scope="module")
def server():
    """The pretend website of the hidden tests, on a free port of this computer."""
    with running(HiddenSite) as pretend:
        yield pretend


@pytest.fixture(scope="module")
def hangs_up():
    """A server that accepts each connection and closes it without answering.

    (The visible tests use a closed port; a closed port is slow to refuse on Windows.)
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


# -- Task 1 ---------------------------------------------------------------------------------------

@pytest.mark.task(1)
def test_server_without_head_501_is_asked_with_get(site):
    """A server that does not implement HEAD at all (501) is asked again with GET: 'alive'."""
    assert check_link(site + "/no-head-at-all") == LinkCheck("alive", site + "/no-head-at-all", 200)


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_moved_page_on_a_server_that_refuses_head(site):
    """A server that refuses HEAD and whose GET redirects: a 'redirect' to the new address."""
    assert check_link(site + "/old-no-head") == LinkCheck("redirect", site + "/no-head", 200)


@pytest.mark.task(1)
def test_chain_of_redirects_ends_at_the_last_address(site):
    """After several redirects (302, 307, 308), final_url is where the chain ended."""
    assert check_link(site + "/hop1") == LinkCheck("redirect", site + "/report", 200)


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_redirect_to_a_missing_page_is_dead(site):
    """A link that redirects to a missing page is 'dead', not a 'redirect'."""
    assert check_link(site + "/moved-to-missing") == LinkCheck("dead", site + "/missing", 404)


@pytest.mark.task(1)
def test_redirect_loop_is_dead_not_a_crash(site):
    """Redirects that go round in a loop make the link 'dead' (no exception, no endless wait)."""
    assert check_link(site + "/loop").status == "dead"


@pytest.mark.task(1)
def test_gone_and_server_errors_are_dead_with_their_code(site):
    """410 Gone, 500 and 503 all make the link 'dead', with that code."""
    for path, code in [("/gone", 410), ("/broken", 500), ("/unavailable", 503)]:
        assert check_link(site + path) == LinkCheck("dead", site + path, code)


@pytest.mark.task(1)
def test_any_2xx_answer_is_alive(site):
    """A page that answers 204 (No Content) is 'alive' too."""
    assert check_link(site + "/empty") == LinkCheck("alive", site + "/empty", 204)


@pytest.mark.task(1)
def test_the_query_string_reaches_the_site(site):
    """A link's own query string (?lang=ko) is sent with the check."""
    assert check_link(site + "/lang-only?lang=ko").status == "alive"


@pytest.mark.task(1)
def test_the_timeout_argument_is_used(site):
    """A page answering in 0.1 s is a 'timeout' with timeout=0.03, and 'alive' with timeout=2."""
    assert check_link(site + "/slowish", timeout=0.03).status == "timeout"
    assert check_link(site + "/slowish", timeout=2).status == "alive"


@pytest.mark.task(1)
def test_slow_get_after_refused_head_is_a_timeout(site):
    """When HEAD is refused and GET is too slow, the link is a 'timeout' (not an error)."""
    assert check_link(site + "/slow-get", timeout=0.1) == LinkCheck("timeout", site + "/slow-get", None)


@pytest.mark.task(1)
def test_a_server_that_hangs_up_is_dead_with_no_code(hangs_up):
    """A server that closes the connection without answering: 'dead', code None, final_url the link."""
    url = hangs_up + "/report?id=1"
    assert check_link(url) == LinkCheck("dead", url, None)


@pytest.mark.task(1)
def test_not_a_web_address_is_an_error():
    """Something that is not an http:// or https:// address raises ValueError."""
    for bad in ["ftp://files.example/report.pdf", "news.example/report", "", "mailto:someone@news.example"]:
        with pytest.raises(ValueError):
            check_link(bad)


# -- Task 2 ---------------------------------------------------------------------------------------

@pytest.mark.task(2)
@pytest.mark.points(2)
def test_address_with_korean_text_ampersand_and_fragment_is_asked_exactly(archive, server):
    """An address with Korean text, '&' and '#' reaches the archive exactly as given."""
    url = "https://news.example/검색?q=탈북민&page=2#결과"
    found = find_snapshot(url, archive)
    assert server.archive_questions[-1]["url"] == url
    assert found == Snapshot(f"http://archive.example/web/20220202000000/{url}", "20220202000000")


@pytest.mark.task(2)
def test_timestamp_is_sent_only_when_given(archive, server):
    """A timestamp is passed to the archive as its own parameter; without one, none is sent."""
    found = find_snapshot("https://news.example/report", archive, timestamp="20160301")
    assert server.archive_questions[-1] == {"url": "https://news.example/report", "timestamp": "20160301"}
    assert found is not None and found.timestamp == "20160301010101"
    find_snapshot("https://news.example/report", archive)
    assert server.archive_questions[-1] == {"url": "https://news.example/report"}


@pytest.mark.task(2)
def test_the_api_address_is_used_as_given(site):
    """An archive API at another address (another path) is asked there."""
    found = find_snapshot("https://news.example/gone", site + "/mirror/v2/available")
    assert found is not None and found.timestamp == "20200101000000"


@pytest.mark.task(2)
def test_a_copy_marked_unavailable_is_none(site):
    """A 'closest' copy with "available": false is not a usable copy: None."""
    assert find_snapshot("https://news.example/report", site + "/archive-unavailable") is None


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_an_archive_error_is_an_error_not_none(site):
    """An archive that answers 503 raises an HTTP error instead of saying 'no copy'."""
    with pytest.raises(requests.HTTPError):
        find_snapshot("https://news.example/report", site + "/archive-down")


@pytest.mark.task(2)
def test_an_answer_that_is_not_json_is_an_error(site):
    """An archive that answers with an HTML page raises ValueError."""
    with pytest.raises(ValueError):
        find_snapshot("https://news.example/report", site + "/archive-html")


@pytest.mark.task(2)
def test_an_archive_that_hangs_up_is_an_error(hangs_up):
    """An archive that closes the connection without answering raises an error, not 'no copy'."""
    with pytest.raises(requests.RequestException):
        find_snapshot("https://news.example/report", hangs_up + "/wayback/available")


# -- Task 3 ---------------------------------------------------------------------------------------

@pytest.mark.task(3)
@pytest.mark.points(2)
def test_archive_is_asked_only_about_broken_links(site, archive, server, hangs_up):
    """The archive is asked about dead links only, not about working or moved ones."""
    before = len(server.archive_questions)
    urls = [site + "/report", site + "/old-address", site + "/gone", hangs_up + "/x", site + "/hop1"]
    rows = link_report(urls, archive)
    asked = [question["url"] for question in server.archive_questions[before:]]
    assert sorted(asked) == sorted([site + "/gone", hangs_up + "/x"])
    assert [row["status"] for row in rows] == ["alive", "redirect", "dead", "dead", "redirect"]
    assert rows[3]["snapshot"] is None and rows[3]["code"] is None


@pytest.mark.task(3)
def test_timed_out_links_are_looked_up_too(site, archive):
    """A link that timed out gets an archived copy like a dead one."""
    rows = link_report([site + "/slow"], archive, timeout=0.1)
    assert rows[0]["status"] == "timeout"
    assert rows[0]["snapshot"] == f"http://archive.example/web/20210101000000/{site}/slow"


@pytest.mark.task(3)
def test_a_link_listed_twice_is_reported_once(site, archive):
    """The same link twice (once with spaces around it) gives one row; blank entries are skipped."""
    rows = link_report([site + "/report", "", f"  {site}/gone\n", site + "/report", site + "/gone"], archive)
    assert [row["url"] for row in rows] == [site + "/report", site + "/gone"]


@pytest.mark.task(3)
def test_rows_have_every_field(site, archive):
    """A row has url, status, code, final_url and snapshot."""
    row = link_report([site + "/moved-to-missing"], archive)[0]
    assert row == {"url": site + "/moved-to-missing", "status": "dead", "code": 404,
                   "final_url": site + "/missing", "snapshot": None}


@pytest.mark.task(3)
def test_no_links_no_rows(archive):
    """An empty list gives an empty report."""
    assert link_report([], archive) == []


@pytest.mark.task(3)
def test_any_iterable_of_links(site, archive):
    """Links can come from any iterable, such as the lines of a file."""
    rows = link_report(iter([site + "/report\n", site + "/gone\n"]), archive)
    assert [row["status"] for row in rows] == ["alive", "dead"]
