#!/usr/bin/env python3
"""Scale-out: the same check batch on 1, 2 and 3 silos, side by side in one run.

Starts the synthetic web (HOSTS loopback hosts, LATENCY ms before every answer) once, then for each silo count the
app host (Release) with that many silos, warms it with one batch, and checks RUNS batches of URLS distinct URLs at
CONCURRENCY in flight (PER_HOST a host), reading each result stream to its end. Prints every run, the median, URLs/s,
URLs/s per silo, the ratio to one silo and the limit ceil(URLS / min(CONCURRENCY, HOSTS x PER_HOST)) x LATENCY:
a batch whose concurrency is high enough that the limit is far below what the machine's cores can do shows where
adding silos stops paying.

    python3 bench/silos.py --silos 1,2,3 --urls 10000 --hosts 32 --latency 20 --concurrency 256 --per-host 8

Only loopback addresses are used. Stdlib only.
"""
import argparse
import math
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, log, run_batch, start_apphost, start_web, stop, wait_for  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--silos", default="1,2,3")
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=32)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_build:
        build()
    ensure_clean(5)
    web = start_web(args.hosts, args.port, args.latency)
    hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
    options = {"maxConcurrency": args.concurrency, "perHostConcurrency": args.per_host, "retries": 0}
    limit = math.ceil(args.urls / min(args.concurrency, args.hosts * args.per_host)) * args.latency / 1000
    medians = {}
    try:
        wait_for(f"http://127.0.0.2:{args.port}/ok", 30)
        for silos in (int(s) for s in args.silos.split(",")):
            work = tempfile.mkdtemp(prefix="crawler-silos-")
            apphost = start_apphost(os.path.join(work, "store"), silos)
            try:
                wait_for(f"http://{API[0]}:{API[1]}/health", 180)
                run_batch([f"http://{hosts[i % len(hosts)]}:{args.port}/ok?warm{silos}={i}" for i in range(args.urls)], options)
                walls = []
                for run in range(args.runs):
                    urls = [f"http://{hosts[i % len(hosts)]}:{args.port}/ok?s{silos}r{run}={i}" for i in range(args.urls)]
                    seconds, results, status = run_batch(urls, options)
                    ok = sum(1 for r in results if r["outcome"] == "ok")
                    used = len({r.get("silo") for r in results})
                    if ok != args.urls or len({r["index"] for r in results}) != args.urls:
                        raise RuntimeError(f"{silos} silos, run {run + 1}: {ok} ok of {args.urls}, {len(results)} results")
                    walls.append(seconds)
                    log(f"{silos} silos, run {run + 1}: {seconds:.2f} s, {args.urls / seconds:,.0f} URLs/s, on {used} silos")
                medians[silos] = (walls, statistics.median(walls))
            finally:
                stop(apphost)
                ensure_clean()
                shutil.rmtree(work, ignore_errors=True)
    finally:
        stop(web)

    print(f"{args.urls} URLs, {args.hosts} hosts, {args.latency} ms latency, {args.concurrency} in flight "
          f"({args.per_host} a host); limit {limit:.2f} s; {os.cpu_count()} cores for everything")
    print("| silos | runs (s) | median | URLs/s | URLs/s per silo | vs 1 silo | share of the limit |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    base = medians[min(medians)][1]
    for silos, (walls, median) in medians.items():
        print(f"| {silos} | {', '.join(f'{w:.2f}' for w in walls)} | {median:.2f} | {args.urls / median:,.0f} | "
              f"{args.urls / median / silos:,.0f} | {base / median:.2f}x | {limit / median:.0%} |")


if __name__ == "__main__":
    main()
