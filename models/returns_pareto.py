"""The Pareto of the return reasons of the returns KPI family (logistics_kpi_family_returns.py),
apart so that the family's file stays readable: its two tables and their rows."""


def reason_pareto_breakdowns(family):
    """The Pareto of the return reasons, by number of returns and by their cost."""
    _ = family.env._
    tables = [
        ("count", _("Pareto of the return reasons by number of returns"), "count"),
        ("cost", _("Pareto of the return reasons by cost"), "currency"),
    ]
    return [
        {
            "code": f"returns_reasons_by_{key}",
            "title": title,
            "rows": f"reasons_by_{key}",
            "columns": [
                ("name", _("Reason"), "text"),
                (key, _("Returns") if key == "count" else _("Cost of returns"), unit),
                (f"{key}_share", _("Share"), "%"),
                (f"{key}_weight_cumulative_share", _("Cumulative share"), "%"),
                (f"{key}_weight_vital_label", _("Pareto 80 %"), "text"),
            ],
            "drill": "returns_inspections",
            "drill_fields": [("reason_id", "reason_id", "=")],
            "row_class": f"{key}_weight_vital_class",
            "total": None,
            "chart": [key, f"{key}_weight_cumulative_share"],
        }
        for key, title, unit in tables
    ]


def reason_pareto_rows(family, inspection_domain):
    """The returns received in the period whose reason is known, per reason: their number
    and cost, each ranked as a Pareto (80 % cut, logistics_algorithms/pareto.py). A reason
    whose returns recovered more than they cost weighs nothing in the cost's Pareto."""
    groups = family.env["logistics.return.inspection"]._read_group(
        inspection_domain + [("reason_id", "!=", False)],
        ["reason_id"],
        ["__count", "total_cost:sum"],
    )
    total_count = sum(count for _reason, count, _cost in groups)
    total_cost = sum(max(cost, 0.0) for _reason, _count, cost in groups)
    rows = sorted(
        (
            {
                "reason_id": reason.id,
                "name": reason.display_name,
                "count": count,
                "count_weight": count,
                "count_share": family._ratio(count, total_count, 100),
                "cost": family._money(cost),
                "cost_weight": max(cost, 0.0),
                "cost_share": family._ratio(max(cost, 0.0), total_cost, 100),
            }
            for reason, count, cost in groups
        ),
        key=lambda row: row["name"],
    )
    return {
        "reasons_by_count": family._pareto_rows(rows, "count_weight"),
        "reasons_by_cost": family._pareto_rows(rows, "cost_weight"),
    }
