"""The moto server, with three costs of its DynamoDB transactions taken away.

A DynamoDB transaction in moto first snapshots the whole table, every item
and every record its stream ever had, to put back if the transaction is
cancelled. Three things made that grow past what a fault drill can run:

- moto records every object its models ever make, for its dashboard
  (`/moto-api/data.json`), and never lets one go, so each snapshot stayed:
  memory grew with transactions times the table's size, past 11 GB in a
  200-letter drill. The tests read only SES's messages from the dashboard,
  so DynamoDB's objects are made untracked and freed when moto is done.
- copying the stream's records took three quarters of moto's time in that
  drill (py-spy). A record never changes once written, so a snapshot shares
  it: what a cancelled transaction puts back is the same.
- the table was copied again for each item of the transaction, all before
  any is written: the aggregator's transactions of 100 items made 100
  identical copies, and ran past its 10-second timeout on a table of 100
  letters. One copy per table per transaction puts back the same.

Run as `python scripts/moto_server.py -H 127.0.0.1 -p PORT`, as moto_server.
"""

import copy
import sys
import threading

from moto.core.common_models import BaseModel
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import StreamRecord, Table
from moto.server import main

_tracked_new = BaseModel.__new__


def _new(cls, *args, **kwargs):
    if cls.__module__.startswith("moto.dynamodb"):
        return object.__new__(cls)
    return _tracked_new(cls, *args, **kwargs)


BaseModel.__new__ = staticmethod(_new)
StreamRecord.__deepcopy__ = lambda record, _memo: record

# The snapshots taken in the transaction this thread is running, by table.
_transaction = threading.local()
_transact_write_items = DynamoDBBackend.transact_write_items


def _transact_once(backend, transact_items):
    _transaction.snapshots = {}
    try:
        return _transact_write_items(backend, transact_items)
    finally:
        _transaction.snapshots = None


def _snapshot(table, memo):
    def copied():
        # What copy.deepcopy does for an object with no __deepcopy__.
        return copy._reconstruct(table, memo, *table.__reduce_ex__(4))

    snapshots = getattr(_transaction, "snapshots", None)
    if snapshots is None:
        return copied()
    if id(table) not in snapshots:
        snapshots[id(table)] = copied()
    return snapshots[id(table)]


DynamoDBBackend.transact_write_items = _transact_once
Table.__deepcopy__ = _snapshot

if __name__ == "__main__":
    sys.exit(main())
