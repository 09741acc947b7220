# This file is part of the MyCar partner platform.
"""MyCar's staff correct a buyer's balance with a new entry and its reason
(never by changing an entry): the Adjust wizard on a balance."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
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
        pool = Pool()
        Entry = pool.get('mycar.loyalty.entry')
        Balance = pool.get('mycar.loyalty.balance')
        reason = (self.start.reason or '').strip()
        if not reason:
            raise LoyaltyError(gettext('mycar_loyalty.msg_adjust_empty'))
        # the Partners' feeds first, then the balances as they are now
        claim(list({b.company for b in self.records}))
        current = Balance.current(self.records)
        values = []
        now = calendar.now()
        for balance in self.records:
            points = whole(self.start.points or Decimal(0),
                balance.programme)
            if points != self.start.points or not points:
                raise LoyaltyError(gettext('mycar_loyalty.msg_adjust_step',
                        points=self.start.points,
                        programme=balance.programme.rec_name))
            if (balance.programme.overdraft == 'refuse'
                    and current[balance.id] + points < 0):
                raise LoyaltyError(gettext(
                        'mycar_loyalty.msg_adjust_overdraft',
                        buyer=balance.party.rec_name,
                        balance=current[balance.id]))
            values.append({'programme': balance.programme,
                    'company': balance.company, 'party': balance.party,
                    'kind': 'adjustment', 'points': points,
                    'external_id': f'mycar-{Transaction().user}-'
                    f'{now.isoformat()}', 'occurred': now,
                    'reason': reason})
        Entry.post(values)
        return 'end'
