"""Delivery channel plugins, one folder each (``transport.py``, ``tests/``); the registry they
register with is ``openvorgang.mailbox.delivery``."""
