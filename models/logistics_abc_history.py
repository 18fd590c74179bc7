from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from .logistics_count_policy import ABC_CLASSES


class LogisticsAbcHistory(models.Model):
    """One product's class in one warehouse at one reclassification (or manual override).

    The row flagged current is the product's class in that warehouse: one per product and
    warehouse, so each warehouse counts by its own ranking and its own overrides.
    """

    _name = "logistics.abc.history"
    _description = "ABC Class History"
    _order = "date desc, id desc"
    _check_company_auto = True

    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True, check_company=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    abc_class = fields.Selection(ABC_CLASSES, "Class", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    value = fields.Float("Consumption value / picks", readonly=True)
    rank = fields.Integer(readonly=True)
    cumulative_share = fields.Float("Cumulative share (%)", readonly=True)
    manual_override = fields.Boolean("Manual", readonly=True)
    is_current = fields.Boolean(
        "Current",
        readonly=True,
        help="The product's class in this warehouse now: the latest ranking or manual override.",
    )
    reason = fields.Char()

    _sql_constraints = [
        (
            "current_uniq",
            "EXCLUDE (product_id WITH =, warehouse_id WITH =) WHERE (is_current)",
            "A product has one current class per warehouse.",
        ),
    ]

    def _auto_init(self):
        """Databases from before per-warehouse classes: an override that had no warehouse
        applies in each warehouse of its company, and each product's latest row per warehouse
        becomes its current class."""
        cr = self.env.cr
        upgrading = table_exists(cr, self._table) and not column_exists(
            cr, self._table, "is_current"
        )
        if upgrading:
            cr.execute(
                SQL("""
                INSERT INTO logistics_abc_history (
                    product_id, warehouse_id, company_id, abc_class, date, value, rank,
                    cumulative_share, manual_override, reason, create_uid, write_uid,
                    create_date, write_date)
                SELECT h.product_id, w.id, h.company_id, h.abc_class, h.date, h.value, h.rank,
                       h.cumulative_share, h.manual_override, h.reason, h.create_uid,
                       h.write_uid, h.create_date, h.write_date
                  FROM logistics_abc_history h
                  JOIN stock_warehouse w ON w.company_id = h.company_id
                 WHERE h.warehouse_id IS NULL;
                DELETE FROM logistics_abc_history WHERE warehouse_id IS NULL;
                """)
            )
        result = super()._auto_init()
        if upgrading:
            cr.execute(
                SQL("""
                UPDATE logistics_abc_history SET is_current = true
                 WHERE id IN (SELECT DISTINCT ON (product_id, warehouse_id) id
                                FROM logistics_abc_history
                               ORDER BY product_id, warehouse_id, date DESC, id DESC)
                """)
            )
        return result

    @api.constrains("manual_override", "reason")
    def _check_reason(self):
        for record in self:
            if record.manual_override and not (record.reason or "").strip():
                raise ValidationError(self.env._("Say why the class is overridden."))

    @api.model_create_multi
    def create(self, vals_list):
        """A manual override becomes the current class of its product in its warehouse only."""
        overrides = [vals for vals in vals_list if vals.get("manual_override")]
        keys = {(vals.get("product_id"), vals.get("warehouse_id")) for vals in overrides}
        if keys:
            self.search(
                [("is_current", "=", True), ("product_id", "in", [key[0] for key in keys])]
            ).filtered(
                lambda row: (row.product_id.id, row.warehouse_id.id) in keys
            ).is_current = False
            self.env.flush_all()
        for vals in overrides:
            vals["is_current"] = True
        return super().create(vals_list)

    @api.depends("product_id", "warehouse_id", "abc_class")
    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"{record.product_id.display_name} / {record.warehouse_id.name}: {record.abc_class}"
            )

    def action_override(self):
        """Open the override form on this row's product and warehouse."""
        self.ensure_one()
        return self.product_id._action_override_abc_class(self.warehouse_id, self.abc_class)

    def action_release(self):
        """Hand the class back to the ranking: the warehouse's latest ranked row is current
        again (none: the product is C there until the next reclassification)."""
        manual = self.filtered(lambda row: row.is_current and row.manual_override)
        if not manual:
            return True
        ranked = self.search(
            [
                ("product_id", "in", manual.product_id.ids),
                ("warehouse_id", "in", manual.warehouse_id.ids),
                ("manual_override", "=", False),
            ],
            order="date desc, id desc",
        )
        latest = {}
        for row in ranked:
            latest.setdefault((row.product_id, row.warehouse_id), row)
        manual.is_current = False
        self.env.flush_all()
        self.browse(
            [
                latest[row.product_id, row.warehouse_id].id
                for row in manual
                if (row.product_id, row.warehouse_id) in latest
            ]
        ).is_current = True
        return True

    @api.model
    def _insert_ranking(self, policy, ranking):
        """Keep one history row per product and run, current from now on, in one UPDATE and
        one INSERT (20k rows through the ORM would dominate the reclassification time)."""
        rows = [
            (item.key, item.abc_class, item.value, rank, round(item.cumulative_share * 100, 4))
            for rank, item in enumerate(ranking, start=1)
        ]
        if not rows:
            return
        columns = [list(column) for column in zip(*rows, strict=True)]
        product_ids, classes, values, ranks, shares = columns
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            UPDATE logistics_abc_history
               SET is_current = false
             WHERE is_current AND warehouse_id = %(warehouse)s
               AND product_id = ANY(%(products)s::int[])
            """,
                warehouse=policy.warehouse_id.id,
                products=product_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO logistics_abc_history (
                product_id, warehouse_id, company_id, abc_class, date, value, rank,
                cumulative_share, manual_override, is_current, create_uid, write_uid, create_date,
                write_date)
            SELECT p, %(warehouse)s, %(company)s, c, now() at time zone 'UTC', v, r, s, false,
                   true, %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
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
