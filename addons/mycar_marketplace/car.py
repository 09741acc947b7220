# This file is part of the MyCar partner platform.
"""New cars of the dealers' stock, as their DMS sends them (M1, A6
§1.2.1, §3.3.5): kept current by the syncs, withdrawn (never deleted: a
purchase may point at one) when the DMS no longer has them."""
import datetime as dt
import hashlib
import json
from decimal import Decimal, InvalidOperation

from sql.operators import Equal
from trytond.i18n import gettext
from trytond.model import Exclude, Index, ModelSQL, ModelView, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import kz

AVAILABILITY = [
    ('in_stock', "In stock"),
    ('in_transit', "In transit"),
    ('reserved', "Reserved"),
    ]
# the DMS's fields kept as they come
TEXTS = ['make', 'model', 'generation', 'trim', 'body', 'transmission',
    'drive', 'colour_exterior', 'colour_interior', 'city']
REQUIRED = ['stock_number', 'make', 'model', 'price', 'city']
MAX_PRICE = Decimal(10) ** 14  # the price column's 16 digits, 2 decimals


class RowInvalid(ValueError):
    "Why a DMS row cannot be listed, as the user reads it"


class Car(ModelSQL, ModelView):
    "New car of a dealer's stock"
    __name__ = 'mycar.marketplace.car'
    __string__ = "New Car"
    _rec_name = 'stock_number'

    company = fields.Many2One('company.company', "Dealer", required=True,
        readonly=True)
    stock_number = fields.Char("Stock Number", required=True, readonly=True)
    vin = fields.Char("VIN", size=17, readonly=True)
    eta = fields.Date("Expected Arrival", readonly=True,
        help="When a car in transit, without a VIN yet, is expected.")
    make = fields.Char("Make", required=True, readonly=True)
    model = fields.Char("Model", required=True, readonly=True)
    generation = fields.Char("Generation", readonly=True)
    trim = fields.Char("Trim", readonly=True)
    body = fields.Char("Body", readonly=True)
    engine = fields.Char("Engine", readonly=True)
    transmission = fields.Char("Transmission", readonly=True)
    drive = fields.Char("Drive", readonly=True)
    colour_exterior = fields.Char("Colour", readonly=True)
    colour_interior = fields.Char("Interior", readonly=True)
    options = fields.Text("Options", readonly=True)
    year = fields.Integer("Year", readonly=True)
    price = fields.Numeric("Price (KZT, VAT included)", digits=(16, 2),
        required=True, readonly=True)
    availability = fields.Selection(AVAILABILITY, "Availability",
        required=True, readonly=True)
    city = fields.Char("City", required=True, readonly=True)
    photos = fields.Text("Photos", readonly=True, help="One address a line.")
    dms_updated = fields.DateTime("Changed in the DMS", readonly=True)
    confirmed_date = fields.DateTime("Confirmed by the DMS", required=True,
        readonly=True,
        help="The last sync that found the car as it is: the listing says "
        "how long ago.")
    dms_hash = fields.Char("DMS Row Hash", readonly=True)
    withdrawn_date = fields.DateTime("Withdrawn", readonly=True,
        states={'invisible': ~Eval('withdrawn_date')},
        help="The DMS no longer has the car: it is not listed.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('stock_number_unique',
                Exclude(t, (t.company, Equal), (t.stock_number, Equal)),
                'mycar_marketplace.msg_car_stock_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.stock_number, Index.Equality())),
                Index(t, (t.make, Index.Equality()),
                    (t.model, Index.Equality()), (t.price, Index.Range()),
                    where=t.withdrawn_date == None),  # noqa: E711
                Index(t, (t.city, Index.Equality()),
                    where=t.withdrawn_date == None),  # noqa: E711
                Index(t, (t.price, Index.Range()),
                    where=t.withdrawn_date == None),  # noqa: E711
                })
        cls._order = [('make', 'ASC'), ('model', 'ASC'), ('price', 'ASC'),
            ('id', 'ASC')]

    def get_rec_name(self, name):
        return ' '.join(filter(None, [self.make, self.model, self.trim,
                    self.vin or self.stock_number]))

    @classmethod
    def of_dealers(cls, companies):
        "{(company, stock number): (id, hash, withdrawn)} of the dealers"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.company, table.stock_number,
                table.id, table.dms_hash, table.withdrawn_date,
                where=table.company.in_([c.id for c in companies])))
        return {(c, s): (i, h, w) for c, s, i, h, w in cursor}


def car_values(row):
    """The values of a car from a DMS row (a dict), with the hash of what
    it says; RowInvalid naming what is wrong"""
    if not isinstance(row, dict):
        raise RowInvalid(gettext('mycar_marketplace.msg_row_not_object'))
    missing = [n for n in REQUIRED if row.get(n) in (None, '')]
    if missing:
        raise RowInvalid(gettext('mycar_marketplace.msg_row_missing',
                fields=', '.join(missing)))
    values = {n: str(row[n])[:200] if row.get(n) is not None else None
        for n in TEXTS}
    values.update(stock_number=str(row['stock_number'])[:64],
        price=price_of(row['price']), year=year_of(row.get('year')),
        availability=row['availability'] if isinstance(
            row.get('availability'), str)
        and row['availability'] in dict(AVAILABILITY) else 'in_stock',
        options='\n'.join(map(str, row.get('options') or []))[:4000],
        photos='\n'.join(map(str, row.get('photos') or []))[:4000],
        engine=engine_of(row.get('engine')),
        dms_updated=moment_of(row.get('updated_at')))
    values.update(identity_of(row))
    values['dms_hash'] = hashlib.sha1(json.dumps(row, sort_keys=True,
            default=str).encode()).hexdigest()
    return values


def price_of(value):
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError):
        price = None
    if price is None or not price.is_finite():
        raise RowInvalid(gettext('mycar_marketplace.msg_row_price',
                price=value))
    if price <= 0:
        raise RowInvalid(gettext('mycar_marketplace.msg_row_price_negative',
                price=value))
    if price >= MAX_PRICE:
        raise RowInvalid(gettext('mycar_marketplace.msg_row_price',
                price=value))
    return price.quantize(Decimal('0.01'))


def identity_of(row):
    "The VIN, or in transit without one: when it arrives"
    vin = kz.normal_vin(row.get('vin') or '')
    if vin:
        problem = kz.vin_problem(vin)
        if problem:
            raise RowInvalid(gettext(
                    f'mycar_marketplace.msg_row_vin_{problem[0]}',
                    vin=vin, detail=problem[1]))
        return {'vin': vin, 'eta': None}
    eta = None
    try:
        eta = dt.date.fromisoformat(str(row.get('eta') or ''))
    except ValueError:
        pass
    if not (row.get('in_transit') and eta):
        raise RowInvalid(gettext('mycar_marketplace.msg_row_no_vin'))
    return {'vin': None, 'eta': eta}


def year_of(value):
    "The model year, when it is one"
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def engine_of(engine):
    "2.5 l petrol, 181 hp: as the listing shows it"
    if isinstance(engine, dict):
        return ', '.join(str(engine[k]) for k in ['volume', 'fuel',
                'power_hp'] if engine.get(k) not in (None, ''))[:200]
    return str(engine)[:200] if engine else None


def moment_of(value):
    "A naive UTC datetime from an ISO text, None when it is not one"
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    if moment.tzinfo:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)
