"""Cinder's own Lightbits driver (cinder.volume.drivers.lightos), unmodified, with only its data path replaced.

Used by scripts/openstack-box.sh for the backend `lightbits-real-driver` (volume_driver =
blockops_lightos_box.LightOSDriverOnLoop) to prove blockops' Lightbits emulator with the code real clusters are
driven by. Every control-plane call (the REST API over HTTPS, JWT, endpoint failover, ETag/If-Match) is the
driver's own. What this module replaces, and why:

* os-brick's LightOSConnector (NVMe/TCP through Lightbits' discovery client) needs the nvme-tcp kernel module, a
  discovery-client daemon and a target: none exists here. In this process it is rebound to LoopLightOSConnector,
  which gives the host NQN and "discovery client found", and attaches a sparse file per Lightbits volume UUID as a
  loop device (files under <box_volumes_dir>/lightos/, detached by `openstack-box.sh stop`). The emulator holds no
  data, so a clone or a volume made from a snapshot starts as a new empty file.
* lightos.py never reads driver_ssl_cert_path: it passes verify=driver_ssl_cert_verify (a bool) to requests'
  Session.send, which then trusts requests' default CA bundle only (REQUESTS_CA_BUNDLE is not consulted by send).
  Rather than add the emulator's self-signed certificate to /etc, this process's default bundle becomes
  driver_ssl_cert_path, so verification is real and against that certificate.
* The connection info gets `box_size_gb` (the Cinder volume's size) so the loop file has the volume's size.
"""

import os

import requests.adapters
from oslo_concurrency import lockutils
from oslo_concurrency import processutils
from oslo_config import cfg
from oslo_log import log as logging
from os_brick.initiator.connectors import base
from os_brick.initiator.connectors import lightos as brick_lightos

from cinder import exception
from cinder.volume.drivers import lightos

LOG = logging.getLogger(__name__)

box_opts = [
    cfg.StrOpt('box_volumes_dir', default='/var/tmp/blockops-box/volumes',
               help='Directory under which lightos/<Lightbits UUID> files back the attached volumes.'),
]

# The box's one host, as an NVMe host NQN (what os-brick reads from /etc/nvme/hostnqn on a real host).
HOST_NQN = 'nqn.2014-08.org.nvmexpress:uuid:0b10c5b0-0000-4000-8000-000000000b0c'
GiB = 1024 ** 3
_data_dir = ['/var/tmp/blockops-box/volumes/lightos']


class LoopLightOSConnector(base.BaseLinuxConnector):
    """The data path of a Lightbits volume as a loop device over a sparse file named by its UUID."""

    def __init__(self, root_helper, driver=None, execute=None, *args, message_queue=None, **kwargs):
        super().__init__(root_helper, driver=driver, execute=execute, *args, **kwargs)

    def get_search_path(self):
        return None

    @staticmethod
    def get_connector_properties(root_helper, *args, **kwargs):
        return {'nqn': HOST_NQN, 'found_dsc': 'found'}

    @staticmethod
    def _file(props):
        uuid = props['uuid']
        if not uuid or '/' in uuid or uuid.startswith('.'):
            raise exception.VolumeBackendAPIException(data='bad Lightbits volume UUID %r' % uuid)
        return os.path.join(_data_dir[0], uuid)

    @staticmethod
    def _loops(path):
        out, _err = processutils.execute('losetup', '--noheadings', '--output', 'NAME', '--associated', path)
        return [line.strip() for line in out.splitlines() if line.strip()]

    def get_volume_paths(self, connection_properties):
        return self._loops(self._file(connection_properties))

    def connect_volume(self, connection_properties):
        path = self._file(connection_properties)
        size = int(connection_properties.get('box_size_gb') or 1) * GiB
        os.makedirs(_data_dir[0], exist_ok=True)
        with lockutils.lock('box-lightos-%s' % connection_properties['uuid']):
            with open(path, 'ab') as f:
                if f.tell() < size:
                    f.truncate(size)
            loops = self._loops(path)
            if loops:
                dev = loops[0]
            else:
                out, _err = processutils.execute('losetup', '--find', '--show', path)
                dev = out.strip()
        LOG.info('Lightbits volume %s attached as %s (loop shim)', connection_properties['uuid'], dev)
        return {'type': 'block', 'path': dev}

    def disconnect_volume(self, connection_properties, device_info, force=False, ignore_errors=False):
        path = self._file(connection_properties)
        with lockutils.lock('box-lightos-%s' % connection_properties['uuid']):
            for dev in self._loops(path):
                processutils.execute('losetup', '--detach', dev)

    def extend_volume(self, connection_properties):
        path = self._file(connection_properties)
        for dev in self._loops(path):
            processutils.execute('losetup', '--set-capacity', dev)
        return os.path.getsize(path)


# os-brick finds connectors by class path at call time: the driver's own connector and Cinder's image copies
# (utils.brick_get_connector('lightos')) now get the loop one.
brick_lightos.LightOSConnector = LoopLightOSConnector


class LightOSDriverOnLoop(lightos.LightOSVolumeDriver):
    """LightOSVolumeDriver as shipped; only the loop data path above and the CA bundle differ."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(box_opts)
        _data_dir[0] = os.path.join(self.configuration.box_volumes_dir, 'lightos')
        ca = self.configuration.safe_get('driver_ssl_cert_path')
        if ca:
            requests.adapters.DEFAULT_CA_BUNDLE_PATH = ca

    def initialize_connection(self, volume, connector):
        info = super().initialize_connection(volume, connector)
        info['data']['box_size_gb'] = volume.size
        return info
