#!/usr/bin/env python3
"""Crawler next to LinkChecker, wget2 and linkinator on the same URL list, same web, same concurrency.

Installs the peers if they are missing (Debian's linkchecker and wget2, npm's linkinator@7.6.1 into
bench/.peers), starts the synthetic web (HOSTS loopback hosts, LATENCY ms before every answer) and the
Crawler cluster through its app host (Release), and checks one list of URLS distinct URLs with each tool at
CONCURRENCY requests in flight in total and a TIMEOUT per request:

    python3 bench/compare.py --urls 10000 --hosts 32 --latency 20 --concurrency 64 --timeout 5

The mix (shuffled with a fixed seed): 89.8 % /ok, 4 % /status/404, 3 % /redirect/2 (three requests, ends
in 200), 2 % /status/500, 1 % /throttle (a 429 with Retry-After: 1 the first time, then 200), 0.2 % /hang
(never answers). The right outcome of each: ok, broken, ok, broken, ok (a link that works once the server's
requested pause is honoured), timeout. A peer's verdict is read from its own output (see peers.py).

Crawler runs with its defaults (4 per host, HEAD first) except maxConcurrency = CONCURRENCY, timeoutMs =
TIMEOUT and retries = RETRIES (0 by default, as the peers run: wget2's default of 20 tries would make each
never-answering URL cost 20 timeouts; with --retries 1 a never-answering URL costs two timeouts).
It is warmed up first with one batch of the same size (a running service is warm; its JIT is not measured).

Crawler honours a 429's Retry-After for the whole host (the politeness the issue asks for), which no peer
does; the politeness floor printed is what that costs at least: the busiest host's pauses (one per throttled
URL on it) plus its own requests at 4 in flight.

The limit printed is the larger of two floors: ceil(requests / CONCURRENCY) x LATENCY plus one TIMEOUT (a
never-answering URL ends no sooner), and the slot time (requests x LATENCY + never-answering URLs x TIMEOUT)
/ CONCURRENCY; requests is the fewest a checker must make (3 for a redirect chain, 2 for a throttled URL).
Only loopback addresses are used.
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402
from checks import API, build, ensure_clean, run_batch, start_apphost, start_web, stop, wait_for  # noqa: E402

MIX = [  # path template, share, expected category, fewest requests
    ("/ok?i={i}", 0.898, "ok", 1),
    ("/status/404?i={i}", 0.04, "broken", 1),
    ("/redirect/2?i={i}", 0.03, "ok", 3),
    ("/status/500?i={i}", 0.02, "broken", 1),
    ("/throttle/t{i}/1/1", 0.01, "ok", 2),
    ("/hang?i={i}", 0.002, "timeout", 0),
]

CRAWLER_CATEGORY = {"ok": "ok", "timeout": "timeout", "http_error": "broken", "too_many_redirects": "broken",
                    "invalid_url": "broken", "dns": "broken", "connection": "broken", "tls": "broken",
                    "protocol": "broken", "cancelled": "missing", "excluded": "missing"}


def install(names=("linkchecker", "wget2", "linkinator")):
    missing = [package for package in ("linkchecker", "wget2") if package in names and shutil.which(package) is None]
    if missing:
        peers_log(f"installing {' '.join(missing)} (apt)...")
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, stdout=subprocess.DEVNULL)
    if "linkinator" in names and not os.path.exists(peers.LINKINATOR_CLI):
        peers_log("installing linkinator@7.6.1 (npm)...")
        folder = os.path.dirname(peers.LINKINATOR_CLI)
        while os.path.basename(folder) != "node_modules":
            folder = os.path.dirname(folder)
        folder = os.path.dirname(folder)
        os.makedirs(folder, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", folder, "--no-audit", "--no-fund", "linkinator@7.6.1"],
                       check=True, stdout=subprocess.DEVNULL)


def peers_log(message):
    print(message, file=sys.stderr, flush=True)


def url_list(count, hosts, port, seed):
    rng = random.Random(seed)
    kinds = []
    for template, share, expected, requests in MIX:
        kinds += [(template, expected, requests)] * round(count * share)
    kinds = (kinds + [MIX[0][::2] + (1,)] * count)[:count]
    rng.shuffle(kinds)
    urls, expected, requests = [], {}, 0
    for i, (template, category, fewest) in enumerate(kinds):
        url = f"http://127.0.0.{2 + rng.randrange(hosts)}:{port}" + template.format(i=i)
        urls.append(url)
        expected[url] = category
        requests += fewest
    return urls, expected, requests


def politeness_floor(urls, latency_ms, per_host=4, retry_after_s=1.0):
    """The busiest host's time when each 429 pauses it for Retry-After and it serves PER_HOST at once."""
    hosts = {}
    for url in urls:
        host = url.split("/")[2]
        throttled, count = hosts.get(host, (0, 0))
        hosts[host] = (throttled + ("/throttle/" in url), count + 1)
    return max(t * retry_after_s + math.ceil(n / per_host) * latency_ms / 1000 for t, n in hosts.values())


