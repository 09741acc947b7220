# This file is part of the MyCar partner platform.
"""Each Partner's Garage at a glance, for MyCar: online requests and late
callbacks (A3 §3.4), work orders open and closed, and what the closed
ones came to."""
from sql import Literal, Null
from sql.aggregate import Count, Max, Sum
from sql.conditionals import Case, Coalesce
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool

from trytond.modules.mycar_partner import clauses
from trytond.modules.mycar_partner.model import counted


class PartnerFigures(ModelSQL, ModelView):
    "Garage figures of a Partner"
    __name__ = 'mycar.garage.figures'
    __string__ = "Garage Figures of a Partner"

    company = fields.Many2One('company.company', "Partner")
    requests = fields.Integer("Online Requests")
    waiting = fields.Integer("Waiting for a Callback")
    late_callbacks = fields.Integer("Late Callbacks",
        help="Callbacks made later than 30 minutes, or not at all.")
    flagged = fields.DateTime("Flagged for Late Callbacks")
    open_orders = fields.Integer("Open Work Orders")
    closed_orders = fields.Integer("Closed Work Orders")
    turnover = fields.Numeric("Closed Orders (KZT)", digits=(16, 2))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('late_callbacks', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        company = pool.get('company.company').__table__()
        request = pool.get('mycar.garage.request').__table__()
        deadline = pool.get('mycar.deadline').__table__()
        order = pool.get('mycar.garage.order').__table__()
        line = pool.get('mycar.garage.order.line').__table__()
        requests = request.select(request.company.as_('company'),
            Count(request.id).as_('requests'),
            counted(request.state == 'new').as_('waiting'),
            group_by=[request.company])
        late = deadline.select(deadline.company.as_('company'),
            Count(deadline.id).as_('late'),
            where=(deadline.clause == clauses.SERVICE_CALLBACK.id)
            & (deadline.state == 'late'),
            group_by=[deadline.company])
        amounts = line.select(line.order.as_('order'),
            Sum(line.quantity * line.unit_price).as_('amount'),
            group_by=[line.order])
        orders = order.join(amounts, 'LEFT',
            condition=amounts.order == order.id).select(
            order.company.as_('company'),
            Count(order.id).as_('orders'),
            counted(order.state == 'closed').as_('closed'),
            Sum(Case((order.state == 'closed',
                        Coalesce(amounts.amount, Literal(0))),
                    else_=Literal(0))).as_('turnover'),
            where=~order.state.in_(['draft', 'cancelled']),
            group_by=[order.company])
        return (company
            .join(requests, 'LEFT', condition=requests.company == company.id)
            .join(late, 'LEFT', condition=late.company == company.id)
            .join(orders, 'LEFT', condition=orders.company == company.id)
            .select(company.id.as_('id'), company.id.as_('company'),
                Max(company.create_uid).as_('create_uid'),
                Max(company.create_date).as_('create_date'),
                Coalesce(Max(requests.requests), Literal(0)).as_('requests'),
                Coalesce(Max(requests.waiting), Literal(0)).as_('waiting'),
                Coalesce(Max(late.late), Literal(0)).as_('late_callbacks'),
                Max(company.callbacks_flagged_date).as_('flagged'),
                (Coalesce(Max(orders.orders), Literal(0))
                    - Coalesce(Max(orders.closed), Literal(0))).as_(
                    'open_orders'),
                Coalesce(Max(orders.closed), Literal(0)).as_('closed_orders'),
                Coalesce(Max(orders.turnover), Literal(0)).as_('turnover'),
                where=(requests.company != Null) | (orders.company != Null),
                group_by=[company.id]))
