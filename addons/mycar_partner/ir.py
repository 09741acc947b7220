# This file is part of the MyCar partner platform.
import logging
import os

import polib
from trytond import backend
from trytond.backend import MAX_QUERY_PARAMS
from trytond.model import dualmethod, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, TransactionError

from . import calendar

logger = logging.getLogger(__name__)


class Date(metaclass=PoolMeta):
    __name__ = 'ir.date'

    @classmethod
    def today(cls, timezone=None):
        "Tryton's own today is Almaty's too, unless asked for another zone"
        if timezone is None:
            return calendar.today()
        return super().today(timezone=timezone)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('mycar.deadline|mark_late', "Mark Late Deadline Clocks"),
                ('mycar.partner.agreement|end_due',
                    "End Terminated Agreements"),
                ('mycar.outbox.message|send_due',
                    "Send Outgoing Messages Due Again"),
                ])

    @dualmethod
    def run_once(cls, crons):
        "Run each job; a job that fails leaves a log line and a failed log"
        for cron in crons:
            started = calendar.now()
            try:
                super().run_once([cron])
            except (TransactionError, backend.DatabaseOperationalError):
                raise  # trytond starts the job again
            except Exception as error:
                cron.record_failure(started, error)
                raise

    def record_failure(self, started, error):
        """Undo the job's work and keep its failure: Tryton rolls the job
        back and logs a refused job only at the info level"""
        message = getattr(error, 'message', None) or repr(error)
        logger.error("cron job %s (%s) failed: %s",
            self.id, self.method, message)
        transaction = Transaction()
        transaction.rollback()
        Pool().get('ir.cron.log').create([{
                    'cron': self.id, 'started': started,
                    'ended': calendar.now(), 'error': message,
                    }])
        transaction.commit()


class CronLog(metaclass=PoolMeta):
    __name__ = 'ir.cron.log'

    error = fields.Text("Error", readonly=True,
        help="Why the job failed; empty when it ran through.")


class Translation(metaclass=PoolMeta):
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        """Tryton's locale/override/<lang>.po, which only changes rows that
        exist, also makes the rows it overrides when the other module has
        none in lang: no module of Tryton's has a Kazakh file, and their
        Russian ones lack strings or have them fuzzy"""
        paths = [po_path] if isinstance(po_path, str) else list(po_path)
        overrides = [p for p in paths if _is_override(p)]
        own = [p for p in paths if p not in overrides]
        count = super().translation_import(lang, module, own) if own else 0
        return count + cls._import_overrides(lang, module, overrides)

    @classmethod
    def _import_overrides(cls, lang, module, paths):
        entries = cls._override_entries(lang, paths)
        rows = cls._override_rows(lang, entries)
        to_save = []
        for new in entries:
            # a view's strings have rows only once "Set Translations" ran
            row = rows.get(_override_key(new)) or cls(name=new.name,
                res_id=new.res_id, type=new.type, src=new.src,
                src_plural=new.src_plural, module=new.module, lang=lang)
            values = {'value': new.value, 'value_1': new.value_1,
                'value_2': new.value_2, 'value_3': new.value_3,
                'fuzzy': new.fuzzy, 'overriding_module': module}
            if row.id is None or any(getattr(row, k) != v
                    for k, v in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                to_save.append(row)
        cls.save(to_save)
        return len(entries)

    @classmethod
    def _override_entries(cls, lang, paths):
        """The unsaved translations of the override files, each of the
        module and record it overrides; an entry whose record is no more
        (renamed in a later Tryton) is left out, not fatal to the load"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        entries = []
        for path in paths:
            for entry in polib.pofile(path):
                if entry.obsolete:
                    continue
                new, res_id = cls.from_poentry(entry)
                owner, _, fs_id = res_id.partition('.')
                try:
                    new.res_id = (ModelData.get_id(owner, fs_id)
                        if fs_id else -1)
                except KeyError:
                    logger.warning("%s overrides %s, which is no more",
                        path, res_id)
                    continue
                new.module, new.lang = owner, lang
                entries.append(new)
        return entries

    @classmethod
    def _override_rows(cls, lang, entries):
        "{key: row} of the rows in lang the entries override"
        rows = {}
        names = sorted({e.name for e in entries})
        for sub_names in grouped_slice(names, MAX_QUERY_PARAMS):
            for row in cls.search([
                        ('name', 'in', list(sub_names)),
                        ('lang', '=', lang),
                        ], order=[('id', 'ASC')]):
                rows.setdefault(_override_key(row), row)
        return rows


def _is_override(path):
    return os.path.basename(os.path.dirname(path)) == 'override'


def _override_key(translation):
    "What tells the row an override entry changes, but its language"
    key = (translation.type, translation.name, translation.res_id,
        translation.module)
    if translation.type in {'report', 'view', 'wizard_button', 'selection'}:
        key += (translation.src, translation.src_plural or None)
    return key
