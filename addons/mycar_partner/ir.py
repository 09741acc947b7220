# This file is part of the MyCar partner platform.
import logging

from trytond import backend
from trytond.model import dualmethod, fields
from trytond.pool import Pool, PoolMeta
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
