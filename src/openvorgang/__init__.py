"""OpenVorgang: receive and process online applications (Anträge) of German authorities."""

__version__ = "0.1.0"
