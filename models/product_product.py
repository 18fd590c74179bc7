from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    abc_history_ids = fields.One2many("logistics.abc.history", "product_id", "ABC history")
    abc_class_ids = fields.One2many(
        "logistics.abc.history",
        "product_id",
        "ABC class per warehouse",
        domain=[("is_current", "=", True)],
        help="The product's class in each warehouse (latest ranking or manual override); sets "
        "how often the warehouse counts the locations holding it.",
    )

    def action_override_abc_class(self):
        self.ensure_one()
        return self._action_override_abc_class(self.env["stock.warehouse"], False)

    def _action_override_abc_class(self, warehouse, abc_class):
        """The override form; it asks for the warehouse when none is given."""
        self.ensure_one()
        form = self.env.ref("industrial_logistics.logistics_abc_history_view_form_override")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override ABC class"),
            "res_model": "logistics.abc.history",
            "view_mode": "form",
            "views": [(form.id, "form")],
            "target": "new",
            "context": {
                "default_product_id": self.id,
                "default_warehouse_id": warehouse.id,
                "default_company_id": (warehouse.company_id or self.env.company).id,
                "default_manual_override": True,
                "default_abc_class": abc_class or "C",
            },
        }
