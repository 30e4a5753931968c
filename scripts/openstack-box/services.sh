# shellcheck shell=bash
# How each service of the box runs: one process (group) per name, bound to 127.0.0.1, no systemd.
# Sourced by scripts/openstack-box.sh. Order matters for `start`; `stop` goes in reverse.

BOX_SERVICES=(keystone placement cinder-api cinder-scheduler cinder-volume neutron-server
  nova-api nova-conductor nova-scheduler nova-compute glance-api)

# box_uwsgi NAME PORT WSGI_FILE [uwsgi options…]: a WSGI API under uWSGI speaking HTTP itself.
box_uwsgi() {
  local name=$1 port=$2 file=$3
  shift 3
  box_spawn "$name" /usr/bin/uwsgi --plugins python3 --http-socket "127.0.0.1:$port" --wsgi-file "$file" \
    --master --processes 2 --threads 4 --lazy-apps --enable-threads --die-on-term --no-orphans --need-app \
    --buffer-size 65535 --thunder-lock --procname-prefix "box-" --add-header "Connection: close" "$@"
}

box_start_service() {
  local nova="$BOX_ETC/nova/nova.conf"
  case $1 in
  keystone)
    OS_KEYSTONE_CONFIG_FILES="$BOX_ETC/keystone.conf" box_uwsgi keystone 5000 /usr/bin/keystone-wsgi-public ;;
  placement)
    OS_PLACEMENT_CONFIG_DIR="$BOX_ETC/placement" box_uwsgi placement 8778 /usr/bin/placement-api ;;
  glance-api)
    box_spawn glance-api /usr/bin/glance-api --config-file "$BOX_ETC/glance-api.conf" ;;
  cinder-api)
    box_uwsgi cinder-api 8776 /usr/bin/cinder-wsgi --pyargv "--config-file $BOX_ETC/cinder.conf" ;;
  cinder-scheduler)
    box_spawn cinder-scheduler /usr/bin/cinder-scheduler --config-file "$BOX_ETC/cinder.conf" ;;
  cinder-volume)
    # The file-backed driver (blockops_box_driver.py) and Cinder's Lightbits driver on a loop data path
    # (blockops_lightos_box.py) are imported from this folder (leaving no __pycache__ in it).
    PYTHONPATH="$BOX_SRC" PYTHONDONTWRITEBYTECODE=1 \
      box_spawn cinder-volume /usr/bin/cinder-volume --config-file "$BOX_ETC/cinder.conf" ;;
  neutron-server)
    box_spawn neutron-server /usr/bin/neutron-server --config-file "$BOX_ETC/neutron/neutron.conf" \
      --config-file "$BOX_ETC/neutron/ml2_conf.ini" ;;
  nova-api)
    OS_NOVA_CONFIG_DIR="$BOX_ETC/nova" OS_NOVA_CONFIG_FILES="api-paste.ini;nova.conf" \
      box_uwsgi nova-api 8774 /usr/bin/nova-api-wsgi ;;
  nova-conductor | nova-scheduler)
    box_spawn "$1" "/usr/bin/$1" --config-file "$nova" ;;
  nova-compute)
    # Through blockops_box_nova.py: the fake driver's volume connector gets an NVMe host NQN (see that file).
    PYTHONDONTWRITEBYTECODE=1 box_spawn nova-compute /usr/bin/python3 "$BOX_SRC/blockops_box_nova.py" --config-file "$nova" ;;
  *) box_die "unknown service '$1' (services: ${BOX_SERVICES[*]})" ;;
  esac
}

# Waits until a service answers: its API, or for the RPC daemons their heartbeat in the database.
box_wait_service() {
  case $1 in
  keystone) box_wait_http keystone http://127.0.0.1:5000/v3 ;;
  placement) box_wait_http placement http://127.0.0.1:8778/ ;;
  glance-api) box_wait_http glance-api http://127.0.0.1:9292/ ;;
  cinder-api) box_wait_http cinder-api http://127.0.0.1:8776/ ;;
  neutron-server)
    box_wait_http neutron-server http://127.0.0.1:9696/ 180
    box_neutron_warmup
    ;;
  nova-api) box_wait_http nova-api http://127.0.0.1:8774/ ;;
  cinder-scheduler) box_wait_heartbeat cinder-scheduler box_cinder "topic='cinder-scheduler'" ;;
  cinder-volume)
    box_wait_heartbeat cinder-volume box_cinder "topic='cinder-volume'"
    box_wait_pools
    ;;
  nova-conductor | nova-scheduler | nova-compute) box_wait_heartbeat "$1" box_nova "\`binary\`='$1'" ;;
  esac
}

