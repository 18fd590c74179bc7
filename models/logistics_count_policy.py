import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..logistics_algorithms import abc_classification

_logger = logging.getLogger(__name__)

ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
# Bounds of what a manager types: ten years of history, a thousand locations a day.
MAX_PERIOD_DAYS = 3650
MAX_DAILY_CAPACITY = 1000


class LogisticsCountPolicy(models.Model):
    """How a warehouse ranks its products (ABC) and how often and how strictly it counts them."""

    _name = "logistics.count.policy"
    _description = "Cycle Count Policy"
    _inherit = ["mail.thread"]
    _check_company_auto = True

    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="cascade", check_company=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    period_days = fields.Integer(
        "Classification period (days)",
        default=365,
        required=True,
        help="Done outgoing and consumption moves of the last N days rank the products.",
    )
    basis = fields.Selection(
        [("value", "Consumption value"), ("picks", "Number of picks")],
        default="value",
        required=True,
        help="Consumption value = quantity consumed x unit cost; picks = number of done moves.",
    )
    cutoff_a = fields.Float("Class A share (%)", default=80.0, required=True)
    cutoff_b = fields.Float("Class B share (%)", default=15.0, required=True)
    cutoff_c = fields.Float("Class C share (%)", compute="_compute_cutoff_c")
    counts_per_year_a = fields.Integer("Counts a year (A)", default=12, required=True)
    counts_per_year_b = fields.Integer("Counts a year (B)", default=4, required=True)
    counts_per_year_c = fields.Integer("Counts a year (C)", default=1, required=True)
    tolerance_a = fields.Float("Tolerance A (± %)", default=1.0, required=True)
    tolerance_b = fields.Float("Tolerance B (± %)", default=3.0, required=True)
    tolerance_c = fields.Float("Tolerance C (± %)", default=5.0, required=True)
    blind_count = fields.Boolean(help="Storekeepers do not see the quantity the system expects.")
    capacity_basis = fields.Selection(
        [("storekeeper", "Per storekeeper"), ("warehouse", "For the warehouse")],
        default="storekeeper",
        required=True,
    )
    daily_capacity = fields.Integer(
        "Counts per day", default=20, required=True, help="Locations counted in one working day."
    )
    storekeeper_ids = fields.Many2many(
        "res.users",
        string="Storekeepers",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("industrial_logistics.group_logistics_storekeeper").id)
        ],
    )
    last_classification_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("warehouse_uniq", "unique(warehouse_id)", "A warehouse has one count policy."),
    ]

    @api.depends("warehouse_id")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = self.env._("Count policy %s", policy.warehouse_id.name or "")

    @api.depends("cutoff_a", "cutoff_b")
    def _compute_cutoff_c(self):
        for policy in self:
            policy.cutoff_c = 100.0 - policy.cutoff_a - policy.cutoff_b

    @api.constrains(
        "cutoff_a", "cutoff_b", "period_days", "daily_capacity", "tolerance_a", "tolerance_b",
        "tolerance_c", "counts_per_year_a", "counts_per_year_b", "counts_per_year_c",
    )  # fmt: skip
    def _check_values(self):
        for policy in self:
            if (
                not (0 < policy.cutoff_a and policy.cutoff_b >= 0)
                or policy.cutoff_a + policy.cutoff_b > 100
            ):
                raise ValidationError(
                    self.env._("Class shares must be positive and A + B may not exceed 100 %.")
                )
            if not 0 < policy.period_days <= MAX_PERIOD_DAYS:
                raise ValidationError(
                    self.env._(
                        "The classification period must be between 1 and %(max)s days.",
                        max=MAX_PERIOD_DAYS,
                    )
                )
            if not 0 <= policy.daily_capacity <= MAX_DAILY_CAPACITY:
                raise ValidationError(
                    self.env._(
                        "Counts per day must be between 0 and %(max)s.", max=MAX_DAILY_CAPACITY
                    )
                )
            tolerances = (policy.tolerance_a, policy.tolerance_b, policy.tolerance_c)
            counts = (policy.counts_per_year_a, policy.counts_per_year_b, policy.counts_per_year_c)
            if not all(0 <= tolerance <= 100 for tolerance in tolerances):
                raise ValidationError(self.env._("Tolerances must be between 0 and 100 %."))
            if min(counts) < 0:
                raise ValidationError(self.env._("Counts a year cannot be negative."))
            if max(counts) > 250:
                raise ValidationError(
                    self.env._(
                        "A location can be counted at most once per working day (250 a year)."
                    )
                )

    def _counts_per_year(self, abc_class):
        self.ensure_one()
        return self[f"counts_per_year_{(abc_class or 'C').lower()}"]

    def _tolerance(self, abc_class):
        self.ensure_one()
        return self[f"tolerance_{(abc_class or 'C').lower()}"]

    def _storekeepers(self):
        """Who counts: the policy's storekeepers, else every storekeeper of the company."""
        self.ensure_one()
        if self.storekeeper_ids:
            return self.storekeeper_ids.sorted("id")
        group = self.env.ref("industrial_logistics.group_logistics_storekeeper")
        users = group.all_user_ids if "all_user_ids" in group._fields else group.users
        return users.filtered(
            lambda user: self.company_id in user.company_ids
            and not user.has_group("industrial_logistics.group_logistics_manager")
        ).sorted("id")

    def _class_sql(self, product_alias):
        """SQL of a product's class in this policy's warehouse: its current row there (latest
        ranking or manual override of this warehouse), else C."""
        self.ensure_one()
        return SQL(
            """COALESCE((
                SELECT h.abc_class FROM logistics_abc_history h
                 WHERE h.product_id = %(product)s.id AND h.warehouse_id = %(warehouse)s
                   AND h.is_current
            ), 'C')""",
            product=SQL.identifier(product_alias),
            warehouse=self.warehouse_id.id,
        )

    def _product_classes(self, product_ids):
        """{product id: class in this policy's warehouse}, in one query."""
        self.ensure_one()
        if not product_ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT pp.id, %s FROM product_product pp WHERE pp.id = ANY(%s)",
                self._class_sql("pp"),
                list(product_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def _total_daily_capacity(self):
        self.ensure_one()
        if self.capacity_basis == "warehouse":
            return self.daily_capacity
        return self.daily_capacity * len(self._storekeepers())

    def _storekeepers_present(self, days):
        """{day: storekeepers working that day}, each by his own calendar (his resource's, else
        the company's) minus his leaves and the calendar's: one interval query per calendar
        (resource.calendar._logistics_working_dates, its fallback without any calendar)."""
        self.ensure_one()
        storekeepers = self._storekeepers()
        present = dict.fromkeys(days, self.env["res.users"])
        if not days or not storekeepers:
            return present
        resources = self.env["resource.resource"].search(
            [
                ("user_id", "in", storekeepers.ids),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )
        resource_by_user = {resource.user_id: resource for resource in resources}
        by_calendar = defaultdict(list)
        for user in storekeepers:
            resource = resource_by_user.get(user, self.env["resource.resource"])
            calendar = resource.calendar_id or self.company_id.resource_calendar_id
            by_calendar[calendar].append((user, resource))
        for calendar, members in by_calendar.items():
            member_resources = self.env["resource.resource"].union(
                *(resource for _user, resource in members)
            )
            worked = calendar._logistics_working_dates(
                min(days), max(days), resources=member_resources
            )
            for user, resource in members:
                for day in worked[resource.id]:
                    if day in present:
                        present[day] |= user
        return present

    def _daily_capacities(self, present):
        """{day: counts the warehouse can do}: the per-storekeeper figure times the storekeepers
        present, or the warehouse figure scaled (down) by the share of storekeepers present."""
        self.ensure_one()
        if self.capacity_basis == "storekeeper":
            return {day: self.daily_capacity * len(users) for day, users in present.items()}
        team = len(self._storekeepers())
        if not team:
            return dict.fromkeys(present, self.daily_capacity)
        return {day: self.daily_capacity * len(users) // team for day, users in present.items()}

    def action_reclassify(self):
        """Rank every storable product of the company from its done outgoing moves, in one query."""
        for policy in self:
            policy._reclassify()
        return True

    @api.model
    def _cron_reclassify(self):
        """Scheduled action: warehouse by warehouse, each in its savepoint, so that one that
        fails (a lock, a product without cost) is logged and the others are still ranked."""
        for policy in self.search([]):
            try:
                with self.env.cr.savepoint():
                    policy._reclassify()
            except Exception:
                _logger.exception("Count policy %s: ABC classes not recomputed", policy.id)

    def _consumption_by_product(self):
        """Value (or picks) leaving the warehouse to customers, production or scrap, per product,
        over the policy's period: read from the addon's one consumption source
        (logistics.kpi.consumption, valued at cost by the moves' valuation layers), so a
        product's class and its KPI turnover stand on the same figures.
        """
        self.ensure_one()
        sources = self.env["stock.location"].search(
            [("id", "child_of", self.warehouse_id.view_location_id.id), ("usage", "=", "internal")]
        )
        measure = SQL("COUNT(*)") if self.basis == "picks" else SQL("SUM(c.value)")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT c.product_id, %(measure)s
              FROM logistics_kpi_consumption c
             WHERE c.company_id = %(company)s
               AND c.date_done >= now() at time zone 'UTC' - make_interval(days => %(days)s)
               AND c.location_id = ANY(%(sources)s)
             GROUP BY c.product_id
            """,
                measure=measure,
                company=self.company_id.id,
                days=self.period_days,
                sources=sources.ids,
            )
        )
        return {product_id: float(value or 0.0) for product_id, value in self.env.cr.fetchall()}

    def _reclassify(self):
        self.ensure_one()
        consumption = self._consumption_by_product()
        products = self.env["product.product"].search(
            [
                ("is_storable", "=", True),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )
        values = {product_id: consumption.get(product_id, 0.0) for product_id in products.ids}
        cutoffs = (self.cutoff_a / 100.0, (self.cutoff_a + self.cutoff_b) / 100.0)
        # products classed by hand in this warehouse still weigh in the Pareto, but keep their
        # class; other warehouses' overrides do not matter here
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT product_id FROM logistics_abc_history
                    WHERE is_current AND manual_override AND warehouse_id = %s""",
                self.warehouse_id.id,
            )
        )
        manual = {product_id for (product_id,) in self.env.cr.fetchall()}
        ranking = [
            item for item in abc_classification.classify(values, cutoffs) if item.key not in manual
        ]
        self.env["logistics.abc.history"]._insert_ranking(self, ranking)
        self.last_classification_date = fields.Datetime.now()
