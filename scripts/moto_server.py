"""The moto server, with the cost of its DynamoDB transactions taken away,
and its tables' streams kept whole.

A DynamoDB transaction in moto first copies the whole table, every item and
every record its stream ever had, to put back if the transaction is
cancelled; it makes that copy once per item of the transaction, and moto's
dashboard keeps every object its models make, copies included, for good.
Memory grew with transactions times the table's size (past 11 GB in a
200-letter fault drill), and each transaction took longer as the table grew
(28 s for one of 100 items on a table of 2,000).

Here a transaction keeps instead a copy of the items it names, and how long
the stream was, and puts those back if it is cancelled: what a cancelled
transaction leaves is the same, at the cost of the items it touches. The
tests read only SES's messages from the dashboard, so DynamoDB's objects
are left out of it and freed when moto is done with them. So are Lambda's:
the dashboard cannot read a function without Docker, and fails whole.

A table's stream also keeps its records when a Lambda event source mapping
reads it. moto hands each new record to the mapping's function, which it
would run in Docker, and drops the stream's records whenever that call
returns anything, a failure included; on AWS a mapping is one reader of the
stream among others (the pipe is another), and the records stay. The deploy
rehearsal reads the stream itself and hands the records to the functions'
binaries as the mappings would.

Run as `python scripts/moto_server.py -H 127.0.0.1 -p PORT`, as moto_server.
"""

import copy
import sys
import threading

from moto.core.common_models import BaseModel
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import StreamShard, Table
from moto.server import main

_tracked_new = BaseModel.__new__


def _new(cls, *args, **kwargs):
    if cls.__module__.startswith(("moto.dynamodb", "moto.awslambda")):
        return object.__new__(cls)
    return _tracked_new(cls, *args, **kwargs)


BaseModel.__new__ = staticmethod(_new)

# Whether this thread is running a transaction, whose own copy of each table
# is then the table itself.
_in_transaction = threading.local()
_transact_write_items = DynamoDBBackend.transact_write_items
_table_deepcopy = getattr(Table, "__deepcopy__", None)


def _keys(table, op):
    """The key of the item a transaction's operation names."""
    attributes = op["Item"] if "Item" in op else op["Key"]
    hash_key = DynamoType(attributes[table.hash_key_attr])
    if table.range_key_attr is None:
        return hash_key, None
    return hash_key, DynamoType(attributes[table.range_key_attr])


def _put_back(table, hash_key, range_key, item):
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
    elif item is None:
        table.items[hash_key].pop(range_key, None)
    else:
        table.items[hash_key][range_key] = item


def _transact_with_undo(backend, transact_items):
    items, streams = [], {}
    for entry in transact_items:
        _, op = next(iter(entry.items()))
        table = backend.tables.get(op.get("TableName"))
        if table is None:
            continue
        try:
            hash_key, range_key = _keys(table, op)
            current = table.get_item(hash_key, range_key)
        except Exception:  # noqa: BLE001  a bad key: moto refuses the request
            continue
        items.append((table, hash_key, range_key, copy.deepcopy(current)))
        if table.stream_shard is not None:
            streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
    _in_transaction.running = True
    try:
        return _transact_write_items(backend, transact_items)
    except BaseException:
        for table, hash_key, range_key, item in reversed(items):
            _put_back(table, hash_key, range_key, item)
        for shard, length in streams.values():
            del shard.items[length:]
        raise
    finally:
        _in_transaction.running = False


def _deepcopy(table, memo):
    if getattr(_in_transaction, "running", False):
        return table
    # What copy.deepcopy does for an object with no __deepcopy__ of its own.
    return copy._reconstruct(table, memo, *table.__reduce_ex__(4))


_stream_add = StreamShard.add
_handing_off = threading.Lock()


def _add_keeping_records(shard, old, new):
    """moto's own record of a change, with the table's mappings out of sight."""
    table = shard.table
    with _handing_off:
        mappings, table.lambda_event_source_mappings = table.lambda_event_source_mappings, {}
        try:
            _stream_add(shard, old, new)
        finally:
            table.lambda_event_source_mappings = mappings


assert _table_deepcopy is None, "moto's Table copies itself now: check this wrapper"
DynamoDBBackend.transact_write_items = _transact_with_undo
Table.__deepcopy__ = _deepcopy
StreamShard.add = _add_keeping_records

if __name__ == "__main__":
    sys.exit(main())
