# This file is part of the MyCar partner platform.
"""What each role is shown in the back office (issue 14), checked by
test_role_tools.py: its menus (full paths, in English), the print and
action menus of our forms, and the buttons of our forms, per model. A
change of what a role sees is a change of this table, reviewed as such
(MYCAR_ROLE_TOOLS=FILE bin/test --sqlite tests/test_role_tools.py writes
what each role sees now)."""
ROLES = ['mycar_admin', 'mycar_partner_manager', 'mycar_accountant',
    'mycar_hotline', 'mycar_moderator', 'partner_admin',
    'partner_service_advisor', 'partner_sales_manager',
    'partner_loyalty_operator', 'partner_accountant']

# what several roles share
MENUS_OF_LOYALTY = [
    'MyCar / Loyalty',
    'MyCar / Loyalty / 1C Events',
    'MyCar / Loyalty / Bonus Balances',
    'MyCar / Loyalty / Bonus Ledger',
    'MyCar / Loyalty / Bonus Programmes',
    'MyCar / Loyalty / Bonus Purchases',
    ]
MENUS_OF_STAFF = (
    ['Banking',
     'Banking / Accounts',
     'Banking / Banks',
     'MyCar',
     'MyCar / Billing',
     'MyCar / Billing / Acts of Completed Works',
     'MyCar / Billing / Billing by Month',
     'MyCar / Billing / Electronic Invoices (ESF)',
     'MyCar / Billing / Late Payment Penalties',
     'MyCar / Billing / Partner Payments',
     'MyCar / Billing / Reconciliation Acts',
     'MyCar / Billing / Subscriptions',
     'MyCar / Billing / Tariffs',
     'MyCar / Clients',
     'MyCar / Clients / Cabinet Documents',
     'MyCar / Clients / Consents',
     'MyCar / Clients / Enter a Client',
     'MyCar / Configuration',
     'MyCar / Configuration / Calendar Days',
     'MyCar / Configuration / Forbidden Words',
     'MyCar / Configuration / Partner Programme',
     'MyCar / Configuration / Services',
     'MyCar / Deadline Clocks',
     'MyCar / Deadline Clocks / Late Clocks by Partner and Clause',
     'MyCar / Garage',
     'MyCar / Garage / Garage by Partner',
     'MyCar / Garage / Service Requests',
     'MyCar / Garage / Vehicles',
     'MyCar / Garage / Work Orders',
     'MyCar / Garage / Work Orders / New Work Order',
     'MyCar / Marketplace',
     'MyCar / Marketplace / New Cars',
     'MyCar / Marketplace / New Cars / Car Holds',
     'MyCar / Marketplace / Stock Syncs',
     'MyCar / Marketplace / Stock Syncs / Quarantined Rows',
     'MyCar / Notifications',
     'MyCar / Outgoing Messages',
     'MyCar / Partners',
     'MyCar / Partners / API Requests',
     'MyCar / Partners / Agreements',
     'MyCar / Partners / Applications',
     'MyCar / Partners / Breaches',
     'MyCar / Partners / Claims',
     'MyCar / Partners / Force Majeure',
     'MyCar / Partners / Licences',
     'MyCar / Partners / Notices to Partners',
     'MyCar / Sales',
     'MyCar / Sales / Client Questionnaires',
     'MyCar / Sales / Contract Templates',
     'MyCar / Sales / Contract Templates / Template Versions',
     'MyCar / Sales / Sales',
     'Parties',
     'Parties / Addresses',
     'Parties / Categories',
     'Parties / Categories / Categories',
     'Parties / Contact Mechanisms',
     'Parties / Identifiers',
     'Parties / Parties',
     'Products',
     'Products / Categories',
     'Products / Categories / Categories',
     'Products / Products',
     'Products / Products / Subscription Services',
     'Products / Products / Variants',
     'Products / Reporting'])
