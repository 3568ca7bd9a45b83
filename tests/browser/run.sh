#!/usr/bin/env bash
# The browser suite: builds the bundled responses, the examples and the test fixtures (including one
# with an injection payload in every text field) into website folders, serves them on localhost and
# checks every page in Chromium: axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules, console
# errors, requests leaving the site, injected markup, reflow at 320 CSS pixels (400% zoom), the skip
# link; and the index of a site of 101 responses, in pages. Then `s55 serve` (tests/browser/serve.mjs): an answer edited and saved, the page updated by
# itself, a broken file's message, axe on every page, DNS-rebinding and cross-site posts refused.
# Screenshots go to target/screenshots/.
#
# Needs: Debian's chromium (apt-get install -y chromium), node 18+ and npm, python3, cargo.
# Usage: bash tests/browser/run.sh        (CHROMIUM=/path/to/chromium to use another browser)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  echo "The browser suite needs Chromium at $chromium: install it with 'apt-get install -y chromium'," >&2
  echo "or set CHROMIUM to another Chromium or Chrome." >&2
  exit 2
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "Installing playwright-core and axe-core (pinned in tests/browser/package-lock.json)..."
  (cd "$here" && npm ci --no-audit --no-fund)
fi

echo "Building s55 (debug)..."
(cd "$repo" && cargo build --quiet --bin s55)
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
s55="$target_dir/debug/s55"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
site="$work/site"
mkdir -p "$site"

# Each source folder becomes its own website folder, as an office would build it.
built=0
for source in responses examples tests/fixtures/site tests/fixtures/injection; do
  if [ -d "$repo/$source" ] && find "$repo/$source" -name '*.yaml' -o -name '*.yml' | grep -q .; then
    name="$(echo "$source" | tr '/' '-')"
    echo "Building $source into $name/..."
    "$s55" build "$repo/$source" -o "$site/$name" >"$work/$name.log" 2>&1 || {
      cat "$work/$name.log" >&2
      echo "s55 build $source failed" >&2
      exit 1
    }
    built=$((built + 1))
  fi
done
# A collection of more than 100 responses, whose index comes in pages: 101 copies of the model
# response, each answering its own report title. Only the index's pages are checked (the letters are
# the model response's, checked above).
if [ -f "$repo/responses/hertfordshire-model.yaml" ]; then
  echo "Building 101 responses for a paged index..."
  mkdir -p "$work/paged/in"
  python3 - "$repo/responses/hertfordshire-model.yaml" "$work/paged/in" <<'PY'
import pathlib, sys
model = pathlib.Path(sys.argv[1]).read_text()
title = "  title: National Child Protection Inspections – Hertfordshire Constabulary\n"
assert title in model
for i in range(101):
    text = model.replace(title, f"  title: Inspection {i + 1} of Hertfordshire Constabulary\n")
    pathlib.Path(sys.argv[2], f"r{i:03}.yaml").write_text(text)
PY
  "$s55" build "$work/paged/in" -o "$work/paged/out" >"$work/paged.log" 2>&1 || {
    cat "$work/paged.log" >&2
    echo "s55 build of the paged site failed" >&2
    exit 1
  }
  mkdir -p "$site/paged-index"
  cp "$work/paged/out"/index*.html "$site/paged-index/"
  [ -f "$site/paged-index/index-2.html" ] || { echo "101 responses gave no second index page" >&2; exit 1; }
fi

if [ "$built" -eq 0 ]; then
  echo "Nothing to build: no responses/, examples/ or tests/fixtures/ with response files." >&2
  exit 1
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; then break; fi
  sleep 0.1
done

mkdir -p "$repo/target/screenshots"
node "$here/check.mjs" --site "$site" --base "http://127.0.0.1:$port" \
  --chromium "$chromium" --screenshots "$repo/target/screenshots"

# s55 serve, driven as an officer would: edit, save, live updates, a broken file, refusals.
node "$here/serve.mjs" --s55 "$s55" --repo "$repo" --chromium "$chromium" \
  --screenshots "$repo/target/screenshots"
