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

# Daemons a package might have started despite policy-rc.d (no systemd here, but init scripts exist). Processes of
# the box itself (their process group is one we started) are left alone.
box_stop_package_daemons() {
  local name pid pgid ours=' '
  # No pid files yet on a fresh machine: awk then exits 2, which set -e must not take for a failed install.
  ours+="$(awk '{printf "%s ", $1}' "$BOX_RUN"/*.pid 2>/dev/null || true)"
  for name in keystone glance-api cinder-api cinder-scheduler cinder-volume nova-api nova-conductor nova-scheduler \
    nova-compute placement-api neutron-server neutron-api neutron-rpc-server iscsid tgtd; do
    for pid in $(pgrep -x "$name" 2>/dev/null); do
      pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
      [[ "$ours" == *" $pgid "* ]] && continue
      box_warn "a package started $name (pid $pid); stopping it"
      kill "$pid" 2>/dev/null || true
    done
  done
}

box_install() {
  local missing t0 rc=0
  missing=$(box_missing_packages)
  if [ -z "$missing" ]; then
    box_say "install: every package is already installed"
    return 0
  fi
  t0=$(date +%s)
  box_say "install: $missing"
  box_preseed
  apt-get update -qq || box_die "install: apt-get update failed"
  # policy-rc.d 101 = "action forbidden": no package may start its daemon while we install.
  box_forbid_daemons
  trap box_allow_daemons EXIT
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing || rc=$?
  box_allow_daemons
  trap - EXIT
  box_stop_package_daemons
  [ "$rc" = 0 ] || box_die "install: apt-get install failed (exit $rc)"
  box_say "install: done in $(($(date +%s) - t0)) s"
}

BOX_POLICY=/usr/sbin/policy-rc.d

box_forbid_daemons() {
  [ -e "$BOX_POLICY" ] && [ ! -e "$BOX_POLICY.blockops-box" ] && cp -p "$BOX_POLICY" "$BOX_POLICY.blockops-box"
  printf '#!/bin/sh\n# written by scripts/openstack-box.sh install; removed when it ends\nexit 101\n' >"$BOX_POLICY"
  chmod 755 "$BOX_POLICY"
}

# Puts back the policy-rc.d there was (or none).
box_allow_daemons() {
  if [ -e "$BOX_POLICY.blockops-box" ]; then
    mv -f "$BOX_POLICY.blockops-box" "$BOX_POLICY"
  else
    rm -f "$BOX_POLICY"
  fi
}
