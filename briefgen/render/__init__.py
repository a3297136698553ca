"""From the model to pages: routes (every path and URL), views, the page plan, Jinja, JSON-LD, charts."""
