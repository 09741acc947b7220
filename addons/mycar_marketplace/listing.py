# This file is part of the MyCar partner platform.
"""The listings buyers search (M2, A6 §3.1.3): the cars listed by the
dealers selling online, filtered by make, model, trim, price range, city
and dealer, with the count of each filter's values (each counted under
the other filters), in pages; each says how long ago the dealer's DMS
confirmed it, and a listing the DMS has not confirmed for long is stale."""
from decimal import Decimal, InvalidOperation

from sql import Literal, Null
from sql.aggregate import Count
from trytond import backend
from trytond.config import config
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar

from .car import MAX_PRICE

FACETS = ['make', 'model', 'trim', 'city', 'company']
PAGE_SIZE = 20


def stale_minutes():
    "After how long without the DMS's confirmation a listing is stale"
    return config.getint('mycar_dms', 'stale_minutes', default=60)


class Car(metaclass=PoolMeta):
    __name__ = 'mycar.marketplace.car'

    @classmethod
    def listings(cls, filters, page=1, size=PAGE_SIZE):
        """{'cars', 'total', 'page', 'pages', 'facets': {facet: [(value,
        count)]}} of the listed cars matching filters (make, model, trim,
        city, company, price_min, price_max; wrong values ignored)"""
        filters = clean(filters)
        filters['dealers'] = [c.id for c in
            Pool().get('company.company').online_dealers()]
        facets = cls.facets(filters)
        # the dealer facet counts the cars under every other filter
        total = sum(n for c, n in facets['company']
            if filters.get('company', c) == c)
        size = max(1, min(whole(size, PAGE_SIZE), 100))
        pages = max(1, -(-total // size))
        page = max(1, min(whole(page, 1), pages))
        cars = cls.search(listing_domain(filters),
            offset=(page - 1) * size, limit=size,
            order=[('price', 'ASC'), ('id', 'ASC')]) if total else []
        return {'cars': cars, 'total': total, 'page': page, 'pages': pages,
            'facets': facets}

    @classmethod
    def facets(cls, filters):
        """{facet: [(value, count)]} of each facet under the other filters,
        by count: on PostgreSQL one scan of the listed cars grouped by
        each facet (GROUPING SETS), each count under the other filters
        (FILTER); elsewhere one grouped query a facet"""
        if backend.name != 'postgresql':
            return {f: cls.facet(f, filters) for f in FACETS}
        table = cls.__table__()
        base = facet_where(cls, table, {k: v for k, v in filters.items()
                if k not in FACETS})
        query = table.select(table.id, where=base)  # the base's SQL
        base_sql, params = tuple(query)
        base_sql = base_sql.split(' WHERE ', 1)[1]
        columns = ', '.join(f'"{f}"' for f in FACETS)
        match = {f: f'"{f}" = %s' if f in filters else 'TRUE'
            for f in FACETS}
        counts, count_params = [], []
        for name in FACETS:
            others = [o for o in FACETS if o != name]
            counts.append('COUNT(*) FILTER (WHERE '
                + ' AND '.join(match[o] for o in others) + ')')
            count_params += [filters[o] for o in others if o in filters]
        # a row counts in a facet when it misses no other filter
        hits = ' + '.join(f'({match[f]})::int' for f in FACETS)
        sql = (f'SELECT {columns}, GROUPING({columns}), '
            f'{", ".join(counts)} FROM "{cls._table}" AS "a" '
            f'WHERE {base_sql} AND {hits} >= {len(FACETS) - 1} '
            f'GROUP BY GROUPING SETS ('
            + ', '.join(f'("{f}")' for f in FACETS) + ')')
        cursor = Transaction().connection.cursor()
        cursor.execute(sql, count_params + list(params)
            + [filters[f] for f in FACETS if f in filters])
        result = {f: [] for f in FACETS}
        for row in cursor:
            grouping = row[len(FACETS)]
            for index, name in enumerate(FACETS):
                # GROUPING's bit of a column is 0 where it is grouped
                if not grouping & (1 << (len(FACETS) - 1 - index)):
                    value, count = row[index], row[len(FACETS) + 1 + index]
                    if value is not None and count:
                        result[name].append((value, count))
        for pairs in result.values():
            pairs.sort(key=lambda p: (-p[1], p[0]))
        return result

    @classmethod
    def facet(cls, name, filters):
        """[(value, count)] of a facet under the other filters, by count:
        one grouped query on the cars"""
        table = cls.__table__()
        column = getattr(table, name)
        count = Count(table.id)
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(column, count,
                where=facet_where(cls, table, {k: v for k, v
                        in filters.items() if k != name}) & (column != Null),
                group_by=[column], order_by=[count.desc, column.asc]))
        return list(cursor)

    @property
    def confirmed_minutes(self):
        "How many minutes ago the dealer's DMS confirmed the car"
        return max(0, int((calendar.now() - self.confirmed_date)
                .total_seconds() // 60))

    @property
    def stale(self):
        return self.confirmed_minutes > stale_minutes()


def facet_where(Car, table, filters):
    "SQL of listing_domain, for the grouped counts"
    where = (table.withdrawn_date == Null) & table.company.in_(
        filters['dealers'] or [-1])
    for name in FACETS:
        if name in filters:
            where &= getattr(table, name) == filters[name]
    price = table.price
    if backend.name == 'sqlite':  # Decimal is stored as text there
        price = Car.price.sql_cast(price)
    for name, compare in [('price_min', price.__ge__),
            ('price_max', price.__le__)]:
        if name in filters:
            where &= compare(Car.price.sql_cast(Literal(filters[name]))
                if backend.name == 'sqlite' else filters[name])
    return where


def listing_domain(filters):
    "The domain of the listed cars of dealers selling online, filtered"
    domain = [('withdrawn_date', '=', None),
        ('company', 'in', filters['dealers'])]
    domain += [(n, '=', filters[n]) for n in FACETS if n in filters]
    if 'price_min' in filters:
        domain.append(('price', '>=', filters['price_min']))
    if 'price_max' in filters:
        domain.append(('price', '<=', filters['price_max']))
    return domain


def clean(filters):
    "The filters a buyer's form sends, as values; the wrong ones left out"
    result = {}
    for name in ['make', 'model', 'trim', 'city']:
        if (filters.get(name) or '').strip():
            result[name] = filters[name].strip()[:200]
    company = whole(filters.get('company'), None)
    if company is not None and 0 < company < 2 ** 31:
        result['company'] = company
    for name in ['price_min', 'price_max']:
        text = ''.join(str(filters.get(name) or '').split()).replace(
            ',', '.')
        try:
            price = Decimal(text)
        except InvalidOperation:
            continue
        if price.is_finite() and 0 <= price < MAX_PRICE:
            result[name] = price
    return result


def whole(value, default):
    "A whole number from a form's text, else default"
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
