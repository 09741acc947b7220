# This file is part of the MyCar partner platform.
"""What the Partner's 1C sends (L2, L4, A5 §2.1, §3.3.3-§3.3.4): batches of
purchases, returns, accruals and write-offs. Each event is kept once by
its 1C id: the same id with the same body again changes nothing, with
another body it is refused (409) alone, and the rest of the batch still
counts. A return or an accrual that names a purchase not received yet
waits, pending, until the purchase comes (or expires after
[mycar_loyalty] pending_hours). The 10-minute clock runs from the sale's
or return's time in 1C to the event's arrival; late events and each
Partner's last feed are MyCar's to see."""
import datetime as dt
import hashlib
import json
from decimal import Decimal, InvalidOperation

from trytond.backend import MAX_QUERY_PARAMS
from trytond.config import config
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from trytond.modules.mycar_cabinet.phone import normalise
from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import append, claim, update_each

from .ledger import whole

TYPES = ['purchase', 'return', 'accrual', 'write_off']
# the Applier's method of each type
HANDLERS = {'purchase': 'purchase', 'return': 'return_',
    'accrual': 'accrual', 'write_off': 'write_off'}
MAX_EVENTS = 500
DELIVERY = dt.timedelta(minutes=10)  # A5 §3.3.4
MAX_POINTS = Decimal(10) ** 12


def pending_hours():
    "How long an event waits for the purchase it names"
    return config.getint('mycar_loyalty', 'pending_hours', default=72)