MENUS_OF_STAFF = sorted(MENUS_OF_STAFF + MENUS_OF_LOYALTY)
MENUS_OF_PARTNER_USERS = (
    ['MyCar',
     'MyCar / Billing',
     'MyCar / Billing / Tariffs',
     'MyCar / Clients',
     'MyCar / Clients / Cabinet Documents',
     'MyCar / Clients / Consents',
     'MyCar / Clients / Enter a Client',
     'MyCar / Deadline Clocks',
     'MyCar / Notifications',
     'MyCar / Partners',
     'MyCar / Partners / Agreements',
     'MyCar / Partners / Breaches',
     'MyCar / Partners / Claims',
     'MyCar / Partners / Force Majeure',
     'MyCar / Partners / Licences',
     'MyCar / Partners / Notices from MyCar'])
ACTIONS_OF_EVERY_ROLE = (
    {'mycar.billing.act': ['Act of Completed Works'],
     'mycar.billing.reconciliation': ['Reconciliation Act'],
     'mycar.partner.application': ['Application']})
# MyCar's correction of a buyer's bonus balance
ACTIONS_OF_BALANCE_KEEPERS = {**ACTIONS_OF_EVERY_ROLE,
    'mycar.loyalty.balance': ['Adjust the Balance']}
BUTTONS_OF_PARTNER_USERS = (
    {'mycar.cabinet.document': ['fetch_signatures',
                                'request_signatures',
                                'send'],
     'mycar.notification': ['draft', 'submit']})
# what a Garage user clicks: the Partner's own buttons, its work orders' and
# service requests'
# what a sales manager clicks: the Partner's own buttons, its sales',
# their questionnaires' and its contract templates'
BUTTONS_OF_SALES = {
    'mycar.sales.deal': ['cancel', 'deliver', 'fetch_signatures', 'invoice',
        'issue_contract', 'send_questionnaire'],
    'mycar.sales.questionnaire': ['submit'],
    'mycar.sales.template.version': ['draft', 'submit']}
MENUS_OF_SALES = [
    'MyCar / Marketplace',
    'MyCar / Marketplace / New Cars',
    'MyCar / Marketplace / New Cars / Car Holds',
    'MyCar / Marketplace / Stock Syncs',
    'MyCar / Marketplace / Stock Syncs / Quarantined Rows',
    'MyCar / Sales',
    'MyCar / Sales / Client Questionnaires',
    'MyCar / Sales / Contract Templates',
    'MyCar / Sales / Contract Templates / Template Versions',
    'MyCar / Sales / Sales']
BUTTONS_OF_GARAGE = {**BUTTONS_OF_PARTNER_USERS,
    'mycar.garage.order': ['cancel', 'complete', 'enter_code', 'invoice',
        'modify', 'move_online', 'send', 'start'],
    'mycar.garage.request': ['call', 'cancel', 'make_order']}

TOOLS = {}

# the administrator's own: Tryton's Administration menu
ADMINISTRATION_MENUS = (
    ['Administration',
     'Administration / Countries',
     'Administration / Countries / Areas',
     'Administration / Countries / Areas / Regions',
     'Administration / Countries / Countries',
     'Administration / Countries / Organizations',
     'Administration / Localization',
     'Administration / Localization / Clean Translations',
     'Administration / Localization / Export Translations',
     'Administration / Localization / Languages',
     'Administration / Localization / Messages',
     'Administration / Localization / Set Translations',
     'Administration / Localization / Synchronize Translations',
     'Administration / Localization / Translations',
     'Administration / Models',
     'Administration / Models / Attachments',
     'Administration / Models / Channels',
     'Administration / Models / Emails',
     'Administration / Models / Exports',
     'Administration / Models / Models',
     'Administration / Models / Models / Fields',
     'Administration / Models / Models / Logs',
     'Administration / Models / Models Access',
     'Administration / Models / Models Access / Buttons',
     'Administration / Models / Models Access / Fields Access',
     'Administration / Models / Notes',
     'Administration / Models / Record Rules',
     'Administration / Models / Triggers',
     'Administration / Modules',
     'Administration / Modules / Config Wizard Items',
     'Administration / Modules / Modules',
     'Administration / Scheduler',
     'Administration / Scheduler / Actions',
     'Administration / Scheduler / Errors',
     'Administration / Sequences',
     'Administration / Sequences / Sequences',
     'Administration / Sequences / Sequences Strict',
     'Administration / Sequences / Types',
     'Administration / User Interface',
     'Administration / User Interface / Actions',
     'Administration / User Interface / Actions / Actions',
     'Administration / User Interface / Actions / Email Templates',
     'Administration / User Interface / Actions / Reports',
     'Administration / User Interface / Actions / URLs',
     'Administration / User Interface / Actions / Window Actions',
     'Administration / User Interface / Actions / Wizards',
     'Administration / User Interface / Icons',
     'Administration / User Interface / Menu',
     'Administration / User Interface / Views',
     'Administration / Users',
     'Administration / Users / Groups',
     'Administration / Users / Notifications',
     'Administration / Users / Roles',
     'Administration / Users / Users',
     'Administration / Users / Web Users',
     'MyCar / Billing / Partner Payments / Import a Bank Statement',
     'MyCar / Configuration / One-Time Codes'])

