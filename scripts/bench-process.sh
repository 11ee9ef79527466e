#!/usr/bin/env bash
# Whole-process figures for the command line, printed side by side:
#   overdue --version, overdue aging (demo data), overdue agreement draft
#   (a 60-instalment plan: agreement + cover letter PDFs), and wkhtmltopdf
#   printing the same agreement text as HTML.
# Wall time and peak memory, medians of $RUNS runs. Needs GNU time. Figures only:
# nothing here passes or fails on a number.
#
#   scripts/bench-process.sh                 the current build (release)
#   scripts/bench-process.sh --before REV    also a build of git revision REV
#                                            (e.g. 228b308, the last commit
#                                            before the CLI left the window's
#                                            binary), in target/before/
#   OVERDUE_BEFORE=/path/to/overdue scripts/bench-process.sh   an old binary
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /usr/bin/time ]] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
RUNS=${RUNS:-9}
BEFORE_REV=""
if [[ "${1:-}" == "--before" ]]; then BEFORE_REV=${2:?give a git revision}; fi


echo "building the release CLI and window…" >&2
cargo build --release -q -p overdue-cli -p overdue
NOW=target/release/overdue

BEFORE=${OVERDUE_BEFORE:-}
if [[ -n "$BEFORE_REV" ]]; then
  wt=target/before/src
  if [[ ! -d "$wt" ]]; then git worktree add -f "$wt" "$BEFORE_REV" >&2; fi
  echo "building $BEFORE_REV in $wt (its own target folder; the first time takes a while)…" >&2
  (cd "$wt" && CARGO_TARGET_DIR=../target cargo build --release -q -p overdue)
  BEFORE=target/before/target/release/overdue
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A database with the demo business (for aging), and one with a client whose
# arrangement is 60 monthly instalments (for agreement draft).
setup() { # $1 binary, $2 folder
  local bin=$1 dir=$2
  mkdir -p "$dir"
  "$bin" --db "$dir/demo.sqlite" --today 2026-11-23 demo >/dev/null
  local db="$dir/plan.sqlite"
  "$bin" --db "$db" --today 2026-11-23 business --trading-name Bench --legal-name "Bench Ltd" --address '1 Road\nTown' \
    --country GB --currency GBP --payment-details "Sort code 00-00-00" --signatory "A Person" --signatory-title Director >/dev/null
  {
    echo "Invoice number,Client,Address,Issue date,Due date,Amount"
    for i in 0 1 2 3 4 5; do echo "B-$i,Longplan Ltd,2 Street City,2026-06-01,2026-07-01,1000.00"; done
  } >"$dir/plan.csv"
  "$bin" --db "$db" --today 2026-11-23 import invoices "$dir/plan.csv" >/dev/null
  "$bin" --db "$db" --today 2026-11-23 negotiate notes --client "Longplan Ltd" --capacity 2000 >/dev/null
  "$bin" --db "$db" --today 2026-11-23 negotiate agree --client "Longplan Ltd" --offer "£100 a month" --override bench >/dev/null
}

# Runs a command $RUNS times for its wall time (from fork to exit, the
# command started directly) and $RUNS times under GNU time for its peak
# resident memory (a launcher's own pages count in the child's peak from
# before exec, so the small `time` is used, not Python). Prints
# "median_ms median_MiB"; a command that fails stops the benchmark.
measure() {
  python3 - "$RUNS" "$@" <<'PY'
import os, statistics, subprocess, sys, tempfile, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
wall, peak = [], []
out = tempfile.NamedTemporaryFile(delete=False).name
for _ in range(n):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall.append((time.perf_counter() - t) * 1000)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr.decode(errors='replace')}")
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    peak.append(int(open(out).read().split()[-1]) / 1024)
os.unlink(out)
print(f"{statistics.median(wall):.1f} {statistics.median(peak):.1f}")
PY
}

row() { printf '%-34s %22s   %s\n' "$1" "$2" "$3"; }
fig() { awk '{printf "%.1f ms %5.1f MiB", $1, $2}' <<<"$1"; }

bench() { # $1 label, $2 binary, $3 folder
  local bin=$1 dir=$2
  setup "$bin" "$dir"
  V=$(measure "$bin" --version)
  A=$(measure "$bin" --db "$dir/demo.sqlite" --today 2026-11-23 aging)
  D=$(measure "$bin" --db "$dir/plan.sqlite" --today 2026-11-23 agreement draft --client "Longplan Ltd" --out "$dir/out/agreement.pdf")
}

echo
echo "Whole processes, median of $RUNS runs (wall time, peak resident memory)"
bench "$NOW" "$work/now"
NV=$V NA=$A ND=$D
pdf="$work/now/out/agreement.pdf"
[[ -f "$pdf" ]] || pdf=""
if [[ -n "$BEFORE" ]]; then
  bench "$BEFORE" "$work/before"
  BV=$V BA=$A BD=$D
  row "" "before" "now"
  printf '%-34s %22s   %s\n' "overdue --version" "$(fig "$BV")" "$(fig "$NV")"
  printf '%-34s %22s   %s\n' "overdue aging (demo)" "$(fig "$BA")" "$(fig "$NA")"
  printf '%-34s %22s   %s\n' "overdue agreement draft (60)" "$(fig "$BD")" "$(fig "$ND")"
else
  printf '%-34s %s\n' "overdue --version" "$(fig "$NV")"
  printf '%-34s %s\n' "overdue aging (demo)" "$(fig "$NA")"
  printf '%-34s %s\n' "overdue agreement draft (60)" "$(fig "$ND")"
fi

# The peer: wkhtmltopdf printing the same agreement text (as HTML, one
# paragraph per block, the schedule as a table) to a PDF.
if command -v wkhtmltopdf >/dev/null && [[ -n "$pdf" ]]; then
  pdftotext -layout "$pdf" "$work/agreement.txt"
  python3 - "$work/agreement.txt" "$work/agreement.html" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
out = ['<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:"DejaVu Sans";font-size:10pt;margin:20mm}td{padding:1mm 3mm}table{border-collapse:collapse}tr:nth-child(even){background:#f4f4f4}</style></head><body>']
for page in text.split("\f"):
    rows = []
    for block in re.split(r"\n\s*\n", page):
        lines = [l.strip() for l in block.splitlines() if l.strip()]
        cells = [re.split(r"\s{2,}", l) for l in lines]
        if len(lines) > 1 and all(len(c) >= 3 for c in cells):
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in c) + "</tr>" for c in cells) + "</table>")
        elif lines:
            out.append("<p>" + html.escape(" ".join(lines)) + "</p>")
    out.append('<div style="page-break-after:always"></div>')
out.append("</body></html>")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PY
  W=$(measure wkhtmltopdf -q "$work/agreement.html" "$work/wk.pdf")
  if [[ -n "$BEFORE" ]]; then
    printf '%-34s %22s   %s\n' "wkhtmltopdf, the same agreement" "" "$(fig "$W")"
  else
    printf '%-34s %s\n' "wkhtmltopdf, the same agreement" "$(fig "$W")"
  fi
  awk -v d="$(cut -d' ' -f1 <<<"$ND")" -v w="$(cut -d' ' -f1 <<<"$W")" 'BEGIN {printf "agreement draft / wkhtmltopdf: %.2f×\n", d / w}'
else
  echo "(wkhtmltopdf not installed, or no agreement PDF found: the peer is not measured)"
fi