class Refused(Exception):
    "An event refused, with its status and translated message"

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class Event(ModelSQL, ModelView):
    "Event from a Partner's 1C"
    __name__ = 'mycar.loyalty.event'
    __string__ = "Bonus Event"
    _rec_name = 'external_id'

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    external_id = fields.Char("1C Id", required=True, readonly=True)
    kind = fields.Selection([(t, t) for t in TYPES], "Type", required=True,
        readonly=True)
    digest = fields.Char("Body SHA-256", required=True, readonly=True)
    body = fields.Text("Body", readonly=True)
    purchase_ref = fields.Char("Purchase's 1C Id", readonly=True)
    occurred = fields.DateTime("In 1C", required=True, readonly=True)
    received = fields.DateTime("Received", required=True, readonly=True)
    late = fields.Boolean("Late", readonly=True,
        help="Reached MyCar more than 10 minutes after the sale or return "
        "(A5 §3.3.4).")
    state = fields.Selection([
            ('applied', "Applied"),
            ('pending', "Waiting for Its Purchase"),
            ('refused', "Refused"),
            ('expired', "Expired"),
            ], "State", required=True, readonly=True)
    message = fields.Text("Message", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('external_unique', Unique(t, t.company, t.external_id),
                'mycar_loyalty.msg_event_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.purchase_ref, Index.Equality()),
                    where=t.state == 'pending'),
                Index(t, (t.received, Index.Range()),
                    where=t.late == True),  # noqa: E712
                })
        cls._order = [('received', 'DESC'), ('id', 'DESC')]

    @classmethod
    def ingest(cls, company, events):
        """The batch of events from company's 1C: [{'id', 'status',
        'message'}] in its order (201 applied, 202 pending, 200 the same
        again, 409 the id with another body, 400 or 422 refused)"""
        pool = Pool()
        Programme = pool.get('mycar.loyalty.programme')
        Company = pool.get('company.company')
        if not isinstance(events, list) or not 0 < len(events) <= MAX_EVENTS:
            raise UserError(gettext('mycar_loyalty.msg_feed_batch',
                    max=MAX_EVENTS))
        programme = Programme.of_companies([company]).get(company)
        if not programme:
            raise UserError(gettext('mycar_loyalty.msg_feed_no_programme',
                    partner=company.rec_name))
        # a Partner's batches one at a time: a concurrent one starts again
        # after this one, seeing the clients and purchases it made
        claim([company])
        now = calendar.now()
        results, parsed = [], []
        for index, raw in enumerate(events):
            try:
                parsed.append((index, parse(raw, programme)))
                results.append(None)
            except Refused as refusal:
                results.append(result(raw, refusal.status, refusal.message))
        known = {e.external_id: e for e in cls.search([
                    ('company', '=', company.id),
                    ('external_id', 'in', [p['id'] for _, p in parsed])])}
        fresh, again, firsts, waiting = [], [], {}, []
        for index, event in parsed:
            if event['id'] in known:
                results[index] = known[event['id']].answer(event)
                if known[event['id']].state == 'pending':
                    waiting.append((index, event))
            elif event['id'] in firsts:
                again.append((index, event))
            else:
                firsts[event['id']] = (index, event)
                fresh.append((index, event))
        applier = Applier(company, programme, now)
        applier.prepare([e for _, e in fresh])
        # in the order they happened in 1C, whatever order they came in
        for index, event in sorted(fresh, key=lambda f: f[1]['occurred']):
            results[index] = applier.apply(event)
        for index, event in again:  # the same id twice in the batch
            first, body = firsts[event['id']]
            results[index] = repeated(event, body, results[first])
        append(cls, [applier.record(e) for e in applier.kept])
        cls.release_pending(applier)
        if waiting:  # sent again with the purchase it waited for
            now_known = {e.external_id: e for e in cls.browse(
                    [known[e['id']].id for _, e in waiting])}
            for index, event in waiting:
                results[index] = now_known[event['id']].answer(event)
        applier.finish()
        Company.write([company], {'loyalty_last_feed': now})
        return results

    def answer(self, event):
        """The answer to event, sent again with the id of this one: what
        this one came to when its body is the same, else a conflict"""
        if self.digest != event['digest']:
            return result(event, 409, gettext(
                    'mycar_loyalty.msg_feed_conflict', id=event['id']))
        if self.state == 'applied':
            return result(event, 200, gettext(
                    'mycar_loyalty.msg_feed_same', id=event['id']))
        if self.state == 'pending':
            return result(event, 202, gettext(
                    'mycar_loyalty.msg_feed_pending',
                    purchase=self.purchase_ref))
        return result(event, 422, self.message)

    @classmethod
    def release_pending(cls, applier):
        "The pending events of the purchases just received, applied"
        if not applier.new_purchases:
            return
        pending = cls.search([('company', '=', applier.company.id),
                ('state', '=', 'pending'),
                ('purchase_ref', 'in', list(applier.new_purchases))],
            order=[('occurred', 'ASC'), ('id', 'ASC')])
        for record in pending:
            event = {**json.loads(record.body), 'id': record.external_id}
            try:  # the programme may have changed since it came
                answer = applier.apply(parse(event, applier.programme),
                    keep=False)
            except Refused as refusal:
                answer = result(event, refusal.status, refusal.message)
            record.state = 'applied' if answer['status'] == 201 \
                else 'refused'
            record.message = answer.get('message')
        cls.save(pending)

    @classmethod
    def expire_pending(cls):
        "Events waiting longer than allowed for their purchase (cron)"
        limit = calendar.now() - dt.timedelta(hours=pending_hours())
        domain = [('state', '=', 'pending'), ('received', '<', limit)]
        # the feeds of their Partners first: a batch may release them now
        claim(list({e.company for e in cls.search(domain)}))
        events = cls.search(domain)
        for event in events:
            with Transaction().set_context(language='en'):
                event.message = gettext('mycar_loyalty.msg_feed_expired',
                    purchase=event.purchase_ref)
            event.state = 'expired'
        cls.save(events)


