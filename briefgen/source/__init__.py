"""Reading the site's sources: site.yaml, front matter, Markdown, the content
folders. Text in, records out; nothing here knows about pages."""
