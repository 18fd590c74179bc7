import base64
import binascii

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from .formatting import format_number
from .logistics_return_reason import DISPOSITIONS

MANAGER_GROUP = "industrial_logistics.group_logistics_manager"
# a phone camera's photo is a few MB; beyond this it is no photo of a returned product
MAX_PHOTO_BYTES = 15 * 1024 * 1024


class LogisticsReturnInspection(models.Model):
    """The inspector's handheld screen (client action industrial_logistics.return_inspection):
    a scan finds the return waiting for this product or lot, the confirmation records the
    findings and the dispositions through the same checked methods as the form."""

    _inherit = "logistics.return.inspection"

    @api.model
    def get_inspection_screen_data(self):
        """What the screen offers: the reasons, the dispositions, and whether the user decides."""
        reasons = self.env["logistics.return.reason"].search_read(
            [], ["name", "code", "default_disposition"]
        )
        labels = self._disposition_labels()
        return {
            "reasons": reasons,
            "dispositions": [[code, labels[code]] for code, _label in DISPOSITIONS],
            "is_manager": self.env.user.has_group(MANAGER_GROUP),
        }

    @api.model
    def scan_return(self, barcode):
        """The oldest return not yet disposed of for a scanned lot / serial number or product
        barcode (reference), in the user's companies; it is only read, nothing is written."""
        barcode = (barcode or "").strip()
        if not barcode or len(barcode) > 128:
            raise UserError(self.env._("Scan the returned product or its lot or serial number."))
        pending = [("state", "!=", "done")]
        lots = self.env["stock.lot"].search([("name", "=", barcode)])
        inspections = lots and self.search(
            pending + [("lot_id", "in", lots.ids)], order="date_received, id", limit=1
        )
        if not inspections:
            products = self.env["product.product"].search(
                ["|", ("barcode", "=", barcode), ("default_code", "=", barcode)]
            )
            inspections = products and self.search(
                pending + [("product_id", "in", products.ids)], order="date_received, id", limit=2
            )
        if not inspections:
            raise UserError(
                self.env._(
                    "No return waits for inspection under %(barcode)s: check the label, or "
                    "scan the lot or serial number.",
                    barcode=barcode,
                )
            )
        if len(inspections.lot_id) > 1:
            raise UserError(
                self.env._(
                    "Several lots of %(product)s are waiting: scan the lot or serial number.",
                    product=inspections[0].product_id.display_name,
                )
            )
        inspection = inspections[0]
        return {
            "status": "warning" if inspection.delivery_warning else "ok",
            "message": inspection.delivery_warning
            or self.env._(
                "%(name)s: %(product)s, returned on %(date)s.",
                name=inspection.name,
                product=inspection.product_id.display_name,
                date=format_date(self.env, inspection.date_received),
            ),
            "inspection": inspection._handheld_data(),
        }

    @api.model
    def _disposition_labels(self):
        """{code: label in the user's language} of the dispositions."""
        field = self.env["logistics.return.disposition"]._fields["disposition_type"]
        return dict(field._description_selection(self.env))

    def _handheld_data(self):
        """The return as the screen shows it."""
        self.ensure_one()
        returned_by = dict(self._fields["returned_by"]._description_selection(self.env))
        labels = self._disposition_labels()
        proposed = self.disposition_ids.filtered(lambda d: d.state == "draft")
        return {
            "id": self.id,
            "name": self.name,
            "product": self.product_id.display_name,
            "lot": self.lot_id.name or "",
            "quantity": self.quantity,
            "qty_disposed": self.qty_disposed,
            # what is neither disposed of nor proposed yet: the screen's default quantity
            "qty_open": max(self.quantity - sum(self.disposition_ids.mapped("quantity")), 0.0),
            "uom": self.product_uom_id.name,
            "returned_by": returned_by.get(self.returned_by, ""),
            "partner": self.partner_id.display_name or "",
            "picking": self.picking_id.name or "",
            "date_received": fields.Datetime.to_string(self.date_received),
            "delivery_warning": self.delivery_warning or "",
            "reason_id": self.reason_id.id or False,
            "photo_count": len(self.photo_ids),
            "state": self.state,
            "dispositions": [
                {
                    "id": disposition.id,
                    "label": labels[disposition.disposition_type],
                    "quantity": disposition.quantity,
                    "state": disposition.state,
                }
                for disposition in self.disposition_ids
            ],
            "has_proposals": bool(proposed),
        }

    def action_handheld_confirm(self, reason_id, dispositions=(), notes="", photo=None):
        """The screen's confirmation: the inspector's findings through write (its field and
        state checks), the dispositions proposed as in the form; a manager's are confirmed by
        action_confirm, the form's button. The input is checked before anything is written;
        the checks of write, create and action_confirm refuse the rest, in one transaction."""
        self.ensure_one()
        if not reason_id:
            raise UserError(self.env._("Choose the reason of the return."))
        vals_list = [self._prepare_handheld_disposition_vals(line) for line in dispositions]
        drafts = self.disposition_ids.filtered(lambda d: d.state == "draft")
        if not vals_list and not drafts:
            raise UserError(self.env._("Choose what becomes of the goods, and how many."))
        vals = {"reason_id": int(reason_id)}
        if (notes or "").strip():
            vals["notes"] = (self.notes or "") + plaintext2html(notes.strip())
        content = photo and self._handheld_photo_content(photo)
        if not self.date_inspected:
            self.action_start_inspection()
        self.write(vals)
        if content:
            attachment = self._create_handheld_photo(photo, content)
            self.write({"photo_ids": [Command.link(attachment.id)]})
        proposals = drafts | self.env["logistics.return.disposition"].create(vals_list)
        if self.env.user.has_group(MANAGER_GROUP):
            proposals.action_confirm()
            message = self.env._(
                "%(name)s: %(disposed)s of %(quantity)s %(uom)s disposed of.",
                name=self.name,
                disposed=format_number(self.env, self.qty_disposed),
                quantity=format_number(self.env, self.quantity),
                uom=self.product_uom_id.name,
            )
        else:
            message = self.env._(
                "%(name)s: %(quantity)s %(uom)s proposed; a supply-chain manager confirms.",
                name=self.name,
                quantity=format_number(self.env, sum(proposals.mapped("quantity"))),
                uom=self.product_uom_id.name,
            )
        return {"status": "ok", "message": message, "inspection": self._handheld_data()}

    def _prepare_handheld_disposition_vals(self, line):
        codes = dict(DISPOSITIONS)
        disposition_type = line.get("disposition_type")
        quantity = line.get("quantity")
        if disposition_type not in codes:
            raise UserError(self.env._("Choose a disposition for each quantity."))
        if not isinstance(quantity, int | float) or isinstance(quantity, bool):
            raise UserError(self.env._("Type the quantity of each disposition."))
        if float_compare(quantity, 0.0, precision_rounding=self.product_uom_id.rounding) <= 0:
            raise UserError(
                self.env._(
                    "A disposition moves a positive quantity (you entered %(qty)s).",
                    qty=format_number(self.env, quantity),
                )
            )
        return {
            "inspection_id": self.id,
            "disposition_type": disposition_type,
            "quantity": quantity,
        }

    def _handheld_photo_content(self, photo):
        """The bytes of the photo taken on the handheld, refused unless an image."""
        try:
            content = base64.b64decode(photo.get("data") or "", validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The photo could not be read: take it again.")) from error
        if (
            not content
            or not guess_mimetype(content).startswith("image/")
            or (len(content) > MAX_PHOTO_BYTES)
        ):
            raise UserError(
                self.env._("Only a photo (an image of at most 15 MB) can be attached here.")
            )
        return content

    def _create_handheld_photo(self, photo, content):
        return self.env["ir.attachment"].create(
            {
                "name": (photo.get("name") or "").strip()[:128] or f"{self.name}.jpg",
                "raw": content,
                "mimetype": guess_mimetype(content),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
