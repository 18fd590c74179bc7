"""What the upgrade test records before the upgrade and reads again after it.

`take(env, meta)` returns one JSON-ready dict:

- ``records``: every stored field of every record of the addon's own tables (kanban loops,
  cards and scans, stockouts, milk runs, rounds and stops, count policies, plans, tasks and
  lines, ABC history, KPI targets and daily stock snapshots...), by model then record id;
- ``extensions``: the stored fields the addon adds to Odoo's models (stock.picking's round,
  stop and containers...), for the records where one is set;
- ``stock``: what the addon moves in Odoo's stock: every quant, the moves, transfers,
  purchase lines and manufacturing orders of the kanban cards' replenishments and of the
  rounds, and totals of all stock moves by state;
- ``kpis``: the dashboard engine's figures over the 30 days that end on ``meta["today"]``, as
  of ``meta["now"]``;
- ``fingerprint``: the addon's schema (see `fingerprint`);
- ``xmlids``: ids of the addon's records that come from its data files, by model.

Values are normalised (dates as ISO strings, floats rounded to 6 decimals, binaries hashed)
so that the JSON of the release and the one of HEAD compare value by value.
"""

import hashlib
from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo import fields

MODULE = "industrial_logistics"
# Written by any update of a record (Odoo rewrites the records of the data files): not data.
SKIPPED_FIELDS = {"write_date", "write_uid"}


