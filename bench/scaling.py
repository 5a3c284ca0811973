#!/usr/bin/env python3
"""The classic lesson — threads help I/O, only more cores help CPU work — measured on the cluster.

I/O-bound: a batch of URLS slow URLs (each answers after DELAY ms) on HOSTS loopback hosts, checked at several
batch concurrencies on 2 silos. CPU-bound: counting the primes below LIMIT with several sieve-worker settings
(silos x workers a silo). For each run it prints the wall time and, from the run's own concurrency summary
(GET .../summary), the mean in flight and the speed-up over doing the items one at a time.

    python3 bench/scaling.py --urls 200 --hosts 8 --delay 50 --limit 1e10 --svg docs/images

With --svg DIR it also draws each run's timeline (scaling-io-C.svg, scaling-cpu-SxW.svg): a lane per host or silo,
a bar per item from queued through started to finished, and the number in flight underneath.
Only loopback addresses are used. Stdlib only.
"""
import argparse
import os
import shutil
import sys
import tempfile
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, start_apphost, start_web, stop, submit, wait_for  # noqa: E402
from timeline import instant, write_svg  # noqa: E402


def run(path, body, svg=None, title=None):
    """Submits, reads the result stream to its end, draws its timeline to SVG if asked; returns (seconds, summary)."""
    seconds, lines, status, (summary,) = submit(path, body, extra=["summary"])
    if svg:
        if path == "/api/checks":
            items = [(urlparse(r["url"]).netloc, instant(r["queuedAt"]), instant(r["startedAt"]), instant(r["finishedAt"]), r["outcome"] == "ok")
                     for r in lines if r.get("startedAt")]
        else:
            # A partition is queued when its job is created.
            created = instant(status["createdAt"])
            items = [(p["silo"], created, instant(p["startedAt"]), instant(p["finishedAt"]), True) for p in lines if p.get("startedAt")]
        write_svg(svg, title, items)
    return seconds, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--delay", type=int, default=50)
    parser.add_argument("--limit", type=float, default=1e10)
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--svg", help="folder for each run's timeline as SVG")
    args = parser.parse_args()
    svg = (lambda name: os.path.join(args.svg, name)) if args.svg else (lambda name: None)
    if not args.no_build:
        build()
    ensure_clean(5)
    rows = []
    web = start_web(args.hosts, args.port, 0)
    try:
        wait_for(f"http://127.0.0.2:{args.port}/ok", 30)
        urls = [f"http://127.0.0.{2 + i % args.hosts}:{args.port}/slow/{args.delay}?i={i}" for i in range(args.urls)]
        work = tempfile.mkdtemp(prefix="crawler-scaling-")
        apphost = start_apphost(os.path.join(work, "store"), 2)
        try:
            wait_for(f"http://{API[0]}:{API[1]}/health", 180)
            run("/api/checks", {"urls": urls[:20], "options": {"headFirst": False}})  # warm-up
            for concurrency in (1, 4, 16, 64):
                options = {"maxConcurrency": concurrency, "perHostConcurrency": 8, "headFirst": False, "retries": 0}
                label = f"{args.urls} URLs of {args.delay} ms, maxConcurrency {concurrency}"
                seconds, summary = run("/api/checks", {"urls": [f"{u}&c={concurrency}" for u in urls], "options": options},
                                       svg(f"scaling-io-{concurrency}.svg"), f"I/O: {label}")
                rows.append(("I/O", label, seconds, summary))
        finally:
            stop(apphost)
            ensure_clean()
        for silos, workers in ((1, 1), (1, 2), (2, 1), (2, 2)):
            apphost = start_apphost(os.path.join(work, f"store-{silos}-{workers}"), silos, [f"--Primes:MaxParallelism={workers}"])
            try:
                wait_for(f"http://{API[0]}:{API[1]}/health", 180)
                run("/api/primes", {"from": 0, "to": 10**8})  # warm-up
                label = f"primes below {args.limit:.0e}, {silos} silo(s) x {workers} worker(s)"
                seconds, summary = run("/api/primes", {"from": 0, "to": int(args.limit), "partitions": 32},
                                       svg(f"scaling-cpu-{silos}x{workers}.svg"), f"CPU: {label}")
                rows.append(("CPU", label, seconds, summary))
            finally:
                stop(apphost)
                ensure_clean()
        shutil.rmtree(work, ignore_errors=True)
    finally:
        stop(web)

    print(f"{os.cpu_count()} cores; one machine")
    print("| kind | run | wall s | max in flight | mean in flight | speed-up over one at a time |")
    print("|---|---|---|---|---|---|")
    for kind, label, seconds, summary in rows:
        print(f"| {kind} | {label} | {seconds:.2f} | {summary['maxInFlight']} | {summary['meanInFlight']:.1f} | {summary['speedUp']:.1f}x |")


if __name__ == "__main__":
    main()
