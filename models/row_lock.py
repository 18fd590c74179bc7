"""Rows locked before a decision, or the user told that someone else holds them: two handhelds
or two clicks on one record give one result, the second is refused instead of waiting."""

from psycopg2.errors import LockNotAvailable

from odoo.exceptions import UserError
from odoo.tools import SQL


def lock_or_refuse(records, message):
    """Lock the rows of `records` (FOR UPDATE NOWAIT), or raise UserError(`message`) when
    another transaction holds one; then forget what was read of them, so that the caller
    decides on what the database holds under the lock."""
    if not records:
        return
    records.flush_recordset()
    try:
        # a savepoint, so that a refused lock leaves the transaction usable for the answer
        with records.env.cr.savepoint(flush=False):
            records.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                ),
                log_exceptions=False,  # a refusal is expected here, not an error
            )
    except LockNotAvailable as error:
        raise UserError(message) from error
    records.invalidate_recordset()
