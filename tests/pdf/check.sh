#!/usr/bin/env bash
# Checks the PDF letters with poppler (pdftotext, pdfinfo, pdftoppm): reading order, every glyph
# inside the page margins, tagged with a title and the en-GB language, and page images for a person
# to look at under target/pdf-pages/. Builds s55 in debug and renders the fixtures (and, when present,
# the examples/ and responses/ letters).
#
#   tests/pdf/check.sh            # from the repository root
#
# Needs poppler-utils (apt-get install -y poppler-utils) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in pdftotext pdfinfo pdftoppm python3; do
    command -v "$tool" >/dev/null || { echo "check.sh: $tool is not installed (apt-get install -y poppler-utils python3)" >&2; exit 2; }
done

target="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --bin s55
s55="$target/debug/s55"
out="target/pdf-check"
pages="target/pdf-pages"
rm -rf "$out" "$pages"
mkdir -p "$out" "$pages"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# A4 in points and the layout's margins (25 mm sides, 20 mm top); the footer sits in the bottom margin.
left=70.86; right=524.41; top=56.69; page_h=841.89

inputs=(tests/fixtures/pdf/letter.yaml tests/fixtures/pdf/stress.yaml tests/fixtures/pdf/long.yaml)
for dir in examples responses; do
    [ -d "$dir" ] && while IFS= read -r f; do inputs+=("$f"); done < <(find "$dir" -name '*.yaml' -not -name 'office.yaml' -not -path '*/reports/*' | sort)
done

for yaml in "${inputs[@]}"; do
    name="$(basename "${yaml%.yaml}")"
    pdf="$out/$name.pdf"
    if ! "$s55" render "$yaml" --format pdf -o "$pdf" 2>"$out/$name.err"; then
        # Only s55's own response files are expected to render; a file that is not a response
        # (an office or report file) says so.
        if grep -q "does not say which HMICFRS report\|does not name the local policing body" "$out/$name.err"; then
            continue
        fi
        fail "$yaml did not render:"; cat "$out/$name.err" >&2; continue
    fi

    info="$(pdfinfo "$pdf" 2>/dev/null)"
    grep -q '^Tagged: *yes' <<<"$info" || fail "$name: pdfinfo does not report Tagged: yes"
    grep -q '^Title: *[^ ]' <<<"$info" || fail "$name: no document title"
    pdfinfo -meta "$pdf" 2>/dev/null | grep -q 'en-GB' || fail "$name: language en-GB not set"
    npages="$(awk '/^Pages:/ {print $2}' <<<"$info")"

    # Reading order: every paragraph of the Markdown letter (the same template output the PDF is
    # drawn from) comes out of pdftotext, in the same order.
    "$s55" render "$yaml" --format md -o "$out/$name.md"
    pdftotext -layout "$pdf" "$out/$name.txt" 2>/dev/null
    python3 - "$out/$name.txt" "$out/$name.md" <<'PY' || fail "$name: text is out of reading order"
import re, sys
def norm(t):
    return " ".join(t.split())
pdf = norm(open(sys.argv[1], encoding="utf-8").read())
md = open(sys.argv[2], encoding="utf-8").read()
body = md[md.find("\n# ") + 1:] if "\n# " in md else md
phrases = []
for para in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.) )", body):
    lines = [l for l in para.splitlines() if not l.lstrip().startswith("|")]
    text = " ".join(lines)
    text = re.sub(r"^[\s>]*(?:#+|[-*]|\d+\.)?\s+", "", text)
    text = re.sub(r"\s>\s", " ", text)
    text = re.sub(r"[*_<>\\]", "", text)
    # Stop at a web address: pdftotext shows a wrapped one with a space in it.
    words = []
    for w in text.split()[:4]:
        if "://" in w:
            break
        words.append(w)
    if len(words) >= 2:
        phrases.append(" ".join(words))
pos = 0
for phrase in phrases:
    at = pdf.find(phrase, pos)
    if at < 0:
        print(f"  '{phrase}' missing or out of order", file=sys.stderr)
        sys.exit(1)
    pos = at + len(phrase)
if len(phrases) < 3:
    print(f"  only {len(phrases)} paragraphs found in the Markdown letter", file=sys.stderr)
    sys.exit(1)
PY

    # Every word's box inside the margins (body) or in the footer band.
    pdftotext -bbox "$pdf" "$out/$name.html" 2>/dev/null
    python3 - "$out/$name.html" "$left" "$right" "$top" "$page_h" <<'PY' || fail "$name: glyphs outside the margins"
import re, sys
html, left, right, top, page_h = sys.argv[1], *map(float, sys.argv[2:])
bad = 0
for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', open(html, encoding="utf-8").read()):
    x0, y0, x1, y1 = map(float, m.groups()[:4])
    if x0 < left - 0.5 or x1 > right + 0.5 or y0 < top - 12 or y1 > page_h - 20:
        bad += 1
        if bad <= 5:
            print(f"  '{m.group(5)}' at x {x0:.1f}..{x1:.1f}, y {y0:.1f}..{y1:.1f}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY

    # Page numbers in the footer.
    grep -q "Page $npages of $npages" "$out/$name.txt" || fail "$name: footer 'Page $npages of $npages' missing"

    pdftoppm -r 60 -png "$pdf" "$pages/$name" 2>/dev/null
    echo "ok: $name ($npages pages, $(wc -c <"$pdf") bytes)"
done

# Determinism across processes: a second build is byte-identical.
"$s55" render tests/fixtures/pdf/letter.yaml --format pdf -o "$out/again.pdf"
cmp -s "$out/again.pdf" "$out/letter.pdf" || fail "two builds of letter.yaml differ"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all PDF checks passed; page images are in $pages/"
