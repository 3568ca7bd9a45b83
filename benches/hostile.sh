#!/usr/bin/env bash
# Time and peak memory of every command on hostile input: the officer-mistakes corpus, and files made
# to be large, deep or long (built here, in a temporary folder). Prints one line per input and
# command, then the worst of each command. A benchmark, not a test: run it by hand, in release:
#
#   cargo build --release && bash benches/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
s55="${CARGO_TARGET_DIR:-target}/release/s55"
[ -x "$s55" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Hostile inputs beside the corpus: the limits just under and over, deep nesting, a long line.
python3 - "$work" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
model = pathlib.Path("responses/hertfordshire-model.yaml").read_text()
def put(name, text): (out / name).write_text(text)
put("long-name-99k.yaml", model.replace("  name: Office of the Police and Crime Commissioner for Hertfordshire", "  name: " + "Northshire" * 9_900))
put("long-name-250k.yaml", model.replace("  name: Office of the Police and Crime Commissioner for Hertfordshire", "  name: " + "Northshire" * 25_000))
lines = "".join(f"    - line {i}\n" for i in range(1000))
put("letterhead-1000.yaml", model.replace("  signatory: David Lloyd\n", "  signatory: David Lloyd\n  letterhead:\n" + lines))
put("deep-flow.yaml", "s55: 1\nreport: " + "[" * 5000 + "]" * 5000 + "\n")
deep = "".join("    " + "  " * i + "- x\n" for i in range(300))
put("deep-list.yaml", model.replace("  overview: |-\n", "  overview: |-\n" + deep + "\n", 1))
recs = "".join(f"    - id: R{i}\n      text: The force should do thing {i}.\n" for i in range(8, 1001))
put("recommendations-1000.yaml", model.replace("  recommendations:\n", "  recommendations:\n" + recs, 1))
PY

inputs=(tests/fixtures/mistakes/*.yaml "$work"/*.yaml)
declare -A worst_time worst_mem worst_time_file worst_mem_file
printf '%-58s %-8s %8s %9s %5s\n' input command seconds peak_MiB exit
for f in "${inputs[@]}"; do
  for cmd in check md pdf; do
    case $cmd in
      check) args=(check "$f" --today 2025-03-06) ;;
      md) args=(render "$f" --today 2025-03-06) ;;
      pdf) args=(render "$f" --format pdf --today 2025-03-06) ;;
    esac
    set +e
    /usr/bin/time -f '%e %M' -o "$work/time" timeout 60 "$s55" "${args[@]}" >/dev/null 2>&1
    code=$?
    set -e
    read -r secs kib < <(tail -n 1 "$work/time") || true
    mib=$(( ${kib:-0} / 1024 ))
    printf '%-58s %-8s %8s %9s %5s\n' "$(basename "$f")" "$cmd" "$secs" "$mib" "$code"
    if [ -z "${worst_time[$cmd]:-}" ] || awk "BEGIN{exit !($secs > ${worst_time[$cmd]})}"; then
      worst_time[$cmd]=$secs; worst_time_file[$cmd]=$(basename "$f")
    fi
    if [ -z "${worst_mem[$cmd]:-}" ] || [ "$mib" -gt "${worst_mem[$cmd]}" ]; then
      worst_mem[$cmd]=$mib; worst_mem_file[$cmd]=$(basename "$f")
    fi
  done
done
echo
for cmd in check md pdf; do
  echo "worst $cmd: ${worst_time[$cmd]} s (${worst_time_file[$cmd]}), ${worst_mem[$cmd]} MiB peak (${worst_mem_file[$cmd]})"
done
