# This file is part of the MyCar partner platform.
"""A car dealer's DMS stand-in (new-car stock, issue 16): a real HTTP
server on loopback with a few thousand deterministic cars per dealer,
which moves each dealer's stock on one version at a time.

    GET  /<dealer>/stock?cars=N&page=P&size=S
        -> {"dealer", "version", "cars": [...], "page", "pages", "total"}:
        the stock now, in stock number order; N cars at version 0 (2000
        when not given), pages of S cars (1000 when not given, at most
        5000), P from 1 (past the last page: no cars)
    GET  /<dealer>/changes?since=V&cars=N
        -> {"version", "changes": [...]}: each car changed, added or
        removed after version V, as it is now; a removed one as
        {"stock_number", "removed": true}; V ahead of the stock -> 409
    POST /<dealer>/advance?cars=N  {"changes": K}
        -> {"version"}: the stock moves on one version by K changes
        (a new price, a new availability, a car arriving, a car sold)

A dealer's N is fixed by its first request (2000 when it gives none); a
later request with another N -> 409; bad parameters -> 400. Car i of a
dealer at version 0 depends on the dealer and i only, a version's changes
on the dealer, the version and the stock before it: two servers answer
alike. The stock lives in memory. A dealer named "broken" has three bad
rows at version 0: no price (null), a negative price, a malformed VIN."""
import collections
import functools
import json
import random
import re
import threading
import urllib.parse
from datetime import datetime, timedelta, timezone

from .server import Handler as BaseHandler
from .server import ThreadedServer

CARS, MOST_CARS = 2000, 100_000
SIZE, LARGEST_SIZE = 1000, 5000
MOST_CHANGES = 10_000
CACHED_PAGES = 16
BROKEN = 'broken'
BAD_ROWS = {
    0: {'price': None},
    1: {'price': '-1250000'},
    # 17 characters, but O, I and Q are never in a VIN
    2: {'vin': 'XTA21OI0Q12345678', 'in_transit': False, 'eta': None,
        'availability': 'in_stock'},
    }
LOWEST, HIGHEST = 9_000_000, 60_000_000
# Almaty and Astana: UTC+5 since March 2024
EPOCH = datetime(2025, 6, 2, 9, 0, tzinfo=timezone(timedelta(hours=5)))

Model = collections.namedtuple('Model',
    'weight make model generation body prices trims engines')
