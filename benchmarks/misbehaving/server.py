#!/usr/bin/env python3
"""A loopback HTTP/1.1 server that misbehaves, for checking a load generator by hand.

usage: server.py PORT huge|never|stall [LOG]
  huge   answers every request with a 200 MB chunked body (64 KB chunks)
  never  reads each request and never answers
  stall  answers at once, except in the first second of every 5 (from its start): a request that arrives then
         is answered when that second ends. With LOG, it appends one line per request on SIGTERM: the seconds
         from reading it to answering it, the truth that a load generator's percentiles are checked against.
"""
import signal
import socket
import sys
import threading
import time

port, mode = int(sys.argv[1]), sys.argv[2]
log_path = sys.argv[3] if len(sys.argv) > 3 else None
started = time.monotonic()
delays = []


def write_log(*_):
    if log_path:
        with open(log_path, "w") as log:
            log.writelines(f"{delay:.6f}\n" for delay in list(delays))
    sys.exit(0)


signal.signal(signal.SIGTERM, write_log)
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(100)


def serve(connection):
    try:
        while True:
            head = b""
            while b"\r\n\r\n" not in head:
                data = connection.recv(4096)
                if not data:
                    return
                head += data
            if mode == "never":
                threading.Event().wait()
                return
            if mode == "stall":
                arrived = time.monotonic()
                into_cycle = (arrived - started) % 5
                if into_cycle < 1:
                    time.sleep(1 - into_cycle)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
                delays.append(time.monotonic() - arrived)
                continue
            connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
            for _ in range(3200):
                connection.sendall(chunk)
            connection.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    finally:
        connection.close()


while True:
    accepted, _ = listener.accept()
    threading.Thread(target=serve, args=(accepted,), daemon=True).start()
