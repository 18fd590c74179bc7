"""Reconcile one kanban card seen (or not) during a card audit with what the system says.

A card travels with a full container at the line; emptied, it goes to the collection box, the
supermarket or the train with its replenishment. So a card seen at the line should be full, a
card seen in the supermarket or on the train should be out for replenishment, and a card not
seen anywhere is suspected lost. The function returns codes only: the model writes the
sentences and applies the fix through the card's own actions.
"""

from __future__ import annotations

from typing import NamedTuple

# Where the auditor scanned the card: at the line, or on its way back (supermarket, train).
PLACES = ("line", "supermarket", "train")
CARD_STATES = ("full", "empty", "replenishing", "lost")
# Where the card's latest replenishment stands (logistics.kanban.card._replenishment_status).
REPLENISHMENT_STATUSES = ("under_way", "ordering", "arrived", "none")

# Results: the card is where its state says, it was not seen, or it was seen where its state
# says it cannot be.
OK, NOT_SEEN, MISMATCH = "ok", "not_seen", "mismatch"
# Fixes: none needed; flag it lost (as the lost-card cron does); scan it (the replenishment its
# empty container needs, or a lost card found on its way back); mark it full (a lost or emptied
# card found on a full container with nothing asked for); receive its replenishment (the
# container arrived at the line, its transfer is still open); review (no automatic fix: a
# request still waits for purchasing).
NO_FIX, FLAG_LOST, SCAN, MARK_FULL, RECEIVE, REVIEW = (
    "none",
    "flag_lost",
    "scan",
    "mark_full",
    "receive",
    "review",
)


class Reconciliation(NamedTuple):
    result: str
    fix: str


def reconcile(state: str, place: str | None, replenishment: str) -> Reconciliation:
    """What the audit concludes for one card in `state`, seen at `place` (None: not seen),
    whose latest replenishment is `replenishment`."""
    if state not in CARD_STATES:
        raise ValueError(f"unknown card state {state!r}")
    if place is not None and place not in PLACES:
        raise ValueError(f"unknown place {place!r}")
    if replenishment not in REPLENISHMENT_STATUSES:
        raise ValueError(f"unknown replenishment status {replenishment!r}")
    if place is None:
        return (
            Reconciliation(OK, NO_FIX) if state == "lost" else Reconciliation(NOT_SEEN, FLAG_LOST)
        )
    asked = replenishment in ("under_way", "ordering")
    if place == "line":
        if state == "full":
            return Reconciliation(OK, NO_FIX)
        if replenishment == "under_way":
            return Reconciliation(MISMATCH, RECEIVE)
        return Reconciliation(MISMATCH, REVIEW if asked else MARK_FULL)
    # In the supermarket or on the train: out for replenishment.
    if state == "replenishing" or (state == "empty" and asked):
        return Reconciliation(OK, NO_FIX)
    return Reconciliation(MISMATCH, SCAN)
