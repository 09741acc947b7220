# This file is part of the MyCar partner platform.
"""The agreement's clocks, each defined once: the clause that sets it (as
the agreement numbers it; an annex's clause carries the annex), how long
it runs and in which days. Code names these, never the clause's text."""
from typing import NamedTuple


class Clause(NamedTuple):
    id: str
    duration: int
    unit: str  # calendar.UNITS

    def clock(self, company, reference, **values):
        "The values of a clock of this clause for Deadline.start"
        return {'company': company, 'reference': reference,
            'clause': self.id, 'duration': self.duration, 'unit': self.unit,
            **values}


# the accession agreement
APPLICATION_REVIEW = Clause('§2.5', 3, 'working')
LOGO = Clause('§4.2.3', 10, 'working')
PERMITS = Clause('§4.2.20', 3, 'working')
ACT_ISSUE = Clause('§5.5', 5, 'working')
ACT_SIGNING = Clause('§5.6', 10, 'calendar')
RECONCILIATION = Clause('§5.9', 15, 'calendar')
CLAIM_ANSWER = Clause('§8.4', 1, 'calendar')
BREACH_REMEDY = Clause('§9.3.1.2', 10, 'calendar')
TERMINATION_NOTICE = Clause('§9.4', 30, 'calendar')
FORCE_MAJEURE_NOTICE = Clause('§10.3', 2, 'calendar')
# Annex 3, Garage
DOCUMENT_DELIVERY = Clause('A3 §2.5', 5, 'minutes')
SERVICE_CALLBACK = Clause('A3 §3.2.2', 30, 'minutes')
ACCOUNTING_DELIVERY = Clause('A3 §5.3', 10, 'minutes')
# Annex 4, Sales digitisation
SALES_TEMPLATE = Clause('A4 §2.3.1', 5, 'working')
SALES_TEMPLATE_UPDATE = Clause('A4 §2.3.2', 10, 'working')
SALES_DELIVERY = Clause('A4 §1.7', 5, 'minutes')
MARKETPLACE_DELIVERY = Clause('A6 §1.4', 5, 'minutes')
# MyCar's notice to Partners before a change (S7): at least 10 working days
# ahead of a new payment organisation or a material change of the service;
# Annex 3 (Garage) has no such clause, Annex 5 none for the payment
# organisation
SALES_PAYMENT_ORGANISATION_NOTICE = Clause('A4 §2.2.2', 10, 'working')
SALES_CHANGE_NOTICE = Clause('A4 §2.2.4', 10, 'working')
LOYALTY_CHANGE_NOTICE = Clause('A5 §3.2.2', 10, 'working')
MARKETPLACE_PAYMENT_ORGANISATION_NOTICE = Clause('A6 §3.2.2', 10, 'working')
MARKETPLACE_CHANGE_NOTICE = Clause('A6 §3.2.4', 10, 'working')
# Annex 6, New-car marketplace
MARKETPLACE_DEALER = Clause('A6 §3.3.1', 1, 'working')
MARKETPLACE_TEMPLATE = Clause('A6 §3.3.2', 1, 'working')
MARKETPLACE_TEMPLATE_UPDATE = Clause('A6 §3.3.3', 10, 'working')
# Loyalty's set-up (L5): the Partner gives MyCar access to its 1C within 3
# working days of joining, then MyCar sets the service up within 3
LOYALTY_ACCESS = Clause('A5 §2.2.1', 3, 'working')
LOYALTY_SETUP = Clause('A5 §3.1.1', 3, 'working')