# engines, the cheapest first: fuel, litres, hp, transmission, drives
CATALOGUE = [
    Model(8, 'Toyota', 'Camry', 'XV70', 'sedan', (17.0, 26.0),
        ['Standard', 'Classic', 'Comfort', 'Prestige', 'Luxe'],
        [('petrol', 2.0, 150, 'CVT', 'FWD'),
            ('petrol', 2.5, 181, 'AT8', 'FWD'),
            ('petrol', 3.5, 249, 'AT8', 'FWD')]),
    Model(4, 'Toyota', 'Corolla', 'E210', 'sedan', (11.5, 14.5),
        ['Classic', 'Comfort', 'Prestige'],
        [('petrol', 1.6, 122, 'MT6', 'FWD'),
            ('petrol', 1.6, 122, 'CVT', 'FWD')]),
    Model(6, 'Toyota', 'RAV4', 'XA50', 'crossover', (17.5, 25.5),
        ['Standard', 'Comfort', 'Prestige', 'Style', 'Adventure'],
        [('petrol', 2.0, 149, 'CVT', 'FWD/AWD'),
            ('petrol', 2.5, 199, 'AT8', 'AWD'),
            ('hybrid', 2.5, 222, 'e-CVT', 'AWD')]),
    Model(4, 'Toyota', 'Land Cruiser Prado', 'J250', 'SUV', (33.0, 45.0),
        ['Comfort', 'Prestige', 'Premium', 'First Edition'],
        [('diesel', 2.8, 204, 'AT8', '4WD'),
            ('petrol', 2.4, 281, 'AT8', '4WD')]),
    Model(2, 'Toyota', 'Land Cruiser', 'J300', 'SUV', (48.0, 60.0),
        ['Comfort', 'Prestige', 'Premium', 'GR Sport'],
        [('diesel', 3.3, 299, 'AT10', '4WD'),
            ('petrol', 3.5, 409, 'AT10', '4WD')]),
    Model(2, 'Toyota', 'Hilux', 'AN120', 'pickup', (20.0, 27.0),
        ['Standard', 'Comfort', 'Prestige', 'Adventure'],
        [('diesel', 2.4, 150, 'MT6', '4WD'),
            ('diesel', 2.8, 204, 'AT6', '4WD')]),
    Model(6, 'Hyundai', 'Elantra', 'CN7', 'sedan', (10.0, 13.5),
        ['Base', 'Active', 'Comfort', 'Elegance', 'Prestige'],
        [('petrol', 1.6, 128, 'AT6', 'FWD'),
            ('petrol', 2.0, 149, 'CVT', 'FWD')]),
    Model(7, 'Hyundai', 'Tucson', 'NX4', 'crossover', (13.5, 19.5),
        ['Active', 'Comfort', 'Elegance', 'Prestige', 'Luxe'],
        [('petrol', 2.0, 150, 'AT6', 'FWD/AWD'),
            ('petrol', 2.5, 190, 'AT8', 'AWD'),
            ('diesel', 2.0, 186, 'AT8', 'AWD')]),
    Model(3, 'Hyundai', 'Santa Fe', 'MX5', 'SUV', (21.0, 28.0),
        ['Comfort', 'Elegance', 'Prestige', 'Calligraphy'],
        [('petrol', 2.5, 180, 'AT8', 'AWD'),
            ('petrol', 2.5, 281, 'DCT8', 'AWD')]),
    Model(5, 'Hyundai', 'Creta', 'SU2', 'crossover', (9.2, 12.0),
        ['Active', 'Comfort', 'Elegance', 'Prestige'],
        [('petrol', 1.6, 123, 'MT6', 'FWD'),
            ('petrol', 1.6, 123, 'AT6', 'FWD'),
            ('petrol', 2.0, 149, 'CVT', 'FWD/AWD')]),
    Model(4, 'Hyundai', 'Accent', 'HC', 'sedan', (9.0, 10.5),
        ['Base', 'Active', 'Comfort'],
        [('petrol', 1.6, 123, 'MT6', 'FWD'),
            ('petrol', 1.6, 123, 'AT6', 'FWD')]),
    Model(7, 'Kia', 'Sportage', 'NQ5', 'crossover', (13.5, 19.5),
        ['Classic', 'Comfort', 'Luxe', 'Prestige', 'Premium'],
        [('petrol', 2.0, 150, 'AT6', 'FWD/AWD'),
            ('petrol', 2.5, 190, 'AT8', 'AWD'),
            ('diesel', 2.0, 186, 'AT8', 'AWD')]),
    Model(4, 'Kia', 'K5', 'DL3', 'sedan', (13.0, 18.0),
        ['Classic', 'Comfort', 'Luxe', 'Prestige', 'GT-Line'],
        [('petrol', 2.0, 150, 'AT6', 'FWD'),
            ('petrol', 2.5, 194, 'AT8', 'FWD')]),
    Model(3, 'Kia', 'Sorento', 'MQ4', 'SUV', (20.0, 27.0),
        ['Comfort', 'Luxe', 'Prestige', 'Premium'],
        [('petrol', 2.5, 179, 'AT8', 'AWD'),
            ('diesel', 2.2, 199, 'DCT8', 'AWD'),
            ('petrol', 3.5, 249, 'AT8', 'AWD')]),
    Model(4, 'Kia', 'Rio', 'FB', 'sedan', (9.0, 10.5),
        ['Classic', 'Comfort', 'Luxe'],
        [('petrol', 1.4, 100, 'MT6', 'FWD'),
            ('petrol', 1.6, 123, 'AT6', 'FWD')]),
    Model(2, 'Kia', 'Ceed', 'CD', 'hatchback', (10.0, 12.5),
        ['Classic', 'Comfort', 'Luxe', 'Prestige'],
        [('petrol', 1.6, 128, 'AT6', 'FWD'),
            ('petrol', 1.5, 150, 'DCT7', 'FWD')]),
    Model(5, 'Chery', 'Tiggo 7 Pro', 'T1E', 'crossover', (10.5, 13.0),
        ['Active', 'Style', 'Prestige', 'Ultimate'],
        [('petrol', 1.5, 147, 'CVT', 'FWD'),
            ('petrol', 1.6, 186, 'DCT7', 'AWD')]),
    Model(3, 'Chery', 'Tiggo 8 Pro', 'T1D', 'crossover', (13.0, 16.5),
        ['Elite', 'Prestige', 'Ultimate'],
        [('petrol', 1.6, 186, 'DCT7', 'FWD'),
            ('petrol', 2.0, 197, 'DCT7', 'AWD')]),
    Model(4, 'Chery', 'Tiggo 4 Pro', 'T19C', 'crossover', (9.0, 10.5),
        ['Action', 'Family', 'Style'],
        [('petrol', 1.5, 113, 'MT5', 'FWD'),
            ('petrol', 1.5, 113, 'CVT', 'FWD'),
            ('petrol', 1.5, 147, 'CVT', 'FWD')]),
    Model(6, 'Haval', 'Jolion', 'I facelift', 'crossover', (9.3, 12.0),
        ['Comfort', 'Elite', 'Tech Plus'],
        [('petrol', 1.5, 143, 'DCT7', 'FWD'),
            ('petrol', 1.5, 150, 'DCT7', 'AWD')]),
    Model(3, 'Haval', 'H6', 'III', 'crossover', (12.5, 16.0),
        ['Comfort', 'Elite', 'Premium'],
        [('petrol', 1.5, 150, 'DCT7', 'FWD/AWD'),
            ('petrol', 2.0, 192, 'DCT7', 'AWD')]),
    Model(3, 'Haval', 'Dargo', 'I', 'SUV', (14.0, 17.0),
        ['Elite', 'Premium', 'Tech Plus'],
        [('petrol', 2.0, 192, 'DCT7', 'FWD/AWD')]),
    Model(6, 'Chevrolet', 'Cobalt', 'II facelift', 'sedan', (9.0, 9.8),
        ['LS', 'LT', 'LTZ'],
        [('petrol', 1.5, 106, 'MT5', 'FWD'),
            ('petrol', 1.5, 106, 'AT6', 'FWD')]),
    Model(4, 'Chevrolet', 'Onix', 'II', 'sedan', (9.0, 10.5),
        ['LT', 'Premier', 'Redline'], [('petrol', 1.2, 116, 'AT6', 'FWD')]),
    Model(3, 'Chevrolet', 'Tracker', 'IV', 'crossover', (10.0, 12.0),
        ['LT', 'Premier', 'Redline'], [('petrol', 1.2, 132, 'AT6', 'FWD')]),
    Model(1, 'Chevrolet', 'Tahoe', 'T1XX', 'SUV', (45.0, 58.0),
        ['LT', 'Premier', 'High Country'],
        [('petrol', 5.3, 355, 'AT10', '4WD'),
            ('petrol', 6.2, 426, 'AT10', '4WD')]),
    Model(4, 'Lada', 'Vesta', 'NG', 'sedan', (9.0, 10.5),
        ['Comfort', 'Life', 'Techno'],
        [('petrol', 1.6, 106, 'MT5', 'FWD'),
            ('petrol', 1.8, 122, 'CVT', 'FWD')]),
    Model(1, 'Lada', 'Vesta SW Cross', 'NG', 'wagon', (9.8, 11.0),
        ['Life', 'Techno'],
        [('petrol', 1.6, 106, 'MT5', 'FWD'),
            ('petrol', 1.8, 122, 'CVT', 'FWD')]),
    Model(2, 'Lada', 'Niva Travel', 'I', 'SUV', (9.0, 9.9),
        ['Classic', 'Comfort', 'Luxe'], [('petrol', 1.7, 80, 'MT5', '4WD')]),
    Model(3, 'Geely', 'Coolray', 'SX11', 'crossover', (9.5, 11.5),
        ['Comfort', 'Luxury', 'Flagship'],
        [('petrol', 1.5, 150, 'DCT7', 'FWD')]),
    Model(3, 'Geely', 'Monjaro', 'KX11', 'crossover', (18.0, 21.0),
        ['Luxury', 'Flagship', 'Flagship Sport'],
        [('petrol', 2.0, 238, 'AT8', 'AWD')]),
    ]
