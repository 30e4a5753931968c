# shellcheck shell=bash
# `install`: Debian 12's own OpenStack Zed packages, nothing configured by the packages themselves.
# Sourced by scripts/openstack-box.sh (BOX_* variables and helpers come from there).

BOX_PACKAGES=(
  keystone glance-api
  cinder-api cinder-scheduler cinder-volume
  nova-api nova-conductor nova-scheduler nova-compute
  # nova-compute needs *a* hypervisor package; ironic's is the lightest (we run nova's fake driver)
  nova-compute-ironic
  placement-api neutron-server python3-openstackclient
  uwsgi-core uwsgi-plugin-python3 qemu-utils sudo mariadb-client
)

box_preseed() {
  local p sel=''
  for p in keystone glance cinder nova placement neutron; do
    sel+="$p $p/configure_db boolean false"$'\n'
    sel+="$p $p/configure_rabbit boolean false"$'\n'
    sel+="$p $p/configure_ksat boolean false"$'\n'
    sel+="$p $p/configure_api-endpoint boolean false"$'\n'
    sel+="$p $p/dbconfig-install boolean false"$'\n'
  done
  sel+="keystone keystone/create-admin-tenant boolean false"$'\n'
  sel+="keystone keystone/register-endpoint boolean false"$'\n'
  printf '%s' "$sel" | debconf-set-selections
}

box_missing_packages() {
  local p missing=()
  for p in "${BOX_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]}"
}

# Service daemons the packages would start (they have no systemd here, but init scripts exist).
box_stop_package_daemons() {
  local name pid
  for name in keystone glance-api cinder-api cinder-scheduler cinder-volume nova-api nova-conductor nova-scheduler \
    nova-compute placement-api neutron-server neutron-api neutron-rpc-server iscsid tgtd; do
    for pid in $(pgrep -x "$name" 2>/dev/null); do
      box_warn "a package started $name (pid $pid); stopping it"
      kill "$pid" 2>/dev/null || true
    done
  done
}

box_install() {
  local missing t0 policy=/usr/sbin/policy-rc.d had_policy=0
  missing=$(box_missing_packages)
  if [ -z "$missing" ]; then
    box_say "install: every package is already installed"
    return 0
  fi
  t0=$(date +%s)
  box_say "install: $missing"
  box_preseed
  # policy-rc.d 101 = "action forbidden": no package may start its daemon while we install.
  [ -e "$policy" ] && { had_policy=1; cp -p "$policy" "$policy.blockops-box"; }
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
  local rc=0
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing || rc=$?
  if [ "$had_policy" = 1 ]; then mv -f "$policy.blockops-box" "$policy"; else rm -f "$policy"; fi
  box_stop_package_daemons
  [ "$rc" = 0 ] || box_die "install: apt-get install failed (exit $rc); run 'apt-get update' and retry"
  box_say "install: done in $(($(date +%s) - t0)) s"
}
