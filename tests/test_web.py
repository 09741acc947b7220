# This file is part of the MyCar partner platform.
"""The back office's web root: sao's own texts in Russian and Kazakh, under
every name a browser asks for, and sao's hooks for our script and styles
(X2)."""
import importlib.util
import json
import pathlib
import re

import polib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    'build_web', ROOT / 'scripts' / 'build_web.py')
build_web = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_web)

POT = build_web.SAO / 'locale' / 'messages.pot'
PLACEHOLDER = re.compile(r'%\d+%?|%[sd]|%\([a-z_]+\)s|\{\w*\}')


@pytest.fixture(scope='module')
def web(tmp_path_factory):
    return build_web.build(tmp_path_factory.mktemp('web') / 'root')


@pytest.mark.parametrize('name', ['ru', 'ru_RU', 'kk', 'kk_KZ'])
def test_every_text_of_sao_is_translated(web, name):
    data = json.loads((web / 'locale' / f'{name}.json').read_text())
    lacking, broken = [], []
    for entry in polib.pofile(str(POT)):
        translation = data.get(entry.msgid)
        if not translation or not all(translation[1:]):
            lacking.append(entry.msgid)
            continue
        for text in translation[1:]:
            if (sorted(PLACEHOLDER.findall(text))
                    != sorted(PLACEHOLDER.findall(entry.msgid))):
                broken.append((entry.msgid, text))
    assert not lacking, f'{name}: untranslated: {lacking}'
    assert not broken, f'{name}: placeholders changed: {broken}'
    assert data['']['plural-forms'].startswith('nplurals=')


def test_a_kazakh_translation_is_kazakh(web):
    data = json.loads((web / 'locale' / 'kk.json').read_text())
    assert data['Search'][1] == 'Іздеу'
    assert json.loads(
        (web / 'locale' / 'ru.json').read_text())['Search'][1] == 'Поиск'


def test_sao_finds_its_files_and_our_hooks(web):
    for name in ['index.html', 'dist/tryton-sao.js', 'custom.js',
            'custom.css', 'locale/en.json',
            'node_modules/jquery/dist/jquery.js']:
        assert (web / name).is_file(), name
    assert 'MyCar' in (web / 'custom.js').read_text()


def test_the_demo_and_the_tests_serve_it():
    for conf in ['demo.conf', 'postgresql.conf']:
        assert 'root = var/web' in (ROOT / 'conf' / conf).read_text()
