"""nova-compute with Nova's fake compute driver, plus an NVMe host NQN in its volume connector (tests only).

Cinder's Lightbits driver refuses an attachment whose connector has no `nqn` and no `found_dsc` (what os-brick's
LightOSConnector reports on a real host). The fake driver reports neither, so booting from a volume of the backend
lightbits-real-driver would fail. Nova loads compute drivers only from nova.virt, so scripts/openstack-box.sh runs
nova-compute through this file (`python3 blockops_box_nova.py --config-file …`), which adds the two keys first.
"""

import sys

from nova.cmd import compute
from nova.virt import fake

# Same as blockops_lightos_box.HOST_NQN: one host.
HOST_NQN = 'nqn.2014-08.org.nvmexpress:uuid:0b10c5b0-0000-4000-8000-000000000b0c'

_fake_connector = fake.FakeDriver.get_volume_connector


def _connector_with_nqn(self, instance):
    connector = _fake_connector(self, instance)
    connector.update({'nqn': HOST_NQN, 'found_dsc': 'found'})
    return connector


fake.FakeDriver.get_volume_connector = _connector_with_nqn

if __name__ == '__main__':
    sys.argv[0] = 'nova-compute'
    sys.exit(compute.main())
