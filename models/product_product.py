from odoo import fields, models

from .logistics_count_policy import ABC_CLASSES


class ProductProduct(models.Model):
    _inherit = "product.product"

    abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC class",
        default="C",
        index=True,
        help="Current class from the last classification or a manual override; sets how often "
        "the locations holding the product are counted.",
    )
    abc_class_manual = fields.Boolean(
        "Manual ABC class", help="Reclassification leaves this product's class alone."
    )
    abc_history_ids = fields.One2many("logistics.abc.history", "product_id", "ABC history")

    def action_override_abc_class(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override ABC class"),
            "res_model": "logistics.abc.history",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "industrial_logistics.logistics_abc_history_view_form_override"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "default_product_id": self.id,
                "default_manual_override": True,
                "default_abc_class": self.abc_class,
            },
        }

    def action_release_abc_class(self):
        """Hand the class back to the next reclassification."""
        self.write({"abc_class_manual": False})
