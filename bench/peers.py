"""Peer link checkers for the Crawler benchmark (Python 3 stdlib only).

Public API (each returns a dict, see _result()):

    run_linkchecker(urls, concurrency, timeout_s, workdir, host_throttle=True, hard_limit_s=900)
    run_wget2(urls, concurrency, timeout_s, workdir, hard_limit_s=900)
    run_linkinator(urls, concurrency, timeout_s, workdir, hard_limit_s=900)
    peer_versions() -> {peer: version string}
    PEERS = {"linkchecker": run_linkchecker, "wget2": run_wget2, "linkinator": run_linkinator}

Result dict keys:
    "seconds"  wall time measured around the peer subprocess (start .. exit)
    "results"  {url: "ok" | "broken" | "timeout" | "missing"} for every input URL
    "raw"      path of the peer's raw machine-readable output
  extra (informational):
    "details"  {url: what the peer literally said}   "cmd"  argv used
    "returncode", "killed" (hard_limit_s hit -> process group killed),
    "stderr" path, "effective_timeout_s", "extra_records" (peer records for
    URLs not in the input list, e.g. wget2 redirect targets).

Categories are the peer's own verdict, never guessed from the URL:
  * LinkChecker: CSV column `valid` True -> ok (includes 429, which it marks
    valid with a "Rate limited" warning); valid False and the result text
    is a requests timeout (ReadTimeout/ConnectTimeout/"timed out") ->
    timeout; any other valid False (4xx/5xx, TooManyRedirects,
    ConnectionError) -> broken.
  * wget2: its own per-URL record (--stats-site csv, with the -o log as
    fallback). Status 400..599 -> broken (wget2 prints "HTTP ERROR
    response"); any other status, including 3xx, -> ok (wget2 counts 3xx as
    a redirect, not an error, and queues the Location as a separate,
    unlinked job; the chain's outcome is NOT attributed to the listed URL).
    No record -> missing: wget2 prints nothing at all for a URL that timed
    out, nor for URLs dropped because their host got blocked (see below).
  * linkinator: JSON `state` OK -> ok, BROKEN -> broken (this includes
    timeouts, refused connections and redirect loops: all are status 0
    BROKEN with no detail, so linkinator has no "timeout" category),
    SKIPPED -> missing (only for 999 / Cloudflare 403; detail says SKIPPED).

What "concurrency" really is, as measured on this machine (synthetic web,
200 ms latency; see REPORT.md):
  * LinkChecker --threads N: N checker threads, each doing one blocking
    request, so N = total requests in flight (8 threads -> 8 established
    sockets; 40 x /slow/1000 on 40 hosts: 1.2 s of work at -t 40, 4.8 s at
    -t 10). BUT every request first passes Aggregate.wait_for_host(): after
    each request to a host the next one to that host is held back for
    uniform(0.1, 0.6) s (maxrequestspersecond=10 default; values > 10 only
    take effect if the server sends a "LinkChecker" response header), and
    the wait is done while holding a global lock, so one thread sleeping for
    host A also stalls threads bound for host B. 40 URLs on ONE host take
    ~16 s whatever --threads is. host_throttle=False monkey-patches
    wait_for_host away (non-default, not how users run it).
  * wget2 --max-threads N: N downloader threads = N requests in flight in
    total, no per-host cap (8 threads -> 8 sockets; 40 x /slow/1000 on one
    host: 1.2 s at 40 threads, 4.8 s at 10).
  * linkinator --concurrency N: NOT enforced in 7.6.1. crawl() promises are
    started before being handed to its Queue, so the queue only waits for
    them; every URL (command-line roots and links found in pages alike) is
    requested at once. Measured: 400 x /slow/2000 on one host with
    --concurrency 4 -> 400 established sockets, 2.85 s. The flag is passed
    anyway so the command line is what a user would write.
"""

import csv
import ipaddress
import json
import math
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
# linkinator is installed by compare.py into bench/.peers (npm), apart from the repository's files.
LINKINATOR_CLI = os.path.join(HERE, ".peers", "node_modules", "linkinator", "build", "src", "cli.js")
NODE = shutil.which("node") or "/usr/bin/node"
LINKCHECKER = shutil.which("linkchecker") or "/usr/bin/linkchecker"
WGET2 = shutil.which("wget2") or "/usr/bin/wget2"

