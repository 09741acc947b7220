# This file is part of the MyCar partner platform.
"""One activation of each set of our modules per test run, each built on
the cached database of the set below it.

Tryton's test helpers activate a set from an empty database, and cache it
under a name of their own: ``activate_module`` (module tests) under the
modules as given, ``activate_modules`` (scenarios) under the sorted
modules and its set-up functions. The same modules were so activated
twice or more, each time from nothing. Here a set is named by its top
modules (those no other module of the set depends on), restored from the
cache when there, else built on the set below it (a top module less, or
the module's own dependencies) with only what is missing activated.
"""
import contextlib
import fcntl
import hashlib
import os
import tempfile

from trytond import backend
from trytond.config import config
from trytond.modules import get_module_info
from trytond.tests import test_tryton


def _depends(module):
    "Our modules module depends on directly"
    return {d for d in get_module_info(module)['depends']
        if d.startswith('mycar_')}


def _below(module):
    "Our modules module depends on, directly or not"
    found, todo = set(), list(_depends(module))
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(_depends(name))
    return found


def top_modules(modules):
    "The modules of modules that no other of them depends on, sorted"
    modules = set(modules)
    below = set().union(*(_below(m) for m in modules))
    return sorted(modules - below)


def cache_name(modules):
    "The name of the activated set of modules in Tryton's test cache"
    return '-'.join(top_modules(modules))


def _base(tops):
    "The set to build tops on: a top module less, or its dependencies"
    if len(tops) > 1:
        return tops[:-1]
    return top_modules(_depends(tops[0]))


def _cache_file(name):
    return test_tryton._db_cache_file(test_tryton.DB_CACHE, name)


def cached(name):
    "Whether Tryton's test cache holds a database under name"
    if not test_tryton.DB_CACHE:
        return False
    cache_file = _cache_file(name)
    if cache_file.startswith('postgresql://'):
        return test_tryton.db_exist(
            cache_file[len(test_tryton.DB_CACHE) + 1:])
    return os.path.exists(cache_file)


def _restore(name):
    """Tryton's restore_db_cache without initialising the pool, for a
    caller that initialises it next (proteus does); a pool takes seconds"""
    if not cached(name):
        return False
    if backend.name == 'sqlite':
        return test_tryton._sqlite_copy(_cache_file(name), restore=True)
    return test_tryton._pg_restore(_cache_file(name))


@contextlib.contextmanager
def _building():
    """Held while a set is built into the cache: processes that run tests
    side by side on one database server (or cache folder) wait for each
    other instead of building the same set twice"""
    key = hashlib.sha1(' '.join([str(test_tryton.DB_CACHE),
                config.get('database', 'uri') or '',
                config.get('database', 'path') or '']).encode()).hexdigest()
    path = os.path.join(tempfile.gettempdir(), f'mycar-activation-{key}')
    if _held:  # by this process already
        yield
        return
    with open(path, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _held.append(path)
        try:
            yield
        finally:
            _held.remove(path)
            fcntl.flock(lock, fcntl.LOCK_UN)


_held = []


def activate(modules):
    """Leave the test database with modules activated: restored from the
    cache, or built on the set below and cached; return the top modules"""
    tops = top_modules(modules)
    test_tryton.drop_db()
    if test_tryton.restore_db_cache(cache_name(tops)):
        return tops
    with _building():
        _build(tops)
    return tops


def _build(tops):
    if test_tryton.restore_db_cache(cache_name(tops)):
        return  # built by another process meanwhile
    base = _base(tops)
    if base:
        test_tryton.drop_db()
        _build(base)
    # on the base's database, Tryton activates only what is missing
    test_tryton.activate_module(tops)


def activate_modules(modules, *setup):
    """Tryton's scenario helper (trytond.tests.tools.activate_modules) on
    the shared activation: the set, then each set-up, cached together"""
    from proteus import config as proteus_config
    from trytond.tests.tools import _func_name
    if isinstance(modules, str):
        modules = [modules]
    name = cache_name(modules)
    if setup_name := '|'.join(_func_name(f) for f in setup):
        name += f'--{setup_name}'
    test_tryton.drop_db()
    if _restore(name):
        return proteus_config.set_trytond()
    with _building():
        if _restore(name):
            return proteus_config.set_trytond()
        activate(modules)
        config = proteus_config.set_trytond()
        for function in setup:
            function(config=config)
        test_tryton.backup_db_cache(name)
    return config


def log_in(login, config=None):
    """proteus' set_trytond(user=login) on the same database, without
    initialising Tryton's pool again; it becomes the current config"""
    import copy

    from proteus import Model
    from proteus import config as proteus_config
    from trytond.tests.tools import set_user
    config = config or proteus_config.get_config()
    user, = Model.get('res.user', config=config).find(
        [('login', '=', login)])
    other = copy.copy(config)
    other._user = login
    set_user(user.id, config=other)
    proteus_config._CONFIG.current = other
    return other


class ActivationMixin:
    "For a ModuleTestCase: its module's activation is the shared one"

    @classmethod
    def setUpClass(cls):
        modules = [cls.module, *(cls.extras or [])]
        if not cached(cache_name(modules)):
            activate(modules)
        super().setUpClass()  # restores it


if __name__ == '__main__':
    # python -m trytond.modules.mycar_partner.tests.activation SET...:
    # activate and cache each set (modules separated by commas)
    import sys
    for argument in sys.argv[1:]:
        activate(argument.split(','))
    test_tryton.drop_db()
