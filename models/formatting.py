"""Numbers written into messages, formulas and reports in the user's language (1 234,5 in
French) through Odoo's own `formatLang`, never Python's format mini-language."""

from odoo.tools.misc import formatLang


def format_number(env, value, max_digits=3):
    """`value` with at most `max_digits` decimals and no trailing zero: 12.5, 1 234, 1.645."""
    digits = len(f"{value:.{max_digits}f}".rstrip("0").partition(".")[2])
    return formatLang(env, value, digits=digits)
