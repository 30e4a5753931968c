# shellcheck shell=bash
# Helpers shared by the box's commands: messages, the processes it starts (pid files with start times), waits.
# Sourced by scripts/openstack-box.sh.

box_say() { printf '[openstack-box] %s\n' "$*" >&2; }
box_warn() { printf '[openstack-box] warning: %s\n' "$*" >&2; }
box_die() {
  printf '[openstack-box] FAILED: %s\n' "$*" >&2
  exit 1
}

# The 22nd field of /proc/<pid>/stat: start time in clock ticks since boot. A pid that was reused has another one.
box_starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # the command name may contain spaces: cut after its closing parenthesis
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

# True when the pid file names a live process that is still the one we started.
box_running() {
  local file="$BOX_RUN/$1.pid" pid start now
  [ -f "$file" ] || return 1
  read -r pid start <"$file" || return 1
  now=$(box_starttime "$pid") || return 1
  [ "$now" = "$start" ]
}

box_pid() { awk '{print $1}' "$BOX_RUN/$1.pid" 2>/dev/null; }

# box_spawn NAME COMMAND...: runs COMMAND in its own session (so stop can signal its whole process group),
# output to $BOX_LOG/NAME.log, and records "pid starttime" in $BOX_RUN/NAME.pid. Idempotent.
box_spawn() {
  local name=$1
  shift
  if box_running "$name"; then
    return 0
  fi
  mkdir -p "$BOX_RUN" "$BOX_LOG"
  setsid "$@" >>"$BOX_LOG/$name.log" 2>&1 </dev/null 9>&- &
  local pid=$! start
  start=$(box_starttime "$pid") || box_die "$name exited at once; see $BOX_LOG/$name.log"
  echo "$pid $start" >"$BOX_RUN/$name.pid"
}

# Stops processes we started: SIGTERM to each leader, all at once (a uWSGI master or an oslo.service parent stops its
# own workers; signalled directly, uWSGI workers crash in greenlet and can hang their master), then SIGKILL for any
# still there after 15 s, and for workers left in a group after its leader went.
box_kill() {
  local name pid _ alive=() waiting
  for name in "$@"; do
    if box_running "$name"; then
      pid=$(box_pid "$name")
      kill -TERM "$pid" 2>/dev/null || true
      alive+=("$name")
    fi
  done
  for _ in $(seq 1 150); do
    waiting=0
    for name in "${alive[@]}"; do box_running "$name" && waiting=1; done
    [ "$waiting" = 0 ] && break
    sleep 0.1
  done
  for name in "${alive[@]}"; do
    pid=$(box_pid "$name")
    if box_running "$name"; then
      box_warn "$name (pid $pid) ignored SIGTERM for 15 s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for name in "$@"; do rm -f "$BOX_RUN/$name.pid"; done
}

# box_wait_http NAME URL [SECONDS]: waits until URL answers any HTTP status below 500 while NAME still runs.
box_wait_http() {
  local name=$1 url=$2 limit=${3:-120} _ code
  for _ in $(seq 1 $((limit * 4))); do
    box_running "$name" || box_die "$name exited while starting; see $BOX_LOG/$name.log"
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
    if [ -n "$code" ] && [ "$code" != 000 ] && [ "$code" -lt 500 ]; then
      return 0
    fi
    sleep 0.25
  done
  box_die "$name did not answer $url within ${limit} s; see $BOX_LOG/$name.log"
}

# box_step NAME LOG COMMAND...: runs a set-up command, its output to LOG; on failure names the step and the log.
box_step() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$(dirname "$log")"
  if ! "$@" >>"$log" 2>&1; then
    tail -n 15 "$log" >&2
    box_die "step '$name' failed; see $log"
  fi
}

# Runs a step once per package version: a stamp file remembers it (database migrations are slow to re-run).
box_once() {
  local stamp="$BOX_DIR/stamps/$1" version=$2
  shift 2
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ] && return 0
  "$@" || return 1
  mkdir -p "$BOX_DIR/stamps"
  echo "$version" >"$stamp"
}

box_pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
