"""robots.txt for the links ingest finds by itself (feed entries), read with urllib.robotparser.

A feed is a crawl: its links are chosen by the feed, not by the user, so each one is checked
against its site's robots.txt (fetched once per site, through the same Fetcher and its address
checks). URLs the user names on the command line or in a manifest are fetched as asked, as a
browser would. As RFC 9309 says: a robots.txt that does not exist (any 4xx answer) allows
everything; one that cannot be fetched (5xx, network error) disallows everything for that run.
A Crawl-delay raises the per-host delay (up to MAX_CRAWL_DELAY seconds).
"""

from __future__ import annotations

import threading
import urllib.robotparser
from urllib.parse import urlsplit

from claimtally.ingest.fetch import ANY_TYPE, Fetcher, FetchError

#: The product token robots.txt groups are matched against.
ROBOTS_AGENT = "claimtally"
#: Longest Crawl-delay honoured, in seconds (a larger one is taken as this).
MAX_CRAWL_DELAY = 30.0
#: robots.txt beyond this size is cut (RFC 9309 asks crawlers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024


class Robots:
    """Answers "may ingest fetch this URL?" per site, caching each site's rules for the run."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._rules: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._lock = threading.Lock()

    def _load(self, origin: str, host: str) -> urllib.robotparser.RobotFileParser | str:
        """The site's parsed rules, or the reason everything is disallowed."""
        try:
            got = self.fetcher.fetch(f"{origin}/robots.txt", accept=ANY_TYPE)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                rules = urllib.robotparser.RobotFileParser()
                rules.parse([])  # no rules: everything allowed
                return rules
            return f"robots.txt of {origin} could not be read ({exc})"
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(got.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.fetcher.pacer.set_delay(host, min(float(delay), MAX_CRAWL_DELAY))
        return rules

    def refusal(self, url: str) -> str | None:
        """None when robots.txt allows `url`, else the reason it may not be fetched."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None  # the fetcher refuses these itself, with its own message
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._rules.get(origin)
            if rules is None:
                rules = self._rules[origin] = self._load(origin, parts.hostname)
        if isinstance(rules, str):
            return rules
        return None if rules.can_fetch(ROBOTS_AGENT, url) else "disallowed by the site's robots.txt"