CATEGORIES = ("ok", "broken", "timeout", "missing")


# ---------------------------------------------------------------- helpers

def _check_loopback(urls):
    """Refuse any target outside 127.0.0.0/8 (benchmark rule)."""
    for u in urls:
        host = urllib.parse.urlsplit(u).hostname
        try:
            ok = ipaddress.ip_address(host) in ipaddress.ip_network("127.0.0.0/8")
        except ValueError:
            ok = False
        if not ok:
            raise ValueError("non-loopback target refused: %r" % u)


def _norm(url):
    """Light normalisation used only to match a peer's echo of a URL back to
    the input (lower-case scheme/host, empty path -> '/', no fragment)."""
    p = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit(
        (p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, ""))


class _Matcher:
    def __init__(self, urls):
        self.exact = set(urls)
        self.by_norm = {}
        for u in urls:
            self.by_norm.setdefault(_norm(u), u)

    def __call__(self, echoed):
        if echoed in self.exact:
            return echoed
        return self.by_norm.get(_norm(echoed))


def _prepare(workdir, name):
    d = os.path.join(os.path.abspath(workdir), name)
    os.makedirs(d, exist_ok=True)
    return d


def _run(cmd, out_path, err_path, cwd, stdin_path=None, env=None, hard_limit_s=900):
    """Run cmd in its own process group; wall time is measured around it.
    On hard_limit_s the whole group (only processes we started) is killed."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    killed = False
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdin=stdin, stdout=out, stderr=err, cwd=cwd,
                             env=env, start_new_session=True)
        try:
            rc = p.wait(timeout=hard_limit_s)
        except subprocess.TimeoutExpired:
            killed = True
            os.killpg(p.pid, signal.SIGTERM)
            try:
                rc = p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                rc = p.wait()
        seconds = time.monotonic() - t0
    if stdin_path:
        stdin.close()
    # make sure nothing of the group survives (e.g. a grandchild)
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return seconds, rc, killed


def _result(urls, seconds, cats, details, raw, cmd, rc, killed, err_path,
            effective_timeout_s, extra=None):
    results = {u: cats.get(u, "missing") for u in urls}
    det = {u: details.get(u, "no record for this URL in peer output") for u in urls}
    return {
        "seconds": seconds,
        "results": results,
        "raw": raw,
        "details": det,
        "cmd": cmd,
        "returncode": rc,
        "killed": killed,
        "stderr": err_path,
        "effective_timeout_s": effective_timeout_s,
        "extra_records": extra or {},
    }


# ---------------------------------------------------------------- LinkChecker

_LC_TIMEOUT_RE = re.compile(r"ReadTimeout|ConnectTimeout|Timeout\b|timed out", re.I)

_LC_PATCH = (
    "import sys\n"
    "from linkcheck.director import aggregator\n"
    "aggregator.Aggregate.wait_for_host = lambda self, host: None\n"
    "from linkcheck.command.linkchecker import linkchecker\n"
    "sys.argv[0] = 'linkchecker'\n"
    "sys.exit(linkchecker())\n"
)


def run_linkchecker(urls, concurrency, timeout_s, workdir, host_throttle=True,
                    hard_limit_s=900):
    """LinkChecker 10.2.1.

    linkchecker -f <pinned empty rc> --stdin -r0 --no-robots -t N
                --timeout T -v -o csv/utf-8 --no-status   < urls.txt > out.csv

    -r0: check the listed URLs only, never recurse. --stdin: whitespace
    separated URL list. -v: log valid URLs too (default logs only errors).
    GET (LinkChecker 10 has no HEAD mode), redirects followed (max 10).
    --timeout is an integer >= 1 (requests connect + per-read idle timeout,
    not a total deadline), so timeout_s is rounded up.
    Runs as root -> LinkChecker seteuid()s to nobody after parsing config;
    output goes to stdout (inherited fd), so the workdir need not be
    writable by nobody.
    """
    _check_loopback(urls)
    d = _prepare(workdir, "linkchecker")
    urls_path = os.path.join(d, "urls.txt")
    with open(urls_path, "w") as f:
        f.write("\n".join(urls) + "\n")
    rc_path = os.path.join(d, "linkcheckerrc")
    with open(rc_path, "w") as f:   # pinned config: all defaults, ignore ~/.config
        f.write("[checking]\n[filtering]\n[output]\n")
    out_path = os.path.join(d, "out.csv")
    err_path = os.path.join(d, "stderr.txt")
    t = max(1, int(math.ceil(timeout_s)))
    args = ["-f", rc_path, "--stdin", "-r0", "--no-robots", "-t", str(int(concurrency)),
            "--timeout", str(t), "-v", "-o", "csv/utf-8", "--no-status"]
    if host_throttle:
        cmd = [LINKCHECKER] + args
    else:
        cmd = ["/usr/bin/python3", "-c", _LC_PATCH] + args
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    seconds, rc, killed = _run(cmd, out_path, err_path, d, stdin_path=urls_path,
                               env=env, hard_limit_s=hard_limit_s)

    match = _Matcher(urls)
    cats, details, extra = {}, {}, {}
    with open(out_path, encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar='"'))
    header = None
    for row in rows:
        if not row or (row[0].startswith("#") and len(row) < 5):
            continue  # comment lines
        if header is None:
            if "urlname" in row and "valid" in row:
                header = row
            continue
        # LinkChecker 10.2.1 writes fewer fields per row than its header
        # names (trailing columns shift); only the leading ones are used.
        if len(row) <= header.index("url"):
            continue
        rec = dict(zip(header, row))
        u = match(rec["urlname"])
        text = "valid=%s result=%r warning=%r" % (rec["valid"], rec["result"],
                                                  rec.get("warningstring", ""))
        if rec["valid"] == "True":
            cat = "ok"
        elif _LC_TIMEOUT_RE.search(rec["result"]):
            cat = "timeout"
        else:
            cat = "broken"
        if u is None:
            extra[rec["urlname"]] = text
        else:
            cats[u], details[u] = cat, text
    return _result(urls, seconds, cats, details, out_path, cmd, rc, killed,
                   err_path, t, extra)


# ---------------------------------------------------------------- wget2

_W2_LOG_RE = re.compile(r"^HTTP (ERROR )?response (\d{3}) .*\[(.+)\]\s*$")


def run_wget2(urls, concurrency, timeout_s, workdir, hard_limit_s=900):
    """GNU Wget2 1.99.1.

    wget2 --no-config --spider -i urls.txt --max-threads=N --timeout=T
          --tries=1 --no-robots --stats-site=csv:site.csv -o log.txt

    --spider: HEAD request, nothing saved; no -r so nothing is followed.
    --max-threads: total requests in flight. --timeout: DNS, connect and
    read (idle) timeout, decimals allowed. --tries=1: default is 20, which
    retries a timed-out URL 20 times with growing per-host pauses (1 hang
    URL took 230 s at --timeout=2). --no-robots only matters for -r but is
    set anyway. Redirects: followed (max 20) as new, unlinked jobs; an
    already-seen Location is not fetched again. HOME is pointed at the
    workdir so ~/.wget-hsts / OCSP caches don't leak between runs.
    Quirk: a failure (timeout) blocks the host when its consecutive-failure
    count reaches --tries (1), and queued URLs of a blocked host are dropped
    silently unless a later success on that host unblocks it; exit code
    stays 0.
    """
    _check_loopback(urls)
    d = _prepare(workdir, "wget2")
    home = os.path.join(d, "home")
    os.makedirs(home, exist_ok=True)
    urls_path = os.path.join(d, "urls.txt")
    with open(urls_path, "w") as f:
        f.write("\n".join(urls) + "\n")
    site_path = os.path.join(d, "site.csv")
    log_path = os.path.join(d, "log.txt")
    for p in (site_path, log_path):
        if os.path.exists(p):
            os.remove(p)
    out_path = os.path.join(d, "stdout.txt")
    err_path = os.path.join(d, "stderr.txt")
    t = float(timeout_s)
    cmd = [WGET2, "--no-config", "--spider", "-i", urls_path,
           "--max-threads=%d" % int(concurrency), "--timeout=%g" % t, "--tries=1",
           "--no-robots", "--stats-site=csv:" + site_path, "-o", log_path]
    env = dict(os.environ, HOME=home)
    seconds, rc, killed = _run(cmd, out_path, err_path, d, env=env,
                               hard_limit_s=hard_limit_s)

    match = _Matcher(urls)
    records = {}   # echoed url -> (status, source)
    if os.path.exists(site_path):
        with open(site_path, encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.reader(f):
                if not row or row[0] == "ID" or len(row) < 12:
                    continue
                url = ",".join(row[2:len(row) - 9])   # URL may contain commas
                status, link = row[len(row) - 9], row[len(row) - 8]
                records[url] = (int(status), "stats link=%s" % link)
    if os.path.exists(log_path):   # fallback (e.g. killed before stats written)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = _W2_LOG_RE.match(line)
                if m and m.group(3) not in records:
                    records[m.group(3)] = (int(m.group(2)), "log")
    cats, details, extra = {}, {}, {}
    for url, (status, src) in records.items():
        cat = "broken" if 400 <= status <= 599 else "ok"
        text = "HTTP %d (%s)" % (status, src)
        if 300 <= status < 400:
            text += "; 3xx is a non-error for wget2; a Location, if any, is fetched as a separate, unlinked job"
        u = match(url)
        if u is None:
            extra[url] = text
        else:
            cats[u], details[u] = cat, text
    return _result(urls, seconds, cats, details, site_path, cmd, rc, killed,
                   err_path, t, extra)


# ---------------------------------------------------------------- linkinator

def run_linkinator(urls, concurrency, timeout_s, workdir, hard_limit_s=900):
    """linkinator 7.6.1 (Node 20).

    node node_modules/linkinator/build/src/cli.js --config <pinned {}> \
         URL1 URL2 ... --concurrency N --timeout MS --format json --verbosity info

    Each command-line URL is a start page, fetched once with GET (HTML bodies
    would be parsed and their links checked; the synthetic web serves
    text/plain, so no extra links). No --recurse. Redirects: fetch
    'follow' (undici, max 20). No robots.txt support at all. --timeout is a
    total AbortSignal deadline per fetch (ms). --retry / --retry-errors
    default off. --verbosity info so SKIPPED links are listed too (at the
    default 'warning' they are dropped from the JSON). --concurrency is not
    enforced in 7.6.1 (see module docstring).
    """
    _check_loopback(urls)
    d = _prepare(workdir, "linkinator")
    cfg_path = os.path.join(d, "linkinator.config.json")
    with open(cfg_path, "w") as f:   # pinned: no cwd linkinator.config.json
        f.write("{}\n")
    out_path = os.path.join(d, "out.json")
    err_path = os.path.join(d, "stderr.txt")
    ms = max(1, int(round(timeout_s * 1000)))
    cmd = [NODE, LINKINATOR_CLI, "--config", cfg_path] + list(urls) + [
        "--concurrency", str(int(concurrency)), "--timeout", str(ms),
        "--format", "json", "--verbosity", "info"]
    if sum(len(a) + 1 for a in cmd) > 1_500_000:
        raise ValueError("URL list too long for argv")
    seconds, rc, killed = _run(cmd, out_path, err_path, d, hard_limit_s=hard_limit_s)

    match = _Matcher(urls)
    cats, details, extra = {}, {}, {}
    try:
        with open(out_path, encoding="utf-8") as f:
            data = json.load(f)
        links = data.get("links", [])
    except (ValueError, OSError):
        links = []   # killed / crashed: everything 'missing'
    for link in links:
        state, status = link.get("state"), link.get("status")
        cat = {"OK": "ok", "BROKEN": "broken"}.get(state, "missing")
        text = "%s status=%s" % (state, status)
        u = match(link.get("url", ""))
        if u is None or link.get("parent"):
            extra[link.get("url", "")] = text
        elif u not in cats or cat == "broken":
            cats[u], details[u] = cat, text
    return _result(urls, seconds, cats, details, out_path, cmd, rc, killed,
                   err_path, ms / 1000.0, extra)


# ---------------------------------------------------------------- misc

def peer_versions():
    def first_line(cmd):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            lines = [l for l in (out.stdout + out.stderr).splitlines()
                     if l.strip() and not l.startswith(("WARNING", "INFO"))]
            return lines[0].strip() if lines else "?"
        except Exception as e:  # noqa: BLE001
            return "error: %s" % e
    return {
        "linkchecker": first_line([LINKCHECKER, "--version"]),
        "wget2": first_line([WGET2, "--version"]),
        "linkinator": first_line([NODE, LINKINATOR_CLI, "--version"]),
        "node": first_line([NODE, "--version"]),
    }


PEERS = {
    "linkchecker": run_linkchecker,
    "wget2": run_wget2,
    "linkinator": run_linkinator,
}
