"""The peer scenario for Locust: one URL with FastHttpUser (Locust's fastest client). By default each user sends
its next request when the last one answered, as wrk's connections do; with PEER_RATE_PER_USER=R each user sends R
requests per second (constant_throughput). The host comes from --host, the path from PEER_PATH."""
import os

from locust import FastHttpUser, constant, constant_throughput, task

RATE_PER_USER = float(os.environ.get("PEER_RATE_PER_USER", "0"))


class PeerUser(FastHttpUser):
    wait_time = constant_throughput(RATE_PER_USER) if RATE_PER_USER > 0 else constant(0)

    @task
    def get(self):
        self.client.get(os.environ.get("PEER_PATH", "/index.html"), name="get")
