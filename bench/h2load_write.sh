#!/usr/bin/env bash
# Cross-check of the group-commit figure with h2load (Debian's nghttp2-client),
# the design's load generator of record: one pre-encoded gRPC frame of
# RecordAssessment (no id, so every call appends a new row) sent N times with
# M streams in flight on one connection. h2load cannot read gRPC trailers, so
# the check that every call succeeded is the database itself: it must hold
# exactly N new assessments afterwards.
#
#   bench/h2load_write.sh [N=100000] [IN_FLIGHT=100]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
M=${2:-100}
BUILD=${SKILLPATH_BUILD_DIR:-build}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

"$BUILD/skillpathd" --db "$work/bench.db" --listen 127.0.0.1:0 --http off --demo >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q 'gRPC listening on' "$work/log" && break; sleep 0.1; done
addr=$(grep -o 'gRPC listening on [0-9.:]*' "$work/log" | awk '{print $4}')
[ -n "$addr" ] || { cat "$work/log"; exit 1; }

# E1001's own token: a SELF rating is theirs to record (and audited in the
# same transaction, like every write).
token=$("$BUILD/skillpathd" token create --db "$work/bench.db" --grant EMPLOYEE --person E1001)

# The request message, protobuf-encoded, framed as gRPC: flag 0, 4-byte length.
printf 'person_id: "E1001"\ncompetence_id: "do.personvern.grunnlag"\nlevel: 2\nsource: SELF\n' |
  protoc --encode=skillpath.v1.Assessment -Iproto proto/skillpath/v1/common.proto >"$work/msg"
python3 - "$work/msg" "$work/frame" <<'PY'
import struct, sys
msg = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(b"\x00" + struct.pack(">I", len(msg)) + msg)
PY

before=$(sqlite3 "$work/bench.db" 'SELECT count(*) FROM assessments')
h2load -n "$N" -c 1 -m "$M" -d "$work/frame" \
  -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $token" \
  "http://$addr/skillpath.v1.AssessmentService/RecordAssessment" | grep -E 'finished in|requests:|status codes|time for request|req/s'
after=$(sqlite3 "$work/bench.db" 'SELECT count(*) FROM assessments')
echo "rows written: $((after - before)) of $N requests (every call succeeded only if these match)"
[ $((after - before)) -eq "$N" ]
