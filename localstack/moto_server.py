"""moto's server, one request at a time.

moto's own entry point (`python -m moto.server`) serves requests on many threads, and its
DynamoDB backend does not lock: two concurrent conditional writes can both pass their condition.
Real DynamoDB applies each condition atomically, and Vivified's optimistic concurrency relies on
it, so the emulator serves requests serially instead. Usage: moto_server.py HOST PORT
"""

import copy
import sys
import types

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

# moto backs up a transaction by deep-copying the whole table once per item it writes, so a
# transaction costs time and memory in proportion to the table's size times its items (a table of
# a few thousand audit records made every append take seconds and the server grow by gigabytes).
# Instead, keep the previous state of just the items the transaction touches and put those back
# if it fails, which is what the table copies were for.
dynamodb_models.copy = types.SimpleNamespace(
    deepcopy=lambda value, memo=None: value if isinstance(value, Table) else copy.deepcopy(value, memo)
)
_transact_write_items = DynamoDBBackend.transact_write_items


def _key_of(backend, op):
    table = backend.tables[op["TableName"]]
    if "Key" in op:
        return op["Key"]
    item = op["Item"]
    key = {table.hash_key_attr: item[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = item[table.range_key_attr]
    return key


def transact_write_items(self, transact_items):
    before = []
    for entry in transact_items:
        op = next(iter(entry.values()), None)
        if not isinstance(op, dict) or op.get("TableName") not in self.tables:
            continue
        try:
            key = _key_of(self, op)
            current = self.get_item(op["TableName"], key)
        except Exception:
            continue  # an invalid key fails the transaction before anything is written for it
        before.append((op["TableName"], key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        for table_name, key, attributes in reversed(before):
            if attributes is None:
                self.delete_item(table_name, key)
            else:
                self.put_item(table_name, attributes)
        raise


DynamoDBBackend.transact_write_items = transact_write_items

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False)
