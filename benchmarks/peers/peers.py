#!/usr/bin/env python3
"""loadkit beside its peers, on one machine, interleaved, three times: the figures of the README's tables.

usage: benchmarks/peers/peers.py closed|open|stall|all [--seconds S] [--runs N] [--connections C] [--rate R]
                                 [--tools wrk,h2load,...]

  closed  the most each tool gets from one core: nginx (one worker) on core 0, the tool on core 1, C keep-alive
          connections, each sending its next request when the last one answered; requests/s, requests per
          CPU-second of the tool (user + sys, from /usr/bin/time), p99, peak RSS, and, from nginx's access log,
          the requests it served and how long after its launch each cold tool first served 90% of its steady rate
  open    requests started on schedule at R per second (default: 80% of loadkit's median in `closed`, else
          10,000/s), by the tools that have an open model: achieved rate, p99, CPU per request
  stall   a server that stalls the first second of every 5 (benchmarks/misbehaving/server.py stall), loaded at
          200 requests/s for 10 s: each tool's p50/p90/p99 beside the true ones, which the server logs itself
          (20% of the requests wait up to 1 s: the true p90 is about 0.5 s, the true p99 about 0.95 s)

Every run is bounded in time and goes to 127.0.0.1 only. Tools install from Debian (apt-get install -y wrk
nginx-light nghttp2-client apache2-utils python3-locust time) and Maven Central (Gatling, through the small
project in benchmarks/peers/gatling); loadkit-bench.jar comes from `mvn -B -q install -DskipTests`.
A missing tool is named and skipped. Prints Markdown: the machine, the date, the versions, then a table.
"""
import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "benchmarks" / "peers"
JAR = ROOT / "benchmarks" / "target" / "loadkit-bench.jar"
GATLING = PEERS / "gatling"
JAVA_OPENS = ["--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"]
TARGET_CORE, TOOL_CORE = "0", "1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Measured:
    """One run of one tool: what it printed and what /usr/bin/time saw."""

    def __init__(self, output, time_report, wall):
        self.output = output
        self.wall = wall
        self.cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", time_report).group(1)) + \
            float(re.search(r"System time \(seconds\): ([\d.]+)", time_report).group(1))
        self.rss_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_report).group(1)) / 1024


