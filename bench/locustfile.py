"""Mixed workload for the load test (bench/load_test.py starts gunicorn and runs this headless).

Simulated users, weighted like an office on a working day:
- inspectors list issues and record new drafts;
- liaisons list their unit's issues and post progress entries with a small PDF as evidence;
- supervisors read the review queue and close out issues waiting for review (each id once);
- leaders read the dashboard figures.
Every successful write is counted in a file so the test can check nothing was lost.
"""

from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "xuncha-demo")
WORK = json.loads(Path(os.environ["LOAD_WORK_FILE"]).read_text())
WRITES_FILE = Path(os.environ["LOAD_WRITES_FILE"])
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

_lock = threading.Lock()
_writes = {"issues_created": 0, "progress_created": 0, "issues_closed": 0}
_close_queue = list(WORK["pending_review"])


def count(kind: str) -> None:
    with _lock:
        _writes[kind] += 1


@events.quitting.add_listener
def save_counts(environment, **kwargs):
    WRITES_FILE.write_text(json.dumps(_writes))


class ApiUser(HttpUser):
    abstract = True
    username = ""
    wait_time = between(0.5, 2)

    def on_start(self):
        response = self.client.post("/api/v1/auth/token/", json={"username": self.username, "password": PASSWORD})
        response.raise_for_status()
        self.client.headers["Authorization"] = f"Token {response.json()['token']}"


class Inspector(ApiUser):
    weight = 20
    username = "inspector"

    @task(4)
    def list_issues(self):
        self.client.get("/api/v1/issues/?page_size=50", name="/api/v1/issues/ [list]")

    @task(1)
    def record_draft(self):
        body = {
            "assignment": WORK["inspector_assignment"],
            "category": random.choice(WORK["categories"]),
            "title": "压测登记的问题",
            "facts": "负载测试",
            "how_found": "talk",
            "nature": "individual",
        }
        with self.client.post("/api/v1/issues/", json=body, name="/api/v1/issues/ [create]", catch_response=True) as r:
            if r.status_code == 201:
                count("issues_created")
            else:
                r.failure(f"{r.status_code} {r.text[:200]}")


class Liaison(ApiUser):
    weight = 15
    username = "liaison"

    @task(3)
    def list_issues(self):
        self.client.get("/api/v1/issues/?status=rectifying", name="/api/v1/issues/ [liaison]")

    @task(1)
    def post_progress(self):
        data = {"issue": random.choice(WORK["liaison_rectifying"]), "date": WORK["today"], "text": "压测整改进展"}
        files = {"files": ("证明.pdf", PDF, "application/pdf")}
        with self.client.post(
            "/api/v1/progress/", data=data, files=files, name="/api/v1/progress/ [create]", catch_response=True
        ) as r:
            if r.status_code == 201:
                count("progress_created")
            else:
                r.failure(f"{r.status_code} {r.text[:200]}")


class Supervisor(ApiUser):
    weight = 10
    username = "supervisor"

    @task(3)
    def review_queue(self):
        self.client.get("/api/v1/issues/?status=pending_review&ordering=id", name="/api/v1/issues/ [queue]")

    @task(1)
    def close_out(self):
        with _lock:
            issue_id = _close_queue.pop() if _close_queue else None
        if issue_id is None:
            return
        body = {"comment": "压测销号", "corrected": 1}
        with self.client.post(
            f"/api/v1/issues/{issue_id}/close/", json=body, name="/api/v1/issues/{id}/close/", catch_response=True
        ) as r:
            if r.status_code == 200:
                count("issues_closed")
            else:
                r.failure(f"{r.status_code} {r.text[:200]}")


class Leader(ApiUser):
    weight = 5
    username = "leader"

    @task
    def dashboard(self):
        self.client.get(f"/api/v1/stats/summary/?office={WORK['city_office']}", name="/api/v1/stats/summary/")
