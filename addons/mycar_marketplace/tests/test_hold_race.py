# This file is part of the MyCar partner platform.
"""Two buyers buy the same car at the same moment, each in a transaction
of their own, on PostgreSQL: the database keeps one hold a car, so
exactly one wins; the other is told the car is held, and nothing of
their purchase is saved (no sale, no hold, no text, no link to the
dealer)."""
import threading

import pytest
from trytond.modules.company.tests import create_company
from trytond.modules.mycar_marketplace.tests.tools import sell_online
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.tests.activation import activate
from trytond.modules.mycar_partner.tests.tools import run

# the buyers' transactions run in threads: an in-memory SQLite database is
# not visible there, and SQLite writes one transaction at a time anyway
# (bin/test runs PostgreSQL)
pytestmark = pytest.mark.skipif(DB_NAME == ':memory:',
    reason="needs concurrent transactions on one database")

HELD = ("This car is already held for another buyer's purchase. Choose "
    "another car, or come back later: a hold that lapses releases the car.")


@pytest.fixture(scope='module')
def market():
    "A dealer selling online with one car, two buyers of another Partner"
    activate(['mycar_marketplace'])

    def prepare(pool):
        dealer = create_company("ТОО «Astana Motors»")
        other = create_company("ТОО «Garage Service»")
        sell_online(pool, dealer.id)
        car, = pool.get('mycar.marketplace.car').create([{
                    'company': dealer.id, 'stock_number': 'A-1',
                    'make': "Toyota", 'model': "Camry", 'price': 18500000,
                    'vin': 'JTNB11HK003012345', 'city': "Астана",
                    'availability': 'in_stock',
                    'confirmed_date': calendar.now()}])
        buyers = pool.get('party.party').register_clients(other, [
                ("Иван Петров", '+77011234567'),
                ("Айгерим Нурланова", '+77019876543')])
        return {'car': car.id, 'dealer': dealer.id,
            'buyers': [b.id for b in buyers]}
    yield run(DB_NAME, prepare)
    drop_db()


def test_two_buyers_one_car(market):
    barrier = threading.Barrier(2)
    answers = {}

    def buy(buyer):
        tries = []

        def call(pool):
            if not tries:  # both start together; a retry goes on alone
                barrier.wait(timeout=30)
            tries.append(buyer)
            return pool.get('mycar.sales.deal').buy(
                pool.get('party.party')(buyer), market['car']).id
        try:
            answers[buyer] = run(DB_NAME, call)
        except Exception as error:  # reported below, never lost
            answers[buyer] = error

    threads = [threading.Thread(target=buy, args=(b,))
        for b in market['buyers']]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    won = [b for b, a in answers.items() if isinstance(a, int)]
    lost = [b for b, a in answers.items() if not isinstance(a, int)]
    assert len(won) == 1 and len(lost) == 1, answers
    assert answers[lost[0]] == HELD

    with Transaction().start(DB_NAME, 0, readonly=True):
        pool = Pool()
        Deal = pool.get('mycar.sales.deal')
        Hold = pool.get('mycar.marketplace.hold')
        holds = Hold.search([('car', '=', market['car'])])
        assert [(h.party.id, h.state) for h in holds] == [(won[0], 'held')]
        assert [d.party.id for d in Deal.search([])] == won
        assert not pool.get('mycar.sales.questionnaire').search(
            [('party', '=', lost[0])])
        assert not pool.get('mycar.client.link').search(
            [('party', '=', lost[0]), ('company', '=', market['dealer'])])
        loser = pool.get('party.party')(lost[0])
        assert not pool.get('mycar.outbox.message').search(
            [('recipient', '=', loser.client_mobile)])