def score(results, expected):
    right = sum(1 for url, category in expected.items() if results.get(url) == category)
    tally = {}
    for category in results.values():
        tally[category] = tally.get(category, 0) + 1
    return right, tally


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=32)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--retries", type=int, default=0, help="Crawler's retries of transient failures")
    parser.add_argument("--peers", default="wget2,linkinator,linkchecker")
    parser.add_argument("--peer-limit", type=float, default=900, help="seconds before a peer run is stopped")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    install(args.peers.split(","))
    if not args.no_build:
        build()
    urls, expected, requests = url_list(args.urls, args.hosts, args.port, args.seed)
    hangs = sum(1 for category in expected.values() if category == "timeout")
    limit = max(math.ceil(requests / args.concurrency) * args.latency / 1000 + args.timeout,
                (requests * args.latency / 1000 + hangs * args.timeout) / args.concurrency)
    rows = []
    work = tempfile.mkdtemp(prefix="crawler-compare-")
    data = os.path.join(work, "store")
    ensure_clean(5)
    # One web per tool: the throttled URLs answer 429 only the first time they are asked.
    def fresh_web():
        process = start_web(args.hosts, args.port, args.latency)
        wait_for(f"http://127.0.0.2:{args.port}/ok", 30)
        return process

    web = fresh_web()
    apphost = start_apphost(data, silos=2)
    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        options = {"maxConcurrency": args.concurrency, "timeoutMs": int(args.timeout * 1000), "retries": args.retries}
        run_batch([u.replace("/throttle/t", "/throttle/warm") for u in urls], options)
        stop(web)
        web = fresh_web()
        seconds, results, _ = run_batch(urls, options)
        crawler = {r["url"]: CRAWLER_CATEGORY.get(r["outcome"], "broken") for r in results}
        rows.append(("Crawler (2 silos)", seconds, *score(crawler, expected)))
    finally:
        stop(apphost)
        stop(web)
        ensure_clean()

    for name in [p for p in args.peers.split(",") if p]:
        web = fresh_web()
        try:
            peers_log(f"running {name}...")
            run = peers.PEERS[name](urls, args.concurrency, args.timeout, os.path.join(work, name),
                                    hard_limit_s=args.peer_limit)
            label = name + (" (stopped at the limit)" if run.get("killed") else "")
            rows.append((label, run["seconds"], *score(run["results"], expected)))
        finally:
            stop(web)

    crawler_seconds = rows[0][1]
    versions = peers.peer_versions()
    print(f"{args.urls} URLs, {args.hosts} hosts, {args.latency} ms latency, {args.concurrency} in flight, "
          f"{args.timeout:g} s timeout, Crawler retries {args.retries}; fewest requests {requests}; limit {limit:.2f} s; "
          f"politeness floor {politeness_floor(urls, args.latency):.2f} s")
    print("versions: " + "; ".join(f"{k} {v}" for k, v in versions.items()))
    print(f"| tool | wall s | URLs/s | right of {args.urls} | verdicts | Crawler faster by | share of the limit |")
    print("|---|---|---|---|---|---|---|")
    for name, seconds, right, tally in rows:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
        ratio = "" if name.startswith("Crawler") else f"{seconds / crawler_seconds:.1f}x"
        print(f"| {name} | {seconds:.2f} | {args.urls / seconds:,.0f} | {right} | {verdicts} | {ratio} | {limit / seconds:.0%} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
