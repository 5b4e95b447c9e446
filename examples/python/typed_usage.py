"""Typed usage of the public API; CI runs `mypy --strict` on this file, then runs it."""
import asyncio
from typing import List, Optional

import exotel_sip
from exotel_sip import AsyncClient, Client, PhoneNumber, RetryPolicy, Trunk
from exotel_sip.testing import Sandbox


def setup(client: Client) -> List[str]:
    trunk: Trunk = client.create_trunk("typed_trunk", retry=RetryPolicy.none())
    sid: str = trunk.trunk_sid
    number: PhoneNumber = client.map_phone_number(sid, "+919876543210", mode="pstn")
    mode: Optional[str] = exotel_sip.mode_name(number.mode)
    assert mode == "pstn"
    ensured = client.ensure_whitelisted_ip(sid, "203.0.113.10")
    created: bool = ensured.created
    assert created
    try:
        client.whitelist_ip(sid, "203.0.113.10", mask=40)
    except exotel_sip.ValidationError as err:
        field: str = err.field
        assert field == "mask"
    results: List[exotel_sip.BulkResult[PhoneNumber]] = client.map_phone_numbers(sid, ["+919876543211"])
    assert results[0].status == "created"
    return [n.phone_number for n in client.list_phone_numbers(sid)]


async def setup_async(client: AsyncClient) -> int:
    trunk = await client.create_trunk("typed_async", timeout=5.0)
    await client.map_phone_number(trunk.trunk_sid, "+919876500001", mode="flow")
    return len([n async for n in client.list_phone_numbers(trunk.trunk_sid)])


if __name__ == "__main__":
    sandbox = Sandbox()
    print("numbers:", setup(sandbox.client()))
    print("async numbers:", asyncio.run(setup_async(sandbox.async_client())))
