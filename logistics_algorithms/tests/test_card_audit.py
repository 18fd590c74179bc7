import pytest

from logistics_algorithms.card_audit import (
    FLAG_LOST,
    MARK_FULL,
    MISMATCH,
    NO_FIX,
    NOT_SEEN,
    OK,
    RECEIVE,
    REVIEW,
    SCAN,
    reconcile,
)


@pytest.mark.parametrize(
    ("state", "place", "replenishment", "expected"),
    [
        # not seen: suspected lost, unless already lost
        ("full", None, "arrived", (NOT_SEEN, FLAG_LOST)),
        ("replenishing", None, "under_way", (NOT_SEEN, FLAG_LOST)),
        ("lost", None, "none", (OK, NO_FIX)),
        # at the line on a full container
        ("full", "line", "arrived", (OK, NO_FIX)),
        ("replenishing", "line", "under_way", (MISMATCH, RECEIVE)),
        ("empty", "line", "ordering", (MISMATCH, REVIEW)),
        ("empty", "line", "none", (MISMATCH, MARK_FULL)),
        ("lost", "line", "arrived", (MISMATCH, MARK_FULL)),
        ("lost", "line", "under_way", (MISMATCH, RECEIVE)),
        # on its way back, in the supermarket or on the train
        ("replenishing", "supermarket", "under_way", (OK, NO_FIX)),
        ("empty", "train", "ordering", (OK, NO_FIX)),
        ("empty", "train", "none", (MISMATCH, SCAN)),
        ("full", "supermarket", "arrived", (MISMATCH, SCAN)),
        ("lost", "train", "under_way", (MISMATCH, SCAN)),
    ],
)
def test_reconcile(state, place, replenishment, expected):
    assert reconcile(state, place, replenishment) == expected


@pytest.mark.parametrize(
    ("state", "place", "replenishment"),
    [("retired", "line", "none"), ("full", "office", "none"), ("full", "line", "late")],
)
def test_unknown_codes_are_refused(state, place, replenishment):
    with pytest.raises(ValueError):
        reconcile(state, place, replenishment)
