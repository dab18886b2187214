#!/usr/bin/env bash
# Org import at the size issue #13 names (docs/PERFORMANCE.md): an HR
# export of PEOPLE people in UNITS units (Visma-style: BOM, ';', CRLF,
# Norwegian headers mapped with --map), through `skillpath unit import` and
# `skillpath person import` against skillpathd on a fresh database
# (synchronous=FULL). Times, end to end as the user waits for them:
#   1. the units, then the people into the empty database;
#   2. the same file again (nothing to change);
#   3. a --sync --dry-run, then the --sync, of an export with 1% changed
#      (0.5% new names, 0.25% moved, 0.25% left).
# Usage: bench/org_import.sh [PEOPLE] [UNITS]   (default 100000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
people=${1:-100000}
units=${2:-1000}

python3 - "$work" "$people" "$units" <<'PY'
import random, sys
work, people, units = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(13)
bom = "\ufeff"
with open(f"{work}/enheter.csv", "w", encoding="utf-8", newline="") as f:
    f.write(bom + "Enhetskode;Enhetsnavn;Overordnet\r\n")
    f.write("K;Bench kommune;\r\n")
    for u in range(1, units):
        parent = "K" if u < 10 else f"E{random.randrange(1, min(u, 100))}"
        f.write(f"E{u};Enhet {u};{parent}\r\n")
rows = []
for p in range(people):
    unit = "K" if p == 0 else f"E{random.randrange(1, units)}"
    rows.append([f"{100000 + p}", f"Ansatt {p} Nordmann", f"ansatt{p}@bench.kommune.no", unit,
                 random.choice(["Sykepleier", "Rådgiver", "Konsulent", "Lærer", "Fagarbeider"]),
                 "" if p == 0 else f"{100000 + random.randrange(0, max(1, p // 50 + 1))}"])
def write(name, rows):
    with open(f"{work}/{name}", "w", encoding="utf-8", newline="") as f:
        f.write(bom + "Ansattnr;Navn;Epost;Enhet;Stilling;Leder\r\n")
        for r in rows:
            f.write(";".join(r) + "\r\n")
write("ansatte.csv", rows)
changed = [list(r) for r in rows]
n = len(changed)
for i in random.sample(range(1, n), n // 200):
    changed[i][1] += " Hansen"
for i in random.sample(range(1, n), n // 400):
    changed[i][3] = f"E{random.randrange(1, units)}"
leavers = set(random.sample(range(n // 2, n), n // 400))  # nobody's manager (managers have low numbers)
write("ansatte-neste.csv", [r for i, r in enumerate(changed) if i not in leavers])
PY

db="$work/org.db"
serve gRPC --db "$db" --listen 127.0.0.1:0 --http off
cli="$BUILD/skillpath --server $addr --token $("$BUILD/skillpathd" token create --db "$db" --grant ADMIN)"
map="--map id=Ansattnr,name=Navn,email=Epost,org_unit_id=Enhet,position=Stilling,manager_id=Leder"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $people people, $units units; $(du -h "$work/ansatte.csv" | cut -f1) CSV"
step() {
  local what=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/out" 2>/dev/null || { cat "$work/out"; exit 1; }
  end=$(date +%s.%N)
  printf '%-48s %6.2f s   %s\n' "$what" "$(echo "$end - $start" | bc)" "$(tail -1 "$work/out")"
}
step "unit import ($units units)" $cli unit import "$work/enheter.csv" --map id=Enhetskode,name=Enhetsnavn,parent_id=Overordnet
step "person import ($people people, empty database)" $cli person import "$work/ansatte.csv" $map
step "person import, the same file again" $cli person import "$work/ansatte.csv" $map
step "person import --sync --dry-run, 1% changed" $cli person import "$work/ansatte-neste.csv" $map --sync --dry-run
step "person import --sync, 1% changed" $cli person import "$work/ansatte-neste.csv" $map --sync
echo "server resident memory after: $(ps -o rss= -p $pid | awk '{printf "%.0f MiB", $1/1024}')"
