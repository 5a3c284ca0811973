#!/usr/bin/env python3
"""Fair share between jobs on the whole system: how long a small job takes beside a big one, and alone.

Starts the synthetic web (HOSTS loopback hosts, LATENCY ms per answer) and the app host (Release build, 2 silos), then:

  checks: a batch of BIG URLs over all hosts but the last (maxConcurrency 5000, 200 a host), and once it runs, a batch
          of 10 URLs on the last host: the seconds from its submission to its last result, beside the big one and alone;
  primes: a count of [0, 10^12) and, once it runs, a count of [0, 10^7): the same.

The big jobs are deleted (?purge=true) after each measurement. Prints a table; RUNS runs of each, the median.

    python3 bench/fairshare.py --big 100000 --hosts 25 --latency 100 --runs 3

Only loopback addresses are used. Stdlib only.
"""
import argparse
import http.client
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, log, start_apphost, start_web, stop, submit, wait_for  # noqa: E402


def post(path, body):
    connection = http.client.HTTPConnection(*API, timeout=600)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    if response.status != 202:
        raise RuntimeError(f"{path}: {response.status} {payload[:300]!r}")
    return response.getheader("Location")


def get(path):
    connection = http.client.HTTPConnection(*API, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    return body


def purge(location):
    connection = http.client.HTTPConnection(*API, timeout=120)
    connection.request("DELETE", f"{location}?purge=true")
    connection.getresponse().read()
    connection.close()


def running(location, done_key, within=120):
    """Waits until the job has started producing (its first result or partition), so that the small job meets it busy."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        status = get(location)
        if status["state"] == "running" and status.get(done_key, 0) > 0:
            return status
        time.sleep(0.2)
    raise TimeoutError(f"{location} did not get going")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", type=int, default=100_000, help="URLs of the big batch")
    parser.add_argument("--hosts", type=int, default=25)
    parser.add_argument("--latency", type=int, default=100)
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build()

    data = tempfile.mkdtemp(prefix="crawler-fairshare-")
    ensure_clean(5)
    web = start_web(args.hosts, args.port, args.latency)
    apphost = start_apphost(data, silos=2)
    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
        small_host = hosts[-1]

        def small_batch(tag):
            urls = [f"http://{small_host}:{args.port}/ok?{tag}={i}" for i in range(10)]
            seconds, results, _, _ = submit("/api/checks", {"urls": urls, "options": {"retries": 0}})
            assert all(r["outcome"] == "ok" for r in results), results
            return seconds

        def small_primes():
            seconds, _, status, _ = submit("/api/primes", {"from": 0, "to": 10_000_000})
            assert status["summary"]["count"] == 664_579, status
            return seconds

        rows = {"checks": ([], []), "primes": ([], [])}
        small_batch("warm")
        small_primes()
        for run in range(args.runs):
            rows["checks"][1].append(small_batch(f"alone{run}"))
            big = post("/api/checks", {
                "urls": [f"http://{hosts[i % (args.hosts - 1)]}:{args.port}/ok?big{run}={i}" for i in range(args.big)],
                "options": {"maxConcurrency": 5000, "perHostConcurrency": 200, "retries": 0}})
            busy = running(big, "done")
            rows["checks"][0].append(small_batch(f"beside{run}"))
            after = get(big)
            log(f"run {run + 1}: checks beside {rows['checks'][0][-1]:.2f} s (big batch {busy['done']} -> {after['done']} done)")
            purge(big)

            rows["primes"][1].append(small_primes())
            big = post("/api/primes", {"from": 0, "to": 1_000_000_000_000})
            running(big, "partitionsDone", within=600)
            rows["primes"][0].append(small_primes())
            log(f"run {run + 1}: primes beside {rows['primes'][0][-1]:.2f} s")
            purge(big)

        median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
        print(f"2 silos, {args.hosts} hosts at {args.latency} ms; big batch {args.big:,} URLs; median of {args.runs}")
        print("| small job | beside the big one | alone |")
        print("|---|---|---|")
        print(f"| 10 URLs beside {args.big:,} | {median(rows['checks'][0]):.2f} s | {median(rows['checks'][1]):.2f} s |")
        print(f"| π(10^7) beside π(10^12) | {median(rows['primes'][0]):.2f} s | {median(rows['primes'][1]):.2f} s |")
    finally:
        stop(apphost)
        stop(web)
        ensure_clean()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
