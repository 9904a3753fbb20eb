"""The generated nginx configuration (issue 8 point 5): safe from hostile file names, security headers,
IPv4 and IPv6, the portal's aliases redirected. Real builds, and the generated file in a real nginx."""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import trustme
from browser import launch, skip_without_browser
from sitekit import news, run_build, write_repo

from generator import cli

MIME_TYPES = Path("/etc/nginx/mime.types")
PORTAL, DEPT, ENGLISH = "langson.gov.vn", "sokhcn.langson.gov.vn", "english.langson.gov.vn"
EMC = "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"
SITE = ('kind: department\nslug: sokhcn\nlanguages: [vi, en]\n'
        'name: {vi: "Sở Khoa học và Công nghệ", en: "Department of Science and Technology"}\n'
        f'emc: {{script: "{EMC}", site_code: "SKHCN"}}\n')
ITEM = "content/sokhcn/directive/2026/bai-go.md"
GONE, GONE_EN = "/chi-dao-dieu-hanh/bai-go/", "/en/directives/bai-go/"
# Each one broke `nginx -t` or, the last, injected a location that sent the whole host elsewhere, when
# names were written into `location = … { return 410; }` as they were.
INJECTION = "x.pdf { return 410; } location ~ . { return 302 " + "\\" * 4 + "evil.example; } location = y.pdf"
HOSTILE = ["a b.pdf", "{x}.pdf", "a;b.pdf", 'a"b.pdf', "a'b.pdf", "a\\b.pdf", "a$b.pdf", "a\nb.pdf", "a#b.pdf",
           "a?b.pdf", "a%20b.pdf", "Báo cáo tổng hợp.pdf", INJECTION]


def hostile_repo(root: Path, names: list[str] = HOSTILE) -> Path:
    """A department with EMC and an English edition; one item, with hostile attachment names, taken down."""
    files = ", ".join(json.dumps(name, ensure_ascii=False) for name in names)
    write_repo(root, {
        "sites/sokhcn.yaml": SITE,
        ITEM: news("Bài bị gỡ", date="2026-11-01T08:00", extra=f"files: [{files}]\n"),
        "content/sokhcn/directive/2026/bai-go.en.md": news("Removed item", date="2026-11-01T08:00"),
        # on the portal's search too, so approved by its board (000 Đ6.5)
        "content/sokhcn/news/2026/bai-giu.md": news("Bài được giữ", date="2026-11-02T08:00", extra="syndicate: true\n"),
        "content/sokhcn/news/2026/bai-giu.en.md": news("Kept item", date="2026-11-02T08:00"),
        "content/tinh/news/2026/tin-tinh.md": news("Tin của tỉnh", date="2026-10-29T08:00"),
        **{f"content/sokhcn/directive/2026/{name}": b"%PDF-1.4\n" for name in names}})
    assert cli.main(["takedown", ITEM, "--root", str(root), "--reason", "Vi phạm", "--ref", "CV 1/VP",
                     "--by", "A", "--now", "2026-11-20T10:00"]) == 0
    result = run_build(root)
    assert result.ok, [d.text() for d in result.diagnostics]
    return root / "public"


