# This file is part of the MyCar partner platform.
"""A Partner's contract template is untrusted: it renders in Jinja2's
immutable sandbox, with only the named fields it is given (an unknown
field is an error, not an empty string), and becomes a PDF through
WeasyPrint with a URL fetcher that loads nothing from outside the
document: no web address, no file, no internal service. Only images
embedded in the template itself (data: URLs) are drawn."""
import weasyprint
from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from trytond.modules.mycar_partner.report import fonts

MAX_SIZE = 512 * 1024  # bytes of a template's source
MAX_OUTPUT = 2 * 1024 * 1024  # characters of the filled HTML
MAX_ITEMS = 20_000  # items all the ranges of one rendering may make
MAX_PAGES = 100


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, bounded: powers, repetitions and ranges that
    would make a rendering run for ever or fill the memory are refused
    (and not folded when the template compiles); no lorem ipsum"""
    intercepted_binops = frozenset(['**', '*'])

    def __init__(self):
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals.pop('lipsum', None)
        self.globals['range'] = self.range
        self.items = 0

    def range(self, *args):
        items = range(*args)
        self.items += len(items)
        if self.items > MAX_ITEMS:
            raise SecurityError(f'more than {MAX_ITEMS} items in ranges')
        return items

    def call_binop(self, context, operator, left, right):
        if operator == '**' and not all(
                isinstance(v, (int, float)) and abs(v) <= limit
                for v, limit in [(left, 10 ** 12), (right, 64)]):
            raise SecurityError('the power is too large')
        if operator == '*':
            sizes = [len(v) for v in (left, right)
                if isinstance(v, (str, list, tuple))]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sizes and counts and sizes[0] * max(counts) > MAX_OUTPUT:
                raise SecurityError('the repetition is too large')
        return super().call_binop(context, operator, left, right)


class TemplateInvalid(ValueError):
    "Why a template cannot be rendered: (kind, detail)"

    def __init__(self, kind, detail=''):
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail


class RefusingFetcher(weasyprint.URLFetcher):
    """Fetch only what the document carries in itself (data: URLs); note
    every other address asked for, and refuse it"""

    def __init__(self):
        super().__init__(allowed_protocols={'data'})
        self.refused = []

    def fetch(self, url, headers=None):
        if not url.lower().startswith('data:'):
            self.refused.append(url)
            raise weasyprint.urls.FatalURLFetchingError(
                f'refused: {url[:80]}')
        return super().fetch(url, headers)


def source_text(data):
    "The template's HTML from its uploaded bytes"
    if data is None:
        raise TemplateInvalid('empty')
    data = bytes(data)
    if len(data) > MAX_SIZE:
        raise TemplateInvalid('size', str(MAX_SIZE // 1024))
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError as error:
        raise TemplateInvalid('encoding', str(error.start)) from error


def render_html(source, values):
    "The template's HTML with the values of its fields"
    try:
        html = Sandbox().from_string(source).render(**values)
    except SecurityError as error:
        raise TemplateInvalid('unsafe', str(error)) from error
    except UndefinedError as error:
        message = str(error)
        if 'unsafe' in message or '__' in message:
            raise TemplateInvalid('unsafe', message) from error
        raise TemplateInvalid('unknown', message) from error
    except TemplateError as error:
        raise TemplateInvalid('syntax', str(error)) from error
    except (ArithmeticError, TypeError, ValueError) as error:
        raise TemplateInvalid('syntax', str(error)) from error
    except (RecursionError, MemoryError) as error:
        raise TemplateInvalid('unsafe', type(error).__name__) from error
    if len(html) > MAX_OUTPUT:
        raise TemplateInvalid('unsafe', 'the filled template is too large')
    return html


def to_pdf(html):
    """The PDF of the rendered HTML; a template that asks for any address
    is refused, naming the first"""
    fetcher = RefusingFetcher()
    try:
        document = weasyprint.HTML(string=html, base_url=None,
            url_fetcher=fetcher).render(font_config=fonts())
    except weasyprint.urls.FatalURLFetchingError:
        document = None
    if fetcher.refused:
        raise TemplateInvalid('url', fetcher.refused[0])
    if len(document.pages) > MAX_PAGES:
        raise TemplateInvalid('unsafe', f'more than {MAX_PAGES} pages')
    return document.write_pdf(font_config=fonts())


def render_pdf(data, values):
    "The PDF of the template's uploaded bytes filled with values"
    return to_pdf(render_html(source_text(data), values))
