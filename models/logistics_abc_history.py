from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .logistics_count_policy import ABC_CLASSES


class LogisticsAbcHistory(models.Model):
    """One product's class at one reclassification (or manual override), kept to see it move."""

    _name = "logistics.abc.history"
    _description = "ABC Class History"
    _order = "date desc, id desc"

    product_id = fields.Many2one("product.product", required=True, ondelete="cascade", index=True)
    warehouse_id = fields.Many2one("stock.warehouse", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    abc_class = fields.Selection(ABC_CLASSES, "Class", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    value = fields.Float("Consumption value / picks", readonly=True)
    rank = fields.Integer(readonly=True)
    cumulative_share = fields.Float("Cumulative share (%)", readonly=True)
    manual_override = fields.Boolean(readonly=True)
    reason = fields.Char()

    @api.constrains("manual_override", "reason")
    def _check_reason(self):
        for record in self:
            if record.manual_override and not (record.reason or "").strip():
                raise ValidationError(self.env._("Say why the class is overridden."))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record in records.filtered("manual_override"):
            record.product_id.write({"abc_class": record.abc_class, "abc_class_manual": True})
        return records

    @api.model
    def _insert_ranking(self, policy, ranking):
        """Keep one history row per product and run, in one INSERT (20k rows through the ORM
        would dominate the reclassification time)."""
        rows = [
            (item.key, item.abc_class, item.value, rank, round(item.cumulative_share * 100, 4))
            for rank, item in enumerate(ranking, start=1)
        ]
        if not rows:
            return
        columns = [list(column) for column in zip(*rows, strict=True)]
        product_ids, classes, values, ranks, shares = columns
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO logistics_abc_history (
                product_id, warehouse_id, company_id, abc_class, date, value, rank,
                cumulative_share, manual_override, create_uid, write_uid, create_date, write_date)
            SELECT p, %(warehouse)s, %(company)s, c, now() at time zone 'UTC', v, r, s, false,
                   %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM unnest(%(products)s::int[], %(classes)s::varchar[], %(values)s::float8[],
                          %(ranks)s::int[], %(shares)s::float8[]) AS t(p, c, v, r, s)
            """,
                warehouse=policy.warehouse_id.id,
                company=policy.company_id.id,
                uid=self.env.uid,
                products=product_ids,
                classes=classes,
                values=values,
                ranks=ranks,
                shares=shares,
            )
        )
        self.invalidate_model()