WEIGHTS = [m.weight for m in CATALOGUE]
# world manufacturer identifiers, the VIN's first three characters
WMI = {'Toyota': 'JTM', 'Hyundai': 'KMH', 'Kia': 'KNA', 'Chery': 'LVV',
    'Haval': 'LGW', 'Chevrolet': 'XWB', 'Lada': 'XTA', 'Geely': 'L6T'}
VIN_CHARACTERS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'
# ISO 3779: a letter's value, each position's weight for the check digit
VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip(
            'ABCDEFGHJKLMNPRSTUVWXYZ',
            [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7,
                8, 9]))}
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
MODEL_YEARS = {2024: 'R', 2025: 'S'}
CITIES = ['Almaty', 'Astana', 'Shymkent', 'Karaganda', 'Aktobe', 'Atyrau',
    'Kostanay', 'Pavlodar', 'Ust-Kamenogorsk', 'Uralsk']
EXTERIORS = ['White', 'Pearl White', 'Black', 'Silver', 'Grey',
    'Graphite', 'Dark Blue', 'Red', 'Brown', 'Green', 'Beige']
INTERIORS = ['Black fabric', 'Grey fabric', 'Black eco-leather',
    'Black leather', 'Beige leather', 'Brown leather']
OPTIONS = ['heated front seats', 'heated steering wheel', 'rear camera',
    '360° camera', 'parking sensors', 'keyless entry', 'LED headlights',
    'adaptive cruise control', 'lane keeping assist',
    'blind spot monitoring', 'wireless charging', 'Apple CarPlay',
    'Android Auto', 'navigation', 'premium audio', 'panoramic roof',
    'ventilated front seats', 'power tailgate', 'heated windscreen',
    'remote engine start', 'heated rear seats', 'tow bar']
