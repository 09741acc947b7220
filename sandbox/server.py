# This file is part of the MyCar partner platform.
"""What the sandbox's HTTP servers share: a threaded server on loopback."""
import threading
from http.server import ThreadingHTTPServer


class ThreadedServer:
    "Serves handler (a request handler class) until stopped"

    def __init__(self, handler, host, port):
        self.server = ThreadingHTTPServer((host, port), handler)
        self.url = f'http://{host}:{self.server.server_address[1]}'
        self.thread = threading.Thread(
            target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
