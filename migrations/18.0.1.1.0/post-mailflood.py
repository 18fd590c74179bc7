"""Re-planning now keeps the planned tasks a person reassigned: flag the existing ones.

Planning creates tasks and never writes their storekeeper afterwards, so a planned task whose
chatter tracked a change of storekeeper was reassigned by a person. (A change of date was not
tracked before this version: those tasks cannot be told apart and stay unflagged.)
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
        UPDATE logistics_count_task task
           SET edited_by_hand = TRUE
         WHERE task.state = 'planned'
           AND task.is_recount IS NOT TRUE  -- NULL on the release's rows: not a recount
           AND EXISTS (
                SELECT 1
                  FROM mail_message message
                  JOIN mail_tracking_value tracking ON tracking.mail_message_id = message.id
                  JOIN ir_model_fields field ON field.id = tracking.field_id
                 WHERE message.model = 'logistics.count.task'
                   AND message.res_id = task.id
                   AND field.model = 'logistics.count.task'
                   AND field.name = 'user_id'
           )
            """
        )
    )
