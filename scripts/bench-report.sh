#!/usr/bin/env bash
# Regenerates docs/performance.md and the charts docs/bench/throughput.png and docs/bench/latency-p99.png from the
# benchmark results docs/bench/results.csv (and docs/bench/machine.txt) that scripts/bench.sh writes.
# Builds if needed. Options (all optional): --csv FILE --machine FILE --out FILE --charts DIR --date YYYY-MM-DD.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_build_if_needed
exec java -Djava.awt.headless=true -Dcitas.projectDir="$PWD" \
  -cp "$(citas_dev_classpath)" app.citas.dev.BenchReport "$@"
