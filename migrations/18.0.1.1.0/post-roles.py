"""18.0.1.1.0, roles.

1. Logistics Operator no longer implies Inventory / User (nor multi-locations). Odoo keeps
   the memberships a user already has when a group stops implying another, so nobody loses a
   right at the upgrade: an operator who validated transfers outside this addon still can.
   This step makes that explicit (adds the membership to any operator who lacks it) and logs
   how many operators keep it, so that the plant removes it from those who only scan.
2. Scan log rows carry their card's company, and ABC history rows their warehouse's.
"""

import logging

_logger = logging.getLogger(__name__)


def _group_id(cr, module, name):
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = 'res.groups'",
        (module, name),
    )
    row = cr.fetchone()
    return row and row[0]


def migrate(cr, version):
    if not version:
        return
    _keep_implied_memberships(cr)
    _align_companies(cr)


def _keep_implied_memberships(cr):
    """1. The Inventory memberships Logistics Operator implied stay, explicitly."""
    operator = _group_id(cr, "industrial_logistics", "group_logistics_operator")
    storekeeper = _group_id(cr, "industrial_logistics", "group_logistics_storekeeper")
    for module, name in (("stock", "group_stock_user"), ("stock", "group_stock_multi_locations")):
        implied = _group_id(cr, module, name)
        if not (operator and implied):
            continue
        cr.execute(
            """
            INSERT INTO res_groups_users_rel (gid, uid)
                 SELECT %(implied)s, rel.uid FROM res_groups_users_rel rel
                  WHERE rel.gid = %(operator)s
            ON CONFLICT DO NOTHING
            """,
            {"implied": implied, "operator": operator},
        )
        added = cr.rowcount
        cr.execute(
            """
            SELECT count(*) FROM res_groups_users_rel rel
             WHERE rel.gid = %(operator)s
               AND NOT EXISTS (SELECT 1 FROM res_groups_users_rel sk
                                WHERE sk.uid = rel.uid AND sk.gid = %(storekeeper)s)
            """,
            {"operator": operator, "storekeeper": storekeeper or 0},
        )
        operators_only = cr.fetchone()[0]
        _logger.info(
            "industrial_logistics 18.0.1.1.0: Logistics Operator no longer implies %s.%s; "
            "%s operator(s) who are not storekeepers keep it as their own membership (%s added "
            "now). Remove it from those who only scan cards.",
            module,
            name,
            operators_only,
            added,
        )


def _align_companies(cr):
    """2. Scan log rows in their card's company, ABC history rows in their warehouse's."""
    cr.execute(
        """
        UPDATE logistics_kanban_scan scan
           SET company_id = card.company_id
          FROM logistics_kanban_card card
         WHERE scan.card_id = card.id AND scan.company_id != card.company_id
        """
    )
    _logger.info(
        "industrial_logistics 18.0.1.1.0: %s scan row(s) moved to their card's company", cr.rowcount
    )
    cr.execute(
        """
        UPDATE logistics_abc_history history
           SET company_id = warehouse.company_id
          FROM stock_warehouse warehouse
         WHERE history.warehouse_id = warehouse.id
           AND history.company_id != warehouse.company_id
        """
    )
    _logger.info(
        "industrial_logistics 18.0.1.1.0: %s ABC history row(s) moved to their warehouse's company",
        cr.rowcount,
    )