def measure(command, work, env=None, timeout=600):
    """Runs a tool pinned to the tool core under /usr/bin/time -v."""
    time_file = work / "time.txt"
    started = time.monotonic()
    completed = subprocess.run(["/usr/bin/time", "-v", "-o", str(time_file), "taskset", "-c", TOOL_CORE] + command,
                               cwd=work, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return Measured(completed.stdout, time_file.read_text(), time.monotonic() - started)


def number(pattern, text, default=None):
    found = re.findall(pattern, text)
    return float(found[-1].replace(",", "")) if found else default


def millis(text):
    """wrk's and loadkit's latencies: 1.23ms, 456.00us, 1.2s."""
    value = float(re.match(r"[\d.]+", text).group(0))
    if text.endswith("us"):
        return value / 1000
    if text.endswith("ms"):
        return value
    return value * 1000


# Each tool: how to run it for a scenario, and what it measured: (requests, seconds, cpu, p50, p90, p99) in ms.
class Tool:
    name = ""
    models = ("closed",)

    def available(self):
        return True

    def version(self):
        return ""


class Wrk(Tool):
    name = "wrk"

    def available(self):
        return shutil.which("wrk") is not None

    def version(self):
        return subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()

    def run(self, scenario, url, work, a):
        m = measure(["wrk", "-t1", f"-c{a.connections}", f"-d{a.seconds}s", "--latency", url], work)
        requests = number(r"(\d+) requests in", m.output)
        seconds = number(r"requests in ([\d.]+)s", m.output)
        p = {q: millis(re.search(rf"^\s+{q}%\s+(\S+)", m.output, re.M).group(1)) for q in ("50", "90", "99")}
        return m, requests, seconds, m.cpu, p["50"], p["90"], p["99"], "percentiles CO-corrected by wrk"


class H2load(Tool):
    name = "h2load"
    models = ("closed", "open")

    def available(self):
        return shutil.which("h2load") is not None

    def version(self):
        return subprocess.run(["h2load", "--version"], capture_output=True, text=True).stdout.strip()

    def run(self, scenario, url, work, a):
        command = ["h2load", "--h1", "-c", str(a.connections), "-D", str(a.seconds), url]
        if scenario == "open":
            command[2:2] = ["--rps", f"{a.rate / a.connections:.3f}"]
        m = measure(command, work)
        requests = number(r"requests: \d+ total, \d+ started, (\d+) done", m.output)
        seconds = number(r"finished in ([\d.]+)s", m.output)
        return m, requests, seconds, m.cpu, None, None, None, "no percentiles (mean only)"


class Ab(Tool):
    name = "ab"

    def available(self):
        return shutil.which("ab") is not None

    def version(self):
        return subprocess.run(["ab", "-V"], capture_output=True, text=True).stdout.split("\n")[0].strip()

    def run(self, scenario, url, work, a):
        # -n bounds its memory (it keeps every request's times); it stops at -t or -n, whichever comes first.
        m = measure(["ab", "-k", "-q", "-c", str(a.connections), "-t", str(a.seconds), "-n", "3000000", url], work)
        requests = number(r"Complete requests:\s+(\d+)", m.output)
        seconds = number(r"Time taken for tests:\s+([\d.]+)", m.output)
        p = {q: number(rf"(?m)^\s+{q}%\s+(\d+)", m.output) for q in ("50", "90", "99")}
        return m, requests, seconds, m.cpu, p["50"], p["90"], p["99"], "whole milliseconds"


class Locust(Tool):
    name = "locust"
    models = ("closed", "stall")

    def available(self):
        return shutil.which("locust") is not None

    def version(self):
        # Debian's locust prints no version of its own; its package says it.
        package = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-locust"], capture_output=True, text=True)
        return "Locust " + (package.stdout.strip() or "?")

    def run(self, scenario, url, work, a):
        host, path = re.match(r"(http://[^/]+)(/.*)", url).groups()
        users = a.connections if scenario == "closed" else 200
        env = {"PEER_PATH": path, "PEER_RATE_PER_USER": "1" if scenario == "stall" else "0"}
        m = measure(["locust", "-f", str(PEERS / "locustfile.py"), "--headless", "-u", str(users), "-r",
                     str(users), "-t", f"{a.seconds}s", "--host", host, "--csv", str(work / "locust"),
                     "--only-summary", "--loglevel", "WARNING"], work, env=env)
        rows = (work / "locust_stats.csv").read_text().splitlines()
        header = rows[0].split(",")
        aggregated = next(row.split(",") for row in rows[1:] if ",Aggregated," in row)
        value = dict(zip(header, aggregated))
        return (m, float(value["Request Count"]), float(a.seconds), m.cpu, float(value["50%"]), float(value["90%"]),
                float(value["99%"]), "FastHttpUser, one process")


class Gatling(Tool):
    name = "gatling"
    models = ("closed", "open", "stall")

    def __init__(self):
        self.classpath = None

    def available(self):
        return shutil.which("mvn") is not None and shutil.which("javac") is not None

    def prepare(self):
        if self.classpath:
            return
        target = GATLING / "target"
        classes = target / "classes"
        classpath_file = target / "classpath.txt"
        if not classpath_file.exists():
            subprocess.run(["mvn", "-B", "-q", "-f", str(GATLING / "pom.xml"), "dependency:build-classpath",
                            f"-Dmdep.outputFile={classpath_file}"], check=True)
        classes.mkdir(parents=True, exist_ok=True)
        libraries = classpath_file.read_text().strip()
        subprocess.run(["javac", "-d", str(classes), "-cp", libraries,
                        str(GATLING / "src/main/java/peers/PeerSimulation.java")], check=True)
        shutil.copy(GATLING / "src/main/resources/logback.xml", classes / "logback.xml")
        self.classpath = f"{classes}:{libraries}"

    def version(self):
        self.prepare()
        found = re.search(r"gatling-app-([\d.]+)\.jar", self.classpath)
        return "Gatling " + (found.group(1) if found else "?")

    def run(self, scenario, url, work, a):
        self.prepare()
        results = work / "gatling"
        shutil.rmtree(results, ignore_errors=True)
        settings = [f"-Durl={url}", f"-Dseconds={a.seconds}", f"-Dusers={a.connections}",
                    f"-Drate={a.rate if scenario != 'closed' else 0}", "-Dgatling.charting.indicators.percentile2=90"]
        java = ["java"] + JAVA_OPENS + ["-cp", self.classpath] + settings + ["io.gatling.app.Gatling"]
        # The run without its HTML report, measured; the report (its percentiles) after, unmeasured.
        m = measure(java + ["-s", "peers.PeerSimulation", "-nr", "-rf", str(results)], work)
        run_folder = next(results.iterdir()).name
        report = subprocess.run(["taskset", "-c", TOOL_CORE] + java + ["-ro", run_folder, "-rf", str(results)],
                                cwd=work, capture_output=True, text=True).stdout
        requests = number(r"> request count\s+\|\s+([\d,]+)", report)
        p = {q: number(rf"> response time {q}th percentile \(ms\)\s+\|\s+([\d,]+)", report) for q in ("50", "90", "99")}
        if scenario == "closed":
            return m, requests, float(a.seconds), m.cpu, p["50"], p["90"], p["99"], "Java DSL; cold JVM; whole ms"
        # An open model that falls behind sends its requests late, after the planned end: its rate is over the
        # process's whole time (its start, about 2 s, included), not over the planned seconds.
        return (m, requests, max(float(a.seconds), m.wall), m.cpu, p["50"], p["90"], p["99"],
                "Java DSL; cold JVM; whole ms; rate over its wall time")


class Loadkit(Tool):
    models = ("closed", "open", "stall")

    def __init__(self, warm):
        self.warm = warm
        self.name = "loadkit-warm" if warm else "loadkit-cold"

    def available(self):
        return JAR.exists()

    def version(self):
        return subprocess.run(["java", "-jar", str(JAR), "--version"], capture_output=True, text=True).stdout.strip() \
            + (" (warm)" if self.warm else " (cold)")

    def run(self, scenario, url, work, a):
        command = ["java", "-jar", str(JAR), "http", url, "-d", f"{a.seconds}s",
                   "--warm-up", "30s" if self.warm else "0s", "--json", str(work / "loadkit.json")]
        if scenario == "closed":
            command += ["-c", str(a.connections)]
        else:
            command += ["--rate", str(a.rate), "-c", "2000"]
        m = measure(command, work)
        requests = number(r"(\d+) requests in", m.output)
        seconds = number(r"requests in ([\d.]+)s", m.output)
        p50, p90, p99 = (millis(x) for x in re.search(r"p50 (\S+)\s+p90 (\S+)\s+p99 (\S+)", m.output).groups())
        # Warm: the CPU of the measured run, which the runner measures itself; cold: all of it, JVM start included.
        cpu = number(r"CPU of the measured run: ([\d.]+)s", m.output) if self.warm else m.cpu
        summary = json.loads((work / "loadkit.json").read_text())
        lag = summary.get("metrics", {}).get("generator_lag", {}).get("p99")
        note = "after 30 s unmeasured warm-up; CPU of the measured run" if self.warm else "JVM start inside the run"
        if lag is not None and scenario != "closed":
            note += f"; generator_lag p99 {lag:.3g} ms"
        return m, requests, seconds, cpu, p50, p90, p99, note


TOOLS = [Wrk(), H2load(), Ab(), Locust(), Gatling(), Loadkit(False), Loadkit(True)]


def nginx(work, port):
    (work / "index.html").write_text("hello, load\n")
    (work / "nginx.conf").write_text(f"""worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 8192; }}
http {{
  access_log {work}/access.log;
  keepalive_requests 100000000;
  server {{ listen 127.0.0.1:{port}; root {work}; }}
}}
""")
    return subprocess.Popen(["taskset", "-c", TARGET_CORE, "nginx", "-c", str(work / "nginx.conf"), "-p", str(work)])


def wait_for(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"error: nothing listens on 127.0.0.1:{port}")


def spread(values, digits=0):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    fmt = f"{{:,.{digits}f}}"
    median = fmt.format(statistics.median(values))
    return median if len(values) == 1 else f"{median} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def log_lines(log):
    if not log.exists():
        return []
    with open(log) as lines:
        return lines.readlines()


def warm_up_seconds(lines, launched):
    """Seconds from the tool's launch to the end of the first second in which nginx served 90% of the steady rate
    (the median second of the run's second half): the JVM's start, class loading and JIT included."""
    per_second = {}
    for line in lines:
        stamp = re.search(r"\[(\d+/\w+/\d+:\d+:\d+:\d+ [+-]\d{4})]", line)
        if stamp:
            second = int(datetime.strptime(stamp.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp())
            per_second[second] = per_second.get(second, 0) + 1
    if len(per_second) < 4:
        return None
    seconds = list(range(min(per_second), max(per_second)))  # the last second is cut by the run's end
    counts = [per_second.get(second, 0) for second in seconds]
    steady = statistics.median(counts[len(counts) // 2:])
    for second, count in zip(seconds, counts):
        if count >= 0.9 * steady:
            return second + 1 - launched
    return None


def run_scenario(scenario, tools, url, a, log=None):
    """Runs each tool in turn, a.runs times, interleaved; returns {tool: [row, ...]}. With nginx's access log, each
    row also has what nginx served and how long the tool took to reach 90% of its steady rate."""
    results = {tool.name: [] for tool in tools}
    for round_number in range(1, a.runs + 1):
        for tool in tools:
            with tempfile.TemporaryDirectory() as folder:
                before = len(log_lines(log)) if log else 0
                launched = time.time()
                try:
                    m, requests, seconds, cpu, p50, p90, p99, note = tool.run(scenario, url, Path(folder), a)
                    lines = log_lines(log)[before:] if log else None
                    served = len(lines) if log else None
                    warm = warm_up_seconds(lines, launched) if log and not getattr(tool, "warm", False) else None
                    results[tool.name].append(dict(rps=requests / seconds, per_cpu=requests / cpu if cpu else None,
                                                   p50=p50, p90=p90, p99=p99, rss=m.rss_mb, note=note,
                                                   requests=requests, served=served, warm_up=warm))
                except Exception as failure:  # a tool that failed is reported, the others go on
                    print(f"<!-- {tool.name}, run {round_number}: failed: {failure!r} -->", flush=True)
                    continue
                print(f"<!-- {tool.name}, run {round_number}: {requests:.0f} requests in {seconds:.1f}s, "
                      f"cpu {cpu:.1f}s, rss {m.rss_mb:.0f} MB"
                      + (f", nginx logged {served}" if served is not None else "") + " -->", flush=True)
    return results


def header(tools, a):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.split("\n")[0]
    nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    print(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}; "
          f"date {time.strftime('%Y-%m-%d')}; {java}; {nginx_version}")
    print("Versions: " + "; ".join(filter(None, (tool.version() for tool in tools))))
    print(f"Each tool pinned to core {TOOL_CORE}, the target to core {TARGET_CORE}; {a.runs} runs of {a.seconds} s "
          f"each, interleaved; median (min–max).")


def closed(a, tools):
    work = Path(tempfile.mkdtemp())
    port = free_port()
    server = nginx(work, port)
    try:
        wait_for(port)
        results = run_scenario("closed", [t for t in tools if "closed" in t.models],
                               f"http://127.0.0.1:{port}/index.html", a, log=work / "access.log")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n### Closed model: {a.connections} connections, {a.seconds} s, nginx (1 worker) on one core\n")
    print("| tool | requests/s | requests per CPU-second | p99 (ms) | peak RSS (MB) | counted by nginx "
          "| 90% of steady rate after (s) | notes |")
    print("|---|---|---|---|---|---|---|---|")
    for name, rows in results.items():
        if rows:
            agree = "all" if all(r["served"] is not None and r["served"] >= r["requests"] for r in rows) else \
                ", ".join(f"{r['served']:,}/{r['requests']:,.0f}" for r in rows)
            print(f"| {name} | {spread([r['rps'] for r in rows])} | {spread([r['per_cpu'] for r in rows])} | "
                  f"{spread([r['p99'] for r in rows], 2)} | {spread([r['rss'] for r in rows])} | {agree} | "
                  f"{spread([r['warm_up'] for r in rows], 1)} | {rows[0]['note']} |")
    return results


def open_model(a, tools):
    work = Path(tempfile.mkdtemp())
    port = free_port()
    server = nginx(work, port)
    try:
        wait_for(port)
        results = run_scenario("open", [t for t in tools if "open" in t.models],
                               f"http://127.0.0.1:{port}/index.html", a)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n### Open model: {a.rate:,.0f} requests/s for {a.seconds} s, nginx (1 worker) on one core\n")
    print("| tool | achieved rate (/s) | achieved / target | p99 (ms) | requests per CPU-second | notes |")
    print("|---|---|---|---|---|---|")
    for name, rows in results.items():
        if rows:
            print(f"| {name} | {spread([r['rps'] for r in rows])} | {spread([r['rps'] / a.rate for r in rows], 4)} | "
                  f"{spread([r['p99'] for r in rows], 2)} | {spread([r['per_cpu'] for r in rows])} | {rows[-1]['note']} |")


def stall(a, tools):
    a = argparse.Namespace(**{**vars(a), "rate": 200.0, "seconds": 10})
    truths = []
    results = {}
    for round_number in range(1, a.runs + 1):
        for tool in [t for t in tools if "stall" in t.models]:
            work = Path(tempfile.mkdtemp())
            port = free_port()
            log = work / "delays.txt"
            server = subprocess.Popen(["taskset", "-c", TARGET_CORE, sys.executable,
                                       str(ROOT / "benchmarks/misbehaving/server.py"), str(port), "stall", str(log)])
            try:
                wait_for(port)
                one = argparse.Namespace(**{**vars(a), "runs": 1})
                for name, rows in run_scenario("stall", [tool], f"http://127.0.0.1:{port}/", one).items():
                    results.setdefault(name, []).extend(rows)
            finally:
                server.terminate()
                server.wait()
            delays = sorted(float(line) * 1000 for line in log.read_text().split())
            if delays:
                truths.append({q: delays[min(len(delays) - 1, int(len(delays) * q / 100))] for q in (50, 90, 99)})
            shutil.rmtree(work, ignore_errors=True)
    print("\n### A server that stalls 1 s of every 5, at 200 requests/s for 10 s\n")
    print("| who | p50 (ms) | p90 (ms) | p99 (ms) | notes |")
    print("|---|---|---|---|---|")
    print(f"| the server's own log (truth) | {spread([t[50] for t in truths], 1)} | {spread([t[90] for t in truths], 1)} | "
          f"{spread([t[99] for t in truths], 1)} | from reading each request to answering it |")
    for name, rows in results.items():
        if rows:
            print(f"| {name} | {spread([r['p50'] for r in rows], 1)} | {spread([r['p90'] for r in rows], 1)} | "
                  f"{spread([r['p99'] for r in rows], 1)} | {rows[-1]['note']} |")


def main():
    parser = argparse.ArgumentParser(description="loadkit beside its peers (see the module's docstring)")
    parser.add_argument("scenario", choices=["closed", "open", "stall", "all"])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--tools", default=",".join(t.name for t in TOOLS))
    a = parser.parse_args()
    for needed in ("taskset", "nginx"):
        if not shutil.which(needed):
            sys.exit(f"error: {needed} is not installed: apt-get install -y util-linux nginx-light")
    if not Path("/usr/bin/time").exists():
        sys.exit("error: /usr/bin/time is not installed: apt-get install -y time")
    wanted = [name.strip() for name in a.tools.split(",")]
    tools = [t for t in TOOLS if t.name in wanted]
    for tool in tools:
        if not tool.available():
            print(f"<!-- {tool.name}: not installed, skipped -->")
    tools = [t for t in tools if t.available()]
    header(tools, a)
    closed_results = None
    if a.scenario in ("closed", "all"):
        closed_results = closed(a, tools)
    if a.scenario in ("open", "all"):
        if a.rate is None:
            warm = (closed_results or {}).get("loadkit-warm")
            a.rate = round(0.8 * statistics.median(r["rps"] for r in warm), -2) if warm else 10000.0
        open_model(a, tools)
    if a.scenario in ("stall", "all"):
        stall(a, tools)


if __name__ == "__main__":
    main()
