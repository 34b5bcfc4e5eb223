"""The room's own CA for ``workshop lite --serve`` on the venue's network: a browser that trusts the
CA trusts the site (a real TLS handshake, verified as a browser verifies), and participants can
download the CA's certificate from the site itself."""

from __future__ import annotations

import base64
import hashlib
import ssl
import urllib.request

import pytest

pytest.importorskip("cryptography", reason="HTTPS for --serve needs cryptography (workshop[lite])")

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402

from workshop.lite.certificate import CA_PATH, room_certificate  # noqa: E402
from workshop.lite.serve import make_server, serve_in_thread  # noqa: E402


def test_a_client_trusting_the_room_ca_verifies_the_site_and_can_download_the_ca(site, tmp_path):
    certificate = room_certificate(tmp_path / "cert", ["127.0.0.1", "localhost"])
    server = make_server(site, certificate=certificate)
    serve_in_thread(server)
    port = server.server_address[1]
    try:
        trusting = ssl.create_default_context(cafile=str(certificate.ca))  # hostname and chain checked
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/index.html", context=trusting) as reply:
            assert reply.read() == b"<p>site</p>"
            assert "Cross-Origin-Embedder-Policy" not in reply.headers  # no isolation: the service worker works
        with urllib.request.urlopen(f"https://localhost:{port}{CA_PATH}", context=trusting) as reply:
            assert reply.headers["Content-Type"] == "application/x-x509-ca-cert"
            assert reply.read() == certificate.ca.read_bytes()
        # A browser that does not trust the room CA refuses the site.
        with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
            urllib.request.urlopen(f"https://127.0.0.1:{port}/index.html", context=ssl.create_default_context())
    finally:
        server.shutdown()
        server.server_close()


def test_the_ca_is_kept_while_valid_and_each_serve_gets_a_server_certificate_for_its_names(tmp_path):
    first = room_certificate(tmp_path, ["10.0.0.5", "laptop"])
    again = room_certificate(tmp_path, ["10.0.0.7"])
    assert again.ca.read_bytes() == first.ca.read_bytes()  # participants install it once
    ca = x509.load_pem_x509_certificate(again.ca.read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0
    leaf = x509.load_pem_x509_certificates(again.cert.read_bytes())[0]
    leaf.verify_directly_issued_by(ca)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(a) for a in names.get_values_for_type(x509.IPAddress)] == ["10.0.0.7"]
    assert leaf.not_valid_after_utc <= ca.not_valid_after_utc
    # Chromium's --ignore-certificate-errors-spki-list form: base64 of sha256 of the server key's SPKI.
    spki = leaf.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert again.spki == base64.b64encode(hashlib.sha256(spki).digest()).decode()
    import os

    if os.name == "posix":
        assert (tmp_path / "room-ca-key.pem").stat().st_mode & 0o077 == 0
        assert again.key.stat().st_mode & 0o077 == 0


def test_a_damaged_ca_file_is_replaced(tmp_path):
    first = room_certificate(tmp_path, ["127.0.0.1"])
    first.ca.write_text("not a certificate", encoding="utf-8")
    again = room_certificate(tmp_path, ["127.0.0.1"])
    x509.load_pem_x509_certificate(again.ca.read_bytes())
