#!/usr/bin/env python3
"""A very large batch through the whole system, with memory watched.

Starts the synthetic web (HOSTS hosts, LATENCY ms) and the app host (Release build), uploads URLS distinct
URLs as one streamed text/plain body (generated on the fly, never held in memory here), reads the NDJSON
result stream to its end while sampling the resident memory (RSS) of every silo, the API and the store once
a second, and checks that every URL came back exactly once.

    python3 bench/scale.py --urls 1000000 --hosts 50 --latency 0

Only loopback addresses are used. Stdlib only.
"""
import argparse
import http.client
import json
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, start_apphost, start_web, stop, wait_for  # noqa: E402


def rss_mb(pattern):
    """Resident memory of each process whose command line contains pattern, in MiB."""
    sizes = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
            if pattern in command and "dotnet run" not in command:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=int, default=0)
    parser.add_argument("--max-concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_build:
        build()
    data = tempfile.mkdtemp(prefix="crawler-scale-")
    ensure_clean(5)
    web = start_web(args.hosts, args.port, args.latency)
    apphost = start_apphost(data, silos=2)
    peaks = {"silo": 0.0, "api": 0.0, "store": 0.0}
    sampling = True

    def sample():
        while sampling:
            for name, pattern in (("silo", "Crawler.Silo"), ("api", "Crawler.Api"), ("store", "Crawler.Store")):
                sizes = rss_mb(pattern)
                if sizes:
                    peaks[name] = max(peaks[name], max(sizes))
            time.sleep(1)

    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        idle = {name: max(rss_mb(pattern) or [0]) for name, pattern in
                (("silo", "Crawler.Silo"), ("api", "Crawler.Api"), ("store", "Crawler.Store"))}
        threading.Thread(target=sample, daemon=True).start()
        hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]

        def body():
            chunk = []
            for i in range(args.urls):
                chunk.append(f"http://{hosts[i % len(hosts)]}:{args.port}/ok?i={i}\n")
                if len(chunk) == 10_000:
                    yield "".join(chunk).encode()
                    chunk = []
            if chunk:
                yield "".join(chunk).encode()

        started = time.perf_counter()
        connection = http.client.HTTPConnection(*API, timeout=3600)
        query = f"maxConcurrency={args.max_concurrency}&perHostConcurrency={args.per_host}&retries=0"
        connection.request("POST", f"/api/checks?{query}", body=body(), headers={"Content-Type": "text/plain"},
                           encode_chunked=True)
        response = connection.getresponse()
        payload = response.read()
        if response.status != 202:
            raise RuntimeError(f"submit: {response.status} {payload[:500]!r}")
        accepted = time.perf_counter() - started
        location = response.getheader("Location")

        connection.close()

        # Read the stream to its end; if it breaks, resume after what arrived (the API's ?from=).
        seen = bytearray(args.urls)
        count = ok = 0
        breaks = []
        while True:
            connection = http.client.HTTPConnection(*API, timeout=3600)
            try:
                connection.request("GET", f"{location}/results?from={count}")
                stream = connection.getresponse()
                for line in stream:
                    if not line.strip():
                        continue
                    result = json.loads(line)
                    seen[result["index"]] += 1
                    count += 1
                    ok += result["outcome"] == "ok"
                if count >= args.urls:
                    break
                breaks.append(f"stream ended early at {count}")
            except (OSError, http.client.HTTPException, ValueError) as error:
                breaks.append(f"{type(error).__name__} at {count}")
            finally:
                connection.close()
            if len(breaks) > 20:
                raise RuntimeError(f"the result stream keeps breaking: {breaks}")
        wall = time.perf_counter() - started
        connection = http.client.HTTPConnection(*API, timeout=60)
        connection.request("GET", location)
        status = json.loads(connection.getresponse().read())
        connection.close()

        print(f"urls={args.urls} hosts={args.hosts} latency={args.latency}ms concurrency={args.max_concurrency} silos=2")
        print(f"upload accepted after {accepted:.1f} s; last result after {wall:.1f} s ({args.urls / wall:,.0f} URLs/s)")
        print(f"results={count} exactly-once={all(n == 1 for n in seen)} ok={ok} state={status['state']}")
        print(f"stream breaks (resumed with ?from=): {len(breaks)} {breaks}")
        print("peak RSS MiB: " + ", ".join(f"{name} {peaks[name]:.0f} (idle {idle[name]:.0f})" for name in peaks))
    finally:
        sampling = False
        stop(apphost)
        stop(web)
        ensure_clean()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