TOOLS['mycar_admin'] = {
    'actions': ACTIONS_OF_BALANCE_KEEPERS,
    'buttons': (
        {'mycar.billing.act': ['correct', 'fetch_signature', 'refuse', 'sign'],
         'mycar.billing.esf': ['send'],
         'mycar.billing.payment': ['post'],
         'mycar.billing.penalty': ['claim', 'waive'],
         'mycar.billing.reconciliation': ['confirm', 'dispute'],
         'mycar.cabinet.document': ['fetch_signatures',
                                    'request_signatures',
                                    'send'],
         'mycar.notification': ['approve',
                                'draft',
                                'reject',
                                'stop',
                                'submit',
                                'suspend'],
         'mycar.outbox.message': ['retry'],
         'mycar.partner.agreement': ['logo_received',
                                     'permits_received',
                                     'request_permits',
                                     'terminate'],
         'mycar.partner.application': ['accept', 'receive', 'refuse'],
         'mycar.partner.breach': ['remedy'],
         'mycar.partner.claim': ['close'],
         'mycar.partner.force_majeure': ['notify'],
         'mycar.partner.licence': ['mark_integrated'],
         'mycar.loyalty.programme': ['check_balances'],
         'mycar.marketplace.sync': ['run_again'],
         'mycar.partner.notice': ['cancel', 'plan', 'send']}),
    'menus': sorted(MENUS_OF_STAFF + ADMINISTRATION_MENUS),
    }

TOOLS['mycar_partner_manager'] = {
    'actions': ACTIONS_OF_BALANCE_KEEPERS,
    'buttons': (
        {'mycar.partner.agreement': ['logo_received',
                                     'permits_received',
                                     'request_permits',
                                     'terminate'],
         'mycar.partner.application': ['accept', 'receive', 'refuse'],
         'mycar.partner.breach': ['remedy'],
         'mycar.partner.claim': ['close', 'notify'],
         'mycar.partner.force_majeure': ['notify'],
         'mycar.partner.licence': ['mark_integrated'],
         'mycar.loyalty.programme': ['check_balances'],
         'mycar.marketplace.sync': ['run_again'],
         'mycar.partner.notice': ['cancel', 'plan', 'send']}),
    'menus': MENUS_OF_STAFF,
    }

TOOLS['mycar_accountant'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': (
        {'mycar.billing.act': ['correct'],
         'mycar.billing.esf': ['send'],
         'mycar.billing.payment': ['post'],
         'mycar.billing.penalty': ['claim', 'waive']}),
    'menus': sorted(MENUS_OF_STAFF + [
        'MyCar / Billing / Partner Payments / Import a Bank Statement']),
    }

TOOLS['mycar_hotline'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': (
        {'mycar.outbox.message': ['retry'], 'mycar.partner.claim': ['close']}),
    'menus': MENUS_OF_STAFF,
    }

TOOLS['mycar_moderator'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': (
        {'mycar.notification': ['approve', 'reject', 'stop', 'suspend'],
         'mycar.sales.template.version': ['approve', 'reject']}),
    'menus': MENUS_OF_STAFF,
    }

