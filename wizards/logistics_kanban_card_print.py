from odoo import api, fields, models


class LogisticsKanbanCardPrint(models.TransientModel):
    """Print kanban cards and double-bin labels on the paper the plant uses: an A4 sheet of six
    cards, one A6 card a page, or labels for a Zebra-type thermal printer (ZPL) of a chosen size,
    as Odoo's product label wizard does for product labels."""

    _name = "logistics.kanban.card.print"
    _description = "Print Kanban Cards"

    card_ids = fields.Many2many("logistics.kanban.card", string="Cards", required=True)
    print_format = fields.Selection(
        [
            ("a4", "A4 sheet, 6 cards a page (PDF)"),
            ("a6", "One card a page, A6 (PDF)"),
            ("zpl", "Thermal printer labels (ZPL)"),
        ],
        string="Format",
        required=True,
        default="a4",
    )
    label_size = fields.Selection(
        [
            ("4x6", "4 × 6 in (102 × 152 mm)"),
            ("4x3", "4 × 3 in (102 × 76 mm)"),
            ("a6", "A6 (105 × 148 mm)"),
        ],
        string="Label size",
        required=True,
        default="4x6",
    )
    printer_dpi = fields.Selection(
        [("203", "203 dpi (8 dots/mm)"), ("300", "300 dpi (12 dots/mm)")],
        string="Printer resolution",
        required=True,
        default="203",
    )
    symbology = fields.Selection(
        [("code128", "Code 128 (laser scanners)"), ("qr", "QR code (phones, camera scanners)")],
        string="Barcode",
        required=True,
        default="code128",
    )

    @api.model
    def default_get(self, fields_list):
        """The cards of the records the wizard was opened from: the selected cards, or the
        cards in circulation of the selected loops."""
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        active_ids = self.env.context.get("active_ids") or []
        if "card_ids" in fields_list and model == "logistics.kanban.card":
            values["card_ids"] = [fields.Command.set(active_ids)]
        elif "card_ids" in fields_list and model == "logistics.kanban.loop":
            loops = self.env["logistics.kanban.loop"].browse(active_ids)
            cards = loops.card_ids.filtered(lambda card: card.state != "retired")
            values["card_ids"] = [fields.Command.set(cards.ids)]
        return values

    def action_print(self):
        self.ensure_one()
        if self.print_format == "zpl":
            report = self.env.ref("industrial_logistics.action_report_kanban_card_zpl")
            # With data, the web client passes no ids in the report URL: the cards go in it.
            data = {
                "card_ids": self.card_ids.ids,
                "label_size": self.label_size,
                "printer_dpi": self.printer_dpi,
                "symbology": self.symbology,
            }
            action = report.report_action(self.card_ids, data=data, config=False)
        else:
            xmlid = {
                "a4": "industrial_logistics.action_report_kanban_cards",
                "a6": "industrial_logistics.action_report_kanban_card_single",
            }[self.print_format]
            action = self.env.ref(xmlid).report_action(self.card_ids, config=False)
        action["close_on_report_download"] = True
        return action
