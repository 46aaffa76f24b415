#!/usr/bin/env python3
"""The measurements of bench/run (issue 17): interleaved timed runs, peak memory, a Markdown report.

    python3 bench/measure.py --bin BIN --bench DIR --sizes 1000,10000,50000 --runs 5 [--baseline BIN] [--check]

For every size N (folder DIR/evidence-N), each timed run executes every command once, one after the other
(runs are interleaved, so a busy machine slows every command alike), under /usr/bin/time for the
wall-clock time and the peak resident set. The medians of the runs are reported, and the highest peak.

Commands per folder:

- `rg -c -i -F -f keywords-small.txt DIR`: ripgrep with a small keyword list (42 phrases)
- `rg -c -i -F -f patterns.txt DIR`: ripgrep with the catalogue's phrase list
- `cat` of every file: the cost of reading the folder
- `iso20k assess DIR --format json --no-cache`: the cold gap analysis
- `iso20k assess DIR --format json --cache C`: the same with a warm cache and nothing changed
- the same after touching 1 % of the files (their modification time changes before each run)
- `iso20k evidence DIR --format json --no-cache`: the evidence register
- with --baseline BIN: `BIN assess DIR --format json`, another build measured in the same runs

and `iso20k check` and `iso20k assess` on a 100-file organisation (DIR/evidence-100), 20 runs each.
Binaries without `--cache` (older builds) are measured cold and the cached rows read "not measured".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MB = 1e6
AS_OF = "2026-11-01"


def files_of(folder: str) -> list[str]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            out.append(os.path.join(root, name))
    return out


def run_once(argv: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Runs argv under /usr/bin/time; gives (wall seconds, peak RSS in MB). Exits on failure."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        cmd = ["/usr/bin/time", "-f", "%e %M", "-o", t.name] + argv
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if done.returncode not in (0, 1) or (done.returncode == 1 and argv[1] != "check"):
            sys.exit(f"bench/measure: {' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        fields = t.read().split()
        rss_kb = int(fields[-1]) if fields else 0
    return wall, rss_kb * 1024 / MB


def supports_cache(binary: str) -> bool:
    done = subprocess.run([binary, "assess", "--help"], capture_output=True, text=True)
    return "--no-cache" in done.stdout


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline")
    ap.add_argument("--baseline-label", default="baseline")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", required=True)
    ap.add_argument("--header", default="")
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",") if s]
    small_keywords = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keywords-small.txt")
    patterns = os.path.join(args.bench, "patterns.txt")
    cached = supports_cache(args.bin)
    cache_dir = os.path.join(args.bench, "cache")
    rows = []  # dict(command, docs, mb, walls, rss)

    for n in sizes:
        folder = os.path.join(args.bench, f"evidence-{n}")
        files = files_of(folder)
        evidence_files = [f for f in files if os.path.relpath(f, folder) != "iso20k.toml"]
        size = sum(os.path.getsize(f) for f in files)
        touched = evidence_files[:: 100]  # 1 % of the files, spread over the folder
        commands = [
            ("rg small", ["rg", "-c", "-i", "-F", "-f", small_keywords, folder], None),
            ("rg catalogue", ["rg", "-c", "-i", "-F", "-f", patterns, folder], None),
            ("cat", ["sh", "-c", 'find "$0" -type f -exec cat {} + > /dev/null', folder], None),
        ]
        cold = ["--no-cache"] if cached else []
        commands.append(("assess cold", [args.bin, "assess", folder, "--as-of", AS_OF, "--format", "json"] + cold, None))
        if cached:
            warm = [args.bin, "assess", folder, "--as-of", AS_OF, "--format", "json", "--cache", cache_dir]
            commands.append(("assess cached", warm, None))
            commands.append(("assess 1% touched", warm, touched))
        commands.append(("evidence", [args.bin, "evidence", folder, "--format", "json"] + cold, None))
        if args.baseline:
            # Cold like `assess cold`: a baseline that has a cache would otherwise be timed from it.
            baseline_cold = ["--no-cache"] if supports_cache(args.baseline) else []
            commands.append((f"assess ({args.baseline_label})",
                             [args.baseline, "assess", folder, "--as-of", AS_OF, "--format", "json"] + baseline_cold,
                             None))
        if cached:
            shutil.rmtree(cache_dir, ignore_errors=True)
        print(f"==> {n} documents, {size / MB:.1f} MB: 1 warm-up + {args.runs} interleaved runs", file=sys.stderr)
        results = {name: ([], []) for name, _, _ in commands}
        for run in range(args.runs + 1):
            for name, argv, touch in commands:
                if touch:
                    now = time.time() + run + 1
                    for f in touch:
                        os.utime(f, (now, now))
                wall, rss = run_once(argv)
                if run > 0:  # the first round warms the page cache (and the cache)
                    results[name][0].append(wall)
                    results[name][1].append(rss)
            if run == 0:
                print("    warm-up done", file=sys.stderr)
            else:
                print(f"    run {run}: " + ", ".join(f"{k} {v[0][-1]:.2f}s" for k, v in results.items()),
                      file=sys.stderr)
        for name, _, _ in commands:
            walls, rss = results[name]
            rows.append({"command": name, "docs": n, "mb": size / MB, "walls": walls, "rss": max(rss)})

    small = []
    folder = os.path.join(args.bench, "evidence-100")
    if os.path.isdir(folder):
        print("==> 100-file organisation: 20 interleaved runs", file=sys.stderr)
        cold = ["--no-cache"] if cached else []
        cmds = [
            ("check", [args.bin, "check", folder, "--as-of", AS_OF] + cold),
            ("assess", [args.bin, "assess", folder, "--as-of", AS_OF, "--format", "json"] + cold),
        ]
        res = {name: [] for name, _ in cmds}
        for run in range(21):
            for name, argv in cmds:
                wall, _ = run_once(argv)
                if run > 0:
                    res[name].append(wall)
        small = [(name, statistics.median(w)) for name, w in res.items()]

    def find(command, docs):
        return next((r for r in rows if r["command"] == command and r["docs"] == docs), None)

    out = [args.header.rstrip(), "",
           "| command | docs | MB | median s | peak MB | ms per MB | × rg small | × rg catalogue | × cat |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        med = statistics.median(r["walls"])
        r["median"] = med
        ratios = []
        for ref in ("rg small", "rg catalogue", "cat"):
            base = find(ref, r["docs"])
            ratios.append(f"{med / statistics.median(base['walls']):.2f}" if base else "-")
        out.append(f"| {r['command']} | {r['docs']} | {r['mb']:.1f} | {med:.3f} | {r['rss']:.1f} | "
                   f"{med * 1000 / r['mb']:.2f} | {ratios[0]} | {ratios[1]} | {ratios[2]} |")
    if small:
        out += ["", "| 100-file organisation | median ms |", "|---|---:|"]
        out += [f"| `iso20k {name}` | {ms * 1000:.1f} |" for name, ms in small]

    failed = []

    def target(text, ok, figure):
        out.append(f"- {text}: {figure} → **{'PASS' if ok else 'FAIL'}**")
        if not ok:
            failed.append(text)

    out += ["", "## Targets (issue 17)", ""]
    main_n = 10000 if 10000 in sizes else max(sizes)
    a, rg = find("assess cold", main_n), find("rg small", main_n)
    if a and rg:
        x = a["median"] / rg["median"]
        target(f"assess on {main_n} docs ≤ 4× `rg -c -i -F -f` (small list)", x <= 4, f"{x:.2f}×")
    costs = [(n, find("assess cold", n)) for n in sizes]
    costs = [(n, r["median"] / r["mb"]) for n, r in costs if r]
    if len(costs) > 1:
        spread = max(c for _, c in costs) / min(c for _, c in costs)
        figure = ", ".join(f"{n}: {c * 1000:.2f} ms/MB" for n, c in costs)
        target("assess cost per MB constant within 10 % across sizes", spread <= 1.10,
               f"{figure} (spread {spread:.2f}×)")
    c, t = find("assess cached", main_n), find("assess 1% touched", main_n)
    if a and c:
        x = c["median"] / a["median"]
        target(f"re-run with nothing changed ≤ 0.15× cold ({main_n} docs)", x <= 0.15, f"{x:.3f}×")
    if a and t:
        x = t["median"] / a["median"]
        target(f"re-run after touching 1 % ≤ 0.3× cold ({main_n} docs)", x <= 0.3, f"{x:.3f}×")
    for n, limit in ((10000, 150), (50000, 250)):
        for cmd in ("assess cold", "evidence"):
            r = find(cmd, n)
            if r:
                target(f"peak memory of {cmd} at {n} docs ≤ {limit} MB", r["rss"] <= limit, f"{r['rss']:.1f} MB")
    for name, ms in small:
        target(f"`{name}` on a 100-file organisation under 40 ms (median)", ms < 0.040, f"{ms * 1000:.1f} ms")
    b = find(f"assess ({args.baseline_label})", main_n)
    if a and b:
        x = a["median"] / b["median"]
        target(f"assess within 1.3× of {args.baseline_label} ({main_n} docs)", x <= 1.3, f"{x:.2f}×")
    text = "\n".join(out) + "\n"
    with open(args.out, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
