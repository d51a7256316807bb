#!/usr/bin/env bash
# Installs Citas for production under one directory (docs/deployment.md):
#
#   PREFIX/tomcat     the Tomcat 11 distribution (CATALINA_HOME), from Maven Central via the build
#   PREFIX/base       CATALINA_BASE: the distribution's conf/ overlaid by tomcat-conf/, logs, temp, work, webapps
#   PREFIX/citas.env  the service's settings (database, Redis, ports, quotas), mode 640, never overwritten
#   PREFIX/docs       the deployment guide and monitoring reference
#   PREFIX/deploys    the WARs scripts/deploy.sh uploaded, for scripts/rollback.sh
#   PREFIX/citas.service (and /etc/systemd/system/citas.service with --systemd)
# and the credentials: JMX (monitor, control) and the manager's deploy user, each generated and printed once.
#
#   scripts/install.sh [--prefix DIR] [--user NAME] [--systemd] [--force-conf]
#
# --prefix   default /opt/citas.  --user: the unprivileged user Tomcat runs as (default: citas when run as root,
# else the current user); created when missing and run as root.  --systemd: installs and enables the unit (root).
# --force-conf: replaces PREFIX/base/conf with the repository's tomcat-conf/ (an upgrade of the configuration);
# credentials files (JMX, manager) are kept. The WAR is not deployed here: scripts/deploy.sh does that.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

PREFIX=/opt/citas
SERVICE_USER=""
SYSTEMD=false
FORCE_CONF=false
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --user) SERVICE_USER="$2"; shift 2 ;;
    --systemd) SYSTEMD=true; shift ;;
    --force-conf) FORCE_CONF=true; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$PREFIX" in /*) ;; *) PREFIX="$PWD/$PREFIX" ;; esac
if [ -z "$SERVICE_USER" ]; then
  if [ "$(id -u)" = 0 ]; then SERVICE_USER=citas; else SERVICE_USER="$(id -un)"; fi
fi
say() { printf 'install: %s\n' "$*"; }

citas_build_if_needed
TOMCAT_SRC="target/tomcat/apache-tomcat-$(citas_tomcat_version)"
[ -d "$TOMCAT_SRC" ] || { echo "install.sh: no Tomcat distribution at $TOMCAT_SRC (mvn package)" >&2; exit 1; }

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: user $SERVICE_USER does not exist and only root can create it" >&2; exit 1; }
  useradd --system --home-dir "$PREFIX" --shell /usr/sbin/nologin "$SERVICE_USER"
  say "created system user $SERVICE_USER"
fi

mkdir -p "$PREFIX"
# The distribution: replaced as a whole, so an upgrade of Tomcat is a re-run of this script.
rm -rf "$PREFIX/tomcat.new"
cp -R "$TOMCAT_SRC" "$PREFIX/tomcat.new"
rm -rf "$PREFIX/tomcat.new/webapps/"{ROOT,docs,examples,host-manager}
rm -rf "$PREFIX/tomcat"
mv "$PREFIX/tomcat.new" "$PREFIX/tomcat"
say "Tomcat $(citas_tomcat_version) in $PREFIX/tomcat"