class Applier:
    "Applies parsed events of one Partner's batch to its ledger"

    def __init__(self, company, programme, now):
        pool = Pool()
        self.company, self.programme, self.now = company, programme, now
        self.Purchase = pool.get('mycar.loyalty.purchase')
        self.Entry = pool.get('mycar.loyalty.entry')
        self.Balance = pool.get('mycar.loyalty.balance')
        self.Party = pool.get('party.party')
        self.kept = []  # (event, state, message)
        self.new_purchases = set()
        self.queued = []  # the entries' values, posted once at the end

    def apply(self, event, keep=True):
        "The result of applying event (kept as an Event record with keep)"
        try:
            state = getattr(self, HANDLERS[event['type']])(event)
            status = 201 if state == 'applied' else 202
            message = None if state == 'applied' else gettext(
                'mycar_loyalty.msg_feed_pending',
                purchase=event['purchase'])
        except Refused as refusal:
            return result(event, refusal.status, refusal.message)
        if keep:
            self.kept.append((event, state, message))
        return result(event, status, message)

    def record(self, kept):
        event, state, message = kept
        return {'company': self.company, 'external_id': event['id'],
            'kind': event['type'], 'digest': event['digest'],
            'body': event['body'], 'purchase_ref': event.get('purchase'),
            'occurred': event['occurred'], 'received': self.now,
            'late': self.now - event['occurred'] > DELIVERY,
            'state': state, 'message': message}

    def prepare(self, events):
        """The batch's buyers registered, its purchases read, and every
        balance it moves locked, in one go and in one order (concurrent
        batches of one buyer wait for each other, never deadlock)"""
        debt = self.programme.overdraft == 'debt'
        # a buyer is registered by an event that cannot be refused now: a
        # write-off refused beyond the balance makes nobody a client
        clients = {e['client']['mobile']: e['client']['name']
            for e in events if e.get('client')
            and (e['type'] != 'write_off' or debt)}
        parties = self.Party.register_clients(self.company,
            list((n, m) for m, n in clients.items()), source='api') \
            if clients else []
        self.parties = {p.client_mobile: p for p in parties}
        spenders = {e['client']['mobile'] for e in events
            if e.get('client')} - set(self.parties)
        if spenders:  # only buyers holding points already may spend them
            for balance in self.Balance.search([
                        ('programme', '=', self.programme.id),
                        ('party.client_mobile', 'in', list(spenders))]):
                self.parties[balance.party.client_mobile] = balance.party
        refs = {e['purchase'] for e in events if e.get('purchase')}
        self.purchases = {p.external_id: p for p in self.Purchase.search([
                    ('company', '=', self.company.id),
                    ('external_id', 'in', list(refs))])} if refs else {}
        # the batch's purchases made at once (their events refuse nothing)
        self.purchases.update({p.external_id: p for p in
                self.Purchase.create([{'programme': self.programme,
                            'company': self.company,
                            'party': self.client(e),
                            'external_id': e['id'], 'amount': e['amount'],
                            'occurred': e['occurred']}
                        for e in events if e['type'] == 'purchase'])})
        self.returned = {}  # {purchase: amount returned in the batch}
        owners = set(self.parties.values()) | {
            p.party for p in self.purchases.values()}
        balances = self.Balance.of([(self.programme, o) for o in owners],
            lock=True) if owners else {}
        points = self.Balance.current(balances.values())
        self.balances = {o: points[b.id] for (_, o), b in balances.items()}
        # {purchase id: [(kind, points)]} of the entries of its purchases
        self.entries_of = {}
        entry = self.Entry.__table__()
        cursor = Transaction().connection.cursor()
        for ids in grouped_slice([p.id for p in self.purchases.values()],
                MAX_QUERY_PARAMS):
            cursor.execute(*entry.select(entry.purchase, entry.kind,
                    entry.points, where=entry.purchase.in_(list(ids))))
            for purchase, kind, points in cursor:
                self.entries_of.setdefault(purchase, []).append(
                    (kind, Decimal(str(points))))

    def finish(self):
        """The batch's entries posted at once, their balances moved, its
        returns added to their purchases"""
        if self.queued:
            self.Entry.post(self.queued)
        if self.returned:
            update_each(self.Purchase, 'returned', {
                    p.id: (p.returned or 0) + amount
                    for p, amount in self.returned.items()})

    def client(self, event):
        """The buyer of the event: the Partner's client of that mobile
        (None for a write-off by a stranger to the programme)"""
        return self.parties.get(event['client']['mobile'])

    def purchase_of(self, event):
        """The purchase the event names, None when not received yet
        (prepare read every one the batch names, and made the batch's)"""
        return self.purchases.get(event.get('purchase'))

    def purchase(self, event):
        "Made by prepare; the events waiting for it are released after"
        self.new_purchases.add(event['id'])
        return 'applied'

    def accrual(self, event):
        purchase = self.purchase_of(event)
        if event.get('purchase') and not purchase:
            return 'pending'
        party = purchase.party if purchase else self.client(event)
        lifetime = self.programme.lifetime_days
        self.post(party, 'accrual', event['points'], event, purchase,
            expires=calendar.to_local(event['occurred']).date()
            + dt.timedelta(days=lifetime)
            if lifetime else None)
        self.returned_part(purchase, -event['points'], event)
        return 'applied'

    def write_off(self, event):
        purchase = self.purchase_of(event)
        if event.get('purchase') and not purchase:
            return 'pending'
        party = purchase.party if purchase else self.client(event)
        balance = self.balances.get(party, Decimal(0))
        if (self.programme.overdraft == 'refuse'
                and balance < event['points']):
            raise Refused(422, gettext('mycar_loyalty.msg_feed_overdraft',
                    id=event['id'], points=event['points'],
                    balance=balance.quantize(Decimal('0.01'))))
        self.post(party, 'write_off', -event['points'], event, purchase)
        self.returned_part(purchase, event['points'], event)
        return 'applied'

    def returned_part(self, purchase, points, event):
        """Points of a purchase already (partly) returned, reversed at once
        in the part returned: an accrual that comes after the return does
        not keep what the return would have taken"""
        if not purchase:
            return
        returned = (purchase.returned or 0) + self.returned.get(purchase, 0)
        if returned:
            part = points if returned >= purchase.amount else whole(
                points * returned / purchase.amount, self.programme)
            if part:
                self.post(purchase.party, 'return', part, event, purchase)

    def return_(self, event):
        """The purchase's earned and spent points reversed in the part of
        its amount returned"""
        purchase = self.purchase_of(event)
        if not purchase:
            return 'pending'
        left = purchase.amount - (purchase.returned or 0) - (
            self.returned.get(purchase, 0))
        if event['amount'] > left:
            raise Refused(422, gettext('mycar_loyalty.msg_feed_return_over',
                    id=event['id'], amount=event['amount'], left=left))
        if event['occurred'] < purchase.occurred:
            raise Refused(422, gettext(
                    'mycar_loyalty.msg_feed_return_early', id=event['id'],
                    purchase=purchase.external_id))
        entries = self.entries_of.get(purchase.id, [])
        # what expired of its points is gone already: not taken twice
        earned = sum((p for k, p in entries if k in {'accrual', 'expiry'}),
            Decimal(0))
        spent = -sum((p for k, p in entries if k == 'write_off'),
            Decimal(0))
        back_earned = -sum((p for k, p in entries
                if k == 'return' and p < 0), Decimal(0))
        back_spent = sum((p for k, p in entries if k == 'return' and p > 0),
            Decimal(0))
        share = event['amount'] / purchase.amount
        final = event['amount'] == left  # the last return takes the rest
        earned_part = max(earned - back_earned if final else min(
                whole(earned * share, self.programme), earned - back_earned),
            0)
        spent_part = spent - back_spent if final else min(
            whole(spent * share, self.programme), spent - back_spent)
        for points in [-earned_part, spent_part]:
            if points:
                self.post(purchase.party, 'return', points, event, purchase)
        self.returned[purchase] = self.returned.get(purchase, 0) + (
            event['amount'])
        return 'applied'

    def post(self, party, kind, points, event, purchase, expires=None):
        "An entry queued for the batch's end, counted in now"
        self.queued.append({'programme': self.programme,
                'company': self.company, 'party': party, 'kind': kind,
                'points': points, 'external_id': event['id'],
                'purchase': purchase, 'occurred': event['occurred'],
                'expires': expires})
        self.balances[party] = self.balances.get(party, Decimal(0)) + points
        if purchase:
            self.entries_of.setdefault(purchase.id, []).append(
                (kind, points))


