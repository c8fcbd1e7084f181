"""Small typed helpers shared by the apps. Nothing in here knows about the domain models."""
