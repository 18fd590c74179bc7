"""Shop-floor activity on the released version's demo plant, through the ORM as its users
would do it, so that the upgrade meets records in every state and not only fresh demo data.

It runs on the *release* (its models and methods), before the upgrade: keep it to the API of
the release recorded in migrations/RELEASES. Any refusal stops the upgrade test (`fail`):
the activity must really happen for the comparison to mean something.
"""

from odoo import Command

OPERATOR_LOGIN = "upgrade_test_operator"


class ActivityError(Exception):
    pass


def fail(message):
    raise ActivityError(message)


def run(env):
    """Everything, in the order a day on the floor would do it; returns what was done."""
    ref = env.ref
    admin = ref("base.user_admin")  # supply-chain manager and buyer in the demo
    storekeeper = ref("industrial_logistics.demo_user_storekeeper")
    operator = env["res.users"].create(operator_vals(env, "Upgrade Test Operator", OPERATOR_LOGIN))
    done = {}
    done["round_done"] = drive_loading_round(env, storekeeper)
    done["scanned"] = scan_one_full_card_per_loop(env, operator)
    done["stockout"] = declare_stockout(env, operator)
    done["rfq_confirmed"] = confirm_waiting_rfq(env, admin)
    done["round_built"] = build_next_round(env, admin)
    done["counts"] = count(env, storekeeper, admin)
    done["abc_override"] = override_abc(env, admin)
    env["logistics.kpi.stock.snapshot"]._cron_refresh()
    env.flush_all()
    return done


def operator_vals(env, name, login):
    """A Logistics Operator of the main company, the demo plant's (also the roles step's)."""
    ref = env.ref
    return {
        "name": name,
        "login": login,
        "company_id": ref("base.main_company").id,
        "company_ids": [Command.link(ref("base.main_company").id)],
        "groups_id": [
            Command.link(ref("base.group_user").id),
            Command.link(ref("industrial_logistics.group_logistics_operator").id),
        ],
    }


def drive_loading_round(env, driver):
    """The demo round leaves, drops at every stop (its cards turn full), and comes back."""
    milk_run = env.ref("industrial_logistics.demo_milk_run_lines")
    round_ = milk_run.round_ids.filtered(lambda r: r.state == "loading")[:1].with_user(driver)
    if not round_:
        fail("the demo circuit has no loading round to drive")
    round_.action_start()
    for round_stop in round_.round_stop_ids.sorted("sequence"):
        stop_id = round_.action_scan_location(round_stop.stop_id.location_id.barcode)
        env["logistics.milk.run.round.stop"].with_user(driver).browse(stop_id).action_confirm_drop()
    round_.action_finish()
    if round_.state != "done":
        fail(f"the demo round {round_.name} did not finish: {round_.state}")
    return round_.name


def scan_one_full_card_per_loop(env, operator):
    """An operator scans one full card of every loop: replenishments of the three routes
    (supermarket transfer, RFQ, manufacturing order) start and stay in flight."""
    Card = env["logistics.kanban.card"].with_user(operator)
    scanned = []
    for loop in env["logistics.kanban.loop"].search([], order="code"):
        card = loop.card_ids.filtered(lambda c: c.state == "full").sorted("sequence")[:1]
        if not card:
            continue
        result = Card.scan(card.barcode, "handheld")
        if result["status"] == "error":
            fail(f"scan of {card.barcode} refused: {result['message']}")
        scanned.append(card.barcode)
    if len(scanned) < 3:
        fail(f"only {len(scanned)} loops had a full card to scan")
    return scanned


def declare_stockout(env, operator):
    card = env["logistics.kanban.card"].search([("state", "=", "replenishing")], limit=1)
    result = env["logistics.stockout.event"].with_user(operator).declare(barcode=card.barcode)
    if result["status"] != "ok":
        fail(f"stockout on {card.barcode} refused: {result['message']}")
    return card.barcode


def confirm_waiting_rfq(env, buyer):
    """Purchasing confirms the RFQs the buy cards made: their receipts are in flight."""
    cards = env["logistics.kanban.card"].search([])
    orders = cards.purchase_line_ids.order_id.filtered(lambda o: o.state in ("draft", "sent"))
    if not orders:
        fail("no kanban RFQ waits for purchasing")
    orders.with_user(buyer).button_confirm()
    return orders.mapped("name")


def build_next_round(env, manager):
    """The next round takes the transfers the scans made: built, loading, not left."""
    milk_run = env.ref("industrial_logistics.demo_milk_run_lines").with_user(manager)
    milk_run.action_build_next_round()
    round_ = milk_run.round_ids.filtered(lambda r: r.state == "loading")
    if not round_.picking_ids:
        fail("the next round took no transfer")
    return round_.mapped("name")


def count(env, storekeeper, manager):
    """Line 1-A counted with a part short beyond tolerance, which the manager posts without
    recount (quants change); the supermarket count is started and one line typed."""
    ref = env.ref
    posted = ref("industrial_logistics.demo_count_task_today_line1_a").with_user(storekeeper)
    posted.action_scan(posted.location_id.barcode)
    if not posted.line_ids:
        fail(f"{posted.name} has nothing to count")
    lines = posted.line_ids.sorted("id")
    for line in lines:
        short = line == lines[0]
        posted.action_set_counted_qty(
            line.id, line.theoretical_qty / 2 if short else line.theoretical_qty
        )
    posted.action_submit()
    if posted.state != "recount":
        fail(f"{posted.name} should wait for a recount, it is {posted.state}")
    posted = posted.with_user(manager)
    posted.decision_reason = "Upgrade test: the shortage is confirmed by the line leader."
    posted.action_post_without_recount()
    started = ref("industrial_logistics.demo_count_task_today_supermarket").with_user(storekeeper)
    started.action_scan(started.location_id.barcode)
    line = started.line_ids.sorted("id")[:1]
    if not line:
        fail(f"{started.name} has nothing to count")
    started.action_set_counted_qty(line.id, line.theoretical_qty)
    return {"posted": posted.name, "in_progress": started.name}


def override_abc(env, manager):
    """The manager forces a C part to A for the warehouse."""
    warehouse = env.ref("stock.warehouse0")
    current = env["logistics.abc.history"].search(
        [("warehouse_id", "=", warehouse.id), ("is_current", "=", True), ("abc_class", "=", "C")],
        order="product_id",
        limit=1,
    )
    if not current:
        fail("no product is class C in the demo warehouse")
    override = (
        env["logistics.abc.history"]
        .with_user(manager)
        .create(
            {
                "product_id": current.product_id.id,
                "warehouse_id": warehouse.id,
                "abc_class": "A",
                "manual_override": True,
                "reason": "Upgrade test: safety part",
            }
        )
    )
    if not override.is_current:
        fail("the ABC override is not the current class")
    return current.product_id.default_code
