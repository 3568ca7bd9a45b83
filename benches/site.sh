#!/usr/bin/env bash
# A whole site built at scale, measured as whole processes, side by side in one run with pandoc
# (Markdown → HTML) and Chromium (HTML → PDF) on the same letter. A benchmark, not a test: run it by
# hand, in release:
#
#   cargo build --release && bash benches/site.sh            # N = 10 100 1000 5000
#   bash benches/site.sh 10 100                               # other sizes
#
# For each N it makes N responses from responses/hertfordshire-model.yaml (each to its own report
# title, so each has its own files), then times `s55 build`: cold (empty output folder), warm
# (built again, nothing changed) and one changed (one response's words edited), with the peak
# memory (RSS) of each process. Then one letter: `s55 render` to HTML and to PDF, `s55 build` of
# that one letter in every format, pandoc on the letter's Markdown and Chromium printing the
# letter's HTML page to PDF. Each figure is the median of a few runs. Prints a Markdown table for
# BENCHMARKS.md. Installs pandoc and chromium with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
s55="$(realpath "${CARGO_TARGET_DIR:-target}/release/s55")"
[ -x "$s55" ] || { echo "build first: cargo build --release" >&2; exit 2; }
if ! command -v pandoc >/dev/null || ! command -v chromium >/dev/null; then
    apt-get install -y --no-install-recommends pandoc chromium >&2
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000 5000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

S55="$s55" WORK="$work" python3 - "${sizes[@]}" <<'PY'
import os, pathlib, platform, shutil, statistics, subprocess, sys, time

s55, work = os.environ["S55"], pathlib.Path(os.environ["WORK"])
sizes = [int(n) for n in sys.argv[1:]]
model = pathlib.Path("responses/hertfordshire-model.yaml").read_text()
TITLE = "  title: National Child Protection Inspections – Hertfordshire Constabulary"
WORDS = "    HMICFRS published its report"
assert TITLE in model and WORDS in model
TODAY = ["--today", "2026-11-23"]

def run(cmd, cwd=None):
    """Runs a command; returns (seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    took = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return took, usage.ru_maxrss / 1024

def median(runs):
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)

def responses(folder, n):
    folder.mkdir(parents=True)
    for i in range(n):
        text = model.replace(TITLE, f"  title: Inspection number {i} of Hertfordshire Constabulary")
        (folder / f"r{i:05}.yaml").write_text(text)

def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()

def load():
    return open("/proc/loadavg").read().split()[0]

# One letter, through s55, pandoc and Chromium.
one = work / "one"
one.mkdir()
shutil.copy("responses/hertfordshire-model.yaml", one / "letter.yaml")
subprocess.run([s55, "render", "letter.yaml", "--format", "md", "-o", "letter.md"] + TODAY, cwd=one, check=True)
subprocess.run([s55, "render", "letter.yaml", "--format", "html", "-o", "letter.html"] + TODAY, cwd=one, check=True)
reps = 5
letter = {}
letter["s55 render → HTML"] = median([run([s55, "render", "letter.yaml", "--format", "html", "-o", "out.html"] + TODAY, one) for _ in range(reps)])
letter["s55 render → PDF"] = median([run([s55, "render", "letter.yaml", "--format", "pdf", "-o", "out.pdf"] + TODAY, one) for _ in range(reps)])
def build_one():
    shutil.rmtree(one / "site", ignore_errors=True)
    src = one / "src"
    if not src.exists():
        src.mkdir()
        shutil.copy(one / "letter.yaml", src / "letter.yaml")
    return run([s55, "build", "src", "-o", "site"] + TODAY, one)
letter["s55 build, 1 letter, every format"] = median([build_one() for _ in range(reps)])
letter["pandoc md → HTML"] = median([run(["pandoc", "letter.md", "-s", "--metadata", "title=Letter", "-o", "pandoc.html"], one) for _ in range(reps)])
chrome = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={one / 'chrome'}",
          "--no-pdf-header-footer", f"--print-to-pdf={one / 'chrome.pdf'}", f"file://{one / 'letter.html'}"]
run(chrome)  # first start makes its profile
letter["Chromium HTML → PDF"] = median([run(chrome) for _ in range(reps)])
chromium_s = letter["Chromium HTML → PDF"][0]

rows = []
for n in sizes:
    src, out = work / f"n{n}", work / f"n{n}-site"
    responses(src, n)
    cold_runs = []
    for _ in range(3 if n <= 1000 else 1):
        shutil.rmtree(out, ignore_errors=True)
        cold_runs.append(run([s55, "build", str(src), "-o", str(out)] + TODAY))
    cold = median(cold_runs)
    warm = median([run([s55, "build", str(src), "-o", str(out)] + TODAY) for _ in range(3)])
    changed_runs = []
    for k in range(3):
        f = src / f"r{(k * 7) % n:05}.yaml"
        f.write_text(f.read_text().replace(WORDS, f"    Edit {k}. HMICFRS published its report", 1))
        changed_runs.append(run([s55, "build", str(src), "-o", str(out)] + TODAY))
    changed = median(changed_runs)
    rows.append((n, cold, warm, changed))
    shutil.rmtree(src)
    shutil.rmtree(out)

version = subprocess.run([s55, "--version"], capture_output=True, text=True).stdout.strip()
print(f"Machine: {cpu()}, {os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
      f"{platform.system()} {platform.release()}; {version}; load average at the end {load()}; "
      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
print()
print("One letter (responses/hertfordshire-model.yaml), whole processes, median of 5:")
print()
print("| What | Time | Peak RSS |")
print("|---|---:|---:|")
for what, (t, m) in letter.items():
    print(f"| {what} | {t * 1000:.1f} ms | {m:.1f} MiB |")
print()
print(f"Whole site, `s55 build` of N responses (Markdown, page, fragment, PDF and Word each, plus the index and "
      f"its companions); cold is an empty output folder, warm is built again with nothing changed, one changed "
      f"is one response edited; ratio is cold time over Chromium printing one letter ({chromium_s:.2f} s):")
print()
print("| N | Cold | Cold / Chromium | Per response | Warm | Warm / cold | One changed | Peak RSS (cold) | Peak RSS (warm) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n, (ct, cm), (wt, wm), (ot, om) in rows:
    print(f"| {n} | {ct:.3f} s | {ct / chromium_s:.2f}× | {ct / n * 1000:.2f} ms | {wt:.3f} s | {wt / ct * 100:.1f}% | {ot:.3f} s | {cm:.1f} MiB | {max(wm, om):.1f} MiB |")
PY
