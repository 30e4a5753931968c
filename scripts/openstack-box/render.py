"""Renders a box config template: @NAME@ from the environment, @AUTHTOKEN <user>@ from authtoken.part.

Usage: render.py TEMPLATE OUTPUT. Fails on a placeholder it cannot fill, so no file is written half-done.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def fill(text, values):
    def one(m):
        name = m.group(1)
        if name not in values:
            raise SystemExit('render.py: no value for @%s@' % name)
        return values[name]
    return re.sub(r'@([A-Z][A-Z0-9_]*)@', one, text)


def main(template, output):
    with open(template) as f:
        text = f.read()
    with open(os.path.join(HERE, 'templates', 'authtoken.part')) as f:
        authtoken = f.read().rstrip('\n')
    text = re.sub(r'@AUTHTOKEN ([a-z]+)@', lambda m: authtoken.replace('@USER@', m.group(1)), text)
    text = fill(text, dict(os.environ))
    tmp = output + '.tmp'
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as f:
        f.write(text)
    os.replace(tmp, output)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
