"""DMS and specialist-system connector plugins, one folder each (``transport.py``,
``tests/``); the registry they register with is ``openvorgang.records.registry``. A transport
sends the export's stored package and reports through ``records.services``."""
