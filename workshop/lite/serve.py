"""Serve a built site: on localhost for one person, or on the venue's network over HTTPS.

A browser gives a page's Python kernel its file system (where the exercise's tests and data
are) only in a *secure context*: ``https://``, or ``http://localhost``/``127.0.0.1``. Over plain
HTTP on a LAN address, ``check()`` could not find the exercise, so the LAN server uses HTTPS
with a certificate made here; browsers warn about it once, and the message says what to do.
"""

from __future__ import annotations

import functools
import http.server
import ssl
import threading
from pathlib import Path

#: File types the site serves that older Pythons do not know (a wrong type stops the kernel).
CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".ipynb": "application/json",
    ".jsonl": "text/plain",
}


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0, certificate: tuple[Path, Path] | None = None) -> http.server.ThreadingHTTPServer:
    """A server for ``site`` (not yet started); HTTPS when ``certificate`` (cert, key) is given."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    if certificate is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(certificate[0]), str(certificate[1]))
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def serve_in_thread(server: http.server.ThreadingHTTPServer) -> threading.Thread:
    """Start ``server`` in a daemon thread (tests and ``--serve``)."""
    thread = threading.Thread(target=server.serve_forever, name="workshop-lite-server", daemon=True)
    thread.start()
    return thread


def self_signed_certificate(folder: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A certificate and key for ``hosts`` (names or IP addresses), valid 30 days, kept in ``folder``."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "workshop (this room only)")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "site-cert.pem", folder / "site-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
