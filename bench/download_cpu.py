#!/usr/bin/env python3
"""Where a download batch's time goes: wall time, concurrency and the CPU each process of the cluster spent.

Starts the synthetic web (HOSTS hosts, LATENCY ms, IMAGES images of about IMAGE_BYTES) and the cluster through the app
host (2 silos), downloads every image RUNS times (16 in flight, 4 per host; the store folder emptied before each run)
and prints for each run the wall time, the mean run time of a file, the mean in flight, and the CPU seconds each kind
of process used during it (from /proc: silos, store, API, the web, the app host's tooling).

    python3 bench/download_cpu.py --runs 2

Linux only (reads /proc). Only loopback addresses are used. Stdlib only.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, start_apphost, start_web, stop, submit, wait_for  # noqa: E402

PROCESSES = ("Crawler.Silo", "Crawler.Store", "Crawler.Api", "Crawler.SyntheticWeb", "Crawler.AppHost", "dcp", "Aspire.Dashboard")


def cpu_seconds():
    """CPU seconds (user + system) used so far by each kind of process of the cluster."""
    used = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = next((p for p in PROCESSES if p in command), None)
        if name:
            used[name] = used.get(name, 0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=32)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--image-bytes", type=int, default=500_000)
    parser.add_argument("--port", type=int, default=8096)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build()
    ensure_clean(5)
    work = tempfile.mkdtemp(prefix="crawler-download-cpu-")
    truth = os.path.join(work, "truth")
    web = start_web(args.hosts, args.port, args.latency, "--site-images", args.images, "--site-image-bytes",
                    args.image_bytes, "--site-special-images", "false", "--truth", truth)
    apphost = None
    try:
        wait_for(f"http://127.0.0.2:{args.port}/ok", 60)
        images = open(os.path.join(truth, "images.txt")).read().split()
        files = os.path.join(work, "files")
        apphost = start_apphost(os.path.join(work, "store"), 2, [f"--Downloads:Directory={files}"])
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        options = {"maxConcurrency": 16, "perHostConcurrency": 4, "retries": 1, "maxDownloadBytes": 1 << 30}
        submit("/api/downloads", {"urls": images[:32], "options": options})  # warm-up
        for run in range(args.runs):
            shutil.rmtree(files, ignore_errors=True)
            before = cpu_seconds()
            seconds, lines, _, (summary,) = submit("/api/downloads", {"urls": images, "options": options}, extra=["summary"])
            after = cpu_seconds()
            used = {name: after.get(name, 0) - before.get(name, 0) for name in after}
            print(f"run {run}: {seconds:.2f} s, mean run {statistics.mean(r['elapsedMs'] for r in lines):.1f} ms a file, "
                  f"mean in flight {summary['meanInFlight']:.1f}; CPU s: "
                  + ", ".join(f"{name} {value:.2f}" for name, value in sorted(used.items(), key=lambda kv: -kv[1]) if value >= 0.01)
                  + f" (total {sum(used.values()):.2f})", flush=True)
    finally:
        if apphost:
            stop(apphost)
        ensure_clean()
        stop(web)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
