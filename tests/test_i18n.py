"""Every learner-facing message goes through one layer, and a catalog changes what people see."""

from __future__ import annotations

import os

from tests.conftest import run_cli
from workshop.i18n import LOCALEDIR, extract_messages, render_pot


def test_the_message_template_is_up_to_date():
    """workshop/locale/workshop.pot lists every message; regenerate with `python -m workshop.i18n`."""
    expected = render_pot(extract_messages())
    assert (LOCALEDIR / "workshop.pot").read_text(encoding="utf-8") == expected


def test_a_catalog_translates_the_cli(workspace, tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="ko")
    catalog.add("Exercises", "연습 문제")
    catalog.add("There is no exercise {query!r}. Did you mean {suggestions}?",
                "{query!r} 연습 문제가 없습니다. {suggestions}을(를) 찾으셨나요?")
    target = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "workshop.mo", "wb") as handle:
        write_mo(handle, catalog)
    env = {"WORKSHOP_LOCALEDIR": str(tmp_path / "locale"), "WORKSHOP_LANG": "ko"}
    assert "연습 문제" in run_cli("list", cwd=workspace, env=env).stdout
    done = run_cli("check", "pasphrase", cwd=workspace, env=env)
    assert "찾으셨나요" in done.stderr
    assert "Exercises" in run_cli("list", cwd=workspace).stdout  # untouched without the catalog
    assert os.environ.get("WORKSHOP_LANG") is None
