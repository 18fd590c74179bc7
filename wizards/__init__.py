from . import logistics_kanban_sizing
