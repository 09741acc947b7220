# This file is part of the MyCar partner platform.
"""MyCar's staff correct a buyer's balance with a new entry and its reason
(never by changing an entry): the Adjust wizard on a balance."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import claim

from .exceptions import LoyaltyError
from .ledger import whole


class AdjustStart(ModelView):
    "Adjust a bonus balance"
    __name__ = 'mycar.loyalty.adjust.start'
    __string__ = "Adjust a Bonus Balance"

    points = fields.Numeric("Points", digits=(16, 2), required=True,
        help="Positive: given to the buyer; negative: taken back.")
    reason = fields.Text("Reason", required=True,
        help="Why, as the Partner and the buyer's complaint will read it.")


class Adjust(Wizard):
    "Adjust a bonus balance"
    __name__ = 'mycar.loyalty.adjust'
    start = StateView('mycar.loyalty.adjust.start',
        'mycar_loyalty.adjust_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Adjust", 'adjust', 'tryton-ok', default=True),
            ])
    adjust = StateTransition()

    def transition_adjust(self):
        self.model.adjust(self.records, self.start.points, self.start.reason)
        return 'end'


class Balance(metaclass=PoolMeta):
    __name__ = 'mycar.loyalty.balance'

    @classmethod
    def adjust(cls, balances, points, reason):
        """MyCar's correction of the balances by points, as a new entry
        with its reason: in the programme's step, within its overdraft
        policy; the entries"""
        Entry = Pool().get('mycar.loyalty.entry')
        reason = (reason or '').strip()
        if not reason:
            raise LoyaltyError(gettext('mycar_loyalty.msg_adjust_empty'))
        # the Partners' feeds first, then the balances as they are now
        claim(list({b.company for b in balances}))
        current = cls.current(balances)
        now = calendar.now()
        values = []
        for balance in balances:
            step = whole(points or Decimal(0), balance.programme)
            if step != points or not step:
                raise LoyaltyError(gettext('mycar_loyalty.msg_adjust_step',
                        points=points, programme=balance.programme.rec_name))
            if (balance.programme.overdraft == 'refuse'
                    and current[balance.id] + step < 0):
                raise LoyaltyError(gettext(
                        'mycar_loyalty.msg_adjust_overdraft',
                        buyer=balance.party.rec_name,
                        balance=current[balance.id]))
            values.append({'programme': balance.programme,
                    'company': balance.company, 'party': balance.party,
                    'kind': 'adjustment', 'points': step,
                    'external_id': f'mycar-{Transaction().user}-'
                    f'{now.isoformat()}', 'occurred': now,
                    'reason': reason})
        return Entry.post(values)
