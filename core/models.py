"""core has no models of its own; this module makes Django send core its post_migrate signal
(core/signals.py protects the record tables after every migrate)."""
