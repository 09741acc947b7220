# This file is part of the MyCar partner platform.
"""The service advisor's wizards: a new work order at intake, and the
code the client tells."""
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import (
    Button,
    StateAction,
    StateTransition,
    StateView,
    Wizard,
)


class OrderIntakeStart(ModelView):
    "New work order"
    __name__ = 'mycar.garage.order.intake.start'
    __string__ = "New Work Order"

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    mobile = fields.Char("Client's Mobile", required=True,
        help="The client's primary identifier: a new number makes a new "
        "client with a cabinet.")
    name = fields.Char("Client's Name", required=True)
    vin = fields.Char("VIN", required=True)
    plate = fields.Char("Plate")
    make = fields.Char("Make", required=True)
    model = fields.Char("Model", required=True)
    year = fields.Integer("Year")
    mileage = fields.Integer("Mileage (km)")
    description = fields.Text("Complaint")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class OrderIntake(Wizard):
    "New work order"
    __name__ = 'mycar.garage.order.intake'
    start = StateView('mycar.garage.order.intake.start',
        'mycar_garage.order_intake_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateAction('mycar_garage.act_order')

    def do_create_(self, action):
        Order = Pool().get('mycar.garage.order')
        form = self.start
        order = Order.intake(form.company, form.name, form.mobile, {
                'vin': form.vin, 'plate': form.plate, 'make': form.make,
                'model': form.model, 'year': form.year,
                'mileage': form.mileage},
            description=form.description, mileage=form.mileage)
        return action, {'res_id': [order.id]}


class OrderCodeStart(ModelView):
    "Code told by the client"
    __name__ = 'mycar.garage.order.code.start'
    __string__ = "Code Told by the Client"

    code = fields.Char("Code", required=True, size=4,
        help="The 4 digits the client received by SMS.")


class OrderCode(Wizard):
    "Code told by the client"
    __name__ = 'mycar.garage.order.code'
    start = StateView('mycar.garage.order.code.start',
        'mycar_garage.order_code_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Accept the Order", 'accept', 'tryton-ok', default=True),
            ])
    accept = StateTransition()

    def transition_accept(self):
        self.model.accept_with_code(self.record, self.start.code)
        return 'end'
