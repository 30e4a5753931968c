"""A file-backed Cinder volume driver for the blockops OpenStack box (tests only).

Each volume is a sparse file; an attachment binds the file to a loop device and returns os-brick's `local`
connection, so Glance's Cinder store, Cinder's image copy and Nova all see a real block device. Snapshots and
clones copy the file, the way Lightbits' driver makes a clone through the snapshot `for_clone_<new id>`.
It has no clone_image, like cinder/volume/drivers/lightos.py: Cinder itself decides clone or copy.

Used by scripts/openstack-box.sh as volume_driver = blockops_box_driver.FileVolumeDriver (on PYTHONPATH).
This kernel has no device-mapper, so LVM (and Cinder's own fake drivers) cannot create volumes from images.
"""

import os

from oslo_concurrency import lockutils
from oslo_concurrency import processutils
from oslo_config import cfg
from oslo_log import log as logging

from cinder import exception
from cinder.volume import driver

LOG = logging.getLogger(__name__)

box_opts = [
    cfg.StrOpt('box_volumes_dir', default='/var/tmp/blockops-box/volumes',
               help='Directory holding one sparse file per volume and snapshot.'),
]

GiB = 1024 ** 3


class FileVolumeDriver(driver.VolumeDriver):
    VERSION = '1.0.0'
    CI_WIKI_NAME = 'blockops-box'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(box_opts)
        self.backend_name = self.configuration.safe_get('volume_backend_name') or 'box'

    # set-up

    def do_setup(self, context):
        os.makedirs(self._dir(), exist_ok=True)

    def check_for_setup_error(self):
        processutils.execute('losetup', '--version')

    def _dir(self):
        return self.configuration.box_volumes_dir

    def local_path(self, volume):
        return os.path.join(self._dir(), volume.name)

    def _snapshot_path(self, snapshot):
        return os.path.join(self._dir(), snapshot.name)

    # volumes and snapshots

    def create_volume(self, volume):
        with open(self.local_path(volume), 'wb') as f:
            f.truncate(volume.size * GiB)
        return {}

    def delete_volume(self, volume):
        path = self.local_path(volume)
        with lockutils.lock('box-%s' % volume.id):
            self._detach_loops(path)
        if os.path.exists(path):
            os.unlink(path)

    def extend_volume(self, volume, new_size):
        path = self.local_path(volume)
        with open(path, 'r+b') as f:
            f.truncate(new_size * GiB)
        for dev in self._loops_of(path):
            processutils.execute('losetup', '--set-capacity', dev)

    def create_snapshot(self, snapshot):
        self._copy(self.local_path(snapshot.volume), self._snapshot_path(snapshot))

    def delete_snapshot(self, snapshot):
        path = self._snapshot_path(snapshot)
        if os.path.exists(path):
            os.unlink(path)

    def create_volume_from_snapshot(self, volume, snapshot):
        self._copy(self._snapshot_path(snapshot), self.local_path(volume), volume.size)
        return {}

    def create_cloned_volume(self, volume, src_vref):
        # Like lightos.py: a snapshot for_clone_<new id> of the source, a volume from it, the snapshot deleted.
        LOG.info('Cloning volume-%s into volume-%s through snapshot for_clone_%s', src_vref.id, volume.id, volume.id)
        tmp = os.path.join(self._dir(), 'for_clone_%s' % volume.id)
        self._copy(self.local_path(src_vref), tmp)
        os.replace(tmp, self.local_path(volume))
        self._resize(self.local_path(volume), volume.size)
        return {}

    def _copy(self, src, dst, size_gb=None):
        processutils.execute('cp', '--sparse=always', '--reflink=auto', src, dst)
        if size_gb:
            self._resize(dst, size_gb)

    @staticmethod
    def _resize(path, size_gb):
        if os.path.getsize(path) < size_gb * GiB:
            with open(path, 'r+b') as f:
                f.truncate(size_gb * GiB)

    # attachments: a loop device per attached volume

    def initialize_connection(self, volume, connector, **kwargs):
        path = self.local_path(volume)
        with lockutils.lock('box-%s' % volume.id):
            loops = self._loops_of(path)
            if loops:
                dev = loops[0]
            else:
                out, _err = processutils.execute('losetup', '--find', '--show', path)
                dev = out.strip()
        LOG.info('volume-%s attached as %s', volume.id, dev)
        return {'driver_volume_type': 'local', 'data': {'device_path': dev}}

    def terminate_connection(self, volume, connector, **kwargs):
        with lockutils.lock('box-%s' % volume.id):
            self._detach_loops(self.local_path(volume))

    @staticmethod
    def _loops_of(path):
        out, _err = processutils.execute('losetup', '--noheadings', '--output', 'NAME', '--associated', path)
        return [line.strip() for line in out.splitlines() if line.strip()]

    def _detach_loops(self, path):
        for dev in self._loops_of(path):
            try:
                processutils.execute('losetup', '--detach', dev)
            except processutils.ProcessExecutionError as e:
                raise exception.VolumeBackendAPIException(data='cannot detach %s from %s: %s' % (dev, path, e))

    def create_export(self, context, volume, connector):
        pass

    def ensure_export(self, context, volume):
        pass

    def remove_export(self, context, volume):
        pass

    # stats

    def _update_volume_stats(self):
        st = os.statvfs(self._dir())
        total = st.f_blocks * st.f_frsize / GiB
        free = st.f_bavail * st.f_frsize / GiB
        self._stats = {
            'volume_backend_name': self.backend_name,
            'vendor_name': 'blockops',
            'driver_version': self.VERSION,
            'storage_protocol': 'local',
            'pools': [{
                'pool_name': self.backend_name,
                'total_capacity_gb': round(total, 2),
                'free_capacity_gb': round(free, 2),
                'reserved_percentage': 0,
                'thin_provisioning_support': True,
                'thick_provisioning_support': False,
                'max_over_subscription_ratio': 20.0,
                'multiattach': False,
                'QoS_support': False,
            }],
        }
