"""Settings, split by environment: ``base`` (everything, read from the environment),
``dev`` (local development and the demo), ``test`` (the test suite) and ``production``."""
