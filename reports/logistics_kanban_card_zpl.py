from markupsafe import Markup

from odoo import api, models

from ..models.formatting import format_number

# Label stock of thermal printers, width x length in millimetres (the label feeds lengthwise).
LABEL_SIZES_MM = {"4x6": (101.6, 152.4), "4x3": (101.6, 76.2), "a6": (105.0, 148.0)}
DOTS_PER_MM = {"203": 8, "300": 12}
# ZPL field data read through ^FH: these three would otherwise start a command or an escape.
ZPL_ESCAPES = str.maketrans({"_": "_5F", "^": "_5E", "~": "_7E"})


def zpl_text(value):
    """Field data for ``^FH^FD``: commands and the escape character hex-encoded (UTF-8 with
    ^CI28 passes every other character through, accents included)."""
    return Markup((value or "").translate(ZPL_ESCAPES))


def zpl_code128(value):
    """Code 128 data: as zpl_text, and ``>`` doubled up as ``><`` since ``>`` starts a
    subset or function code inside ^BC data."""
    return Markup(str(zpl_text(value)).replace(">", "><"))


class ReportKanbanCardZpl(models.AbstractModel):
    """Values of the ZPL kanban card labels: one label per card, laid out in printer dots
    for the label size and resolution chosen in the print wizard."""

    _name = "report.industrial_logistics.report_kanban_card_zpl"
    _description = "Kanban Card Labels (ZPL)"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        size = data.get("label_size") if data.get("label_size") in LABEL_SIZES_MM else "4x6"
        dpi = str(data.get("printer_dpi")) if str(data.get("printer_dpi")) in DOTS_PER_MM else "203"
        symbology = "qr" if data.get("symbology") == "qr" else "code128"
        cards = self.env["logistics.kanban.card"].browse(docids or data.get("card_ids") or [])
        return {
            "doc_ids": cards.ids,
            "doc_model": "logistics.kanban.card",
            "docs": cards,
            "labels": [self._prepare_label_vals(card, size, dpi, symbology) for card in cards],
        }

    @api.model
    def _prepare_label_vals(self, card, size, dpi, symbology):
        """Everything one label prints, text already escaped for ZPL, with its geometry."""
        loop = card.loop_id
        if card.is_one_off:
            title = self.env._("ONE-OFF - %(need)s", need=card.one_off_need or "")
        elif card.bin_label:
            title = self.env._("DOUBLE-BIN - BIN %(bin)s", bin=card.bin_label)
        else:
            title = self.env._(
                "KANBAN - CARD %(number)s/%(count)s", number=card.sequence, count=loop.card_count
            )
        quantity = card.card_qty
        quantity_text = format_number(self.env, quantity, max_digits=2)
        return {
            "title": zpl_text(title),
            "reference": zpl_text(card.product_id.default_code or ""),
            "product": zpl_text(card.product_id.name),
            "quantity": zpl_text(f"{quantity_text} {card.product_uom_id.name}"),
            "source": zpl_text(
                self.env._("From: %(origin)s", origin=loop.source_description or loop.route_id.name)
            ),
            "destination": zpl_text(self.env._("To: %(location)s", location=card.location_id.name)),
            "quantity_label": zpl_text(self.env._("Quantity")),
            "bin": card.bin_label or "",
            "barcode": zpl_text(card.barcode),
            "barcode_code128": zpl_code128(card.barcode),
            "symbology": symbology,
            "geo": self._label_geometry(size, dpi, len(card.barcode), symbology),
        }

    @api.model
    def _label_geometry(self, size, dpi, barcode_length, symbology):
        """Positions and sizes in dots, top to bottom: black title band, reference, name,
        quantity, from and to, the bin letter on the right of a double-bin label, and the
        barcode at the bottom. The short 4x3 label prints the same lines smaller."""
        dots = DOTS_PER_MM[dpi]
        width_mm, length_mm = LABEL_SIZES_MM[size]
        tall = length_mm > 100
        scale = 1.3 if tall else 0.75
        name_lines = 2 if tall else 1

        def d(mm):
            return round(mm * dots)

        margin = 4
        geo = {"width": d(width_mm), "length": d(length_mm), "margin": d(margin)}
        geo |= {"inner": geo["width"] - 2 * geo["margin"], "band": d(12 * scale)}
        geo |= {"text_x": d(margin + 2), "band_text_y": d(margin + 3 * scale)}
        geo |= {"bin_width": d(30 * scale), "name_lines": name_lines}
        geo["text_width"] = geo["inner"] - d(4)
        fonts = {"title": 6.5, "big": 9, "text": 5, "small": 3.5, "bin": 34}
        geo |= {f"font_{name}": d(size_mm * scale) for name, size_mm in fonts.items()}
        top = margin + 15 * scale
        steps = (
            ("y_reference", 10),
            ("y_name", 5.5 * name_lines + 1),
            ("y_quantity", 4.5),
            ("y_quantity_value", 10),
            ("y_source", 6),
            ("y_destination", 10),
        )
        for key, step in steps:
            geo[key] = d(top)
            top += step * scale
        geo["bin_x"] = geo["width"] - geo["margin"] - geo["bin_width"]
        geo["bin_y"] = geo["y_name"] + d(5.5 * name_lines * scale)
        geo.update(
            self._barcode_geometry(
                dots, geo["width"], d(length_mm - margin), barcode_length, symbology, scale
            )
        )
        return geo

    @api.model
    def _barcode_geometry(self, dots, width, bottom, barcode_length, symbology, scale):
        """The barcode centred across the label, above its bottom margin, below the text."""
        if symbology == "qr":
            # Byte-mode QR, error correction M: versions 1 to 4 (21 to 33 modules) hold card
            # barcodes of up to 62 characters, 14 more per version.
            modules = 21 + 4 * min(3, max(0, (barcode_length - 1) // 14))
            magnification = max(1, min(10, round(28 * scale * dots / modules)))
            side = modules * magnification
            return {
                "qr_magnification": magnification,
                "barcode_x": (width - side) // 2,
                "barcode_y": bottom - side,
            }
        # Code 128 subset B: start, data and check characters of 11 modules, stop of 13.
        modules = 11 * (barcode_length + 2) + 13
        module = max(1, min(round(0.38 * dots), (width - 8 * dots) // modules))
        height = round(14 * scale * dots)
        return {
            "code128_module": module,
            "code128_height": height,
            "barcode_x": max(0, (width - modules * module) // 2),
            "barcode_y": bottom - height - round(3 * dots),
        }