BASE="$PREFIX/base"
mkdir -p "$BASE"/{bin,conf,logs,temp,work,webapps} "$BASE/conf/Catalina/localhost"
if [ ! -f "$BASE/conf/server.xml" ] || [ "$FORCE_CONF" = true ]; then
  kept="$(mktemp -d)"
  for secret in tomcat-users.xml jmxremote.password; do
    [ -f "$BASE/conf/$secret" ] && cp -p "$BASE/conf/$secret" "$kept/"
  done
  cp -R "$PREFIX/tomcat/conf/." "$BASE/conf/"
  cp -p "$kept"/* "$BASE/conf/" 2>/dev/null || true
  rm -rf "$kept"
  # tomcat-conf/ is the overlay; its systemd/ folder is installed below, not into CATALINA_BASE.
  (cd tomcat-conf && find . -path ./systemd -prune -o -type f -print) | while read -r file; do
    mkdir -p "$BASE/$(dirname "$file")"
    cp "tomcat-conf/$file" "$BASE/$file"
  done
  say "CATALINA_BASE configuration from tomcat-conf/ in $BASE"
else
  say "kept the configuration in $BASE/conf (--force-conf replaces it)"
fi

if [ ! -f "$PREFIX/citas.env" ]; then
  umask 027
  cat > "$PREFIX/citas.env" <<EOF
# Citas settings, read by systemd (EnvironmentFile); operators load it for the scripts: set -a; . citas.env; set +a
# Every variable is described in README.md; configuration is validated at start-up.
CITAS_DB_URL=jdbc:postgresql://127.0.0.1:5432/citas
CITAS_DB_USER=citas
CITAS_DB_PASSWORD=
CITAS_REDIS_URL=redis://127.0.0.1:6379/0
CITAS_HTTP_PORT=8080
CITAS_HTTP_ADDRESS=127.0.0.1
CITAS_HEAP=512m
CITAS_JMX_PORT=9010
# Prometheus metrics on 127.0.0.1 (docs/monitoring.md); remove to turn them off.
CITAS_METRICS_PORT=9404
# For scripts/deploy.sh and rollback.sh: where WARs are kept for rollback, and the manager (loopback only).
CITAS_DEPLOY_DIR=$PREFIX/deploys
CITAS_MANAGER_URL=http://127.0.0.1:8080/manager/text
EOF
  umask 022
  say "wrote $PREFIX/citas.env: edit the database and Redis settings"
else
  say "kept $PREFIX/citas.env"
fi

mkdir -p "$PREFIX/docs"
cp docs/deployment.md docs/despliegue.md docs/monitoring.md docs/tuning.md "$PREFIX/docs/" 2>/dev/null || true
sed "s#@PREFIX@#$PREFIX#g; s#@USER@#$SERVICE_USER#g" tomcat-conf/systemd/citas.service > "$PREFIX/citas.service"

if [ "$(id -u)" = 0 ]; then
  # Root owns the installation; the service's group reads it; the service writes only logs, temp, work, webapps.
  group="$(id -gn "$SERVICE_USER")"
  chown -R root:"$group" "$PREFIX"
  chmod -R g+rX,o-rwx "$PREFIX"
  chmod 640 "$PREFIX/citas.env"
  chown -R "$SERVICE_USER":"$group" "$BASE"/{logs,temp,work,webapps}
fi

# JMX credentials (monitor: read-only, control: read-write), generated once and printed once. The JDK accepts the
# file only when its owner alone can read it, so it belongs to the service user, mode 600.
if [ ! -f "$BASE/conf/jmxremote.password" ]; then
  CATALINA_BASE="$BASE" scripts/jmx-credentials.sh
fi
if [ "$(id -u)" = 0 ]; then
  chown "$SERVICE_USER" "$BASE/conf/jmxremote.password"
  chmod 600 "$BASE/conf/jmxremote.password"
fi

# The manager's deploy user (role manager-script, password hashed), generated once and printed once.
CATALINA_BASE="$BASE" CATALINA_HOME="$PREFIX/tomcat" scripts/manager-credentials.sh
if [ "$(id -u)" = 0 ]; then
  chown "$SERVICE_USER" "$BASE/conf/tomcat-users.xml"
  chmod 600 "$BASE/conf/tomcat-users.xml"
fi
mkdir -p "$PREFIX/deploys"

if [ "$SYSTEMD" = true ]; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: --systemd needs root" >&2; exit 1; }
  cp "$PREFIX/citas.service" /etc/systemd/system/citas.service
  systemctl daemon-reload
  systemctl enable citas.service
  say "installed and enabled /etc/systemd/system/citas.service (start it with: systemctl start citas)"
else
  say "systemd unit written to $PREFIX/citas.service (install it with --systemd)"
fi
say "done. Next: edit $PREFIX/citas.env, start the service, then scripts/deploy.sh (docs/deployment.md)"
