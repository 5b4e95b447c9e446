"""Replays every shared vector (tests/vectors/) through the public typed API."""

import json
import os
import pathlib
import re
from typing import Any, Dict, List, Optional, Tuple

import pytest

import exotel_sip
from exotel_sip import Client, RateLimit, Request, Response, RetryPolicy

VECTORS = pathlib.Path(
    os.environ.get("EXOTEL_SIP_VECTORS", pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors")
)
DEFAULT_CONFIG = {"account_sid": "ameyo5m", "api_key": "test_key", "api_token": "test_token", "region": "singapore"}


def _cases() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for path in sorted(VECTORS.glob("*/*.json")):
        data = json.loads(path.read_text())
        for case in data["cases"]:
            out.append((data["operation"], case))
    return out


CASES = _cases()


def test_vectors_were_found() -> None:
    assert len(CASES) >= 390, f"only {len(CASES)} vectors under {VECTORS}"


class Canned:
    """A transport that records the request and answers the case's response."""

    def __init__(self, response: Optional[Dict[str, Any]]) -> None:
        self.response = response
        self.requests: List[Request] = []

    def send(self, request: Request) -> Response:
        self.requests.append(request)
        r = self.response
        if r is None:
            raise exotel_sip.TransportError("connect", "no canned response")
        body = r["body_text"] if "body_text" in r else json.dumps(r.get("body"))
        return Response(r["status"], list(r.get("headers", {}).items()), body)


def _client(config: Optional[Dict[str, Any]], transport: Canned) -> Client:
    c = config or DEFAULT_CONFIG
    kwargs: Dict[str, Any] = {}
    if "base_url" in c:
        kwargs["base_url"] = c["base_url"]
    elif "region" in c:
        kwargs["region"] = c["region"]
    if "timeout_ms" in c:
        kwargs["timeout"] = c["timeout_ms"] / 1000
    return Client(
        c.get("api_key", ""),
        c.get("api_token", ""),
        c.get("account_sid", ""),
        transport=transport,
        retry=RetryPolicy.none(),
        rate_limit=RateLimit.unlimited(),
        **kwargs,
    )


def _wire(value: Any) -> Any:
    """A typed result as JSON with wire field names."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, list):
        return [_wire(v) for v in value]
    if isinstance(value, dict):
        return value
    if hasattr(value, "is_PSTN"):
        return exotel_sip.mode_name(value)
    out = {}
    for key, v in vars(value).items():
        out["type" if key == "destination_type" else key] = _wire(v)
    return out


def _match(expected: Any, actual: Any, strict: bool, path: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            _match(v, actual.get(k), strict, f"{path}.{k}")
        if strict:
            extra = [k for k, v in actual.items() if v is not None and k not in expected]
            assert not extra, f"{path}: unexpected non-null fields {extra}"
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            _match(e, a, strict, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def _check_request(expected: Dict[str, Any], req: Request) -> None:
    assert req.method == expected["method"]
    if "url" in expected:
        assert req.url == expected["url"]
    if "headers" in expected:
        got = {k.lower(): v for k, v in req.headers}
        want = {k.lower(): v for k, v in expected["headers"].items()}
        ua = got.pop("user-agent", None)
        assert ua is not None, "no User-Agent"
        assert got == want
        if "user_agent_pattern" in expected:
            assert re.search(expected["user_agent_pattern"], ua), ua
            assert "python/" in ua
    if "body" in expected:
        if expected["body"] is None:
            assert req.body is None
        else:
            assert req.body is not None and json.loads(req.body) == expected["body"]
    if "timeout_ms" in expected:
        # The request carries the call's remaining deadline: a real clock may have ticked.
        assert expected["timeout_ms"] - 50 <= req.timeout_ms <= expected["timeout_ms"]


def _run(client: Client, operation: str, i: Dict[str, Any]) -> Any:
    sid = i.get("trunk_sid", "")
    if operation == "create_trunk":
        return client.create_trunk(i.get("trunk_name", ""), nso_code=i.get("nso_code"), domain_name=i.get("domain_name"))
    if operation == "delete_trunk":
        return client.delete_trunk(sid).trunk
    if operation == "map_phone_number":
        return client.map_phone_number(sid, i.get("phone_number", ""), mode=i.get("mode"))
    if operation == "update_phone_number_mode":
        return client.update_phone_number_mode(sid, i.get("phone_number_id", ""), i.get("phone_number", ""), i.get("mode"))  # type: ignore[arg-type]
    if operation == "whitelist_ip":
        return client.whitelist_ip(sid, i.get("ip", ""), mask=i.get("mask"))
    if operation == "add_destinations":
        return client.add_destinations(sid, i.get("destinations", []))
    if operation == "set_trunk_settings":
        return client.set_trunk_settings(sid, [(s.get("name", ""), s.get("value", "")) for s in i.get("settings", [])])
    if operation == "get_trunk_credentials":
        return client.get_trunk_credentials(sid)
    lists = {
        "list_phone_numbers": client.list_phone_numbers,
        "list_whitelisted_ips": client.list_whitelisted_ips,
        "list_destinations": client.list_destinations,
    }
    pager = lists[operation](sid, offset=i.get("offset"), page_size=i.get("page_size"))
    return next(iter(pager.pages()))


def _check_error(expected: Dict[str, Any], err: exotel_sip.ExotelError) -> None:
    assert err.error_kind == expected["kind"], f"expected {expected['kind']}, got {err!r}"
    for key, want in expected.items():
        if key == "kind":
            continue
        if key == "snippet_contains":
            assert want in err.snippet  # type: ignore[attr-defined]
        elif key == "message":
            assert str(err) == want, f"message: expected {want!r}, got {str(err)!r}"
        elif key == "created":
            _match(want, _wire(err.created), True, "created")  # type: ignore[attr-defined]
        elif key == "failed":
            _match(want, _wire(err.failed), False, "failed")  # type: ignore[attr-defined]
        else:
            assert getattr(err, key) == want, f"{key}: expected {want!r}, got {getattr(err, key)!r}"


@pytest.mark.parametrize(
    "operation,case", CASES, ids=[f"{op}:{c['name']}" for op, c in CASES]
)
def test_vector(operation: str, case: Dict[str, Any]) -> None:
    transport = Canned(case.get("response"))
    expect = case.get("expect", {})
    if operation == "config":
        try:
            client = _client(case["config"], transport)
        except exotel_sip.ExotelError as err:
            assert "error" in expect, f"unexpected {err!r}"
            _check_error(expect["error"], err)
            return
        assert "error" not in expect, "expected a validation error"
        assert client.base_url == expect["base_url"]
        return
    client = _client(case.get("config"), transport)
    try:
        result = _run(client, operation, case.get("input", {}))
        error = None
    except exotel_sip.ExotelError as err:
        result, error = None, err
    if "request" in case:
        assert len(transport.requests) == 1, "expected exactly one request"
        _check_request(case["request"], transport.requests[0])
    if "error" in expect:
        assert error is not None, f"expected {expect['error']['kind']}, got {result!r}"
        if expect["error"]["kind"] == "validation":
            assert transport.requests == [], "a validation error must be raised before sending"
        _check_error(expect["error"], error)
    elif "result" in expect:
        assert error is None, f"unexpected {error!r}"
        _match(expect["result"], _wire(result), True, "result")
