#!/usr/bin/env bash
# Creates a user in the database Citas uses; the only way to create staff.
#   scripts/create-user.sh [--staff] [--name "Full Name"] USERNAME EMAIL    (password read from standard input)
# Uses CITAS_DB_URL / CITAS_DB_USER / CITAS_DB_PASSWORD, or the embedded database of a running scripts/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_require_build
citas_load_stack_env
exec java -cp "$CITAS_TOOLS_CLASSPATH" app.citas.tools.CreateUser "$@"
