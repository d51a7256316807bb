#!/usr/bin/env bash
# Deploys a new version of Citas with zero downtime, through Tomcat's manager (parallel deployment):
#
#   scripts/deploy.sh [--version V] [--war FILE] [--skip-migrations] [--keep-archived N]
#
#  1. builds the WAR (unless --war names one),
#  2. applies the Liquibase migrations with the CITAS_DB_* settings (each release is tagged in the changelog;
#     migrations must keep the running version working: add, never drop, in the release that stops using a thing),
#  3. uploads it as citas##V: Tomcat starts it beside the running version and, once started, sends every new
#     request to it (the highest version wins; the API keeps no sessions, so nothing is pinned to the old one),
#  4. waits until /health answers 200, then undeploys the older versions (requests in flight finish first),
#  5. keeps the WAR in CITAS_DEPLOY_DIR (default data/deploys; the last N, default 5) for scripts/rollback.sh.
#
# V defaults to the UTC time and the git commit (YYYYMMDD.HHMMSS-abc1234): versions compare as strings, so a later
# deployment is always the higher one. The manager: CITAS_MANAGER_URL, CITAS_MANAGER_USER, CITAS_MANAGER_PASSWORD
# (see scripts/lib.sh). If the new version fails to start, it is removed and the running one keeps serving.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_load_stack_env

VERSION=""
WAR=""
MIGRATE=true
KEEP_ARCHIVED=5
while [ $# -gt 0 ]; do
  case "$1" in
    --version) VERSION="$2"; shift 2 ;;
    --war) WAR="$2"; shift 2 ;;
    --skip-migrations) MIGRATE=false; shift ;;
    --keep-archived) KEEP_ARCHIVED="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "deploy.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
say() { printf 'deploy: %s\n' "$*"; }
fail() { printf 'deploy: %s\n' "$*" >&2; exit 1; }

citas_manager_init
if [ -z "$VERSION" ]; then
  VERSION="$(date -u +%Y%m%d.%H%M%S)-$(git rev-parse --short HEAD 2>/dev/null || echo local)"
fi
[[ "$VERSION" =~ ^[A-Za-z0-9._-]+$ ]] || fail "a version is letters, digits, '.', '_' or '-': $VERSION"
citas_build_if_needed
WAR="${WAR:-target/citas.war}"
[ -f "$WAR" ] || fail "no WAR at $WAR"

before="$(citas_deployed_versions)" || fail "cannot list the deployed versions (is Tomcat up, the password right?)"
if grep -qx "[a-z]* $VERSION" <<<"$before"; then fail "version $VERSION is already deployed"; fi

if [ "$MIGRATE" = true ]; then
  say "applying migrations"
  citas_migrate update | sed 's/^/deploy:   /' || fail "migrations failed; nothing was deployed"
fi

DEPLOY_DIR="${CITAS_DEPLOY_DIR:-data/deploys}"
mkdir -p "$DEPLOY_DIR"
cp "$WAR" "$DEPLOY_DIR/citas##$VERSION.war"

say "uploading $WAR as citas##$VERSION"
if ! answer="$(citas_manager_call "/deploy?path=/citas&version=$VERSION&update=false" -T "$WAR")"; then
  echo "$answer" | sed 's/^/deploy:   /' >&2
  citas_undeploy "$VERSION" 2>/dev/null || true
  fail "citas##$VERSION did not start; it was removed and the running version keeps serving (see catalina.*.log)"
fi

citas_wait_healthy 120 || fail "citas##$VERSION started but $CITAS_HEALTH_URL did not answer 200 within 120 s"
say "citas##$VERSION is serving; $CITAS_HEALTH_URL answers 200"

while read -r state old; do
  [ -n "$state" ] || continue
  [ "$old" = "$VERSION" ] && continue
  say "undeploying the previous version citas${old:+##$old} ($state)"
  citas_undeploy "$old" || fail "could not undeploy citas${old:+##$old}"
done <<<"$before"

# The archive: the newest N WARs stay for rollback.sh.
ls -1 "$DEPLOY_DIR" | grep '^citas##.*\.war$' | LC_ALL=C sort -r | tail -n +"$((KEEP_ARCHIVED + 1))" \
  | while read -r stale; do rm -f "$DEPLOY_DIR/$stale"; done
say "done: citas##$VERSION is the only version deployed; WARs for rollback in $DEPLOY_DIR"
