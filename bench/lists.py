#!/usr/bin/env python3
"""Crawler next to wget2 on two URL lists, side by side in one run: a plain list and the same with throttling.

Starts the synthetic web (HOSTS loopback hosts, LATENCY ms before every answer) and the Crawler cluster through
its app host (Release, SILOS silos), then checks each list RUNS times with each tool, alternating, at CONCURRENCY
requests in flight for both, and prints every run, the medians, the ratio and the theoretical limit:

    python3 bench/lists.py --urls 10000 --hosts 32 --latency 20 --concurrency 64 --runs 3

The plain list (shuffled with a fixed seed): 92 % /ok, 4 % 404, 2 % 500, 1.9 % two-hop redirects, 0.1 % a redirect
loop. The throttled list is the same with THROTTLED (2 %) of the /ok URLs answering 429 with Retry-After: 1 the first
time they are asked, then 200. Every run uses fresh URLs (a run tag in each), so nothing is cached and every
throttled URL throttles once.

Crawler runs with its defaults except maxConcurrency = CONCURRENCY and retries = 0 (as wget2 runs: --tries=1; a 500 is
broken for both). Its first batch warms it (the JIT of a running service is not measured). Right verdicts: ok, broken,
broken, ok, broken, and ok for a throttled URL (wget2 calls those broken).

With --profile, one more batch of the plain list is checked with its costs measured: CPU seconds of every process (silos,
API, store, web, dashboard, from /proc), the store's commands (INFO commandstats), and the grain calls each silo
received (dotnet-counters, if installed: `dotnet tool install -g dotnet-counters`), each printed per URL.

The limit is ceil(requests / CONCURRENCY) x LATENCY, where requests is the fewest a checker must make (3 for a
redirect chain, 2 for a loop, which a checker sees come back); the throttled list adds one Retry-After (1 s), which a
URL throttled at the end of the run must wait at least. Only loopback addresses are used.
"""
import argparse
import csv
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402
from checks import API, build, ensure_clean, log, run_batch, start_apphost, start_web, stop, wait_for  # noqa: E402
from compare import CRAWLER_CATEGORY, install, score  # noqa: E402

MIX = [  # path template, share, right verdict, fewest requests
    ("/status/404?{tag}={i}", 0.04, "broken", 1),
    ("/status/500?{tag}={i}", 0.02, "broken", 1),
    ("/redirect/2?{tag}={i}", 0.019, "ok", 3),
    ("/loop?{tag}={i}", 0.001, "broken", 2),
]
OK = ("/ok?{tag}={i}", "ok", 1)
THROTTLE = ("/throttle/{tag}-{i}/1/1", "ok", 2)


def url_list(count, hosts, port, seed, tag, throttled):
    """The list of COUNT URLs for one run; the same shape (kinds and hosts) for every run of a seed."""
    rng = random.Random(seed)
    kinds = []
    for template, share, right, fewest in MIX:
        kinds += [(template, right, fewest)] * round(count * share)
    kinds += [THROTTLE] * round(count * throttled)
    kinds = (kinds + [OK] * count)[:count]
    rng.shuffle(kinds)
    urls, expected, requests = [], {}, 0
    for i, (template, right, fewest) in enumerate(kinds):
        url = f"http://127.0.0.{2 + rng.randrange(hosts)}:{port}" + template.format(tag=tag, i=i)
        urls.append(url)
        expected[url] = right
        requests += fewest
    return urls, expected, requests


PROCESSES = ["Crawler.Silo", "Crawler.Api", "Crawler.Store", "Crawler.SyntheticWeb", "Aspire.Dashboard", "Crawler.AppHost"]


def pids(name):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if name.encode() in f.read().split(b"\0")[0]:
                    found.append(int(pid))
        except OSError:
            pass
    return found


