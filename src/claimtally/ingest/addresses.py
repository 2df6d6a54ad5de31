"""Which IP addresses ingest may connect to: public unicast only, unless --allow-private.

A hostile feed or redirect must not make ingest probe the local network or a cloud metadata
service. Python's `ipaddress.is_global` alone is not enough: it changed between Python versions
(192.0.0.8 counts as global on 3.11), and it calls IPv6 forms that carry an IPv4 address inside
(NAT64 64:ff9b::7f00:1, 6to4 2002:7f00:1::1, IPv4-translated ::ffff:0:127.0.0.1) global whatever
that IPv4 address is. So the embedded IPv4 address is taken out and judged instead, the
deprecated IPv4-compatible range ::/96 is refused outright, and the IANA special-purpose ranges
that are not globally reachable are listed here, independent of the Python version.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: IANA IPv4 special-purpose ranges that are not public unicast (plus multicast and class E).
_NOT_PUBLIC_V4 = tuple(ipaddress.IPv4Network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
))
#: The same for IPv6. ::/96 covers ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d;
#: 2001::/23 covers Teredo; 64:ff9b:1::/48 is local-use NAT64.
_NOT_PUBLIC_V6 = tuple(ipaddress.IPv6Network(n) for n in (
    "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16",
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
#: IPv6 ranges whose last 32 bits are an IPv4 address the traffic ends up at.
_V4_IN_LOW_BITS = tuple(ipaddress.IPv6Network(n) for n in ("::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96"))


def embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form stands for (mapped, translated, NAT64, 6to4)."""
    if any(addr in net for net in _V4_IN_LOW_BITS):
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return addr.sixtofour


def non_public_reason(addr: IPAddress) -> str | None:
    """None for a public unicast address; otherwise the address as judged (the embedded IPv4
    address for transition forms), for the error message."""
    if isinstance(addr, ipaddress.IPv6Address):
        inner = embedded_ipv4(addr)
        if inner is not None:
            reason = non_public_reason(inner)
            return f"{addr} (IPv4 {inner})" if reason else None
        if any(addr in net for net in _NOT_PUBLIC_V6) or not addr.is_global:
            return str(addr)
        return None
    if any(addr in net for net in _NOT_PUBLIC_V4) or not addr.is_global:
        return str(addr)
    return None


def parse_ip(text: str) -> IPAddress:
    """An address from getaddrinfo (an IPv6 zone such as `%eth0` dropped)."""
    return ipaddress.ip_address(text.split("%", 1)[0])