# Until cinder-volume's first capability report reaches the scheduler, os-services shows its backend_state as null
# and volumes cannot be scheduled: after a restart, wait for its pools. (At the first start the env file comes later,
# and the scenario's first steps take longer than the report.)
box_wait_pools() {
  [ -f "$BOX_DIR/env" ] || return 0
  local _
  for _ in $(seq 1 120); do
    # shellcheck disable=SC1091
    if (set +u && . "$BOX_DIR/env" && cinder get-pools 2>/dev/null) | grep -q '@'; then return 0; fi
    sleep 1
  done
  box_warn "the scheduler never listed cinder-volume's pools; see $BOX_LOG/cinder-volume.log"
}

# Zed's ML2 GET /v2.0/ports reads Port.port_forwardings, a backref that exists only once SQLAlchemy configured its
# mappers: as the first request after a start it is a 500 (and Nova's GET /servers/{id} with it). One query first.
box_neutron_warmup() {
  local token
  token=$(box_token) || box_die "Keystone gave no token for the admin; see $BOX_LOG/keystone.log"
  curl -sf -o /dev/null -m 30 -H "X-Auth-Token: $token" http://127.0.0.1:9696/v2.0/networks ||
    box_die "neutron-server failed GET /v2.0/networks; see $BOX_LOG/neutron-server.log"
}

# An admin token from Keystone (password auth), on stdout.
box_token() {
  local user='"user":{"name":"admin","domain":{"name":"Default"},"password":"%s"}'
  local scope='"scope":{"project":{"name":"admin","domain":{"name":"Default"}}}'
  # The body goes through stdin: a password on curl's command line would show in ps.
  # shellcheck disable=SC2059
  printf "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{$user}},$scope}}" "$ADMIN_PASSWORD" |
    curl -sf -m 30 -D - -o /dev/null -H 'Content-Type: application/json' -d @- http://127.0.0.1:5000/v3/auth/tokens |
    awk 'tolower($1) == "x-subject-token:" { sub(/\r$/, "", $2); print $2 }'
}

# box_wait_heartbeat NAME DATABASE CONDITION: the service row was updated in the last 10 s.
box_wait_heartbeat() {
  local name=$1 db=$2 cond=$3 _ n
  for _ in $(seq 1 240); do
    box_running "$name" || box_die "$name exited while starting; see $BOX_LOG/$name.log"
    n=$(box_mysql -e "SELECT COUNT(*) FROM $db.services WHERE $cond AND deleted=0 AND disabled=0 AND
      COALESCE(updated_at, created_at) > UTC_TIMESTAMP() - INTERVAL 10 SECOND" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 0 ] && return 0
    sleep 0.5
  done
  box_die "$name did not report in within 120 s; see $BOX_LOG/$name.log"
}

# Nova schedules only onto compute hosts mapped to a cell: map ours once its compute node exists.
box_discover_hosts() {
  local _ n
  for _ in $(seq 1 120); do
    n=$(box_mysql -e "SELECT COUNT(*) FROM box_nova.compute_nodes WHERE deleted=0" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 0 ] && break
    sleep 0.5
  done
  [ "${n:-0}" -gt 0 ] || box_die "nova-compute registered no compute node; see $BOX_LOG/nova-compute.log"
  n=$(box_mysql -e "SELECT COUNT(*) FROM box_nova_api.host_mappings WHERE host='box'" 2>/dev/null || echo 0)
  [ "${n:-0}" -gt 0 ] || box_step 'nova discover_hosts' "$BOX_LOG/setup-nova.log" \
    nova-manage --config-file "$BOX_ETC/nova/nova.conf" cell_v2 discover_hosts --verbose
}

# Loop devices backed by files in the box's volume directory (and only those).
box_loops() {
  losetup --list --noheadings --output NAME,BACK-FILE 2>/dev/null |
    awk -v dir="$BOX_DIR/volumes/" 'index($2, dir) == 1 { print $1 }'
}
