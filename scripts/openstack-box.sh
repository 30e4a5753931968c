#!/usr/bin/env bash
# A real OpenStack (Debian 12's Zed packages) on 127.0.0.1 for blockops' integration tests, without systemd.
#
#   scripts/openstack-box.sh install              apt-get the packages (idempotent; nothing gets configured or started)
#   scripts/openstack-box.sh start                databases, configs, every service, bootstrap (idempotent)
#   scripts/openstack-box.sh stop                 stop what start started; detach the box's loop devices
#   scripts/openstack-box.sh status               what runs (exit 0 only when everything does)
#   scripts/openstack-box.sh env                  OS_* export lines; writes $BOX_DIR/env and $BOX_DIR/clouds.yaml
#   scripts/openstack-box.sh stop-service NAME    stop one service (e.g. cinder-volume); start-service NAME again
#
# State (configs, logs, pid files, volume files): ${BLOCKOPS_BOX_DIR:-/var/tmp/blockops-box}. Needs root, a running
# MariaDB (root, empty password, 127.0.0.1:3306) and RabbitMQ (guest/guest, 127.0.0.1:5672). Never edits /etc.
set -euo pipefail

BOX_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/openstack-box" && pwd)"
BOX_DIR="${BLOCKOPS_BOX_DIR:-/var/tmp/blockops-box}"
BOX_ETC="$BOX_DIR/etc"
BOX_LOG="$BOX_DIR/log"
BOX_RUN="$BOX_DIR/run"
# Debian's python3 and tools, never a python3 from pyenv or a virtualenv earlier in PATH.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV PYENV_VERSION

# shellcheck source=SCRIPTDIR/openstack-box/lib.sh
. "$BOX_SRC/lib.sh"
# shellcheck source=SCRIPTDIR/openstack-box/install.sh
. "$BOX_SRC/install.sh"
# shellcheck source=SCRIPTDIR/openstack-box/setup.sh
. "$BOX_SRC/setup.sh"
# shellcheck source=SCRIPTDIR/openstack-box/services.sh
. "$BOX_SRC/services.sh"
# shellcheck source=SCRIPTDIR/openstack-box/env.sh
. "$BOX_SRC/env.sh"

box_provision() {
  box_step "provision $1" "$BOX_LOG/setup-provision.log" /usr/bin/python3 "$BOX_SRC/provision.py" "$1"
}

box_start() {
  local t0 s missing
  t0=$(date +%s)
  missing=$(box_missing_packages)
  [ -z "$missing" ] || box_die "packages missing ($missing); run: $0 install"
  mkdir -p "$BOX_DIR" && chmod 700 "$BOX_DIR"
  box_secrets
  box_databases
  box_configs
  box_say "database schemas (first start only)…"
  box_parallel_db_syncs keystone glance cinder placement neutron nova
  box_step 'keystone keys and bootstrap' "$BOX_LOG/setup-keystone.log" box_keystone_keys
  box_start_service keystone
  box_wait_service keystone
  box_say "keystone is up ($(($(date +%s) - t0)) s)"
  box_provision identity
  # Everything else starts at once (they wait for each other over RPC), then is awaited in order. Glance comes
  # last: its Cinder store checks at start-up that Cinder answers and has the volume type lightbits.
  for s in "${BOX_SERVICES[@]:1}"; do [ "$s" = glance-api ] || box_start_service "$s"; done
  for s in "${BOX_SERVICES[@]:1}"; do
    [ "$s" = glance-api ] && continue
    box_wait_service "$s"
    box_say "$s is up ($(($(date +%s) - t0)) s)"
    case $s in
    cinder-api) box_provision volume ;;
    nova-api) box_provision compute ;;
    esac
  done
  box_start_service glance-api
  box_wait_service glance-api
  box_say "glance-api is up ($(($(date +%s) - t0)) s)"
  box_discover_hosts
  box_env >/dev/null
  box_say "started in $(($(date +%s) - t0)) s; settings: $0 env (or $BOX_DIR/env); logs: $BOX_LOG"
}

box_stop() {
  local dev
  box_kill "${BOX_SERVICES[@]}"
  for dev in $(box_loops); do
    losetup --detach "$dev" || box_warn "could not detach $dev"
  done
  box_say "stopped"
}

box_status() {
  local s all=0
  for s in "${BOX_SERVICES[@]}"; do
    if box_running "$s"; then
      printf '%-18s running (pid %s)\n' "$s" "$(box_pid "$s")"
    else
      printf '%-18s stopped\n' "$s"
      all=1
    fi
  done
  printf '%-18s %s\n' 'loop devices' "$(box_loops | tr '\n' ' ')"
  return $all
}

box_known_service() {
  [[ " ${BOX_SERVICES[*]} " == *" $1 "* ]] || box_die "unknown service '$1' (services: ${BOX_SERVICES[*]})"
}

box_main() {
  local cmd=${1:-}
  case $cmd in
  install | start | stop | stop-service | start-service) [ "$(id -u)" = 0 ] || box_die "$cmd needs root" ;;
  esac
  case $cmd in
  install | start | stop | stop-service | start-service)
    mkdir -p "$BOX_DIR"
    exec 9>"$BOX_DIR/.lock"
    flock -w 600 9 || box_die "another $0 command holds $BOX_DIR/.lock"
    ;;
  esac
  case $cmd in
  install) box_install ;;
  start) box_start ;;
  stop) box_stop ;;
  status) box_status ;;
  env) box_env ;;
  stop-service)
    box_known_service "${2:?service name}"
    box_kill "$2"
    box_say "$2 stopped"
    ;;
  start-service)
    box_known_service "${2:?service name}"
    box_secrets
    box_configs
    box_start_service "$2"
    box_wait_service "$2"
    box_say "$2 is up"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || exit 2
    ;;
  esac
}

box_main "$@"
