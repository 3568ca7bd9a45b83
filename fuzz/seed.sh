#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own files: the examples, the model response, the
# officer-mistakes corpus and the report fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/check fuzz/corpus/render fuzz/corpus/extract
for f in examples/*.yaml responses/*.yaml tests/fixtures/mistakes/*.yaml tests/fixtures/mistakes/*/*.yaml; do
  name="$(echo "$f" | tr '/' '_')"
  cp "$f" "fuzz/corpus/check/$name"
  cp "$f" "fuzz/corpus/render/$name"
done
for f in tests/fixtures/reports/*.txt; do
  cp "$f" "fuzz/corpus/extract/$(basename "$f")"
done
echo "seeded: $(ls fuzz/corpus/check | wc -l) response files, $(ls fuzz/corpus/extract | wc -l) reports"
