"""What every build starts from: the site's config as the options change it, the
output folder, and the stamp that says whether the last build can be trusted.

Shared by the in-memory build (builder.py) and the check that finds nothing
to do (noop.py), so that both read the site the same way; nothing here
imports the renderer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..core.paths import RESERVED
from ..source.config import SiteConfig, load_config
from .files import template_files
from .pagefind_bin import search_available, search_identity, search_stamp, why_unavailable
from .result import Options
from .stamp import build_stamp, content_stamp


def current_stamp(root: Path, options: Options) -> str:
    """See stamp.build_stamp: site.yaml, templates, code and the options."""
    return build_stamp(template_files(root), _stamped(options, search_stamp()))


def portable_stamp(root: Path, options: Options) -> str:
    """current_stamp by the files' bytes (see stamp.content_stamp): the same for a
    fresh checkout and install, for what a CI runner's restored cache keeps."""
    return content_stamp(root, template_files(root), _stamped(options, search_identity()))


def _stamped(options: Options, search: str) -> tuple[object, ...]:
    """The options that change every page, and which Pagefind (SEARCH), as both
    stamps take them."""
    return (options.drafts, options.base_url, options.local, search, options.future, options.expired)


def site_config(root: Path, options: Options) -> tuple[SiteConfig, str]:
    """site.yaml as this build reads it (base_url as the options set it, search off
    without Pagefind), and the note saying why search is off, if it is."""
    config = load_config(root, reserved=RESERVED)
    if options.base_url is not None:
        config = config.with_base_url(options.base_url)
    if options.local:
        config = config.with_base_url(config.absolute_base + "/")
    return _search_config(config)


def output_folder(root: Path, config: SiteConfig, options: Options) -> Path:
    """The output folder: -o when given, else site.yaml's output_dir under the site."""
    out = options.output if options.output is not None else root / config.output_dir
    return out.absolute()


def _search_config(config: SiteConfig) -> tuple[SiteConfig, str]:
    """The config with search as it will be (off without Pagefind), and why it is off."""
    note = "search is off (search: false in site.yaml)" if not config.search else ""
    if config.search and not search_available():
        config = replace(config, search=False)
        note = f"warning: search is off: {why_unavailable()}"
    return config, note
