"""Assertions of the migration steps, one module per step (see ../run.py for the contract).

Files here are loaded by tests/upgrade/run.py when the upgrade crosses their VERSION; they are
never imported by Odoo or collected by pytest.
"""
