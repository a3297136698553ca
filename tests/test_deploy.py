"""`briefgen deploy` against a real S3 API: moto's server, started by these tests
on 127.0.0.1 with fake credentials, never the internet.

What a user would notice: a first deploy puts every page with the right
headers and redirects; a second puts nothing; an edit puts only what changed
and deletes what the build dropped; a deploy stopped part way finishes on the
next run without sending again what arrived; too many deletes, a folder
briefgen did not build, a missing bucket or credentials are refused in one
line.
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import article, build, run_cli, write_site

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

pytestmark = pytest.mark.slow  # a server, and builds

REGION = "us-east-1"
NOT_UPLOADED = {".briefgen-output", "_redirects", "_headers"}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A local S3 API for this module's tests. Its request log is silenced: run
    first, before anything set up logging, it went to the stderr a test reads."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def fake_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials the local server takes; nothing read from this machine's ~/.aws."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)


def client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION)


def new_bucket(endpoint: str) -> str:
    name = f"briefing-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    s3 = client(endpoint)
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])]
    return {k: s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


def site(tmp_path: Path, endpoint: str, bucket: str, prefix: str = "", items: int = 4) -> Path:
    deploy = f"deploy:\n  bucket: {bucket}\n  region: {REGION}\n  endpoint_url: {endpoint}\n"
    if prefix:
        deploy += f"  prefix: {prefix}\n"
    files = {"site.yaml": "title: Deployed\nbase_url: https://briefing.example.org/\nsearch: false\n"
                          + deploy,
             "content/articles/moved.md": article("Moved item", aliases="[/2019/01/old-slug/]")}
    files.update({f"content/articles/item-{n}.md": article(f"Item {n}", people="[Ann Lee]")
                  for n in range(items)})
    root = write_site(tmp_path / "site", files)
    build(root, "-q")
    return root


def output(root: Path) -> dict[str, bytes]:
    out = root / "public"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name not in NOT_UPLOADED}


def uploaded(err: str) -> set[str]:
    """The keys -v says were uploaded."""
    return {line.split()[1] for line in err.splitlines() if line.startswith("  uploaded ")}


def deploy(root: Path, *args: str) -> Any:
    result = run_cli("deploy", root, *args)
    assert "Traceback" not in result.err
    return result


def test_a_deploy_mirrors_the_output_with_headers_and_redirects(tmp_path: Path, endpoint: str) -> None:
    bucket = new_bucket(endpoint)
    root = site(tmp_path, endpoint, bucket)
    first = deploy(root, "-v")
    assert first.code == 0, first.err
    assert objects(endpoint, bucket) == output(root)
    assert uploaded(first.err) == set(output(root))
    s3 = client(endpoint)
    page = s3.head_object(Bucket=bucket, Key="index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=60"
    assert s3.head_object(Bucket=bucket, Key="feed.xml")["ContentType"].startswith("application/atom+xml")
    css = s3.head_object(Bucket=bucket, Key="static/briefgen.css")
    assert css["ContentType"] == "text/css; charset=utf-8"
    moved = s3.head_object(Bucket=bucket, Key="2019/01/old-slug/index.html")
    assert moved["WebsiteRedirectLocation"] == "/articles/moved-item/"
    again = deploy(root, "-v")
    assert again.code == 0 and uploaded(again.err) == set()
    assert f"0 uploaded, {len(output(root))} unchanged, 0 deleted, 1 redirect" in again.err


def test_an_edit_uploads_what_changed_and_deletes_what_is_gone(tmp_path: Path, endpoint: str) -> None:
    bucket = new_bucket(endpoint)
    root = site(tmp_path, endpoint, bucket)
    assert deploy(root).code == 0
    before = output(root)
    (root / "content/articles/item-3.md").unlink()
    (root / "content/articles/item-0.md").write_text(article("Item 0", body="New words.",
                                                             people="[Ann Lee]"), encoding="utf-8")
    build(root, "-q")
    after = output(root)
    changed = {rel for rel, data in after.items() if before.get(rel) != data}
    result = deploy(root, "-v")
    assert result.code == 0, result.err
    assert uploaded(result.err) == changed
    assert "articles/item-0/index.html" in changed
    assert objects(endpoint, bucket) == after
    assert f"{len(before.keys() - after.keys())} deleted" in result.err


def test_a_stopped_deploy_finishes_without_sending_again_what_arrived(
        tmp_path: Path, endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import EndpointConnectionError

    from briefgen.deploy.bucket import Bucket, failures

    bucket = new_bucket(endpoint)
    root = site(tmp_path, endpoint, bucket, items=8)
    client(endpoint).put_object(Bucket=bucket, Key="stale/index.html", Body=b"old")
    put, lock, arrived = Bucket.put, threading.Lock(), []

    def fails_after_five(self: Bucket, wanted: Any, body: bytes) -> None:
        with lock:
            fail = len(arrived) >= 5
            if not fail:
                arrived.append(wanted.key)
        if fail:
            with failures(self.place):
                raise EndpointConnectionError(endpoint_url=endpoint)
        put(self, wanted, body)

    monkeypatch.setattr(Bucket, "put", fails_after_five)
    stopped = deploy(root)
    assert stopped.code == 1
    assert stopped.err.strip().splitlines() == [
        f'briefgen: cannot reach {endpoint} for s3://{bucket}/: Could not connect to the endpoint '
        f'URL: "{endpoint}"']
    there = objects(endpoint, bucket)
    assert set(arrived) <= set(there) and "stale/index.html" in there  # deletes come last
    monkeypatch.setattr(Bucket, "put", put)
    rerun = deploy(root, "-v")
    assert rerun.code == 0, rerun.err
    assert uploaded(rerun.err) == set(output(root)) - set(arrived)
    assert objects(endpoint, bucket) == output(root)


def test_a_dry_run_lists_the_plan_and_changes_nothing(tmp_path: Path, endpoint: str) -> None:
    bucket = new_bucket(endpoint)
    root = site(tmp_path, endpoint, bucket)
    client(endpoint).put_object(Bucket=bucket, Key="stale/index.html", Body=b"old")
    result = deploy(root, "--dry-run")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "upload   index.html (new)" in lines
    assert "upload   2019/01/old-slug/index.html (new, redirect)" in lines
    assert "redirect 2019/01/old-slug/index.html -> /articles/moved-item/" in lines
    assert "delete   stale/index.html" in lines
    assert lines[-1] == (f"dry run: {len(output(root))} to upload, 0 unchanged, 1 to delete, "
                         "1 redirect; nothing was uploaded or deleted")
    assert set(objects(endpoint, bucket)) == {"stale/index.html"}


def test_more_deletes_than_allowed_are_refused_unless_forced(tmp_path: Path, endpoint: str) -> None:
    bucket = new_bucket(endpoint)
    root = site(tmp_path, endpoint, bucket, prefix="briefing")
    s3 = client(endpoint)
    for key in ("briefing/a.html", "briefing/b.html", "briefing/c/index.html", "elsewhere/keep.txt"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    refused = deploy(root, "--max-deletes", "2")
    assert refused.code == 1
    assert refused.err.splitlines() == [
        f"briefgen: refusing to deploy: it would delete 3 objects from s3://{bucket}/briefing/ that "
        "the output does not have, more than --max-deletes 2; check deploy.bucket and deploy.prefix "
        "in site.yaml (briefgen deploy --dry-run lists them), then run again with --force or a "
        "larger --max-deletes"]
    assert len(objects(endpoint, bucket)) == 4  # nothing uploaded either
    assert deploy(root, "--max-deletes", "2", "--force").code == 0
    there = objects(endpoint, bucket)
    assert there["elsewhere/keep.txt"] == b"x"  # outside the prefix: never touched
    assert {k.removeprefix("briefing/"): v for k, v in there.items()
            if k.startswith("briefing/")} == output(root)


def test_only_a_folder_briefgen_built_is_deployed(tmp_path: Path, endpoint: str) -> None:
    bucket = new_bucket(endpoint)
    root = site(tmp_path, endpoint, bucket)
    other = tmp_path / "handmade"
    other.mkdir()
    (other / "index.html").write_text("hi", encoding="utf-8")
    result = deploy(root, "-o", other)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"briefgen: {other} was not made by briefgen build (it has no .briefgen-output file); "
        "refusing to deploy it: deploy uploads only a folder briefgen built"]
    missing = deploy(root, "-o", tmp_path / "nothing")
    assert missing.code == 1 and "no output folder" in missing.err and "briefgen build" in missing.err
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".briefgen-output").write_text("", encoding="utf-8")
    assert "holds no pages" in deploy(root, "-o", empty).err
    assert objects(endpoint, bucket) == {}


def test_a_missing_bucket_or_credentials_is_one_line(tmp_path: Path, endpoint: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = site(tmp_path, endpoint, "no-such-bucket-here")
    result = deploy(root)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"briefgen: bucket 'no-such-bucket-here' does not exist at {endpoint}: check deploy.bucket "
        "(and deploy.endpoint_url, deploy.region) in site.yaml"]
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = deploy(root)
    assert result.code == 1
    assert result.err.splitlines() == [
        "briefgen: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or "
        "AWS_PROFILE) in the environment, or run aws configure; site.yaml never holds them"]
    monkeypatch.setenv("AWS_PROFILE", "newsroom")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    result = deploy(root)
    assert result.code == 1
    assert result.err.splitlines() == [
        "briefgen: AWS profile 'newsroom' is not in this machine's AWS configuration "
        "(~/.aws/config, ~/.aws/credentials): check AWS_PROFILE, or run aws configure --profile NAME"]


def test_an_endpoint_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    root = site(tmp_path, closed, "briefing-nowhere")
    result = deploy(root)
    assert result.code == 1
    [line] = result.err.splitlines()
    assert line.startswith(f"briefgen: cannot reach {closed} for s3://briefing-nowhere/: ")


def test_a_site_without_a_bucket_says_what_to_add(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"site.yaml": "title: T\n"})
    result = run_cli("deploy", root)
    assert result.code == 1
    assert result.err.splitlines() == [
        "site.yaml: deploy.bucket is not set: add a deploy section naming the bucket, such as "
        "'deploy: {bucket: briefing-example-org}' (see docs/hosting.md)"]
