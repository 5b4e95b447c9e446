"""Parity with the core's catalog (``api/catalog.json``): every operation and helper
exists on ``Client`` and ``AsyncClient`` with the catalog's name, parameters and
defaults, per-call ``timeout`` and ``retry``, and docs; lists are lazy iterators
with a one-page ``*_page`` twin. The generated methods come from the catalog, so
this mostly guards the hand-written helpers the catalog marks custom."""

import inspect
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from exotel_sip import AsyncClient, AsyncPageIterator, Client, PageIterator, RetryPolicy, TransportError, ValidationError

CATALOG = json.loads((Path(__file__).resolve().parents[2] / "api" / "catalog.json").read_text())
OPERATIONS: List[Dict[str, Any]] = CATALOG["operations"]


def _expected_params(op: Dict[str, Any]) -> List[tuple]:
    """(name, kind, default) of each parameter after ``self``."""
    required = [f for f in op["fields"] if f["required"]]
    optional = [f for f in op["fields"] if not f["required"]]
    out = [(f["name"], inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.empty) for f in required]
    for f in optional:
        # Every default (``nso_code``, ``mask``, ``concurrency``) is the core's: None here.
        out.append((f["name"], inspect.Parameter.KEYWORD_ONLY, None))
    out += [("timeout", inspect.Parameter.KEYWORD_ONLY, None), ("retry", inspect.Parameter.KEYWORD_ONLY, None)]
    return out


def _names(op: Dict[str, Any]) -> List[str]:
    names = [op["name"]]
    if op["result"]["shape"] == "page":
        names.append(op["name"].removeprefix("list_") + "_page")
    return names


@pytest.mark.parametrize("cls", [Client, AsyncClient], ids=["Client", "AsyncClient"])
@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
def test_every_catalog_operation_is_a_method(cls: type, op: Dict[str, Any]) -> None:
    for name in _names(op):
        method = getattr(cls, name, None)
        assert method is not None, f"{cls.__name__} has no {name}"
        params = list(inspect.signature(method).parameters.values())[1:]
        got = [(p.name, p.kind, p.default) for p in params]
        assert got == _expected_params(op), f"{cls.__name__}.{name}"
        doc = inspect.getdoc(method) or ""
        assert doc, f"{cls.__name__}.{name} has no docs"
        for f in op["fields"]:
            assert f":param {f['name']}:" in doc or op["kind"] == "custom", f"{name}: {f['name']} undocumented"
        lazy = op["result"]["shape"] == "page" and name == op["name"]
        # Every call but a lazy list is a coroutine on AsyncClient.
        assert inspect.iscoroutinefunction(method) == (cls is AsyncClient and not lazy), name


def test_lists_are_lazy() -> None:
    # The base URL refuses connections: building the iterator sends nothing,
    # iterating it fails on the first page.
    client = Client("k", "t", "ameyo5m", base_url="http://127.0.0.1:9", retry=RetryPolicy.none())
    items = client.list_phone_numbers("trmum1f708622631150902801a1n")
    assert isinstance(items, PageIterator)
    with pytest.raises(TransportError):
        next(iter(items))
    aclient = AsyncClient("k", "t", "ameyo5m", base_url="http://127.0.0.1:9", transport=object())
    assert isinstance(aclient.list_destinations("trmum1f708622631150902801a1n"), AsyncPageIterator)


def test_no_public_method_is_missing_from_the_catalog() -> None:
    """Every public call of the clients is declared (settings and lifecycle aside)."""
    declared = {n for op in OPERATIONS for n in _names(op)}
    lifecycle = {"close", "aclose", "base_url", "account_sid", "limiter"}
    for cls in (Client, AsyncClient):
        public = {n for n in dir(cls) if not n.startswith("_")}
        assert public - declared - lifecycle == set(), cls.__name__


@pytest.mark.parametrize("concurrency", [0, 51, -1])
def test_a_bulk_concurrency_out_of_range_is_a_validation_error(concurrency: int) -> None:
    # Refused before any request: the base URL refuses connections.
    client = Client("k", "t", "ameyo5m", base_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError) as err:
        client.map_phone_numbers("trmum1f708622631150902801a1n", ["+919876543210"], concurrency=concurrency)
    assert (err.value.field, err.value.rule) == ("concurrency", "range")
