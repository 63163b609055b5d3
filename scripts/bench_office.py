#!/usr/bin/env python3
"""Back-office benchmark, driven by scripts/bench-office.sh (which builds and installs).

1. Pages under 200 concurrent loopback clients (wrk, 2 threads): the login page (no
   session, no database: the reference) and signed-in pages that read the master
   database. Several runs each, interleaved; medians of requests/s and p99 latency.
2. CC file landing in the inbox -> accountant's mail accepted by a real SMTP server
   (aiosmtpd on loopback): one CP is integrated first, then each CC is published the
   way the spec says (temporary name, rename) and timed until the sink has the mail.

Usage: bench_office.py SERVER_BINARY DATA_DIR SINK_SCRIPT [--runs N] [--seconds S] [--mails M]
Prints Markdown.
"""
import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ADMIN_PASSWORD = "bench-admin-password-1"
NEW_PASSWORD = "bench-admin-password-2"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid():
    value = (int(time.time() * 1000) << 80) | random.getrandbits(80)
    return "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"port {port} never opened")


class Browser:
    """Just enough of a browser: cookies, forms with their CSRF token."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path) as response:
            return response.geturl(), response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data) as response:
            return response.geturl(), response.read().decode()

    def cookie(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def csrf(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def sign_in_admin(base):
    browser = Browser(base)

    def log_in(password):
        # The login form's token matches a cookie set with the page.
        _, form = browser.get("/office/login")
        return browser.post("/office/login", {"csrf": csrf(form), "login": "admin", "password": password})

    url, page = log_in(ADMIN_PASSWORD)
    if url.endswith("/office/password"):
        browser.post("/office/password", {"csrf": csrf(page), "old": ADMIN_PASSWORD, "new": NEW_PASSWORD})
        url, page = log_in(NEW_PASSWORD)
    assert url.endswith("/office"), url
    return browser


def wrk(url, cookie, seconds):
    command = ["wrk", "-t2", "-c200", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return rps, float(p99.group(1)) * factor, int(errors.group(1)) if errors else 0, socket_errors.group(1) if socket_errors else ""


def publish(inbox, user, kind, payload):
    change_id = ulid()
    envelope = {
        "spec": 1,
        "type": kind,
        "change_id": change_id,
        "user": user,
        "device": "PC-BENCH",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        "payload": payload,
    }
    folder = os.path.join(inbox, user)
    os.makedirs(folder, exist_ok=True)
    name = f"{kind}_{user}_{change_id}.json"
    temporary = os.path.join(folder, f".{name}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(envelope, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.rename(temporary, os.path.join(folder, name))
    return change_id


def conversion_fields(name):
    return {
        "c_fam_client": "TRAN", "c_sfam_client": "PL", "nom_client": name,
        "adr1_fac": "12 rue des Acacias", "dep_fac": "69", "bur_dis_fac": "003", "ville_fac": "Lyon",
        "c_agence": "LYON", "c_rep": "JD01", "c_pays": "FR", "tel_1": "04 78 98 76 54",
        "contact_divers_2": "73282932000074", "c_per": "M", "c_catc": "TRANS", "c_mod_rgl_1": "VI",
        "nb_jour_1": "30", "type_edition_fac": "P",
    }


def wait(what, check, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.005)
    raise SystemExit(f"timed out waiting for {what}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("data")
    parser.add_argument("sink")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--mails", type=int, default=20)
    args = parser.parse_args()

    database = os.path.join(args.data, "tournee.sqlite")
    sink_port, office_port = free_port(), free_port()
    sink_dir = tempfile.mkdtemp(prefix="tournee-bench-smtp-")
    sink = subprocess.Popen([sys.executable, args.sink, str(sink_port), sink_dir], stdout=subprocess.PIPE, text=True)
    assert sink.stdout.readline().strip() == "ready"
    base = f"http://127.0.0.1:{office_port}"
    with sqlite3.connect(database) as conn:
        settings = {
            "smtp": {"host": "127.0.0.1", "port": sink_port, "username": None, "password": None,
                     "tls": "none", "sender": "tournee@pneus-tournee.fr"},
            "back_office_url": base,
        }
        for key, value in settings.items():
            conn.execute("INSERT INTO parameter (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         (key, json.dumps(value)))
    server = subprocess.Popen([args.server, "run", "--listen", f"127.0.0.1:{office_port}", "--data", args.data],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
    try:
        wait_port(office_port)
        admin = sign_in_admin(base)
        cookie = admin.cookie()

        # CC -> mail latency (before the load runs, on a quiet server).
        inbox = os.path.join(args.data, "inbox")
        prospect = ulid()
        publish(inbox, "jdupont", "CP", {"prospect_id": prospect, "fields": {"nom_client": "Bench prospect"}, "contacts": []})
        with sqlite3.connect(database) as conn:
            wait("the CP", lambda: conn.execute("SELECT count(*) FROM prospect WHERE prospect_id = ?", (prospect,)).fetchone()[0])
        latencies = []
        manifest = os.path.join(args.data, "snapshots", "jdupont", "manifest.json")

        def generation():
            with open(manifest, encoding="utf-8") as handle:
                return json.load(handle)["generation"]
        for index in range(args.mails):
            prospect = ulid()
            published = generation()
            publish(inbox, "jdupont", "CP", {"prospect_id": prospect, "fields": {"nom_client": f"Bench {index}"}, "contacts": []})
            # The CP's pass ends with the rep's new snapshot: time the CC on an idle automaton.
            wait("the CP's snapshot", lambda: generation() != published, timeout=120)
            time.sleep(0.2)
            before = set(os.listdir(sink_dir))
            landed = time.time()
            publish(inbox, "jdupont", "CC", {"prospect_id": prospect, "fields": conversion_fields(f"Bench {index}"), "signature": None})

            def arrived():
                for name in set(os.listdir(sink_dir)) - before:
                    if name.endswith(".json"):
                        with open(os.path.join(sink_dir, name), encoding="utf-8") as handle:
                            record = json.load(handle)
                        if record["subject"] == f"[Création Client] Bench {index}":
                            return record["received_at"]
                return None
            latencies.append((wait("the accountant mail", arrived) - landed) * 1000)

        pages = [
            ("/office/login", "", "login page (no session, no database): reference"),
            ("/office/creations", cookie, "pending creations (session + master query)"),
            ("/office/admin/integrations", cookie, "integration monitor (session + ledger + folders)"),
        ]
        results = {path: [] for path, _, _ in pages}
        for _ in range(args.runs):
            for path, page_cookie, _ in pages:
                results[path].append(wrk(base + path, page_cookie, args.seconds))
        reference = statistics.median(r[0] for r in results["/office/login"])
        print(f"| page | req/s (median of {args.runs}) | ratio to login page | p99 latency ms (median) | non-2xx | socket errors |")
        print("|---|---|---|---|---|---|")
        for path, _, label in pages:
            runs = results[path]
            rps = statistics.median(r[0] for r in runs)
            p99 = statistics.median(r[1] for r in runs)
            errors = sum(r[2] for r in runs)
            sockets = "; ".join(r[3] for r in runs if r[3]) or "none"
            print(f"| `{path}` {label} | {rps:,.0f} | {rps / reference:.2f} | {p99:.1f} | {errors} | {sockets} |")
        print()
        latencies.sort()
        p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
        print(f"CC file renamed into the inbox -> accountant mail accepted by the SMTP sink, {len(latencies)} files: "
              f"median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms")
    finally:
        server.terminate()
        server.wait()
        sink.terminate()


if __name__ == "__main__":
    main()
