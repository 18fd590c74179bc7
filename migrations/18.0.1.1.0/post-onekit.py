"""The addon's scheduled actions are now declared noupdate: flag the existing ones alike.

A module update already leaves a cron declared noupdate as it is in the database; the flag
makes the existing databases hold what a fresh install holds, so that a manager's schedule is
kept by every later update as well.
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
        UPDATE ir_model_data
           SET noupdate = TRUE
         WHERE module = 'industrial_logistics'
           AND model = 'ir.cron'
           AND NOT COALESCE(noupdate, FALSE)
            """
        )
    )
