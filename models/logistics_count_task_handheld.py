from odoo import api, fields, models
from odoo.exceptions import UserError

from .logistics_count_task import OPEN_STATES


class LogisticsCountTask(models.Model):
    """The storekeeper's handheld ("My counts today"): what it reads and what a scan does.

    Kept apart from the count's rules (logistics_count_task.py) so that each file stays
    readable; every change still goes through the checked actions of the task.
    """

    _inherit = "logistics.count.task"

    def action_scan(self, barcode):
        """One scan on the handheld: the location first, then products, lots or packages."""
        self.ensure_one()
        self._check_counting()
        barcode = (barcode or "").strip()
        if not barcode:
            raise UserError(self.env._("Nothing was scanned."))
        if len(barcode) > 128:
            raise UserError(self.env._("This is not a barcode: scan again."))
        location = self.env["stock.location"].search(
            ["|", ("barcode", "=", barcode), ("complete_name", "=", barcode)], limit=1
        ) or self.env["stock.location"].search([("name", "=", barcode)], limit=1)
        if location:
            if location != self.location_id:
                raise UserError(
                    self.env._(
                        "Location %(scanned)s is not on your task: count %(expected)s.",
                        scanned=location.complete_name,
                        expected=self.location_id.complete_name,
                    )
                )
            self.action_start()
            # sudo(): checked above; the storekeeper changes the task only through this action
            self.sudo().location_confirmed = True
            return {"message": self.env._("Location %s: scan the products.", location.name)}
        if not self.location_confirmed:
            raise UserError(
                self.env._("Scan the location %s first.", self.location_id.complete_name)
            )
        package_lines = self.line_ids.filtered(lambda line: line.package_id.name == barcode)
        if package_lines:
            return {
                "message": self.env._("Package %s: type the quantity of each product.", barcode),
                "line_id": package_lines[0].id if len(package_lines) == 1 else False,
            }
        lot = self.env["stock.lot"]
        product = self.env["product.product"].search(
            ["|", ("barcode", "=", barcode), ("default_code", "=", barcode)], limit=1
        )
        if not product:
            # sudo(): lots are stock data a storekeeper may lack the right to read; the search
            # is bounded to the task's company
            lot = (
                self.env["stock.lot"]
                .sudo()
                .search(
                    [("name", "=", barcode), ("company_id", "in", [False, self.company_id.id])],
                    limit=1,
                )
            )
            product = lot.product_id
        if not product:
            raise UserError(self.env._("Nothing is known under the barcode %s.", barcode))
        line = self._find_or_add_line(product, lot)
        return {
            "message": self.env._("%s: type the quantity.", product.display_name),
            "line_id": line.id,
        }

    def _find_or_add_line(self, product, lot):
        """The line of this product / lot, or a new loose one for a product not expected here."""
        self.ensure_one()
        if not product.is_storable:
            raise UserError(
                self.env._(
                    "%s is not a stocked product: it cannot be counted.", product.display_name
                )
            )
        lines = self.line_ids.filtered(lambda line: line.product_id == product)
        if lot:
            lines = lines.filtered(lambda line: line.lot_id == lot)
        elif product.tracking != "none" and len(lines) != 1:
            raise UserError(
                self.env._("%s is tracked: scan its lot or serial number.", product.display_name)
            )
        if len(lines) > 1:
            raise UserError(
                self.env._(
                    "%(product)s is here in several packages or for several owners: scan the "
                    "package, or type each quantity on its line.",
                    product=product.display_name,
                )
            )
        if lines:
            return lines
        # sudo(): checked by action_scan; storekeepers cannot create count lines themselves
        line = (
            self.env["logistics.count.line"]
            .sudo()
            .create(
                {
                    "task_id": self.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "unexpected": True,
                }
            )
        )
        line._snapshot_book()
        return line.with_env(self.env)

    @api.model
    def get_my_counts_today(self):
        """Tasks of the current user due today or earlier and not closed, for the handheld."""
        tasks = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("state", "in", OPEN_STATES),
                ("date_planned", "<=", fields.Date.context_today(self)),
            ]
        )
        return [
            {
                "id": task.id,
                "name": task.name,
                "location": task.location_id.complete_name,
                "state": task.state,
                "is_recount": task.is_recount,
                "overdue": task.overdue or task.date_planned < fields.Date.context_today(self),
            }
            for task in tasks
        ]

    def get_count_screen_data(self):
        self.ensure_one()
        self.check_access("read")
        # sudo(): the task is readable by the caller (checked); its lots and packages are stock
        # data a storekeeper may have no other right to read
        task = self.sudo()
        blind = task.blind_count
        return {
            "id": task.id,
            "name": task.name,
            "state": task.state,
            "location": task.location_id.complete_name,
            "location_confirmed": task.location_confirmed,
            "blind": blind,
            "is_recount": task.is_recount,
            "recounts": [
                {"name": recount.name, "user": recount.user_id.name or ""}
                for recount in task.recount_task_ids
            ],
            "lines": [
                {
                    "id": line.id,
                    "product": line.product_id.display_name,
                    "lot": line.lot_id.name or "",
                    "package": line.package_id.name or "",
                    "owner": line.owner_id.name or "",
                    "uom": line.product_uom_id.name,
                    # blind count (and recounts): the storekeeper must not be anchored
                    "theoretical_qty": False if blind or task.is_recount else line.theoretical_qty,
                    "counted_qty": line.counted_qty if line.is_counted else False,
                    "is_counted": line.is_counted,
                    "unexpected": line.unexpected,
                }
                for line in task.line_ids
            ],
        }
