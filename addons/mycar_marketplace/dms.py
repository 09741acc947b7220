# This file is part of the MyCar partner platform.
"""The adapter of a dealer's DMS (new-car stock, A6 §1.2.1, §3.3.5): the
Partner's own system, at the address on its company; [mycar_dms] timeout
and page size in trytond.conf. It only reads: a snapshot of the whole
stock, page by page, and the changes since a version."""
from trytond.config import config

from trytond.modules.mycar_partner.gateway import HTTPAdapter

SECTION = 'mycar_dms'


class DealerDMS(HTTPAdapter):
    section = SECTION
    timeout_default = 60

    def __init__(self, url):
        super().__init__(url)
        self.page_size = config.getint(SECTION, 'page_size', default=5000)

    def snapshot(self):
        "(version, every car of the stock), the pages read in turn"
        cars, page, pages = [], 1, 1
        while page <= pages:
            answer = self.call(f'/stock?page={page}&size={self.page_size}',
                recipient=self.url)
            try:
                cars.extend(answer['cars'])
                pages, version = int(answer['pages']), answer['version']
            except (KeyError, TypeError, ValueError) as error:
                raise self.failed(self.url, error) from error
            page += 1
        return str(version), cars

    def changes(self, since):
        """(version, the cars changed, added or removed since version), or
        None when the DMS no longer knows that version (409: it asks for a
        snapshot)"""
        answer = self.call(f'/changes?since={since}', recipient=self.url,
            answered=(409,))
        if isinstance(answer, dict) and 'version' not in answer:
            return None
        try:
            return str(answer['version']), list(answer['changes'])
        except (KeyError, TypeError) as error:
            raise self.failed(self.url, error) from error
