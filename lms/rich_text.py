"""The rich text every public page allows: headings, lists, links, emphasis.

No embeds, no raw HTML: Wagtail's rich text format whitelists the rest away.
"""

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
