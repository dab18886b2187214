# Shared by the load scripts (source it from the repository root): a work
# directory removed at exit with the server started in it, a synthetic
# organisation's database, and skillpathd started on it.
BUILD=${SKILLPATH_BUILD_DIR:-build}
DIR=${SKILLPATH_BENCH_DIR:-/tmp}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# org_db PEOPLE: the path of a database holding a synthetic organisation of
# PEOPLE people (build/make_org), made once and kept in $SKILLPATH_BENCH_DIR.
org_db() {
  local db="$DIR/skillpath-bench-$1.db"
  [ -f "$db" ] || "$BUILD/make_org" --people "$1" --db "$db" >&2
  echo "$db"
}

# serve WHAT ARGS...: starts skillpathd with ARGS (log in $work/log) and
# waits for it; sets pid, and addr to the address it logs as "WHAT
# listening on" (WHAT: gRPC or HTTP).
serve() {
  local what=$1
  shift
  "$BUILD/skillpathd" "$@" >"$work/log" 2>&1 &
  pid=$!
  until grep -q "$what listening on" "$work/log"; do
    kill -0 $pid 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.01
  done
  addr=$(grep -o "$what listening on [0-9.:]*" "$work/log" | awk '{print $4}')
}
