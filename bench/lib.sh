# Shared by the bench scripts (sourced): `measure` runs a command under GNU time and appends a
# "| label | size | seconds | MiB |" row to the caller's `rows` array; `journal_csv N FILE`
# writes N balanced two-line entries over a year. Needs $OUT set by the caller.
# measure LABEL SIZE CMD...: runs CMD under GNU time, records "label | size | seconds | MiB".
measure() {
  local label="$1" size="$2"; shift 2
  local tfile="$OUT/time.txt"
  printf 'bench: %-28s N=%-8s ' "$label" "$size"
  if ! /usr/bin/time -v -o "$tfile" "$@" >"$OUT/last.log" 2>&1; then
    echo "FAILED"; cat "$OUT/last.log" >&2; tail -n 30 "$tfile" >&2
    rows+=("| $label | $size | failed | - |")
    return 0
  fi
  local wall rss secs
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tfile")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tfile")"
  secs="$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }')"
  local mib; mib="$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
  echo "${secs} s, ${mib} MiB"
  rows+=("| $label | $size | $secs | $mib |")
}

# journal_csv N FILE: N balanced two-line entries over a year, alternating sales and purchases.
journal_csv() {
  awk -v n="$1" 'BEGIN {
    print "entry,date,account,description,debit,credit";
    for (i = 1; i <= n; i++) {
      d = sprintf("2025-%02d-%02d", (i % 12) + 1, (i % 28) + 1);
      a = sprintf("%d.%02d", (i % 997) + 1, i % 100);
      if (i % 2) {
        printf "%d,%s,5720001,Cobro %d,%s,\n", i, d, i, a;
        printf "%d,%s,7000001,Cobro %d,,%s\n", i, d, i, a;
      } else {
        printf "%d,%s,6000001,Compra %d,%s,\n", i, d, i, a;
        printf "%d,%s,5720001,Compra %d,,%s\n", i, d, i, a;
      }
    }
  }' >"$2"
}

