"""The PSTN and StreamKit setups end to end, sync and async, over every transport."""

import asyncio
from typing import Any, List

import pytest

import exotel_sip
from exotel_sip import AsyncClient, Client, HttpxTransport, mode_name
from exotel_sip.testing import Sandbox

from conftest import Server

FAST = exotel_sip.RateLimit(requests_per_minute=0, requests_per_second=0)
PBX_IP = "203.0.113.10"
BOT_IP = "198.51.100.7"


def pstn_flow(client: Client) -> None:
    trunk = client.create_trunk("pstn_trunk")
    sid = trunk.trunk_sid
    assert sid.startswith("tr")
    number = client.map_phone_number(sid, "+919876543210", mode="pstn")
    assert mode_name(number.mode) == "pstn"
    ip = client.whitelist_ip(sid, PBX_IP)
    assert ip.ip == PBX_IP and ip.mask == 32
    added = client.add_destinations(sid, [f"{PBX_IP}:5061;transport=tls", "sip:pbx.example.com:5060;transport=tcp"])
    assert [d.destination for d in added.items] == [
        f"sip:{PBX_IP}:5061;transport=tls",
        "sip:pbx.example.com:5060;transport=tcp",
    ]
    alias = client.set_caller_id_alias(sid, "+919876543210")
    assert alias.items[0].value == "+919876543210"
    assert [n.phone_number for n in client.list_phone_numbers(sid)] == ["+919876543210"]
    assert [i.ip for i in client.list_whitelisted_ips(sid)] == [PBX_IP]
    assert len(list(client.list_destinations(sid, page_size=1))) == 2  # two pages, lazily
    creds = client.get_trunk_credentials(sid)
    assert creds is not None


def streamkit_flow(client: Client) -> None:
    sid = client.create_trunk("bot_trunk").trunk_sid
    number = client.map_phone_number(sid, "+919876500001", mode="flow")
    assert mode_name(number.mode) == "flow"
    client.whitelist_ip(sid, BOT_IP, mask=32)
    switched = client.update_phone_number_mode(sid, number.id, number.phone_number, "pstn")
    assert mode_name(switched.mode) == "pstn"
    deleted = client.delete_trunk(sid)
    assert deleted.trunk_sid == sid
    with pytest.raises(exotel_sip.NotFoundError) as info:
        list(client.list_phone_numbers(sid))
    assert info.value.status in (403, 404)


async def pstn_flow_async(client: AsyncClient) -> None:
    sid = (await client.create_trunk("pstn_trunk")).trunk_sid
    await client.map_phone_number(sid, "+919876543210", mode="pstn")
    await client.whitelist_ip(sid, PBX_IP)
    await client.add_destinations(sid, [f"{PBX_IP}:5061;transport=tls", "pbx.example.com:5060;transport=tcp"])
    await client.set_caller_id_alias(sid, "+919876543210")
    assert [n.phone_number async for n in client.list_phone_numbers(sid)] == ["+919876543210"]
    assert [i.ip async for i in client.list_whitelisted_ips(sid)] == [PBX_IP]
    assert len(await client.list_destinations(sid, page_size=1).collect()) == 2


async def streamkit_flow_async(client: AsyncClient) -> None:
    sid = (await client.create_trunk("bot_trunk")).trunk_sid
    number = await client.map_phone_number(sid, "+919876500001", mode="flow")
    await client.whitelist_ip(sid, BOT_IP)
    switched = await client.update_phone_number_mode(sid, number.id, number.phone_number, "pstn")
    assert mode_name(switched.mode) == "pstn"
    assert (await client.delete_trunk(sid)).trunk_sid == sid


def test_sync_default_transport(server: Server) -> None:
    with Client(**server.kwargs()) as client:
        pstn_flow(client)
        streamkit_flow(client)


def test_sync_httpx_transport(server: Server) -> None:
    transport = HttpxTransport()
    try:
        with Client(**server.kwargs(transport=transport)) as client:
            pstn_flow(client)
            streamkit_flow(client)
    finally:
        transport.close()


def test_async_default_transport(server: Server) -> None:
    async def main() -> None:
        async with AsyncClient(**server.kwargs()) as client:
            await pstn_flow_async(client)
            await streamkit_flow_async(client)

    asyncio.run(main())


def test_in_process_sync_and_async() -> None:
    sandbox = Sandbox()
    pstn_flow(sandbox.client(rate_limit=FAST))
    streamkit_flow(sandbox.client(rate_limit=FAST))

    async def main() -> None:
        fresh = Sandbox()
        await pstn_flow_async(fresh.async_client(rate_limit=FAST))
        await streamkit_flow_async(fresh.async_client(rate_limit=FAST))

    asyncio.run(main())


def test_fixture_serves_the_readme_quick_start(exotel_sandbox: Any) -> None:
    client = exotel_sandbox.client(rate_limit=FAST)
    trunk = client.ensure_trunk("pbx_trunk")
    number = client.ensure_phone_number(trunk.trunk_sid, "+919876543210", mode="pstn")
    client.ensure_whitelisted_ip(trunk.trunk_sid, PBX_IP)
    client.ensure_destinations(trunk.trunk_sid, [f"{PBX_IP}:5061;transport=tls"])
    assert number.created
    again = client.ensure_phone_number(trunk.trunk_sid, "+919876543210", mode="pstn")
    assert not again.created
    assert client.ensure_trunk("pbx_trunk", recorded_sid=trunk.trunk_sid).created is False


def test_ensure_and_bulk_sync_and_async(exotel_sandbox: Any) -> None:
    client = exotel_sandbox.client(rate_limit=FAST)
    sid = client.create_trunk("bulk_trunk").trunk_sid
    numbers = [f"+9198000000{i:02d}" for i in range(12)]
    events: List[Any] = []
    client = exotel_sandbox.client(on_event=events.append, rate_limit=FAST)
    first = client.map_phone_numbers(sid, numbers + ["bad"], mode="flow", concurrency=4)
    assert [r.status for r in first] == ["created"] * 12 + ["failed"]
    assert isinstance(first[-1].error, exotel_sip.ValidationError)
    progress = [e for e in events if e.is_BULK_PROGRESS()]
    assert progress[-1].done == 13 and progress[-1].failed == 1 and progress[-1].total == 13
    ips = client.whitelist_ips(sid, ["10.1.0.1", "10.1.0.2"], concurrency=2)
    assert [r.status for r in ips] == ["created", "created"]

    async def main() -> None:
        async with exotel_sandbox.async_client(rate_limit=FAST) as ac:
            again = await ac.map_phone_numbers(sid, numbers, mode="flow", concurrency=4)
            assert [r.status for r in again] == ["existed"] * 12
            ips2 = await ac.whitelist_ips(sid, ["10.1.0.1", "10.1.0.3"])
            assert [r.status for r in ips2] == ["existed", "created"]
            e = await ac.ensure_destinations(sid, ["10.1.0.1:5060;transport=udp"])
            assert e[0].created

    asyncio.run(main())
    assert len(list(client.list_phone_numbers(sid, page_size=5))) == 12
