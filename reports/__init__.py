from . import logistics_count_accuracy_report
