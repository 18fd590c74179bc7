from odoo import fields, models
from odoo.tools import float_compare


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _logistics_lot_info(self):
        """{order id: {source, source_name, lot_qty, setup_minutes, setup_share}} for the
        planning board and the levelling (issue 15, lot sizes).

        `source` is ``orderpoint`` (Odoo's reorder rule: its multiple is the lot size, the
        order's own quantity when it has none), ``kanban`` (a kanban card's procurement: the
        loop's container quantity) or False. Setup = the work orders' setup and clean-up minutes
        (Odoo's `_get_expected_duration` of their centre), its share = setup / expected
        duration of the order's open work orders. Bulk: one search of the cards."""
        cards = self.env["logistics.kanban.card"].search(
            [("group_id", "in", self.procurement_group_id.ids)]
        )
        loop_of_group = {card.group_id.id: card.loop_id for card in cards}
        info = {}
        for production in self:
            workorders = production.workorder_ids.filtered(
                lambda wo: wo.state not in ("done", "cancel")
            )
            setup = sum(wo.workcenter_id._get_expected_duration(wo.product_id) for wo in workorders)
            total = sum(workorders.mapped("duration_expected"))
            loop = loop_of_group.get(production.procurement_group_id.id)
            orderpoint = production.orderpoint_id
            if loop:
                source, name, lot = "kanban", loop.code, loop.container_qty
            elif orderpoint:
                source, name = "orderpoint", orderpoint.display_name
                lot = orderpoint.qty_multiple or production.product_qty
            else:
                source, name, lot = False, False, production.product_qty
            info[production.id] = {
                "source": source,
                "source_name": name,
                "lot_qty": lot,
                "setup_minutes": min(setup, total),
                "setup_share": min(1.0, setup / total) if total else 0.0,
            }
        return info

    def _logistics_components_arrival(self):
        """{order id: (expected arrival of its last component or False, missing)}: Odoo's own
        forecast of the components (`forecast_expected_date` / `forecast_availability` of the
        raw moves, as the order's *Component Status*). ``missing``: a component neither in
        stock nor expected, whose arrival no one can date."""
        moves = self.move_raw_ids.filtered(lambda move: move.state not in ("done", "cancel"))
        # one batch over all orders, as mrp.production._compute_components_availability
        moves._fields["forecast_availability"].compute_value(moves)
        per_order = {}
        for move in moves:
            per_order.setdefault(move.raw_material_production_id.id, []).append(move)
        arrival = {}
        for production in self:
            own = per_order.get(production.id, [])
            missing = any(
                float_compare(
                    move.forecast_availability,
                    0 if move.state == "draft" else move.product_qty,
                    precision_rounding=move.product_id.uom_id.rounding,
                )
                < 0
                for move in own
            )
            dates = [move.forecast_expected_date for move in own if move.forecast_expected_date]
            latest = max(dates, default=False)
            if latest and latest <= fields.Datetime.now():
                latest = False
            arrival[production.id] = (latest, missing)
        return arrival
