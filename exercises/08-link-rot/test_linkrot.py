"""Tests you can read: what the link checker must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 08`.

None of these tests touches the internet. The fixture `site` starts a small pretend website on
this computer (127.0.0.1) whose pages answer the way real websites do: a page that works, one
that moved, one that is gone, one that refuses HEAD requests, one that is very slow, and a
pretend archive that answers like the Wayback Machine's availability API. It also has a page
whose address is Korean (/보고서) and a "blocked" link that is redirected to a warning page, the way
South Korean providers redirect links to North Korean sites.
"""

import json
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests

from linkrot import LinkCheck, Snapshot, check_link, find_snapshot, link_report

# What the pretend archive holds: the path (and query) of an archived page -> when it was archived.
ARCHIVED = {
    "/report": "20190301120000",
    "/gone": "20200101000000",
    "/report?id=7": "20180101000000",  # the English version of a news story
    "/report?id=7&lang=ko": "20180102000000",  # its Korean version
    "/withdrawn": "20170101000000",  # archived, but the archive no longer shows it
    "/slow": "20210101000000",
}


def archive_answer(asked: str, wanted: str = "") -> dict:
    """The JSON the pretend archive gives for the address `asked`, shaped like the Wayback Machine's.
    When a timestamp is `wanted`, the copy it finds is from that moment (padded to 14 digits)."""
    parts = urlsplit(asked)
    key = parts.path + ("?" + parts.query if parts.query else "")
    if key not in ARCHIVED:
        return {"url": asked, "archived_snapshots": {}}
    timestamp = (wanted + "01" * 7)[:14] if wanted else ARCHIVED[key]
    closest = {"available": key != "/withdrawn", "status": "200", "timestamp": timestamp,
               "url": f"http://archive.example/web/{timestamp}/{asked}"}
    return {"url": asked, "archived_snapshots": {"closest": closest}}


class PretendSite(BaseHTTPRequestHandler):
    """Answers each address the way a real website might."""

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head):
        path = unquote(urlsplit(self.path).path)  # a Korean address arrives percent-encoded
        if path in ("/report", "/", "/보고서"):
            self.reply(200, "The report.", head)
        elif path == "/empty":  # a page that works but has nothing to send: 204 No Content
            self.reply(204, "", head)
        elif path == "/old-address":  # moved for good: 301 and the new address
            self.send_response(301)
            self.send_header("Location", "/report")
            self.end_headers()
        elif path == "/blocked":  # a link a provider sends to a warning page instead (302)
            self.send_response(302)
            self.send_header("Location", "/warning")
            self.end_headers()
        elif path == "/warning":
            self.reply(200, "This site is blocked.", head)
        elif path == "/choices":  # 300 Multiple Choices without a new address: nothing to follow
            self.reply(300, "Several versions exist.", head)
        elif path == "/no-head":  # a server that refuses HEAD requests
            self.reply(405 if head else 200, "Only GET works here.", head)
        elif path == "/moved-no-head":  # refuses HEAD, and its GET answer says the page moved
            if head:
                self.reply(405, "Only GET works here.", head)
            else:
                self.send_response(301)
                self.send_header("Location", "/report")
                self.end_headers()
        elif path == "/slow":  # takes half a second to answer
            time.sleep(0.5)
            self.reply(200, "Finally.", head)
        elif path == "/wayback/available":  # the pretend archive
            query = parse_qs(urlsplit(self.path).query)
            asked = query.get("url", [""])[0]
            self.server.archive_questions.append(asked)
            self.reply(200, json.dumps(archive_answer(asked, query.get("timestamp", [""])[0])), head)
        elif path == "/archive-down":  # an archive that is down for maintenance
            self.reply(503, "Down for maintenance.", head)
        elif path == "/archive-html":  # an address that is not an archive API: a web page
            self.reply(200, "<html><body>Welcome</body></html>", head)
        elif path == "/archive-list":  # JSON, but a list, not the object an archive answers with
            self.reply(200, "[]", head)
        else:
            self.reply(404, "Not found.", head)

    def reply(self, code, text, head):
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, *args):
        pass  # keep the test output quiet


class PretendServer(ThreadingHTTPServer):
    block_on_close = False  # do not wait for the slow page when the tests are done

    def handle_error(self, request, client_address):
        pass  # a client that gave up waiting is expected here


