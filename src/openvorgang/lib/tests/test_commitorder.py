"""The horizon's arithmetic: 32-bit ids of running transactions against the reader's
64-bit id, across an epoch boundary."""

from __future__ import annotations

from openvorgang.lib.commitorder import _older


def test_older_transactions_are_widened_with_the_right_epoch():
    own = (3 << 32) | 100
    assert _older(90, own) == (3 << 32) | 90
    assert _older(0xFFFFFFF0, own) == (2 << 32) | 0xFFFFFFF0  # before the epoch turned


def test_newer_transactions_and_the_reader_itself_do_not_count():
    own = (3 << 32) | 100
    assert _older(100, own) is None
    assert _older(150, own) is None
    assert _older(0x7FFFFFFF, own) is None
