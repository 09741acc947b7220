# This file is part of the MyCar partner platform.
"""What the benchmarks share: counting statements, timing steps."""
import logging
import time

from trytond.transaction import Transaction

logger = logging.getLogger('bench')


class Counter:
    "Counts the statements sent through the transaction's cursor"

    def __init__(self):
        self.count = 0

    def __enter__(self):
        connection = Transaction().connection
        self.original = connection.cursor
        counter = self

        def cursor(*args, **kwargs):
            real = counter.original(*args, **kwargs)
            execute = real.execute

            def counted(*a, **k):
                counter.count += 1
                return execute(*a, **k)
            real.execute = counted
            return real
        connection.cursor = cursor
        return self

    def __exit__(self, *exc):
        Transaction().connection.cursor = self.original


def step(name, function):
    with Counter() as counter:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    logger.info(f"{name:<40} {seconds:8.2f} s {counter.count:8d} statements")
    return result
