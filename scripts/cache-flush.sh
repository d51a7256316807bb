#!/usr/bin/env bash
# Removes Citas' catalog cache entries from Redis, on a live system, without touching anything else in Redis:
# SCAN + UNLINK under CITAS_REDIS_KEY_PREFIX (default citas:), never FLUSHDB. Says how many keys it removed.
# Uses CITAS_REDIS_URL, or the embedded Redis of a running scripts/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_require_build
citas_load_stack_env
exec java -cp "$CITAS_TOOLS_CLASSPATH" app.citas.tools.CacheFlush "$@"
