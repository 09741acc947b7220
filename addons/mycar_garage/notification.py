# This file is part of the MyCar partner platform.
"""MyCar may stop sending the notifications of a Partner late in calling
its clients back (A3 §3.4): stopped, they are not sent and no new one is
submitted until MyCar resumes them."""
from trytond.i18n import gettext
from trytond.pool import PoolMeta

from trytond.modules.mycar_cabinet.exceptions import NotificationError


class Notification(metaclass=PoolMeta):
    __name__ = 'mycar.notification'

    @classmethod
    def submit(cls, notifications):
        for notification in notifications:
            if notification.company.notifications_stopped_date:
                raise NotificationError(gettext(
                        'mycar_garage.msg_notifications_stopped',
                        partner=notification.company.rec_name))
        super().submit(notifications)

    @classmethod
    def stop_of(cls, companies):
        "Stop the Partners' notifications still to be sent (A3 §3.4)"
        notifications = cls.search([
                ('company', 'in', [c.id for c in companies]),
                ('state', 'in', ['submitted', 'approved', 'suspended']),
                ])
        cls.write(notifications, {'moderation_note': gettext(
                    'mycar_garage.msg_notifications_stopped_note')})
        cls.reject([n for n in notifications if n.state == 'submitted'])
        cls.stop([n for n in notifications if n.state != 'submitted'])
