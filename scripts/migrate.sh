#!/usr/bin/env bash
# The schema from the command line, with the service's settings (CITAS_DB_URL, CITAS_DB_USER, CITAS_DB_PASSWORD):
#
#   scripts/migrate.sh update              apply pending Liquibase changesets (scripts/deploy.sh does this too)
#   scripts/migrate.sh tags                the release tags applied, oldest first
#   scripts/migrate.sh rollback-sql [TAG]  the SQL a rollback to TAG (default: the previous tag) would run
#   scripts/migrate.sh rollback [TAG]      roll back to TAG (default: the previous tag)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_require_build
citas_load_stack_env
citas_migrate "$@"
