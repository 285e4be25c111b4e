"""deploy/nginx.conf, tested: Debian's nginx serves a build on a loopback port with it.

The configuration is used as shipped, with its listen and root lines pointed at a free loopback port and
a fresh build; nginx runs as the current user with its pid, logs and temp files in a temp folder. The
headers are checked with urllib; tests/browser/test_csp.py opens the pages in Chromium under the
Content-Security-Policy: no violation, nothing requested outside the site, the search works (WebAssembly).
Skipped only where the nginx binary is missing on a developer's machine; CI installs it (.ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import ROOT

CONF = ROOT / "deploy" / "nginx.conf"


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("nginx is missing: .ci/run installs Debian's nginx (apt-get install nginx)")
    pytest.skip("nginx is not installed here (apt-get install nginx); CI installs it")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_block(root: Path, port: int) -> str:
    """deploy/nginx.conf with its listen and root lines pointed at ``port`` and ``root``."""
    text = CONF.read_text(encoding="utf-8")
    text, n1 = re.subn(r"(?m)^(\s*)listen\s+80;", rf"\1listen 127.0.0.1:{port};", text)
    text, n2 = re.subn(r"(?m)^(\s*)root\s+/srv/huiwu/neibu;", rf"\1root {root};", text)
    assert n1 == n2 == 1, "deploy/nginx.conf must keep one `listen 80;` and one `root /srv/huiwu/neibu;`"
    return text


def main_conf(tmp: Path, server: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would drop to nobody
    temps = "".join(f"    {k}_temp_path {tmp / k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log {tmp / 'access.log'};\n{temps}    include {server};\n}}\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample archive built with the project's mkdocs.yml (the site an office publishes)."""
    from .browser.conftest import build_samples

    site = build_samples(tmp_path_factory.mktemp("nginx-site"))
    (site / ".hidden").write_text("never served", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory) -> Iterator[str]:
    with serving(site, tmp_path_factory.mktemp("nginx")) as base:
        yield base


@contextmanager
def serving(site: Path, tmp: Path) -> Iterator[str]:
    """nginx with deploy/nginx.conf serving ``site`` on a free loopback port; yields its base URL."""
    binary = _nginx()
    port = _free_port()
    server = tmp / "site.conf"
    server.write_text(server_block(site, port), encoding="utf-8")
    conf = tmp / "nginx.conf"
    conf.write_text(main_conf(tmp, server), encoding="utf-8")
    check = subprocess.run([binary, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def csp_of(conf: str) -> str:
    return re.search(r'add_header Content-Security-Policy "([^"]+)" always;', conf).group(1)


# ---------------------------------------------------------------------------------------------------


def test_security_headers_on_every_kind_of_response(nginx: str, site: Path) -> None:
    csp = csp_of(CONF.read_text(encoding="utf-8"))
    meeting = sorted(site.glob("meetings/*/*/index.html"))[0].relative_to(site).parent.as_posix() + "/"
    for path, status in [("", 200), (meeting, 200), ("assets/stylesheets/archive.css", 200),
                         ("exports/archive.json", 200), ("no/such/page/", 404)]:
        code, headers, body = get(nginx + path)
        assert code == status, path
        assert headers["content-security-policy"] == csp, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["server"] == "nginx"  # no version number
    code, headers, body = get(nginx)
    assert headers["content-type"] == "text/html; charset=utf-8" and "本站内容：内部".encode() in body
    assert get(nginx + "no/such/page/")[2] == (site / "404.html").read_bytes()  # the site's own 404 page


def test_the_policy_allows_only_the_site_itself() -> None:
    policy = dict(p.strip().split(" ", 1) for p in csp_of(CONF.read_text(encoding="utf-8")).split(";"))
    assert policy["default-src"] == "'self'"
    for directive, value in policy.items():
        sources = value.split()
        assert "*" not in sources and not any(s.startswith(("http:", "https:", "//")) or s.endswith(":") and s != "data:" for s in sources), directive
        assert "'unsafe-inline'" not in sources or directive == "style-src", directive
        assert "'unsafe-eval'" not in sources, directive
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_no_directory_listing_no_hidden_files_no_writes(nginx: str, site: Path) -> None:
    assert not (site / "assets" / "index.html").exists()
    code, _, body = get(nginx + "assets/")
    assert code in (403, 404) and b"Index of" not in body
    code, _, body = get(nginx + ".hidden")
    assert code == 404 and b"never served" not in body
    assert get(nginx, method="POST")[0] == 405
    assert get(nginx, method="PUT")[0] == 405


def test_material_scripts_moved_out_of_the_page_still_match_material() -> None:
    """overrides/assets/javascripts/md-*.js are Material's inline scripts; a Material upgrade that changes
    them must update the copies (or the CSP would be broken in a quieter way)."""
    import material  # noqa: PLC0415

    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    mine = ROOT / "overrides" / "assets" / "javascripts"
    for name, js in (("base", "md-base.js"), ("palette", "md-palette.js"), ("content", "md-content.js")):
        theirs = re.findall(r"<script>(.*?)</script>", (partials / f"{name}.html").read_text(encoding="utf-8"), re.S)[-1]
        theirs = theirs.replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                                "new URL(document.currentScript.dataset.mdScope,location)")
        assert (mine / js).read_text(encoding="utf-8").rstrip("\n").endswith(theirs), js


def test_built_pages_have_no_inline_script_the_policy_would_refuse(site: Path) -> None:
    """Every inline script or handler in the build is one the policy allows (by hash); none else."""
    import base64  # noqa: PLC0415
    import hashlib  # noqa: PLC0415

    csp = csp_of(CONF.read_text(encoding="utf-8"))
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        inline = [m.group(2) for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S)
                  if "src=" not in m.group(1) and "application/json" not in m.group(1) and m.group(2).strip()]
        handlers = re.findall(r'\son[a-z]+="([^"]*)"', re.sub(r"<(code|pre)>.*?</\1>", "", html, flags=re.S))
        for code in inline + handlers:
            digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
            assert digest in allowed, f"{page.relative_to(site)}: inline script not allowed by the CSP: {code[:80]!r}"
