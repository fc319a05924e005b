"""Loopback stand-ins for the remote services rftkit talks to (never the real ones)."""
