#!/usr/bin/env python3
"""A loopback HTTP/1.1 server that misbehaves, for checking a load generator by hand.

usage: server.py PORT huge|never
  huge   answers every request with a 200 MB chunked body (64 KB chunks)
  never  reads each request and never answers
"""
import socket
import sys
import threading

port, mode = int(sys.argv[1]), sys.argv[2]
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
