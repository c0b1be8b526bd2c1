"""A polite HTTP client for news sources (the I/O edge on the web side).

Polite means: a clear User-Agent, robots.txt honoured (read once per host per client), at most
`per_host_concurrency` requests in flight to one host and `per_host_delay_seconds` between
their starts, retries with exponential backoff on 429 and 5xx answers (Retry-After honoured, up
to a cap), a timeout on every request, and a conditional GET (ETag / Last-Modified) so an
unchanged feed costs one request.

Nothing here raises for a bad URL: every failure comes back as `Fetched.failure`, a reason a
person understands ("connection refused by 127.0.0.1:9", "no answer within 2 s (timeout)").
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

USER_AGENT = "newsflow/0.1 (news event research pipeline; honours robots.txt)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_SECONDS = 60.0
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
_DNS_FAILURE_HINTS = ("name or service not known", "nodename nor servname", "temporary failure in name "
                      "resolution", "no address associated", "name resolution", "getaddrinfo")


@dataclass(frozen=True)
class FetchPolicy:
    """How hard newsflow may knock on a host. Per-source settings in sources.yaml override these."""

    timeout_seconds: float = 15.0
    retries: int = 3  # further attempts after a 429 or 5xx answer
    backoff_seconds: float = 1.0  # before the first retry; doubled for each further one
    per_host_concurrency: int = 2
    per_host_delay_seconds: float = 0.5
    max_bytes: int = 5_000_000
    max_redirects: int = 10
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    """One URL's answer: content on success, else `failure` (a reason for rejected_inputs)."""

    url: str
    final_url: str
    status: int | None = None
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    failure: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith(HTML_CONTENT_TYPES)


@dataclass
class _HostGate:
    """At most `concurrency` requests in flight to one host, their starts `delay` apart."""

    concurrency: int
    delay: float
    slots: threading.Semaphore = field(init=False)
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0

    def __post_init__(self) -> None:
        self.slots = threading.Semaphore(max(1, self.concurrency))

    def __enter__(self) -> None:
        self.slots.acquire()
        with self.lock:
            wait = self.next_start - time.monotonic()
            self.next_start = max(self.next_start, time.monotonic()) + self.delay
        if wait > 0:
            time.sleep(wait)

    def __exit__(self, *_exc: object) -> None:
        self.slots.release()


class PoliteFetcher:
    """Thread-safe: the page fetches of one source share it, and so its host limits."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            timeout=self.policy.timeout_seconds, follow_redirects=True,
            max_redirects=self.policy.max_redirects,
            headers={"User-Agent": self.policy.user_agent},
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, RobotFileParser | str] = {}
        self._lock = threading.Lock()
        self.requests = 0  # requests sent, robots.txt and retries included

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, _type: type[BaseException] | None, _value: BaseException | None,
                 _traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` if robots.txt allows it; conditional when an ETag or Last-Modified is given."""
        refusal = self.robots_refusal(url)
        if refusal is not None:
            return Fetched(url, url, failure=refusal)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def robots_refusal(self, url: str) -> str | None:
        """Why robots.txt forbids `url` to our User-Agent, or None when it may be fetched."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._robots.get(origin)
        if rules is None:
            rules = self._read_robots(origin)
            with self._lock:
                self._robots[origin] = rules
        if isinstance(rules, str):
            return rules
        if rules.can_fetch(self.policy.user_agent, url):
            return None
        return f"robots.txt of {parts.netloc} disallows this URL for newsflow; not fetched"

    def _read_robots(self, origin: str) -> RobotFileParser | str:
        answer = self._get(f"{origin}/robots.txt", {})
        rules = RobotFileParser()
        if answer.failure is None:
            rules.parse(answer.content.decode("utf-8", errors="replace").splitlines())
        elif answer.status is not None and 400 <= answer.status < 500:
            rules.parse([])  # no robots.txt: everything is allowed (RFC 9309, 2.3.1.3)
        elif answer.status is not None:
            # RFC 9309: an unreachable robots.txt (5xx) means the whole site is disallowed.
            return f"robots.txt of {urlsplit(origin).netloc} answered {answer.status}; not fetched"
        else:
            return answer.failure or "robots.txt could not be read"
        return rules

    def _gate(self, url: str) -> _HostGate:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.policy.per_host_concurrency,
                                                     self.policy.per_host_delay_seconds)
            return gate

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        policy = self.policy
        for attempt in range(policy.retries + 1):
            with self._gate(url):
                with self._lock:
                    self.requests += 1
                fetched, retry_after = self._attempt(url, headers)
            if fetched.status not in RETRY_STATUSES or attempt == policy.retries:
                if fetched.status in RETRY_STATUSES:
                    return _with_failure(fetched, f"HTTP {fetched.status} after {attempt + 1} attempts")
                return fetched
            backoff = policy.backoff_seconds * 2 ** attempt
            time.sleep(min(MAX_RETRY_AFTER_SECONDS, retry_after if retry_after is not None else backoff))
        raise AssertionError("unreachable")

    def _attempt(self, url: str, headers: dict[str, str]) -> tuple[Fetched, float | None]:
        limit = self.policy.max_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                final_url = str(response.url)
                common = {"url": url, "final_url": final_url, "status": response.status_code,
                          "content_type": response.headers.get("content-type", "").lower(),
                          "etag": response.headers.get("etag"),
                          "last_modified": response.headers.get("last-modified")}
                if response.status_code == 304 or response.status_code in RETRY_STATUSES:
                    return Fetched(**common), _retry_after(response.headers.get("retry-after"))
                if response.status_code >= 400:
                    return Fetched(**common, failure=f"HTTP {response.status_code} "
                                                     f"{response.reason_phrase}".strip()), None
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    return Fetched(**common, failure=_too_big(limit, int(declared))), None
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        return Fetched(**common, failure=_too_big(limit, None)), None
                return Fetched(**common, content=bytes(body)), None
        except httpx.TooManyRedirects:
            reason = f"redirect loop (more than {self.policy.max_redirects} redirects)"
        except httpx.TimeoutException:
            reason = f"no answer within {self.policy.timeout_seconds:g} s (timeout)"
        except httpx.ConnectError as error:
            reason = _connect_failure(url, error)
        except httpx.HTTPError as error:
            reason = f"request failed ({type(error).__name__}: {error})"
        except ValueError as error:  # httpx rejects a malformed URL with InvalidURL/ValueError
            reason = f"not a valid URL ({error})"
        return Fetched(url, url, failure=reason), None


def _with_failure(fetched: Fetched, failure: str) -> Fetched:
    return Fetched(fetched.url, fetched.final_url, fetched.status, b"", fetched.content_type,
                   fetched.etag, fetched.last_modified, failure)


def _too_big(limit: int, size: int | None) -> str:
    has = f" (it has {size:,} bytes)" if size is not None else ""
    return f"page is larger than the size limit of {limit:,} bytes (NEWSFLOW_MAX_INPUT_BYTES){has}; not read"


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare for 429/503; treated as absent)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _connect_failure(url: str, error: httpx.ConnectError) -> str:
    parts = urlsplit(url)
    message = str(error).lower()
    if any(hint in message for hint in _DNS_FAILURE_HINTS):
        return f"could not resolve host {parts.hostname} (DNS failure)"
    if "refused" in message:
        return f"connection refused by {parts.netloc}"
    return f"could not connect to {parts.netloc} ({error})"
