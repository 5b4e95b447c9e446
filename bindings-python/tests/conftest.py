"""Shared fixtures: the sandbox served from Python (exotel_sip.testing) and, when
EXOTEL_SIP_SANDBOX_BIN names the sandbox server binary, that server too."""

import json
import os
import subprocess
import urllib.request
from typing import Any, Dict, Iterator, Optional

import pytest

from exotel_sip import RateLimit
from exotel_sip.testing import API_KEY, API_TOKEN, ACCOUNT_SID, SandboxServer

# Tests never talk to a real account.
for _var in ("EXOTEL_API_KEY", "EXOTEL_API_TOKEN", "EXOTEL_ACCOUNT_SID", "EXOTEL_REGION", "EXOTEL_BASE_URL"):
    os.environ.pop(_var, None)


class Server:
    """A sandbox reachable over loopback HTTP, with its controls."""

    def __init__(self, url: str) -> None:
        self.url = url

    def kwargs(self, **extra: Any) -> Dict[str, Any]:
        """Client arguments for this server; no client-side spacing unless asked
        (the governor has its own tests), so flows run at full speed."""
        return {
            "api_key": API_KEY,
            "api_token": API_TOKEN,
            "account_sid": ACCOUNT_SID,
            "base_url": self.url,
            "rate_limit": RateLimit(requests_per_minute=0, requests_per_second=0, max_concurrency=50),
            **extra,
        }

    def control(self, method: str, path: str, body: Optional[Any] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + "/__sandbox/" + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=5) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None

    def fault(self, path: str, fault: Dict[str, Any], method: str = "*", times: int = 1) -> None:
        self.control("POST", "faults", {"method": method, "path": path, "fault": fault, "times": times})

    def requests(self) -> Any:
        return self.control("GET", "requests")["requests"]

    def limits(self, rpm: int, concurrency: int) -> None:
        self.control("PUT", "limits", {"rpm": rpm, "concurrency": concurrency})


def _binary() -> Optional[str]:
    path = os.environ.get("EXOTEL_SIP_SANDBOX_BIN")
    return path if path and os.path.isfile(path) else None


@pytest.fixture(params=["python-server", "binary-server"])
def server(request: Any) -> Iterator[Server]:
    """The sandbox over HTTP: served by exotel_sip.testing, then by the sandbox binary."""
    if request.param == "python-server":
        with SandboxServer() as srv:
            yield Server(srv.url)
        return
    binary = _binary()
    if binary is None:
        # No silent skip: these flows must run against the sandbox binary too.
        pytest.fail("EXOTEL_SIP_SANDBOX_BIN not set (bindings-python/scripts/ci.sh sets it)")
    proc = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("listening on "), line
        yield Server(line[len("listening on "):])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def py_server() -> Iterator[Server]:
    """The sandbox served by exotel_sip.testing only."""
    with SandboxServer() as srv:
        yield Server(srv.url)