@pytest.fixture(scope="module", autouse=True)
def no_proxy_for_this_computer():
    """A proxy set up on this computer must not stand between the tests and the pretend site."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        yield


@contextmanager
def running(handler):
    """A pretend website whose pages `handler` answers, on a free port of this computer, while in `with`."""
    pretend = PretendServer(("127.0.0.1", 0), handler)
    pretend.archive_questions = []
    thread = threading.Thread(target=pretend.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield pretend
    finally:
        pretend.shutdown()
        pretend.server_close()


@pytest.fixture(scope="module")
def server():
    """Start the pretend website on a free port of this computer; stop it after the tests."""
    with running(PretendSite) as pretend:
        yield pretend


@pytest.fixture
def site(server):
    """The pretend website's address, like http://127.0.0.1:54321."""
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def archive(site):
    """The address of the pretend archive's availability API."""
    return site + "/wayback/available"


@pytest.fixture
def nobody_listening():
    """An address on this computer where nothing listens: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/page"


@pytest.mark.task(1)
def test_a_working_page_is_alive(site):
    """A page that answers 200 is 'alive', at its own address."""
    assert check_link(site + "/report") == LinkCheck("alive", site + "/report", 200)


@pytest.mark.task(1)
def test_a_moved_page_is_a_redirect_to_its_new_address(site):
    """A page that moved (301) is a 'redirect', and final_url is its new address."""
    assert check_link(site + "/old-address") == LinkCheck("redirect", site + "/report", 200)


@pytest.mark.task(1)
def test_a_missing_page_is_dead(site):
    """A page that answers 404 is 'dead', with code 404."""
    assert check_link(site + "/no-such-page") == LinkCheck("dead", site + "/no-such-page", 404)


@pytest.mark.task(1)
def test_a_server_that_refuses_head_is_asked_with_get(site):
    """A server that answers HEAD with 405 is asked again with GET: the page is 'alive'."""
    assert check_link(site + "/no-head").status == "alive"


@pytest.mark.task(1)
def test_a_page_slower_than_the_timeout_is_a_timeout(site):
    """A page that takes longer than timeout seconds to answer is a 'timeout'."""
    assert check_link(site + "/slow", timeout=0.1) == LinkCheck("timeout", site + "/slow", None)


@pytest.mark.task(1)
def test_a_server_that_does_not_answer_is_dead(nobody_listening):
    """When no server answers at all, the link is 'dead' and there is no code."""
    assert check_link(nobody_listening) == LinkCheck("dead", nobody_listening, None)


@pytest.mark.task(1)
def test_a_204_page_is_alive(site):
    """A page that answers 204 (No Content) is 'alive' too: every 2xx code means it works."""
    assert check_link(site + "/empty") == LinkCheck("alive", site + "/empty", 204)


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_a_site_address_without_a_slash_is_alive_not_moved(site):
    """'http://host' and 'http://host/' are the same page: no redirect happened, so it is 'alive'."""
    assert check_link(site) == LinkCheck("alive", site, 200)


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_a_korean_address_is_alive_not_moved(site):
    """A page at a Korean address (/보고서) is 'alive': requests sends it percent-encoded, which is no redirect."""
    assert check_link(site + "/보고서") == LinkCheck("alive", site + "/보고서", 200)


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_a_link_sent_to_a_warning_page_is_a_redirect(site):
    """A link redirected (302) to a warning page is a 'redirect' that ends at the warning page."""
    assert check_link(site + "/blocked") == LinkCheck("redirect", site + "/warning", 200)


@pytest.mark.task(1)
def test_a_3xx_with_no_new_address_is_dead(site):
    """A last answer that is not 2xx, such as 300 with no new address to follow, is 'dead' with its code."""
    assert check_link(site + "/choices") == LinkCheck("dead", site + "/choices", 300)


@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_get_after_a_refused_head_follows_redirects_too(site):
    """When HEAD is refused, the GET follows redirects too: a page that moved is a 'redirect'."""
    assert check_link(site + "/moved-no-head") == LinkCheck("redirect", site + "/report", 200)


@pytest.mark.task(1)
def test_only_web_addresses_are_checked(nobody_listening):
    """An address that is not http:// or https:// raises ValueError; an https:// one is checked."""
    for address in ("ftp://example.org/file", "example.org/page", "https://"):
        with pytest.raises(ValueError):
            check_link(address)
    assert check_link(nobody_listening.replace("http://", "https://"), timeout=2).status == "dead"


