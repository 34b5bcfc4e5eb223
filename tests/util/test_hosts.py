"""What counts as "this computer": names the resolver may send to DNS never do."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from workshop.util.hosts import is_loopback_host


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.8.9.10", "::1", "::1%lo", "::ffff:127.0.0.1"])
def test_loopback(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", [
    "localhost.",             # fully qualified: the resolver asks DNS, which may answer anything
    "LOCALHOST.", "localhost..", "127.0.0.1.", "127.0.0.1%evil", "127.0.0.1%25x",
    "localhost.example.org", "localhost.localdomain", "mylocalhost", " localhost", "localhost\n",
    "127.1", "2130706433", "0x7f.0.0.1", "0.0.0.0", "::", "192.168.1.2", "", None, b"localhost",
])
def test_names_that_may_go_to_dns_are_not_loopback(host):
    assert not is_loopback_host(host)


def test_the_checkers_policy_refuses_to_look_up_localhost_dot(tmp_path):
    """A real process under the checker's policy with loopback allowed: 'localhost.' is a DNS lookup."""
    script = textwrap.dedent(f"""
        import socket
        from workshop.engine import policy
        policy.install([{str(tmp_path)!r}], allow_loopback=True)
        socket.getaddrinfo("127.0.0.1", 80)  # loopback stays allowed
        for host in ("localhost.", "127.0.0.1.", "127.0.0.1%x"):
            try:
                socket.getaddrinfo(host, 80)
            except PermissionError as error:
                print("refused", host, "checker" in str(error))
            except OSError:
                print("LOOKED UP", host)
            else:
                print("LOOKED UP", host)
            try:
                socket.create_connection((host, 9), timeout=0.5)
            except PermissionError:
                print("refused-connect", host)
            except OSError:
                print("CONNECTED-OR-TRIED", host)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    for host in ("localhost.", "127.0.0.1.", "127.0.0.1%x"):
        assert f"refused {host} True" in lines
        assert f"refused-connect {host}" in lines
