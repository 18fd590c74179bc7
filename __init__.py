from . import models

# isort: split
from . import reports
