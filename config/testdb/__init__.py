"""PostgreSQL backend for the test run (config.settings.test): see base.py."""