@pytest.mark.task(2)
def test_finds_the_archived_copy(archive):
    """The archive's closest copy comes back as a Snapshot(url, timestamp)."""
    found = find_snapshot("https://news.example/report?id=7", archive)
    assert found == Snapshot("http://archive.example/web/20180101000000/https://news.example/report?id=7",
                             "20180101000000")


@pytest.mark.task(2)
def test_no_archived_copy_gives_none(archive):
    """When the archive answers {"archived_snapshots": {}}, there is no copy: None."""
    assert find_snapshot("https://news.example/never-archived", archive) is None


@pytest.mark.task(2)
def test_an_address_with_its_own_query_string_is_asked_whole(archive, server):
    """An address with '&lang=ko' in it reaches the archive whole, so the Korean page's copy is found."""
    url = "https://news.example/report?id=7&lang=ko"
    found = find_snapshot(url, archive)
    assert server.archive_questions[-1] == url
    assert found is not None and found.timestamp == "20180102000000"


@pytest.mark.task(2)
def test_an_unavailable_copy_is_none(site, archive):
    """A copy the archive marks as not available is no copy: None."""
    assert find_snapshot(site + "/withdrawn", archive) is None


@pytest.mark.task(2)
def test_a_timestamp_asks_for_the_copy_closest_to_it(archive):
    """With a timestamp, the archive is asked for the copy closest to that moment."""
    found = find_snapshot("https://news.example/report", archive, timestamp="2021")
    assert found == Snapshot("http://archive.example/web/20210101010101/https://news.example/report",
                             "20210101010101")


@pytest.mark.task(2)
@pytest.mark.hint(2)
def test_an_archive_error_raises(site):
    """An archive that answers with an error code (503) raises requests.HTTPError: it is not 'no copy'."""
    with pytest.raises(requests.HTTPError):
        find_snapshot("https://news.example/report", site + "/archive-down")


@pytest.mark.task(2)
def test_an_answer_that_is_not_a_json_object_raises_value_error(site):
    """An answer that is not JSON (a web page), or JSON that is not an object ([]), raises ValueError."""
    for api in ("/archive-html", "/archive-list"):
        with pytest.raises(ValueError):
            find_snapshot("https://news.example/report", site + api)


@pytest.mark.task(3)
def test_report_has_a_row_per_link_with_copies_of_broken_ones(site, archive):
    """Each link gets a row in order; only the broken ones get an archived copy."""
    urls = [site + "/report", site + "/old-address", site + "/gone"]
    rows = link_report(urls, archive)
    assert [row["url"] for row in rows] == urls
    assert [row["status"] for row in rows] == ["alive", "redirect", "dead"]
    assert rows[1]["final_url"] == site + "/report"
    assert [row["snapshot"] for row in rows] == [None, None, f"http://archive.example/web/20200101000000/{site}/gone"]


@pytest.mark.task(3)
def test_the_archive_is_asked_only_about_broken_links(site, archive, server):
    """The archive is asked about the dead link only, not about the working or the moved one."""
    before = len(server.archive_questions)
    link_report([site + "/report", site + "/old-address", site + "/gone"], archive)
    assert server.archive_questions[before:] == [site + "/gone"]


@pytest.mark.task(3)
def test_a_link_listed_twice_gets_one_row_with_every_field(site, archive):
    """A link listed twice is checked once; each row has url, status, code, final_url and snapshot."""
    rows = link_report([site + "/report", site + "/report"], archive)
    assert rows == [{"url": site + "/report", "status": "alive", "code": 200, "final_url": site + "/report",
                     "snapshot": None}]


@pytest.mark.task(3)
def test_blank_entries_are_skipped_and_the_rest_still_checked(site, archive):
    """Blank entries and spaces around a link are skipped; the links after them are still checked."""
    rows = link_report(["", "   ", f"  {site}/report  ", "\n"], archive)
    assert [(row["url"], row["status"]) for row in rows] == [(site + "/report", "alive")]


@pytest.mark.task(3)
def test_a_timed_out_link_is_looked_up_in_the_archive(site, archive):
    """A link that timed out is looked up in the archive, like a dead one."""
    rows = link_report([site + "/slow"], archive, timeout=0.1)
    assert [(row["status"], row["snapshot"]) for row in rows] == [
        ("timeout", f"http://archive.example/web/20210101000000/{site}/slow")]
