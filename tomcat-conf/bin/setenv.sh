#!/bin/sh
# Sourced by catalina.sh for Citas' CATALINA_BASE. Every value may be overridden from the environment;
# docs/tuning.md explains each one with the measurements behind it.

# Port and bind address of the HTTP connector (server.xml reads them as system properties).
CITAS_HTTP_PORT="${CITAS_HTTP_PORT:-8080}"
CITAS_HTTP_ADDRESS="${CITAS_HTTP_ADDRESS:-0.0.0.0}"

# --- JDK -----------------------------------------------------------------------------------------------------
# CITAS_JAVA_HOME picks the JDK (else JAVA_HOME, else the java on the PATH). CITAS_EXECUTOR=virtual needs 21+:
# when the chosen JDK is older, the newest JDK 21+ under /usr/lib/jvm is used, and failing that the platform
# pool, with a warning. Nothing requires more than JDK 17.
if [ -n "${CITAS_JAVA_HOME:-}" ]; then
  JAVA_HOME="$CITAS_JAVA_HOME"
fi
citas_java_major() {
  "${1:+$1/bin/}java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
CITAS_EXECUTOR="${CITAS_EXECUTOR:-platform}"
if [ "$CITAS_EXECUTOR" = "virtual" ] && [ "$(citas_java_major "${JAVA_HOME:-}")" -lt 21 ] 2>/dev/null; then
  citas_newer_jdk=""
  for citas_jdk in /usr/lib/jvm/*; do
    if [ -x "$citas_jdk/bin/java" ] && [ "$(citas_java_major "$citas_jdk")" -ge 21 ] 2>/dev/null; then
      citas_newer_jdk="$citas_jdk"
    fi
  done
  if [ -n "$citas_newer_jdk" ]; then
    JAVA_HOME="$citas_newer_jdk"
  else
    echo "setenv.sh: CITAS_EXECUTOR=virtual needs JDK 21+ and none was found; using the platform thread pool" >&2
    CITAS_EXECUTOR=platform
  fi
fi
case "$CITAS_EXECUTOR" in
  virtual) CITAS_EXECUTOR_CLASS=org.apache.catalina.core.StandardVirtualThreadExecutor ;;
  platform) CITAS_EXECUTOR_CLASS=org.apache.catalina.core.StandardThreadExecutor ;;
  *) echo "setenv.sh: CITAS_EXECUTOR must be platform or virtual, got '$CITAS_EXECUTOR'" >&2; exit 1 ;;
esac
[ -n "${JAVA_HOME:-}" ] && export JAVA_HOME

# --- Request threads and connector ---------------------------------------------------------------------------
# Requests spend most of their time waiting on PostgreSQL and Redis, so the pool is a multiple of the cores;
# the database pool (cores * 2 + 1, HikariCP's rule) bounds the real concurrency against PostgreSQL.
CITAS_CPUS="${CITAS_CPUS:-$(nproc 2>/dev/null || echo 2)}"
if [ "${CITAS_TOMCAT_DEFAULTS:-false}" = "true" ]; then
  # Tomcat's own defaults for every value below, for the benchmark's "tuned vs default" comparison only.
  CITAS_MAX_THREADS="${CITAS_MAX_THREADS:-200}"
  CITAS_MIN_SPARE_THREADS="${CITAS_MIN_SPARE_THREADS:-25}"
  citas_connector="-Dcitas.connectionTimeout=60000 -Dcitas.keepAliveTimeout=60000 -Dcitas.maxKeepAliveRequests=100
    -Dcitas.maxConnections=8192 -Dcitas.acceptCount=100 -Dcitas.compression=off"
else
  CITAS_MAX_THREADS="${CITAS_MAX_THREADS:-$(( CITAS_CPUS * 25 > 50 ? CITAS_CPUS * 25 : 50 ))}"
  CITAS_MIN_SPARE_THREADS="${CITAS_MIN_SPARE_THREADS:-$(( CITAS_CPUS * 2 ))}"
  citas_connector="-Dcitas.connectionTimeout=${CITAS_CONNECTION_TIMEOUT_MS:-10000}
    -Dcitas.keepAliveTimeout=${CITAS_KEEPALIVE_TIMEOUT_MS:-65000}
    -Dcitas.maxKeepAliveRequests=${CITAS_MAX_KEEPALIVE_REQUESTS:-1000}
    -Dcitas.maxConnections=${CITAS_MAX_CONNECTIONS:-8192} -Dcitas.acceptCount=${CITAS_ACCEPT_COUNT:-256}
    -Dcitas.compression=on"
fi

# --- Heap and GC -----------------------------------------------------------------------------------------------
# A fixed heap (Xms = Xmx) never pauses to resize; G1 fits a small heap serving short requests. An
# OutOfMemoryError ends the process (systemd restarts it) instead of leaving a half-working server, with a heap
# dump for the post-mortem. GC pauses go to a rotating log for latency investigations.
CITAS_HEAP="${CITAS_HEAP:-512m}"
mkdir -p "$CATALINA_BASE/logs"
CATALINA_OPTS="$CATALINA_OPTS \
 -Xms$CITAS_HEAP -Xmx$CITAS_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=100 -XX:+ExitOnOutOfMemoryError \
 -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=$CATALINA_BASE/logs \
 -Xlog:gc:file=$CATALINA_BASE/logs/gc.log:time,uptime,level,tags:filecount=5,filesize=10m \
 -Dfile.encoding=UTF-8 -Duser.timezone=UTC \
 -Dcitas.http.port=$CITAS_HTTP_PORT -Dcitas.http.address=$CITAS_HTTP_ADDRESS \
 -Dcitas.executorClass=$CITAS_EXECUTOR_CLASS -Dcitas.executor=$CITAS_EXECUTOR \
 -Dcitas.maxThreads=$CITAS_MAX_THREADS -Dcitas.minSpareThreads=$CITAS_MIN_SPARE_THREADS \
 $(echo $citas_connector)"

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

# Prometheus metrics, only when CITAS_METRICS_PORT is set: the JMX exporter agent (bin/ of the distribution, put
# there by the build) serves http://127.0.0.1:$CITAS_METRICS_PORT/metrics with the JVM's metrics and those that
# conf/jmx-exporter.yaml names (Citas, HikariCP, Tomcat; see docs/monitoring.md). Loopback only, like JMX: the
# metrics carry no secrets but are not for the world; a Prometheus elsewhere scrapes through a tunnel or proxy.
if [ -n "${CITAS_METRICS_PORT:-}" ]; then
  CITAS_METRICS_AGENT="${CITAS_METRICS_AGENT:-$CATALINA_HOME/bin/jmx_prometheus_javaagent.jar}"
  if [ -f "$CITAS_METRICS_AGENT" ]; then
    CATALINA_OPTS="$CATALINA_OPTS \
 -javaagent:$CITAS_METRICS_AGENT=127.0.0.1:$CITAS_METRICS_PORT:$CATALINA_BASE/conf/jmx-exporter.yaml"
  else
    echo "setenv.sh: CITAS_METRICS_PORT=$CITAS_METRICS_PORT but there is no exporter agent at $CITAS_METRICS_AGENT" \
      "(mvn package puts it in the Tomcat distribution's bin/); starting without metrics" >&2
  fi
fi
