# This file is part of the MyCar partner platform.
"""What each role is shown in the back office (issue 14), checked by
test_role_tools.py: its menus (full paths, in English), the actions of its
forms' toolbars and the buttons of its forms, per model."""
ROLES = ['mycar_admin', 'mycar_partner_manager', 'mycar_accountant',
    'mycar_hotline', 'mycar_moderator', 'partner_admin',
    'partner_service_advisor', 'partner_sales_manager',
    'partner_loyalty_operator', 'partner_accountant']

TOOLS = {role: {'menus': [], 'actions': {}, 'buttons': {}}
    for role in ROLES}