# what happens to a dealer's stock, and how often
CHANGES = {'price': 40, 'availability': 30, 'arrival': 15, 'sale': 15}


class Conflict(Exception):
    pass


def prefix(dealer):
    "The first letters of a dealer's stock numbers"
    return re.sub(r'[^A-Za-z0-9]', '', dealer).upper()[:4] or 'DMS'


def stock_number(dealer, index):
    return f'{prefix(dealer)}-{index:06d}'


@functools.lru_cache(maxsize=256)
def dealer_cities(dealer):
    "The one or two cities where a dealer has its showrooms"
    rng = random.Random(f'{dealer}:cities')
    cities = tuple(rng.sample(CITIES, 2))
    return cities if rng.random() < 0.4 else cities[:1]


def vin(rng, make, year):
    "A well-formed VIN of a car of make and model year, its check digit too"
    vds = ''.join(rng.choices(VIN_CHARACTERS, k=5))
    rest = (MODEL_YEARS[year] + rng.choice(VIN_CHARACTERS)
        + f'{rng.randrange(10**6):06d}')
    draft = WMI[make] + vds + '0' + rest
    check = sum(VIN_VALUES[c] * w for c, w in zip(draft, VIN_WEIGHTS)) % 11
    return draft[:8] + ('X' if check == 10 else str(check)) + rest


def car(dealer, index):
    "Car index of a dealer at version 0"
    rng = random.Random(f'{dealer}:{index}')
    model = rng.choices(CATALOGUE, WEIGHTS)[0]
    trim = rng.randrange(len(model.trims))
    # the strongest engines come with the richest trims
    engine = rng.randrange(min(trim + 1, len(model.engines)))
    fuel, volume, power, transmission, drives = model.engines[engine]
    year = 2025 if rng.random() < 0.8 else 2024
    number = stock_number(dealer, index)
    return {
        'stock_number': number,
        **arrival(rng, model.make, year),
        'make': model.make, 'model': model.model,
        'generation': model.generation, 'trim': model.trims[trim],
        'body': model.body,
        'engine': {'fuel': fuel, 'volume': volume, 'power_hp': power},
        'transmission': transmission,
        'drive': rng.choice(drives.split('/')),
        'colour_exterior': rng.choice(EXTERIORS),
        'colour_interior': rng.choice(INTERIORS),
        'options': rng.sample(OPTIONS, 2 + 2 * trim + rng.randrange(3)),
        'price': price(rng, model, trim, engine),
        'city': rng.choice(dealer_cities(dealer)),
        'year': year,
        'photos': photos(rng, dealer, number),
        'updated_at': (EPOCH - timedelta(
                seconds=rng.randrange(30 * 86400))).isoformat(),
        }


