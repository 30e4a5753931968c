# shellcheck shell=bash
# Secrets, databases and config files of the box: everything `start` prepares before a service runs.
# Sourced by scripts/openstack-box.sh.

BOX_DB_NAMES=(box_keystone box_glance box_cinder box_placement box_neutron box_nova_api box_nova box_nova_cell0)

# Random passwords, made once per state directory and kept (mode 600).
box_secrets() {
  local file="$BOX_DIR/secrets.env" k
  if [ ! -f "$file" ]; then
    umask 077
    {
      for k in ADMIN_PASSWORD DEMO_PASSWORD SERVICE_PASSWORD DB_PASSWORD; do
        echo "$k=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
      done
    } >"$file.tmp"
    mv "$file.tmp" "$file"
    umask 022
  fi
  set -a
  # shellcheck disable=SC1090
  . "$file"
  set +a
  export DB_USER=blockops_box BOX_DIR
}

box_mysql() { mysql -h 127.0.0.1 -P 3306 -u root --batch --skip-column-names "$@"; }

box_databases() {
  box_mysql -e 'SELECT 1' >/dev/null 2>&1 ||
    box_die "MariaDB does not answer as root (empty password) on 127.0.0.1:3306; start it first"
  (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null ||
    box_die "RabbitMQ does not listen on 127.0.0.1:5672 (guest/guest); start it first"
  local sql="" db host
  for db in "${BOX_DB_NAMES[@]}"; do sql+="CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4;"; done
  for host in 127.0.0.1 localhost; do
    sql+="CREATE USER IF NOT EXISTS '$DB_USER'@'$host' IDENTIFIED BY '$DB_PASSWORD';"
    sql+="ALTER USER '$DB_USER'@'$host' IDENTIFIED BY '$DB_PASSWORD';"
    for db in "${BOX_DB_NAMES[@]}"; do sql+="GRANT ALL PRIVILEGES ON $db.* TO '$DB_USER'@'$host';"; done
  done
  # Through stdin: the password would show in ps on mysql's command line.
  box_mysql <<<"$sql" || box_die "could not create the box's databases in MariaDB"
}

box_render() {
  /usr/bin/python3 "$BOX_SRC/render.py" "$BOX_SRC/templates/$1" "$BOX_ETC/$2" ||
    box_die "could not render $BOX_SRC/templates/$1 into $BOX_ETC/$2"
}

box_configs() {
  mkdir -p "$BOX_ETC/nova" "$BOX_ETC/placement" "$BOX_ETC/neutron" "$BOX_DIR/lock" "$BOX_DIR/volumes" \
    "$BOX_DIR/keystone" "$BOX_DIR/glance/images" "$BOX_DIR/glance/staging" "$BOX_DIR/glance/tasks" \
    "$BOX_DIR/cinder/state" "$BOX_DIR/cinder/conversion" "$BOX_DIR/nova/state" "$BOX_DIR/nova/instances" \
    "$BOX_DIR/neutron/state" "$BOX_LOG" "$BOX_RUN"
  box_lightos_backend
  box_render keystone.conf keystone.conf
  box_render glance-api.conf glance-api.conf
  box_render cinder.conf cinder.conf
  box_render nova.conf nova/nova.conf
  box_render placement.conf placement/placement.conf
  box_render neutron.conf neutron/neutron.conf
  box_render ml2_conf.ini neutron/ml2_conf.ini
  # nova-api reads its paste pipeline from the first of its config files: Debian's, copied unchanged
  cp /etc/nova/api-paste.ini "$BOX_ETC/nova/api-paste.ini"
}

# Each service's schema, once per package version (see box_once). Independent: they run in parallel.
box_db_sync_keystone() {
  keystone-manage --config-file "$BOX_ETC/keystone.conf" db_sync
}
box_db_sync_glance() { glance-manage --config-file "$BOX_ETC/glance-api.conf" db_sync; }
box_db_sync_cinder() { cinder-manage --config-file "$BOX_ETC/cinder.conf" db sync; }
box_db_sync_placement() { placement-manage --config-file "$BOX_ETC/placement/placement.conf" db sync; }
box_db_sync_neutron() {
  neutron-db-manage --config-file "$BOX_ETC/neutron/neutron.conf" --config-file "$BOX_ETC/neutron/ml2_conf.ini" \
    upgrade heads
}
box_db_sync_nova() {
  local conf="$BOX_ETC/nova/nova.conf"
  nova-manage --config-file "$conf" api_db sync &&
    nova-manage --config-file "$conf" cell_v2 map_cell0 && # its database: [database] connection + _cell0
    { nova-manage --config-file "$conf" cell_v2 list_cells | grep -q ' cell1 ' ||
      nova-manage --config-file "$conf" cell_v2 create_cell --name cell1 --verbose; } &&
    nova-manage --config-file "$conf" db sync
}

box_keystone_keys() {
  local conf="$BOX_ETC/keystone.conf"
  [ -f "$BOX_DIR/keystone/fernet-keys/0" ] ||
    keystone-manage --config-file "$conf" fernet_setup --keystone-user root --keystone-group root || return 1
  [ -f "$BOX_DIR/keystone/credential-keys/0" ] ||
    keystone-manage --config-file "$conf" credential_setup --keystone-user root --keystone-group root || return 1
  # bootstrap is idempotent, and resets the admin password to the one in secrets.env (passed in the environment,
  # not on the command line where ps would show it)
  OS_BOOTSTRAP_PASSWORD="$ADMIN_PASSWORD" keystone-manage --config-file "$conf" bootstrap \
    --bootstrap-admin-url http://127.0.0.1:5000/v3/ --bootstrap-internal-url http://127.0.0.1:5000/v3/ \
    --bootstrap-public-url http://127.0.0.1:5000/v3/ --bootstrap-region-id RegionOne
}

# box_parallel_db_syncs SERVICE...: runs the schema steps at once and fails naming the first that failed.
box_parallel_db_syncs() {
  local s pids=() names=() i rc=0
  for s in "$@"; do
    # A stamp only counts while the schema is still there (the databases may have been dropped).
    [ "$(box_mysql -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='box_$s'")" != 0 ] ||
      rm -f "$BOX_DIR/stamps/db-$s"
    box_once "db-$s" "$(box_pkg_version "${BOX_PKG_OF[$s]}")" "box_db_sync_$s" >>"$BOX_LOG/setup-$s.log" 2>&1 &
    pids+=("$!")
    names+=("$s")
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      tail -n 15 "$BOX_LOG/setup-${names[$i]}.log" >&2
      box_warn "database schema of ${names[$i]} failed; see $BOX_LOG/setup-${names[$i]}.log"
      rc=1
    fi
  done
  [ "$rc" = 0 ] || box_die "step 'database schemas' failed (logs named above)"
}

declare -A BOX_PKG_OF=(
  [keystone]=keystone [glance]=glance-common [cinder]=cinder-common [placement]=placement-common
  [neutron]=neutron-common [nova]=nova-common
)

# The second Cinder backend, lightbits-real-driver: Cinder's own Lightbits driver (blockops_lightos_box.py) against a
# Lightbits API that is not part of the box (blockops' emulator, started by the test that uses it). Enabled while
# $BOX_DIR/lightos/backend.env exists (LIGHTOS_API_ADDRESS, LIGHTOS_API_PORT, LIGHTOS_JWT, LIGHTOS_CACERT; mode 600,
# written by that test), then picked up by `start-service cinder-volume`.
box_lightos_backend() {
  local file="$BOX_DIR/lightos/backend.env"
  export BOX_CINDER_BACKENDS=lightbits BOX_LIGHTOS_SECTION=''
  [ -f "$file" ] || return 0
  local LIGHTOS_API_ADDRESS='' LIGHTOS_API_PORT='' LIGHTOS_JWT='' LIGHTOS_CACERT='' LIGHTOS_REPLICAS=3
  # shellcheck disable=SC1090
  . "$file"
  [ -n "$LIGHTOS_API_ADDRESS" ] && [ -n "$LIGHTOS_API_PORT" ] && [ -n "$LIGHTOS_JWT" ] && [ -f "$LIGHTOS_CACERT" ] ||
    box_die "$file must set LIGHTOS_API_ADDRESS, LIGHTOS_API_PORT, LIGHTOS_JWT and LIGHTOS_CACERT (an existing file)"
  BOX_CINDER_BACKENDS=lightbits,lightbits-real-driver
  BOX_LIGHTOS_SECTION="[lightbits-real-driver]
volume_driver = blockops_lightos_box.LightOSDriverOnLoop
volume_backend_name = lightbits-real-driver
lightos_api_address = $LIGHTOS_API_ADDRESS
lightos_api_port = $LIGHTOS_API_PORT
lightos_jwt = $LIGHTOS_JWT
lightos_default_num_replicas = $LIGHTOS_REPLICAS
lightos_api_service_timeout = 5
driver_ssl_cert_verify = true
driver_ssl_cert_path = $LIGHTOS_CACERT
box_volumes_dir = $BOX_DIR/volumes
image_upload_use_cinder_backend = true
"
}
