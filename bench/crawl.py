#!/usr/bin/env python3
"""Crawling and the image downloader next to wget2 and aria2c, on one synthetic multi-host site.

Installs Debian's wget2 and aria2 if they are missing, builds Release, starts the synthetic web (HOSTS loopback
hosts, LATENCY ms before every answer) with a crawlable site of PAGES pages a host and IMAGES distinct images of
about IMAGE_BYTES each, and writes the site's ground truth (every page a robots-obeying crawl from the seed finds,
and one URL per distinct image with its SHA-256). Then, through the cluster started by the app host (2 silos):

  crawl:     POST /api/crawls from the seed, scope = the site's hosts, robots.txt obeyed, CONCURRENCY in flight, the
             images and other resources of every page checked (Crawler's default), next to `wget2 --spider -r` with
             --max-threads=CONCURRENCY over the same hosts, and the same with --page-requisites (which also asks for
             every page's images); pages found are compared with the truth;
  downloads: POST /api/downloads of the image list with THREADS in flight, next to `aria2c -j THREADS -i list`
             and `wget2 --max-threads=THREADS -i list`; every file each tool wrote is hashed and compared with
             the truth.

    python3 bench/crawl.py --hosts 32 --pages 32 --images 500 --image-bytes 500000 --latency 20

Each tool runs RUNS times (Crawler after a warm-up, as the long-running service it is) and the median is reported.

Only loopback addresses are used. Stdlib only.
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import API, build, ensure_clean, log, start_apphost, start_web, stop, submit as submit_body, wait_for  # noqa: E402


def install():
    missing = [p for p, b in (("wget2", "wget2"), ("aria2", "aria2c")) if shutil.which(b) is None]
    if missing:
        log(f"installing {' '.join(missing)} (apt)...")
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, stdout=subprocess.DEVNULL)


def submit(path, urls, options):
    """Submits a batch and reads its results to the end; returns (seconds, results)."""
    seconds, results, _, _ = submit_body(path, {"urls": urls, "options": options})
    return seconds, results


def timed(command, cwd=None):
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, completed


def median_run(run, runs):
    """Runs RUN (which returns (seconds, output)) RUNS times; returns the run with the median time."""
    done = sorted((run() for _ in range(max(1, runs))), key=lambda r: r[0])
    return done[len(done) // 2]


def verify(folder, truth):
    """How many files under FOLDER hash to one of the truth's images, and how many bytes they hold."""
    wanted = set(truth.values())
    good, total = set(), 0
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
            if digest in wanted and digest not in good:
                good.add(digest)
                total += os.path.getsize(path)
    return len(good), total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=32)
    parser.add_argument("--pages", type=int, default=32, help="pages a host")
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--image-bytes", type=int, default=500_000)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--port", type=int, default=8096)
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight for the crawl")
    parser.add_argument("--threads", type=int, default=16, help="downloads in flight")
    parser.add_argument("--no-flush", action="store_true", help="Downloads:FlushToDisk=false (no fsync before a file is named)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool; the median is reported")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    install()
    if not args.no_build:
        build()
    ensure_clean(5)
    work = tempfile.mkdtemp(prefix="crawler-crawl-")
    truth_dir = os.path.join(work, "truth")
    web = start_web(args.hosts, args.port, args.latency, "--site-pages", args.pages, "--site-deep", "2",
                    "--site-images", args.images, "--site-image-bytes", args.image_bytes, "--site-special-images",
                    "false", "--truth", truth_dir)
    hosts = [f"127.0.0.{2 + i}" for i in range(args.hosts)]
    seed = f"http://{hosts[0]}:{args.port}/site/p/0"
    apphost = None
    rows = []
    try:
        wait_for(seed, 60)
        pages = set(open(os.path.join(truth_dir, "pages.txt")).read().split())
        images = open(os.path.join(truth_dir, "images.txt")).read().split()
        # The web writes its truth as it starts: wait until the image table is whole.
        deadline = time.monotonic() + 30
        while True:
            truth_images = dict(line.split("\t")[:2] for line in open(os.path.join(truth_dir, "images.tsv")).read().splitlines() if "\t" in line)
            if len(truth_images) >= len(images) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        image_bytes = 0
        log(f"site: {len(pages)} pages, {len(images)} distinct images")

        settings = [f"--Downloads:Directory={os.path.join(work, 'crawler-files')}"] + (["--Downloads:FlushToDisk=false"] if args.no_flush else [])
        apphost = start_apphost(os.path.join(work, "store"), 2, settings)
        wait_for(f"http://{API[0]}:{API[1]}/health", 180)
        crawl = {"maxConcurrency": args.concurrency, "perHostConcurrency": 4, "retries": 0, "timeoutMs": 10000,
                 "crawl": {"maxDepth": 1000, "maxPages": 100000, "scope": "hosts", "hosts": hosts, "robots": True}}
        submit("/api/crawls", [seed], crawl)  # warm-up (the JIT is not what is measured)
        seconds, results = median_run(lambda: submit("/api/crawls", [seed], crawl), args.runs)
        found = {r["finalUrl"] for r in results if r["outcome"] == "ok" and r.get("page")}
        checked = sum(1 for r in results if r.get("foundOn") and "/img/" in r["url"])
        rows.append(("crawl", f"Crawler (2 silos; {checked} images checked)", seconds, len(found & pages), len(pages), f"{len(found & pages) / seconds:,.0f} pages/s"))

        downloads = {"maxConcurrency": args.threads, "perHostConcurrency": 4, "retries": 1, "maxDownloadBytes": 1 << 30}
        submit("/api/downloads", images[:32], downloads)  # warm-up; its files are removed so each run stores everything

        def download():
            shutil.rmtree(os.path.join(work, "crawler-files"), ignore_errors=True)
            return submit("/api/downloads", images, downloads)
        seconds, results = median_run(download, args.runs)
        ok = {r["download"]["sha256"] for r in results if r.get("download")}
        good = len(ok & set(truth_images.values()))
        image_bytes = sum(r["download"]["bytes"] for r in results if r.get("download") and not r["download"]["alreadyStored"])
        rows.append(("download", "Crawler (2 silos)", seconds, good, len(truth_images), f"{image_bytes / seconds / 1e6:,.0f} MB/s"))
    except BaseException:
        stop(web)  # the peers' part below will not run: nothing of this run may outlive it
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if apphost:
            stop(apphost)
        ensure_clean()

    try:
        # Pages only, as wget2 crawls by default; and with --page-requisites, which also asks for what each page loads
        # (its images here), as Crawler's crawl checks them (resources, on by default).
        for name, extra in (("wget2 --spider -r", []), ("wget2 --spider -r -p", ["--page-requisites"])):
            spider = os.path.join(work, "wget2-spider" + "".join(extra))

            def crawl_with_wget2():
                shutil.rmtree(spider, ignore_errors=True)
                os.makedirs(spider)
                return timed(["wget2", "--spider", "-r", "-l", "inf", *extra, f"--max-threads={args.concurrency}", "-H",
                              f"--domains={','.join(hosts)}", "--robots=on", "-o", "log.txt", seed], cwd=spider)
            seconds, run = median_run(crawl_with_wget2, args.runs)
            log_text = open(os.path.join(spider, "log.txt"), errors="replace").read()
            fetched = set(re.findall(r"(http://127\.0\.0\.\d+:\d+/site/[^\s'\"]+)", log_text))
            requisites = len({u for u in fetched if "/img/" in u})
            rows.append(("crawl", name + (f" ({requisites} images asked)" if extra else ""), seconds, len(fetched & pages), len(pages),
                         f"{len(fetched & pages) / seconds:,.0f} pages/s"))

        listing = os.path.join(truth_dir, "images.txt")
        for name, command in (("aria2c -j %d" % args.threads, ["aria2c", f"-j{args.threads}", "-x1", "-q", "--allow-overwrite=true", "-i", listing]),
                              ("wget2 -i", ["wget2", f"--max-threads={args.threads}", "-q", "-i", listing])):
            folder = os.path.join(work, name.split()[0])

            def fetch():
                shutil.rmtree(folder, ignore_errors=True)
                os.makedirs(folder)
                return timed(command + (["-d", folder] if command[0] == "aria2c" else ["-P", folder]))
            seconds, _ = median_run(fetch, args.runs)
            good, total = verify(folder, truth_images)
            rows.append(("download", name, seconds, good, len(truth_images), f"{total / seconds / 1e6:,.0f} MB/s"))
    finally:
        stop(web)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{args.hosts} hosts, {args.latency} ms latency; crawl: {args.concurrency} in flight; downloads: {args.threads} in flight, "
          f"{len(truth_images)} images, {image_bytes / 1e6:,.0f} MB")
    print("| task | tool | wall s | right | rate | Crawler faster by |")
    print("|---|---|---|---|---|---|")
    ours = {task: seconds for task, tool, seconds, *_ in rows if tool.startswith("Crawler")}
    for task, tool, seconds, right, of, rate in rows:
        ratio = "" if tool.startswith("Crawler") else f"{seconds / ours[task]:.2f}x"
        print(f"| {task} | {tool} | {seconds:.2f} | {right} of {of} | {rate} | {ratio} |")


if __name__ == "__main__":
    main()
