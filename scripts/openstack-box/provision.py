"""Idempotent set-up of the box's cloud through its own APIs (run with Debian's /usr/bin/python3).

  provision.py identity   projects, users, roles, services, endpoints; the admin's application credential
  provision.py volume     the volume type `lightbits` (volume_backend_name=lightbits); waits for the scheduler
  provision.py compute    flavors m1.tiny … m1.large (the emulator's ids and sizes)

Reads BOX_DIR, ADMIN_PASSWORD, DEMO_PASSWORD and SERVICE_PASSWORD from the environment.
"""
import json
import os
import sys
import time

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

AUTH_URL = 'http://127.0.0.1:5000/v3'
REGION = 'RegionOne'
SERVICES = [
    # name, type, URL
    ('glance', 'image', 'http://127.0.0.1:9292'),
    ('cinderv3', 'volumev3', 'http://127.0.0.1:8776/v3/%(project_id)s'),
    ('nova', 'compute', 'http://127.0.0.1:8774/v2.1'),
    ('placement', 'placement', 'http://127.0.0.1:8778'),
    ('neutron', 'network', 'http://127.0.0.1:9696'),
]
SERVICE_USERS = ['glance', 'cinder', 'nova', 'placement', 'neutron']
FLAVORS = [('1', 'm1.tiny', 1, 512, 1), ('2', 'm1.small', 1, 2048, 20), ('3', 'm1.medium', 2, 4096, 40),
           ('4', 'm1.large', 4, 8192, 80)]
APP_CRED_NAME = 'blockops-box'


def admin_session():
    auth = v3.Password(auth_url=AUTH_URL, username='admin', password=os.environ['ADMIN_PASSWORD'],
                       project_name='admin', user_domain_name='Default', project_domain_name='Default')
    return ks_session.Session(auth=auth)


def one(items, **attrs):
    return next((i for i in items if all(getattr(i, k) == v for k, v in attrs.items())), None)


def ensure_user(ks, name, password, project, role):
    user = one(ks.users.list(domain='default', name=name), name=name)
    if user:
        ks.users.update(user, password=password)
    else:
        user = ks.users.create(name=name, domain='default', password=password, default_project=project)
    ks.roles.grant(role, user=user, project=project)
    return user


def identity():
    sess = admin_session()
    ks = ks_client.Client(session=sess, region_name=REGION)
    projects = ks.projects.list(domain='default')
    service = one(projects, name='service') or ks.projects.create('service', 'default', description='Service users')
    demo = one(projects, name='demo') or ks.projects.create('demo', 'default', description='A member project')
    roles = ks.roles.list()
    admin_role, member_role = one(roles, name='admin'), one(roles, name='member')
    # Cinder trusts a service token only from a user with the role `service` (service_token_roles).
    service_role = one(roles, name='service') or ks.roles.create('service')
    for name in SERVICE_USERS:
        user = ensure_user(ks, name, os.environ['SERVICE_PASSWORD'], service, admin_role)
        ks.roles.grant(service_role, user=user, project=service)
    ensure_user(ks, 'demo', os.environ['DEMO_PASSWORD'], demo, member_role)

    for name, type_, url in SERVICES:
        svc = one(ks.services.list(type=type_), name=name) or ks.services.create(name=name, type=type_)
        have = ks.endpoints.list(service=svc)
        for interface in ('public', 'internal', 'admin'):
            ep = one(have, interface=interface)
            if ep and ep.url != url:
                ks.endpoints.update(ep, url=url)
            elif not ep:
                ks.endpoints.create(svc, url, interface=interface, region=REGION)
    app_credential(ks, sess)


def app_credential(ks, sess):
    """The secret is shown only at creation: keep the file while it still authenticates, else make a new one."""
    path = os.path.join(os.environ['BOX_DIR'], 'admin-app-credential.json')
    if os.path.exists(path):
        with open(path) as f:
            saved = json.load(f)
        try:
            auth = v3.ApplicationCredential(auth_url=AUTH_URL, application_credential_id=saved['id'],
                                            application_credential_secret=saved['secret'])
            ks_session.Session(auth=auth).get_token()
            return
        except Exception:  # noqa: BLE001 - any failure: replace it
            pass
    user_id = sess.get_user_id()
    for old in ks.application_credentials.list(user=user_id):
        if old.name == APP_CRED_NAME:
            ks.application_credentials.delete(old, user=user_id)
    cred = ks.application_credentials.create(APP_CRED_NAME, user=user_id, description='blockops box: admin')
    fd = os.open(path + '.tmp', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        json.dump({'id': cred.id, 'name': cred.name, 'secret': cred.secret}, f)
    os.replace(path + '.tmp', path)


def volume():
    from cinderclient import client as cinder_client
    cinder = cinder_client.Client('3', session=admin_session(), region_name=REGION)
    vt = one(cinder.volume_types.list(is_public=None), name='lightbits')
    if not vt:
        vt = cinder.volume_types.create('lightbits')
    if vt.get_keys().get('volume_backend_name') != 'lightbits':
        vt.set_keys({'volume_backend_name': 'lightbits'})
    # Ready means a volume can be created: the scheduler knows the backend's pool.
    for _ in range(240):
        if any(p.name.endswith('@lightbits#lightbits') for p in cinder.pools.list()):
            return
        time.sleep(0.5)
    raise SystemExit('cinder-scheduler never learned the pool of backend lightbits; see cinder-volume.log')


def compute():
    from novaclient import client as nova_client
    nova = nova_client.Client('2.1', session=admin_session(), region_name=REGION)
    have = {f.id for f in nova.flavors.list(is_public=None)}
    for fid, name, vcpus, ram, disk in FLAVORS:
        if fid not in have:
            nova.flavors.create(name, ram, vcpus, disk, flavorid=fid)


if __name__ == '__main__':
    {'identity': identity, 'volume': volume, 'compute': compute}[sys.argv[1]]()
