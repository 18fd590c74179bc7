"""Count lines compare the counted quantity with the books *when the product was counted*.

Lines counted before 18.0.1.1.0 hold the books of the moment the location was scanned. Posted
lines keep their figures exactly (they are the audit trail); their count moment is the only
moment known, the submission. Counted lines still waiting (count under way, or waiting for a
recount or a manager's decision) get the books at the moment they were typed: today's quants
minus the done moves of that product (lot) in or out of the location since then, so a move
done between the location scan and the count is no longer subtracted a second time when they
are posted.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    # posted and submitted lines: the submission is the count moment known
    cr.execute(
        "UPDATE logistics_count_line SET counted_at = date_counted "
        "WHERE is_counted AND counted_at IS NULL AND date_counted IS NOT NULL"
    )
    # typed but not submitted yet: the last write of the line is the typing of the quantity
    cr.execute(
        "UPDATE logistics_count_line SET counted_at = write_date "
        "WHERE is_counted AND counted_at IS NULL"
    )
    cr.execute(
        SQL(
            """
        SELECT l.id,
               COALESCE((SELECT SUM(q.quantity) FROM stock_quant q
                          WHERE q.location_id = l.location_id AND q.product_id = l.product_id
                            AND q.lot_id IS NOT DISTINCT FROM l.lot_id), 0)
             - COALESCE((SELECT SUM(CASE WHEN ml.location_dest_id = l.location_id
                                         THEN ml.quantity_product_uom
                                         ELSE -ml.quantity_product_uom END)
                           FROM stock_move_line ml
                          WHERE ml.state = 'done' AND ml.date > l.counted_at
                            AND ml.product_id = l.product_id
                            AND ml.lot_id IS NOT DISTINCT FROM l.lot_id
                            AND ml.location_id != ml.location_dest_id
                            AND l.location_id IN (ml.location_id, ml.location_dest_id)), 0)
          FROM logistics_count_line l
          JOIN logistics_count_task t ON t.id = l.task_id
         WHERE l.is_counted AND NOT COALESCE(l.posted, FALSE)
           AND t.state IN ('in_progress', 'counted', 'recount')
        """
        )
    )
    books = cr.fetchall()
    if not books:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    lines = env["logistics.count.line"].browse([line_id for line_id, _qty in books])
    for line, (_line_id, quantity) in zip(lines, books, strict=True):
        # through the ORM: the difference, its value and the tolerance verdict follow
        line.write({"theoretical_qty": float(quantity)})
