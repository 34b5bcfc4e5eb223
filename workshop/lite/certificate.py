"""The room's own certificate authority for ``workshop lite --serve`` on the venue's network.

A browser gives JupyterLite's kernel the notebook's files through a *service worker*, and it
refuses a service worker to a site whose certificate it does not trust; clicking through the
warning is not enough. So the LAN server does not use a bare self-signed certificate: it makes a
*room CA* (kept on this laptop, reused while valid) and a server certificate signed by it for
this laptop's names and addresses. Participants install the CA's certificate once (the site
serves it at :data:`CA_PATH`), or a kiosk Chromium is started trusting the server's key
(:func:`spki_fingerprint`, for ``--ignore-certificate-errors-spki-list``).

The CA cannot make further CAs (``path_length=0``), lives 30 days, and its key never leaves this
laptop's folder; a participant can remove it after the workshop.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
from dataclasses import dataclass
from pathlib import Path

#: Where the site serves the room CA's certificate for participants to install.
CA_PATH = "/room-ca.crt"
#: How long the room's CA and its server certificates are valid.
VALID_DAYS = 30


@dataclass(frozen=True)
class RoomCertificate:
    """The files of the room's HTTPS: the CA's certificate (for browsers), the server's chain and key."""

    ca: Path
    cert: Path
    key: Path

    @property
    def spki(self) -> str:
        """The server key's fingerprint for Chromium's ``--ignore-certificate-errors-spki-list``."""
        return spki_fingerprint(self.cert)


def spki_fingerprint(cert: Path) -> str:
    """base64 of the SHA-256 of a PEM certificate's SubjectPublicKeyInfo (Chromium's SPKI list form)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    spki = certificate.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def room_certificate(folder: Path, hosts: list[str]) -> RoomCertificate:
    """The room CA (made once, reused while it has more than a day left) and a fresh server certificate
    signed by it for ``hosts`` (names or IP addresses), all kept in ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    ca_path, ca_key_path = folder / "room-ca.crt", folder / "room-ca-key.pem"
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_cert = ca_key = None
    if ca_path.is_file() and ca_key_path.is_file():
        try:
            ca_cert = x509.load_pem_x509_certificate(ca_path.read_bytes())
            ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
            if ca_cert.not_valid_after_utc - now < datetime.timedelta(days=1):
                ca_cert = ca_key = None
        except ValueError:
            ca_cert = ca_key = None
    if ca_cert is None:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"workshop room CA {now:%Y-%m-%d %H%M}"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "workshop (this room only)")])
        ca_cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write_private(ca_key_path, ca_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
        ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))

    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    # Browsers cap a server certificate at 398 days; the CA's own end is the tighter limit here.
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "workshop site (this room only)")]))
        .issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(min(ca_cert.not_valid_after_utc, now + datetime.timedelta(days=VALID_DAYS)))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = folder / "site-cert.pem", folder / "site-key.pem"
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    # The chain: the server's certificate, then the CA's (a browser that trusts the CA needs only the first).
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(serialization.Encoding.PEM))
    return RoomCertificate(ca_path, cert_path, key_path)


def _write_private(path: Path, data: bytes) -> None:
    """Write a key readable by its owner only (where the platform has such modes)."""
    path.write_bytes(b"")
    try:
        path.chmod(0o600)
    except OSError:  # pragma: no cover - a file system without POSIX modes
        pass
    path.write_bytes(data)
