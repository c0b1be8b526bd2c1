-- Each feed's ETag and Last-Modified, as the last run that read it kept them.
select feed_url, etag, last_modified from main.source_state
