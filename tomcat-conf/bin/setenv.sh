#!/bin/sh
# Sourced by catalina.sh for Citas' CATALINA_BASE. Every value may be overridden from the environment.

# Port and bind address of the HTTP connector (server.xml reads them as system properties).
CITAS_HTTP_PORT="${CITAS_HTTP_PORT:-8080}"
CITAS_HTTP_ADDRESS="${CITAS_HTTP_ADDRESS:-0.0.0.0}"

# Request threads come from the CPU count. Requests spend most of their time waiting on PostgreSQL and
# Redis, so the pool is a multiple of the cores; the database pool (cores * 2 + 1, HikariCP's rule)
# bounds the real concurrency against PostgreSQL. docs/tuning.md carries the figures behind these numbers.
CITAS_CPUS="${CITAS_CPUS:-$(nproc 2>/dev/null || echo 2)}"
CITAS_MAX_THREADS="${CITAS_MAX_THREADS:-$(( CITAS_CPUS * 25 > 50 ? CITAS_CPUS * 25 : 50 ))}"
CITAS_MIN_SPARE_THREADS="${CITAS_MIN_SPARE_THREADS:-$(( CITAS_CPUS * 2 ))}"

# Heap: fixed size avoids resize pauses; G1 is the default collector and fits a small latency-bound heap.
CITAS_HEAP="${CITAS_HEAP:-512m}"

CATALINA_OPTS="$CATALINA_OPTS \
 -Xms$CITAS_HEAP -Xmx$CITAS_HEAP -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
 -Dfile.encoding=UTF-8 -Duser.timezone=UTC \
 -Dcitas.http.port=$CITAS_HTTP_PORT -Dcitas.http.address=$CITAS_HTTP_ADDRESS \
 -Dcitas.maxThreads=$CITAS_MAX_THREADS -Dcitas.minSpareThreads=$CITAS_MIN_SPARE_THREADS"

# Trusted proxies for X-Forwarded-For (a regular expression over peer addresses); unset keeps server.xml's default.
if [ -n "${CITAS_INTERNAL_PROXIES:-}" ]; then
  CATALINA_OPTS="$CATALINA_OPTS -Dcitas.internalProxies=$CITAS_INTERNAL_PROXIES"
fi

export CITAS_CPUS CITAS_MAX_THREADS

# Remote JMX, only when CITAS_JMX_PORT is set (scripts/status.sh, jconsole through an SSH tunnel; see
# docs/monitoring.md). Bound to 127.0.0.1 with the RMI objects on the same port, so one forwarded port suffices.
# Authenticated: users and roles in conf/jmxremote.access (monitor: read-only, control: read-write), passwords in
# a file made at install time by scripts/jmx-credentials.sh, mode 600 (the JDK refuses a file others can read).
# SSL is off: acceptable only because the port never leaves loopback; remote operators come in over SSH.
if [ -n "${CITAS_JMX_PORT:-}" ]; then
  CITAS_JMX_PASSWORD_FILE="${CITAS_JMX_PASSWORD_FILE:-$CATALINA_BASE/conf/jmxremote.password}"
  CITAS_JMX_ACCESS_FILE="${CITAS_JMX_ACCESS_FILE:-$CATALINA_BASE/conf/jmxremote.access}"
  if [ ! -f "$CITAS_JMX_PASSWORD_FILE" ]; then
    echo "setenv.sh: CITAS_JMX_PORT=$CITAS_JMX_PORT but there is no JMX password file at $CITAS_JMX_PASSWORD_FILE;" \
      "create it with scripts/jmx-credentials.sh (the JVM will refuse to start without it)." >&2
  fi
  CATALINA_OPTS="$CATALINA_OPTS \
 -Dcom.sun.management.jmxremote.port=$CITAS_JMX_PORT -Dcom.sun.management.jmxremote.rmi.port=$CITAS_JMX_PORT \
 -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
 -Dcom.sun.management.jmxremote.authenticate=true \
 -Dcom.sun.management.jmxremote.password.file=$CITAS_JMX_PASSWORD_FILE \
 -Dcom.sun.management.jmxremote.access.file=$CITAS_JMX_ACCESS_FILE \
 -Dcom.sun.management.jmxremote.ssl=false -Dcom.sun.management.jmxremote.registry.ssl=false"
fi
