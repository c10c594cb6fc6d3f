#!/usr/bin/env bash
# Throughput and memory of `solieu extract`, against ripgrep merely finding
# numbers in the same input. Three runs each; medians are printed.
#
#   benches/throughput.sh                 # 200 MB of articles, 100,000 small files
#   SIZE_MB=20 SMALL=10000 benches/throughput.sh   # a quicker look
#
# Inputs are generated under target/bench from corpus/ (deterministic).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-200}
SMALL=${SMALL:-100000}
RUNS=${RUNS:-3}
dir=target/bench/${SIZE_MB}mb-${SMALL}
if ! command -v rg >/dev/null; then
  echo "installing ripgrep (Debian package)…" >&2
  (apt-get update -qq && apt-get install -y -qq ripgrep) >/dev/null 2>&1 || echo "ripgrep unavailable: ratios skipped" >&2
fi
cargo build --release -q
[ -d "$dir" ] || python3 benches/gen.py "$dir" "$SIZE_MB" "$SMALL"
bin=target/release/solieu
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "solieu $($bin --version | cut -d' ' -f2), $(date -u +%Y-%m-%d)"

declare -A PEAK
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# run NAME INPUT [extra args]: prints MB/s, records/s, files/s, peak RSS (medians)
run() {
  local name=$1 input=$2; shift 2
  local bytes files secs=() rss=() recs
  bytes=$(du -sb "$input" | cut -f1)
  files=$(find "$input" -type f | wc -l)
  for _ in $(seq "$RUNS"); do
    rm -rf target/bench/out
    /usr/bin/time -f "%e %M" -o target/bench/time.txt "$bin" extract "$input" -o target/bench/out "$@" 2>/dev/null
    read -r s m < target/bench/time.txt
    secs+=("$s"); rss+=("$m")
  done
  recs=$(wc -l < target/bench/out/records.jsonl)
  local t r
  t=$(printf '%s\n' "${secs[@]}" | median)
  r=$(printf '%s\n' "${rss[@]}" | median)
  PEAK[$name]=$r
  local rg_t="-" ratio="-"
  if command -v rg >/dev/null; then
    local rgs=()
    for _ in $(seq "$RUNS"); do
      local s0 s1
      s0=$(date +%s.%N); rg -o '[0-9][0-9.,]*\s*%?' "$input" > /dev/null || true; s1=$(date +%s.%N)
      rgs+=("$(echo "$s1 - $s0" | bc)")
    done
    rg_t=$(printf '%s\n' "${rgs[@]}" | median)
    ratio=$(echo "scale=1; $t / $rg_t" | bc)
  fi
  printf '%-9s %8.1f MB %7d files %8.2f s %7.1f MB/s %9.0f rec/s %8.0f files/s %6.0f MB peak | rg %6s s, solieu/rg time %sx\n' \
    "$name" "$(echo "$bytes/1000000" | bc -l)" "$files" "$t" "$(echo "$bytes/1000000/$t" | bc -l)" \
    "$(echo "$recs/$t" | bc -l)" "$(echo "$files/$t" | bc -l)" "$(echo "$r/1024" | bc -l)" "$rg_t" "$ratio"
}

run articles "$dir/articles"
run small "$dir/small"
run single "$dir/single.txt"
run articles-1t "$dir/articles" --threads 1

# Memory must not grow with the corpus: the same run on a fifth of the
# articles (hard links, no copy), so `articles` is the five-times-larger one.
fifth=$dir/articles-fifth
if [ ! -d "$fifth" ]; then
  mkdir -p "$fifth"
  mapfile -t all < <(find "$dir/articles" -type f | sort)
  for f in "${all[@]:0:$((${#all[@]} / 5))}"; do ln "$f" "$fifth/"; done
fi
run fifth "$fifth"
echo "peak memory, all articles / a fifth of them: $(echo "scale=2; ${PEAK[articles]} / ${PEAK[fifth]}" | bc) (target: within 1 ± 0.10)"
