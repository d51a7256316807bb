#!/usr/bin/env bash
# What one Redis and one PostgreSQL do on this machine, for the capacity estimate in docs/scaling.md: a scratch
# redis-server (loopback, port CITAS_PROBE_REDIS_PORT, 26390, nothing saved) under redis-benchmark with the shapes
# of Citas's Lua calls (the quota's GET+SET, the cache lookup's two GETs), and pgbench's select-only and
# simple-update runs on a scratch database of the PostgreSQL at CITAS_PROBE_PG (127.0.0.1:5432, user postgres).
# Bounded: 300,000 Redis calls per shape, 15 s per pgbench run; everything it creates is removed.
# Needs redis-server, redis-benchmark, psql and pgbench on the PATH (Debian: redis-tools, postgresql-client).
set -euo pipefail
REDIS_PORT="${CITAS_PROBE_REDIS_PORT:-26390}"
PG="${CITAS_PROBE_PG:-127.0.0.1:5432}"
PG_HOST="${PG%:*}"; PG_PORT="${PG#*:}"
for tool in redis-server redis-benchmark psql pgbench; do
  command -v "$tool" >/dev/null || { echo "capacity-probe: $tool is not installed" >&2; exit 1; }
done
DIR="$(mktemp -d)"
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "drop database if exists citas_capacity" >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$DIR" \
  --logfile "$DIR/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
QUOTA="local now=tonumber(ARGV[1]) local f=tonumber(redis.call('GET',KEYS[1]) or '') or now if f<now then f=now end redis.call('SET',KEYS[1],string.format('%.0f',f+1),'PX',60000) return {1,0,0}"
LOOKUP="local g=redis.call('GET',KEYS[1]) or '0' local v=redis.call('GET',ARGV[1]..g) return {g,1}"
bench() {
  redis-benchmark -p "$REDIS_PORT" -q -c 32 -n 300000 "$@" | tr '\r' '\n' | grep -o '[0-9.]* requests per second' \
    | tail -n 1 | cut -d' ' -f1
}
echo "redis $(redis-server --version | grep -o 'v=[0-9.]*'), redis-benchmark -c 32, calls per second:"
echo "  GET                         $(bench -t get)"
echo "  SET                         $(bench -t set)"
echo "  EVAL quota shape (GET+SET)  $(bench -r 10000 EVAL "$QUOTA" 1 bucket:__rand_int__ 1000)"
echo "  EVAL lookup shape (2 GETs)  $(bench EVAL "$LOOKUP" 1 gen services:)"

psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "drop database if exists citas_capacity" -c "create database citas_capacity" 2>/dev/null
pgbench -h "$PG_HOST" -p "$PG_PORT" -U postgres -i -q -s 10 citas_capacity >/dev/null 2>&1
echo "postgresql $(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -Atc 'show server_version' citas_capacity | cut -d' ' -f1), pgbench scale 10, 16 clients, 15 s:"
tps() { pgbench -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@" -c 16 -j 2 -T 15 citas_capacity 2>&1 | grep -o 'tps = [0-9.]*' | cut -d' ' -f3; }
echo "  select-only (-S), transactions/s            $(tps -S)"
echo "  simple-update (-N, 4 statements), transactions/s  $(tps -N)"
