#!/usr/bin/env bash
# Load test of GetPersonGap against grpc.health.v1.Health/Check as the
# baseline, with h2load (Debian's nghttp2-client) and pre-encoded gRPC
# frames, in one run, at the same concurrency; plus start-up time and
# resident memory of skillpathd on the database.
#
#   bench/gap_load.sh [PEOPLE=50000] [SAMPLE=20] [REQUESTS=5000] [IN_FLIGHT=100]
#
# The database is a synthetic organisation (build/make_org), made once and
# kept in $SKILLPATH_BENCH_DIR (default /tmp). GetPersonGap is asked for
# SAMPLE different people spread over the organisation; each person's run
# is followed by a Health/Check run of the same shape (REQUESTS calls,
# IN_FLIGHT streams on one connection), so both see the same machine noise.
# Every call carries the same authorization header (the health check does
# not need it, but a client sends it on every call), so the difference is
# the server's work, not the header's.
#
# h2load cannot show gRPC trailers, so success is checked through the
# bodies: a call that fails with grpc-status != 0 answers without a message
# (trailers only), so every run must carry exactly REQUESTS times the message
# size of a single checked call.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
SAMPLE=${2:-20}
REQUESTS=${3:-5000}
M=${4:-100}
. bench/lib.sh
DB=$(org_db "$PEOPLE")

# Tokens: each sampled person reads their own gap (no audit record), and
# HR reads the same people (one audit record per call, written in batches).
stride=$(( PEOPLE / SAMPLE ))
hr=$("$BUILD/skillpathd" token create --db "$DB" --grant HR --description "bench/gap_load.sh")
for k in $(seq 0 $((SAMPLE - 1))); do
  id=$(printf 'P%07d' $(( k * stride + 7 )))
  "$BUILD/skillpathd" token create --db "$DB" --grant EMPLOYEE --person "$id" --description "bench/gap_load.sh" \
    >"$work/token$k"
done

start=$(date +%s.%N)
serve gRPC --db "$DB" --listen 127.0.0.1:0 --http off
ready=$(date +%s.%N)
rss_start=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

frame() {  # frame OUT < message bytes
  python3 -c 'import struct,sys; m=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+struct.pack(">I",len(m))+m)' >"$1"
}
: | frame "$work/health.frame"
run() {  # run NAME PATH FRAME N TOKEN -> prints data bytes; log in $work/NAME.log, output in $work/NAME.out
  h2load -n "$4" -c 1 -m "$M" -d "$3" -H 'content-type: application/grpc' -H 'te: trailers' \
    -H "authorization: Bearer ${5:-}" --log-file="$work/$1.log" "http://$addr$2" >"$work/$1.out" 2>&1
  grep -o '([0-9]*) data' "$work/$1.out" | tr -dc 0-9
}

# First each person's own reads, each followed by a health run; then the
# HR reads, each followed by a health run of their own: the audit records
# HR reads queue are written by the writer thread in the background, and
# must not weigh on the own-token figures.
for k in $(seq 0 $((SAMPLE - 1))); do
  own=$(cat "$work/token$k")
  id=$(printf 'P%07d' $(( k * stride + 7 )))
  printf 'person_id: "%s"\n' "$id" | protoc --encode=skillpath.v1.GetPersonGapRequest -Iproto \
    proto/skillpath/v1/gap.proto | frame "$work/gap$k.frame"
  one=$(run "check$k" /skillpath.v1.GapService/GetPersonGap "$work/gap$k.frame" 1 "$own")
  [ "$one" -gt 0 ] || { echo "GetPersonGap for $id answered without a message"; exit 1; }
  echo "$one" >"$work/size$k"
  got=$(run "gap$k" /skillpath.v1.GapService/GetPersonGap "$work/gap$k.frame" "$REQUESTS" "$own")
  [ "$got" -eq $(( one * REQUESTS )) ] || { echo "gap run $k: $got bytes, expected $(( one * REQUESTS ))"; exit 1; }
  got=$(run "health$k" /grpc.health.v1.Health/Check "$work/health.frame" "$REQUESTS" "$own")
  [ "$got" -eq $(( 7 * REQUESTS )) ] || { echo "health run $k: $got bytes, expected $(( 7 * REQUESTS ))"; exit 1; }
done
for k in $(seq 0 $((SAMPLE - 1))); do
  one=$(cat "$work/size$k")
  got=$(run "hrgap$k" /skillpath.v1.GapService/GetPersonGap "$work/gap$k.frame" "$REQUESTS" "$hr")
  [ "$got" -eq $(( one * REQUESTS )) ] || { echo "HR gap run $k: $got bytes, expected $(( one * REQUESTS ))"; exit 1; }
  got=$(run "hrhealth$k" /grpc.health.v1.Health/Check "$work/health.frame" "$REQUESTS" "$hr")
  [ "$got" -eq $(( 7 * REQUESTS )) ] || { echo "health run $k: $got bytes, expected $(( 7 * REQUESTS ))"; exit 1; }
done
rss_end=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

python3 - "$work" "$SAMPLE" "$REQUESTS" "$M" "$PEOPLE" "$(echo "$ready - $start" | bc)" "$rss_start" "$rss_end" <<'PY'
import re, sys
work, sample, n, m, people, startup, rss0, rss1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], float(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
def seconds(out):
    v, unit = re.search(r"finished in ([0-9.]+)(ms|s)", open(out).read()).groups()
    return float(v) / (1000 if unit == "ms" else 1)
def summary(kind):
    total, lat = 0.0, []
    for k in range(sample):
        total += seconds(f"{work}/{kind}{k}.out")
        lat += [int(line.split()[2]) for line in open(f"{work}/{kind}{k}.log") if line.strip()]
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] / 1000
    return sample * n / total, pct(0.5), pct(0.99)
g, h, a, ah = summary("gap"), summary("health"), summary("hrgap"), summary("hrhealth")
print(f"organisation: {people} people; skillpathd start {startup:.2f} s, RSS {rss0/1024:.0f} MiB after start, {rss1/1024:.0f} MiB after the load")
print(f"{sample} runs each of {n} calls, {m} in flight, one connection, every answer carried its message")
print(f"  GetPersonGap, own token:   {g[0]:8.0f} calls/s  p50 {g[1]:.2f} ms  p99 {g[2]:.2f} ms")
print(f"  GetPersonGap, HR (audited):{a[0]:8.0f} calls/s  p50 {a[1]:.2f} ms  p99 {a[2]:.2f} ms")
print(f"  Health/Check (baseline):  {h[0]:8.0f} calls/s  p50 {h[1]:.2f} ms  p99 {h[2]:.2f} ms")
print(f"  Health/Check (HR phase):  {ah[0]:8.0f} calls/s  p50 {ah[1]:.2f} ms  p99 {ah[2]:.2f} ms")
print(f"  GetPersonGap / Health QPS: {g[0] / h[0] * 100:.0f}% own token, {a[0] / ah[0] * 100:.0f}% HR with an audit record per call (target at least 80%, p99 under 10 ms)")
PY
