#!/usr/bin/env bash
# Builds the Containerfile and runs its entry point against the emulator (CI; root with buildah, podman, debootstrap).
# Base images cannot be pulled on this machine kind, so the image is built FROM a local base: a Debian bookworm
# minbase root file system with this machine's Node 20 (the nodesource build needs only glibc and libstdc++), made
# once and kept as localhost/blockops-base:bookworm-node20. Then test/container/ drives the image (/readyz, MCP,
# Slack); see vitest.container.config.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

base=localhost/blockops-base:bookworm-node20
image=${BLOCKOPS_CONTAINER_IMAGE:-localhost/blockops:ci}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
stamp() { printf '[container-test %s] %s\n' "$(date -u +%T)" "$*"; }

if ! podman image exists "$base"; then
  node_bin=$(command -v node)
  case "$("$node_bin" --version)" in v20.*) ;; *) echo "need Node 20 on this machine for the base image" >&2; exit 1 ;; esac
  rootfs=$(mktemp -d /var/tmp/blockops-rootfs.XXXXXX)
  # debootstrap mounts /proc and /sys inside while it works: never let rm follow them out of the root file system.
  cleanup_rootfs() { umount -R "$rootfs/proc" "$rootfs/sys" 2>/dev/null || true; rm -rf --one-file-system "$rootfs"; }
  trap cleanup_rootfs EXIT
  stamp "debootstrap bookworm minbase into $rootfs"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
  stamp "adding $node_bin ($("$node_bin" --version)), npm and the Node headers"
  install -m 0755 "$node_bin" "$rootfs/usr/bin/node"
  mkdir -p "$rootfs/usr/lib/node_modules" "$rootfs/usr/include" "$rootfs/usr/etc"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$rootfs/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/bin/npx"
  [ -d /usr/include/node ] && cp -a /usr/include/node "$rootfs/usr/include/node"
  # This machine's CA bundle (npm is told to use it here) and where node-gyp finds the headers offline.
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr\nupdate-notifier=false\n' >"$rootfs/usr/etc/npmrc"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  stamp "importing $base"
  tar -C "$rootfs" -c . | podman import --change 'CMD ["node"]' - "$base" >/dev/null
  cleanup_rootfs
  trap - EXIT
fi

stamp "buildah bud $image FROM $base"
buildah bud --isolation chroot --format docker --layers --build-arg "BASE=$base" -f Containerfile -t "$image" . \
  | grep -E '^(STEP|COMMIT|Successfully)' || { echo "build failed" >&2; exit 1; }
stamp "running the image against the emulator"
BLOCKOPS_CONTAINER_IMAGE="$image" npx vitest run --config vitest.container.config.ts
stamp done
