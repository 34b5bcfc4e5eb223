"""AI settings: what counts as local, where settings come from, and the opt-in for remote servers."""

from __future__ import annotations

import pytest

from tests.ai.conftest import write_ai_config
from workshop.ai.config import (
    DEFAULT_BASE_URL,
    DEFAULT_MODEL,
    is_local_url,
    load_config,
)
from workshop.ai.errors import ConfigError, RemoteNotAllowed


@pytest.mark.parametrize("url", [
    "http://localhost:11434/v1",
    "http://LOCALHOST:8080/v1",
    "http://127.0.0.1:8080/v1",
    "https://127.5.6.7/v1",
    "http://[::1]:8000/v1",
    "http://[::ffff:127.0.0.1]:8000/v1",
])
def test_loopback_hosts_are_local(url):
    assert is_local_url(url)


@pytest.mark.parametrize("url", [
    "http://localhost.example.org/v1",       # merely contains "localhost"
    "http://localhost.:8080/v1",             # fully qualified: asked of DNS, which may answer anything
    "http://127.0.0.1.:8080/v1",
    "http://mylocalhost:11434/v1",
    "http://localhost-ai.example.net/v1",
    "http://127.0.0.1.nip.io/v1",            # a public name that resolves to loopback is still a name
    "http://0.0.0.0:11434/v1",
    "http://192.168.1.20:11434/v1",          # the facilitator's laptop on the venue network
    "http://10.0.0.5/v1",
    "http://2130706433/v1",                  # 127.0.0.1 as a number: not accepted as loopback
    "http://127.1/v1",
    "https://api.openai.com/v1",
    "http://[::2]/v1",
])
def test_everything_else_is_remote(url):
    assert not is_local_url(url)


@pytest.mark.parametrize("url", [
    "ftp://localhost/v1", "localhost:11434", "http:///v1", "http://localhost@evil.example/v1",
    "http://user:pw@localhost/v1", "http://evil.example\\@localhost/v1", "http://localhost:99999/v1",
    "http://localhost/v1?x=1", "http://local host/v1",
])
def test_unusable_urls_are_config_errors(url):
    with pytest.raises(ConfigError):
        is_local_url(url)


def test_defaults_are_ollama_on_this_computer(ai_env, tmp_path):
    config = load_config(tmp_path / ".workshop", environ={})
    assert config.base_url == DEFAULT_BASE_URL == "http://localhost:11434/v1"
    assert config.model == DEFAULT_MODEL
    assert config.is_local and not config.allow_remote
    assert config.log == ""  # nothing logged unless asked
    config.require_allowed()


def test_precedence_user_file_then_workspace_file_then_environment(ai_env, tmp_path):
    user = tmp_path / "user" / "ai.toml"
    user.parent.mkdir()
    user.write_text('model = "from-user"\ntimeout = 11\nrate_limit = 4\n', encoding="utf-8")
    state = tmp_path / "ws" / ".workshop"
    state.mkdir(parents=True)
    (state / "ai.toml").write_text('model = "from-workspace"\ntimeout = 22\n', encoding="utf-8")
    environ = {"WORKSHOP_AI_CONFIG": str(user), "WORKSHOP_AI_MODEL": "from-env"}

    config = load_config(state, environ=environ)

    assert config.model == "from-env" and config.sources["model"] == "WORKSHOP_AI_MODEL"
    assert config.timeout == 22 and config.sources["timeout"] == str(state / "ai.toml")
    assert config.rate_limit == 4 and config.sources["rate_limit"] == str(user)


def test_environment_variables(ai_env, tmp_path):
    environ = {"WORKSHOP_AI_BASE_URL": "https://llm.example.org/v1", "WORKSHOP_AI_MODEL": "m",
               "WORKSHOP_AI_API_KEY": "sk-secret", "WORKSHOP_AI_ALLOW_REMOTE": "yes", "WORKSHOP_AI_TIMEOUT": "7.5",
               "WORKSHOP_AI_CONFIG": str(tmp_path / "none.toml")}
    config = load_config(None, environ=environ)
    assert (config.base_url, config.model, config.api_key, config.allow_remote, config.timeout) == (
        "https://llm.example.org/v1", "m", "sk-secret", True, 7.5)
    assert "sk-secret" not in repr(config)
    assert "sk-secret" not in str(config.describe())


def test_api_key_can_come_from_another_variable(ai_env, tmp_path):
    state = tmp_path / ".workshop"
    state.mkdir()
    (state / "ai.toml").write_text('api_key_env = "ROOM_KEY"\n', encoding="utf-8")
    config = load_config(state, environ={"ROOM_KEY": "k-123", "WORKSHOP_AI_CONFIG": str(tmp_path / "x.toml")})
    assert config.api_key == "k-123"


@pytest.mark.parametrize("text, words", [
    ("model = [1, 2", "not valid TOML"),
    ("timeout = 'soon'", "timeout"),
    ("timeout = -3", "positive"),
    ("allow_remote = 'perhaps'", "allow_remote"),
    ('base_url = "localhost:11434"', "http://"),
])
def test_bad_files_are_clear_config_errors(ai_env, workspace, text, words):
    write_ai_config(workspace, text)
    with pytest.raises(ConfigError, match=words):
        load_config(workspace / ".workshop")


def test_unknown_keys_are_warned_about_not_fatal(ai_env, workspace):
    write_ai_config(workspace, 'modle = "typo"\n')
    config = load_config(workspace / ".workshop")
    assert any("modle" in warning for warning in config.warnings)


def test_bad_allow_remote_variable(ai_env, tmp_path):
    with pytest.raises(ConfigError):
        load_config(None, environ={"WORKSHOP_AI_ALLOW_REMOTE": "maybe", "WORKSHOP_AI_CONFIG": str(tmp_path / "n")})


def test_remote_needs_opt_in(ai_env, tmp_path):
    base = {"WORKSHOP_AI_CONFIG": str(tmp_path / "none.toml"), "WORKSHOP_AI_BASE_URL": "https://api.example.com/v1"}
    config = load_config(None, environ=base)
    with pytest.raises(RemoteNotAllowed, match="WORKSHOP_AI_ALLOW_REMOTE"):
        config.require_allowed()
    load_config(None, environ={**base, "WORKSHOP_AI_ALLOW_REMOTE": "1"}).require_allowed()
    # A host that only looks local needs the opt-in too.
    sneaky = load_config(None, environ={**base, "WORKSHOP_AI_BASE_URL": "http://localhost.example.com/v1"})
    with pytest.raises(RemoteNotAllowed):
        sneaky.require_allowed()


def test_workspace_file_can_opt_in_for_the_room(ai_env, workspace):
    write_ai_config(workspace, 'base_url = "https://room.example.org/v1"\nallow_remote = true\n')
    config = load_config(workspace / ".workshop")
    assert not config.is_local
    config.require_allowed()
