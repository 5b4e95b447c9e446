"""A StreamKit (Voice AI bot) trunk with AsyncClient (httpx), against a local sandbox."""
import asyncio

import exotel_sip
from exotel_sip.testing import SandboxServer

BOT_IP = "198.51.100.7"


async def main(base: dict) -> None:
    async with exotel_sip.AsyncClient(**base) as client:
        trunk = await client.create_trunk("bot_trunk")
        number = await client.map_phone_number(trunk.trunk_sid, "+919876500001", mode="flow")
        await client.whitelist_ip(trunk.trunk_sid, BOT_IP)
        try:
            await client.map_phone_number(trunk.trunk_sid, "+919876500001", mode="flow")
        except exotel_sip.DuplicateError as err:
            print("already mapped:", err.description, "request", err.request_id)
        numbers = [n async for n in client.list_phone_numbers(trunk.trunk_sid)]
        print("StreamKit setup done:", trunk.trunk_sid, exotel_sip.mode_name(number.mode), len(numbers))


if __name__ == "__main__":
    with SandboxServer() as sandbox:
        asyncio.run(main(sandbox.client_kwargs()))
