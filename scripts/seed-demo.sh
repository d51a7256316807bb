#!/usr/bin/env bash
# Fills the database Citas uses with the benchmark's deterministic demo data set: 10 categories, 200 services,
# 60 resources, 2,000 users and 5 staff, 100,000 appointments from 12 months before today to 3 months after.
#   scripts/seed-demo.sh [--reset] [--today YYYY-MM-DD]
# Refuses when catalog or appointment data exists; --reset first deletes ALL application data (users, tokens,
# catalog, appointments; never the Liquibase tables). Applies pending migrations first.
# Uses CITAS_DB_URL / CITAS_DB_USER / CITAS_DB_PASSWORD, or the embedded database of a running scripts/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_build_if_needed
citas_load_stack_env
java -cp "$(citas_dev_classpath)" app.citas.dev.SeedDemo "$@"
# The catalog changed under any running node: drop its cached catalog reads (they would live until their TTL).
if [ -n "${CITAS_REDIS_URL:-}" ]; then
  scripts/cache-flush.sh || echo "warning: could not flush the catalog cache; run scripts/cache-flush.sh" >&2
else
  echo "If an application node is running with a Redis cache, run scripts/cache-flush.sh." >&2
fi
