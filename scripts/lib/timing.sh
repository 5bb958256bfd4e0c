# How long scripts/test and scripts/run take, step by step, kept for scripts/bench (issue 13's
# set-up rows). Each run is classified when it starts:
#   fresh — the build tools (trunk, wasm-bindgen-cli) and the target directory were not there
#           (a fresh machine, or one made to look like it);
#   again — everything was there and the last run of the same script was of the same commit with
#           an unchanged work tree ("scripts/test again, nothing changed");
#   warm  — anything in between (tools installed, some code changed).
# The record of the last run of each kind is $TARGET/setup-times/<script>-<kind>.tsv: a header
# line "script kind commit date total_seconds", then one "step seconds" line per step.

timing_target() { echo "${CARGO_TARGET_DIR:-$(root_dir)/target}"; }

# The commit and whether the work tree differs from it (tracked files only).
timing_revision() {
  local commit
  commit=$(git -C "$(root_dir)" rev-parse --short=12 HEAD 2>/dev/null || echo none)
  if ! git -C "$(root_dir)" diff --quiet HEAD 2>/dev/null; then commit="$commit+changes"; fi
  echo "$commit"
}

TIMING_SCRIPT=""
TIMING_KIND=""
TIMING_START=0
TIMING_STEPS=()

# timing_begin SCRIPT: call first, before any tool is installed.
timing_begin() {
  local target last
  TIMING_SCRIPT=$1
  TIMING_START=$SECONDS
  TIMING_STEPS=()
  target=$(timing_target)
  if ! command -v trunk >/dev/null && ! command -v wasm-bindgen >/dev/null &&
    [ ! -d "$target/release" ] && [ ! -d "$target/debug" ]; then
    TIMING_KIND=fresh
  else
    TIMING_KIND=warm
    last=$(cat "$target/setup-times/$TIMING_SCRIPT-last-revision" 2>/dev/null || true)
    local revision
    revision=$(timing_revision)
    if [ -n "$last" ] && [ "$last" = "$revision" ] && [[ "$revision" != *+changes ]]; then
      TIMING_KIND=again
    fi
  fi
  say "$TIMING_SCRIPT: a $TIMING_KIND run (timings go to $target/setup-times/)"
}

# timed LABEL COMMAND...: runs the command and notes how long it took.
timed() {
  local label=$1 start=$SECONDS
  shift
  "$@"
  TIMING_STEPS+=("$label	$((SECONDS - start))")
}

# timing_end: writes the record and prints the steps.
timing_end() {
  local target total dir file
  target=$(timing_target)
  total=$((SECONDS - TIMING_START))
  dir="$target/setup-times"
  mkdir -p "$dir"
  file="$dir/$TIMING_SCRIPT-$TIMING_KIND.tsv"
  {
    printf '%s\t%s\t%s\t%s\t%s\n' "$TIMING_SCRIPT" "$TIMING_KIND" "$(timing_revision)" \
      "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$total"
    printf '%s\n' "${TIMING_STEPS[@]}"
  } >"$file"
  timing_revision >"$dir/$TIMING_SCRIPT-last-revision"
  say "$TIMING_SCRIPT ($TIMING_KIND run) took $((total / 60)) min $((total % 60)) s"
  local step
  for step in "${TIMING_STEPS[@]}"; do
    printf '  %-60s %5s s\n' "${step%%$'\t'*}" "${step##*$'\t'}" >&2
  done
}

# For steps that run in a background job (whose TIMING_STEPS would be lost with it):
# timed_into FILE LABEL COMMAND... runs the command and appends "LABEL<tab>seconds" to FILE;
# timing_add FILE then takes those lines into this run's steps.
timed_into() {
  local file=$1 label=$2 start=$SECONDS
  shift 2
  "$@"
  printf '%s\t%s\n' "$label" "$((SECONDS - start))" >>"$file"
}

timing_add() {
  local line
  while IFS= read -r line; do TIMING_STEPS+=("$line"); done <"$1"
}