TOOLS['partner_admin'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': {**BUTTONS_OF_GARAGE, **BUTTONS_OF_SALES,
        'mycar.partner.claim': ['notify'],
        'mycar.partner.force_majeure': ['notify']},
    'menus': sorted(MENUS_OF_SALES + MENUS_OF_LOYALTY + [
        'MyCar',
         'MyCar / Billing',
         'MyCar / Billing / Acts of Completed Works',
         'MyCar / Billing / Electronic Invoices (ESF)',
         'MyCar / Billing / Late Payment Penalties',
         'MyCar / Billing / Partner Payments',
         'MyCar / Billing / Reconciliation Acts',
         'MyCar / Billing / Tariffs',
         'MyCar / Clients',
         'MyCar / Clients / Cabinet Documents',
         'MyCar / Clients / Consents',
         'MyCar / Clients / Enter a Client',
         'MyCar / Deadline Clocks',
         'MyCar / Garage',
         'MyCar / Garage / Service Requests',
         'MyCar / Garage / Vehicles',
         'MyCar / Garage / Work Orders',
         'MyCar / Garage / Work Orders / New Work Order',
         'MyCar / Notifications',
         'MyCar / Partners',
         'MyCar / Partners / API Requests',
         'MyCar / Partners / Agreements',
         'MyCar / Partners / Applications',
         'MyCar / Partners / Breaches',
         'MyCar / Partners / Claims',
         'MyCar / Partners / Force Majeure',
         'MyCar / Partners / Licences',
         'MyCar / Partners / Notices from MyCar']),
    }

TOOLS['partner_service_advisor'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': BUTTONS_OF_GARAGE,
    'menus': (
        ['MyCar',
         'MyCar / Billing',
         'MyCar / Billing / Tariffs',
         'MyCar / Clients',
         'MyCar / Clients / Cabinet Documents',
         'MyCar / Clients / Consents',
         'MyCar / Clients / Enter a Client',
         'MyCar / Deadline Clocks',
         'MyCar / Garage',
         'MyCar / Garage / Service Requests',
         'MyCar / Garage / Vehicles',
         'MyCar / Garage / Work Orders',
         'MyCar / Garage / Work Orders / New Work Order',
         'MyCar / Notifications',
         'MyCar / Partners',
         'MyCar / Partners / Agreements',
         'MyCar / Partners / Breaches',
         'MyCar / Partners / Claims',
         'MyCar / Partners / Force Majeure',
         'MyCar / Partners / Licences',
         'MyCar / Partners / Notices from MyCar']),
    }

TOOLS['partner_sales_manager'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': {**BUTTONS_OF_PARTNER_USERS, **BUTTONS_OF_SALES},
    'menus': sorted(MENUS_OF_PARTNER_USERS + MENUS_OF_SALES),
    }

TOOLS['partner_loyalty_operator'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': BUTTONS_OF_PARTNER_USERS,
    'menus': sorted(MENUS_OF_PARTNER_USERS + MENUS_OF_LOYALTY),
    }

TOOLS['partner_accountant'] = {
    'actions': ACTIONS_OF_EVERY_ROLE,
    'buttons': (
        {'mycar.billing.act': ['fetch_signature', 'refuse', 'sign'],
         'mycar.billing.reconciliation': ['confirm', 'dispute'],
         'mycar.cabinet.document': ['fetch_signatures',
                                    'request_signatures',
                                    'send'],
         'mycar.notification': ['draft', 'submit']}),
    'menus': sorted(
        ['MyCar',
         'MyCar / Billing',
         'MyCar / Billing / Acts of Completed Works',
         'MyCar / Billing / Electronic Invoices (ESF)',
         'MyCar / Billing / Late Payment Penalties',
         'MyCar / Billing / Partner Payments',
         'MyCar / Billing / Reconciliation Acts',
         'MyCar / Billing / Tariffs',
         'MyCar / Clients',
         'MyCar / Clients / Cabinet Documents',
         'MyCar / Clients / Consents',
         'MyCar / Clients / Enter a Client',
         'MyCar / Deadline Clocks',
         'MyCar / Notifications',
         'MyCar / Partners',
         'MyCar / Partners / Agreements',
         'MyCar / Partners / Breaches',
         'MyCar / Partners / Claims',
         'MyCar / Partners / Force Majeure',
         'MyCar / Partners / Licences',
         'MyCar / Partners / Notices from MyCar'] + MENUS_OF_LOYALTY),
    }
