"""The demo round set up so that its first drop empties one supermarket location (the driver
screen then asks to confirm it): shared by the ORM test and the tour."""


def empty_at_first_drop(case):
    """The demo round's first stop (WH-LINE1) takes the last units of one product from its
    supermarket location: its quant is cut to what the round reserves there."""
    milk_run = case.env.ref("industrial_logistics.demo_milk_run_lines")
    round_ = milk_run.round_ids.filtered(lambda r: r.state == "loading")
    case.assertEqual(len(round_), 1, "the demo builds one round")
    first = round_.round_stop_ids.filtered(lambda rs: rs.location_id.barcode == "WH-LINE1")
    first_lines = first.picking_ids.move_line_ids
    MoveLine = case.env["stock.move.line"]
    for line in first_lines:
        product, location = line.product_id, line.location_id
        reserving = MoveLine.search(
            [
                ("product_id", "=", product.id),
                ("location_id", "=", location.id),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        if reserving <= first_lines:  # no other transfer takes it from there
            break
    else:
        case.fail("no product of the first stop is picked by it alone")
    Quant = case.env["stock.quant"]
    book = Quant._get_available_quantity(product, location, allow_negative=True)
    # what is not reserved leaves the location: it holds exactly what the drop takes
    Quant._update_available_quantity(product, location, -book)
    return round_, product, location
