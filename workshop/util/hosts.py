"""Which host names stay on this computer: one rule for the checker's policy and the AI settings."""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str) -> bool:
    """True only for ``localhost`` and loopback addresses (127.0.0.0/8, ``::1``, IPv4-mapped loopback).

    Conservative on purpose: anything the system resolver could send to DNS is not loopback, however
    it looks: ``localhost.`` (a fully qualified name: asked of DNS, not of the hosts file),
    ``127.0.0.1.``, ``localhost.example.org``, ``127.0.0.1%x``; nor are ``0.0.0.0`` and LAN addresses.
    """
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    text = host
    if "%" in text:  # an IPv6 zone ("::1%lo"); on anything else "%" makes a name for DNS
        text, _zone = text.split("%", 1)
        if ":" not in text:
            return False
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback
