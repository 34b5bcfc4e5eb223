"""``workshop lite`` on bad input: a clear message, a non-zero exit, and no half-built site."""

from __future__ import annotations

from tests.conftest import run_cli


def test_a_missing_session_file_is_named(workspace):
    done = run_cli("lite", "--session", str(workspace / "nope.toml"), "--out", str(workspace / "site"), "--root", str(workspace))
    assert done.returncode == 2
    assert "nope.toml" in done.stderr and "Traceback" not in done.stderr
    assert not (workspace / "site").exists()


def test_a_pyodide_package_that_is_not_one_is_refused(workspace, tmp_path):
    import io
    import tarfile

    fake = tmp_path / "pyodide.tgz"
    with tarfile.open(fake, "w:gz") as archive:
        data = b"not pyodide"
        info = tarfile.TarInfo("package/README.md")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    done = run_cli("lite", "--pyodide-tarball", str(fake), "--out", str(workspace / "site"), "--root", str(workspace),
                   env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 1
    assert "not a Pyodide package" in done.stderr and "Traceback" not in done.stderr
    assert not (workspace / "site").exists()


def test_help_names_the_command():
    done = run_cli("--help")
    assert "lite" in done.stdout


def test_board_without_serve_or_with_a_bad_address_is_refused(workspace):
    done = run_cli("lite", "--board", "http://127.0.0.1:8766", "--out", str(workspace / "site"), "--root", str(workspace))
    assert done.returncode == 2 and "--board needs --serve" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("lite", "--serve", "--board", "ftp://board", "--out", str(workspace / "site"), "--root", str(workspace),
                   env={"WORKSHOP_LANG": "ko"})
    assert done.returncode == 2 and "현황판 주소가 아닙니다" in done.stderr and "Traceback" not in done.stderr
    assert not (workspace / "site").exists()
