#!/usr/bin/env python3
"""The store's size and restart time after 1,000,000 results, with and without retention.

For each mode, on a fresh store: starts the synthetic web (HOSTS hosts, no latency) and the app host (Release build, 2
silos), runs BATCHES check batches of URLS URLs each to their last result, then (in the retention mode) waits until the
retention sweep has deleted them all; stops the app host, and measures the store's folder (all of it, and its
append-only log) and how long the store alone takes to start again on it (until it answers PING).

  kept:        no retention (jobs kept), no checkpoints: the store as it was before
  checkpoints: jobs kept, checkpoints on (Store:CheckpointAofBytes, the default)
  retention:   jobs expire 30 s after they end (Quotas:Retention), checkpoints on

    python3 bench/retention.py --batches 10 --urls 100000

Only loopback addresses are used. Stdlib only.
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, log, ROOT, start, start_apphost, start_web, stop, wait_for  # noqa: E402

MODES = {
    "kept": ["--Store:CheckpointAofBytes=0"],
    "checkpoints": [],
    "retention": ["--Quotas:Retention=00:00:30"],
}


def folder_bytes(path, pattern=None):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            if pattern is None or name.startswith(pattern):
                try:
                    total += os.path.getsize(os.path.join(root, name))
                except OSError:
                    pass
    return total


def run_batch(hosts, port, urls, tag):
    """Streams a text/plain batch of URLS URLs and reads its results to the end; returns its location."""
    def body():
        chunk = []
        for i in range(urls):
            chunk.append(f"http://{hosts[i % len(hosts)]}:{port}/ok?{tag}={i}\n")
            if len(chunk) == 10_000:
                yield "".join(chunk).encode()
                chunk = []
        if chunk:
            yield "".join(chunk).encode()

    connection = http.client.HTTPConnection(*API, timeout=3600)
    connection.request("POST", "/api/checks?maxConcurrency=256&perHostConcurrency=8&retries=0", body=body(),
                       headers={"Content-Type": "text/plain"}, encode_chunked=True)
    response = connection.getresponse()
    payload = response.read()
    if response.status != 202:
        raise RuntimeError(f"submit: {response.status} {payload[:300]!r}")
    location = response.getheader("Location")
    count = 0
    while count < urls:
        connection.request("GET", f"{location}/results?from={count}")
        for line in connection.getresponse():
            count += bool(line.strip())
    connection.close()
    return location


def status_code(path):
    connection = http.client.HTTPConnection(*API, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def store_restart_seconds(data, port):
    """Starts the store alone on DATA and times it until it answers PING."""
    started = time.perf_counter()
    store = start([os.path.join(ROOT, "src/Crawler.Store/bin/Release/net10.0/Crawler.Store"),
                   f"--Store:DataDirectory={data}", f"--Store:Port={port}", "--urls=http://127.0.0.1:0"])
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as client:
                    client.sendall(b"PING\r\n")
                    if client.recv(16).startswith(b"+PONG"):
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("the store did not come back")
    finally:
        stop(store)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--urls", type=int, default=100_000, help="URLs a batch")
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build()

    hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
    rows = []
    for mode in args.modes.split(","):
        data = tempfile.mkdtemp(prefix=f"crawler-retention-{mode}-")
        ensure_clean(5)
        web = start_web(args.hosts, args.port, 0)
        apphost = start_apphost(data, silos=2, settings=MODES[mode])
        try:
            wait_for(f"http://{API[0]}:{API[1]}/health", 180)
            started = time.perf_counter()
            locations = [run_batch(hosts, args.port, args.urls, f"{mode}{b}") for b in range(args.batches)]
            ran = time.perf_counter() - started
            log(f"{mode}: {args.batches * args.urls:,} results in {ran:.0f} s")
            if mode == "retention":
                deadline = time.monotonic() + 600
                while any(status_code(l) != 404 for l in locations) and time.monotonic() < deadline:
                    time.sleep(5)
                log(f"{mode}: every batch deleted after {time.perf_counter() - started - ran:.0f} s more")
                time.sleep(15)  # the store's next checkpoint round (every 5 s) after the deletions
        finally:
            stop(apphost)
            stop(web)
            ensure_clean()
        size, aof = folder_bytes(data), folder_bytes(os.path.join(data, "AOF"), "aof.log")
        restart = store_restart_seconds(data, 16400)
        rows.append((mode, size, aof, restart))
        shutil.rmtree(data, ignore_errors=True)

    print(f"{args.batches} batches x {args.urls:,} URLs = {args.batches * args.urls:,} results, 2 silos")
    print("| mode | store folder | of it append-only log | store restart to first PING |")
    print("|---|---|---|---|")
    for mode, size, aof, restart in rows:
        print(f"| {mode} | {size / 2**20:,.0f} MiB | {aof / 2**20:,.0f} MiB | {restart:.1f} s |")


if __name__ == "__main__":
    main()
