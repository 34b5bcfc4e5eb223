"""The join code people read aloud, its QR code on the facilitator's page, and the cap on joins per address."""

from __future__ import annotations

import urllib.parse

import segno

from workshop.board import tokens

from .conftest import BoardServer, http, make_board_root


def test_join_codes_have_no_letters_people_confuse():
    codes = {tokens.new_join_token() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert tokens.is_join_code(code) and len(code) == 14
        assert not set(code) & set("IlO01o")
    code = next(iter(codes))
    typed = code.lower().replace("-", " ")
    assert tokens.same_join_code(typed, code) and tokens.same_join_code(code.replace("-", ""), code)
    assert not tokens.same_join_code(code[:-1] + ("A" if code[-1] != "A" else "B"), code)
    assert not tokens.same_join_code("", code) and not tokens.same_join_code(None, code)


def test_one_address_cannot_fill_the_board_and_the_page_has_a_qr_code(tmp_path):
    root, session = make_board_root(tmp_path / "facilitator")
    server = BoardServer(root, root / "board.sqlite3", session).start(extra=("--joins-per-address", "5"))
    try:
        assert tokens.is_join_code(server.join_token)
        assert f"Join code: {server.join_token}" in "".join(server.output)
        # A code typed in lower case with spaces still joins.
        typed = http("POST", server.base + "/api/join", {"token": server.join_token.lower().replace("-", " "),
                                                          "name": "Typed"})
        assert typed.status == 200, typed
        first = typed.data["token"]
        # One laptop tries to fill the board: it gets its cap, no more.
        replies = [server.join(f"Bot {n}") for n in range(10)]
        assert [reply.status for reply in replies] == [200] * 4 + [429] * 6
        assert "--joins-per-address" in replies[-1].data["error"]
        assert len(server.state()["participants"]) == 5
        # Changing one's name is not a new join: still allowed.
        renamed = http("POST", server.base + "/api/join", {"token": server.join_token, "name": "Renamed",
                                                           "participant_token": first})
        assert renamed.status == 200 and renamed.data["name"] == "Renamed"

        card = http("GET", server.base + "/api/join-card", headers={"X-Board-Key": server.key})
        assert card.status == 200 and card.data["code"] == server.join_token
        assert card.data["url"].endswith("/join/" + server.join_token)
        assert card.data["qr"].startswith("data:image/svg+xml")  # inline: no image fetched from anywhere
        svg = urllib.parse.unquote(card.data["qr"].split(",", 1)[1])
        assert "<svg" in svg and "<path" in svg
        # The picture is the QR code of exactly the join link (same symbol as segno makes for that text).
        symbol = segno.make(card.data["url"], error="m")
        assert svg == urllib.parse.unquote(symbol.svg_data_uri(scale=5, border=2).split(",", 1)[1])
        assert http("GET", server.base + "/api/join-card").status == 403  # the facilitator's key only
        page = http("GET", server.base + "/board").data["text"]
        assert 'id="join-qr"' in page and "/api/join-card" in page
    finally:
        server.stop()
