#!/usr/bin/env bash
# Writes the JMX password file that tomcat-conf/bin/setenv.sh uses when CITAS_JMX_PORT is set: users "monitor"
# (read-only) and "control" (read-write), roles in conf/jmxremote.access. Run it at install time as the user Tomcat
# runs as (e.g. sudo -u tomcat), since the JDK only accepts a password file readable by its owner alone (mode 600).
#
#   CATALINA_BASE=/opt/citas scripts/jmx-credentials.sh [--force]
#
# File: CITAS_JMX_PASSWORD_FILE, default $CATALINA_BASE/conf/jmxremote.password. Passwords: CITAS_JMX_MONITOR_PASSWORD
# and CITAS_JMX_CONTROL_PASSWORD, each one generated (and printed once) when not set. An existing file is kept
# unless --force is given. The JDK replaces the clear-text passwords with salted hashes when it first reads the file.
set -euo pipefail

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) echo "usage: CATALINA_BASE=DIR $0 [--force]" >&2; exit 2 ;;
esac

if [ -z "${CITAS_JMX_PASSWORD_FILE:-}" ] && [ -z "${CATALINA_BASE:-}" ]; then
  echo "jmx-credentials.sh: set CATALINA_BASE (the file goes to \$CATALINA_BASE/conf/jmxremote.password)" \
    "or CITAS_JMX_PASSWORD_FILE" >&2
  exit 2
fi
file="${CITAS_JMX_PASSWORD_FILE:-$CATALINA_BASE/conf/jmxremote.password}"
if [ -e "$file" ] && [ "$force" = false ]; then
  echo "jmx-credentials.sh: $file exists; keeping it (--force replaces it)." >&2
  exit 0
fi

random_password() {
  # 18 random bytes, base64 without the characters a shell or the password file would treat specially.
  head -c 18 /dev/urandom | base64 | tr '+/' '-_'
}

generated=""
monitor="${CITAS_JMX_MONITOR_PASSWORD:-}"
control="${CITAS_JMX_CONTROL_PASSWORD:-}"
if [ -z "$monitor" ]; then monitor="$(random_password)"; generated="$generated  monitor $monitor"$'\n'; fi
if [ -z "$control" ]; then control="$(random_password)"; generated="$generated  control $control"$'\n'; fi
for password in "$monitor" "$control"; do
  case "$password" in
    *[[:space:]]*) echo "jmx-credentials.sh: a JMX password cannot contain whitespace." >&2; exit 2 ;;
  esac
done

mkdir -p "$(dirname "$file")"
umask 077
tmp="$(mktemp "$file.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
printf 'monitor %s\ncontrol %s\n' "$monitor" "$control" > "$tmp"
chmod 600 "$tmp"
mv -f "$tmp" "$file"
trap - EXIT

echo "Wrote $file (mode 600): users monitor (read-only) and control (read-write)."
if [ -n "$generated" ]; then
  echo "Generated passwords (shown once; scripts/status.sh reads CITAS_JMX_PASSWORD):"
  printf '%s' "$generated"
fi
