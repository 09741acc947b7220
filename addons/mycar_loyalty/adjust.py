# This file is part of the MyCar partner platform.
"""MyCar's staff correct a buyer's balance with a new entry and its reason
(never by changing an entry): the Adjust wizard on a balance."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.mycar_partner import calendar

from .exceptions import LoyaltyError


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
        Entry = Pool().get('mycar.loyalty.entry')
        if not self.start.points or not (self.start.reason or '').strip():
            raise LoyaltyError(gettext('mycar_loyalty.msg_adjust_empty'))
        now = calendar.now()
        Entry.post([{'programme': b.programme, 'company': b.company,
                    'party': b.party, 'kind': 'adjustment',
                    'points': self.start.points,
                    'external_id': f'mycar-{Transaction().user}-'
                    f'{now.isoformat()}', 'occurred': now,
                    'reason': self.start.reason.strip()}
                for b in self.records])
        return 'end'
