"""A deploy from start to end: read the output, list the bucket, plan, then
upload and delete in the order that keeps the site whole at every moment.

Uploads go first, in the plan's order (assets, then the search bundle's
entry files, then pages, then feeds and redirects), each rank finished before
the next starts, so a page online never names a file that has not arrived.
Deletes go last, so a deploy stopped part way leaves the old files beside
the new ones rather than pages missing. A deploy run again after a stop
finds what arrived current (its hash matches) and uploads only the rest.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BriefgenError
from ..core.paths import CONFIG_FILE, RESERVED
from ..source.config import load_config
from .bucket import Bucket, Place
from .headers import rank
from .local import check_built, output_files, redirects_text
from .objects import Plan, Upload
from .plan import parse_redirects, plan, to_look_up, wanted

log = logging.getLogger(__name__)
THREADS = 8  # requests in flight: uploads and lookups wait on the network, not on this machine


@dataclass(frozen=True)
class Deploy:
    """What a deploy was asked to do and may do."""

    out: Path
    shown: str  # the output folder as messages name it
    place: Place
    base_path: str
    max_deletes: int = 256
    force: bool = False


def site_place(root: Path) -> tuple[Place, str, str]:
    """Where ROOT's site.yaml deploys to, its base path and its output folder.

    The base path maps `_redirects`' old URLs to objects. A site without
    deploy.bucket cannot be deployed: the error says what to add.
    """
    config = load_config(root, reserved=RESERVED)
    if not config.deploy_bucket:
        raise BriefgenError(
            "deploy.bucket is not set: add a deploy section naming the bucket, such as "
            "'deploy: {bucket: briefing-example-org}' (see docs/hosting.md)", CONFIG_FILE)
    place = Place(config.deploy_bucket, config.deploy_prefix, config.deploy_region,
                  config.deploy_endpoint_url)
    return place, config.base_path, config.output_dir


def make_plan(deploy: Deploy, bucket: Bucket) -> Plan:
    """Compare the output with the bucket; look at the objects the listing cannot settle."""
    check_built(deploy.out, deploy.shown)
    rules = parse_redirects(redirects_text(deploy.out))
    outside = [source for source, _ in rules if not source.startswith(deploy.base_path)]
    if outside:
        log.warning("warning: %d _redirects rule(s), such as %s, lie outside base_url's path %s "
                    "(was the site built with another --base-url?); they are not made redirects",
                    len(outside), outside[0], deploy.base_path)
    want = wanted(output_files(deploy.out), rules, deploy.base_path, deploy.place.prefix)
    remote = bucket.listing()
    keys = to_look_up(want, remote)
    if keys:
        with ThreadPoolExecutor(THREADS) as pool:
            for found in pool.map(bucket.look_up, [remote[k] for k in keys]):
                remote[found.key] = found
    return plan(want, remote)


def check_deletes(deploy: Deploy, the_plan: Plan) -> None:
    """Refuse a plan that deletes more than --max-deletes objects, unless --force:
    a wrong bucket or prefix would otherwise empty someone else's files."""
    count = len(the_plan.deletes)
    if count > deploy.max_deletes and not deploy.force:
        raise BriefgenError(
            f"refusing to deploy: it would delete {count} objects from {deploy.place} that the "
            f"output does not have, more than --max-deletes {deploy.max_deletes}; check "
            "deploy.bucket and deploy.prefix in site.yaml (briefgen deploy --dry-run lists them), "
            "then run again with --force or a larger --max-deletes")


def carry_out(deploy: Deploy, bucket: Bucket, the_plan: Plan,
              done: Callable[[Upload], None] = lambda upload: None) -> None:
    """Upload, rank by rank, then delete; DONE is called after each upload arrives."""
    check_deletes(deploy, the_plan)
    pool = ThreadPoolExecutor(THREADS)
    try:
        for _, group in itertools.groupby(the_plan.uploads, key=lambda u: rank(u.wanted.rel)):
            futures = [pool.submit(_upload, deploy.out, bucket, upload, done) for upload in group]
            _, pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in pending:
                future.cancel()  # the first failure stops the deploy, before anything is deleted
            for future in futures:
                if not future.cancelled():
                    future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C too: nothing queued is sent
    if the_plan.deletes:
        bucket.delete(list(the_plan.deletes))


def _upload(out: Path, bucket: Bucket, upload: Upload, done: Callable[[Upload], None]) -> None:
    """Read one file and put it; a file changed or gone since it was hashed is an error."""
    w = upload.wanted
    body = b"" if w.empty else _read(out, w.rel)
    if len(body) != w.size:
        raise BriefgenError(f"{w.rel} changed while deploying (was a build running?); deploy again")
    bucket.put(w, body)
    done(upload)


def _read(out: Path, rel: str) -> bytes:
    try:
        return (out / rel).read_bytes()
    except OSError as exc:
        raise BriefgenError(f"cannot read {rel} in the output: {exc.strerror or exc}; "
                            "was a build running? deploy again") from None
