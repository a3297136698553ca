"""The bucket, through boto3: list, look at, put and delete objects, and say
what went wrong in one line.

The only module that imports boto3 (an optional extra: `briefgen[deploy]`).
Credentials come from boto3's own chain (the environment, ~/.aws/, an
instance role), never from site.yaml. Every failure becomes a BriefgenError
that names the bucket and what to check, so the command line shows one line
and no traceback.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.errors import BriefgenError
from .objects import Remote, Wanted

SHA256 = "sha256"  # the metadata key of the bytes' sha256 (x-amz-meta-sha256)


@dataclass(frozen=True)
class Place:
    """Where a deploy goes: the bucket, the folder in it, and the service."""

    bucket: str
    prefix: str = ""
    region: str = ""
    endpoint_url: str = ""

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


class Bucket:
    """One bucket's objects under one prefix, through one boto3 client."""

    def __init__(self, place: Place) -> None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise BriefgenError("deploy needs boto3: pip install 'briefgen[deploy]'") from None
        self.place = place
        config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10,
                        read_timeout=60, max_pool_connections=16)
        with failures(place):
            self.client: Any = boto3.session.Session().client(
                "s3", region_name=place.region or None, endpoint_url=place.endpoint_url or None,
                config=config)

    def listing(self) -> dict[str, Remote]:
        """Every object under the prefix by key, with its ETag; folder placeholders
        (keys ending in '/', which some consoles make) are not the site's."""
        objects = {}
        with failures(self.place):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.place.bucket, Prefix=self.place.prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    key = item["Key"]
                    if not key.endswith("/"):
                        objects[key] = Remote(key, item.get("ETag", "").strip('"'))
        return objects

    def look_up(self, remote: Remote) -> Remote:
        """REMOTE with its stored sha256 and redirect, from a HEAD request."""
        with failures(self.place):
            head = self.client.head_object(Bucket=self.place.bucket, Key=remote.key)
        return Remote(remote.key, head.get("ETag", "").strip('"'), True,
                      head.get("Metadata", {}).get(SHA256, ""),
                      head.get("WebsiteRedirectLocation", ""))

    def put(self, wanted: Wanted, body: bytes) -> None:
        """Put one object in one request, with its headers, its sha256 and, where
        it has one, its redirect; the service checks the bytes against Content-MD5."""
        extra: dict[str, str] = {}
        if wanted.redirect:
            extra["WebsiteRedirectLocation"] = wanted.redirect
        with failures(self.place):
            self.client.put_object(
                Bucket=self.place.bucket, Key=wanted.key, Body=body,
                ContentType=wanted.content_type, CacheControl=wanted.cache_control,
                ContentMD5=base64.b64encode(bytes.fromhex(wanted.md5)).decode("ascii"),
                Metadata={SHA256: wanted.sha256}, **extra)

    def delete(self, keys: list[str]) -> None:
        """Delete KEYS, a thousand to a request (the service's limit)."""
        for start in range(0, len(keys), 1000):
            batch = [{"Key": k} for k in keys[start:start + 1000]]
            with failures(self.place):
                answer = self.client.delete_objects(Bucket=self.place.bucket,
                                                    Delete={"Objects": batch, "Quiet": True})
            errors = answer.get("Errors", [])
            if errors:
                first = errors[0]
                why = first.get("Message") or first.get("Code")
                raise BriefgenError(f"could not delete {len(errors)} object(s) from {self.place}, "
                                    f"such as {first.get('Key')!r}: {why}")


@contextlib.contextmanager
def failures(place: Place) -> Iterator[None]:
    """Turn boto3's errors into one line that says what to check."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound

    try:
        yield
    except ProfileNotFound as exc:  # a setting of this machine, not the network
        raise BriefgenError(f"AWS profile {exc.kwargs.get('profile', '')!r} is not in this "
                            "machine's AWS configuration (~/.aws/config, ~/.aws/credentials): "
                            "check AWS_PROFILE, or run aws configure --profile NAME") from None
    except NoCredentialsError:
        raise BriefgenError(
            "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or "
            "AWS_PROFILE) in the environment, or run aws configure; site.yaml never holds them"
        ) from None
    except ClientError as exc:
        raise BriefgenError(client_error(place, exc.response)) from None
    except BotoCoreError as exc:
        where = place.endpoint_url or "Amazon S3"
        raise BriefgenError(f"cannot reach {where} for {place}: {exc}") from None


def client_error(place: Place, response: dict[str, Any]) -> str:
    """The line for an error the service answered with."""
    error = response.get("Error", {})
    code = str(error.get("Code", ""))
    message = str(error.get("Message", "")) or code
    if code == "NoSuchBucket":
        return (f"bucket {place.bucket!r} does not exist"
                f"{' at ' + place.endpoint_url if place.endpoint_url else ''}: "
                "check deploy.bucket (and deploy.endpoint_url, deploy.region) in site.yaml")
    if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403",
                "ExpiredToken", "InvalidToken"):
        return (f"access to {place} refused ({code}: {message}); check the AWS credentials "
                "and that they may list, put and delete objects in the bucket")
    return f"{place}: {code}: {message}"
