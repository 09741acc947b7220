# This file is part of the MyCar partner platform.
"""Clients' consents, per Partner and purpose (X1, A3 §2.8-2.9, §6.3)."""

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
)

from .exceptions import ConsentError

PURPOSES = [
    ('personal_data', "Processing of personal data"),
    ('service', "Service messages"),
    ('marketing', "Marketing messages"),
    ]


class Consent(HidesForbiddenButtons, ModelSQL, ModelView):
    "Consent of a client to a Partner"
    __name__ = 'mycar.client.consent'
    __string__ = "Client Consent"

    party = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        domain=[('client_code', '!=', None)])
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    purpose = fields.Selection(PURPOSES, "Purpose", required=True,
        readonly=True)
    purpose_string = purpose.translated('purpose')
    source = fields.Selection([
            ('intake', "At intake by the Partner's employee"),
            ('cabinet', "In the client's cabinet"),
            ('paper', "On paper"),
            ('api', "From the Partner's software"),
            ], "Source", required=True, readonly=True)
    given_date = fields.DateTime("Given", required=True, readonly=True)
    withdrawn_date = fields.DateTime("Withdrawn", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.company, Index.Equality()), (t.purpose, Index.Equality()),
                (t.party, Index.Equality()),
                where=t.withdrawn_date == None))  # noqa: E711
        cls._order = [('given_date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'withdraw': {
                    'invisible': Bool(Eval('withdrawn_date')),
                    'depends': ['withdrawn_date'],
                    },
                })

    @classmethod
    def give(cls, company, parties, purpose, source):
        """Record the parties' consent, unless it is already live (two
        gives at once may make two: a withdrawal withdraws them all)"""
        live = cls.consenting(company, parties, purpose)
        now = calendar.now()
        consents = [cls(party=p, company=company, purpose=purpose,
                source=source, given_date=now)
            for p in parties if p not in live]
        cls.save(consents)
        return consents

    @classmethod
    @ModelView.button
    def withdraw(cls, consents):
        cls.write(consents, {'withdrawn_date': calendar.now()})

    @classmethod
    def consenting(cls, company, parties, purpose):
        "The parties with a live consent to the Partner for the purpose"
        return {c.party for c in cls.search([
                    ('company', '=', company.id),
                    ('party', 'in', [p.id for p in parties]),
                    ('purpose', '=', purpose),
                    ('withdrawn_date', '=', None),
                    ])}

    @classmethod
    def of_client(cls, party):
        """The client's consents to every Partner, the latest of each
        purpose (the ones before it are history)"""
        latest = {}
        for consent in cls.search([('party', '=', party.id)]):
            key = consent.company, consent.purpose
            if key not in latest or (latest[key].withdrawn_date
                    and not consent.withdrawn_date):
                latest[key] = consent  # the live one, else the newest
        return list(latest.values())

    @classmethod
    def live_of_client(cls, party, consent_id):
        "The client's live consent of id consent_id"
        consents = cls.search([
                ('id', '=', int(consent_id)), ('party', '=', party.id),
                ('withdrawn_date', '=', None),
                ], limit=1)
        if not consents:
            raise ConsentError(gettext('mycar_cabinet.msg_consent_unknown'))
        return consents[0]

    @classmethod
    def withdraw_by_client(cls, party, consent_id):
        """The client withdraws a live consent of theirs from the cabinet:
        every live one of that Partner and purpose"""
        consent = cls.live_of_client(party, consent_id)
        cls.withdraw(cls.search([
                    ('party', '=', party.id),
                    ('company', '=', consent.company.id),
                    ('purpose', '=', consent.purpose),
                    ('withdrawn_date', '=', None),
                    ]))

    @classmethod
    def give_again_by_client(cls, party, consent_id):
        """The client gives again, in the cabinet, a consent they withdrew:
        a new consent, the withdrawn one kept as history (nothing when it
        is live again already)"""
        withdrawn = cls.search([
                ('id', '=', int(consent_id)), ('party', '=', party.id),
                ('withdrawn_date', '!=', None),
                ], limit=1)
        if not withdrawn:
            raise ConsentError(
                gettext('mycar_cabinet.msg_consent_not_withdrawn'))
        consent, = withdrawn
        if not Pool().get('mycar.client.link').search([
                    ('party', '=', party.id),
                    ('company', '=', consent.company.id),
                    ], limit=1):
            # no longer the Partner's client: nothing to consent to
            raise ConsentError(
                gettext('mycar_cabinet.msg_consent_not_withdrawn'))
        return cls.give(consent.company, [party], consent.purpose, 'cabinet')
