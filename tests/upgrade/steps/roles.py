"""18.0.1.1.0, roles (migrations/18.0.1.1.0/pre-roles.py and post-roles.py): operators keep
Inventory / User by their own membership when the group stops implying it, duplicate open
stockouts are closed before the one-open-per-loop index, scan and ABC history rows move to
their card's / warehouse's company, and four access rights shrink to read only (expected in
the security fingerprint)."""

from datetime import timedelta

import activity

from odoo import fields

VERSION = "18.0.1.1.0"
OPERATOR_LOGIN = "upgrade_test_roles_operator"
BARE_LOGIN = "upgrade_test_roles_bare_operator"
CLOSED_NOTE = "Closed at upgrade: declared again while already open."
INDEX = "logistics_stockout_event_one_open_per_loop"
# (access xmlid, [read, write, create, unlink]) as 18.0.1.1.0 grants them.
ACCESS = {
    "access:access_logistics_kanban_scan_manager": [True, False, False, False],
    "access:access_logistics_stockout_event_operator": [True, False, False, False],
    "access:access_logistics_milk_run_round_storekeeper": [True, False, False, False],
    "access:access_logistics_milk_run_round_stop_storekeeper": [True, False, False, False],
}


def record(env):
    """On the release: the rows the migration transforms. Dated 100 days back, out of the
    dashboard's period and its previous one, so the KPIs of the record do not move when the
    duplicate stockout is closed (an open event counts until now, a closed one for 0 h)."""
    ref = env.ref
    long_ago = fields.Datetime.now().replace(microsecond=0) - timedelta(days=100)
    other = env["res.company"].create({"name": "Upgrade Test Roles Plant"})
    operator, bare, bare_had_inventory = _create_operators(env)
    Event = env["logistics.stockout.event"]
    loop = env["logistics.kanban.loop"].search(
        [("id", "not in", Event.search([("date_end", "=", False)]).loop_id.ids)],
        order="code",
        limit=1,
    )
    # The release refused a second declaration on an open loop in declare(), not in the
    # table: both made by create(), as the superuser, which the release let through.
    first, second = Event.create(
        [
            {"loop_id": loop.id, "user_id": operator.id, "date": long_ago},
            {"loop_id": loop.id, "user_id": operator.id, "date": long_ago + timedelta(hours=5)},
        ]
    )
    card = loop.card_ids.sorted("sequence")[:1]
    scan = env["logistics.kanban.scan"].create(
        {
            "date": long_ago,
            "company_id": other.id,
            "source": "upgrade test",
            "barcode": card.barcode,
            "card_id": card.id,
            "loop_id": loop.id,
            "status": "error",
            "message": "Upgrade test: a scan row filed in another company",
        }
    )
    warehouse = ref("stock.warehouse0")
    history = env["logistics.abc.history"].create(
        {
            "product_id": loop.product_id.id,
            "warehouse_id": warehouse.id,
            "company_id": other.id,
            "abc_class": "B",
            "date": long_ago,
        }
    )
    return {
        "operator": operator.id,
        "bare_operator": bare.id,
        "bare_had_inventory": bare_had_inventory,
        "loop": loop.id,
        "open_event": str(first.id),
        "duplicate_event": str(second.id),
        "scan": str(scan.id),
        "scan_company": card.company_id.id,
        "abc": str(history.id),
        "abc_company": warehouse.company_id.id,
    }


def _create_operators(env):
    """(operator, operator without the Inventory memberships, whether that one still has
    them before the upgrade): two Logistics Operators of the main company."""
    operator, bare = env["res.users"].create(
        [
            activity.operator_vals(env, name, login)
            for name, login in (
                ("Upgrade Test Roles Operator", OPERATOR_LOGIN),
                ("Upgrade Test Roles Bare Operator", BARE_LOGIN),
            )
        ]
    )
    # An operator without the Inventory memberships the group implied: the ORM re-adds implied
    # groups at every write, so such a row set only comes from SQL (an import, a hand fix). The
    # upgrade keeps the rows the others have; for this one, post-roles must add them.
    env.cr.execute(
        "DELETE FROM res_groups_users_rel WHERE uid = %s AND gid = ANY(%s)",
        [bare.id, _inventory_groups(env).ids],
    )
    env.invalidate_all()
    bare_had_inventory = bool(_inventory_groups(env) & bare.groups_id)
    return operator, bare, bare_had_inventory


