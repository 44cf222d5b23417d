"""moto's server, one request at a time.

moto's own entry point (`python -m moto.server`) serves requests on many threads, and its
DynamoDB backend does not lock: two concurrent conditional writes can both pass their condition.
Real DynamoDB applies each condition atomically, and Vivified's optimistic concurrency relies on
it, so the emulator serves requests serially instead. Usage: moto_server.py HOST PORT
"""

import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False)
