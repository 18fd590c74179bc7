def reopen_action(wizard, name=None):
    """The action that shows `wizard` again in its dialog, after a button that computed
    something in it (a button's dialog closes unless it returns an action)."""
    action = {
        "type": "ir.actions.act_window",
        "res_model": wizard._name,
        "res_id": wizard.id,
        "view_mode": "form",
        "target": "new",
    }
    if name:
        action["name"] = name
    return action
