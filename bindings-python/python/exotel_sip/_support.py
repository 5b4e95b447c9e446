"""Conversions and iterators shared by the hand-written and the generated client code."""

from dataclasses import dataclass
from typing import Any, AsyncIterator, Awaitable, Callable, Generic, Iterator, List, Mapping, Optional, Sequence, TypeVar, Union

from ._native import exotel_sip_core as _core
from ._native import exotel_sip_ffi as _ffi

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How failed attempts are retried (exponential backoff, full jitter). Times in seconds.

    GET, PUT and DELETE retry on 429, 5xx, undecodable answers and transport
    errors; POST only on 429 and connect errors. ``RetryPolicy.none()`` disables retries.
    """

    max_attempts: int = 4
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_elapsed: float = 60.0

    @classmethod
    def none(cls) -> "RetryPolicy":
        """One attempt, no retries."""
        return cls(max_attempts=1)

    def _to_core(self) -> Any:
        return _core.RetryPolicy(
            max_attempts=self.max_attempts,
            base_delay_ms=_ms(self.base_delay),
            max_delay_ms=_ms(self.max_delay),
            max_elapsed_ms=_ms(self.max_elapsed),
        )


def _ms(seconds: float) -> int:
    if seconds < 0:
        raise ValueError("durations must not be negative")
    return min(int(round(seconds * 1000)), 2**32 - 1)


def _options(timeout: Optional[float], retry: Optional[RetryPolicy]) -> Any:
    if timeout is None and retry is None:
        return None
    return _core.CallOptions(
        timeout_ms=None if timeout is None else _ms(timeout),
        retry=None if retry is None else retry._to_core(),
    )


def _mode(mode: Optional[str]) -> Any:
    if mode is None:
        return None
    if isinstance(mode, str):
        # Exact wire values only: the core rejects anything else (rule `one_of`).
        if mode == "pstn":
            return _core.Mode.PSTN()
        if mode == "flow":
            return _core.Mode.FLOW()
        return _core.Mode.OTHER(value=mode)
    return mode


def mode_name(mode: Any) -> Optional[str]:
    """The wire name of a result's ``mode``: ``"pstn"``, ``"flow"``, ``None`` (unset) or the kept value."""
    if mode is None or mode.is_UNSET():
        return None
    if mode.is_PSTN():
        return "pstn"
    if mode.is_FLOW():
        return "flow"
    return str(mode.value)


class PageIterator(Generic[T]):
    """Every item of a list, fetched lazily page by page; ``.pages()`` yields whole pages.

    The core decides whether the walk goes on (and ends it after 1,000 pages); this
    only loops while it hands back a cursor."""

    def __init__(self, first: Callable[[], Any], after: Callable[[Any], Any]) -> None:
        self._first = first
        self._after = after

    def pages(self) -> Iterator[Any]:
        """Each page (``items`` and ``metadata``), fetched when needed."""
        page = self._first()
        read = 1
        while True:
            yield page
            cursor = _ffi.next_page_cursor(page.metadata, len(page.items), read)
            if cursor is None:
                return
            page = self._after(cursor)
            read += 1

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPageIterator(Generic[T]):
    """Every item of a list for ``async for``, fetched lazily; ``.pages()`` yields pages."""

    def __init__(self, first: Callable[[], Awaitable[Any]], after: Callable[[Any], Awaitable[Any]]) -> None:
        self._first = first
        self._after = after

    async def pages(self) -> AsyncIterator[Any]:
        """Each page (``items`` and ``metadata``), fetched when needed."""
        page = await self._first()
        read = 1
        while True:
            yield page
            cursor = _ffi.next_page_cursor(page.metadata, len(page.items), read)
            if cursor is None:
                return
            page = await self._after(cursor)
            read += 1

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def collect(self) -> List[T]:
        """Every item of every page, as a list."""
        return [item async for item in self]


def _settings_list(settings: Union[Mapping[str, str], Sequence[Any]]) -> List[Any]:
    if isinstance(settings, Mapping):
        return [_core.SettingInput(name=k, value=v) for k, v in settings.items()]
    out = []
    for s in settings:
        if isinstance(s, tuple):
            out.append(_core.SettingInput(name=s[0], value=s[1]))
        else:
            out.append(s)
    return out
