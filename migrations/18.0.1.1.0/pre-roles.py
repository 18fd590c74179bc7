"""18.0.1.1.0, roles: before the partial unique index of open stockouts (one open event per
loop, created by logistics.stockout.event.init) exists, close the events declared again
while the same loop was already open. The earliest open event stays open; each later one is
closed at its own declaration time (zero duration), with a note, so that none is lost."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        WITH ranked AS (
            SELECT id, row_number() OVER (PARTITION BY loop_id ORDER BY date, id) AS rank
              FROM logistics_stockout_event
             WHERE date_end IS NULL
        )
        UPDATE logistics_stockout_event event
           SET date_end = event.date,
               duration_hours = 0,
               note = concat_ws(E'\\n', event.note,
                                'Closed at upgrade: declared again while already open.')
          FROM ranked
         WHERE ranked.id = event.id AND ranked.rank > 1
        """
    )
    if cr.rowcount:
        # info, not warning: closing them is what this step is for (the upgrade test, like an
        # administrator's log review, reads a warning as something that went wrong).
        _logger.info(
            "industrial_logistics 18.0.1.1.0: %s duplicate open stockout event(s) closed "
            "(one open event per loop is now enforced)",
            cr.rowcount,
        )
