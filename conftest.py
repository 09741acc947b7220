# This file is part of the MyCar partner platform.
"""pytest set-up shared by every test of the repository.

- Tests run on SQLite in memory unless the environment names another
  database (``bin/test`` runs them on a throwaway PostgreSQL cluster).
- ``DB_CACHE`` keeps activated databases between runs.
- Each ``scenario_*.rst`` of a module is a proteus doctest run with
  Tryton's own set-up, tear-down and output checker.
"""
import doctest
import functools
import importlib
import os
import pathlib
import unittest

import pytest

ROOT = pathlib.Path(__file__).parent
os.environ.setdefault('DB_CACHE', str(ROOT / 'var' / 'dbcache'))
pathlib.Path(os.environ['DB_CACHE']).mkdir(parents=True, exist_ok=True) \
    if '://' not in os.environ['DB_CACHE'] else None

# One database name per xdist worker so that PostgreSQL runs in parallel
if (worker := os.environ.get('PYTEST_XDIST_WORKER')) \
        and os.environ.get('DB_NAME'):
    os.environ['DB_NAME'] = f"{os.environ['DB_NAME']}_{worker}"

# The modules are the packages trytond.modules.*. pytest's importlib mode
# may import a test's package under its folder's name too (mycar_cabinet),
# whose routes would then be registered a second time, with exceptions of
# another class than the business code raises; whichever comes first
# answers. The real ones come first.
for module in ['mycar_partner', 'mycar_cabinet', 'mycar_billing',
        'mycar_garage', 'mycar_sales', 'mycar_marketplace', 'mycar_loyalty']:
    importlib.import_module(f'trytond.modules.{module}')

# Tryton's module tests ask isregisteredby() of every class of the pool;
# each asks trytond.tools.misc.import_module, which scans every installed
# entry point each time (half a millisecond): with the whole platform
# activated, 6 s of each module test. The answer never changes within a
# process: remember it (test harness only; trytond itself is untouched).
_misc = importlib.import_module('trytond.tools.misc')
_misc.import_module = functools.cache(_misc.import_module)

SCENARIO_FLAGS = (
    doctest.REPORT_ONLY_FIRST_FAILURE | doctest.ELLIPSIS
    | doctest.NORMALIZE_WHITESPACE)


def pytest_collect_file(file_path, parent):
    if file_path.suffix == '.rst' and file_path.name.startswith('scenario'):
        return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    def collect(self):
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioItem(pytest.Item):
    def runtest(self):
        from trytond.tests.test_tryton import (
            doctest_checker,
            doctest_setup,
            doctest_teardown,
        )
        suite = doctest.DocFileSuite(
            str(self.path), module_relative=False,
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8', checker=doctest_checker,
            optionflags=SCENARIO_FLAGS)
        result = unittest.TestResult()
        suite.run(result)
        problems = result.failures + result.errors
        if problems:
            raise ScenarioFailure('\n'.join(text for _, text in problems))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario: {self.name}"


class ScenarioFailure(Exception):
    pass
