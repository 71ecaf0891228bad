"""Commenters' addresses, hashed: enough for rate limits and blocks, never the address.

The hash is an HMAC with a key that belongs to a period (SOKHAN_ADDRESS_KEY_DAYS long);
keys are random and deleted when no longer needed, so a hash from an old period cannot be
linked to an address even by someone holding the database and the site's secret. IPv6
addresses are hashed by their /64 network, which is what one subscriber usually gets.
Pure: no Django.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import datetime

# Unique local IPv6 addresses, which never come from the Internet itself. Tor's onion
# service gives each visitor's circuit one of them (HiddenServiceExportCircuitID: the
# circuit's number in the low 32 bits of fc00:dead:beef:4dad::/64), so that they are
# told apart; by their /64 every onion visitor would have been one commenter again.
_LOCAL = ipaddress.IPv6Network("fc00::/7")


def network_of(address: str) -> str:
    """The part of an address that identifies a subscriber: IPv4 whole, IPv6 its /64 (a
    unique local one whole: a Tor circuit, or a device of a private network)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        if ip in _LOCAL:
            return str(ip)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def address_hash(key: bytes, address: str) -> str:
    return hmac.new(key, network_of(address).encode(), hashlib.sha256).hexdigest()


def period_of(moment: datetime, days: int) -> int:
    """Number of the key period ``moment`` falls in (periods count from the Unix epoch)."""
    return int(moment.timestamp() // _seconds(days))


def period_start(period: int, days: int) -> float:
    """When key period ``period`` began, in seconds since the Unix epoch."""
    return period * _seconds(days)


def _seconds(days: int) -> int:
    return max(days, 1) * 86400
