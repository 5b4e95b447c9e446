"""The installed package: location, sources valid for Python 3.9, lazy import,
configuration from the environment, typed errors and docstrings."""

import ast
import os
import pathlib
import subprocess
import sys
import sysconfig

import pytest

import exotel_sip

PACKAGE = pathlib.Path(exotel_sip.__file__).parent


def test_installed_in_site_packages() -> None:
    purelib = pathlib.Path(sysconfig.get_paths()["purelib"]).resolve()
    platlib = pathlib.Path(sysconfig.get_paths()["platlib"]).resolve()
    assert "site-packages" in exotel_sip.__file__
    assert PACKAGE.resolve().parent in (purelib, platlib)
    assert (PACKAGE / "py.typed").is_file()


def test_sources_parse_as_python_3_9() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) >= 7
    for path in sources:
        ast.parse(path.read_text(), filename=str(path), feature_version=(3, 9))


def test_import_is_lazy() -> None:
    code = (
        "import sys, exotel_sip\n"
        "assert 'asyncio' not in sys.modules, 'asyncio imported eagerly'\n"
        "assert 'exotel_sip._native' not in sys.modules, 'native library loaded eagerly'\n"
        "exotel_sip.ExotelError\n"
        "assert 'exotel_sip._native' not in sys.modules\n"
        "exotel_sip.Client\n"
        "assert 'exotel_sip._native' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        exotel_sip.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018


def test_configuration_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTEL_API_KEY", "k")
    monkeypatch.setenv("EXOTEL_API_TOKEN", "t")
    monkeypatch.setenv("EXOTEL_ACCOUNT_SID", "acct")
    monkeypatch.setenv("EXOTEL_REGION", "mumbai")
    assert exotel_sip.Client().base_url == "https://api.in.exotel.com"
    monkeypatch.setenv("EXOTEL_BASE_URL", "http://127.0.0.1:4010/")
    client = exotel_sip.Client()
    assert client.base_url == "http://127.0.0.1:4010" and client.account_sid == "acct"
    monkeypatch.delenv("EXOTEL_API_TOKEN")
    with pytest.raises(exotel_sip.ValidationError) as info:
        exotel_sip.Client()
    assert info.value.field == "api_token" and info.value.rule == "required"
    with pytest.raises(exotel_sip.ValidationError) as bad:
        exotel_sip.Client("k", "t", "a", region="mars")
    assert bad.value.field == "region"
    with pytest.raises(TypeError):
        exotel_sip.Client("k", "t", "a", region="mumbai", base_url="https://x.example")


def test_error_hierarchy() -> None:
    E = exotel_sip
    for cls in (E.ValidationError, E.ApiError, E.RequestTimeoutError, E.TransportError, E.DecodeError,
                E.OutcomeUnknownError, E.InternalError):
        assert issubclass(cls, E.ExotelError)
    for cls in (E.AuthenticationError, E.NotFoundError, E.DuplicateError, E.RateLimitedError, E.PartialFailureError):
        assert issubclass(cls, E.ApiError)
    assert issubclass(E.ExotelError, Exception)


def test_every_public_name_has_a_docstring() -> None:
    missing = []
    for name in exotel_sip.__all__:
        if name.startswith("__") or name == "TRUNK_EXTERNAL_ALIAS":
            continue
        obj = getattr(exotel_sip, name)
        if not (getattr(obj, "__doc__", None) or "").strip():
            missing.append(name)
        if isinstance(obj, type) and obj.__module__.startswith("exotel_sip._") and "_native" not in obj.__module__:
            for attr, value in vars(obj).items():
                if not attr.startswith("_") and callable(value) and not (value.__doc__ or "").strip():
                    missing.append(f"{name}.{attr}")
    assert not missing, missing
    import exotel_sip.testing as testing

    for name in list(testing.__all__) + ["exotel_sandbox", "exotel_inprocess_sandbox"]:
        assert (getattr(testing, name).__doc__ or "").strip(), name


def test_default_policies_are_the_cores() -> None:
    from exotel_sip._native import exotel_sip_ffi

    assert exotel_sip.RetryPolicy()._to_core() == exotel_sip_ffi.default_retry_policy()
    assert exotel_sip.RateLimit()._to_core() == exotel_sip_ffi.default_rate_limit()


def test_an_explicit_region_beats_the_environments_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTEL_BASE_URL", "http://127.0.0.1:4010")
    assert exotel_sip.Client("k", "t", "a", region="mumbai").base_url == "https://api.in.exotel.com"


def test_version_matches_the_core() -> None:
    from exotel_sip._native import exotel_sip_ffi

    assert exotel_sip.__version__ == exotel_sip_ffi.sdk_version()


def test_async_client_says_how_to_get_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(ImportError, match=r"exotel-sip\[async\]"):
        exotel_sip.AsyncClient("k", "t", "a")


def test_no_redirects_followed(exotel_sandbox: object) -> None:
    import http.server
    import threading

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        for transport in (exotel_sip.UrllibTransport(), exotel_sip.HttpxTransport()):
            client = exotel_sip.Client("k", "t", "ameyo5m", base_url=url, transport=transport)
            with pytest.raises(exotel_sip.ApiError) as info:
                client.create_trunk("x")
            assert info.value.status == 302
    finally:
        srv.shutdown()
        srv.server_close()
