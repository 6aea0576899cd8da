"""The lecture's example 17 for the `many` benchmark: one thread, a selector over the listening socket
and every client (non-blocking), per-client input and output buffers.

It does the same work as the library's echo server with `framing: 'length-prefix'`: it cuts the input
into length-prefixed messages (4-byte big-endian length, then the payload), refuses a message above
1 MiB (the library's default limit), and echoes each whole message with its prefix. Echoing raw bytes
as they come, as the lecture's version does, would skip the framing the library is measured doing.
Reads 64 KiB at a time (the lecture used 1 KiB) so both servers read as much per call as Node does, and
sets TCP_NODELAY on each client as the library does.

Usage: python3 selectors_echo_server.py [PORT]   prints "listening on 127.0.0.1 PORT"; stops on SIGTERM
"""
import selectors
import signal
import socket
import sys

MAX_MESSAGE_BYTES = 1024 * 1024

selector = selectors.DefaultSelector()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
server.listen(4096)
server.setblocking(False)
selector.register(server, selectors.EVENT_READ, data=None)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"listening on 127.0.0.1 {server.getsockname()[1]}", flush=True)


class Client:
    def __init__(self):
        self.incoming = bytearray()
        self.outgoing = bytearray()


def accept(listening):
    connection, _ = listening.accept()
    connection.setblocking(False)
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    selector.register(connection, selectors.EVENT_READ, data=Client())


def close(connection):
    selector.unregister(connection)
    connection.close()


def echo_whole_messages(client):
    """Move every complete message (prefix and payload) from the input to the output buffer."""
    incoming, start = client.incoming, 0
    while len(incoming) - start >= 4:
        length = int.from_bytes(incoming[start:start + 4], "big")
        if length > MAX_MESSAGE_BYTES:
            return False
        end = start + 4 + length
        if len(incoming) < end:
            break
        client.outgoing += incoming[start:end]
        start = end
    del incoming[:start]
    return True


def service(key, mask):
    connection, client = key.fileobj, key.data
    if mask & selectors.EVENT_READ:
        try:
            data = connection.recv(65536)
        except ConnectionError:
            data = b""
        if not data:
            close(connection)
            return
        client.incoming += data
        if not echo_whole_messages(client):
            close(connection)
            return
    if client.outgoing:
        try:
            sent = connection.send(client.outgoing)
        except BlockingIOError:
            sent = 0
        except ConnectionError:
            close(connection)
            return
        del client.outgoing[:sent]
    events = selectors.EVENT_READ | (selectors.EVENT_WRITE if client.outgoing else 0)
    if events != key.events:
        selector.modify(connection, events, data=client)


while True:
    for key, mask in selector.select():
        if key.data is None:
            accept(key.fileobj)
        else:
            service(key, mask)
