#!/usr/bin/env bash
# Lays out every text fixture in tests/fixtures/reports as a PDF beside it (NAME.txt -> NAME.pdf),
# the way HMICFRS publishes reports: a running header, page numbers in the footer, boxed
# recommendations, bullet glyphs, footnote markers, ligatures and hyphenated line ends. The PDFs are
# committed, so `cargo test` needs no browser; run this again after changing a text fixture.
# Needs Chromium (installed here with apt-get when missing) and python3. With names (NAME or
# NAME.txt) lays out only those, so that the other committed PDFs stay as they are.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
work=/tmp/s55-fixture-pdfs
mkdir -p "$work"
glyphs=("•" "▪" "◦" "–")
i=0
for txt in tests/fixtures/reports/*.txt; do
    name=$(basename "$txt" .txt)
    [ "$name" = narrative-only ] && continue
    glyph=${glyphs[$((i % ${#glyphs[@]}))]}
    i=$((i + 1))
    if [ $# -gt 0 ]; then
        wanted=no
        for n in "$@"; do [ "$(basename "$n" .txt)" = "$name" ] && wanted=yes; done
        [ $wanted = yes ] || continue
    fi
    python3 tests/extract/to_html.py "$txt" "$work/$name.html" "$glyph"
    # The page's margin boxes give a running header and a page number on every page: lines the
    # extractor must drop.
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$work/$name.pdf" \
        "file://$work/$name.html" 2>/dev/null
    cp "$work/$name.pdf" "tests/fixtures/reports/$name.pdf"
    echo "tests/fixtures/reports/$name.pdf"
done
