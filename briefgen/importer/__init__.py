"""Bring posts from other site generators (Hugo, Jekyll, Zola) and entries of
RSS or Atom feeds into a briefgen site.

Each source format has its own module that finds posts and static files and
knows the format's URL rules; what they share (reading front matter, turning
a post into an item, rewriting bodies, writing the site, the report of what
could not be mapped) lives beside them. Nothing here writes into the source.
"""
