# This file is part of the MyCar partner platform.
"""Moderated by MyCar: what a Partner submits (a notification to its
clients, a sale-contract template, the rules of a loyalty programme) a
MyCar moderator approves, or rejects with the reason the Partner reads
(A3 §6.8, A4 §2.2.1, A5 §3.4.1). The Partner's user who submitted it is
told the outcome by e-mail, through the outbox."""
from email.message import EmailMessage

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import shown_in
from trytond.modules.mycar_partner.outbox import email_message

from .exceptions import ModerationError

MODERATING = {'readonly': Eval('state') != 'submitted'}
# what only the workflow writes: a Partner's user never approves its own
WORKFLOW_FIELDS = {'state', 'submitted_by', 'submitted_date',
    'moderated_by', 'moderated_date'}


class Moderated:
    """A Workflow model with the states draft, submitted, approved and
    rejected: submit (checked by check_submission), approve, reject with
    a note, back to draft"""
    __slots__ = ()
    # the states in which MyCar's moderator writes the note
    _moderating = {'submitted'}
    submitted_by = fields.Many2One('res.user', "Submitted by", readonly=True)
    submitted_date = fields.DateTime("Submitted", readonly=True)
    moderation_note = fields.Text("Moderation Note", states=MODERATING,
        help="Why MyCar refuses, suspends or stops it: the Partner reads "
        "it to fix what is wrong.")
    moderated_by = fields.Many2One('res.user', "Moderated by", readonly=True)
    moderated_date = fields.DateTime("Moderated", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._transitions |= {
            ('draft', 'submitted'), ('submitted', 'approved'),
            ('submitted', 'rejected'), ('rejected', 'draft'),
            }
        buttons = {
            'submit': ['draft'], 'approve': ['submitted'],
            'reject': ['submitted'], 'draft': ['rejected'],
            }
        cls._buttons.update(shown_in(buttons))

    @classmethod
    def check_modification(cls, mode, records, values=None,
            external=False):
        """From outside, the state and who moderated are the workflow's
        alone, and the moderation note is written only under moderation"""
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode == 'create':
            forged = any(r.state != 'draft' or r.submitted_by
                or r.moderated_by or r.moderation_note for r in records)
        elif mode == 'write':
            fields = set(values)
            forged = bool(fields & WORKFLOW_FIELDS) or bool(
                fields & {'moderation_note', 'rejection_ground'}
                and any(r.state not in cls._moderating for r in records))
        else:
            forged = False
        if forged:
            raise ModerationError(gettext(
                    'mycar_cabinet.msg_moderation_workflow_only'))

    @classmethod
    def check_submission(cls, records):
        "Refuse what may not go to moderation; models add their checks"

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, records):
        cls.check_submission(records)
        cls.write(records, {'submitted_by': Transaction().user,
                'submitted_date': calendar.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    def approve(cls, records):
        cls.moderate(records, 'approved')

    @classmethod
    @ModelView.button
    @Workflow.transition('rejected')
    def reject(cls, records):
        cls.check_note(records)
        cls.moderate(records, 'rejected')

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, records):
        pass

    @classmethod
    def check_note(cls, records):
        for record in records:
            if not record.moderation_note:
                raise ModerationError(gettext(
                        'mycar_cabinet.msg_moderation_note_required',
                        record=record.rec_name))

    @classmethod
    def moderate(cls, records, outcome):
        "Who moderated, when; the submitters told"
        Message = Pool().get('mycar.outbox.message')
        cls.write(records, {'moderated_by': Transaction().user,
                'moderated_date': calendar.now()})
        Message.queue([m for m in map(moderation_email, records,
                    [outcome] * len(records)) if m])


def moderation_email(record, outcome):
    """The unsaved outbox e-mail telling record's submitter the outcome,
    in their language; None for a submitter without an e-mail"""
    user = record.submitted_by
    if not user or not user.email:
        return None
    language = user.language.code if user.language else 'ru'
    with Transaction().set_context(language=language):
        record = record.__class__(record.id)
        values = {'record': record.rec_name,
            'model': record.__names__()['model'],
            'note': record.moderation_note or ''}
        message = EmailMessage()
        message['To'] = user.email
        message['Subject'] = gettext(
            f'mycar_cabinet.msg_moderation_{outcome}_subject', **values)
        message.set_content(gettext(
                f'mycar_cabinet.msg_moderation_{outcome}_body', **values))
    return email_message(message,
        key=f'moderation-{record.__name__}-{record.id}-'
        f'{record.moderated_date.isoformat()}',
        origin=None, company=getattr(record, 'company', None))
