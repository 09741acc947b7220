# This file is part of the MyCar partner platform.
"""Clients' vehicles as each Partner knows them (G3): a Partner's
vehicle is unique by VIN; the client's cabinet gathers them by VIN."""
import re

from sql.operators import Equal
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin,
    Exclude,
    Index,
    ModelSQL,
    ModelView,
    fields,
)
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar

from .exceptions import VehicleError

VIN_CHARACTERS = set('0123456789ABCDEFGHJKLMNPRSTUVWXYZ')  # no I, O, Q
FIRST_YEAR = 1886


class Vehicle(DeactivableMixin, ModelSQL, ModelView):
    "Vehicle"
    __name__ = 'mycar.vehicle'
    __string__ = "Vehicle"
    _rec_name = 'vin'

    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    owner = fields.Many2One(
        'party.party', "Owner", required=True, ondelete='RESTRICT',
        domain=[('client_code', '!=', None)],
        help="The client who owns the vehicle.")
    vin = fields.Char("VIN", required=True,
        help="17 characters: digits and Latin letters except I, O and Q.")
    plate = fields.Char("Plate")
    make = fields.Char("Make", required=True)
    model = fields.Char("Model", required=True)
    year = fields.Integer("Year")
    mileage = fields.Integer("Mileage (km)",
        domain=['OR', ('mileage', '=', None), ('mileage', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_vin_unique',
                Exclude(t, (t.company, Equal), (t.vin, Equal),
                    where=t.active == True),  # noqa: E712
                'mycar_garage.msg_vehicle_vin_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.owner, Index.Equality())),
                Index(t, (t.vin, Index.Equality())),
                })
        cls._order = [('vin', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        for name in ['vin', 'plate']:
            if values.get(name):
                values[name] = normal(values[name])
        return values

    @classmethod
    def validate_fields(cls, vehicles, field_names):
        super().validate_fields(vehicles, field_names)
        if field_names is None or 'vin' in field_names:
            cls.check_vin(vehicles)
        if field_names is None or 'year' in field_names:
            cls.check_year(vehicles)

    @classmethod
    def check_vin(cls, vehicles):
        for vehicle in vehicles:
            if len(vehicle.vin) != 17:
                raise VehicleError(gettext(
                        'mycar_garage.msg_vehicle_vin_length',
                        vin=vehicle.vin, length=len(vehicle.vin)))
            wrong = set(vehicle.vin) - VIN_CHARACTERS
            if wrong:
                raise VehicleError(gettext(
                        'mycar_garage.msg_vehicle_vin_characters',
                        vin=vehicle.vin, characters=', '.join(sorted(wrong))))

    @classmethod
    def check_year(cls, vehicles):
        latest = calendar.today().year + 1
        for vehicle in vehicles:
            if vehicle.year is not None and not (
                    FIRST_YEAR <= vehicle.year <= latest):
                raise VehicleError(gettext(
                        'mycar_garage.msg_vehicle_year',
                        vehicle=vehicle.vin, year=vehicle.year,
                        latest=latest))

    @classmethod
    def of_client(cls, party, vehicle_id):
        "The client's vehicle, as any Partner knows it, else refused"
        vehicles = cls.search([
                ('id', '=', int(vehicle_id or -1)), ('owner', '=', party.id),
                ], limit=1)
        if not vehicles:
            raise VehicleError(gettext('mycar_garage.msg_vehicle_unknown'))
        return vehicles[0]

    @classmethod
    def at_partner(cls, company, vehicles):
        """The Partner's own records of the vehicles, by VIN: found, or
        copied from another Partner's"""
        known = {v.vin: v for v in cls.search([
                    ('company', '=', company.id),
                    ('vin', 'in', [v.vin for v in vehicles]),
                    ])}
        new = [v for v in vehicles if v.vin not in known]
        if new:
            known.update({v.vin: v for v in cls.copy(
                        new, default={'company': company.id})})
        return [known[v.vin] for v in vehicles]

    @classmethod
    def register(cls, company, owner, values):
        """The Partner's vehicle of the VIN in values, made or brought up
        to date (owner, plate, mileage)"""
        vin = normal(values.get('vin'))
        found = cls.search([
                ('company', '=', company.id), ('vin', '=', vin)], limit=1)
        if found:
            vehicle, = found
            for name in ['plate', 'mileage', 'year']:
                if values.get(name):
                    setattr(vehicle, name, values[name])
            vehicle.owner = owner
        else:
            vehicle = cls(company=company, owner=owner, **values)
        vehicle.save()
        return vehicle

    @classmethod
    def of_owner(cls, party):
        "The client's vehicles, one per VIN, the most recently updated"
        vehicles = {}
        for vehicle in cls.search([('owner', '=', party.id)],
                order=[('write_date', 'ASC NULLS FIRST'),
                    ('create_date', 'ASC'), ('id', 'ASC')]):
            vehicles[vehicle.vin] = vehicle
        return sorted(vehicles.values(), key=lambda v: v.rec_name)

    def get_rec_name(self, name):
        return ' '.join(filter(None,
                [self.make, self.model, self.plate or self.vin]))

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op, ('vin', operator, value),
            ('plate', operator, value), ('make', operator, value),
            ('model', operator, value)]



def normal(value):
    "A VIN or plate as stored: upper case, no spaces"
    return re.sub(r'\s+', '', value or '').upper()
