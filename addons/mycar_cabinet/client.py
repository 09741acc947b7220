# This file is part of the MyCar partner platform.
"""Clients: one party per person, whichever Partners serve them (G2, S5)."""
from collections import defaultdict

from sql import Literal, Union
from trytond.config import config
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin,
    Index,
    ModelSQL,
    ModelView,
    Unique,
    fields,
)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.access import partner_user
from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from .consent import PURPOSES
from .phone import normalise


def cabinet_url():
    "The client cabinet's public address ([mycar_cabinet] url)"
    return config.get('mycar_cabinet', 'url', default='').rstrip('/')

class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    client_code = fields.Char(
        "Client ID", readonly=True,
        help="The client's unique identifier at MyCar.")
    client_mobile = fields.Char(
        "Mobile", readonly=True,
        help="The client's mobile number, their login to the cabinet.")
    client_links = fields.One2Many(
        'mycar.client.link', 'party', "Partners", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('client_code_unique', Unique(t, t.client_code),
                'mycar_cabinet.msg_client_code_unique'),
            ('client_mobile_unique', Unique(t, t.client_mobile),
                'mycar_cabinet.msg_client_mobile_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.client_mobile, Index.Equality())))

    @classmethod
    def check_modification(cls, mode, parties, values=None, external=False):
        """A client is the client's own: a Partner's user neither deletes
        one nor changes one another Partner serves too"""
        super().check_modification(
            mode, parties, values=values, external=external)
        if not external or not partner_user():
            return
        if mode == 'delete':
            clients = [p for p in parties if p.client_code]
            if clients:
                raise AccessError(gettext('mycar_cabinet.msg_client_delete',
                        client=clients[0].rec_name))
        elif mode == 'write':
            Link = Pool().get('mycar.client.link')
            companies = defaultdict(set)
            for link in Link.search(
                    [('party', 'in', [p.id for p in parties])]):
                companies[link.party].add(link.company)
            shared = [p for p in parties if len(companies[p]) > 1]
            if shared:
                raise AccessError(gettext(
                        'mycar_cabinet.msg_client_shared_rename',
                        client=shared[0].rec_name))

    @classmethod
    def _partner_parties(cls):
        "A Partner's users reach its clients while they are linked"
        link = Pool().get('mycar.client.link').__table__()
        return Union(super()._partner_parties(),
            link.select(link.party.as_('party'), link.company.as_('company'),
                where=link.active == Literal(True)),
            all_=True)

    @classmethod
    def register_clients(cls, company, clients, source='intake'):
        """The client parties of (name, mobile) entered by a Partner's
        employee (or sent by its software, source 'api'): found by mobile
        or created, and linked to the Partner. Entering a client is
        processing their personal data: the Partner holds their consent
        (X1, A3 §6.3), recorded from source"""
        pool = Pool()
        Link = pool.get('mycar.client.link')
        Consent = pool.get('mycar.client.consent')
        Configuration = pool.get('mycar.partner.configuration')
        WebUser = pool.get('web.user')
        mobiles = [normalise(mobile) for _, mobile in clients]
        # a client is one party for every Partner, found by their mobile
        # whoever's client they are yet (the user's rules would hide
        # another Partner's client, and a second party is refused)
        with without_check_access():
            found = {p.client_mobile: p for p in cls.search([
                        ('client_mobile', 'in', mobiles)])}
        sequence = Configuration(1).client_sequence
        new = []
        for (name, _), mobile in zip(clients, mobiles):
            if mobile not in found:
                found[mobile] = cls(name=name, client_mobile=mobile,
                    client_code=sequence.get())
                new.append(found[mobile])
        cls.save(new)
        WebUser.for_clients(new)
        parties = [found[m] for m in mobiles]
        Link.link(company, parties)
        Consent.give(company, list(set(parties)), 'personal_data', source)
        return parties


class ClientLink(HidesForbiddenButtons, DeactivableMixin, ModelSQL, ModelView):
    "A Partner's client, while it is"
    __name__ = 'mycar.client.link'
    __string__ = "Client Link"

    party = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='CASCADE')
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    linked_date = fields.DateTime("Linked", required=True, readonly=True)
    unlinked_date = fields.DateTime("Unlinked", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('party_company_unique', Unique(t, t.party, t.company),
                'mycar_cabinet.msg_client_link_unique'),
            ]
        cls._sql_indexes.add(Index(t,
                (t.company, Index.Equality()), (t.party, Index.Equality())))
        cls._buttons.update({
                'unlink': {
                    'invisible': ~Eval('active', True),
                    'depends': ['active'],
                    },
                })

    @classmethod
    def link(cls, company, parties):
        "Link the parties to the Partner, again if they were unlinked"
        now = calendar.now()
        with Transaction().set_context(active_test=False):
            links = {k.party: k for k in cls.search([
                        ('company', '=', company.id),
                        ('party', 'in', [p.id for p in parties]),
                        ])}
        to_save = []
        for party in parties:
            link = links.get(party) or cls(
                party=party, company=company, linked_date=now)
            if not getattr(link, 'active', True) or link.id is None:
                link.active, link.unlinked_date = True, None
                link.linked_date = now
                to_save.append(link)
        cls.save(to_save)

    @classmethod
    @ModelView.button
    def unlink(cls, links):
        "The Partner no longer serves the client: it no longer sees them"
        cls.write(links, {
                'active': False, 'unlinked_date': calendar.now()})


class Configuration(metaclass=PoolMeta):
    __name__ = 'mycar.partner.configuration'

    client_sequence = fields.Many2One(
        'ir.sequence', "Client Sequence", required=True)

    @classmethod
    def default_client_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_cabinet', 'sequence_client')


class ClientRegisterStart(ModelView):
    "Enter a client"
    __name__ = 'mycar.client.register.start'
    __string__ = "Enter a Client"

    company = fields.Many2One('company.company', "Partner", required=True,
        domain=[('id', 'in', Eval('context', {}).get('companies', []))])
    name = fields.Char("Name", required=True)
    mobile = fields.Char("Mobile", required=True,
        help="The client's mobile number: their login to the cabinet.")
    purposes = fields.MultiSelection(PURPOSES, "Consents Given",
        help="What the client consented to at intake (A3 §2.8, X1).")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class ClientRegister(Wizard):
    "Enter a client: found by mobile or created, with a cabinet"
    __name__ = 'mycar.client.register'
    start = StateView('mycar.client.register.start',
        'mycar_cabinet.client_register_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Enter", 'register', 'tryton-ok', default=True),
            ])
    register = StateAction('party.act_party_form')

    def do_register(self, action):
        pool = Pool()
        Party = pool.get('party.party')
        Consent = pool.get('mycar.client.consent')
        company = self.start.company
        party, = Party.register_clients(
            company, [(self.start.name, self.start.mobile)])
        for purpose in self.start.purposes or []:
            Consent.give(company, [party], purpose, 'intake')
        return action, {'res_id': [party.id]}


class Identifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    @classmethod
    def check_modification(cls, mode, identifiers, values=None,
            external=False):
        """A client's IIN is whom their signatures must be from: the client
        gives it, no Partner's user sets or changes it"""
        super().check_modification(
            mode, identifiers, values=values, external=external)
        if not external or not partner_user():
            return
        for identifier in identifiers:
            if (identifier.party.client_code
                    and 'kz_iin' in {identifier.type,
                        (values or {}).get('type')}):
                raise AccessError(gettext(
                        'mycar_cabinet.msg_client_iin_locked',
                        client=identifier.party.rec_name))
