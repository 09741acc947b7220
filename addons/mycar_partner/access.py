# This file is part of the MyCar partner platform.
"""What a Partner's users reach of the models other modules define: what
is listed here, and nothing else. Tryton opens every model without an
access record to every user, and many of its models (the books, sales,
stock, crons, logs) are MyCar's own business; a Partner's users see them
only when a model is named here. Our own models (``mycar.*``) carry their
access records in XML, per group."""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

READ, WRITE = 'read', 'write'
# model: what a Partner's users may do with it, record rules permitting
PARTNER_MODELS = {
    # the client's plumbing: menus, views, actions, labels, preferences
    **dict.fromkeys([
            'ir.action', 'ir.action.act_window',
            'ir.action.act_window.domain', 'ir.action.act_window.view',
            'ir.action.keyword', 'ir.action.report', 'ir.action.url',
            'ir.action.wizard', 'ir.lang', 'ir.message', 'ir.model',
            'ir.model.access', 'ir.model.button', 'ir.model.button.rule',
            'ir.model.button.click', 'ir.model.field',
            'ir.model.field.access', 'ir.translation', 'ir.ui.icon',
            'ir.ui.menu', 'ir.ui.view', 'ir.calendar.day',
            'ir.calendar.month', 'ir.sequence', 'ir.sequence.strict',
            'ir.sequence.type', 'ir.email.template', 'res.group',
            'res.role', 'res.user.role',
            # reference data
            'country.country', 'country.organization',
            'country.organization.member', 'country.postal_code',
            'country.region', 'country.subdivision', 'currency.currency',
            'currency.currency.rate', 'bank', 'party.address.format',
            'party.address.subdivision_type', 'party.category',
            'party.configuration',
            # the Partner's own and MyCar's, as the record rules allow
            'company.company', 'company.employee',
            'company.company.tax_identifier', 'bank.account',
            'bank.account.number', 'res.user', 'web.user',
            ], READ),
    **dict.fromkeys([
            # each user's own, by Tryton's record rules
            'ir.session.wizard', 'ir.ui.view_search',
            'ir.ui.view_tree_optional', 'ir.ui.view_tree_state',
            'ir.ui.view_tree_width',
            'ir.export', 'ir.export.line', 'res.user.warning',
            'res.notification', 'res.user.application',
            # on records the user may read, by Tryton's resource rules
            'ir.attachment', 'ir.note', 'ir.email',
            # the Partner's own parties and clients, by our record rules
            'party.party', 'party.address', 'party.contact_mechanism',
            'party.identifier',
            ], WRITE),
    }


def is_ours(model):
    "Whether model is one of our modules' (with access records of its own)"
    return model.startswith('mycar.') or '-mycar.' in model


def partner_user():
    "Whether the transaction's user is a Partner's, not MyCar's staff"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    if not Transaction().user:
        return False
    groups = set(User.get_groups())
    return (ModelData.get_id('mycar_partner', 'group_partner_user') in groups
        and ModelData.get_id('mycar_partner', 'group_mycar_staff')
        not in groups)


class ModelAccess(metaclass=PoolMeta):
    __name__ = 'ir.model.access'

    @classmethod
    def get_access(cls, models):
        "A Partner's users get no more than PARTNER_MODELS allows"
        access = super().get_access(models)
        if not partner_user():
            return access
        capped = {}
        for model, modes in access.items():
            allowed = PARTNER_MODELS.get(model)
            if is_ours(model) or allowed == WRITE:
                capped[model] = modes
            else:
                capped[model] = {mode: (allowed == READ and mode == 'read'
                        and value) for mode, value in modes.items()}
        return capped


# Tryton's models of each user's own that its rules leave open to all
OWN_USER_MODELS = {'ir.export', 'ir.ui.view_tree_width',
    'ir.ui.view_tree_optional', 'ir.session.wizard'}


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        if model_name in OWN_USER_MODELS:
            context['user_id'] = Transaction().user
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        key = super()._get_cache_key(model_names)
        if model_names & OWN_USER_MODELS:
            key = (*key, Transaction().user)
        return key
