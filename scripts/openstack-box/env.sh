# shellcheck shell=bash
# `env`: the OS_* settings for the box's admin, as export lines, plus $BOX_DIR/env and $BOX_DIR/clouds.yaml.
# Sourced by scripts/openstack-box.sh.

box_env() {
  box_secrets
  local env_file="$BOX_DIR/env" clouds="$BOX_DIR/clouds.yaml" cred="$BOX_DIR/admin-app-credential.json"
  local app_id='' app_secret=''
  if [ -f "$cred" ]; then
    app_id=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$cred")
    app_secret=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secret"])' "$cred")
  fi
  umask 077
  cat >"$env_file.tmp" <<EOF
export OS_AUTH_URL=http://127.0.0.1:5000/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$ADMIN_PASSWORD
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
export BLOCKOPS_BOX_DIR=$BOX_DIR
export BLOCKOPS_CINDER_DIRECT_URL_SCHEMES=cinder
export OS_CLIENT_CONFIG_FILE=$clouds
EOF
  mv "$env_file.tmp" "$env_file"
  cat >"$clouds.tmp" <<EOF
# Written by scripts/openstack-box.sh env. OS_CLIENT_CONFIG_FILE=$clouds OS_CLOUD=<one of these>
clouds:
  box-admin:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: $ADMIN_PASSWORD
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  box-demo:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      password: $DEMO_PASSWORD
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
  if [ -n "$app_id" ]; then
    cat >>"$clouds.tmp" <<EOF
  box-admin-app-credential:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://127.0.0.1:5000/v3
      application_credential_id: $app_id
      application_credential_secret: $app_secret
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
  fi
  mv "$clouds.tmp" "$clouds"
  umask 022
  cat "$env_file"
}