def arrival(rng, make, year):
    "VIN, in transit, ETA and availability of a new car"
    chance = rng.random()
    if chance < 0.05:
        eta = EPOCH.date() + timedelta(days=rng.randint(7, 60))
        return {'vin': None, 'in_transit': True, 'eta': eta.isoformat(),
            'availability': 'in_transit'}
    return {'vin': vin(rng, make, year), 'in_transit': False, 'eta': None,
        'availability': 'reserved' if chance < 0.15 else 'in_stock'}


def price(rng, model, trim, engine):
    "The price in whole tenge with VAT, by trim and engine"
    low, high = model.prices
    steps = len(model.trims) + len(model.engines) - 1
    position = (trim + engine + rng.random()) / steps
    return str(round((low + (high - low) * position) * 100) * 10_000)


def photos(rng, dealer, number):
    base = f'https://dms.example/{urllib.parse.quote(dealer)}/{number}'
    return [f'{base}/{n}.jpg' for n in range(1, rng.randint(1, 4) + 1)]


def reprice(rng, car, moment):
    old, step = int(car['price']), rng.randint(1, 20) * 50_000
    up = rng.random() < 0.5
    new = old + step if up else old - step
    if not LOWEST <= new <= HIGHEST:
        new = old - step if up else old + step
    return {**car, 'price': str(new), 'updated_at': moment}


def reavail(rng, car, moment):
    "In transit -> in stock with its VIN; in stock <-> reserved"
    changed = {**car, 'updated_at': moment}
    if car['availability'] == 'in_transit':
        changed.update(vin=vin(rng, car['make'], car['year']),
            in_transit=False, eta=None, availability='in_stock')
    elif car['availability'] == 'in_stock':
        changed['availability'] = 'reserved'
    else:
        changed['availability'] = 'in_stock'
    return changed


def sell(rng, car, moment):
    return None


CHANGE = {'price': reprice, 'availability': reavail, 'sale': sell}


class Stock:
    "A dealer's cars, version by version; cars are replaced, never mutated"

    def __init__(self, dealer, cars):
        self.dealer, self.cars = dealer, cars
        self.version = 0
        self.size = cars  # cars listed ever, the next arrival's index
        self.now = {}  # index: the car changed or arrived
        self.sold = set()
        self.born = {}  # index of an arrival: its version
        self.log = []  # the indices touched by each version from 1
        self.live = list(range(cars))

    def original(self, index):
        "Car index at version 0, spoilt if it is a bad row"
        found = car(self.dealer, index)
        if self.bad(index):
            found.update(BAD_ROWS[index])
        return found

    def bad(self, index):
        return (self.dealer == BROKEN and index < self.cars
            and index in BAD_ROWS)

    def current(self, index):
        return self.now.get(index) or self.original(index)

    def rows(self, page, size):
        "[(index, the car changed or None)] of the page"
        chosen = self.live[(page - 1) * size:page * size]
        return [(i, self.now.get(i)) for i in chosen]

    def changes(self, since):
        "Each car touched after version since, as it is now"
        touched = set().union(*self.log[since:])
        return [self.change(i) for i in sorted(touched)
            if i not in self.sold or self.born.get(i, 0) <= since]

    def change(self, index):
        if index in self.sold:
            return {'stock_number': stock_number(self.dealer, index),
                'removed': True}
        return self.now[index]

    def advance(self, count):
        "Move on one version by count changes"
        version = self.version + 1
        rng = random.Random(f'{self.dealer}:v{version}')
        moment = (EPOCH + timedelta(minutes=10 * version)).isoformat()
        kinds = rng.choices(list(CHANGES), list(CHANGES.values()), k=count)
        kinds = [k for k in kinds if k != 'arrival']
        movable = [i for i in self.live if not self.bad(i)]
        targets = rng.sample(movable, min(len(kinds), len(movable)))
        touched = {i: CHANGE[kind](rng, self.current(i), moment)
            for kind, i in zip(kinds, targets)}
        for index in range(self.size, self.size + count - len(kinds)):
            touched[index] = {**car(self.dealer, index),
                'updated_at': moment}
            self.born[index] = version
        self.apply(version, touched)

    def apply(self, version, touched):
        sold = {i for i, changed in touched.items() if changed is None}
        self.now.update((i, c) for i, c in touched.items() if c)
        self.sold |= sold
        self.size = max([self.size, *(i + 1 for i in touched)])
        self.live = [i for i in range(self.size) if i not in self.sold]
        self.log.append(set(touched))
        self.version = version


