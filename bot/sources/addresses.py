"""Where a fetch may go: refusing loopback, private, link-local and other non-global addresses.

Used for URLs users can influence (allow_private=False). The name is resolved and every address
checked before each hop; after connecting, the peer address is checked again, which closes the
gap of a DNS answer that changes between our lookup and httpx's (rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpx

from bot.errors import SourceError


def is_public(ip: str) -> bool:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


async def check_destination(host: str, port: int) -> None:
    try:
        addresses = [host] if _is_ip(host) else await _resolve(host, port)
    except OSError as e:
        raise SourceError(f"cannot resolve {host}: {' '.join(str(e).split())[:200]}") from None
    for ip in addresses:
        if not is_public(ip):
            raise SourceError(f"refused: private address {ip}")


async def _resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def check_peer(response: httpx.Response) -> None:
    """The address actually connected to: closes the gap of DNS answers changing after our check."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and not is_public(str(peer[0])):
        raise SourceError(f"refused: private address {peer[0]}")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
