"""Nova's fake compute driver, plus an NVMe host NQN in its volume connector (tests only).

Cinder's Lightbits driver refuses an attachment whose connector has no `nqn` and no `found_dsc` (what os-brick's
LightOSConnector reports on a real host). The box's fake driver reports neither, so booting from a volume of the
backend lightbits-real-driver would fail. Used by scripts/openstack-box.sh as
compute_driver = blockops_box_nova.SmallFakeDriverWithNqn (on PYTHONPATH).
"""

from nova.virt import fake

# Same as blockops_lightos_box.HOST_NQN: one host.
HOST_NQN = 'nqn.2014-08.org.nvmexpress:uuid:0b10c5b0-0000-4000-8000-000000000b0c'


class SmallFakeDriverWithNqn(fake.SmallFakeDriver):
    def get_volume_connector(self, instance):
        connector = super().get_volume_connector(instance)
        connector.update({'nqn': HOST_NQN, 'found_dsc': 'found'})
        return connector
