"""Which host names stay on this computer: one rule for the checker's policy and the AI settings."""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str) -> bool:
    """True only for ``localhost`` and loopback addresses (127.0.0.0/8, ``::1``, IPv4-mapped loopback).

    Conservative on purpose: ``localhost.example.org``, ``0.0.0.0`` and LAN addresses are not loopback.
    """
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback
