#!/usr/bin/env bash
# Checks the Word letters as Word users' tools read them: each example's, the model response's and
# the fixtures' .docx (one of them written into an office's own template) is read back with
# python-docx (styles used, headings in order, numbering on list paragraphs, the annex's repeating
# header row, title, author and language), then converted to PDF by LibreOffice, with page images
# for a person to look at under target/docx-pages/.
#
#   tests/docx/check.sh            # from the repository root
#
# Needs LibreOffice Writer (apt-get install -y libreoffice-writer-nogui), poppler-utils,
# fonts-liberation2 (Arial's metrics) and python-docx (pip install python-docx); it installs the
# last when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in soffice pdftoppm pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "check.sh: $tool is not installed (apt-get install -y libreoffice-writer-nogui poppler-utils python3)" >&2; exit 2; }
done
python3 -c 'import docx' 2>/dev/null || python3 -m pip install --quiet python-docx \
    || python3 -m pip install --quiet --break-system-packages python-docx

target="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --bin s55
s55="$target/debug/s55"
out="target/docx-check"
pages="target/docx-pages"
rm -rf "$out" "$pages"
mkdir -p "$out" "$pages"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

inputs=(tests/fixtures/pdf/letter.yaml tests/fixtures/word/letter.yaml)
for dir in examples responses; do
    [ -d "$dir" ] && while IFS= read -r f; do inputs+=("$f"); done < <(find "$dir" -name '*.yaml' -not -name 'office.yaml' -not -path '*/reports/*' | sort)
done

for yaml in "${inputs[@]}"; do
    name="$(basename "$(dirname "$yaml")")-$(basename "${yaml%.yaml}")"
    docx="$out/$name.docx"
    if ! "$s55" render "$yaml" --format docx -o "$docx" 2>"$out/$name.err"; then
        if grep -q "does not say which HMICFRS report\|does not name the local policing body" "$out/$name.err"; then
            continue
        fi
        fail "$yaml did not render:"; cat "$out/$name.err" >&2; continue
    fi
    template=no
    grep -q "office: office.yaml" "$yaml" && [ "$(dirname "$yaml")" = tests/fixtures/word ] && template=yes

    python3 - "$docx" "$template" <<'PY' || fail "$name: python-docx check"
import sys, docx
from docx.oxml.ns import qn
path, template = sys.argv[1], sys.argv[2] == "yes"
d = docx.Document(path)
problems = []
styles = [p.style.name for p in d.paragraphs]
for wanted in ["Title", "Heading 1"]:
    if wanted not in styles:
        problems.append(f"no paragraph in the style {wanted}")
order = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4}
levels = [order[s] for s in styles if s in order]
if not levels or levels[0] != 1:
    problems.append(f"the title does not come first: {levels[:5]}")
for a, b in zip(levels, levels[1:]):
    if b > a + 1:
        problems.append(f"heading level skipped: {a} then {b}")
for p in d.paragraphs:
    if p.style.name in ("List Bullet", "List Number"):
        ppr = p._p.pPr
        if ppr is None or ppr.numPr is None:
            problems.append(f"list paragraph without numbering: {p.text[:40]!r}")
if not d.tables:
    problems.append("no table (the annex)")
for t in d.tables:
    tr_pr = t.rows[0]._tr.trPr
    if tr_pr is None or tr_pr.find(qn("w:tblHeader")) is None:
        problems.append("a table whose first row is not a repeating header row")
cp = d.core_properties
if not cp.title:
    problems.append("no title")
if not cp.author:
    problems.append("no author")
if cp.language != "en-GB":
    problems.append(f"language {cp.language!r}, not en-GB")
sec = d.sections[-1]
if template:
    header = " ".join(p.text for p in sec.header.paragraphs)
    footer = " ".join(p.text for p in sec.footer.paragraphs)
    if "Police and Crime Commissioner for Wessex" not in header:
        problems.append(f"the template's letterhead is not in the header: {header!r}")
    if "Working for safer communities" not in footer:
        problems.append(f"the template's footer is missing: {footer!r}")
    if round(sec.top_margin.cm, 1) != 4.0:
        problems.append(f"top margin {sec.top_margin.cm:.2f} cm, not the template's 4 cm")
    h1 = d.styles["Heading 1"].font.name
    if h1 != "Trebuchet MS":
        problems.append(f"Heading 1 in {h1!r}, not the template's Trebuchet MS")
    if not any(r.reltype.endswith("/image") for r in sec.header.part.rels.values()):
        problems.append("the header's crest image is not related")
else:
    footer = "".join(sec.footer._element.xml)
    if "NUMPAGES" not in footer:
        problems.append("no 'Page N of M' footer")
for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

    # LibreOffice: the document opens, converts, and shows the page numbers (or the template's
    # footer) and the letter's words.
    if ! timeout 180 soffice --headless --norestore --convert-to pdf --outdir "$out" "$docx" >"$out/$name.soffice" 2>&1 || [ ! -s "$out/$name.pdf" ]; then
        fail "$name: LibreOffice could not convert it"; cat "$out/$name.soffice" >&2; continue
    fi
    pdftotext -layout "$out/$name.pdf" "$out/$name.txt"
    npages="$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')"
    if [ "$template" = yes ]; then
        grep -q "Working for safer communities" "$out/$name.txt" || fail "$name: the template's footer is not on the page"
        grep -q "Police and Crime Commissioner for Wessex" "$out/$name.txt" || fail "$name: the letterhead is not on the page"
    else
        grep -q "Page $npages of $npages" "$out/$name.txt" || fail "$name: footer 'Page $npages of $npages' missing"
    fi
    grep -q "Annex: the answers at a glance" "$out/$name.txt" || fail "$name: the annex is missing"
    pdftoppm -r 60 -png "$out/$name.pdf" "$pages/$name"
    echo "ok: $name ($npages pages)"
done

# The template fixture itself opens in LibreOffice.
cp tests/fixtures/word/letterhead.dotx "$out/letterhead-template.dotx"
if timeout 180 soffice --headless --norestore --convert-to pdf --outdir "$out" "$out/letterhead-template.dotx" >/dev/null 2>&1 \
    && pdftotext "$out/letterhead-template.pdf" - | grep -q "Police and Crime Commissioner for Wessex"; then
    pdftoppm -r 60 -png "$out/letterhead-template.pdf" "$pages/letterhead-template"
    echo "ok: letterhead.dotx opens"
else
    fail "tests/fixtures/word/letterhead.dotx does not open in LibreOffice"
fi

# Determinism across processes: a second build of the letter in the template is byte-identical.
"$s55" render tests/fixtures/word/letter.yaml --format docx -o "$out/again.docx"
cmp -s "$out/again.docx" "$out/word-letter.docx" || fail "two builds of the letter in the template differ"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all Word checks passed; page images are in $pages/"
