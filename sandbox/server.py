# This file is part of the MyCar partner platform.
"""What the sandbox's HTTP servers share: a threaded server on loopback,
the replies of their handlers, a free port for tests."""
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port():
    "A TCP port free on loopback now"
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Handler(BaseHTTPRequestHandler):
    "Replies of the sandbox servers"

    def reply_json(self, status, body):
        self.reply(status, json.dumps(body, ensure_ascii=False).encode(),
            'application/json')

    def reply(self, status, data, content_type, headers=None):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location):
        "See other: the browser goes on to location"
        self.send_response(303)
        self.send_header('Location', location)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, format, *args):
        pass


class ThreadedServer:
    "Serves handler (a request handler class) until stopped"

    def __init__(self, handler, host, port):
        self.server = ThreadingHTTPServer((host, port), handler)
        self.url = f'http://{host}:{self.server.server_address[1]}'
        # shutdown() waits for the loop's next poll: half a second by
        # default, at every stop of every test's servers
        self.thread = threading.Thread(target=self.server.serve_forever,
            kwargs={'poll_interval': 0.02}, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
