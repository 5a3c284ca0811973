#!/usr/bin/env python3
"""Whole-system benchmark of batch URL checking.

Starts the synthetic web (HOSTS loopback hosts, LATENCY ms per answer) and the real cluster through the
app host (store + SILOS silos + API, Release build), warms it with a small batch, then submits a batch of
URLS URLs through the API and streams its results. Prints wall time, URLs/s, outcomes, and the theoretical
limit ceil(URLS / concurrency) x latency, where concurrency = min(maxConcurrency, hosts x perHostConcurrency).

    python3 bench/checks.py --urls 2000 --hosts 16 --latency 20 --max-concurrency 64 --per-host 4

Only loopback addresses are used. Stdlib only.
"""
import argparse
import http.client
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API = ("localhost", 5080)


def log(message):
    print(message, file=sys.stderr, flush=True)


def wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not healthy within {seconds} s")


def start(args, **kwargs):
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, **kwargs)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run_batch(urls, options):
    """Submits through the API and reads the NDJSON stream to its end; returns (seconds, results, status)."""
    body = json.dumps({"urls": urls, "options": options})
    started = time.perf_counter()
    connection = http.client.HTTPConnection(*API, timeout=600)
    connection.request("POST", "/api/checks", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 202:
        raise RuntimeError(f"submit: {response.status} {response.read()[:500]!r}")
    location = response.getheader("Location")
    response.read()
    connection.request("GET", f"{location}/results")
    stream = connection.getresponse()
    results = [json.loads(line) for line in stream if line.strip()]
    seconds = time.perf_counter() - started
    connection.request("GET", location)
    status = json.loads(connection.getresponse().read())
    connection.close()
    return seconds, results, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=16)
    parser.add_argument("--latency", type=int, default=20, help="ms per answer")
    parser.add_argument("--max-concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--silos", type=int, default=2)
    parser.add_argument("--port", type=int, default=8090, help="port of the synthetic web on every host")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_build:
        log("building (Release)...")
        for project in ("AppHost", "tests/Crawler.SyntheticWeb"):
            subprocess.run(["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "q"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)

    data = tempfile.mkdtemp(prefix="crawler-bench-")
    web = start([os.path.join(ROOT, "tests/Crawler.SyntheticWeb/bin/Release/net10.0/Crawler.SyntheticWeb"),
                 str(args.hosts), str(args.port), str(args.latency)])
    apphost = start(["dotnet", "run", "--project", "AppHost", "-c", "Release", "--no-build", "--",
                     f"--Silos={args.silos}", f"--Store:DataDirectory={data}"])
    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
        options = {"maxConcurrency": args.max_concurrency, "perHostConcurrency": args.per_host, "retries": 0}

        warm = [f"http://{hosts[i % len(hosts)]}:{args.port}/ok?warm={i}" for i in range(200)]
        run_batch(warm, options)

        urls = [f"http://{hosts[i % len(hosts)]}:{args.port}/ok?i={i}" for i in range(args.urls)]
        seconds, results, status = run_batch(urls, options)

        concurrency = min(args.max_concurrency, args.hosts * args.per_host)
        limit = math.ceil(args.urls / concurrency) * args.latency / 1000
        ok = sum(1 for r in results if r["outcome"] == "ok")
        silos = sorted({r.get("silo") for r in results})
        print(f"urls={args.urls} hosts={args.hosts} latency={args.latency}ms concurrency={concurrency} silos={args.silos}")
        print(f"results={len(results)} ok={ok} distinct={len({r['index'] for r in results})} state={status['state']}")
        print(f"checked on: {', '.join(silos)}")
        print(f"wall {seconds:.3f} s (submit to last result)  ->  {args.urls / seconds:,.0f} URLs/s")
        print(f"limit ceil({args.urls}/{concurrency}) x {args.latency} ms = {limit:.3f} s  ->  {limit / seconds:.0%} of the limit")
    finally:
        stop(apphost)
        stop(web)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
