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

MAX_SIZE = 512 * 1024  # bytes of a template's source

ENVIRONMENT = ImmutableSandboxedEnvironment(
    autoescape=True, undefined=StrictUndefined)


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
        return ENVIRONMENT.from_string(source).render(**values)
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


def to_pdf(html):
    """The PDF of the rendered HTML; a template that asks for any address
    is refused, naming the first"""
    fetcher = RefusingFetcher()
    try:
        pdf = weasyprint.HTML(string=html, base_url=None,
            url_fetcher=fetcher).write_pdf()
    except weasyprint.urls.FatalURLFetchingError:
        pdf = None
    if fetcher.refused:
        raise TemplateInvalid('url', fetcher.refused[0])
    return pdf


def render_pdf(data, values):
    "The PDF of the template's uploaded bytes filled with values"
    return to_pdf(render_html(source_text(data), values))
