#!/usr/bin/env python3
"""A crawl measured warm and taken apart: one cluster, several crawls of the same site, and where a link's time goes.

Starts the synthetic web (HOSTS hosts, LATENCY ms, PAGES pages a host) and the cluster through the app host (2 silos),
crawls the site RUNS times (scope = its hosts, robots obeyed, 64 in flight, 4 per host), prints each run's wall time
and the median of all but the first, and from the last run: the mean in flight (the crawl's concurrency summary), how
long a link waits from its page's answer to its own dispatch ("discovery"), queue waits and run times (percentiles).

    python3 bench/crawl_steady.py --runs 6

Only loopback addresses are used. Stdlib only.
"""
import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, start_apphost, start_web, stop, submit, wait_for  # noqa: E402
from timeline import instant  # noqa: E402


def percentiles(values):
    ordered = sorted(values)
    return f"p10 {ordered[len(ordered) // 10]:.0f}, p50 {statistics.median(ordered):.0f}, p90 {ordered[int(len(ordered) * 0.9)]:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=32)
    parser.add_argument("--pages", type=int, default=32, help="pages a host")
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--port", type=int, default=8096)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build()
    ensure_clean(5)
    web = start_web(args.hosts, args.port, args.latency, "--site-pages", args.pages, "--site-deep", "2",
                    "--site-special-images", "false")
    hosts = [f"127.0.0.{2 + i}" for i in range(args.hosts)]
    seed = f"http://{hosts[0]}:{args.port}/site/p/0"
    apphost = None
    try:
        wait_for(seed, 60)
        apphost = start_apphost(os.path.join(tempfile.mkdtemp(prefix="crawler-steady-"), "store"), 2)
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        crawl = {"maxConcurrency": 64, "perHostConcurrency": 4, "retries": 0, "timeoutMs": 10000,
                 "crawl": {"maxDepth": 1000, "maxPages": 100000, "scope": "hosts", "hosts": hosts, "robots": True}}
        times = []
        for run in range(args.runs):
            seconds, lines, _, (summary,) = submit("/api/crawls", {"urls": [seed], "options": crawl}, extra=["summary"])
            times.append(seconds)
            print(f"run {run}: {seconds:.2f} s, {sum(1 for r in lines if r['outcome'] == 'ok' and r.get('page'))} pages", flush=True)
    finally:
        if apphost:
            stop(apphost)
        ensure_clean()
        stop(web)

    print(f"median of runs 1..{args.runs - 1}: {statistics.median(times[1:]):.2f} s")
    first_parent = {}
    for r in lines:
        for link in (r.get("page") or {}).get("links", []):
            first_parent[link] = min(first_parent.get(link, float("inf")), instant(r["finishedAt"]))
    started = [r for r in lines if r.get("startedAt")]
    print(f"last run: mean in flight {summary['meanInFlight']:.1f}, max {summary['maxInFlight']}")
    print("discovery (page answered -> link dispatched):", percentiles([(instant(r["queuedAt"]) - first_parent[r["url"]]) * 1000 for r in lines if r["url"] in first_parent]))
    print("queue wait:", percentiles([(instant(r["startedAt"]) - instant(r["queuedAt"])) * 1000 for r in started]))
    print("run time:", percentiles([(instant(r["finishedAt"]) - instant(r["startedAt"])) * 1000 for r in started]))


if __name__ == "__main__":
    main()
