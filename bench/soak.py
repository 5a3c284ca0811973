#!/usr/bin/env python3
"""Load and soak: many clients submitting small batches and reading their streams, for minutes.

Starts the synthetic web (HOSTS loopback hosts, LATENCY ms per answer) and the real cluster through the app host (store,
SILOS silos, API; Release build), then runs CLIENTS client threads for DURATION seconds. Each client, in a loop, submits
a check batch of URLS URLs (text/plain, as the CLI does), reads its NDJSON stream to the end, and checks it got each
result once. Bounded in time and in count (--max-batches over all clients); every target is on loopback.

Prints, and writes as JSON to a temporary folder: submit latency p50/p99 (POST to 202), batch time p50/p99 (POST to the
last line), errors (must be 0), batches and URLs done, and the resident memory of each silo and of the API sampled every
SAMPLE seconds, with its growth from the end of the first minute to the end (flat means no leak).

    python3 bench/soak.py --clients 50 --duration 600            # the load run
    python3 bench/soak.py --clients 50 --duration 1800 --sample 60   # the soak run of docs/reliability.md

Stdlib only.
"""
import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, log, start_apphost, start_web, stop, wait_for  # noqa: E402


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def resident_mib():
    """Resident memory (MiB) of each silo and API process, by process name and pid."""
    # The apps themselves, not the `dotnet run` that the app host's orchestrator starts each through.
    found = subprocess.run(["pgrep", "-a", "-f", "bin/Release/net10.0/Crawler\\.(Silo|Api)$"], capture_output=True, text=True).stdout
    memory = {}
    for line in found.splitlines():
        pid, command = line.split(" ", 1)
        name = "api" if command.endswith("Crawler.Api") else "silo"
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                rss = next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
        memory[f"{name}-{pid}"] = round(rss / 1024, 1)
    return memory


class Load:
    def __init__(self, args, hosts):
        self.args = args
        self.hosts = hosts
        self.lock = threading.Lock()
        self.submits = []
        self.batches = []
        self.errors = []
        self.done = 0
        self.urls = 0
        self.stop_at = time.monotonic() + args.duration

    def more(self):
        with self.lock:
            if time.monotonic() >= self.stop_at or self.done >= self.args.max_batches:
                return False
            self.done += 1
            return True

    def client(self, number):
        batch = 0
        while self.more():
            batch += 1
            urls = [f"http://{self.hosts[(number + i) % len(self.hosts)]}:{self.args.port}/ok?c={number}&b={batch}&i={i}"
                    for i in range(self.args.urls)]
            try:
                self.one(urls)
            except Exception as error:  # noqa: BLE001 - every failure counts, whatever it is
                with self.lock:
                    self.errors.append(f"client {number} batch {batch}: {type(error).__name__}: {error}"[:300])

    def one(self, urls):
        connection = http.client.HTTPConnection(*API, timeout=120)
        try:
            started = time.perf_counter()
            connection.request("POST", "/api/checks?retries=0", "\n".join(urls), {"Content-Type": "text/plain"})
            response = connection.getresponse()
            body = response.read()
            submitted = time.perf_counter() - started
            if response.status != 202:
                raise RuntimeError(f"submit answered {response.status}: {body[:200]!r}")
            connection.request("GET", f"{response.getheader('Location')}/results")
            stream = connection.getresponse()
            if stream.status != 200:
                raise RuntimeError(f"results answered {stream.status}")
            indices = sorted(json.loads(line)["index"] for line in stream if line.strip())
            if indices != list(range(len(urls))):
                raise RuntimeError(f"{len(indices)} results for {len(urls)} URLs, {len(set(indices))} distinct")
            with self.lock:
                self.submits.append(submitted)
                self.batches.append(time.perf_counter() - started)
                self.urls += len(urls)
        finally:
            connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=600, help="seconds of load")
    parser.add_argument("--max-batches", type=int, default=200_000, help="batches over all clients at most")
    parser.add_argument("--urls", type=int, default=20, help="URLs a batch")
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--latency", type=int, default=20, help="ms per answer")
    parser.add_argument("--silos", type=int, default=2)
    parser.add_argument("--port", type=int, default=8090, help="port of the synthetic web on every host")
    parser.add_argument("--sample", type=int, default=30, help="seconds between memory samples")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    # Stopped early (SIGTERM, or Ctrl+C), it still stops the service it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not args.no_build:
        build()

    data = tempfile.mkdtemp(prefix="crawler-soak-")
    web = start_web(args.hosts, args.port, args.latency)
    ensure_clean(5)
    # The load is the point: the per-tenant quotas of development (60 submissions a minute...) are off.
    apphost = start_apphost(data, args.silos, ["--Quotas:SubmissionsPerMinute=0", "--Quotas:MaxRunningJobs=0", "--Quotas:UrlsPerDay=0"])
    try:
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        load = Load(args, [f"127.0.0.{2 + h}" for h in range(args.hosts)])
        began = time.monotonic()
        samples = [{"t": 0, "memory": resident_mib()}]
        threads = [threading.Thread(target=load.client, args=(n,), daemon=True) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        next_sample = args.sample
        while any(thread.is_alive() for thread in threads):
            time.sleep(0.5)
            if time.monotonic() - began >= next_sample:
                next_sample += args.sample
                samples.append({"t": round(time.monotonic() - began), "memory": resident_mib()})
                log(f"{samples[-1]['t']:>5} s  batches {len(load.batches):>7}  errors {len(load.errors)}  {samples[-1]['memory']}")
        samples.append({"t": round(time.monotonic() - began), "memory": resident_mib()})
        elapsed = time.monotonic() - began

        # Growth from the end of the first minute (the JIT and the caches warm) to the end.
        settled = next((s for s in samples if s["t"] >= 60), samples[0])
        growth = {name: round(samples[-1]["memory"].get(name, 0) - mib, 1) for name, mib in settled["memory"].items()}
        report = {
            "clients": args.clients, "seconds": round(elapsed, 1), "urlsPerBatch": args.urls, "silos": args.silos,
            "batches": len(load.batches), "urls": load.urls, "batchesPerSecond": round(len(load.batches) / elapsed, 1),
            "errors": len(load.errors), "firstErrors": load.errors[:10],
            "submitMs": {"p50": round(1000 * percentile(load.submits, 0.5), 1) if load.submits else None,
                         "p99": round(1000 * percentile(load.submits, 0.99), 1) if load.submits else None},
            "batchMs": {"p50": round(1000 * percentile(load.batches, 0.5), 1) if load.batches else None,
                        "p99": round(1000 * percentile(load.batches, 0.99), 1) if load.batches else None},
            "memoryMiB": samples, "growthMiBSinceFirstMinute": growth,
        }
        folder = tempfile.mkdtemp(prefix="crawler-soak-report-")
        with open(os.path.join(folder, "soak.json"), "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2)
        print(json.dumps({k: v for k, v in report.items() if k != "memoryMiB"}, indent=2))
        print(f"report: {os.path.join(folder, 'soak.json')}")
        sys.exit(1 if load.errors else 0)
    finally:
        stop(apphost)
        stop(web)
        ensure_clean()
        subprocess.run(["rm", "-rf", data], check=False)


if __name__ == "__main__":
    main()