def nginx_token(text: str) -> tuple[str, str]:
    """nginx's reading of one double-quoted string at the start of ``text`` (ngx_conf_read_token):
    the string's value and what follows it."""
    assert text.startswith('"'), text
    value, i = [], 1
    while text[i] != '"':
        if text[i] == "\\" and text[i + 1] in '"\'\\tnr':
            value.append({"t": "\t", "n": "\n", "r": "\r"}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            value.append(text[i])
            i += 1
    return "".join(value), text[i + 1:]


def test_hostile_file_names_stay_inside_their_location(tmp_path):
    public = hostile_repo(tmp_path)
    gone = (public / "_server/gone.txt").read_text(encoding="utf-8").splitlines()
    item = f"https://{DEPT}{GONE}"
    # one address a line, percent-encoded as a browser asks for it
    assert [u for u in gone if u.startswith(item)] == sorted(
        [item, item + "index.json"] + [item + quote(n, safe="/!$&'()*+,;=:@") for n in HOSTILE])
    assert f"{item}a%20b.pdf" in gone and f"{item}a%2520b.pdf" in gone and f"{item}%7Bx%7D.pdf" in gone
    assert f"{item}B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p.pdf" in gone
    conf = (public / f"_server/nginx/{DEPT}.conf").read_text(encoding="utf-8")
    found = {}
    for line in conf.splitlines():
        if line.startswith("location = "):
            path, rest = nginx_token(line[len("location = "):])
            found[path] = rest
    names = ["", "index.html", "index.json", *HOSTILE]
    assert sorted(found) == sorted([GONE.rstrip("/"), *(GONE + n for n in names),
                                    GONE_EN.rstrip("/"), *(GONE_EN + n for n in ["", "index.html", "index.json"])])
    for path, rest in found.items():  # nothing but the answer follows the quoted address
        page = "/en/410.html" if path.startswith("/en/") else "/410.html"
        assert rest == f" {{ error_page 410 {page}; return 410; }}", (path, rest)
    # sites.conf holds the same, inline in the host's server block
    sites = (public / "_server/nginx/sites.conf").read_text(encoding="utf-8")
    assert "    " + "\n    ".join(conf.rstrip("\n").split("\n")) in sites


def test_the_config_is_only_written_from_checked_hosts_and_paths():
    from generator.build.serverconf import is_host, location_path, nginx_string
    assert nginx_string('/a "b" \\ {c};\n$d') == '"/a \\"b\\" \\\\ {c};\\n$d"'
    assert nginx_token(nginx_string("/x\" } location / { return 302 y; } \\"))[0] == \
        "/x\" } location / { return 302 y; } \\"
    assert location_path("/tin-tuc/a%20b%7B%7D.pdf") == b"/tin-tuc/a b{}.pdf"
    for bad in ("tin-tuc/x", "/a/../b", "/a//b", "/a/%2E%2E/b", "/a/.", "/a%00b"):
        with pytest.raises(ValueError):
            location_path(bad)
    assert is_host("songgiap.caoloc.langson.gov.vn") and is_host("localhost")
    for bad in ("langson.gov.vn;", "a$b.vn", "LangSon.gov.vn", "a b.vn", "-a.vn", "a..vn", ""):
        assert not is_host(bad), bad


def test_a_host_that_is_no_dns_name_stops_the_build_located(tmp_path):
    root = write_repo(tmp_path, {"sites/_province.yaml": 'profile: langson-2025\nname: {vi: "tỉnh"}\n'
                                 'domain: "langson.gov.vn$x"\ngoverning_agency: {vi: "UBND"}\n'})
    result = run_build(root)
    assert not result.ok
    # The site files' own check (model/site_fields) stops it first; serverconf's `server.host` is
    # the second line of defence, for hosts that reach it by another way.
    found = [d for d in result.diagnostics if d.code in ("host.invalid", "server.host")]
    assert [(d.path, d.line, d.severity) for d in found][:1] == [("sites/_province.yaml", 3, "error")]
    assert not (root / "public").exists()


def csp(conf: str) -> dict[str, list[str]]:
    value = re.search(r'^add_header Content-Security-Policy "([^"]*)" always;$', conf, re.MULTILINE)[1]
    return {part.split()[0]: part.split()[1:] for part in value.split("; ")}


def test_csp_allows_the_sites_emc_script_and_the_hosts_portal_search_reads(tmp_path):
    public = hostile_repo(tmp_path)
    dept = csp((public / f"_server/nginx/{DEPT}.conf").read_text())
    portal = csp((public / f"_server/nginx/{PORTAL}.conf").read_text())
    english = csp((public / f"_server/nginx/{ENGLISH}.conf").read_text())
    assert dept["script-src"] == ["'self'", "https://f-emc.ngsp.gov.vn"]
    assert portal["script-src"] == ["'self'"] and dept["connect-src"] == ["'self'", "https://f-emc.ngsp.gov.vn"]
    for policy in (dept, portal, english):
        assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    # every search page reads its index from its own host: the portal's holds every site's items
    for host, page in [(PORTAL, "tim-kiem/index.html"), (ENGLISH, "search/index.html"), (DEPT, "tim-kiem/index.html")]:
        html = (public / host / page).read_text()
        assert re.search(r'data-index="(/[^"]*)"', html)[1] in ("/tim-kiem/", "/search/", "/en/search/"), host
    assert portal["connect-src"] == ["'self'"] and english["connect-src"] == ["'self'"]


# ---------------------------------------------------------------- in a real nginx

def nginx_or_skip() -> str:
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None and not os.environ.get("CI"):
        pytest.skip("nginx is not installed; CI installs it (.ci/run) and never skips")
    assert nginx is not None, "nginx is missing: .ci/run installs Debian's nginx"
    return nginx


def has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_ports(count: int) -> list[int]:
    """Ports free on both loopbacks (the IPv6 one when there is one)."""
    ports = []
    while len(ports) < count:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            if has_ipv6_loopback():
                with socket.socket(socket.AF_INET6) as s:
                    s.bind(("::1", port))
        except OSError:
            continue
        if port not in ports:
            ports.append(port)
    return ports


def nginx_conf(tmp: Path, public: Path, sites: Path) -> Path:
    """The operator's part: where the host folders are, and the generated file included in `http { }`."""
    temp = "".join(f" {k}_temp_path {tmp};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    # nginx's own list of types, as every nginx.conf has it: with nosniff, a script served as text/plain is refused
    types = f"include {MIME_TYPES};" if MIME_TYPES.is_file() else \
        "types { text/html html; text/css css; text/javascript js; application/json json; }"
    conf.write_text(("user root;\n" if os.geteuid() == 0 else "") +
                    f"daemon off; pid {tmp}/nginx.pid; error_log {tmp}/error.log;\nevents {{}}\n"
                    f"http {{ access_log off;{temp}\n  {types}\n"
                    f"  map $host $congtt_www {{ default {public}; }}\n  include {sites};\n}}\n")
    return conf


def certificates(tmp: Path, hosts: list[str], names: list[str]):
    """A test CA and one certificate for every name, where the generated file looks: congtt-tls/<host>/."""
    ca = trustme.CA()
    issued = ca.issue_cert(*names)
    for host in hosts:
        folder = tmp / "congtt-tls" / host
        folder.mkdir(parents=True)
        issued.cert_chain_pems[0].write_to_path(folder / "fullchain.pem")
        issued.private_key_pem.write_to_path(folder / "privkey.pem")
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def get(address: str, port: int, host: str, path: str, context: ssl.SSLContext | None = None):
    """One request to ``address`` with ``Host: host`` (and SNI ``host`` over TLS): status, headers, body."""
    sock = socket.create_connection((address, port), timeout=5)
    if context is not None:
        sock = context.wrap_socket(sock, server_hostname=host)
    connection = http.client.HTTPConnection(address, port, timeout=5)
    connection.sock = sock
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@contextlib.contextmanager
def served(tmp: Path, public: Path):
    """The generated sites.conf checked by `nginx -t` as it is, then run on free loopback ports: yields
    the addresses (127.0.0.1, and ::1 where the machine has IPv6), the HTTPS and HTTP ports, a TLS context."""
    nginx = nginx_or_skip()
    tmp.mkdir()
    generated = public / "_server/nginx/sites.conf"
    text = generated.read_text(encoding="utf-8")
    hosts = sorted(set(re.findall(r"ssl_certificate congtt-tls/([^/]+)/", text)))
    context = certificates(tmp, hosts, hosts + ["www.langson.gov.vn"])
    test = subprocess.run([nginx, "-t", "-q", "-c", str(nginx_conf(tmp, public, generated)), "-p", str(tmp)],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    # to run it, the same file listens on free loopback ports instead of 443 and 80 on every address
    v6 = has_ipv6_loopback() or bool(os.environ.get("CI"))
    https, plain = free_ports(2)
    moved = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;")
    moved = moved.replace("listen 80;", f"listen 127.0.0.1:{plain};")
    moved = moved.replace("listen [::]:443 ssl;", f"listen [::1]:{https} ssl;" if v6 else "")
    moved = moved.replace("listen [::]:80;", f"listen [::1]:{plain};" if v6 else "")
    (tmp / "sites.conf").write_text(moved, encoding="utf-8")
    server = subprocess.Popen([nginx, "-c", str(nginx_conf(tmp, public, tmp / "sites.conf")), "-p", str(tmp)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 10
        while time.monotonic() < end and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", https), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert server.poll() is None, server.stderr.read().decode()
        yield ["127.0.0.1"] + (["::1"] if v6 else []), https, plain, context
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_the_generated_config_in_a_real_nginx_on_ipv4_and_ipv6(tmp_path):
    public = hostile_repo(tmp_path / "repo")
    text = (public / "_server/nginx/sites.conf").read_text(encoding="utf-8")
    hosts = set(re.findall(r"server_name ([^ ;]+);\n    ssl_certificate", text))
    assert hosts == {PORTAL, DEPT, ENGLISH, "www.langson.gov.vn"}
    assert text.count("listen 443 ssl;") == text.count("listen [::]:443 ssl;") == 4
    assert text.count("listen 80;") == text.count("listen [::]:80;") == 3
    with served(tmp_path / "nginx", public) as (addresses, https, plain, context):
        if not os.environ.get("CI"):
            assert addresses == ["127.0.0.1", "::1"] or not has_ipv6_loopback()
        for address in addresses:
            check_answers(address, https, plain, context)


def test_a_file_name_cannot_add_a_location_in_a_real_nginx(tmp_path):
    """Written as it was, this name made the whole host redirect to //evil.example (and passed nginx -t)."""
    public = hostile_repo(tmp_path / "repo", [INJECTION])
    with served(tmp_path / "nginx", public) as (addresses, https, _, context):
        status, headers, body = get(addresses[0], https, DEPT, "/tin-tuc/bai-giu/", context)
        assert (status, headers["Location"]) == (200, None) and "Bài được giữ" in body
        assert get(addresses[0], https, DEPT, GONE + quote(INJECTION, safe=""), context)[0] == 410


def test_the_portal_search_reads_every_host_under_the_policy_in_a_real_browser(tmp_path, request):
    """Chromium, every host name sent to the nginx above: the pages run and the portal's search finds the
    department's item in its own index, with no Content-Security-Policy violation on the way."""
    skip_without_browser(module=False)
    public = hostile_repo(tmp_path / "repo")
    with served(tmp_path / "nginx", public) as (_, https, _, _):
        # its own Chromium (the host rules name this test's port), through the session's one Playwright
        browser = launch(request.getfixturevalue("playwright"), f"--host-rules=MAP * 127.0.0.1:{https}")
        try:
            context = browser.new_context(ignore_https_errors=True)  # the test CA is not the browser's
            context.route("**/*", lambda route: route.continue_() if (urlsplit(route.request.url).hostname or "")
                          .endswith("langson.gov.vn") else route.abort())  # EMC's script stays offline
            page = context.new_page()
            messages: list[str] = []
            page.on("console", lambda message: messages.append(message.text))
            page.on("pageerror", lambda exc: messages.append(str(exc)))
            page.goto(f"https://{PORTAL}/tim-kiem/?q=" + quote("Bài được giữ"))
            page.wait_for_selector(".search-results li", timeout=15000)
            assert page.locator(".search-results li a").first.get_attribute("href") == \
                f"https://{DEPT}/tin-tuc/bai-giu/"
            page.goto(f"https://{DEPT}/tin-tuc/bai-giu/")
            assert page.evaluate("getComputedStyle(document.body).margin") != "8px"  # its stylesheet applies
            assert not [m for m in messages if "Content Security Policy" in m or "MIME" in m], messages
        finally:
            browser.close()


def assert_secure(headers, host: str) -> None:
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; script-src 'self'") and "frame-ancestors 'self'" in policy, host
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def check_answers(address: str, https: int, plain: int, context: ssl.SSLContext) -> None:
    def fetch(host, path):
        return get(address, https, host, path, context)

    # a page: 200 and every header, the site's own policy
    status, headers, body = fetch(DEPT, "/tin-tuc/bai-giu/")
    assert status == 200 and "Bài được giữ" in body
    assert_secure(headers, DEPT)
    assert "script-src 'self' https://f-emc.ngsp.gov.vn;" in headers["Content-Security-Policy"]
    status, headers, body = fetch(PORTAL, "/")
    assert status == 200 and "Tin của tỉnh" in body
    assert_secure(headers, PORTAL)
    assert "connect-src 'self';" in headers["Content-Security-Policy"]  # its search reads its own index
    assert "f-emc.ngsp.gov.vn" not in headers["Content-Security-Policy"]
    # the search index: served with the security headers, and no CORS (nothing reads it from elsewhere)
    for host, path in [(DEPT, "/tim-kiem/meta.json"), (DEPT, "/en/search/meta.json"), (PORTAL, "/tim-kiem/meta.json")]:
        status, headers, body = fetch(host, path)
        assert status == 200 and "Access-Control-Allow-Origin" not in headers, path
        assert_secure(headers, host)
        json.loads(body)
    status, headers, _ = fetch(DEPT, "/tin-tuc/bai-giu/index.json")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    # every hostile address answers 410 with the edition's page; nothing else was taken over
    for name in HOSTILE:
        status, headers, body = fetch(DEPT, GONE + quote(name, safe=""))
        assert status == 410 and "Nội dung đã được gỡ bỏ" in body, name
        assert_secure(headers, DEPT)
    for path in [GONE, GONE.rstrip("/"), GONE + "index.html", GONE + "index.json"]:
        assert fetch(DEPT, path)[0] == 410, path
    status, _, body = fetch(DEPT, GONE_EN)
    assert status == 410 and "Content removed" in body
    assert fetch(DEPT, GONE + "y.pdf")[0] == 404  # the injection's other half is just a missing file
    status, headers, body = fetch(DEPT, "/khong-co/")
    assert status == 404 and "Không tìm thấy trang" in body
    assert_secure(headers, DEPT)
    status, _, body = fetch(DEPT, "/en/khong-co/")
    assert status == 404 and "Page not found" in body
    # the portal's alias, and http://, go to the canonical https:// address in one step
    status, headers, _ = fetch("www.langson.gov.vn", "/tin-tuc/?trang=2")
    assert (status, headers["Location"]) == (301, "https://langson.gov.vn/tin-tuc/?trang=2")
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    for host, location in [("www.langson.gov.vn", "https://langson.gov.vn/a?b"), (PORTAL, "https://langson.gov.vn/a?b"),
                           (DEPT, f"https://{DEPT}/a?b"), ("evil.example", None)]:
        status, headers, _ = get(address, plain, host, "/a?b")
        if location:
            assert (status, headers["Location"]) == (301, location), host
        else:  # an unknown name gets the first server's redirect: to one of ours, never to the name asked
            assert "evil" not in (headers["Location"] or "")
