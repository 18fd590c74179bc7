"""The Odoo server and the database of the peak-shift load test (bench/load_peak.py): Odoo
started with workers on a loopback port, its memory and CPU sampled; the shop floor built once
in a template database that every run copies."""

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests


class Server:
    """Odoo with workers on a loopback port, its log in a file; memory and CPU sampled."""

    def __init__(self, args):
        self.log = Path(args.log)
        command = [
            sys.executable, str(Path(args.odoo_src) / "odoo-bin"), "-c", args.config,
            "-d", args.db, "--db-filter", f"^{args.db}$", "--workers", str(args.workers),
            "--max-cron-threads", "1", "--http-interface", "127.0.0.1",
            "--http-port", str(args.port), "--gevent-port", str(args.port + 20000),
            "--logfile", str(self.log),
        ]  # fmt: skip
        self.process = subprocess.Popen(command)
        self.url = f"http://127.0.0.1:{args.port}"
        for _attempt in range(120):
            try:
                if requests.get(f"{self.url}/web/health", timeout=10).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        self.stop()
        raise RuntimeError("Odoo did not start")

    def tree(self):
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def cpu_seconds(self):
        return sum(p.cpu_times().user + p.cpu_times().system for p in self.tree())

    def memory(self):
        """(RSS of the largest worker, total unique memory of the server) in MB."""
        rss, uss = [], 0
        for process in self.tree():
            info = process.memory_full_info()
            rss.append(info.rss)
            uss += info.uss
        return max(rss) / 2**20, uss / 2**20

    def log_errors(self):
        text = self.log.read_text(errors="replace")
        return sum(1 for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def database(name):
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(name)

    def env_in(cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    return registry, env_in


def prepare_database(args, load_plant):
    """The shop floor is built once in a template database (install with demo data, then
    bench/load_plant.py: minutes); every run copies it, so runs start from the same state."""
    import odoo

    template = f"{args.db}_template"
    plan_file = Path(args.log).with_name(f"{template}.json")
    listed = subprocess.run(["psql", "-lqt"], capture_output=True, text=True, check=True).stdout
    if args.fresh or template not in listed.split() or not plan_file.exists():
        subprocess.run(["dropdb", "--if-exists", template], check=True)
        subprocess.run(
            [sys.executable, str(Path(args.odoo_src) / "odoo-bin"), "-c", args.config,
             "-d", template, "-i", "industrial_logistics", "--stop-after-init", "--no-http",
             "--log-level=warn"],
            check=True,
        )  # fmt: skip
        registry, env_in = database(template)
        with registry.cursor() as cr:
            plan_file.write_text(json.dumps(load_plant.build(env_in(cr))))
        odoo.modules.registry.Registry.delete(template)
        odoo.sql_db.close_db(template)
    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    subprocess.run(["createdb", "-T", template, args.db], check=True)
    filestore = Path(odoo.tools.config.filestore(args.db))
    shutil.rmtree(filestore, ignore_errors=True)
    if Path(odoo.tools.config.filestore(template)).exists():
        shutil.copytree(odoo.tools.config.filestore(template), filestore)
    return json.loads(plan_file.read_text())
