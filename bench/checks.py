#!/usr/bin/env python3
"""Whole-system benchmark of batch URL checking.

Starts the synthetic web (HOSTS loopback hosts, LATENCY ms per answer) and the real cluster through the
app host (store + SILOS silos + API + dashboard, Release build), warms it with one batch of the same size
(a running service is warm; the JIT is not what is measured), then submits RUNS batches of URLS URLs
through the API, streaming each batch's results to its end. Prints each run and the median: wall time from
submit to last result, URLs/s, outcomes, and the theoretical limit ceil(URLS / concurrency) x latency,
where concurrency = min(maxConcurrency, hosts x perHostConcurrency).

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


def start(args, cwd=ROOT, **kwargs):
    return subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, **kwargs)


def start_web(hosts, port, latency, *options):
    """The synthetic web (Release build): HOSTS loopback hosts from 127.0.0.2 on PORT, LATENCY ms before every answer."""
    return start([os.path.join(ROOT, "src/Crawler.SyntheticWeb/bin/Release/net10.0/Crawler.SyntheticWeb"),
                  str(hosts), str(port), str(latency), *map(str, options)])


def stop(process):
    """SIGTERM to the process alone (the app host then has its orchestrator stop every resource), then the group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def leftovers():
    found = subprocess.run(["pgrep", "-f", "Crawler\\.(Silo|Api|Store|AppHost)|tools/dcp"], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def ensure_clean(seconds=60):
    """Waits for processes of an earlier run to end, and ends them if they linger: they would skew the figures."""
    deadline = time.monotonic() + seconds
    while leftovers() and time.monotonic() < deadline:
        time.sleep(1)
    for pid in leftovers():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def build():
    log("building (Release)...")
    for project in ("AppHost", "src/Crawler.SyntheticWeb"):
        subprocess.run(["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "q"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)


def start_apphost(data, silos, settings=()):
    """
    The app host as `dotnet run --project AppHost` starts it (its launch profile's settings, its folder as the working
    directory, where its appsettings.json is), in Release.
    """
    return start([os.path.join(ROOT, "AppHost/bin/Release/net10.0/Crawler.AppHost"),
                  f"--Silos={silos}", f"--Store:DataDirectory={data}", *settings],
                 cwd=os.path.join(ROOT, "AppHost"),
                 env={**os.environ, "DOTNET_ENVIRONMENT": "Development", "ASPNETCORE_URLS": "http://localhost:18888",
                      "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL": "http://localhost:18889",
                      "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL": "http://localhost:18890",
                      "ASPIRE_ALLOW_UNSECURED_TRANSPORT": "true"})


def submit(path, body, extra=()):
    """
    POSTs a batch or job to PATH, reads its NDJSON result stream to the end and GETs its status and any EXTRA
    sub-resources (such as "summary"); returns (seconds from the POST to the last line, lines, status, extras).
    """
    started = time.perf_counter()
    connection = http.client.HTTPConnection(*API, timeout=3600)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 202:
        raise RuntimeError(f"submit: {response.status} {response.read()[:500]!r}")
    location = response.getheader("Location")
    response.read()
    connection.request("GET", f"{location}/results")
    lines = [json.loads(line) for line in connection.getresponse() if line.strip()]
    seconds = time.perf_counter() - started
    fetched = []
    for resource in ("", *(f"/{e}" for e in extra)):
        connection.request("GET", f"{location}{resource}")
        fetched.append(json.loads(connection.getresponse().read()))
    connection.close()
    return seconds, lines, fetched[0], fetched[1:]


def run_batch(urls, options):
    """Submits a check batch and reads its results to the end; returns (seconds, results, status)."""
    seconds, results, status, _ = submit("/api/checks", {"urls": urls, "options": options})
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
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_build:
        build()

    data = tempfile.mkdtemp(prefix="crawler-bench-")
    web = start_web(args.hosts, args.port, args.latency)
    ensure_clean(5)
    apphost = start_apphost(data, args.silos)
    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
        options = {"maxConcurrency": args.max_concurrency, "perHostConcurrency": args.per_host, "retries": 0}

        concurrency = min(args.max_concurrency, args.hosts * args.per_host)
        limit = math.ceil(args.urls / concurrency) * args.latency / 1000
        print(f"urls={args.urls} hosts={args.hosts} latency={args.latency}ms concurrency={concurrency} silos={args.silos}")
        print(f"limit: ceil({args.urls}/{concurrency}) x {args.latency} ms = {limit:.3f} s")

        def urls(tag):
            return [f"http://{hosts[i % len(hosts)]}:{args.port}/ok?{tag}={i}" for i in range(args.urls)]

        run_batch(urls("warm"), options)
        walls = []
        for run in range(args.runs):
            seconds, results, status = run_batch(urls(f"run{run}"), options)
            ok = sum(1 for r in results if r["outcome"] == "ok")
            distinct = len({r["index"] for r in results})
            silos = len({r.get("silo") for r in results})
            walls.append(seconds)
            print(f"run {run + 1}: {seconds:.3f} s  {args.urls / seconds:,.0f} URLs/s  {limit / seconds:.0%} of the limit"
                  f"  (results={len(results)} distinct={distinct} ok={ok} state={status['state']} silos={silos})")

        median = sorted(walls)[len(walls) // 2]
        print(f"median: {median:.3f} s  {args.urls / median:,.0f} URLs/s  {limit / median:.0%} of the limit")
    finally:
        stop(apphost)
        stop(web)
        ensure_clean()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
