#!/usr/bin/env bash
# TEMPORARY stand-in for scripts/seed-demo.sh, used by scripts/bench.sh only while seed-demo.sh is not on main;
# delete it once it is. Seeds a running stack through its API (and create-user.sh for staff) with the names the
# bench expects: staff1 / demo-staff-password, user0001..user00NN / demo-user-password, 10 categories,
# 60 resources (ids 1..60 on a fresh database, working 09:00-13:00 and 14:00-18:00 every day) and 200 services
# (ids 1..200, 3 resources each). No appointments. Does nothing when staff1 can already sign in.
#   BENCH_API_URL=http://127.0.0.1:18080/citas/api/v1 BENCH_USERS=16 scripts/bench/seed-fallback.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
API="${BENCH_API_URL:?BENCH_API_URL is required}"
USERS="${BENCH_USERS:-16}"

post() {  # post PATH BODY [TOKEN] -> prints the answer, fails on non-2xx
  curl -sS -f --max-time 30 -X POST "$API$1" -H 'Content-Type: application/json' \
    ${3:+-H "Authorization: Bearer $3"} -d "$2"
}

token() {
  post /auth/token "{\"username\":\"$1\",\"password\":\"$2\"}" 2>/dev/null | jq -r '.token // empty'
}

if [ -n "$(token staff1 demo-staff-password || true)" ]; then
  echo "seed-fallback: staff1 exists already; assuming the data is there" >&2
  exit 0
fi

echo demo-staff-password | scripts/create-user.sh --staff --name "Staff 1" staff1 staff1@demo.example >&2
STAFF=$(token staff1 demo-staff-password)
[ -n "$STAFF" ] || { echo "seed-fallback: cannot sign in as staff1" >&2; exit 1; }

echo "seed-fallback: 10 categories, 60 resources, 200 services, $USERS users" >&2
for i in $(seq 1 10); do
  post /categories "{\"name\":\"Category $i\"}" "$STAFF" >/dev/null
done
HOURS=$(for d in 1 2 3 4 5 6 7; do
  printf '{"weekday":%d,"start":"09:00","end":"13:00"},{"weekday":%d,"start":"14:00","end":"18:00"},' "$d" "$d"
done)
KINDS=(STAFF ROOM EQUIPMENT)
for i in $(seq 1 60); do
  post /resources "{\"name\":\"Resource $(printf %02d "$i")\",\"kind\":\"${KINDS[$((i % 3))]}\",
    \"description\":\"Demo resource $i\",\"timezone\":\"Europe/Madrid\",\"active\":true,\"serviceIds\":[],
    \"workingHours\":[${HOURS%,}]}" "$STAFF" >/dev/null
done
for i in $(seq 1 200); do
  r1=$(( (i - 1) % 60 + 1 )); r2=$(( (i + 19) % 60 + 1 )); r3=$(( (i + 39) % 60 + 1 ))
  post /services "{\"name\":\"Demo service $i\",\"description\":\"A demo service.\",
    \"durationMinutes\":$(( 15 * (i % 4 + 1) )),\"price\":\"$(( 20 + i % 50 )).00\",\"currency\":\"EUR\",
    \"categoryId\":$(( (i - 1) % 10 + 1 )),\"resourceIds\":[$r1,$r2,$r3],\"active\":true}" "$STAFF" >/dev/null
done
for i in $(seq 1 "$USERS"); do
  u=$(printf 'user%04d' "$i")
  post /auth/register "{\"username\":\"$u\",\"email\":\"$u@demo.example\",\"password\":\"demo-user-password\",
    \"fullName\":\"Demo User $i\"}" >/dev/null
done
echo "seed-fallback: done" >&2
