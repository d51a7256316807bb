#!/usr/bin/env bash
# Makes the previous version of Citas current again, through Tomcat's manager, with zero downtime:
#
#   scripts/rollback.sh [--to VERSION] [--database [--yes]]
#
# The previous version is the highest one below the current (the highest deployed). If it is still deployed it
# simply takes over when the current one is undeployed; otherwise its WAR is redeployed from CITAS_DEPLOY_DIR
# (default data/deploys, filled by scripts/deploy.sh) first, and the current one is undeployed once it serves.
#
# --database also rolls the schema back to the previous Liquibase release tag, after the application: it prints
# the SQL first and asks for confirmation (--yes does not ask). Without it the schema stays as it is, which the
# previous version works with as long as releases only add to the schema.
# The manager: CITAS_MANAGER_URL, CITAS_MANAGER_USER, CITAS_MANAGER_PASSWORD (scripts/lib.sh).
set -euo pipefail
export LC_ALL=C  # versions compare as Tomcat compares them: code unit by code unit
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_load_stack_env

TARGET=""
DATABASE=false
YES=false
while [ $# -gt 0 ]; do
  case "$1" in
    --to) TARGET="$2"; shift 2 ;;
    --database) DATABASE=true; shift ;;
    --yes) YES=true; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "rollback.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
say() { printf 'rollback: %s\n' "$*"; }
fail() { printf 'rollback: %s\n' "$*" >&2; exit 1; }
name() { echo "citas${1:+##$1}"; }

citas_manager_init
deployed="$(citas_deployed_versions)" || fail "cannot list the deployed versions (is Tomcat up, the password right?)"
[ -n "$deployed" ] || fail "no version of /citas is deployed"
current="$(tail -n 1 <<<"$deployed" | cut -d' ' -f2-)"
DEPLOY_DIR="${CITAS_DEPLOY_DIR:-data/deploys}"
archived="$(ls -1 "$DEPLOY_DIR" 2>/dev/null | sed -n 's/^citas##\(.*\)\.war$/\1/p' | LC_ALL=C sort)"
if [ -z "$TARGET" ]; then
  # The highest version below the current one, deployed or archived.
  while read -r candidate; do
    if [ -n "$candidate" ] && [[ "$candidate" < "$current" ]]; then TARGET="$candidate"; fi
  done < <( { cut -d' ' -f2- <<<"$deployed"; echo "$archived"; } | sort -u)
  [ -n "$TARGET" ] || fail "nothing older than $(name "$current") is deployed or archived in $DEPLOY_DIR"
fi
[ "$TARGET" != "$current" ] || fail "$(name "$TARGET") is already the current version"
[[ "$TARGET" < "$current" ]] || fail "$(name "$TARGET") is newer than the current $(name "$current"); use deploy.sh"
say "current: $(name "$current"); rolling back to $(name "$TARGET")"

if ! grep -qx "running $TARGET" <<<"$deployed"; then
  war="$DEPLOY_DIR/citas##$TARGET.war"
  [ -f "$war" ] || fail "$(name "$TARGET") is not deployed and $war does not exist"
  if grep -q " $TARGET\$" <<<"$deployed"; then citas_undeploy "$TARGET"; fi
  say "redeploying $war"
  citas_manager_call "/deploy?path=/citas&version=$TARGET" -T "$war" >/dev/null \
    || fail "$(name "$TARGET") did not start; $(name "$current") keeps serving"
fi

# Every version above the target goes; Tomcat then sends new requests to the target.
while read -r state version; do
  [ -n "$state" ] || continue
  if [[ "$version" > "$TARGET" ]]; then
    say "undeploying $(name "$version") ($state)"
    citas_undeploy "$version" || fail "could not undeploy $(name "$version")"
  fi
done <<<"$deployed"
citas_wait_healthy 60 || fail "$CITAS_HEALTH_URL does not answer 200 after the rollback"
say "$(name "$TARGET") is serving; $CITAS_HEALTH_URL answers 200"

if [ "$DATABASE" = true ]; then
  say "the schema's release tags: $(citas_migrate tags | tr '\n' ' ')"
  say "rolling the schema back to the previous release tag would run:"
  citas_migrate rollback-sql || fail "cannot compute the schema rollback"
  if [ "$YES" != true ]; then
    read -r -p "rollback: run this SQL now? [y/N] " answer
    [ "$answer" = y ] || [ "$answer" = Y ] || { say "schema left as it is"; exit 0; }
  fi
  citas_migrate rollback | sed 's/^/rollback: /' || fail "the schema rollback failed"
fi
