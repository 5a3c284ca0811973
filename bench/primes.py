#!/usr/bin/env python3
"""Whole-cluster prime counting next to primesieve, on the same machine with the same number of threads.

Installs Debian's primesieve (package primesieve-bin) if it is missing, builds the app host in Release and
starts the cluster through it (store + SILOS silos + API), each silo computing on THREADS / SILOS sieve
workers, so the cluster and primesieve use THREADS threads each. Warms the cluster with a small job (the JIT
is not what is measured), then for each limit N counts the primes below N with both, best of RUNS:

  Crawler:    POST /api/primes {"from": 0, "to": N}, streams its results to the end (wall time from the
              submit to the last line, as a client sees it);
  primesieve: primesieve N --count=1 --threads=THREADS (wall time of the process).

Prints a table with both times, the ratio, and checks that the counts agree.

    python3 bench/primes.py --limits 1e9,1e10,1e11 --silos 2 --threads 2

Only loopback addresses are used. Stdlib only.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, log, start_apphost, stop, submit, wait_for  # noqa: E402


def install():
    if shutil.which("primesieve") is None:
        log("installing primesieve-bin (apt)...")
        subprocess.run(["apt-get", "install", "-y", "-qq", "primesieve-bin"], check=True, stdout=subprocess.DEVNULL)


def primesieve(limit, threads):
    started = time.perf_counter()
    output = subprocess.run(["primesieve", str(limit), "--count=1", f"--threads={threads}"],
                            check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    count = int(re.search(r"Primes:\s*(\d+)", output).group(1))
    return seconds, count


def crawler(limit):
    """Submits a count job and reads its result stream to the end; returns (seconds, status)."""
    seconds, _, status, _ = submit("/api/primes", {"from": 0, "to": limit})
    if status["state"] != "completed":
        raise RuntimeError(f"job ended {status['state']}")
    return seconds, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limits", default="1e9,1e10,1e11")
    parser.add_argument("--silos", type=int, default=2)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if args.threads % args.silos:
        parser.error("--threads must be a multiple of --silos (each silo gets the same number of sieve workers)")
    limits = [int(float(limit)) for limit in args.limits.split(",")]

    install()
    if not args.no_build:
        build()
    ensure_clean(5)
    data = tempfile.mkdtemp(prefix="crawler-primes-")
    apphost = start_apphost(data, args.silos, [f"--Primes:MaxParallelism={args.threads // args.silos}"])
    rows = []
    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        crawler(10**8)  # warm-up
        for limit in limits:
            ours = [crawler(limit) for _ in range(args.runs)]
            theirs = [primesieve(limit, args.threads) for _ in range(args.runs)]
            seconds, status = min(ours, key=lambda run: run[0])
            peer_seconds, peer_count = min(theirs)
            count = status["summary"]["count"]
            if count != peer_count:
                raise RuntimeError(f"pi({limit:.0e}): Crawler {count}, primesieve {peer_count}")
            rows.append((limit, count, seconds, peer_seconds, status["partitions"], status["silos"]))
            log(f"pi({limit:.0e}) = {count}: Crawler {seconds:.3f} s, primesieve {peer_seconds:.3f} s")
    finally:
        stop(apphost)
        ensure_clean()
        shutil.rmtree(data, ignore_errors=True)

    version = subprocess.run(["primesieve", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{args.silos} silos x {args.threads // args.silos} sieve workers = {args.threads} threads; "
          f"primesieve --threads={args.threads} ({version}); best of {args.runs}")
    print("| range | primes | Crawler s | primesieve s | Crawler / primesieve | partitions (per silo) |")
    print("|---|---|---|---|---|---|")
    for limit, count, seconds, peer_seconds, partitions, silos in rows:
        spread = ", ".join(str(n) for n in sorted(silos.values(), reverse=True))
        print(f"| [0, {limit:.0e}) | {count:,} | {seconds:.3f} | {peer_seconds:.3f} | {seconds / peer_seconds:.2f}x | {partitions} ({spread}) |")


if __name__ == "__main__":
    main()
