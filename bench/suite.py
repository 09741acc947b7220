# This file is part of the MyCar partner platform.
"""Seconds of a pytest run by test folder (browser tests apart), from its
JUnit XML files: each test's set-up, call and tear-down, so a folder's
figure includes the activations and fixtures its tests wait for.

Usage: .venv/bin/python bench/suite.py var/junit-*.xml
"""
import collections
import logging
import sys
import xml.etree.ElementTree as ET

logger = logging.getLogger('suite')


def folder(classname):
    parts = classname.split('.')
    if parts[0] == 'addons':
        return '/'.join(parts[:3])
    if parts[0] == 'tests' and parts[1].startswith('test_browser'):
        return 'tests (browser)'
    return '/'.join(parts[:2]) if parts[0] != 'tests' else 'tests'


def main(paths):
    seconds, count = collections.Counter(), collections.Counter()
    cases = [c for path in paths for c in ET.parse(path).iter('testcase')]
    for case in cases:
        name = folder(case.get('classname', ''))
        seconds[name] += float(case.get('time', 0))
        count[name] += 1
    for name, total in sorted(seconds.items()):
        logger.info(f'{name:<32} {count[name]:4d} tests {total:7.1f} s')
    logger.info(f'{"all":<32} {sum(count.values()):4d} tests '
        f'{sum(seconds.values()):7.1f} s')


if __name__ == '__main__':
    logging.basicConfig(
        level=logging.INFO, format='%(message)s', stream=sys.stdout)
    main(sys.argv[1:])
