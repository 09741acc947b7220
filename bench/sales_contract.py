# This file is part of the MyCar partner platform.
"""How long a sale's contract takes to make from a Partner's template:
the sandboxed Jinja2 rendering and the WeasyPrint PDF (its refusing URL
fetcher included), for the demo's template filled with the sample.

    .venv/bin/python bench/sales_contract.py [RUNS]"""
import logging
import pathlib
import statistics
import sys
import time

from trytond.modules.mycar_sales import named, render

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main(runs=50):
    source = render.source_text(
        (ROOT / 'scripts' / 'demo' / 'sale_contract.html').read_bytes())
    values = named.sample()
    render.render_pdf(source.encode(), values)  # imports, fonts
    html_times, pdf_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        html = render.render_html(source, values)
        middle = time.perf_counter()
        render.to_pdf(html)
        html_times.append(middle - start)
        pdf_times.append(time.perf_counter() - middle)
    for name, times in [('fill (Jinja2 sandbox)', html_times),
            ('PDF (WeasyPrint)', pdf_times)]:
        logging.getLogger('bench').info(
            f'{name:24} median {statistics.median(times) * 1000:7.1f} ms'
            f'  p95 {sorted(times)[int(len(times) * .95) - 1] * 1000:7.1f} ms')


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    logging.getLogger('weasyprint').setLevel(logging.WARNING)
    main(*map(int, sys.argv[1:]))
