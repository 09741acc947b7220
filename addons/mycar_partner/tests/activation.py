# This file is part of the MyCar partner platform.
"""One activation of the platform per test run: every test stands on all
of our modules, as production does.

Tryton's test helpers activate a set from an empty database, and cache it
under a name of their own: ``activate_module`` (module tests) under the
modules as given, ``activate_modules`` (scenarios) under the sorted
modules and its set-up functions. Each module's tests so activated their
own set, and each set cost a pool and an activation (a chain of sets built
on each other still took five activations, garage twice, and a pool each).
Here every request is for the whole platform, activated once in one go
and restored from Tryton's cache after; a module's test case still checks
only what that module registers.
"""
import contextlib
import fcntl
import hashlib
import os
import tempfile
from importlib.metadata import entry_points
from unittest import mock

from trytond import backend
from trytond.config import config
from trytond.modules import get_module_info
from trytond.pool import Pool
from trytond.tests import test_tryton


def our_modules():
    "The Tryton modules this repository ships"
    return sorted(
        ep.name for ep in entry_points(group='trytond.modules')
        if ep.name.startswith('mycar_'))


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
_pools = {}  # top modules: Tryton's pool of them and its modules


def _init_pool(tops):
    """Initialise Tryton's pool of the test database, restored with tops
    activated: the pool built for the same modules earlier in this process
    when there. A pool takes seconds to build, and without an update its
    classes depend only on the modules (the database's caches are dropped
    with it by drop_db)"""
    name = test_tryton.DB_NAME
    with Pool._lock:
        if kept := _pools.get(tuple(tops)):
            Pool._pools[name], Pool._pool_modules[name] = kept
            # instances of other threads read the pool again
            Pool._pool_instances.clear()
        else:
            Pool(name).init()
            _pools[tuple(tops)] = (
                Pool._pools[name], Pool._pool_modules[name])


def _restore_with_pool(tops, name=None):
    "Restore the cached set of tops (or name), its pool initialised"
    if _restore(name or cache_name(tops)):
        _init_pool(tops)
        return True
    return False


def _proteus_config():
    "proteus' set_trytond on the pool _init_pool left, not one built anew"
    from proteus import config as proteus_config
    with mock.patch.object(Pool, 'start'), \
            mock.patch.object(Pool, 'init'):
        return proteus_config.set_trytond()


def platform(modules=()):
    """What a test asking for modules stands on: all of our modules (a
    request for others than ours is a mistake)"""
    if isinstance(modules, str):
        modules = [modules]
    if unknown := set(modules) - set(our_modules()):
        raise ValueError(f'not modules of the platform: {sorted(unknown)}')
    return our_modules()


def activate(modules=()):
    """Leave the test database with the platform activated: restored from
    the cache, or built and cached; return its top modules"""
    tops = top_modules(platform(modules))
    test_tryton.drop_db()
    if _restore_with_pool(tops):
        return tops
    with _building():
        _build(tops)
    return tops


def _build(tops):
    if _restore_with_pool(tops):
        return  # built by another process meanwhile
    test_tryton.drop_db()
    test_tryton.activate_module(tops)


def activate_modules(modules, *setup):
    """Tryton's scenario helper (trytond.tests.tools.activate_modules) on
    the shared activation: the set, then each set-up, cached together"""
    from trytond.tests.tools import _func_name
    modules = platform(modules)
    name = cache_name(modules)
    if setup_name := '|'.join(_func_name(f) for f in setup):
        name += f'--{setup_name}'
    tops = top_modules(modules)
    test_tryton.drop_db()
    if _restore_with_pool(tops, name):
        return _proteus_config()
    with _building():
        if _restore_with_pool(tops, name):
            return _proteus_config()
        activate(modules)
        config = _proteus_config()
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
        # the set-up of Tryton's test cases but their activation
        super(test_tryton._DBTestCase, cls).setUpClass()
        activate([cls.module, *(cls.extras or [])])


@contextlib.contextmanager
def _cache_in(directory):
    "Tryton's test cache in directory (files) for a while"
    os.makedirs(directory, exist_ok=True)
    previous, test_tryton.DB_CACHE = test_tryton.DB_CACHE, directory
    try:
        yield
    finally:
        test_tryton.DB_CACHE = previous


def export(modules, directory):
    """Put the activation of modules (built when missing) in directory, as
    Tryton's test cache holds it in files (DB_CACHE=directory): a dump on
    PostgreSQL, a copy on SQLite; the way to another database server"""
    activate(modules)
    with _cache_in(directory):
        test_tryton.backup_db_cache(cache_name(platform(modules)))
    test_tryton.drop_db()


def restore_as(modules, name):
    """A database called name with modules activated, from the cache (built
    when missing); Tryton's test database is left dropped"""
    if not _restore(cache_name(platform(modules))):
        activate(modules)
    backend.Database(test_tryton.DB_NAME).close()
    from trytond.transaction import Transaction
    with Transaction().start(
            None, 0, close=True, autocommit=True) as transaction:
        database = transaction.database
        if test_tryton.db_exist(name):
            database.drop(transaction.connection, name)
        database.create(transaction.connection, name, test_tryton.DB_NAME)
    test_tryton.drop_db()


if __name__ == '__main__':
    # python -m trytond.modules.mycar_partner.tests.activation: activate
    # the platform into Tryton's test cache (DB_CACHE)
    # ... --export DIRECTORY: and put its activation in DIRECTORY
    import sys
    if sys.argv[1:2] == ['--export']:
        export(our_modules(), sys.argv[2])
    else:
        activate()
    test_tryton.drop_db()
