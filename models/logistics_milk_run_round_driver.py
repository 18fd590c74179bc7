from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .formatting import format_number


class LogisticsMilkRunRound(models.Model):
    """The driver flow (start, arrive, drop, finish, cancel) and the driver screen's data."""

    _inherit = "logistics.milk.run.round"

    def action_start(self):
        """The train leaves: departure time recorded, once."""
        self._check_driver()
        if not self.env.su:
            # sudo: storekeepers read rounds only; caller and company checked above, state
            # below under the row lock. The caller stays the user (env.uid) recorded as driver.
            return self.sudo().action_start()
        self._lock_rows()
        for round_ in self:
            if round_.state in ("on_route", "done"):
                raise UserError(
                    self.env._(
                        "%(round)s already left at %(when)s (driver: %(driver)s).",
                        round=round_.name,
                        when=format_datetime(self.env, round_.actual_departure, dt_format="HH:mm"),
                        driver=round_.user_id.name or "-",
                    )
                )
            if round_.state == "cancelled":
                raise UserError(self.env._("%s is cancelled: it cannot start.", round_.name))
        self.filtered(lambda r: r.state == "planned")._build()
        self.write(
            {
                "state": "on_route",
                "actual_departure": fields.Datetime.now(),
                "user_id": self.env.uid,
            }
        )
        return True

    def action_scan_location(self, barcode, train=None):
        """Driver scanned a location barcode: arrive at the stop it belongs to (or say why not).

        With ``train``, only that train's stops: another train's stop is refused, naming it."""
        self.ensure_one()
        self._check_driver()
        if not self.env.su:
            # sudo: the arrival time is the driver's only write; caller, company and driver
            # checked above, state and stop below.
            return self.sudo().action_scan_location(barcode, train)
        if self.state != "on_route":
            raise UserError(self.env._("Start the round before scanning its stops."))
        location = self.env["stock.location"].search(
            [
                ("barcode", "=", (barcode or "").strip()),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        round_stop = self.round_stop_ids.filtered(
            lambda rs: location and location._child_of(rs.stop_id.location_id)
        )[:1]
        if not round_stop:
            raise UserError(
                self.env._("%s is not a stop of this round: check the location label.", barcode)
            )
        if train and round_stop.train != train:
            raise UserError(
                self.env._(
                    "%(stop)s is served by train %(other)s, not by your train %(train)s.",
                    stop=round_stop.stop_id.location_id.display_name,
                    other=round_stop.train,
                    train=train,
                )
            )
        if round_stop.state == "done":
            raise UserError(
                self.env._("%s is already delivered.", round_stop.stop_id.location_id.display_name)
            )
        if not round_stop.actual_arrival:
            round_stop.actual_arrival = fields.Datetime.now()
        return round_stop.id

    def action_finish(self, train=None):
        """The train is back: every stop must have been dropped.

        With ``train`` (a driver of a round of several trains): that train's stops must be
        dropped; while another train still has stops to do, its return is only noted and the
        round stays on route (returns False) until the last train is back."""
        self._check_driver()
        if not self.env.su:
            # sudo: caller, company and driver checked above, state and stops below.
            return self.sudo().action_finish(train)
        if train:
            self.ensure_one()
            if self.state == "on_route":
                mine = self.round_stop_ids.filtered(lambda rs: rs.train == train)
                others_left = (self.round_stop_ids - mine).filtered(lambda rs: rs.state != "done")
                if others_left and all(rs.state == "done" for rs in mine):
                    self.message_post(
                        body=self.env._(
                            "Train %(train)s is back; still to deliver by the other trains: "
                            "%(stops)s.",
                            train=train,
                            stops=", ".join(others_left.mapped("stop_id.location_id.display_name")),
                        )
                    )
                    return False
        for round_ in self:
            if round_.state != "on_route":
                raise UserError(self.env._("%s is not on route: it cannot finish.", round_.name))
            left = round_.round_stop_ids.filtered(
                lambda rs: rs.state != "done" and (not train or rs.train == train)
            )
            if left:
                raise UserError(
                    self.env._(
                        "Drop at every stop before finishing; still to do: %s.",
                        ", ".join(left.mapped("stop_id.location_id.display_name")),
                    )
                )
        self.write({"state": "done", "actual_return": fields.Datetime.now()})
        return True

    def action_cancel(self):
        """Cancel rounds that have not left; their transfers go back to wait for another round."""
        self._check_driver()
        if not self.env.su:
            # sudo: the state changes only through the actions; caller checked above, state below.
            return self.sudo().action_cancel()
        if self.filtered(lambda r: r.state in ("on_route", "done")):
            raise UserError(self.env._("A round that has left cannot be cancelled."))
        batches = self.batch_id
        self.picking_ids.write(
            {"milk_run_round_id": False, "milk_run_round_stop_id": False, "batch_id": False}
        )
        batches.filtered(lambda b: b.state not in ("done", "cancel")).action_cancel()
        self.round_stop_ids.unlink()
        self.write({"state": "cancelled"})
        return True

    def action_open_driver_screen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "industrial_logistics.milk_run_driver",
            "name": self.env._("Driver"),
            "params": {"round_id": self.id},
        }

    def _detach_cancelled_pickings(self, pickings):
        """Take cancelled transfers off their round's batch, with a note on both sides."""
        # sudo: whoever cancels a transfer takes it off its round (rounds and their stops are
        # read-only to storekeepers); only these cancelled transfers and their empty stops move.
        pickings = pickings.sudo()
        for round_ in pickings.milk_run_round_id:
            mine = pickings.filtered(lambda p, r=round_: p.milk_run_round_id == r)
            mine.write(
                {"milk_run_round_id": False, "milk_run_round_stop_id": False, "batch_id": False}
            )
            round_.message_post(
                body=self.env._(
                    "Transfer(s) %s cancelled: removed from the round and its batch.",
                    ", ".join(mine.mapped("name")),
                )
            )
            for picking in mine:
                picking.message_post(
                    body=self.env._(
                        "Cancelled while on milk-run round %s: removed from it.", round_.name
                    )
                )
            round_.round_stop_ids.filtered(
                lambda rs: not rs.picking_ids and rs.state != "done"
            ).unlink()

    @api.model
    def get_driver_rounds(self):
        """Rounds a driver can run now, for the handheld screen: those built or on route, then
        the next few planned ones."""
        rounds = self.search([("state", "in", ("loading", "on_route"))], order="planned_departure")
        rounds |= self.search([("state", "=", "planned")], order="planned_departure", limit=5)
        return [round_._driver_summary() for round_ in rounds]

    def _driver_summary(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "state_label": dict(self._fields["state"]._description_selection(self.env))[self.state],
            "planned_departure": format_datetime(
                self.env, self.planned_departure, dt_format="HH:mm"
            ),
            "containers": self.containers,
            "stop_count": len(self.round_stop_ids),
            "train_count": self._trains(),
        }

    def _trains(self):
        """Trains of the round: as built, else (planned) those of the circuit today."""
        self.ensure_one()
        return max(self.train_count if self.built_datetime else self.milk_run_id.vehicle_count, 1)

    def _train_summaries(self):
        """One entry per train of the round: its name, its stops, what it carries and what one
        train can carry (the round's capacity is that of all its trains; 0 = no limit)."""
        self.ensure_one()
        trains = self._trains()
        per_train = (
            self.capacity_containers / trains
            if self.built_datetime
            else self.milk_run_id.capacity_containers
        )
        summaries = []
        for number in range(1, trains + 1):
            stops = self.round_stop_ids.filtered(lambda rs, n=number: rs.train == n)
            summary = {
                "number": number,
                "name": self.env._("Train %(number)s of %(count)s", number=number, count=trains),
                "stop_count": len(stops),
                "trip_count": len(set(stops.mapped("trip"))),
                "containers": sum(stops.mapped("containers")),
                "capacity_containers": per_train,
            }
            summary["load_text"] = self._train_load_text(summary)
            summaries.append(summary)
        return summaries

    def _train_load_text(self, summary):
        """A train's line of the round sheet: one sentence, in the reader's language."""
        values = {
            "train": summary["name"],
            "containers": format_number(self.env, summary["containers"], max_digits=2),
            "stops": summary["stop_count"],
        }
        if not summary["capacity_containers"]:
            return self.env._(
                "%(train)s: %(containers)s containers (no limit), %(stops)s stop(s)", **values
            )
        return self.env._(
            "%(train)s: %(containers)s / %(capacity)s containers, %(stops)s stop(s)",
            capacity=format_number(self.env, summary["capacity_containers"], max_digits=2),
            **values,
        )

    def _return_planned_text(self):
        """The round sheet's return of a round not built yet: when it will be planned."""
        self.ensure_one()
        return self.env._(
            "Planned when the round is built, at the cut-off %(cutoff)s",
            cutoff=format_datetime(
                self.env,
                self.cutoff_datetime,
                tz=self.milk_run_id._timezone().zone,
                dt_format="HH:mm",
            ),
        )

    def get_driver_data(self, train=None):
        """Everything the driver screen shows for one round, stops in visiting order.

        A round of one train is that train's; on a round of several trains, ``train`` keeps only
        that train's stops and load, and without it the driver is asked to choose his train."""
        self.ensure_one()
        summary = self._driver_summary()
        summary["routing_message"] = self.routing_message or ""
        summary["trains"] = self._train_summaries()
        if self._trains() == 1:
            train = 1
        summary["train"] = train or False
        round_stops = self.round_stop_ids.filtered(lambda rs: not train or rs.train == train)
        summary["stops"] = [
            {
                "id": round_stop.id,
                "sequence": round_stop.sequence,
                "trip": round_stop.trip,
                "train": round_stop.train,
                "name": round_stop.stop_id.location_id.display_name,
                "barcode": round_stop.stop_id.location_id.barcode or "",
                "planned_arrival": format_datetime(
                    self.env, round_stop.planned_arrival, dt_format="HH:mm"
                ),
                "arrived": bool(round_stop.actual_arrival),
                "state": round_stop.state,
                "containers": round_stop.containers,
                "pickings": round_stop.picking_ids.mapped("name"),
                "drops": [
                    f"{drop['location']}: {drop['what']}"
                    + (
                        f" × {format_number(self.env, drop['quantity'])} {drop['uom']}"
                        if drop["quantity"]
                        else ""
                    )
                    for drop in round_stop._drops()
                ],
            }
            for round_stop in round_stops.sorted("sequence")
        ]
        return summary
