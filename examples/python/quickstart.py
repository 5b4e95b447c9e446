"""The README's quick start: a PSTN trunk on a local sandbox (no account needed)."""
import exotel_sip
from exotel_sip.testing import SandboxServer

with SandboxServer() as sandbox:  # a local Exotel; for a real account: exotel_sip.Client() with EXOTEL_* set
    client = exotel_sip.Client(**sandbox.client_kwargs())
    trunk = client.ensure_trunk("pbx_trunk")
    client.ensure_phone_number(trunk.trunk_sid, "+919876543210", mode="pstn")
    client.ensure_whitelisted_ip(trunk.trunk_sid, "203.0.113.10")
    client.ensure_destinations(trunk.trunk_sid, ["203.0.113.10:5061;transport=tls"])
    client.set_caller_id_alias(trunk.trunk_sid, "+919876543210")
    print("PSTN setup done:", trunk.trunk_sid, [n.phone_number for n in client.list_phone_numbers(trunk.trunk_sid)])
