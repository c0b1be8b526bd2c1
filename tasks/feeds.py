"""RSS and Atom feeds -> their entries (link, title, date), read with feedparser."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin


class FeedError(Exception):
    """The bytes are not a feed newsflow can read; the message is the rejection reason."""


@dataclass(frozen=True)
class FeedEntry:
    link: str | None  # absolute, as the feed gives it (not yet canonical)
    title: str | None
    published_at: str | None  # as the feed states it; tasks.clean parses it


def parse_feed(content: bytes, feed_url: str) -> list[FeedEntry]:
    """Every entry of an RSS or Atom feed, in feed order. Raises FeedError for bytes that are
    not a feed (an HTML page, a broken XML document with no entries)."""
    import feedparser  # imported on first use: only runs with feeds pay for it

    parsed = feedparser.parse(content, response_headers={"content-location": feed_url})
    has_links = any(entry.get("link") or entry.get("links") for entry in parsed.entries)
    if parsed.get("bozo") and not has_links:
        # A feed that breaks the XML rules but still yields linked entries is read (many do);
        # one whose breakage leaves no link to follow is rejected as malformed.
        problem = " ".join(str(parsed.get("bozo_exception")).split())
        raise FeedError(f"malformed feed: not readable as RSS or Atom ({problem})")
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise FeedError(f"malformed feed: not readable as RSS or Atom ({problem})")
        if not parsed.get("version"):
            raise FeedError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> element found)")
        return []
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or next((item.get("href") for item in entry.get("links", [])
                                          if item.get("href")), None)
        entries.append(FeedEntry(
            link=urljoin(feed_url, link) if link else None,
            title=(entry.get("title") or "").strip() or None,
            published_at=entry.get("published") or entry.get("updated") or entry.get("created"),
        ))
    return entries


def looks_like_feed(content_type: str, content: bytes) -> bool:
    """An RSS/Atom/XML content type, or <rss>, <feed> or <rdf:RDF> near the start of the bytes
    (feeds are often served as text/html or text/plain). Pass "" as the content type of an
    HTML answer: XHTML pages are XML too."""
    if any(kind in content_type for kind in ("rss", "atom", "xml")):
        return True
    head = content[:2048].lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))
