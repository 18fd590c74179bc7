"""The people of a bench plant, and what their actions cost in mail.

A benchmark that runs as the superuser in a plant without users measures a path nobody takes:
planning assigns tasks to storekeepers, a resize writes on loops a manager follows, and each of
those can cost followers, messages and e-mails. These helpers give the plant its users and
count what an action produced.
"""

from odoo.tools import SQL

ROLES = {
    "manager": "industrial_logistics.group_logistics_manager",
    "storekeeper": "industrial_logistics.group_logistics_storekeeper",
    "operator": "industrial_logistics.group_logistics_operator",
}
MAIL_TABLES = ("mail_message", "mail_followers", "mail_mail", "mail_notification")


def ensure_user(env, login, role, extra_groups=()):
    """A user of the role (created once per database), e-mail notifications as Odoo's default."""
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    if user:
        return user
    groups = [env.ref(ROLES[role]).id] + [env.ref(xmlid).id for xmlid in extra_groups]
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": f"Bench {login}",
                "login": login,
                "email": f"{login}@bench.example.com",
                "notification_type": "email",
                "tz": "Europe/Paris",
                "groups_id": [(6, 0, groups)],
            }
        )
    )


def as_user(env, user, **context):
    """`env` as `user` calls it from the web client: with the context its session sends with
    every call (language, time zone, its company), which Odoo's formatting and defaults read
    instead of looking the user up."""
    user = env["res.users"].browse(getattr(user, "id", user))
    session = env(user=user)["res.users"].context_get()
    return env(
        user=user,
        context={
            "lang": session.get("lang") or "en_US",
            "tz": session.get("tz") or "Europe/Paris",
            "allowed_company_ids": [user.company_id.id],
            **context,
        },
    )


def storekeepers(env, count, prefix="bench_sk"):
    return env["res.users"].union(
        *(ensure_user(env, f"{prefix}{index}", "storekeeper") for index in range(1, count + 1))
    )


def follow(env, model, res_ids, users):
    """What creating the records through the screens leaves: their creator follows them."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT %(model)s, r, p
          FROM unnest(%(records)s::int[]) r, unnest(%(partners)s::int[]) p
        ON CONFLICT DO NOTHING
            """,
            model=model,
            records=list(res_ids),
            partners=users.partner_id.ids,
        )
    )


def mail_counts(env):
    """Rows of the mail tables now; call after `finish` so that tracking is written."""
    env.flush_all()
    counts = {}
    for table in MAIL_TABLES:
        env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
        counts[table] = env.cr.fetchone()[0]
    return counts


def finish(env):
    """What the commit of the user's request would do: flush, then the precommit hooks
    (mail tracking messages are written there)."""
    env.flush_all()
    env.cr.precommit.run()
    env.flush_all()


def mail_delta(before, after):
    return {table: after[table] - before[table] for table in MAIL_TABLES}


def mail_label(delta):
    return (
        f"{delta['mail_mail']} e-mails, {delta['mail_followers']} followers, "
        f"{delta['mail_message']} messages"
    )
