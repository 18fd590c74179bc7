from . import controllers, demo, models, reports, wizards
