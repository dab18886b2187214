#!/usr/bin/env bash
# The HTTP side under load, with h2load over HTTP/1.1 (keep-alive, 10
# connections): GetPersonGap through the JSON transcoder, against GET /healthz
# (no call behind it) as the baseline, in one run.
#
#   bench/http_load.sh [PEOPLE=50000] [REQUESTS=20000] [CONNECTIONS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
N=${2:-20000}
C=${3:-10}
. bench/lib.sh
DB=$(org_db "$PEOPLE")
id=P0000007
token=$("$BUILD/skillpathd" token create --db "$DB" --grant EMPLOYEE --person "$id" --description bench/http_load.sh)
serve HTTP --db "$DB" --listen 127.0.0.1:0 --http 127.0.0.1:0
printf '{"personId": "%s"}' "$id" >"$work/body.json"

run() {  # run NAME URL [h2load args...]
  local name=$1 url=$2
  shift 2
  h2load --h1 -n "$N" -c "$C" "$@" "$url" >"$work/$name.out" 2>&1
  grep -E '^requests:|^status codes:' "$work/$name.out" | sed "s/^/  $name: /"
  grep -oE 'finished in [0-9.]+(ms|s), [0-9.]+ req/s' "$work/$name.out" | sed "s/^/  $name: /"
}
for round in 1 2 3; do
  echo "round $round"
  run gap "http://$addr/skillpath.v1.GapService/GetPersonGap" -d "$work/body.json" \
    -H 'content-type: application/json' -H "authorization: Bearer $token"
  run healthz "http://$addr/healthz"
done
# Every GetPersonGap must have answered 200 (h2load counts them as 2xx).
grep -q "status codes: $N 2xx" "$work/gap.out" || { echo "some GetPersonGap calls failed"; exit 1; }
