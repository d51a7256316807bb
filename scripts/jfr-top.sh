#!/usr/bin/env bash
# The hottest methods of a JFR recording, from its execution samples (JFR is in the JDK: no agent, no download).
#   scripts/jfr-top.sh RECORDING.jfr [N]      top N (default 25) frames, self time (the method on top of the stack)
#   scripts/jfr-top.sh RECORDING.jfr [N] --package app.citas
#                                             the same, counting each sample once for the first frame in that package
# Record one with the benchmark's own stack, for example:
#   CATALINA_OPTS="-XX:StartFlightRecording=filename=$PWD/target/bench.jfr,settings=profile" \
#     scripts/bench.sh --scenarios services_page --connections 32 --configuration profile --append
set -euo pipefail
recording="${1:?usage: jfr-top.sh RECORDING.jfr [N] [--package PREFIX]}"
top="${2:-25}"
package=""
if [ "${3:-}" = "--package" ]; then package="${4:?--package needs a prefix}"; fi
jfr_bin="jfr"
if ! command -v jfr >/dev/null 2>&1; then
  jfr_bin="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
fi
"$jfr_bin" print --events jdk.ExecutionSample --stack-depth 64 "$recording" | awk -v want="$package" -v top="$top" '
  /stackTrace = \[/ { inStack = 1; first = 1; found = 0; next }
  inStack && /^[[:space:]]*\]/ { inStack = 0; next }
  inStack && /line:/ {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame)
    if (want == "" && first) { count[frame]++; total++ }
    else if (want != "" && !found && index(frame, want) == 1) { count[frame]++; total++; found = 1 }
    first = 0
  }
  END { for (f in count) printf "%d %d %s\n", count[f], total, f }' \
  | sort -rn | awk -v top="$top" 'NR <= top' | awk 'NR == 1 { printf "%d samples\n", $2 } { c = $1; t = $2; $1 = ""; $2 = "";
      sub(/^ +/, ""); printf "%6.2f%%  %s\n", 100 * c / t, $0 }'
