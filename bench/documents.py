#!/usr/bin/env python3
"""Checking a docs tree: `crawler check` side by side with markdown-link-check (npm), in one run.

Writes a docs tree into a temporary folder: FILES Markdown files, each with LINKS links to the synthetic web (HOSTS
loopback hosts, LATENCY ms per answer; most answer 200, some 404 or 500, and each URL is written in about three files)
and a few relative links to other files of the tree, one of them to a file that does not exist. Then, RUNS times each:

- markdown-link-check on the folder (it checks two links of a file at a time and the files one after another);
- `crawler check` on the folder, embedded (a whole cluster started in the process, as a CI job runs it) with
  `--max-concurrency 2` — the same concurrency — and with its defaults (64 in flight, 4 per host).

Prints each run, the medians, the ratio to markdown-link-check, and the broken links each tool found (they must agree).
markdown-link-check is installed with npm into a temporary folder when it is not on the PATH.

    python3 bench/documents.py --files 40 --links 25 --hosts 8 --latency 20 --runs 3

Only loopback addresses are used. Stdlib only.
"""
import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = 8093


def log(message):
    print(message, file=sys.stderr, flush=True)


def wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def markdown_link_check(scratch):
    found = shutil.which("markdown-link-check")
    if found:
        return found
    folder = os.path.join(scratch, "npm")
    os.makedirs(folder)
    log("installing markdown-link-check with npm...")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", folder, "markdown-link-check"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(folder, "node_modules", ".bin", "markdown-link-check")


def write_tree(folder, files, links, hosts, seed=7):
    """The tree, and the number of broken links written in it (each place counts)."""
    rng = random.Random(seed)
    distinct = max(1, files * links // 3)
    urls = []
    for n in range(distinct):
        host = f"127.0.0.{2 + n % hosts}"
        kind = rng.random()
        path = f"/ok?doc={n}" if kind < 0.9 else ("/status/404" if kind < 0.95 else "/status/500") + f"?doc={n}"
        urls.append(f"http://{host}:{PORT}{path}")
    broken = 0
    for f in range(files):
        lines = [f"# Page {f}", ""]
        for _ in range(links):
            url = rng.choice(urls)
            broken += "/status/" in url
            lines.append(f"- [a link]({url})")
        lines.append(f"- [next page](page-{(f + 1) % files}.md)")
        if f % 10 == 0:
            lines.append("- [a page that is gone](gone.md)")
            broken += 1
        with open(os.path.join(folder, f"page-{f}.md"), "w") as out:
            out.write("\n".join(lines) + "\n")
    return broken, len(set(urls))


def timed(args):
    started = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - started, done


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--links", type=int, default=25)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="crawler-bench-documents-")
    web = None
    try:
        log("building (Release)...")
        for project in ("src/Crawler.Cli", "src/Crawler.SyntheticWeb"):
            subprocess.run(["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "q"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        mlc = markdown_link_check(scratch)
        tree = os.path.join(scratch, "docs")
        os.makedirs(tree)
        broken, distinct = write_tree(tree, options.files, options.links, options.hosts)
        total = options.files * (options.links + 1) + (options.files + 9) // 10
        log(f"tree: {options.files} files, {total} links, {distinct} distinct URLs, {broken} broken links")

        web = subprocess.Popen(["dotnet", os.path.join(ROOT, "src/Crawler.SyntheticWeb/bin/Release/net10.0/Crawler.SyntheticWeb.dll"),
                                str(options.hosts), str(PORT), str(options.latency)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(f"http://127.0.0.2:{PORT}/ok", 60)

        crawler = ["dotnet", os.path.join(ROOT, "src/Crawler.Cli/bin/Release/net10.0/crawler.dll"), "check", tree, "--retries", "0"]
        tools = {
            "markdown-link-check": [mlc, "-q", tree],
            "crawler check --max-concurrency 2": [*crawler, "--max-concurrency", "2", "-f", "json"],
            "crawler check (defaults)": [*crawler, "-f", "json"],
        }
        times = {name: [] for name in tools}
        found = {}
        for run in range(options.runs):
            for name, args in tools.items():
                seconds, done = timed(args)
                times[name].append(seconds)
                if name == "markdown-link-check":
                    found[name] = len(re.findall(r"\[✖\]", done.stdout + done.stderr))
                else:
                    summary = re.search(r'"broken":\s*(\d+)', done.stdout)
                    found[name] = int(summary.group(1)) if summary else None
                log(f"run {run + 1}: {name}: {seconds:.2f} s, exit {done.returncode}, broken {found[name]}")

        baseline = statistics.median(times["markdown-link-check"])
        print(f"\n{options.files} Markdown files, {total} links ({distinct} distinct URLs, {broken} broken), "
              f"{options.hosts} loopback hosts, {options.latency} ms per answer; median of {options.runs}\n")
        print("| tool | median | runs | broken found | vs markdown-link-check |")
        print("|---|---:|---|---:|---:|")
        for name in tools:
            median = statistics.median(times[name])
            runs = ", ".join(f"{t:.2f}" for t in times[name])
            print(f"| {name} | {median:.2f} s | {runs} | {found[name]} | {baseline / median:.2f}x |")
    finally:
        if web is not None:
            os.killpg(web.pid, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
