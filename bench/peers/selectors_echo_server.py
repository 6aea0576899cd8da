"""The lecture's example 17 for the `many` benchmark: one thread, a selector over the listening socket
and every client (non-blocking), per-client output buffers, echo of whatever each client sends.
Reads 64 KiB at a time (the lecture used 1 KiB) so both servers read as much per call as Node does.

Usage: python3 selectors_echo_server.py [PORT]   prints "listening on 127.0.0.1 PORT"; stops on SIGTERM
"""
import selectors
import signal
import socket
import sys

selector = selectors.DefaultSelector()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
server.listen(4096)
server.setblocking(False)
selector.register(server, selectors.EVENT_READ, data=None)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"listening on 127.0.0.1 {server.getsockname()[1]}", flush=True)


def accept(listening):
    connection, _ = listening.accept()
    connection.setblocking(False)
    selector.register(connection, selectors.EVENT_READ, data=bytearray())


def service(key, mask):
    connection, outgoing = key.fileobj, key.data
    if mask & selectors.EVENT_READ:
        try:
            data = connection.recv(65536)
        except ConnectionError:
            data = b""
        if not data:
            selector.unregister(connection)
            connection.close()
            return
        outgoing += data
    if outgoing:
        try:
            sent = connection.send(outgoing)
        except BlockingIOError:
            sent = 0
        del outgoing[:sent]
    events = selectors.EVENT_READ | (selectors.EVENT_WRITE if outgoing else 0)
    if events != key.events:
        selector.modify(connection, events, data=outgoing)


while True:
    for key, mask in selector.select():
        if key.data is None:
            accept(key.fileobj)
        else:
            service(key, mask)
