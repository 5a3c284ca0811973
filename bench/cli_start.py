#!/usr/bin/env python3
"""The embedded command line's cost for one URL, next to wget2 checking the same URL, in one run.

Builds the CLI in Release (as `dotnet run -c Release` and the packed tool run it) and, with --ready-to-run, also
publishes it with its code compiled ahead (ReadyToRun, into a temporary folder); starts the synthetic web and checks one
loopback URL RUNS times with each form, alternating with `wget2 --spider`: wall time of the process (start to exit,
the embedded store, silo and API included) and its peak memory (ru_maxrss). Prints every run, the medians and the
target of 1 s and 150 MB:

    python3 bench/cli_start.py --runs 5 --ready-to-run

Only loopback addresses are used. Stdlib only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import ensure_clean, log, ROOT, start_web, stop, wait_for  # noqa: E402
from compare import install  # noqa: E402

TARGET_SECONDS = 1.0
TARGET_MB = 150


def timed(command):
    """Runs COMMAND to its end; returns (wall seconds, peak resident MB, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--ready-to-run", action="store_true", help="also a ReadyToRun publish of the CLI")
    args = parser.parse_args()

    install(["wget2"])
    log("building (Release)...")
    for project in ("src/Crawler.Cli", "src/Crawler.SyntheticWeb"):
        subprocess.run(["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "q"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="crawler-cli-start-")
    url = f"http://127.0.0.2:{args.port}/ok"
    tools = {
        "crawler (Release build)": [os.path.join(ROOT, "src/Crawler.Cli/bin/Release/net10.0/crawler"), "check", url],
        "wget2 --spider": ["wget2", "--spider", "--tries=1", "-q", url],
    }
    if args.ready_to_run:
        log("publishing ReadyToRun...")
        published = os.path.join(work, "r2r")
        subprocess.run(["dotnet", "publish", "src/Crawler.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained",
                        "false", "-p:PublishReadyToRun=true", "-o", published, "-nologo", "-v", "q"], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        tools["crawler (ReadyToRun publish)"] = [os.path.join(published, "crawler"), "check", url]

    ensure_clean(5)
    web = start_web(2, args.port, 0)
    runs = {name: [] for name in tools}
    try:
        wait_for(url, 30)
        for command in tools.values():
            timed(command)  # the first start reads the files from disk; what is measured is the next ones
        for run in range(args.runs):
            for name, command in tools.items():
                seconds, megabytes, code = timed(command)
                if code != 0:
                    raise RuntimeError(f"{name} exited with {code}")
                runs[name].append((seconds, megabytes))
                log(f"run {run + 1} {name}: {seconds:.2f} s, {megabytes:.0f} MB")
    finally:
        stop(web)
        shutil.rmtree(work, ignore_errors=True)

    print(f"one URL ({url}, the web answering at once), {args.runs} runs each, alternating")
    print(f"| tool | runs (s) | median | peak memory (median) | target {TARGET_SECONDS:.0f} s, {TARGET_MB} MB |")
    print("|---|---|---|---|---|")
    for name, measured in runs.items():
        median = statistics.median(s for s, _ in measured)
        memory = statistics.median(m for _, m in measured)
        verdict = "" if name.startswith("wget2") else \
            f"{median / TARGET_SECONDS:.1f}x the time, {memory / TARGET_MB:.1f}x the memory"
        print(f"| {name} | {', '.join(f'{s:.2f}' for s, _ in measured)} | {median:.2f} s | {memory:.0f} MB | {verdict} |")


if __name__ == "__main__":
    main()