def integer(values, name, default=None, low=0, high=None):
    "The whole number values[name] from low to high; ValueError otherwise"
    value = values.get(name, default)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be from {low} to {high}")
    return value


def encode(body):
    return json.dumps(body, ensure_ascii=False).encode()


class Handler(BaseHandler):
    dms = None
    routes = {('GET', 'stock'): 'stock', ('GET', 'changes'): 'changes',
        ('POST', 'advance'): 'advance'}

    def do_GET(self):
        self.answer('GET')

    def do_POST(self):
        self.answer('POST')

    def answer(self, method):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip('/').split('/')
        if len(parts) != 2 or (method, parts[1]) not in self.routes:
            return self.send_error(404)
        dealer = urllib.parse.unquote(parts[0])
        query = dict(urllib.parse.parse_qsl(url.query))
        try:
            cars = (integer(query, 'cars', high=MOST_CARS)
                if 'cars' in query else None)
            data = getattr(self, self.routes[method, parts[1]])(
                dealer, cars, query)
        except Conflict as error:
            return self.reply_json(409, {'error': str(error)})
        except ValueError as error:
            return self.reply_json(400, {'error': str(error)})
        self.reply(200, data, 'application/json')

    def stock(self, dealer, cars, query):
        return self.dms.snapshot(dealer, cars,
            integer(query, 'page', 1, low=1),
            integer(query, 'size', SIZE, low=1, high=LARGEST_SIZE))

    def changes(self, dealer, cars, query):
        return encode(self.dms.changes(dealer, cars,
                integer(query, 'since')))

    def advance(self, dealer, cars, query):
        length = int(self.headers.get('Content-Length', 0))
        body = json.loads(self.rfile.read(length) or b'{}')
        if not isinstance(body, dict):
            raise ValueError("the body must be {\"changes\": K}")
        count = integer(body, 'changes', high=MOST_CHANGES)
        return encode({'version': self.dms.advance(dealer, cars, count)})


class DealerDMS(ThreadedServer):
    "url + '/<dealer>' is a dealer's DMS; start() and stop() it"

    def __init__(self, directory, host='127.0.0.1', port=8036):
        self.stocks = {}
        self.pages = collections.OrderedDict()  # the last pages encoded
        self.lock = threading.Lock()
        super().__init__(type('BoundHandler', (Handler,), {'dms': self}),
            host, port)

    def stock(self, dealer, cars):
        "A dealer's stock, N cars at version 0 fixed at first sight"
        if dealer not in self.stocks:
            self.stocks[dealer] = Stock(dealer, CARS if cars is None else cars)
        stock = self.stocks[dealer]
        if cars is not None and cars != stock.cars:
            raise Conflict(f"{dealer} had {stock.cars} cars at version 0, "
                f"not {cars}")
        return stock

    def snapshot(self, dealer, cars, page, size):
        "The encoded page of the dealer's stock now"
        with self.lock:
            stock = self.stock(dealer, cars)
            key = (dealer, stock.version, page, size)
            if key in self.pages:
                self.pages.move_to_end(key)
                return self.pages[key]
            version, total = stock.version, len(stock.live)
            rows = stock.rows(page, size)
        # the slow part, out of the lock
        data = encode({'dealer': dealer, 'version': version,
                'cars': [row or stock.original(i) for i, row in rows],
                'page': page, 'pages': max(1, -(-total // size)),
                'total': total})
        with self.lock:
            self.pages[key] = data
            while len(self.pages) > CACHED_PAGES:
                self.pages.popitem(last=False)
        return data

    def changes(self, dealer, cars, since):
        with self.lock:
            stock = self.stock(dealer, cars)
            if since > stock.version:
                raise Conflict(f"{dealer}'s stock is at version "
                    f"{stock.version}, not yet {since}: take a snapshot")
            return {'version': stock.version,
                'changes': stock.changes(since)}

    def advance(self, dealer, cars, count):
        with self.lock:
            stock = self.stock(dealer, cars)
            stock.advance(count)
            return stock.version