def repeated(event, first, answer):
    "The answer to event, the same id as first's earlier in its batch"
    if event['digest'] != first['digest']:
        return result(event, 409, gettext(
                'mycar_loyalty.msg_feed_conflict', id=event['id']))
    if answer['status'] == 201:
        return result(event, 200, gettext('mycar_loyalty.msg_feed_same',
                id=event['id']))
    return answer


def result(event, status, message=None):
    event_id = event.get('id') if isinstance(event, dict) else None
    return {'id': event_id if isinstance(event_id, str) else None,
        'status': status, 'message': message}


def parse(raw, programme):
    """The event of a JSON object, checked: its values, its digest and
    body kept; Refused naming what is wrong"""
    if not isinstance(raw, dict):
        raise Refused(400, gettext('mycar_loyalty.msg_feed_not_object'))
    event_id = raw.get('id')
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 64:
        raise Refused(400, gettext('mycar_loyalty.msg_feed_field',
                id=event_id, field='id'))
    kind = raw.get('type')
    if kind not in TYPES:
        raise Refused(400, gettext('mycar_loyalty.msg_feed_field',
                id=event_id, field='type'))
    body = {k: v for k, v in raw.items() if k != 'id'}
    event = {'id': event_id, 'type': kind,
        'body': json.dumps(body, sort_keys=True, ensure_ascii=False),
        'occurred': moment(raw, event_id)}
    if kind in {'purchase', 'accrual', 'write_off'} and not (
            kind != 'purchase' and raw.get('purchase')):
        event['client'] = client(raw, event_id)
    if raw.get('purchase') is not None or kind == 'return':
        if (not isinstance(raw.get('purchase'), str)
                or not 0 < len(raw['purchase']) <= 64):
            raise Refused(400, gettext('mycar_loyalty.msg_feed_field',
                    id=event_id, field='purchase'))
        event['purchase'] = raw['purchase']
    if kind in {'purchase', 'return'}:
        event['amount'] = number(raw, 'amount', event_id, Decimal('0.01'))
    else:
        event['points'] = number(raw, 'points', event_id,
            Decimal('0.01') if programme.fractional else Decimal(1))
    event['digest'] = digest(event)
    return event