def normalise(value):
    if isinstance(value, float):
        return round(value, 6) + 0.0  # + 0.0: no "-0.0" against "0.0"
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, bytes):
        return "sha1:" + hashlib.sha1(value).hexdigest()
    if isinstance(value, dict):
        return {str(key): normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def has_table(env, name):
    """A model whose records live in a table of their own: no wizard, SQL view, abstract."""
    return name in env and env[name]._auto and not env[name]._abstract and not env[name]._transient


def addon_models(env):
    """Models whose table belongs to the addon."""
    names = env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.model")])
    models = env["ir.model"].browse(names.mapped("res_id")).mapped("model")
    return sorted(
        name for name in models if has_table(env, name) and env[name]._original_module == MODULE
    )


def stored_fields(model):
    return sorted(
        name
        for name, field in model._fields.items()
        if field.store and field.type != "one2many" and name not in SKIPPED_FIELDS
    )


def read_records(records, field_names):
    """{id: {field: value}}, many2one as ids, many2many as sorted ids."""
    rows = {}
    for row in records.with_context(active_test=False, lang="en_US").read(field_names, load=None):
        record_id = row.pop("id")
        rows[str(record_id)] = {
            name: sorted(value) if records._fields[name].type == "many2many" else value
            for name, value in row.items()
        }
    return normalise(rows)


def take_records(env):
    return {
        name: read_records(
            env[name].with_context(active_test=False).search([], order="id"),
            stored_fields(env[name]),
        )
        for name in addon_models(env)
    }


def extension_fields(env):
    """{model: [field]}: stored fields the addon adds to models it does not own."""
    data = env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.model.fields")])
    by_model = {}
    for field in env["ir.model.fields"].browse(data.mapped("res_id")):
        if (
            not field.store
            or not has_table(env, field.model)
            or env[field.model]._original_module == MODULE
        ):
            continue
        model_field = env[field.model]._fields.get(field.name)
        if model_field and model_field.store and model_field.type != "one2many":
            by_model.setdefault(field.model, []).append(field.name)
    return {model: sorted(names) for model, names in sorted(by_model.items())}


def take_extensions(env):
    result = {}
    for model, names in extension_fields(env).items():
        Model = env[model].with_context(active_test=False)
        domain = ["|"] * (len(names) - 1) + [(name, "!=", False) for name in names]
        result[model] = read_records(Model.search(domain, order="id"), names)
    return result


# The fields of the stock records take_stock compares across the upgrade.
QUANT_FIELDS = [
    "product_id",
    "location_id",
    "lot_id",
    "package_id",
    "owner_id",
    "quantity",
    "reserved_quantity",
    "inventory_quantity_set",
]

MOVE_FIELDS = [
    "product_id",
    "product_uom_qty",
    "quantity",
    "state",
    "location_id",
    "location_dest_id",
    "picking_id",
    "group_id",
    "purchase_line_id",
    "production_id",
    "raw_material_production_id",
    "move_orig_ids",
    "picked",
    "date",
]

PICKING_FIELDS = [
    "name",
    "state",
    "location_id",
    "location_dest_id",
    "group_id",
    "batch_id",
    "date_done",
]


def take_stock(env):
    """The quants, and what the cards and rounds have in flight in Odoo's stock objects."""
    Quant = env["stock.quant"]
    cards = env["logistics.kanban.card"].with_context(active_test=False).search([])
    rounds = env["logistics.milk.run.round"].search([])
    pickings = cards.group_id.stock_move_ids.picking_id | rounds.picking_ids
    moves = cards.group_id.stock_move_ids | pickings.move_ids
    purchase_lines = cards.purchase_line_ids
    productions = cards.production_ids
    totals = env["stock.move"]._read_group(
        [], ["state"], ["__count", "product_qty:sum", "quantity:sum"]
    )
    return {
        "quants": read_records(Quant.search([], order="id"), QUANT_FIELDS),
        "moves": read_records(moves.sorted("id"), MOVE_FIELDS),
        "pickings": read_records(pickings.sorted("id"), PICKING_FIELDS),
        "batches": read_records(
            rounds.batch_id.sorted("id"), ["name", "state", "picking_ids", "user_id"]
        ),
        "purchase_lines": read_records(
            purchase_lines.sorted("id"),
            ["order_id", "product_id", "product_qty", "qty_received", "state", "group_id"],
        ),
        "productions": read_records(
            productions.sorted("id"),
            [
                "name",
                "state",
                "product_id",
                "product_qty",
                "location_dest_id",
                "procurement_group_id",
            ],
        ),
        "move_totals": normalise(
            {
                state: {"count": count, "product_qty": qty, "quantity": done}
                for state, count, qty, done in totals
            }
        ),
    }


def take_kpis(env, today, now):
    """The dashboard's figures of the 30 days ending on ``today``, as the manager reads them,
    as of ``now`` (the time of the record: a stockout still open counts until now)."""
    day = date.fromisoformat(today)
    as_of = staticmethod(lambda *_args: fields.Datetime.to_datetime(now))
    with patch.object(fields.Datetime, "now", as_of):
        data = env["logistics.kpi.dashboard"].get_dashboard_data(
            date_from=day - timedelta(days=29), date_to=day
        )
    return normalise(
        {
            "kpis": data["kpis"],
            "headlines": {line["code"]: line["value"] for line in data["headlines"]},
            "previous": {line["code"]: line["previous"] for line in data["headlines"]},
            # The stock value series: "series" until 18.0.1.0.0, the stock family's trend
            # since the KPI catalogue (18.0.1.1.0) draws one per family.
            "series": data["series"] if "series" in data else data["trends"]["stock"],
        }
    )


def take_xmlids(env):
    rows = env["ir.model.data"].search([("module", "=", MODULE)])
    result = {}
    for row in rows:
        result.setdefault(row.model, []).append(str(row.res_id))
    return {model: sorted(ids) for model, ids in result.items()}


def fingerprint(env):
    """The addon's stored data as the database holds it: its stored fields (type, relation,
    required, selection values), the columns of its tables and the columns it adds to Odoo's
    tables (SQL type, NOT NULL), its SQL constraints, and who may read or change its records
    (access rights and record rules). Two versions with the same fingerprint store the same
    data the same way for the same people. Wizards and SQL views store nothing."""
    fields_print, tables, columns_wanted = fingerprint_fields(env)
    return {
        "fields": fields_print,
        "columns": fingerprint_columns(env, tables, columns_wanted),
        "constraints": fingerprint_constraints(env),
        "security": fingerprint_security(env),
    }


def fingerprint_security(env):
    """{access|rule xmlid: what it grants, on which model}: the addon's access rights and
    record rules on models with a table."""
    result = {}
    for kind, model_name in (("access", "ir.model.access"), ("rule", "ir.rule")):
        data = env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", model_name)])
        for row in data:
            record = env[model_name].sudo().with_context(active_test=False).browse(row.res_id)
            if not record.exists() or not has_table(env, record.model_id.model):
                continue
            entry = {
                "model": record.model_id.model,
                "active": record.active,
                "perms": [record[f"perm_{perm}"] for perm in ("read", "write", "create", "unlink")],
            }
            if kind == "access":
                entry["group"] = record.group_id.get_external_id().get(record.group_id.id)
            else:
                entry["domain"] = record.domain_force
                entry["groups"] = sorted(record.groups.get_external_id().values())
            result[f"{kind}:{row.name}"] = entry
    return dict(sorted(result.items()))


def fingerprint_fields(env):
    """({model.field: description}, own tables, {(table, column)} added to Odoo's tables)."""
    cr = env.cr
    cr.execute(
        """
        SELECT f.id, f.model, f.name, f.ttype, f.relation, f.relation_table, f.column1,
               f.column2, f.required, f.company_dependent
          FROM ir_model_fields f
          JOIN ir_model_data d
            ON d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module = %s
         WHERE f.store
        """,
        [MODULE],
    )
    rows = [row for row in cr.dictfetchall() if has_table(env, row["model"])]
    cr.execute(
        """
        SELECT field_id, value FROM ir_model_fields_selection
         WHERE field_id = ANY(%s) ORDER BY field_id, value
        """,
        [[row["id"] for row in rows]],
    )
    selections = {}
    for field_id, value in cr.fetchall():
        selections.setdefault(field_id, []).append(value)
    result, tables, columns_wanted = {}, set(), set()
    for row in rows:
        model, name, rel_table = row["model"], row["name"], row["relation_table"]
        result[f"{model}.{name}"] = {
            "type": row["ttype"],
            "relation": row["relation"] or None,
            "relation_table": rel_table or None,
            "columns": [row["column1"], row["column2"]] if rel_table else None,
            "required": bool(row["required"]),
            "company_dependent": bool(row["company_dependent"]),
            "selection": selections.get(row["id"]),
        }
        if env[model]._original_module == MODULE:
            tables.add(env[model]._table)
        elif row["ttype"] not in ("many2many", "one2many"):
            columns_wanted.add((env[model]._table, name))
        if rel_table:
            tables.add(rel_table)
    return dict(sorted(result.items())), tables, columns_wanted


def fingerprint_columns(env, tables, columns_wanted):
    env.cr.execute(
        """
        SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
               c.character_maximum_length, c.numeric_precision, c.numeric_scale
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
           AND c.table_name = ANY(%s)
        """,
        [sorted(tables | {table for table, _column in columns_wanted})],
    )
    columns = {}
    for table, column, data_type, nullable, length, precision, scale in env.cr.fetchall():
        if table in tables or (table, column) in columns_wanted:
            columns[f"{table}.{column}"] = {
                "type": data_type,
                "not_null": nullable == "NO",
                "size": [length, precision, scale],
            }
    return dict(sorted(columns.items()))


def fingerprint_constraints(env):
    env.cr.execute(
        """
        SELECT c.name, c.type, c.definition, im.model FROM ir_model_constraint c
          JOIN ir_module_module m ON m.id = c.module
          JOIN ir_model im ON im.id = c.model
         WHERE m.name = %s
        """,
        [MODULE],
    )
    return {
        name: {"type": kind, "definition": definition}
        for name, kind, definition, model in env.cr.fetchall()
        if has_table(env, model)
    }


def take(env, meta):
    return {
        "meta": meta,
        "fingerprint": fingerprint(env),
        "records": take_records(env),
        "extensions": take_extensions(env),
        "stock": take_stock(env),
        "kpis": take_kpis(env, meta["today"], meta["now"]),
        "xmlids": take_xmlids(env),
    }
