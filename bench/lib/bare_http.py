#!/usr/bin/env python3
"""The least an HTTP server can do with an image, as a ceiling for Stackbox's transfers measured by the same curl.

`bare_http.py send FILE PORT` answers every GET with FILE, sent by the kernel (sendfile), nothing else.
`bare_http.py discard PORT` reads every request body and throws it away (no hashing, no disk).
Both serve one connection at a time until killed.
"""
import os
import socket
import sys


def listen(port):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(8)
    return server


def read_head(connection):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = connection.recv(65536)
        if not chunk:
            return None, b""
        head += chunk
    end = head.index(b"\r\n\r\n") + 4
    return head[:end].decode("latin-1"), head[end:]


def serve(port, handle):
    server = listen(port)
    while True:
        connection, _ = server.accept()
        with connection:
            head, rest = read_head(connection)
            if head is not None:
                handle(connection, head, rest)


def send(path, port):
    size = os.path.getsize(path)

    def handle(connection, head, rest):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                               b"Content-Length: %d\r\nConnection: close\r\n\r\n" % size)
        with open(path, "rb") as data:
            offset = 0
            while offset < size:
                offset += os.sendfile(connection.fileno(), data.fileno(), offset, size - offset)

    serve(port, handle)


def discard(port):
    buffer = bytearray(1 << 20)

    def handle(connection, head, rest):
        length = 0
        for line in head.split("\r\n"):
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
            if line.lower().startswith("expect:"):
                connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        remaining = length - len(rest)
        while remaining > 0:
            count = connection.recv_into(buffer, min(len(buffer), remaining))
            if not count:
                break
            remaining -= count
        connection.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")

    serve(port, handle)


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]))
    else:
        discard(int(sys.argv[2]))