def cpu_seconds():
    """CPU time (user + system) of each kind of process so far, in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    totals = {}
    for name in PROCESSES:
        for pid in pids(name):
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            totals[name] = totals.get(name, 0) + (int(fields[11]) + int(fields[12])) / tick
    return totals


def counters_start(folder, seconds):
    """dotnet-counters on every silo for SECONDS (grain calls, store operations); None without the tool."""
    tool = shutil.which("dotnet-counters") or os.path.expanduser("~/.dotnet/tools/dotnet-counters")
    if not os.path.exists(tool):
        return None
    return [(subprocess.Popen([tool, "collect", "--process-id", str(pid), "--counters", "Microsoft.Orleans,Crawler.Batches", "--format", "csv",
                               "--refresh-interval", "1", "--duration", f"00:00:00:{seconds:02d}",
                               "-o", os.path.join(folder, f"counters-{pid}.csv")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), os.path.join(folder, f"counters-{pid}.csv"))
            for pid in pids("Crawler.Silo")]


def counters_stop(collectors):
    """Grain requests the silos received and store operations they sent while the collectors ran."""
    calls, operations = 0, 0
    for process, path in collectors or []:
        process.wait(timeout=120)
        with open(path) as f:
            seen = [row for row in csv.reader(f) if len(row) > 4 and row[4]]
        calls += sum(float(r[4]) for r in seen if "dispatcher-received" in r[2] and "Context=Grain;Direction=Request" in r[2])
        store = [float(r[4]) for r in seen if r[2].startswith("crawler.store.operations")]
        operations += sum(store) if "/ 1 sec" in next((r[2] for r in seen if r[2].startswith("crawler.store.operations")), "") else 0
    return (calls, operations) if collectors else None


def profile(args, options, work):
    """One more batch of the plain list with its costs measured, per URL."""
    urls, _, _ = url_list(args.urls, args.hosts, args.port, args.seed, "profile", 0.0)
    collectors = counters_start(work, 30)
    if collectors:
        time.sleep(3)  # the collectors attach
    cpu = cpu_seconds()
    seconds, results, _ = run_batch(urls, options)
    cpu_after = cpu_seconds()
    counted = counters_stop(collectors)
    n = len(results)
    print(f"\nProfile: one batch of the plain list, {n} URLs, {seconds:.2f} s")
    print("| cost | total | per URL |")
    print("|---|---:|---:|")
    for name in PROCESSES:
        used = cpu_after.get(name, 0) - cpu.get(name, 0)
        print(f"| CPU of {name} | {used:.2f} s | {1000 * used / n:.3f} ms |")
    if counted is not None:
        calls, operations = counted
        print(f"| grain calls received by the silos | {calls:.0f} | {calls / n:.3f} |")
        print(f"| store operations sent by the silos' batches | {operations:.0f} | {operations / n:.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=32)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--throttled", type=float, default=0.02, help="share of the throttled list answering 429 once")
    parser.add_argument("--silos", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--lists", default="plain,throttled")
    parser.add_argument("--profile", action="store_true", help="measure one more batch's costs per URL")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    install(["wget2"])
    if not args.no_build:
        build()
    work = tempfile.mkdtemp(prefix="crawler-lists-")
    ensure_clean(5)
    web = start_web(args.hosts, args.port, args.latency)
    apphost = start_apphost(os.path.join(work, "store"), silos=args.silos)
    options = {"maxConcurrency": args.concurrency, "retries": 0}
    rows = {}
    try:
        wait_for(f"http://127.0.0.2:{args.port}/ok", 30)
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        run_batch(url_list(args.urls, args.hosts, args.port, args.seed, "warm", args.throttled)[0], options)
        for name in args.lists.split(","):
            share = args.throttled if name == "throttled" else 0.0
            for run in range(args.runs):
                for tool in ("wget2", "crawler"):
                    tag = f"{name[0]}{run}{tool[0]}"
                    urls, expected, requests = url_list(args.urls, args.hosts, args.port, args.seed, tag, share)
                    if tool == "crawler":
                        seconds, results, _ = run_batch(urls, options)
                        verdicts = {r["url"]: CRAWLER_CATEGORY.get(r["outcome"], "broken") for r in results}
                    else:
                        peer = peers.run_wget2(urls, args.concurrency, 5.0, os.path.join(work, f"wget2-{tag}"))
                        seconds, verdicts = peer["seconds"], peer["results"]
                    right, tally = score(verdicts, expected)
                    limit = math.ceil(requests / args.concurrency) * args.latency / 1000 + (1.0 if share else 0.0)
                    rows.setdefault((name, tool), []).append((seconds, right, tally, limit))
                    log(f"{name} run {run + 1} {tool}: {seconds:.2f} s, right {right} of {args.urls}, "
                        f"{', '.join(f'{k} {v}' for k, v in sorted(tally.items()))}")
        if args.profile:
            profile(args, options, work)
    finally:
        stop(apphost)
        stop(web)
        ensure_clean()
        shutil.rmtree(work, ignore_errors=True)

    if not rows:
        return
    print(f"{args.urls} URLs, {args.hosts} hosts, {args.latency} ms latency, {args.concurrency} in flight, "
          f"{args.silos} silos, throttled share {args.throttled:.0%}; {peers.peer_versions().get('wget2', 'wget2 ?').split(' - ')[0]}")
    print(f"| list | tool | runs (s) | median | right of {args.urls} | verdicts (last run) | vs wget2 | limit | share of the limit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (name, tool), runs in rows.items():
        median = statistics.median(s for s, *_ in runs)
        wget2 = statistics.median(s for s, *_ in rows[(name, "wget2")])
        seconds, right, tally, limit = runs[-1]
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
        print(f"| {name} | {tool} | {', '.join(f'{s:.2f}' for s, *_ in runs)} | {median:.2f} | "
              f"{min(r for _, r, *_ in runs)} | {verdicts} | {wget2 / median:.2f}x | {limit:.2f} | {limit / median:.0%} |")


if __name__ == "__main__":
    main()