def digest(event):
    """The SHA-256 of what the event means, not of how 1C wrote it: 1000
    and "1000", Z and +00:00, a mobile with or without spaces are the
    same event sent again"""
    meaning = {k: v for k, v in event.items()
        if k not in {'id', 'body', 'occurred', 'amount', 'points'}}
    meaning['occurred'] = event['occurred'].isoformat()
    for name in ['amount', 'points']:
        if name in event:
            meaning[name] = str(event[name].quantize(Decimal('0.01')))
    return hashlib.sha256(json.dumps(meaning, sort_keys=True,
            ensure_ascii=False).encode()).hexdigest()


def moment(raw, event_id):
    """The event's time in 1C: ISO 8601 with its offset, as naive UTC,
    from 2000 to a day ahead of now"""
    try:
        value = dt.datetime.fromisoformat(str(raw.get('occurred')))
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None) \
            if value.tzinfo else None
    except (ValueError, OverflowError):
        value = None
    if value is None or not (dt.datetime(2000, 1, 1) <= value
            <= calendar.now() + dt.timedelta(days=1)):
        raise Refused(400, gettext('mycar_loyalty.msg_feed_field',
                id=event_id, field='occurred'))
    return value


def client(raw, event_id):
    value = raw.get('client')
    mobile = value.get('mobile') if isinstance(value, dict) else None
    name = value.get('name') if isinstance(value, dict) else None
    try:
        mobile = normalise(mobile) if isinstance(mobile, str) else None
    except UserError:
        mobile = None
    if not mobile or not isinstance(name, str) or not name.strip():
        raise Refused(400, gettext('mycar_loyalty.msg_feed_field',
                id=event_id, field='client'))
    return {'mobile': mobile, 'name': name.strip()[:200]}


def number(raw, name, event_id, step):
    """A positive amount of step's precision (a fraction where the
    programme takes none is refused, not rounded)"""
    value = raw.get(name)
    try:
        amount = Decimal(str(value)) if isinstance(
            value, (int, str)) or type(value) is float else None
    except InvalidOperation:
        amount = None
    if (amount is None or not amount.is_finite() or amount <= 0
            or amount >= MAX_POINTS or amount != amount.quantize(step)):
        raise Refused(422, gettext('mycar_loyalty.msg_feed_amount',
                id=event_id, field=name, value=value))
    return amount.quantize(step)


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    loyalty_last_feed = fields.DateTime("Last 1C Feed", readonly=True,
        help="When the Partner's 1C last sent bonus events.")


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection += [
            ('mycar.loyalty.event|expire_pending',
                "Expire the Bonus Events Waiting Too Long"),
            ('mycar.loyalty.entry|expire_due', "Expire the Bonus Points Due"),
            ('mycar.loyalty.programme|check_all',
                "Check the Bonus Balances Against Their Ledger"),
            ]
