from odoo.tests import TransactionCase, new_test_user


class TestSecurityAndMenus(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env, "il_operator", groups="industrial_logistics.group_logistics_operator"
        )
        cls.storekeeper = new_test_user(
            cls.env, "il_storekeeper", groups="industrial_logistics.group_logistics_storekeeper"
        )
        cls.manager = new_test_user(
            cls.env, "il_manager", groups="industrial_logistics.group_logistics_manager"
        )
        cls.root_menu = cls.env.ref("industrial_logistics.menu_logistics_root")

    def _visible_menu_xmlids(self, user):
        """Menus of the app whose groups let `user` in (sections without an
        action yet are hidden by the web client, so test the groups themselves)."""
        menus = (
            self.env["ir.ui.menu"]
            .with_context(**{"ir.ui.menu.full_list": True})
            .search([("id", "child_of", self.root_menu.id)])
        )
        user_groups = user.groups_id
        allowed = menus.filtered(lambda menu: not menu.groups_id or menu.groups_id & user_groups)
        return {xmlid for xmlids in allowed._get_external_ids().values() for xmlid in xmlids}

    def test_roles_imply_the_stock_rights_they_need(self):
        # An operator scans and declares through guarded methods: no Inventory right.
        self.assertFalse(self.operator.has_group("stock.group_stock_user"))
        self.assertFalse(self.operator.has_group("stock.group_stock_multi_locations"))
        self.assertFalse(self.operator.has_group("stock.group_stock_manager"))
        # A storekeeper counts quants and validates the round's transfers at the line.
        self.assertTrue(self.storekeeper.has_group("stock.group_stock_user"))
        self.assertTrue(self.storekeeper.has_group("stock.group_stock_multi_locations"))
        self.assertTrue(self.storekeeper.has_group("industrial_logistics.group_logistics_operator"))
        self.assertFalse(self.storekeeper.has_group("stock.group_stock_manager"))
        self.assertTrue(self.manager.has_group("industrial_logistics.group_logistics_storekeeper"))
        self.assertTrue(self.manager.has_group("stock.group_stock_manager"))
        self.assertTrue(self.manager.has_group("mrp.group_mrp_user"))

    def test_operator_sees_the_shop_floor_but_not_configuration_nor_kpis(self):
        visible = self._visible_menu_xmlids(self.operator)
        self.assertIn("industrial_logistics.menu_logistics_root", visible)
        self.assertIn("industrial_logistics.menu_logistics_shop_floor", visible)
        self.assertNotIn("industrial_logistics.menu_logistics_kpi", visible)
        self.assertNotIn("industrial_logistics.menu_logistics_configuration", visible)
        self.assertNotIn("industrial_logistics.menu_logistics_cycle_count", visible)

    def test_storekeeper_sees_counts_and_milk_runs_but_not_configuration(self):
        visible = self._visible_menu_xmlids(self.storekeeper)
        self.assertIn("industrial_logistics.menu_logistics_cycle_count", visible)
        self.assertIn("industrial_logistics.menu_logistics_milk_run", visible)
        self.assertNotIn("industrial_logistics.menu_logistics_configuration", visible)

    def test_manager_sees_every_section(self):
        visible = self._visible_menu_xmlids(self.manager)
        for section in ("shop_floor", "kanban", "milk_run", "cycle_count", "kpi", "configuration"):
            self.assertIn(f"industrial_logistics.menu_logistics_{section}", visible)

    def test_plain_inventory_user_does_not_see_the_app(self):
        user = new_test_user(self.env, "il_stock_user", groups="stock.group_stock_user")
        self.assertNotIn(
            "industrial_logistics.menu_logistics_root", self._visible_menu_xmlids(user)
        )

    def test_manager_reaches_the_app_through_its_configuration_menus(self):
        menus = (
            self.env["ir.ui.menu"]
            .with_user(self.manager)
            .search([("id", "child_of", self.root_menu.id)])
        )
        self.assertIn(self.env.ref("industrial_logistics.menu_logistics_locations"), menus)
        self.assertIn(self.root_menu, menus)