def expect(before, env):
    """The duplicate event closed at its own declaration time (0 h) with the note; the scan
    and ABC rows in the company of their card and warehouse."""
    mine = before["steps"]["roles"]
    records = before["records"]
    duplicate = records["logistics.stockout.event"][mine["duplicate_event"]]
    duplicate["date_end"] = duplicate["date"]
    duplicate["duration_hours"] = 0.0
    duplicate["note"] = "\n".join(filter(None, [duplicate["note"], CLOSED_NOTE]))
    records["logistics.kanban.scan"][mine["scan"]]["company_id"] = mine["scan_company"]
    records["logistics.abc.history"][mine["abc"]]["company_id"] = mine["abc_company"]
    security = before["fingerprint"]["security"]
    for key, perms in ACCESS.items():
        security[key]["perms"] = perms


def check(before, env, checker):
    mine = before["steps"]["roles"]
    _check_groups(mine, env, checker)
    _check_stockouts(mine, env, checker)
    _check_access(before, mine, env, checker)


def _inventory_groups(env):
    return env.ref("stock.group_stock_user") | env.ref("stock.group_stock_multi_locations")


def _check_groups(mine, env, checker):
    ref = env.ref
    stock_user, multi = ref("stock.group_stock_user"), ref("stock.group_stock_multi_locations")
    operator_group = ref("industrial_logistics.group_logistics_operator")
    storekeeper_group = ref("industrial_logistics.group_logistics_storekeeper")
    checker.true(
        "roles/the bare operator had no Inventory membership on the release",
        not mine["bare_had_inventory"],
    )
    # Memberships of the users, not implied any more by the operator group (checked below).
    for key in ("operator", "bare_operator"):
        user = env["res.users"].browse(mine[key])
        checker.true(f"roles/{user.login} has Inventory / User", stock_user in user.groups_id)
        checker.true(f"roles/{user.login} has multi-locations", multi in user.groups_id)
    checker.equal(
        "roles/operator group implies",
        {"base.group_user"},
        set(operator_group.implied_ids.get_external_id().values()),
    )
    checker.true(
        "roles/operator group gives no Inventory right",
        not _inventory_groups(env) & operator_group.trans_implied_ids,
    )
    checker.true(
        "roles/storekeeper group implies Inventory / User and multi-locations",
        _inventory_groups(env) <= storekeeper_group.implied_ids,
    )


def _check_stockouts(mine, env, checker):
    Event = env["logistics.stockout.event"]
    open_counts = Event._read_group([("date_end", "=", False)], ["loop_id"], ["__count"])
    checker.equal(
        "roles/loops with more than one open stockout",
        [],
        [loop.id for loop, count in open_counts if count > 1],
    )
    checker.true(
        "roles/earliest duplicate stays open",
        not Event.browse(int(mine["open_event"])).date_end,
    )
    env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
    row = env.cr.fetchone()
    checker.true(
        f"roles/index {INDEX}",
        row and "UNIQUE" in row[0] and "date_end IS NULL" in row[0],
        f"found {row}",
    )


def _check_access(before, mine, env, checker):
    """What each role may do with the access rows of 18.0.1.1.0."""
    for key, perms in ACCESS.items():
        # The comparison of the security fingerprint (run.py) checks the new perms; this,
        # that the release's were different, so that the expectation is not a no-op.
        checker.true(
            f"roles/{key} was wider in the release",
            before["fingerprint"]["security"][key]["perms"] != perms,
        )
    ref = env.ref
    Access = env["ir.model.access"]
    operator = env["res.users"].browse(mine["operator"])
    storekeeper = ref("industrial_logistics.demo_user_storekeeper")
    manager = ref("base.user_admin")
    cases = [
        (operator, "logistics.stockout.event", "read", True),
        (operator, "logistics.stockout.event", "write", False),
        (operator, "logistics.stockout.event", "create", False),
        (storekeeper, "logistics.milk.run.round", "read", True),
        (storekeeper, "logistics.milk.run.round", "write", False),
        (storekeeper, "logistics.milk.run.round", "create", False),
        (storekeeper, "logistics.milk.run.round.stop", "write", False),
        (storekeeper, "logistics.milk.run.round.stop", "unlink", False),
        (manager, "logistics.kanban.scan", "read", True),
        (manager, "logistics.kanban.scan", "write", False),
        (manager, "logistics.kanban.scan", "unlink", False),
        (manager, "logistics.milk.run.round", "write", True),
        (manager, "logistics.stockout.event", "write", True),
    ]
    for user, model, mode, allowed in cases:
        checker.equal(
            f"roles/{user.login} may {mode} {model}",
            allowed,
            Access.with_user(user).check(model, mode, raise_exception=False),
        )
