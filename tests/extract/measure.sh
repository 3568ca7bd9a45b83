#!/usr/bin/env bash
# Prints the extractor's recall and precision over every fixture report, as text and as PDF,
# against the hand-checked *.expected.yaml files (benches/extract_measure.rs). A debug build is
# enough.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo bench --profile dev --bench extract_measure 2>/dev/null
